### lode: the online public services, in English.

pay-order = Payment order
pay-amount = Amount
pay-dong = VND
pay-receipt_number = Receipt number

desk-waiting = Dossiers waiting at the desk
desk-results_issued = Results issued, not yet returned
desk-done-accepted = The dossier is accepted and entered for handling; the applicant has been told.
desk-done-incomplete = The applicant is asked to complete the dossier (form 02) and has been told.
desk-done-refused = The dossier is refused (form 03); the applicant has been told.
desk-done-published = The result was returned online: the applicant has been told and downloads it (digitally signed) from their dossier's page.
desk-done-handed_over = The result's return to the applicant was recorded.
desk-done-apologised = The apology with a new date was sent (form 04). The applicant has been told.
desk-done-message_sent = The message was sent to the applicant.
handling-returned_online_hint = The electronic result was returned online; the dossier counts as returned when the applicant downloads it. Record below only a paper copy handed over at the desk or posted.

apps-phone = Contact telephone
apps-done-saved = The draft is saved.
apps-done-area_read = The file's corner points were read into the area asked for and the draft saved. Check the corner points.
apps-done-uploaded = The paper is uploaded.
apps-fee_owed = The dossier's fee: { $amount } dong, not yet paid.
apps-done-submitted = The dossier is submitted: its code and the day its result is due are above; the receipt slip comes when the one-stop desk accepts it.
apps-done-withdrawn = The dossier is withdrawn.
apps-done-message_sent = The message is sent to the officers.
apps-done-resumed = You have a draft of this procedure: carry on with it below.
apps-done-discarded = The draft was deleted.
apps-discard = Delete the draft
apps-discard_hint = A dossier not filed is deleted for good with what was typed in it; the papers uploaded no longer belong to it.
apps-confirm_discard = I want to delete this draft
apps-submitted_on = Filed on
apps-begun_on = not filed, begun on

portal-applications = My dossiers
portal-no_applications = You have not applied for anything yet.

register-too_many = Too many registrations from this network address in the last hour. Please try again later.

