### lode: the shell, in English.

app-agency = Vietnam Department of Geology and Minerals
app-footer = lode · e-office and public services

lang-switch = English

nav-label = Main navigation
nav-home = Home
nav-menu = Menu
nav-skip = Skip to the content
nav-incoming = Incoming
nav-waiting = Waiting for you
nav-waiting_word = waiting
nav-unread_word = unread

incoming-register = Register and number it
incoming-arrival_short = Arrival no.
incoming-route = Give the instruction
incoming-assign = Assign a handler
incoming-complete = Complete
incoming-note = Note or proposal
incoming-extend = Extend the deadline
incoming-ask_extension = Ask for more time
incoming-ask_extension_hint = The request goes to whoever set the deadline: the lead unit's leader, for a specialist; the leader who set the leaders' deadline last, for a unit's leader.
incoming-register_next = Register the next incoming document
incoming-next_waiting = The next document waiting for you
incoming-decline_extension = Decline the extension
incoming-extension_waiting = A request for more time awaits your answer
incoming-handed_back = Handed back, waiting for a new instruction
incoming-handed_back_said = { $who } handed it back at { $at } as not their unit's to lead: instruct again and send it to another unit.
incoming-extension_waiting_said = { $who } asks for more time until { $proposed_day } (sent { $at }).
incoming-extension_grant_hint = To give another day, extend the deadline under “Extend the deadline” below.
incoming-extension_grant = Grant more time until { $proposed_day }
incoming-extension_granted_text = The request of { $who } for more time is granted.
incoming-extension_jump = { $who } asks for more time until { $proposed_day }, awaiting your answer.
incoming-extension_jump_link = Answer the request
incoming-extension_forward_hint = The day asked is past the leaders' deadline: to agree, ask the leaders for more time under “Ask for more time” below, where the day asked is filled in.
incoming-extension_waiting_on = The request by { $who } for more time until { $proposed_day } (sent { $at }) awaits the answer of { $answerer }.
incoming-return = Return to sender
incoming-correct = Correct the registration
incoming-correct_hint = Correct what was registered wrongly against the letter (notation, subject…). The day it arrived, its arrival number, its secrecy and its file stay; what it said before is kept in its history.
incoming-correct_save = Save the correction
incoming-hand_back = Hand back to the leaders (wrong unit)
incoming-hand_back_hint = The letter is not your unit's to lead: hand it back for the leaders to send to another unit. The leader who sent it is told.

sigchange-a_value_of_the_document_changed = a value of the document changed
sigchange-cross-reference_or_object_stream = cross-reference or object stream
sigchange-a_signature_or_document_timestamp = a signature or document timestamp
sigchange-validation_data___DSS_ = validation data of the signatures
sigchange-a_signature_field = a signature field
sigchange-a_new_form_field_or_annotation = a new form field or annotation
sigchange-a_data_stream__validation_data__an_appearance_ = data that goes with a signature (validation data, its visible mark)
sigchange-part_of_a_signature_s_visible_mark = part of a signature's visible mark
sigchange-a_new_object_that_is_not_a_signature = a new object that is not a signature
sigchange-the_catalog__for_the_form_or__DSS = the document's catalogue, to add a signature field or validation data
sigchange-the_document_catalog_changed = the document catalog changed
sigchange-the_page_lists_a_new_signature_widget = the page lists a new signature widget
sigchange-a_page_changed_after_signing = a page changed after signing
sigchange-the_form_lists_a_new_signature_field = the form lists a new signature field
sigchange-the_form_changed_after_signing = the form changed after signing
sigchange-validation_data___DSS__extended = validation data of the signatures extended
sigchange-the_document_s_XMP_metadata = the document's XMP metadata
sigchange-the_issued_number_or_date_filled_in = the issued number or date filled in
sigchange-a_signature_field_left_empty_is_signed = a signature field left empty is signed
sigchange-an_object_of_the_signed_revision_changed = an object of the signed revision changed
sigchange-an_object_of_the_signed_revision_was_deleted = an object of the signed revision was deleted
sigchange-other = Another change

verify-not_revoked = not revoked
verify-revoked = revoked
verify-suspended = suspended
verify-no_revocation_data = the certificate names nowhere to check whether it was revoked
verify-revocation_unchecked = not checked (whether the certificate was revoked could not be looked up)
verify-by_ocsp = {" "}(as its issuer answered online on { $on_day })
verify-by_crl = {" "}(as its revocation list of { $on_day } says)
verify-problems_found = The signature has the problems shown above.
verify-technical = The verifier's technical report

