-- Every service reference a workout is known by. A workout imported from a service's account
-- export keeps where its recording came from in workout.source_service / source_id (0007); the
-- same activity met again in another service's export (a watch's FIT via Garmin Connect and via
-- Strava, a Strava manual entry of a run the watch recorded) is linked here instead of being
-- stored twice, so a second import of either export finds it and adds nothing. The workout's
-- own reference is here too: dedup by reference reads this table only.
--
-- From this migration on, workout.content_hash is the hash of the file's content once
-- decompressed (a gzip of a FIT hashes as the FIT); workouts stored before keep the hash of the
-- bytes as they were uploaded, which the importer also looks up (see crates/db/src/links.rs).
-- Mirrors migrations/postgres/0010_workout_links.sql.

CREATE TABLE workout_source (
    account_id  INTEGER  NOT NULL REFERENCES account (account_id) ON DELETE CASCADE,
    -- The service's name (`Strava`, `Polar Flow`, ...) and its own id for the activity.
    service     TEXT    NOT NULL,
    source_id   TEXT    NOT NULL,
    workout_id  INTEGER  NOT NULL REFERENCES workout (workout_id) ON DELETE CASCADE,
    created_at  INTEGER  NOT NULL,
    PRIMARY KEY (account_id, service, source_id)
);
CREATE INDEX workout_source_workout_idx ON workout_source (workout_id);

INSERT INTO workout_source (account_id, service, source_id, workout_id, created_at)
SELECT account_id, source_service, source_id, workout_id, created_at FROM workout
WHERE source_service IS NOT NULL AND source_id IS NOT NULL;
