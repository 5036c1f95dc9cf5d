-- A paper lode wrote itself from an electronic form its applicant filled in while signed in
-- (an archive request's form): the account's sign-in stands for the applicant, and no
-- signature of theirs is looked for in it.
ALTER TABLE application_documents ADD COLUMN e_form BIGINT NOT NULL DEFAULT 0;