audit-action-cadastre_licence-grant = Mineral licence granted
audit-action-cadastre_licence-extension = Mineral licence extended
audit-action-cadastre_licence-adjustment = Mineral licence adjusted
audit-action-cadastre_licence-transfer = Mineral rights transferred
audit-action-cadastre_licence-partial_return = Part of a licence's area returned
audit-action-cadastre_licence-return = Mineral licence returned
audit-action-cadastre_licence-revocation = Mineral licence revoked
audit-action-cadastre_licence-termination = Mineral licence terminated
audit-action-cadastre_licence-closure = Mine closed
audit-action-cadastre_zone_layer-import = Zone layer imported
audit-action-archive_record-create = Archive record added
audit-action-archive_record-update = Archive record edited
audit-action-archive_record-file = Scan added to an archive record
audit-action-archive_record-correct_page = Archive page text corrected
audit-action-archive_record-import = Archive catalogue imported
audit-action-archive_request-approve = Request for archive records approved
audit-action-archive_request-refuse = Request for archive records refused
audit-action-archive_submission-accept = Submitted data accepted into the archive
audit-action-archive_submission-return = Data submission returned
audit-action-account-create = Account created
audit-action-account-email_verified = E-mail address confirmed
audit-action-account-profile = Profile changed
audit-action-account-password_change = Password changed
audit-action-account-password_reset = Password reset
audit-action-application-draft = Dossier drafted
audit-action-application-discarded = Draft deleted
audit-action-application-submit = Dossier submitted
audit-action-application-changed = Dossier draft changed
audit-action-application-document = Paper attached to a dossier
audit-action-application-accepted = Dossier accepted
audit-action-application-incomplete = Dossier sent back to complete
audit-action-application-refused = Dossier refused
audit-action-application-complete = Dossier completed
audit-action-application-desk_intake = Paper dossier entered
audit-action-application-result = Result issued
audit-action-application-returned = Result handed over
audit-action-application-answered_online = Answered online when decided
audit-action-application-apology = Apology and new date
audit-action-application-withdrawn = Dossier withdrawn
audit-action-application-rating = Handling rated
audit-action-application-message = Message on a dossier
audit-action-calendar-set = Calendar day set
audit-action-calendar-clear = Calendar day cleared
audit-action-certificate-issue = Certificate issued
audit-action-certificate-import = Certificate imported
audit-action-certificate-revocation = Certificate revocation changed
audit-action-certificate-suspension = Certificate suspended
audit-action-certificate-reinstatement = Certificate reinstated
audit-action-document_type-create = Document type added
audit-action-document_type-update = Document type changed
audit-action-dossier-open = Work dossier opened
audit-action-dossier-attach = Document added to a dossier
audit-action-dossier-detach = Document removed from a dossier
audit-action-dossier-close = Work dossier closed
audit-action-dossier-reopen = Work dossier reopened
audit-action-dossier-hand_over = Dossier handed to the archive
audit-action-incoming-register = Incoming document registered
audit-action-incoming-route = Incoming document routed
audit-action-incoming-assign = Incoming document assigned
audit-action-incoming-complete = Incoming document completed
audit-action-incoming-answered = Incoming letter settled by its reply
audit-action-incoming-dossier_settled = Incoming letter settled with its public-service dossier
audit-action-incoming-return = Incoming document returned
audit-action-incoming-correct = Incoming document registration corrected
audit-action-incoming-hand_back = Incoming document handed back to the leaders (wrong unit)
audit-action-incoming-recalled = Incoming document recalled by its sender
audit-action-incoming-note = Note on an incoming document
audit-action-incoming-extend = Deadline extended
audit-action-incoming-ask_extension = More time asked
audit-action-incoming-decline_extension = More time declined
audit-action-job-retry = Background job retried
audit-action-outgoing-draft = Outgoing draft created
audit-action-outgoing-revise = Draft revised
audit-action-outgoing-edit = Draft details corrected
audit-action-outgoing-submit = Draft submitted for review
audit-action-outgoing-approve = Draft approved
audit-action-outgoing-send_back = Draft sent back
audit-action-outgoing-withdraw = Draft withdrawn from review
audit-action-outgoing-issue = Outgoing document numbered
audit-action-outgoing-fill = Number and date written into the document
audit-action-outgoing-scan = Scan of the document signed on paper added
audit-action-outgoing-sign = Outgoing document signed
audit-action-outgoing-seal = Outgoing document sealed
audit-action-outgoing-send = Outgoing document sent
audit-action-outgoing-recall = Outgoing document recalled
audit-action-payment-start = Online payment started
audit-action-payment-paid = Payment made
audit-action-payment-failed = Payment failed
audit-action-person-create = Staff member added
audit-action-person-update = Staff member changed
audit-action-person-signature_image = Signature image set
audit-action-procedure-version = New procedure version
audit-action-session-login = Signed in
audit-action-session-logout = Signed out
audit-action-session-login_failed = Sign-in refused
audit-action-session-confirm_failed = Wrong password when confirming a digital signature
audit-action-session-close_others = Other sessions closed
audit-action-token-issue = API token issued
audit-action-token-revoke = API token revoked
audit-action-unit-create = Unit created
audit-action-unit-update = Unit changed
audit-action-unit-move = Unit moved
audit-action-unit-close = Unit closed
audit-action-unit-reopen = Unit reopened
audit-action-unit-seal_image = Seal image set
audit-action-weekly_report-draft = Weekly report drafted
audit-action-weekly_report-redraft = Weekly report redrafted
audit-action-weekly_report-save = Weekly report saved
audit-action-weekly_report-submit = Weekly report submitted
audit-entity-cadastre_licence = Mineral licence
audit-entity-cadastre_zone_layer = Zone layer
audit-entity-archive_record = Geological archive record
audit-entity-archive_request = Request for archive records
audit-entity-archive_submission = Data submission
audit-entity-account = Account
audit-entity-application = Dossier
audit-entity-calendar = Calendar
audit-entity-certificate = Certificate
audit-entity-document_type = Document type
audit-entity-dossier = Work dossier
audit-entity-incoming = Incoming document
audit-entity-job = Job
audit-entity-outgoing = Outgoing document
audit-entity-payment = Payment
audit-entity-person = Staff member
audit-entity-procedure = Procedure
audit-entity-session = Session
audit-entity-token = API token
audit-entity-unit = Unit
audit-entity-weekly_report = Weekly report
audit-entity_id_hint = e.g. 276/2026, 21/GM-ĐCKS, a dossier code
audit-system-payment_gateway = Payment gateway
audit-system-demo = Demo data
audit-system-crl-refresh = Revocation refresh
audit-system-lode_admin = lode admin command
audit-system-anonymous = Someone not signed in
audit-system-self-registration = Self-registration on the portal
audit-any = All
audit-namesakes = Several people match “{ $asked }”; choose one:
audit-username_or_name = username or name

field-gateway_txn = Gateway transaction
field-response_code = Gateway answer code
field-due_on = Result due
field-fee = Fee (VND)
field-txn_ref = Payment order
field-amount = Amount (VND)
field-procedure = Procedure
field-receipt_number = Receipt number

list-pages = Pages of the list

field-withdrawn_reason = Withdrawn by the applicant, because
field-dossier_code = Dossier code

preview-label = Document preview
preview-skip = Skip past the preview
preview-open = This device shows no PDF in the page: open the file
preview-shown_beside = being read
preview-show_beside = Read here
preview-shown = Shown

queue-more = See all

status-registered = Awaiting instruction
status-routed = Awaiting a handler
status-assigned = Being handled
status-completed = Completed
status-returned = Returned

urgency-normal = Normal
urgency-urgent = Urgent
urgency-very_urgent = Very urgent
urgency-most_urgent = Most urgent

channel-electronic = Electronic
channel-paper = Paper
channel-email = E-mail
channel-edxml = National document exchange platform
channel-internal = Internal

step-register = Registered
step-route = Instruction
step-assign = Assigned
step-reassign = Reassigned
step-complete = Completed
step-return = Returned
step-correct = Registration corrected
step-hand_back = Handed back to the leaders
step-note = Note
step-extend = Extended
step-ask_extension = More time asked
step-decline_extension = More time declined

field-text = Text
field-lead_unit_id = Lead unit
field-coordinating_unit_ids = Co-ordinating units
field-handler_id = Handler
field-from_to = Change
field-previous_handler_id = Previous handler
field-arrival = Arrival

fe-invalid_notation = Must look like 12/QĐ-BNNMT.
fe-invalid_date = The date is not valid (for example: 31/12/2026).
fe-in_future = Must not be after today.
fe-unsigned = The leader has not signed it digitally: have it signed first, or confirm the leader signed it on paper.
fe-date_out_of_range = The year must fall between 1900 and 2100.
fe-too_old = Must not be before the first of January of last year.
fe-after_received = Must not be after the received date.
fe-deadline_before_received = Must not be before the day the document arrived.
fe-deadline_past = Must not be before today.
fe-after_leader_deadline = Must not be later than the leader's deadline.
fe-day_off = The new date must be a working day (not a Saturday, a Sunday or a public holiday).
fe-too_late = Too late to apologise: the apology must be sent at least one working day before the date results were promised.
fe-not_later = Must be later than the present deadline.
fe-not_in_lead_unit = The handler must belong to the lead unit.
fe-not_cleared = This person may not read documents of this secrecy.
fe-same_handler = This person handles it already: choose someone else, or give a new deadline or a note.
fe-possible_duplicate = A document with the same issuer, notation and date is already registered.
fe-too_large_to_export = Too large to export as one file: choose a shorter period.
fe-empty_file = No file chosen, or the file chosen is empty.
fe-not_a_pdf = The file is not a PDF.
fe-out_of_range = Out of range.
fe-page_count_range = The number of pages is from 1 to 10,000.
fe-too_many = Too many.

nav-outgoing = Outgoing

