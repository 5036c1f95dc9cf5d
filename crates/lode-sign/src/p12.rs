//! PKCS#12 files (RFC 7292), the way certificate holders receive a key and its certificates:
//! the integrity MAC checked with the password (PKCS#12 key derivation, HMAC-SHA-256 or
//! HMAC-SHA-1), bags encrypted with PBES2 (PBKDF2 and AES, what OpenSSL 3 and current tools
//! write) decrypted, the signer's certificate found by its public key, the rest kept as its
//! chain. The legacy PKCS#12 ciphers (3DES, RC2) are refused with a clear message.

use crate::PdfError;
use crate::asn1::{self, Tlv};
use crate::signer::{Key, Signer};
use der::Decode;
use x509_cert::Certificate;

fn bad(what: impl Into<String>) -> PdfError {
    PdfError::Unsupported(format!("PKCS#12: {}", what.into()))
}

const ID_DATA: &str = "1.2.840.113549.1.7.1";
const ID_ENCRYPTED_DATA: &str = "1.2.840.113549.1.7.6";
const KEY_BAG: &str = "1.2.840.113549.1.12.10.1.1";
const SHROUDED_KEY_BAG: &str = "1.2.840.113549.1.12.10.1.2";
const CERT_BAG: &str = "1.2.840.113549.1.12.10.1.3";
const X509_CERTIFICATE: &str = "1.2.840.113549.1.9.22.1";
const SHA1: &str = "1.3.14.3.2.26";
const SHA256: &str = "2.16.840.1.101.3.4.2.1";
const PBES2: &str = "1.2.840.113549.1.5.13";

/// The most a PKCS#12 file may weigh: a key and a chain are a few kilobytes.
pub const MAX_SIZE: usize = 256 * 1024;
/// PBKDF2 and MAC iteration counts above this are refused (a file could make us spin).
const MAX_ITERATIONS: u64 = 2_000_000;

/// Reads the key and certificates of a PKCS#12 file unlocked with `password`.
pub fn read(der: &[u8], password: &str) -> Result<Signer, PdfError> {
    if der.len() > MAX_SIZE {
        return Err(bad("the file is too large"));
    }
    let unreadable = || bad("not a PKCS#12 file");
    let (pfx, _) = asn1::read(der).ok_or_else(unreadable)?;
    let parts = asn1::children(pfx.content).ok_or_else(unreadable)?;
    let [version, auth_safe, rest @ ..] = parts.as_slice() else {
        return Err(unreadable());
    };
    if version.tag != asn1::INTEGER || version.content != [3] {
        return Err(unreadable());
    }
    let safe = data_content(auth_safe).ok_or_else(unreadable)?;
    match rest.first() {
        Some(mac) => check_mac(mac, &safe, password)?,
        None => return Err(bad("the file has no integrity MAC")),
    }
    let mut keys = Vec::new();
    let mut certs = Vec::new();
    let (list, _) = asn1::read(&safe).ok_or_else(unreadable)?;
    for info in asn1::children(list.content).ok_or_else(unreadable)? {
        let contents = content_info(&info, password)?;
        let (bags, _) = asn1::read(&contents).ok_or_else(unreadable)?;
        for bag in asn1::children(bags.content).ok_or_else(unreadable)? {
            read_bag(&bag, password, &mut keys, &mut certs)?;
        }
    }
    let [key] = keys.as_slice() else {
        return Err(bad(format!(
            "the file holds {} private keys, one is needed",
            keys.len()
        )));
    };
    let key = Key::from_pkcs8_der(key)?;
    let public = key.public_key_der()?;
    let position = certs
        .iter()
        .position(|c| {
            der::Encode::to_der(&c.tbs_certificate.subject_public_key_info)
                .is_ok_and(|d| d == public)
        })
        .ok_or_else(|| bad("no certificate for the private key"))?;
    let signer = certs.remove(position);
    let mut chain = vec![signer];
    // the issuers in order, each the issuer of the one before
    while let Some(i) = certs.iter().position(|c| {
        chain.last().is_some_and(|last| {
            c.tbs_certificate.subject == last.tbs_certificate.issuer && c != last
        })
    }) {
        chain.push(certs.remove(i));
    }
    chain.extend(certs);
    Ok(Signer { key, chain })
}

