-- A dossier's history is written as a message code with its arguments and rendered in the
-- reader's language; `note` keeps the text of the events written before, which have none.
ALTER TABLE application_events ADD COLUMN message TEXT;
ALTER TABLE application_events ADD COLUMN args TEXT;
