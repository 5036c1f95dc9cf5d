//! Working days and legal deadlines: the Vietnamese lunar calendar (computed for
//! UTC+7, as the Vietnamese calendar is, which differs from the Chinese one in some years), the
//! public holidays of the Labour Code 2019 (Art. 112) seeded from it, the government's yearly
//! swaps and make-up days entered on top, and deadlines counted in working days or in days.
//!
//! - [`lunar_to_solar`], [`solar_to_lunar`]: the lunar calendar (new moons and solar terms by
//!   the usual astronomical series, good to a few minutes over 1900–2100);
//! - [`statutory_holidays`]: a year's days off by the Labour Code, with the next working day off
//!   for a holiday that falls on a weekend;
//! - [`Calendar`]: weekends, holidays and the administrator's changes; [`Calendar::deadline`]
//!   counts a deadline from a receipt date, with the clock stopped while waiting for the
//!   applicant.

use chrono::{Datelike, Days, NaiveDate, Weekday};
use std::collections::BTreeMap;
use std::f64::consts::PI;

/// Vietnam's time zone, in hours from UTC: lunar months begin on the day of the new moon there.
const TIME_ZONE: f64 = 7.0;

/// The Julian day number of a date.
fn julian_day(d: NaiveDate) -> i64 {
    i64::from(d.num_days_from_ce()) + 1_721_425
}

fn from_julian_day(jd: i64) -> Option<NaiveDate> {
    NaiveDate::from_num_days_from_ce_opt(i32::try_from(jd - 1_721_425).ok()?)
}

/// The moment (Julian date, UT) of the `k`-th new moon after the one of 1 January 1900.
fn new_moon(k: i64) -> f64 {
    let k = k as f64;
    let t = k / 1236.85;
    let (t2, t3) = (t * t, t * t * t);
    let dr = PI / 180.0;
    let mut jd1 = 2_415_020.759_33 + 29.530_588_68 * k + 0.000_117_8 * t2 - 0.000_000_155 * t3;
    jd1 += 0.000_33 * ((166.56 + 132.87 * t - 0.009_173 * t2) * dr).sin();
    // the sun's and the moon's mean anomalies, the moon's argument of latitude
    let m = 359.224_2 + 29.105_356_08 * k - 0.000_033_3 * t2 - 0.000_003_47 * t3;
    let mpr = 306.025_3 + 385.816_918_06 * k + 0.010_730_6 * t2 + 0.000_012_36 * t3;
    let f = 21.296_4 + 390.670_506_46 * k - 0.001_652_8 * t2 - 0.000_002_39 * t3;
    let s = |x: f64| (x * dr).sin();
    let c1 = (0.173_4 - 0.000_393 * t) * s(m) + 0.002_1 * s(2.0 * m) - 0.406_8 * s(mpr)
        + 0.016_1 * s(2.0 * mpr)
        - 0.000_4 * s(3.0 * mpr)
        + 0.010_4 * s(2.0 * f)
        - 0.005_1 * s(m + mpr)
        - 0.007_4 * s(m - mpr)
        + 0.000_4 * s(2.0 * f + m)
        - 0.000_4 * s(2.0 * f - m)
        - 0.000_6 * s(2.0 * f + mpr)
        + 0.001_0 * s(2.0 * f - mpr)
        + 0.000_5 * s(2.0 * mpr + m);
    let delta_t = if t < -11.0 {
        0.001 + 0.000_839 * t + 0.000_226_1 * t2 - 0.000_008_45 * t3 - 0.000_000_081 * t * t3
    } else {
        -0.000_278 + 0.000_265 * t + 0.000_262 * t2
    };
    jd1 + c1 - delta_t
}

/// The day (Julian day number, in Vietnam) of the `k`-th new moon.
fn new_moon_day(k: i64) -> i64 {
    (new_moon(k) + 0.5 + TIME_ZONE / 24.0).floor() as i64
}

