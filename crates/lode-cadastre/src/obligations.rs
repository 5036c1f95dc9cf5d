//! What a licence's holder owes and by when, without I/O: the licence's expiry, the last day
//! to file for its extension, the yearly report on the year's work, the yearly instalment of
//! the mining-right fee. The days are the regulations' (named beside each constant); the
//! reminders' sweep ([`crate::reminders`]) tells staff and holders ahead of each.

use crate::licence::{Kind, State, Status};
use chrono::{Datelike, NaiveDate};
use serde::Serialize;

/// An extension is asked for while the licence still has at least this many days to run
/// (Decree 158/2016/NĐ-CP, art. 30 and 39, for exploration and mining licences alike).
pub const EXTENSION_NOTICE_DAYS: i64 = 45;

/// The yearly report on the previous year's exploration or mining is due by this day of
/// January.
pub const REPORT_DAY: (u32, u32) = (1, 15);

/// A yearly instalment of the mining-right fee is due by this day (Decree 67/2019/NĐ-CP: by
/// 31 March each year after the first).
pub const FEE_DAY: (u32, u32) = (3, 31);

lode_core::named! {
    #[derive(utoipa::ToSchema)]
    /// What falls due.
    Duty {
        /// The licence ends: mining must stop, or the area be returned and closed.
        Expiry = "expiry",
        /// The last day to file for an extension.
        ExtensionDeadline = "extension_deadline",
        /// The yearly report on the previous year's work.
        YearlyReport = "yearly_report",
        /// The yearly instalment of the mining-right fee.
        MiningRightFee = "mining_right_fee",
    }
}

/// One thing due on one day.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Obligation {
    pub duty: Duty,
    #[schema(value_type = String, format = Date)]
    pub due: NaiveDate,
    /// The year a report or an instalment is for.
    pub year: Option<i32>,
}

/// How far ahead each duty is told, days.
pub fn lead_days(d: Duty) -> i64 {
    match d {
        Duty::Expiry => 90,
        Duty::ExtensionDeadline => 30,
        Duty::YearlyReport | Duty::MiningRightFee => 30,
    }
}

fn day(y: i32, (m, d): (u32, u32)) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

/// What licence `kind` in state `s` owes from `from` to `to` (both included), in order of
/// the day it falls due. A licence that has ended owes nothing more here (what it still owes
/// is the closure's, outside the register).
pub fn due_between(kind: Kind, s: &State, from: NaiveDate, to: NaiveDate) -> Vec<Obligation> {
    let mut out = Vec::new();
    if s.status != Status::Valid {
        return out;
    }
    let mut push = |duty: Duty, due: Option<NaiveDate>, year: Option<i32>| {
        if let Some(due) = due
            && due >= from
            && due <= to
        {
            out.push(Obligation { duty, due, year });
        }
    };
    push(Duty::Expiry, Some(s.valid_until), None);
    if kind != Kind::Registration {
        push(
            Duty::ExtensionDeadline,
            s.valid_until
                .checked_sub_signed(chrono::Duration::days(EXTENSION_NOTICE_DAYS)),
            None,
        );
        // a report for each year the licence ran in, due the January after
        for y in s.valid_from.year()..=s.valid_until.year() {
            push(Duty::YearlyReport, day(y + 1, REPORT_DAY), Some(y));
        }
    }
    if kind == Kind::Mining {
        // an instalment each year after the grant's, while the licence runs
        for y in s.valid_from.year() + 1..=s.valid_until.year() {
            let due = day(y, FEE_DAY).filter(|d| *d <= s.valid_until);
            push(Duty::MiningRightFee, due, Some(y));
        }
    }
    out.sort_by_key(|o| o.due);
    out
}

/// What falls due from `today` within each duty's lead (what is past due is shown on the
/// licence, not told as coming).
pub fn to_tell(kind: Kind, s: &State, today: NaiveDate) -> Vec<Obligation> {
    let horizon = today + chrono::Duration::days(90);
    due_between(kind, s, today, horizon)
        .into_iter()
        .filter(|o| (o.due - today).num_days() <= lead_days(o.duty))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geodesy::{Projection, Zone};

    fn state(from: &str, until: &str) -> State {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default();
        State {
            holder: "Công ty CP Than Hà Lầm".into(),
            holder_tax_code: Some("5700100256".into()),
            minerals: vec!["than đá".into()],
            mineral_group: 2,
            province: "Quảng Ninh".into(),
            commune: None,
            projection: Projection {
                meridian: 107.75,
                zone: Zone::Three,
            },
            rings: Vec::new(),
            area_ha: 16.0,
            legal_area_ha: 16.0,
            depth_from_m: None,
            depth_to_m: None,
            reserves: None,
            capacity: None,
            valid_from: d(from),
            valid_until: d(until),
            status: Status::Valid,
        }
    }

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
    }

    #[test]
    fn a_mining_licence_owes_its_reports_its_fee_and_its_extension() {
        let s = state("2020-06-01", "2027-02-10");
        let all = due_between(Kind::Mining, &s, d("2026-01-01"), d("2027-12-31"));
        let got: Vec<(Duty, NaiveDate)> = all.iter().map(|o| (o.duty, o.due)).collect();
        assert_eq!(
            got,
            vec![
                (Duty::YearlyReport, d("2026-01-15")),
                (Duty::MiningRightFee, d("2026-03-31")),
                (Duty::ExtensionDeadline, d("2026-12-27")),
                (Duty::YearlyReport, d("2027-01-15")),
                (Duty::Expiry, d("2027-02-10")),
                (Duty::YearlyReport, d("2028-01-15")),
            ]
            .into_iter()
            .filter(|(_, due)| *due <= d("2027-12-31"))
            .collect::<Vec<_>>()
        );
        // the fee of 2027 falls after the licence's end: not owed
        assert!(
            !all.iter()
                .any(|o| o.duty == Duty::MiningRightFee && o.year == Some(2027))
        );
    }

    #[test]
    fn reminders_come_within_each_duty_s_lead() {
        let s = state("2020-06-01", "2027-02-10");
        // 40 days before the extension deadline: not yet; 30 days before: told
        let early = to_tell(Kind::Mining, &s, d("2026-11-17"));
        assert!(
            !early.iter().any(|o| o.duty == Duty::ExtensionDeadline),
            "{early:?}"
        );
        let told = to_tell(Kind::Mining, &s, d("2026-11-27"));
        assert!(
            told.iter().any(|o| o.duty == Duty::ExtensionDeadline),
            "{told:?}"
        );
        // 90 days before expiry, not 101
        assert!(
            to_tell(Kind::Mining, &s, d("2026-11-12"))
                .iter()
                .any(|o| o.duty == Duty::Expiry)
        );
        assert!(
            !to_tell(Kind::Mining, &s, d("2026-11-01"))
                .iter()
                .any(|o| o.duty == Duty::Expiry)
        );
        // a registration (group IV) has no extension and no report here
        let r = due_between(Kind::Registration, &s, d("2020-01-01"), d("2030-01-01"));
        assert_eq!(
            r.iter().map(|o| o.duty).collect::<Vec<_>>(),
            vec![Duty::Expiry]
        );
        // an ended licence owes nothing the register tells
        let mut ended = s.clone();
        ended.status = Status::Returned;
        assert!(due_between(Kind::Mining, &ended, d("2020-01-01"), d("2030-01-01")).is_empty());
    }
}
