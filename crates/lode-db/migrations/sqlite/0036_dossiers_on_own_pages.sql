-- A paper lode wrote itself from an electronic form its applicant filled in while signed in
-- (an archive request's form): the account's sign-in stands for the applicant, and no
-- signature of theirs is looked for in it.
ALTER TABLE application_documents ADD COLUMN e_form INTEGER NOT NULL DEFAULT 0;

-- A dossier its handling unit takes on its own pages once the desk accepts it (a request for
-- archive records filed from the catalogue): no letter of it enters the e-office for the
-- leaders to route.
ALTER TABLE applications ADD COLUMN own_pages INTEGER NOT NULL DEFAULT 0;
