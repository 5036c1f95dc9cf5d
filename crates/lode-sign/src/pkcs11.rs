//! Keys on PKCS#11 tokens, as the national CA's USB tokens (and HSMs, and SoftHSM2 in the
//! tests) hold them: the module loaded, the token found by its label, the user logged in with
//! the PIN, the private key and its certificate found by label (or id); the key never leaves the
//! token, which signs the CMS's signed attributes (RSA PKCS#1 v1.5 with SHA-256, or ECDSA P-256
//! over a SHA-256 digest).

use crate::PdfError;
use cryptoki::context::{CInitializeArgs, CInitializeFlags, Pkcs11};
use cryptoki::mechanism::Mechanism;
use cryptoki::object::{Attribute, AttributeType, KeyType, ObjectClass, ObjectHandle};
use cryptoki::session::{Session, UserType};
use cryptoki::types::AuthPin;
use der::Decode;
use sha2::{Digest, Sha256};
use std::sync::Mutex;
use x509_cert::Certificate;

fn bad(what: impl Into<String>) -> PdfError {
    PdfError::Unsupported(format!("PKCS#11: {}", what.into()))
}

/// Where the key is: the module (the token vendor's library), the token's label, the key's
/// label on it, the user PIN.
#[derive(Debug, Clone)]
pub struct TokenSpec {
    pub module: std::path::PathBuf,
    pub token: String,
    pub key_label: String,
    pub pin: String,
}

/// A logged-in session and the key's handle; the session is used by one signature at a time.
pub struct TokenKey {
    session: Mutex<Session>,
    key: ObjectHandle,
}

impl TokenKey {
    fn sign(&self, mechanism: &Mechanism, data: &[u8]) -> Result<Vec<u8>, rsa::signature::Error> {
        let session = self
            .session
            .lock()
            .map_err(|_| rsa::signature::Error::new())?;
        session
            .sign(mechanism, self.key, data)
            .map_err(rsa::signature::Error::from_source)
    }
}

/// An RSA key on a token.
pub struct TokenRsa {
    token: TokenKey,
    verifying: rsa::pkcs1v15::VerifyingKey<Sha256>,
}

/// An ECDSA P-256 key on a token.
pub struct TokenP256 {
    token: TokenKey,
    verifying: p256::ecdsa::VerifyingKey,
}

impl rsa::signature::Keypair for TokenRsa {
    type VerifyingKey = rsa::pkcs1v15::VerifyingKey<Sha256>;
    fn verifying_key(&self) -> Self::VerifyingKey {
        self.verifying.clone()
    }
}

impl rsa::signature::Signer<rsa::pkcs1v15::Signature> for TokenRsa {
    fn try_sign(&self, msg: &[u8]) -> Result<rsa::pkcs1v15::Signature, rsa::signature::Error> {
        let sig = self.token.sign(&Mechanism::Sha256RsaPkcs, msg)?;
        rsa::pkcs1v15::Signature::try_from(sig.as_slice())
    }
}

impl x509_cert::spki::SignatureAlgorithmIdentifier for TokenRsa {
    type Params = der::AnyRef<'static>;
    const SIGNATURE_ALGORITHM_IDENTIFIER: x509_cert::spki::AlgorithmIdentifier<Self::Params> =
        <rsa::pkcs1v15::SigningKey<Sha256> as x509_cert::spki::SignatureAlgorithmIdentifier>::SIGNATURE_ALGORITHM_IDENTIFIER;
}

impl rsa::signature::Keypair for TokenP256 {
    type VerifyingKey = p256::ecdsa::VerifyingKey;
    fn verifying_key(&self) -> Self::VerifyingKey {
        self.verifying
    }
}

impl rsa::signature::Signer<p256::ecdsa::DerSignature> for TokenP256 {
    fn try_sign(&self, msg: &[u8]) -> Result<p256::ecdsa::DerSignature, rsa::signature::Error> {
        // CKM_ECDSA signs a digest and answers r || s
        let raw = self.token.sign(&Mechanism::Ecdsa, &Sha256::digest(msg))?;
        let sig = p256::ecdsa::Signature::from_slice(&raw)?;
        Ok(sig.to_der())
    }
}

impl x509_cert::spki::SignatureAlgorithmIdentifier for TokenP256 {
    type Params = der::AnyRef<'static>;
    const SIGNATURE_ALGORITHM_IDENTIFIER: x509_cert::spki::AlgorithmIdentifier<Self::Params> =
        x509_cert::spki::AlgorithmIdentifier {
            oid: der::oid::ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.2"),
            parameters: None,
        };
}

