-- Notifications: what a person is told in the application (and by e-mail when a mail server is
-- configured). One per reason: the key makes the periodic sweep idempotent across nodes.

CREATE TABLE notifications (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id  INTEGER NOT NULL REFERENCES accounts(id),
    kind        TEXT    NOT NULL,
    incoming_id INTEGER REFERENCES incoming_documents(id),
    title       TEXT    NOT NULL,
    body        TEXT    NOT NULL,
    link        TEXT    NOT NULL,
    dedupe_key  TEXT    NOT NULL UNIQUE,
    created_at  TEXT    NOT NULL,
    read_at     TEXT,
    email_state TEXT    NOT NULL DEFAULT 'none',
    emailed_at  TEXT,
    email_tries INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX notifications_account ON notifications(account_id, read_at, id);
CREATE INDEX notifications_email ON notifications(email_state, id);
