//! What a dossier's page shows past its form, for each side, and what those parts read: the
//! applicant's ([`applicant_section`]: papers, result, fee, messages, withdrawal), the desk's
//! ([`desk_section`]: lateness warning, control sheet, answers to publish, apology, hand-over,
//! messages) and a paper dossier's scans ([`paper_section`]). The handlers that act on them live
//! in [`super::handling`] and [`super::applications`]; these renderers act on nothing.

use crate::applications::Application;
use crate::handling;
use lode_core::services::{ApplicationStatus, FieldKind, PaymentStatus};
use lode_core::validation::FieldErrors;
use lode_web::auth::Caller;
use lode_web::error::PageResult;
use lode_web::pages::{csrf_field, field_errors, local_time};
use maud::{Markup, html};

/// The forms a dossier's events gave it: their numbers in Circular 01/2018, each named by
/// `slip_form.{n}` in the reader's language.
fn forms_of(a: &Application) -> Vec<&'static str> {
    [
        ("incomplete", "02"),
        ("refused", "03"),
        ("apology", "04"),
        ("accepted", "05"),
    ]
    .into_iter()
    .filter(|(kind, _)| a.events.iter().any(|e| e.kind == *kind))
    .map(|(_, n)| n)
    .collect()
}

fn messages_block(
    caller: &Caller,
    (action, writes): (&str, bool),
    messages: &[handling::Message],
    errors: &FieldErrors,
) -> Markup {
    let l = caller.lang;
    html! {
        // the applicant writes to the officers, the officers to the applicant
        h2 #trao-doi { (l.t(if caller.actor.is_staff() { "handling.messages_with_applicant" } else { "handling.messages" })) }
        @if messages.is_empty() { p.hint { (l.t("handling.no_messages")) } }
        ol.messages {
            @for m in messages {
                li { strong { (m.author) } " · " (local_time(&m.at)) br; (m.body) }
            }
        }
        @if writes { form.stack method="post" action=(action) {
            (csrf_field(caller))
            div.field {
                label for="body" { (l.t("handling.write")) }
                textarea id="body" name="body" rows="3" required maxlength=(handling::MESSAGE_MAX) {}
                (field_errors(l, errors, "body"))
            }
            button type="submit" { (l.t("handling.send")) }
        } }
    }
}

/// What the applicant's page shows past the form: papers, result, payment, messages, withdrawal.
pub struct ApplicantExtras {
    pub messages: Vec<handling::Message>,
    pub payments: Vec<crate::payments::Payment>,
    pub online_payment: bool,
    /// What the mining cadastre found on the area asked for, once filed.
    pub area_report: Option<maud::Markup>,
    /// The signatures of the papers the procedure wants signed.
    pub signatures: std::collections::BTreeMap<String, Signed>,
    /// Where it stands inside the agency: form 05's handovers so far, once accepted.
    pub progress: Vec<handling::ControlRow>,
    /// While it may be changed: the licence it names, as the register knows it.
    pub(crate) licence_check: LicenceCheck,
    /// Its handling over: the applicant's rating of it, once given...
    pub rating: Option<crate::ratings::Rating>,
    /// ... or the rating as typed, refused.
    pub rating_typed: Option<crate::ratings::RatingInput>,
}

impl ApplicantExtras {
    /// For the applicant `caller`, who owns the dossier.
    pub async fn load(
        state: &lode_web::AppState,
        caller: &lode_web::auth::Caller,
        (a, p): (&Application, &lode_core::services::Procedure),
    ) -> PageResult<Self> {
        let (l, me) = (caller.lang, caller.account.id);
        let filed = a.status != ApplicationStatus::Draft;
        Ok(Self {
            licence_check: if a.status.editable() {
                licence_named(&state.db, l, a, (&caller.account, Reader::Applicant)).await?
            } else {
                LicenceCheck::default()
            },
            signatures: signatures_of(state, a, p).await,
            messages: if filed {
                handling::messages(&state.db, Some(me), a.id).await?
            } else {
                Vec::new()
            },
            payments: crate::payments::list(&state.db, Some(me), a.id).await?,
            online_payment: crate::web::Portal::of(state).payment.is_some(),
            area_report: if filed {
                lode_cadastre::web::area_field::report(&state.db, l, a.id, false).await?
            } else {
                None
            },
            progress: if a.was_accepted() {
                handling::control_sheet(&state.db, Some(me), a.id)
                    .await?
                    .rows
            } else {
                Vec::new()
            },
            rating: if a.status.may_be_rated() {
                crate::ratings::of(&state.db, a.id).await?
            } else {
                None
            },
            rating_typed: None,
        })
    }
}

