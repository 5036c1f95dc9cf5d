-- Online public services: the procedure catalogue as versioned data, and the
-- working calendar's changes.
--
-- A procedure keeps its versions: each one the whole definition (JSON of
-- lode_core::services::Procedure) with the dates it is in force; a dossier stays under the
-- version in force when it was received. `name` and `search_text` follow the newest version,
-- for lists and the diacritic-insensitive search.
CREATE TABLE procedures (
    id           BIGSERIAL PRIMARY KEY,
    code         TEXT    NOT NULL UNIQUE,
    name         TEXT    NOT NULL,
    search_text  TEXT    NOT NULL,
    created_at   TEXT    NOT NULL
);

CREATE TABLE procedure_versions (
    procedure_id   BIGINT  NOT NULL REFERENCES procedures(id),
    version        BIGINT  NOT NULL,
    effective_from TEXT    NOT NULL,
    effective_to   TEXT,
    definition     TEXT    NOT NULL,
    created_by     BIGINT REFERENCES accounts(id),
    created_at     TEXT    NOT NULL,
    PRIMARY KEY (procedure_id, version)
);

-- The government's yearly decisions over the Labour Code's rule: a day off (a swapped day, a
-- longer Tết) or a working day (a make-up Saturday).
CREATE TABLE calendar_days (
    day        TEXT    PRIMARY KEY,
    off        BIGINT  NOT NULL CHECK (off IN (0, 1)),
    name       TEXT    NOT NULL,
    updated_at TEXT    NOT NULL
);
