//! Timestamps (RFC 3161, with RFC 5816's ESS signing-certificate-v2): the request a client
//! sends, the authority that answers it (lode runs its own for demonstrations and private
//! deployments), and the check of a token: its own CMS signature, the imprint it carries, and
//! the time it proves.
//!
//! A PAdES B-T signature carries a token over its signature value as the unsigned attribute
//! `signature-time-stamp`; a document timestamp (B-LTA) is a token over the document's signed
//! bytes.

use crate::PdfError;
use crate::asn1::{self, Tlv};
use crate::signer::Signer;
use cms::builder::SignedDataBuilder;
use cms::cert::{CertificateChoices, IssuerAndSerialNumber};
use cms::signed_data::{EncapsulatedContentInfo, SignerIdentifier};
use der::oid::ObjectIdentifier;
use der::{Decode, Encode};
use sha2::{Digest, Sha256};
use std::time::SystemTime;
use x509_cert::spki::AlgorithmIdentifierOwned;

pub const ID_CT_TST_INFO: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.1.4");
pub const ID_SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.1");
/// The policy lode's own authority names when none is configured: a number under the UUID arc
/// (2.25, which needs no registration), since a private deployment has no arc of its own; a
/// deployment with a registered policy gives it instead.
pub const LODE_POLICY: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.25.3161");

/// The MIME types of the HTTP transport (RFC 3161, 3.4).
pub const QUERY_MIME: &str = "application/timestamp-query";
pub const REPLY_MIME: &str = "application/timestamp-reply";

fn bad(what: impl Into<String>) -> PdfError {
    PdfError::Unsupported(format!("timestamp: {}", what.into()))
}

fn sha256_algorithm() -> Vec<u8> {
    asn1::seq(&[&asn1::oid(&ID_SHA256), &[0x05, 0x00]])
}

/// A `TimeStampReq` for a SHA-256 imprint, asking for the authority's certificate.
pub fn request(imprint: &[u8; 32], nonce: u64) -> Vec<u8> {
    asn1::seq(&[
        &asn1::uint(&[1]),
        &asn1::seq(&[&sha256_algorithm(), &asn1::tlv(asn1::OCTET_STRING, imprint)]),
        &asn1::uint(&nonce.to_be_bytes()),
        &asn1::tlv(asn1::BOOLEAN, &[0xff]),
    ])
}

/// What a request asks: the imprint (algorithm and hash), its nonce, whether the authority's
/// certificate should come with the token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub algorithm: ObjectIdentifier,
    pub imprint: Vec<u8>,
    pub nonce: Option<Vec<u8>>,
    pub cert_req: bool,
}

/// Reads a `TimeStampReq`.
pub fn parse_request(der: &[u8]) -> Result<Request, PdfError> {
    let unreadable = || bad("the request cannot be read");
    let (top, rest) = asn1::read(der).ok_or_else(unreadable)?;
    if top.tag != asn1::SEQUENCE || !rest.is_empty() {
        return Err(unreadable());
    }
    let parts = asn1::children(top.content).ok_or_else(unreadable)?;
    let (version, imprint) = match parts.as_slice() {
        [v, i, ..] => (v, i),
        _ => return Err(unreadable()),
    };
    if version.tag != asn1::INTEGER || version.content != [1] {
        return Err(bad("only version 1 requests"));
    }
    let (algorithm, hashed) = message_imprint(imprint).ok_or_else(unreadable)?;
    let mut request = Request {
        algorithm,
        imprint: hashed.to_vec(),
        nonce: None,
        cert_req: false,
    };
    for p in &parts[2..] {
        match p.tag {
            asn1::OID => {} // reqPolicy: the authority answers under its own policy
            asn1::INTEGER => request.nonce = Some(p.content.to_vec()),
            asn1::BOOLEAN => request.cert_req = p.content.first().is_some_and(|b| *b != 0),
            0xA0 => return Err(bad("request extensions are not supported")),
            _ => return Err(unreadable()),
        }
    }
    Ok(request)
}

/// `MessageImprint ::= SEQUENCE { hashAlgorithm AlgorithmIdentifier, hashedMessage OCTET STRING }`
fn message_imprint<'a>(t: &Tlv<'a>) -> Option<(ObjectIdentifier, &'a [u8])> {
    let parts = asn1::children(t.content)?;
    let [alg, hash] = parts.as_slice() else {
        return None;
    };
    let alg_parts = asn1::children(alg.content)?;
    let oid = asn1::read_oid(alg_parts.first()?)?;
    (hash.tag == asn1::OCTET_STRING).then_some((oid, hash.content))
}

/// A timestamp authority: its key and certificate chain (the certificate with the critical
/// extended key usage timeStamping), and its policy.
pub struct Authority {
    pub signer: Signer,
    pub policy: ObjectIdentifier,
}

