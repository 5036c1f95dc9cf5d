//! Digital signatures inside the e-office flow and the registry of certificates, shared by the
//! API and the pages:
//!
//! - [`sign_outgoing`]: the leader signs an approved document (with the key the server keeps
//!   for them, or a PKCS#12 file they upload and unlock for that act), the clerk adds the
//!   organisation's seal once it is numbered; timestamped by lode's authority when it runs
//!   (PAdES B-T), else B-B;
//! - [`import`], [`issue`], [`refresh`]: the registry's certificates, imported from files,
//!   issued by the built-in CA with the key kept on the server, and their revocation refreshed
//!   from CRLs; [`change_revocation`]: one the built-in CA issued revoked, suspended or
//!   reinstated by an administrator.

use crate::certificates::{self, NewCertificate, RevocationState};
use lode_core::authz::Action;
use lode_core::validation::FieldErrors;
use lode_sign::cms::Certificate;
use lode_sign::signer::Signer;
use lode_web::AppState;
use lode_web::auth::Caller;
use lode_web::error::AppError;
use sha2::{Digest, Sha256};

/// The signature fields of an outgoing document: the leader's, then the body's seal. A
/// template that leaves empty signature fields of these names gets the marks drawn there.
pub const SIGNER_FIELD: &str = "Người ký";
pub const SEAL_FIELD: &str = "Cơ quan ban hành";

/// Where the key comes from.
pub enum KeySource {
    /// The key the server keeps for the signer (the person, or the body for its seal).
    Server,
    /// A PKCS#12 file and its password, used for this act only and not kept.
    Pkcs12 { file: Vec<u8>, password: String },
}

fn invalid(field: &str, code: &'static str, message: &str) -> AppError {
    AppError::Invalid(FieldErrors::single(field, code, message))
}

fn internal(e: impl std::fmt::Display) -> AppError {
    AppError::Internal(anyhow::anyhow!("{e}"))
}

/// SHA-256 of the certificate's DER, hex: how the registry and signatures name it.
pub fn fingerprint(cert: &Certificate) -> Result<String, AppError> {
    let der = der::Encode::to_der(cert).map_err(internal)?;
    Ok(hex::encode(Sha256::digest(der)))
}

fn instant(d: std::time::Duration) -> String {
    let t = chrono::DateTime::<chrono::Utc>::UNIX_EPOCH
        + chrono::Duration::seconds(i64::try_from(d.as_secs()).unwrap_or(i64::MAX / 2));
    lode_db::format_instant(t)
}

/// What the registry keeps of a certificate.
pub fn describe(
    cert: &Certificate,
    source: &'static str,
    holder_account_id: Option<i64>,
    holder_unit_id: Option<i64>,
    server_key: Option<String>,
) -> Result<NewCertificate, AppError> {
    let tbs = &cert.tbs_certificate;
    Ok(NewCertificate {
        sha256: fingerprint(cert)?,
        serial: lode_sign::crl::serial_hex(cert),
        issuer: tbs.issuer.to_string(),
        subject: tbs.subject.to_string(),
        not_before: instant(tbs.validity.not_before.to_unix_duration()),
        not_after: instant(tbs.validity.not_after.to_unix_duration()),
        pem: der::EncodePem::to_pem(cert, der::pem::LineEnding::LF).map_err(internal)?,
        source,
        holder_account_id,
        holder_unit_id,
        server_key,
    })
}

/// Imports a certificate (PEM or DER) into the registry for a person or a unit.
pub async fn import(
    state: &AppState,
    caller: &Caller,
    bytes: &[u8],
    holder_account_id: Option<i64>,
    holder_unit_id: Option<i64>,
) -> Result<certificates::Certificate, AppError> {
    caller.require(Action::ManageCertificates)?;
    let cert = if bytes.starts_with(b"-----BEGIN") {
        std::str::from_utf8(bytes)
            .ok()
            .and_then(|t| lode_sign::cms::certificate_from_pem(t).ok())
    } else {
        der::Decode::from_der(bytes).ok()
    }
    .ok_or_else(|| {
        invalid(
            "certificate",
            "not_a_certificate",
            "not an X.509 certificate (PEM or DER)",
        )
    })?;
    let new = describe(&cert, "imported", holder_account_id, holder_unit_id, None)?;
    Ok(certificates::add(&state.db, &caller.ctx(), &new).await?)
}

/// Sets the image of a unit's seal (PNG or JPEG, at most 1 MiB), drawn in the organisation's
/// mark when the unit seals. Administrators.
pub async fn set_seal_image(
    state: &AppState,
    caller: &Caller,
    unit_id: i64,
    data: bytes::Bytes,
) -> Result<(), AppError> {
    caller.require(Action::ManageCertificates)?;
    let (data, content_type) = lode_web::pages::people::accept_image("seal", data)?;
    if !lode_print::stamp::image_supported(&data) {
        return Err(invalid(
            "seal",
            "wrong_file_type",
            "a baseline JPEG, or an 8-bit PNG that is not interlaced",
        ));
    }
    lode_db::units::get(&state.db, unit_id).await?;
    let sha =
        lode_web::files::store_file(state, data, content_type, Some(caller.account.id)).await?;
    Ok(lode_db::units::set_seal_image(&state.db, &caller.ctx(), unit_id, &sha).await?)
}

/// How the registry names a key on the server's token (a file stem of the built-in CA has no
/// colon, so the two never meet).
const TOKEN_KEY: &str = "token:";

/// The certificates a token key's chain is completed from: the built-in CA's and the anchors.
fn chain_pool(state: &AppState) -> Vec<Certificate> {
    let mut pool = state.trust.clone();
    if let Some(ca) = &state.services.ca {
        pool.extend(ca.certificates().unwrap_or_default());
    }
    pool
}

