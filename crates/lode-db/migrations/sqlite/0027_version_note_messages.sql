-- A version that lode made itself (a signature added, the number filled in) is noted as a
-- message code with its arguments, rendered in the reader's language; `note` keeps what an
-- author typed, and the text of versions noted before.
ALTER TABLE outgoing_versions ADD COLUMN message TEXT;
ALTER TABLE outgoing_versions ADD COLUMN args TEXT;
