-- Outgoing documents carry attachments (phụ lục) beside their main file, and may name the work
-- dossier they belong to: numbered, they are filed there by themselves.

CREATE TABLE outgoing_attachments (
    document_id INTEGER NOT NULL REFERENCES outgoing_documents(id),
    position    INTEGER NOT NULL,
    sha256      TEXT    NOT NULL REFERENCES files(sha256),
    name        TEXT    NOT NULL,
    PRIMARY KEY (document_id, position)
);
ALTER TABLE outgoing_documents ADD COLUMN related_dossier_id INTEGER REFERENCES dossiers(id);