/// Links the key labelled `label` on the server's PKCS#11 token, with the certificate the
/// token keeps for it, to a person or a unit: the holder then signs in lode with a key that
/// never leaves the token. The certificate must chain to the trust anchors.
pub async fn import_from_token(
    state: &AppState,
    caller: &Caller,
    label: &str,
    holder_account_id: Option<i64>,
    holder_unit_id: Option<i64>,
) -> Result<certificates::Certificate, AppError> {
    caller.require(Action::ManageCertificates)?;
    let Some(token) = state.services.token.clone() else {
        return Err(invalid(
            "key_label",
            "no_token",
            "this server has no PKCS#11 token configured (pkcs11_module, pkcs11_token)",
        ));
    };
    let label = label.trim().to_string();
    if label.is_empty() || label.len() > 64 || label.chars().any(char::is_control) {
        return Err(invalid(
            "key_label",
            "invalid",
            "give the key's label on the token (at most 64 characters)",
        ));
    }
    let pool = chain_pool(state);
    let anchors = state.trust.clone();
    let key_label = label.clone();
    let cert = tokio::task::spawn_blocking(move || {
        let signer = token
            .signer(&key_label, &pool)
            .map_err(|e| invalid("key_label", "not_found", &e.to_string()))?;
        let cert = signer.certificate().clone();
        lode_sign::trust::chain(&cert, &signer.chain, &anchors, std::time::SystemTime::now())
            .map_err(|why| {
                invalid(
                    "key_label",
                    "untrusted",
                    &format!("the token's certificate is not trusted: {why}"),
                )
            })?;
        Ok::<_, AppError>(cert)
    })
    .await
    .map_err(internal)??;
    let new = describe(
        &cert,
        "imported",
        holder_account_id,
        holder_unit_id,
        Some(format!("{TOKEN_KEY}{label}")),
    )?;
    Ok(certificates::add(&state.db, &caller.ctx(), &new).await?)
}

/// Issues a certificate from the built-in CA to a person or a unit; the server keeps the key
/// (its token), so the holder signs in lode.
pub async fn issue(
    state: &AppState,
    caller: &Caller,
    holder_account_id: Option<i64>,
    holder_unit_id: Option<i64>,
) -> Result<certificates::Certificate, AppError> {
    caller.require(Action::ManageCertificates)?;
    issue_for(state, &caller.ctx(), holder_account_id, holder_unit_id).await
}

/// [`issue`] on behalf of `ctx` (the demo's seeding, the administrator's request).
pub async fn issue_for(
    state: &AppState,
    ctx: &lode_db::AuditCtx,
    holder_account_id: Option<i64>,
    holder_unit_id: Option<i64>,
) -> Result<certificates::Certificate, AppError> {
    let ca = state.services.ca.clone().ok_or_else(|| {
        AppError::Conflict("lode's certificate authority is not set up (lode pki init)".into())
    })?;
    let (name, stem) = match (holder_account_id, holder_unit_id) {
        (Some(a), None) => {
            let account = lode_db::accounts::get(&state.db, a)
                .await
                .map_err(|_| invalid("holder_account_id", "unknown", "no such staff member"))?;
            (account.full_name, format!("person-{a}"))
        }
        (None, Some(u)) => {
            let unit = lode_db::units::get(&state.db, u)
                .await
                .map_err(|_| invalid("holder_unit_id", "unknown", "no such unit"))?;
            (unit.name, format!("unit-{u}"))
        }
        (Some(_), Some(_)) => {
            return Err(invalid(
                "holder",
                "both",
                "a certificate belongs to a person or to a unit, not both",
            ));
        }
        (None, None) => {
            return Err(invalid(
                "holder",
                "no_holder",
                "choose a person or a unit (one of them)",
            ));
        }
    };
    let stem = format!("{stem}-{}", chrono::Utc::now().format("%Y%m%d%H%M%S%6f"));
    let organisation = ca
        .root()
        .ok()
        .and_then(|r| {
            lode_sign::ca::attribute(&r.tbs_certificate.subject, lode_sign::ca::ORGANISATION)
        })
        .unwrap_or_else(|| "lode".to_string());
    let key_file = stem.clone();
    let signer = tokio::task::spawn_blocking(move || {
        ca.issue(
            &name,
            &organisation,
            lode_sign::ca::Purpose::Signing,
            &key_file,
        )
    })
    .await
    .map_err(internal)?
    .map_err(internal)?;
    let new = describe(
        signer.certificate(),
        "issued",
        holder_account_id,
        holder_unit_id,
        Some(stem),
    )?;
    Ok(certificates::add(&state.db, ctx, &new).await?)
}

/// The demo's certificates, when its registry is empty: the agency leaders' signatures and
/// the department's seal, issued by lode's CA with the keys kept by the server, each with a
/// sample image of the signature or the seal to draw on the documents.
pub async fn seed_demo(state: &AppState) -> Result<usize, AppError> {
    if state.services.ca.is_none() || !certificates::list(&state.db, None).await?.is_empty() {
        return Ok(0);
    }
    let ctx = lode_db::AuditCtx::system("demo");
    let (leaders, bodies) = certificates::signing_holders(&state.db).await?;
    let mut n = 0;
    // each with the image drawn where they sign: a leader's signature, a body's red seal
    for a in leaders {
        issue_for(state, &ctx, Some(a), None).await?;
        let image = lode_print::marks::signature_png(u32::try_from(a).unwrap_or_default());
        let sha = lode_web::files::store_file(state, image.into(), "image/png", None).await?;
        lode_db::accounts::set_signature_image(&state.db, &ctx, a, &sha).await?;
        n += 1;
    }
    for u in bodies {
        issue_for(state, &ctx, None, Some(u)).await?;
        // each body's seal bears its own name
        let name = lode_db::units::get(&state.db, u).await?.name;
        let image = lode_print::marks::seal_png(&name);
        let seal = lode_web::files::store_file(state, image.into(), "image/png", None).await?;
        lode_db::units::set_seal_image(&state.db, &ctx, u, &seal).await?;
        n += 1;
    }
    Ok(n)
}