/// Once its handling is over, how satisfied the applicant is with it: their rating once given,
/// else the form that asks (what fell short asked when not satisfied), refused as typed.
pub fn rating_section(
    caller: &Caller,
    a: &Application,
    x: &ApplicantExtras,
    errors: &FieldErrors,
) -> Markup {
    let l = caller.lang;
    if !a.status.may_be_rated() {
        return html! {};
    }
    let typed = x.rating_typed.as_ref();
    let chosen = typed.map(|t| t.satisfaction.as_str()).unwrap_or("");
    let invalid = |field: &str| lode_web::pages::error_id(errors, field);
    html! {
        section.rating #rating {
            h2 { (l.t("rating.title")) }
            @if let Some(r) = &x.rating {
                p {
                    (l.t("rating.given")) ": " strong { (l.t(&format!("rating.level.{}", r.satisfaction))) }
                    " · " (local_time(&r.rated_at))
                }
                @if let Some(c) = &r.comment { p.lines { (c) } }
                p.hint { (l.t("rating.thanks")) }
            } @else {
                form.stack method="post" action={ "/ho-so/" (a.id) "/danh-gia" } {
                    (csrf_field(caller))
                    fieldset.field #satisfaction aria-describedby=[invalid("satisfaction")] {
                        legend { (l.t("rating.question")) (lode_web::pages::required_mark()) }
                        @for s in lode_core::services::Satisfaction::ALL {
                            label.check { input type="radio" name="satisfaction" value=(s.as_str()) required checked[chosen == s.as_str()]; " " (l.t(&format!("rating.level.{s}"))) }
                        }
                        (field_errors(l, errors, "satisfaction"))
                    }
                    div.field {
                        label for="rating_comment" { (l.t("rating.comment")) }
                        textarea id="rating_comment" name="comment" rows="3" maxlength=(crate::ratings::COMMENT_MAX) aria-invalid=[invalid("comment").map(|_| "true")] aria-describedby=(invalid("comment").unwrap_or_else(|| "rating_comment-hint".into())) { (typed.and_then(|t| t.comment.as_deref()).unwrap_or("")) }
                        p.hint id="rating_comment-hint" { (l.t("rating.comment_hint")) }
                        (field_errors(l, errors, "comment"))
                    }
                    div.actions { button type="submit" { (l.t("rating.send")) } }
                }
            }
        }
    }
}

pub fn applicant_section(
    caller: &Caller,
    a: &Application,
    x: &ApplicantExtras,
    errors: &FieldErrors,
) -> Markup {
    let l = caller.lang;
    let paid = crate::payments::fee_paid(&x.payments);
    let payable = a.payable() && a.fee_amount.unwrap_or(0) > 0;
    html! {
        // where it stands inside the agency, handover by handover, as form 05 records them
        @if !x.progress.is_empty() {
            h2 { (l.t("handling.progress")) }
            ol.progress {
                @for r in &x.progress {
                    li {
                        (local_time(&r.at)) " — "
                        (l.t(&format!("handover.{}.giver", r.kind))) " → " (l.t(&format!("handover.{}.receiver", r.kind)))
                    }
                }
            }
        }
        @let forms = forms_of(a);
        @if !forms.is_empty() {
            h2 { (l.t("handling.papers")) }
            ul { @for n in &forms { li { a href={ "/ho-so/" (a.id) "/mau/" (n) } { (l.t(&format!("slip_form.{n}"))) } } } }
        }
        @if payable {
            h2 #payment { (l.t("handling.payment")) }
            // once paid, the orders left unfinished before are no debt: only the payment shows
            @for p in x.payments.iter().filter(|p| !paid || p.status == PaymentStatus::Paid) {
                p {
                    // what the payer reads first: how it went, how much, when; the gateway's
                    // reference last, for a call to the bank
                    strong { (l.t(&format!("handling.payment.{}", p.status))) } " — " (l.amount(p.amount)) " " (l.t("pay.dong"))
                    " · " (local_time(p.paid_at.as_deref().unwrap_or(&p.created_at)))
                    @if p.status == PaymentStatus::Paid { " · " a href={ "/ho-so/" (a.id) "/bien-lai/" (p.id) } { (l.t("handling.receipt")) } }
                    br; small.hint { (l.t("pay.order")) ": " (p.txn_ref) }
                }
            }
            @if !paid && x.online_payment {
                form method="post" action={ "/ho-so/" (a.id) "/thanh-toan" } {
                    (csrf_field(caller))
                    button #pay type="submit" { (l.t("handling.pay")) " " (l.amount(a.fee_amount.unwrap_or(0))) " " (l.t("pay.dong")) }
                }
            }
        }
        @if a.status != ApplicationStatus::Draft {
            (messages_block(caller, (&format!("/ho-so/{}/tin-nhan", a.id), true), &x.messages, errors))
        }
        // folded: withdrawing is the exception, and final
        @if a.status.open() {
            details #withdraw open[errors.0.iter().any(|e| e.field == "reason" || e.field == "confirm")] {
            summary { (l.t("handling.withdraw")) }
            form.stack method="post" action={ "/ho-so/" (a.id) "/rut" } {
                (csrf_field(caller))
                div.field {
                    label for="withdraw_reason" { (l.t("handling.withdraw_reason")) }
                    textarea id="withdraw_reason" name="reason" rows="2" required {}
                    (field_errors(l, errors, "reason"))
                }
                (lode_web::pages::confirm_box(l, "withdraw_confirm", "handling.confirm_withdraw", errors))
                button.danger type="submit" { (l.t("handling.withdraw")) }
            }
            }
        }
    }
}

