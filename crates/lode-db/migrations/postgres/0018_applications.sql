-- Dossiers of the public services (hồ sơ thủ tục hành chính): filed online by a
-- business or a citizen (or entered at the desk), under the version of the procedure in force
-- when created; the dossier code (V1V2V3.Z1Z2.Y1Y2.MX1X2-YYMMDD-XXXX) given at submission from
-- a gapless daily counter; the documents by the procedure's keys; a timeline.
CREATE TABLE applications (
    id                BIGSERIAL PRIMARY KEY,
    code              TEXT UNIQUE,
    procedure_id      BIGINT NOT NULL REFERENCES procedures(id),
    procedure_version BIGINT NOT NULL,
    applicant_id      BIGINT NOT NULL REFERENCES accounts(id),
    channel           TEXT NOT NULL CHECK (channel IN ('online', 'desk')),
    status            TEXT NOT NULL,
    form_values       TEXT NOT NULL,
    fee_amount        BIGINT,
    fee_steps         TEXT,
    contact_phone     TEXT,
    received_on       TEXT,
    due_on            TEXT,
    created_at        TEXT NOT NULL,
    submitted_at      TEXT,
    updated_at        TEXT NOT NULL,
    version           BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX applications_applicant ON applications(applicant_id, id);
CREATE INDEX applications_status ON applications(status, id);

CREATE TABLE application_documents (
    application_id BIGINT NOT NULL REFERENCES applications(id),
    doc_key        TEXT NOT NULL,
    sha256         TEXT NOT NULL REFERENCES files(sha256),
    name           TEXT NOT NULL,
    added_at       TEXT NOT NULL,
    PRIMARY KEY (application_id, doc_key)
);

CREATE TABLE application_events (
    application_id BIGINT NOT NULL REFERENCES applications(id),
    seq            BIGINT NOT NULL,
    at             TEXT NOT NULL,
    actor_id       BIGINT REFERENCES accounts(id),
    kind           TEXT NOT NULL,
    note           TEXT NOT NULL,
    PRIMARY KEY (application_id, seq)
);