fn value(session: &Session, object: ObjectHandle, what: AttributeType) -> Option<Vec<u8>> {
    session
        .get_attributes(object, &[what])
        .ok()?
        .into_iter()
        .find_map(|a| match a {
            Attribute::Value(v) | Attribute::Id(v) => Some(v),
            _ => None,
        })
}

/// A key found on a token, RSA or ECDSA P-256.
pub enum TokenSigningKey {
    Rsa(Box<TokenRsa>),
    P256(Box<TokenP256>),
}

/// Opens the token and finds the key and the certificate it holds for it (often the signer's
/// own alone: the signer opened on a token adds the CAs above).
pub fn open(spec: &TokenSpec) -> Result<(TokenSigningKey, Certificate), PdfError> {
    let pkcs11 = Pkcs11::new(&spec.module)
        .map_err(|e| bad(format!("cannot load {}: {e}", spec.module.display())))?;
    match pkcs11.initialize(CInitializeArgs::new(CInitializeFlags::OS_LOCKING_OK)) {
        Ok(())
        | Err(cryptoki::error::Error::Pkcs11(
            cryptoki::error::RvError::CryptokiAlreadyInitialized,
            _,
        )) => {}
        Err(e) => return Err(bad(format!("cannot initialise the module: {e}"))),
    }
    let slots = pkcs11
        .get_slots_with_token()
        .map_err(|e| bad(format!("no slots: {e}")))?;
    let slot = slots
        .into_iter()
        .find(|s| {
            pkcs11
                .get_token_info(*s)
                .is_ok_and(|t| t.label().trim() == spec.token)
        })
        .ok_or_else(|| bad(format!("no token labelled {}", spec.token)))?;
    let session = pkcs11
        .open_ro_session(slot)
        .map_err(|e| bad(format!("cannot open a session: {e}")))?;
    session
        .login(UserType::User, Some(&AuthPin::from(spec.pin.clone())))
        .map_err(|e| bad(format!("login refused (wrong PIN?): {e}")))?;
    let label = spec.key_label.as_bytes().to_vec();
    let key = session
        .find_objects(&[
            Attribute::Class(ObjectClass::PRIVATE_KEY),
            Attribute::Label(label.clone()),
        ])
        .map_err(|e| bad(e.to_string()))?
        .into_iter()
        .next()
        .ok_or_else(|| bad(format!("no private key labelled {}", spec.key_label)))?;
    let key_type = session
        .get_attributes(key, &[AttributeType::KeyType])
        .ok()
        .and_then(|a| {
            a.into_iter().find_map(|a| match a {
                Attribute::KeyType(t) => Some(t),
                _ => None,
            })
        })
        .ok_or_else(|| bad("the key's type cannot be read"))?;
    // the certificate: by the key's label, else by its id
    let mut cert_handle = session
        .find_objects(&[
            Attribute::Class(ObjectClass::CERTIFICATE),
            Attribute::Label(label),
        ])
        .map_err(|e| bad(e.to_string()))?
        .into_iter()
        .next();
    if cert_handle.is_none()
        && let Some(id) = value(&session, key, AttributeType::Id)
    {
        cert_handle = session
            .find_objects(&[
                Attribute::Class(ObjectClass::CERTIFICATE),
                Attribute::Id(id),
            ])
            .map_err(|e| bad(e.to_string()))?
            .into_iter()
            .next();
    }
    let cert_der = cert_handle
        .and_then(|h| value(&session, h, AttributeType::Value))
        .ok_or_else(|| bad("no certificate for the key on the token"))?;
    let cert = Certificate::from_der(&cert_der)
        .map_err(|_| bad("the token's certificate is unreadable"))?;
    let spki = &cert.tbs_certificate.subject_public_key_info;
    let token = TokenKey {
        session: Mutex::new(session),
        key,
    };
    let key = if key_type == KeyType::RSA {
        use der::referenced::OwnedToRef;
        let public = rsa::RsaPublicKey::try_from(spki.owned_to_ref())
            .map_err(|_| bad("the certificate's RSA key cannot be read"))?;
        TokenSigningKey::Rsa(Box::new(TokenRsa {
            token,
            verifying: rsa::pkcs1v15::VerifyingKey::new(public),
        }))
    } else if key_type == KeyType::EC {
        let verifying =
            p256::ecdsa::VerifyingKey::from_sec1_bytes(spki.subject_public_key.raw_bytes())
                .map_err(|_| bad("only P-256 keys are supported on tokens"))?;
        TokenSigningKey::P256(Box::new(TokenP256 { token, verifying }))
    } else {
        return Err(bad("the key is neither RSA nor EC"));
    };
    Ok((key, cert))
}
