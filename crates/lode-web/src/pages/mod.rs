//! Server-rendered pages: plain HTML forms that work without JavaScript, readable on a phone.
//! Each module renders one area and calls the same repository functions as the API.

pub mod account;
pub mod audit;
pub mod charts;
pub mod errors;
mod forgotten;
mod home;
pub mod jobs;
pub mod listing;
pub mod login;
pub mod notifications;
pub mod org;
pub mod people;
pub mod verify;

use crate::AppState;
use crate::auth::Caller;
use crate::error::{AppError, PageResult};
use crate::i18n::Lang;
use axum::Router;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use lode_core::authz::Action;
use lode_core::validation::FieldErrors;
use maud::{DOCTYPE, Markup, html};
use std::sync::Arc;

pub fn router() -> Router<Arc<AppState>> {
    Router::new()
        .route("/", get(home::show))
        .route("/admin", get(home::admin_index))
        .route("/login", get(login::form).post(login::submit))
        .route("/logout", post(login::logout))
        .route("/lang/{code}", get(login::set_language))
        .route("/quen-mat-khau", get(forgotten::form).post(forgotten::ask))
        .route(
            "/dat-lai-mat-khau/{token}",
            get(forgotten::new_form).post(forgotten::set),
        )
        .route("/org", get(org::tree))
        .route("/org/new", get(org::new_form).post(org::create))
        .route("/org/{id}", get(org::show))
        .route("/org/{id}/edit", post(org::edit))
        .route("/org/{id}/move", post(org::move_unit))
        .route("/org/{id}/close", post(org::close))
        .route("/org/{id}/reopen", post(org::reopen))
        .route("/people", get(people::list))
        .route("/people/new", get(people::new_form).post(people::create))
        .route(
            "/people/new-external",
            get(people::new_external_form).post(people::create_external),
        )
        .route("/people/{id}", get(people::show))
        .route("/people/{id}/edit", post(people::edit))
        .route("/people/{id}/reset-password", post(people::reset_password))
        .route(
            "/people/{id}/signature",
            get(people::signature_image).post(people::upload_signature),
        )
        .route("/notifications", get(notifications::list))
        .route("/notifications/read", post(notifications::mark_all))
        .route("/notifications/{id}", get(notifications::open))
        .route(
            "/verify",
            get(verify::show)
                .post(verify::check)
                .layer(axum::extract::DefaultBodyLimit::max(
                    crate::files::DOCUMENT_MAX_BYTES + 64 * 1024,
                )),
        )
        .route("/audit", get(audit::list))
        .route("/audit/verify", get(audit::verify))
        .route("/admin/jobs", get(jobs::list))
        .route("/admin/jobs/{id}/retry", post(jobs::retry))
        .route("/account", get(account::show))
        .route("/account/password", post(account::change_password))
        .route("/account/profile", post(account::save_profile))
        .route("/account/tokens", post(account::issue_token))
        .route(
            "/account/sessions/close-others",
            post(account::close_other_sessions),
        )
        .route("/account/tokens/{id}/revoke", post(account::revoke_token))
}

/// The reports on a PDF's signatures (the public page and the API share them).
pub async fn verify_reports(
    state: &AppState,
    data: Vec<u8>,
) -> Result<Result<Vec<lode_sign::verify::SignatureReport>, lode_sign::PdfError>, AppError> {
    verify::reports_for(state, data).await
}

/// Which navigation entry is current.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Nav {
    Home,
    Dashboard,
    Incoming,
    Outgoing,
    Dossiers,
    Registers,
    Types,
    Certificates,
    Org,
    People,
    Audit,
    Jobs,
    Account,
    Api,
    Services,
    /// The one-stop desk.
    Desk,
    Applications,
    Archive,
    Licences,
    /// The administrator's index of the pages they keep.
    Admin,
    None,
}

impl Nav {
    /// The section's name in the menu (`nav.…`); none for a page of no section.
    fn key(self) -> Option<&'static str> {
        Some(match self {
            Nav::Home => "nav.home",
            Nav::Dashboard => "nav.dashboard",
            Nav::Incoming => "nav.incoming",
            Nav::Outgoing => "nav.outgoing",
            Nav::Dossiers => "nav.dossiers",
            Nav::Registers => "nav.registers",
            Nav::Types => "nav.types",
            Nav::Certificates => "nav.certificates",
            Nav::Org => "nav.org",
            Nav::People => "nav.people",
            Nav::Audit => "nav.audit",
            Nav::Jobs => "nav.jobs",
            Nav::Account => "nav.account",
            Nav::Api => "nav.api",
            Nav::Admin => "nav.admin",
            Nav::Services => "nav.services",
            Nav::Desk => "nav.desk",
            Nav::Applications => "nav.applications",
            Nav::Archive => "nav.archive",
            Nav::Licences => "nav.licences",
            Nav::None => return None,
        })
    }
}

