//! The built-in certificate authority, for demonstrations, tests and private deployments (the
//! agency's real certificates come from the Government Cipher Committee): a root, issuing CAs
//! under it, and certificates for people and units with the key usages a signature needs
//! (digitalSignature, nonRepudiation). Keys are ECDSA P-256.

use crate::PdfError;
use crate::signer::{Key, Signer};
use der::{Encode, EncodePem};
use p256::pkcs8::EncodePrivateKey;
use std::str::FromStr;
use std::time::Duration;
use x509_cert::Certificate;
use x509_cert::builder::{Builder, CertificateBuilder, Profile};
use x509_cert::ext::pkix::crl::dp::DistributionPoint;
use x509_cert::ext::pkix::name::{DistributionPointName, GeneralName};
use x509_cert::ext::pkix::{CrlDistributionPoints, ExtendedKeyUsage};
use x509_cert::name::Name;
use x509_cert::serial_number::SerialNumber;
use x509_cert::spki::SubjectPublicKeyInfoOwned;
use x509_cert::time::Validity;

/// What a certificate issued by the CA is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// A person's signature or a unit's seal: digitalSignature and nonRepudiation.
    Signing,
    /// A timestamp authority: and the critical extended key usage timeStamping (RFC 3161).
    Timestamping,
}

const ID_KP_TIME_STAMPING: der::oid::ObjectIdentifier =
    der::oid::ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.3.8");

/// Extended key usage marked critical, as RFC 3161 wants it for a TSA.
struct CriticalEku(ExtendedKeyUsage);

impl der::oid::AssociatedOid for CriticalEku {
    const OID: der::oid::ObjectIdentifier = <ExtendedKeyUsage as der::oid::AssociatedOid>::OID;
}

impl der::Encode for CriticalEku {
    fn encoded_len(&self) -> der::Result<der::Length> {
        self.0.encoded_len()
    }
    fn encode(&self, writer: &mut impl der::Writer) -> der::Result<()> {
        self.0.encode(writer)
    }
}

impl x509_cert::ext::AsExtension for CriticalEku {
    fn critical(&self, _: &Name, _: &[x509_cert::ext::Extension]) -> bool {
        true
    }
}

/// The CRL distribution point extension naming one HTTP address.
fn distribution_point(url: &str) -> Result<CrlDistributionPoints, PdfError> {
    let uri = der::asn1::Ia5String::new(url).map_err(|_| bad("the CRL address is not ASCII"))?;
    Ok(CrlDistributionPoints(vec![DistributionPoint {
        distribution_point: Some(DistributionPointName::FullName(vec![
            GeneralName::UniformResourceIdentifier(uri),
        ])),
        reasons: None,
        crl_issuer: None,
    }]))
}

fn bad(what: &str) -> PdfError {
    PdfError::Unsupported(format!("certificate authority: {what}"))
}

/// A CA: its key and certificate.
pub struct Authority {
    pub key: p256::ecdsa::SigningKey,
    pub cert: Certificate,
}

/// One attribute of a distinguished name, as text (UTF8String or PrintableString): `2.5.4.3`
/// the common name, `2.5.4.10` the organisation.
pub fn attribute(name: &Name, oid: &str) -> Option<String> {
    name.0
        .iter()
        .flat_map(|rdn| rdn.0.iter())
        .find(|a| a.oid.to_string() == oid)
        .and_then(|a| {
            a.value
                .decode_as::<der::asn1::Utf8StringRef<'_>>()
                .map(|s| s.as_str().to_string())
                .or_else(|_| {
                    a.value
                        .decode_as::<der::asn1::PrintableStringRef<'_>>()
                        .map(|s| s.as_str().to_string())
                })
                .ok()
        })
}

pub const COMMON_NAME: &str = "2.5.4.3";
pub const ORGANISATION: &str = "2.5.4.10";

/// A distinguished name from its parts; characters RFC 4514 reserves are escaped.
pub fn name(common_name: &str, organisation: &str) -> Result<Name, PdfError> {
    let esc = |s: &str| {
        s.chars()
            .flat_map(|c| {
                let special = matches!(c, ',' | '+' | '"' | '\\' | '<' | '>' | ';' | '=');
                special
                    .then_some('\\')
                    .into_iter()
                    .chain(std::iter::once(c))
            })
            .collect::<String>()
    };
    Name::from_str(&format!(
        "CN={},O={},C=VN",
        esc(common_name),
        esc(organisation)
    ))
    .map_err(|_| bad("an unusable name"))
}

