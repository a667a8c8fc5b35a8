-- Where a day's activity figures came from, so a day that several sources describe keeps one
-- figure with its source named: 'device' for the sync API (the wearable's own figures), else
-- the service whose archive gave them ('Garmin Connect', 'Polar Flow', 'Apple Health',
-- 'Google Fit'). source_rank orders them (lower is preferred: 0 for the device); a day is
-- replaced only by a source ranked the same or better, in one conditional upsert.
-- Mirrors migrations/sqlite/0008_activity_source.sql.

ALTER TABLE daily_activity ADD COLUMN source TEXT NOT NULL DEFAULT 'device';
ALTER TABLE daily_activity ADD COLUMN source_rank INTEGER NOT NULL DEFAULT 0;
