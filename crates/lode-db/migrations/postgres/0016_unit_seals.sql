-- The image of a unit's seal (con dấu), drawn in red in the organisation's digital signature
-- mark (Decree 30: over the left third of the signer's signature).
CREATE TABLE unit_seals (
    unit_id    BIGINT PRIMARY KEY REFERENCES units(id),
    sha256     TEXT    NOT NULL REFERENCES files(sha256),
    updated_at TEXT    NOT NULL
);