/// The demo's letters approved by the leader, the older half of them finished as the people
/// would: signed by the leader who approved them with the key the server keeps, numbered and
/// dated by the clerk, sealed, and sent; the newer half wait in the leader's queue. Does
/// nothing once any letter is sealed, or without the demo's clerk and director.
pub async fn finish_demo_letters(state: &AppState) -> Result<usize, AppError> {
    let person = |username: &'static str| async move {
        let account = lode_db::accounts::by_username(&state.db, username).await?;
        Ok::<_, AppError>(account.map(|account| Caller {
            actor: account.actor(),
            account,
            session: None,
            ip: "127.0.0.1".into(),
            lang: lode_web::i18n::Lang::Vi,
            waiting: None,
            unread: 0,
        }))
    };
    let (Some(leader), Some(clerk)) = (person("tvhung").await?, person("vanthu").await?) else {
        return Ok(0);
    };
    let (sealed,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM outgoing_signatures WHERE kind = 'seal'")
            .fetch_one(state.db.pool())
            .await
            .map_err(lode_db::DbError::from)?;
    if sealed > 0 {
        return Ok(0);
    }
    let approved: Vec<(i64,)> =
        sqlx::query_as("SELECT id FROM outgoing_documents WHERE status = 'approved' ORDER BY id")
            .fetch_all(state.db.pool())
            .await
            .map_err(lode_db::DbError::from)?;
    let none = crate::outgoing::OutgoingStepInput::default();
    let at = crate::web::marks::Placement::Placeholder;
    let mut n = 0;
    for (id,) in approved.iter().take(approved.len() / 2) {
        sign_outgoing(state, &leader, *id, "signer", KeySource::Server, None, &at).await?;
        issue_outgoing(state, &clerk, *id, &none).await?;
        seal_outgoing(state, &clerk, *id, None, &at).await?;
        crate::outgoing::send(&state.db, &clerk.ctx(), &clerk.actor, *id, &none).await?;
        n += 1;
    }
    Ok(n)
}

/// The CRLs at `urls`: the built-in CA's made in process, the others fetched (and cached).
pub async fn crls_for(state: &AppState, urls: Vec<String>) -> Vec<lode_sign::crl::Crl> {
    lode_web::pki::collect_crls(&state.services, urls).await
}

/// Checks every certificate of the registry that is not expired against its issuer's CRL and
/// records what changed. Certificates whose CRL cannot be had keep their state. Returns how
/// many changed.
pub async fn refresh(state: &AppState, caller: &Caller) -> Result<usize, AppError> {
    caller.require(Action::ManageCertificates)?;
    refresh_all(state, &caller.ctx()).await
}

/// What an administrator does to a certificate lode's own CA issued.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RevocationChange {
    /// Revoked for good, for this reason (not `hold`).
    Revoke(lode_sign::crl::Reason),
    /// Suspended until reinstated or revoked (the CRL's `certificateHold`).
    Suspend,
    /// A suspension lifted.
    Reinstate,
}

impl RevocationChange {
    /// Reads a form's or a request's `action` and `reason`; an unknown one is refused by field.
    pub fn parse(action: &str, reason: Option<&str>) -> Result<Self, AppError> {
        use lode_sign::crl::Reason;
        match action {
            // the form's list left on its first line: a reason is asked for, not assumed
            "revoke" if reason.is_some_and(|r| r.trim().is_empty()) => Err(invalid(
                "reason",
                "choose_reason",
                "choose why the certificate is revoked",
            )),
            "revoke" => match Reason::parse(reason.unwrap_or("unspecified")) {
                Some(Reason::CertificateHold) | None => Err(invalid(
                    "reason",
                    "invalid_choice",
                    "is key-compromise, affiliation-changed, superseded, cessation-of-operation or unspecified",
                )),
                Some(r) => Ok(Self::Revoke(r)),
            },
            "suspend" => Ok(Self::Suspend),
            "reinstate" => Ok(Self::Reinstate),
            _ => Err(invalid(
                "action",
                "invalid_choice",
                "is revoke, suspend or reinstate",
            )),
        }
    }
}

/// Revokes, suspends or reinstates certificate `id` of the registry, which lode's own CA must
/// have issued (others are revoked by their issuer, and lode learns it from their CRL): the
/// CA's list changes at once (its CRL and OCSP answers say so from now on) and the registry
/// records it, audited.
pub async fn change_revocation(
    state: &AppState,
    caller: &Caller,
    id: i64,
    change: RevocationChange,
) -> Result<certificates::Certificate, AppError> {
    caller.require(Action::ManageCertificates)?;
    let c = certificates::get(&state.db, id).await?;
    let Some(ca) = state.services.ca.clone() else {
        return Err(AppError::Conflict(
            "lode runs no certificate authority here: a certificate is revoked by its issuer"
                .into(),
        ));
    };
    if c.source != "issued" {
        return Err(AppError::Conflict(
            "this certificate was issued elsewhere: its issuer revokes it, and lode reads that from its CRL".into(),
        ));
    }
    // one change to the CA's list at a time in this process (it is read, changed, written)
    static CHANGING: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());
    let _one = CHANGING.lock().await;
    let serial = c.serial.clone();
    let now = std::time::SystemTime::now();
    let outcome = tokio::task::spawn_blocking(move || {
        match change {
            RevocationChange::Revoke(reason) => ca.revoke(&serial, reason, now),
            RevocationChange::Suspend => {
                ca.revoke(&serial, lode_sign::crl::Reason::CertificateHold, now)
            }
            RevocationChange::Reinstate => ca.reinstate(&serial),
        }?;
        // what the CA's list now says of it (a suspension revoked for good keeps its date)
        let listed = lode_sign::crl::parse_serial(&serial);
        Ok::<_, lode_sign::PdfError>(
            ca.revoked()?
                .into_iter()
                .find(|e| Some(&e.serial) == listed.as_ref()),
        )
    })
    .await
    .map_err(internal)?;
    let entry = match outcome {
        Ok(entry) => entry,
        // revoked already, or not suspended: the state the administrator saw has changed
        Err(e) => return Err(AppError::Conflict(e.to_string())),
    };
    let revoked = entry.map(|e| {
        (
            instant(std::time::Duration::from_secs(e.since)),
            e.reason.as_str().to_string(),
        )
    });
    certificates::apply_revocations(
        &state.db,
        &caller.ctx(),
        &[RevocationState {
            sha256: c.sha256.clone(),
            revoked,
        }],
    )
    .await?;
    Ok(certificates::get(&state.db, id).await?)
}

