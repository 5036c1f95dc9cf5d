-- The duplicate check made at every registration: a register's documents with the same issuer,
-- notation and date. Indexed by register and key together, so that it reads the few documents
-- that match instead of every document of the register.
DROP INDEX incoming_duplicate;
CREATE INDEX incoming_duplicate ON incoming_documents(register_unit_id, duplicate_key);
