-- The handling of public-service dossiers: an accepted dossier enters the e-office as
-- an incoming document of the receiving body (routed by its leaders like any other), with the
-- procedure's internal stages and the day each is due; the result (an issued outgoing document
-- answering it) returned online or handed over; messages between the applicant and the
-- officers; online payments through a gateway; and the document type the dossiers register as.
INSERT INTO document_types (code, name, notation_code, sort_order)
    VALUES ('HSTT', 'Hồ sơ thủ tục hành chính', NULL, 40);

ALTER TABLE applications ADD COLUMN incoming_id BIGINT REFERENCES incoming_documents(id);
ALTER TABLE applications ADD COLUMN result_outgoing_id BIGINT REFERENCES outgoing_documents(id);
ALTER TABLE applications ADD COLUMN result_sha256 TEXT REFERENCES files(sha256);
ALTER TABLE applications ADD COLUMN result_on TEXT;
ALTER TABLE applications ADD COLUMN returned_at TEXT;
ALTER TABLE applications ADD COLUMN return_method TEXT;
ALTER TABLE applications ADD COLUMN apology_count BIGINT NOT NULL DEFAULT 0;
CREATE INDEX applications_incoming ON applications(incoming_id);
CREATE INDEX applications_received ON applications(received_on, id);

CREATE TABLE application_stages (
    application_id BIGINT NOT NULL REFERENCES applications(id),
    seq            BIGINT NOT NULL,
    name           TEXT    NOT NULL,
    role           TEXT    NOT NULL,
    due_on         TEXT    NOT NULL,
    PRIMARY KEY (application_id, seq)
);

CREATE TABLE application_messages (
    id             BIGSERIAL PRIMARY KEY,
    application_id BIGINT NOT NULL REFERENCES applications(id),
    at             TEXT    NOT NULL,
    author_id      BIGINT NOT NULL REFERENCES accounts(id),
    from_applicant BIGINT NOT NULL,
    body           TEXT    NOT NULL
);
CREATE INDEX application_messages_app ON application_messages(application_id, id);

CREATE TABLE payments (
    id             BIGSERIAL PRIMARY KEY,
    application_id BIGINT NOT NULL REFERENCES applications(id),
    txn_ref        TEXT    NOT NULL UNIQUE,
    amount         BIGINT NOT NULL,
    status         TEXT    NOT NULL CHECK (status IN ('pending', 'paid', 'failed')),
    created_at     TEXT    NOT NULL,
    paid_at        TEXT,
    gateway_txn    TEXT    UNIQUE,
    bank_code      TEXT,
    response_code  TEXT,
    receipt_number BIGINT
);
CREATE INDEX payments_application ON payments(application_id, id);
