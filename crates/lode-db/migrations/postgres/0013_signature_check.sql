-- The result of verifying an incoming electronic document's signatures when it was registered
-- (Decree 30: the clerk verifies before registering), kept with the document as JSON.
ALTER TABLE incoming_documents ADD COLUMN signature_check TEXT;
