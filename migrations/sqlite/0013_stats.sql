-- Statistics (crates/db/src/stats.rs) read an account's workouts by local day with their sport
-- and sums: this index holds every column they read, so they are answered from it without
-- visiting the table's wide rows (on SQLite over a decade of workouts, about half the time of
-- the (account_id, local_day) index and a visit to each row). The sport list of filters reads
-- it too.
-- Mirrors migrations/postgres/0013_stats.sql.

CREATE INDEX workout_stats_idx ON workout
    (account_id, local_day, sport, moving_ms, elapsed_ms, distance_m, ascent_m, calories);
