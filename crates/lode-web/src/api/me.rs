//! The caller's own account: who am I, password change, personal API tokens.

use super::{ApiId, ApiJson};
use crate::State;
use crate::auth::{Allowed, Caller, may};
use crate::error::ApiResult;
use axum::Json;
use axum::http::StatusCode;
use lode_core::authz::Action;
use lode_db::accounts::Account;
use lode_db::sessions::{self, ApiToken, SessionInfo};
use serde::{Deserialize, Serialize};

/// The signed-in account.
#[utoipa::path(get, path = "/api/v1/me", tag = "account",
    responses((status = 200, body = Account), (status = 401, body = crate::error::Problem)))]
pub async fn show(caller: Caller) -> ApiResult<Json<Account>> {
    caller.require(Action::ManageOwnAccount)?;
    Ok(Json(caller.account))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordChange {
    pub current_password: String,
    pub new_password: String,
}

/// Changes the caller's password; every other session of theirs ends.
#[utoipa::path(post, path = "/api/v1/me/password", tag = "account", request_body = PasswordChange,
    responses((status = 204), (status = 422, body = crate::error::Problem)))]
pub async fn change_password(
    axum::extract::State(state): State,
    Allowed(caller, _): Allowed<may::ManageOwnAccount>,
    ApiJson(req): ApiJson<PasswordChange>,
) -> ApiResult<StatusCode> {
    let keep = caller.session.as_ref().map(|s| s.token_hash.as_str());
    lode_db::accounts::change_own_password(
        &state.db,
        &caller.ctx(),
        caller.account.id,
        &req.current_password,
        &req.new_password,
        keep,
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The caller's API tokens (never their secrets).
#[utoipa::path(get, path = "/api/v1/me/tokens", tag = "account",
    responses((status = 200, body = Vec<ApiToken>)))]
pub async fn tokens(
    axum::extract::State(state): State,
    caller: Caller,
) -> ApiResult<Json<Vec<ApiToken>>> {
    caller.require(Action::ManageOwnAccount)?;
    Ok(Json(
        sessions::tokens_of(&state.db, caller.account.id).await?,
    ))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewToken {
    /// What the token is for, to recognise it later.
    pub name: String,
    /// How many days it lasts, 1 to 366; 90 when absent. A change or reset of the password
    /// revokes it sooner.
    pub expires_in_days: Option<i64>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct IssuedToken {
    /// The secret: shown once, never again.
    pub token: String,
    pub details: ApiToken,
}

/// Issues a personal API token. Use it as `Authorization: Bearer <token>`.
#[utoipa::path(post, path = "/api/v1/me/tokens", tag = "account", request_body = NewToken,
    responses((status = 201, body = IssuedToken), (status = 422, body = crate::error::Problem)))]
pub async fn issue_token(
    axum::extract::State(state): State,
    Allowed(caller, _): Allowed<may::ManageOwnAccount>,
    ApiJson(req): ApiJson<NewToken>,
) -> ApiResult<(StatusCode, Json<IssuedToken>)> {
    let (token, details) = sessions::issue_token(
        &state.db,
        &caller.ctx(),
        caller.account.id,
        &req.name,
        req.expires_in_days,
    )
    .await?;
    Ok((StatusCode::CREATED, Json(IssuedToken { token, details })))
}

/// Revokes one of the caller's tokens.
#[utoipa::path(delete, path = "/api/v1/me/tokens/{id}", tag = "account",
    params(("id" = i64, Path, description = "token id")),
    responses((status = 204), (status = 404, body = crate::error::Problem)))]
pub async fn revoke_token(
    axum::extract::State(state): State,
    caller: Caller,
    ApiId(id): ApiId,
) -> ApiResult<StatusCode> {
    caller.require(Action::ManageOwnAccount)?;
    sessions::revoke_token(&state.db, &caller.ctx(), caller.account.id, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The caller's live sessions (browsers signed in), newest first.
#[utoipa::path(get, path = "/api/v1/me/sessions", tag = "account",
    responses((status = 200, body = Vec<SessionInfo>)))]
pub async fn sessions_list(
    axum::extract::State(state): State,
    caller: Caller,
) -> ApiResult<Json<Vec<SessionInfo>>> {
    caller.require(Action::ManageOwnAccount)?;
    let current = caller.session.as_ref().map(|s| s.token_hash.as_str());
    Ok(Json(
        sessions::of_account(&state.db, caller.account.id, current).await?,
    ))
}

/// Signs the caller out everywhere but in this session.
#[utoipa::path(delete, path = "/api/v1/me/sessions", tag = "account",
    responses((status = 204)))]
pub async fn sessions_close_others(
    axum::extract::State(state): State,
    caller: Caller,
) -> ApiResult<StatusCode> {
    caller.require(Action::ManageOwnAccount)?;
    let keep = caller.session.as_ref().map(|s| s.token_hash.as_str());
    sessions::close_others(&state.db, &caller.ctx(), caller.account.id, keep).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A business's or citizen's profile: the account and what it keeps beside it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Profile {
    pub account: Account,
    pub address: Option<String>,
    pub representative: Option<String>,
}

pub async fn profile_of(
    state: &crate::AppState,
    account: Account,
) -> Result<Profile, crate::error::AppError> {
    let (address, representative) = lode_db::accounts::profile(&state.db, account.id).await?;
    Ok(Profile {
        account,
        address,
        representative,
    })
}

/// The caller's profile (businesses and citizens).
#[utoipa::path(get, path = "/api/v1/me/profile", tag = "account",
    responses((status = 200, body = Profile), (status = 401, body = crate::error::Problem), (status = 403)))]
pub async fn profile(
    axum::extract::State(state): State,
    caller: Caller,
) -> ApiResult<Json<Profile>> {
    caller.require(Action::ManageOwnAccount)?;
    if caller.actor.is_staff() {
        return Err(crate::error::AppError::Forbidden.into());
    }
    Ok(Json(profile_of(&state, caller.account).await?))
}

/// Changes the caller's profile: telephone, organisation name, tax code (checked), address,
/// legal representative.
#[utoipa::path(put, path = "/api/v1/me/profile", tag = "account", request_body = lode_db::accounts::ProfileInput,
    responses((status = 200, body = Profile), (status = 403), (status = 409), (status = 422, body = crate::error::Problem)))]
pub async fn update_profile(
    axum::extract::State(state): State,
    Allowed(caller, _): Allowed<may::ManageOwnAccount>,
    ApiJson(input): ApiJson<lode_db::accounts::ProfileInput>,
) -> ApiResult<Json<Profile>> {
    if caller.actor.is_staff() {
        return Err(crate::error::AppError::Forbidden.into());
    }
    let account =
        lode_db::accounts::update_profile(&state.db, &caller.ctx(), caller.account.id, &input)
            .await?;
    Ok(Json(profile_of(&state, account).await?))
}
