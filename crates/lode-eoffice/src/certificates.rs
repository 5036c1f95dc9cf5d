//! The registry of certificates: the agency's people's and units' signing
//! certificates, imported or issued by the built-in CA, each linked to a person or a unit; its
//! revocation refreshed from CRLs; the counts the agency reports (issued, valid, revoked) and
//! the certificates about to expire.
//!
//! Parsing certificates is the signing crate's business: callers pass what they read
//! ([`NewCertificate`]); this module keeps and counts.

use lode_core::validation::FieldErrors;
use lode_db::audit::{Event, append};
use lode_db::{AuditCtx, Db, DbError, DbResult, now};
use serde::Serialize;

/// A certificate as the caller read it.
#[derive(Debug, Clone)]
pub struct NewCertificate {
    pub sha256: String,
    pub serial: String,
    pub issuer: String,
    pub subject: String,
    /// RFC 3339, UTC.
    pub not_before: String,
    pub not_after: String,
    pub pem: String,
    /// `issued` (by lode's CA) or `imported`.
    pub source: &'static str,
    pub holder_account_id: Option<i64>,
    pub holder_unit_id: Option<i64>,
    /// The file stem of the key the server keeps for the holder.
    pub server_key: Option<String>,
}

/// A certificate in the registry, with its derived status.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Certificate {
    pub id: i64,
    pub sha256: String,
    pub serial: String,
    pub issuer: String,
    pub subject: String,
    pub not_before: String,
    pub not_after: String,
    pub source: String,
    pub holder_account_id: Option<i64>,
    pub holder_name: Option<String>,
    pub holder_unit_id: Option<i64>,
    pub holder_unit_name: Option<String>,
    /// The server keeps the key (the holder signs in lode without a token of their own).
    pub server_key: bool,
    pub status: CertificateStatus,
    pub revoked_at: Option<String>,
    pub revocation_reason: Option<String>,
    /// When the revocation was last checked against a CRL.
    pub refreshed_at: Option<String>,
    /// Days until it expires (negative once expired).
    pub days_left: i64,
    #[serde(skip)]
    pub server_key_file: Option<String>,
}

/// The figures the agency reports.
#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct Counts {
    pub issued: i64,
    pub valid: i64,
    pub expired: i64,
    pub revoked: i64,
    pub suspended: i64,
    /// Valid, and expiring within [`EXPIRY_WARNING_DAYS`].
    pub expiring_soon: i64,
}

/// How long before expiry a certificate is flagged.
pub const EXPIRY_WARNING_DAYS: i64 = 30;

const COLUMNS: &str =
    "c.id, c.sha256, c.serial, c.issuer, c.subject, c.not_before, c.not_after, c.source,
    c.holder_account_id, a.full_name AS holder_name, c.holder_unit_id, u.name AS holder_unit_name,
    c.server_key, c.revoked_at,
    c.revocation_reason, c.refreshed_at";
const FROM: &str = "certificates c LEFT JOIN accounts a ON a.id = c.holder_account_id
    LEFT JOIN units u ON u.id = c.holder_unit_id";

lode_db::row! {
    /// A row as stored, read by name.
    struct Row {
        id: i64,
        sha256: String,
        serial: String,
        issuer: String,
        subject: String,
        not_before: String,
        not_after: String,
        source: String,
        holder_account_id: Option<i64>,
        holder_name: Option<String>,
        holder_unit_id: Option<i64>,
        holder_unit_name: Option<String>,
        server_key: Option<String>,
        revoked_at: Option<String>,
        revocation_reason: Option<String>,
        refreshed_at: Option<String>,
    }
}

lode_core::named! {
    #[derive(utoipa::ToSchema)]
    /// Where a certificate stands, from its revocation and its end.
    CertificateStatus {
        Valid = "valid",
        Expired = "expired",
        Revoked = "revoked",
        /// Revoked with the reason `certificateHold`: it may be reinstated.
        Suspended = "suspended",
    }
}

