//! Mineral licences, without I/O: what a licence holds ([`State`]: holder, minerals and
//! group, the area as corner points on its own VN-2000 plane with its area worked out beside
//! the legal one, depths, reserves and capacity, validity, status), how a new one is read and
//! checked ([`LicenceInput::parse`]), and what each life event may do to it ([`apply`]):
//! extension, adjustment, transfer, partial return, return, revocation, termination, mine
//! closure. Every event keeps the whole state after it, so the register on any date is the
//! state of each licence's last event on or before that date.

use crate::area::{Ring, overlap_m2};
use crate::geodesy::{PlanePoint, Projection, Zone};
use crate::points::{Named, plane_points};
use chrono::NaiveDate;
use lode_core::validation::{FieldError, FieldErrors};
use serde::{Deserialize, Serialize};

lode_core::named! {
    #[derive(utoipa::ToSchema)]
    /// What a licence allows.
    Kind {
        /// Giấy phép thăm dò khoáng sản.
        Exploration = "exploration",
        /// Giấy phép khai thác khoáng sản.
        Mining = "mining",
        /// Đăng ký khai thác khoáng sản nhóm IV (fill soil): registered, not licensed.
        Registration = "registration",
    }
}

lode_core::named! {
    #[derive(utoipa::ToSchema)]
    /// Where a licence stands. A valid licence past its last day is shown as expired
    /// ([`State::status_on`]); the others are ended by an event.
    Status {
        Valid = "valid",
        Expired = "expired",
        Returned = "returned",
        Revoked = "revoked",
        Terminated = "terminated",
        Closed = "closed",
    }
}

lode_core::named! {
    #[derive(utoipa::ToSchema)]
    /// What happens to a licence after it is granted.
    EventKind {
        Grant = "grant",
        Extension = "extension",
        Adjustment = "adjustment",
        Transfer = "transfer",
        PartialReturn = "partial_return",
        Return = "return",
        Revocation = "revocation",
        Termination = "termination",
        Closure = "closure",
    }
}

/// A corner point as the licence lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Corner {
    pub name: String,
    /// Northing, metres.
    pub x: f64,
    /// Easting, metres.
    pub y: f64,
}

/// A licence as it stands after an event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct State {
    pub holder: String,
    pub holder_tax_code: Option<String>,
    pub minerals: Vec<String>,
    /// I to IV (Law 54/2024/QH15), as 1 to 4.
    pub mineral_group: u8,
    pub province: String,
    pub commune: Option<String>,
    /// The licence's own VN-2000 plane, as written on it (never derived from the province:
    /// provinces were merged in 2025, licences keep their meridian).
    pub projection: Projection,
    /// The area's polygons, each its corner points in the order written.
    pub rings: Vec<Vec<Corner>>,
    /// The area worked out from the corner points on the plane, hectares.
    pub area_ha: f64,
    /// The area the licence states, hectares.
    pub legal_area_ha: f64,
    /// Mining depth: from and to, metres above sea level (negative below).
    pub depth_from_m: Option<f64>,
    pub depth_to_m: Option<f64>,
    pub reserves: Option<String>,
    pub capacity: Option<String>,
    #[schema(value_type = String, format = Date)]
    pub valid_from: NaiveDate,
    #[schema(value_type = String, format = Date)]
    pub valid_until: NaiveDate,
    pub status: Status,
}

impl State {
    /// Its status on `day`: a valid licence past its last day is expired.
    pub fn status_on(&self, day: NaiveDate) -> Status {
        if self.status == Status::Valid && day > self.valid_until {
            Status::Expired
        } else {
            self.status
        }
    }

    /// Its polygons as checked rings on its plane.
    pub fn checked_rings(&self) -> Vec<Ring> {
        self.rings
            .iter()
            .filter_map(|r| {
                let pts: Vec<PlanePoint> =
                    r.iter().map(|c| PlanePoint { x: c.x, y: c.y }).collect();
                Ring::new(&pts).ok()
            })
            .collect()
    }

    /// The difference between the worked-out and the legal area, hectares.
    pub fn area_difference_ha(&self) -> f64 {
        self.area_ha - self.legal_area_ha
    }
}

