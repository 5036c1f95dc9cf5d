-- The registry of the agency's certificates (people's signatures, units' seals): imported from
-- the national CA's files or issued by lode's built-in CA, linked to a person or a unit, with
-- the revocation the CRLs say. Status is derived: revoked or suspended (hold) from the CRL,
-- expired from not_after, else valid.
CREATE TABLE certificates (
    id                 BIGSERIAL PRIMARY KEY,
    sha256             TEXT    NOT NULL UNIQUE,
    serial             TEXT    NOT NULL,
    issuer             TEXT    NOT NULL,
    subject            TEXT    NOT NULL,
    not_before         TEXT    NOT NULL,
    not_after          TEXT    NOT NULL,
    pem                TEXT    NOT NULL,
    source             TEXT    NOT NULL,
    holder_account_id  BIGINT REFERENCES accounts(id),
    holder_unit_id     BIGINT REFERENCES units(id),
    -- the file stem of the key the server keeps for the holder (built-in CA), if any
    server_key         TEXT,
    revoked_at         TEXT,
    revocation_reason  TEXT,
    refreshed_at       TEXT,
    created_at         TEXT    NOT NULL,
    UNIQUE (issuer, serial)
);
CREATE INDEX certificates_holder_account ON certificates(holder_account_id);
CREATE INDEX certificates_holder_unit ON certificates(holder_unit_id);
CREATE INDEX certificates_not_after ON certificates(not_after);

-- The signatures added to an outgoing document in lode: the signer's (the leader), then the
-- organisation's seal (the clerk); each made a new version of the document's file.
CREATE TABLE outgoing_signatures (
    document_id        BIGINT NOT NULL REFERENCES outgoing_documents(id),
    kind               TEXT    NOT NULL,
    version            BIGINT NOT NULL,
    account_id         BIGINT NOT NULL REFERENCES accounts(id),
    certificate_sha256 TEXT    NOT NULL,
    subject            TEXT    NOT NULL,
    level              TEXT    NOT NULL,
    signed_at          TEXT    NOT NULL,
    PRIMARY KEY (document_id, kind)
);
