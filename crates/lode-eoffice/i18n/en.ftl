### lode: the e-office, in English.

incoming-title = Incoming documents
incoming-return_confirm = Send this letter back to its sender? It leaves the register's work and this cannot be undone.
incoming-new = Register an incoming document
incoming-secret_entry = Secret document (content not shown)
incoming-no_clearance = Secret document: you are not cleared to read what it says.
incoming-file_kept = The uploaded file is kept; choose another to replace it.
incoming-file_kept_short = The file uploaded before is kept
incoming-duplicates_are = Registered before as:
incoming-opens_beside = (opens in a new tab; the form stays as it is)
incoming-confirm_duplicate = I checked: register it anyway
incoming-open_file = Open the document (PDF)
incoming-timeline = Timeline

queue-to_review = Drafts to review
queue-to_sign = To sign
queue-to_issue = To number and send
queue-mine = My drafts
queue-signed = signed, to number
queue-awaiting_signature = Awaiting the leader's signature (digital or on paper)
queue-awaiting_signature_hint = Approved documents the leader has not signed digitally in lode. For one the leader signed on paper, open it and choose “The leader signed on paper” when numbering it, then add the scan of the paper signed.
queue-to_issue_paper_hint = Documents the leader signed on paper are under “Awaiting the leader's signature (digital or on paper)”: open one to number it.
queue-numbered = numbered, to send
queue-first_shown = These are the first { $shown }; find the others with the filters of

filter-more = More filters
filter-search_hint = number, notation, subject, issuer
filter-overdue_only = Overdue only

register-regular = Regular register
register-secret = Secret register

field-arrival_number = Arrival no.
field-received_on = Received
field-channel = Channel
field-issuer = Issuing body
field-notation = Number and notation
field-document_date = Document date
field-document_type = Type
field-document_file = The document (PDF; scanned for paper)
field-attachments = Attachments (PDF)
field-subject = Subject
field-signer = Signer
field-urgency = Urgency
field-secrecy = Secrecy
field-register = Register
field-page_count = Pages
field-lead_unit = Lead unit
field-handed_back_by_unit = Handed back by
field-coordinating_units = Co-ordinating units
field-handler = Handler
field-deadline = Deadline
field-new_deadline = New deadline
field-instruction = Instruction
field-assignment_note = The unit leader's instruction
field-leader_deadline = The deadline the leader gave
field-note = Note
field-result = Result
field-reason = Reason
field-year = Year

hint-notation = As written on the document, e.g. 12/QĐ-BNNMT or 3888/BTNMT-ĐCKS.

outgoing-title = Outgoing documents
outgoing-new = Draft a document
outgoing-create = Save the draft
outgoing-no_number = (not numbered)
outgoing-reply_to = In reply to incoming document
outgoing-versions = Versions
outgoing-version = Version
outgoing-issued_file = The issued document

incoming-replies = Replies
incoming-reply_not_sent = The reply is not dispatched yet: completing the letter does not send it.

outgoing-reply = Draft a reply

outgoing_status-draft = Draft
outgoing_status-in_review = In review
outgoing_status-approved = Approved, awaiting a number
outgoing_status-approved_unsigned = Approved, awaiting signature
outgoing_status-issued = Numbered
outgoing_status-sent = Sent
outgoing_status-recalled = Recalled
outgoing_filter-approved = Approved, awaiting signature or number
outgoing_status-sent_back = Sent back for changes
outgoing-sent_back_by = { $by } sent the draft back at { $at }, saying:
outgoing-sent_back_then = Revise the draft (upload a new version if needed), then submit it again under “Submit for review” below.

outgoing_step-draft = Drafted
outgoing_step-revise = Revised
outgoing-edit_details = Correct the draft's details
outgoing_step-edit = Details corrected
outgoing_step-submit = Submitted
outgoing_step-approve = Approved
outgoing_step-send_back = Sent back
outgoing_step-withdraw = Withdrawn by its author
outgoing_step-issue = Numbered
outgoing_step-send = Sent
outgoing_step-recall = Recalled
outgoing-recipients_hint = Tick the units of the department that receive it and/or write the recipients outside below.
outgoing-confirm_recall = I confirm recalling the letter sent
outgoing_step-sign = Signed digitally
outgoing_step-seal = Sealed digitally
outgoing_step-fill = Number and date written in
outgoing_step-scan = Scan of the signed paper added

