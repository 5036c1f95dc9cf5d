//! Verifying the signatures of a PDF, as far as the document itself can tell: for each one,
//! that its `/ByteRange` is sound, that the bytes it covers hash to the signed digest, that the
//! signature over the signed attributes verifies with the signer's certificate, that an ESS
//! signing-certificate attribute (v1 or v2) names that certificate, and what changed after it.
//! The CMS may be DER or BER, its digest SHA-1 or SHA-2, its signature RSA or ECDSA, as the
//! signers in use write them; lode itself signs with SHA-256 only.
//! Trust in the certificate (chain, validity at the signing time, revocation) is the next
//! layer's, with the configured trust anchors.

use crate::PdfError;
use crate::changes::{self, Change};
use crate::document::Document;
use crate::ocsp::OcspQuery;
use crate::signatures::{self, SignatureField};
use crate::signed::{Covered, check_signed_content};
use x509_cert::Certificate;

/// What one signature is, and what is right and wrong with it.
#[derive(Debug, Clone)]
pub struct SignatureReport {
    pub field: String,
    pub sub_filter: Option<String>,
    /// The claimed signing time (`/M`).
    pub time: Option<String>,
    /// The signer's certificate subject, as RFC 4514 text.
    pub signer: Option<String>,
    /// The bytes covered hash to the signed digest.
    pub intact: bool,
    /// The CMS signature verifies with the signer's certificate.
    pub signature_valid: bool,
    /// It covers the whole file as it is now.
    pub covers_whole_file: bool,
    /// Changes made after it; all allowed (further signatures) keeps the document unmodified.
    pub changes_after: Vec<Change>,
    /// Something a later revision changed that a signed document may not receive.
    pub modified_after_signing: bool,
    /// Against the trust anchors given: `Some(true)` when the chain leads to one.
    pub trusted: Option<bool>,
    /// The chain from the signer up to the anchor, by subject.
    pub trust_path: Vec<String>,
    pub problems: Vec<String>,
    /// Remarks that leave it valid: a weak hash that still holds, an attribute its sub-filter
    /// does without.
    pub notes: Vec<String>,
    /// The signer's certificate and those the signature carries (for the trust check).
    pub signer_certificate: Option<Certificate>,
    pub certificates: Vec<Certificate>,
    /// The signature timestamp (B-T and above): the time it proves and whether it holds.
    pub timestamp: Option<crate::tsp::TokenCheck>,
    /// What the revocation check found, one line per certificate of the path.
    pub revocation: Vec<String>,
    /// A certificate of the path was revoked before the (proven) signing time.
    pub revoked: bool,
    /// Certificates and CRLs the document's `/DSS` keeps (B-LT).
    pub dss_certificates: Vec<Certificate>,
    pub dss_crls: Vec<Vec<u8>>,
    /// OCSP responses the `/DSS` keeps, DER.
    pub dss_ocsps: Vec<Vec<u8>>,
    /// A valid document timestamp was added after it (B-LTA).
    pub archive_timestamped: bool,
}

impl SignatureReport {
    /// Valid as far as the document goes: intact, verified, nothing disallowed after it.
    pub fn valid(&self) -> bool {
        self.intact
            && self.signature_valid
            && !self.modified_after_signing
            && self.problems.is_empty()
    }
}

