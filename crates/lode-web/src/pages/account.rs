//! The signed-in person's own account: password change and personal API tokens.

use super::{Nav, PageForm, csrf_field, form_errors, layout, local_time, notice, text_field};
use crate::State;
use crate::auth::Caller;
use crate::error::{AppError, PageResult};
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use lode_core::validation::FieldErrors;
use lode_db::sessions;
use maud::{Markup, html};
use serde::Deserialize;

#[derive(Deserialize, Default)]
pub struct AccountQuery {
    must_change: Option<String>,
    done: Option<String>,
}

async fn page(
    state: &crate::AppState,
    mounted: &crate::Mounted,
    caller: &Caller,
    errors: &FieldErrors,
    new_token: Option<&str>,
    q: &AccountQuery,
) -> PageResult<Markup> {
    page_typed(state, mounted, caller, (errors, None), new_token, q).await
}

/// [`page`] with the profile as its form was sent (`typed`, refused): shown back as typed,
/// each error beside what caused it.
async fn page_typed(
    state: &crate::AppState,
    mounted: &crate::Mounted,
    caller: &Caller,
    (errors, typed): (&FieldErrors, Option<&ProfileForm>),
    new_token: Option<&str>,
    q: &AccountQuery,
) -> PageResult<Markup> {
    let l = caller.lang;
    let tokens = sessions::tokens_of(&state.db, caller.account.id).await?;
    let now = lode_db::now();
    let current = caller.session.as_ref().map(|s| s.token_hash.as_str());
    let live = sessions::of_account(&state.db, caller.account.id, current).await?;
    // what each capability mounted keeps of this person's
    let sections = mounted.account(state, caller).await?;
    let profile = if caller.actor.is_staff() {
        None
    } else {
        Some(lode_db::accounts::profile(&state.db, caller.account.id).await?)
    };
    let a = &caller.account;
    // what the form shows: as typed when it was refused, else as stored
    let shown = |typed_value: fn(&ProfileForm) -> &str, stored: Option<&str>| -> String {
        typed.map_or_else(
            || stored.unwrap_or("").to_string(),
            |t| typed_value(t).to_string(),
        )
    };
    Ok(layout(
        caller,
        l.t("account.title"),
        Nav::Account,
        html! {
            h1 { (l.t("account.title")) }
            @if q.must_change.is_some() || caller.account.must_change_password {
                div.alert role="alert" { p { (l.t("account.must_change")) } }
            }
            (notice(l, q.done.as_deref().map(|_| "notice.saved")))
            p { (caller.account.full_name) " · " code { (caller.account.username) } }
            (form_errors(l, errors, &["current_password", "new_password", "name", "phone",
                "organisation_name", "tax_code", "address", "representative"]))
            @if let Some((address, representative)) = &profile {
                section {
                    h2 { (l.t(if a.kind == lode_core::people::AccountKind::Business { "account.profile_business" } else { "account.profile_citizen" })) }
                    // the address lode writes to, which signing up confirmed
                    @if let Some(email) = &a.email { p { (l.t("field.email")) ": " strong { (email) } } }
                    form.stack method="post" action="/account/profile" {
                        (csrf_field(caller))
                        input type="hidden" name="version" value=(caller.account.version);
                        // a business's name, tax code and representative; a citizen has none
                        @if a.kind == lode_core::people::AccountKind::Business {
                            (text_field(l, errors, "organisation_name", "register.organisation_name", &shown(|t| &t.organisation_name, a.organisation_name.as_deref()), "text", false))
                            (text_field(l, errors, "tax_code", "register.tax_code", &shown(|t| &t.tax_code, a.tax_code.as_deref()), "text", false))
                        }
                        (text_field(l, errors, "address", "register.address", &shown(|t| &t.address, address.as_deref()), "text", false))
                        @if a.kind == lode_core::people::AccountKind::Business {
                            (text_field(l, errors, "representative", "register.representative", &shown(|t| &t.representative, representative.as_deref()), "text", false))
                        }
                        (text_field(l, errors, "phone", "register.phone", &shown(|t| &t.phone, a.phone.as_deref()), "tel", false))
                        button type="submit" { (l.t("action.save")) }
                    }
                }
            }
            section {
                h2 { (l.t("account.password")) }
                form.stack method="post" action="/account/password" {
                    (csrf_field(caller))
                    (text_field(l, errors, "current_password", "field.current_password", "", "password", true))
                    (text_field(l, errors, "new_password", "field.new_password", "", "password", true))
                    p.hint { (l.t("hint.password")) }
                    button type="submit" { (l.t("action.change_password")) }
                }
            }
            @for section in &sections { (section) }
            section {
                h2 { (l.t("account.sessions")) }
                table.list {
                    thead { tr {
                        th { (l.t("field.signed_in")) } th { (l.t("field.last_seen")) }
                        th { (l.t("field.ip")) } th { (l.t("field.browser")) }
                    } }
                    tbody {
                        @for s in &live {
                            tr {
                                td data-label=(l.t("field.signed_in")) { (local_time(&s.created_at)) @if s.current { " " span.badge { (l.t("account.this_session")) } } }
                                td data-label=(l.t("field.last_seen")) { (local_time(&s.last_seen_at)) }
                                td data-label=(l.t("field.ip")) { (s.ip.as_deref().unwrap_or("—")) }
                                // the browser and system by name; the whole of what it sent on hover
                                td data-label=(l.t("field.browser")) title=(s.user_agent.as_deref().unwrap_or("")) {
                                    @match s.user_agent.as_deref().and_then(browser_of) {
                                        Some((browser, system)) => { (browser) @if let Some(os) = system { " · " (os) } },
                                        None => (l.t("account.unknown_browser")),
                                    }
                                }
                            }
                        }
                    }
                }
                @if live.len() > 1 {
                    form.inline method="post" action="/account/sessions/close-others" {
                        (csrf_field(caller))
                        button.danger type="submit" { (l.t("action.close_other_sessions")) }
                    }
                }
            }
            @if !caller.account.must_change_password {
                // for the programs a person connects to lode: folded away until one is wanted
                details.tokens open[new_token.is_some() || !tokens.is_empty() || errors.0.iter().any(|e| e.field == "name" || e.field == "days")] {
                    summary { (l.t("account.tokens")) }
                    p.hint { (l.t("hint.tokens")) " " a href="/api/docs" { (l.t("account.api_docs")) } }
                    @if let Some(t) = new_token {
                        div.notice role="status" { p { (l.t("account.token_once")) } p { code.token { (t) } } }
                    }
                    form.inline method="post" action="/account/tokens" {
                        (csrf_field(caller))
                        label for="name" { (l.t("field.token_name")) }
                        input id="name" name="name" required maxlength="100";
                        label for="days" { (l.t("field.token_term")) }
                        select id="days" name="days" {
                            @for d in [30, 90, 180, 365] {
                                option value=(d) selected[d == 90] { (d) " " (l.t("unit.days")) }
                            }
                        }
                        button type="submit" { (l.t("action.issue_token")) }
                    }
                    @if tokens.is_empty() { p.empty { (l.t("account.no_tokens")) } }
                    @else {
                    table.list {
                        thead { tr { th { (l.t("field.token_name")) } th { (l.t("field.prefix")) } th { (l.t("field.created_at")) } th { (l.t("field.last_used")) } th { (l.t("field.expires_at")) } th {} } }
                        tbody {
                            @for t in &tokens {
                                tr {
                                    td { (t.name) } td { code { (t.prefix) "…" } } td { (local_time(&t.created_at)) }
                                    td { (t.last_used_at.as_deref().map(local_time).unwrap_or_default()) }
                                    td { (local_time(&t.expires_at)) }
                                    td {
                                        @if t.revoked_at.is_some() { span.badge.closed { (l.t("status.revoked")) } }
                                        @else if t.expires_at.as_str() <= now.as_str() { span.badge.closed { (l.t("status.expired")) } }
                                        @else {
                                            form.inline method="post" action={ "/account/tokens/" (t.id) "/revoke" } {
                                                (csrf_field(caller))
                                                button.link.danger type="submit" { (l.t("action.revoke")) }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                    }
                }
            }
        },
    ))
}

pub async fn show(
    axum::extract::State(state): State,
    axum::Extension(mounted): axum::Extension<crate::Mounted>,
    caller: Caller,
    super::PageQuery(q): super::PageQuery<AccountQuery>,
) -> PageResult<Markup> {
    page(&state, &mounted, &caller, &FieldErrors::new(), None, &q).await
}

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    new_password: String,
}

pub async fn change_password(
    axum::extract::State(state): State,
    axum::Extension(mounted): axum::Extension<crate::Mounted>,
    caller: Caller,
    PageForm(f): PageForm<PasswordForm>,
) -> PageResult<Response> {
    let keep = caller.session.as_ref().map(|s| s.token_hash.as_str());
    match lode_db::accounts::change_own_password(
        &state.db,
        &caller.ctx(),
        caller.account.id,
        &f.current_password,
        &f.new_password,
        keep,
    )
    .await
    {
        Ok(()) => Ok(Redirect::to("/account?done=1").into_response()),
        Err(lode_db::DbError::Invalid(errors)) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            page(
                &state,
                &mounted,
                &caller,
                &errors,
                None,
                &AccountQuery::default(),
            )
            .await?,
        )
            .into_response()),
        Err(e) => Err(AppError::from(e).into()),
    }
}

#[derive(Deserialize)]
pub struct TokenForm {
    #[serde(default)]
    name: String,
    /// Days the token lasts; a choice of the form, checked again by the store.
    days: Option<String>,
}

pub async fn issue_token(
    axum::extract::State(state): State,
    axum::Extension(mounted): axum::Extension<crate::Mounted>,
    caller: Caller,
    PageForm(f): PageForm<TokenForm>,
) -> PageResult<Response> {
    // a value that is not a number is out of range, and said so beside the field
    let days = f
        .days
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(|d| d.parse::<i64>().unwrap_or(0));
    match sessions::issue_token(&state.db, &caller.ctx(), caller.account.id, &f.name, days).await {
        Ok((secret, _)) => Ok(page(
            &state,
            &mounted,
            &caller,
            &FieldErrors::new(),
            Some(&secret),
            &AccountQuery::default(),
        )
        .await?
        .into_response()),
        Err(lode_db::DbError::Invalid(errors)) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            page(
                &state,
                &mounted,
                &caller,
                &errors,
                None,
                &AccountQuery::default(),
            )
            .await?,
        )
            .into_response()),
        Err(e) => Err(AppError::from(e).into()),
    }
}

pub async fn revoke_token(
    axum::extract::State(state): State,
    caller: Caller,
    Path(id): Path<i64>,
) -> PageResult<Response> {
    sessions::revoke_token(&state.db, &caller.ctx(), caller.account.id, id).await?;
    Ok(Redirect::to("/account?done=1").into_response())
}

pub async fn close_other_sessions(
    axum::extract::State(state): State,
    caller: Caller,
) -> PageResult<Response> {
    let keep = caller.session.as_ref().map(|s| s.token_hash.as_str());
    sessions::close_others(&state.db, &caller.ctx(), caller.account.id, keep).await?;
    Ok(Redirect::to("/account?done=1").into_response())
}

#[derive(Deserialize)]
pub struct ProfileForm {
    #[serde(default)]
    phone: String,
    #[serde(default)]
    organisation_name: String,
    #[serde(default)]
    tax_code: String,
    #[serde(default)]
    address: String,
    #[serde(default)]
    representative: String,
    version: Option<i64>,
}

/// `POST /account/profile`: a business or citizen changes its profile.
pub async fn save_profile(
    axum::extract::State(state): State,
    axum::Extension(mounted): axum::Extension<crate::Mounted>,
    caller: Caller,
    PageForm(f): PageForm<ProfileForm>,
) -> PageResult<Response> {
    if caller.actor.is_staff() {
        return Err(AppError::Forbidden.into());
    }
    let some = |v: &str| Some(v.to_string()).filter(|v| !v.trim().is_empty());
    let input = lode_db::accounts::ProfileInput {
        phone: some(&f.phone),
        organisation_name: some(&f.organisation_name),
        tax_code: some(&f.tax_code),
        address: some(&f.address),
        representative: some(&f.representative),
        version: f.version,
    };
    match lode_db::accounts::update_profile(&state.db, &caller.ctx(), caller.account.id, &input)
        .await
    {
        Ok(_) => Ok(Redirect::to("/account?done=1").into_response()),
        Err(lode_db::DbError::Invalid(errors)) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            page_typed(
                &state,
                &mounted,
                &caller,
                (&errors, Some(&f)),
                None,
                &AccountQuery::default(),
            )
            .await?,
        )
            .into_response()),
        Err(e) => Err(AppError::from(e).into()),
    }
}

