//! The register of mineral licences in the store: a licence granted (its first event), each
//! later event recorded with the state after it, a licence with its whole history, and the
//! register listed as it stands today or as it stood on any day (one query: each licence's
//! last event on or before that day). Licence officers write; everyone reads the licences in
//! force, staff every licence.

use crate::licence::{Applied, EventInput, EventKind, Kind, LicenceInput, State, Status, apply};
use chrono::NaiveDate;
use lode_core::authz::{Actor, Denied};
use lode_core::people::Role;
use lode_core::validation::FieldErrors;
use lode_db::audit::{Event as AuditEvent, append};
use lode_db::{AuditCtx, Db, DbError, DbResult, Tx, now};
use serde::Serialize;

/// A licence as it stands.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Licence {
    pub id: i64,
    pub number: String,
    pub kind: Kind,
    /// Its status today (a valid licence past its last day is expired).
    pub status: Status,
    pub state: State,
    pub version: i64,
}

/// A life event of a licence, with the state after it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Event {
    pub id: i64,
    pub kind: EventKind,
    #[schema(value_type = String, format = Date)]
    pub effective_on: NaiveDate,
    pub decision_number: String,
    /// The signed outgoing document of that number, when lode's e-office issued it.
    pub decision_document: Option<i64>,
    pub note: Option<String>,
    pub recorded_at: String,
    pub after: State,
}

/// A licence with its history, oldest event first.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct WithHistory {
    pub licence: Licence,
    pub history: Vec<Event>,
}

/// A line of the register.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Line {
    pub id: i64,
    pub number: String,
    pub kind: Kind,
    pub holder: String,
    pub minerals: Vec<String>,
    pub province: String,
    pub status: Status,
    #[schema(value_type = String, format = Date)]
    pub valid_until: NaiveDate,
    pub area_ha: f64,
}

/// Whether `actor` keeps the register.
pub fn keeps_register(actor: Option<&Actor>) -> bool {
    actor.is_some_and(|a| a.has(Role::CadastreOfficer))
}

fn denied() -> DbError {
    DbError::Denied(Denied::MissingRole)
}

fn state_json(s: &State) -> DbResult<String> {
    serde_json::to_string(s).map_err(|e| DbError::Other(e.into()))
}

pub(crate) fn state_of(json: &str) -> DbResult<State> {
    serde_json::from_str(json).map_err(|e| DbError::Other(e.into()))
}

pub use lode_db::today;

/// Writes the licence row's fields from `s` (its current state).
async fn write_row(tx: &mut Tx, id: i64, s: &State) -> DbResult<()> {
    let b = crate::spatial::corners_box(s.projection, &s.rings);
    sqlx::query(
        "UPDATE cadastre_licences SET holder = $1, minerals = $2, mineral_group = $3,
            province = $4, status = $5, valid_from = $6, valid_until = $7, area_ha = $8,
            min_lon = $9, min_lat = $10, max_lon = $11, max_lat = $12, state = $13,
            version = version + 1, updated_at = $14
         WHERE id = $15",
    )
    .bind(&s.holder)
    .bind(s.minerals.join(", "))
    .bind(i64::from(s.mineral_group))
    .bind(&s.province)
    .bind(s.status.as_str())
    .bind(s.valid_from.to_string())
    .bind(s.valid_until.to_string())
    .bind(s.area_ha)
    .bind(b.min_lon)
    .bind(b.min_lat)
    .bind(b.max_lon)
    .bind(b.max_lat)
    .bind(state_json(s)?)
    .bind(now())
    .bind(id)
    .execute(&mut **tx)
    .await?;
    crate::index::put(tx, crate::index::Layer::Licence, id, &b).await
}

