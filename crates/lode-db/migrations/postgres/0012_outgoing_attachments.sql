-- Outgoing documents carry attachments (phụ lục) beside their main file, and may name the work
-- dossier they belong to: numbered, they are filed there by themselves.

CREATE TABLE outgoing_attachments (
    document_id BIGINT NOT NULL REFERENCES outgoing_documents(id),
    position    BIGINT NOT NULL,
    sha256      TEXT    NOT NULL REFERENCES files(sha256),
    name        TEXT    NOT NULL,
    PRIMARY KEY (document_id, position)
);
ALTER TABLE outgoing_documents ADD COLUMN related_dossier_id BIGINT REFERENCES dossiers(id);
