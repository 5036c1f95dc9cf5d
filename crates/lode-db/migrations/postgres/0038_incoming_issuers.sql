-- The bodies that sent documents to each register, their names folded (diacritics and case
-- aside), with how many of their documents are not secret. The issuer filter finds the bodies
-- it names here and reads their documents by their index (`incoming_issuer`); the choices offered to the
-- clerk are read here, not counted over the whole register.
CREATE TABLE incoming_issuers (
    register_unit_id BIGINT NOT NULL REFERENCES units(id),
    issuer           TEXT   NOT NULL,
    folded           TEXT   NOT NULL,
    open_documents   BIGINT NOT NULL,
    PRIMARY KEY (register_unit_id, issuer)
);
-- the folded name begins the duplicate key (`issuer|notation|date`)
INSERT INTO incoming_issuers (register_unit_id, issuer, folded, open_documents)
SELECT register_unit_id, issuer, MIN(split_part(duplicate_key, '|', 1)),
       SUM(CASE WHEN secrecy = 'none' THEN 1 ELSE 0 END)
FROM incoming_documents GROUP BY register_unit_id, issuer;