/// Every signature of `data`, in form order.
pub fn verify(data: &[u8]) -> Result<Vec<SignatureReport>, PdfError> {
    let doc = Document::parse(data)?;
    let fields = signatures::find(&doc)?;
    // hashing what the signatures cover is nearly all the work on a large file (a second
    // thread for it measured slower on this kind of two-core virtual machine)
    let covered: Vec<_> = fields.iter().map(|f| covered(doc.data, f)).collect();
    let (mut reports, store) = analyse(&doc, &fields)?;
    for ((r, f), covered) in reports.iter_mut().zip(&fields).zip(covered) {
        check_contents(r, f, covered.as_ref());
        r.dss_certificates = store.certificates.clone();
        r.dss_crls = store.crls.clone();
        r.dss_ocsps = store.ocsps.clone();
    }
    // a signature is archive-timestamped when a valid document timestamp covers it
    let stamps: Vec<usize> = fields
        .iter()
        .zip(&reports)
        .filter(|(_, r)| r.is_document_timestamp() && r.valid())
        .filter_map(|(f, _)| f.signed_until)
        .collect();
    for (f, r) in fields.iter().zip(reports.iter_mut()) {
        r.archive_timestamped = !r.is_document_timestamp()
            && f.signed_until
                .is_some_and(|u| stamps.iter().any(|s| *s > u));
    }
    Ok(reports)
}

/// [`verify`], and each signer's certificate checked against the trust anchors, with no
/// revocation data but what the document keeps.
pub fn verify_trusted(
    data: &[u8],
    anchors: &[Certificate],
) -> Result<Vec<SignatureReport>, PdfError> {
    let mut reports = verify(data)?;
    check_trust(&mut reports, anchors, &Evidence::default());
    Ok(reports)
}

/// The signature level a report shows: B-B, B-T with a signature timestamp, B-LT with
/// revocation data kept in the document too.
impl SignatureReport {
    pub fn level(&self) -> &'static str {
        let dss = !self.dss_crls.is_empty()
            || !self.dss_ocsps.is_empty()
            || !self.dss_certificates.is_empty();
        match (&self.timestamp, dss, self.archive_timestamped) {
            _ if self.is_document_timestamp() => "document timestamp",
            (None, _, _) => "B-B",
            (Some(_), false, _) => "B-T",
            (Some(_), true, false) => "B-LT",
            (Some(_), true, true) => "B-LTA",
        }
    }

    /// A document timestamp (`/SubFilter /ETSI.RFC3161`), not a signature.
    pub fn is_document_timestamp(&self) -> bool {
        self.sub_filter.as_deref() == Some("ETSI.RFC3161")
    }

    /// When the signature was made, as far as it is proven: the timestamp's time, else now
    /// (the signer's claim in `/M` proves nothing).
    pub fn proven_time(&self) -> Option<u64> {
        self.timestamp.as_ref().filter(|t| t.valid).map(|t| t.time)
    }
}

/// Revocation data from outside the document, besides what its `/DSS` keeps: CRLs and OCSP
/// responses, given as files or fetched.
#[derive(Debug, Clone, Default)]
pub struct Evidence {
    pub crls: Vec<crate::crl::Crl>,
    pub ocsp: Vec<crate::ocsp::Response>,
}

/// Where to ask about revocation online: the CRL addresses and OCSP questions for the
/// certificates of the paths that lead to the anchors (only those: a forged certificate
/// cannot make the verifier fetch from addresses it names).
#[derive(Debug, Clone, Default)]
pub struct Sources {
    pub crls: Vec<String>,
    pub ocsp: Vec<OcspQuery>,
}

/// The trusted paths of the signers and timestamp authorities of `reports`, signer first.
fn trusted_paths(reports: &[SignatureReport], anchors: &[Certificate]) -> Vec<Vec<Certificate>> {
    let now = std::time::SystemTime::now();
    let mut paths = Vec::new();
    for r in reports {
        let mut pool = r.certificates.clone();
        pool.extend(r.dss_certificates.iter().cloned());
        let mut leaves: Vec<(Certificate, Vec<Certificate>)> = Vec::new();
        if let Some(c) = &r.signer_certificate {
            leaves.push((c.clone(), pool.clone()));
        }
        if let Some(t) = &r.timestamp
            && let Some(c) = &t.authority_certificate
        {
            let mut p = t.certificates.clone();
            p.extend(r.dss_certificates.iter().cloned());
            leaves.push((c.clone(), p));
        }
        for (leaf, pool) in leaves {
            let at = r
                .proven_time()
                .map(|s| std::time::UNIX_EPOCH + std::time::Duration::from_secs(s))
                .unwrap_or(now);
            if let Ok(path) = crate::trust::chain(&leaf, &pool, anchors, at) {
                paths.push(path);
            }
        }
    }
    paths
}