reviewer-unit_leader = Leader of the drafting unit
reviewer-body_leader = Leader of the body

field-author = Author
field-awaiting = Waiting for
field-draft_pdf = The draft (PDF)
field-draft_source = Its source (DOCX, optional)
field-drafting_unit = Drafting unit
field-issued_on = Date of issue
field-week_start = Week starting
field-signed_on_paper = Signed by the leader on paper
field-scan_pdf = The scan (PDF)
outgoing-scan = Scan of the signed paper
outgoing-scan_button = Put the scan in the document
outgoing-scan_hint = The leader signed on paper: write the number and date and press the seal on the paper, scan it as a colour PDF (200 dpi or more) and add it here. The document sent electronically is this scan, under the organisation's digital signature: seal and send it once the scan is in.
outgoing-scan_replace_hint = The document has its scan. Another scan may replace it until it is sealed.
outgoing-scan_seal_hint = The scan shows the seal pressed on paper: the organisation's digital signature is shown in words at the top right of the first page, as on electronic copies.
outgoing-unsigned = The leader has not signed this document digitally. Have it signed before numbering it; or, if the leader signed it on paper, tick the box below and number it.
field-recipients_inside = Recipients inside
field-recipients_outside_short = Recipients outside
field-attachments_short = Attachments
field-attachments_pdf_docx = Attachments (PDF or DOCX)
field-recipients_outside = Recipients outside (one per line)

dashboard-title = Dashboard
dashboard-showing_usual = The period typed does not read: the figures below run from { $from_day } to { $to_day }.
dashboard-whole_body = The whole body
dashboard-electronic_share = Incoming received electronically
dashboard-on_time_share = Completed on time (of those completed)
dashboard-overdue = Open and past their deadline today
dashboard-sent = Outgoing documents sent
dashboard-sent_inside = sent inside
dashboard-sent_outside = sent outside
dashboard-signed_share = Outgoing documents signed digitally
dashboard-weekly = Incoming documents by week
dashboard-week_of = Week of { $day }
dashboard-monthly = Incoming documents by month
dashboard-month_of = Month { $month }
dashboard-received = Received
dashboard-completed = Completed
dashboard-counted_for = Figures of { $unit } (with the units below it).
dashboard-agency_wide = The figures below are the whole agency's, not { $unit }'s alone.
dashboard-by_unit = Handling by lead unit
dashboard-on_time = On time
dashboard-late = Late
field-completed_at = Completed at
field-queued_document = Document
field-last_version_at = Latest version at
incoming-late_by = { $days ->
    [one] one day late
   *[other] { $days } days late
}
dashboard-table = The figures

queue-to_read = To read
queue-to_route = To route
queue-presented = Presented, waiting for direction
queue-extensions_asked = Requests for more time awaiting your answer
queue-to_assign = To assign
queue-to_route_or_assign = To route or assign
queue-to_handle = Assigned to me
queue-due_soon = Due soon

dossiers-title = Work dossiers
dossiers-detach_confirm = Take “{ $title }” out of the dossier?
dossiers-new = Open a dossier
dossiers-open = Open the dossier
dossiers-due = Dossiers due at the archive
dossiers-due_only = Only those due at the archive
dossiers-due_hint = Dossiers closed a year ago or more are due at the agency archive (Decree 30/2020, Art. 31).
dossiers-due_on = Due at the archive
dossiers-list_pdf = Index of dossiers (PDF)
dossiers-notation_hint = The ordinal in the unit's list of dossiers and its abbreviation, such as 01.TCCB; left empty, the next of the list is given. The file code is the organisation id, the year and this notation.
dossiers-index = Document index
dossiers-empty = The dossier holds no document yet.
dossiers-detach = Take out
dossiers-add_file = Add another file
dossiers-attach = Put in the dossier
dossiers-attach_hint = Incoming and outgoing documents are put in a dossier from the document's page.
dossiers-put_in = Put in a work dossier
dossiers-held_in = Filed in the work dossiers
dossiers-close = Close the dossier
dossiers-reopen = Reopen the dossier
dossiers-hand_over = Record the hand-over