/// What the desk's page shows past the dossier's content.
pub struct DeskExtras {
    /// Who filed the dossier, and their address as their profile gives it.
    pub applicant: lode_db::accounts::Account,
    pub address: Option<String>,
    pub sheet: Option<handling::ControlSheet>,
    pub answers: Vec<handling::Answer>,
    pub messages: Vec<handling::Message>,
    pub warning: Option<handling::AtRisk>,
    /// The signatures of the papers the procedure wants signed.
    pub signatures: std::collections::BTreeMap<String, Signed>,
    /// Whether the fee was paid.
    pub fee_paid: bool,
    /// The apology as typed, when it was refused.
    pub apology_typed: ApologyTyped,
}

/// An apology's reason and new day for results, as the officer typed them.
#[derive(Debug, Clone, Default)]
pub struct ApologyTyped {
    pub reason: String,
    pub new_due_on: String,
}

impl DeskExtras {
    pub async fn load(
        state: &lode_web::AppState,
        a: &Application,
        p: &lode_core::services::Procedure,
    ) -> PageResult<Self> {
        let filed = a.code.is_some();
        let warning = if a.status == ApplicationStatus::Accepted {
            handling::at_risk_one(&state.db, lode_db::today(), a.id).await?
        } else {
            None
        };
        let (applicant_id,): (i64,) =
            sqlx::query_as("SELECT applicant_id FROM applications WHERE id = $1")
                .bind(a.id)
                .fetch_one(state.db.pool())
                .await
                .map_err(lode_db::DbError::from)?;
        let applicant = lode_db::accounts::get(&state.db, applicant_id).await?;
        let (address, _) = lode_db::accounts::profile(&state.db, applicant_id).await?;
        let fee_paid =
            crate::payments::fee_paid(&crate::payments::list(&state.db, None, a.id).await?);
        Ok(Self {
            signatures: signatures_of(state, a, p).await,
            fee_paid,
            applicant,
            address,
            sheet: if filed {
                Some(handling::control_sheet(&state.db, None, a.id).await?)
            } else {
                None
            },
            answers: if a.status == ApplicationStatus::Accepted {
                handling::answers(&state.db, a.id).await?
            } else {
                Vec::new()
            },
            messages: if filed {
                handling::messages(&state.db, None, a.id).await?
            } else {
                Vec::new()
            },
            warning,
            apology_typed: Default::default(),
        })
    }
}

