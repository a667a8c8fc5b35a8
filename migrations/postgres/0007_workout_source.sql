-- Where a workout imported from another service's account export came from: the service's
-- name and its own id for the activity. A second import of the same export adds nothing,
-- even for an entry without a file (a manual entry) or a file the service wrote again with
-- other bytes. Only the first workout of a file carries them (one service id, one workout).
-- Mirrors migrations/sqlite/0007_workout_source.sql.

ALTER TABLE workout ADD COLUMN source_service TEXT;
ALTER TABLE workout ADD COLUMN source_id TEXT;
-- NULLs are distinct in a unique index on both backends: workouts from plain files never meet.
CREATE UNIQUE INDEX workout_source_unique ON workout (account_id, source_service, source_id);