dossier_status-open = Open
dossier_status-closed = Closed
dossier_status-handed_over = Handed over

dossier_step-open = Opened
dossier_step-attach = Document added
dossier_step-detach = Document taken out
dossier_step-close = Closed
dossier_step-reopen = Reopened
dossier_step-hand_over = Handed over

retention-permanent = Permanent
retention-years = years

field-file_code = File code
field-file_notation = File notation
dossier_form-notation = File notation
field-title = Title
field-responsible = Responsible
field-retention = Retention
field-items = Documents
field-opened_on = Opened on
field-closed_on = Closed on
field-handed_over_on = Handed over on
field-description = Description
field-ordinal = No.
field-author_body = Author
field-pages_short = Pages
field-file = File

registers-title = Print registers
registers-hint = The incoming, outgoing and tracking registers (Decree 30/2020, Appendix IV) and the index of dossiers, by period and unit, as A4 PDF or Excel.
registers-kind = Register
registers-incoming = Incoming register
registers-outgoing = Outgoing register
registers-tracking = Tracking register
registers-dossiers = Index of dossiers
registers-format = Format
registers-print = Download
registers-show = Show on the page
registers-download_pdf = Download PDF
registers-download_xlsx = Download Excel (XLSX)
registers-none_in_period = The register holds nothing in this period.

filter-from = From
filter-to = To

incoming-choose_unit = — Choose the lead unit —
incoming-choose_handler = — Choose the handler —

weekly-title = Weekly report
weekly-previous = Previous week
weekly-next = Next week
weekly-none = No report for this week yet.
weekly-for_leaders = Your unit's weekly report is written and read by its leaders, since it covers the work of the units below it.
weekly-received = Received
weekly-handled = Settled (with a deadline)
weekly-on_time = On time
weekly-overdue = Overdue at the week's end
weekly-overdue_today = Overdue as of today
weekly-issued = Documents sent
weekly-done = Work done this week
weekly-planned = Planned for next week
weekly-proposals = Proposals
weekly-save = Save
weekly-submit = Submit
weekly-redraft = Draft again from the figures
weekly-units_below = Reports of the units
weekly-missing = Not submitted
weekly-submitted_at = sent at
weekly-notice_submitted = The weekly report was sent to the leaders; it can no longer be changed.
weekly-notice_redrafted = The text was written again from the week's figures.
weekly-submit_hint = Once sent, the leaders above read the report and it can no longer be changed.
weekly-redraft_hint = "Work done this week" and "Planned for next week" are written again from the week's documents; what was written in them is lost.
weekly-confirm_submit = I have checked the report; on "Submit" it is sent and can no longer be changed
weekly-confirm_redraft = I agree to replace the text written with the one drawn from the figures

weekly_status-draft = Draft
weekly_status-submitted = Submitted

certs-title = Certificates
certs-suspend_confirm = Suspend this certificate? While it is suspended, signatures made with it do not hold.
certs-hint = The certificates of staff and units: issued by lode's CA or imported from files, their status from the revocation lists (CRL), warnings before they expire.
certs-issued = Issued
certs-valid = Valid
certs-revoked = Revoked
certs-suspended = Suspended
certs-expired = Expired
certs-expiring = Expiring within 30 days:
certs-days = days
certs-expiring_badge = expiring soon

account-certificates = My certificates

