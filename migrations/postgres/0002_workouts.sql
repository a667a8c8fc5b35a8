-- Workouts: a summary row each, device laps, the recording blob and the original upload.
-- Mirrors migrations/sqlite/0002_workouts.sql.

CREATE TABLE workout (
    workout_id      BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id      BIGINT  NOT NULL REFERENCES account (account_id) ON DELETE CASCADE,
    title           TEXT    NOT NULL,
    -- Stable lower-case sport name (`running`, `cycling`, ...).
    sport           TEXT    NOT NULL,
    -- UTC instant of the start and end (unix ms), and the offset at the start.
    start_at        BIGINT  NOT NULL,
    end_at          BIGINT  NOT NULL,
    utc_offset_min  BIGINT  NOT NULL,
    -- IANA zone when known (from the start position or the user's settings).
    time_zone       TEXT,
    -- Local calendar day of the start (days since 1970-01-01), for calendar queries.
    local_day       BIGINT  NOT NULL,
    elapsed_ms      BIGINT  NOT NULL,
    moving_ms       BIGINT  NOT NULL,
    distance_m      DOUBLE PRECISION,
    calories        BIGINT,
    avg_hr          BIGINT,
    max_hr          BIGINT,
    avg_speed       DOUBLE PRECISION,
    max_speed       DOUBLE PRECISION,
    avg_cadence     BIGINT,
    avg_power       BIGINT,
    max_power       BIGINT,
    ascent_m        DOUBLE PRECISION,
    descent_m       DOUBLE PRECISION,
    has_gps         BOOLEAN NOT NULL,
    sample_count    BIGINT  NOT NULL,
    device          TEXT,
    source_format   TEXT    NOT NULL,
    source_name     TEXT    NOT NULL,
    -- BLAKE2b-256 of the uploaded bytes (hex) and which activity of the file this is.
    content_hash    TEXT    NOT NULL,
    part            BIGINT  NOT NULL,
    notes           TEXT    NOT NULL DEFAULT '',
    created_at      BIGINT  NOT NULL,
    CONSTRAINT workout_content_unique UNIQUE (account_id, content_hash, part)
);
CREATE INDEX workout_account_day_idx ON workout (account_id, local_day);
CREATE INDEX workout_account_start_idx ON workout (account_id, start_at);

CREATE TABLE workout_lap (
    workout_id   BIGINT  NOT NULL REFERENCES workout (workout_id) ON DELETE CASCADE,
    lap_index    BIGINT  NOT NULL,
    start_at     BIGINT  NOT NULL,
    elapsed_ms   BIGINT  NOT NULL,
    timer_ms     BIGINT,
    distance_m   DOUBLE PRECISION,
    calories     BIGINT,
    avg_hr       BIGINT,
    max_hr       BIGINT,
    avg_speed    DOUBLE PRECISION,
    max_speed    DOUBLE PRECISION,
    avg_cadence  BIGINT,
    avg_power    BIGINT,
    ascent_m     BIGINT,
    descent_m    BIGINT,
    -- `manual`, `time`, `distance`, `position`, `heart_rate`, `session_end`, `other`.
    trigger      TEXT    NOT NULL,
    -- `active`, `rest`, `warmup`, `cooldown`.
    intensity    TEXT    NOT NULL,
    PRIMARY KEY (workout_id, lap_index)
);

-- The recording (crates/formats' storage blob) and the original upload (gzip), apart from the
-- summary so that calendar queries never touch them.
CREATE TABLE workout_data (
    workout_id     BIGINT  PRIMARY KEY NOT NULL REFERENCES workout (workout_id) ON DELETE CASCADE,
    recording      BYTEA    NOT NULL,
    original_gz    BYTEA    NOT NULL
);

-- Per-user preferences.
CREATE TABLE account_preferences (
    account_id         BIGINT  PRIMARY KEY NOT NULL REFERENCES account (account_id) ON DELETE CASCADE,
    units              TEXT    NOT NULL,
    time_zone          TEXT    NOT NULL,
    first_day_of_week  BIGINT  NOT NULL,
    max_hr             BIGINT  NOT NULL,
    resting_hr         BIGINT  NOT NULL,
    -- Lower bounds of the five zones, bpm, comma-separated.
    hr_zones           TEXT    NOT NULL,
    updated_at         BIGINT  NOT NULL
);
