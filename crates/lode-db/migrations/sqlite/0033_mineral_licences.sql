-- The register of mineral licences. Each licence keeps its state as it stands (`state`, JSON:
-- holder, minerals, its area's corner points on its own VN-2000 plane, depths, validity,
-- status) with the fields lists filter on beside it, and every life event keeps the whole
-- state after it, so that the register on any date is the state of each licence's last event
-- on or before that date. The box of the area in WGS84 longitude and latitude serves the map
-- and the overlap checks' first cut.
CREATE TABLE cadastre_licences (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    number         TEXT NOT NULL UNIQUE,
    kind           TEXT NOT NULL,
    holder         TEXT NOT NULL,
    minerals       TEXT NOT NULL,
    mineral_group  INTEGER NOT NULL,
    province       TEXT NOT NULL,
    status         TEXT NOT NULL,
    valid_from     TEXT NOT NULL,
    valid_until    TEXT NOT NULL,
    area_ha        REAL NOT NULL,
    min_lon        REAL NOT NULL,
    min_lat        REAL NOT NULL,
    max_lon        REAL NOT NULL,
    max_lat        REAL NOT NULL,
    state          TEXT NOT NULL,
    version        INTEGER NOT NULL DEFAULT 1,
    created_at     TEXT NOT NULL,
    created_by     INTEGER REFERENCES accounts(id),
    updated_at     TEXT NOT NULL
);
CREATE INDEX cadastre_licences_status ON cadastre_licences(status, valid_until);
CREATE INDEX cadastre_licences_box ON cadastre_licences(min_lon, max_lon);

CREATE TABLE cadastre_events (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    licence_id       INTEGER NOT NULL REFERENCES cadastre_licences(id),
    kind             TEXT NOT NULL,
    effective_on     TEXT NOT NULL,
    decision_number  TEXT NOT NULL,
    note             TEXT,
    state_after      TEXT NOT NULL,
    recorded_at      TEXT NOT NULL,
    recorded_by      INTEGER REFERENCES accounts(id)
);
CREATE INDEX cadastre_events_licence ON cadastre_events(licence_id, effective_on, id);