/// [`refresh`] without a caller: the periodic sweep.
pub async fn refresh_all(state: &AppState, ctx: &lode_db::AuditCtx) -> Result<usize, AppError> {
    let registry = certificates::list(&state.db, None).await?;
    let mut parsed = Vec::new();
    for c in registry
        .iter()
        .filter(|c| c.status != certificates::CertificateStatus::Expired)
    {
        let pem = certificates::pem(&state.db, c.id).await?;
        if let Ok(cert) = lode_sign::cms::certificate_from_pem(&pem) {
            parsed.push((c.sha256.clone(), cert));
        }
    }
    let mut pool: Vec<Certificate> = parsed.iter().map(|p| p.1.clone()).collect();
    if let Some(ca) = &state.services.ca {
        pool.extend(ca.certificates().unwrap_or_default());
    }
    let anchors = state.trust.clone();
    let now = std::time::SystemTime::now();
    // only trusted paths name the addresses fetched
    let mut paths = Vec::new();
    let mut urls = Vec::new();
    for (sha, cert) in &parsed {
        if let Ok(path) = lode_sign::trust::chain(cert, &pool, &anchors, now) {
            urls.extend(lode_sign::crl::distribution_points(cert));
            paths.push((sha.clone(), path));
        }
    }
    urls.sort();
    urls.dedup();
    let crls = crls_for(state, urls).await;
    let mut states = Vec::new();
    for (sha, path) in paths {
        let [cert, issuer, ..] = path.as_slice() else {
            continue;
        };
        let Some(list) = crls
            .iter()
            .filter(|l| l.signed_by(issuer))
            .max_by_key(|l| l.this_update())
        else {
            continue;
        };
        states.push(RevocationState {
            sha256: sha,
            revoked: list.entry_for(cert).map(|e| {
                (
                    instant(std::time::Duration::from_secs(e.since)),
                    e.reason.as_str().to_string(),
                )
            }),
        });
    }
    Ok(certificates::apply_revocations(&state.db, ctx, &states).await?)
}

/// Whether `c` is in force with a key this server can use: on its token, or kept by its CA.
fn usable_here(state: &AppState, c: &certificates::Certificate) -> bool {
    c.status == certificates::CertificateStatus::Valid
        && match c.server_key_file.as_deref() {
            Some(k) if k.starts_with(TOKEN_KEY) => state.services.token.is_some(),
            Some(_) => state.services.ca.is_some(),
            None => false,
        }
}

/// Whether lode keeps a usable key for unit `unit_id` (its seal), without unlocking it.
pub async fn keeps_seal_key(state: &AppState, unit_id: i64) -> Result<bool, AppError> {
    let holder = certificates::of_unit(&state.db, unit_id).await?;
    Ok(holder.iter().any(|c| usable_here(state, c)))
}

/// The key the server keeps for a person or a unit: their newest valid certificate with one.
async fn server_signer(
    state: &AppState,
    holder: &[certificates::Certificate],
) -> Result<Option<(Signer, certificates::Certificate)>, AppError> {
    // a key on the server's token first (where there is one), else one the built-in CA keeps
    let Some(entry) = holder
        .iter()
        .filter(|c| usable_here(state, c))
        .min_by_key(|c| {
            !c.server_key_file
                .as_deref()
                .unwrap_or("")
                .starts_with(TOKEN_KEY)
        })
        .cloned()
    else {
        return Ok(None);
    };
    let key = entry.server_key_file.clone().unwrap_or_default();
    let (ca, token, pool) = (
        state.services.ca.clone(),
        state.services.token.clone(),
        chain_pool(state),
    );
    let signer = tokio::task::spawn_blocking(move || match key.strip_prefix(TOKEN_KEY) {
        Some(label) => token
            .ok_or_else(|| lode_sign::PdfError::Unsupported("no token".into()))?
            .signer(label, &pool),
        None => ca
            .ok_or_else(|| lode_sign::PdfError::Unsupported("no CA".into()))?
            .signer(&key),
    })
    .await
    .map_err(internal)?
    .map_err(|e| {
        invalid(
            "key",
            "token",
            &format!("the server's key cannot be used: {e}"),
        )
    })?;
    Ok(Some((signer, entry)))
}

/// A signer's certificate must chain to the trust anchors, be within its validity, and not be
/// revoked or suspended in the registry or by its CRL; a certificate the registry gives to
/// someone else may not be used.
async fn check_certificate(
    state: &AppState,
    caller: &Caller,
    signer: &Signer,
) -> Result<(), AppError> {
    let cert = signer.certificate().clone();
    let anchors = state.trust.clone();
    let chain = signer.chain.clone();
    let path = tokio::task::spawn_blocking(move || {
        lode_sign::trust::chain(&cert, &chain, &anchors, std::time::SystemTime::now())
    })
    .await
    .map_err(internal)?
    .map_err(|why| {
        invalid(
            "p12",
            "untrusted",
            &format!("the certificate is not trusted: {why}"),
        )
    })?;
    let sha = fingerprint(signer.certificate())?;
    if let Some(entry) = certificates::by_sha256(&state.db, &sha).await? {
        if entry
            .holder_account_id
            .is_some_and(|a| a != caller.account.id)
        {
            return Err(invalid(
                "p12",
                "not_yours",
                "this certificate belongs to someone else",
            ));
        }
        if entry.status != certificates::CertificateStatus::Valid {
            return Err(invalid(
                "p12",
                "not_valid",
                &format!("the certificate is {}", entry.status),
            ));
        }
    }
    let urls: Vec<String> = path
        .iter()
        .flat_map(lode_sign::crl::distribution_points)
        .collect();
    let crls = crls_for(state, urls).await;
    for pair in path.windows(2) {
        let [c, issuer] = pair else { continue };
        if let Some(e) = crls
            .iter()
            .filter(|l| l.signed_by(issuer))
            .max_by_key(|l| l.this_update())
            .and_then(|l| l.entry_for(c))
        {
            return Err(invalid(
                "p12",
                "revoked",
                &format!("the certificate is revoked ({})", e.reason.as_str()),
            ));
        }
    }
    Ok(())
}

