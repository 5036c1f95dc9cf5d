-- The audit chain's head takes each new entry's hash as the entry is written, in the same
-- statement: appending an entry is one statement less in every writer's transaction.
CREATE TRIGGER audit_head_follows AFTER INSERT ON audit_log
BEGIN
    UPDATE audit_head SET hash = NEW.hash WHERE id = 1;
END;