/// `PKIStatusInfo` with status rejection (2) and one failure bit (RFC 3161, 2.4.2).
fn rejection(fail_bit: u8, text: &str) -> Vec<u8> {
    // PKIFailureInfo is a BIT STRING: bit 0 badAlg, 2 badRequest, 5 badDataFormat
    let byte = 0x80u8 >> fail_bit;
    let unused = 7 - fail_bit;
    let free_text = asn1::seq(&[&asn1::tlv(0x0C, text.as_bytes())]);
    asn1::seq(&[&asn1::seq(&[
        &asn1::uint(&[2]),
        &free_text,
        &asn1::tlv(0x03, &[unused, byte]),
    ])])
}

impl Authority {
    /// The `TimeStampResp` to a request (DER in, DER out): a token for a well-formed SHA-256
    /// request, a rejection that says why for anything else. `serial` must be unique per
    /// token.
    pub fn respond(&self, request_der: &[u8], now: SystemTime, serial: &[u8]) -> Vec<u8> {
        let request = match parse_request(request_der) {
            Ok(r) => r,
            Err(e) => return rejection(2, &e.to_string()),
        };
        if request.algorithm != ID_SHA256 || request.imprint.len() != 32 {
            return rejection(0, "only SHA-256 imprints are accepted");
        }
        match self.token(&request, now, serial) {
            Ok(token) => asn1::seq(&[&asn1::seq(&[&asn1::uint(&[0])]), &token]),
            Err(e) => rejection(2, &e.to_string()),
        }
    }

    /// The token (a CMS `ContentInfo` over a `TSTInfo`), DER.
    pub fn token(
        &self,
        request: &Request,
        now: SystemTime,
        serial: &[u8],
    ) -> Result<Vec<u8>, PdfError> {
        let mut fields = vec![
            asn1::uint(&[1]),
            asn1::oid(&self.policy),
            asn1::seq(&[
                &sha256_algorithm(),
                &asn1::tlv(asn1::OCTET_STRING, &request.imprint),
            ]),
            asn1::uint(serial),
            asn1::generalized_time(now),
            asn1::seq(&[&asn1::uint(&[1])]), // accuracy: one second
        ];
        if let Some(nonce) = &request.nonce {
            fields.push(asn1::tlv(asn1::INTEGER, nonce));
        }
        let parts: Vec<&[u8]> = fields.iter().map(Vec::as_slice).collect();
        let tst_info = asn1::seq(&parts);
        let econtent = der::Any::new(der::Tag::OctetString, tst_info)
            .map_err(|_| bad("encoding the token"))?;
        let content = EncapsulatedContentInfo {
            econtent_type: ID_CT_TST_INFO,
            econtent: Some(econtent),
        };
        let cert = self.signer.certificate();
        let sid = SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
            issuer: cert.tbs_certificate.issuer.clone(),
            serial_number: cert.tbs_certificate.serial_number.clone(),
        });
        let sha256 = AlgorithmIdentifierOwned {
            oid: ID_SHA256,
            parameters: None,
        };
        let mut builder = SignedDataBuilder::new(&content);
        builder
            .add_digest_algorithm(sha256.clone())
            .map_err(|_| bad("digest algorithm"))?;
        if request.cert_req {
            for c in &self.signer.chain {
                builder
                    .add_certificate(CertificateChoices::Certificate(c.clone()))
                    .map_err(|_| bad("certificate"))?;
            }
        }
        let attribute = crate::signer::signing_certificate_v2(cert)?;
        crate::signer::add_signer(
            &mut builder,
            &self.signer.key,
            sid,
            &content,
            None,
            attribute,
        )?;
        builder
            .build()
            .map_err(|_| bad("signed data"))?
            .to_der()
            .map_err(|_| bad("encoding the token"))
    }
}

/// The token of a `TimeStampResp`, DER (an authority answering in BER is re-encoded, so the
/// token can be carried as an attribute value); an error with the authority's reason when it
/// refused.
pub fn token_of_response(response: &[u8]) -> Result<Vec<u8>, PdfError> {
    asn1::der_or_ber(response, token_of_der_response)
}

