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
use crate::signatures::{self, SignatureField};
use cms::signed_data::SignerIdentifier;
use der::Encode;
use ring::signature::UnparsedPublicKey;
use sha2::Digest;
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

const ID_SHA1: &str = "1.3.14.3.2.26";
const ID_SHA256: &str = "2.16.840.1.101.3.4.2.1";
const ID_SHA384: &str = "2.16.840.1.101.3.4.2.2";
const ID_SHA512: &str = "2.16.840.1.101.3.4.2.3";
const ID_MESSAGE_DIGEST: &str = "1.2.840.113549.1.9.4";
const ID_SIGNING_CERTIFICATE: &str = "1.2.840.113549.1.9.16.2.12";
const ID_SIGNING_CERTIFICATE_V2: &str = "1.2.840.113549.1.9.16.2.47";
const RSA_ENCRYPTION: &str = "1.2.840.113549.1.1.1";
const SHA1_WITH_RSA: &str = "1.2.840.113549.1.1.5";
const SHA256_WITH_RSA: &str = "1.2.840.113549.1.1.11";
const SHA384_WITH_RSA: &str = "1.2.840.113549.1.1.12";
const SHA512_WITH_RSA: &str = "1.2.840.113549.1.1.13";
const EC_PUBLIC_KEY: &str = "1.2.840.10045.2.1";
const ECDSA_WITH_SHA1: &str = "1.2.840.10045.4.1";
const ECDSA_WITH_SHA256: &str = "1.2.840.10045.4.3.2";
const ECDSA_WITH_SHA384: &str = "1.2.840.10045.4.3.3";
const ECDSA_WITH_SHA512: &str = "1.2.840.10045.4.3.4";
const P256_CURVE: &str = "1.2.840.10045.3.1.7";
const P384_CURVE: &str = "1.3.132.0.34";

/// What a report says of a signature that uses SHA-1 and holds.
pub const SHA1_NOTE: &str =
    "SHA-1 is no longer accepted for new signatures; this one was checked and holds";

/// The hash functions signatures are checked with. SHA-1 for signatures made while it was
/// still in use; lode signs with SHA-256.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hash {
    Sha1,
    Sha256,
    Sha384,
    Sha512,
}