certs-refresh = Refresh status from the CRLs
certs-refreshed = Revocation status refreshed.
certs-subject = Subject
certs-holder = Holder
certs-serial = Serial
certs-valid_until = Valid until
certs-status = Status
certs-source = Source
certs-status-valid = Valid
certs-status-expired = Expired
certs-status-revoked = Revoked
certs-status-suspended = Suspended
certs-source-issued = lode's CA
certs-actions = Revoke, suspend
certs-change = Change
certs-revoke = Revoke
certs-confirm_revoke = I confirm revoking this certificate (it cannot be undone)
certs-suspend = Suspend
certs-reinstate = Reinstate
certs-reason = Reason for revoking
certs-reason-unspecified = Unspecified
certs-reason-key-compromise = Key compromised
certs-reason-affiliation-changed = Holder changed office
certs-reason-superseded = Superseded
certs-reason-cessation-of-operation = No longer used
certs-reason-hold = Suspended (on hold)
certs-elsewhere = Revoked by its issuer; lode reads the issuer's revocation list (CRL).
certs-done-revoked = The certificate is revoked. lode's revocation list and OCSP answers say so from now on.
certs-done-suspended = The certificate is suspended; it can be reinstated later.
certs-done-reinstated = The certificate is valid again.
certs-done-issued = The certificate is issued; its holder can sign at once.
certs-done-imported = The certificate is added to the registry.
certs-done-seal = The seal image is saved.
certs-source-imported = imported
certs-server_key = key kept by the server
certs-none = No certificate yet.
certs-issue = Issue a certificate
certs-issue_hint = lode's CA issues a certificate to a person (a personal signature) or to a body or unit (its digital seal); the key is kept by the server for signing in lode.
certs-issue_button = Issue
certs-token = Keys on the server's token (PKCS#11)
certs-token_hint = Link a key on the server's token or HSM, with the certificate the token keeps for it, to a person or a unit: they sign in lode while the key never leaves the token. Token:
certs-key_label = The key's label on the token
certs-token_button = Link the key
certs-seal_image = A unit's seal image
certs-seal_image_hint = The seal's image (PNG or JPEG, at most 1 MiB). When the clerk seals a document, it shows in red on the document, over the left third of the signer's signature.
certs-seal_file = Seal image file
certs-seal_button = Save the seal image
certs-import = Import a certificate
certs-pem = Certificate (PEM)
certs-import_button = Import
certs-person = Person
certs-unit = or body, unit
certs-seal_unit = Body or unit

sign-title = Digital signatures
sign-text = Reason
sign-signer = The signer's signature
sign-seal = The organisation's seal
sign-none = Not signed digitally yet.
sign-on_paper = The leader signed on paper; the electronic document is the scan of the signed paper.
sign-sign = Sign digitally
sign-with_p12 = Sign with a certificate file of your own (.p12, .pfx)
sign-p12 = Certificate file with its private key (.p12, .pfx)

mark-title = The signature's mark on the page
mark-elsewhere = Place the signature's mark elsewhere
mark-seal_title = The organisation's seal on the document
mark-at = Where
mark-placeholder = The signature box, or the end of the document
mark-bottom_right = Bottom right of the last page (the signature block)
mark-top_right = Top right of the first page (copies, attachments)
mark-custom = A page and place I give
mark-hidden = Not shown
mark-custom_hint = For a place you give: the page (1 the first, -1 the last), the distance from the page's left and top edges, the width and the height, in mm.
mark-page = Page
mark-left = From the left (mm)
mark-top = From the top (mm)
mark-width = Width (mm)
mark-height = Height (mm)

sign-password = File password
sign-seal_button = Add the digital seal
sign-verify = Check the signatures