/// What to fetch for an online revocation check of `reports`.
pub fn revocation_sources(reports: &[SignatureReport], anchors: &[Certificate]) -> Sources {
    let mut sources = Sources::default();
    for path in trusted_paths(reports, anchors) {
        sources
            .crls
            .extend(path.iter().flat_map(crate::crl::distribution_points));
        for pair in path.windows(2) {
            let [cert, issuer] = pair else { continue };
            let Ok(request) = crate::ocsp::request(cert, issuer) else {
                continue;
            };
            for url in crate::ocsp::responder_urls(cert) {
                let query = OcspQuery {
                    url,
                    request: request.clone(),
                };
                if !sources.ocsp.contains(&query) {
                    sources.ocsp.push(query);
                }
            }
        }
    }
    sources.crls.sort();
    sources.crls.dedup();
    sources
}

/// Each signer's certificate checked against the trust anchors: a chain of valid signatures up
/// to one of them, every certificate within its validity at the signing time (proved by the
/// timestamp, else now), CAs marked as CAs, the signer's key usable for signatures; and
/// revocation of each certificate of the path from `evidence` and the document's `/DSS`. The
/// timestamp authority's certificate is checked the same way.
pub fn check_trust(reports: &mut [SignatureReport], anchors: &[Certificate], evidence: &Evidence) {
    let now = std::time::SystemTime::now();
    for r in reports.iter_mut() {
        let mut known = evidence.clone();
        known.crls.extend(
            r.dss_crls
                .iter()
                .filter_map(|d| crate::crl::Crl::parse(d).ok()),
        );
        known.ocsp.extend(
            r.dss_ocsps
                .iter()
                .filter_map(|d| crate::ocsp::Response::parse(d).ok()),
        );
        let proven = r.proven_time();
        let at = proven
            .map(|s| std::time::UNIX_EPOCH + std::time::Duration::from_secs(s))
            .unwrap_or(now);
        if let Some(t) = r.timestamp.clone()
            && let Some(tsa) = &t.authority_certificate
        {
            let mut pool = t.certificates.clone();
            pool.extend(r.dss_certificates.iter().cloned());
            let stamped = std::time::UNIX_EPOCH + std::time::Duration::from_secs(t.time);
            if let Err(why) = crate::trust::chain(tsa, &pool, anchors, stamped) {
                r.problems
                    .push(format!("the timestamp authority is not trusted: {why}"));
            }
        }
        let Some(cert) = r.signer_certificate.clone() else {
            r.trusted = Some(false);
            continue;
        };
        let mut pool = r.certificates.clone();
        pool.extend(r.dss_certificates.iter().cloned());
        match crate::trust::chain(&cert, &pool, anchors, at) {
            Ok(path) => {
                r.trusted = Some(true);
                r.trust_path = path
                    .iter()
                    .map(|c| c.tbs_certificate.subject.to_string())
                    .collect();
                revocation(r, &path, &known, proven);
            }
            Err(why) => {
                r.trusted = Some(false);
                r.problems.push(format!("not trusted: {why}"));
            }
        }
    }
}

/// A revocation found for one certificate: since when, why.
fn revoked_line(
    r: &mut SignatureReport,
    who: &str,
    since: u64,
    reason: crate::crl::Reason,
    proven: Option<u64>,
    source: &str,
) {
    let (y, m, d, h, mi, _) = crate::asn1::civil(since);
    let when = format!("{y:04}-{m:02}-{d:02} {h:02}:{mi:02} UTC");
    let what = if reason == crate::crl::Reason::CertificateHold {
        "suspended"
    } else {
        "revoked"
    };
    match proven {
        Some(t) if since > t => r.revocation.push(format!(
            "{who}: {what} on {when} ({}), after the proven signing time ({source})",
            reason.as_str()
        )),
        _ => {
            r.revoked = true;
            r.trusted = Some(false);
            r.problems
                .push(format!("{who} was {what} on {when} ({})", reason.as_str()));
            r.revocation
                .push(format!("{who}: {what} on {when} ({source})"));
        }
    }
}

