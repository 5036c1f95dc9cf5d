-- Foundation: the organisation, accounts, sessions, API tokens, login throttling, audit chain,
-- official counters and file metadata. Timestamps are TEXT in RFC 3339 UTC with microseconds
-- (they sort as text) and booleans are 0/1 integers, identically on both backends, so that one
-- set of queries serves both.

CREATE TABLE units (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    parent_id    INTEGER REFERENCES units(id),
    path         TEXT    NOT NULL,
    org_id       TEXT    NOT NULL UNIQUE,
    name         TEXT    NOT NULL,
    abbreviation TEXT    NOT NULL,
    kind         TEXT    NOT NULL,
    status       TEXT    NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'closed')),
    created_at   TEXT    NOT NULL,
    closed_at    TEXT,
    version      INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX units_parent ON units(parent_id);
CREATE INDEX units_path ON units(path);

CREATE TABLE unit_history (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    unit_id   INTEGER NOT NULL REFERENCES units(id),
    at        TEXT    NOT NULL,
    actor_id  INTEGER,
    change    TEXT    NOT NULL
);
CREATE INDEX unit_history_unit ON unit_history(unit_id, id);

CREATE TABLE files (
    sha256       TEXT    PRIMARY KEY,
    size         INTEGER NOT NULL,
    content_type TEXT    NOT NULL,
    created_at   TEXT    NOT NULL
);

CREATE TABLE accounts (
    id                   INTEGER PRIMARY KEY AUTOINCREMENT,
    kind                 TEXT    NOT NULL CHECK (kind IN ('staff', 'business', 'citizen')),
    username             TEXT    NOT NULL UNIQUE,
    full_name            TEXT    NOT NULL,
    search_key           TEXT    NOT NULL,
    email                TEXT,
    phone                TEXT,
    position             TEXT,
    unit_id              INTEGER REFERENCES units(id),
    clearance            TEXT    NOT NULL DEFAULT 'none',
    organisation_name    TEXT,
    tax_code             TEXT,
    password_hash        TEXT    NOT NULL,
    must_change_password INTEGER NOT NULL DEFAULT 0,
    active               INTEGER NOT NULL DEFAULT 1,
    signature_sha256     TEXT    REFERENCES files(sha256),
    created_at           TEXT    NOT NULL,
    updated_at           TEXT    NOT NULL,
    version              INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX accounts_unit ON accounts(unit_id, id);
CREATE INDEX accounts_kind ON accounts(kind, id);

CREATE TABLE account_roles (
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    role       TEXT    NOT NULL,
    PRIMARY KEY (account_id, role)
);
CREATE INDEX account_roles_role ON account_roles(role, account_id);

CREATE TABLE sessions (
    token_hash   TEXT    PRIMARY KEY,
    account_id   INTEGER NOT NULL REFERENCES accounts(id),
    csrf_token   TEXT    NOT NULL,
    created_at   TEXT    NOT NULL,
    last_seen_at TEXT    NOT NULL,
    expires_at   TEXT    NOT NULL,
    ip           TEXT,
    user_agent   TEXT
);
CREATE INDEX sessions_account ON sessions(account_id);

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id   INTEGER NOT NULL REFERENCES accounts(id),
    name         TEXT    NOT NULL,
    token_hash   TEXT    NOT NULL UNIQUE,
    prefix       TEXT    NOT NULL,
    created_at   TEXT    NOT NULL,
    last_used_at TEXT,
    revoked_at   TEXT
);
CREATE INDEX api_tokens_account ON api_tokens(account_id, id);

CREATE TABLE login_failures (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    username TEXT    NOT NULL,
    ip       TEXT    NOT NULL,
    at       TEXT    NOT NULL
);
CREATE INDEX login_failures_username ON login_failures(username, at);
CREATE INDEX login_failures_ip ON login_failures(ip, at);

CREATE TABLE counters (
    name  TEXT    PRIMARY KEY,
    value INTEGER NOT NULL
);

CREATE TABLE audit_head (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    seq  INTEGER NOT NULL,
    hash TEXT    NOT NULL
);
INSERT INTO audit_head (id, seq, hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE TABLE audit_log (
    seq         INTEGER PRIMARY KEY,
    at          TEXT    NOT NULL,
    actor_id    INTEGER,
    actor_label TEXT    NOT NULL,
    ip          TEXT,
    action      TEXT    NOT NULL,
    entity_type TEXT    NOT NULL,
    entity_id   TEXT,
    detail      TEXT    NOT NULL,
    prev_hash   TEXT    NOT NULL,
    hash        TEXT    NOT NULL
);
CREATE INDEX audit_log_entity ON audit_log(entity_type, entity_id, seq);
CREATE INDEX audit_log_actor ON audit_log(actor_id, seq);
CREATE INDEX audit_log_action ON audit_log(action, seq);
CREATE INDEX audit_log_at ON audit_log(at);
