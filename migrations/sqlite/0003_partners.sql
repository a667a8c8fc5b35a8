-- Partner apps (OAuth clients), their grants, codes and tokens, AccessLink registrations,
-- transactions, deliveries, and webhooks with their outbox.
-- Mirrors migrations/postgres/0003_partners.sql. Codes, tokens and client secrets are stored
-- only as SHA-256 hashes (hex).

CREATE TABLE partner (
    partner_id        INTEGER PRIMARY KEY AUTOINCREMENT,
    client_id         TEXT    NOT NULL,
    -- NULL for public clients (they authenticate with PKCE alone).
    secret_hash       TEXT,
    name              TEXT    NOT NULL,
    homepage          TEXT,
    -- `sandbox`, `approved` or `suspended`.
    status            TEXT    NOT NULL CHECK (status IN ('sandbox', 'approved', 'suspended')),
    -- AccessLink compatibility profile: no PKCE needed, year-long tokens, no refresh.
    accesslink        INTEGER NOT NULL CHECK (accesslink IN (0, 1)),
    -- Allowed scopes, space-separated.
    scopes            TEXT    NOT NULL,
    -- The account that owns a sandbox partner (may authorize it), if any.
    owner_account_id  INTEGER REFERENCES account (account_id) ON DELETE SET NULL,
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL,
    CONSTRAINT partner_client_id_unique UNIQUE (client_id)
);

