-- Dispatches to bodies outside the organisation: one per recipient, with the envelope of the
-- document (Decree 30 Appendix VI metadata and its file) kept for the exchange with other
-- agencies (edXML).

CREATE TABLE outgoing_dispatches (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    document_id INTEGER NOT NULL REFERENCES outgoing_documents(id),
    recipient   TEXT    NOT NULL,
    envelope    TEXT    NOT NULL,
    state       TEXT    NOT NULL DEFAULT 'awaiting_exchange',
    created_at  TEXT    NOT NULL
);
CREATE INDEX outgoing_dispatches_document ON outgoing_dispatches(document_id, id);
CREATE INDEX outgoing_dispatches_state ON outgoing_dispatches(state, id);