/// Which twelfth of the ecliptic the sun is in at the start of day `jd` in Vietnam (0 at the
/// spring equinox's sector start, counting in 30° steps).
fn sun_sector(jd: i64) -> i64 {
    let t = (jd as f64 - 0.5 - TIME_ZONE / 24.0 - 2_451_545.0) / 36_525.0;
    let t2 = t * t;
    let dr = PI / 180.0;
    let m = 357.529_10 + 35_999.050_30 * t - 0.000_155_9 * t2 - 0.000_000_48 * t * t2;
    let l0 = 280.466_45 + 36_000.769_83 * t + 0.000_303_2 * t2;
    let dl = (1.914_600 - 0.004_817 * t - 0.000_014 * t2) * (dr * m).sin()
        + (0.019_993 - 0.000_101 * t) * (dr * 2.0 * m).sin()
        + 0.000_290 * (dr * 3.0 * m).sin();
    let l = (l0 + dl) * dr;
    let l = l - 2.0 * PI * (l / (2.0 * PI)).floor();
    (l / PI * 6.0).floor() as i64
}

/// The first day of the 11th lunar month (the one holding the winter solstice) of solar year
/// `year`.
fn month_11(year: i32) -> Option<i64> {
    let off = julian_day(NaiveDate::from_ymd_opt(year, 12, 31)?) - 2_415_021;
    let k = (off as f64 / 29.530_588_853).floor() as i64;
    let nm = new_moon_day(k);
    Some(if sun_sector(nm) >= 9 {
        new_moon_day(k - 1)
    } else {
        nm
    })
}

/// In a lunar year of 13 months starting at month 11 `a11`, which month after it is the leap
/// one (the first without a major solar term).
fn leap_month_offset(a11: i64) -> i64 {
    let k = ((a11 as f64 - 2_415_021.076_998_695) / 29.530_588_853 + 0.5).floor() as i64;
    let mut i = 1;
    let mut arc = sun_sector(new_moon_day(k + i));
    loop {
        let last = arc;
        i += 1;
        arc = sun_sector(new_moon_day(k + i));
        if arc == last || i >= 14 {
            break;
        }
    }
    i - 1
}

/// A day of the lunar calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LunarDate {
    pub day: u32,
    pub month: u32,
    pub year: i32,
    /// The month is the year's leap (repeated) month.
    pub leap: bool,
}

/// The solar date of a lunar date, or `None` when there is no such day (a leap month the year
/// does not have, a day past the month's end, years outside 1900–2199).
pub fn lunar_to_solar(l: LunarDate) -> Option<NaiveDate> {
    if !(1900..2200).contains(&l.year) || !(1..=12).contains(&l.month) || !(1..=30).contains(&l.day)
    {
        return None;
    }
    let (a11, b11) = if l.month < 11 {
        (month_11(l.year - 1)?, month_11(l.year)?)
    } else {
        (month_11(l.year)?, month_11(l.year + 1)?)
    };
    let k = (0.5 + (a11 as f64 - 2_415_021.076_998_695) / 29.530_588_853).floor() as i64;
    let mut off = i64::from(l.month) - 11;
    if off < 0 {
        off += 12;
    }
    if b11 - a11 > 365 {
        let leap_off = leap_month_offset(a11);
        let mut leap_month = leap_off - 2;
        if leap_month < 0 {
            leap_month += 12;
        }
        if l.leap && i64::from(l.month) != leap_month {
            return None;
        }
        if l.leap || off >= leap_off {
            off += 1;
        }
    } else if l.leap {
        return None;
    }
    let start = new_moon_day(k + off);
    let next = new_moon_day(k + off + 1);
    if i64::from(l.day) > next - start {
        return None;
    }
    from_julian_day(start + i64::from(l.day) - 1)
}