outgoing-draft = Draft
outgoing-submit = Submit for review
outgoing-revise = Upload a new version
outgoing-approve = Approve
outgoing-send_back = Send back for changes
outgoing-withdraw = Withdraw to change it
outgoing-withdraw_hint = A draft not yet approved may be taken back to change it; its reviewers no longer see it waiting, and when it is submitted again its review starts over.
outgoing-issue = Number and date it
outgoing-send = Send
outgoing-recall = Recall

step-recalled = Recalled by the sender
step-answered = Answered by an outgoing letter
step-dossier_settled = The public-service dossier it carries was settled

field-delivered = Delivered to
field-outside = Sent outside
field-as = As
field-version = Version
field-zones = Zones
field-source = Source file

fe-not_a_docx = The file is not a DOCX document.
fe-above_clearance = Above your own clearance.

nav-dashboard = Dashboard

fe-before_opening = Must not be before the dossier was opened.
fe-before_latest_paper = Must not be before the day of the latest paper in the dossier.
fe-before_closing = Must not be before the dossier was closed.
fe-before_from = Must not be before the first day.
fe-too_long_period = At most ten years.

nav-org = Organisation
nav-people = People
nav-audit = Audit log
nav-api = API
nav-admin = Administration
nav-logout = Sign out

login-title = Sign in
login-lead = Staff sign in with the account they were given; businesses and citizens with the account they registered to file and follow dossiers.
login-submit = Sign in
login-failed = Wrong username or password.
login-throttled = Too many failed attempts. Try again in 15 minutes.
login-deactivated = This account is deactivated. Ask an administrator to reactivate it.
login-signed_out = You have signed out.
login-applicants = Businesses and citizens:
login-register = Register an account
login-demo_title = Demo accounts
login-demo_password = The password of every demo account:

home-greeting = Hello
home-what_people = Staff accounts, roles, clearance for secret documents, password resets.
home-what_org = The organisation: add, rename, move and dissolve units.
home-what_types = Document types, their abbreviations, numbering series and draft reviewers.
home-what_certificates = Staff certificates and units' seals: issue, import, revoke.
home-what_audit = Who did what, when and from where; check the log is intact.
home-what_jobs = Work the system runs by itself: mail, clean-up, reminders; run failed work again.
home-what_api = The programming interface (API) documentation, for software that works with lode.
home-administration = Administration
home-jobs_failed = { $count ->
    [one] One background job failed after its last attempt: see it and run it again
   *[other] { $count } background jobs failed after their last attempt: see them and run them again
}
home-jobs_fine = Background work runs normally.

queue-overdue = Overdue
queue-empty = Nothing here.

org-title = Organisation
org-new = New unit
org-moved = The unit was moved. Its identifier does not change by itself: if the unit changed level, correct it under “Edit the unit”.
org-closed = The unit was dissolved. Its documents and dossiers are kept and can still be found.
org-reopened = The unit is active again.
org-new_child = New unit below this one
org-show_closed = Show closed units
org-hide_closed = Hide closed units
org-children = Units below
org-edit = Edit the unit
org-move = Move the unit
org-history = History
org-people_of_unit = People of this unit

unit-closed = Dissolved

unit_kind-department = Department
unit_kind-office = Office
unit_kind-sub_department = Sub-department
unit_kind-centre = Centre
unit_kind-federation = Regional federation
unit_kind-team = Team

people-title = People and accounts
people-new = New staff member
people-new_external = New business or citizen account
people-edit = Edit the record
people-reset_password = Reset the password
people-signature = Signature image
people-no_signature = No signature image yet.
people-audit_trail = Audit trail of this account

kind-staff = Staff
kind-business = Business
kind-citizen = Citizen

role-administrator = Administrator
role-clerk = Clerk
role-agency_leader = Agency leader
role-unit_leader = Unit leader
role-specialist = Specialist
role-one_stop_officer = One-stop officer
role-archivist = Geological archivist
role-cadastre_officer = Mineral licence officer

clearance-none = None
clearance-confidential = Confidential (Mật)
clearance-secret = Secret (Tối mật)
clearance-top_secret = Top secret (Tuyệt mật)

status-active = Active
status-closed = Closed
status-inactive = Deactivated
status-revoked = Revoked

audit-title = Audit log
audit-verify = Verify the audit chain
audit-intact_n = The audit chain is intact: { $entries } entries checked, none changed or removed.
audit-broken = The audit chain was tampered with:
audit-head_seq = Last entry

nav-jobs = Background jobs

jobs-title = Background jobs
jobs-hint = Work the system does by itself: clearing sessions and unused files, finding overdue documents, sending e-mail, refreshing certificates. A failed job is tried again after a wait that doubles each time; after its last attempt it stays Failed.
jobs-all = All
jobs-kind = Job
jobs-state = State
jobs-attempts = Attempts
jobs-when = When
jobs-node = Node
jobs-error = Last error
jobs-retry = Run again
jobs-node_stopped = The node working on it stopped on its last attempt.
jobs-reported = Technical error
jobs-retried = The job is back in the queue.
jobs-not_failed = This job is no longer failed: nothing to run again.
jobs-state-queued = Queued
jobs-state-running = Running
jobs-state-done = Done
jobs-state-failed = Failed
jobs-kind-sessions_sweep = Clear expired sessions
jobs-kind-files_sweep = Remove files nobody uses
jobs-kind-notifications_sweep = Find overdue and due-soon documents
jobs-kind-mail_send = Send e-mail
jobs-kind-certificates_refresh = Refresh certificates from CRLs
jobs-kind-jobs_prune = Remove long-finished jobs

audit-head_hash = Last hash

account-title = My account
account-password = Change password
account-must_change = You must change your password before you go on.
account-sessions = Sessions
account-this_session = this session
account-unknown_browser = Another program

field-signed_in = Signed in
field-last_seen = Last seen
field-browser = Browser

action-close_other_sessions = Sign out everywhere else

account-tokens = API tokens
account-no_tokens = You have no API tokens yet.
account-token_once = Your new token (shown once only, save it now):

api-title = API reference
api-parameter = Parameter
api-in = In
api-required = Required
api-description = Description
api-body = Request body
api-responses = Responses
api-schemas = Schemas

change-created = Created

field-parent_id = Parent unit
field-unit_id = Unit
field-name = Name
field-signature_sha256 = Signature image
field-username = Username
field-password = Password
field-first_password = First password
field-current_password = Current password
field-new_password = New password
field-full_name = Full name
field-representative = Representative
field-position = Position
field-unit = Unit
field-unit_name = Unit name
field-parent = Parent unit
field-new_parent = New parent unit
field-abbreviation = Abbreviation
field-org_id = Organisation id (QCVN 102)
field-kind = Kind of unit
field-level = Signature level
sign-level_when_signed = { $level ->
        [B-B] a basic signature
        [B-T] with a time-stamp
        [B-LT] with a time-stamp and long-term validation data
        [B-LTA] with an archive time-stamp for long-term keeping
       *[other] level { $level }
    }