/// Answers a form that changes a record: a redirect to `done` on success; otherwise the page
/// again, with the field errors (422) or the conflict (409) shown on it.
pub async fn answer_change<T, Fut>(
    result: Result<T, AppError>,
    done: impl FnOnce(T) -> String,
    rerender: impl FnOnce(FieldErrors, Option<String>) -> Fut,
) -> PageResult<Response>
where
    Fut: std::future::Future<Output = PageResult<Markup>>,
{
    match result {
        Ok(v) => Ok(Redirect::to(&done(v)).into_response()),
        Err(AppError::Invalid(errors)) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            rerender(errors, None).await?,
        )
            .into_response()),
        Err(AppError::Conflict(m)) => Ok((
            StatusCode::CONFLICT,
            rerender(FieldErrors::new(), Some(m)).await?,
        )
            .into_response()),
        Err(e) => Err(e.into()),
    }
}

fn head(title: &str) -> Markup {
    html! {
        head {
            meta charset="utf-8";
            meta name="viewport" content="width=device-width, initial-scale=1";
            title { (title) " · lode" }
            link rel="stylesheet" href="/static/app.css";
            link rel="icon" href="/static/icon.svg" type="image/svg+xml";
            script src="/static/forms.js" defer {}
        }
    }
}

/// A file box's limit, said under it (`Tối đa 50 MB mỗi tệp.`).
pub fn file_limit(l: Lang, max_bytes: usize) -> Markup {
    html! { p.hint { (l.fill("file.limit", &serde_json::json!({"mb": max_bytes / (1024 * 1024)}))) } }
}

/// What the pages' script says beside a file box when the file chosen is larger than
/// `max_bytes` (its `data-too-large`, beside `data-max-bytes`).
pub fn file_too_large(l: Lang, max_bytes: usize) -> String {
    l.fill(
        "file.too_large",
        &serde_json::json!({"mb": max_bytes / (1024 * 1024)}),
    )
}

/// The frame of every signed-in page.
pub fn layout(caller: &Caller, title: &str, nav: Nav, body: Markup) -> Markup {
    let l = caller.lang;
    let staff = caller.actor.is_staff();
    let entry = |target: Nav, href: &str, key: &str| {
        html! {
            a href=(href) aria-current=[(nav == target).then_some("page")] { (l.t(key)) }
        }
    };
    // the sections this person uses, shown as the header's menu (or folded, on a phone)
    let desk = caller.may(Action::WorkTheDesk);
    let sections = html! {
        (entry(Nav::Home, "/", "nav.home"))
        // the desk's officers work there all day: their section comes first
        @if desk {
            (entry(Nav::Desk, "/mot-cua", "nav.desk"))
        }
        @if staff {
            a href="/incoming" class=[caller.waiting.filter(|w| w.0 + w.1 > 0).map(|_| "has-counts")] aria-current=[(nav == Nav::Incoming).then_some("page")] {
                (l.t("nav.incoming"))
                // each count says what it counts: in words on a phone's menu, where no pointer
                // hovers, and to a screen reader everywhere
                @if let Some((waiting, overdue)) = caller.waiting {
                    @if waiting > 0 { " " span.nav-count title=(l.t("nav.waiting")) { (waiting) span.count-word { " " (l.t("nav.waiting_word")) } } }
                    @if overdue > 0 { " " span.nav-count.overdue title=(l.t("queue.overdue")) { (overdue) span.count-word { " " (lode_core::text::lower_first(l.t("queue.overdue"))) } } }
                }
            }
            (entry(Nav::Outgoing, "/outgoing", "nav.outgoing"))
            (entry(Nav::Dossiers, "/dossiers", "nav.dossiers"))
            (entry(Nav::Registers, "/registers", "nav.registers"))
            (entry(Nav::Org, "/org", "nav.org"))
            (entry(Nav::People, "/people", "nav.people"))
        }
        @if !staff {
            (entry(Nav::Applications, "/ho-so", "nav.applications"))
        }
        (entry(Nav::Services, "/dich-vu-cong", "nav.services"))
        (entry(Nav::Archive, "/luu-tru", "nav.archive"))
        (entry(Nav::Licences, "/giay-phep", "nav.licences"))
        @if caller.may(Action::ViewReports) {
            (entry(Nav::Dashboard, "/dashboard", "nav.dashboard"))
        }
        // the administrator's pages under one entry, whose index lists them: the menu stays
        // two rows on a desktop (everyone else finds the API's documentation beside their
        // tokens)
        @if caller.actor.has(lode_core::people::Role::Administrator) {
            a href="/admin" aria-current=[matches!(nav, Nav::Admin | Nav::Types | Nav::Certificates | Nav::Audit | Nav::Jobs | Nav::Api).then_some("page")] {
                (l.t("nav.admin"))
            }
        }
    };
    let header = html! {
        a.brand href="/" { "lode" span.agency { (l.t("app.agency")) } }
        // on a phone the sections fold under one button, the current one named on it
        details.menu {
            summary {
                span aria-hidden="true" { "☰ " }
                (l.t("nav.menu"))
                @if let Some(key) = nav.key() { " · " (l.t(key)) }
            }
            nav.phone aria-label=(l.t("nav.label")) { (sections) }
        }
        nav.main aria-label=(l.t("nav.label")) { (sections) }
        div.user {
            a href="/notifications" title=(l.t("notifications.title")) {
                (l.t("nav.notifications"))
                @if caller.unread > 0 { " " span.nav-count.overdue { (caller.unread) span.visually-hidden { " " (l.t("nav.unread_word")) } } }
            }
            a.account href="/account" aria-current=[(nav == Nav::Account).then_some("page")] {
                span.name { (caller.account.full_name) }
                span.short { (l.t("nav.account")) }
            }
            (language_switch(l))
            form method="post" action="/logout" {
                input type="hidden" name="csrf" value=(caller.csrf());
                button.link type="submit" { (l.t("nav.logout")) }
            }
        }
    };
    page(l, title, false, header, body)
}