types-title = Document types and review chains
types-hint = Name, the code in notations, the outgoing numbering series (left empty: the body's common series) and who reviews drafts, in order. Changes apply at once to new drafts and are audited.
types-code = Code
types-name = Name
types-notation_code = Notation code
types-series = Series
types-chain = Reviewers
types-active = Active
types-save = Save
types-new = Add a document type
types-add = Add
types-outgoing_series = Numbering series
types-review_chain = Reviewers
types-refused = Document type { $code } was not saved: correct its row (the fields outlined in red).
types-new_refused = The document type was not added: correct the form below.

dashboard-electronic_ministry = Electronic, inside the ministry
dashboard-electronic_outside = Electronic, outside the ministry

field-issuer_scope = Sender

issuer_scope-guess = Guess from the issuer's name

outgoing-dispatches = Sent outside
outgoing-package = Package (zip)

dispatch_state-awaiting_exchange = Awaiting the exchange
dispatch_state-recalled = Recalled

field-related_dossier = Work dossier
field-outcome = Outcome
incoming-deadline_latest = No later than the leader's deadline: { $latest_day }.
incoming-deadline_passed = The leader's deadline ({ $latest_day }) has passed: leave this empty to keep it; for more time, ask the leader to extend it.
incoming-handlers_cleared = Only those cleared to read { $secrecy } documents are listed.
incoming-presented_to_all = Every leader who gives instructions
incoming-presented_to_hint = The leader it is presented to is told, and finds it waiting for their instruction.
field-related_dossier_on_issue = To be filed, once issued, in the work dossier
outgoing-related_dossier_hint = The document is filed in this dossier when it is numbered and issued.

version_note-signed = Digital signature of the competent signer: { $signer }
version_note-sealed = Digital signature of the organisation: { $signer }
version_note-filled = The number, notation and date of issue filled in
version_note-scanned = Scan of the signed paper
series-general = Common series

fe-both = A certificate belongs to a person or to a unit, not both.
fe-exists = This certificate is in the registry already.
fe-no_token = This server has no signing token (PKCS#11) configured.
fe-not_base64 = The key file must be sent in base64.
fe-not_valid = The certificate is not in force.
fe-not_yours = This certificate belongs to someone else.
fe-revoked = The certificate is revoked.
fe-token = The server's key cannot be used.
fe-unreadable = The file is not an X.509 certificate (PEM or DER).
fe-unsignable = This file cannot be signed.
fe-untrusted = The certificate is not from a trusted certification authority.
outgoing-seal_before_send = An electronic document leaves with the organisation's digital signature: the clerk seals it before sending.
fe-seal_first = Seal the document with the organisation's signature before sending it.
fe-mark_numbers = The mark's page, position and size must be numbers.
fe-mark_choice = Choose where the mark goes from the list.
fe-mark_pages = The document's pages cannot be read to place the mark.
fe-mark_page = The document has no such page: choose from 1 to its number of pages (or -1 for the last).
fe-mark_size = The mark is 20 to 200 mm wide and 8 to 150 mm high.
fe-mark_off_page = The mark must lie on the page.
outgoing-kept = Kept
field-recipient_unit_ids = Recipients in the department
field-pdf = PDF file
field-pdf_sha256 = PDF file
sign-confirm = Your sign-in password (to confirm the signature)
sign-confirm_hint = The document is signed with your certificate, which lode keeps. Type your sign-in password to confirm that you are signing.
sign-on_paper_hint = Signing on paper: hand the signed paper to the clerk, who numbers it, presses the seal and puts its scan in.
fe-wrong_signing_password = The password is wrong: the document was not signed.
outgoing-unsigned_only = Only those not signed digitally
figure-electronic = Received electronically (not on paper)
figure-paper = Received on paper
figure-from_ministry = From the ministry, its bodies and the organisation's own units
figure-from_outside = From bodies outside the ministry
figure-completed = Completed from { $from } to { $to }
figure-on_time = On time
figure-late = Late
figure-counted = With a deadline: completed from { $from } to { $to }, or open and overdue
figure-within = Led by { $unit } and the units under it
figure-sent = Sent from { $from } to { $to }
figure-signed = Signed or sealed digitally
figure-unsigned = Not signed digitally
figure-sent_inside = Sent to the organisation's units
figure-sent_outside = Sent to bodies outside
fe-no_holder = Choose the person or the unit who holds the certificate (one of them).
certs-choose_reason = — Choose a reason —
fe-sheet_count = The number of sheets is a whole number from 1 to 100,000 (leave it empty if not known).
fe-draft_not_issued = Only an issued document is filed: choose this dossier on the draft, and it is filed there once numbered.
dossier_item-file = File (PDF or DOCX)
dossier_item-title = Subject, title of the paper
dossier_item-notation = Number and notation
dossier_item-doc_date = Date of the paper
dossier_item-author = Author (issuing body)
dossier_item-pages = Sheets
dossiers-file_again = Choose the file again: for safety, browsers do not keep a chosen file when a form is sent back.
incoming_complete-text = Result of the handling
incoming_note-text = Note
incoming_extend-text = Reason for the extension
incoming_ask_extension-text = Reason for asking more time
incoming_ask_extension-deadline = Asked until
incoming_decline_extension-text = Reason for declining
incoming_return-text = Reason for sending it back
incoming_hand_back-text = Why it is handed back
dossiers-counted = { $items } { $items ->
    [one] paper
   *[other] papers
} · { $sheets } { $sheets ->
    [one] sheet
   *[other] sheets
}
done-dossier-attached = Put in the dossier.
done-dossier-detached = Taken out of the dossier; the entries after it are numbered again.
done-dossier-closed = The dossier is closed.
done-dossier-reopened = The dossier is open again.
done-dossier-handed_over = The hand-over to the archive is recorded.
done-dossier-opened = The dossier is open.
fe-not_a_certificate = What was pasted is not an X.509 certificate (PEM, starting with -----BEGIN CERTIFICATE-----).
audit-draft_of = Draft { $type }
weekly-unsaved = not saved yet
weekly-figures_behind = See the week's figures on the dashboard, each opening the documents it counts
dashboard-sent_both_ways = (a document may go both ways)
field-previous_handler = Previous handler
field-presented_to = Presented to
fe-choose_reason = Choose why the certificate is revoked.
certs-seal_of = Seal of { $unit }
certs-issue_another = Issue a new certificate anyway (the one held stays valid until it is revoked)
fe-holds_valid_certificate = This person or unit holds a valid certificate. If the old one is no longer used, revoke it in the list above; to issue another anyway, tick the box below.
fe-not_instructing = This person does not give instructions on this register's documents, or is not cleared for its secrecy.
signatures_said-none = The file carries no digital signature
signatures_said-all_valid = { $all ->
    [one] 1 digital signature, valid
   *[other] { $all } digital signatures, all valid
}
signatures_said-none_valid = { $all ->
    [one] 1 digital signature, not valid
   *[other] { $all } digital signatures, none valid
}
signatures_said-some_valid = { $all } digital signatures: { $valid } valid, { $invalid } not valid
# the file named in the banner as its box is labelled
incoming_form-file = { field-document_file }
outgoing_form-pdf = { field-draft_pdf }
outgoing_form-source = { field-draft_source }
outgoing_form-presented_to = { field-presented_for_signature }
outgoing-issue_number = The number to be given
outgoing-issue_official = Issued on { $issued_day }. Once numbered, the document is official and can no longer be edited.
outgoing-issue_confirm = Give this letter its number, dated { $issued_day } (the number expected: { $notation })? Once numbered, it is an official document and can no longer be changed.
outgoing-send_confirm = { $count ->
    [0] Send the letter?
    [one] Send the letter to one recipient: { $recipients }?
   *[other] Send the letter to { $count } recipients: { $recipients }?
} Once sent, it can only be taken back by a recall.
field-presented_for_signature = Presented for signature to
outgoing-any_signer = — Any leader who signs —
outgoing-presented_hint = At the leaders' step, only the leader chosen is told and finds the draft waiting; left empty, every leader who signs does.
fe-not_a_signer = The person chosen does not sign for the body, or may not read a document this secret.
field-carried_dossier = Public-service dossier
incoming-carried_dossier_hint = (its form, coordinates and the desk's checks)

in_hand-handling = Incoming letters being handled
in_hand-presented = Incoming letters presented for direction
in_hand-writing = Outgoing drafts not yet issued
in_hand-to_sign = Drafts presented for signature

outgoing-draft_from = The draft's content
outgoing-from_upload = Upload a PDF prepared elsewhere
outgoing-from_compose = Write the text here
outgoing-compose_hint = The document is laid out as Decree 30/2020/ND-CP prescribes: the body's name, the national motto, the places of the number and date of issue, the type and subject, the signature block of the leader it is presented to, and the recipients from the draft's details. The PDF shows on the draft's page to be read over.
field-composed_addressee = Addressed to
outgoing-addressee_hint = For letters only, for example: People's Committee of Lào Cai province.
field-composed_text = The text
outgoing-text_hint = Each line is a paragraph; do not type the body's name, the number, the date, the signature or the recipients.
outgoing-composed_here = written here
fe-not_laid_out = This text could not be laid out as a document; remove unusual characters and try again.
fe-taken_meanwhile = The number expected has just gone to another document. This one would get the number above: number it again.
fe-not_the_named_signer = The letter names another leader in its signature block: only that leader signs it. To sign in their place, send the draft back to change whom it is presented to.
fe-name_the_signer = Choose the leader who signs: a letter written on the page names its signer and their position.