pub fn desk_section(
    caller: &Caller,
    (a, p): (&Application, &lode_core::services::Procedure),
    (x, following): (&DeskExtras, handling::Following),
    errors: &FieldErrors,
) -> Markup {
    let desk = following.desk;
    let l = caller.lang;
    // the stages as the control sheet wrote them (in Vietnamese), in the reader's language
    let words = super::Words::of_procedure(l, p);
    html! {
        @if let Some(w) = &x.warning {
            div.alert role="alert" id="late-warning" {
                p {
                    @if w.overdue { strong { (l.t("handling.overdue")) } } @else {
                        strong { (l.t("handling.due_soon")) } " " (l.fill("handling.working_days_left_n", &serde_json::json!({ "days": w.working_days_left })))
                    }
                    @if let Some(by) = &w.apologise_by { " · " (l.t("handling.apologise_by")) " " (lode_web::pages::local_day(by)) }
                }
            }
        }
        @let forms = forms_of(a);
        @if desk && !forms.is_empty() {
            h2 { (l.t("handling.papers")) }
            ul { @for n in &forms { li { a href={ "/mot-cua/" (a.id) "/mau/" (n) } { (l.t(&format!("slip_form.{n}"))) } } } }
        }
        @if let Some(s) = &x.sheet {
            @if !s.stages.is_empty() {
                h2 { (l.t("handling.control_sheet")) }
                table.list {
                    thead { tr { th { (l.t("handling.stage")) } th { (l.t("handling.due")) } } }
                    tbody { @for st in &s.stages { tr { td { (words.of(&st.name)) } td data-label=(l.t("handling.due")) { (lode_web::pages::local_day(&st.due_on)) } } } }
                }
                table.list #handovers {
                    thead { tr { th { (l.t("handling.giver")) } th { (l.t("handling.receiver")) } th { (l.t("handling.at")) } th { (l.t("handling.due")) } th { (l.t("handling.verdict")) } } }
                    tbody {
                        @for r in &s.rows {
                            tr {
                                td data-label=(l.t("handling.giver")) { (l.t(&format!("handover.{}.giver", r.kind))) }
                                td data-label=(l.t("handling.receiver")) { (l.t(&format!("handover.{}.receiver", r.kind))) }
                                td data-label=(l.t("handling.at")) { (local_time(&r.at)) }
                                td data-label=(l.t("handling.due")) { (lode_web::pages::local_day(&r.due_on)) }
                                td data-label=(l.t("handling.verdict")) { (l.t(&format!("handover.timeliness.{}", r.timeliness))) }
                            }
                        }
                    }
                }
                @if let Some(doc) = s.incoming_id { p { a href={ "/incoming/" (doc) } { (l.t("handling.in_eoffice")) } } }
            }
        }
        @if desk && a.status == ApplicationStatus::Accepted {
            h2 { (l.t("handling.result")) }
            // a dossier its unit takes on its own pages (the archive's) is answered there, not
            // by a reply in the e-office
            @let own_pages = x.sheet.as_ref().is_some_and(|s| s.incoming_id.is_none());
            @if x.answers.is_empty() { p.hint { (l.t(if own_pages { "handling.answered_by_unit" } else { "handling.no_answer" })) } }
            @for ans in &x.answers {
                form.inline method="post" action={ "/mot-cua/" (a.id) "/ket-qua" } {
                    (csrf_field(caller))
                    input type="hidden" name="outgoing_id" value=(ans.outgoing_id);
                    span { (ans.notation.as_deref().unwrap_or("—")) " — " (ans.subject) " (" (ans.signatures) " " (l.t("handling.signatures")) ") " }
                    button type="submit" { (l.t("handling.publish")) }
                }
            }
            (field_errors(l, errors, "outgoing_id"))
            // needed only when the dossier will be late: folded away until then (or until a
            // refusal of it is shown)
            @let apology_open = x.warning.is_some()
                || errors.0.iter().any(|e| e.field == "reason" || e.field == "new_due_on");
            details.apology open[apology_open] {
            summary { h2 { (l.t("handling.apology")) } }
            form.stack method="post" action={ "/mot-cua/" (a.id) "/xin-loi" } {
                (csrf_field(caller))
                div.field {
                    label for="apology_reason" { (l.t("handling.apology_reason")) (lode_web::pages::required_mark()) }
                    textarea id="apology_reason" name="reason" rows="2" required
                        aria-invalid=[lode_web::pages::error_id(errors, "reason").map(|_| "true")] aria-describedby=[lode_web::pages::error_id(errors, "reason")] { (x.apology_typed.reason) }
                    (field_errors(l, errors, "reason"))
                }
                div.field {
                    label for="new_due_on" { (l.t("handling.new_due_on")) (lode_web::pages::required_mark()) }
                    input id="new_due_on" name="new_due_on" type="date" required value=(x.apology_typed.new_due_on)
                        aria-invalid=[lode_web::pages::error_id(errors, "new_due_on").map(|_| "true")] aria-describedby=[lode_web::pages::error_id(errors, "new_due_on")];
                    // a new day later than the present one
                    @if let Some(due) = a.due_on.as_deref() { p.hint { (l.fill("handling.new_due_after", &serde_json::json!({"due_day": due}))) } }
                    (field_errors(l, errors, "new_due_on"))
                }
                button type="submit" { (l.t("handling.apologise")) }
            }
            }
        }
        @if desk && a.status == ApplicationStatus::ResultReady {
            h2 #tra-ket-qua { (l.t("handling.hand_over")) }
            // returned online already: what is left is a paper copy handed over or posted
            p.hint { (l.t("handling.returned_online_hint")) }
            p { a href={ "/mot-cua/" (a.id) "/ket-qua" } { (l.t("handling.download_result")) } }
            form.stack method="post" action={ "/mot-cua/" (a.id) "/tra" } {
                (csrf_field(caller))
                div.field {
                    label for="method" { (l.t("handling.method")) }
                    select id="method" name="method" {
                        option value="desk" { (l.t("handling.method.desk")) }
                        option value="post" { (l.t("handling.method.post")) }
                    }
                }
                div.field {
                    label for="note" { (l.t("handling.note")) }
                    input id="note" name="note";
                    (field_errors(l, errors, "note"))
                }
                button type="submit" { (l.t("handling.hand_over")) }
            }
        }
        // the desk and the letter's handler write to the applicant; the leaders following read
        @if a.code.is_some() {
            (messages_block(caller, (&format!("/mot-cua/{}/tin-nhan", a.id), desk || following.handler), &x.messages, errors))
        }
    }
}

