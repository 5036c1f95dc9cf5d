//! The handling of an accepted public-service dossier, the rules without storage:
//!
//! - [`stage_due_dates`]: the day each internal stage is due, one after another from the day
//!   the dossier was accepted, each in its own unit (working days or days);
//! - [`Timeliness`]: form 05's verdict on a handover (before, on, or after the day it was due);
//! - [`warning`]: whether a dossier still being handled must be warned about, and the last day
//!   its apology with a new date (form 04) may be issued: one working day before the deadline
//!   (Decree 61/2018, Art. 19);
//! - [`HandoverKind`]: the handovers the processing control sheet (form 05) lists.

use crate::calendar::Calendar;
use crate::services::{Stage, StageRole};
use chrono::NaiveDate;
use serde::Serialize;

/// A dossier is warned about when this many working days or fewer are left before its
/// deadline: time enough for the handling unit to finish, or for the apology, which must go
/// out a working day before.
pub const WARN_WORKING_DAYS: i64 = 3;

/// The day each stage is due: the first counted from `accepted` (the receipt slip's day), each
/// next one from the day the previous one was due. `None` when a stage's length cannot be
/// counted.
pub fn stage_due_dates(
    calendar: &Calendar,
    accepted: NaiveDate,
    stages: &[Stage],
) -> Option<Vec<NaiveDate>> {
    let mut from = accepted;
    let mut out = Vec::with_capacity(stages.len());
    for s in stages {
        let due = calendar.deadline(from, s.days, s.unit, &[])?;
        out.push(due);
        from = due;
    }
    Some(out)
}

/// The due day of the stage a handover of `kind` closes: the desk's stage for the acceptance,
/// the handling unit's last stage for the unit's completion, the leader's for the result. The
/// e-office steps in between (routing, assignment) are measured against the handling unit's
/// last stage; the return against the promised date.
pub fn due_for(
    kind: HandoverKind,
    stages: &[(StageRole, NaiveDate)],
    promised: NaiveDate,
) -> NaiveDate {
    let last_of = |roles: &[StageRole]| {
        stages
            .iter()
            .rev()
            .find(|(r, _)| roles.contains(r))
            .map(|(_, d)| *d)
    };
    let found = match kind {
        HandoverKind::Accepted | HandoverKind::TakenByUnit => stages
            .iter()
            .find(|(r, _)| *r == StageRole::Desk)
            .map(|(_, d)| *d),
        HandoverKind::Routed | HandoverKind::Assigned | HandoverKind::Handled => {
            last_of(&[StageRole::Specialist, StageRole::UnitLeader])
        }
        HandoverKind::ResultIssued => last_of(&[StageRole::Leader]),
        // the unit's own result or answer is its last stage's work
        HandoverKind::UnitResult => last_of(&[
            StageRole::Specialist,
            StageRole::UnitLeader,
            StageRole::Leader,
        ]),
        HandoverKind::Returned | HandoverKind::AnsweredOnline => None,
    };
    found.unwrap_or(promised)
}

/// The handovers of form 05, in the order a dossier goes through them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HandoverKind {
    /// The desk hands the accepted dossier to the body's leaders (its e-office registration).
    Accepted,
    /// The leader routes it to the handling unit.
    Routed,
    /// The unit's leader names the specialist.
    Assigned,
    /// The handling unit finishes and sends its proposal up.
    Handled,
    /// The result is signed, numbered and issued.
    ResultIssued,
    /// The result goes back to the applicant (online or at the desk).
    Returned,
    /// The desk hands the accepted dossier straight to the unit that handles it on its own
    /// pages (the archive), with no letter for the leaders to route.
    TakenByUnit,
    /// That unit issues the result itself (its receipt, its certified copies) to the desk.
    UnitResult,
    /// That unit answers on its own pages, where the applicant reads the answer.
    AnsweredOnline,
}

