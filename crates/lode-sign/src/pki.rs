//! The built-in CA kept as files in one folder, as `lode pki` and the server use it:
//!
//! - `root.pem`, `root.key.pem`, `issuing.pem`, `issuing.key.pem`: the two CAs;
//! - `crl-base.txt` (optional): the HTTP address the CRLs are published under; certificates
//!   issued name `<base>issuing.crl` (and the issuing CA `<base>root.crl`) as their CRL
//!   distribution point;
//! - `issued.tsv`: serial, not-after (seconds since 1970), purpose, subject, file stem;
//! - the OCSP responder (`<base>ocsp`, named in end-entity certificates) answers from the
//!   same two files;
//! - `revoked.tsv`: serial, since (seconds since 1970), reason; a suspension (hold) is lifted
//!   by removing its line.
//!
//! Writes go to a temporary file renamed into place, so a reader never sees half a line. The
//! folder is lode's alone (0700) and so is every file in it (0600); a folder or key readable by
//! others is refused when the store is opened. With a passphrase, private keys are written as
//! encrypted PKCS#8 (PBES2: PBKDF2-HMAC-SHA256, AES-256-CBC), which `openssl pkey` also reads;
//! keys written without one are encrypted when the store is next opened with one. A key is
//! decrypted once per process and kept in memory.

use crate::PdfError;
use crate::ca::{Authority, Purpose};
use crate::cms::Certificate;
use crate::crl::{self, Entry, Reason};
use crate::ocsp;
use crate::signer::Signer;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// One certificate the CA issued, as `issued.tsv` lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issued {
    pub serial: String,
    pub not_after: u64,
    pub purpose: String,
    pub subject: String,
    pub file: String,
}

pub struct Store {
    dir: PathBuf,
    passphrase: Option<Vec<u8>>,
    /// Private keys decrypted, by file name, as PKCS#8 PEM.
    keys: std::sync::Mutex<std::collections::HashMap<String, String>>,
}

/// PBKDF2 rounds of a key file's encryption: each key is decrypted once per process, and the
/// passphrase is meant to be long and random (a file lode reads), not remembered.
const KEY_ROUNDS: u32 = 100_000;

/// A private key (PKCS#8 PEM) as a file keeps it: encrypted with `passphrase` when there is one.
pub fn seal_key(pem: &str, passphrase: Option<&[u8]>) -> Result<String, PdfError> {
    let Some(passphrase) = passphrase else {
        return Ok(pem.to_string());
    };
    let (label, der) =
        der::pem::decode_vec(pem.as_bytes()).map_err(|_| bad("the key is not PEM"))?;
    if label != "PRIVATE KEY" {
        return Err(bad("the key must be PKCS#8 (BEGIN PRIVATE KEY)"));
    }
    let info = pkcs8::PrivateKeyInfo::try_from(der.as_slice()).map_err(|_| bad("PKCS#8"))?;
    let salt: [u8; 16] = random_bytes()?;
    let iv: [u8; 16] = random_bytes()?;
    let params = pkcs5::pbes2::Parameters::pbkdf2_sha256_aes256cbc(KEY_ROUNDS, &salt, &iv)
        .map_err(|_| bad("PBES2 parameters"))?;
    let sealed = info
        .encrypt_with_params(params, passphrase)
        .map_err(|_| bad("encrypting the key"))?;
    sealed
        .to_pem("ENCRYPTED PRIVATE KEY", der::pem::LineEnding::LF)
        .map(|p| p.to_string())
        .map_err(|_| bad("PEM"))
}

/// A key file's text as PKCS#8 PEM: decrypted with `passphrase` when it is encrypted.
pub fn open_key(text: &str, passphrase: Option<&[u8]>) -> Result<String, PdfError> {
    if !is_sealed(text) {
        return Ok(text.to_string());
    }
    let passphrase = passphrase.ok_or_else(|| {
        bad("the private keys are encrypted: give lode their passphrase (LODE_KEY_PASSPHRASE or --key-passphrase-file)")
    })?;
    let (_, der) = der::pem::decode_vec(text.as_bytes()).map_err(|_| bad("the key is not PEM"))?;
    let info = pkcs8::EncryptedPrivateKeyInfo::try_from(der.as_slice())
        .map_err(|_| bad("the key file is not encrypted PKCS#8"))?;
    let plain = info
        .decrypt(passphrase)
        .map_err(|_| bad("the passphrase does not open the private keys"))?;
    plain
        .to_pem("PRIVATE KEY", der::pem::LineEnding::LF)
        .map(|p| p.to_string())
        .map_err(|_| bad("PEM"))
}

