-- Substring search over a million documents without reading them all: a trigram index of the
-- folded subject, notation and issuer (pg_trgm serves LIKE '%…%' from it).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX incoming_search_trgm ON incoming_documents USING gin (search_key gin_trgm_ops);