fn status_of(
    revoked_at: Option<&str>,
    reason: Option<&str>,
    not_after: &str,
    now: &str,
) -> CertificateStatus {
    match (revoked_at, reason) {
        (Some(_), Some("hold")) => CertificateStatus::Suspended,
        (Some(_), _) => CertificateStatus::Revoked,
        (None, _) if not_after < now => CertificateStatus::Expired,
        _ => CertificateStatus::Valid,
    }
}

fn from_row(r: Row, now: &str) -> Certificate {
    let days_left = match (
        lode_db::parse_instant(&r.not_after),
        lode_db::parse_instant(now),
    ) {
        (Some(end), Some(n)) => (end - n).num_days(),
        _ => 0,
    };
    Certificate {
        status: status_of(
            r.revoked_at.as_deref(),
            r.revocation_reason.as_deref(),
            &r.not_after,
            now,
        ),
        id: r.id,
        sha256: r.sha256,
        serial: r.serial,
        issuer: r.issuer,
        subject: r.subject,
        not_before: r.not_before,
        not_after: r.not_after,
        source: r.source,
        holder_account_id: r.holder_account_id,
        holder_name: r.holder_name,
        holder_unit_id: r.holder_unit_id,
        holder_unit_name: r.holder_unit_name,
        server_key: r.server_key.is_some(),
        server_key_file: r.server_key,
        revoked_at: r.revoked_at,
        revocation_reason: r.revocation_reason,
        refreshed_at: r.refreshed_at,
        days_left,
    }
}

/// Adds a certificate to the registry. The holder is a person or a unit (one of them); a
/// certificate already there (the same bytes, or the same issuer and serial) is refused.
pub async fn add(db: &Db, ctx: &AuditCtx, c: &NewCertificate) -> DbResult<Certificate> {
    let mut errors = FieldErrors::new();
    if c.holder_account_id.is_some() && c.holder_unit_id.is_some() {
        errors.add(
            "holder",
            "both",
            "a certificate belongs to a person or to a unit, not both",
        );
    }
    errors.into_result()?;
    let mut tx = db.write().await?;
    let existing: Option<(i64,)> = sqlx::query_as(
        "SELECT id FROM certificates WHERE sha256 = $1 OR (issuer = $2 AND serial = $3)",
    )
    .bind(&c.sha256)
    .bind(&c.issuer)
    .bind(&c.serial)
    .fetch_optional(&mut *tx)
    .await?;
    if existing.is_some() {
        return Err(FieldErrors::single(
            "certificate",
            "exists",
            "this certificate is in the registry already",
        )
        .into());
    }
    if let Some(a) = c.holder_account_id {
        let found: Option<(i64,)> =
            sqlx::query_as("SELECT id FROM accounts WHERE id = $1 AND kind = 'staff'")
                .bind(a)
                .fetch_optional(&mut *tx)
                .await?;
        if found.is_none() {
            return Err(FieldErrors::single(
                "holder_account_id",
                "unknown",
                "no such staff member",
            )
            .into());
        }
    }
    if let Some(u) = c.holder_unit_id {
        let found: Option<(i64,)> = sqlx::query_as("SELECT id FROM units WHERE id = $1")
            .bind(u)
            .fetch_optional(&mut *tx)
            .await?;
        if found.is_none() {
            return Err(FieldErrors::single("holder_unit_id", "unknown", "no such unit").into());
        }
    }
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO certificates (sha256, serial, issuer, subject, not_before, not_after, pem, source,
            holder_account_id, holder_unit_id, server_key, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
    )
    .bind(&c.sha256)
    .bind(&c.serial)
    .bind(&c.issuer)
    .bind(&c.subject)
    .bind(&c.not_before)
    .bind(&c.not_after)
    .bind(&c.pem)
    .bind(c.source)
    .bind(c.holder_account_id)
    .bind(c.holder_unit_id)
    .bind(&c.server_key)
    .bind(now())
    .fetch_one(&mut *tx)
    .await?;
    append(
        &mut tx,
        ctx,
        Event::new(
            if c.source == "issued" {
                "certificate.issue"
            } else {
                "certificate.import"
            },
            "certificate",
            id,
            serde_json::json!({"serial": c.serial, "subject": c.subject, "issuer": c.issuer,
                "holder_account_id": c.holder_account_id, "holder_unit_id": c.holder_unit_id}),
        ),
    )
    .await?;
    tx.commit().await?;
    get(db, id).await
}

