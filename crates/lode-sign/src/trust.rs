//! Certificate paths: from a signer's certificate up to a configured trust anchor (the national
//! roots imported as files, or lode's own CA), each link's signature verified, each certificate
//! within its validity, the CAs marked as CAs, the signer's key usable for signatures.
//! Revocation is checked along the path found, in the verifier's trust check.

use crate::crypto::verify_signature;
use der::{Decode, Encode};
use std::time::SystemTime;
use x509_cert::Certificate;
use x509_cert::ext::pkix::{BasicConstraints, KeyUsage, KeyUsages};

/// The longest path followed.
const MAX_DEPTH: usize = 8;

/// The value of `cert`'s extension `oid` (dotted), DER.
pub fn extension<'a>(cert: &'a Certificate, oid: &str) -> Option<&'a [u8]> {
    cert.tbs_certificate
        .extensions
        .as_ref()?
        .iter()
        .find(|e| e.extn_id.to_string() == oid)
        .map(|e| e.extn_value.as_bytes())
}

fn subject(cert: &Certificate) -> String {
    cert.tbs_certificate.subject.to_string()
}

fn within_validity(cert: &Certificate, at: SystemTime) -> Result<(), String> {
    let v = &cert.tbs_certificate.validity;
    let at = at
        .duration_since(std::time::UNIX_EPOCH)
        .map_err(|_| "a time before 1970".to_string())?;
    if at < v.not_before.to_unix_duration() {
        return Err(format!("{} is not valid yet", subject(cert)));
    }
    if at > v.not_after.to_unix_duration() {
        return Err(format!("{} has expired", subject(cert)));
    }
    Ok(())
}

fn signed_by(cert: &Certificate, issuer: &Certificate) -> Result<bool, String> {
    if cert.tbs_certificate.issuer != issuer.tbs_certificate.subject {
        return Ok(false);
    }
    let tbs = cert
        .tbs_certificate
        .to_der()
        .map_err(|_| "certificate encoding".to_string())?;
    verify_signature(
        &issuer.tbs_certificate.subject_public_key_info,
        &cert.signature_algorithm.oid.to_string(),
        &tbs,
        cert.signature.raw_bytes(),
    )
}

/// `cert`'s signature verifies with `issuer`'s key, and it names `issuer` as its issuer.
pub fn issued_by(cert: &Certificate, issuer: &Certificate) -> bool {
    signed_by(cert, issuer).unwrap_or(false)
}

/// `cert` was within its validity at `secs` (seconds since 1970).
pub fn valid_at(cert: &Certificate, secs: u64) -> bool {
    within_validity(
        cert,
        std::time::UNIX_EPOCH + std::time::Duration::from_secs(secs),
    )
    .is_ok()
}

fn is_ca(cert: &Certificate) -> bool {
    extension(cert, "2.5.29.19")
        .and_then(|v| BasicConstraints::from_der(v).ok())
        .is_some_and(|b| b.ca)
}

/// The path from `signer` to one of `anchors` through the certificates `pool` offers, signer
/// first, the anchor last; or why there is none.
pub fn chain(
    signer: &Certificate,
    pool: &[Certificate],
    anchors: &[Certificate],
    at: SystemTime,
) -> Result<Vec<Certificate>, String> {
    if let Some(usage) = extension(signer, "2.5.29.15").and_then(|v| KeyUsage::from_der(v).ok())
        && !usage.0.contains(KeyUsages::DigitalSignature)
        && !usage.0.contains(KeyUsages::NonRepudiation)
    {
        return Err(format!("{} may not sign (key usage)", subject(signer)));
    }
    let mut path = vec![signer.clone()];
    let mut current = signer.clone();
    for _ in 0..MAX_DEPTH {
        within_validity(&current, at)?;
        for anchor in anchors {
            if signed_by(&current, anchor)? {
                within_validity(anchor, at)?;
                if current != *anchor {
                    path.push(anchor.clone());
                }
                return Ok(path);
            }
        }
        if anchors.contains(&current) {
            return Ok(path);
        }
        let mut next = None;
        for candidate in pool.iter().filter(|c| **c != current) {
            if signed_by(&current, candidate)? {
                next = Some(candidate);
                break;
            }
        }
        let Some(issuer) = next else {
            return Err(format!(
                "no trusted issuer for {} ({})",
                subject(&current),
                current.tbs_certificate.issuer
            ));
        };
        if !is_ca(issuer) {
            return Err(format!(
                "{} is not a certificate authority",
                subject(issuer)
            ));
        }
        path.push(issuer.clone());
        current = issuer.clone();
    }
    Err("the certificate path is too long".into())
}
