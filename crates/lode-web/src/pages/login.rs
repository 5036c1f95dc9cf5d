//! Signing in and out, and the language switch.

use super::{bare_layout, safe_back, text_field};
use crate::State;
use crate::auth::{
    self, ClientIp, LANG_COOKIE, LOGIN_CSRF_COOKIE, MaybeCaller, SESSION_COOKIE, set_cookie,
};
use crate::error::{AppError, PageResult};
use crate::i18n::Lang;

use axum::extract::Path;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use lode_core::validation::FieldErrors;
use maud::html;
use serde::Deserialize;

fn random_token() -> String {
    let mut b = [0u8; 24];
    rand::fill(&mut b);
    hex::encode(b)
}

/// What the sign-in page says above its form.
enum Said {
    Done(String),
    Refused(String),
}

fn render(
    state: &crate::AppState,
    l: Lang,
    next: Option<&str>,
    csrf: &str,
    username: &str,
    errors: &FieldErrors,
    said: Option<Said>,
) -> maud::Markup {
    bare_layout(
        l,
        l.t("login.title"),
        html! {
            h1 { (l.t("login.title")) }
            p.lead { (l.t("login.lead")) }
            @match said {
                Some(Said::Done(text)) => p.notice role="status" { (text) },
                Some(Said::Refused(text)) => div.alert role="alert" { p { (text) } },
                None => {},
            }
            form.stack method="post" action="/login" {
                input type="hidden" name="csrf" value=(csrf);
            @if let Some(n) = next { input type="hidden" name="next" value=(n); }
                (text_field(l, errors, "username", "login.username", username, "text", true))
                p.hint { (l.t("login.username_hint")) }
                (text_field(l, &FieldErrors::new(), "password", "field.password", "", "password", true))
                button type="submit" { (l.t("login.submit")) }
            }
            p { a href="/quen-mat-khau" { (l.t("login.forgotten")) } }
            // businesses and citizens come here from the portal too: their way to an account and
            // to what needs none
            p.public-ways {
                (l.t("login.applicants")) " "
                a href="/dang-ky" { (l.t("login.register")) } " · "
                a href="/dich-vu-cong" { (l.t("services.title")) } " · "
                a href="/tra-cuu" { (l.t("track.title")) } " · "
                a href="/verify" { (l.t("verify.title")) }
            }
            @if state.config.demo {
                section.demo {
                    h2 { (l.t("login.demo_title")) }
                    p { (l.t("login.demo_password")) " " code { (lode_db::demo::DEMO_PASSWORD) } }
                    table {
                        thead { tr { th { (l.t("field.username")) } th { (l.t("field.full_name")) } th { (l.t("field.position")) } } }
                        tbody {
                            // the agency's people, the Minerals division's leader and handler, the
                            // one-stop officer and the archivist, then a federation's leader and
                            // one of its teams' specialists, then the applicants
                            @for (i, (u, name, position, _, _, _)) in lode_db::demo::STAFF.iter().enumerate() {
                                @if i < 12 || ["tdkhoa", "nthuyen", "motcua", "tthuong", "nvphuc", "vvhai", "hvkien"].contains(u) {
                                    tr { td { code { (u) } } td { (name) } td { (position) } }
                                }
                            }
                            tr { td { code { "minhphat" } } td { "Công ty Cổ phần Khoáng sản Minh Phát" } td { (l.t("kind.business")) } }
                            tr { td { code { "nvtam" } } td { "Nguyễn Văn Tâm" } td { (l.t("kind.citizen")) } }
                        }
                    }
                }
            }
        },
    )
}

/// The login page. It sets a login CSRF cookie (double submit): no session exists yet.
pub async fn form(
    axum::extract::State(state): State,
    MaybeCaller(caller): MaybeCaller,
    l: Lang,
    headers: HeaderMap,
    super::PageQuery(q): super::PageQuery<Next>,
) -> Response {
    let next = q.next.as_deref().map(|n| safe_back(Some(n)));
    if caller.is_some() {
        return Redirect::to(next.as_deref().unwrap_or("/")).into_response();
    }
    let token = auth::cookie(&headers, LOGIN_CSRF_COOKIE).map_or_else(random_token, str::to_string);
    let page = render(
        &state,
        l,
        next.as_deref(),
        &token,
        "",
        &FieldErrors::new(),
        q.signed_out
            .is_some()
            .then(|| Said::Done(l.t("login.signed_out").to_string())),
    );
    (
        [(
            header::SET_COOKIE,
            set_cookie(&state, LOGIN_CSRF_COOKIE, &token, Some(3600), true),
        )],
        page,
    )
        .into_response()
}