field-unit_level = Level in the structure
org-level_of = Level { $level }
history-system = The system
field-signed_by = Certificate of
field-attachments_sealed = Attachments sealed
field-account_kind = Account kind
field-role = Role
field-roles = Roles
field-clearance = Secrecy clearance
field-email = E-mail
field-phone = Telephone
field-organisation_name = Organisation
field-tax_code = Tax code
field-active = Active
field-unit_status = Unit status
unit_status-active = Active
unit_status-closed = Dissolved
field-notation_code = Abbreviation in the notation
field-outgoing_series = Outgoing numbering series
field-review_chain = Draft reviewers
field-status = Status
field-created_at = Created
field-closed_at = Closed
field-when = When
field-who = Who
field-address = Address
field-ip = IP address
field-action = Action
field-entity = Entity
field-entity_type = Entity type
field-entity_id = Number or code
field-change = Change
field-from = From
field-to = To
field-recipients = Recipients inside
field-outside_recipients = Recipients outside
field-proposed = Asked until
field-asked_by = Asked by
field-signature_file = Signature image file (PNG, JPEG, at most 1 MB)
field-token_name = Token name
field-prefix = Starts with
field-last_used = Last used
field-token_term = Valid for
field-expires_at = Expires

status-expired = Expired

unit-days = days

filter-search = Search
filter-apply = Filter
filter-clear = Clear the filters
filter-from_figure = The documents counted in the figure you opened on the dashboard:
filter-back_to_figures = Back to the dashboard

list-empty = No results.
list-fix_filters = Correct the filter marked above to see the list.
list-next = Next page
list-total = { $n ->
    [one] { $count } result
   *[other] { $count } results
}
list-total_more = More than { $count } results
list-page_of = Page { $page } of { $pages }
list-page_n = Page { $page }
list-previous = Previous page
list-sort_by = Sort by { $column }
list-sorted_asc = ascending
list-sorted_desc = descending

field-sort = Order
sort-relevance = Best match

sort-incoming--number = Newest first
sort-incoming-number = Oldest first
sort-incoming--received = Received, latest first
sort-incoming-received = Received, earliest first
sort-incoming-deadline = Deadline, earliest first (open letters first)
sort-incoming--deadline = Deadline, latest first (open letters first)
sort-outgoing--number = Newest first
sort-outgoing-number = Oldest first
sort-outgoing--issued = Issued, latest first
sort-outgoing-issued = Issued, earliest first
sort-dossiers--number = Newest first
sort-dossiers-number = Oldest first
sort-dossiers-title = Title, A to Z
sort-dossiers--title = Title, Z to A
sort-audit--when = Newest first
sort-audit-when = Oldest first
sort-audit-who = Who, A to Z
sort-audit--who = Who, Z to A

field-page = Page
field-before = Page
field-after = Page

fe-unknown_sort = The list cannot be ordered by this column
fe-page_range = No such page
fe-paging_by_key = Choose a numbered page when the list is ordered

form-has_errors = Please correct the errors below.

notice-saved = Saved.
org-created = The unit is added.

hint-org_id = Shape V1V2V3.Z1Z2.Y1Y2.MX1X2, for example 000.01.27.G12.
hint-password = At least 10 characters, letters with digits or symbols, not containing the username.
hint-reset_password = The person must change it at next sign-in; every open session ends.
hint-tokens = For programs using the API: send Authorization: Bearer <token>.

action-create = Create
action-save = Save
action-move = Move
action-close_unit = Close the unit
org-confirm_close = I confirm dissolving this unit
action-reopen_unit = Reopen the unit
action-upload = Upload
action-reset_password = Reset password
action-change_password = Change password
action-issue_token = Issue a token
action-revoke = Revoke

error-unauthenticated = Sign-in required
error-forbidden = You are not allowed to do this
error-not_found = Not found
error-home = Back to the home page
error-back = Back to the previous page
error-not_found_why = The page you opened does not exist, was removed, or is no longer yours to see (a letter passed to another unit, for instance); check its address, or search for what you need.
error-to_list = Back to the list
error-search = Search
error-search_letters = Search incoming documents
error-search_letters_hint = Number, notation or summary of a document
error-search_outgoing = Find an outgoing document
error-search_outgoing_hint = Number, notation or subject
error-search_services = Search public services
error-search_services_hint = Procedure name, field or code
error-no_route = No such API route
error-password_change_required = Password change required
error-csrf = The form expired or is not valid; reload the page
error-invalid = Invalid input
error-bad_request = Malformed request
error-unprocessable = Input of the wrong shape
error-conflict = Conflict with the current state
error-too_many_attempts = Too many attempts
error-payload_too_large = Payload too large
error-payload_too_large_why = Each file uploaded may be at most { $mb } MB, each box a few thousand characters. Use the browser's Back button to return to the page: what you typed is usually still there.
error-unsupported_media_type = Unsupported media type
error-internal = Internal error, try again later

fe-required = This field is required.
fe-unconfirmed = Tick the box to confirm: this cannot be undone.
fe-missing = This paper is missing: upload it as a PDF.
fe-count = Ask for at least one item.
fe-count_range = Write a whole number, at most 100,000.
fe-number_too_large = Too large: at most 1,000,000,000,000,000.
fe-wrong_type = A value of the wrong kind (a word where a number goes).

verify-sha1 = The signature uses SHA-1: it was checked and holds, but SHA-1 is no longer accepted for new signatures.

fe-tax_code_taken = A business with this tax code has an account already; its holder files for the business.
fe-too_long = Is too long.
fe-too_short = Is too short.
fe-control_chars = Contains invalid characters.
fe-invalid_org_id = Must have the shape V1V2V3.Z1Z2.Y1Y2.MX1X2, e.g. 000.01.27.G12.
fe-invalid_org_id_levels = A lower level is set while a level above it is 00.
fe-invalid_abbreviation = Only letters, digits and inner hyphens.
fe-invalid_choice = Not one of the allowed values.
fe-taken = Is already taken.
fe-abbreviation_taken = Another unit under the same parent uses this abbreviation.
fe-not_found = Does not exist.
fe-not_a_number = Must be a number.
fe-negative_number = Must not be below zero.
fe-whole_number = Must be a whole number, such as 3.
fe-ambiguous_number = This number is unclear: write 2500 for two thousand five hundred, or 2.5 for two and a half.
fe-too_deep = The organisation has at most 4 levels.
fe-move_into_own_subtree = A unit cannot move under itself or its descendants.
fe-parent_closed = The parent unit is closed.
fe-root_fixed = The department itself cannot move.
fe-unit_closed = The unit is closed.
fe-invalid_username = Only letters a-z, digits and . _ - @ +.
fe-invalid_email = Not an e-mail address.
fe-invalid_phone = Not a telephone number (e.g. 0912 345 678).
fe-invalid_tax_code = A tax code has 10 digits, or 10-3.
fe-tax_code_checksum = The check digit of this tax code is wrong.
fe-too_weak = Must mix letters with digits or symbols.
fe-contains_username = Must not contain the username.
fe-wrong_password = The current password is wrong.
fe-unchanged = Must differ from the current password.
fe-file_too_large = The file is too large (1 MB at most).
fe-wrong_file_type = The file is not a PNG or JPEG image.
fe-login_failed = Wrong username or password.

nav-dossiers = Dossiers

fe-choose = Choose one.
fe-lead_coordinates = The lead unit is not also a coordinating unit: untick it among the coordinating units.
fe-choose_one = Choose exactly one document or one file.
fe-choose_role = Choose at least one role.
fe-invalid_retention = Retention is a number of years or permanent.
fe-not_in_unit = Must belong to the unit.
fe-empty = The dossier is empty.