/// The certificate itself, PEM.
pub async fn pem(db: &Db, id: i64) -> DbResult<String> {
    let row: Option<(String,)> = sqlx::query_as("SELECT pem FROM certificates WHERE id = $1")
        .bind(id)
        .fetch_optional(db.pool())
        .await?;
    row.map(|r| r.0).ok_or(DbError::NotFound)
}

pub async fn get(db: &Db, id: i64) -> DbResult<Certificate> {
    let row: Option<Row> = sqlx::query_as(&format!("SELECT {COLUMNS} FROM {FROM} WHERE c.id = $1"))
        .bind(id)
        .fetch_optional(db.pool())
        .await?;
    row.map(|r| from_row(r, &now())).ok_or(DbError::NotFound)
}

/// The registry, the soonest to expire first; with `status`, only those.
pub async fn list(db: &Db, status: Option<CertificateStatus>) -> DbResult<Vec<Certificate>> {
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM {FROM} ORDER BY c.not_after, c.id"
    ))
    .fetch_all(db.pool())
    .await?;
    let now = now();
    Ok(rows
        .into_iter()
        .map(|r| from_row(r, &now))
        .filter(|c| status.is_none_or(|s| c.status == s))
        .collect())
}

/// The certificates a person holds, valid ones first.
pub async fn of_account(db: &Db, account_id: i64) -> DbResult<Vec<Certificate>> {
    held_by(db, "c.holder_account_id", account_id).await
}

/// The certificates a unit holds (its seal), valid ones first.
pub async fn of_unit(db: &Db, unit_id: i64) -> DbResult<Vec<Certificate>> {
    held_by(db, "c.holder_unit_id", unit_id).await
}

/// `holder` is one of the two holder columns, never input.
async fn held_by(db: &Db, holder: &str, id: i64) -> DbResult<Vec<Certificate>> {
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM {FROM} WHERE {holder} = $1 ORDER BY c.not_after DESC"
    ))
    .bind(id)
    .fetch_all(db.pool())
    .await?;
    let now = now();
    let mut out: Vec<Certificate> = rows.into_iter().map(|r| from_row(r, &now)).collect();
    out.sort_by_key(|c| c.status != CertificateStatus::Valid);
    Ok(out)
}

/// The registry entry with these bytes, if any.
pub async fn by_sha256(db: &Db, sha256: &str) -> DbResult<Option<Certificate>> {
    let row: Option<Row> =
        sqlx::query_as(&format!("SELECT {COLUMNS} FROM {FROM} WHERE c.sha256 = $1"))
            .bind(sha256)
            .fetch_optional(db.pool())
            .await?;
    Ok(row.map(|r| from_row(r, &now())))
}

pub async fn counts(db: &Db) -> DbResult<Counts> {
    let all = list(db, None).await?;
    let mut c = Counts {
        issued: all.len() as i64,
        ..Counts::default()
    };
    for cert in &all {
        match cert.status {
            CertificateStatus::Valid => {
                c.valid += 1;
                if cert.days_left <= EXPIRY_WARNING_DAYS {
                    c.expiring_soon += 1;
                }
            }
            CertificateStatus::Expired => c.expired += 1,
            CertificateStatus::Revoked => c.revoked += 1,
            CertificateStatus::Suspended => c.suspended += 1,
        }
    }
    Ok(c)
}

