//! Accounts: staff of the agency, and the businesses and citizens who will apply for licences.

use crate::validation::{FieldError, bounded_text, invalid};
use serde::{Deserialize, Serialize};

pub const FULL_NAME_MAX: usize = 100;
pub const POSITION_MAX: usize = 100;
pub const USERNAME_MAX: usize = 64;
pub const PASSWORD_MIN: usize = 10;
pub const PASSWORD_MAX: usize = 256;

/// Which side of the agency an account is on. Staff work inside; businesses and citizens only
/// ever see their own portal pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccountKind {
    Staff,
    Business,
    Citizen,
}

impl AccountKind {
    pub fn as_str(self) -> &'static str {
        match self {
            AccountKind::Staff => "staff",
            AccountKind::Business => "business",
            AccountKind::Citizen => "citizen",
        }
    }

    pub fn parse(s: &str) -> Result<Self, FieldError> {
        match s {
            "staff" => Ok(AccountKind::Staff),
            "business" => Ok(AccountKind::Business),
            "citizen" => Ok(AccountKind::Citizen),
            _ => Err(invalid("invalid_choice", "is not a known account kind")),
        }
    }

    pub fn is_external(self) -> bool {
        !matches!(self, AccountKind::Staff)
    }
}

/// What a staff member does. A person may hold several.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Administrator,
    /// Văn thư: registers, numbers, seals and dispatches documents.
    Clerk,
    /// Lãnh đạo Cục: reads, routes and signs for the whole department.
    AgencyLeader,
    /// Lãnh đạo đơn vị: assigns and reviews within a unit.
    UnitLeader,
    /// Chuyên viên: drafts and handles.
    Specialist,
    /// Cán bộ một cửa: receives applications and returns results.
    OneStopOfficer,
    /// Lưu trữ viên: keeps the geological archive's catalogue, its scans and their text.
    Archivist,
    /// Cán bộ quản lý cấp phép khoáng sản: keeps the register of mineral licences.
    CadastreOfficer,
}

impl Role {
    pub const ALL: [Role; 8] = [
        Role::Administrator,
        Role::Clerk,
        Role::AgencyLeader,
        Role::UnitLeader,
        Role::Specialist,
        Role::OneStopOfficer,
        Role::Archivist,
        Role::CadastreOfficer,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Administrator => "administrator",
            Role::Clerk => "clerk",
            Role::AgencyLeader => "agency_leader",
            Role::UnitLeader => "unit_leader",
            Role::Specialist => "specialist",
            Role::OneStopOfficer => "one_stop_officer",
            Role::Archivist => "archivist",
            Role::CadastreOfficer => "cadastre_officer",
        }
    }

    pub fn parse(s: &str) -> Result<Self, FieldError> {
        Self::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| invalid("invalid_choice", format!("{s:?} is not a known role")))
    }
}

/// Secrecy clearance, after the Law on Protection of State Secrets: a person cleared for a level
/// may read documents of that level and below.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Clearance {
    None,
    /// Mật
    Confidential,
    /// Tối mật
    Secret,
    /// Tuyệt mật
    TopSecret,
}

impl Clearance {
    pub const ALL: [Clearance; 4] = [
        Clearance::None,
        Clearance::Confidential,
        Clearance::Secret,
        Clearance::TopSecret,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Clearance::None => "none",
            Clearance::Confidential => "confidential",
            Clearance::Secret => "secret",
            Clearance::TopSecret => "top_secret",
        }
    }

    pub fn parse(s: &str) -> Result<Self, FieldError> {
        Self::ALL
            .into_iter()
            .find(|c| c.as_str() == s)
            .ok_or_else(|| invalid("invalid_choice", "is not a known clearance level"))
    }

    /// 0 for none up to 3 for top secret, as stored queries compare them.
    pub fn rank(self) -> i64 {
        match self {
            Clearance::None => 0,
            Clearance::Confidential => 1,
            Clearance::Secret => 2,
            Clearance::TopSecret => 3,
        }
    }
}

crate::checked_text! {
    /// A login name: 3 to 64 characters of lower-case ASCII letters, digits, `.`, `_`, `-`, or
    /// an e-mail address for external accounts. Lower-cased so `NVAn` and `nvan` are one
    /// account.
    Username by check_username
}

fn check_username(input: &str) -> Result<String, FieldError> {
    let s = input.trim().to_lowercase();
    if s.is_empty() {
        return Err(invalid("required", "is required"));
    }
    if s.len() < 3 {
        return Err(invalid("too_short", "must be at least 3 characters"));
    }
    if s.len() > USERNAME_MAX {
        return Err(invalid(
            "too_long",
            format!("must be at most {USERNAME_MAX} characters"),
        ));
    }
    let ok = s
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-@+".contains(&b));
    if !ok || !s.as_bytes()[0].is_ascii_alphanumeric() {
        return Err(invalid(
            "invalid_username",
            "may hold only letters a-z, digits and . _ - @ +, starting with a letter or digit",
        ));
    }
    Ok(s)
}

pub fn parse_full_name(input: &str) -> Result<String, FieldError> {
    bounded_text(input, FULL_NAME_MAX)
}

crate::checked_text! {
    /// A plausible e-mail address, lower-cased: one `@`, a dot in the domain, no spaces, at
    /// most 254 bytes.
    Email by check_email
}

