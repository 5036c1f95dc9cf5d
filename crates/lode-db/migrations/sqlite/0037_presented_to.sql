-- The leader the clerk presents a newly registered document to (trình lãnh đạo): that leader
-- alone is told and finds it waiting; none named, every leader who instructs on the register's
-- documents is.
ALTER TABLE incoming_documents ADD COLUMN presented_to INTEGER REFERENCES accounts(id);

-- The deadline the body's leaders gave (with their instruction, or a later extension of
-- theirs, or a dossier's stage): a lead unit's leader assigns and extends within it, and asks
-- the leaders for more. Open letters take the deadline they have now.
ALTER TABLE incoming_documents ADD COLUMN leaders_deadline TEXT;
UPDATE incoming_documents SET leaders_deadline = deadline
WHERE status IN ('registered', 'routed', 'assigned');