/// Whether a key file's text is encrypted.
fn is_sealed(text: &str) -> bool {
    text.contains("BEGIN ENCRYPTED PRIVATE KEY")
}

fn random_bytes<const N: usize>() -> Result<[u8; N], PdfError> {
    let mut b = [0u8; N];
    rand_core::RngCore::try_fill_bytes(&mut rand_core::OsRng, &mut b)
        .map_err(|_| bad("no randomness"))?;
    Ok(b)
}

/// Refuses a folder or a private key that others than lode's user may read.
fn check_private(dir: &Path) -> Result<(), PdfError> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| -> Result<u32, PdfError> {
            Ok(std::fs::metadata(p)
                .map_err(|e| io(p, e))?
                .permissions()
                .mode()
                & 0o777)
        };
        if mode(dir)? & 0o077 != 0 {
            return Err(bad(format!(
                "{} may be read by others: it holds private keys (chmod 700 {0}; chmod 600 {0}/*)",
                dir.display()
            )));
        }
        for entry in std::fs::read_dir(dir).map_err(|e| io(dir, e))?.flatten() {
            let path = entry.path();
            let is_key = path.to_str().is_some_and(|n| n.ends_with(".key.pem"));
            if is_key && mode(&path)? & 0o077 != 0 {
                return Err(bad(format!(
                    "{} may be read by others (chmod 600 {0})",
                    path.display()
                )));
            }
        }
    }
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

fn private_dir(dir: &Path) -> Result<(), PdfError> {
    std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
            .map_err(|e| io(dir, e))?;
    }
    Ok(())
}

fn io(path: &Path, e: std::io::Error) -> PdfError {
    PdfError::Unsupported(format!("{}: {e}", path.display()))
}

fn bad(what: impl Into<String>) -> PdfError {
    PdfError::Unsupported(what.into())
}

/// Only letters, digits, `-` and `_`: a name that is safe as a file name.
pub fn file_stem(s: &str) -> Option<String> {
    let stem: String = s
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .take(64)
        .collect();
    (!stem.is_empty()).then_some(stem)
}

impl Store {
    /// Creates a root and an issuing CA in `dir`; refused when it already holds one.
    pub fn init(dir: &Path, organisation: &str, crl_base: Option<&str>) -> Result<Self, PdfError> {
        Self::init_sealed(dir, organisation, crl_base, None)
    }

    /// [`Store::init`], the keys encrypted with `passphrase` when there is one.
    pub fn init_sealed(
        dir: &Path,
        organisation: &str,
        crl_base: Option<&str>,
        passphrase: Option<&[u8]>,
    ) -> Result<Self, PdfError> {
        private_dir(dir)?;
        let store = Self::at(dir, passphrase);
        if store.path("root.pem").exists() {
            return Err(bad(format!("{} already holds a CA", dir.display())));
        }
        if let Some(base) = crl_base {
            if !(base.starts_with("http://") || base.starts_with("https://")) || !base.is_ascii() {
                return Err(bad("the CRL address must be an http(s) URL"));
            }
            let base = if base.ends_with('/') {
                base.to_string()
            } else {
                format!("{base}/")
            };
            store.write("crl-base.txt", &base)?;
        }
        let root = Authority::new_root(&own_name("CA gốc", organisation), organisation)?;
        let issuing = root.issue_ca(
            &own_name("CA cấp chứng thư số", organisation),
            organisation,
            store.crl_url("root").as_deref(),
        )?;
        store.write_key("root.key.pem", &root.key_pem()?)?;
        store.write("issuing.pem", &issuing.cert_pem()?)?;
        store.write_key("issuing.key.pem", &issuing.key_pem()?)?;
        // the root last: its presence says the folder holds a whole CA
        store.write("root.pem", &root.cert_pem()?)?;
        Ok(store)
    }