async fn insert_event(tx: &mut Tx, ctx: &AuditCtx, id: i64, a: &Applied) -> DbResult<()> {
    sqlx::query(
        "INSERT INTO cadastre_events (licence_id, kind, effective_on, decision_number, note,
            state_after, recorded_at, recorded_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(id)
    .bind(a.kind.as_str())
    .bind(a.effective_on.to_string())
    .bind(&a.decision_number)
    .bind(&a.note)
    .bind(state_json(&a.after)?)
    .bind(now())
    .bind(ctx.actor_id)
    .execute(&mut **tx)
    .await?;
    append(
        tx,
        ctx,
        AuditEvent::new(
            &format!("cadastre_licence.{}", a.kind.as_str()),
            "cadastre_licence",
            id,
            serde_json::json!({"decision": a.decision_number, "effective_on": a.effective_on.to_string()}),
        ),
    )
    .await?;
    Ok(())
}

/// Grants a licence: its row and its first event. Licence officers only; a number already
/// in the register is refused on its field.
pub async fn grant(
    db: &Db,
    ctx: &AuditCtx,
    actor: &Actor,
    input: &LicenceInput,
) -> DbResult<Licence> {
    if !keeps_register(Some(actor)) {
        return Err(denied());
    }
    let new = input.parse().map_err(DbError::Invalid)?;
    let mut tx = db.write().await?;
    let taken: Option<(i64,)> =
        sqlx::query_as("SELECT id FROM cadastre_licences WHERE number = $1")
            .bind(&new.number)
            .fetch_optional(&mut *tx)
            .await?;
    if taken.is_some() {
        return Err(DbError::Invalid(FieldErrors::single(
            "number",
            "licence_number_taken",
            "a licence of this number is in the register",
        )));
    }
    let at = now();
    let row = sqlx::query(
        "INSERT INTO cadastre_licences (number, kind, holder, minerals, mineral_group, province,
            status, valid_from, valid_until, area_ha, min_lon, min_lat, max_lon, max_lat, state,
            created_at, created_by, updated_at)
         VALUES ($1, $2, '', '', 0, '', 'valid', '', '', 0, 0, 0, 0, 0, '{}', $3, $4, $3)
         RETURNING id",
    )
    .bind(&new.number)
    .bind(new.kind.as_str())
    .bind(&at)
    .bind(ctx.actor_id)
    .fetch_one(&mut *tx)
    .await?;
    use sqlx::Row as _;
    let id: i64 = row.try_get("id")?;
    write_row(&mut tx, id, &new.state).await?;
    insert_event(
        &mut tx,
        ctx,
        id,
        &Applied {
            kind: EventKind::Grant,
            effective_on: new.state.valid_from,
            decision_number: new.number.clone(),
            note: None,
            after: new.state.clone(),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(get(db, Some(actor), id).await?.licence)
}

/// Records an event of licence `id`: licence officers only, the state after it checked by
/// the licence's rules.
pub async fn record(
    db: &Db,
    ctx: &AuditCtx,
    actor: &Actor,
    id: i64,
    input: &EventInput,
) -> DbResult<WithHistory> {
    if !keeps_register(Some(actor)) {
        return Err(denied());
    }
    let mut tx = db.write().await?;
    // the licence's row lock: two events of one licence are recorded one after the other
    let locked = sqlx::query("UPDATE cadastre_licences SET version = version WHERE id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if locked == 0 {
        return Err(DbError::NotFound);
    }
    let (kind, state): (String, String) =
        sqlx::query_as("SELECT kind, state FROM cadastre_licences WHERE id = $1")
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
    let (last,): (String,) =
        sqlx::query_as("SELECT MAX(effective_on) FROM cadastre_events WHERE licence_id = $1")
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
    let kind = Kind::parse(&kind).ok_or(DbError::NotFound)?;
    let last =
        NaiveDate::parse_from_str(&last, "%Y-%m-%d").map_err(|e| DbError::Other(e.into()))?;
    let applied = apply(kind, &state_of(&state)?, last, input).map_err(DbError::Invalid)?;
    write_row(&mut tx, id, &applied.after).await?;
    insert_event(&mut tx, ctx, id, &applied).await?;
    tx.commit().await?;
    get(db, Some(actor), id).await
}

lode_db::row! {
    /// A licence row as read.
    struct LicenceRow {
        id: i64,
        number: String,
        kind: String,
        state: String,
        version: i64,
    }
}

lode_db::row! {
    /// An event row as read.
    struct EventRow {
        id: i64,
        kind: String,
        effective_on: String,
        decision_number: String,
        note: Option<String>,
        recorded_at: String,
        state_after: String,
    }
}

/// Licence `id` with its history: the staff read any, others a licence in force only.
pub async fn get(db: &Db, actor: Option<&Actor>, id: i64) -> DbResult<WithHistory> {
    let r: LicenceRow = sqlx::query_as(
        "SELECT id, number, kind, state, version FROM cadastre_licences WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(db.pool())
    .await?
    .ok_or(DbError::NotFound)?;
    let events: Vec<EventRow> = sqlx::query_as(
        "SELECT id, kind, effective_on, decision_number, note, recorded_at, state_after
         FROM cadastre_events WHERE licence_id = $1 ORDER BY effective_on, id",
    )
    .bind(id)
    .fetch_all(db.pool())
    .await?;
    // the decisions as the e-office issued them, found by their notations, in one query
    let issued: std::collections::HashMap<String, i64> = if events.is_empty() {
        Default::default()
    } else {
        let marks: Vec<String> = (1..=events.len()).map(|i| format!("${i}")).collect();
        let sql = format!(
            "SELECT notation, MIN(id) FROM outgoing_documents
             WHERE issued_on IS NOT NULL AND notation IN ({}) GROUP BY notation",
            marks.join(",")
        );
        let mut q = sqlx::query_as::<_, (String, i64)>(&sql);
        for e in &events {
            q = q.bind(&e.decision_number);
        }
        q.fetch_all(db.pool()).await?.into_iter().collect()
    };
    let mut history = Vec::new();
    for e in events {
        history.push(Event {
            decision_document: issued.get(&e.decision_number).copied(),
            id: e.id,
            kind: EventKind::parse(&e.kind).unwrap_or(EventKind::Grant),
            effective_on: NaiveDate::parse_from_str(&e.effective_on, "%Y-%m-%d")
                .map_err(|x| DbError::Other(x.into()))?,
            decision_number: e.decision_number,
            note: e.note,
            recorded_at: e.recorded_at,
            after: state_of(&e.state_after)?,
        });
    }
    // as it stands today: its last event in effect (an event may be recorded ahead of the day
    // its decision takes effect), or its grant if that is still to come
    let day = today();
    let state = match history.iter().rev().find(|e| e.effective_on <= day) {
        Some(e) => e.after.clone(),
        None => match history.first() {
            Some(e) => e.after.clone(),
            None => state_of(&r.state)?,
        },
    };
    let status = state.status_on(day);
    if !actor.is_some_and(Actor::is_staff) && status != Status::Valid {
        return Err(DbError::NotFound);
    }
    Ok(WithHistory {
        licence: Licence {
            id: r.id,
            number: r.number,
            kind: Kind::parse(&r.kind).unwrap_or(Kind::Mining),
            status,
            state,
            version: r.version,
        },
        history,
    })
}

/// What the register is listed by.
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::IntoParams)]
pub struct Filter {
    /// The register as it stood on this day (`YYYY-MM-DD`); today when absent.
    pub on: Option<String>,
    /// `valid`, `expired`, `returned`, `revoked`, `terminated`, `closed`.
    pub status: Option<String>,
    /// `exploration`, `mining`, `registration`.
    pub kind: Option<String>,
    /// Words of the number, the holder or the minerals.
    pub q: Option<String>,
    pub province: Option<String>,
    /// `number`, `holder`, `province`, `area` or `valid_until`, with `-` before it for the
    /// reverse; by number when absent.
    pub sort: Option<String>,
}

/// The orders of the register.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LicenceOrder {
    /// The register's own order.
    Number,
    Holder,
    Province,
    Area,
    ValidUntil,
}

