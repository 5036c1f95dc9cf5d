-- A version composed on the page rather than uploaded: what its author typed (the addressee
-- and the text, as JSON), from which lode laid out its PDF, so that the next version starts
-- from it.
ALTER TABLE outgoing_versions ADD COLUMN composed TEXT;