    /// A CA created earlier by [`Store::init`].
    pub fn open(dir: &Path) -> Result<Self, PdfError> {
        Self::open_sealed(dir, None)
    }

    /// [`Store::open`] with the passphrase of the keys: keys still kept in the clear are
    /// encrypted with it now. Refused when the folder or a key may be read by others.
    pub fn open_sealed(dir: &Path, passphrase: Option<&[u8]>) -> Result<Self, PdfError> {
        let store = Self::at(dir, passphrase);
        if !store.path("root.pem").exists() {
            return Err(bad(format!(
                "{} holds no CA (lode pki init)",
                dir.display()
            )));
        }
        check_private(dir)?;
        if passphrase.is_some() {
            store.seal_clear_keys()?;
        }
        Ok(store)
    }

    fn at(dir: &Path, passphrase: Option<&[u8]>) -> Self {
        Self {
            dir: dir.to_path_buf(),
            passphrase: passphrase.map(<[u8]>::to_vec),
            keys: std::sync::Mutex::default(),
        }
    }

    /// Whether private keys are written encrypted.
    pub fn sealed(&self) -> bool {
        self.passphrase.is_some()
    }

    /// The private keys still kept in the clear, encrypted in place.
    fn seal_clear_keys(&self) -> Result<(), PdfError> {
        let names: Vec<String> = std::fs::read_dir(&self.dir)
            .map_err(|e| io(&self.dir, e))?
            .flatten()
            .filter_map(|e| e.file_name().to_str().map(str::to_string))
            .filter(|n| n.ends_with(".key.pem") && !n.starts_with('.'))
            .collect();
        for name in names {
            let text = self.read(&name)?;
            if !is_sealed(&text) {
                self.write_key(&name, &text)?;
            }
        }
        Ok(())
    }

    /// Writes a private key, encrypted when the store has a passphrase.
    fn write_key(&self, name: &str, pem: &str) -> Result<(), PdfError> {
        self.write(name, &seal_key(pem, self.passphrase.as_deref())?)
    }