/// The part of the desk's page for a paper dossier being entered: the form's values, a scan per
/// paper, then receiving it.
pub fn paper_section(
    caller: &Caller,
    a: &Application,
    p: &lode_core::services::Procedure,
    errors: &FieldErrors,
) -> Markup {
    let l = caller.lang;
    html! {
        // what the paper form says, typed in here: a dossier is received only with it
        h2 { (l.t("handling.paper_values")) }
        form.stack method="post" action={ "/mot-cua/" (a.id) "/thong-tin" } {
            (csrf_field(caller))
            input type="hidden" name="version" value=(a.version);
            (form_fields(l, p, &a.values, true, errors))
            button type="submit" { (l.t("handling.save_values")) }
        }
        h2 { (l.t("handling.scans")) }
        ol {
            @for d in &p.documents {
                @let held = a.documents.iter().find(|x| x.key == d.key);
                li {
                    (d.name) @if !d.required { " " span.badge { (l.t("services.optional")) } }
                    @if let Some(h) = held { " — " strong { (h.name) } }
                    (field_errors(l, errors, &format!("documents.{}", d.key)))
                    form.inline method="post" enctype="multipart/form-data" action={ "/mot-cua/" (a.id) "/tai-lieu" } { (lode_web::pages::csrf_field(caller))
                        input type="hidden" name="key" value=(d.key);
                        input name="file" type="file" accept="application/pdf,.pdf" required aria-label=(d.name) data-max-bytes=(lode_web::files::DOCUMENT_MAX_BYTES) data-too-large=(lode_web::pages::file_too_large(l, lode_web::files::DOCUMENT_MAX_BYTES));
                        button type="submit" { (l.t("apps.upload")) }
                    }
                }
            }
        }
        form method="post" action={ "/mot-cua/" (a.id) "/tiep-nhan" } {
            (csrf_field(caller))
            button #receive type="submit" { (l.t("handling.receive")) }
        }
    }
}

