//! The registers of Decree 30, Appendix IV (incoming, outgoing, tracking), and the index of
//! dossiers: the rows of a period, in register order, as the caller may see them.
//!
//! Rows come from the same lists the pages use, so the rules of `authz` decide each one: a
//! secret document the caller may not read shows its entry and no content.

use lode_core::authz::{Action, Actor, decide};
use lode_core::documents::parse_date;
use lode_core::validation::FieldErrors;
use lode_db::{Db, DbError, DbResult};
use serde::Deserialize;
use std::collections::HashMap;

/// The most rows one register prints; a longer period is to be split.
pub const MAX_ROWS: usize = 20_000;

/// Which part of a register to print.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct Period {
    /// From this day, `YYYY-MM-DD` (default 1 January of this year).
    pub from: Option<String>,
    /// To this day, `YYYY-MM-DD` (default today).
    pub to: Option<String>,
    /// `regular` (default) or `secret`, for incoming and tracking registers.
    pub register: Option<String>,
    /// Only the documents of this unit and the units below it (lead unit, drafting unit); the
    /// dossiers kept by this unit.
    pub unit_id: Option<i64>,
    /// `pdf` (default) or `xlsx`.
    pub format: Option<String>,
}

/// A period checked: its first and last day.
#[derive(Debug, Clone)]
pub struct CheckedPeriod {
    pub from: chrono::NaiveDate,
    pub to: chrono::NaiveDate,
    pub register: String,
    pub unit_id: Option<i64>,
}

impl Period {
    pub fn check(&self) -> Result<CheckedPeriod, FieldErrors> {
        let today = crate::incoming::today();
        let mut errors = FieldErrors::new();
        let day = |errors: &mut FieldErrors, field: &str, v: &Option<String>, default| match v
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            None => Some(default),
            Some(s) => errors.take(field, parse_date(s)),
        };
        let first_of_year =
            chrono::NaiveDate::from_ymd_opt(chrono::Datelike::year(&today), 1, 1).unwrap_or(today);
        let from = day(&mut errors, "from", &self.from, first_of_year);
        let to = day(&mut errors, "to", &self.to, today);
        if let (Some(f), Some(t)) = (from, to)
            && f > t
        {
            errors.add("to", "before_start", "must not be before the first day");
        }
        let register = self.register.clone().unwrap_or_else(|| "regular".into());
        if !["regular", "secret"].contains(&register.as_str()) {
            errors.add("register", "invalid_choice", "is `regular` or `secret`");
        }
        match self.format.as_deref() {
            None | Some("" | "pdf" | "xlsx") => {}
            Some(_) => errors.add("format", "invalid_choice", "is `pdf` or `xlsx`"),
        }
        errors.into_result()?;
        match (from, to) {
            (Some(from), Some(to)) => Ok(CheckedPeriod {
                from,
                to,
                register,
                unit_id: self.unit_id,
            }),
            _ => Err(FieldErrors::single("from", "required", "is required")),
        }
    }
}

fn too_many() -> DbError {
    FieldErrors::single(
        "to",
        "too_many",
        format!("more than {MAX_ROWS} rows: choose a shorter period"),
    )
    .into()
}

/// The incoming documents received in the period, by arrival number.
pub async fn incoming(
    db: &Db,
    actor: &Actor,
    p: &CheckedPeriod,
) -> DbResult<Vec<crate::incoming::IncomingView>> {
    let mut filter = crate::incoming::Filter {
        register: Some(p.register.clone()),
        from: Some(p.from.to_string()),
        to: Some(p.to.to_string()),
        within_unit_id: p.unit_id,
        limit: Some(200),
        ..Default::default()
    };
    let mut rows = Vec::new();
    loop {
        let page = crate::incoming::list(db, actor, &filter).await?;
        rows.extend(page.items);
        if rows.len() > MAX_ROWS {
            return Err(too_many());
        }
        match page.next {
            Some(n) => filter.before = Some(n),
            None => break,
        }
    }
    rows.sort_by_key(|r| (r.year, r.arrival_number));
    Ok(rows)
}

/// The documents issued in the period, by number.
pub async fn outgoing(
    db: &Db,
    actor: &Actor,
    p: &CheckedPeriod,
) -> DbResult<Vec<crate::outgoing::OutgoingView>> {
    let mut filter = crate::outgoing::Filter {
        issued_from: Some(p.from.to_string()),
        issued_to: Some(p.to.to_string()),
        within_unit_id: p.unit_id,
        limit: Some(200),
        ..Default::default()
    };
    // the register of the reader's body: its own documents, not those it received from others
    let body = actor
        .register_unit
        .as_ref()
        .and_then(|u| u.ids().last().copied());
    let mut rows = Vec::new();
    loop {
        let page = crate::outgoing::list(db, actor, &filter).await?;
        rows.extend(
            page.items
                .into_iter()
                .filter(|r| r.number.is_some() && body.is_none_or(|b| r.body_unit_id == b)),
        );
        if rows.len() > MAX_ROWS {
            return Err(too_many());
        }
        match page.next {
            Some(n) => filter.before = Some(n),
            None => break,
        }
    }
    rows.sort_by(|a, b| {
        (a.issued_on.as_deref(), a.number).cmp(&(b.issued_on.as_deref(), b.number))
    });
    Ok(rows)
}

/// The notations of the documents issued in reply to each of `incoming` (for the tracking
/// register): only replies the caller may see.
pub async fn replies(
    db: &Db,
    actor: &Actor,
    incoming: &[i64],
) -> DbResult<HashMap<i64, Vec<String>>> {
    let mut out: HashMap<i64, Vec<String>> = HashMap::new();
    for chunk in incoming.chunks(500) {
        for rec in crate::outgoing::replies_to(db, chunk).await? {
            if decide(actor, Action::SeeOutgoing(&rec.scope())).is_ok()
                && let (Some(n), Some(to)) = (rec.notation, rec.related_incoming_id)
            {
                out.entry(to).or_default().push(n);
            }
        }
    }
    Ok(out)
}

/// The dossiers opened in the period's years (the index of dossiers, mục lục hồ sơ), by code.
pub async fn dossiers(
    db: &Db,
    actor: &Actor,
    p: &CheckedPeriod,
) -> DbResult<Vec<crate::dossiers::DossierView>> {
    let mut rows = Vec::new();
    for year in chrono::Datelike::year(&p.from)..=chrono::Datelike::year(&p.to) {
        let mut filter = crate::dossiers::Filter {
            year: Some(i64::from(year)),
            unit_id: p.unit_id,
            limit: Some(200),
            ..Default::default()
        };
        loop {
            let page = crate::dossiers::list(db, actor, &filter).await?;
            rows.extend(page.items);
            if rows.len() > MAX_ROWS {
                return Err(too_many());
            }
            match page.next {
                Some(n) => filter.before = Some(n),
                None => break,
            }
        }
    }
    rows.sort_by(|a, b| a.code.cmp(&b.code));
    Ok(rows)
}
