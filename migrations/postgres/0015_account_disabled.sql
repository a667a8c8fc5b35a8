-- Accounts an administrator disabled (the Administration → Users page): when, or NULL while
-- the account is active. A disabled account cannot sign in, its sessions were signed out (the
-- epoch moved on), and its personal access tokens and partner apps' tokens are refused while it
-- stays disabled; its data is kept, so enabling it again gives everything back.
-- Mirrors migrations/sqlite/0015_account_disabled.sql.

ALTER TABLE account ADD COLUMN disabled_at BIGINT;
