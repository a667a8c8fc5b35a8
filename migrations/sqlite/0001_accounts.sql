-- Accounts, sessions, sign-in throttling and instance settings.
-- Mirrors migrations/postgres/0001_accounts.sql; crates/db's tests fail when the two drift.
-- Times are unix milliseconds (INTEGER) in both backends so that comparisons mean the same.

-- `user` is a reserved word in Postgres, so the table is `account`.
CREATE TABLE account (
    account_id     INTEGER PRIMARY KEY AUTOINCREMENT,
    -- As the user typed it, for display.
    username       TEXT    NOT NULL,
    -- Case-folded, so `Ada` and `ada` cannot both exist.
    username_key   TEXT    NOT NULL,
    -- PHC string (argon2id with its parameters and salt).
    password_hash  TEXT    NOT NULL,
    is_admin       INTEGER NOT NULL DEFAULT 0 CHECK (is_admin IN (0, 1)),
    -- Bumped on password change: sessions carrying an older epoch are signed out.
    session_epoch  INTEGER NOT NULL DEFAULT 0,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    CONSTRAINT account_username_key_unique UNIQUE (username_key)
);

-- Server-side sessions (tower-sessions records, serialized as JSON).
CREATE TABLE session (
    session_id  TEXT    PRIMARY KEY NOT NULL,
    data        BLOB    NOT NULL,
    expires_at  INTEGER NOT NULL
);
CREATE INDEX session_expires_at_idx ON session (expires_at);

-- Failed sign-ins per key (`account:<name>` or `ip:<address>`) in a fixed window.
CREATE TABLE sign_in_throttle (
    throttle_key       TEXT    PRIMARY KEY NOT NULL,
    failures           INTEGER NOT NULL,
    window_started_at  INTEGER NOT NULL
);

-- Instance-wide settings an administrator changes at run time (e.g. open sign-up).
CREATE TABLE setting (
    setting_key  TEXT    PRIMARY KEY NOT NULL,
    value        TEXT    NOT NULL,
    updated_at   INTEGER NOT NULL
);