/// The lunar date of a solar date (1900–2199).
pub fn solar_to_lunar(d: NaiveDate) -> Option<LunarDate> {
    if !(1900..2200).contains(&d.year()) {
        return None;
    }
    let jd = julian_day(d);
    let k = ((jd as f64 - 2_415_021.076_998_695) / 29.530_588_853).floor() as i64;
    let mut month_start = new_moon_day(k + 1);
    if month_start > jd {
        month_start = new_moon_day(k);
    }
    let this_11 = month_11(d.year())?;
    // the lunar year (named by the solar year it mostly falls in) between two month 11s
    let (a11, b11, mut year) = if this_11 >= month_start {
        (month_11(d.year() - 1)?, this_11, d.year())
    } else {
        (this_11, month_11(d.year() + 1)?, d.year() + 1)
    };
    let day = (jd - month_start + 1) as u32;
    let diff = (month_start - a11) / 29;
    let mut leap = false;
    let mut month = diff + 11;
    if b11 - a11 > 365 {
        let leap_diff = leap_month_offset(a11);
        if diff >= leap_diff {
            month = diff + 10;
            if diff == leap_diff {
                leap = true;
            }
        }
    }
    if month > 12 {
        month -= 12;
    }
    if month >= 11 && diff < 4 {
        year -= 1;
    }
    Some(LunarDate {
        day,
        month: month as u32,
        year,
        leap,
    })
}

/// Why a day is off or on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayNote {
    /// A day off (holiday, compensatory day, swapped day), or a working day (a make-up day on a
    /// weekend).
    pub off: bool,
    /// What it is, in Vietnamese: "Tết Nguyên đán", "Nghỉ bù", ...
    pub name: String,
}

/// The statutory days off by the names the calendar gives them, and the keys a page names
/// them by in another language (`holiday.{key}`).
pub mod holiday {
    pub const NEW_YEAR: &str = "Tết Dương lịch";
    pub const TET: &str = "Tết Nguyên đán";
    pub const HUNG_KINGS: &str = "Giỗ Tổ Hùng Vương";
    pub const REUNIFICATION: &str = "Ngày Chiến thắng";
    pub const LABOUR: &str = "Ngày Quốc tế Lao động";
    pub const NATIONAL: &str = "Quốc khánh";
    pub const COMPENSATORY: &str = "Nghỉ bù";

    /// Each name with its key.
    pub const ALL: [(&str, &str); 7] = [
        ("new_year", NEW_YEAR),
        ("tet", TET),
        ("hung_kings", HUNG_KINGS),
        ("reunification", REUNIFICATION),
        ("labour", LABOUR),
        ("national", NATIONAL),
        ("compensatory", COMPENSATORY),
    ];
}

fn day_off(name: &str) -> DayNote {
    DayNote {
        off: true,
        name: name.to_string(),
    }
}