/// Signs an outgoing document: `kind` is `signer` (the leader, on an approved document) or
/// `seal` (the clerk, the organisation's signature on a numbered one).
pub async fn sign_outgoing(
    state: &AppState,
    caller: &Caller,
    id: i64,
    kind: &'static str,
    key: KeySource,
    version: Option<i64>,
    placement: &crate::web::marks::Placement,
) -> Result<crate::outgoing::OutgoingRecord, AppError> {
    let rec = crate::outgoing::visible(&state.db, &caller.actor, id).await?;
    let scope = rec.scope();
    match kind {
        "signer" => {
            caller.require(Action::SignOutgoing(&scope))?;
            // a letter lode laid out names its signer in its block: that leader signs it
            if rec.current_composition().is_some()
                && rec
                    .presented_to
                    .is_some_and(|named| named != caller.account.id)
            {
                return Err(invalid(
                    "signer",
                    "not_the_named_signer",
                    "the letter names another leader as its signer",
                ));
            }
        }
        _ => {
            caller.require(Action::IssueOutgoing(&scope))?;
            // the seal goes on a signed file only: said before any signing is done
            if rec.status == lode_core::documents::OutgoingStatus::Issued {
                rec.require_signed_file()?;
            }
        }
    }
    let (signer, registry_entry) = match key {
        KeySource::Pkcs12 { file, password } => {
            if file.len() > lode_sign::p12::MAX_SIZE {
                return Err(AppError::PayloadTooLarge);
            }
            let signer =
                tokio::task::spawn_blocking(move || lode_sign::p12::read(&file, &password))
                    .await
                    .map_err(internal)?
                    .map_err(|e| invalid("p12", "unreadable", &e.to_string()))?;
            check_certificate(state, caller, &signer).await?;
            (signer, None)
        }
        KeySource::Server => {
            let holder = if kind == "signer" {
                certificates::of_account(&state.db, caller.account.id).await?
            } else {
                certificates::of_unit(&state.db, rec.body_unit_id).await?
            };
            let (signer, entry) = server_signer(state, &holder).await?.ok_or_else(|| {
                invalid(
                    "key",
                    "no_certificate",
                    if kind == "signer" {
                        "you have no valid certificate kept by lode: upload your PKCS#12 file, or ask the administrator to issue one"
                    } else {
                        "the body has no valid seal certificate kept by lode: ask the administrator to issue one"
                    },
                )
            })?;
            (signer, Some(entry))
        }
    };
    let signer = std::sync::Arc::new(signer);
    let current = rec
        .versions
        .iter()
        .find(|v| v.number == rec.current_version)
        .ok_or(AppError::NotFound)?;
    let pdf = state
        .blobs
        .get(&current.pdf_sha256)
        .await?
        .ok_or_else(|| internal("the document's file is missing from storage"))?;
    let pdf = if kind == "signer" {
        // the block's places for the marks only where the signer leaves the mark to lode: a
        // place chosen is kept for both the signature and, later, the seal
        let at_block = (*placement == crate::web::marks::Placement::Placeholder)
            .then_some(caller.account.full_name.as_str());
        reserve_places(pdf, at_block).await?
    } else {
        pdf
    };
    let subject = signer.certificate().tbs_certificate.subject.to_string();
    let certificate_sha256 = match &registry_entry {
        Some(e) => e.sha256.clone(),
        None => fingerprint(signer.certificate())?,
    };
    let tsa = state.services.tsa.clone();
    // The seal completes the document before it leaves: first the chains and CRLs of its
    // signatures, the seal's own and the timestamp authority's are kept in its /DSS (B-LT), so
    // that recipients and the archive can validate it offline; then the seal covers it all,
    // the whole document signed as validators expect of the last signature.
    let pdf = match (&tsa, kind) {
        (Some(tsa), "seal") => {
            let mut extra = signer.chain.clone();
            extra.extend(tsa.signer.chain.iter().cloned());
            keep_validation_data(state, pdf.to_vec(), extra)
                .await?
                .into()
        }
        _ => pdf,
    };
    let field = if kind == "signer" {
        SIGNER_FIELD
    } else {
        SEAL_FIELD
    };
    // where the drafter left room for it (an empty signature field of that name), or where the
    // signer or clerk chose, the mark is drawn: the signer's name and time, the body's name
    // and time in red
    // the leader's signature image from their record (JPEG, or PNG with its transparency)
    // and the body's seal image in the organisation's mark, when the administrator gave one
    // (on a scan of the paper signed, which shows the seal pressed on it, the digital seal at
    // the top right is stamped in words alone, as on electronic copies)
    let image_sha = match kind {
        "signer" => caller.account.signature_sha256.clone(),
        _ if rec.scanned() && *placement == crate::web::marks::Placement::TopRight => None,
        _ => lode_db::units::seal_image(&state.db, rec.body_unit_id).await?,
    };
    let image = match image_sha {
        Some(sha) => state
            .blobs
            .get(&sha)
            .await?
            .map(|b| b.to_vec())
            .filter(|b| lode_print::stamp::image_supported(b)),
        None => None,
    };
    let visible = match placement.resolve(&pdf, field, kind == "seal")? {
        Some((page, rect)) => {
            let subject = &signer.certificate().tbs_certificate.subject;
            let part = |oid| lode_sign::ca::attribute(subject, oid).unwrap_or_default();
            let now = lode_sign::verify::iso_now();
            let stamp = lode_print::stamp::decree30(
                if kind == "signer" {
                    lode_print::stamp::Mark::Signer
                } else {
                    lode_print::stamp::Mark::Seal
                },
                (rect[2] - rect[0]) as f32,
                (rect[3] - rect[1]) as f32,
                &part(lode_sign::ca::COMMON_NAME),
                &part(lode_sign::ca::ORGANISATION),
                &now,
                image,
            );
            Some(lode_sign::appearance::Visible {
                page,
                rect,
                appearance: lode_print::stamp::render(&stamp).map_err(internal)?,
            })
        }
        None => None,
    };
    let reason = if kind == "signer" {
        "Ký ban hành"
    } else {
        "Đóng dấu cơ quan"
    };
    let sealing = kind == "seal";
    let (signed, level) = {
        let (signer, tsa) = (signer.clone(), tsa.clone());
        tokio::task::spawn_blocking(move || {
            let spec = lode_sign::field::FieldSpec {
                name: field.into(),
                time: lode_sign::pdf_date(std::time::SystemTime::now()),
                reason: Some(reason.into()),
                location: None,
                contents_size: lode_sign::field::DEFAULT_CONTENTS,
            };
            sign_timestamped(&pdf, &signer, &spec, tsa.as_deref(), visible.as_ref())
        })
        .await
        .map_err(internal)?
        .map_err(|e| {
            invalid(
                "pdf",
                "unsignable",
                &format!("the file cannot be signed: {e}"),
            )
        })?
    };
    // the attachments sent with it carry the organisation's signature too, each with the
    // attachment stamp at the top right of its first page
    let attachments = if sealing {
        seal_attachments(state, &rec, &signer, tsa.clone()).await?
    } else {
        Vec::new()
    };
    let level = if kind == "seal" && level == "B-T" {
        "B-LT"
    } else {
        level
    };
    let sha = lode_web::files::store_pdf(state, bytes::Bytes::from(signed), None).await?;
    Ok(crate::outgoing::add_signature(
        &state.db,
        &caller.ctx(),
        &caller.actor,
        id,
        &crate::outgoing::NewSignature {
            kind,
            pdf_sha256: sha,
            certificate_sha256,
            subject,
            level: level.into(),
            signed_version: rec.current_version,
            version,
            attachments,
        },
    )
    .await?)
}

