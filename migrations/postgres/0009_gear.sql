-- Gear: the shoes, bikes and other things an athlete wears out, assigned per workout, with a
-- default per sport. Distance and time per item are summed from the workouts, never stored.
-- Mirrors migrations/sqlite/0009_gear.sql.

CREATE TABLE gear (
    gear_id          BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id       BIGINT  NOT NULL REFERENCES account (account_id) ON DELETE CASCADE,
    -- `shoes`, `bike` or `other`.
    kind             TEXT    NOT NULL CHECK (kind IN ('shoes', 'bike', 'other')),
    -- As the athlete wrote it; `name_key` is its lower case, so "Pegasus" and "pegasus" are
    -- one item (an import finds gear by it).
    name             TEXT    NOT NULL,
    name_key         TEXT    NOT NULL,
    brand            TEXT,
    model            TEXT,
    notes            TEXT    NOT NULL DEFAULT '',
    retired          BOOLEAN NOT NULL DEFAULT FALSE,
    -- Warn once the workouts with it add up to this distance (metres); NULL: never.
    warn_distance_m  DOUBLE PRECISION,
    created_at       BIGINT  NOT NULL,
    updated_at       BIGINT  NOT NULL,
    CONSTRAINT gear_name_unique UNIQUE (account_id, name_key),
    -- The target of gear_default's key, which keeps a default within its account.
    CONSTRAINT gear_account_unique UNIQUE (account_id, gear_id)
);

-- The gear a new workout of a sport gets when its source names none.
CREATE TABLE gear_default (
    account_id  BIGINT  NOT NULL,
    -- Stable lower-case sport name, as in workout.sport.
    sport       TEXT    NOT NULL,
    gear_id     BIGINT  NOT NULL,
    PRIMARY KEY (account_id, sport),
    CONSTRAINT gear_default_gear_fk FOREIGN KEY (account_id, gear_id)
        REFERENCES gear (account_id, gear_id) ON DELETE CASCADE
);

-- Deleting gear keeps its workouts, without gear.
ALTER TABLE workout ADD COLUMN gear_id BIGINT REFERENCES gear (gear_id) ON DELETE SET NULL;
CREATE INDEX workout_gear_idx ON workout (gear_id);
