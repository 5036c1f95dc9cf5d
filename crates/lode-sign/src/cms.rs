//! The signature value: a detached CMS `SignedData` as PAdES baseline wants it (ETSI EN 319
//! 142-1): one SignerInfo over the document's digest, signed attributes content-type,
//! message-digest and ESS signing-certificate-v2, no signing-time (the claimed time is the
//! signature dictionary's `/M`); the signer's certificate and its chain included.

use crate::PdfError;
use cms::builder::{SignedDataBuilder, SignerInfoBuilder};
use cms::cert::CertificateChoices;
use cms::cert::IssuerAndSerialNumber;
use cms::signed_data::{EncapsulatedContentInfo, SignerIdentifier};
use der::{Decode, DecodePem, Encode};
use sha2::{Digest, Sha256};
pub use x509_cert::Certificate;
use x509_cert::attr::{Attribute, AttributeValue};
use x509_cert::spki::AlgorithmIdentifierOwned;

/// The key that signs, RSA (PKCS#1 v1.5, SHA-256) or ECDSA P-256.
pub enum Key {
    Rsa(Box<RsaKey>),
    P256(Box<p256::ecdsa::SigningKey>),
    /// ECDSA P-384, over SHA-256 like everything else in the signature (validators such as
    /// NSS hash the signed attributes with the SignerInfo's digest algorithm).
    P384(Box<P384Key>),
    /// An RSA key on a PKCS#11 token.
    TokenRsa(Box<crate::pkcs11::TokenRsa>),
    /// An ECDSA P-256 key on a PKCS#11 token.
    TokenP256(Box<crate::pkcs11::TokenP256>),
}

/// An ECDSA P-384 key signing SHA-256 digests (`ecdsa-with-SHA256`).
pub struct P384Key(pub p384::ecdsa::SigningKey);

impl rsa::signature::Keypair for P384Key {
    type VerifyingKey = p384::ecdsa::VerifyingKey;
    fn verifying_key(&self) -> Self::VerifyingKey {
        *self.0.verifying_key()
    }
}

impl rsa::signature::Signer<p384::ecdsa::DerSignature> for P384Key {
    fn try_sign(&self, msg: &[u8]) -> Result<p384::ecdsa::DerSignature, rsa::signature::Error> {
        use p384::ecdsa::signature::hazmat::PrehashSigner;
        let sig: p384::ecdsa::Signature = self.0.sign_prehash(&Sha256::digest(msg))?;
        Ok(sig.to_der())
    }
}

impl x509_cert::spki::SignatureAlgorithmIdentifier for P384Key {
    type Params = der::AnyRef<'static>;
    const SIGNATURE_ALGORITHM_IDENTIFIER: x509_cert::spki::AlgorithmIdentifier<Self::Params> =
        x509_cert::spki::AlgorithmIdentifier {
            oid: der::oid::ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.2"),
            parameters: None,
        };
}

/// An RSA private key. The signature itself is made by `ring` (its assembly makes RSA-2048
/// about five times faster than the pure-Rust arithmetic, and RSA dominates signing small
/// files); the `rsa` crate's types describe the public key and the algorithm to the CMS builder.
pub struct RsaKey {
    verifying: rsa::pkcs1v15::VerifyingKey<Sha256>,
    pair: ring::signature::RsaKeyPair,
}

impl RsaKey {
    pub fn new(key: rsa::RsaPrivateKey) -> Result<Self, PdfError> {
        use rsa::pkcs8::EncodePrivateKey;
        let der = key.to_pkcs8_der().map_err(|_| bad("RSA key encoding"))?;
        let pair = ring::signature::RsaKeyPair::from_pkcs8(der.as_bytes())
            .map_err(|e| bad(&format!("unusable RSA key: {e}")))?;
        Ok(Self {
            verifying: rsa::pkcs1v15::VerifyingKey::new(key.to_public_key()),
            pair,
        })
    }

    /// The public key.
    pub fn public(&self) -> &rsa::RsaPublicKey {
        self.verifying.as_ref()
    }
}

impl rsa::signature::Keypair for RsaKey {
    type VerifyingKey = rsa::pkcs1v15::VerifyingKey<Sha256>;
    fn verifying_key(&self) -> Self::VerifyingKey {
        self.verifying.clone()
    }
}