/// A file the signing library cannot take, said beside the file's field.
fn unsignable(e: lode_sign::PdfError) -> AppError {
    invalid(
        "pdf",
        "unsignable",
        &format!("the file cannot be signed: {e}"),
    )
}

/// A draft signed for the first time that left no place for its number, its date and its
/// marks (one uploaded as a PDF rather than written on lode's letter): the places are reserved
/// where it prints them ([`crate::web::places`]) before the signature covers the file, so that
/// the clerk's numbering writes the number and date there and the leader's signature still
/// holds, and, with `signer` named (the mark left to lode), the signer's mark, then the seal
/// over its left third, go at the signature block between the title and that name.
async fn reserve_places(pdf: bytes::Bytes, signer: Option<&str>) -> Result<bytes::Bytes, AppError> {
    let data = pdf.clone();
    let pages = tokio::task::spawn_blocking(move || {
        let doc = lode_sign::Document::parse(&data)?;
        let untouched = lode_sign::signatures::find(&doc)?.is_empty()
            && lode_sign::fill::reserved_fields(&data)?.is_empty();
        // a place the drafter left for either mark is where it goes
        let mark_placed = lode_sign::field::placeholder(&data, SIGNER_FIELD)?.is_some()
            || lode_sign::field::placeholder(&data, SEAL_FIELD)?.is_some();
        Ok::<_, lode_sign::PdfError>(if untouched {
            (lode_sign::field::page_boxes(&data)?, mark_placed)
        } else {
            (Vec::new(), true)
        })
    })
    .await
    .map_err(internal)?
    .map_err(unsignable)?;
    let (pages, mark_placed) = pages;
    let (Some(first), Some(last)) = (pages.first().copied(), pages.last().copied()) else {
        return Ok(pdf);
    };
    let last_index = pages.len() - 1;
    // no place clear of the page's words: nothing is reserved rather than a box over text
    let places = crate::web::places::find(&pdf, first).await;
    let block = match (mark_placed, signer) {
        (false, Some(name)) => {
            crate::web::places::signature_block(&pdf, last_index, last, name).await
        }
        _ => None,
    };
    if places.is_none() && block.is_none() {
        return Ok(pdf);
    }
    let reserved = tokio::task::spawn_blocking(move || {
        let mut out = pdf.to_vec();
        if let Some(places) = places {
            out =
                lode_sign::fill::add_field(&out, lode_sign::fill::NUMBER_FIELD, 0, places.number)?;
            out = lode_sign::fill::add_field(&out, lode_sign::fill::DATE_FIELD, 0, places.date)?;
        }
        if let Some(mark) = block {
            out = lode_sign::field::add_placeholder(&out, SIGNER_FIELD, last_index, mark)?;
            // (kept on the page where the block stands at its left edge)
            let seal = crate::web::marks::seal_beside(mark);
            let inside = (last[0] - seal[0]).max(0.0);
            let seal = [seal[0] + inside, seal[1], seal[2] + inside, seal[3]];
            out = lode_sign::field::add_placeholder(&out, SEAL_FIELD, last_index, seal)?;
        }
        Ok::<_, lode_sign::PdfError>(out)
    })
    .await
    .map_err(internal)?
    .map_err(unsignable)?;
    Ok(reserved.into())
}

/// `pdf` signed by the organisation `unit_id` with the key lode keeps for it (its seal), B-T
/// when lode runs its timestamp authority; `None` when the unit has no such key (the paper
/// goes unsigned, as before signatures were configured).
pub async fn seal_paper(
    state: &AppState,
    unit_id: i64,
    pdf: Vec<u8>,
    reason: &'static str,
) -> Result<Option<Vec<u8>>, AppError> {
    let holder = certificates::of_unit(&state.db, unit_id).await?;
    let Some((signer, _)) = server_signer(state, &holder).await? else {
        return Ok(None);
    };
    let tsa = state.services.tsa.clone();
    let signed = tokio::task::spawn_blocking(move || {
        let spec = lode_sign::field::FieldSpec {
            name: "Cơ quan tiếp nhận".into(),
            time: lode_sign::pdf_date(std::time::SystemTime::now()),
            reason: Some(reason.into()),
            location: None,
            contents_size: lode_sign::field::DEFAULT_CONTENTS,
        };
        sign_timestamped(&pdf, &signer, &spec, tsa.as_deref(), None).map(|(s, _)| s)
    })
    .await
    .map_err(internal)?
    .map_err(internal)?;
    Ok(Some(signed))
}

/// Signs `pdf` with `signer`, timestamped by lode's authority when it runs (PAdES B-T), else
/// B-B; with the mark `visible` when there is one.
fn sign_timestamped(
    pdf: &[u8],
    signer: &Signer,
    spec: &lode_sign::field::FieldSpec,
    tsa: Option<&lode_sign::tsp::Authority>,
    visible: Option<&lode_sign::appearance::Visible>,
) -> Result<(Vec<u8>, &'static str), lode_sign::PdfError> {
    match tsa {
        Some(tsa) => {
            let stamp = |imprint: &[u8; 32]| {
                let mut serial: [u8; 16] = rand::random();
                serial[0] &= 0x7f;
                let request = lode_sign::tsp::request(imprint, 1);
                lode_sign::tsp::token_of_response(&tsa.respond(
                    &request,
                    std::time::SystemTime::now(),
                    &serial,
                ))
            };
            lode_sign::cms::sign_pdf_visible(pdf, signer, spec, Some(&stamp), visible)
                .map(|s| (s, "B-T"))
        }
        None => {
            lode_sign::cms::sign_pdf_visible(pdf, signer, spec, None, visible).map(|s| (s, "B-B"))
        }
    }
}