fn check_email(input: &str) -> Result<String, FieldError> {
    let s = input.trim().to_lowercase();
    let bad = || invalid("invalid_email", "is not an e-mail address");
    if s.len() > 254 || s.chars().any(char::is_whitespace) {
        return Err(bad());
    }
    let (local, domain) = s.split_once('@').ok_or_else(bad)?;
    if local.is_empty()
        || domain.contains('@')
        || !domain.contains('.')
        || domain.starts_with('.')
        || domain.ends_with('.')
    {
        return Err(bad());
    }
    Ok(s)
}

/// A new password: 10 to 256 characters, not all of one kind of character, and not the username.
pub fn check_new_password(password: &str, username: &str) -> Result<(), FieldError> {
    let n = password.chars().count();
    if n == 0 {
        return Err(invalid("required", "is required"));
    }
    if n < PASSWORD_MIN {
        return Err(invalid(
            "too_short",
            format!("must be at least {PASSWORD_MIN} characters"),
        ));
    }
    if n > PASSWORD_MAX {
        return Err(invalid(
            "too_long",
            format!("must be at most {PASSWORD_MAX} characters"),
        ));
    }
    let has_letter = password.chars().any(char::is_alphabetic);
    let has_other = password.chars().any(|c| !c.is_alphabetic());
    if !(has_letter && has_other) {
        return Err(invalid(
            "too_weak",
            "must mix letters with digits or symbols",
        ));
    }
    // an account's name not yet valid (said beside its own field) is not looked for
    if !username.is_empty() && password.to_lowercase().contains(&username.to_lowercase()) {
        return Err(invalid(
            "contains_username",
            "must not contain the username",
        ));
    }
    Ok(())
}

crate::checked_text! {
    /// A Vietnamese tax code (mã số thuế): 10 digits, or 10 digits, a hyphen and 3 digits for
    /// a branch. The tenth digit is a check digit over the first nine (weights 31, 29, 23, 19,
    /// 17, 13, 7, 5, 3; check = 10 - sum mod 11).
    TaxCode by check_tax_code
}

fn check_tax_code(input: &str) -> Result<String, FieldError> {
    let s = input.trim();
    let bad = || {
        invalid(
            "invalid_tax_code",
            "is not a valid tax code (10 digits, or 10-3)",
        )
    };
    let (main, branch) = match s.split_once('-') {
        Some((m, b)) => (m, Some(b)),
        None => (s, None),
    };
    if main.len() != 10 || !main.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    if let Some(b) = branch
        && (b.len() != 3 || !b.bytes().all(|c| c.is_ascii_digit()))
    {
        return Err(bad());
    }
    let d: Vec<u32> = main.bytes().map(|b| u32::from(b - b'0')).collect();
    const W: [u32; 9] = [31, 29, 23, 19, 17, 13, 7, 5, 3];
    let sum: u32 = d.iter().zip(W).map(|(a, w)| a * w).sum();
    let check = 10 - (sum % 11);
    if check >= 10 || check != d[9] {
        return Err(invalid(
            "tax_code_checksum",
            "the check digit of this tax code is wrong",
        ));
    }
    Ok(s.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames_fold_case_and_refuse_odd_characters() {
        assert_eq!(
            Username::parse(" NVAn ").as_ref().map(Username::as_str),
            Ok("nvan")
        );
        assert_eq!(
            Username::parse("ct.minhphat@example.vn")
                .as_ref()
                .map(Username::as_str),
            Ok("ct.minhphat@example.vn")
        );
        for bad in ["ab", "an nguyễn", ".an", "an;drop", "ân"] {
            assert!(Username::parse(bad).is_err(), "{bad:?}");
        }
        assert!(Username::parse(&"a".repeat(65)).is_err());
    }

    #[test]
    fn passwords_need_length_and_mix() {
        assert!(check_new_password("Địa chất 2026!", "nvan").is_ok());
        assert_eq!(
            check_new_password("short1", "x").map_err(|e| e.code),
            Err("too_short")
        );
        assert_eq!(
            check_new_password("abcdefghijkl", "x").map_err(|e| e.code),
            Err("too_weak")
        );
        assert_eq!(
            check_new_password("1234567890123", "x").map_err(|e| e.code),
            Err("too_weak")
        );
        assert_eq!(
            check_new_password("nvan-2026-abc", "nvan").map_err(|e| e.code),
            Err("contains_username")
        );
    }

    #[test]
    fn emails_are_plausible() {
        assert_eq!(
            Email::parse("An@Example.VN").as_ref().map(Email::as_str),
            Ok("an@example.vn")
        );
        for bad in [
            "", "a", "a@b", "a@@b.vn", "a b@c.vn", "@c.vn", "a@.vn", "a@c.vn.",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn tax_codes_check_their_digit() {
        // 0100109106 is a published tax code (Viettel); 0100109106-001 a branch form.
        assert_eq!(
            TaxCode::parse("0100109106").as_ref().map(TaxCode::as_str),
            Ok("0100109106")
        );
        assert!(TaxCode::parse("0100109106-001").is_ok());
        assert_eq!(
            TaxCode::parse("0100109107").map_err(|e| e.code),
            Err("tax_code_checksum")
        );
        for bad in ["", "123", "01001091061", "0100109106-01", "01001O9106"] {
            assert_eq!(
                TaxCode::parse(bad).map_err(|e| e.code),
                Err("invalid_tax_code"),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn roles_and_clearances_round_trip() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Ok(r));
        }
        for c in Clearance::ALL {
            assert_eq!(Clearance::parse(c.as_str()), Ok(c));
        }
        assert!(Role::parse("root").is_err());
        assert!(Clearance::TopSecret > Clearance::Secret);
    }
}
