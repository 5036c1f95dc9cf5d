-- A paper lode wrote itself from an electronic form its applicant filled in while signed in
-- (an archive request's form): the account's sign-in stands for the applicant, and no
-- signature of theirs is looked for in it.
ALTER TABLE application_documents ADD COLUMN e_form INTEGER NOT NULL DEFAULT 0;

-- A dossier its handling unit takes on its own pages once the desk accepts it (a request for
-- archive records filed from the catalogue): no letter of it enters the e-office for the
-- leaders to route.
ALTER TABLE applications ADD COLUMN own_pages INTEGER NOT NULL DEFAULT 0;

-- The number certified copies go out under (`n/BS-LTĐC`), drawn once, before they are made,
-- and printed on them.
ALTER TABLE archive_requests ADD COLUMN copy_number TEXT;

-- Requests filed from the archive's catalogue before: taken on the archive's pages, their
-- request form lode's own.
UPDATE applications SET own_pages = 1
WHERE id IN (SELECT application_id FROM archive_requests WHERE application_id IS NOT NULL);
UPDATE application_documents SET e_form = 1
WHERE doc_key = 'request'
  AND application_id IN (SELECT application_id FROM archive_requests WHERE application_id IS NOT NULL);

-- Those the archive answered before (a consultation or a visit approved, any refusal) were
-- settled then, online: returned on the day of the answer.
UPDATE applications SET status = 'returned',
    result_on = (SELECT SUBSTR(q.decided_at, 1, 10) FROM archive_requests q
                 WHERE q.application_id = applications.id),
    returned_at = (SELECT q.decided_at FROM archive_requests q
                   WHERE q.application_id = applications.id),
    return_method = 'online'
WHERE status = 'accepted'
  AND id IN (SELECT application_id FROM archive_requests
             WHERE decision IS NOT NULL AND NOT (decision = 'approved' AND kind = 'copy'));

-- Certified copies made before are their dossier's result.
UPDATE applications SET status = 'result_ready',
    result_sha256 = (SELECT q.copy_sha256 FROM archive_requests q
                     WHERE q.application_id = applications.id),
    result_on = (SELECT SUBSTR(q.decided_at, 1, 10) FROM archive_requests q
                 WHERE q.application_id = applications.id)
WHERE status = 'accepted'
  AND id IN (SELECT application_id FROM archive_requests
             WHERE decision = 'approved' AND kind = 'copy' AND copy_sha256 IS NOT NULL);

-- Their letters in the e-office, left waiting for the leaders, are settled with them.
UPDATE incoming_documents SET status = 'completed',
    completed_at = (SELECT COALESCE(a.returned_at, q.decided_at) FROM applications a
                    JOIN archive_requests q ON q.application_id = a.id
                    WHERE a.incoming_id = incoming_documents.id)
WHERE status IN ('registered', 'routed', 'assigned')
  AND id IN (SELECT a.incoming_id FROM applications a
             JOIN archive_requests q ON q.application_id = a.id
             WHERE a.status IN ('returned', 'result_ready') AND a.incoming_id IS NOT NULL);
