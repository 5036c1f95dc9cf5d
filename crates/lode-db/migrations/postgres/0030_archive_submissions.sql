-- Data sets submitted to the archive through the public services: each accepted dossier of the
-- submission procedure waits here for the archive's check, then enters the catalogue with a
-- numbered receipt, or goes back to its submitter with the reasons.
CREATE TABLE archive_submissions (
    id             BIGSERIAL PRIMARY KEY,
    application_id BIGINT NOT NULL UNIQUE REFERENCES applications(id),
    applicant_id   BIGINT NOT NULL REFERENCES accounts(id),
    state          TEXT    NOT NULL DEFAULT 'pending'
                   CHECK (state IN ('pending', 'accepted', 'returned')),
    checked        TEXT    NOT NULL DEFAULT '[]',
    reasons        TEXT,
    record_id      BIGINT REFERENCES archive_records(id),
    paper_number   TEXT,
    paper_sha256   TEXT REFERENCES files(sha256),
    created_at     TEXT    NOT NULL,
    decided_at     TEXT,
    decided_by     BIGINT REFERENCES accounts(id),
    version        BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX archive_submissions_state ON archive_submissions (state, id);

-- A reading-room request, once approved, holds its appointment.
ALTER TABLE archive_requests ADD COLUMN appointment_at TEXT;
