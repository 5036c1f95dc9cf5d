-- Records are ranked by their catalogue entries apart from their pages: the entries (page 0)
-- and the pages get text indexes of their own, so that a word common to a million pages does
-- not make every search walk them all. Each text keeps its vector, so that checking and
-- ranking a text does not parse it again, and the planner knows which words are common.
DROP INDEX archive_texts_search;
ALTER TABLE archive_texts ADD COLUMN tsv tsvector
    GENERATED ALWAYS AS (to_tsvector('simple', folded)) STORED;
-- rarer words counted too, so that a rare word is looked up in the index, not the table
ALTER TABLE archive_texts ALTER COLUMN tsv SET STATISTICS 1000;
CREATE INDEX archive_entry_search ON archive_texts USING gin (tsv) WHERE page_id = 0;
CREATE INDEX archive_search ON archive_texts USING gin (tsv) WHERE page_id <> 0;