/// An answer's moment, in UTC to the second (`2026-12-06T21:58:00Z`): a reader in another
/// zone writes it as their own day and hour.
fn day(secs: u64) -> String {
    let (y, m, d, h, mi, s) = crate::asn1::civil(secs);
    format!("{y:04}-{m:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z")
}

/// Each certificate of `path` (but the anchor) against the newest OCSP answer signed for its
/// issuer, else the newest CRL its issuer signed.
fn revocation(
    r: &mut SignatureReport,
    path: &[Certificate],
    known: &Evidence,
    proven: Option<u64>,
) {
    use crate::ocsp::Status;
    for pair in path.windows(2) {
        let [cert, issuer] = pair else { continue };
        let who = cert.tbs_certificate.subject.to_string();
        let answer = known
            .ocsp
            .iter()
            .filter_map(|o| o.answer_for(cert, issuer))
            .filter(|a| a.status != Status::Unknown)
            .max_by_key(|a| a.this_update);
        if let Some(a) = answer {
            let source = format!("OCSP of {}", day(a.this_update));
            match a.status {
                Status::Revoked { since, reason } => {
                    revoked_line(r, &who, since, reason, proven, &source);
                }
                _ => r.revocation.push(format!("{who}: not revoked ({source})")),
            }
            continue;
        }
        let newest = known
            .crls
            .iter()
            .filter(|c| c.signed_by(issuer))
            .max_by_key(|c| c.this_update());
        let Some(list) = newest else {
            let line = if crate::crl::distribution_points(cert).is_empty()
                && crate::ocsp::responder_urls(cert).is_empty()
            {
                format!(
                    "{who}: no revocation data (the certificate names no CRL or OCSP responder)"
                )
            } else {
                format!(
                    "{who}: revocation not checked (its CRL and OCSP answer were not available)"
                )
            };
            r.revocation.push(line);
            continue;
        };
        let source = format!("CRL of {}", day(list.this_update()));
        match list.entry_for(cert) {
            None => r.revocation.push(format!("{who}: not revoked ({source})")),
            Some(e) => revoked_line(r, &who, e.since, e.reason, proven, &source),
        }
    }
}

/// The bytes a signature covers, hashed; `None` when its ranges do not fit the file.
fn covered<'a>(data: &'a [u8], f: &SignatureField) -> Option<Covered<'a>> {
    let [_, a, b, c] = f.byte_range?;
    f.signed_until?;
    // the ranges were checked when the field was read; a range that still does not fit the
    // file is refused here rather than trusted
    let first = data.get(..a)?;
    let second = data.get(b..b.checked_add(c)?)?;
    Some(Covered::new([first, second]))
}

/// The reports before the signed bytes are hashed: what each field says, what changed after
/// it; and the validation data the `/DSS` keeps.
fn analyse(
    doc: &Document<'_>,
    fields: &[SignatureField],
) -> Result<(Vec<SignatureReport>, crate::dss::Store), PdfError> {
    let store = crate::dss::read(doc)?;
    Ok((fields.iter().map(|f| report(doc, f)).collect(), store))
}

