//! The registry of certificates: the agency's counts (issued, valid, revoked, suspended,
//! expired, expiring soon), the list, import, issue by the built-in CA, keys on the server's
//! token, refresh from CRLs.
//! Administrators only.

use super::{ApiJson, ApiQuery};
use crate::certificates::{self, Certificate, Counts};
use axum::Json;
use axum::http::StatusCode;
use lode_core::authz::Action;
use lode_web::State;
use lode_web::auth::Caller;
use lode_web::error::ApiResult;

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Registry {
    pub counts: Counts,
    pub certificates: Vec<Certificate>,
}

#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct RegistryFilter {
    /// valid, expired, revoked, suspended
    pub status: Option<crate::certificates::CertificateStatus>,
}

/// The registry with its counts, the soonest to expire first.
#[utoipa::path(get, path = "/api/v1/certificates", tag = "certificates", params(RegistryFilter),
    responses((status = 200, body = Registry)))]
pub async fn list(
    axum::extract::State(state): State,
    caller: Caller,
    ApiQuery(filter): ApiQuery<RegistryFilter>,
) -> ApiResult<Json<Registry>> {
    caller.require(Action::ManageCertificates)?;
    Ok(Json(Registry {
        counts: certificates::counts(&state.db).await?,
        certificates: certificates::list(&state.db, filter.status).await?,
    }))
}

/// A certificate to import (PEM) and whom it belongs to (a person or a unit).
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ImportInput {
    pub pem: String,
    pub holder_account_id: Option<i64>,
    pub holder_unit_id: Option<i64>,
}

/// Imports a certificate issued elsewhere (the national CA), linked to a person or a unit.
#[utoipa::path(post, path = "/api/v1/certificates", tag = "certificates", request_body = ImportInput,
    responses((status = 201, body = Certificate)))]
pub async fn import(
    axum::extract::State(state): State,
    caller: Caller,
    ApiJson(input): ApiJson<ImportInput>,
) -> ApiResult<(StatusCode, Json<Certificate>)> {
    let c = crate::web::signing::import(
        &state,
        &caller,
        input.pem.as_bytes(),
        input.holder_account_id,
        input.holder_unit_id,
    )
    .await?;
    Ok((StatusCode::CREATED, Json(c)))
}

/// Whom lode's CA issues a certificate to: a person or a unit (its seal).
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IssueInput {
    pub holder_account_id: Option<i64>,
    pub holder_unit_id: Option<i64>,
}

/// Issues a certificate from lode's built-in CA; lode keeps the key (the holder signs in lode).
#[utoipa::path(post, path = "/api/v1/certificates/issue", tag = "certificates", request_body = IssueInput,
    responses((status = 201, body = Certificate)))]
pub async fn issue(
    axum::extract::State(state): State,
    caller: Caller,
    ApiJson(input): ApiJson<IssueInput>,
) -> ApiResult<(StatusCode, Json<Certificate>)> {
    let c = crate::web::signing::issue(
        &state,
        &caller,
        input.holder_account_id,
        input.holder_unit_id,
    )
    .await?;
    Ok((StatusCode::CREATED, Json(c)))
}

/// A key on the server's PKCS#11 token, by its label, and whom it belongs to.
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TokenInput {
    pub key_label: String,
    pub holder_account_id: Option<i64>,
    pub holder_unit_id: Option<i64>,
}

/// Links a key on the server's token (with the certificate the token keeps for it) to a person
/// or a unit: they sign in lode with a key that never leaves the token.
#[utoipa::path(post, path = "/api/v1/certificates/token", tag = "certificates", request_body = TokenInput,
    responses((status = 201, body = Certificate), (status = 422)))]
pub async fn from_token(
    axum::extract::State(state): State,
    caller: Caller,
    ApiJson(input): ApiJson<TokenInput>,
) -> ApiResult<(StatusCode, Json<Certificate>)> {
    let c = crate::web::signing::import_from_token(
        &state,
        &caller,
        &input.key_label,
        input.holder_account_id,
        input.holder_unit_id,
    )
    .await?;
    Ok((StatusCode::CREATED, Json(c)))
}

/// Sets the image of a unit's seal (the request body: PNG or JPEG, at most 1 MiB), drawn in
/// red in the organisation's signature mark when the unit seals.
#[utoipa::path(post, path = "/api/v1/units/{id}/seal", tag = "certificates",
    params(("id" = i64, Path, description = "unit id")),
    request_body(content = Vec<u8>, content_type = "image/png"),
    responses((status = 204, description = "set"), (status = 404), (status = 422)))]
pub async fn set_seal(
    axum::extract::State(state): State,
    caller: Caller,
    super::ApiId(id): super::ApiId,
    body: axum::body::Bytes,
) -> ApiResult<StatusCode> {
    crate::web::signing::set_seal_image(&state, &caller, id, body).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Refreshed {
    /// How many certificates changed status.
    pub changed: usize,
    pub counts: Counts,
}

/// Checks every certificate against its issuer's CRL now (lode also does it every hour).
#[utoipa::path(post, path = "/api/v1/certificates/refresh", tag = "certificates",
    responses((status = 200, body = Refreshed)))]
pub async fn refresh(
    axum::extract::State(state): State,
    caller: Caller,
) -> ApiResult<Json<Refreshed>> {
    let changed = crate::web::signing::refresh(&state, &caller).await?;
    Ok(Json(Refreshed {
        changed,
        counts: certificates::counts(&state.db).await?,
    }))
}

/// What to do to a certificate lode's CA issued.
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RevocationInput {
    /// revoke, suspend or reinstate
    pub action: String,
    /// For `revoke`: key-compromise, affiliation-changed, superseded, cessation-of-operation or
    /// unspecified (the default).
    pub reason: Option<String>,
}

/// Revokes, suspends or reinstates a certificate lode's own CA issued; its CRL and OCSP answers
/// say so at once. A certificate issued elsewhere is revoked by its issuer (409).
#[utoipa::path(post, path = "/api/v1/certificates/{id}/revocation", tag = "certificates",
    params(("id" = i64, Path, description = "certificate id")), request_body = RevocationInput,
    responses((status = 200, body = Certificate), (status = 404), (status = 409), (status = 422)))]
pub async fn change_revocation(
    axum::extract::State(state): State,
    lode_web::auth::Allowed(caller, _): lode_web::auth::Allowed<
        lode_web::auth::may::ManageCertificates,
    >,
    super::ApiId(id): super::ApiId,
    ApiJson(input): ApiJson<RevocationInput>,
) -> ApiResult<Json<Certificate>> {
    let change =
        crate::web::signing::RevocationChange::parse(&input.action, input.reason.as_deref())?;
    Ok(Json(
        crate::web::signing::change_revocation(&state, &caller, id, change).await?,
    ))
}
