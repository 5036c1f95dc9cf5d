//! Password hashing with Argon2id (the crate's defaults: 19 MiB, 2 passes, 1 lane, as OWASP
//! recommends), in PHC string form so parameters can be raised later without a migration.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};

pub fn hash(password: &str) -> anyhow::Result<String> {
    let mut salt_bytes = [0u8; 16];
    rand::fill(&mut salt_bytes);
    let salt = SaltString::encode_b64(&salt_bytes).map_err(|e| anyhow::anyhow!("salt: {e}"))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("hashing: {e}"))
}

/// True when `password` matches the stored PHC string; false for a mismatch or a malformed hash.
pub fn verify(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored).is_ok_and(|h| {
        Argon2::default()
            .verify_password(password.as_bytes(), &h)
            .is_ok()
    })
}

/// A hash that matches no password, verified against when the username is unknown so that the
/// answer takes as long as for a known one.
pub fn decoy() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| hash("lode decoy password, never valid").unwrap_or_default())
}

#[cfg(test)]
mod tests {
    #[test]
    fn round_trip() -> anyhow::Result<()> {
        let h = super::hash("Địa chất 2026!")?;
        assert!(h.starts_with("$argon2id$"));
        assert!(super::verify("Địa chất 2026!", &h));
        assert!(!super::verify("dia chat 2026!", &h));
        assert!(!super::verify("x", "not a hash"));
        Ok(())
    }
}