/// The octets of a `ContentInfo` of type data: `[0] EXPLICIT OCTET STRING`.
fn data_content(info: &Tlv<'_>) -> Option<Vec<u8>> {
    let parts = asn1::children(info.content)?;
    let [kind, wrapped] = parts.as_slice() else {
        return None;
    };
    if asn1::read_oid(kind)?.to_string() != ID_DATA || wrapped.tag != 0xA0 {
        return None;
    }
    let (octets, _) = asn1::read(wrapped.content)?;
    match octets.tag {
        asn1::OCTET_STRING => Some(octets.content.to_vec()),
        // BER constructed OCTET STRING: the concatenated pieces
        0x24 => Some(
            asn1::children(octets.content)?
                .iter()
                .flat_map(|p| p.content.iter().copied())
                .collect(),
        ),
        _ => None,
    }
}

/// The SafeContents of one authenticated-safe entry, decrypted when it is encrypted data.
fn content_info(info: &Tlv<'_>, password: &str) -> Result<Vec<u8>, PdfError> {
    if let Some(plain) = data_content(info) {
        return Ok(plain);
    }
    let unreadable = || bad("an entry cannot be read");
    let parts = asn1::children(info.content).ok_or_else(unreadable)?;
    let [kind, wrapped] = parts.as_slice() else {
        return Err(unreadable());
    };
    if asn1::read_oid(kind).map(|o| o.to_string()).as_deref() != Some(ID_ENCRYPTED_DATA) {
        return Err(bad(
            "an entry of an unsupported kind (public-key encrypted)",
        ));
    }
    let (encrypted_data, _) = asn1::read(wrapped.content).ok_or_else(unreadable)?;
    let fields = asn1::children(encrypted_data.content).ok_or_else(unreadable)?;
    let info = fields.get(1).ok_or_else(unreadable)?;
    let eci = asn1::children(info.content).ok_or_else(unreadable)?;
    let [_, algorithm, content] = eci.as_slice() else {
        return Err(unreadable());
    };
    // [0] IMPLICIT OCTET STRING, primitive or (BER) constructed
    let ciphertext: Vec<u8> = match content.tag {
        0x80 => content.content.to_vec(),
        0xA0 => asn1::children(content.content)
            .ok_or_else(unreadable)?
            .iter()
            .flat_map(|p| p.content.iter().copied())
            .collect(),
        _ => return Err(unreadable()),
    };
    decrypt(algorithm, &ciphertext, password)
}

fn decrypt(algorithm: &Tlv<'_>, ciphertext: &[u8], password: &str) -> Result<Vec<u8>, PdfError> {
    let oid = asn1::children(algorithm.content)
        .and_then(|c| c.first().and_then(asn1::read_oid))
        .map(|o| o.to_string())
        .unwrap_or_default();
    if oid != PBES2 {
        return Err(bad(
            "legacy encryption (3DES or RC2): export the file again with AES (openssl pkcs12 -export without -legacy)",
        ));
    }
    let scheme = pkcs5::EncryptionScheme::from_der(algorithm.raw)
        .map_err(|_| bad("unsupported encryption parameters"))?;
    if let pkcs5::EncryptionScheme::Pbes2(p) = &scheme
        && let pkcs5::pbes2::Kdf::Pbkdf2(k) = &p.kdf
        && u64::from(k.iteration_count) > MAX_ITERATIONS
    {
        return Err(bad("too many key derivation iterations"));
    }
    scheme
        .decrypt(password, ciphertext)
        .map_err(|_| bad("wrong password"))
}

