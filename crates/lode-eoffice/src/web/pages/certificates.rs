//! The registry of certificates (administrators): the counts the agency reports, the
//! certificates about to expire, the list with each one's status, and the forms to issue one
//! from lode's CA, import one, and refresh revocation from the CRLs.

use super::{
    Nav, answer_change, csrf_field, field_errors, first, form_errors, form_pairs, layout, notice,
};
use crate::certificates;
use axum::response::Response;
use lode_core::authz::Action;
use lode_core::validation::FieldErrors;
use lode_web::State;
use lode_web::auth::Caller;
use lode_web::error::{AppError, PageResult};
use maud::{Markup, html};

#[derive(serde::Deserialize, Default)]
pub struct ListQuery {
    done: Option<String>,
    status: Option<String>,
    #[serde(default, deserialize_with = "lode_db::empty_as_none")]
    page: Option<i64>,
}

/// How many certificates a page of the registry lists.
const CERTS_PAGE: i64 = 50;

/// A refused form of the page, as it was posted: which one (`issue`, `token`, `import`) and
/// what it held, typed back into it.
type Typed<'a> = Option<(&'a str, &'a [(String, String)])>;

async fn page(
    state: &lode_web::AppState,
    caller: &Caller,
    (errors, typed): (&FieldErrors, Typed<'_>),
    conflict: Option<&str>,
    q: &ListQuery,
) -> PageResult<Markup> {
    caller.require(Action::ManageCertificates)?;
    let l = caller.lang;
    // a value typed in form `form`, when it was the one refused
    let typed_in = |form: &str, key: &str| {
        typed
            .filter(|(f, _)| *f == form)
            .and_then(|(_, pairs)| first(pairs, key))
            .unwrap_or_default()
    };
    let holder = |form: &str| HolderTyped {
        person: typed_in(form, "holder_account_id").parse().ok(),
        unit: typed_in(form, "holder_unit_id").parse().ok(),
        refused: typed.is_some_and(|(f, _)| f == form),
    };
    let counts = certificates::counts(&state.db).await?;
    let sealed = lode_db::units::sealed(&state.db).await?;
    let status = q
        .status
        .as_deref()
        .and_then(certificates::CertificateStatus::parse);
    let all = certificates::list(&state.db, status).await?;
    let expiring: Vec<_> = all
        .iter()
        .filter(|c| {
            c.status == certificates::CertificateStatus::Valid
                && c.days_left <= certificates::EXPIRY_WARNING_DAYS
        })
        .collect();
    // the registry's page (past its end, its last page)
    let total = i64::try_from(all.len()).unwrap_or(i64::MAX);
    let pages = ((total + CERTS_PAGE - 1) / CERTS_PAGE).max(1);
    let page_number = q.page.unwrap_or(1).clamp(1, pages);
    let shown = all
        .iter()
        .skip(usize::try_from((page_number - 1) * CERTS_PAGE).unwrap_or(usize::MAX))
        .take(CERTS_PAGE as usize);
    let address = |page: i64| {
        lode_web::pages::listing::Address::new()
            .texts(&[("status", &q.status)])
            .page(page)
            .at("/admin/certificates")
    };
    let staff = certificates::staff_choices(&state.db).await?;
    let units = lode_db::units::all(&state.db).await?;
    let has_ca = state.services.ca.is_some();
    let token = state.services.token.as_ref().map(|t| t.token.clone());
    let tile = |key: &str, n: i64, filter: &str| {
        html! {
            a.gauge href={ "/admin/certificates" @if !filter.is_empty() { "?status=" (filter) } } {
                p.gauge-label { (l.t(key)) }
                p.gauge-value { (n) }
            }
        }
    };
    Ok(layout(
        caller,
        l.t("certs.title"),
        Nav::Certificates,
        html! {
            h1 { (l.t("certs.title")) }
            p.hint { (l.t("certs.hint")) }
            (notice(l, q.done.as_deref().map(|d| match d {
                "refreshed" => "certs.refreshed",
                "revoked" => "certs.done.revoked",
                "suspended" => "certs.done.suspended",
                "reinstated" => "certs.done.reinstated",
                "issued" => "certs.done.issued",
                "imported" => "certs.done.imported",
                "seal" => "certs.done.seal",
                _ => "notice.saved",
            })))
            @if let Some(c) = conflict { (super::conflict_alert(l, c)) }
            (form_errors(l, errors, &[]))
            // the refused form may stand far below: the way to it
            @if !errors.is_empty() {
                @let form = typed.map(|(f, _)| f).unwrap_or(if errors.0.iter().any(|e| e.field == "seal") { "seal-image" } else { "" });
                @let heading = match form {
                    "issue" => Some("certs.issue"),
                    "token" => Some("certs.token"),
                    "import" => Some("certs.import"),
                    "seal-image" => Some("certs.seal_image"),
                    f if f.starts_with("revocation-") => Some("certs.change"),
                    _ => None,
                };
                @if let Some(h) = heading {
                    p.refused-form { a href={ "#" (form) } { "↓ " (l.t(h)) } }
                }
            }
            div.gauges {
                (tile("certs.issued", counts.issued, ""))
                (tile("certs.valid", counts.valid, "valid"))
                (tile("certs.revoked", counts.revoked, "revoked"))
                (tile("certs.suspended", counts.suspended, "suspended"))
                (tile("certs.expired", counts.expired, "expired"))
            }
            @if !expiring.is_empty() {
                div.alert role="status" {
                    p { strong { (l.t("certs.expiring")) } }
                    ul { @for c in &expiring {
                        li { (super::common_name(&c.subject)) " — " (super::local_day(&c.not_after)) " (" (c.days_left) " " (l.t("certs.days")) ")" }
                    } }
                }
            }
            form method="post" action="/admin/certificates/refresh" {
                (csrf_field(caller))
                button type="submit" { (l.t("certs.refresh")) }
            }
            (lode_web::pages::listing::total_line(l, Some(lode_db::Total { count: total, more: false })))
            table.list {
                thead { tr {
                    th { (l.t("certs.subject")) } th { (l.t("certs.holder")) } th { (l.t("certs.serial")) }
                    th { (l.t("certs.valid_until")) } th { (l.t("certs.status")) } th { (l.t("certs.source")) }
                    th { (l.t("certs.actions")) }
                } }
                tbody {
                    @for c in shown {
                        tr id=(revocation_form_name(c.id)) {
                            td data-label=(l.t("certs.subject")) title=(c.subject) { (super::common_name(&c.subject)) br; small { (super::common_name(&c.issuer)) } }
                            td data-label=(l.t("certs.holder")) { (c.holder_name.as_deref().or(c.holder_unit_name.as_deref()).unwrap_or("—")) }
                            td data-label=(l.t("certs.serial")) { code { (c.serial) } }
                            td data-label=(l.t("certs.valid_until")) { (super::local_day(&c.not_after)) }
                            td data-label=(l.t("certs.status")) {
                                span class={ "badge status-" (c.status) } { (l.t(&format!("certs.status.{}", c.status))) }
                                @if let Some(at) = &c.revoked_at {
                                    br;
                                    small {
                                        (super::local_day(at))
                                        @if let Some(r) = c.revocation_reason.as_deref() {
                                            " · " (l.lookup(&format!("certs.reason.{r}")).unwrap_or(r))
                                        }
                                    }
                                }
                            }
                            td data-label=(l.t("certs.source")) { (l.t(&format!("certs.source.{}", c.source))) @if c.server_key { br; small { (l.t("certs.server_key")) } } }
                            td data-label=(l.t("certs.actions")) { (revocation_form(caller, c, has_ca, typed.filter(|(f, _)| *f == revocation_form_name(c.id)).map(|_| errors))) }
                        }
                    }
                    @if all.is_empty() { tr { td colspan="7" { (l.t("certs.none")) } } }
                }
            }
            (lode_web::pages::listing::pager(l, page_number, CERTS_PAGE, Some(lode_db::Total { count: total, more: false }), page_number < pages, address))
            @if has_ca {
                h2 #issue { (l.t("certs.issue")) }
                p.hint { (l.t("certs.issue_hint")) }
                form.stack method="post" action="/admin/certificates/issue" {
                    (csrf_field(caller))
                    (holder_fields(l, (&staff, &units), "issue", &holder("issue"), errors))
                    // the holder has a valid one: issuing another is asked for in so many words
                    @if holder("issue").refused && errors.0.iter().any(|e| e.field == "another") {
                        div.field.confirm {
                            label.check { input type="checkbox" id="issue-another" name="another" value="1"; " " (l.t("certs.issue_another")) }
                            (field_errors(l, errors, "another"))
                        }
                    }
                    button type="submit" { (l.t("certs.issue_button")) }
                }
            }
            @if let Some(token) = &token {
                h2 #token { (l.t("certs.token")) }
                p.hint { (l.t("certs.token_hint")) " " code { (token) } }
                form.stack method="post" action="/admin/certificates/token" {
                    (csrf_field(caller))
                    div.field {
                        label for="key_label" { (l.t("certs.key_label")) }
                        input id="key_label" name="key_label" required maxlength="64" value=(typed_in("token", "key_label"));
                        (field_errors(l, errors, "key_label"))
                    }
                    (holder_fields(l, (&staff, &units), "token", &holder("token"), errors))
                    button type="submit" { (l.t("certs.token_button")) }
                }
            }
            h2 #seal-image { (l.t("certs.seal_image")) }
            p.hint { (l.t("certs.seal_image_hint")) }
            // the seals in use, as they are drawn on what their unit seals
            @if !sealed.is_empty() {
                div.seals {
                    @for (unit, name) in &sealed {
                        figure {
                            img.seal src={ "/admin/certificates/seal/" (unit) } alt=(l.fill("certs.seal_of", &serde_json::json!({ "unit": name })));
                            figcaption { (name) }
                        }
                    }
                }
            }
            form.stack method="post" enctype="multipart/form-data" action="/admin/certificates/seal" { (lode_web::pages::csrf_field(caller))
                div.field {
                    label for="seal-unit" { (l.t("certs.seal_unit")) }
                    select id="seal-unit" name="unit_id" required {
                        (lode_web::pages::people::unit_options(&units, None, false))
                    }
                }
                div.field {
                    label for="seal" { (l.t("certs.seal_file")) }
                    input id="seal" name="seal" type="file" accept="image/png,image/jpeg" required;
                    (field_errors(l, errors, "seal"))
                }
                button type="submit" { (l.t("certs.seal_button")) }
            }
            h2 #import { (l.t("certs.import")) }
            form.stack method="post" action="/admin/certificates/import" {
                (csrf_field(caller))
                div.field {
                    label for="pem" { (l.t("certs.pem")) }
                    textarea id="pem" name="pem" rows="6" required placeholder="-----BEGIN CERTIFICATE-----" { (typed_in("import", "pem")) }
                    @if holder("import").refused { (field_errors(l, errors, "certificate")) }
                }
                (holder_fields(l, (&staff, &units), "import", &holder("import"), errors))
                button type="submit" { (l.t("certs.import_button")) }
            }
        },
    ))
}

/// What an administrator may do to the certificate's revocation from its row: only for one
/// lode's CA issued, still in force or suspended.
fn revocation_form(
    caller: &Caller,
    c: &certificates::Certificate,
    has_ca: bool,
    refused: Option<&FieldErrors>,
) -> Markup {
    let l = caller.lang;
    if c.source != "issued" || !has_ca {
        return html! { small { (l.t("certs.elsewhere")) } };
    }
    if !matches!(
        c.status,
        certificates::CertificateStatus::Valid | certificates::CertificateStatus::Suspended
    ) {
        return html! { "—" };
    }
    let action = format!("/admin/certificates/{}/revocation", c.id);
    let reason_id = format!("reason-{}", c.id);
    // refused: the row's form open, each error beside its field
    let no_errors = FieldErrors::new();
    let errors = refused.unwrap_or(&no_errors);
    html! {
        details.row-actions open[refused.is_some()] {
            summary { (l.t("certs.change")) }
            form.stack method="post" action=(action) {
                (csrf_field(caller))
                input type="hidden" name="action" value="revoke";
                div.field {
                    label for=(reason_id) { (l.t("certs.reason")) (lode_web::pages::required_mark()) }
                    // none chosen beforehand: a compromised key is said, never assumed
                    select id=(reason_id) name="reason" required {
                        option value="" { (l.t("certs.choose_reason")) }
                        @for r in ["key-compromise", "affiliation-changed", "superseded", "cessation-of-operation", "unspecified"] {
                            option value=(r) { (l.t(&format!("certs.reason.{r}"))) }
                        }
                    }
                    (lode_web::pages::field_errors(l, errors, "reason"))
                }
                (lode_web::pages::confirm_box(l, &format!("confirm-{}", c.id), "certs.confirm_revoke", errors))
                button.danger type="submit" { (l.t("certs.revoke")) }
            }
            // signatures made while suspended do not hold: a suspension is asked first
            form method="post" action=(action) data-confirm=[(c.status != certificates::CertificateStatus::Suspended).then(|| l.t("certs.suspend_confirm"))] {
                (csrf_field(caller))
                @if c.status == certificates::CertificateStatus::Suspended {
                    input type="hidden" name="action" value="reinstate";
                    button type="submit" { (l.t("certs.reinstate")) }
                } @else {
                    input type="hidden" name="action" value="suspend";
                    button type="submit" { (l.t("certs.suspend")) }
                }
            }
        }
    }
}

/// A person offered as a certificate's holder: id, name, unit.
type StaffChoice = (i64, String, Option<String>);

/// The holder chosen in a form that was refused, chosen again.
#[derive(Default)]
struct HolderTyped {
    person: Option<i64>,
    unit: Option<i64>,
    /// This form was the one refused: its holder's refusal stands here.
    refused: bool,
}

fn holder_fields(
    l: lode_web::i18n::Lang,
    (staff, units): (&[StaffChoice], &[lode_db::units::Unit]),
    prefix: &str,
    typed: &HolderTyped,
    errors: &FieldErrors,
) -> Markup {
    let person = format!("{prefix}-person");
    let unit = format!("{prefix}-unit");
    html! {
        div.field {
            label for=(person) { (l.t("certs.person")) }
            select id=(person) name="holder_account_id" {
                option value="" { "—" }
                @for (id, name, unit) in staff { option value=(id) selected[typed.person == Some(*id)] { (name) @if let Some(u) = unit { " · " (u) } } }
            }
        }
        div.field {
            label for=(unit) { (l.t("certs.unit")) }
            select id=(unit) name="holder_unit_id" {
                (lode_web::pages::people::unit_options(units, typed.unit, true))
            }
            @if typed.refused { (field_errors(l, errors, "holder")) }
        }
    }
}

pub async fn list(
    axum::extract::State(state): State,
    caller: Caller,
    super::PageQuery(q): super::PageQuery<ListQuery>,
) -> PageResult<Markup> {
    page(&state, &caller, (&FieldErrors::new(), None), None, &q).await
}

fn holder_of(p: &[(String, String)]) -> Result<(Option<i64>, Option<i64>), AppError> {
    let id = |key: &str| -> Result<Option<i64>, AppError> {
        match first(p, key).filter(|v| !v.is_empty()) {
            None => Ok(None),
            Some(v) => v.parse().map(Some).map_err(|_| {
                AppError::Invalid(FieldErrors::single(key, "invalid", "choose from the list"))
            }),
        }
    };
    Ok((id("holder_account_id")?, id("holder_unit_id")?))
}

async fn answer(
    state: &lode_web::AppState,
    caller: &Caller,
    result: Result<impl Sized, AppError>,
    done: &'static str,
) -> PageResult<Response> {
    answer_typed(state, caller, result, done, None).await
}

/// [`answer`] for a form whose refusal shows again what was `typed` in it.
async fn answer_typed(
    state: &lode_web::AppState,
    caller: &Caller,
    result: Result<impl Sized, AppError>,
    done: &'static str,
    typed: Typed<'_>,
) -> PageResult<Response> {
    answer_change(
        result,
        |_| format!("/admin/certificates?done={done}"),
        |errors, conflict| async move {
            page(
                state,
                caller,
                (&errors, typed),
                conflict.as_deref(),
                &ListQuery::default(),
            )
            .await
        },
    )
    .await
}

pub async fn issue(
    axum::extract::State(state): State,
    caller: Caller,
    body: axum::body::Bytes,
) -> PageResult<Response> {
    caller.require(Action::ManageCertificates)?;
    let p = form_pairs(&body);
    let result = match holder_of(&p) {
        Ok((a, u)) => match held_already(&state, (a, u), first(&p, "another").is_some()).await {
            Ok(()) => crate::web::signing::issue(&state, &caller, a, u).await,
            Err(e) => Err(e),
        },
        Err(e) => Err(e),
    };
    answer_typed(&state, &caller, result, "issued", Some(("issue", &p))).await
}

/// Refuses a second certificate for a holder who has a valid one, unless the administrator
/// said they mean it (`another`): a second key usually means the first was meant to go.
async fn held_already(
    state: &lode_web::AppState,
    (person, unit): (Option<i64>, Option<i64>),
    another: bool,
) -> Result<(), AppError> {
    if another {
        return Ok(());
    }
    let held = match (person, unit) {
        (Some(a), None) => certificates::of_account(&state.db, a).await?,
        (None, Some(u)) => certificates::of_unit(&state.db, u).await?,
        _ => return Ok(()),
    };
    match held
        .iter()
        .find(|c| c.status == certificates::CertificateStatus::Valid)
    {
        Some(c) => Err(AppError::Invalid(FieldErrors::single(
            "another",
            "holds_valid_certificate",
            format!(
                "the holder has a valid certificate (serial {}) until {}: revoke it, or confirm another",
                c.serial, c.not_after
            ),
        ))),
        None => Ok(()),
    }
}

pub async fn import(
    axum::extract::State(state): State,
    caller: Caller,
    body: axum::body::Bytes,
) -> PageResult<Response> {
    caller.require(Action::ManageCertificates)?;
    let p = form_pairs(&body);
    let pem = first(&p, "pem").unwrap_or_default();
    let result = match holder_of(&p) {
        Ok((a, u)) => {
            crate::web::signing::import(&state, &caller, pem.trim().as_bytes(), a, u).await
        }
        Err(e) => Err(e),
    };
    answer_typed(&state, &caller, result, "imported", Some(("import", &p))).await
}

pub async fn from_token(
    axum::extract::State(state): State,
    caller: Caller,
    body: axum::body::Bytes,
) -> PageResult<Response> {
    caller.require(Action::ManageCertificates)?;
    let p = form_pairs(&body);
    let label = first(&p, "key_label").unwrap_or_default();
    let result = match holder_of(&p) {
        Ok((a, u)) => crate::web::signing::import_from_token(&state, &caller, &label, a, u).await,
        Err(e) => Err(e),
    };
    answer_typed(&state, &caller, result, "imported", Some(("token", &p))).await
}

pub async fn set_seal(
    axum::extract::State(state): State,
    caller: Caller,
    mut multipart: axum::extract::Multipart,
) -> PageResult<Response> {
    caller.require(Action::ManageCertificates)?;
    let (mut unit, mut image) = (None, bytes::Bytes::new());
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|e| AppError::BadRequest(e.body_text()))?
    {
        match field.name() {
            Some("unit_id") => unit = field.text().await.ok().and_then(|v| v.trim().parse().ok()),
            Some("seal") => image = field.bytes().await.map_err(|_| AppError::PayloadTooLarge)?,
            _ => {}
        }
    }
    let result = match unit {
        Some(id) => crate::web::signing::set_seal_image(&state, &caller, id, image).await,
        None => Err(AppError::Invalid(FieldErrors::single(
            "unit_id",
            "required",
            "choose the unit",
        ))),
    };
    answer(&state, &caller, result, "seal").await
}