/// The frame of pages seen before signing in.
/// A page open to all: the full layout for someone signed in, the bare one otherwise.
pub fn open_layout(l: Lang, caller: Option<&Caller>, title: &str, body: Markup) -> Markup {
    match caller {
        Some(c) => layout(c, title, Nav::None, body),
        None => bare_layout(l, title, body),
    }
}

pub fn bare_layout(l: Lang, title: &str, body: Markup) -> Markup {
    let header = html! {
        a.brand href="/" { "lode" span.agency { (l.t("app.agency")) } }
        div.user {
            a href="/dich-vu-cong" { (l.t("services.title")) }
            a href="/luu-tru" { (l.t("nav.archive")) }
            a href="/tra-cuu" { (l.t("track.title")) }
            a.sign-in href="/login" { (l.t("login.title")) }
            (language_switch(l))
        }
    };
    page(l, title, true, header, body)
}

/// A whole page: on `<html>` its language and the browser's messages in it; the header given,
/// the main part and the footer every page shares. A bare page (before signing in) is narrower.
fn page(l: Lang, title: &str, bare: bool, header: Markup, main: Markup) -> Markup {
    html! {
        (DOCTYPE)
        // the browser's own messages for a box left empty, mistyped or past its bounds, and
        // the words of the day and file boxes and of the confirmations drawn by forms.js, in
        // the page's language
        html lang=(l.code()) data-msg-missing=(l.t("form.box_missing")) data-msg-choose=(l.t("form.box_choose"))
            data-msg-mistyped=(l.t("form.box_mistyped")) data-msg-day-typed=(l.t("form.box_day_typed"))
            data-msg-day-none=(l.t("form.box_day_none")) data-msg-tick=(l.t("form.box_tick"))
            data-msg-day-max=(l.t("form.box_day_max")) data-msg-day-min=(l.t("form.box_day_min"))
            data-msg-number-max=(l.t("form.box_number_max")) data-msg-number-min=(l.t("form.box_number_min"))
            data-day-pick=(l.t("form.day_pick")) data-file-pick=(l.t("form.file_pick"))
            data-file-none=(l.t("form.file_none")) data-files-many=(l.t("form.files_many"))
            data-confirm-no=(l.t("form.confirm_no")) {
            (head(title))
            body.bare[bare] {
                a.skip href="#content" { (l.t("nav.skip")) }
                header.top { (header) }
                main id="content" .narrow[bare] { (main) }
                footer {
                    (l.t("app.footer")) " · " a href="/dich-vu-cong" { (l.t("services.title")) }
                    " · " a href="/verify" { (l.t("verify.title")) }
                    " · " a href="/giay-phep" { (l.t("nav.licences")) }
                    " · " a href="/ban-do" { (l.t("app.licence_map")) }
                    " · " a href="/toa-do" { (l.t("app.coordinates")) }
                }
            }
        }
    }
}

pub(crate) use crate::i18n::language_switch;

/// The messages for one field, in the page's language; the first is `{field}-error`, which
/// the field names as what describes it (see [`error_id`]).
pub fn field_errors(l: Lang, errors: &FieldErrors, field: &str) -> Markup {
    html! {
        @for (i, e) in errors.0.iter().filter(|e| e.field == field).enumerate() {
            p.field-error role="alert" id=[(i == 0).then(|| format!("{field}-error"))] { (l.field_error(e.code, &e.message)) }
        }
    }
}

/// What a field in error says describes it (`aria-describedby`): its first message, written by
/// [`field_errors`], so that a screen reader reads the message with the field; `None` while
/// the field holds no error.
pub fn error_id(errors: &FieldErrors, field: &str) -> Option<String> {
    errors
        .0
        .iter()
        .any(|e| e.field == field)
        .then(|| format!("{field}-error"))
}

/// Errors for fields the form does not show (or that concern the whole form).
pub fn form_errors(l: Lang, errors: &FieldErrors, shown: &[&str]) -> Markup {
    labelled_form_errors(l, errors, shown, None)
}

