-- A counter per account that every change to its workouts or their analyses raises, in the
-- same transaction: the records, curves and fitness pages keep an account's decoded analyses in
-- memory and read only this number to know whether they are still current. Triggers (rather
-- than each writer remembering) so that no write path, present or future, can leave a page
-- stale; several instances on one database see the same number.
-- No foreign key: rows outlive their account (the cascade deleting an account's workouts fires
-- these triggers), so a cached number can never be met again by different data.
-- Mirrors migrations/sqlite/0014_account_revision.sql.

CREATE TABLE account_revision (
    account_id  BIGINT PRIMARY KEY,
    revision    BIGINT NOT NULL
);

CREATE FUNCTION bump_account_revision() RETURNS trigger AS $$
DECLARE
    account BIGINT;
BEGIN
    IF TG_OP = 'DELETE' THEN
        account := OLD.account_id;
    ELSE
        account := NEW.account_id;
    END IF;
    INSERT INTO account_revision (account_id, revision) VALUES (account, 1)
        ON CONFLICT (account_id) DO UPDATE SET revision = account_revision.revision + 1;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER workout_revision AFTER INSERT OR UPDATE OR DELETE ON workout
    FOR EACH ROW EXECUTE FUNCTION bump_account_revision();
CREATE TRIGGER analysis_revision AFTER INSERT OR UPDATE OR DELETE ON workout_analysis
    FOR EACH ROW EXECUTE FUNCTION bump_account_revision();