/// The fields of a procedure's form (`v_…`), holding `values`, each with its errors beside it:
/// the applicant's, and the desk's for a paper dossier.
pub(crate) fn form_fields(
    l: lode_web::i18n::Lang,
    p: &lode_core::services::Procedure,
    values: &std::collections::BTreeMap<String, String>,
    editable: bool,
    errors: &FieldErrors,
) -> Markup {
    html! {
        @for f in &p.form {
            @let name = format!("v_{}", f.key);
            @let value = values.get(&f.key).cloned().unwrap_or_default();
            @let field = format!("values.{}", f.key);
            // a field in error says so, and which message describes it
            @let described = lode_web::pages::error_id(errors, &field);
            @let invalid = described.is_some().then_some("true");
            div.field {
                label for=(name) { (f.label) @if f.required { " *" } }
                @match &f.kind {
                    FieldKind::Paragraph => textarea id=(name) name=(name) rows="3" maxlength=(crate::applications::VALUE_MAX) disabled[!editable] aria-invalid=[invalid] aria-describedby=[described.as_deref()] { (value) },
                    FieldKind::Choice { options } => select id=(name) name=(name) disabled[!editable] aria-invalid=[invalid] aria-describedby=[described.as_deref()] {
                        option value="" { "—" }
                        @for (k, label) in options { option value=(k) selected[*k == value] { (label) } }
                    },
                    // the unit beside the figure, as it is read ("120 ha")
                    FieldKind::Number { unit, whole } => span.with-unit {
                        input id=(name) name=(name) value=(value) inputmode=(if *whole { "numeric" } else { "decimal" }) disabled[!editable] aria-invalid=[invalid] aria-describedby=[described.as_deref()];
                        span.unit { (unit) }
                    },
                    FieldKind::Date => input id=(name) name=(name) type="date" value=(value) disabled[!editable] aria-invalid=[invalid] aria-describedby=[described.as_deref()];,
                    FieldKind::Text => input id=(name) name=(name) value=(value) maxlength=(crate::applications::VALUE_MAX) disabled[!editable] aria-invalid=[invalid] aria-describedby=[described.as_deref()];,
                    FieldKind::Area { .. } => (lode_cadastre::web::area_field::editor(l, &name, Some(&value), editable, errors, &field)),
                }
                @if !matches!(f.kind, FieldKind::Area { .. }) { (field_errors(l, errors, &field)) }
                // the fee's rule names the field by its key alone
                (field_errors(l, errors, &f.key))
            }
        }
    }
}

/// What a paper's digital signature says, for a paper its procedure wants signed.
#[derive(Debug, Clone)]
pub enum Signed {
    /// A signature over the file as it is, by this signer (whoever they are: the desk reads
    /// the name); `trusted` when its certificate leads to a root lode trusts (a licensed
    /// certification service).
    By { name: String, trusted: bool },
    /// A signature that does not hold: the file changed after it, or it does not verify.
    Broken,
    /// No signature at all.
    Not,
    /// The file could not be read as a signed PDF (or holds more signatures than a paper
    /// does): the desk opens it to see.
    Unchecked,
}

/// How many signatures a paper may carry to be checked here: an applicant's form has one or
/// a few; a file with hundreds is not weighed on every page view.
const SIGNATURES_CHECKED: usize = 20;

/// What was found in each file checked, by its content's hash: a file does not change, so it
/// is checked once, not on every view of the page.
static CHECKED: std::sync::LazyLock<std::sync::Mutex<std::collections::HashMap<String, Signed>>> =
    std::sync::LazyLock::new(Default::default);

/// How many files' findings are kept before the oldest are forgotten (all at once).
const CHECKED_KEPT: usize = 2_000;

/// The signatures of a dossier's papers that its procedure wants signed, checked offline
/// against lode's trust anchors (as the verification page does, without asking a revocation
/// service): the desk sees whether each carries a valid signature, and whose, before deciding.
/// A paper dossier's files are scans of papers signed by hand: none is looked for.
pub(crate) async fn signatures_of(
    state: &lode_web::AppState,
    a: &Application,
    p: &lode_core::services::Procedure,
) -> std::collections::BTreeMap<String, Signed> {
    let mut out = std::collections::BTreeMap::new();
    if a.channel == lode_core::services::ApplicationChannel::Desk {
        return out;
    }
    for d in p.documents.iter().filter(|d| d.must_sign) {
        // a paper lode wrote from the applicant's electronic form is theirs by their sign-in
        let Some(held) = a.documents.iter().find(|x| x.key == d.key && !x.e_form) else {
            continue;
        };
        let known = CHECKED
            .lock()
            .ok()
            .and_then(|c| c.get(&held.sha256).cloned());
        let seen = match known {
            Some(seen) => seen,
            None => match check_signature(state, &held.sha256).await {
                Some(seen) => {
                    if let Ok(mut c) = CHECKED.lock() {
                        if c.len() >= CHECKED_KEPT {
                            c.clear();
                        }
                        c.insert(held.sha256.clone(), seen.clone());
                    }
                    seen
                }
                // the file could not be read now: said so, and read again next time
                None => Signed::Unchecked,
            },
        };
        out.insert(d.key.clone(), seen);
    }
    out
}