fn serial() -> Result<SerialNumber, PdfError> {
    let mut bytes = [0u8; 16];
    rand_core::RngCore::try_fill_bytes(&mut rand_core::OsRng, &mut bytes)
        .map_err(|_| bad("no randomness"))?;
    bytes[0] &= 0x7f; // a positive INTEGER
    SerialNumber::new(&bytes).map_err(|_| bad("serial number"))
}

fn new_key() -> p256::ecdsa::SigningKey {
    p256::ecdsa::SigningKey::random(&mut rand_core::OsRng)
}

fn spki(key: &p256::ecdsa::SigningKey) -> Result<SubjectPublicKeyInfoOwned, PdfError> {
    SubjectPublicKeyInfoOwned::from_key(*key.verifying_key()).map_err(|_| bad("public key"))
}

/// How long what the authority issues stays valid.
const ROOT_YEARS: u64 = 20;
const CA_YEARS: u64 = 10;
const PERSON_YEARS: u64 = 3;

fn years(n: u64) -> Result<Validity, PdfError> {
    Validity::from_now(Duration::from_secs(n * 365 * 86_400)).map_err(|_| bad("validity"))
}

/// An extension a certificate the CA issues may carry besides its profile's.
enum Extra {
    Crl(CrlDistributionPoints),
    Ocsp(x509_cert::ext::pkix::AuthorityInfoAccessSyntax),
    TimeStamping,
}

/// The CRL distribution point (when the CRLs are published), the OCSP responder beside it
/// (for end-entity certificates: CAs are checked by CRL), and the timestamping usage.
fn extensions(
    crl_url: Option<&str>,
    end_entity: bool,
    time_stamping: bool,
) -> Result<Vec<Extra>, PdfError> {
    let mut out = Vec::new();
    if time_stamping {
        out.push(Extra::TimeStamping);
    }
    if let Some(url) = crl_url {
        out.push(Extra::Crl(distribution_point(url)?));
        if end_entity && let Some(ocsp) = responder_beside(url) {
            out.push(Extra::Ocsp(crate::ocsp::access_extension(&ocsp)?));
        }
    }
    Ok(out)
}

/// The OCSP responder's address for a CA publishing its CRL at `crl_url`: `ocsp` in the same
/// folder (`…/pki/issuing.crl` → `…/pki/ocsp`), where `lode serve` answers.
pub fn responder_beside(crl_url: &str) -> Option<String> {
    let folder = &crl_url[..crl_url.rfind('/')? + 1];
    Some(format!("{folder}ocsp"))
}

/// A certificate for `key`'s public half under `profile`, valid `years` from now, signed by
/// `issuer_key`.
fn certify(
    profile: Profile,
    years_valid: u64,
    subject: Name,
    key: &p256::ecdsa::SigningKey,
    issuer_key: &p256::ecdsa::SigningKey,
    extra: &[Extra],
) -> Result<Certificate, PdfError> {
    let mut builder = CertificateBuilder::new(
        profile,
        serial()?,
        years(years_valid)?,
        subject,
        spki(key)?,
        issuer_key,
    )
    .map_err(|_| bad("certificate"))?;
    for e in extra {
        match e {
            Extra::Crl(points) => builder.add_extension(points),
            Extra::Ocsp(access) => builder.add_extension(access),
            Extra::TimeStamping => {
                builder.add_extension(&CriticalEku(ExtendedKeyUsage(vec![ID_KP_TIME_STAMPING])))
            }
        }
        .map_err(|_| bad("extension"))?;
    }
    builder
        .build::<p256::ecdsa::DerSignature>()
        .map_err(|_| bad("certificate signature"))
}

impl Authority {
    /// An authority kept as files: its PKCS#8 key and its certificate, PEM.
    pub fn from_pem(key_pem: &str, cert_pem: &str) -> Result<Self, PdfError> {
        use der::DecodePem;
        use p256::pkcs8::DecodePrivateKey;
        Ok(Self {
            key: p256::ecdsa::SigningKey::from_pkcs8_pem(key_pem)
                .map_err(|_| bad("the key is not a P-256 PKCS#8 key"))?,
            cert: Certificate::from_pem(cert_pem.as_bytes())
                .map_err(|_| bad("unreadable certificate"))?,
        })
    }