fn report(doc: &Document<'_>, f: &SignatureField) -> SignatureReport {
    let data = doc.data;
    let mut r = SignatureReport {
        field: f.name.clone(),
        sub_filter: f.sub_filter.clone(),
        time: f.time.clone(),
        signer: None,
        intact: false,
        signature_valid: false,
        covers_whole_file: f.covers_whole_file,
        changes_after: Vec::new(),
        modified_after_signing: false,
        trusted: None,
        trust_path: Vec::new(),
        problems: f.problems.clone(),
        notes: Vec::new(),
        signer_certificate: None,
        certificates: Vec::new(),
        timestamp: None,
        revocation: Vec::new(),
        revoked: false,
        dss_certificates: Vec::new(),
        dss_crls: Vec::new(),
        dss_ocsps: Vec::new(),
        archive_timestamped: false,
    };
    let (Some(_), Some(until)) = (f.byte_range, f.signed_until) else {
        return r;
    };
    if until < data.len() && !ends_in_revisions(data, until) {
        r.modified_after_signing = true;
        r.problems.push(
            "bytes were added after the signed revision outside any incremental update (an incremental saving attack?)"
                .into(),
        );
    }
    if until < data.len() {
        match changes::after(doc, until) {
            Ok(changes) => {
                r.modified_after_signing |= changes.iter().any(|c| !c.allowed);
                r.changes_after = changes;
            }
            Err(e) => {
                r.modified_after_signing = true;
                r.problems
                    .push(format!("the later revisions cannot be read: {e}"));
            }
        }
    }
    r
}

/// The signature value against the digest of the bytes it covers: the CMS signature, or the
/// document timestamp's token.
fn check_contents(r: &mut SignatureReport, f: &SignatureField, covered: Option<&Covered<'_>>) {
    if f.byte_range.is_none() || f.signed_until.is_none() {
        return;
    }
    let Some(covered) = covered else {
        r.problems
            .push("the /ByteRange points outside the file".into());
        return;
    };
    if r.is_document_timestamp() {
        let t = crate::tsp::check_token(&f.contents, &covered.sha256);
        r.intact = t.valid;
        r.signature_valid = t.valid;
        r.signer = t.authority.clone();
        r.signer_certificate = t.authority_certificate.clone();
        r.certificates = t.certificates.clone();
        r.problems.extend(t.problems.iter().cloned());
        r.notes.extend(t.notes.iter().cloned());
        r.timestamp = Some(t);
    } else if let Err(why) = check_cms(&f.contents, covered, r) {
        r.problems.push(why);
    }
}

/// Everything after `until` is whole revisions: the file ends (but for white space) where a
/// revision after `until` ends. Objects appended with no cross-reference section of their own
/// are not read by a conforming reader, but viewers that repair files show them.
fn ends_in_revisions(data: &[u8], until: usize) -> bool {
    let blank = |b: &[u8]| b.iter().all(u8::is_ascii_whitespace);
    signatures::last_revision_end(data).is_some_and(|e| e > until && blank(&data[e..]))
}

fn check_cms(der: &[u8], covered: &Covered<'_>, r: &mut SignatureReport) -> Result<(), String> {
    // PAdES (ETSI.CAdES.detached) requires the signing-certificate attribute; the older CMS
    // sub-filter does not, and signers writing it (iText 5, PDFBox, OpenSSL) leave it out
    let required_by = (r.sub_filter.as_deref() != Some("adbe.pkcs7.detached")).then_some("PAdES");
    let checked = check_signed_content(der, None, Some(covered), required_by)?;
    r.signer = checked
        .signer
        .as_ref()
        .map(|c| c.tbs_certificate.subject.to_string());
    r.intact = checked.digest_matches;
    r.signature_valid = checked.signature_valid;
    r.problems.extend(checked.problems);
    r.notes.extend(checked.notes);
    r.certificates = checked.certificates;
    r.signer_certificate = checked.signer;
    if let Some(token) = &checked.timestamp_token {
        let t = crate::tsp::check_token(token, &crate::tsp::imprint_of(&checked.signature_value));
        if !t.valid {
            r.problems.extend(t.problems.iter().cloned());
        }
        r.notes.extend(t.notes.iter().cloned());
        r.timestamp = Some(t);
    }
    Ok(())
}

