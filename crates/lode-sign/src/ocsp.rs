//! OCSP (RFC 6960): asking a certificate's responder whether it is revoked, the built-in CA's
//! responder answering for what it issued, and reading the answers a document's `/DSS` keeps.
//!
//! A response counts for a certificate only when it names that certificate (its issuer's name
//! and key hashed as the response says, and its serial number) and is signed by the issuer
//! itself or by a responder the issuer delegated (a certificate it issued with the
//! OCSPSigning extended key usage).

use crate::PdfError;
use crate::crl::Reason;
use der::asn1::{BitString, Null, ObjectIdentifier, OctetString};
use der::{Decode, Encode};
use sha2::Digest;
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use x509_cert::Certificate;
use x509_cert::ext::pkix::CrlReason;
use x509_cert::serial_number::SerialNumber;
use x509_cert::spki::AlgorithmIdentifierOwned;
use x509_ocsp::{
    BasicOcspResponse, CertId, CertStatus, OcspGeneralizedTime, OcspRequest, OcspResponse,
    OcspResponseStatus, Request, ResponderId, ResponseBytes, ResponseData, RevokedInfo,
    SingleResponse, TbsRequest, Version,
};

pub const REQUEST_MIME: &str = "application/ocsp-request";
pub const RESPONSE_MIME: &str = "application/ocsp-response";

/// Requests and responses larger than this are refused unread.
pub const MAX_SIZE: usize = 64 * 1024;

const ID_SHA1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.14.3.2.26");
const ID_SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.1");
const ID_PKIX_OCSP_BASIC: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.48.1.1");
const ID_PKIX_OCSP_NONCE: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.48.1.2");
const ID_AD_OCSP: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.48.1");
const ID_PE_AUTHORITY_INFO_ACCESS: &str = "1.3.6.1.5.5.7.1.1";
const ID_KP_OCSP_SIGNING: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.3.9");
const ECDSA_WITH_SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.2");

/// How long the responder says its answer is current.
pub const VALID_FOR: Duration = Duration::from_secs(86_400);

fn bad(what: &str) -> PdfError {
    PdfError::Unsupported(format!("OCSP: {what}"))
}

/// What a responder said of one certificate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Good,
    /// Revoked (or suspended, with [`Reason::CertificateHold`]) since, in seconds since 1970.
    Revoked {
        since: u64,
        reason: Reason,
    },
    /// The responder does not know the certificate.
    Unknown,
}

/// One answer about one certificate, from a response checked to be about it and signed for
/// its issuer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Answer {
    pub status: Status,
    /// When the status was known to be so, seconds since 1970.
    pub this_update: u64,
    pub next_update: Option<u64>,
}

/// A response read from DER: fetched from a responder or kept in a `/DSS`.
#[derive(Debug, Clone)]
pub struct Response {
    basic: BasicOcspResponse,
    /// The DER it was read from (what a `/DSS` embeds).
    pub der: Vec<u8>,
}

fn seconds(t: &OcspGeneralizedTime) -> u64 {
    t.0.to_unix_duration().as_secs()
}

fn hash(algorithm: &ObjectIdentifier, bytes: &[u8]) -> Option<Vec<u8>> {
    match *algorithm {
        ID_SHA1 => Some(sha1::Sha1::digest(bytes).to_vec()),
        ID_SHA256 => Some(sha2::Sha256::digest(bytes).to_vec()),
        _ => None,
    }
}

/// The SHA-1 of a certificate's public key bits (what `ResponderID byKey` and key identifiers
/// hash).
fn key_hash(cert: &Certificate) -> Vec<u8> {
    sha1::Sha1::digest(
        cert.tbs_certificate
            .subject_public_key_info
            .subject_public_key
            .raw_bytes(),
    )
    .to_vec()
}

/// Whether `id` names a certificate with `serial` issued by `issuer`.
fn names(id: &CertId, issuer: &Certificate, serial: &SerialNumber) -> bool {
    let algorithm = &id.hash_algorithm.oid;
    let Ok(name) = issuer.tbs_certificate.subject.to_der() else {
        return false;
    };
    let key = issuer
        .tbs_certificate
        .subject_public_key_info
        .subject_public_key
        .raw_bytes();
    id.serial_number == *serial
        && hash(algorithm, &name).as_deref() == Some(id.issuer_name_hash.as_bytes())
        && hash(algorithm, key).as_deref() == Some(id.issuer_key_hash.as_bytes())
}