impl lode_db::SortKey for LicenceOrder {
    const ALL: &'static [Self] = &[
        Self::Number,
        Self::Holder,
        Self::Province,
        Self::Area,
        Self::ValidUntil,
    ];
    fn key(self) -> &'static str {
        match self {
            Self::Number => "number",
            Self::Holder => "holder",
            Self::Province => "province",
            Self::Area => "area",
            Self::ValidUntil => "valid_until",
        }
    }
    /// Names and numbers read from A; the largest area first; the soonest expiry first.
    fn starts_descending(self) -> bool {
        self == Self::Area
    }
}

/// The register's usual order: by licence number.
pub const BY_NUMBER: lode_db::Sort<LicenceOrder> = lode_db::Sort {
    by: LicenceOrder::Number,
    descending: false,
};

/// A licence number as it is counted: `9/GP-BTNMT` before `10/GP-BTNMT`, then as written.
fn counted(number: &str) -> (u64, &str) {
    let digits = number.len()
        - number
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .len();
    (number[..digits].parse().unwrap_or(u64::MAX), number)
}

/// Puts lines in an order; names compare without their marks (`Đ` beside `D`), ties in the
/// number's order whichever way the column is read.
fn put_in_order(lines: &mut [Line], sort: lode_db::Sort<LicenceOrder>) {
    use lode_core::text::fold;
    let keys: Vec<String> = lines
        .iter()
        .map(|l| match sort.by {
            LicenceOrder::Holder => fold(&l.holder),
            LicenceOrder::Province => fold(&l.province),
            _ => String::new(),
        })
        .collect();
    let mut order: Vec<usize> = (0..lines.len()).collect();
    order.sort_by(|&i, &j| {
        let (a, b) = (&lines[i], &lines[j]);
        let by = match sort.by {
            LicenceOrder::Number => counted(&a.number).cmp(&counted(&b.number)),
            LicenceOrder::Holder | LicenceOrder::Province => keys[i].cmp(&keys[j]),
            LicenceOrder::Area => a.area_ha.total_cmp(&b.area_ha),
            LicenceOrder::ValidUntil => a.valid_until.cmp(&b.valid_until),
        };
        let by = if sort.descending { by.reverse() } else { by };
        by.then_with(|| counted(&a.number).cmp(&counted(&b.number)))
    });
    let sorted: Vec<Line> = order.into_iter().map(|i| lines[i].clone()).collect();
    lines.clone_from_slice(&sorted);
}