fn is_weekend(d: NaiveDate) -> bool {
    matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

/// The days off of `year` by the Labour Code 2019, Art. 112, as the government usually fixes
/// them: 1 January; Tết, the last day of the lunar year and the first four of the new one; the
/// Hùng Kings' day, 10th of the 3rd lunar month; 30 April; 1 May; 2 September with the day
/// beside it that joins a weekend (1 September when the 2nd is a Tuesday, else the 3rd); each
/// holiday on a weekend gives the next working day off. The government's yearly decision may
/// differ: the administrator's entries in [`Calendar`] take precedence.
pub fn statutory_holidays(year: i32) -> BTreeMap<NaiveDate, DayNote> {
    let mut days: BTreeMap<NaiveDate, DayNote> = BTreeMap::new();
    let mut add = |d: Option<NaiveDate>, name: &str| {
        if let Some(d) = d {
            days.insert(d, day_off(name));
        }
    };
    let date = |m, d| NaiveDate::from_ymd_opt(year, m, d);
    add(date(1, 1), holiday::NEW_YEAR);
    if let Some(tet) = lunar_to_solar(LunarDate {
        day: 1,
        month: 1,
        year,
        leap: false,
    }) {
        for offset in -1i64..=3 {
            let d = if offset < 0 {
                tet.checked_sub_days(Days::new(1))
            } else {
                tet.checked_add_days(Days::new(offset as u64))
            };
            add(d, holiday::TET);
        }
    }
    add(
        lunar_to_solar(LunarDate {
            day: 10,
            month: 3,
            year,
            leap: false,
        }),
        holiday::HUNG_KINGS,
    );
    add(date(4, 30), holiday::REUNIFICATION);
    add(date(5, 1), holiday::LABOUR);
    add(date(9, 2), holiday::NATIONAL);
    let second = date(9, 2);
    let beside = match second.map(|d| d.weekday()) {
        Some(Weekday::Tue) => date(9, 1),
        _ => date(9, 3),
    };
    add(beside, holiday::NATIONAL);
    // a holiday on a weekend: the next working day off (Art. 112(3))
    let on_weekend: Vec<NaiveDate> = days.keys().copied().filter(|d| is_weekend(*d)).collect();
    for d in on_weekend {
        let mut next = d;
        while let Some(n) = next.succ_opt() {
            next = n;
            if !is_weekend(next) && !days.contains_key(&next) {
                days.insert(next, day_off(holiday::COMPENSATORY));
                break;
            }
        }
    }
    days
}

/// The statutory days off of `d`'s year, computed once per process (they depend on the year
/// alone).
fn statutory_year(d: NaiveDate) -> std::sync::Arc<BTreeMap<NaiveDate, DayNote>> {
    use std::collections::HashMap;
    use std::sync::{Arc, Mutex, OnceLock};
    type Days = Arc<BTreeMap<NaiveDate, DayNote>>;
    static YEARS: OnceLock<Mutex<HashMap<i32, Days>>> = OnceLock::new();
    let years = YEARS.get_or_init(Mutex::default);
    if let Some(days) = years.lock().ok().and_then(|y| y.get(&d.year()).cloned()) {
        return days;
    }
    let days: Days = Arc::new(statutory_holidays(d.year()));
    if let Ok(mut y) = years.lock() {
        y.insert(d.year(), days.clone());
    }
    days
}

/// How a deadline is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineUnit {
    /// Working days: weekends and days off are skipped.
    WorkingDays,
    /// Days, running continuously; a last day that is a day off moves to the next working day.
    Days,
}

impl DeadlineUnit {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::WorkingDays => "working_days",
            Self::Days => "days",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "working_days" => Some(Self::WorkingDays),
            "days" => Some(Self::Days),
            _ => None,
        }
    }
}

/// A stretch during which the clock stood still (waiting for the applicant to complete the
/// dossier): from `from` (the day the request went out) to `until` (the day the documents
/// arrived), neither counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pause {
    pub from: NaiveDate,
    pub until: NaiveDate,
}

impl Pause {
    fn holds(&self, d: NaiveDate) -> bool {
        self.from <= d && d <= self.until
    }
}

/// The working calendar: weekends off, the statutory holidays of the years asked about, and the
/// administrator's changes (a swapped day off, a make-up working Saturday) over them.
#[derive(Debug, Clone, Default)]
pub struct Calendar {
    /// The administrator's entries, which win over the rules.
    changes: BTreeMap<NaiveDate, DayNote>,
}

/// Deadlines longer than this many days are refused (a catalogue typo, not a real procedure).
pub const MAX_DEADLINE_DAYS: u32 = 3 * 366;

impl Calendar {
    /// Weekends and the statutory holidays, with `changes` on top.
    pub fn new(changes: impl IntoIterator<Item = (NaiveDate, DayNote)>) -> Self {
        Self {
            changes: changes.into_iter().collect(),
        }
    }

    /// What is known of a day beyond the weekday: the administrator's entry, else the rule's.
    pub fn note(&self, d: NaiveDate) -> Option<DayNote> {
        if let Some(n) = self.changes.get(&d) {
            return Some(n.clone());
        }
        statutory_year(d).get(&d).cloned()
    }