/// The document's PDF attachments signed by the organisation (Decree 30, Appendix I: the
/// attachment stamp, text only, with the document's number and notation, the organisation
/// and the time, at the top right of the first page): the new file of each, by position.
/// Attachments that are not PDFs go as they are.
async fn seal_attachments(
    state: &AppState,
    rec: &crate::outgoing::OutgoingRecord,
    signer: &std::sync::Arc<Signer>,
    tsa: Option<std::sync::Arc<lode_sign::tsp::Authority>>,
) -> Result<Vec<(i64, String)>, AppError> {
    let subject = &signer.certificate().tbs_certificate.subject;
    let organisation = lode_sign::ca::attribute(subject, lode_sign::ca::ORGANISATION)
        .or_else(|| lode_sign::ca::attribute(subject, lode_sign::ca::COMMON_NAME))
        .unwrap_or_default();
    let notation = match (&rec.number, &rec.notation) {
        (Some(n), Some(notation)) if !notation.starts_with(&format!("{n}/")) => {
            format!("Kèm theo văn bản số {n}/{notation}")
        }
        (_, Some(notation)) => format!("Kèm theo văn bản số {notation}"),
        _ => "Kèm theo văn bản".to_string(),
    };
    let mut sealed = Vec::new();
    for a in &rec.attachments {
        let Some(file) = state.blobs.get(&a.sha256).await? else {
            return Err(internal(format!(
                "the attachment {} is missing from storage",
                a.name
            )));
        };
        if !file.starts_with(b"%PDF-") {
            continue;
        }
        let (signer, tsa, notation, organisation, name) = (
            signer.clone(),
            tsa.clone(),
            notation.clone(),
            organisation.clone(),
            a.name.clone(),
        );
        let signed = tokio::task::spawn_blocking(move || {
            let (page, rect) = crate::web::marks::Placement::TopRight
                .resolve(&file, "Phụ lục", true)
                .map_err(|_| lode_sign::PdfError::Unsupported("its pages cannot be read".into()))?
                .ok_or_else(|| lode_sign::PdfError::Unsupported("no page".into()))?;
            let now = lode_sign::verify::iso_now();
            let stamp = lode_print::stamp::decree30(
                lode_print::stamp::Mark::Attachment,
                (rect[2] - rect[0]) as f32,
                (rect[3] - rect[1]) as f32,
                &notation,
                &organisation,
                &now,
                None,
            );
            let visible = lode_sign::appearance::Visible {
                page,
                rect,
                appearance: lode_print::stamp::render(&stamp)
                    .map_err(|e| lode_sign::PdfError::Unsupported(e.to_string()))?,
            };
            let spec = lode_sign::field::FieldSpec {
                name: "Phụ lục".into(),
                time: lode_sign::pdf_date(std::time::SystemTime::now()),
                reason: Some("Đóng dấu phụ lục kèm theo văn bản".into()),
                location: None,
                contents_size: lode_sign::field::DEFAULT_CONTENTS,
            };
            sign_timestamped(&file, &signer, &spec, tsa.as_deref(), Some(&visible))
                .map(|(signed, _)| signed)
        })
        .await
        .map_err(internal)?
        .map_err(|e| {
            invalid(
                "attachments",
                "unsignable",
                &format!("the attachment {name} cannot be sealed: {e}"),
            )
        })?;
        let sha = lode_web::files::store_pdf(state, bytes::Bytes::from(signed), None).await?;
        sealed.push((a.position, sha));
    }
    Ok(sealed)
}

/// The leader's signature, from the page or the API: with a key file of their own, or with the
/// key lode keeps for them once they confirm it is them by their password (`confirm`).
pub async fn sign_as_leader(
    state: &AppState,
    caller: &Caller,
    id: i64,
    key: KeySource,
    confirm: &str,
    version: Option<i64>,
    placement: &crate::web::marks::Placement,
) -> Result<crate::outgoing::OutgoingRecord, AppError> {
    if matches!(key, KeySource::Server) {
        // who may sign it is decided before anyone is asked to confirm it is them
        let rec = crate::outgoing::visible(&state.db, &caller.actor, id).await?;
        caller.require(Action::SignOutgoing(&rec.scope()))?;
        lode_web::auth::confirm_identity(state, caller, confirm, "confirm").await?;
    }
    sign_outgoing(state, caller, id, "signer", key, version, placement).await
}

/// The clerk's seal on a numbered document, with the body's key kept by lode.
pub async fn seal_outgoing(
    state: &AppState,
    caller: &Caller,
    id: i64,
    version: Option<i64>,
    placement: &crate::web::marks::Placement,
) -> Result<crate::outgoing::OutgoingRecord, AppError> {
    sign_outgoing(
        state,
        caller,
        id,
        "seal",
        KeySource::Server,
        version,
        placement,
    )
    .await
}

/// B-LT: the certificates the document's signatures carry, the CRLs they name and their OCSP
/// answers, kept in its `/DSS`. The built-in CA's lists and answers are made in process;
/// others are fetched.
/// `extra`: certificates of signatures still to come (the seal's), kept as well.
pub async fn keep_validation_data(
    state: &AppState,
    data: Vec<u8>,
    extra: Vec<Certificate>,
) -> Result<Vec<u8>, AppError> {
    let (data, mut material) = tokio::task::spawn_blocking(move || {
        lode_sign::ltv::validation_material(&data).map(|m| (data, m))
    })
    .await
    .map_err(internal)?
    .map_err(internal)?;
    for c in &extra {
        material
            .crl_urls
            .extend(lode_sign::crl::distribution_points(c));
        if !material.certificates.contains(c) {
            material.certificates.push(c.clone());
        }
    }
    // the OCSP answers for what is still to sign: each certificate asked of its issuer's
    // responder, the issuer being the next certificate of its chain
    for pair in extra.windows(2) {
        let [cert, issuer] = pair else { continue };
        if !lode_sign::trust::issued_by(cert, issuer) {
            continue;
        }
        let Ok(request) = lode_sign::ocsp::request(cert, issuer) else {
            continue;
        };
        for url in lode_sign::ocsp::responder_urls(cert) {
            material.ocsp.push(lode_sign::ocsp::OcspQuery {
                url,
                request: request.clone(),
            });
        }
    }
    material.crl_urls.sort();
    material.crl_urls.dedup();
    material.ocsp.dedup();
    let crls: Vec<Vec<u8>> = crls_for(state, material.crl_urls)
        .await
        .into_iter()
        .map(|c| c.der)
        .collect();
    let ocsps: Vec<Vec<u8>> = lode_web::pki::collect_ocsp(&state.services, material.ocsp)
        .await
        .into_iter()
        .map(|r| r.der)
        .collect();
    let certs = material.certificates;
    tokio::task::spawn_blocking(move || lode_sign::dss::add(&data, &certs, &crls, &ocsps))
        .await
        .map_err(internal)?
        .map_err(internal)
}