    /// A private key as PKCS#8 PEM, decrypted once and kept.
    fn read_key(&self, name: &str) -> Result<String, PdfError> {
        if let Ok(keys) = self.keys.lock()
            && let Some(pem) = keys.get(name)
        {
            return Ok(pem.clone());
        }
        let pem = open_key(&self.read(name)?, self.passphrase.as_deref())?;
        if let Ok(mut keys) = self.keys.lock() {
            keys.insert(name.to_string(), pem.clone());
        }
        Ok(pem)
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    fn read(&self, name: &str) -> Result<String, PdfError> {
        let p = self.path(name);
        std::fs::read_to_string(&p).map_err(|e| io(&p, e))
    }

    fn read_or_empty(&self, name: &str) -> Result<String, PdfError> {
        match std::fs::read_to_string(self.path(name)) {
            Ok(s) => Ok(s),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(String::new()),
            Err(e) => Err(io(&self.path(name), e)),
        }
    }

    fn write(&self, name: &str, text: &str) -> Result<(), PdfError> {
        let p = self.path(name);
        let tmp = self.path(&format!(".{name}.tmp"));
        let _ = std::fs::remove_file(&tmp);
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut f = options.open(&tmp).map_err(|e| io(&tmp, e))?;
        std::io::Write::write_all(&mut f, text.as_bytes()).map_err(|e| io(&tmp, e))?;
        f.sync_all().map_err(|e| io(&tmp, e))?;
        std::fs::rename(&tmp, &p).map_err(|e| io(&p, e))
    }

    /// Where the CRL of `ca` (`root` or `issuing`) is published, when an address was given.
    pub fn crl_url(&self, ca: &str) -> Option<String> {
        let base = self.read_or_empty("crl-base.txt").ok()?;
        let base = base.trim();
        (!base.is_empty()).then(|| format!("{base}{ca}.crl"))
    }

    pub fn root(&self) -> Result<Certificate, PdfError> {
        crate::cms::certificate_from_pem(&self.read("root.pem")?)
    }

    /// The CA's own certificates: the issuing CA, then the root.
    pub fn certificates(&self) -> Result<Vec<Certificate>, PdfError> {
        Ok(vec![
            crate::cms::certificate_from_pem(&self.read("issuing.pem")?)?,
            self.root()?,
        ])
    }

    fn authority(&self, ca: &str) -> Result<Authority, PdfError> {
        Authority::from_pem(
            &self.read_key(&format!("{ca}.key.pem"))?,
            &self.read(&format!("{ca}.pem"))?,
        )
    }

    /// Issues a certificate with a new key: `<file>.key.pem` and `<file>.chain.pem` (the
    /// certificate, the issuing CA, the root) are written, and the issue recorded.
    pub fn issue(
        &self,
        holder: &str,
        organisation: &str,
        purpose: Purpose,
        file: &str,
    ) -> Result<Signer, PdfError> {
        let stem = file_stem(file).ok_or_else(|| bad("the file name needs letters or digits"))?;
        if self.path(&format!("{stem}.chain.pem")).exists() {
            return Err(bad(format!("{stem}.chain.pem exists already")));
        }
        let issuing = self.authority("issuing")?;
        let signer = issuing.issue(
            holder,
            organisation,
            purpose,
            self.crl_url("issuing").as_deref(),
            &[self.root()?],
        )?;
        let (key, chain) = Authority::signer_pem(&signer)?;
        self.write_key(&format!("{stem}.key.pem"), &key)?;
        self.write(&format!("{stem}.chain.pem"), &chain)?;
        let cert = signer.certificate();
        let mut index = self.read_or_empty("issued.tsv")?;
        index.push_str(&format!(
            "{}\t{}\t{}\t{}\t{stem}\n",
            crl::serial_hex(cert),
            cert.tbs_certificate
                .validity
                .not_after
                .to_unix_duration()
                .as_secs(),
            match purpose {
                Purpose::Signing => "signing",
                Purpose::Timestamping => "timestamping",
            },
            cert.tbs_certificate.subject.to_string().replace('\t', " "),
        ));
        self.write("issued.tsv", &index)?;
        Ok(signer)
    }

    /// A certificate issued earlier, with its key, by file stem.
    pub fn signer(&self, file: &str) -> Result<Signer, PdfError> {
        let stem = file_stem(file).ok_or_else(|| bad("the file name needs letters or digits"))?;
        Signer::from_pem(
            &self.read_key(&format!("{stem}.key.pem"))?,
            &self.read(&format!("{stem}.chain.pem"))?,
        )
    }

    /// Everything issued, in order.
    pub fn issued(&self) -> Result<Vec<Issued>, PdfError> {
        Ok(self
            .read_or_empty("issued.tsv")?
            .lines()
            .filter_map(|l| {
                let f: Vec<&str> = l.split('\t').collect();
                let [serial, not_after, purpose, subject, file] = f.as_slice() else {
                    return None;
                };
                Some(Issued {
                    serial: serial.to_string(),
                    not_after: not_after.parse().ok()?,
                    purpose: purpose.to_string(),
                    subject: subject.to_string(),
                    file: file.to_string(),
                })
            })
            .collect())
    }

    /// Every revocation and suspension in force.
    pub fn revoked(&self) -> Result<Vec<Entry>, PdfError> {
        Ok(self
            .read_or_empty("revoked.tsv")?
            .lines()
            .filter_map(|l| {
                let f: Vec<&str> = l.split('\t').collect();
                let [serial, since, reason] = f.as_slice() else {
                    return None;
                };
                Some(Entry {
                    serial: crl::parse_serial(serial)?,
                    since: since.parse().ok()?,
                    reason: Reason::parse(reason)?,
                })
            })
            .collect())
    }

    fn write_revoked(&self, entries: &[Entry]) -> Result<(), PdfError> {
        let text: String = entries
            .iter()
            .map(|e| {
                let hex: String = e.serial.iter().map(|b| format!("{b:02x}")).collect();
                format!("{hex}\t{}\t{}\n", e.since, e.reason.as_str())
            })
            .collect();
        self.write("revoked.tsv", &text)
    }

    /// Revokes (or suspends, with [`Reason::CertificateHold`]) a certificate this CA issued.
    /// A revoked certificate stays revoked; a suspended one may be revoked for good.
    pub fn revoke(&self, serial_hex: &str, reason: Reason, at: SystemTime) -> Result<(), PdfError> {
        let serial = crl::parse_serial(serial_hex)
            .ok_or_else(|| bad("a serial number is hexadecimal digits"))?;
        let hex: String = serial.iter().map(|b| format!("{b:02x}")).collect();
        if !self.issued()?.iter().any(|i| i.serial == hex) {
            return Err(bad(format!("this CA issued no certificate {hex}")));
        }
        let mut entries = self.revoked()?;
        if let Some(e) = entries.iter_mut().find(|e| e.serial == serial) {
            if e.reason != Reason::CertificateHold {
                return Err(bad(format!("{hex} is revoked already")));
            }
            e.reason = reason;
        } else {
            let since = at
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs())
                .unwrap_or(0);
            entries.push(Entry {
                serial,
                since,
                reason,
            });
        }
        self.write_revoked(&entries)
    }

