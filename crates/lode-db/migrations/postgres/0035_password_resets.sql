-- A forgotten password: a one-time link mailed to the account's address (only the SHA-256 of
-- its token is kept), good for an hour, used once.
CREATE TABLE password_resets (
    token_hash TEXT    PRIMARY KEY,
    account_id BIGINT NOT NULL REFERENCES accounts(id),
    expires_at TEXT    NOT NULL,
    used_at    TEXT
);
CREATE INDEX password_resets_account ON password_resets(account_id);
