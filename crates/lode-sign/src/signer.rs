//! Who signs: a private key (RSA PKCS#1 v1.5 with SHA-256, ECDSA P-256 or P-384, in memory or
//! on a PKCS#11 token) with its certificate chain, and the one SignerInfo it adds to a CMS
//! `SignedData` with the ESS signing-certificate-v2 attribute PAdES requires. The document's
//! signatures ([`crate::cms`]) and lode's own timestamp tokens ([`crate::tsp`]) are both built
//! with it.

use crate::PdfError;
use cms::builder::{SignedDataBuilder, SignerInfoBuilder};
use cms::signed_data::{EncapsulatedContentInfo, SignerIdentifier};
use der::{Decode, Encode};
use sha2::{Digest, Sha256};
use x509_cert::Certificate;
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

pub(crate) fn bad(what: &str) -> PdfError {
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

    /// The key on a PKCS#11 token and its certificate there, then `chain_above`: the CAs
    /// above the signer's certificate.
    pub fn on_token(
        spec: &crate::pkcs11::TokenSpec,
        chain_above: &[Certificate],
    ) -> Result<Self, PdfError> {
        let (key, cert) = crate::pkcs11::open(spec)?;
        let key = match key {
            crate::pkcs11::TokenSigningKey::Rsa(k) => Key::TokenRsa(k),
            crate::pkcs11::TokenSigningKey::P256(k) => Key::TokenP256(k),
        };
        let mut chain = vec![cert];
        chain.extend(chain_above.iter().cloned());
        Ok(Self { key, chain })
    }

    /// The signer's own certificate.
    pub fn certificate(&self) -> &Certificate {
        &self.chain[0]
    }
}

pub(crate) const ID_SHA256: der::oid::ObjectIdentifier =
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