/// A licence's area as typed: one text of corner points a polygon (a point a line), on a
/// plane. The field errors name the polygon (`rings[0]`) and, in their message, the line.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct AreaInput {
    /// The VN-2000 central meridian, degrees (105.75 for 105°45′).
    pub meridian: f64,
    /// `"3"` (the default) or `"6"`.
    #[serde(default)]
    pub zone: Option<String>,
    /// Each polygon's corner points: a line each, `name X Y` (X the northing).
    pub rings: Vec<String>,
    /// The area the licence states, hectares.
    pub legal_area_ha: f64,
}

/// An area read and checked: its plane, its rings as written and as checked, its hectares.
#[derive(Debug, Clone)]
pub struct Area {
    pub projection: Projection,
    pub corners: Vec<Vec<Corner>>,
    pub rings: Vec<Ring>,
    pub area_ha: f64,
    pub legal_area_ha: f64,
}

/// The most polygons one area has.
pub const RINGS_MAX: usize = 50;

impl AreaInput {
    /// The area, or every error: a plane that does not exist, a wrong line, a ring that
    /// crosses itself, polygons that overlap one another, a legal area missing.
    pub fn parse(&self) -> Result<Area, FieldErrors> {
        let mut errors = FieldErrors::new();
        let zone = match self.zone.as_deref().map(str::trim) {
            None | Some("") | Some("3") => Zone::Three,
            Some("6") => Zone::Six,
            Some(_) => {
                errors.add("zone", "invalid_choice", "a zone is 3° or 6° wide");
                Zone::Three
            }
        };
        let projection = match crate::geodesy::projection(self.meridian, zone) {
            Ok(p) => Some(p),
            Err(e) => {
                errors.0.push(e);
                None
            }
        };
        if self.rings.is_empty() || self.rings.iter().all(|r| r.trim().is_empty()) {
            errors.add("rings", "required", "give the area's corner points");
        }
        if self.rings.len() > RINGS_MAX {
            errors.add(
                "rings",
                "too_many_rings",
                format!("at most {RINGS_MAX} polygons"),
            );
        }
        let mut corners = Vec::new();
        let mut rings = Vec::new();
        for (i, text) in self.rings.iter().enumerate().take(RINGS_MAX) {
            if text.trim().is_empty() {
                continue;
            }
            let field = format!("rings[{i}]");
            match plane_points(text) {
                Err(lines) => {
                    for e in lines {
                        errors.add(&field, e.code, format!("line {}: {}", e.line, e.message));
                    }
                }
                Ok(points) => {
                    let written: Vec<Corner> = points
                        .iter()
                        .enumerate()
                        .map(|(n, Named { name, point })| Corner {
                            name: name.clone().unwrap_or_else(|| (n + 1).to_string()),
                            x: point.x,
                            y: point.y,
                        })
                        .collect();
                    let pts: Vec<PlanePoint> = points.iter().map(|p| p.point).collect();
                    match Ring::new(&pts) {
                        Ok(r) => {
                            corners.push(written);
                            rings.push(r);
                        }
                        Err(e) => errors.add(&field, e.code(), e.message()),
                    }
                }
            }
        }
        for i in 0..rings.len() {
            for j in i + 1..rings.len() {
                if overlap_m2(&rings[i], &rings[j]) > 0.01 {
                    errors.add(
                        "rings",
                        "rings_overlap",
                        format!("polygons {} and {} overlap", i + 1, j + 1),
                    );
                }
            }
        }
        if !(self.legal_area_ha.is_finite() && self.legal_area_ha > 0.0) {
            errors.add(
                "legal_area_ha",
                "legal_area",
                "give the area the licence states, in hectares",
            );
        }
        match projection {
            Some(projection) if errors.is_empty() => Ok(Area {
                projection,
                area_ha: rings.iter().map(Ring::hectares).sum(),
                corners,
                rings,
                legal_area_ha: self.legal_area_ha,
            }),
            _ => Err(errors),
        }
    }
}

