-- The issuer filter of the lists, and the choices it offers: a register's documents by issuer.
CREATE INDEX incoming_issuer ON incoming_documents(register_unit_id, issuer, id);
