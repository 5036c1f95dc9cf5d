-- The geological archive: the catalogue of reports, maps, drawings, logs, analyses and data
-- sets the department keeps (each change kept as a version), their scanned files and the text
-- of every page, and what search reads.
CREATE TABLE archive_records (
    id              BIGSERIAL PRIMARY KEY,
    archive_number  TEXT    NOT NULL UNIQUE,
    title           TEXT    NOT NULL,
    title_en        TEXT,
    kind            TEXT    NOT NULL,
    map_sheet       TEXT,
    scale           BIGINT,
    authors         TEXT    NOT NULL,
    organisation    TEXT,
    year            BIGINT,
    submitted_on    TEXT,
    summary         TEXT,
    minerals        TEXT    NOT NULL,
    keywords        TEXT    NOT NULL,
    province        TEXT,
    commune         TEXT,
    old_province    TEXT,
    old_commune     TEXT,
    extent          TEXT,
    west            DOUBLE PRECISION,
    south           DOUBLE PRECISION,
    east            DOUBLE PRECISION,
    north           DOUBLE PRECISION,
    related         TEXT,
    volumes         BIGINT  NOT NULL DEFAULT 0,
    appendices      BIGINT  NOT NULL DEFAULT 0,
    drawings        BIGINT  NOT NULL DEFAULT 0,
    shelf           TEXT,
    access          TEXT    NOT NULL,
    copy_allowed    BIGINT  NOT NULL DEFAULT 0,
    lineage         TEXT,
    remarks         TEXT,
    facets          TEXT    NOT NULL,
    page_count      BIGINT  NOT NULL DEFAULT 0,
    text_pages      BIGINT  NOT NULL DEFAULT 0,
    created_at      TEXT    NOT NULL,
    created_by      BIGINT REFERENCES accounts(id),
    updated_at      TEXT    NOT NULL,
    updated_by      BIGINT REFERENCES accounts(id),
    version         BIGINT  NOT NULL DEFAULT 1
);
CREATE INDEX archive_records_kind_year ON archive_records(kind, year);
CREATE INDEX archive_records_year ON archive_records(year, id);

CREATE TABLE archive_record_versions (
    record_id BIGINT NOT NULL REFERENCES archive_records(id),
    version   BIGINT NOT NULL,
    at        TEXT   NOT NULL,
    actor_id  BIGINT REFERENCES accounts(id),
    snapshot  TEXT   NOT NULL,
    PRIMARY KEY (record_id, version)
);

-- A record's digital files as uploaded (PDF, TIFF, JPEG scans), kept unchanged, with the PDF
-- a TIFF is rendered from and the searchable copy lode makes of them; and each of their
-- pages, with the text read from it, its searchable page, and the text as corrected by the
-- archive's staff.
CREATE TABLE archive_files (
    id                BIGSERIAL PRIMARY KEY,
    record_id         BIGINT NOT NULL REFERENCES archive_records(id),
    sha256            TEXT    NOT NULL REFERENCES files(sha256),
    name              TEXT    NOT NULL,
    media_type        TEXT    NOT NULL,
    pages             BIGINT NOT NULL DEFAULT 0,
    render_sha256     TEXT REFERENCES files(sha256),
    searchable_sha256 TEXT REFERENCES files(sha256),
    state             TEXT    NOT NULL,
    added_at          TEXT    NOT NULL,
    added_by          BIGINT REFERENCES accounts(id)
);
CREATE INDEX archive_files_record ON archive_files(record_id, id);

CREATE TABLE archive_pages (
    id            BIGSERIAL PRIMARY KEY,
    record_id     BIGINT NOT NULL REFERENCES archive_records(id),
    file_id       BIGINT NOT NULL REFERENCES archive_files(id),
    page_no       BIGINT NOT NULL,
    seq           BIGINT NOT NULL,
    ocr_text      TEXT,
    ocr_at        TEXT,
    pdf_sha256    TEXT REFERENCES files(sha256),
    text          TEXT,
    corrected_at  TEXT,
    corrected_by  BIGINT REFERENCES accounts(id)
);
CREATE UNIQUE INDEX archive_pages_file ON archive_pages(file_id, page_no);
CREATE INDEX archive_pages_record ON archive_pages(record_id, seq);

-- What search reads, folded (lower case, no diacritics, đ as d): the catalogue entry of each
-- record (page 0) and the text of each of its pages.
CREATE TABLE archive_texts (
    id        BIGSERIAL PRIMARY KEY,
    record_id BIGINT NOT NULL REFERENCES archive_records(id),
    page_id   BIGINT NOT NULL DEFAULT 0,
    folded    TEXT   NOT NULL
);
CREATE UNIQUE INDEX archive_texts_page ON archive_texts(record_id, page_id);

-- Full-text search over the folded texts: SQLite's counterpart is an FTS5 table.
CREATE INDEX archive_texts_search ON archive_texts USING gin (to_tsvector('simple', folded));

-- An applicant's request to consult or copy records of the archive: gathered record by record,
-- then filed as a dossier of the public services' procedure for geological documents.
CREATE TABLE archive_requests (
    id             BIGSERIAL PRIMARY KEY,
    applicant_id   BIGINT NOT NULL REFERENCES accounts(id),
    kind           TEXT    NOT NULL,
    purpose        TEXT,
    application_id BIGINT REFERENCES applications(id),
    created_at     TEXT    NOT NULL,
    submitted_at   TEXT,
    decision       TEXT,
    decided_at     TEXT,
    decided_by     BIGINT REFERENCES accounts(id),
    decision_note  TEXT,
    open_until     TEXT,
    copy_sha256    TEXT REFERENCES files(sha256)
);
CREATE INDEX archive_requests_applicant ON archive_requests(applicant_id, id);
-- one request an applicant gathers at a time
CREATE UNIQUE INDEX archive_requests_open ON archive_requests(applicant_id) WHERE submitted_at IS NULL;

CREATE TABLE archive_request_items (
    request_id BIGINT NOT NULL REFERENCES archive_requests(id),
    record_id  BIGINT NOT NULL REFERENCES archive_records(id),
    pages      TEXT,
    PRIMARY KEY (request_id, record_id)
);

-- Every page served to an applicant reading online: who, which, when, under which request.
CREATE TABLE archive_page_views (
    request_id   BIGINT NOT NULL REFERENCES archive_requests(id),
    applicant_id BIGINT NOT NULL REFERENCES accounts(id),
    record_id    BIGINT NOT NULL REFERENCES archive_records(id),
    seq          BIGINT NOT NULL,
    at           TEXT    NOT NULL
);
CREATE INDEX archive_page_views_request ON archive_page_views(request_id, at);
