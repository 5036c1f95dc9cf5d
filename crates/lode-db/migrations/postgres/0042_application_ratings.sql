-- How satisfied applicants are with the handling of their dossiers: one rating a dossier, given
-- by its applicant once the handling is over (a result given, or the dossier refused), with
-- what they want to say; counted on the statistics page.
CREATE TABLE application_ratings (
    application_id BIGINT PRIMARY KEY REFERENCES applications(id),
    satisfaction   TEXT   NOT NULL CHECK (satisfaction IN ('very_satisfied', 'satisfied', 'unsatisfied')),
    comment        TEXT,
    rated_by       BIGINT NOT NULL REFERENCES accounts(id),
    rated_at       TEXT   NOT NULL
);
