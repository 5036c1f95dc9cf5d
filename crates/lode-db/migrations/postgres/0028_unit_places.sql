-- The place a body writes before the date of its documents (Decree 30: the official name of
-- the administrative unit where it has its seat), kept per unit: a regional federation writes
-- its own city. The department sits in Hà Nội.
ALTER TABLE units ADD COLUMN place TEXT;
UPDATE units SET place = 'Hà Nội' WHERE parent_id IS NULL AND place IS NULL;