impl rsa::signature::Signer<rsa::pkcs1v15::Signature> for RsaKey {
    fn try_sign(&self, msg: &[u8]) -> Result<rsa::pkcs1v15::Signature, rsa::signature::Error> {
        let mut sig = vec![0; self.pair.public().modulus_len()];
        self.pair
            .sign(
                &ring::signature::RSA_PKCS1_SHA256,
                &ring::rand::SystemRandom::new(),
                msg,
                &mut sig,
            )
            .map_err(|_| rsa::signature::Error::new())?;
        rsa::pkcs1v15::Signature::try_from(sig.as_slice())
    }
}

impl x509_cert::spki::SignatureAlgorithmIdentifier for RsaKey {
    type Params = der::AnyRef<'static>;
    const SIGNATURE_ALGORITHM_IDENTIFIER: x509_cert::spki::AlgorithmIdentifier<Self::Params> =
        <rsa::pkcs1v15::SigningKey<Sha256> as x509_cert::spki::SignatureAlgorithmIdentifier>::SIGNATURE_ALGORITHM_IDENTIFIER;
}

/// A key and its certificate chain, the signer's certificate first.
pub struct Signer {
    pub key: Key,
    pub chain: Vec<Certificate>,
}

fn bad(what: &str) -> PdfError {
    PdfError::Unsupported(what.to_string())
}

impl Key {
    /// A PKCS#8 private key, DER: RSA (2048 to 4096 bits), ECDSA P-256 or P-384.
    pub fn from_pkcs8_der(der: &[u8]) -> Result<Self, PdfError> {
        use rsa::pkcs8::DecodePrivateKey;
        if let Ok(k) = rsa::RsaPrivateKey::from_pkcs8_der(der) {
            return Ok(Key::Rsa(Box::new(RsaKey::new(k)?)));
        }
        if let Ok(k) = p256::ecdsa::SigningKey::from_pkcs8_der(der) {
            return Ok(Key::P256(Box::new(k)));
        }
        p384::ecdsa::SigningKey::from_pkcs8_der(der)
            .map(|k| Key::P384(Box::new(P384Key(k))))
            .map_err(|_| bad("the key is neither RSA nor ECDSA P-256 or P-384 (PKCS#8)"))
    }

    /// The public key, as a certificate carries it (DER SubjectPublicKeyInfo).
    pub fn public_key_der(&self) -> Result<Vec<u8>, PdfError> {
        use rsa::pkcs8::EncodePublicKey;
        match self {
            Key::Rsa(k) => k.public().to_public_key_der(),
            Key::P256(k) => k.verifying_key().to_public_key_der(),
            Key::P384(k) => k.0.verifying_key().to_public_key_der(),
            Key::TokenRsa(k) => rsa::signature::Keypair::verifying_key(k.as_ref())
                .as_ref()
                .to_public_key_der(),
            Key::TokenP256(k) => {
                rsa::signature::Keypair::verifying_key(k.as_ref()).to_public_key_der()
            }
        }
        .map(|d| d.to_vec())
        .map_err(|_| bad("public key"))
    }
}

/// Adds the one SignerInfo of `key` over `content` (with `external_digest` when the content is
/// detached), with `attribute` signed besides content-type and message-digest.
pub(crate) fn add_signer(
    builder: &mut SignedDataBuilder<'_>,
    key: &Key,
    sid: SignerIdentifier,
    content: &EncapsulatedContentInfo,
    external_digest: Option<&[u8]>,
    attribute: Attribute,
) -> Result<(), PdfError> {
    let sha256 = AlgorithmIdentifierOwned {
        oid: ID_SHA256,
        parameters: None,
    };
    macro_rules! sign_with {
        ($key:expr, $sig:ty) => {{
            let mut info = SignerInfoBuilder::new($key, sid, sha256, content, external_digest)
                .map_err(|_| bad("signer info"))?;
            info.add_signed_attribute(attribute)
                .map_err(|_| bad("signed attribute"))?;
            builder
                .add_signer_info::<_, $sig>(info)
                .map_err(|_| bad("signature"))?;
        }};
    }
    match key {
        Key::Rsa(k) => sign_with!(k.as_ref(), rsa::pkcs1v15::Signature),
        Key::P256(k) => sign_with!(k.as_ref(), p256::ecdsa::DerSignature),
        Key::P384(k) => sign_with!(k.as_ref(), p384::ecdsa::DerSignature),
        Key::TokenRsa(k) => sign_with!(k.as_ref(), rsa::pkcs1v15::Signature),
        Key::TokenP256(k) => sign_with!(k.as_ref(), p256::ecdsa::DerSignature),
    }
    Ok(())
}

