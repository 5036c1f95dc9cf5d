-- Work dossiers (hồ sơ công việc): the file code of the body's list for the year, retention,
-- the documents they hold in order, closing and the hand-over to the archive.

CREATE TABLE dossiers (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    body_unit_id    INTEGER NOT NULL REFERENCES units(id),
    unit_id         INTEGER NOT NULL REFERENCES units(id),
    year            INTEGER NOT NULL,
    notation        TEXT    NOT NULL,
    code            TEXT    NOT NULL,
    title           TEXT    NOT NULL,
    search_key      TEXT    NOT NULL,
    retention       TEXT    NOT NULL,
    secrecy         TEXT    NOT NULL,
    language        TEXT    NOT NULL DEFAULT 'vi',
    description     TEXT,
    responsible_id  INTEGER NOT NULL REFERENCES accounts(id),
    created_by      INTEGER NOT NULL REFERENCES accounts(id),
    status          TEXT    NOT NULL,
    opened_on       TEXT    NOT NULL,
    closed_on       TEXT,
    handed_over_on  TEXT,
    handed_over_by  INTEGER REFERENCES accounts(id),
    handover_note   TEXT,
    item_count      INTEGER NOT NULL DEFAULT 0,
    page_count      INTEGER NOT NULL DEFAULT 0,
    created_at      TEXT    NOT NULL,
    updated_at      TEXT    NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1,
    UNIQUE (body_unit_id, year, notation)
);
CREATE INDEX dossiers_unit ON dossiers(unit_id, status, id);
CREATE INDEX dossiers_body_status ON dossiers(body_unit_id, status, closed_on, id);
CREATE INDEX dossiers_responsible ON dossiers(responsible_id, status, id);

CREATE TABLE dossier_items (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    dossier_id   INTEGER NOT NULL REFERENCES dossiers(id),
    ordinal      INTEGER NOT NULL,
    kind         TEXT    NOT NULL,
    incoming_id  INTEGER REFERENCES incoming_documents(id),
    outgoing_id  INTEGER REFERENCES outgoing_documents(id),
    file_sha256  TEXT    REFERENCES files(sha256),
    file_name    TEXT,
    title        TEXT    NOT NULL,
    notation     TEXT,
    doc_date     TEXT,
    author       TEXT,
    pages        INTEGER NOT NULL DEFAULT 0,
    note         TEXT,
    added_by     INTEGER NOT NULL REFERENCES accounts(id),
    added_at     TEXT    NOT NULL,
    UNIQUE (dossier_id, ordinal),
    UNIQUE (dossier_id, incoming_id),
    UNIQUE (dossier_id, outgoing_id)
);
CREATE INDEX dossier_items_incoming ON dossier_items(incoming_id);
CREATE INDEX dossier_items_outgoing ON dossier_items(outgoing_id);

CREATE TABLE dossier_events (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    document_id INTEGER NOT NULL REFERENCES dossiers(id),
    at          TEXT    NOT NULL,
    actor_id    INTEGER REFERENCES accounts(id),
    step        TEXT    NOT NULL,
    detail      TEXT    NOT NULL
);
CREATE INDEX dossier_events_dossier ON dossier_events(document_id, id);