    pub fn is_working_day(&self, d: NaiveDate) -> bool {
        match self.changes.get(&d) {
            Some(n) => !n.off,
            None => !is_weekend(d) && !statutory_year(d).contains_key(&d),
        }
    }

    /// The first working day on or after `d`.
    pub fn on_or_after(&self, d: NaiveDate) -> NaiveDate {
        let mut day = d;
        for _ in 0..400 {
            if self.is_working_day(day) {
                return day;
            }
            match day.succ_opt() {
                Some(n) => day = n,
                None => return day,
            }
        }
        day
    }

    /// The deadline of `amount` days in `unit` from `received` (the day of the receipt slip,
    /// itself not counted), the clock stopped during `pauses`. Working days count the working
    /// days after the receipt outside pauses; days count every day outside pauses, and a last
    /// day that is not a working day moves to the next one.
    pub fn deadline(
        &self,
        received: NaiveDate,
        amount: u32,
        unit: DeadlineUnit,
        pauses: &[Pause],
    ) -> Option<NaiveDate> {
        if amount > MAX_DEADLINE_DAYS {
            return None;
        }
        let paused = |d: NaiveDate| pauses.iter().any(|p| p.holds(d));
        let mut day = received;
        let mut left = amount;
        // each step a day; pauses and days off can stretch it, bounded all the same
        for _ in 0..(amount as usize * 3 + 800) {
            if left == 0 {
                return Some(match unit {
                    DeadlineUnit::WorkingDays => day,
                    DeadlineUnit::Days => self.on_or_after(day),
                });
            }
            day = day.succ_opt()?;
            let counts = !paused(day)
                && match unit {
                    DeadlineUnit::WorkingDays => self.is_working_day(day),
                    DeadlineUnit::Days => true,
                };
            if counts {
                left -= 1;
            }
        }
        None
    }

    /// Working days from `from` (not counted) up to `to` (counted); negative when `to` is
    /// earlier. What the control sheet and the lateness warnings show.
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> i64 {
        let (a, b, sign) = if from <= to {
            (from, to, 1)
        } else {
            (to, from, -1)
        };
        let mut n = 0i64;
        let mut d = a;
        while d < b {
            let Some(next) = d.succ_opt() else { break };
            d = next;
            if self.is_working_day(d) {
                n += 1;
            }
        }
        sign * n
    }

