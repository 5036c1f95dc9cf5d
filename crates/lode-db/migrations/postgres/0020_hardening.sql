-- Browsers an account has signed in from: a sign-in from one of them is judged by its own
-- failures only, so that guessing from elsewhere cannot lock the account's holder out.
CREATE TABLE trusted_devices (
    token_hash   TEXT    PRIMARY KEY,
    account_id   BIGINT NOT NULL REFERENCES accounts(id),
    created_at   TEXT    NOT NULL,
    last_used_at TEXT    NOT NULL
);
CREATE INDEX trusted_devices_account ON trusted_devices(account_id);

-- The trusted device a failed sign-in came from, if any.
ALTER TABLE login_failures ADD COLUMN device TEXT;
CREATE INDEX login_failures_device ON login_failures(device, at);

-- API tokens end: those issued before without an end last from their issue for the default term.
ALTER TABLE api_tokens ADD COLUMN expires_at TEXT;

-- Other requests counted per client to slow abuse (self-registration).
CREATE TABLE attempts (
    kind TEXT NOT NULL,
    client TEXT NOT NULL,
    at   TEXT NOT NULL
);
CREATE INDEX attempts_by_client ON attempts(kind, client, at);

-- Who uploaded each file: a file is referenced by a new record only by someone who uploaded it
-- (its hash alone is no key to it). Also the last upload, so that files nobody references are
-- removed some days after it.
CREATE TABLE file_uploads (
    sha256      TEXT    NOT NULL REFERENCES files(sha256),
    account_id  BIGINT NOT NULL REFERENCES accounts(id),
    uploaded_at TEXT    NOT NULL,
    PRIMARY KEY (sha256, account_id)
);

-- Each node's last health check: `/healthz` writes its row, so that a store that answers reads
-- but cannot write is reported.
CREATE TABLE health_checks (
    node TEXT PRIMARY KEY,
    at   TEXT NOT NULL
);
