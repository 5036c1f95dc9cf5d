# The geological archive: catalogue, search, records.
archive-title = Geological and mineral archive
archive-hint = Find reports, maps, drawings, drill logs, analyses and submitted data sets by any word of their catalogue entry or of their digitised pages, with or without diacritics. Put a phrase in double quotes to find it as written.
archive-q = Search
archive-q_placeholder = e.g. copper ore Sin Quyền, "mineral map"
archive-more_filters = More filters
archive-any = — Any —
archive-year_from = From year
archive-year_to = To year
archive-bbox_hint = West longitude, south latitude, east longitude, north latitude (decimal degrees, WGS84), separated by commas.
archive-digital_only = Digitised records only
archive-search = Search
archive-found = { $count } records
archive-none_found = No record matches. Try fewer words or filters.
archive-pages_found = On pages:
archive-digitised = { $pages } pages digitised, { $text } with text
archive-not_digitised = Not digitised yet
archive-new = New archive record
archive-edit = Edit the record
archive-versions = Versions
archive-save = Save the record
archive-version = Version
archive-when = When
archive-who = By
archive-what_changed = What changed
archive-created = Record created
archive-formerly = before 2025:
archive-copy_allowed = may be copied
archive-copy_not_allowed = may not be copied
archive-content_by_request = This record's content is provided on request for geological and mineral information and documents.
archive-bbox_text = longitude { $west }° – { $east }° E, latitude { $south }° – { $north }° N
archive-physical_text = { $volumes ->
    [one] one volume
   *[other] { $volumes } volumes
}, { $appendices ->
    [one] one appendix
   *[other] { $appendices } appendices
}, { $drawings ->
    [one] one drawing
   *[other] { $drawings } drawings
}

archive-field-archive_number = Archive number
archive-field-title = Title
archive-field-title_en = English title
archive-field-kind = Kind of record
archive-field-map_sheet = Map sheet
archive-field-scale = Scale (denominator)
archive-field-authors = Authors
archive-authors_hint = One author a line, or separated by semicolons.
archive-field-organisation = Producing organisation
archive-field-year = Year completed
archive-field-submitted_on = Date handed in
archive-field-abstract = Abstract
archive-field-minerals = Minerals
archive-field-mineral = Mineral
archive-field-keywords = Keywords
archive-field-province = Province or city
archive-field-commune = Commune or ward
archive-field-old_province = Province before 2025
archive-field-old_commune = Commune before 2025
archive-field-bbox = Extent (bounding box)
archive-field-extent = Extent as the source gives it (boundary, coordinate system)
archive-field-related = Related licence or project
archive-field-volumes = Volumes
archive-field-appendices = Appendices
archive-field-drawings = Drawings
archive-field-physical = Paper documents
archive-field-shelf = Where it is kept
archive-field-access = Access level
archive-field-copy_allowed = May be copied
archive-field-lineage = Lineage
archive-field-remarks = Remarks
archive-field-digital = Digital copy
archive-no_scans = The record is not scanned: its paper is read in the reading room.
archive-field-updated_at = Last updated

archive-kind-survey_report = Geological survey report
archive-kind-exploration_report = Mineral exploration report
archive-kind-geological_map = Geological map
archive-kind-mineral_map = Mineral map
archive-kind-drawing = Drawing or section
archive-kind-drill_log = Drill log
archive-kind-analysis = Sample analyses
archive-kind-dataset = Submitted data set