impl Signer {
    /// Reads a PKCS#8 private key (RSA, P-256 or P-384) and certificates, all PEM.
    pub fn from_pem(key_pem: &str, certs_pem: &str) -> Result<Self, PdfError> {
        let (label, der) =
            der::pem::decode_vec(key_pem.as_bytes()).map_err(|_| bad("the key is not PEM"))?;
        if label != "PRIVATE KEY" {
            return Err(bad("the key must be PKCS#8 (BEGIN PRIVATE KEY)"));
        }
        let key = Key::from_pkcs8_der(&der)?;
        let chain = Certificate::load_pem_chain(certs_pem.as_bytes())
            .map_err(|_| bad("unreadable certificates"))?;
        if chain.is_empty() {
            return Err(bad("no certificate"));
        }
        Ok(Self { key, chain })
    }

    /// The signer's own certificate.
    pub fn certificate(&self) -> &Certificate {
        &self.chain[0]
    }
}

const ID_DATA: der::oid::ObjectIdentifier =
    der::oid::ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.1");
const ID_SHA256: der::oid::ObjectIdentifier =
    der::oid::ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.1");
const ID_SIGNING_CERTIFICATE_V2: der::oid::ObjectIdentifier =
    der::oid::ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.2.47");

/// ESS signing-certificate-v2 (RFC 5035) naming the signer's certificate by its SHA-256, the
/// default hash, so that the certificate cannot be swapped for another with the same key.
pub(crate) fn signing_certificate_v2(cert: &Certificate) -> Result<Attribute, PdfError> {
    let der_cert = cert.to_der().map_err(|_| bad("certificate encoding"))?;
    let hash = Sha256::digest(&der_cert);
    // SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2 }
    // ESSCertIDv2 ::= SEQUENCE { certHash OCTET STRING } (hashAlgorithm defaults to SHA-256)
    let mut value = vec![0x30, 0x26, 0x30, 0x24, 0x30, 0x22, 0x04, 0x20];
    value.extend_from_slice(&hash);
    let any = AttributeValue::from_der(&value).map_err(|_| bad("signing-certificate-v2"))?;
    let mut values = der::asn1::SetOfVec::new();
    values
        .insert(any)
        .map_err(|_| bad("signing-certificate-v2"))?;
    Ok(Attribute {
        oid: ID_SIGNING_CERTIFICATE_V2,
        values,
    })
}

/// The detached CMS over `digest` (SHA-256 of the signed bytes), DER.
pub fn sign_digest(signer: &Signer, digest: &[u8; 32]) -> Result<Vec<u8>, PdfError> {
    let content = EncapsulatedContentInfo {
        econtent_type: ID_DATA,
        econtent: None,
    };
    let cert = signer.certificate();
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
    for c in &signer.chain {
        builder
            .add_certificate(CertificateChoices::Certificate(c.clone()))
            .map_err(|_| bad("certificate"))?;
    }
    let attribute = signing_certificate_v2(cert)?;
    add_signer(
        &mut builder,
        &signer.key,
        sid,
        &content,
        Some(digest),
        attribute,
    )?;
    let signed = builder.build().map_err(|_| bad("signed data"))?;
    signed.to_der().map_err(|_| bad("CMS encoding"))
}

/// What gets a timestamp token for an imprint (SHA-256): the configured authority over HTTP,
/// or lode's own in process.
pub type Stamper<'a> = &'a dyn Fn(&[u8; 32]) -> Result<Vec<u8>, PdfError>;

/// Signs `data` with an invisible signature field: prepare the field, digest what the
/// `/ByteRange` covers, write the CMS in place. PAdES B-B.
pub fn sign_pdf(
    data: &[u8],
    signer: &Signer,
    spec: &crate::field::FieldSpec,
) -> Result<Vec<u8>, PdfError> {
    sign_pdf_with(data, signer, spec, None)
}

