-- Bluetooth sensor sync: devices (companion apps, agents), recording sessions and the batches
-- of notifications they send. Mirrors migrations/postgres/0005_sync.sql.

CREATE TABLE sync_device (
    device_id   INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id  INTEGER NOT NULL REFERENCES account (account_id) ON DELETE CASCADE,
    name        TEXT    NOT NULL,
    maker       TEXT    NOT NULL,
    model       TEXT    NOT NULL,
    -- GATT services it offers, 16-bit assigned numbers in hex, space-separated.
    services    TEXT    NOT NULL,
    created_at  INTEGER NOT NULL
);

CREATE TABLE sync_session (
    session_id  INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id  INTEGER NOT NULL REFERENCES account (account_id) ON DELETE CASCADE,
    device_id   INTEGER REFERENCES sync_device (device_id) ON DELETE SET NULL,
    sport       TEXT    NOT NULL,
    wheel_mm    INTEGER,
    created_at  INTEGER NOT NULL,
    closed_at   INTEGER,
    workout_id  INTEGER REFERENCES workout (workout_id) ON DELETE SET NULL
);

-- One batch per sequence number: a resent batch finds its row and changes nothing. The body
-- holds only notifications that decoded, on the UTC clock (JSON).
CREATE TABLE sync_batch (
    session_id     INTEGER NOT NULL REFERENCES sync_session (session_id) ON DELETE CASCADE,
    seq            INTEGER NOT NULL,
    body           TEXT    NOT NULL,
    notifications  INTEGER NOT NULL,
    malformed      INTEGER NOT NULL,
    received_at    INTEGER NOT NULL,
    PRIMARY KEY (session_id, seq)
);
