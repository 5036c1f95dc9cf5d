-- Substring search over a million documents without reading them all: a trigram full-text
-- index of the folded subject, notation and issuer (FTS5, kept by triggers).
CREATE VIRTUAL TABLE incoming_search USING fts5(
    search_key, content = 'incoming_documents', content_rowid = 'id', tokenize = 'trigram'
);
CREATE TRIGGER incoming_search_insert AFTER INSERT ON incoming_documents BEGIN
    INSERT INTO incoming_search (rowid, search_key) VALUES (new.id, new.search_key);
END;
CREATE TRIGGER incoming_search_delete AFTER DELETE ON incoming_documents BEGIN
    INSERT INTO incoming_search (incoming_search, rowid, search_key) VALUES ('delete', old.id, old.search_key);
END;
CREATE TRIGGER incoming_search_update AFTER UPDATE OF search_key ON incoming_documents BEGIN
    INSERT INTO incoming_search (incoming_search, rowid, search_key) VALUES ('delete', old.id, old.search_key);
    INSERT INTO incoming_search (rowid, search_key) VALUES (new.id, new.search_key);
END;
INSERT INTO incoming_search (incoming_search) VALUES ('rebuild');
