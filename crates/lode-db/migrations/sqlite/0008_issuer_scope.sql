-- Where an incoming document comes from: lode's own organisation, the ministry and its bodies,
-- or outside; the dashboard reports electronic exchange inside the ministry and outside apart.
ALTER TABLE incoming_documents ADD COLUMN issuer_scope TEXT NOT NULL DEFAULT 'outside';
UPDATE incoming_documents SET issuer_scope = 'organisation' WHERE channel = 'internal';
UPDATE incoming_documents SET issuer_scope = 'ministry'
 WHERE channel <> 'internal'
   AND (search_key LIKE '%bo nong nghiep va moi truong%' OR search_key LIKE '%bo tai nguyen va moi truong%');
