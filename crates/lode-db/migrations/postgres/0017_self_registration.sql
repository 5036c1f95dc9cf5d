-- Businesses and citizens register themselves for the public services: the
-- organisation's address and legal representative, and the e-mail address confirmed through a
-- one-time link before the account may sign in. Accounts made by an administrator, and every
-- account before this, count as confirmed.
ALTER TABLE accounts ADD COLUMN address TEXT;
ALTER TABLE accounts ADD COLUMN representative TEXT;
ALTER TABLE accounts ADD COLUMN email_verified_at TEXT;
UPDATE accounts SET email_verified_at = created_at;

CREATE TABLE email_verifications (
    token_hash TEXT    PRIMARY KEY,
    account_id BIGINT NOT NULL REFERENCES accounts(id),
    expires_at TEXT    NOT NULL,
    used_at    TEXT
);
CREATE INDEX email_verifications_account ON email_verifications(account_id);
