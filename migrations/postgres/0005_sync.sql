-- Bluetooth sensor sync: devices (companion apps, agents), recording sessions and the batches
-- of notifications they send. Mirrors migrations/sqlite/0005_sync.sql.

CREATE TABLE sync_device (
    device_id   BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id  BIGINT NOT NULL REFERENCES account (account_id) ON DELETE CASCADE,
    name        TEXT    NOT NULL,
    maker       TEXT    NOT NULL,
    model       TEXT    NOT NULL,
    -- GATT services it offers, 16-bit assigned numbers in hex, space-separated.
    services    TEXT    NOT NULL,
    created_at  BIGINT NOT NULL
);

CREATE TABLE sync_session (
    session_id  BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id  BIGINT NOT NULL REFERENCES account (account_id) ON DELETE CASCADE,
    device_id   BIGINT REFERENCES sync_device (device_id) ON DELETE SET NULL,
    sport       TEXT    NOT NULL,
    wheel_mm    BIGINT,
    created_at  BIGINT NOT NULL,
    closed_at   BIGINT,
    workout_id  BIGINT REFERENCES workout (workout_id) ON DELETE SET NULL
);

-- One batch per sequence number: a resent batch finds its row and changes nothing. The body
-- holds only notifications that decoded, on the UTC clock (JSON).
CREATE TABLE sync_batch (
    session_id     BIGINT NOT NULL REFERENCES sync_session (session_id) ON DELETE CASCADE,
    seq            BIGINT NOT NULL,
    body           TEXT    NOT NULL,
    notifications  BIGINT NOT NULL,
    malformed      BIGINT NOT NULL,
    received_at    BIGINT NOT NULL,
    PRIMARY KEY (session_id, seq)
);
