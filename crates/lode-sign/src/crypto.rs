//! One raw signature checked with a public key: the hash functions signatures are made with,
//! and RSA PKCS#1 v1.5 or ECDSA (P-256, P-384) over a message, as certificates, CRLs, OCSP
//! answers, timestamp tokens and document signatures all need it. Nothing here reads CMS or
//! PDF.

use ring::signature::UnparsedPublicKey;
use sha2::Digest;

pub(crate) const ID_SHA1: &str = "1.3.14.3.2.26";
pub(crate) const ID_SHA256: &str = "2.16.840.1.101.3.4.2.1";
pub(crate) const ID_SHA384: &str = "2.16.840.1.101.3.4.2.2";
pub(crate) const ID_SHA512: &str = "2.16.840.1.101.3.4.2.3";
pub(crate) const RSA_ENCRYPTION: &str = "1.2.840.113549.1.1.1";
const SHA1_WITH_RSA: &str = "1.2.840.113549.1.1.5";
const SHA256_WITH_RSA: &str = "1.2.840.113549.1.1.11";
const SHA384_WITH_RSA: &str = "1.2.840.113549.1.1.12";
const SHA512_WITH_RSA: &str = "1.2.840.113549.1.1.13";
pub(crate) const EC_PUBLIC_KEY: &str = "1.2.840.10045.2.1";
pub(crate) const ECDSA_WITH_SHA1: &str = "1.2.840.10045.4.1";
pub(crate) const ECDSA_WITH_SHA256: &str = "1.2.840.10045.4.3.2";
pub(crate) const ECDSA_WITH_SHA384: &str = "1.2.840.10045.4.3.3";
pub(crate) const ECDSA_WITH_SHA512: &str = "1.2.840.10045.4.3.4";
const P256_CURVE: &str = "1.2.840.10045.3.1.7";
const P384_CURVE: &str = "1.3.132.0.34";

/// The hash functions signatures are checked with. SHA-1 for signatures made while it was
/// still in use; lode signs with SHA-256.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hash {
    Sha1,
    Sha256,
    Sha384,
    Sha512,
}

