-- Daily activity synced from wearables: steps, active calories and active time per local day,
-- with the hours when sent. Mirrors migrations/postgres/0006_activity.sql.

CREATE TABLE daily_activity (
    activity_id  INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id   INTEGER NOT NULL REFERENCES account (account_id) ON DELETE CASCADE,
    -- The local day, YYYY-MM-DD.
    day          TEXT    NOT NULL,
    steps        INTEGER NOT NULL,
    active_kcal  INTEGER NOT NULL,
    active_s     INTEGER NOT NULL,
    -- Hourly figures as JSON: [{"hour", "steps", "active_calories", "active_seconds"}].
    hours        TEXT    NOT NULL,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    CONSTRAINT daily_activity_day_unique UNIQUE (account_id, day)
);
