//! A CMS `SignedData` with one signer checked (RFC 5652): the content type, the message-digest
//! attribute against the content (encapsulated, or detached as a PDF signature's covered
//! bytes), the ESS signing-certificate attribute, the signature over the signed attributes, and
//! the signature timestamp it carries. Used for a document's signatures and for timestamp
//! tokens alike.

use crate::PdfError;
use crate::crypto::{Hash, verify_with};
use crate::signer::bad;
use cms::signed_data::SignerIdentifier;
use der::{Decode, Encode};
use sha2::Digest;
use x509_cert::Certificate;

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

/// `id-signedData`, the content type of a CMS signature.
pub(crate) const ID_SIGNED_DATA: der::oid::ObjectIdentifier =
    der::oid::ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.2");
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
    let signed = read_signed_data(der)?;
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

const ID_MESSAGE_DIGEST: &str = "1.2.840.113549.1.9.4";
const ID_SIGNING_CERTIFICATE: &str = "1.2.840.113549.1.9.16.2.12";

const ID_SIGNING_CERTIFICATE_V2: &str = "1.2.840.113549.1.9.16.2.47";

/// What a report says of a signature that uses SHA-1 and holds.
pub const SHA1_NOTE: &str =
    "SHA-1 is no longer accepted for new signatures; this one was checked and holds";

/// The `SignedData` of a CMS `ContentInfo`: DER as it is, else BER re-encoded as DER (what
/// BouncyCastle, NSS and OpenSSL's streaming write), else that with each certificate, CRL and
/// algorithm listed once.
pub(crate) fn read_signed_data(bytes: &[u8]) -> Result<cms::signed_data::SignedData, String> {
    let read = |der: &[u8]| -> Result<cms::signed_data::SignedData, String> {
        let info = cms::content_info::ContentInfo::from_der(der)
            .map_err(|_| "the signature value is not a CMS".to_string())?;
        if info.content_type != ID_SIGNED_DATA {
            return Err("the CMS is not signed data".into());
        }
        info.content
            .decode_as()
            .map_err(|_| "the signed data cannot be read".to_string())
    };
    let error = match crate::asn1::der_or_ber(bytes, read) {
        Ok(signed) => return Ok(signed),
        Err(e) => e,
    };
    let der = match crate::asn1::ber_to_der(bytes) {
        Some((der, [])) => der,
        _ => return Err(error),
    };
    match without_duplicates(&der) {
        Some(deduplicated) => read(&deduplicated),
        None => Err(error),
    }
}

/// A DER `ContentInfo` whose `SignedData` has its SETs (digest algorithms, certificates, CRLs,
/// signer infos) with each element once; `None` when none repeats. NSS lists the signer's
/// certificate twice: a SET OF may repeat an element, but the `der` types refuse repeats.
fn without_duplicates(der: &[u8]) -> Option<Vec<u8>> {
    use crate::asn1;
    let (info, _) = asn1::read(der)?;
    let parts = asn1::children(info.content)?;
    let [content_type, explicit] = parts.as_slice() else {
        return None;
    };
    let (signed, _) = asn1::read(explicit.content)?;
    let mut changed = false;
    let mut body = Vec::with_capacity(signed.content.len());
    for field in asn1::children(signed.content)? {
        if !matches!(field.tag, asn1::SET | 0xA0 | 0xA1) {
            body.extend_from_slice(field.raw);
            continue;
        }
        let items = asn1::children(field.content)?;
        let mut seen = std::collections::HashSet::new();
        let kept: Vec<&[u8]> = items
            .iter()
            .map(|i| i.raw)
            .filter(|raw| seen.insert(*raw))
            .collect();
        changed |= kept.len() != items.len();
        body.extend(asn1::tlv(field.tag, &kept.concat()));
    }
    changed.then(|| {
        let signed = asn1::tlv(asn1::SEQUENCE, &body);
        asn1::seq(&[content_type.raw, &asn1::tlv(explicit.tag, &signed)])
    })
}

pub(crate) fn signed_data_of(der: &[u8]) -> Result<cms::signed_data::SignedData, PdfError> {
    read_signed_data(der).map_err(|e| bad(&e))
}

/// The value of a CMS's one signature.
pub fn signature_value(der: &[u8]) -> Result<Vec<u8>, PdfError> {
    let signed = signed_data_of(der)?;
    let si = signed
        .signer_infos
        .0
        .get(0)
        .ok_or_else(|| bad("no signer"))?;
    Ok(si.signature.as_bytes().to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::asn1::{OCTET_STRING, seq, tlv};
    use crate::crypto::{ID_SHA1, ID_SHA256, ID_SHA512};

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
}