impl Hash {
    /// The hash an algorithm identifier (dotted) names.
    pub fn from_oid(oid: &str) -> Option<Self> {
        Some(match oid {
            ID_SHA1 => Hash::Sha1,
            ID_SHA256 => Hash::Sha256,
            ID_SHA384 => Hash::Sha384,
            ID_SHA512 => Hash::Sha512,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Hash::Sha1 => "SHA-1",
            Hash::Sha256 => "SHA-256",
            Hash::Sha384 => "SHA-384",
            Hash::Sha512 => "SHA-512",
        }
    }

    /// The digest of `parts`, one after the other.
    pub fn digest(self, parts: &[&[u8]]) -> Vec<u8> {
        fn run<D: Digest>(parts: &[&[u8]]) -> Vec<u8> {
            let mut hasher = D::new();
            for p in parts {
                hasher.update(p);
            }
            hasher.finalize().to_vec()
        }
        match self {
            Hash::Sha1 => run::<sha1::Sha1>(parts),
            Hash::Sha256 => run::<sha2::Sha256>(parts),
            Hash::Sha384 => run::<sha2::Sha384>(parts),
            Hash::Sha512 => run::<sha2::Sha512>(parts),
        }
    }
}

/// Verifies `signature` over `message` with the key of `spki`: a certificate's over its
/// to-be-signed part, a CRL's, an OCSP answer's. RSA PKCS#1 v1.5 or ECDSA (P-256, P-384) with
/// SHA-256, SHA-384 or SHA-512 (`rsaEncryption` alone read as SHA-256). SHA-1 is refused here,
/// unlike in a document's signature: a chosen-prefix collision forges a certificate outright,
/// and the certificates signed with it have long expired.
pub fn verify_signature(
    spki: &x509_cert::spki::SubjectPublicKeyInfoOwned,
    algorithm: &str,
    message: &[u8],
    signature: &[u8],
) -> Result<bool, String> {
    let key_alg = spki.algorithm.oid.to_string();
    if scheme(&key_alg, algorithm, Hash::Sha256)? == Hash::Sha1 {
        return Err(format!(
            "the signature algorithm {algorithm} uses SHA-1, which is not accepted for certificates"
        ));
    }
    verify_with(spki, algorithm, Hash::Sha256, message, signature).map(|(valid, _)| valid)
}

/// The hash a signature algorithm signs with, for a key of `key_alg`: the one it names, or for
/// a bare key algorithm (`rsaEncryption`, and `id-ecPublicKey` as iText 5 labels ECDSA) the
/// digest algorithm's, `digest`.
fn scheme(key_alg: &str, algorithm: &str, digest: Hash) -> Result<Hash, String> {
    Ok(match (key_alg, algorithm) {
        (RSA_ENCRYPTION, RSA_ENCRYPTION) | (EC_PUBLIC_KEY, EC_PUBLIC_KEY) => digest,
        (RSA_ENCRYPTION, SHA1_WITH_RSA) | (EC_PUBLIC_KEY, ECDSA_WITH_SHA1) => Hash::Sha1,
        (RSA_ENCRYPTION, SHA256_WITH_RSA) | (EC_PUBLIC_KEY, ECDSA_WITH_SHA256) => Hash::Sha256,
        (RSA_ENCRYPTION, SHA384_WITH_RSA) | (EC_PUBLIC_KEY, ECDSA_WITH_SHA384) => Hash::Sha384,
        (RSA_ENCRYPTION, SHA512_WITH_RSA) | (EC_PUBLIC_KEY, ECDSA_WITH_SHA512) => Hash::Sha512,
        _ => {
            return Err(format!(
                "the signature algorithm {algorithm} with a {key_alg} key is not supported"
            ));
        }
    })
}

/// Verifies `signature` over `message` with the key of `spki` under `algorithm`, `digest`
/// being the hash for algorithms that name none; and which hash it was.
pub(crate) fn verify_with(
    spki: &x509_cert::spki::SubjectPublicKeyInfoOwned,
    algorithm: &str,
    digest: Hash,
    message: &[u8],
    signature: &[u8],
) -> Result<(bool, Hash), String> {
    let key_alg = spki.algorithm.oid.to_string();
    let hash = scheme(&key_alg, algorithm, digest)?;
    let valid = if key_alg == RSA_ENCRYPTION {
        // ring verifies RSA in a tenth of the time of the pure-Rust big integers; keys of
        // 1024 bits still verify (old roots), anything shorter is refused by ring as invalid
        let parameters: &'static dyn ring::signature::VerificationAlgorithm = match hash {
            Hash::Sha1 => &ring::signature::RSA_PKCS1_1024_8192_SHA1_FOR_LEGACY_USE_ONLY,
            Hash::Sha256 => &ring::signature::RSA_PKCS1_1024_8192_SHA256_FOR_LEGACY_USE_ONLY,
            // ring has no SHA-384 variant for keys under 2048 bits
            Hash::Sha384 => &ring::signature::RSA_PKCS1_2048_8192_SHA384,
            Hash::Sha512 => &ring::signature::RSA_PKCS1_1024_8192_SHA512_FOR_LEGACY_USE_ONLY,
        };
        UnparsedPublicKey::new(parameters, spki.subject_public_key.raw_bytes())
            .verify(message, signature)
            .is_ok()
    } else {
        verify_ecdsa(spki, hash, message, signature)?
    };
    Ok((valid, hash))
}

/// ECDSA on P-256 or P-384 with any of the four hashes, the signature DER-encoded.
fn verify_ecdsa(
    spki: &x509_cert::spki::SubjectPublicKeyInfoOwned,
    hash: Hash,
    message: &[u8],
    signature: &[u8],
) -> Result<bool, String> {
    let curve = spki
        .algorithm
        .parameters
        .as_ref()
        .and_then(|p| p.decode_as::<der::oid::ObjectIdentifier>().ok())
        .map(|o| o.to_string())
        .unwrap_or_default();
    let point = spki.subject_public_key.raw_bytes();
    let algorithm: &dyn ring::signature::VerificationAlgorithm = match (curve.as_str(), hash) {
        (P256_CURVE, Hash::Sha256) => &ring::signature::ECDSA_P256_SHA256_ASN1,
        (P256_CURVE, Hash::Sha384) => &ring::signature::ECDSA_P256_SHA384_ASN1,
        (P384_CURVE, Hash::Sha256) => &ring::signature::ECDSA_P384_SHA256_ASN1,
        (P384_CURVE, Hash::Sha384) => &ring::signature::ECDSA_P384_SHA384_ASN1,
        (P256_CURVE | P384_CURVE, Hash::Sha1 | Hash::Sha512) => {
            return verify_ecdsa_prehashed(&curve, point, &hash.digest(&[message]), signature);
        }
        _ => {
            return Err(format!("ECDSA on curve {curve} is not supported"));
        }
    };
    // ring reads uncompressed points only: a compressed one is expanded first
    let expanded;
    let point = match point.first() {
        Some(2 | 3) => {
            expanded = uncompress(curve.as_str(), point)?;
            expanded.as_slice()
        }
        _ => point,
    };
    Ok(UnparsedPublicKey::new(algorithm, point)
        .verify(message, signature)
        .is_ok())
}

