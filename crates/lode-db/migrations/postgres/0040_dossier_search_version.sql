-- How a dossier's search words were written: from version 2 they hold the titles and notations
-- of what the dossier holds. Dossiers written before are written anew when lode starts.
ALTER TABLE dossiers ADD COLUMN search_version INTEGER NOT NULL DEFAULT 2;
UPDATE dossiers SET search_version = 1;
