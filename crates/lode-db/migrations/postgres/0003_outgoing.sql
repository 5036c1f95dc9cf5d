-- Outgoing documents (văn bản đi): drafts with versions, the review chain, numbering in the
-- body's series for the year, recipients inside and outside, the timeline.

-- Which series a type is numbered in (decisions apart from letters, as data) and its review
-- chain (comma-separated reviewers).
ALTER TABLE document_types ADD COLUMN outgoing_series TEXT NOT NULL DEFAULT 'general';
ALTER TABLE document_types ADD COLUMN review_chain TEXT NOT NULL DEFAULT 'unit_leader,body_leader';
UPDATE document_types SET outgoing_series = 'QĐ' WHERE code = 'QĐ';

CREATE TABLE outgoing_documents (
    id                  BIGSERIAL PRIMARY KEY,
    body_unit_id        BIGINT NOT NULL REFERENCES units(id),
    drafting_unit_id    BIGINT NOT NULL REFERENCES units(id),
    author_id           BIGINT NOT NULL REFERENCES accounts(id),
    type_code           TEXT    NOT NULL REFERENCES document_types(code),
    subject             TEXT    NOT NULL,
    search_key          TEXT    NOT NULL,
    urgency             TEXT    NOT NULL,
    secrecy             TEXT    NOT NULL,
    recipients_outside  TEXT    NOT NULL,
    related_incoming_id BIGINT REFERENCES incoming_documents(id),
    status              TEXT    NOT NULL,
    review_chain        TEXT    NOT NULL,
    review_step         BIGINT NOT NULL DEFAULT 0,
    current_version     BIGINT NOT NULL DEFAULT 0,
    series              TEXT,
    year                BIGINT,
    number              BIGINT,
    notation            TEXT,
    issued_on           TEXT,
    issued_by           BIGINT REFERENCES accounts(id),
    sent_at             TEXT,
    recalled_at         TEXT,
    created_at          TEXT    NOT NULL,
    updated_at          TEXT    NOT NULL,
    version             BIGINT NOT NULL DEFAULT 1,
    UNIQUE (body_unit_id, series, year, number)
);
CREATE INDEX outgoing_author ON outgoing_documents(author_id, status, id);
CREATE INDEX outgoing_body ON outgoing_documents(body_unit_id, status, id);
CREATE INDEX outgoing_drafting ON outgoing_documents(drafting_unit_id, status, id);

CREATE TABLE outgoing_versions (
    document_id   BIGINT NOT NULL REFERENCES outgoing_documents(id),
    number        BIGINT NOT NULL,
    pdf_sha256    TEXT    NOT NULL REFERENCES files(sha256),
    source_sha256 TEXT    REFERENCES files(sha256),
    source_name   TEXT,
    author_id     BIGINT NOT NULL REFERENCES accounts(id),
    note          TEXT,
    created_at    TEXT    NOT NULL,
    PRIMARY KEY (document_id, number)
);

CREATE TABLE outgoing_recipients (
    document_id BIGINT NOT NULL REFERENCES outgoing_documents(id),
    unit_id     BIGINT NOT NULL REFERENCES units(id),
    incoming_id BIGINT REFERENCES incoming_documents(id),
    PRIMARY KEY (document_id, unit_id)
);
CREATE INDEX outgoing_recipients_unit ON outgoing_recipients(unit_id, document_id);

CREATE TABLE outgoing_events (
    id          BIGSERIAL PRIMARY KEY,
    document_id BIGINT NOT NULL REFERENCES outgoing_documents(id),
    at          TEXT    NOT NULL,
    actor_id    BIGINT REFERENCES accounts(id),
    step        TEXT    NOT NULL,
    detail      TEXT    NOT NULL
);
CREATE INDEX outgoing_events_document ON outgoing_events(document_id, id);