/// The identifier of `serial` under `issuer`, hashed with SHA-1 (the form every responder
/// answers).
fn cert_id(issuer: &Certificate, serial: &SerialNumber) -> Result<CertId, PdfError> {
    let name = issuer
        .tbs_certificate
        .subject
        .to_der()
        .map_err(|_| bad("issuer name"))?;
    Ok(CertId {
        hash_algorithm: AlgorithmIdentifierOwned {
            oid: ID_SHA1,
            parameters: Some(Null.into()),
        },
        issuer_name_hash: OctetString::new(sha1::Sha1::digest(&name).to_vec())
            .map_err(|_| bad("hash"))?,
        issuer_key_hash: OctetString::new(key_hash(issuer)).map_err(|_| bad("hash"))?,
        serial_number: serial.clone(),
    })
}

/// A request for the status of `cert`, issued by `issuer`, DER (unsigned, no nonce: answers
/// may then be cached by the responder and by us).
pub fn request(cert: &Certificate, issuer: &Certificate) -> Result<Vec<u8>, PdfError> {
    OcspRequest {
        tbs_request: TbsRequest {
            version: Version::V1,
            requestor_name: None,
            request_list: vec![Request {
                req_cert: cert_id(issuer, &cert.tbs_certificate.serial_number)?,
                single_request_extensions: None,
            }],
            request_extensions: None,
        },
        optional_signature: None,
    }
    .to_der()
    .map_err(|_| bad("request encoding"))
}

/// The `http:` addresses of the OCSP responders a certificate's authority information access
/// names.
pub fn responder_urls(cert: &Certificate) -> Vec<String> {
    use x509_cert::ext::pkix::AuthorityInfoAccessSyntax;
    use x509_cert::ext::pkix::name::GeneralName;
    let Some(access) = crate::trust::extension(cert, ID_PE_AUTHORITY_INFO_ACCESS)
        .and_then(|v| AuthorityInfoAccessSyntax::from_der(v).ok())
    else {
        return Vec::new();
    };
    access
        .0
        .iter()
        .filter(|d| d.access_method == ID_AD_OCSP)
        .filter_map(|d| match &d.access_location {
            GeneralName::UniformResourceIdentifier(uri) => Some(uri.to_string()),
            _ => None,
        })
        .filter(|u| u.starts_with("http://") || u.starts_with("https://"))
        .collect()
}

/// The authority information access extension naming `url` as the OCSP responder.
pub fn access_extension(
    url: &str,
) -> Result<x509_cert::ext::pkix::AuthorityInfoAccessSyntax, PdfError> {
    use x509_cert::ext::pkix::AccessDescription;
    use x509_cert::ext::pkix::name::GeneralName;
    let uri =
        der::asn1::Ia5String::new(url).map_err(|_| bad("the responder address is not ASCII"))?;
    Ok(x509_cert::ext::pkix::AuthorityInfoAccessSyntax(vec![
        AccessDescription {
            access_method: ID_AD_OCSP,
            access_location: GeneralName::UniformResourceIdentifier(uri),
        },
    ]))
}

impl Response {
    /// Reads a response: it must be successful and basic.
    pub fn parse(der: &[u8]) -> Result<Self, PdfError> {
        if der.len() > MAX_SIZE {
            return Err(bad("the response is too large"));
        }
        let outer = OcspResponse::from_der(der).map_err(|_| bad("not an OCSP response"))?;
        if outer.response_status != OcspResponseStatus::Successful {
            return Err(bad(&format!(
                "the responder answered {:?}",
                outer.response_status
            )));
        }
        let bytes = outer
            .response_bytes
            .ok_or_else(|| bad("a successful response without content"))?;
        if bytes.response_type != ID_PKIX_OCSP_BASIC {
            return Err(bad("not a basic OCSP response"));
        }
        let basic = BasicOcspResponse::from_der(bytes.response.as_bytes())
            .map_err(|_| bad("unreadable basic response"))?;
        Ok(Self {
            basic,
            der: der.to_vec(),
        })
    }