nav-registers = Registers

fe-before_start = Cannot be before the first day.

done-outgoing-created = The draft is saved. Next: submit it for review (under “Submit for review” below).
done-outgoing-revise = The draft is updated.
done-outgoing-edit = The draft's details were corrected.
done-outgoing-submit = Sent for review: the draft waits for the reviewers named under “Waiting for”.
done-outgoing-approve = Approved.
done-outgoing-send-back = Sent back to its author.
done-outgoing-withdraw = The draft is withdrawn; change it and submit it again.
done-outgoing-issue = Numbered and dated. Next: seal it, then send it out (signed on paper: put its scan in first).
done-outgoing-sign = Signed.
done-outgoing-seal = Sealed. Next: send it out.
done-outgoing-scan = The scan of the paper signed is the document now. Next: seal it.
done-outgoing-send = Sent out: the units of the department receive it now; recipients outside, through the national document exchange.
done-outgoing-recall = Recalled.
done-incoming-registered = Registered.
done-incoming-route = Routed.
done-incoming-assign = Assigned.
done-incoming-complete = Completed.
done-incoming-return = Returned to its sender.
done-incoming-correct = The registration is corrected; what it said before is kept in its history.
done-incoming-hand_back = Handed back to the leaders to send to another unit; they have been told.
done-incoming-note = Note added.
done-incoming-extend = Deadline extended.
done-incoming-ask_extension = Your request for more time was sent.
done-incoming-decline_extension = The request was declined; whoever asked has been told.

account-api_docs = The API's documentation

nav-notifications = Notifications
nav-account = Account

notifications-title = Notifications

notice-registration_again-title = Someone tried to register again with your address
notice-registration_again-body = Someone asked to register a new public services account with the address { $username }, which has an account already. No account was created. If it was you, sign in with your account; if you forgot your password, choose "Forgotten your password?" on the sign-in page.
notice-verify_email-title = Confirm your e-mail address
notice-verify_email-body = The public services account { $username } was registered with this address. Open the link below within { $hours } hours to confirm it; if you did not register, ignore this message.
notice-incoming_overdue-title = Incoming document { $arrival }/{ $year } ({ $notation }) is overdue
notice-incoming_overdue-body = It was due on { $deadline_day }. Please handle it now; for more time, ask for it on the document's page.
notice-incoming_overdue_secret-title = Incoming document { $arrival }/{ $year } (a secret document) is overdue
notice-incoming_overdue_secret-body = It was due on { $deadline_day }. Please handle it now; for more time, ask for it on the document's page.
notice-incoming_due_soon-title = Incoming document { $arrival }/{ $year } ({ $notation }) is due soon
notice-incoming_due_soon-body = It is due on { $deadline_day }.
notice-incoming_due_soon_secret-title = Incoming document { $arrival }/{ $year } (a secret document) is due soon
notice-incoming_due_soon_secret-body = It is due on { $deadline_day }.
notice-incoming_registered-title = Incoming document { $arrival }/{ $year } ({ $notation }) awaits your instruction
notice-incoming_registered-body = Subject: { $subject }. Please give your instruction and name the unit to lead.
notice-incoming_registered_secret-title = Incoming document { $arrival }/{ $year } (a secret document) awaits your instruction
notice-incoming_registered_secret-body = A secret document is read only when opened: open it to read it and give your instruction.
notice-incoming_routed-title = Incoming document { $arrival }/{ $year } ({ $notation }) was sent to your unit to lead
notice-incoming_routed-body = Subject: { $subject }.{ $has_deadline ->
        [yes] { " " }Deadline: { $deadline_day }.
       *[no] { "" }
    } Please assign someone to handle it.{ $has_note ->
        [yes] { " " }Instruction: { $note }
       *[no] { "" }
    }
notice-incoming_routed_secret-title = Incoming document { $arrival }/{ $year } (a secret document) was sent to your unit to lead
notice-incoming_routed_secret-body = A secret document is read only when opened: open it to read it and assign someone to handle it.{ $has_deadline ->
        [yes] { " " }Deadline: { $deadline_day }.
       *[no] { "" }
    }
notice-incoming_handed_back-title = Incoming document { $arrival }/{ $year } ({ $notation }) was handed back for your instruction
notice-incoming_handed_back-body = Subject: { $subject }. { $by } handed it back, saying: “{ $note }”. Please instruct again and send it to another unit to lead.
notice-incoming_handed_back_secret-title = Incoming document { $arrival }/{ $year } (a secret document) was handed back for your instruction
notice-incoming_handed_back_secret-body = A secret document is read only when opened. { $by } handed it back: open it to read why and instruct again.
notice-incoming_coordinating-title = Incoming document { $arrival }/{ $year } ({ $notation }): your unit is to help
notice-incoming_coordinating-body = Subject: { $subject }.{ $has_deadline ->
        [yes] { " " }Deadline: { $deadline_day }.
       *[no] { "" }
    } Your unit is to work with the lead unit on it.{ $has_note ->
        [yes] { " " }Instruction: { $note }
       *[no] { "" }
    }
notice-incoming_coordinating_secret-title = Incoming document { $arrival }/{ $year } (a secret document): your unit is to help
notice-incoming_coordinating_secret-body = A secret document is read only when opened; your unit is to work with the lead unit on it.{ $has_deadline ->
        [yes] { " " }Deadline: { $deadline_day }.
       *[no] { "" }
    }
notice-incoming_assigned-title = You are assigned incoming document { $arrival }/{ $year } ({ $notation })
notice-incoming_assigned-body = Subject: { $subject }.{ $has_deadline ->
        [yes] { " " }Deadline: { $deadline_day }.
       *[no] { "" }
    }{ $has_note ->
        [yes] { " " }Instruction: { $note }
       *[no] { "" }
    }
notice-incoming_assigned_secret-title = You are assigned incoming document { $arrival }/{ $year } (a secret document)
notice-incoming_assigned_secret-body = A secret document is read only when opened.{ $has_deadline ->
        [yes] { " " }Deadline: { $deadline_day }.
       *[no] { "" }
    }
notice-incoming_extension_asked-title = More time asked for incoming document { $arrival }/{ $year } ({ $notation })
notice-incoming_extension_asked-body = { $by } asks for more time until { $deadline_day }. Subject: { $subject }.{ $has_note ->
        [yes] { " " }Reason: { $note }
       *[no] { "" }
    }
notice-incoming_extension_asked_secret-title = More time asked for incoming document { $arrival }/{ $year } (secret)
notice-incoming_extension_asked_secret-body = { $by } asks for more time until { $deadline_day }. The reason is read only when the document is opened.
notice-incoming_extended-title = Incoming document { $arrival }/{ $year } ({ $notation }) has more time
notice-incoming_extended-body = { $by } extended the deadline to { $deadline_day }. Subject: { $subject }.{ $has_note ->
        [yes] { " " }Reason: { $note }
       *[no] { "" }
    }
notice-incoming_extended_secret-title = Incoming document { $arrival }/{ $year } (secret) has more time
notice-incoming_extended_secret-body = { $by } extended the deadline to { $deadline_day }.
notice-incoming_reassigned_away-title = Incoming document { $arrival }/{ $year } ({ $notation }) is handed to someone else
notice-incoming_reassigned_away-body = Its handler now: { $by }. You no longer handle it. Subject: { $subject }.{ $has_note ->
        [yes] { " " }Note: { $note }
       *[no] { "" }
    }