/// The reports as JSON (what `lode verify --json` prints and the API returns).
pub fn to_json(reports: &[SignatureReport]) -> serde_json::Value {
    serde_json::Value::Array(
        reports
            .iter()
            .map(|r| {
                serde_json::json!({
                    "field": r.field,
                    "sub_filter": r.sub_filter,
                    "time": r.time,
                    "signer": r.signer,
                    "valid": r.valid(),
                    "intact": r.intact,
                    "signature_valid": r.signature_valid,
                    "covers_whole_file": r.covers_whole_file,
                    "modified_after_signing": r.modified_after_signing,
                    "level": r.level(),
                    "timestamp": r.timestamp.as_ref().map(|t| serde_json::json!({
                        "time": iso_time(t.time),
                        "authority": t.authority,
                        "valid": t.valid,
                    })),
                    "trusted": r.trusted,
                    "trust_path": r.trust_path,
                    "revoked": r.revoked,
                    "revocation": r.revocation,
                    "changes_after": r.changes_after.iter().map(|c| serde_json::json!({
                        "object": c.object, "added": c.added, "allowed": c.allowed, "what": c.what,
                    })).collect::<Vec<_>>(),
                    "problems": r.problems,
                    "notes": r.notes,
                })
            })
            .collect(),
    )
}

/// The reports as text for a terminal.
pub fn to_text(reports: &[SignatureReport]) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    if reports.is_empty() {
        out.push_str("no signature\n");
    }
    for (i, r) in reports.iter().enumerate() {
        let _ = writeln!(
            out,
            "signature {}: {} — {}",
            i + 1,
            r.field,
            if r.valid() { "VALID" } else { "INVALID" }
        );
        let _ = writeln!(
            out,
            "  signer: {}",
            r.signer.as_deref().unwrap_or("unknown")
        );
        if let Some(t) = r.trusted {
            let path = if t {
                format!(" ({})", r.trust_path.join(" → "))
            } else {
                String::new()
            };
            let _ = writeln!(out, "  trusted: {}{path}", yes(t));
        }
        let _ = writeln!(out, "  level: PAdES {}", r.level());
        match &r.timestamp {
            Some(t) => {
                let _ = writeln!(
                    out,
                    "  time (proven by timestamp): {}{} by {}",
                    iso_time(t.time),
                    if t.valid { "" } else { " — INVALID" },
                    t.authority.as_deref().unwrap_or("an unknown authority")
                );
            }
            None => {
                let _ = writeln!(
                    out,
                    "  time (claimed): {}",
                    r.time.as_deref().unwrap_or("—")
                );
            }
        }
        for line in &r.revocation {
            let _ = writeln!(out, "  revocation: {line}");
        }
        let _ = writeln!(
            out,
            "  intact: {}, signature: {}, covers the whole file: {}",
            yes(r.intact),
            yes(r.signature_valid),
            yes(r.covers_whole_file)
        );
        for c in &r.changes_after {
            let _ = writeln!(
                out,
                "  after it: object {} {} ({})",
                c.object,
                c.what,
                if c.allowed { "allowed" } else { "NOT ALLOWED" }
            );
        }
        for p in &r.problems {
            let _ = writeln!(out, "  problem: {p}");
        }
        for n in &r.notes {
            let _ = writeln!(out, "  note: {n}");
        }
    }
    out
}

fn yes(b: bool) -> &'static str {
    if b { "yes" } else { "no" }
}

/// Now, as marks and reports write times (ISO 8601, +07:00).
pub fn iso_now() -> String {
    iso_time(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0),
    )
}

/// Seconds since 1970 as ISO 8601 in Vietnam time (+07:00), as reports show times.
pub fn iso_time(secs: u64) -> String {
    let (y, mo, d, h, mi, s) = crate::asn1::civil(secs + 7 * 3600);
    format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}+07:00")
}
