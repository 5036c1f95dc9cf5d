-- The leader the clerk presents a newly registered document to (trình lãnh đạo): that leader
-- alone is told and finds it waiting; none named, every leader who instructs on the register's
-- documents is.
ALTER TABLE incoming_documents ADD COLUMN presented_to INTEGER REFERENCES accounts(id);