notice-incoming_reassigned_away_secret-title = Incoming document { $arrival }/{ $year } (secret) is handed to someone else
notice-incoming_reassigned_away_secret-body = Its handler now: { $by }. You no longer handle it.
notice-incoming_extension_passed_on-title = Your request for more time on incoming document { $arrival }/{ $year } ({ $notation }) went to the leaders
notice-incoming_extension_passed_on-body = { $by } asked the leaders for more time until { $deadline_day }. Subject: { $subject }.
notice-incoming_extension_passed_on_secret-title = Your request for more time on incoming document { $arrival }/{ $year } (secret) went to the leaders
notice-incoming_extension_passed_on_secret-body = { $by } asked the leaders for more time until { $deadline_day }.
notice-incoming_extension_declined-title = More time declined for incoming document { $arrival }/{ $year } ({ $notation })
notice-incoming_extension_declined-body = { $by } declined more time; the deadline stays { $deadline_day }. Subject: { $subject }.{ $has_note ->
        [yes] { " " }Reason: { $note }
       *[no] { "" }
    }
notice-incoming_extension_declined_secret-title = More time declined for incoming document { $arrival }/{ $year } (secret)
notice-incoming_extension_declined_secret-body = { $by } declined more time; the deadline stays { $deadline_day }. The reason is read only when the document is opened.
notice-dossier_result_issued-title = Dossier { $code } has its result
notice-dossier_result_issued-body = Document { $notation } was issued. Please return the result to the applicant from the dossier's page.
notice-outgoing_review-title = A draft awaits your review: { $subject }
notice-outgoing_review-body = Drafted by { $author }. Please review it, then approve it or send it back.
notice-outgoing_review_secret-title = A secret draft awaits your review
notice-outgoing_review_secret-body = A secret draft is read only when opened.
notice-outgoing_to_issue-title = Approved and signed, awaiting its number: { $subject }
notice-outgoing_to_issue-body = Please number, seal and issue it.
notice-outgoing_to_issue_secret-title = A secret document was approved and signed and awaits its number
notice-outgoing_to_issue_secret-body = A secret document is read only when opened: open it to number, seal and issue it.
notice-outgoing_sent_back-title = Your draft was sent back: { $subject }
notice-outgoing_sent_back-body = { $by } sent it back: “{ $reason }”. Please revise the draft and submit it again.
notice-outgoing_sent_back_secret-title = Your secret draft was sent back
notice-outgoing_sent_back_secret-body = A secret draft: the reviewer's comments are read only when it is opened.
notice-outgoing_sent-title = Your document was sent out as number { $notation }
notice-outgoing_sent-body = Subject: { $subject }.
notice-outgoing_sent_secret-title = Your secret document was sent out as number { $notation }
notice-outgoing_sent_secret-body = A secret document is read only when opened.
notice-certificate_expiring-title = A certificate expires soon
notice-certificate_expiring-body = The certificate { $subject } expires on { $expiry_day }. Ask for a new one before then.
notice-application_accepted-title = Dossier { $code }: accepted
notice-application_accepted-body = The dossier was accepted and passed to the office that decides on it.
notice-application_submitted-title = Dossier { $code }: filed online
notice-application_submitted-body = The dossier is filed under code { $code }. The one-stop desk checks it and tells you when it is accepted; follow it with this code.
notice-application_paid-title = Dossier { $code }: fees paid
notice-application_paid-body = Fees of { $amount_dong } VND for dossier { $code } were received (receipt number { $receipt }).
notice-application_incomplete-title = Dossier { $code }: to be completed
notice-application_incomplete-body = Please complete the dossier (form 02): { $reason }
notice-application_refused-title = Dossier { $code }: not accepted
notice-application_refused-body = The dossier was not accepted (form 03): { $reason }
notice-application_result-title = Dossier { $code }: the result is ready
notice-application_result-body = The result is ready: document { $notation } ({ $subject }), digitally signed; collect it online on the public services portal or at the one-stop desk.
notice-archive_request_approved-title = Dossier { $code }: the request to use archive records is approved
notice-archive_request_approved-body = The geological archive approved the request of dossier { $code }. Read the records from the page of your requests. { $note }
notice-archive_copies_approved-title = Dossier { $code }: the request for certified copies is approved
notice-archive_copies_approved-body = The geological archive approved copies for dossier { $code }. The digitally signed copies are being made; you will be told when they are ready to download from the page of your requests. { $note }
notice-archive_request_waiting-title = Dossier { $code }: a request to use archive records waits for a decision
notice-archive_request_waiting-body = The one-stop desk accepted dossier { $code }, a request to use archive records. Decide on it from the page of requests for records.
notice-archive_request_refused-title = Dossier { $code }: the request to use archive records is refused
notice-archive_request_refused-body = Reason: { $note }
notice-archive_appointment-title = Dossier { $code }: your visit to the reading room
notice-archive_appointment-body = You are expected in the reading room of the Centre for Geological Information, Archives and Data at { $visit_time } on { $visit_day }; bring an identity document and the dossier code { $code }. { $note }
notice-licence_expiring-title = Licence { $number } expires soon
notice-licence_expiring-body = Licence { $number } of { $holder } ends on { $due_day }.
notice-licence_extension_deadline-title = Licence { $number }: the extension must be filed soon
notice-licence_extension_deadline-body = The application to extend licence { $number } of { $holder } must be filed by { $due_day } (while the licence still runs at least 45 days).
notice-licence_report_due-title = Licence { $number }: report for { $year }
notice-licence_report_due-body = The report on the work of { $year } under licence { $number } of { $holder } is due by { $due_day }.
notice-licence_fee_due-title = Licence { $number }: mining-right fee for { $year }
notice-licence_fee_due-body = The mining-right fee for { $year } under licence { $number } of { $holder } is due by { $due_day }.
notice-application_apology-title = Dossier { $code }: an apology and a new date for the result
notice-application_apology-body = Letter of apology with a new date for the result (form 04): { $reason }. The new date is { $new_day } (it was { $old_day }). The office sincerely apologises.
notice-application_officer_message-title = Dossier { $code }: a message from the officer
notice-application_officer_message-body = { $text }
notice-application_message-title = A message about dossier { $code }
notice-application_message-body = { $text }
notice-application_overdue-title = Dossier { $code } is overdue
notice-application_overdue-body = The result was due on { $due_day }. Return it as soon as it is ready.
notice-application_due_soon-title = Dossier { $code } is due soon
notice-application_due_soon-body = The result is due on { $due_day } ({ $days_left } working days left). If it cannot be ready by then, the letter of apology with a new date (form 04) must go out by { $apologise_day }.

notifications-mark_all = Mark all read
notifications-none = No notifications.
notifications-all = All
notifications-unread = Unread
notifications-new = New
notifications-none_unread = No unread notifications.

nav-types = Document types
nav-certificates = Certificates