/// [`form_errors`] of a form whose labels are its capability's own (`{prefix}.{field}`, e.g.
/// `archive.field.year`, "Năm hoàn thành"): the banner names each field as its label reads.
pub fn labelled_form_errors(
    l: Lang,
    errors: &FieldErrors,
    shown: &[&str],
    prefix: Option<&str>,
) -> Markup {
    // a field by its label, never by its code; one without a label goes unnamed
    let label = |field: &str| {
        prefix
            .and_then(|p| l.lookup(&format!("{p}.{field}")))
            .or_else(|| l.lookup(&format!("field.{field}")))
    };
    let mut named: Vec<(&str, &str)> = Vec::new();
    // in the order the form shows its fields (`shown`), whatever order they were refused in
    for e in shown
        .iter()
        .flat_map(|s| errors.0.iter().filter(move |e| e.field == *s))
    {
        // a stored file's digest (`file_sha256`) is the file chosen in its box (`file`)
        let field = e.field.strip_suffix("_sha256").unwrap_or(&e.field);
        if let Some(t) = label(field).or_else(|| label(&e.field))
            && !named.iter().any(|(f, _)| *f == field)
        {
            named.push((field, t));
        }
    }
    html! {
        @let others: Vec<_> = errors.0.iter().filter(|e| !shown.contains(&e.field.as_str())).collect();
        @if !errors.is_empty() {
            // where the page opens: the form may stand below the fold
            div.alert role="alert" tabindex="-1" autofocus {
                p {
                    (l.t("form.has_errors"))
                    // which fields, each a link to it
                    @for (i, (field, text)) in named.iter().enumerate() {
                        (if i == 0 { " " } else { ", " }) a href={ "#" (field) } { (text) }
                    }
                }
                @for e in others {
                    p { @if let Some(t) = label(&e.field) { (t) ": " } (l.field_error(e.code, &e.message)) }
                }
            }
        }
    }
}

/// A queue's title and how many it holds: the figure opens the list behind it.
pub fn queue_heading(l: Lang, title: &str, count: i64, all: &str) -> Markup {
    html! {
        h2 {
            (title) " "
            @let figure = l.number(count);
            a.count href=(all) aria-label=(format!("{figure}: {}", l.t("queue.more"))) { (figure) }
        }
    }
}

/// A labelled text input with its errors.
pub fn text_field(
    l: Lang,
    errors: &FieldErrors,
    name: &str,
    label_key: &str,
    value: &str,
    input_type: &str,
    required: bool,
) -> Markup {
    let described = error_id(errors, name);
    html! {
        div.field {
            label for=(name) { (l.t(label_key)) @if required { (required_mark()) } }
            input id=(name) name=(name) type=(input_type) value=(value) required[required]
                aria-invalid=[described.is_some().then_some("true")]
                aria-describedby=[described.as_deref()];
            (field_errors(l, errors, name))
        }
    }
}

/// The star after a required field's label (the field itself says `required` to assistive
/// technology; the star is for the eye).
pub fn required_mark() -> Markup {
    html! { span.required aria-hidden="true" { " *" } }
}

/// The language of whoever reads: a signed-in person's own, else the browser's.
pub fn reader_lang(headers: &axum::http::HeaderMap, caller: Option<&Caller>) -> Lang {
    caller.map_or_else(|| Lang::from_headers(headers), |c| c.lang)
}

/// The hidden CSRF field of every form.
pub fn csrf_field(caller: &Caller) -> Markup {
    html! { input type="hidden" name="csrf" value=(caller.csrf()); }
}

/// What a page says after a step of `kind` succeeded (`?done={step}`): the step's own message
/// (`done.{kind}.{step}`), or that it was saved.
pub fn done_notice(l: Lang, kind: &str, done: Option<&str>) -> Markup {
    let key = done.map(|d| {
        let own = format!("done.{kind}.{d}");
        match l.lookup(&own) {
            Some(_) => own,
            None => "notice.saved".to_string(),
        }
    });
    notice(l, key.as_deref())
}

/// The indentation of a unit `depth` levels under the first shown in a list of choices: spaces
/// that a list box keeps (no marks, which the box would show before the chosen unit's name).
pub fn indent(depth: usize) -> String {
    "\u{a0}\u{a0}\u{a0}".repeat(depth)
}

/// A short notice above a page's content (after a redirect).
pub fn notice(l: Lang, key: Option<&str>) -> Markup {
    html! {
        @if let Some(k) = key { p.notice role="status" { (l.t(k)) } }
    }
}

/// A page's query (a list's filters, a form sent by GET). A field left empty ("—", an empty
/// date) is as good as absent, so a form sent as it stands is never refused; one of the wrong
/// shape (a word where a number goes) is refused naming its field, on an error page.
pub struct PageQuery<T>(pub T);

impl<S, T> axum::extract::FromRequestParts<S> for PageQuery<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = crate::error::PageError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _: &S,
    ) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().unwrap_or("");
        let filled: String = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(
                url::form_urlencoded::parse(query.as_bytes()).filter(|(_, v)| !v.trim().is_empty()),
            )
            .finish();
        let uri: axum::http::Uri = format!("/?{filled}")
            .parse()
            .map_err(|_| AppError::BadRequest("the query is not readable".into()))?;
        match axum::extract::Query::<T>::try_from_uri(&uri) {
            Ok(axum::extract::Query(v)) => Ok(PageQuery(v)),
            Err(e) => {
                let text = e.body_text();
                let detail = text
                    .split_once("query string: ")
                    .map_or(text.as_str(), |(_, d)| d);
                Err(AppError::Invalid(crate::error::data_error_field(detail)).into())
            }
        }
    }
}