    /// Lifts a suspension.
    pub fn reinstate(&self, serial_hex: &str) -> Result<(), PdfError> {
        let serial = crl::parse_serial(serial_hex)
            .ok_or_else(|| bad("a serial number is hexadecimal digits"))?;
        let mut entries = self.revoked()?;
        let before = entries.len();
        entries.retain(|e| !(e.serial == serial && e.reason == Reason::CertificateHold));
        if entries.len() == before {
            return Err(bad("no suspension of this certificate"));
        }
        self.write_revoked(&entries)
    }

    /// A fresh CRL of `ca` (`issuing`: the certificates revoked here; `root`: the issuing CA
    /// is never revoked, an empty list), DER. Its number is the time, so it only grows.
    pub fn crl(&self, ca: &str, now: SystemTime) -> Result<Vec<u8>, PdfError> {
        let entries = match ca {
            "issuing" => self.revoked()?,
            "root" => Vec::new(),
            _ => return Err(bad("no such CA")),
        };
        let number = now
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        self.authority(ca)?.revocation_list(&entries, number, now)
    }

    /// The OCSP response to `request` (DER), signed now: the issuing CA answers for the
    /// certificates it issued (good, revoked or suspended; unknown when it never issued the
    /// serial), the root for the issuing CA.
    pub fn respond_ocsp(&self, request: &[u8], now: SystemTime) -> Result<Vec<u8>, PdfError> {
        let issuing = self.authority("issuing")?;
        if !ocsp::asks_about(request, &issuing.cert) {
            let root = self.authority("root")?;
            if ocsp::asks_about(request, &root.cert) {
                let ours = issuing.cert.tbs_certificate.serial_number.as_bytes();
                let responder = ocsp::Responder {
                    issuer: &root.cert,
                    key: &root.key,
                };
                return Ok(responder.respond(
                    request,
                    |serial| {
                        if serial == ours {
                            ocsp::Status::Good
                        } else {
                            ocsp::Status::Unknown
                        }
                    },
                    now,
                ));
            }
        }
        let revoked = self.revoked()?;
        let issued = self.issued()?;
        let responder = ocsp::Responder {
            issuer: &issuing.cert,
            key: &issuing.key,
        };
        Ok(responder.respond(
            request,
            |serial| {
                if let Some(e) = revoked.iter().find(|e| e.serial == serial) {
                    return ocsp::Status::Revoked {
                        since: e.since,
                        reason: e.reason,
                    };
                }
                let hex: String = serial.iter().map(|b| format!("{b:02x}")).collect();
                if issued.iter().any(|i| i.serial == hex) {
                    ocsp::Status::Good
                } else {
                    ocsp::Status::Unknown
                }
            },
            now,
        ))
    }
}

/// The name of one of the organisation's own authorities as its people and the verifiers
/// read it, in Vietnamese with the organisation's name ("CA gốc - Cục …"); the role alone when
/// both would pass the 64 characters a common name may hold.
pub fn own_name(role: &str, organisation: &str) -> String {
    let named = format!("{role} - {organisation}");
    if named.chars().count() <= 64 {
        named
    } else {
        role.to_string()
    }
}