/// A new licence as typed.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LicenceInput {
    /// The licence's number as issued, e.g. `125/GP-BTNMT`.
    pub number: String,
    pub kind: String,
    pub holder: String,
    pub holder_tax_code: Option<String>,
    /// Minerals, separated by commas.
    pub minerals: String,
    pub mineral_group: u8,
    pub province: String,
    pub commune: Option<String>,
    pub area: AreaInput,
    pub depth_from_m: Option<f64>,
    pub depth_to_m: Option<f64>,
    pub reserves: Option<String>,
    pub capacity: Option<String>,
    /// The day it was granted (`YYYY-MM-DD`), its first valid day.
    pub granted_on: String,
    /// Its last valid day.
    pub valid_until: String,
}

/// A new licence read and checked.
#[derive(Debug, Clone)]
pub struct NewLicence {
    pub number: String,
    pub kind: Kind,
    pub state: State,
    pub area: Area,
}

fn text(errors: &mut FieldErrors, field: &str, value: &str, max: usize) -> String {
    match lode_core::validation::bounded_text(value, max) {
        Ok(v) => v,
        Err(e) => {
            errors.0.push(FieldError {
                field: field.into(),
                ..e
            });
            String::new()
        }
    }
}

fn optional(
    errors: &mut FieldErrors,
    field: &str,
    value: Option<&str>,
    max: usize,
) -> Option<String> {
    match lode_core::validation::optional_text(value, max) {
        Ok(v) => v,
        Err(e) => {
            errors.0.push(FieldError {
                field: field.into(),
                ..e
            });
            None
        }
    }
}

/// A holder's tax code, when given, checked.
fn tax_code(errors: &mut FieldErrors, value: Option<&str>) -> Option<String> {
    let t = value.map(str::trim).filter(|t| !t.is_empty())?;
    match lode_core::people::TaxCode::parse(t).map(String::from) {
        Ok(t) => Some(t),
        Err(e) => {
            errors.0.push(FieldError {
                field: "holder_tax_code".into(),
                ..e
            });
            None
        }
    }
}

/// A day as `YYYY-MM-DD`, from 1990 to 2100.
pub fn day(errors: &mut FieldErrors, field: &str, value: &str) -> Option<NaiveDate> {
    match NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d") {
        Ok(d) if (1990..=2100).contains(&chrono::Datelike::year(&d)) => Some(d),
        Ok(_) => {
            errors.add(field, "date_range", "a day from 1990 to 2100");
            None
        }
        Err(_) => {
            errors.add(field, "invalid_date", "a day: YYYY-MM-DD");
            None
        }
    }
}

/// Depths, each within what a mine reaches, the first above the second.
fn depths(errors: &mut FieldErrors, from: Option<f64>, to: Option<f64>) {
    for (field, v) in [("depth_from_m", from), ("depth_to_m", to)] {
        if v.is_some_and(|d| !d.is_finite() || !(-3000.0..=3200.0).contains(&d)) {
            errors.add(field, "depth_range", "a level from -3,000 m to +3,200 m");
        }
    }
    if let (Some(a), Some(b)) = (from, to)
        && a <= b
    {
        errors.add(
            "depth_to_m",
            "depth_order",
            "the lower level lies below the upper",
        );
    }
}