services-hint = The geology and minerals procedures the department handles: the documents, the forms, the fees and the deadlines.
services-search = Find a procedure
services-search_hint = e.g. licence extension
services-search_button = Search
services-nearest = No procedure holds every word typed. { $count ->
    [one] The nearest procedure (holding the most words):
   *[other] The { $count } nearest procedures (holding the most words):
}
services-none = No procedure matches.
services-code = Code
services-name = Procedure
services-level = Service level
services-level_full = Fully online
services-level_partial = Partly online
services-in_person = filed in person
services-deadline = Deadline
services-days_n = { $days ->
    [one] one day
   *[other] { $days } days
}
services-working_days_n = { $days ->
    [one] one working day
   *[other] { $days } working days
}
services-from_receipt = from the receipt of a complete dossier
services-field = Field
services-applicants = Who may apply
services-count = { $count ->
    [one] One procedure in force
   *[other] { $count } procedures in force
}
services-found = { $count ->
    [one] One procedure found
   *[other] { $count } procedures found
}
services-only_business = This procedure is for organisations and businesses: sign in with your organisation's account to file.
services-only_citizens = This procedure is for citizens: sign in with a personal account to file.
services-business = Businesses and organisations
services-citizen = Citizens
services-result = Result
services-version = Version
services-in_force_from = in force from
services-legal_basis = Legal basis
services-documents = Documents of the dossier
services-optional = if any
services-signed = digitally signed
services-download_form = Download the form
services-fee = Fees
services-free = No fee.
services-fee_by = By
services-above = Above the top bracket
services-band-from = from { $n }
services-band-above = above { $n }
services-band-below = below { $n }
services-band-to_below = to below { $n }
services-band-to = to { $n }
services-band-up_to = up to { $n }
services-of_part_above = of the part above
services-mining_right = T = Q × G × K1 × K2 × R: Q the reserve counted, G the resource-tax price, K1 by mining method, K2 by the area's conditions, R the rate by mineral group.
services-stages = Stages of the handling
services-role_desk = The one-stop desk
services-role_specialist = The handling specialist
services-role_unit_leader = The handling unit's leader
services-role_leader = The department's leader
services-edit = Edit the procedure (a new version)
services-edit_hint = The procedure as JSON. Saving makes a new version in force from the effective date it gives (after the current version's start); dossiers received already stay under their version.
services-definition = The definition (JSON)
services-save_version = Save as a new version
services-versions = Versions
services-calendar = Working calendar and holidays
services-calendar_hint = Holidays by the Labour Code (Tết and the Hùng Kings' day by the lunar calendar), compensatory days, and the government's swapped and make-up days. Deadlines in working days skip these days off.
services-day = Day
services-kind = Kind
services-what = What
services-day_off = Day off
services-working_day = Working day
services-back_to_rule = Back to the rule
services-edit_calendar = Edit the working calendar
services-edit_calendar_hint = Enter the government's yearly swapped days off and make-up days; the statutory holidays are computed.
services-save_day = Save

desk-title = One-stop desk: public-service dossiers
desk-none = No dossier.
desk-applicant = Applicant
desk-filed_by = Filed by
desk-present = present
desk-missing = missing
desk-not_given = not given (optional)
desk-decide = Check and decide
desk-decision = Decision
desk-accept = Accept the dossier
desk-complete = Ask for what is missing (form 02)
desk-refuse = Refuse (form 03)
desk-reason = What is missing, or why it is refused
desk-submit = Record the decision

apps-title = My dossiers
apps-new_hint = Choose a procedure to file a new dossier
apps-none = No dossier yet.
apps-draft_code = Not submitted yet
apps-receipt = Receipt and appointment slip (PDF)
apps-answer_note = Note of the handling unit
apps-answer_link = See, read or download what was granted
apps-form = The application
apps-save = Save the draft
apps-upload = Upload
apps-fee_pending = Fill in the form to see the fee.
apps-submit = Submit the dossier
apps-resubmit = Send the completed dossier
apps-history = History
apps-file = File a dossier online

track-code = Dossier code
track-code_hint = Printed on the receipt slip, shaped 000.00.27.G12-261130-0001; its end alone, 261130-0001, is enough.
track-phone = The telephone number given with it
track-button = Look up
fe-bad_code = A dossier code looks like 000.00.27.G12-261130-0001, or its last part 261130-0001.
track-not_found = No dossier has this code and telephone number.
track-status = Status

appevent-draft = Draft created
appevent-draft_at_desk = Paper dossier entered at the one-stop desk
appevent-submitted_online = Submitted online as dossier { $code }; result promised for { $due_day }
appevent-submitted_at_desk = Paper dossier received at the one-stop desk as { $code }; result promised for { $due_day }
appevent-completed = Dossier completed; the time waiting for it does not count, result promised for { $due_day }
appevent-accepted = Dossier accepted
appevent-incomplete = Asked to complete the dossier (form 02): { $reason }
appevent-refused = Dossier refused (form 03): { $reason }
appevent-result = Result issued: document { $notation } ({ $subject }), digitally signed; to be collected online on the portal or at the one-stop desk
appevent-returned_online = Result collected online by the applicant
appevent-answered_online = Settled; the answer was given online on the portal
appevent-refused_online = Settled: the request was refused, answered online; no fee is owed
appevent-returned_desk = Result handed over at the one-stop desk
appevent-returned_post = Result sent by post
appevent-returned_online_noted = Result collected online by the applicant: { $note }
appevent-returned_desk_noted = Result handed over at the one-stop desk: { $note }
appevent-returned_post_noted = Result sent by post: { $note }
appevent-apology = Apology and new date for the result (form 04): { $reason }. New date { $new_day } (was { $old_day })
appevent-withdrawn = Withdrawn by the applicant: { $reason }
appevent-paid = Fees of { $amount_dong } VND paid online (transaction { $transaction }); receipt number { $receipt }

track-status-draft = Draft
track-status-submitted = Submitted, awaiting the desk
track-status-accepted = Accepted, being handled
track-status-incomplete = To be completed by the applicant
track-status-refused = Refused
track-status-result_ready = Result ready
track-status-returned = Result returned
track-status-withdrawn = Withdrawn

handling-to_gateway = Go on to the payment gateway
handling-apologise = Issue the apology (form 04)
handling-apologise_by = apologise by
handling-apology = Apology with a new date
handling-apology_reason = Why the result will be late
handling-applicant_kind = The applicant is
handling-at = Handed over at
handling-at_risk = Dossiers near or past their deadline
handling-business = A business
handling-by_month = Dossiers received by month
handling-month = Month { $month }
handling-by_procedure = Results by procedure
handling-citizen = A citizen
handling-control_sheet = Processing control sheet (form 05)
handling-desk = At the desk
handling-download_result = Download the result (digitally signed)
handling-due = Due
handling-due_soon = Due soon:
handling-email = E-mail
handling-export_pdf = Statistics (PDF)
handling-export_xlsx = Statistics (Excel)
handling-full_name = Name of the person filing
handling-giver = From
handling-hand_over = Record the result handed over
handling-in_eoffice = The incoming document in the e-office
handling-intake = Enter a paper dossier
handling-intake_next = Create it, then scan the papers
handling-late = Late
handling-messages = Messages
handling-progress = Progress inside the agency
handling-messages_with_applicant = Messages with the applicant
handling-method = How
handling-method-desk = At the desk
handling-method-post = By post
handling-new_due_on = New date
handling-no_answer = No signed answer yet: the result is drafted in the e-office as an answer to the dossier's incoming document.
handling-answered_by_unit = The handling unit (the archive centre) answers this dossier on its own pages: it is settled when the unit approves or refuses, or when the copies are issued.
handling-no_messages = No messages yet.
handling-note = Note (who received it, postal receipt)
handling-on_time = On time
handling-on_time_share = Handled on time
handling-online = Online
handling-online_share = Filed online
handling-organisation = Organisation
handling-overdue = Past the deadline
handling-overdue_now = Overdue now
handling-papers = The dossier's papers
handling-pay = Pay online
handling-payment = Paying the fees
handling-payment-pending = pending
handling-payment-paid = paid
handling-payment-failed = failed
handling-publish = Return as the result
handling-receipt = Receipt
handling-receive = Receive: code and receipt slip
handling-receiver = To
handling-register_pdf = Tracking register (form 06, PDF)
handling-register_xlsx = Tracking register (Excel)
handling-result = The result
handling-result_ready = The result is ready.
handling-scans = Scans of the papers
handling-send = Send
handling-signatures = signatures
handling-stage = Stage
handling-statistics = Public-service statistics
handling-tax_code = Tax code
handling-address = Address
handling-verdict = Verdict
handling-withdraw = Withdraw the dossier
handling-confirm_withdraw = I confirm withdrawing this dossier; a withdrawn dossier is not handled further
handling-withdraw_reason = Why
handling-working_days_left_n = { $days ->
    [one] one working day left
   *[other] { $days } working days left
}
handling-write = Message
handling-year = Year

track-throttled = Too many unsuccessful lookups. Try again in 15 minutes.

pay-title = Payment result
pay-paid = Paid. The electronic receipt is issued.
pay-failed = The payment failed or was cancelled.
pay-refused = The payment result is not valid (bad signature or unknown order).
pay-back = Back to the dossier
pay-again = Try paying again

track-received = Submitted on
track-due = Result promised on

register-title = Register for the public services
register-hint = Businesses and citizens register to file dossiers online. A business needs its registered name and tax code. A message is sent to the e-mail address; the account works once it is confirmed.
register-kind = Registering as
register-email = E-mail (to sign in with)
register-full_name = Your full name
register-password = Password
register-submit = Register
register-done = Registered
register-check_mail = Open the link in the message just sent to
register-confirmed = E-mail address confirmed
register-sign_in_as = Sign in as
register-sign_in = Sign in
register-link_invalid = The link is no longer valid
register-link = Register to file dossiers online
fe-second_area = A form has one area field at most.
fe-area_differs = The area stated is not the area the corner points of the area asked for bound.

fe-choose_decision = Choose whether to accept the dossier, ask for more, or refuse it.

fe-applicant = This procedure is not open to applicants of your kind (organisation or person).
fe-asked_once = The applicant was asked once already: accept the dossier or refuse it.
fe-in_person = This procedure's dossier is filed in person, at the one-stop desk.
fe-invalid_dossier_code = A dossier code looks like 000.00.27.G12-261130-0001.
fe-not_an_answer = This outgoing document does not answer the dossier.
fe-not_issued = The result must be numbered and issued first.
fe-secret = A classified document is not returned through the portal.
fe-serial = The day's serial runs from 0001 to 9999.
fe-brackets = Brackets go from the smallest bound up, only the last without one, amounts not negative.
fe-choices = A table needs choices.
fe-factors = K1, K2 and R each need choices.
fe-fee_rule = The fee rule is not right.
fe-input = The fee reads a field the form does not have.
fe-items = Items need prices that are not negative.
apps-asked_to_complete = The one-stop desk asks you to complete the dossier:
desk-find = Dossier code
desk-open = Open the dossier
desk-not_found = No dossier has the code { $code }.
handling-summary = Where the year's dossiers stand
handling-standing = Standing
handling-dossiers = Dossiers
handling-counted-all = Filed in the year (all)
handling-counted_title = Dossiers filed in { $year } counted in the figures
handling-counted_by = The dossiers counted in the figure you opened:
handling-counted-on_time = Settled on time (result within the promised day)
handling-counted-late = Settled late
handling-counted-overdue = No result yet, past the promised day
handling-counted-overdue_among = Of which: no result yet, past the promised day
handling-counted-waiting = Waiting at the desk or for papers
handling-counted-in_progress = Accepted, in handling
handling-counted-timed = Settled (on time or late), or no result yet past the promised day
handling-counted-refused = Refused
handling-counted-withdrawn = Withdrawn
handling-received_on = Received on
handling-paper_values = What the paper form says
handling-save_values = Save
fe-year_of_statistics = Type a year from 2000 to 2100.
signed-by = Digitally signed: { $name }
signed-by_unknown = Digitally signed: { $name } (the certificate is not from a trusted certification service)
signed-broken = The digital signature does not hold: the file was changed after signing, or the signature does not match
signed-not = Not signed: the procedure wants this paper digitally signed
fe-for_businesses = This procedure is for businesses and organisations: sign in with an organisation's account to file it.
fe-for_citizens = This procedure is for citizens: sign in with a personal account to file it.
signed-unchecked = The signature could not be checked here: open the file to see
register-password_hint = At least 10 characters, letters with digits or symbols, not containing the e-mail address.
register-next_open_mail = Open the message just sent and follow its confirmation link (good for 48 hours).
register-next_sign_in = Sign in with the e-mail address and the password you set, then file dossiers online.
register-next_no_mail = No message? Look in the spam folder too; signing in before confirming sends the link again.
signed-by_other = Signed by { $name }: not the person or organisation who filed it
desk-unsigned_papers = The procedure wants these papers digitally signed, and they carry no valid signature of the applicant; consider asking for them before accepting:
desk-fee_owed = The fees of { $amount } VND are not paid: the dossier may be accepted, but remind the applicant to pay online or collect them at the counter before the result is handed over.
fee_step-free = No fee
fee_step-fixed = { $label }: { $amount_dong } VND
fee_step-quantity = { $label }: { $quantity_milli } { $unit }
fee_step-flat = Fee: { $amount_dong } VND
fee_step-rate = { $base_dong } VND + { $rate_milli }% × ({ $quantity_milli } − { $over_milli }) = { $amount_dong } VND
fee_step-chosen = { $label }: { $choice } — { $amount_dong } VND
fee_step-item = { $label }: { $count_milli } × { $price_dong } = { $part_dong } VND
fee_step-reserve = Q (reserve): { $quantity_milli } { $unit }
fee_step-tax_price = G (resource tax price): { $price_milli } VND/{ $unit }
fee_step-factor = { $name } ({ $label }): { $value_milli }
fee_step-percent = R ({ $label }): { $value_milli }%
fee_step-product = T = Q × G × K1 × K2 × R = { $q_milli } × { $g_milli } × { $k1_milli } × { $k2_milli } × { $r_milli }% = { $amount_dong } VND
slip_form-02 = Form 02 — Request to complete the dossier (in Vietnamese)
slip_form-03 = Form 03 — Refusal to receive the dossier (in Vietnamese)
slip_form-04 = Form 04 — Apology and new date for the result (in Vietnamese)
slip_form-05 = Form 05 — Control sheet of the dossier's handling (in Vietnamese)
handover-accepted-giver = One-stop desk
handover-accepted-receiver = Head of the agency
handover-routed-giver = Head of the agency
handover-routed-receiver = Lead unit
handover-assigned-giver = Head of the unit
handover-assigned-receiver = Handling specialist
handover-handled-giver = Lead unit
handover-handled-receiver = Head of the agency
handover-result_issued-giver = Head of the agency
handover-result_issued-receiver = One-stop desk
handover-returned-giver = One-stop desk
handover-returned-receiver = Applicant
handover-taken_by_unit-giver = One-stop desk
handover-taken_by_unit-receiver = Lead unit
handover-unit_result-giver = Lead unit
handover-unit_result-receiver = One-stop desk
handover-answered_online-giver = Lead unit
handover-answered_online-receiver = Applicant
handover-timeliness-early = Early
handover-timeliness-on_time = On time
handover-timeliness-late = Late
apps-how_to_sign = Papers the procedure wants signed are signed before they are uploaded: open the PDF in the signing software that comes with the digital signature of the applying organisation or person (a USB token, a signing SIM or remote signing, issued by a licensed public certification provider), sign it, then upload the signed file. The one-stop desk checks the signature of each paper.
apps-save_changes = Save the additions
apps-must_sign = to be signed digitally
apps-unsigned_papers = These papers must be signed digitally, but the files uploaded carry no valid signature of yours. Filed so, the one-stop desk will ask for them again:
desk-fee_unpaid = not paid yet
desk-filed_at = Filed
desk-paper_drafts = Paper dossiers being entered
desk-result_ready = Returned online, awaiting collection
holiday-new_year = New Year's Day
holiday-tet = Lunar New Year (Tết)
holiday-hung_kings = Hung Kings' Commemoration Day
holiday-reunification = Reunification Day
holiday-labour = International Labour Day
holiday-national = National Day
holiday-compensatory = Day off in lieu
intake-procedure_code = Procedure
intake-kind = The applicant is
intake-full_name = Name of the person filing
intake-phone = Telephone number
intake-email = E-mail
intake-organisation_name = Organisation
intake-tax_code = Tax code
intake-address = Address
intake-choose_procedure = — Choose the procedure —
intake-choose_kind = — A citizen or a business —
fe-procedure_for_other_kind = This procedure is not for the kind of applicant chosen: check "The applicant is".
desk-licence_unknown = The mineral licence register holds no licence numbered { $number }: check the number with the applicant before accepting.
desk-licence_not_found = The register of mineral licences holds no licence { $number }.
desk-licence_found = Licence { $number } in the register: { $kind }, granted to { $holder }; { $status }, valid until { $until }.
desk-licence_open = Open the licence
desk-licence_other_holder = The licence's holder is not the applicant.

apps-licence_unknown = The mining licence register holds no licence numbered { $number }: check the number before filing.
apps-licence_other_holder = This licence was not granted to you or your organisation: check the number before filing.
apps-licence_not_in_force = Licence { $number } is no longer in force: check the number and the procedure chosen, or ask the one-stop desk.
apps-confirm_licence = I have checked: the licence number in the dossier is right; file it all the same.
fe-licence_doubtful = The licence register raises a doubt (said above): correct the licence number, or tick this confirmation and file again.
apps-licence_confirmation = Confirmation of the licence number
