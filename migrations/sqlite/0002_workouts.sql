-- Workouts: a summary row each, device laps, the recording blob and the original upload.
-- Mirrors migrations/postgres/0002_workouts.sql.

CREATE TABLE workout (
    workout_id      INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id      INTEGER NOT NULL REFERENCES account (account_id) ON DELETE CASCADE,
    title           TEXT    NOT NULL,
    -- Stable lower-case sport name (`running`, `cycling`, ...).
    sport           TEXT    NOT NULL,
    -- UTC instant of the start and end (unix ms), and the offset at the start.
    start_at        INTEGER NOT NULL,
    end_at          INTEGER NOT NULL,
    utc_offset_min  INTEGER NOT NULL,
    -- IANA zone when known (from the start position or the user's settings).
    time_zone       TEXT,
    -- Local calendar day of the start (days since 1970-01-01), for calendar queries.
    local_day       INTEGER NOT NULL,
    elapsed_ms      INTEGER NOT NULL,
    moving_ms       INTEGER NOT NULL,
    distance_m      REAL,
    calories        INTEGER,
    avg_hr          INTEGER,
    max_hr          INTEGER,
    avg_speed       REAL,
    max_speed       REAL,
    avg_cadence     INTEGER,
    avg_power       INTEGER,
    max_power       INTEGER,
    ascent_m        REAL,
    descent_m       REAL,
    has_gps         INTEGER NOT NULL CHECK (has_gps IN (0, 1)),
    sample_count    INTEGER NOT NULL,
    device          TEXT,
    source_format   TEXT    NOT NULL,
    source_name     TEXT    NOT NULL,
    -- BLAKE2b-256 of the uploaded bytes (hex) and which activity of the file this is.
    content_hash    TEXT    NOT NULL,
    part            INTEGER NOT NULL,
    notes           TEXT    NOT NULL DEFAULT '',
    created_at      INTEGER NOT NULL,
    CONSTRAINT workout_content_unique UNIQUE (account_id, content_hash, part)
);
CREATE INDEX workout_account_day_idx ON workout (account_id, local_day);
CREATE INDEX workout_account_start_idx ON workout (account_id, start_at);

CREATE TABLE workout_lap (
    workout_id   INTEGER NOT NULL REFERENCES workout (workout_id) ON DELETE CASCADE,
    lap_index    INTEGER NOT NULL,
    start_at     INTEGER NOT NULL,
    elapsed_ms   INTEGER NOT NULL,
    timer_ms     INTEGER,
    distance_m   REAL,
    calories     INTEGER,
    avg_hr       INTEGER,
    max_hr       INTEGER,
    avg_speed    REAL,
    max_speed    REAL,
    avg_cadence  INTEGER,
    avg_power    INTEGER,
    ascent_m     INTEGER,
    descent_m    INTEGER,
    -- `manual`, `time`, `distance`, `position`, `heart_rate`, `session_end`, `other`.
    trigger      TEXT    NOT NULL,
    -- `active`, `rest`, `warmup`, `cooldown`.
    intensity    TEXT    NOT NULL,
    PRIMARY KEY (workout_id, lap_index)
);

-- The recording (crates/formats' storage blob) and the original upload (gzip), apart from the
-- summary so that calendar queries never touch them.
CREATE TABLE workout_data (
    workout_id     INTEGER PRIMARY KEY NOT NULL REFERENCES workout (workout_id) ON DELETE CASCADE,
    recording      BLOB    NOT NULL,
    original_gz    BLOB    NOT NULL
);

-- Per-user preferences.
CREATE TABLE account_preferences (
    account_id         INTEGER PRIMARY KEY NOT NULL REFERENCES account (account_id) ON DELETE CASCADE,
    units              TEXT    NOT NULL,
    time_zone          TEXT    NOT NULL,
    first_day_of_week  INTEGER NOT NULL,
    max_hr             INTEGER NOT NULL,
    resting_hr         INTEGER NOT NULL,
    -- Lower bounds of the five zones, bpm, comma-separated.
    hr_zones           TEXT    NOT NULL,
    updated_at         INTEGER NOT NULL
);