impl LicenceInput {
    pub fn parse(&self) -> Result<NewLicence, FieldErrors> {
        let mut errors = FieldErrors::new();
        let number = text(&mut errors, "number", &self.number, 60);
        let kind = Kind::parse(&self.kind);
        if kind.is_none() {
            errors.add(
                "kind",
                "invalid_choice",
                "exploration, mining or registration",
            );
        }
        let holder = text(&mut errors, "holder", &self.holder, 300);
        let holder_tax_code = tax_code(&mut errors, self.holder_tax_code.as_deref());
        let minerals: Vec<String> = self
            .minerals
            .split([',', ';'])
            .map(|m| m.trim().to_string())
            .filter(|m| !m.is_empty())
            .collect();
        if minerals.is_empty() || minerals.iter().any(|m| m.chars().count() > 100) {
            errors.add(
                "minerals",
                "required",
                "name the minerals, separated by commas",
            );
        }
        if !(1..=4).contains(&self.mineral_group) {
            errors.add("mineral_group", "invalid_choice", "a group from I to IV");
        }
        // group IV (fill soil) is registered, every other group licensed
        match kind {
            Some(Kind::Registration) if self.mineral_group != 4 => errors.add(
                "mineral_group",
                "registration_group",
                "only group IV minerals are registered",
            ),
            Some(Kind::Exploration | Kind::Mining) if self.mineral_group == 4 => errors.add(
                "kind",
                "group_four_registered",
                "group IV minerals are registered, not licensed",
            ),
            _ => {}
        }
        let province = text(&mut errors, "province", &self.province, 100);
        let commune = optional(&mut errors, "commune", self.commune.as_deref(), 100);
        depths(&mut errors, self.depth_from_m, self.depth_to_m);
        let reserves = optional(&mut errors, "reserves", self.reserves.as_deref(), 500);
        let capacity = optional(&mut errors, "capacity", self.capacity.as_deref(), 500);
        let from = day(&mut errors, "granted_on", &self.granted_on);
        let until = day(&mut errors, "valid_until", &self.valid_until);
        if let (Some(a), Some(b)) = (from, until)
            && b <= a
        {
            errors.add(
                "valid_until",
                "date_order",
                "the last valid day comes after the grant",
            );
        }
        let area = self.area.parse();
        if let Err(e) = &area {
            errors.0.extend(e.0.iter().cloned());
        }
        match (kind, from, until, area) {
            (Some(kind), Some(valid_from), Some(valid_until), Ok(area)) if errors.is_empty() => {
                Ok(NewLicence {
                    number,
                    kind,
                    state: State {
                        holder,
                        holder_tax_code,
                        minerals,
                        mineral_group: self.mineral_group,
                        province,
                        commune,
                        projection: area.projection,
                        rings: area.corners.clone(),
                        area_ha: area.area_ha,
                        legal_area_ha: area.legal_area_ha,
                        depth_from_m: self.depth_from_m,
                        depth_to_m: self.depth_to_m,
                        reserves,
                        capacity,
                        valid_from,
                        valid_until,
                        status: Status::Valid,
                    },
                    area,
                })
            }
            _ => Err(errors),
        }
    }
}

/// An event as typed: what each kind needs (a new last day for an extension, a new holder
/// for a transfer, a new area for an adjustment or a partial return) and what all need (the
/// day it takes effect, the decision's number).
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EventInput {
    pub kind: String,
    /// The day it takes effect (`YYYY-MM-DD`).
    pub effective_on: String,
    /// The decision's number, e.g. `85/QĐ-BTNMT`.
    pub decision_number: String,
    pub note: Option<String>,
    /// An extension's new last day.
    pub valid_until: Option<String>,
    /// A transfer's new holder.
    pub holder: Option<String>,
    pub holder_tax_code: Option<String>,
    /// An adjustment's or a partial return's new area.
    pub area: Option<AreaInput>,
    /// An adjustment's new capacity or reserves.
    pub capacity: Option<String>,
    pub reserves: Option<String>,
}

/// An event read, checked and applied: its kind, day, decision and note, and the state after.
#[derive(Debug, Clone)]
pub struct Applied {
    pub kind: EventKind,
    pub effective_on: NaiveDate,
    pub decision_number: String,
    pub note: Option<String>,
    pub after: State,
}