/// [`sign_pdf`], and with a `stamper` the signature value timestamped (PAdES B-T).
pub fn sign_pdf_with(
    data: &[u8],
    signer: &Signer,
    spec: &crate::field::FieldSpec,
    stamper: Option<Stamper<'_>>,
) -> Result<Vec<u8>, PdfError> {
    sign_pdf_visible(data, signer, spec, stamper, None)
}

/// [`sign_pdf_with`], and with `visible` the mark shown where it says.
pub fn sign_pdf_visible(
    data: &[u8],
    signer: &Signer,
    spec: &crate::field::FieldSpec,
    stamper: Option<Stamper<'_>>,
    visible: Option<&crate::appearance::Visible>,
) -> Result<Vec<u8>, PdfError> {
    let prepared = match visible {
        Some(v) => crate::field::prepare_visible(data, spec, v)?,
        None => crate::field::prepare(data, spec)?,
    };
    let mut der = sign_digest(signer, &prepared.digest())?;
    if let Some(stamp) = stamper {
        let imprint = crate::tsp::imprint_of(&signature_value(&der)?);
        let token = stamp(&imprint)?;
        der = add_timestamp(&der, &token)?;
    }
    prepared.embed(&der)
}

/// Adds a document timestamp (PAdES B-LTA): a field whose value is the authority's token over
/// everything but the value itself.
pub fn timestamp_pdf(data: &[u8], name: &str, stamper: Stamper<'_>) -> Result<Vec<u8>, PdfError> {
    let spec = crate::field::FieldSpec {
        name: name.to_string(),
        time: String::new(),
        reason: None,
        location: None,
        contents_size: crate::field::DEFAULT_CONTENTS,
    };
    let prepared = crate::field::prepare_timestamp(data, &spec)?;
    let token = stamper(&prepared.digest())?;
    prepared.embed(&token)
}

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

fn signed_data_of(der: &[u8]) -> Result<cms::signed_data::SignedData, PdfError> {
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

const ID_SIGNATURE_TIME_STAMP: der::oid::ObjectIdentifier =
    der::oid::ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.2.14");
const ID_SIGNED_DATA: der::oid::ObjectIdentifier =
    der::oid::ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.2");

/// Adds a timestamp token over the signature value as the unsigned attribute
/// `signature-time-stamp` (RFC 3161 appendix A); the signed part does not change.
pub fn add_timestamp(der: &[u8], token: &[u8]) -> Result<Vec<u8>, PdfError> {
    let mut signed = signed_data_of(der)?;
    let mut infos = signed.signer_infos.0.into_vec();
    let [si] = infos.as_mut_slice() else {
        return Err(bad("a PAdES signature has exactly one signer"));
    };
    let value = AttributeValue::from_der(token).map_err(|_| bad("the token is not DER"))?;
    let mut values = der::asn1::SetOfVec::new();
    values.insert(value).map_err(|_| bad("token"))?;
    let mut attrs = si.unsigned_attrs.take().unwrap_or_default();
    attrs
        .insert(Attribute {
            oid: ID_SIGNATURE_TIME_STAMP,
            values,
        })
        .map_err(|_| bad("the signature is timestamped already"))?;
    si.unsigned_attrs = Some(attrs);
    signed.signer_infos = cms::signed_data::SignerInfos(
        der::asn1::SetOfVec::try_from(infos).map_err(|_| bad("signer"))?,
    );
    cms::content_info::ContentInfo {
        content_type: ID_SIGNED_DATA,
        content: der::Any::encode_from(&signed).map_err(|_| bad("CMS encoding"))?,
    }
    .to_der()
    .map_err(|_| bad("CMS encoding"))
}

/// Reads certificates (PEM, one or more).
pub fn certificates_from_pem(pem: &str) -> Result<Vec<Certificate>, PdfError> {
    Certificate::load_pem_chain(pem.as_bytes()).map_err(|_| bad("unreadable certificates"))
}

/// Reads a certificate (PEM).
pub fn certificate_from_pem(pem: &str) -> Result<Certificate, PdfError> {
    Certificate::from_pem(pem.as_bytes()).map_err(|_| bad("unreadable certificate"))
}