/// `text` with the words of a search marked where they stand (diacritics and case ignored).
pub fn marked(text: &str, terms: &[String]) -> Markup {
    // the text cut into (unmarked, marked) pieces, in order
    let mut pieces = Vec::new();
    let mut at = 0;
    for (start, end) in lode_core::text::found_ranges(text, terms) {
        pieces.push((
            text.get(at..start).unwrap_or(""),
            text.get(start..end).unwrap_or(""),
        ));
        at = end;
    }
    html! {
        @for (plain, found) in pieces { (plain) mark { (found) } }
        (text.get(at..).unwrap_or(""))
    }
}

/// The document's PDF shown beside its facts (the browser's own viewer, from lode itself), with a
/// link for browsers that show none (phones).
pub fn pdf_preview(l: Lang, src: &str) -> Markup {
    html! {
        aside.preview aria-label=(l.t("preview.label")) {
            // the viewer's own tools take a dozen Tab stops: the keyboard may step past them
            a.skip.past-preview href="#past-preview" { (l.t("preview.skip")) }
            // the viewer opened on the page's width, without its thumbnails
            object data={ (src) "#navpanes=0&view=FitH" } type="application/pdf" title=(l.t("preview.label")) {
                p { a href=(src) { (l.t("preview.open")) } }
            }
            span #past-preview tabindex="-1" {}
        }
    }
}

/// Why an action was refused because of the record's state (409), in the reader's language: the
/// refusals written in advance have their own words; any other, in Vietnamese, says what such a
/// refusal means (the record moved on, or does not allow this step) rather than show the
/// store's English.
pub fn conflict_alert(l: Lang, conflict: &str) -> Markup {
    // English says the store's own sentence where no better words were written for it
    let text = match (l.lookup(&format!("conflict.{conflict}")), l) {
        (Some(said), _) => said.to_string(),
        (None, Lang::En) => conflict.to_string(),
        (None, Lang::Vi) => l.t("conflict.other").to_string(),
    };
    html! { div.alert role="alert" { p { (text) } } }
}

/// Formats a stored UTC instant in Vietnam time (UTC+7, no daylight saving) for display.
pub fn local_time(stored: &str) -> String {
    match (
        lode_db::parse_instant(stored),
        chrono::FixedOffset::east_opt(7 * 3600),
    ) {
        (Some(t), Some(vietnam)) => t
            .with_timezone(&vietnam)
            .format("%d/%m/%Y %H:%M")
            .to_string(),
        _ => stored.to_string(),
    }
}

/// Formats a stored day (`YYYY-MM-DD`, or a stored instant's day in Vietnam) as Vietnam writes
/// it, `dd/mm/yyyy`; anything else as it is.
pub fn local_day(stored: &str) -> String {
    // an instant's day is Vietnam's (17:00 UTC is the next day there)
    let vietnam = chrono::FixedOffset::east_opt(7 * 3600);
    let day = match (lode_db::parse_instant(stored), vietnam) {
        (Some(t), Some(v)) if stored.len() > 10 => Some(t.with_timezone(&v).date_naive()),
        _ => stored
            .get(..10)
            .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()),
    };
    day.map_or_else(|| stored.to_string(), |d| d.format("%d/%m/%Y").to_string())
}

/// [`local_day`] of a day that may be missing: a dash then.
pub fn local_day_or_dash(stored: Option<&str>) -> String {
    stored.map_or_else(|| "—".to_string(), local_day)
}