/// What a CRL says of one certificate: revoked since when and why (`hold`: suspended), or
/// not listed.
#[derive(Debug, Clone)]
pub struct RevocationState {
    pub sha256: String,
    pub revoked: Option<(String, String)>,
}

/// Records what the CRLs said, for the certificates checked; changes are audited. Returns how
/// many changed.
pub async fn apply_revocations(
    db: &Db,
    ctx: &AuditCtx,
    states: &[RevocationState],
) -> DbResult<usize> {
    let mut tx = db.write().await?;
    let at = now();
    let mut changed = 0;
    for s in states {
        let before: Option<(i64, Option<String>, Option<String>)> = sqlx::query_as(
            "SELECT id, revoked_at, revocation_reason FROM certificates WHERE sha256 = $1",
        )
        .bind(&s.sha256)
        .fetch_optional(&mut *tx)
        .await?;
        let Some((id, revoked_at, reason)) = before else {
            continue;
        };
        let after = s.revoked.clone();
        let before = revoked_at.zip(reason);
        sqlx::query(
            "UPDATE certificates SET revoked_at = $1, revocation_reason = $2, refreshed_at = $3 WHERE id = $4",
        )
        .bind(after.as_ref().map(|a| a.0.clone()))
        .bind(after.as_ref().map(|a| a.1.clone()))
        .bind(&at)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        if before != after {
            changed += 1;
            // a hold put on or lifted is a suspension or a reinstatement, not a revocation
            let held = |s: &Option<(String, String)>| s.as_ref().is_some_and(|r| r.1 == "hold");
            let action = match (held(&before), held(&after), &after) {
                (false, true, _) => "certificate.suspension",
                (true, false, None) => "certificate.reinstatement",
                _ => "certificate.revocation",
            };
            append(
                &mut tx,
                ctx,
                Event::new(
                    action,
                    "certificate",
                    id,
                    serde_json::json!({
                        "revoked_at": [before.as_ref().map(|b| &b.0), after.as_ref().map(|a| &a.0)],
                        "revocation_reason": [before.as_ref().map(|b| &b.1), after.as_ref().map(|a| &a.1)],
                    }),
                ),
            )
            .await?;
        }
    }
    tx.commit().await?;
    Ok(changed)
}

/// Active staff to choose a holder from: (id, full name, unit name), by name.
pub async fn staff_choices(db: &Db) -> DbResult<Vec<(i64, String, Option<String>)>> {
    let mut staff: Vec<(i64, String, Option<String>)> = sqlx::query_as(
        "SELECT a.id, a.full_name, u.name FROM accounts a LEFT JOIN units u ON u.id = a.unit_id
         WHERE a.kind = 'staff' AND a.active = 1 ORDER BY a.id",
    )
    .fetch_all(db.pool())
    .await?;
    // as a Vietnamese reader looks a name up, not in the bytes' order
    staff.sort_by_cached_key(|(_, name, _)| lode_core::text::collation_key(name));
    Ok(staff)
}

/// Who signs for the organisation: the agency leaders (their signatures) and the bodies that
/// issue documents (their seals), by id.
pub async fn signing_holders(db: &Db) -> DbResult<(Vec<i64>, Vec<i64>)> {
    let leaders: Vec<(i64,)> = sqlx::query_as(
        "SELECT a.id FROM accounts a JOIN account_roles r ON r.account_id = a.id
         WHERE r.role = 'agency_leader' AND a.active = 1 ORDER BY a.id",
    )
    .fetch_all(db.pool())
    .await?;
    let bodies: Vec<(i64,)> = sqlx::query_as(
        "SELECT id FROM units WHERE kind IN ('department', 'federation') ORDER BY LENGTH(path), id",
    )
    .fetch_all(db.pool())
    .await?;
    Ok((
        leaders.into_iter().map(|r| r.0).collect(),
        bodies.into_iter().map(|r| r.0).collect(),
    ))
}
