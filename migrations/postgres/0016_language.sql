-- The interface's language an athlete chose in Settings (`en`, `de`, `fr`), or NULL to follow
-- the browser's Accept-Language. Nullable with no default, so the previous release's rows read
-- as "follow the browser" and that release ignores the column.
-- Mirrors migrations/sqlite/0016_language.sql.

ALTER TABLE account_preferences ADD COLUMN language TEXT;
