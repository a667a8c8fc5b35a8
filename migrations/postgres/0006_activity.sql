-- Daily activity synced from wearables: steps, active calories and active time per local day,
-- with the hours when sent. Mirrors migrations/sqlite/0006_activity.sql.

CREATE TABLE daily_activity (
    activity_id  BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id   BIGINT NOT NULL REFERENCES account (account_id) ON DELETE CASCADE,
    -- The local day, YYYY-MM-DD.
    day          TEXT    NOT NULL,
    steps        BIGINT NOT NULL,
    active_kcal  BIGINT NOT NULL,
    active_s     BIGINT NOT NULL,
    -- Hourly figures as JSON: [{"hour", "steps", "active_calories", "active_seconds"}].
    hours        TEXT    NOT NULL,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL,
    CONSTRAINT daily_activity_day_unique UNIQUE (account_id, day)
);