/// What `input` does to a licence of `kind` standing as `before` whose last event took effect
/// on `last_day`: the state after it, or every error.
pub fn apply(
    kind: Kind,
    before: &State,
    last_day: NaiveDate,
    input: &EventInput,
) -> Result<Applied, FieldErrors> {
    let mut errors = FieldErrors::new();
    let event = EventKind::parse(&input.kind);
    let effective_on = day(&mut errors, "effective_on", &input.effective_on);
    if let Some(d) = effective_on
        && d < last_day
    {
        errors.add(
            "effective_on",
            "before_last_event",
            "an event takes effect on or after the licence's last one",
        );
    }
    let decision_number = text(&mut errors, "decision_number", &input.decision_number, 60);
    let note = optional(&mut errors, "note", input.note.as_deref(), 2000);
    let mut after = before.clone();
    let ended = !matches!(before.status, Status::Valid);
    match event {
        None | Some(EventKind::Grant) => errors.add(
            "kind",
            "invalid_choice",
            "choose what happened to the licence",
        ),
        Some(EventKind::Closure) => {
            // a mine is closed once its licence has ended, or to end it
            if kind != Kind::Mining {
                errors.add(
                    "kind",
                    "closure_of_mining",
                    "only a mining licence's mine is closed",
                );
            }
            if before.status == Status::Closed {
                errors.add("kind", "licence_ended", "the mine is closed already");
            }
            after.status = Status::Closed;
        }
        Some(_) if ended => errors.add(
            "kind",
            "licence_ended",
            "the licence has ended: only its mine's closure may follow",
        ),
        Some(EventKind::Extension) => {
            match input
                .valid_until
                .as_deref()
                .and_then(|v| day(&mut errors, "valid_until", v))
            {
                Some(d) if d > before.valid_until => after.valid_until = d,
                Some(_) => errors.add(
                    "valid_until",
                    "not_later",
                    "an extension's last day comes after the present one",
                ),
                None if input.valid_until.is_none() => {
                    errors.add("valid_until", "required", "give the new last day")
                }
                None => {}
            }
        }
        Some(EventKind::Transfer) => {
            let holder = text(
                &mut errors,
                "holder",
                input.holder.as_deref().unwrap_or(""),
                300,
            );
            if holder == before.holder {
                errors.add("holder", "same_holder", "a transfer names another holder");
            }
            after.holder = holder;
            after.holder_tax_code = tax_code(&mut errors, input.holder_tax_code.as_deref());
        }
        Some(EventKind::Adjustment | EventKind::PartialReturn) => {
            if let Some(c) = optional(&mut errors, "capacity", input.capacity.as_deref(), 500) {
                after.capacity = Some(c);
            }
            if let Some(r) = optional(&mut errors, "reserves", input.reserves.as_deref(), 500) {
                after.reserves = Some(r);
            }
            match &input.area {
                Some(a) => match a.parse() {
                    Ok(area) => {
                        if event == Some(EventKind::PartialReturn) {
                            // what is returned leaves the rest inside what was held
                            let held = before.checked_rings();
                            let inside: f64 = area
                                .rings
                                .iter()
                                .map(|r| held.iter().map(|h| overlap_m2(r, h)).sum::<f64>())
                                .sum();
                            if area.area_ha >= before.area_ha
                                || (area.area_ha * 10_000.0 - inside) > 1.0
                            {
                                errors.add(
                                    "rings",
                                    "not_within",
                                    "the area kept lies within the area held, and is smaller",
                                );
                            }
                        }
                        after.projection = area.projection;
                        after.rings = area.corners;
                        after.area_ha = area.area_ha;
                        after.legal_area_ha = area.legal_area_ha;
                    }
                    Err(e) => errors.0.extend(e.0),
                },
                None if event == Some(EventKind::PartialReturn) => {
                    errors.add("rings", "required", "give the area kept")
                }
                None => {
                    if input.capacity.is_none() && input.reserves.is_none() {
                        errors.add(
                            "rings",
                            "nothing_adjusted",
                            "give what the adjustment changes",
                        );
                    }
                }
            }
        }
        Some(EventKind::Return) => after.status = Status::Returned,
        Some(EventKind::Revocation) => after.status = Status::Revoked,
        Some(EventKind::Termination) => after.status = Status::Terminated,
    }
    match (event, effective_on) {
        (Some(kind), Some(effective_on)) if errors.is_empty() => Ok(Applied {
            kind,
            effective_on,
            decision_number,
            note,
            after,
        }),
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn input() -> LicenceInput {
        LicenceInput {
            number: "125/GP-BTNMT".into(),
            kind: "mining".into(),
            holder: "Công ty CP Than Hà Lầm".into(),
            holder_tax_code: None,
            minerals: "than đá".into(),
            mineral_group: 2,
            province: "Quảng Ninh".into(),
            commune: Some("phường Hà Lầm".into()),
            area: AreaInput {
                meridian: 107.75,
                zone: None,
                rings: vec![
                    "M1 2320000 430000\nM2 2320000 430400\nM3 2319600 430400\nM4 2319600 430000"
                        .into(),
                ],
                legal_area_ha: 16.0,
            },
            depth_from_m: Some(50.0),
            depth_to_m: Some(-300.0),
            reserves: Some("12,5 triệu tấn".into()),
            capacity: Some("1,2 triệu tấn/năm".into()),
            granted_on: "2015-03-10".into(),
            valid_until: "2035-03-10".into(),
        }
    }

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("a day")
    }

    #[test]
    fn a_licence_is_read_with_its_area_worked_out() {
        let l = input().parse().expect("a licence");
        assert_eq!(l.kind, Kind::Mining);
        assert!((l.state.area_ha - 16.0).abs() < 1e-9);
        assert_eq!(l.state.rings[0][0].name, "M1");
        assert_eq!(l.state.status_on(d("2030-01-01")), Status::Valid);
        assert_eq!(l.state.status_on(d("2035-03-11")), Status::Expired);
    }

    #[test]
    fn a_wrong_licence_is_refused_field_by_field() {
        let mut i = input();
        i.kind = "registration".into();
        i.area.rings = vec![
            "M1 2320000 430000\nM2 2319600 430400\nM3 2320000 430400\nM4 2319600 430000".into(),
        ];
        i.depth_to_m = Some(100.0);
        i.valid_until = "2014-01-01".into();
        let e = i.parse().expect_err("wrong");
        let fields: Vec<(&str, &str)> = e.0.iter().map(|e| (e.field.as_str(), e.code)).collect();
        for want in [
            ("mineral_group", "registration_group"),
            ("depth_to_m", "depth_order"),
            ("valid_until", "date_order"),
            ("rings[0]", "ring_crossing"),
        ] {
            assert!(fields.contains(&want), "{want:?} in {fields:?}");
        }
    }

    #[test]
    fn events_change_what_they_may_and_end_what_they_end() {
        let l = input().parse().expect("a licence");
        let ev = |kind: &str| EventInput {
            kind: kind.into(),
            effective_on: "2020-01-01".into(),
            decision_number: "85/QĐ-BTNMT".into(),
            ..Default::default()
        };
        let last = d("2015-03-10");
        // an extension needs a later day
        let mut e = ev("extension");
        e.valid_until = Some("2040-03-10".into());
        let a = apply(Kind::Mining, &l.state, last, &e).expect("extended");
        assert_eq!(a.after.valid_until, d("2040-03-10"));
        e.valid_until = Some("2030-01-01".into());
        assert!(apply(Kind::Mining, &l.state, last, &e).is_err());
        // a partial return keeps a smaller area inside the one held
        let mut e = ev("partial_return");
        e.area = Some(AreaInput {
            meridian: 107.75,
            zone: None,
            rings: vec!["2320000 430000\n2320000 430200\n2319600 430200\n2319600 430000".into()],
            legal_area_ha: 8.0,
        });
        let a = apply(Kind::Mining, &l.state, last, &e).expect("returned in part");
        assert!((a.after.area_ha - 8.0).abs() < 1e-9);
        e.area = Some(AreaInput {
            meridian: 107.75,
            zone: None,
            rings: vec!["2320000 430300\n2320000 430500\n2319600 430500\n2319600 430300".into()],
            legal_area_ha: 8.0,
        });
        assert!(
            apply(Kind::Mining, &l.state, last, &e).is_err(),
            "half outside"
        );
        // returned, nothing but the mine's closure follows
        let returned = apply(Kind::Mining, &l.state, last, &ev("return")).expect("returned");
        assert_eq!(returned.after.status, Status::Returned);
        let mut t = ev("transfer");
        t.holder = Some("Công ty khác".into());
        assert!(apply(Kind::Mining, &returned.after, last, &t).is_err());
        let closed = apply(Kind::Mining, &returned.after, last, &ev("closure")).expect("closed");
        assert_eq!(closed.after.status, Status::Closed);
        // nothing takes effect before the last event
        let mut early = ev("return");
        early.effective_on = "2010-01-01".into();
        assert!(apply(Kind::Mining, &l.state, last, &early).is_err());
    }
}
