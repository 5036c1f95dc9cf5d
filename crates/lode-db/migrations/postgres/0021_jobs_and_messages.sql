-- Background work that any node may do: each job is claimed by one node at a time under a lease
-- (a node that dies lets go of it when the lease runs out), retried with back-off, and marked
-- failed after its last attempt. Work that repeats (sweeps, e-mail, certificate refreshes) is
-- queued once per period through once_key, whichever node queues it first.
CREATE TABLE jobs (
    id             BIGSERIAL PRIMARY KEY,
    kind           TEXT    NOT NULL,
    payload        TEXT    NOT NULL DEFAULT '{}',
    state          TEXT    NOT NULL DEFAULT 'queued'
                           CHECK (state IN ('queued', 'running', 'done', 'failed')),
    attempts       BIGINT NOT NULL DEFAULT 0,
    max_attempts   BIGINT NOT NULL,
    run_after      TEXT    NOT NULL,
    lease_until    TEXT,
    node           TEXT,
    last_error     TEXT,
    once_key       TEXT    UNIQUE,
    progress_done  BIGINT,
    progress_total BIGINT,
    created_at     TEXT    NOT NULL,
    started_at     TEXT,
    finished_at    TEXT
);
CREATE INDEX jobs_due ON jobs(state, run_after);
CREATE INDEX jobs_kind ON jobs(kind, id);

-- When a node took an e-mail to send: one that stays 'sending' past its lease (the node died)
-- goes back to the queue.
ALTER TABLE notifications ADD COLUMN email_claimed_at TEXT;

-- A notification is stored as a message code with its arguments (JSON) and rendered in the
-- reader's language when read; title and body stay for those written before.
ALTER TABLE notifications ADD COLUMN message TEXT;
ALTER TABLE notifications ADD COLUMN args TEXT;

-- One account per business that registered itself: its tax code (walk-ins recorded at the
-- desk, who cannot sign in, are not accounts of their own).
CREATE UNIQUE INDEX accounts_business_tax_code ON accounts(tax_code)
    WHERE kind = 'business' AND password_hash <> '!' AND tax_code IS NOT NULL;
