//! Verifying the signatures of a PDF, as far as the document itself can tell: for each one,
//! that its `/ByteRange` is sound, that the bytes it covers hash to the signed digest, that the
//! signature over the signed attributes verifies with the signer's certificate, that the
//! signing-certificate-v2 attribute names that certificate, and what changed after it.
//! Trust in the certificate (chain, validity at the signing time, revocation) is the next
//! layer's, with the configured trust anchors.

use crate::PdfError;
use crate::changes::{self, Change};
use crate::document::Document;
use crate::signatures::{self, SignatureField};
use cms::content_info::ContentInfo;
use cms::signed_data::{SignedData, SignerIdentifier};
use der::referenced::OwnedToRef;
use der::{Decode, Encode};
use sha2::{Digest, Sha256};
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
    /// The signer's certificate and those the signature carries (for the trust check).
    pub signer_certificate: Option<Certificate>,
    pub certificates: Vec<Certificate>,
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

const ID_SIGNED_DATA: &str = "1.2.840.113549.1.7.2";
const ID_SHA256: &str = "2.16.840.1.101.3.4.2.1";
const ID_MESSAGE_DIGEST: &str = "1.2.840.113549.1.9.4";
const ID_SIGNING_CERTIFICATE_V2: &str = "1.2.840.113549.1.9.16.2.47";
const RSA_ENCRYPTION: &str = "1.2.840.113549.1.1.1";
const SHA256_WITH_RSA: &str = "1.2.840.113549.1.1.11";
const ECDSA_WITH_SHA256: &str = "1.2.840.10045.4.3.2";
const EC_PUBLIC_KEY: &str = "1.2.840.10045.2.1";

/// Every signature of `data`, in form order.
pub fn verify(data: &[u8]) -> Result<Vec<SignatureReport>, PdfError> {
    let doc = Document::parse(data)?;
    let fields = signatures::find(&doc)?;
    Ok(fields.iter().map(|f| report(&doc, f)).collect())
}