fn read_bag(
    bag: &Tlv<'_>,
    password: &str,
    keys: &mut Vec<Vec<u8>>,
    certs: &mut Vec<Certificate>,
) -> Result<(), PdfError> {
    let unreadable = || bad("a bag cannot be read");
    let parts = asn1::children(bag.content).ok_or_else(unreadable)?;
    let [kind, value, ..] = parts.as_slice() else {
        return Err(unreadable());
    };
    let kind = asn1::read_oid(kind).ok_or_else(unreadable)?.to_string();
    let (inner, _) = asn1::read(value.content).ok_or_else(unreadable)?;
    match kind.as_str() {
        KEY_BAG => keys.push(inner.raw.to_vec()),
        SHROUDED_KEY_BAG => {
            let fields = asn1::children(inner.content).ok_or_else(unreadable)?;
            let [algorithm, data] = fields.as_slice() else {
                return Err(unreadable());
            };
            keys.push(decrypt(algorithm, data.content, password)?);
        }
        CERT_BAG => {
            let fields = asn1::children(inner.content).ok_or_else(unreadable)?;
            let [id, wrapped] = fields.as_slice() else {
                return Err(unreadable());
            };
            if asn1::read_oid(id).map(|o| o.to_string()).as_deref() == Some(X509_CERTIFICATE) {
                let (octets, _) = asn1::read(wrapped.content).ok_or_else(unreadable)?;
                certs.push(
                    Certificate::from_der(octets.content)
                        .map_err(|_| bad("a certificate cannot be read"))?,
                );
            }
        }
        _ => {} // CRL and secret bags are not needed to sign
    }
    Ok(())
}

/// `MacData ::= SEQUENCE { mac DigestInfo, macSalt OCTET STRING, iterations INTEGER DEFAULT 1 }`
fn check_mac(mac: &Tlv<'_>, data: &[u8], password: &str) -> Result<(), PdfError> {
    use hmac::Mac;
    let unreadable = || bad("the integrity MAC cannot be read");
    let parts = asn1::children(mac.content).ok_or_else(unreadable)?;
    let (digest_info, salt) = match parts.as_slice() {
        [d, s, ..] => (d, s),
        _ => return Err(unreadable()),
    };
    let iterations = match parts.get(2) {
        Some(i) if i.tag == asn1::INTEGER && i.content.len() <= 8 => {
            i.content.iter().fold(0u64, |n, b| (n << 8) | u64::from(*b))
        }
        Some(_) => return Err(unreadable()),
        None => 1,
    };
    if iterations == 0 || iterations > MAX_ITERATIONS {
        return Err(bad("an unreasonable MAC iteration count"));
    }
    let di = asn1::children(digest_info.content).ok_or_else(unreadable)?;
    let [algorithm, expected] = di.as_slice() else {
        return Err(unreadable());
    };
    let algorithm = asn1::children(algorithm.content)
        .and_then(|c| c.first().and_then(asn1::read_oid))
        .map(|o| o.to_string())
        .unwrap_or_default();
    let ok = match algorithm.as_str() {
        SHA256 => {
            let key = kdf::<sha2::Sha256>(password, salt.content, iterations);
            let mut m =
                hmac::Hmac::<sha2::Sha256>::new_from_slice(&key).map_err(|_| unreadable())?;
            m.update(data);
            m.verify_slice(expected.content).is_ok()
        }
        SHA1 => {
            let key = kdf::<sha1::Sha1>(password, salt.content, iterations);
            let mut m = hmac::Hmac::<sha1::Sha1>::new_from_slice(&key).map_err(|_| unreadable())?;
            m.update(data);
            m.verify_slice(expected.content).is_ok()
        }
        other => return Err(bad(format!("MAC digest {other} is not supported"))),
    };
    if ok {
        Ok(())
    } else {
        Err(bad("wrong password (the integrity MAC does not match)"))
    }
}

/// The PKCS#12 key derivation (RFC 7292 appendix B.2) for the MAC key (ID 3), one hash
/// output long: the password as a BMPString with its two zero bytes, salt and password each
/// repeated to whole 64-byte blocks, hashed `iterations` times.
fn kdf<D: sha2::Digest + Clone>(password: &str, salt: &[u8], iterations: u64) -> Vec<u8> {
    const V: usize = 64;
    let mut bmp: Vec<u8> = password.encode_utf16().flat_map(u16::to_be_bytes).collect();
    bmp.extend_from_slice(&[0, 0]);
    let fill = |s: &[u8]| -> Vec<u8> {
        if s.is_empty() {
            return Vec::new();
        }
        let len = s.len().div_ceil(V) * V;
        s.iter().copied().cycle().take(len).collect()
    };
    let mut input = vec![3u8; V];
    input.extend(fill(salt));
    input.extend(fill(&bmp));
    let mut a = D::digest(&input).to_vec();
    for _ in 1..iterations {
        a = D::digest(&a).to_vec();
    }
    a
}