/// `GET /admin/certificates/seal/{unit}`: the image of a unit's seal, for its administrators.
pub async fn seal_image(
    axum::extract::State(state): State,
    caller: Caller,
    axum::extract::Path(unit): axum::extract::Path<i64>,
) -> PageResult<Response> {
    caller.require(Action::ManageCertificates)?;
    let sha = lode_db::units::seal_image(&state.db, unit)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(lode_web::pages::people::stored_image(&state, &sha).await?)
}

/// `POST /admin/certificates/{id}/revocation`: revoke (with a reason), suspend or reinstate.
pub async fn change_revocation(
    axum::extract::State(state): State,
    caller: Caller,
    axum::extract::Path(id): axum::extract::Path<i64>,
    body: axum::body::Bytes,
) -> PageResult<Response> {
    caller.require(Action::ManageCertificates)?;
    let p = form_pairs(&body);
    let action = first(&p, "action").unwrap_or_default();
    let change =
        crate::web::signing::RevocationChange::parse(&action, first(&p, "reason").as_deref());
    let done = match change {
        Ok(crate::web::signing::RevocationChange::Revoke(_)) => "revoked",
        Ok(crate::web::signing::RevocationChange::Suspend) => "suspended",
        _ => "reinstated",
    };
    // revoking cannot be undone: the form's box ticked first
    let confirmed = match change {
        Ok(crate::web::signing::RevocationChange::Revoke(_)) => {
            lode_web::pages::confirmed(&p).map_err(AppError::Invalid)
        }
        _ => Ok(()),
    };
    let result = match (change, confirmed) {
        (Err(e), _) | (_, Err(e)) => Err(e),
        (Ok(change), Ok(())) => crate::web::signing::change_revocation(&state, &caller, id, change)
            .await
            .map(|_| ()),
    };
    let form = revocation_form_name(id);
    answer_typed(&state, &caller, result, done, Some((&form, &p))).await
}

/// The name a certificate's revocation form is known by when refused (see [`Typed`]).
fn revocation_form_name(id: i64) -> String {
    format!("revocation-{id}")
}

pub async fn refresh(axum::extract::State(state): State, caller: Caller) -> PageResult<Response> {
    let result = crate::web::signing::refresh(&state, &caller).await;
    answer(&state, &caller, result, "refreshed").await
}