    /// The last working day before `d`: when the apology with a new date (form 04) must be
    /// issued by, at the latest, for a deadline on `d`.
    pub fn working_day_before(&self, d: NaiveDate) -> Option<NaiveDate> {
        let mut day = d;
        for _ in 0..400 {
            day = day.pred_opt()?;
            if self.is_working_day(day) {
                return Some(day);
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    fn tet(year: i32) -> Option<NaiveDate> {
        lunar_to_solar(LunarDate {
            day: 1,
            month: 1,
            year,
            leap: false,
        })
    }

    #[test]
    fn tet_falls_where_vietnam_keeps_it() {
        for (year, expected) in [
            (2019, day(2019, 2, 5)),
            (2020, day(2020, 1, 25)),
            (2021, day(2021, 2, 12)),
            (2022, day(2022, 2, 1)),
            (2023, day(2023, 1, 22)),
            (2024, day(2024, 2, 10)),
            (2025, day(2025, 1, 29)),
            (2026, day(2026, 2, 17)),
            (2027, day(2027, 2, 6)),
            (2028, day(2028, 1, 26)),
            (2029, day(2029, 2, 13)),
            // the years Vietnam's Tết differs from China's (UTC+7 against UTC+8): 1985 a month
            // earlier, 2007 and 2030 a day earlier (the new moon falls late in the evening)
            (1985, day(1985, 1, 21)),
            (2007, day(2007, 2, 17)),
            (2030, day(2030, 2, 2)),
        ] {
            assert_eq!(tet(year), Some(expected), "Tết {year}");
        }
    }

    #[test]
    fn the_hung_kings_day_is_the_tenth_of_the_third_month() {
        for (year, expected) in [
            (2021, day(2021, 4, 21)),
            (2022, day(2022, 4, 10)),
            (2023, day(2023, 4, 29)),
            (2024, day(2024, 4, 18)),
            (2025, day(2025, 4, 7)),
            (2026, day(2026, 4, 26)),
        ] {
            let d = lunar_to_solar(LunarDate {
                day: 10,
                month: 3,
                year,
                leap: false,
            });
            assert_eq!(d, Some(expected), "Giỗ Tổ {year}");
        }
    }

    #[test]
    fn lunar_and_solar_go_back_and_forth() {
        // every day of 2019–2031, across leap months (2020 has a leap 4th, 2023 a leap 2nd)
        let mut d = day(2019, 1, 1);
        let mut leap_months = Vec::new();
        while d < day(2031, 1, 1) {
            let l = solar_to_lunar(d).expect("a lunar date");
            assert_eq!(lunar_to_solar(l), Some(d), "{d} is {l:?}");
            if l.leap && l.day == 1 {
                leap_months.push((l.year, l.month));
            }
            d = d.succ_opt().expect("a next day");
        }
        assert_eq!(
            leap_months,
            vec![(2020, 4), (2023, 2), (2025, 6), (2028, 5)]
        );
        assert_eq!(
            lunar_to_solar(LunarDate {
                day: 1,
                month: 3,
                year: 2023,
                leap: true
            }),
            None,
            "2023's leap month is the 2nd"
        );
        assert_eq!(
            lunar_to_solar(LunarDate {
                day: 31,
                month: 1,
                year: 2026,
                leap: false
            }),
            None
        );
    }

    #[test]
    fn the_statutory_days_off_of_2026() {
        let h = statutory_holidays(2026);
        let off: Vec<NaiveDate> = h.keys().copied().collect();
        // Tết: the last day of the year of the Snake and the first four of the Horse; the
        // Hùng Kings' day on a Sunday gives Monday 27 April; 2 September a Wednesday, with the 3rd
        assert_eq!(
            off,
            vec![
                day(2026, 1, 1),
                day(2026, 2, 16),
                day(2026, 2, 17),
                day(2026, 2, 18),
                day(2026, 2, 19),
                day(2026, 2, 20),
                day(2026, 4, 26),
                day(2026, 4, 27),
                day(2026, 4, 30),
                day(2026, 5, 1),
                day(2026, 9, 2),
                day(2026, 9, 3),
            ]
        );
        assert_eq!(h[&day(2026, 4, 27)].name, holiday::COMPENSATORY);
        // 2025: 2 September a Tuesday, with Monday the 1st
        let h = statutory_holidays(2025);
        assert!(h.contains_key(&day(2025, 9, 1)) && h.contains_key(&day(2025, 9, 2)));
    }

    #[test]
    fn working_days_skip_weekends_and_tet() {
        let cal = Calendar::default();
        // received Friday 13 February 2026: Tết runs Monday 16 to Friday 20; five working
        // days are 23, 24, 25, 26, 27 February
        assert_eq!(
            cal.deadline(day(2026, 2, 13), 5, DeadlineUnit::WorkingDays, &[]),
            Some(day(2026, 2, 27))
        );
        // Tết 2025 (29 January): received Friday 24 January, 3 working days → 5 February
        assert_eq!(
            cal.deadline(day(2025, 1, 24), 3, DeadlineUnit::WorkingDays, &[]),
            Some(day(2025, 2, 5))
        );
        // Tết 2024 (10 February, a Saturday: the 9th to the 13th off, then the 14th as
        // compensation for the 10th and the 15th for the 11th)
        let h = statutory_holidays(2024);
        assert!(h.contains_key(&day(2024, 2, 14)) && h.contains_key(&day(2024, 2, 15)));
        assert_eq!(
            cal.deadline(day(2024, 2, 8), 1, DeadlineUnit::WorkingDays, &[]),
            Some(day(2024, 2, 16))
        );
        assert_eq!(
            cal.working_days_between(day(2026, 2, 13), day(2026, 2, 27)),
            5
        );
        assert_eq!(
            cal.working_days_between(day(2026, 2, 27), day(2026, 2, 13)),
            -5
        );
    }

    #[test]
    fn days_run_on_and_a_last_day_off_moves() {
        let cal = Calendar::default();
        // 30 days from 18 January 2026 end on 17 February, Tết: the 23rd (Monday) instead
        assert_eq!(
            cal.deadline(day(2026, 1, 18), 30, DeadlineUnit::Days, &[]),
            Some(day(2026, 2, 23))
        );
        // 5 days from Monday 2 March 2026 end Saturday 7 March: Monday 9 March
        assert_eq!(
            cal.deadline(day(2026, 3, 2), 5, DeadlineUnit::Days, &[]),
            Some(day(2026, 3, 9))
        );
        assert_eq!(
            cal.deadline(day(2026, 3, 2), 3, DeadlineUnit::Days, &[]),
            Some(day(2026, 3, 5))
        );
    }

    #[test]
    fn the_clock_stops_while_waiting_for_the_applicant() {
        let cal = Calendar::default();
        // 5 working days from Monday 2 March 2026 is Monday 9 March; a request to complete on
        // Wednesday 4th answered on Tuesday 10th stops the clock: 3rd, then 11th, 12th, 13th,
        // 16th
        let pause = Pause {
            from: day(2026, 3, 4),
            until: day(2026, 3, 10),
        };
        assert_eq!(
            cal.deadline(day(2026, 3, 2), 5, DeadlineUnit::WorkingDays, &[]),
            Some(day(2026, 3, 9))
        );
        assert_eq!(
            cal.deadline(day(2026, 3, 2), 5, DeadlineUnit::WorkingDays, &[pause]),
            Some(day(2026, 3, 16))
        );
        // in days: 10 days from 2 March is 12 March; 7 days paused make it 19 March
        assert_eq!(
            cal.deadline(day(2026, 3, 2), 10, DeadlineUnit::Days, &[pause]),
            Some(day(2026, 3, 19))
        );
    }

    #[test]
    fn the_administrator_swaps_days() {
        // 2026: the government moves a day off to Friday 2 January and makes Saturday
        // 10 January a working day
        let cal = Calendar::new([
            (day(2026, 1, 2), day_off("Nghỉ hoán đổi")),
            (
                day(2026, 1, 10),
                DayNote {
                    off: false,
                    name: "Làm bù".into(),
                },
            ),
        ]);
        assert!(!cal.is_working_day(day(2026, 1, 2)));
        assert!(cal.is_working_day(day(2026, 1, 10)));
        assert_eq!(
            cal.deadline(day(2025, 12, 31), 2, DeadlineUnit::WorkingDays, &[]),
            Some(day(2026, 1, 6)),
            "1 January and the swapped 2nd off, the weekend off: the 5th and the 6th"
        );
        assert_eq!(
            cal.deadline(day(2026, 1, 8), 2, DeadlineUnit::WorkingDays, &[]),
            Some(day(2026, 1, 10)),
            "the make-up Saturday counts"
        );
        assert_eq!(
            cal.note(day(2026, 1, 2)).map(|n| n.name),
            Some("Nghỉ hoán đổi".into())
        );
        assert_eq!(
            cal.working_day_before(day(2026, 1, 5)),
            Some(day(2025, 12, 31))
        );
        assert_eq!(
            cal.deadline(
                day(2026, 1, 1),
                MAX_DEADLINE_DAYS + 1,
                DeadlineUnit::Days,
                &[]
            ),
            None
        );
    }
}
