-- A register's list ordered by deadline: read in the index's order, a page at a time, rather
-- than every document of the register sorted for each page.
CREATE INDEX incoming_register_deadline ON incoming_documents(register_unit_id, deadline, id);
