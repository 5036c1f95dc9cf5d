//! Businesses and citizens register themselves for the public services: the account
//! with the organisation's profile (name, tax code checked by its check digit, address, legal
//! representative), then the e-mail address confirmed through the one-time link mailed to it;
//! only then may they sign in. Open to all.

use axum::Json;
use axum::http::StatusCode;
use lode_db::AuditCtx;
use lode_db::accounts::{self, NewExternal};
use lode_web::State;
use lode_web::api::ApiJson;
use lode_web::auth::ClientIp;
use lode_web::error::{ApiResult, AppError};

/// A registration: the e-mail address is also the username.
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Registration {
    /// `business` or `citizen`.
    pub kind: String,
    pub email: String,
    /// The person who registers (for a business, who acts for it).
    pub full_name: String,
    pub phone: Option<String>,
    pub password: String,
    /// A business's registered name and tax code (10 digits, or 10-3 for a branch).
    pub organisation_name: Option<String>,
    pub tax_code: Option<String>,
    pub address: Option<String>,
    pub representative: Option<String>,
}

impl Registration {
    pub fn account(&self) -> NewExternal {
        // what only a business tells is not kept of a citizen (a form switched from business to
        // citizen still sends what was typed in its hidden fields)
        let business = self.kind.trim() != "citizen";
        let of_business = |v: &Option<String>| v.clone().filter(|_| business);
        NewExternal {
            kind: self.kind.clone(),
            username: self.email.trim().to_lowercase(),
            full_name: self.full_name.clone(),
            email: self.email.clone(),
            phone: self.phone.clone().filter(|p| !p.trim().is_empty()),
            organisation_name: of_business(&self.organisation_name),
            tax_code: of_business(&self.tax_code),
            address: self.address.clone(),
            representative: of_business(&self.representative),
            password: self.password.clone(),
        }
    }
}

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Registered {
    pub username: String,
    /// What happens next, for the person.
    pub message: String,
}

/// Registrations one address may make in [`REGISTRATION_WINDOW`].
pub const REGISTRATIONS_PER_ADDRESS: i64 = 10;
pub const REGISTRATION_WINDOW: chrono::Duration = chrono::Duration::hours(1);

/// A registration from `ip`, throttled per address (429 past the limit), for the API and the
/// page alike.
pub async fn register_from(
    state: &lode_web::AppState,
    ip: &str,
    input: &Registration,
) -> Result<accounts::Registered, AppError> {
    let allowed = lode_db::sessions::within_limit(
        &state.db,
        "register",
        ip,
        REGISTRATIONS_PER_ADDRESS,
        REGISTRATION_WINDOW,
    )
    .await?;
    if !allowed {
        return Err(AppError::TooManyAttempts);
    }
    Ok(accounts::register(
        &state.db,
        &anonymous(Some(ip.to_string())),
        &input.account(),
    )
    .await?)
}

pub fn anonymous(ip: Option<String>) -> AuditCtx {
    AuditCtx {
        actor_id: None,
        actor_label: "self-registration".into(),
        ip,
    }
}

/// Registers a business or a citizen; a link to confirm the e-mail address is mailed to it.
#[utoipa::path(post, path = "/api/v1/register", tag = "services", request_body = Registration,
    responses((status = 201, body = Registered), (status = 422), (status = 429)))]
pub async fn register(
    axum::extract::State(state): State,
    ClientIp(ip): ClientIp,
    ApiJson(input): ApiJson<Registration>,
) -> ApiResult<(StatusCode, Json<Registered>)> {
    let done = register_from(&state, &ip, &input).await?;
    Ok((
        StatusCode::CREATED,
        Json(Registered {
            username: done.email.trim().to_lowercase(),
            message:
                "Registered: open the link mailed to your address to confirm it, then sign in."
                    .into(),
        }),
    ))
}

#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VerifyInput {
    pub token: String,
}

/// Confirms an e-mail address with the token of the mailed link.
#[utoipa::path(post, path = "/api/v1/register/verify", tag = "services", request_body = VerifyInput,
    responses((status = 200, body = Registered), (status = 422)))]
pub async fn verify(
    axum::extract::State(state): State,
    ApiJson(input): ApiJson<VerifyInput>,
) -> ApiResult<Json<Registered>> {
    let account = accounts::verify_email(&state.db, &anonymous(None), &input.token).await?;
    Ok(Json(Registered {
        username: account.username,
        message: "The address is confirmed: sign in.".into(),
    }))
}