/// One file's signatures, read off the thread that serves pages: what they say (a file that is
/// no signed PDF is [`Signed::Unchecked`]), or `None` when the file could not be read now (the
/// store failed; logged, never an error of the page).
async fn check_signature(state: &lode_web::AppState, sha256: &str) -> Option<Signed> {
    let bytes = match state.blobs.get(sha256).await {
        Ok(Some(bytes)) => bytes,
        Ok(None) => return Some(Signed::Unchecked),
        Err(e) => {
            tracing::warn!(error = %e, sha256, "reading a paper to check its signature");
            return None;
        }
    };
    // a signature's byte range is named once per signature: counted before any is hashed
    let ranges = bytes.windows(10).filter(|w| w == b"/ByteRange").count();
    if ranges == 0 {
        return Some(Signed::Not);
    }
    if ranges > SIGNATURES_CHECKED {
        return Some(Signed::Unchecked);
    }
    let anchors = state.trust.clone();
    let checked =
        tokio::task::spawn_blocking(move || lode_sign::verify::verify_trusted(&bytes, &anchors))
            .await;
    // a file that does not read as a signed PDF, or whose check failed, is opened by hand
    let Ok(Ok(reports)) = checked else {
        return Some(Signed::Unchecked);
    };
    let signatures: Vec<_> = reports
        .into_iter()
        .filter(|r| !r.is_document_timestamp())
        .collect();
    Some(match signatures.iter().find(|r| r.valid()) {
        Some(r) => Signed::By {
            name: r
                .signer
                .as_deref()
                .map(lode_web::pages::common_name)
                .unwrap_or_default(),
            trusted: r.trusted == Some(true),
        },
        None if signatures.is_empty() => Signed::Not,
        None => Signed::Broken,
    })
}

/// Whether `signer` is who filed the dossier: the person or their organisation, by name,
/// whatever the case and marks (a certificate's name is typed by its issuer).
pub(crate) fn signed_by_applicant(signer: &str, applicant: &lode_db::accounts::Account) -> bool {
    let signer = lode_core::text::fold(signer);
    let signer = signer.trim();
    !signer.is_empty()
        && [
            Some(&applicant.full_name),
            applicant.organisation_name.as_ref(),
        ]
        .into_iter()
        .flatten()
        .map(|n| lode_core::text::fold(n))
        .any(|n| {
            let n = n.trim();
            !n.is_empty() && (signer == n || signer.contains(n) || n.contains(signer))
        })
}

/// Whether a paper the procedure wants signed lacks a valid signature of its applicant.
pub(crate) fn wants_signature(
    seen: Option<&Signed>,
    applicant: &lode_db::accounts::Account,
) -> bool {
    match seen {
        Some(Signed::By { name, .. }) => !signed_by_applicant(name, applicant),
        Some(Signed::Not | Signed::Broken) => true,
        Some(Signed::Unchecked) | None => false,
    }
}

/// The names of the papers `p` wants signed whose file carries no valid signature of its
/// applicant: said to the desk before it accepts, and to the applicant before filing.
pub(crate) fn unsigned_papers<'a>(
    p: &'a lode_core::services::Procedure,
    signatures: &std::collections::BTreeMap<String, Signed>,
    applicant: &lode_db::accounts::Account,
) -> Vec<&'a str> {
    p.documents
        .iter()
        .filter(|d| d.must_sign && wants_signature(signatures.get(&d.key), applicant))
        .map(|d| d.name.as_str())
        .collect()
}

/// A paper's signature in words, beside it: whose, and whether it is its applicant's.
pub(crate) fn signature_line(
    l: lode_web::i18n::Lang,
    seen: Option<&Signed>,
    applicant: &lode_db::accounts::Account,
) -> Markup {
    html! {
        @match seen {
            Some(Signed::By { name, .. }) if !signed_by_applicant(name, applicant) => {
                " " span.badge.urgency { (l.fill("signed.by_other", &serde_json::json!({ "name": name }))) }
            }
            Some(Signed::By { name, trusted: true }) => {
                " " span.badge.ok { (l.fill("signed.by", &serde_json::json!({ "name": name }))) }
            }
            Some(Signed::By { name, trusted: false }) => {
                " " span.badge.urgency { (l.fill("signed.by_unknown", &serde_json::json!({ "name": name }))) }
            }
            Some(Signed::Broken) => { " " span.badge.urgency.very_urgent { (l.t("signed.broken")) } },
            Some(Signed::Not) => { " " span.badge.urgency { (l.t("signed.not")) } },
            Some(Signed::Unchecked) => { " " span.badge { (l.t("signed.unchecked")) } },
            None => {},
        }
    }
}

