-- Each workout's route outline for the map of all routes: its positions simplified to a few
-- hundred points, as an encoded polyline (empty when the positions make no route). Worked out
-- from the recording the first time the map needs it, then read from here, so the map of ten
-- years of routes is one query; gone with the workout. Recordings never change, so a row is
-- only rewritten when `version` (the outline code's) is older than the code's.
-- Mirrors migrations/postgres/0012_workout_route.sql.

CREATE TABLE workout_route (
    workout_id  INTEGER PRIMARY KEY REFERENCES workout (workout_id) ON DELETE CASCADE,
    version     INTEGER NOT NULL,
    polyline    TEXT    NOT NULL
);
