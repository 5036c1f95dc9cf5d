-- Records are ranked by their catalogue entries apart from their pages: the entries (page 0)
-- get a full-text index of their own, and the pages' index holds pages only, so that a word
-- common to a million pages does not make every search walk them all.
CREATE VIRTUAL TABLE archive_entry_search USING fts5(
    folded, content = 'archive_texts', content_rowid = 'id', tokenize = 'unicode61'
);
DROP TRIGGER archive_search_insert;
DROP TRIGGER archive_search_delete;
DROP TRIGGER archive_search_update;
INSERT INTO archive_search (archive_search) VALUES ('delete-all');
INSERT INTO archive_search (rowid, folded) SELECT id, folded FROM archive_texts WHERE page_id <> 0;
INSERT INTO archive_entry_search (rowid, folded) SELECT id, folded FROM archive_texts WHERE page_id = 0;
CREATE TRIGGER archive_search_insert AFTER INSERT ON archive_texts WHEN new.page_id <> 0 BEGIN
    INSERT INTO archive_search (rowid, folded) VALUES (new.id, new.folded);
END;
CREATE TRIGGER archive_search_delete AFTER DELETE ON archive_texts WHEN old.page_id <> 0 BEGIN
    INSERT INTO archive_search (archive_search, rowid, folded) VALUES ('delete', old.id, old.folded);
END;
CREATE TRIGGER archive_search_update AFTER UPDATE OF folded ON archive_texts WHEN new.page_id <> 0 BEGIN
    INSERT INTO archive_search (archive_search, rowid, folded) VALUES ('delete', old.id, old.folded);
    INSERT INTO archive_search (rowid, folded) VALUES (new.id, new.folded);
END;
CREATE TRIGGER archive_entry_search_insert AFTER INSERT ON archive_texts WHEN new.page_id = 0 BEGIN
    INSERT INTO archive_entry_search (rowid, folded) VALUES (new.id, new.folded);
END;
CREATE TRIGGER archive_entry_search_delete AFTER DELETE ON archive_texts WHEN old.page_id = 0 BEGIN
    INSERT INTO archive_entry_search (archive_entry_search, rowid, folded) VALUES ('delete', old.id, old.folded);
END;
CREATE TRIGGER archive_entry_search_update AFTER UPDATE OF folded ON archive_texts WHEN new.page_id = 0 BEGIN
    INSERT INTO archive_entry_search (archive_entry_search, rowid, folded) VALUES ('delete', old.id, old.folded);
    INSERT INTO archive_entry_search (rowid, folded) VALUES (new.id, new.folded);
END;
