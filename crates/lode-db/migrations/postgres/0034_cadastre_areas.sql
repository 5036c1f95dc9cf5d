-- Areas the register checks new areas against, besides licences: applications for a licence
-- waiting for a decision (first come, first served by the exact instant of filing) and zones
-- where mining is banned or restricted, imported as layers, each import a new version of its
-- layer (the older versions kept, one in force).
--
-- `cadastre_cells` is the spatial index of all three: a row for each grid cell of 0.05° that
-- an area's WGS84 box touches, so that a check reads the few areas near it and no others.
CREATE TABLE cadastre_zone_layers (
    id           BIGSERIAL PRIMARY KEY,
    code         TEXT NOT NULL,
    name         TEXT NOT NULL,
    restriction  TEXT NOT NULL,
    version      BIGINT NOT NULL,
    source       TEXT NOT NULL,
    zones        BIGINT NOT NULL,
    in_force     BIGINT NOT NULL,
    imported_at  TEXT NOT NULL,
    imported_by  BIGINT REFERENCES accounts(id),
    UNIQUE (code, version)
);

CREATE TABLE cadastre_zones (
    id        BIGSERIAL PRIMARY KEY,
    layer_id  BIGINT NOT NULL REFERENCES cadastre_zone_layers(id),
    name      TEXT NOT NULL,
    geometry  TEXT NOT NULL,
    area_ha   DOUBLE PRECISION NOT NULL,
    min_lon   DOUBLE PRECISION NOT NULL,
    min_lat   DOUBLE PRECISION NOT NULL,
    max_lon   DOUBLE PRECISION NOT NULL,
    max_lat   DOUBLE PRECISION NOT NULL
);
CREATE INDEX cadastre_zones_layer ON cadastre_zones(layer_id);

CREATE TABLE cadastre_applications (
    id              BIGSERIAL PRIMARY KEY,
    reference       TEXT NOT NULL UNIQUE,
    application_id  BIGINT,
    kind            TEXT NOT NULL,
    applicant       TEXT NOT NULL,
    minerals        TEXT NOT NULL,
    province        TEXT NOT NULL,
    filed_at        TEXT NOT NULL,
    status          TEXT NOT NULL,
    area            TEXT NOT NULL,
    area_ha         DOUBLE PRECISION NOT NULL,
    min_lon         DOUBLE PRECISION NOT NULL,
    min_lat         DOUBLE PRECISION NOT NULL,
    max_lon         DOUBLE PRECISION NOT NULL,
    max_lat         DOUBLE PRECISION NOT NULL,
    findings        TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE INDEX cadastre_applications_status ON cadastre_applications(status, filed_at);
CREATE INDEX cadastre_applications_of ON cadastre_applications(application_id);

CREATE TABLE cadastre_cells (
    cell    BIGINT NOT NULL,
    layer   TEXT NOT NULL,
    ref_id  BIGINT NOT NULL,
    PRIMARY KEY (layer, cell, ref_id)
);
CREATE INDEX cadastre_cells_ref ON cadastre_cells(layer, ref_id);

-- the licences entered before the index, filed under their boxes' cells (the index's own
-- arithmetic: row from the south pole, column from the antimeridian, 0.05° each)
WITH RECURSIVE boxes(id, r, r1, c0, c1) AS (
    SELECT id, floor((min_lat + 90) / 0.05)::BIGINT, floor((max_lat + 90) / 0.05)::BIGINT,
           floor((min_lon + 180) / 0.05)::BIGINT, floor((max_lon + 180) / 0.05)::BIGINT
    FROM cadastre_licences
    UNION ALL
    SELECT id, r + 1, r1, c0, c1 FROM boxes WHERE r < r1
), cells(id, r, c, c1) AS (
    SELECT id, r, c0, c1 FROM boxes
    UNION ALL
    SELECT id, r, c + 1, c1 FROM cells WHERE c < c1
)
INSERT INTO cadastre_cells (cell, layer, ref_id)
SELECT DISTINCT r * 10000 + c, 'licence', id FROM cells;

-- the licences in force on a day, counted from the index alone (the OGC API's numberMatched)
CREATE INDEX cadastre_licences_in_force ON cadastre_licences(status, valid_until, valid_from);