fn token_of_der_response(response: &[u8]) -> Result<Vec<u8>, PdfError> {
    let unreadable = || bad("the authority's answer cannot be read");
    let (top, _) = asn1::read(response).ok_or_else(unreadable)?;
    let parts = asn1::children(top.content).ok_or_else(unreadable)?;
    let status = parts.first().ok_or_else(unreadable)?;
    let status_parts = asn1::children(status.content).ok_or_else(unreadable)?;
    let code = status_parts.first().ok_or_else(unreadable)?;
    if code.tag != asn1::INTEGER || !matches!(code.content, [0] | [1]) {
        let text = status_parts
            .get(1)
            .and_then(|t| asn1::children(t.content))
            .and_then(|c| {
                c.first()
                    .map(|s| String::from_utf8_lossy(s.content).into_owned())
            })
            .unwrap_or_default();
        return Err(bad(format!("the authority refused: {text}")));
    }
    let token = parts
        .get(1)
        .ok_or_else(|| bad("the answer holds no token"))?;
    Ok(token.raw.to_vec())
}

/// What a token says and whether it holds up.
#[derive(Debug, Clone)]
pub struct TokenCheck {
    /// The time it proves, seconds since 1970.
    pub time: u64,
    /// The authority's certificate subject.
    pub authority: Option<String>,
    pub authority_certificate: Option<x509_cert::Certificate>,
    pub certificates: Vec<x509_cert::Certificate>,
    /// The imprint is the one expected, and the token's own signature verifies.
    pub valid: bool,
    pub problems: Vec<String>,
    /// Remarks that leave it valid (a token signed over SHA-1 that holds).
    pub notes: Vec<String>,
}

/// Checks a token against the SHA-256 `imprint` it should carry.
pub fn check_token(token: &[u8], imprint: &[u8]) -> TokenCheck {
    let mut out = TokenCheck {
        time: 0,
        authority: None,
        authority_certificate: None,
        certificates: Vec::new(),
        valid: false,
        problems: Vec::new(),
        notes: Vec::new(),
    };
    // RFC 3161 (2.4.2) has every token name its authority's certificate in a signed attribute
    let required_by = Some("RFC 3161");
    let signed =
        match crate::signed::check_signed_content(token, Some(ID_CT_TST_INFO), None, required_by) {
            Ok(s) => s,
            Err(why) => {
                out.problems.push(format!("timestamp: {why}"));
                return out;
            }
        };
    out.authority = signed
        .signer
        .as_ref()
        .map(|c| c.tbs_certificate.subject.to_string());
    out.authority_certificate = signed.signer.clone();
    out.certificates = signed.certificates.clone();
    out.problems
        .extend(signed.problems.iter().map(|p| format!("timestamp: {p}")));
    out.notes
        .extend(signed.notes.iter().map(|n| format!("timestamp: {n}")));
    let Some(tst) = signed.content.as_deref().and_then(parse_tst_info) else {
        out.problems
            .push("timestamp: the token's TSTInfo cannot be read".into());
        return out;
    };
    out.time = tst.time;
    let imprint_ok = tst.algorithm == ID_SHA256 && tst.imprint == imprint;
    if !imprint_ok {
        out.problems
            .push("timestamp: it stamps other data than this signature".into());
    }
    out.valid = imprint_ok && signed.digest_matches && signed.signature_valid;
    if let Some(cert) = &signed.signer
        && !has_time_stamping_usage(cert)
    {
        out.valid = false;
        out.problems
            .push("timestamp: the authority's certificate is not for timestamping".into());
    }
    out
}

struct TstInfo {
    algorithm: ObjectIdentifier,
    imprint: Vec<u8>,
    time: u64,
}

/// The `TSTInfo` a token's content holds (DER, as RFC 3161 wants, or BER all the same).
fn parse_tst_info(content: &[u8]) -> Option<TstInfo> {
    asn1::der_or_ber(content, |der| parse_tst_info_der(der).ok_or(())).ok()
}

fn parse_tst_info_der(der: &[u8]) -> Option<TstInfo> {
    let (top, _) = asn1::read(der)?;
    let parts = asn1::children(top.content)?;
    let (algorithm, imprint) = message_imprint(parts.get(2)?)?;
    let time = parts.get(4)?;
    (time.tag == asn1::GENERALIZED_TIME).then_some(())?;
    Some(TstInfo {
        algorithm,
        imprint: imprint.to_vec(),
        time: asn1::parse_generalized_time(time.content)?,
    })
}

fn has_time_stamping_usage(cert: &x509_cert::Certificate) -> bool {
    use x509_cert::ext::pkix::ExtendedKeyUsage;
    cert.tbs_certificate
        .extensions
        .iter()
        .flatten()
        .find(|e| e.extn_id.to_string() == "2.5.29.37")
        .and_then(|e| ExtendedKeyUsage::from_der(e.extn_value.as_bytes()).ok())
        .is_some_and(|eku| eku.0.iter().any(|o| o.to_string() == "1.3.6.1.5.5.7.3.8"))
}

/// The imprint a signature timestamp stamps: SHA-256 of the signature value.
pub fn imprint_of(signature_value: &[u8]) -> [u8; 32] {
    Sha256::digest(signature_value).into()
}