/// A browser's name, and its system's, from what it sends as its `User-Agent`; none when it
/// names no browser a person uses.
fn browser_of(agent: &str) -> Option<(&'static str, Option<&'static str>)> {
    // the most particular first: Edge, Opera and Cốc Cốc also say Chrome, Chrome says Safari
    let browser = [
        ("Edg/", "Edge"),
        ("OPR/", "Opera"),
        ("coc_coc_browser", "Cốc Cốc"),
        ("Firefox/", "Firefox"),
        ("Chrome/", "Chrome"),
        ("Chromium/", "Chromium"),
        ("Safari/", "Safari"),
    ]
    .iter()
    .find(|(mark, _)| agent.contains(mark))
    .map(|(_, name)| *name)?;
    let system = [
        ("Android", "Android"),
        ("iPhone", "iOS"),
        ("iPad", "iPadOS"),
        ("Windows", "Windows"),
        ("Mac OS X", "macOS"),
        ("CrOS", "ChromeOS"),
        ("Linux", "Linux"),
    ]
    .iter()
    .find(|(mark, _)| agent.contains(mark))
    .map(|(_, name)| *name);
    Some((browser, system))
}

#[cfg(test)]
mod tests {
    #[test]
    fn browsers_are_named_as_people_know_them() {
        let chrome = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";
        assert_eq!(super::browser_of(chrome), Some(("Chrome", Some("Windows"))));
        let coccoc = "Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 (KHTML, like Gecko) coc_coc_browser/130.0 Chrome/124.0 Safari/537.36";
        assert_eq!(
            super::browser_of(coccoc),
            Some(("Cốc Cốc", Some("Windows")))
        );
        let iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1";
        assert_eq!(super::browser_of(iphone), Some(("Safari", Some("iOS"))));
        assert_eq!(super::browser_of("curl/8.5"), None);
    }
}