/// A recorded change (`{"field": [before, after]}`, or `{"created": {...}}`) as readable lines.
pub fn describe_change(l: Lang, change: &serde_json::Value) -> Markup {
    use serde_json::Value;
    let label = |field: &str| {
        // a unit's kind, a dossier item's, a job's: the log's reader reads "kind" of anything
        let key = match field {
            "kind" => "field.kind_of",
            other => other,
        };
        l.lookup(&format!("field.{key}"))
            .or_else(|| l.lookup(key))
            .map_or_else(|| field.to_string(), str::to_string)
    };
    fn show(l: Lang, field: &str, v: &Value) -> String {
        match v {
            // a file's hash says only that there is a file
            Value::String(_) if field.ends_with("sha256") => l.t("change.a_file").to_string(),
            Value::String(s) => shown_value(l, field, s),
            Value::Null => "—".to_string(),
            Value::Object(o) => shown_object(l, o),
            Value::Bool(yes) => l
                .t(if *yes { "verify.yes" } else { "verify.no" })
                .to_string(),
            // a sum of money grouped as money is written (its label names the unit)
            Value::Number(n) if field.contains("fee") || field.contains("amount") => {
                n.as_i64().map_or_else(|| n.to_string(), |v| l.amount(v))
            }
            // a list (of roles, of units) before or after a change: its items named, joined
            Value::Array(items) if items.is_empty() => "—".to_string(),
            Value::Array(items) => items
                .iter()
                .map(|v| show(l, field, v))
                .collect::<Vec<_>>()
                .join(", "),
            other => other.to_string(),
        }
    }
    let show = |field: &str, v: &Value| show(l, field, v);
    let Value::Object(fields) = change else {
        return html! { (show("", change)) };
    };
    let shown = |(field, v): &(&String, &Value)| {
        !(v.is_null()
            || v.as_array().is_some_and(Vec::is_empty)
            // a reason or note left empty says nothing
            || v.as_str().is_some_and(|s| s.trim().is_empty())
            // what only a machine reads: a certificate's fingerprint, a file's hash, the ids of
            // rows named beside them, a count of nothing
            || MACHINE_FIELDS.contains(&field.as_str())
            || (field.as_str() == "attachments_sealed" && v.as_i64() == Some(0)))
    };
    html! {
        ul.change {
            @for (field, value) in fields.iter().filter(shown) {
                @match value {
                    Value::Array(pair) if pair.len() == 2 && !LIST_FIELDS.contains(&field.as_str()) => {
                        li { (label(field)) ": " del { (show(field, &pair[0])) } " → " ins { (show(field, &pair[1])) } }
                    }
                    Value::Object(inner) => {
                        li { (l.t(&format!("change.{field}"))) ": "
                            @for (i, (k, v)) in inner.iter().enumerate() {
                                @if i > 0 { "; " }
                                (label(k)) " " strong { (show(k, v)) }
                            }
                        }
                    }
                    Value::Array(items) => li { (label(field)) ": " (items.iter().map(|v| show(field, v)).collect::<Vec<_>>().join("; ")) },
                    // a signature's certificate names its holder: read as the signer's name
                    Value::String(dn) if field.as_str() == "subject" && dn.starts_with("CN=") => {
                        li { (label("signed_by")) ": " (common_name(dn)) }
                    }
                    Value::String(dn) if field.as_str() == "issuer" && dn.starts_with("CN=") => {
                        li { (label("certificate_issuer")) ": " (common_name(dn)) }
                    }
                    // in words first, its standard's name after for who knows it
                    Value::String(level) if field.as_str() == "level" => li {
                        (label(field)) ": " (l.fill("sign.level_when_signed", &serde_json::json!({ "level": level })))
                    },
                    other => li { (label(field)) ": " (show(field, other)) },
                }
            }
        }
    }
}

/// Fields of a log entry kept for machines (hashes, row ids whose names the entry carries too),
/// never shown to its reader.
const MACHINE_FIELDS: &[&str] = &[
    "certificate",
    "sha256",
    "holder_account_id",
    "holder_unit_id",
    // a dossier's entry is named by its number in the dossier and its kind, beside these
    "item_id",
    "incoming_id",
    "outgoing_id",
    // a payment's and a message's rows, whose amount and text the dossier shows
    "payment",
    "message",
    // a paper's key and a form's field keys (the paper and the form are named beside), a
    // file's type
    "key",
    "fields",
    "media_type",
    // whom a request for more time was asked of: the request names its asker; whether an
    // extension was the body's leaders'
    "asked_of",
    "by_leader",
];

/// Fields of a step that hold a list (of units a document went to, of bodies outside), never
/// a change from one value to another.
const LIST_FIELDS: &[&str] = &[
    "delivered",
    "outside",
    "coordinating_units",
    "coordinating_unit_ids",
    "recipient_unit_ids",
    "recipients_outside",
    "attachments",
];

/// A recorded record (a unit a document was delivered to, with the number it arrived under) as
/// words: `Liên đoàn … (số đến 64/2026)`.
fn shown_object(l: Lang, o: &serde_json::Map<String, serde_json::Value>) -> String {
    let text = |k: &str| o.get(k).and_then(|v| v.as_str()).map(str::to_string);
    let number = |k: &str| o.get(k).and_then(serde_json::Value::as_i64);
    match (text("unit"), number("arrival_number"), number("year")) {
        (Some(unit), Some(n), Some(y)) => {
            format!("{unit} ({} {n}/{y})", l.t("incoming.arrival_short"))
        }
        (Some(unit), _, _) => unit,
        _ => o
            .values()
            .map(|v| match v {
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            })
            .collect::<Vec<_>>()
            .join(", "),
    }
}

pub use lode_core::text::common_name;

/// A document type of Decree 30's Appendix III, or lode's own dossier of an administrative
/// procedure (`HSTT`), by its name in the reader's language, from its code (`KH`: "Kế hoạch",
/// "Plan"); `None` for a type the agency added.
pub fn document_type(l: Lang, code: &str) -> Option<&'static str> {
    // a message's name is ASCII: Đ is written DD (`QĐ` → `QDD`, apart from `QD`)
    let key = code.replace('Đ', "DD").replace('đ', "dd");
    if !key.chars().all(|c| c.is_ascii_alphanumeric()) {
        return None;
    }
    l.lookup(&format!("doc_type.{key}"))
}

/// A document type's name as the reader reads it: Decree 30's in their language, else the
/// name the agency gave it.
pub fn type_name<'a>(l: Lang, code: &str, stored: &'a str) -> &'a str {
    match (l, document_type(l, code)) {
        (Lang::En, Some(name)) => name,
        _ => stored,
    }
}

