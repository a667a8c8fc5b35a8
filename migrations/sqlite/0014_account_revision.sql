-- A counter per account that every change to its workouts or their analyses raises, in the
-- same transaction: the records, curves and fitness pages keep an account's decoded analyses in
-- memory and read only this number to know whether they are still current. Triggers (rather
-- than each writer remembering) so that no write path, present or future, can leave a page
-- stale; several instances on one Postgres database see the same number.
-- No foreign key: rows outlive their account (the cascade deleting an account's workouts fires
-- these triggers after the account row is gone), and a reused id keeps counting upwards, so a
-- cached number can never be met again by different data.
-- Mirrors migrations/postgres/0014_account_revision.sql.

CREATE TABLE account_revision (
    account_id  INTEGER PRIMARY KEY,
    revision    INTEGER NOT NULL
);

CREATE TRIGGER workout_insert_revision AFTER INSERT ON workout BEGIN
    INSERT INTO account_revision (account_id, revision) VALUES (NEW.account_id, 1)
        ON CONFLICT (account_id) DO UPDATE SET revision = revision + 1;
END;
CREATE TRIGGER workout_update_revision AFTER UPDATE ON workout BEGIN
    INSERT INTO account_revision (account_id, revision) VALUES (NEW.account_id, 1)
        ON CONFLICT (account_id) DO UPDATE SET revision = revision + 1;
END;
CREATE TRIGGER workout_delete_revision AFTER DELETE ON workout BEGIN
    INSERT INTO account_revision (account_id, revision) VALUES (OLD.account_id, 1)
        ON CONFLICT (account_id) DO UPDATE SET revision = revision + 1;
END;
CREATE TRIGGER analysis_insert_revision AFTER INSERT ON workout_analysis BEGIN
    INSERT INTO account_revision (account_id, revision) VALUES (NEW.account_id, 1)
        ON CONFLICT (account_id) DO UPDATE SET revision = revision + 1;
END;
CREATE TRIGGER analysis_update_revision AFTER UPDATE ON workout_analysis BEGIN
    INSERT INTO account_revision (account_id, revision) VALUES (NEW.account_id, 1)
        ON CONFLICT (account_id) DO UPDATE SET revision = revision + 1;
END;
CREATE TRIGGER analysis_delete_revision AFTER DELETE ON workout_analysis BEGIN
    INSERT INTO account_revision (account_id, revision) VALUES (OLD.account_id, 1)
        ON CONFLICT (account_id) DO UPDATE SET revision = revision + 1;
END;