/// Decree 30's place and date: `Hà Nội, ngày 05 tháng 01 năm 2026` (days below 10 and months
/// below 3 with a 0), the place where the issuing body has its seat.
pub fn place_and_date(place: Option<&str>, date: &str) -> String {
    match place {
        Some(place) => format!("{place}, {}", issued_date_text(date)),
        None => issued_date_text(date),
    }
}

/// Decree 30's date: `ngày 05 tháng 01 năm 2026`.
fn issued_date_text(date: &str) -> String {
    let parts: Vec<&str> = date.split('-').collect();
    match parts.as_slice() {
        [y, m, d] => {
            let m: u32 = m.parse().unwrap_or(0);
            let d: u32 = d.parse().unwrap_or(0);
            let month = if m < 3 {
                format!("{m:02}")
            } else {
                m.to_string()
            };
            let day = if d < 10 {
                format!("{d:02}")
            } else {
                d.to_string()
            };
            format!("ngày {day} tháng {month} năm {y}")
        }
        _ => date.to_string(),
    }
}

/// Dispatch, once the document carries what Decree 30 asks of an electronic letter: it goes out
/// with the organisation's seal when lode keeps the body's key, after the leader's signature
/// when the leader signed in lode; a letter signed on paper leaves as its electronic copy, which
/// only the seal vouches for.
pub async fn send_outgoing(
    state: &AppState,
    caller: &Caller,
    id: i64,
    input: &crate::outgoing::OutgoingStepInput,
) -> Result<crate::outgoing::OutgoingRecord, AppError> {
    let rec = crate::outgoing::visible(&state.db, &caller.actor, id).await?;
    let sealed = rec.signatures.iter().any(|s| s.kind == "seal");
    // signed on paper, the scan comes before the seal: said first (the send checks it again,
    // after this seal's check would have spoken)
    if rec.status == lode_core::documents::OutgoingStatus::Issued {
        rec.require_signed_file()?;
    }
    if !sealed && keeps_seal_key(state, rec.body_unit_id).await? {
        return Err(invalid(
            "seal",
            "seal_first",
            "seal the document with the organisation's signature before sending it",
        ));
    }
    Ok(crate::outgoing::send(&state.db, &caller.ctx(), &caller.actor, id, input).await?)
}

/// The clerk's numbering, and then, when the document's template reserved places for them
/// (`Số ký hiệu`, `Ngày ban hành`), the number and date written there as a new version of
/// its file: the leader's signature stays valid.
pub async fn issue_outgoing(
    state: &AppState,
    caller: &Caller,
    id: i64,
    input: &crate::outgoing::OutgoingStepInput,
) -> Result<crate::outgoing::OutgoingRecord, AppError> {
    let rec = crate::outgoing::issue(&state.db, &caller.ctx(), &caller.actor, id, input).await?;
    let Some(current) = rec
        .versions
        .iter()
        .find(|v| v.number == rec.current_version)
    else {
        return Ok(rec);
    };
    let Some(pdf) = state.blobs.get(&current.pdf_sha256).await? else {
        return Ok(rec);
    };
    let fields = lode_sign::fill::reserved_fields(&pdf).unwrap_or_default();
    if fields.is_empty() {
        return Ok(rec);
    }
    let notation = rec.notation.clone().unwrap_or_default();
    let place = lode_db::units::place_of(&state.db, rec.body_unit_id).await?;
    let date = place_and_date(place.as_deref(), rec.issued_on.as_deref().unwrap_or(""));
    let mut values = Vec::new();
    for (name, rect) in fields {
        let text = if name == lode_sign::fill::NUMBER_FIELD {
            format!("Số: {notation}")
        } else {
            date.clone()
        };
        let (width, height) = ((rect[2] - rect[0]) as f32, (rect[3] - rect[1]) as f32);
        let appearance =
            lode_print::stamp::render(&lode_print::stamp::field_text(width, height, &text))
                .map_err(internal)?;
        values.push(lode_sign::fill::Value {
            field: name,
            text,
            appearance,
        });
    }
    let filled = tokio::task::spawn_blocking(move || lode_sign::fill::fill(&pdf, &values))
        .await
        .map_err(internal)?
        .map_err(internal)?;
    let sha = lode_web::files::store_pdf(state, bytes::Bytes::from(filled), None).await?;
    Ok(crate::outgoing::add_numbered_version(
        &state.db,
        &caller.ctx(),
        &caller.actor,
        id,
        &sha,
        rec.current_version,
    )
    .await?)
}

#[cfg(test)]
mod tests {
    #[test]
    fn issued_dates_read_as_decree_30_writes_them() {
        assert_eq!(
            super::issued_date_text("2026-01-05"),
            "ngày 05 tháng 01 năm 2026"
        );
        assert_eq!(
            super::issued_date_text("2026-11-25"),
            "ngày 25 tháng 11 năm 2026"
        );
        assert_eq!(
            super::issued_date_text("2026-03-10"),
            "ngày 10 tháng 3 năm 2026"
        );
        assert_eq!(
            super::place_and_date(Some("Đà Nẵng"), "2026-12-04"),
            "Đà Nẵng, ngày 04 tháng 12 năm 2026"
        );
        assert_eq!(
            super::place_and_date(None, "2026-12-04"),
            "ngày 04 tháng 12 năm 2026"
        );
    }
}
