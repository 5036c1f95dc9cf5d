-- Indexes for the register lists: a body's register newest first, and its common filters (year
-- and type, urgency), each ending in the id the lists are ordered by.
CREATE INDEX incoming_year_type ON incoming_documents(register_unit_id, year, type_code, id);
CREATE INDEX incoming_urgency ON incoming_documents(register_unit_id, urgency, id);
CREATE INDEX incoming_register_id ON incoming_documents(register_unit_id, id);