archive-access-public = Public
archive-access-consult = On request
archive-access-restricted = Restricted (leader's approval)
archive-access-secret = Secret

fe-invalid_archive_number = An archive number holds letters, digits and . / - only.
fe-invalid_scale = Type the scale's denominator, e.g. 50000 for 1:50,000.
fe-invalid_year = Not a valid year.
fe-invalid_bbox = Type four numbers: west longitude, south latitude, east longitude, north latitude.
fe-empty_bbox = West must be less than east, and south less than north.
fe-secret_copy = A secret record is never copied through lode.
fe-invalid_number = Type a whole number from 0 to 100000.
archive-uploaded = Scans received; their pages are being read.
archive-file = File
archive-pages = Pages
archive-reading = Text recognition
archive-copies = Copies
archive-copy_original = scan as uploaded
archive-copy_searchable = searchable PDF/A
archive-found_on_page = The words found are marked on the page's image ({ $count } places).
archive-state-queued = Waiting to be counted
archive-state-failed = The file could not be read
archive-state-done = Done, with a searchable PDF
archive-state-reading = { $done } of { $total } pages read
archive-open_page = Open page:
archive-add_scans = Add scans (PDF, TIFF, JPEG; several at once)
archive-scans_hint = At most 200 MiB a file. The original scan is kept as it is; its pages are read as Vietnamese text, then found by what they say.
archive-upload = Upload
archive-no_scan = No file chosen.
archive-refused_scans = Files that are not PDF, TIFF or JPEG were refused: { $names }. { $added ->
    [0] No file was taken.
    [one] The other file was taken.
   *[other] The { $added } other files were taken.
}
archive-page_n = Page { $page } of { $pages }
archive-page_image = Image of page { $page }
archive-page_text = The page's text
archive-corrected = corrected
archive-not_read_yet = The page waits to be read.
archive-no_text = No text was recognised on this page.
archive-correct = Correct the text
field-archive_number = Archive number
field-access = Access level
archive-import = Import a catalogue from CSV or Excel
archive-export = Download the catalogue (CSV)
archive-import_hint = A CSV file in UTF-8 or an Excel workbook (XLSX, its first sheet; title rows above the table are left out) whose table begins with a line naming the columns by their labels on the form, in Vietnamese (Số lưu trữ, Tên tài liệu, Loại tài liệu, …). Kinds and access levels by their codes or their Vietnamese names (Bản đồ địa chất, Công khai, …). Authors, minerals and keywords are separated by semicolons. Try it first: lode reports every row it would refuse, and why, and writes nothing.
archive-import_file = Catalogue file (CSV or XLSX)
archive-dry_run = Try only: report, write nothing
archive-import_button = Import
archive-dry_run_result = Tried: { $rows } rows, { $imported } would be taken, { $refused } refused. Nothing was written.
archive-import_result = { $imported } of { $rows } rows imported; { $refused } refused.
archive-unknown_columns = Columns left out:
archive-line = Line
archive-why_refused = Why refused
fe-repeated_number = An earlier row has this archive number.
fe-no_header = The file has no header line.
fe-no_columns = The first line must name at least the columns Số lưu trữ (archive number) and Tên tài liệu (title).
fe-too_many_rows = At most 100,000 rows at a time.
fe-not_utf8 = The catalogue must be CSV in UTF-8, or an XLSX workbook.
archive-metadata = Metadata
archive-sign_in_to_request = Sign in to ask for this record
archive-add_to_request = Add to my request
archive-my_request = See my request
archive-request = My request for records
archive-added = The record was added to your request.
archive-request_hint = Choose how you will use the records and say what for; for copies, the pages to copy. The request is filed as a dossier of the procedure "Provision of geological and mineral information and documents" at the one-stop desk. Restricted records and copies need the approval of the archive centre's leader.
archive-request_empty = Your request holds no record yet. Find records in the catalogue and press "Add to my request".
archive-pages_wanted = Pages to copy
archive-request_kind = How you will use them
archive-request_kind-consult = Read online (for a period)
archive-request_kind-copy = Copy and use (certified copies)
archive-request_kind-reading_room = Read the paper in the reading room
archive-kind_needs_scans = (some records are not scanned)
archive-kind_needs_copy_right = (some records may not be copied)
archive-purpose = Purpose
archive-phone = Telephone number to follow the dossier
archive-fee = Fee
archive-submit_request = File the request
archive-remove_item = Remove { $number } from the request
fe-invalid_pages = Pages and ranges separated by commas, e.g. 1-5, 8.
fe-too_many_pages = At most 2,000 pages in one request.
fe-no_records = The request holds no record.
fe-too_many_records = At most 50 records in one request.
archive-reading_under = You are reading online under dossier { $code }. Every page carries your name, the dossier's code and the time it was seen; the file cannot be downloaded.
archive-watermark = Geological archive – read online only, not to be copied
archive-filed_requests = Requests for records
archive-waiting_requests = Requests waiting for a decision
archive-no_waiting_requests = No request waits for a decision.
archive-request_records = { $count ->
    [one] one record
   *[other] { $count } records
}
archive-figures_link = The archive's figures
archive-filed_hint = Requests filed as dossiers. Once the one-stop desk has accepted a dossier, the archive approves or refuses it; copies and restricted records are the archive centre leader's to approve.
archive-decided = The decision is recorded.
archive-decision-approved = Approved
archive-decision-refused = Refused
archive-open_until = open until { $day }
archive-for_leader = for the archive's leader to decide
archive-needs_leader = The archive centre's leader decides on this request.
archive-decision_note = Note, reason (required to refuse)
archive-approve = Approve
archive-refuse = Refuse
archive-waits_for_desk = Waits for the one-stop desk to accept the dossier.
archive-my_filed = Requests filed
archive-read_online = Read online
archive-download_copy = Download the certified copies (signed PDF)
archive-copy_being_made = The copies are being made and signed
fe-not_copyable = This record may be read, not copied.
fe-not_digitised = This record is not scanned, so it cannot be read online: choose the reading room.
fe-not_cleared_to_classify = Only staff cleared for state secrets mark a record secret.
archive-figures = Geological archive
archive-digitised_records = Records digitised
archive-text_pages = Pages with text
archive-by_kind_period = Records by kind and period
archive-before_1990 = Before 1990
archive-from_1990 = 1990–2009
archive-from_2010 = From 2010
archive-served_by_month = Service by month
archive-month = Month
archive-requests_served = Requests served
archive-pages_delivered = Pages delivered

# Data submissions: checked, then accepted or returned.
archive-submissions = Submitted data
archive-submissions_hint = Dossiers of geological and mineral data submitted and received by the one-stop desk. Check each against the checklist, then accept it into the archive (a numbered, digitally signed receipt) or return it with the reasons.
archive-submission = Submission
archive-submission_state = State
archive-submission_state-pending = Waiting for the check
archive-submission_state-accepted = Accepted
archive-submission_state-returned = Returned
archive-all = All
archive-dossier_code = Dossier code
archive-submitter = Submitted by
archive-submitted_title = Submitted documents
archive-received_on = Received on
archive-paper_number = No.
archive-submitted_files = Files submitted
archive-check_and_catalogue = Check and catalogue
archive-check_hint = Tick each check that passes. Accept when every check passes: the record enters the catalogue with the details below and its files are digitised and read. Return it when a check fails, with the reasons.
archive-checklist = Checklist
archive-check-transmittal = The transmittal letter is signed and sealed by the submitting body
archive-check-data_list = The list of documents and data matches what was submitted
archive-check-complete = Complete: report, appendices and drawings as listed
archive-check-readable = The electronic files open, with every page, in an accepted format
archive-check-metadata = The description (title, authors, year, extent, minerals) is complete
archive-reasons = Reasons for returning
archive-reasons_hint = Only when returning the dossier; the submitter reads them in the notice.
archive-accept_submission = Accept into the archive
archive-return_submission = Return the dossier
archive-submission_done-accepted = The data are accepted into the archive. The receipt is being signed and will be sent to the submitter.
archive-submission_done-returned = The dossier is returned. The notice is being signed and will be sent to the submitter.
archive-decision = Outcome
archive-decided_at = Decided at
archive-record = Archive record
archive-open_record = Open the record in the catalogue
archive-paper-accepted = Download the signed receipt
archive-paper-returned = Download the signed notice
archive-paper_being_made = The paper is being signed…
archive-paper_failed = The paper could not be signed: the organisation has no signing key. Once an administrator has set up the seal, try again.
archive-paper_retry = Make the paper again
fe-unknown_check = This check is not on the checklist.
fe-checks_incomplete = The data are accepted only when every check passes.

# Reading-room appointments.
archive-appointment = Reading-room appointment
archive-appointment_hint = A working day, in the morning 8:00–11:00 or the afternoon 13:30–16:00; the applicant is told by notification and e-mail.
fe-invalid_appointment = Enter the day and time of the visit.
fe-appointment_past = The visit must be later than now.
fe-appointment_too_far = Visits are booked within the next 90 days only.
fe-appointment_not_working_day = The reading room opens on working days only.
fe-appointment_outside_hours = The visit must start within the reading room's hours: 8:00–11:00 or 13:30–16:00.
archive-catalogue_entry = Catalogue entry
fe-unreadable_xlsx = The workbook cannot be read: the XLSX file is damaged or has no sheet.
archive-decision_note_shown = The archive centre's note

# Steps the archive centre writes into a dossier's history.
appevent-archive_approved = The archive centre approved the request for records
appevent-archive_approved_online = The archive centre approved: the records may be read online until the end of { $until_day }
appevent-archive_approved_copies = The archive centre approved the copies; the digitally signed copies are sent once made
appevent-archive_refused = The archive centre refused the request for records: { $note }
appevent-archive_appointment = The archive centre approved, with a visit to the reading room at { $visit_time } on { $visit_day }
jobs-kind-archive_split = Split a scan into pages
jobs-kind-archive_read_pages = Read the text of a batch of pages
jobs-kind-archive_read_page = Read the text of a page
jobs-kind-archive_join_batches = Join the batches read
jobs-kind-archive_assemble = Build the searchable PDF/A
jobs-kind-archive_copy = Issue archive copies
jobs-kind-archive_submission_paper = Draw up a submission record
jobs-kind-archive_intake = Take in scans from the folder
fe-pages_beyond = The record has fewer pages: see its page count on its page.