impl HandoverKind {
    /// The name the API uses.
    pub fn as_str(self) -> &'static str {
        match self {
            HandoverKind::Accepted => "accepted",
            HandoverKind::Routed => "routed",
            HandoverKind::Assigned => "assigned",
            HandoverKind::Handled => "handled",
            HandoverKind::ResultIssued => "result_issued",
            HandoverKind::Returned => "returned",
            HandoverKind::TakenByUnit => "taken_by_unit",
            HandoverKind::UnitResult => "unit_result",
            HandoverKind::AnsweredOnline => "answered_online",
        }
    }

    /// Who gives and who receives, in form 05's words.
    pub fn parties(self) -> (&'static str, &'static str) {
        match self {
            HandoverKind::Accepted => ("Bộ phận tiếp nhận và trả kết quả", "Lãnh đạo cơ quan"),
            HandoverKind::Routed => ("Lãnh đạo cơ quan", "Đơn vị chủ trì giải quyết"),
            HandoverKind::Assigned => ("Lãnh đạo đơn vị", "Chuyên viên xử lý"),
            HandoverKind::Handled => ("Đơn vị chủ trì giải quyết", "Lãnh đạo cơ quan"),
            HandoverKind::ResultIssued => ("Lãnh đạo cơ quan", "Bộ phận tiếp nhận và trả kết quả"),
            HandoverKind::Returned => ("Bộ phận tiếp nhận và trả kết quả", "Tổ chức, cá nhân"),
            HandoverKind::TakenByUnit => (
                "Bộ phận tiếp nhận và trả kết quả",
                "Đơn vị chủ trì giải quyết",
            ),
            HandoverKind::UnitResult => (
                "Đơn vị chủ trì giải quyết",
                "Bộ phận tiếp nhận và trả kết quả",
            ),
            HandoverKind::AnsweredOnline => ("Đơn vị chủ trì giải quyết", "Tổ chức, cá nhân"),
        }
    }
}

/// Form 05's verdict on a handover.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Timeliness {
    Early,
    OnTime,
    Late,
}

impl Timeliness {
    pub fn of(done: NaiveDate, due: NaiveDate) -> Self {
        match done.cmp(&due) {
            std::cmp::Ordering::Less => Timeliness::Early,
            std::cmp::Ordering::Equal => Timeliness::OnTime,
            std::cmp::Ordering::Greater => Timeliness::Late,
        }
    }

    /// The name the API uses.
    pub fn as_str(self) -> &'static str {
        match self {
            Timeliness::Early => "early",
            Timeliness::OnTime => "on_time",
            Timeliness::Late => "late",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Timeliness::Early => "Trước hạn",
            Timeliness::OnTime => "Đúng hạn",
            Timeliness::Late => "Quá hạn",
        }
    }
}

/// What the warning says about a dossier still in handling on `today`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Warning {
    /// Working days left before the deadline (negative when it passed).
    pub working_days_left: i64,
    /// The last day the apology with a new date may be issued.
    pub apologise_by: Option<NaiveDate>,
    /// The deadline passed.
    pub overdue: bool,
}

/// The warning for a dossier due on `due`, or `None` while it has time enough.
pub fn warning(calendar: &Calendar, today: NaiveDate, due: NaiveDate) -> Option<Warning> {
    let left = calendar.working_days_between(today, due);
    (left <= WARN_WORKING_DAYS).then(|| Warning {
        working_days_left: left,
        apologise_by: calendar.working_day_before(due),
        overdue: today > due,
    })
}