/// The licence registered under `number` (spaces and case aside) as it stands today, with its
/// holder's tax code: what a dossier naming a licence is checked against at the desk. `None`:
/// the register holds no licence of that number.
pub async fn by_number(db: &Db, number: &str) -> DbResult<Option<(Line, Option<String>)>> {
    let wanted: String = lode_core::text::fold(number)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    if wanted.is_empty() {
        return Ok(None);
    }
    // as written, through the index; else compared folded (an "Đ" typed as "D", spaces), which
    // is read here rather than in SQL
    let exact: Option<(i64, String)> =
        sqlx::query_as("SELECT id, number FROM cadastre_licences WHERE number = $1")
            .bind(number.trim())
            .fetch_optional(db.pool())
            .await?;
    let numbers: Vec<(i64, String)> = match exact {
        Some(found) => vec![found],
        None => {
            sqlx::query_as("SELECT id, number FROM cadastre_licences ORDER BY id")
                .fetch_all(db.pool())
                .await?
        }
    };
    let Some((id, number)) = numbers.into_iter().find(|(_, n)| {
        lode_core::text::fold(n)
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            == wanted
    }) else {
        return Ok(None);
    };
    let today = today();
    let (kind, recorded): (String, String) =
        sqlx::query_as("SELECT kind, state FROM cadastre_licences WHERE id = $1")
            .bind(id)
            .fetch_one(db.pool())
            .await?;
    let events: Vec<(String, String)> = sqlx::query_as(
        "SELECT effective_on, state_after FROM cadastre_events WHERE licence_id = $1
         ORDER BY effective_on, id",
    )
    .bind(id)
    .fetch_all(db.pool())
    .await?;
    // as it stands today: its last event in effect, or its grant if that is still to come (as
    // the licence's page reads it)
    let day = today.to_string();
    let state = events
        .iter()
        .rev()
        .find(|(on, _)| on.as_str() <= day.as_str())
        .or(events.first())
        .map_or(recorded, |(_, after)| after.clone());
    let s = state_of(&state)?;
    let status = s.status_on(today);
    Ok(Some((
        Line {
            id,
            number,
            kind: Kind::parse(&kind).unwrap_or(Kind::Mining),
            holder: s.holder,
            minerals: s.minerals,
            province: s.province,
            status,
            valid_until: s.valid_until,
            area_ha: s.area_ha,
        },
        s.holder_tax_code,
    )))
}