conflict-the_request_is_decided_already__or_its_dossier_is_not_accepted_at_the_desk = The request is decided already, or its dossier is not accepted at the desk yet.
conflict-another_version_of_this_procedure_was_saved_since_the_form_was_opened = Another version of this procedure was saved since you opened this page. What you typed is kept below: compare it with the version just saved, then save again if you still want yours.
conflict-a_document_lode_delivered_is_corrected_by_its_sender__who_sends_it_anew = A document lode delivered is corrected by its sender, who sends it anew.
conflict-the_document_is_signed_already__it_is_no_longer_sent_back = The document is signed already: it can no longer be sent back.
conflict-the_request_is_decided_already = The request is decided already.
conflict-no_fee_is_owed_for_a_refused_request = No fee is owed for a refused request.
conflict-only_a_draft_not_filed_yet_is_discarded__a_dossier_filed_is_withdrawn = Only a draft not filed yet can be deleted; a dossier filed is withdrawn.
conflict-the_draft_was_filed_meanwhile__it_is_withdrawn__not_discarded = The draft was filed meanwhile, so it cannot be deleted; withdraw it if needed.
conflict-the_request_is_no_approved_copy = The request is no approved copy.
conflict-the_request_is_filed_already = The request is filed already.
conflict-the_dossier_is_no_longer_in_handling = The dossier is no longer in handling (withdrawn, or answered already).
conflict-the_dossier_s_result_is_an_outgoing_document_of_the_office__not_a_paper_of_its_own = This dossier's result is an outgoing document of the office, not a paper of the unit's own.
conflict-the_submission_was_decided_or_changed_by_someone_else = The submission was decided or changed by someone else. Reload the page to see the outcome.
conflict-the_entry_was_not_checked = The catalogue entry was not checked.
conflict-the_submission_is_not_decided = The submission is neither accepted nor returned yet.
conflict-the_submission_has_no_paper_yet = The submission has no receipt or notice yet.
conflict-the_paper_is_made__or_being_made__nothing_to_try_again = The paper is made or being made: nothing to try again.
conflict-other = This cannot be done in the record's present state.
conflict-the_dossier_changed_already = the dossier changed already
conflict-this_dossier_has_no_fee_to_pay = this dossier has no fee to pay
conflict-the_fee_is_paid_already = the fee is paid already
conflict-the_result_has_no_PDF = the result has no PDF
conflict-the_dossier_has_no_such_paper = the dossier has no such paper
conflict-the_document_has_no_number_yet = the document has no number yet
conflict-the_day_s_dossier_codes_are_used_up = the day's dossier codes are used up
conflict-only_a_failed_job_is_put_back_in_the_queue = only a failed job is put back in the queue
conflict-online_payment_is_not_available__pay_at_the_desk = online payment is not available: pay at the desk
conflict-lode_s_certificate_authority_is_not_set_up__lode_pki_init_ = lode's certificate authority is not set up (lode pki init)
conflict-lode_runs_no_certificate_authority_here__a_certificate_is_revoked_by_its_issuer = lode runs no certificate authority here: a certificate is revoked by its issuer
conflict-this_certificate_was_issued_elsewhere__its_issuer_revokes_it__and_lode_reads_that_from_its_CRL = this certificate was issued elsewhere: its issuer revokes it, and lode reads that from its CRL
conflict-confirm_your_e-mail_address_first__open_the_link_in_the_message_sent_to_it = confirm your e-mail address first: open the link in the message sent to it
conflict-lode_must_keep_at_least_one_active_administrator__appoint_another_one_first = lode must keep at least one active administrator: appoint another one first
conflict-the_department_itself_cannot_be_closed = the department itself cannot be closed
conflict-this_account_is_deactivated__ask_an_administrator_to_reactivate_it = this account is deactivated: ask an administrator to reactivate it
conflict-the_unit_still_has_units_under_it__move_or_close_them_first = the unit still has units under it: move or close them first
conflict-the_unit_still_has_active_people__move_them_to_another_unit_first = the unit still has active people: move them to another unit first
conflict-the_document_changed_while_its_number_was_written = the document changed while its number was written
conflict-the_document_is_already_in_this_dossier = the document is already in this dossier
conflict-the_dossier_changed_since_it_was_read = the dossier changed since it was read
conflict-the_dossier_is_not_filed_yet__there_is_no_one_to_write_to = the dossier is not filed yet: there is no one to write to
conflict-the_dossier_is_not_submitted_yet__no_receipt = the dossier is not submitted yet: no receipt
conflict-the_dossier_is_not_accepted__the_receipt_slip_is_issued_on_acceptance = The dossier is not accepted: the receipt slip is issued on acceptance.
conflict-the_dossier_was_submitted_or_changed_already = the dossier was submitted or changed already
conflict-the_file_changed_while_it_was_being_signed = the file changed while it was being signed
conflict-the_parent_unit_is_closed__reopen_it_first = the parent unit is closed: reopen it first
conflict-the_profile_changed_since_it_was_read = the profile changed since it was read
conflict-the_report_was_changed_by_someone_else = the report was changed by someone else
conflict-the_report_was_submitted__it_can_no_longer_change = the report was submitted: it can no longer change
conflict-nobody_may_grant_more_time_now = No leader can extend this letter now: tell the leader who gave it to you directly.
conflict-no_request_for_more_time_waits = No request for more time waits for an answer: it may have been answered already.
conflict-signed_in_lode__the_signed_file_is_the_document = The leader signed it in lode: the signed file is the document, not a scan.
conflict-sealed_already = The document is sealed already and can no longer change.

services-title = Online public services

nav-desk = One-stop desk
nav-applications = My dossiers
nav-services = Public services
nav-archive = Geological archive
nav-licences = Mineral licences

track-title = Follow a dossier

account-profile_business = The organisation
account-profile_citizen = Your details

register-phone = Telephone
register-organisation_name = Organisation's registered name
register-tax_code = Tax code
register-address = Address
register-representative = Legal representative

fe-invalid_code = 1 to 10 letters or digits, starting with a capital.
fe-out_of_order = The unit's leader reviews before the body's.
fe-repeated = Each reviewer reviews once.
fe-immutable = Cannot change.

issuer_scope-ministry = Inside the ministry
issuer_scope-outside = Outside the ministry
issuer_scope-organisation = A unit of the department

field-code = Code
field-item_id = Entry
field-incoming_id = Incoming document
field-outgoing_id = Outgoing document
field-on_issue = On numbering

verify-title = Verify digital signatures
app-coordinates = Coordinate converter
app-licence_map = Mineral map
verify-hint = Upload a signed PDF to see who signed it, whether it is intact, whether each signature is valid and trusted, and what changed after signing. The file is not kept.
verify-file = PDF file
verify-check = Verify
verify-unreadable = The file cannot be read
verify-none = The document has no digital signature.
verify-none_means = Nothing says who issued it or whether it was changed. Compare it with the original, or ask its sender for a digitally signed copy.
verify-no_anchors = No trust anchors are configured: integrity and signatures only.
verify-signature = Signature
verify-valid = Valid
verify-invalid = Not valid
verify-signer = Signer
verify-time = Signing time (claimed)
verify-intact = Content intact
verify-level = Level
verify-proven_time = Signing time (proven by timestamp)
verify-revocation = Revocation
verify-cryptography = Signature verifies
verify-trusted = Trusted
verify-whole_file = What the signature covers
verify-covers_all = The whole file
verify-covers_earlier = The file as it was when signed; what was added after is listed below
verify-verdict_ok = { $count ->
    [one] The digital signature is valid; the document was not changed after signing.
   *[other] All { $count } digital signatures are valid; the document was not changed after signing.
}
verify-verdict_bad = Do not rely on this document: a signature is not valid or its content was changed after signing.
verify-verdict_failing = Signatures with problems: number { $failing }. See each signature below.
verify-changes = Changes after signing
verify-allowed = allowed
verify-not_allowed = NOT allowed
verify-yes = Yes
verify-no = No
verify-another = Verify another document