    /// When the response was signed, seconds since 1970.
    pub fn produced_at(&self) -> u64 {
        seconds(&self.basic.tbs_response_data.produced_at)
    }

    /// Whether `responder` is who the response says signed it.
    fn names_responder(&self, responder: &Certificate) -> bool {
        match &self.basic.tbs_response_data.responder_id {
            ResponderId::ByName(name) => *name == responder.tbs_certificate.subject,
            ResponderId::ByKey(hash) => hash.as_bytes() == key_hash(responder).as_slice(),
        }
    }

    /// The response's signature verifies with `signer`'s key.
    fn signed_by(&self, signer: &Certificate) -> bool {
        let Ok(tbs) = self.basic.tbs_response_data.to_der() else {
            return false;
        };
        let Some(signature) = self.basic.signature.as_bytes() else {
            return false;
        };
        crate::crypto::verify_signature(
            &signer.tbs_certificate.subject_public_key_info,
            &self.basic.signature_algorithm.oid.to_string(),
            &tbs,
            signature,
        )
        .unwrap_or(false)
    }

    /// Signed for `issuer`: by it, or by a responder certificate the response carries that
    /// `issuer` signed for OCSP and that was valid when the response was produced.
    fn authorised_by(&self, issuer: &Certificate) -> bool {
        if self.names_responder(issuer) {
            return self.signed_by(issuer);
        }
        let produced = self.produced_at();
        self.basic.certs.iter().flatten().any(|delegate| {
            self.names_responder(delegate)
                && delegate.tbs_certificate.issuer == issuer.tbs_certificate.subject
                && crate::trust::issued_by(delegate, issuer)
                && crate::trust::valid_at(delegate, produced)
                && has_ocsp_signing(delegate)
                && self.signed_by(delegate)
        })
    }

    /// What the response says of `cert`, if it is about it and signed for `issuer`.
    pub fn answer_for(&self, cert: &Certificate, issuer: &Certificate) -> Option<Answer> {
        let serial = &cert.tbs_certificate.serial_number;
        let single = self
            .basic
            .tbs_response_data
            .responses
            .iter()
            .find(|s| names(&s.cert_id, issuer, serial))?;
        if !self.authorised_by(issuer) {
            return None;
        }
        let status = match &single.cert_status {
            CertStatus::Good(_) => Status::Good,
            CertStatus::Unknown(_) => Status::Unknown,
            CertStatus::Revoked(info) => Status::Revoked {
                since: seconds(&info.revocation_time),
                reason: info
                    .revocation_reason
                    .map(|r| Reason::from_code(r as u8))
                    .unwrap_or(Reason::Unspecified),
            },
        };
        Some(Answer {
            status,
            this_update: seconds(&single.this_update),
            next_update: single.next_update.as_ref().map(seconds),
        })
    }
}

fn has_ocsp_signing(cert: &Certificate) -> bool {
    use x509_cert::ext::pkix::ExtendedKeyUsage;
    crate::trust::extension(cert, "2.5.29.37")
        .and_then(|v| ExtendedKeyUsage::from_der(v).ok())
        .is_some_and(|eku| eku.0.contains(&ID_KP_OCSP_SIGNING))
}

/// Whether `request` (DER) asks about a certificate `issuer` issued.
pub fn asks_about(request: &[u8], issuer: &Certificate) -> bool {
    OcspRequest::from_der(request).is_ok_and(|r| {
        r.tbs_request
            .request_list
            .iter()
            .any(|q| names(&q.req_cert, issuer, &q.req_cert.serial_number))
    })
}

/// An unsuccessful response with `status` and no content, DER.
fn refusal(status: OcspResponseStatus) -> Vec<u8> {
    OcspResponse {
        response_status: status,
        response_bytes: None,
    }
    .to_der()
    .unwrap_or_default()
}

/// The responder of a CA that signs its own answers: the certificate and P-256 key of the
/// issuer, and what it knows of each serial number.
pub struct Responder<'a> {
    pub issuer: &'a Certificate,
    pub key: &'a p256::ecdsa::SigningKey,
}