-- Registered redirect URIs, matched exactly; position 0 is the default.
CREATE TABLE partner_redirect_uri (
    partner_id  INTEGER NOT NULL REFERENCES partner (partner_id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    uri         TEXT    NOT NULL,
    PRIMARY KEY (partner_id, position)
);

-- Accounts that may authorize a partner still in the sandbox.
CREATE TABLE partner_test_user (
    partner_id  INTEGER NOT NULL REFERENCES partner (partner_id) ON DELETE CASCADE,
    account_id  INTEGER NOT NULL REFERENCES account (account_id) ON DELETE CASCADE,
    PRIMARY KEY (partner_id, account_id)
);

-- A user's consent to a partner: one per (partner, account). Deleting it revokes everything the
-- partner holds for that user (codes, tokens, registration, transactions).
CREATE TABLE oauth_grant (
    grant_id         INTEGER PRIMARY KEY AUTOINCREMENT,
    partner_id       INTEGER NOT NULL REFERENCES partner (partner_id) ON DELETE CASCADE,
    account_id       INTEGER NOT NULL REFERENCES account (account_id) ON DELETE CASCADE,
    -- The pseudonymous user id this partner sees (`x_user_id`, `polar-user-id`).
    partner_user_id  INTEGER NOT NULL,
    scopes           TEXT    NOT NULL,
    granted_at       INTEGER NOT NULL,
    last_used_at     INTEGER,
    -- AccessLink registration (`POST /v3/users`): data uploaded from then on is offered.
    member_id        TEXT,
    registered_at    INTEGER,
    CONSTRAINT oauth_grant_partner_account_unique UNIQUE (partner_id, account_id),
    CONSTRAINT oauth_grant_partner_user_unique UNIQUE (partner_id, partner_user_id)
);

CREATE TABLE oauth_code (
    code_hash       TEXT    PRIMARY KEY NOT NULL,
    grant_id        INTEGER NOT NULL REFERENCES oauth_grant (grant_id) ON DELETE CASCADE,
    redirect_uri    TEXT    NOT NULL,
    -- Whether the authorization request named the redirect URI (then the token request must).
    redirect_sent   INTEGER NOT NULL CHECK (redirect_sent IN (0, 1)),
    scopes          TEXT    NOT NULL,
    -- PKCE S256 challenge, when one was sent.
    code_challenge  TEXT,
    created_at      INTEGER NOT NULL,
    expires_at      INTEGER NOT NULL,
    used_at         INTEGER
);

-- Access and refresh tokens. `family` ties every token issued from one code together, so a
-- reused code or refresh token revokes the lot.
CREATE TABLE oauth_token (
    token_hash  TEXT    PRIMARY KEY NOT NULL,
    grant_id    INTEGER NOT NULL REFERENCES oauth_grant (grant_id) ON DELETE CASCADE,
    kind        TEXT    NOT NULL CHECK (kind IN ('access', 'refresh')),
    family      TEXT    NOT NULL,
    scopes      TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    -- A refresh token is used once; a second use is a theft signal.
    used_at     INTEGER,
    revoked_at  INTEGER
);
CREATE INDEX oauth_token_family_idx ON oauth_token (family);
CREATE INDEX oauth_token_grant_idx ON oauth_token (grant_id);

-- AccessLink transactions: `exercise`, `activity` or `physical`.
CREATE TABLE partner_transaction (
    transaction_id  INTEGER PRIMARY KEY AUTOINCREMENT,
    grant_id        INTEGER NOT NULL REFERENCES oauth_grant (grant_id) ON DELETE CASCADE,
    kind            TEXT    NOT NULL CHECK (kind IN ('exercise', 'activity', 'physical')),
    created_at      INTEGER NOT NULL,
    expires_at      INTEGER NOT NULL,
    committed_at    INTEGER
);
CREATE INDEX partner_transaction_grant_idx ON partner_transaction (grant_id, kind);

CREATE TABLE partner_transaction_item (
    transaction_id  INTEGER NOT NULL REFERENCES partner_transaction (transaction_id) ON DELETE CASCADE,
    item_id         INTEGER NOT NULL,
    PRIMARY KEY (transaction_id, item_id)
);

-- What a committed transaction delivered: never offered to that grant again.
CREATE TABLE partner_delivery (
    grant_id      INTEGER NOT NULL REFERENCES oauth_grant (grant_id) ON DELETE CASCADE,
    kind          TEXT    NOT NULL,
    item_id       INTEGER NOT NULL,
    delivered_at  INTEGER NOT NULL,
    PRIMARY KEY (grant_id, kind, item_id)
);

-- One webhook per partner. The signing secret must stay usable, so it is not hashed.
CREATE TABLE partner_webhook (
    webhook_id     TEXT    PRIMARY KEY NOT NULL,
    partner_id     INTEGER NOT NULL REFERENCES partner (partner_id) ON DELETE CASCADE,
    url            TEXT    NOT NULL,
    -- Event names, space-separated.
    events         TEXT    NOT NULL,
    secret         TEXT    NOT NULL,
    active         INTEGER NOT NULL CHECK (active IN (0, 1)),
    created_at     INTEGER NOT NULL,
    -- Since when deliveries have failed without a success; NULL while healthy.
    failing_since  INTEGER,
    CONSTRAINT partner_webhook_partner_unique UNIQUE (partner_id)
);

-- Events to deliver, written in the same transaction as the data they announce, so a crash
-- loses none. Instances claim rows (`claimed_until`) so that each is sent by one of them.
CREATE TABLE webhook_outbox (
    delivery_id      INTEGER PRIMARY KEY AUTOINCREMENT,
    webhook_id       TEXT    NOT NULL REFERENCES partner_webhook (webhook_id) ON DELETE CASCADE,
    event            TEXT    NOT NULL,
    -- Whom and what it is about: the partner's user id and the workout id or the day. The
    -- body is built from these and the creation time, so every retry signs the same bytes.
    user_id          INTEGER  NOT NULL,
    entity           TEXT    NOT NULL,
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  INTEGER NOT NULL,
    claimed_until    INTEGER,
    delivered_at     INTEGER,
    last_error       TEXT,
    created_at       INTEGER NOT NULL
);
CREATE INDEX webhook_outbox_due_idx ON webhook_outbox (delivered_at, next_attempt_at);

-- Physical information as it changes (AccessLink's physical-information transactions): a row
-- each time the user's maximum or resting heart rate changes.
CREATE TABLE physical_info (
    physical_id  INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id   INTEGER NOT NULL REFERENCES account (account_id) ON DELETE CASCADE,
    max_hr       INTEGER NOT NULL,
    resting_hr   INTEGER NOT NULL,
    created_at   INTEGER NOT NULL
);
CREATE INDEX physical_info_account_idx ON physical_info (account_id, created_at);