impl Hash {
    /// The hash an algorithm identifier (dotted) names.
    pub fn from_oid(oid: &str) -> Option<Self> {
        Some(match oid {
            ID_SHA1 => Hash::Sha1,
            ID_SHA256 => Hash::Sha256,
            ID_SHA384 => Hash::Sha384,
            ID_SHA512 => Hash::Sha512,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Hash::Sha1 => "SHA-1",
            Hash::Sha256 => "SHA-256",
            Hash::Sha384 => "SHA-384",
            Hash::Sha512 => "SHA-512",
        }
    }

    /// The digest of `parts`, one after the other.
    pub fn digest(self, parts: &[&[u8]]) -> Vec<u8> {
        fn run<D: Digest>(parts: &[&[u8]]) -> Vec<u8> {
            let mut hasher = D::new();
            for p in parts {
                hasher.update(p);
            }
            hasher.finalize().to_vec()
        }
        match self {
            Hash::Sha1 => run::<sha1::Sha1>(parts),
            Hash::Sha256 => run::<sha2::Sha256>(parts),
            Hash::Sha384 => run::<sha2::Sha384>(parts),
            Hash::Sha512 => run::<sha2::Sha512>(parts),
        }
    }
}

/// The bytes a PDF signature covers (the file but its `/Contents` value) and their SHA-256,
/// computed once up front: nearly every signature uses it, and hashing is most of the work of
/// verifying a large file. A signature under another digest algorithm hashes them again.
#[derive(Debug, Clone)]
pub struct Covered<'a> {
    /// `None` when only the digest is at hand.
    parts: Option<[&'a [u8]; 2]>,
    pub sha256: [u8; 32],
}

impl<'a> Covered<'a> {
    pub fn new(parts: [&'a [u8]; 2]) -> Self {
        let mut hasher = sha2::Sha256::new();
        hasher.update(parts[0]);
        hasher.update(parts[1]);
        Self {
            parts: Some(parts),
            sha256: hasher.finalize().into(),
        }
    }

    /// Content known by its SHA-256 alone.
    pub fn sha256_only(sha256: [u8; 32]) -> Self {
        Self {
            parts: None,
            sha256,
        }
    }

    /// Their digest under `hash`.
    pub fn digest(&self, hash: Hash) -> Result<Vec<u8>, String> {
        match (hash, &self.parts) {
            (Hash::Sha256, _) => Ok(self.sha256.to_vec()),
            (other, Some(parts)) => Ok(other.digest(parts)),
            (other, None) => Err(format!(
                "the signature's digest algorithm is {}; only the content's SHA-256 is at hand",
                other.name()
            )),
        }
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

/// One OCSP question to ask online: the responder's address and the request, DER.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OcspQuery {
    pub url: String,
    pub request: Vec<u8>,
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

fn day(secs: u64) -> String {
    let (y, m, d, ..) = crate::asn1::civil(secs);
    format!("{y:04}-{m:02}-{d:02}")
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

/// What a CMS `SignedData` with one signer holds, and whether it holds up.
#[derive(Debug, Clone, Default)]
pub struct SignedCheck {
    pub signer: Option<Certificate>,
    pub certificates: Vec<Certificate>,
    /// The message-digest attribute is the digest of the content (given, or encapsulated).
    pub digest_matches: bool,
    /// The signature over the signed attributes verifies with the signer's key.
    pub signature_valid: bool,
    pub problems: Vec<String>,
    /// Remarks that leave it valid (see [`SignatureReport::notes`]).
    pub notes: Vec<String>,
    /// The encapsulated content's octets, when there is content.
    pub content: Option<Vec<u8>>,
    /// The signature value (what a signature timestamp stamps).
    pub signature_value: Vec<u8>,
    /// The `signature-time-stamp` unsigned attribute's token, DER.
    pub timestamp_token: Option<Vec<u8>>,
}

const ID_SIGNATURE_TIME_STAMP: &str = "1.2.840.113549.1.9.16.2.14";

/// [`check_signed_content`] for a detached content known by its SHA-256 alone (a signature
/// under another digest algorithm is then an error), the signing-certificate attribute
/// required as PAdES requires it.
pub fn check_signed_data(
    der: &[u8],
    content_type: Option<der::oid::ObjectIdentifier>,
    detached_digest: Option<&[u8; 32]>,
) -> Result<SignedCheck, String> {
    let detached = detached_digest.map(|d| Covered::sha256_only(*d));
    check_signed_content(der, content_type, detached.as_ref(), Some("PAdES"))
}

/// Checks a CMS `SignedData` with one signer, DER or BER: with `detached` the content is
/// outside (a PDF signature: the bytes its range covers), without it the content is
/// encapsulated and of type `content_type` (a timestamp token's `TSTInfo`). The digest
/// algorithm may be SHA-1, SHA-256, SHA-384 or SHA-512. An ESS signing-certificate attribute
/// (v1 or v2), where present, must name the signer's certificate; its absence is a problem
/// when `signing_certificate_required_by` names what requires it (PAdES, RFC 3161 for
/// timestamp tokens), a note otherwise (`adbe.pkcs7.detached` signatures).
pub fn check_signed_content(
    der: &[u8],
    content_type: Option<der::oid::ObjectIdentifier>,
    detached: Option<&Covered<'_>>,
    signing_certificate_required_by: Option<&str>,
) -> Result<SignedCheck, String> {
    let signed = crate::cms::read_signed_data(der)?;
    if let Some(t) = content_type
        && signed.encap_content_info.econtent_type != t
    {
        return Err(format!(
            "content of type {} where {t} was expected",
            signed.encap_content_info.econtent_type
        ));
    }
    let infos: Vec<_> = signed.signer_infos.0.iter().collect();
    let [si] = infos.as_slice() else {
        return Err("a signature here has exactly one signer".into());
    };
    let digest_hash = Hash::from_oid(&si.digest_alg.oid.to_string()).ok_or_else(|| {
        format!(
            "digest algorithm {} is not supported (SHA-1, SHA-256, SHA-384 and SHA-512 are)",
            si.digest_alg.oid
        )
    })?;
    let mut out = SignedCheck {
        certificates: signed
            .certificates
            .as_ref()
            .map(|set| {
                set.0
                    .iter()
                    .filter_map(|c| match c {
                        cms::cert::CertificateChoices::Certificate(c) => Some(c.clone()),
                        _ => None,
                    })
                    .collect()
            })
            .unwrap_or_default(),
        signature_value: si.signature.as_bytes().to_vec(),
        ..SignedCheck::default()
    };
    // eContent is an OCTET STRING; its octets are what the digest covers
    let content = signed
        .encap_content_info
        .econtent
        .as_ref()
        .map(|a| a.value().to_vec());
    let digest = match (detached, &content) {
        (Some(d), None) => d.digest(digest_hash)?,
        (None, Some(c)) => digest_hash.digest(&[c]),
        (Some(_), Some(_)) => return Err("a detached signature carries content".into()),
        (None, None) => return Err("the signed data has no content".into()),
    };
    out.content = content;
    out.timestamp_token = si.unsigned_attrs.as_ref().and_then(|attrs| {
        attrs
            .iter()
            .find(|a| a.oid.to_string() == ID_SIGNATURE_TIME_STAMP)
            .and_then(|a| a.values.iter().next())
            .and_then(|v| v.to_der().ok())
    });
    let cert = match &si.sid {
        SignerIdentifier::IssuerAndSerialNumber(id) => out.certificates.iter().find(|c| {
            c.tbs_certificate.issuer == id.issuer
                && c.tbs_certificate.serial_number == id.serial_number
        }),
        SignerIdentifier::SubjectKeyIdentifier(_) => out.certificates.first(),
    }
    .cloned()
    .ok_or_else(|| "the signer's certificate is not in the signature".to_string())?;
    let attrs = si
        .signed_attrs
        .as_ref()
        .ok_or_else(|| "no signed attributes".to_string())?;
    let value_of = |oid: &str| {
        attrs
            .iter()
            .find(|a| a.oid.to_string() == oid)
            .and_then(|a| a.values.iter().next())
    };
    let md = value_of(ID_MESSAGE_DIGEST)
        .and_then(|v| v.decode_as::<der::asn1::OctetString>().ok())
        .ok_or_else(|| "no message-digest attribute".to_string())?;
    out.digest_matches = md.as_bytes() == digest.as_slice();
    if !out.digest_matches {
        out.problems
            .push("the signed bytes were changed (the digest differs)".into());
    }
    // the certificate is bound to the signature by a signed hash of it, so that another
    // certificate with the same key cannot take its place
    let cert_der = cert
        .to_der()
        .map_err(|_| "certificate encoding".to_string())?;
    let ess = [
        ("signing-certificate", ID_SIGNING_CERTIFICATE, false),
        ("signing-certificate-v2", ID_SIGNING_CERTIFICATE_V2, true),
    ];
    let mut named = false;
    for (name, oid, v2) in ess {
        let Some(value) = value_of(oid) else { continue };
        named = true;
        let value = value.to_der().map_err(|_| format!("{name} encoding"))?;
        if let Err(why) = names_certificate(&value, v2, &cert_der) {
            out.problems.push(format!("{name} {why}"));
        }
    }
    match (named, signing_certificate_required_by) {
        (true, _) => {}
        (false, Some(by)) => out.problems.push(format!(
            "no signing-certificate attribute (ESS, v1 or v2), which {by} requires"
        )),
        (false, None) => out.notes.push(
            "no signing-certificate attribute: the certificate is bound by the signature \
             alone, as adbe.pkcs7.detached allows"
                .into(),
        ),
    }
    let signed_attrs = attrs
        .to_der()
        .map_err(|_| "signed attributes".to_string())?;
    let signature_hash = match verify_with(
        &cert.tbs_certificate.subject_public_key_info,
        &si.signature_algorithm.oid.to_string(),
        digest_hash,
        &signed_attrs,
        si.signature.as_bytes(),
    ) {
        Ok((valid, hash)) => {
            out.signature_valid = valid;
            if !valid {
                out.problems
                    .push("the signature does not verify with the signer's certificate".into());
            }
            Some(hash)
        }
        Err(why) => {
            out.problems.push(why);
            None
        }
    };
    let sha1 = digest_hash == Hash::Sha1 || signature_hash == Some(Hash::Sha1);
    if sha1 && out.digest_matches && out.signature_valid {
        out.notes.push(SHA1_NOTE.into());
    }
    out.signer = Some(cert);
    Ok(out)
}

/// Whether the value of an ESS signing-certificate attribute (`v2` or not) names `cert_der`:
/// RFC 5035 has the signer's certificate first in its list, by a hash of the whole certificate
/// (SHA-1 in v1; in v2 the hash its ESSCertIDv2 names, SHA-256 when it names none). `Err` says
/// what is wrong, after the attribute's name.
fn names_certificate(value: &[u8], v2: bool, cert_der: &[u8]) -> Result<(), String> {
    use crate::asn1::{OCTET_STRING, SEQUENCE, children, read, read_oid};
    let unreadable = || "cannot be read".to_string();
    let (top, _) = read(value)
        .filter(|(t, _)| t.tag == SEQUENCE)
        .ok_or_else(unreadable)?;
    let certs = children(top.content)
        .and_then(|c| c.first().copied())
        .filter(|t| t.tag == SEQUENCE)
        .ok_or_else(unreadable)?;
    let first = children(certs.content)
        .and_then(|c| c.first().copied())
        .filter(|t| t.tag == SEQUENCE)
        .ok_or_else(unreadable)?;
    let parts = children(first.content).ok_or_else(unreadable)?;
    let (hash, named) = match parts.as_slice() {
        [algorithm, named, ..] if v2 && algorithm.tag == SEQUENCE => {
            let oid = children(algorithm.content)
                .and_then(|a| a.first().and_then(read_oid))
                .ok_or_else(unreadable)?;
            let hash = Hash::from_oid(&oid.to_string())
                .ok_or_else(|| format!("names its certificate by an unknown hash ({oid})"))?;
            (hash, named)
        }
        [named, ..] => (if v2 { Hash::Sha256 } else { Hash::Sha1 }, named),
        [] => return Err(unreadable()),
    };
    if named.tag != OCTET_STRING {
        return Err(unreadable());
    }
    if hash.digest(&[cert_der]) == named.content {
        Ok(())
    } else {
        Err("names another certificate".into())
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

/// Verifies `signature` over `message` with the key of `spki`: a certificate's over its
/// to-be-signed part, a CRL's, an OCSP answer's. RSA PKCS#1 v1.5 or ECDSA (P-256, P-384) with
/// SHA-256, SHA-384 or SHA-512 (`rsaEncryption` alone read as SHA-256). SHA-1 is refused here,
/// unlike in a document's signature: a chosen-prefix collision forges a certificate outright,
/// and the certificates signed with it have long expired.
pub fn verify_signature(
    spki: &x509_cert::spki::SubjectPublicKeyInfoOwned,
    algorithm: &str,
    message: &[u8],
    signature: &[u8],
) -> Result<bool, String> {
    let key_alg = spki.algorithm.oid.to_string();
    if scheme(&key_alg, algorithm, Hash::Sha256)? == Hash::Sha1 {
        return Err(format!(
            "the signature algorithm {algorithm} uses SHA-1, which is not accepted for certificates"
        ));
    }
    verify_with(spki, algorithm, Hash::Sha256, message, signature).map(|(valid, _)| valid)
}

/// The hash a signature algorithm signs with, for a key of `key_alg`: the one it names, or for
/// a bare key algorithm (`rsaEncryption`, and `id-ecPublicKey` as iText 5 labels ECDSA) the
/// digest algorithm's, `digest`.
fn scheme(key_alg: &str, algorithm: &str, digest: Hash) -> Result<Hash, String> {
    Ok(match (key_alg, algorithm) {
        (RSA_ENCRYPTION, RSA_ENCRYPTION) | (EC_PUBLIC_KEY, EC_PUBLIC_KEY) => digest,
        (RSA_ENCRYPTION, SHA1_WITH_RSA) | (EC_PUBLIC_KEY, ECDSA_WITH_SHA1) => Hash::Sha1,
        (RSA_ENCRYPTION, SHA256_WITH_RSA) | (EC_PUBLIC_KEY, ECDSA_WITH_SHA256) => Hash::Sha256,
        (RSA_ENCRYPTION, SHA384_WITH_RSA) | (EC_PUBLIC_KEY, ECDSA_WITH_SHA384) => Hash::Sha384,
        (RSA_ENCRYPTION, SHA512_WITH_RSA) | (EC_PUBLIC_KEY, ECDSA_WITH_SHA512) => Hash::Sha512,
        _ => {
            return Err(format!(
                "the signature algorithm {algorithm} with a {key_alg} key is not supported"
            ));
        }
    })
}

/// Verifies `signature` over `message` with the key of `spki` under `algorithm`, `digest`
/// being the hash for algorithms that name none; and which hash it was.
fn verify_with(
    spki: &x509_cert::spki::SubjectPublicKeyInfoOwned,
    algorithm: &str,
    digest: Hash,
    message: &[u8],
    signature: &[u8],
) -> Result<(bool, Hash), String> {
    let key_alg = spki.algorithm.oid.to_string();
    let hash = scheme(&key_alg, algorithm, digest)?;
    let valid = if key_alg == RSA_ENCRYPTION {
        // ring verifies RSA in a tenth of the time of the pure-Rust big integers; keys of
        // 1024 bits still verify (old roots), anything shorter is refused by ring as invalid
        let parameters: &'static dyn ring::signature::VerificationAlgorithm = match hash {
            Hash::Sha1 => &ring::signature::RSA_PKCS1_1024_8192_SHA1_FOR_LEGACY_USE_ONLY,
            Hash::Sha256 => &ring::signature::RSA_PKCS1_1024_8192_SHA256_FOR_LEGACY_USE_ONLY,
            // ring has no SHA-384 variant for keys under 2048 bits
            Hash::Sha384 => &ring::signature::RSA_PKCS1_2048_8192_SHA384,
            Hash::Sha512 => &ring::signature::RSA_PKCS1_1024_8192_SHA512_FOR_LEGACY_USE_ONLY,
        };
        UnparsedPublicKey::new(parameters, spki.subject_public_key.raw_bytes())
            .verify(message, signature)
            .is_ok()
    } else {
        verify_ecdsa(spki, hash, message, signature)?
    };
    Ok((valid, hash))
}

/// ECDSA on P-256 or P-384 with any of the four hashes, the signature DER-encoded.
fn verify_ecdsa(
    spki: &x509_cert::spki::SubjectPublicKeyInfoOwned,
    hash: Hash,
    message: &[u8],
    signature: &[u8],
) -> Result<bool, String> {
    let curve = spki
        .algorithm
        .parameters
        .as_ref()
        .and_then(|p| p.decode_as::<der::oid::ObjectIdentifier>().ok())
        .map(|o| o.to_string())
        .unwrap_or_default();
    let point = spki.subject_public_key.raw_bytes();
    let algorithm: &dyn ring::signature::VerificationAlgorithm = match (curve.as_str(), hash) {
        (P256_CURVE, Hash::Sha256) => &ring::signature::ECDSA_P256_SHA256_ASN1,
        (P256_CURVE, Hash::Sha384) => &ring::signature::ECDSA_P256_SHA384_ASN1,
        (P384_CURVE, Hash::Sha256) => &ring::signature::ECDSA_P384_SHA256_ASN1,
        (P384_CURVE, Hash::Sha384) => &ring::signature::ECDSA_P384_SHA384_ASN1,
        (P256_CURVE | P384_CURVE, Hash::Sha1 | Hash::Sha512) => {
            return verify_ecdsa_prehashed(&curve, point, &hash.digest(&[message]), signature);
        }
        _ => {
            return Err(format!("ECDSA on curve {curve} is not supported"));
        }
    };
    // ring reads uncompressed points only: a compressed one is expanded first
    let expanded;
    let point = match point.first() {
        Some(2 | 3) => {
            expanded = uncompress(curve.as_str(), point)?;
            expanded.as_slice()
        }
        _ => point,
    };
    Ok(UnparsedPublicKey::new(algorithm, point)
        .verify(message, signature)
        .is_ok())
}

/// ECDSA with the hashes ring has no suite for (SHA-1, SHA-512), checked over the digest by
/// the `p256` and `p384` crates. The digest is first cut or zero-padded to the curve's size,
/// as FIPS 186-4 (6.4) takes its leftmost bits: the crates refuse a SHA-1 digest on P-384 as
/// too short.
fn verify_ecdsa_prehashed(
    curve: &str,
    point: &[u8],
    digest: &[u8],
    signature: &[u8],
) -> Result<bool, String> {
    use p256::ecdsa::signature::hazmat::PrehashVerifier;
    let fitted = |size: usize| {
        let mut out = vec![0u8; size];
        let n = digest.len().min(size);
        out[size - n..].copy_from_slice(&digest[..n]);
        out
    };
    let unreadable = || format!("the EC key on curve {curve} cannot be read");
    Ok(match curve {
        P256_CURVE => {
            let key =
                p256::ecdsa::VerifyingKey::from_sec1_bytes(point).map_err(|_| unreadable())?;
            p256::ecdsa::Signature::from_der(signature)
                .is_ok_and(|sig| key.verify_prehash(&fitted(32), &sig).is_ok())
        }
        P384_CURVE => {
            let key =
                p384::ecdsa::VerifyingKey::from_sec1_bytes(point).map_err(|_| unreadable())?;
            p384::ecdsa::Signature::from_der(signature)
                .is_ok_and(|sig| key.verify_prehash(&fitted(48), &sig).is_ok())
        }
        _ => return Err(format!("ECDSA on curve {curve} is not supported")),
    })
}

/// The uncompressed form of a compressed SEC1 point on P-256 or P-384.
fn uncompress(curve: &str, point: &[u8]) -> Result<Vec<u8>, String> {
    use p256::elliptic_curve::sec1::ToEncodedPoint;
    let unreadable = || format!("the EC key on curve {curve} cannot be read");
    Ok(match curve {
        P256_CURVE => p256::PublicKey::from_sec1_bytes(point)
            .map_err(|_| unreadable())?
            .to_encoded_point(false)
            .as_bytes()
            .to_vec(),
        _ => p384::PublicKey::from_sec1_bytes(point)
            .map_err(|_| unreadable())?
            .to_encoded_point(false)
            .as_bytes()
            .to_vec(),
    })
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::asn1::{OCTET_STRING, seq, tlv};
    use der::Decode;

    const ID_DATA: der::oid::ObjectIdentifier =
        der::oid::ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.1");

    /// OpenSSL's streamed CMS (see `asn1`'s tests): BER, the content inside, no ESS attribute.
    #[test]
    fn streamed_ber_cms_checks_out() {
        let ber = include_bytes!("../tests/data/openssl-stream.ber");
        let der = include_bytes!("../tests/data/openssl-stream.der");
        for bytes in [ber.as_slice(), der.as_slice()] {
            let checked = check_signed_content(bytes, Some(ID_DATA), None, None).expect("reads");
            assert!(checked.digest_matches && checked.signature_valid);
            assert!(checked.problems.is_empty(), "{:?}", checked.problems);
            assert!(
                checked
                    .notes
                    .iter()
                    .any(|n| n.contains("signing-certificate"))
            );
            assert_eq!(checked.content.as_deref().map(<[u8]>::len), Some(5000));
            // where the attribute is required, its absence is a problem
            let strict =
                check_signed_content(bytes, Some(ID_DATA), None, Some("PAdES")).expect("reads");
            assert!(
                strict
                    .problems
                    .iter()
                    .any(|p| p.contains("no signing-certificate attribute")),
                "{:?}",
                strict.problems
            );
        }
        // any byte changed: refused, or read and found wrong; never a panic
        let mut changed = ber.to_vec();
        for at in (0..changed.len()).step_by(5) {
            changed[at] ^= 0x01;
            let checked = check_signed_content(&changed, Some(ID_DATA), None, None);
            // the signed content lies within these bytes (with its second segment's header)
            if (60..5000).contains(&at) {
                assert!(!checked.is_ok_and(|c| c.digest_matches), "byte {at}");
            }
            changed[at] ^= 0x01;
        }
        // the SHA-256-only entry cannot check a SHA-1 or SHA-512 signature, and says why
        let only = Covered::sha256_only([0; 32]);
        assert!(
            only.digest(Hash::Sha512)
                .is_err_and(|e| e.contains("SHA-512"))
        );
        assert_eq!(only.digest(Hash::Sha256), Ok(vec![0; 32]));
    }

    #[test]
    fn ess_attributes_name_the_certificate() {
        let cert = b"the certificate's bytes";
        let other = b"another certificate";
        let id = |parts: &[&[u8]]| seq(&[&seq(&[&seq(parts)])]);
        let hash = |h: Hash, c: &[u8]| tlv(OCTET_STRING, &h.digest(&[c]));
        let algorithm = |oid: &str| {
            let oid = der::oid::ObjectIdentifier::new_unwrap(oid);
            seq(&[&crate::asn1::oid(&oid), &[0x05, 0x00]])
        };
        // v1: SHA-1, with an issuerSerial after it
        let v1 = id(&[&hash(Hash::Sha1, cert), &seq(&[])]);
        assert_eq!(names_certificate(&v1, false, cert), Ok(()));
        // v2: SHA-256 when unnamed, or the hash named
        let v2 = id(&[&hash(Hash::Sha256, cert)]);
        assert_eq!(names_certificate(&v2, true, cert), Ok(()));
        for (h, oid) in [
            (Hash::Sha1, ID_SHA1),
            (Hash::Sha256, ID_SHA256),
            (Hash::Sha512, ID_SHA512),
        ] {
            let named = id(&[&algorithm(oid), &hash(h, cert)]);
            assert_eq!(names_certificate(&named, true, cert), Ok(()));
        }
        let wrong = id(&[&hash(Hash::Sha256, other)]);
        assert_eq!(
            names_certificate(&wrong, true, cert),
            Err("names another certificate".into())
        );
        let md5 = id(&[&algorithm("1.2.840.113549.2.5"), &hash(Hash::Sha256, cert)]);
        assert!(names_certificate(&md5, true, cert).is_err_and(|e| e.contains("unknown hash")));
        for garbage in [
            &b""[..],
            &[0x30, 0x00],
            &[0x30, 0x02, 0x30, 0x00],
            &[0x04, 0x01, 0x00],
        ] {
            assert_eq!(
                names_certificate(garbage, true, cert),
                Err("cannot be read".into())
            );
        }
    }

    /// ECDSA on both curves with every hash, by ring where it has the suite and by the curve
    /// crates otherwise; the signatures made over the digest cut or padded as FIPS 186-4 has it.
    #[test]
    fn ecdsa_verifies_with_every_hash() {
        use p256::ecdsa::signature::hazmat::PrehashSigner;
        use rsa::pkcs8::EncodePublicKey;
        let message = b"the signed attributes";
        let fit = |digest: Vec<u8>, size: usize| {
            let mut out = vec![0u8; size];
            let n = digest.len().min(size);
            out[size - n..].copy_from_slice(&digest[..n]);
            out
        };
        let p256 = p256::ecdsa::SigningKey::random(&mut rand_core::OsRng);
        let p384 = p384::ecdsa::SigningKey::random(&mut rand_core::OsRng);
        let spki = |der: der::Document| {
            x509_cert::spki::SubjectPublicKeyInfoOwned::from_der(der.as_bytes()).expect("SPKI")
        };
        let keys = [
            (
                spki(p256.verifying_key().to_public_key_der().expect("key")),
                32,
            ),
            (
                spki(p384.verifying_key().to_public_key_der().expect("key")),
                48,
            ),
        ];
        let algorithms = [
            (Hash::Sha1, ECDSA_WITH_SHA1),
            (Hash::Sha256, ECDSA_WITH_SHA256),
            (Hash::Sha384, ECDSA_WITH_SHA384),
            (Hash::Sha512, ECDSA_WITH_SHA512),
        ];
        for (spki, size) in &keys {
            for (hash, algorithm) in algorithms {
                let prehash = fit(hash.digest(&[message]), *size);
                let signature = if *size == 32 {
                    let s: p256::ecdsa::Signature = p256.sign_prehash(&prehash).expect("signs");
                    s.to_der().as_bytes().to_vec()
                } else {
                    let s: p384::ecdsa::Signature = p384.sign_prehash(&prehash).expect("signs");
                    s.to_der().as_bytes().to_vec()
                };
                let check = |alg: &str, digest: Hash, msg: &[u8]| {
                    verify_with(spki, alg, digest, msg, &signature)
                };
                assert_eq!(check(algorithm, Hash::Sha256, message), Ok((true, hash)));
                // iText 5's label: the hash is the digest algorithm's
                assert_eq!(check(EC_PUBLIC_KEY, hash, message), Ok((true, hash)));
                assert_eq!(
                    check(algorithm, hash, b"other attributes"),
                    Ok((false, hash))
                );
            }
            // certificates are not taken on SHA-1
            assert!(verify_signature(spki, ECDSA_WITH_SHA1, message, &[0x30, 0x00]).is_err());
        }
    }
}
