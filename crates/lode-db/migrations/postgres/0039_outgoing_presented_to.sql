-- The leader a draft is presented to for signature (trình ký): at the body's leaders' step that
-- leader alone is told and finds it waiting; none named, every leader who may sign it is.
ALTER TABLE outgoing_documents ADD COLUMN presented_to BIGINT REFERENCES accounts(id);