/// Whether an apology with a new date may still be issued on `today` for a dossier due on
/// `due`, and whether `new_due` is later: the errors in words, field by field.
pub fn check_apology(
    calendar: &Calendar,
    today: NaiveDate,
    due: NaiveDate,
    new_due: NaiveDate,
) -> Result<(), (&'static str, &'static str, String)> {
    let by = calendar.working_day_before(due).unwrap_or(due);
    if today > by {
        return Err((
            "new_due_on",
            "too_late",
            format!(
                "the apology must be issued at least one working day before the deadline ({}), by {} at the latest",
                due.format("%d/%m/%Y"),
                by.format("%d/%m/%Y")
            ),
        ));
    }
    if new_due <= due {
        return Err((
            "new_due_on",
            "not_later",
            "the new date must be later than the present deadline".into(),
        ));
    }
    if !calendar.is_working_day(new_due) {
        return Err((
            "new_due_on",
            "day_off",
            "the new date must be a working day".into(),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::DeadlineUnit;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    fn stage(role: StageRole, days: u32, unit: DeadlineUnit) -> Stage {
        Stage {
            name: "s".into(),
            role,
            days,
            unit,
        }
    }

    #[test]
    fn stages_follow_one_another_across_tet() {
        let cal = Calendar::new(Vec::new());
        // accepted on Friday 6 February 2026; Tết 2026 is off from 14 to 22 February
        let stages = [
            stage(StageRole::Desk, 5, DeadlineUnit::WorkingDays),
            stage(StageRole::Specialist, 10, DeadlineUnit::Days),
            stage(StageRole::Leader, 2, DeadlineUnit::WorkingDays),
        ];
        let due = stage_due_dates(&cal, day(2026, 2, 6), &stages).unwrap_or_default();
        // 5 working days: 9, 10, 11, 12, 13 February
        assert_eq!(due[0], day(2026, 2, 13));
        // 10 days from the 13th is the 23rd (a Monday, the first day back)
        assert_eq!(due[1], day(2026, 2, 23));
        assert_eq!(due[2], day(2026, 2, 25));
        // a calendar-day stage ending inside Tết moves to the first working day after it
        let short = [stage(StageRole::Specialist, 3, DeadlineUnit::Days)];
        let due = stage_due_dates(&cal, day(2026, 2, 13), &short).unwrap_or_default();
        assert_eq!(due, vec![day(2026, 2, 23)]);
    }

    #[test]
    fn handovers_are_judged_against_their_stage() {
        let stages = [
            (StageRole::Desk, day(2026, 3, 2)),
            (StageRole::Specialist, day(2026, 3, 20)),
            (StageRole::UnitLeader, day(2026, 3, 25)),
            (StageRole::Leader, day(2026, 3, 30)),
        ];
        let promised = day(2026, 3, 31);
        assert_eq!(
            due_for(HandoverKind::Accepted, &stages, promised),
            day(2026, 3, 2)
        );
        assert_eq!(
            due_for(HandoverKind::Handled, &stages, promised),
            day(2026, 3, 25)
        );
        assert_eq!(
            due_for(HandoverKind::ResultIssued, &stages, promised),
            day(2026, 3, 30)
        );
        assert_eq!(due_for(HandoverKind::Returned, &stages, promised), promised);
        // a procedure without a desk stage: the promised date
        assert_eq!(due_for(HandoverKind::Accepted, &[], promised), promised);
        assert_eq!(
            Timeliness::of(day(2026, 3, 1), day(2026, 3, 2)),
            Timeliness::Early
        );
        assert_eq!(
            Timeliness::of(day(2026, 3, 2), day(2026, 3, 2)),
            Timeliness::OnTime
        );
        assert_eq!(
            Timeliness::of(day(2026, 3, 3), day(2026, 3, 2)),
            Timeliness::Late
        );
    }

    #[test]
    fn warnings_and_the_apology_deadline() {
        let cal = Calendar::new(Vec::new());
        // due Monday 23 February 2026, the first day after Tết
        let due = day(2026, 2, 23);
        assert!(warning(&cal, day(2026, 2, 2), due).is_none());
        let w = warning(&cal, day(2026, 2, 11), due).unwrap_or(Warning {
            working_days_left: 99,
            apologise_by: None,
            overdue: false,
        });
        // 12, 13 and 23 February are the working days left
        assert_eq!(w.working_days_left, 3);
        // the working day before the 23rd is Friday the 13th, before Tết
        assert_eq!(w.apologise_by, Some(day(2026, 2, 13)));
        assert!(!w.overdue);
        assert!(check_apology(&cal, day(2026, 2, 13), due, day(2026, 3, 2)).is_ok());
        let late = check_apology(&cal, day(2026, 2, 16), due, day(2026, 3, 2));
        assert_eq!(late.map_err(|e| e.1), Err("too_late"));
        let same = check_apology(&cal, day(2026, 2, 12), due, due);
        assert_eq!(same.map_err(|e| e.1), Err("not_later"));
        let sunday = check_apology(&cal, day(2026, 2, 12), due, day(2026, 3, 1));
        assert_eq!(sunday.map_err(|e| e.1), Err("day_off"));
        let past = warning(&cal, day(2026, 2, 24), due).map(|w| w.overdue);
        assert_eq!(past, Some(true));
    }
}