/// A recorded value as its reader reads it: a code by its name in the reader's language (a
/// register, a clearance, a channel, an urgency, a reviewer, a status), a day as `dd/mm/yyyy`,
/// an instant in Vietnam time; anything else as written.
fn shown_value(l: Lang, field: &str, value: &str) -> String {
    let named = match field {
        "register" => Some("register"),
        "secrecy" | "clearance" => Some("clearance"),
        "channel" => Some("channel"),
        "urgency" => Some("urgency"),
        "as" | "reviewer" | "review_chain" => Some("reviewer"),
        "issuer_scope" => Some("issuer_scope"),
        "status" => Some("status"),
        "unit_status" => Some("unit_status"),
        "roles" | "role" => Some("role"),
        "account_kind" => Some("kind"),
        "outgoing_series" => Some("series"),
        "access" => Some("archive.access"),
        "revocation_reason" => Some("certs.reason"),
        _ => None,
    };
    if field == "type_code"
        && let Some(name) = document_type(l, value)
    {
        return name.to_string();
    }
    if let Some(text) = named.and_then(|prefix| l.lookup(&format!("{prefix}.{value}"))) {
        return text.to_string();
    }
    // a kind of anything the log names: a unit's, a dossier item's, a job's
    if field == "kind"
        && let Some(text) = ["unit_kind", "item_kind", "jobs.kind", "archive.kind"]
            .iter()
            .find_map(|prefix| l.lookup(&format!("{prefix}.{value}")))
    {
        return text.to_string();
    }
    // a dossier's retention: permanent, or a number of years
    if field == "retention" {
        if let Some(text) = l.lookup(&format!("retention.{value}")) {
            return text.to_string();
        }
        if let (Ok(years), Some(unit)) = (value.parse::<u32>(), l.lookup("retention.years")) {
            return format!("{years} {unit}");
        }
    }
    let is_day = value.len() == 10 && chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d").is_ok();
    if is_day {
        local_day(value)
    } else if value.len() > 10 && lode_db::parse_instant(value).is_some() {
        local_time(value)
    } else {
        value.to_string()
    }
}

/// Reads a form whose `roles` field repeats (checkboxes), which serde's urlencoded reader
/// cannot gather into a list.
pub fn form_pairs(body: &[u8]) -> Vec<(String, String)> {
    url::form_urlencoded::parse(body)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

/// A box the person ticks to confirm a step that cannot be undone (revoking a certificate,
/// dissolving a unit, withdrawing a dossier, recalling a letter): the browser asks for it before
/// sending, and the page's handler checks it with [`confirmed`]. `key` says what is confirmed.
pub fn confirm_box(l: Lang, id: &str, key: &str, errors: &FieldErrors) -> Markup {
    html! {
        div.field.confirm {
            label.check {
                input type="checkbox" id=(id) name="confirm" value="1" required;
                " " (l.t(key))
            }
            (field_errors(l, errors, "confirm"))
        }
    }
}

/// The step's form came with its confirmation ticked ([`confirm_box`]).
pub fn confirmed(pairs: &[(String, String)]) -> Result<(), FieldErrors> {
    match first(pairs, "confirm") {
        Some(_) => Ok(()),
        None => Err(unconfirmed()),
    }
}

/// The refusal of a step whose confirmation box was left unticked.
pub fn unconfirmed() -> FieldErrors {
    FieldErrors::single(
        "confirm",
        "unconfirmed",
        "tick the box to confirm: this cannot be undone",
    )
}

pub fn first(pairs: &[(String, String)], key: &str) -> Option<String> {
    pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone())
}

pub fn all_of(pairs: &[(String, String)], key: &str) -> Vec<String> {
    pairs
        .iter()
        .filter(|(k, _)| k == key)
        .map(|(_, v)| v.clone())
        .collect()
}

/// A local redirect target, refusing anything that could leave the site.
pub fn safe_back(back: Option<&str>) -> String {
    match back {
        Some(b) if is_own_path(b) => b.to_string(),
        _ => "/".to_string(),
    }
}

/// Whether `b` is a path on lode's own origin as a browser will read it. Browsers drop tabs and
/// line breaks anywhere in a URL and read `\` as `/`, so `/\t/host` and `/\host` lead to
/// another host: any control character, space or backslash refuses the path.
fn is_own_path(b: &str) -> bool {
    b.starts_with('/')
        && !b[1..].starts_with('/')
        && !b
            .chars()
            .any(|c| c.is_control() || c.is_whitespace() || c == '\\')
        && !b.contains("://")
}

/// A form body; a malformed one is answered with a 400 page rather than axum's plain text.
pub struct PageForm<T>(pub T);

