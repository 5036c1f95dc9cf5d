//! A forgotten password: the form asking for the account's name or address, and the page of
//! the mailed link where a new password is set. Open to all; what they answer never tells
//! whether an account exists.

use super::{bare_layout, first, form_pairs, text_field};
use crate::State;
use crate::auth::ClientIp;
use crate::error::{AppError, PageResult};
use crate::i18n::Lang;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use lode_core::validation::FieldErrors;
use lode_db::AuditCtx;
use maud::{Markup, html};

/// How many links one address may ask for in [`ASKING_WINDOW`].
const ASKED_PER_ADDRESS: i64 = 10;
const ASKING_WINDOW: chrono::Duration = chrono::Duration::hours(1);

fn anonymous(ip: &str) -> AuditCtx {
    AuditCtx {
        actor_id: None,
        actor_label: "password-reset".into(),
        ip: Some(ip.to_string()),
    }
}

fn ask_form(l: Lang, who: &str, errors: &FieldErrors) -> Markup {
    html! {
        h1 { (l.t("forgotten.title")) }
        p.lead { (l.t("forgotten.lead")) }
        form.stack method="post" action="/quen-mat-khau" {
            (text_field(l, errors, "who", "forgotten.who", who, "text", true))
            button type="submit" { (l.t("forgotten.send")) }
        }
        p { a href="/login" { "← " (l.t("login.title")) } }
    }
}

/// `GET /quen-mat-khau`: the form.
pub async fn form(l: Lang) -> Markup {
    bare_layout(
        l,
        l.t("forgotten.title"),
        ask_form(l, "", &FieldErrors::new()),
    )
}

/// `POST /quen-mat-khau`: a link mailed if there is such an account; the same answer if not.
pub async fn ask(
    axum::extract::State(state): State,
    l: Lang,
    ClientIp(ip): ClientIp,
    body: axum::body::Bytes,
) -> PageResult<Response> {
    let p = form_pairs(&body);
    let who = first(&p, "who").unwrap_or_default();
    if who.trim().is_empty() {
        // said beside the field (the browser asks for it first where it can)
        let errors = FieldErrors::single("who", "who_needed", "type a username or an address");
        return Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            bare_layout(l, l.t("forgotten.title"), ask_form(l, "", &errors)),
        )
            .into_response());
    }
    let allowed = lode_db::sessions::within_limit(
        &state.db,
        "password_reset",
        &ip,
        ASKED_PER_ADDRESS,
        ASKING_WINDOW,
    )
    .await?;
    if !allowed {
        let body = html! {
            h1 { (l.t("forgotten.title")) }
            div.alert role="alert" { p { (l.t("forgotten.too_many")) } }
        };
        return Ok((
            StatusCode::TOO_MANY_REQUESTS,
            bare_layout(l, l.t("forgotten.title"), body),
        )
            .into_response());
    }
    lode_db::accounts::mail_password_reset(&state.db, &anonymous(&ip), &who).await?;
    let body = html! {
        h1 { (l.t("forgotten.title")) }
        p.notice role="status" {
            (l.fill("forgotten.sent", &serde_json::json!({ "minutes": lode_db::accounts::RESET_MINUTES })))
        }
        p { a href="/login" { "← " (l.t("login.title")) } }
    };
    Ok(bare_layout(l, l.t("forgotten.title"), body).into_response())
}

fn new_password_form(l: Lang, token: &str, username: &str, errors: &FieldErrors) -> Markup {
    html! {
        h1 { (l.t("forgotten.new_title")) }
        p.lead { (l.fill("forgotten.for_account", &serde_json::json!({ "username": username }))) }
        form.stack method="post" action={ "/dat-lai-mat-khau/" (token) } {
            (text_field(l, errors, "password", "field.new_password", "", "password", true))
            p.hint { (l.t("hint.password")) }
            button type="submit" { (l.t("forgotten.set")) }
        }
    }
}

fn link_refused(l: Lang) -> Response {
    let body = html! {
        h1 { (l.t("forgotten.link_invalid")) }
        p { a href="/quen-mat-khau" { (l.t("forgotten.ask_again")) } }
    };
    (
        StatusCode::GONE,
        bare_layout(l, l.t("forgotten.new_title"), body),
    )
        .into_response()
}

/// `GET /dat-lai-mat-khau/{token}`: the mailed link; the form for the new password.
pub async fn new_form(
    axum::extract::State(state): State,
    l: Lang,
    Path(token): Path<String>,
) -> PageResult<Response> {
    match lode_db::accounts::reset_link_account(&state.db, &token).await {
        Ok(a) => Ok(bare_layout(
            l,
            l.t("forgotten.new_title"),
            new_password_form(l, &token, &a.username, &FieldErrors::new()),
        )
        .into_response()),
        Err(lode_db::DbError::Invalid(_)) => Ok(link_refused(l)),
        Err(e) => Err(AppError::from(e).into()),
    }
}

/// `POST /dat-lai-mat-khau/{token}`: the new password set, the link used up.
pub async fn set(
    axum::extract::State(state): State,
    l: Lang,
    ClientIp(ip): ClientIp,
    Path(token): Path<String>,
    body: axum::body::Bytes,
) -> PageResult<Response> {
    let p = form_pairs(&body);
    let password = first(&p, "password").unwrap_or_default();
    match lode_db::accounts::reset_with_link(&state.db, &anonymous(&ip), &token, &password).await {
        Ok(a) => {
            let body = html! {
                h1 { (l.t("forgotten.done")) }
                p.notice role="status" { (l.fill("forgotten.sign_in_as", &serde_json::json!({ "username": a.username }))) }
                p { a.button href="/login" { (l.t("login.title")) } }
            };
            Ok(bare_layout(l, l.t("forgotten.done"), body).into_response())
        }
        Err(lode_db::DbError::Invalid(errors)) if errors.0.iter().any(|e| e.field == "token") => {
            Ok(link_refused(l))
        }
        Err(lode_db::DbError::Invalid(errors)) => {
            let username = lode_db::accounts::reset_link_account(&state.db, &token)
                .await
                .map(|a| a.username)
                .unwrap_or_default();
            let body = new_password_form(l, &token, &username, &errors);
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                bare_layout(l, l.t("forgotten.new_title"), body),
            )
                .into_response())
        }
        Err(e) => Err(AppError::from(e).into()),
    }
}
