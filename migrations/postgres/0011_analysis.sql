-- What each workout's recording answers: its best efforts over distances, its mean-max power,
-- pace and heart-rate curves, and what its training load is computed from. Computed at import
-- (and for older workouts by the start-up backfill, which looks for rows below the current
-- `version`), replaced when the workout's sport changes, gone with the workout.
-- Mirrors migrations/sqlite/0011_analysis.sql.

CREATE TABLE workout_analysis (
    workout_id       BIGINT PRIMARY KEY REFERENCES workout (workout_id) ON DELETE CASCADE,
    account_id       BIGINT  NOT NULL REFERENCES account (account_id) ON DELETE CASCADE,
    -- The analysis code's version that wrote the row; a newer one recomputes older rows.
    version          INTEGER NOT NULL,
    -- Treadmill, trainer or virtual: its efforts are kept but left out of records by default.
    indoor           BOOLEAN NOT NULL,
    -- Distance samples dropped as impossible for the sport (GPS spikes).
    dropped_samples  BIGINT  NOT NULL,
    -- The efforts, curves and load inputs, encoded by the workouts service (versioned).
    data             BYTEA   NOT NULL
);
-- Records, curves and fitness read every analysed workout of one account.
CREATE INDEX workout_analysis_account_idx ON workout_analysis (account_id);

-- What training load is computed from: the athlete's FTP (watts; NULL: unknown, so heart rate
-- is used) and whose TRIMP coefficients (`men` or `women`).
ALTER TABLE account_preferences ADD COLUMN ftp_w BIGINT;
ALTER TABLE account_preferences ADD COLUMN trimp TEXT NOT NULL DEFAULT 'men' CHECK (trimp IN ('men', 'women'));