impl<S, T> axum::extract::FromRequest<S> for PageForm<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = crate::error::PageError;

    async fn from_request(req: axum::extract::Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Form::<T>::from_request(req, state).await {
            Ok(axum::Form(v)) => Ok(PageForm(v)),
            Err(e) => Err(crate::error::AppError::BadRequest(e.body_text()).into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::safe_back;

    /// The conflict messages written as literals in the crates' sources.
    fn written_conflicts() -> Vec<String> {
        fn walk(dir: &std::path::Path, out: &mut Vec<String>) {
            let Ok(entries) = std::fs::read_dir(dir) else {
                return;
            };
            for e in entries.flatten() {
                let path = e.path();
                if path.is_dir() {
                    walk(&path, out);
                } else if path.extension().is_some_and(|x| x == "rs")
                    && !path.components().any(|c| c.as_os_str() == "tests")
                {
                    let text = std::fs::read_to_string(&path).unwrap_or_default();
                    for part in text.split(concat!("Conflict", "(")).skip(1) {
                        let part = part.trim_start();
                        if let Some(rest) = part.strip_prefix('"')
                            && let Some((message, _)) = rest.split_once('"')
                        {
                            out.push(message.to_string());
                        }
                    }
                }
            }
        }
        let mut out = Vec::new();
        walk(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(".."),
            &mut out,
        );
        out
    }

    #[test]
    fn steps_read_as_words() {
        use crate::i18n::Lang;
        let send = serde_json::json!({"delivered": [
            {"arrival_number": 64, "unit": "Liên đoàn Bản đồ Địa chất miền Bắc", "year": 2026},
            {"arrival_number": 12, "unit": "Liên đoàn Bản đồ Địa chất miền Nam", "year": 2026}],
            "outside": ["Bộ Nông nghiệp và Môi trường", "UBND các tỉnh"]});
        let text = super::describe_change(Lang::Vi, &send).into_string();
        assert!(
            text.contains("Liên đoàn Bản đồ Địa chất miền Bắc (Số đến 64/2026)"),
            "{text}"
        );
        assert!(
            text.contains("Bộ Nông nghiệp và Môi trường; UBND các tỉnh"),
            "{text}"
        );
        assert!(
            !text.contains('{') && !text.contains("→"),
            "a list is no change: {text}"
        );
        let sign = serde_json::json!({"version": 2, "subject": "CN=Trần Văn Hùng,O=Cục Địa chất và Khoáng sản Việt Nam,C=VN",
            "level": "B-T", "certificate": "23f485803e65e4711c9", "attachments_sealed": 0});
        let text = super::describe_change(Lang::Vi, &sign).into_string();
        assert!(text.contains("Chứng thư số của: Trần Văn Hùng"), "{text}");
        assert!(
            text.contains("Mức chữ ký số: có dấu thời gian") && !text.contains("PAdES"),
            "{text}"
        );
        for raw in ["CN=", "23f4858", "attachments_sealed", "Trích yếu"] {
            assert!(!text.contains(raw), "{raw}: {text}");
        }
        // a change from one value to another stays one
        let edit = serde_json::json!({"name": ["Phòng A", "Phòng B"]});
        let text = super::describe_change(Lang::Vi, &edit).into_string();
        assert!(
            text.contains("<del>Phòng A</del>") && text.contains("<ins>Phòng B</ins>"),
            "{text}"
        );
        // lists before and after, by their names; a file by what it is, not its hash
        let roles = serde_json::json!({"roles": [[], ["clerk", "specialist"]],
            "signature_sha256": [null, "4fc043f7d1119a"]});
        let text = super::describe_change(Lang::Vi, &roles).into_string();
        assert!(
            text.contains("<del>—</del> → <ins>Văn thư, Chuyên viên</ins>")
                && text.contains("<ins>tệp đã tải lên</ins>"),
            "{text}"
        );
        for raw in ["[", "&quot;", "4fc043f7"] {
            assert!(!text.contains(raw), "{raw}: {text}");
        }
    }

    #[test]
    fn refusals_read_in_vietnamese() {
        use crate::i18n::Lang;
        let written = written_conflicts();
        assert!(written.len() >= 10, "{written:?}");
        for m in &written {
            assert!(
                Lang::Vi.lookup(&format!("conflict.{m}")).is_some(),
                "no Vietnamese words for the refusal {m:?}"
            );
        }
        // one made up at run time reads as what such a refusal means, never in English
        let shown = super::conflict_alert(Lang::Vi, "the document is sent").into_string();
        assert!(shown.contains("Không thực hiện được"), "{shown}");
        assert!(!shown.contains("sent"), "{shown}");
        let shown = super::conflict_alert(Lang::En, "the document is sent").into_string();
        assert!(shown.contains("the document is sent"), "{shown}");
    }

    #[test]
    fn days_read_as_vietnam_writes_them() {
        use super::local_day;
        assert_eq!(local_day("2026-12-15"), "15/12/2026");
        // 17:30 UTC is already the next day in Vietnam
        assert_eq!(local_day("2026-12-15T17:30:00.000000Z"), "16/12/2026");
        assert_eq!(local_day("2026-12-15T09:00:00Z"), "15/12/2026");
        assert_eq!(local_day("not a day"), "not a day");
    }

    #[test]
    fn redirects_stay_on_the_site() {
        assert_eq!(safe_back(Some("/org/5?done=1")), "/org/5?done=1");
        for outside in [
            "https://evil.example",
            "//evil.example/x",
            "/\\evil.example",
            "evil",
            "",
            "/x://y",
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r\n/evil.example",
            "/ /evil.example",
            "/\u{0}/evil.example",
            "/\u{2028}/evil.example",
        ] {
            assert_eq!(safe_back(Some(outside)), "/", "{outside:?}");
        }
        assert_eq!(safe_back(None), "/");
        assert_eq!(safe_back(Some("/incoming?q=đá")), "/incoming?q=đá");
    }
}