impl Responder<'_> {
    /// Answers `request` (DER), telling each certificate's status by `status_of` its serial
    /// number; certificates of another issuer are unknown. A request that cannot be read gets
    /// a `malformedRequest` response, as RFC 6960 says.
    pub fn respond(
        &self,
        request: &[u8],
        status_of: impl Fn(&[u8]) -> Status,
        now: SystemTime,
    ) -> Vec<u8> {
        let parsed = (request.len() <= MAX_SIZE)
            .then(|| OcspRequest::from_der(request).ok())
            .flatten()
            .filter(|r| {
                !r.tbs_request.request_list.is_empty() && r.tbs_request.request_list.len() <= 64
            });
        let Some(parsed) = parsed else {
            return refusal(OcspResponseStatus::MalformedRequest);
        };
        self.answer(&parsed, status_of, now)
            .unwrap_or_else(|_| refusal(OcspResponseStatus::InternalError))
    }

    fn answer(
        &self,
        request: &OcspRequest,
        status_of: impl Fn(&[u8]) -> Status,
        now: SystemTime,
    ) -> Result<Vec<u8>, PdfError> {
        let time = |t: SystemTime| {
            der::asn1::GeneralizedTime::from_system_time(t)
                .map(OcspGeneralizedTime)
                .map_err(|_| bad("time"))
        };
        let mut responses = Vec::new();
        for r in &request.tbs_request.request_list {
            let id = &r.req_cert;
            let ours = names(id, self.issuer, &id.serial_number);
            let status = if ours {
                status_of(id.serial_number.as_bytes())
            } else {
                Status::Unknown
            };
            let cert_status = match status {
                Status::Good => CertStatus::Good(Null),
                Status::Unknown => CertStatus::Unknown(Null),
                Status::Revoked { since, reason } => CertStatus::Revoked(RevokedInfo {
                    revocation_time: time(UNIX_EPOCH + Duration::from_secs(since))?,
                    revocation_reason: Some(crl_reason(reason)),
                }),
            };
            responses.push(SingleResponse {
                cert_id: id.clone(),
                cert_status,
                this_update: time(now)?,
                next_update: Some(time(now + VALID_FOR)?),
                single_extensions: None,
            });
        }
        // a nonce asked for is echoed, so the asker knows the answer is fresh
        let nonce: Vec<x509_cert::ext::Extension> = request
            .tbs_request
            .request_extensions
            .iter()
            .flatten()
            .filter(|e| e.extn_id == ID_PKIX_OCSP_NONCE)
            .cloned()
            .collect();
        let data = ResponseData {
            version: Version::V1,
            responder_id: ResponderId::ByKey(
                OctetString::new(key_hash(self.issuer)).map_err(|_| bad("hash"))?,
            ),
            produced_at: time(now)?,
            responses,
            response_extensions: (!nonce.is_empty()).then_some(nonce),
        };
        let tbs = data.to_der().map_err(|_| bad("encoding"))?;
        let signature: p256::ecdsa::DerSignature =
            p256::ecdsa::signature::Signer::sign(self.key, &tbs);
        let basic = BasicOcspResponse {
            tbs_response_data: data,
            signature_algorithm: AlgorithmIdentifierOwned {
                oid: ECDSA_WITH_SHA256,
                parameters: None,
            },
            signature: BitString::from_bytes(signature.as_bytes()).map_err(|_| bad("signature"))?,
            certs: None,
        };
        OcspResponse {
            response_status: OcspResponseStatus::Successful,
            response_bytes: Some(ResponseBytes {
                response_type: ID_PKIX_OCSP_BASIC,
                response: OctetString::new(basic.to_der().map_err(|_| bad("encoding"))?)
                    .map_err(|_| bad("encoding"))?,
            }),
        }
        .to_der()
        .map_err(|_| bad("encoding"))
    }
}

fn crl_reason(reason: Reason) -> CrlReason {
    match reason {
        Reason::Unspecified => CrlReason::Unspecified,
        Reason::KeyCompromise => CrlReason::KeyCompromise,
        Reason::AffiliationChanged => CrlReason::AffiliationChanged,
        Reason::Superseded => CrlReason::Superseded,
        Reason::CessationOfOperation => CrlReason::CessationOfOperation,
        Reason::CertificateHold => CrlReason::CertificateHold,
    }
}

/// One OCSP question to ask online: the responder's address and the request, DER.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OcspQuery {
    pub url: String,
    pub request: Vec<u8>,
}