fe-unreadable_pdf = The PDF cannot be read.

step-verify_signatures = Signatures verified

field-signatures = Signatures
field-valid = Valid
field-type_code = Document type
field-kind_of = Kind
field-self_registered = Registered themselves
field-serial = Certificate serial number
field-certificate_issuer = Certificate issued by
item_kind-incoming = Incoming document
item_kind-outgoing = Outgoing document
item_kind-file = File
field-place = Place
org-place_hint = The place written before the date on documents (for example: Hà Nội). Left empty, the place of the body above is used.
form-required_hint = Fields marked * are required.

fe-invalid = The value is not valid.
fe-unknown = No such item: choose from the list.
fe-range = The value is outside the range allowed.
fe-order = The end comes before the start.
fe-choice = Choose from the list.
fe-number = Enter a number (up to three decimals).
fe-unknown_field = This is not a field of the form.
fe-mismatch = The code differs from the address's.
fe-invalid_range = The start must come before the end, at most a year apart.
list-too_many_to_rank = Too many documents match the words to weigh them: the newest come first. Add words or filters to narrow the search.
login-unconfirmed = The account's e-mail address is not confirmed yet. A confirmation link has been sent to { $email } (not again if one went in the last { $minutes } minutes): open the message, follow the link, then sign in. If it has not arrived, look in the spam folder too.
login-username = Username
login-username_hint = Sign in with your username or with the e-mail address of your account.
change-a_file = a file uploaded
field-revoked_at = Revoked at
field-revocation_reason = Reason for revocation
front-lead = The agency's portal: online public services, dossier tracking, mineral licences, the map and the geological archive.
front-services_what = Find an administrative procedure, its papers, fees and time limits, and file a dossier online.
front-track_what = See where a dossier stands with its code and the phone number given.
front-verify_what = Check the digital signatures and seals on the agency's electronic documents.
front-licences_what = Look up exploration and mining licences in force.
front-map_what = See licensed areas and the zones closed to mining on a map.
front-archive_what = Find geological reports and records, and ask to consult or copy them.
front-coordinates_what = Convert coordinates between VN-2000 and WGS84.
front-accounts = Accounts
front-accounts_what = Staff sign in with the account they were given. Businesses and citizens register to file and follow dossiers online.
# the document types of Appendix III of Decree 30/2020, by their codes
doc_type-NQ = Resolution
doc_type-QDD = Decision
doc_type-CT = Directive
doc_type-QC = Regulation
doc_type-QyDD = Rules
doc_type-TC = Communiqué
doc_type-TB = Notice
doc_type-HD = Guidance
doc_type-CTr = Programme
doc_type-KH = Plan
doc_type-PA = Scheme
doc_type-DDA = Project proposal
doc_type-DA = Project
doc_type-BC = Report
doc_type-BB = Minutes
doc_type-TTr = Submission
doc_type-HDD = Contract
doc_type-CV = Official letter
doc_type-CDD = Official telegram
doc_type-BGN = Memorandum
doc_type-BTT = Agreement
doc_type-GUQ = Power of attorney
doc_type-GM = Invitation
doc_type-GGT = Letter of introduction
doc_type-GNP = Leave permit
doc_type-PG = Dispatch slip
doc_type-PC = Transfer slip
doc_type-PB = Notification slip
doc_type-THC = Official mail
doc_type-SY = Certified copy
doc_type-TrS = Extract copy
doc_type-SL = Transcribed copy
doc_type-HSTT = Administrative procedure dossier
verify-level_b = a basic signature, without a timestamp
verify-level_t = with a timestamp proving when it was signed
verify-level_lt = with a timestamp and the data to check it in the long term
verify-level_lta = with a timestamp, long-term validation data and an archive timestamp
done-person-created = The account is created. Its holder must change the password at the first sign-in.
done-person-saved = The person's details are saved.
done-person-inactive = Saved. The account is deactivated: its holder cannot sign in until it is reactivated.
done-person-password_reset = The password is reset; its holder must change it at the next sign-in.
done-person-signature = The signature image is saved.
fe-not_pdf_or_docx = Only PDF or DOCX files are taken.
login-forgotten = Forgotten your password?
forgotten-title = Forgotten password
forgotten-lead = Type the account's username or e-mail address: lode mails the account's address a link to set a new password.
forgotten-who = Username or e-mail address
forgotten-send = Send the link
fe-who_needed = Type a username or an e-mail address.
forgotten-too_many = Too many requests from this network address in the last hour. Please try again later.
forgotten-sent = If this name or address belongs to an account with an e-mail address, a link to reset the password has been sent there; it works once, within { $minutes } minutes. If it has not arrived, look in the spam folder too; an account without an e-mail address is reset by an administrator.
forgotten-new_title = Set a new password
forgotten-for_account = For the account { $username }.
forgotten-set = Set the password
forgotten-link_invalid = The link no longer works (used or expired)
forgotten-ask_again = Ask for a new link
forgotten-done = The new password is set
forgotten-sign_in_as = Sign in as { $username } with the new password. The account's other sessions have ended.
notice-password_reset-title = Reset your password
notice-password_reset-body = Someone asked to reset the password of the account { $username }. Open the link below within { $minutes } minutes to set a new password; if it was not you, ignore this message and the old password stays.
audit-action-account-password_reset_mailed = Password reset link mailed
audit-action-account-password_reset_by_link = New password set through the link
fe-link_invalid = The link no longer works (used or expired).
file-limit = At most { $mb } MB a file.
file-too_large = The file is too large: at most { $mb } MB a file.

people-in_hand = Work in hand
people-in_hand_hint = Before moving this person to another unit or deactivating the account, ask the unit's leader to hand this work to someone else.
people-confirm_in_hand = Save all the same: I know this person still holds work
fe-work_in_hand = This person still holds work (see “Work in hand”): hand it on first, or tick the confirmation below and save again.
fe-scan_needed = Signed on paper: put the scan of the signed paper in first.
form-box_missing = Please fill in this box.
form-box_choose = Please choose one of these options.
form-box_mistyped = This does not read as it should: please check it.
form-unsaved = Changes not saved will be lost.
form-box_day_typed = Type the day as day/month/year, for example 31/12/2026.
form-day_pick = Pick the day on a calendar
form-file_pick = Choose a file
form-file_none = No file chosen
form-files_many = %1 files
form-confirm_no = Go back
form-box_day_none = There is no day %1 in the calendar: please check the day and the month.
form-box_tick = Tick this box if it is so.
form-box_day_max = Choose a day no later than %1.
form-box_day_min = Choose a day no earlier than %1.
form-box_number_max = Enter a number no greater than %1.
form-box_number_min = Enter a number no less than %1.