/// ECDSA with the hashes ring has no suite for (SHA-1, SHA-512), checked over the digest by
/// the `p256` and `p384` crates. The digest is first cut or zero-padded to the curve's size,
/// as FIPS 186-4 (6.4) takes its leftmost bits: the crates refuse a SHA-1 digest on P-384 as
/// too short.
fn verify_ecdsa_prehashed(
    curve: &str,
    point: &[u8],
    digest: &[u8],
    signature: &[u8],
) -> Result<bool, String> {
    use p256::ecdsa::signature::hazmat::PrehashVerifier;
    let fitted = |size: usize| {
        let mut out = vec![0u8; size];
        let n = digest.len().min(size);
        out[size - n..].copy_from_slice(&digest[..n]);
        out
    };
    let unreadable = || format!("the EC key on curve {curve} cannot be read");
    Ok(match curve {
        P256_CURVE => {
            let key =
                p256::ecdsa::VerifyingKey::from_sec1_bytes(point).map_err(|_| unreadable())?;
            p256::ecdsa::Signature::from_der(signature)
                .is_ok_and(|sig| key.verify_prehash(&fitted(32), &sig).is_ok())
        }
        P384_CURVE => {
            let key =
                p384::ecdsa::VerifyingKey::from_sec1_bytes(point).map_err(|_| unreadable())?;
            p384::ecdsa::Signature::from_der(signature)
                .is_ok_and(|sig| key.verify_prehash(&fitted(48), &sig).is_ok())
        }
        _ => return Err(format!("ECDSA on curve {curve} is not supported")),
    })
}

/// The uncompressed form of a compressed SEC1 point on P-256 or P-384.
fn uncompress(curve: &str, point: &[u8]) -> Result<Vec<u8>, String> {
    use p256::elliptic_curve::sec1::ToEncodedPoint;
    let unreadable = || format!("the EC key on curve {curve} cannot be read");
    Ok(match curve {
        P256_CURVE => p256::PublicKey::from_sec1_bytes(point)
            .map_err(|_| unreadable())?
            .to_encoded_point(false)
            .as_bytes()
            .to_vec(),
        _ => p384::PublicKey::from_sec1_bytes(point)
            .map_err(|_| unreadable())?
            .to_encoded_point(false)
            .as_bytes()
            .to_vec(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use der::Decode;

    /// ECDSA on both curves with every hash, by ring where it has the suite and by the curve
    /// crates otherwise; the signatures made over the digest cut or padded as FIPS 186-4 has it.
    #[test]
    fn ecdsa_verifies_with_every_hash() {
        use p256::ecdsa::signature::hazmat::PrehashSigner;
        use rsa::pkcs8::EncodePublicKey;
        let message = b"the signed attributes";
        let fit = |digest: Vec<u8>, size: usize| {
            let mut out = vec![0u8; size];
            let n = digest.len().min(size);
            out[size - n..].copy_from_slice(&digest[..n]);
            out
        };
        let p256 = p256::ecdsa::SigningKey::random(&mut rand_core::OsRng);
        let p384 = p384::ecdsa::SigningKey::random(&mut rand_core::OsRng);
        let spki = |der: der::Document| {
            x509_cert::spki::SubjectPublicKeyInfoOwned::from_der(der.as_bytes()).expect("SPKI")
        };
        let keys = [
            (
                spki(p256.verifying_key().to_public_key_der().expect("key")),
                32,
            ),
            (
                spki(p384.verifying_key().to_public_key_der().expect("key")),
                48,
            ),
        ];
        let algorithms = [
            (Hash::Sha1, ECDSA_WITH_SHA1),
            (Hash::Sha256, ECDSA_WITH_SHA256),
            (Hash::Sha384, ECDSA_WITH_SHA384),
            (Hash::Sha512, ECDSA_WITH_SHA512),
        ];
        for (spki, size) in &keys {
            for (hash, algorithm) in algorithms {
                let prehash = fit(hash.digest(&[message]), *size);
                let signature = if *size == 32 {
                    let s: p256::ecdsa::Signature = p256.sign_prehash(&prehash).expect("signs");
                    s.to_der().as_bytes().to_vec()
                } else {
                    let s: p384::ecdsa::Signature = p384.sign_prehash(&prehash).expect("signs");
                    s.to_der().as_bytes().to_vec()
                };
                let check = |alg: &str, digest: Hash, msg: &[u8]| {
                    verify_with(spki, alg, digest, msg, &signature)
                };
                assert_eq!(check(algorithm, Hash::Sha256, message), Ok((true, hash)));
                // iText 5's label: the hash is the digest algorithm's
                assert_eq!(check(EC_PUBLIC_KEY, hash, message), Ok((true, hash)));
                assert_eq!(
                    check(algorithm, hash, b"other attributes"),
                    Ok((false, hash))
                );
            }
            // certificates are not taken on SHA-1
            assert!(verify_signature(spki, ECDSA_WITH_SHA1, message, &[0x30, 0x00]).is_err());
        }
    }
}
