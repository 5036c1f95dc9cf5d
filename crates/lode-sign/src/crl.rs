//! Certificate revocation lists (RFC 5280, 5): made by the built-in CA for the certificates it
//! revoked or suspended, and read from anywhere (a file, the CA's HTTP address, a document's
//! `/DSS`) to tell whether a certificate was revoked, when, and why.

use crate::PdfError;
use crate::asn1;
use der::{Decode, Encode};
use std::time::{Duration, SystemTime};
use x509_cert::Certificate;
use x509_cert::crl::{CertificateList, RevokedCert, TbsCertList};
use x509_cert::ext::Extension;
use x509_cert::serial_number::SerialNumber;
use x509_cert::spki::AlgorithmIdentifierOwned;
use x509_cert::time::Time;

/// Why a certificate was revoked (RFC 5280 `CRLReason`); `CertificateHold` is a suspension,
/// which can be lifted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    Unspecified,
    KeyCompromise,
    AffiliationChanged,
    Superseded,
    CessationOfOperation,
    CertificateHold,
}

impl Reason {
    pub fn code(self) -> u8 {
        match self {
            Self::Unspecified => 0,
            Self::KeyCompromise => 1,
            Self::AffiliationChanged => 3,
            Self::Superseded => 4,
            Self::CessationOfOperation => 5,
            Self::CertificateHold => 6,
        }
    }

    pub fn from_code(code: u8) -> Self {
        match code {
            1 => Self::KeyCompromise,
            3 => Self::AffiliationChanged,
            4 => Self::Superseded,
            5 => Self::CessationOfOperation,
            6 => Self::CertificateHold,
            _ => Self::Unspecified,
        }
    }

    /// The name used on the command line and in files.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Unspecified => "unspecified",
            Self::KeyCompromise => "key-compromise",
            Self::AffiliationChanged => "affiliation-changed",
            Self::Superseded => "superseded",
            Self::CessationOfOperation => "cessation-of-operation",
            Self::CertificateHold => "hold",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [
            Self::Unspecified,
            Self::KeyCompromise,
            Self::AffiliationChanged,
            Self::Superseded,
            Self::CessationOfOperation,
            Self::CertificateHold,
        ]
        .into_iter()
        .find(|r| r.as_str() == s)
    }
}

/// One revoked certificate: its serial number (big-endian bytes), since when, why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub serial: Vec<u8>,
    /// Seconds since 1970.
    pub since: u64,
    pub reason: Reason,
}

fn bad(what: &str) -> PdfError {
    PdfError::Unsupported(format!("revocation list: {what}"))
}

const ID_CE_CRL_NUMBER: der::oid::ObjectIdentifier =
    der::oid::ObjectIdentifier::new_unwrap("2.5.29.20");
const ID_CE_CRL_REASON: der::oid::ObjectIdentifier =
    der::oid::ObjectIdentifier::new_unwrap("2.5.29.21");
const ECDSA_WITH_SHA256: der::oid::ObjectIdentifier =
    der::oid::ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.2");

/// How long a list is current: relying parties fetch a new one after this.
pub const VALID_FOR: Duration = Duration::from_secs(7 * 86_400);

/// A CRL signed by `issuer` (its certificate and P-256 key), DER.
pub fn make(
    issuer: &Certificate,
    key: &p256::ecdsa::SigningKey,
    entries: &[Entry],
    number: u64,
    now: SystemTime,
) -> Result<Vec<u8>, PdfError> {
    let time = |t: SystemTime| Time::try_from(t).map_err(|_| bad("time"));
    let mut revoked = Vec::with_capacity(entries.len());
    for e in entries {
        let reason = Extension {
            extn_id: ID_CE_CRL_REASON,
            critical: false,
            extn_value: der::asn1::OctetString::new(asn1::tlv(
                asn1::ENUMERATED,
                &[e.reason.code()],
            ))
            .map_err(|_| bad("reason"))?,
        };
        revoked.push(RevokedCert {
            serial_number: SerialNumber::new(&e.serial).map_err(|_| bad("serial number"))?,
            revocation_date: time(std::time::UNIX_EPOCH + Duration::from_secs(e.since))?,
            crl_entry_extensions: Some(vec![reason]),
        });
    }
    let number = Extension {
        extn_id: ID_CE_CRL_NUMBER,
        critical: false,
        extn_value: der::asn1::OctetString::new(asn1::uint(&number.to_be_bytes()))
            .map_err(|_| bad("number"))?,
    };
    let algorithm = AlgorithmIdentifierOwned {
        oid: ECDSA_WITH_SHA256,
        parameters: None,
    };
    let tbs = TbsCertList {
        version: x509_cert::Version::V2,
        signature: algorithm.clone(),
        issuer: issuer.tbs_certificate.subject.clone(),
        this_update: time(now)?,
        next_update: Some(time(now + VALID_FOR)?),
        revoked_certificates: (!revoked.is_empty()).then_some(revoked),
        crl_extensions: Some(vec![number]),
    };
    let tbs_der = tbs.to_der().map_err(|_| bad("encoding"))?;
    let signature: p256::ecdsa::DerSignature = p256::ecdsa::signature::Signer::sign(key, &tbs_der);
    let list = CertificateList {
        tbs_cert_list: tbs,
        signature_algorithm: algorithm,
        signature: der::asn1::BitString::from_bytes(signature.as_bytes())
            .map_err(|_| bad("signature"))?,
    };
    list.to_der().map_err(|_| bad("encoding"))
}