    /// A new self-signed root.
    pub fn new_root(common_name: &str, organisation: &str) -> Result<Self, PdfError> {
        let key = new_key();
        let cert = certify(
            Profile::Root,
            ROOT_YEARS,
            name(common_name, organisation)?,
            &key,
            &key,
            &[],
        )?;
        Ok(Self { key, cert })
    }

    /// An issuing CA under this one.
    pub fn issue_ca(
        &self,
        common_name: &str,
        organisation: &str,
        crl_url: Option<&str>,
    ) -> Result<Self, PdfError> {
        let key = new_key();
        let cert = certify(
            Profile::SubCA {
                issuer: self.cert.tbs_certificate.subject.clone(),
                path_len_constraint: Some(0),
            },
            CA_YEARS,
            name(common_name, organisation)?,
            &key,
            &self.key,
            &extensions(crl_url, false, false)?,
        )?;
        Ok(Self { key, cert })
    }

    /// A signing certificate for a person or a unit (digitalSignature, nonRepudiation), with a
    /// new key; the chain is this CA's certificate after it.
    pub fn issue_signer(
        &self,
        common_name: &str,
        organisation: &str,
        chain_above: &[Certificate],
    ) -> Result<Signer, PdfError> {
        self.issue(
            common_name,
            organisation,
            Purpose::Signing,
            None,
            chain_above,
        )
    }

    /// A certificate with a new key for `purpose`, naming `crl_url` as where its revocation
    /// is published; the chain is this CA's certificate, then `chain_above`.
    pub fn issue(
        &self,
        common_name: &str,
        organisation: &str,
        purpose: Purpose,
        crl_url: Option<&str>,
        chain_above: &[Certificate],
    ) -> Result<Signer, PdfError> {
        let key = new_key();
        let cert = certify(
            Profile::Leaf {
                issuer: self.cert.tbs_certificate.subject.clone(),
                enable_key_agreement: false,
                enable_key_encipherment: false,
            },
            PERSON_YEARS,
            name(common_name, organisation)?,
            &key,
            &self.key,
            &extensions(crl_url, true, purpose == Purpose::Timestamping)?,
        )?;
        let mut chain = vec![cert, self.cert.clone()];
        chain.extend(chain_above.iter().cloned());
        Ok(Signer {
            key: Key::P256(Box::new(key)),
            chain,
        })
    }

    /// This CA's revocation list of `entries`, valid for [`crate::crl::VALID_FOR`], DER.
    pub fn revocation_list(
        &self,
        entries: &[crate::crl::Entry],
        number: u64,
        now: std::time::SystemTime,
    ) -> Result<Vec<u8>, PdfError> {
        crate::crl::make(&self.cert, &self.key, entries, number, now)
    }

    /// The certificate, PEM.
    pub fn cert_pem(&self) -> Result<String, PdfError> {
        self.cert
            .to_pem(der::pem::LineEnding::LF)
            .map_err(|_| bad("PEM"))
    }

    /// The private key, PKCS#8 PEM.
    pub fn key_pem(&self) -> Result<String, PdfError> {
        self.key
            .to_pkcs8_pem(der::pem::LineEnding::LF)
            .map(|k| k.to_string())
            .map_err(|_| bad("PEM"))
    }

    /// A signer's key (PKCS#8 PEM) and chain (PEM, signer first), as files keep them.
    pub fn signer_pem(signer: &Signer) -> Result<(String, String), PdfError> {
        let key = match &signer.key {
            Key::P256(k) => k
                .to_pkcs8_pem(der::pem::LineEnding::LF)
                .map(|k| k.to_string())
                .map_err(|_| bad("PEM"))?,
            _ => return Err(bad("only P-256 keys kept in files are issued")),
        };
        let mut chain = String::new();
        for c in &signer.chain {
            chain.push_str(&c.to_pem(der::pem::LineEnding::LF).map_err(|_| bad("PEM"))?);
        }
        Ok((key, chain))
    }

    /// The certificate, DER.
    pub fn cert_der(&self) -> Result<Vec<u8>, PdfError> {
        self.cert.to_der().map_err(|_| bad("DER"))
    }
}