/// The most lines one listing gives.
pub const LINES_MAX: i64 = 500;

/// The register on a day (today when the filter names none): each licence as its last event
/// on or before that day left it, filtered. Staff see every licence, others those in force.
pub async fn list(db: &Db, actor: Option<&Actor>, f: &Filter) -> DbResult<Vec<Line>> {
    let mut errors = FieldErrors::new();
    let on = match f.on.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => crate::licence::day(&mut errors, "on", s),
        None => Some(today()),
    };
    let status = match f.status.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => {
            let st = Status::parse(s);
            if st.is_none() {
                errors.add("status", "invalid_choice", "a licence's status");
            }
            st
        }
        None => None,
    };
    let kind = match f.kind.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => {
            let k = Kind::parse(s);
            if k.is_none() {
                errors.add("kind", "invalid_choice", "a licence's kind");
            }
            k
        }
        None => None,
    };
    let sort = match f.sort.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(asked) => errors.take("sort", lode_db::Sort::parse(asked)),
        None => Some(BY_NUMBER),
    };
    let (Some(on), Some(sort)) = (on.filter(|_| errors.is_empty()), sort) else {
        return Err(DbError::Invalid(errors));
    };
    // each licence's last event on or before the day, and the state it left
    let rows: Vec<(i64, String, String, String)> = sqlx::query_as(
        "SELECT l.id, l.number, l.kind, e.state_after
         FROM cadastre_licences l
         JOIN cadastre_events e ON e.id = (
             SELECT e2.id FROM cadastre_events e2
             WHERE e2.licence_id = l.id AND e2.effective_on <= $1
             ORDER BY e2.effective_on DESC, e2.id DESC LIMIT 1)
         ORDER BY l.number",
    )
    .bind(on.to_string())
    .fetch_all(db.pool())
    .await?;
    let staff = actor.is_some_and(Actor::is_staff);
    // whole words, split as the archive's search splits them (at anything not a letter or digit)
    let tokens = |text: &str| -> Vec<String> {
        lode_core::text::fold(text)
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect()
    };
    let words = tokens(f.q.as_deref().unwrap_or(""));
    let province = f
        .province
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(lode_core::text::fold);
    let mut out = Vec::new();
    for (id, number, k, state) in rows {
        let s = state_of(&state)?;
        let st = s.status_on(on);
        let k = Kind::parse(&k).unwrap_or(Kind::Mining);
        if (!staff && st != Status::Valid)
            || status.is_some_and(|w| w != st)
            || kind.is_some_and(|w| w != k)
            || province
                .as_ref()
                .is_some_and(|p| !lode_core::text::fold(&s.province).contains(p.as_str()))
        {
            continue;
        }
        let hay = tokens(&format!("{number} {} {}", s.holder, s.minerals.join(" ")));
        if !words.iter().all(|w| hay.contains(w)) {
            continue;
        }
        out.push(Line {
            id,
            number,
            kind: k,
            holder: s.holder,
            minerals: s.minerals,
            province: s.province,
            status: st,
            valid_until: s.valid_until,
            area_ha: s.area_ha,
        });
    }
    put_in_order(&mut out, sort);
    out.truncate(usize::try_from(LINES_MAX).unwrap_or(usize::MAX));
    Ok(out)
}