/// A CRL read from DER (or PEM).
#[derive(Debug, Clone)]
pub struct Crl {
    pub list: CertificateList,
    /// The DER it was read from (what a `/DSS` embeds).
    pub der: Vec<u8>,
}

impl Crl {
    pub fn parse(bytes: &[u8]) -> Result<Self, PdfError> {
        let der = if bytes.starts_with(b"-----BEGIN") {
            let (label, der) = der::pem::decode_vec(bytes).map_err(|_| bad("unreadable PEM"))?;
            if label != "X509 CRL" {
                return Err(bad("the PEM is not an X509 CRL"));
            }
            der
        } else {
            bytes.to_vec()
        };
        let list = CertificateList::from_der(&der).map_err(|_| bad("not a CRL"))?;
        Ok(Self { list, der })
    }

    /// Issued by `issuer`: the names match and its signature verifies with its key.
    pub fn signed_by(&self, issuer: &Certificate) -> bool {
        if self.list.tbs_cert_list.issuer != issuer.tbs_certificate.subject {
            return false;
        }
        let Ok(tbs) = self.list.tbs_cert_list.to_der() else {
            return false;
        };
        crate::crypto::verify_signature(
            &issuer.tbs_certificate.subject_public_key_info,
            &self.list.signature_algorithm.oid.to_string(),
            &tbs,
            self.list.signature.raw_bytes(),
        )
        .unwrap_or(false)
    }

    pub fn this_update(&self) -> u64 {
        self.list
            .tbs_cert_list
            .this_update
            .to_unix_duration()
            .as_secs()
    }

    pub fn next_update(&self) -> Option<u64> {
        self.list
            .tbs_cert_list
            .next_update
            .map(|t| t.to_unix_duration().as_secs())
    }

    /// Every revoked certificate the list names.
    pub fn entries(&self) -> Vec<Entry> {
        self.list
            .tbs_cert_list
            .revoked_certificates
            .iter()
            .flatten()
            .map(|r| Entry {
                serial: r.serial_number.as_bytes().to_vec(),
                since: r.revocation_date.to_unix_duration().as_secs(),
                reason: r
                    .crl_entry_extensions
                    .iter()
                    .flatten()
                    .find(|e| e.extn_id == ID_CE_CRL_REASON)
                    .and_then(|e| {
                        let (t, _) = asn1::read(e.extn_value.as_bytes())?;
                        (t.tag == asn1::ENUMERATED).then(|| t.content.first().copied())?
                    })
                    .map(Reason::from_code)
                    .unwrap_or(Reason::Unspecified),
            })
            .collect()
    }

    /// The entry for `cert`, if the list revokes it.
    pub fn entry_for(&self, cert: &Certificate) -> Option<Entry> {
        let serial = cert.tbs_certificate.serial_number.as_bytes();
        self.entries().into_iter().find(|e| e.serial == serial)
    }
}

/// The addresses a certificate's CRL distribution points give (`http:` URIs only).
pub fn distribution_points(cert: &Certificate) -> Vec<String> {
    use x509_cert::ext::pkix::CrlDistributionPoints;
    use x509_cert::ext::pkix::name::{DistributionPointName, GeneralName};
    let Some(points) = crate::trust::extension(cert, "2.5.29.31")
        .and_then(|v| CrlDistributionPoints::from_der(v).ok())
    else {
        return Vec::new();
    };
    points
        .0
        .iter()
        .filter_map(|p| match &p.distribution_point {
            Some(DistributionPointName::FullName(names)) => Some(names),
            _ => None,
        })
        .flatten()
        .filter_map(|n| match n {
            GeneralName::UniformResourceIdentifier(uri) => Some(uri.to_string()),
            _ => None,
        })
        .filter(|u| u.starts_with("http://") || u.starts_with("https://"))
        .collect()
}

/// The certificate serial number as lower-case hex, the way files and pages show it.
pub fn serial_hex(cert: &Certificate) -> String {
    cert.tbs_certificate
        .serial_number
        .as_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Hex (as [`serial_hex`] writes it, colons and spaces allowed) to serial bytes.
pub fn parse_serial(hex: &str) -> Option<Vec<u8>> {
    let digits: String = hex
        .chars()
        .filter(|c| !matches!(c, ':' | ' '))
        .collect::<String>()
        .to_ascii_lowercase();
    if digits.is_empty() || !digits.len().is_multiple_of(2) || digits.len() > 40 {
        return None;
    }
    (0..digits.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&digits[i..i + 2], 16).ok())
        .collect()
}
