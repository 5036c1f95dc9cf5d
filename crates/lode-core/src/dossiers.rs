//! Work dossiers (hồ sơ công việc, Decree 30 Art. 28–31): the file code, the retention period,
//! the life of a dossier (open → closed → handed over to the archive) and when it falls due for
//! hand-over.
//!
//! The file code is the organisation id, the year and the file notation joined with dots
//! (`G12.27.2026.01.TCCB`): the notation is the dossier's ordinal in the unit's list of dossiers
//! for the year and the unit's abbreviation, as the list of dossiers (danh mục hồ sơ) gives it.

use crate::validation::{FieldError, invalid};
use chrono::{Datelike, NaiveDate};

/// The longest file notation accepted (Appendix VI gives 30 for the code notation).
pub const FILE_NOTATION_MAX: usize = 30;
pub const TITLE_MAX: usize = 500;
/// The longest retention given in years; longer keeping is "permanent".
pub const RETENTION_YEARS_MAX: u16 = 70;

/// How long the archive keeps a dossier (thời hạn bảo quản).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Retention {
    /// Vĩnh viễn.
    Permanent,
    /// A number of years, 1 to 70.
    Years(u16),
}

impl Retention {
    /// `permanent` or a number of years.
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let s = input.trim();
        if s.eq_ignore_ascii_case("permanent") || s.eq_ignore_ascii_case("vĩnh viễn") {
            return Ok(Retention::Permanent);
        }
        match s.parse::<u16>() {
            Ok(n) if (1..=RETENTION_YEARS_MAX).contains(&n) => Ok(Retention::Years(n)),
            Ok(_) => Err(invalid(
                "out_of_range",
                format!("must be 1 to {RETENTION_YEARS_MAX} years, or permanent"),
            )),
            Err(_) => Err(invalid(
                "invalid_retention",
                "must be a number of years or `permanent`",
            )),
        }
    }

    pub fn as_stored(self) -> String {
        match self {
            Retention::Permanent => "permanent".into(),
            Retention::Years(n) => n.to_string(),
        }
    }

    /// As the index prints it.
    pub fn label_vi(self) -> String {
        match self {
            Retention::Permanent => "Vĩnh viễn".into(),
            Retention::Years(n) => format!("{n} năm"),
        }
    }
}

/// Checks a file notation: segments of upper-case letters (Vietnamese Đ included) and digits
/// joined by `.` or `-`, such as `01.TCCB` or `12.KS-TD`. Returns it upper-cased.
pub fn parse_file_notation(input: &str) -> Result<String, FieldError> {
    let s = input.trim().to_uppercase();
    if s.is_empty() {
        return Err(invalid("required", "is required"));
    }
    if s.chars().count() > FILE_NOTATION_MAX {
        return Err(invalid(
            "too_long",
            format!("must be at most {FILE_NOTATION_MAX} characters"),
        ));
    }
    let allowed = |c: char| c.is_ascii_uppercase() || c.is_ascii_digit() || c == 'Đ';
    let segments_ok = s
        .split(['.', '-'])
        .all(|seg| !seg.is_empty() && seg.chars().all(allowed));
    if !segments_ok {
        return Err(invalid(
            "invalid_notation",
            "use letters and digits in parts joined by `.` or `-`, such as 01.TCCB",
        ));
    }
    Ok(s)
}

/// The full file code: organisation id, year, notation.
pub fn file_code(org_id: &str, year: i32, notation: &str) -> String {
    format!("{org_id}.{year}.{notation}")
}

/// Where a dossier is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DossierStatus {
    Open,
    Closed,
    /// Handed over to the agency archive: frozen.
    HandedOver,
}