/// [`verify`], and each signer's certificate checked against the trust anchors: a chain of
/// valid signatures up to one of them, every certificate within its validity now (signing
/// times proved by timestamps come with B-T), CAs marked as CAs, the signer's key usable for
/// signatures.
pub fn verify_trusted(
    data: &[u8],
    anchors: &[Certificate],
) -> Result<Vec<SignatureReport>, PdfError> {
    let mut reports = verify(data)?;
    let now = std::time::SystemTime::now();
    for r in &mut reports {
        let Some(cert) = r.signer_certificate.clone() else {
            r.trusted = Some(false);
            continue;
        };
        match crate::trust::chain(&cert, &r.certificates, anchors, now) {
            Ok(path) => {
                r.trusted = Some(true);
                r.trust_path = path;
            }
            Err(why) => {
                r.trusted = Some(false);
                r.problems.push(format!("not trusted: {why}"));
            }
        }
    }
    Ok(reports)
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
        signer_certificate: None,
        certificates: Vec::new(),
    };
    let (Some([_, a, b, c]), Some(until)) = (f.byte_range, f.signed_until) else {
        return r;
    };
    let mut hasher = Sha256::new();
    hasher.update(&data[..a]);
    hasher.update(&data[b..b + c]);
    let digest: [u8; 32] = hasher.finalize().into();
    if let Err(why) = check_cms(&f.contents, &digest, &mut r) {
        r.problems.push(why);
    }
    if until < data.len() {
        match changes::after(doc, until) {
            Ok(changes) => {
                r.modified_after_signing = changes.iter().any(|c| !c.allowed);
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

fn check_cms(der: &[u8], digest: &[u8; 32], r: &mut SignatureReport) -> Result<(), String> {
    let info =
        ContentInfo::from_der(der).map_err(|_| "the signature value is not a CMS".to_string())?;
    if info.content_type.to_string() != ID_SIGNED_DATA {
        return Err("the CMS is not signed data".into());
    }
    let signed: SignedData = info
        .content
        .decode_as()
        .map_err(|_| "the signed data cannot be read".to_string())?;
    let infos: Vec<_> = signed.signer_infos.0.iter().collect();
    let [si] = infos.as_slice() else {
        return Err("a PAdES signature has exactly one signer".into());
    };
    if si.digest_alg.oid.to_string() != ID_SHA256 {
        return Err(format!(
            "digest algorithm {} is not supported",
            si.digest_alg.oid
        ));
    }
    let certs: Vec<&Certificate> = signed
        .certificates
        .as_ref()
        .map(|set| {
            set.0
                .iter()
                .filter_map(|c| match c {
                    cms::cert::CertificateChoices::Certificate(c) => Some(c),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default();
    let cert = match &si.sid {
        SignerIdentifier::IssuerAndSerialNumber(id) => certs.iter().find(|c| {
            c.tbs_certificate.issuer == id.issuer
                && c.tbs_certificate.serial_number == id.serial_number
        }),
        SignerIdentifier::SubjectKeyIdentifier(_) => certs.first(),
    }
    .ok_or_else(|| "the signer's certificate is not in the signature".to_string())?;
    r.signer = Some(cert.tbs_certificate.subject.to_string());
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
    r.intact = md.as_bytes() == digest;
    if !r.intact {
        r.problems
            .push("the signed bytes were changed (the digest differs)".into());
    }
    // signing-certificate-v2 must name this certificate
    let cert_der = cert
        .to_der()
        .map_err(|_| "certificate encoding".to_string())?;
    let cert_hash = Sha256::digest(&cert_der);
    match value_of(ID_SIGNING_CERTIFICATE_V2).and_then(|v| v.to_der().ok()) {
        Some(v) if der_contains(&v, &cert_hash) => {}
        Some(_) => r
            .problems
            .push("signing-certificate-v2 names another certificate".into()),
        None => r
            .problems
            .push("no signing-certificate-v2 attribute (not PAdES)".into()),
    }
    let signed_attrs = attrs
        .to_der()
        .map_err(|_| "signed attributes".to_string())?;
    r.signature_valid = verify_signature(
        &cert.tbs_certificate.subject_public_key_info,
        &si.signature_algorithm.oid.to_string(),
        &signed_attrs,
        si.signature.as_bytes(),
    )?;
    r.certificates = certs.iter().map(|c| (*c).clone()).collect();
    r.signer_certificate = Some((*cert).clone());
    if !r.signature_valid {
        r.problems
            .push("the signature does not verify with the signer's certificate".into());
    }
    Ok(())
}

/// Verifies `signature` over `message` with the key of `spki` (RSA PKCS#1 v1.5 or ECDSA
/// P-256, SHA-256): the CMS signature over its signed attributes, and a certificate's over its
/// to-be-signed part alike.
pub fn verify_signature(
    spki: &x509_cert::spki::SubjectPublicKeyInfoOwned,
    algorithm: &str,
    message: &[u8],
    signature: &[u8],
) -> Result<bool, String> {
    let key_alg = spki.algorithm.oid.to_string();
    Ok(match (key_alg.as_str(), algorithm) {
        (RSA_ENCRYPTION, RSA_ENCRYPTION | SHA256_WITH_RSA) => {
            use rsa::signature::Verifier;
            let key = rsa::RsaPublicKey::try_from(spki.owned_to_ref())
                .map_err(|_| "the RSA key cannot be read".to_string())?;
            let verifier = rsa::pkcs1v15::VerifyingKey::<Sha256>::new(key);
            rsa::pkcs1v15::Signature::try_from(signature)
                .map(|s| verifier.verify(message, &s).is_ok())
                .unwrap_or(false)
        }
        (EC_PUBLIC_KEY, ECDSA_WITH_SHA256) => {
            use p256::ecdsa::signature::Verifier;
            let key =
                p256::ecdsa::VerifyingKey::from_sec1_bytes(spki.subject_public_key.raw_bytes())
                    .map_err(|_| "the P-256 key cannot be read".to_string())?;
            p256::ecdsa::DerSignature::try_from(signature)
                .map(|s| key.verify(message, &s).is_ok())
                .unwrap_or(false)
        }
        _ => {
            return Err(format!(
                "the signature algorithm {algorithm} with a {key_alg} key is not supported"
            ));
        }
    })
}

fn der_contains(hay: &[u8], needle: &[u8]) -> bool {
    crate::object::find(hay, needle).is_some()
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
                    "trusted": r.trusted,
                    "trust_path": r.trust_path,
                    "changes_after": r.changes_after.iter().map(|c| serde_json::json!({
                        "object": c.object, "added": c.added, "allowed": c.allowed, "what": c.what,
                    })).collect::<Vec<_>>(),
                    "problems": r.problems,
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
        let _ = writeln!(
            out,
            "  time (claimed): {}",
            r.time.as_deref().unwrap_or("—")
        );
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
    }
    out
}

fn yes(b: bool) -> &'static str {
    if b { "yes" } else { "no" }
}
