-- Personal access tokens: what scripts, companion apps and phone uploaders authenticate with.
-- Mirrors migrations/postgres/0004_tokens.sql. Only the SHA-256 (hex) of a token is stored.

CREATE TABLE api_token (
    token_id      INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id    INTEGER NOT NULL REFERENCES account (account_id) ON DELETE CASCADE,
    name          TEXT    NOT NULL,
    token_hash    TEXT    NOT NULL,
    -- Space-separated: upload, sync, read.
    scopes        TEXT    NOT NULL,
    created_at    INTEGER NOT NULL,
    last_used_at  INTEGER,
    CONSTRAINT api_token_hash_unique UNIQUE (token_hash)
);
CREATE INDEX api_token_account_idx ON api_token (account_id);