impl DossierStatus {
    pub const ALL: [DossierStatus; 3] = [
        DossierStatus::Open,
        DossierStatus::Closed,
        DossierStatus::HandedOver,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DossierStatus::Open => "open",
            DossierStatus::Closed => "closed",
            DossierStatus::HandedOver => "handed_over",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

/// What can be done to a dossier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DossierStep {
    /// Add or remove documents, change the title or retention.
    Edit,
    Close,
    /// Closed by mistake: open again (not once handed over).
    Reopen,
    HandOver,
}

/// The status after `step`, or `None` when the step does not fit.
pub fn next_dossier(from: DossierStatus, step: DossierStep) -> Option<DossierStatus> {
    use DossierStatus::*;
    match (from, step) {
        (Open, DossierStep::Edit) => Some(Open),
        (Open, DossierStep::Close) => Some(Closed),
        (Closed, DossierStep::Reopen) => Some(Open),
        (Closed, DossierStep::HandOver) => Some(HandedOver),
        _ => None,
    }
}

/// The day a closed dossier is due at the archive: one year after closing (Art. 31); 29
/// February closes fall due on 28 February.
pub fn handover_due(closed_on: NaiveDate) -> NaiveDate {
    let year = closed_on.year() + 1;
    NaiveDate::from_ymd_opt(year, closed_on.month(), closed_on.day())
        .or_else(|| NaiveDate::from_ymd_opt(year, closed_on.month(), 28))
        .unwrap_or(closed_on)
}

/// The latest closing day whose hand-over is due by `today`: dossiers closed on or before it
/// are due at the archive.
pub fn latest_closing_due_by(today: NaiveDate) -> NaiveDate {
    // `handover_due` never decreases, so walk forward from a safe day a year and more back.
    let mut d = today - chrono::Duration::days(367);
    while let Some(next) = d.succ_opt()
        && handover_due(next) <= today
    {
        d = next;
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
    }

    #[test]
    fn retention_parses_years_and_permanent() {
        assert_eq!(Retention::parse("10"), Ok(Retention::Years(10)));
        assert_eq!(Retention::parse(" permanent "), Ok(Retention::Permanent));
        assert_eq!(Retention::parse("Vĩnh viễn"), Ok(Retention::Permanent));
        assert_eq!(
            Retention::parse("0").map_err(|e| e.code),
            Err("out_of_range")
        );
        assert_eq!(
            Retention::parse("71").map_err(|e| e.code),
            Err("out_of_range")
        );
        assert_eq!(
            Retention::parse("ten").map_err(|e| e.code),
            Err("invalid_retention")
        );
        assert_eq!(Retention::Years(20).as_stored(), "20");
        assert_eq!(Retention::Permanent.label_vi(), "Vĩnh viễn");
    }

    #[test]
    fn file_notations_are_checked_and_upper_cased() {
        assert_eq!(parse_file_notation("01.tccb"), Ok("01.TCCB".into()));
        assert_eq!(parse_file_notation("12.KS-TĐ"), Ok("12.KS-TĐ".into()));
        for bad in ["", "01..TCCB", "01/TCCB", "<b>", ".01", "01 TCCB"] {
            assert!(parse_file_notation(bad).is_err(), "{bad:?} accepted");
        }
        assert_eq!(
            parse_file_notation(&"A".repeat(31)).map_err(|e| e.code),
            Err("too_long")
        );
        assert_eq!(file_code("G12.27", 2026, "01.TCCB"), "G12.27.2026.01.TCCB");
    }

    #[test]
    fn a_dossier_closes_reopens_and_is_handed_over_once() {
        use DossierStatus::*;
        assert_eq!(next_dossier(Open, DossierStep::Close), Some(Closed));
        assert_eq!(next_dossier(Closed, DossierStep::Edit), None);
        assert_eq!(next_dossier(Closed, DossierStep::Reopen), Some(Open));
        assert_eq!(next_dossier(Open, DossierStep::HandOver), None);
        assert_eq!(
            next_dossier(Closed, DossierStep::HandOver),
            Some(HandedOver)
        );
        for step in [
            DossierStep::Edit,
            DossierStep::Close,
            DossierStep::Reopen,
            DossierStep::HandOver,
        ] {
            assert_eq!(next_dossier(HandedOver, step), None);
        }
    }

    #[test]
    fn handover_falls_due_a_year_after_closing() {
        assert_eq!(handover_due(d(2025, 3, 14)), d(2026, 3, 14));
        assert_eq!(handover_due(d(2024, 2, 29)), d(2025, 2, 28));
        assert_eq!(latest_closing_due_by(d(2026, 3, 14)), d(2025, 3, 14));
        assert_eq!(latest_closing_due_by(d(2025, 2, 28)), d(2024, 2, 29));
        assert_eq!(latest_closing_due_by(d(2025, 3, 1)), d(2024, 3, 1));
    }
}