/// Where to go after signing in (a local path only).
#[derive(Deserialize, Default)]
pub struct Next {
    next: Option<String>,
    /// Set by signing out: the page says it was done.
    signed_out: Option<String>,
}

#[derive(Deserialize)]
pub struct LoginForm {
    next: Option<String>,
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    csrf: String,
}

pub async fn submit(
    axum::extract::State(state): State,
    l: Lang,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    super::PageForm(f): super::PageForm<LoginForm>,
) -> PageResult<Response> {
    let expected = auth::cookie(&headers, LOGIN_CSRF_COOKIE).unwrap_or("");
    if expected.is_empty() || !auth::same_token(expected, &f.csrf) {
        return Err(AppError::Csrf.into());
    }
    let agent = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok());
    let device = auth::cookie(&headers, auth::DEVICE_COOKIE);
    // a refused sign-in: the form again with the name typed, and why in words
    let refused_saying = |status: StatusCode, why: &str| {
        let next = f.next.as_deref().map(|n| safe_back(Some(n)));
        let page = render(
            &state,
            l,
            next.as_deref(),
            expected,
            &f.username,
            &FieldErrors::new(),
            Some(Said::Refused(why.to_string())),
        );
        (status, page).into_response()
    };
    let refused = |status: StatusCode, key: &str| refused_saying(status, l.t(key));
    match auth::login(&state, &f.username, &f.password, &ip, agent, device).await {
        Ok(signed) => {
            let target = if signed.account.must_change_password {
                "/account?must_change=1".to_string()
            } else {
                safe_back(f.next.as_deref())
            };
            let mut res = Redirect::to(&target).into_response();
            let h = res.headers_mut();
            let [session_cookie, device_cookie] = auth::sign_in_cookies(&state, &signed);
            for c in [
                session_cookie,
                device_cookie,
                set_cookie(&state, LOGIN_CSRF_COOKIE, "", Some(0), true),
            ] {
                if let Ok(v) = c.parse() {
                    h.append(header::SET_COOKIE, v);
                }
            }
            Ok(res)
        }
        Err(AppError::Invalid(_)) => Ok(refused(StatusCode::UNPROCESSABLE_ENTITY, "login.failed")),
        Err(AppError::Conflict(why)) if why == lode_db::accounts::DEACTIVATED => {
            Ok(refused(StatusCode::FORBIDDEN, "login.deactivated"))
        }
        // the right password, the address never confirmed: a new link is mailed (the first
        // may be lost or expired), and the page says where to
        Err(AppError::Conflict(why)) if why == lode_db::accounts::UNCONFIRMED => {
            let email = lode_db::accounts::mail_confirmation_again(&state.db, &f.username).await?;
            let why = l.fill(
                "login.unconfirmed",
                &serde_json::json!({ "email": email.unwrap_or_default(), "minutes": lode_db::accounts::CONFIRMATION_AGAIN_MINUTES }),
            );
            Ok(refused_saying(StatusCode::FORBIDDEN, &why))
        }
        Err(AppError::TooManyAttempts) => {
            Ok(refused(StatusCode::TOO_MANY_REQUESTS, "login.throttled"))
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn logout(
    axum::extract::State(state): State,
    caller: crate::auth::Caller,
) -> PageResult<Response> {
    if let Some(s) = &caller.session {
        lode_db::sessions::close(&state.db, &caller.ctx(), s).await?;
    }
    Ok((
        [(
            header::SET_COOKIE,
            set_cookie(&state, SESSION_COOKIE, "", Some(0), true),
        )],
        Redirect::to("/login?signed_out=1"),
    )
        .into_response())
}

#[derive(Deserialize)]
pub struct Back {
    back: Option<String>,
}

/// Switches the interface language (a cookie only; nothing stored).
pub async fn set_language(
    axum::extract::State(state): State,
    Path(code): Path<String>,
    super::PageQuery(q): super::PageQuery<Back>,
    headers: axum::http::HeaderMap,
) -> Response {
    let lang = Lang::from_code(&code).unwrap_or(Lang::Vi);
    // back where the link was clicked: `?back=`, else the page the browser came from
    let from_referer = headers
        .get(header::REFERER)
        .and_then(|v| v.to_str().ok())
        .and_then(|r| url::Url::parse(r).ok())
        .map(|u| match u.query() {
            Some(q) => format!("{}?{q}", u.path()),
            None => u.path().to_string(),
        });
    let back = q.back.or(from_referer);
    (
        [(
            header::SET_COOKIE,
            set_cookie(
                &state,
                LANG_COOKIE,
                lang.code(),
                Some(365 * 24 * 3600),
                false,
            ),
        )],
        Redirect::to(&safe_back(back.as_deref())),
    )
        .into_response()
}
