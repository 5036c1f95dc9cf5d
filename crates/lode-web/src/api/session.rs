//! Signing in and out through the API (for browser clients; scripts use API tokens).

use super::ApiJson;
use crate::State;
use crate::auth::{self, Caller, ClientIp, SESSION_COOKIE, set_cookie};
use crate::error::ApiResult;
use axum::Json;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use lode_db::accounts::Account;
use serde::{Deserialize, Serialize};

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    pub username: String,
    pub password: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct LoginResponse {
    pub account: Account,
    /// Send this in `X-CSRF-Token` with every state-changing request made with the cookie.
    pub csrf_token: String,
}

/// Signs in; sets the session cookie.
///
/// Repeated failures for one account or from one address are throttled (429); a browser the
/// account signed in from before (its `lode_device` cookie) is judged by its own failures only.
#[utoipa::path(post, path = "/api/v1/session", tag = "session", request_body = LoginRequest,
    responses((status = 200, body = LoginResponse), (status = 422, body = crate::error::Problem),
              (status = 429, body = crate::error::Problem)))]
pub async fn login(
    axum::extract::State(state): State,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    ApiJson(req): ApiJson<LoginRequest>,
) -> ApiResult<Response> {
    let agent = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok());
    let device = auth::cookie(&headers, auth::DEVICE_COOKIE);
    let signed = auth::login(&state, &req.username, &req.password, &ip, agent, device).await?;
    let [session_cookie, device_cookie] = auth::sign_in_cookies(&state, &signed);
    Ok((
        axum::response::AppendHeaders([
            (header::SET_COOKIE, session_cookie),
            (header::SET_COOKIE, device_cookie),
        ]),
        Json(LoginResponse {
            account: signed.account,
            csrf_token: signed.session.csrf_token,
        }),
    )
        .into_response())
}

/// Signs out of the current browser session.
#[utoipa::path(delete, path = "/api/v1/session", tag = "session",
    responses((status = 204), (status = 401, body = crate::error::Problem)))]
pub async fn logout(axum::extract::State(state): State, caller: Caller) -> ApiResult<Response> {
    if let Some(s) = &caller.session {
        lode_db::sessions::close(&state.db, &caller.ctx(), s).await?;
    }
    Ok((
        StatusCode::NO_CONTENT,
        [(
            header::SET_COOKIE,
            set_cookie(&state, SESSION_COOKIE, "", Some(0), true),
        )],
    )
        .into_response())
}