/// Who reads a licence's check: the desk, before it accepts, or the applicant, before filing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reader {
    Desk,
    Applicant,
}

/// What the register says of the licence a dossier names: in words, and whether it is in
/// doubt (unknown, another's, or no longer in force), which an applicant confirms before filing.
#[derive(Default)]
pub(crate) struct LicenceCheck {
    pub shown: Markup,
    pub doubtful: bool,
}

impl LicenceCheck {
    fn doubtful(shown: Markup) -> Self {
        Self {
            shown,
            doubtful: true,
        }
    }
}

/// The licence a dossier names (its `licence_number` field), checked against the register
/// before the desk accepts it, or the applicant files it: whether the register holds it, whose
/// it is and whether it is in force, and a warning when the holder is not the applicant.
pub(crate) async fn licence_named(
    db: &lode_db::Db,
    l: lode_web::i18n::Lang,
    a: &Application,
    (applicant, reader): (&lode_db::accounts::Account, Reader),
) -> Result<LicenceCheck, lode_db::DbError> {
    let Some(number) = a
        .values
        .get("licence_number")
        .map(|n| n.trim())
        .filter(|n| !n.is_empty())
    else {
        return Ok(LicenceCheck::default());
    };
    let found = lode_cadastre::register::by_number(db, number).await?;
    let Some((line, tax_code)) = found else {
        // before the desk decides, what to do about it; after, only what was found
        let key = if reader == Reader::Applicant {
            "apps.licence_unknown"
        } else if matches!(
            a.status,
            ApplicationStatus::Draft | ApplicationStatus::Submitted
        ) {
            "desk.licence_unknown"
        } else {
            "desk.licence_not_found"
        };
        return Ok(LicenceCheck::doubtful(html! {
            div.notice.warning role="note" #licence-check {
                p { (l.fill(key, &serde_json::json!({ "number": number }))) }
            }
        }));
    };
    // a name as compared: folded, its spaces single
    let name = |n: &str| {
        lode_core::text::fold(n)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    // the same holder: by tax code where both have one, else by the whole name
    let holder = name(&line.holder);
    let same_holder = match (tax_code.as_deref(), applicant.tax_code.as_deref()) {
        (Some(t), Some(u)) => t.trim() == u.trim(),
        _ => [
            applicant.organisation_name.as_deref(),
            Some(applicant.full_name.as_str()),
        ]
        .into_iter()
        .flatten()
        .any(|n| !n.trim().is_empty() && name(n) == holder),
    };
    let in_force = line.status == lode_cadastre::licence::Status::Valid;
    // the public register shows licences in force only: of another, an applicant reads no
    // more than that it is not
    if reader == Reader::Applicant && !in_force {
        return Ok(LicenceCheck::doubtful(html! {
            div.notice.warning role="note" #licence-check {
                p { (l.fill("apps.licence_not_in_force", &serde_json::json!({ "number": line.number }))) }
            }
        }));
    }
    let args = serde_json::json!({
        "number": line.number,
        "holder": line.holder,
        "kind": l.t(&format!("licence.kind.{}", line.kind.as_str())),
        "status": lode_core::text::lower_first(l.t(&format!("licence.status.{}", line.status.as_str()))),
        "until": line.valid_until.format("%d/%m/%Y").to_string(),
    });
    Ok(LicenceCheck {
        doubtful: !same_holder || !in_force,
        shown: html! {
        div.notice.warning[!same_holder || !in_force] role="note" #licence-check {
            p {
                (l.fill("desk.licence_found", &args)) " "
                a href={ "/giay-phep/" (line.id) } { (l.t("desk.licence_open")) }
            }
            @if !same_holder {
                p { strong { (l.t(if reader == Reader::Applicant { "apps.licence_other_holder" } else { "desk.licence_other_holder" })) } }
            }
        }
        },
    })
}
