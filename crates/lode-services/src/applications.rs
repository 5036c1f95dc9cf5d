//! Dossiers of the public services, storage: a business or a citizen drafts one under
//! the procedure in force, fills the form, adds the documents by the procedure's keys, sees the
//! fee, and submits it; the submission checks completeness, takes the day's next dossier code
//! from a gapless counter and counts the promised date by the working calendar. Anyone may
//! follow a submitted dossier with its code and the telephone number given with it.
//!
//! Applicants see their own dossiers only: every read and write names the applicant. The desk
//! enters paper dossiers brought to the counter ([`desk_intake`]) for applicants who need no
//! account, then decides on every filed dossier ([`decide`]); accepting one enters it in the
//! e-office (`crate::handling`).

pub use crate::history::{AppEvent, EVENT_MESSAGES, add_handling_event};
use crate::history::{add_event, events_of, status_of};
use crate::steps;
use chrono::NaiveDate;
use lode_cadastre::applications::AreaValue;
use lode_core::authz::Actor;
use lode_core::fees::Estimate;
use lode_core::services::{
    Applicant, ApplicationChannel, ApplicationStatus, ApplicationStep, DossierCode, FieldKind,
    Procedure,
};
use lode_core::validation::FieldErrors;
use lode_db::audit::{Event, append};
use lode_db::{AuditCtx, Db, DbError, DbResult, now};
use serde::Serialize;
use std::collections::BTreeMap;

/// A document of a dossier.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AppDocument {
    pub key: String,
    pub name: String,
    #[serde(skip)]
    pub sha256: String,
    /// Written by lode from an electronic form its applicant filled in while signed in: no
    /// signature of theirs is looked for in it.
    pub e_form: bool,
}

/// A dossier, as its applicant sees it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Application {
    pub id: i64,
    pub code: Option<String>,
    pub procedure_code: String,
    pub procedure_name: String,
    pub procedure_version: i64,
    #[schema(value_type = String, example = "submitted")]
    pub status: ApplicationStatus,
    #[schema(value_type = String, example = "online")]
    pub channel: ApplicationChannel,
    pub values: BTreeMap<String, String>,
    pub fee_amount: Option<i64>,
    #[schema(value_type = Vec<Object>)]
    pub fee_steps: Vec<lode_core::fees::FeeStep>,
    pub contact_phone: Option<String>,
    pub received_on: Option<String>,
    pub due_on: Option<String>,
    pub documents: Vec<AppDocument>,
    pub events: Vec<AppEvent>,
    pub created_at: String,
    pub submitted_at: Option<String>,
    pub version: i64,
}

impl Application {
    /// The desk accepted it, whatever followed (a withdrawal too): it has its receipt and
    /// appointment slip (form 01), which is issued on acceptance and never before.
    pub fn was_accepted(&self) -> bool {
        self.events.iter().any(|e| e.kind == "accepted")
    }

    /// Its result is a file to download (an answer given on the handling unit's own pages,
    /// the archive's, is not).
    pub fn has_result_file(&self) -> bool {
        self.events.iter().any(|e| e.kind == "result")
    }

    /// Its handling unit answered it with a refusal, on its own pages: no fee is owed.
    pub fn refused_by_its_unit(&self) -> bool {
        self.events
            .iter()
            .any(|e| e.message.as_deref() == Some(crate::history::REFUSED_ONLINE))
    }

    /// Its fee may be paid: it reached the desk, was not turned away or withdrawn, and was not
    /// refused by the unit that handled it.
    pub fn payable(&self) -> bool {
        self.status.payable() && !self.refused_by_its_unit()
    }

    /// A day its result is promised for still stands: it reached the desk and was neither
    /// refused nor withdrawn, nor sent back to be completed.
    pub fn promised(&self) -> bool {
        self.status.promises_a_date()
    }

    /// The first of the procedure's papers the dossier holds, in the procedure's order (the
    /// one its pages show beside it).
    pub fn first_paper<'a>(&self, p: &'a Procedure) -> Option<&'a str> {
        p.documents
            .iter()
            .find(|d| self.documents.iter().any(|x| x.key == d.key))
            .map(|d| d.key.as_str())
    }
}

/// What the tracking page tells anyone with the code and the telephone number.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Tracking {
    pub code: String,
    pub procedure_name: String,
    #[schema(value_type = String)]
    pub status: ApplicationStatus,
    pub received_on: Option<String>,
    pub due_on: Option<String>,
    pub events: Vec<AppEvent>,
}

lode_db::row! {
    /// A dossier as stored, read by [`COLUMNS`].
    struct Row {
        id: i64,
        code: Option<String>,
        procedure_id: i64,
        procedure_version: i64,
        status: String,
        channel: String,
        form_values: String,
        fee_amount: Option<i64>,
        fee_steps: Option<String>,
        contact_phone: Option<String>,
        received_on: Option<String>,
        due_on: Option<String>,
        created_at: String,
        submitted_at: Option<String>,
        version: i64,
        applicant_id: i64,
    }
}

const COLUMNS: &str = "id, code, procedure_id, procedure_version, status, channel, form_values,
    fee_amount, fee_steps, contact_phone, received_on, due_on, created_at, submitted_at, version,
    applicant_id";

pub(crate) async fn load(
    db: &Db,
    applicant_id: Option<i64>,
    id: i64,
) -> DbResult<(Application, Procedure, i64)> {
    let row: Option<Row> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM applications WHERE id = $1 AND ($2 IS NULL OR applicant_id = $2)"
    ))
    .bind(id)
    .bind(applicant_id)
    .fetch_optional(db.pool())
    .await?;
    let r = row.ok_or(DbError::NotFound)?;
    let (code, definition): (String, String) = sqlx::query_as(
        "SELECT p.code, v.definition FROM procedure_versions v
         JOIN procedures p ON p.id = v.procedure_id
         WHERE v.procedure_id = $1 AND v.version = $2",
    )
    .bind(r.procedure_id)
    .bind(r.procedure_version)
    .fetch_one(db.pool())
    .await?;
    let procedure = crate::catalogue::definition_of(&definition)?;
    let documents: Vec<(String, String, String, i64)> = sqlx::query_as(
        "SELECT doc_key, name, sha256, e_form FROM application_documents
         WHERE application_id = $1 ORDER BY doc_key",
    )
    .bind(id)
    .fetch_all(db.pool())
    .await?;
    let events = events_of(db, id).await?;
    let values: BTreeMap<String, String> = serde_json::from_str(&r.form_values).unwrap_or_default();
    let steps = r
        .fee_steps
        .as_deref()
        .map(lode_core::fees::FeeStep::read_stored)
        .unwrap_or_default();
    Ok((
        Application {
            id: r.id,
            code: r.code,
            procedure_code: code,
            procedure_name: procedure.name.clone(),
            procedure_version: r.procedure_version,
            status: status_of(&r.status)?,
            channel: crate::history::channel_of(&r.channel)?,
            values,
            fee_amount: r.fee_amount,
            fee_steps: steps,
            contact_phone: r.contact_phone,
            received_on: r.received_on,
            due_on: r.due_on,
            documents: documents
                .into_iter()
                .map(|(key, name, sha256, e_form)| AppDocument {
                    key,
                    name,
                    sha256,
                    e_form: e_form != 0,
                })
                .collect(),
            events,
            created_at: r.created_at,
            submitted_at: r.submitted_at,
            version: r.version,
        },
        procedure,
        r.applicant_id,
    ))
}

/// The applicant's dossier with the procedure's version it is under.
pub async fn with_procedure(
    db: &Db,
    applicant_id: i64,
    id: i64,
) -> DbResult<(Application, Procedure)> {
    let (a, p, _) = load(db, Some(applicant_id), id).await?;
    Ok((a, p))
}

/// A dossier as the desk sees it (any applicant's), with its procedure's version; drafts are
/// the applicant's alone.
pub async fn for_desk(db: &Db, id: i64) -> DbResult<(Application, Procedure)> {
    let (a, p, _) = load(db, None, id).await?;
    if a.status == ApplicationStatus::Draft {
        return Err(DbError::NotFound);
    }
    Ok((a, p))
}

/// The applicant's dossier.
pub async fn get(db: &Db, applicant_id: i64, id: i64) -> DbResult<Application> {
    Ok(load(db, Some(applicant_id), id).await?.0)
}

/// The applicant's dossiers, newest first.
pub async fn list(db: &Db, applicant_id: i64) -> DbResult<Vec<Application>> {
    newest(db, applicant_id, 200).await
}

/// How many dossiers the applicant has, and the newest `limit` of them.
pub async fn recent(db: &Db, applicant_id: i64, limit: i64) -> DbResult<(i64, Vec<Application>)> {
    let (count,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM applications WHERE applicant_id = $1")
            .bind(applicant_id)
            .fetch_one(db.pool())
            .await?;
    Ok((count, newest(db, applicant_id, limit).await?))
}

/// Dossiers a page of the applicant's list shows.
pub const MINE_PAGE: i64 = 20;

/// One page of the applicant's dossiers, newest first: the dossiers, how many there are in
/// all, and whether more follow.
pub async fn mine_page(
    db: &Db,
    applicant_id: i64,
    page: Option<i64>,
) -> DbResult<(Vec<Application>, lode_db::Total, bool)> {
    let mut errors = FieldErrors::new();
    let offset = errors
        .take("page", lode_db::page_offset(page, MINE_PAGE))
        .unwrap_or(0);
    errors.into_result()?;
    let (count,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM applications WHERE applicant_id = $1")
            .bind(applicant_id)
            .fetch_one(db.pool())
            .await?;
    let page = lode_db::into_page(
        newest_from(db, applicant_id, MINE_PAGE + 1, offset).await?,
        MINE_PAGE,
        |a| a.id,
    );
    Ok((page.items, lode_db::Total::of_counted(count), page.more))
}

async fn newest(db: &Db, applicant_id: i64, limit: i64) -> DbResult<Vec<Application>> {
    newest_from(db, applicant_id, limit, 0).await
}

async fn newest_from(
    db: &Db,
    applicant_id: i64,
    limit: i64,
    offset: i64,
) -> DbResult<Vec<Application>> {
    let ids: Vec<(i64,)> = sqlx::query_as(
        "SELECT id FROM applications WHERE applicant_id = $1 ORDER BY id DESC LIMIT $2 OFFSET $3",
    )
    .bind(applicant_id)
    .bind(limit)
    .bind(offset)
    .fetch_all(db.pool())
    .await?;
    let mut out = Vec::with_capacity(ids.len());
    for (id,) in ids {
        out.push(load(db, Some(applicant_id), id).await?.0);
    }
    Ok(out)
}

/// A value of field `f` as stored: as typed, save a figure that would read back otherwise
/// (`50.000` typed is kept as `50000`).
fn stored_value(f: &lode_core::services::FormField, value: &str) -> String {
    match (&f.kind, lode_core::fees::read_milli(value)) {
        (FieldKind::Number { .. }, Ok(n)) => lode_core::fees::as_stored(value, n),
        _ => value.trim().to_string(),
    }
}

/// A form's values as typed, each figure written as stored, so that the fee worked out from
/// them reads each figure as the applicant meant it.
pub fn as_stored(p: &Procedure, values: &BTreeMap<String, String>) -> BTreeMap<String, String> {
    values
        .iter()
        .map(|(k, v)| {
            let stored = match p.form.iter().find(|f| f.key == *k) {
                Some(f) => stored_value(f, v),
                None => v.clone(),
            };
            (k.clone(), stored)
        })
        .collect()
}

/// The largest figure a procedure's form takes.
const NUMBER_MAX: i128 = 1_000_000_000_000_000;

/// Checks the form's values against the procedure's fields: unknown keys and values that do
/// not read are refused; with `complete`, required fields must be there.
fn check_values(
    p: &Procedure,
    values: &BTreeMap<String, String>,
    complete: bool,
) -> Result<BTreeMap<String, String>, FieldErrors> {
    let mut errors = FieldErrors::new();
    let mut out = BTreeMap::new();
    // the hectares an area field's corner points bound, to hold the area stated against
    let mut bounded_ha: Option<f64> = None;
    for key in values.keys() {
        if !p.form.iter().any(|f| f.key == *key) {
            errors.add(
                &format!("values.{key}"),
                "unknown",
                "the procedure's form has no such field",
            );
        }
    }
    for f in &p.form {
        let field = format!("values.{}", f.key);
        let value = values.get(&f.key).map(|v| v.trim()).unwrap_or("");
        if value.is_empty() {
            if complete && f.required {
                errors.add(&field, "required", format!("{} is required", f.label));
            }
            continue;
        }
        let longest = match f.kind {
            FieldKind::Area { .. } => lode_cadastre::applications::AREA_VALUE_MAX,
            _ => VALUE_MAX,
        };
        if value.chars().count() > longest {
            errors.add(&field, "too_long", format!("at most {longest} characters"));
            continue;
        }
        // what is wrong with a value, in words of its own (a code the pages name)
        let refused = |code: &'static str, message: String| (code, message);
        let wrong = match &f.kind {
            FieldKind::Number { whole, .. } => match lode_core::fees::read_milli(value) {
                // what the forms count and measure is never below zero
                Ok(n) if n < 0 => Some(refused(
                    "negative_number",
                    format!("{}: not below zero", f.label),
                )),
                // beyond any reserve, area or sum a dossier states (10¹⁵)
                Ok(n) if n > NUMBER_MAX * lode_core::fees::MILLI => Some(refused(
                    "number_too_large",
                    format!("{}: at most {NUMBER_MAX}", f.label),
                )),
                // volumes and sheets are counted, never cut
                Ok(n) if *whole && n % 1000 != 0 => Some(refused(
                    "whole_number",
                    format!("{}: a whole number", f.label),
                )),
                Err(_) if value.trim().starts_with('-') => Some(refused(
                    "negative_number",
                    format!("{}: not below zero", f.label),
                )),
                Ok(_) => None,
                Err(lode_core::fees::NumberError::Ambiguous) => Some(refused(
                    "ambiguous_number",
                    format!(
                        "{}: write 2500 for two thousand five hundred, 2,5 for two and a half",
                        f.label
                    ),
                )),
                Err(lode_core::fees::NumberError::NotANumber) => Some(refused(
                    "not_a_number",
                    format!("{}: not a number", f.label),
                )),
            },
            FieldKind::Date => NaiveDate::parse_from_str(value, "%Y-%m-%d")
                .is_err()
                .then(|| refused("invalid_date", format!("{}: not a date", f.label))),
            FieldKind::Choice { options } => {
                (!options.iter().any(|(k, _)| k == value)).then(|| {
                    refused(
                        "invalid_choice",
                        format!("{}: not one of its choices", f.label),
                    )
                })
            }
            FieldKind::Text | FieldKind::Paragraph | FieldKind::Area { .. } => None,
        };
        if let Some((code, message)) = wrong {
            errors.add(&field, code, message);
            continue;
        }
        let ok = match &f.kind {
            // every wrong corner point named on the field
            FieldKind::Area { .. } => match AreaValue::from_value(value) {
                Some(area) => match area.read(&field) {
                    Ok(a) => {
                        bounded_ha = Some(a.area_ha);
                        true
                    }
                    Err(e) => {
                        errors.0.extend(e.0);
                        continue;
                    }
                },
                None => false,
            },
            _ => true,
        };
        if !ok {
            errors.add(&field, "invalid", format!("{}: not a valid value", f.label));
            continue;
        }
        out.insert(f.key.clone(), stored_value(f, value));
    }
    // the area stated (the licence procedures' `area_ha`, which the fee reads) is the area the
    // corner points bound, to the hundredth of a hectare
    if let (Some(bounded), Some(stated)) = (
        bounded_ha,
        out.get("area_ha")
            .and_then(|v| lode_core::fees::parse_milli(v)),
    ) && (stated as f64 / 1000.0 - bounded).abs() >= 0.01
    {
        errors.add(
            "values.area_ha",
            "area_differs",
            format!("the corner points bound {bounded:.2} ha"),
        );
    }
    errors.into_result().map(|()| out)
}

/// Files the area `a` asks for (a procedure has one area field at most) with the mining
/// cadastre at `instant`, in `tx` (the step that files the dossier): checked at once against
/// licences, earlier applications and zones. The applicant's minerals and place are the
/// form's `mineral` and `location` fields, as the licence procedures name them.
async fn file_areas(
    tx: &mut lode_db::Tx,
    db: &Db,
    p: &Procedure,
    a: &Application,
    code: &str,
    instant: &str,
) -> DbResult<()> {
    use lode_cadastre::applications::{Filing, file};
    use lode_cadastre::licence::Kind;
    let mut areas = Vec::new();
    for f in &p.form {
        if let FieldKind::Area { licence } = &f.kind
            && let Some(v) = a.values.get(&f.key).and_then(|v| AreaValue::from_value(v))
        {
            let area = v
                .read(&format!("values.{}", f.key))
                .map_err(DbError::Invalid)?;
            areas.push((Kind::parse(licence).unwrap_or(Kind::Exploration), area));
        }
    }
    if areas.is_empty() {
        return Ok(());
    }
    let (name, organisation): (String, Option<String>) = sqlx::query_as(
        "SELECT ac.full_name, ac.organisation_name FROM applications ap
         JOIN accounts ac ON ac.id = ap.applicant_id WHERE ap.id = $1",
    )
    .bind(a.id)
    .fetch_one(&mut **tx)
    .await?;
    let applicant = organisation
        .filter(|o| !o.trim().is_empty())
        .unwrap_or(name);
    let value = |k: &str| a.values.get(k).map(String::as_str).unwrap_or("");
    for (kind, area) in areas {
        let filing = Filing {
            application_id: Some(a.id),
            reference: code,
            kind,
            applicant: &applicant,
            minerals: value("mineral"),
            province: value("location"),
        };
        file(tx, db, &filing, &area, instant).await?;
    }
    Ok(())
}

/// Two checks of one form, their refusals told together (a wrong telephone number is not left
/// for the next save while a field above it is refused).
fn both<A, B>(a: Result<A, FieldErrors>, b: Result<B, FieldErrors>) -> Result<(A, B), FieldErrors> {
    match (a, b) {
        (Ok(a), Ok(b)) => Ok((a, b)),
        (Err(mut e), Err(more)) => {
            e.0.extend(more.0);
            Err(e)
        }
        (Err(e), _) | (_, Err(e)) => Err(e),
    }
}

fn check_phone(phone: Option<&str>) -> Result<Option<String>, FieldErrors> {
    lode_db::accounts::parse_phone(phone)
        .map_err(|e| FieldErrors::single("phone", e.code, e.message))
}

/// The applicant's newest draft of the procedure `code` not filed yet, filed online: where
/// "file online" takes them again, rather than to one more empty draft.
pub async fn open_draft(db: &Db, applicant_id: i64, code: &str) -> DbResult<Option<i64>> {
    let found: Option<(i64,)> = sqlx::query_as(
        "SELECT a.id FROM applications a JOIN procedures p ON p.id = a.procedure_id
         WHERE a.applicant_id = $1 AND p.code = $2 AND a.status = 'draft' AND a.channel = 'online'
         ORDER BY a.id DESC LIMIT 1",
    )
    .bind(applicant_id)
    .bind(code)
    .fetch_optional(db.pool())
    .await?;
    Ok(found.map(|(id,)| id))
}

/// The applicant throws away a draft never filed: its papers' links, its history and itself
/// (the files stay stored, as every upload does). A dossier filed is withdrawn, never
/// discarded.
pub async fn discard_draft(db: &Db, ctx: &AuditCtx, applicant_id: i64, id: i64) -> DbResult<()> {
    let (a, p, _) = load(db, Some(applicant_id), id).await?;
    if a.status != ApplicationStatus::Draft || a.channel != ApplicationChannel::Online {
        return Err(DbError::Conflict(
            "only a draft not filed yet is discarded: a dossier filed is withdrawn".into(),
        ));
    }
    let mut tx = db.write().await?;
    for table in ["application_documents", "application_events"] {
        sqlx::query(&format!("DELETE FROM {table} WHERE application_id = $1"))
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    // the status checked again as the row goes: a draft filed meanwhile stays
    let gone = sqlx::query(
        "DELETE FROM applications WHERE id = $1 AND applicant_id = $2 AND status = 'draft'",
    )
    .bind(id)
    .bind(applicant_id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if gone == 0 {
        return Err(DbError::Conflict(
            "the draft was filed meanwhile: it is withdrawn, not discarded".into(),
        ));
    }
    append(
        &mut tx,
        ctx,
        Event::new(
            "application.discarded",
            "application",
            id,
            serde_json::json!({"procedure": p.code}),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A new draft of the procedure `code` (the version in force today) for `applicant`.
pub async fn create_draft(
    db: &Db,
    ctx: &AuditCtx,
    applicant: &lode_db::accounts::Account,
    code: &str,
    values: &BTreeMap<String, String>,
    phone: Option<&str>,
) -> DbResult<Application> {
    let record = crate::catalogue::procedure(db, code, lode_db::today())
        .await?
        .filter(|r| r.procedure.in_force(lode_db::today()))
        .ok_or_else(|| {
            FieldErrors::single(
                "procedure_code",
                "unknown",
                "no procedure in force with this code",
            )
        })?;
    let p = &record.procedure;
    let kind = Applicant::of_account(applicant.kind);
    if kind.is_none() {
        return Err(DbError::Denied(lode_core::authz::Denied::OutOfScope));
    }
    if !kind.is_some_and(|k| p.applicants.contains(&k)) {
        // said as who the procedure is for, not as what the account lacks
        let (code, message) = p.not_for_applicant();
        return Err(FieldErrors::single("procedure_code", code, message).into());
    }
    if p.in_person {
        return Err(FieldErrors::single(
            "procedure_code",
            "in_person",
            "this procedure's dossier is filed at the one-stop desk, in person",
        )
        .into());
    }
    let (values, phone) = both(
        check_values(p, values, false),
        check_phone(phone.or(applicant.phone.as_deref())),
    )?;
    let mut tx = db.write().await?;
    let at = now();
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO applications (procedure_id, procedure_version, applicant_id, channel, status,
            form_values, contact_phone, created_at, updated_at)
         VALUES ($1, $2, $3, 'online', 'draft', $4, $5, $6, $6) RETURNING id",
    )
    .bind(record.id)
    .bind(record.version)
    .bind(applicant.id)
    .bind(serde_json::to_string(&values).map_err(|e| DbError::Other(e.into()))?)
    .bind(&phone)
    .bind(&at)
    .fetch_one(&mut *tx)
    .await?;
    add_event(
        &mut tx,
        id,
        Some(applicant.id),
        "draft",
        ("draft", serde_json::json!({})),
    )
    .await?;
    append(
        &mut tx,
        ctx,
        Event::new(
            "application.draft",
            "application",
            id,
            serde_json::json!({"procedure": code}),
        ),
    )
    .await?;
    tx.commit().await?;
    get(db, applicant.id, id).await
}

/// A write that found the dossier no longer as it was read (another change, or filed).
fn changed_since_read() -> DbError {
    DbError::Conflict("the dossier changed since it was read".into())
}

fn editable(status: ApplicationStatus) -> DbResult<()> {
    if status.editable() {
        Ok(())
    } else {
        Err(DbError::Conflict(format!(
            "the dossier is {status}: it cannot be changed"
        )))
    }
}

/// Changes a draft's form values and telephone number, when it is still the applicant's to
/// change and (with `version`) still as they read it; the change is audited with the fields
/// it touched.
pub async fn update_draft(
    db: &Db,
    ctx: &AuditCtx,
    applicant_id: i64,
    id: i64,
    values: &BTreeMap<String, String>,
    phone: Option<&str>,
    version: Option<i64>,
) -> DbResult<Application> {
    let (current, p, _) = load(db, Some(applicant_id), id).await?;
    editable(current.status)?;
    let (values, phone) = both(check_values(&p, values, false), check_phone(phone))?;
    let touched: Vec<&String> = values
        .iter()
        .filter(|(k, v)| current.values.get(*k) != Some(*v))
        .chain(
            current
                .values
                .iter()
                .filter(|(k, _)| !values.contains_key(*k)),
        )
        .map(|(k, _)| k)
        .collect();
    let mut tx = db.write().await?;
    let changed = sqlx::query(
        "UPDATE applications SET form_values = $1, contact_phone = COALESCE($2, contact_phone),
            updated_at = $3, version = version + 1
         WHERE id = $4 AND applicant_id = $5 AND status IN ('draft', 'incomplete')
           AND ($6 IS NULL OR version = $6)",
    )
    .bind(serde_json::to_string(&values).map_err(|e| DbError::Other(e.into()))?)
    .bind(&phone)
    .bind(now())
    .bind(id)
    .bind(applicant_id)
    .bind(version)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if changed == 0 {
        return Err(changed_since_read());
    }
    append(
        &mut tx,
        ctx,
        Event::new(
            "application.changed",
            "application",
            id,
            // the telephone number counts as touched when it changed, not when it was sent
            serde_json::json!({
                "fields": touched,
                "phone": phone.is_some() && phone != current.contact_phone,
            }),
        ),
    )
    .await?;
    tx.commit().await?;
    get(db, applicant_id, id).await
}

/// Puts a document (a PDF stored already) in a draft under the procedure's key; a document
/// under the same key is replaced. Refused once the dossier has left the applicant's hands,
/// even when that happened between reading it and writing; audited with the paper's name and
/// digest.
pub async fn put_document(
    db: &Db,
    ctx: &AuditCtx,
    applicant_id: i64,
    id: i64,
    key: &str,
    sha256: &str,
    name: &str,
) -> DbResult<Application> {
    put_paper(db, ctx, (applicant_id, id), (key, sha256, name), false).await
}

/// [`put_document`] for a paper lode wrote itself from an electronic form the applicant filled
/// in on its pages while signed in (an archive request's form).
pub async fn put_e_form(
    db: &Db,
    ctx: &AuditCtx,
    (applicant_id, id): (i64, i64),
    (key, sha256, name): (&str, &str, &str),
) -> DbResult<Application> {
    put_paper(db, ctx, (applicant_id, id), (key, sha256, name), true).await
}

async fn put_paper(
    db: &Db,
    ctx: &AuditCtx,
    (applicant_id, id): (i64, i64),
    (key, sha256, name): (&str, &str, &str),
    e_form: bool,
) -> DbResult<Application> {
    let (current, p, _) = load(db, Some(applicant_id), id).await?;
    editable(current.status)?;
    if !p.documents.iter().any(|d| d.key == key) {
        return Err(FieldErrors::single(
            "key",
            "unknown",
            "the procedure asks for no such document",
        )
        .into());
    }
    let mut tx = db.write().await?;
    let changed = sqlx::query(
        "UPDATE applications SET updated_at = $1, version = version + 1
         WHERE id = $2 AND applicant_id = $3 AND status IN ('draft', 'incomplete')",
    )
    .bind(now())
    .bind(id)
    .bind(applicant_id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if changed == 0 {
        return Err(changed_since_read());
    }
    sqlx::query(
        "INSERT INTO application_documents (application_id, doc_key, sha256, name, added_at, e_form)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (application_id, doc_key)
         DO UPDATE SET sha256 = $3, name = $4, added_at = $5, e_form = $6",
    )
    .bind(id)
    .bind(key)
    .bind(sha256)
    .bind(name)
    .bind(now())
    .bind(i64::from(e_form))
    .execute(&mut *tx)
    .await?;
    append(
        &mut tx,
        ctx,
        Event::new(
            "application.document",
            "application",
            id,
            serde_json::json!({"key": key, "name": name, "sha256": sha256}),
        ),
    )
    .await?;
    tx.commit().await?;
    get(db, applicant_id, id).await
}

/// The fee the draft's values give, with its calculation.
pub async fn estimate(db: &Db, applicant_id: i64, id: i64) -> DbResult<Estimate> {
    let (current, p, _) = load(db, Some(applicant_id), id).await?;
    Ok(p.fee.compute(&current.values)?)
}

/// The receiving body's organisation id: the root of the organisation tree.
async fn receiving_body(tx: &mut lode_db::Tx) -> DbResult<lode_core::orgid::OrgId> {
    let (org,): (String,) = sqlx::query_as(RECEIVING_BODY).fetch_one(&mut **tx).await?;
    body_code(&org)
}

/// The body that receives dossiers (whose code they carry): the organisation's root unit.
const RECEIVING_BODY: &str = "SELECT org_id FROM units WHERE parent_id IS NULL ORDER BY id LIMIT 1";

fn body_code(org: &str) -> DbResult<lode_core::orgid::OrgId> {
    lode_core::orgid::OrgId::parse(org).map_err(|e| DbError::Other(anyhow::anyhow!(e.message)))
}

/// A dossier code as typed: whole (`000.00.27.G12-261130-0001`), or its day and serial
/// (`261130-0001`, as read off the slip's last part), this agency's code put before it.
/// `None` when it is neither.
pub async fn typed_code(db: &Db, typed: &str) -> DbResult<Option<DossierCode>> {
    if let Ok(code) = DossierCode::parse(typed) {
        return Ok(Some(code));
    }
    let short = typed.trim();
    let shaped = short.len() == 11
        && short.bytes().enumerate().all(|(i, b)| {
            if i == 6 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if !shaped {
        return Ok(None);
    }
    let (org,): (String,) = sqlx::query_as(RECEIVING_BODY).fetch_one(db.pool()).await?;
    let body = body_code(&org)?;
    Ok(DossierCode::parse(&format!("{}-{short}", body.as_str())).ok())
}

/// The longest value of a form's field other than an area, in characters (the form's boxes
/// stop there too).
pub const VALUE_MAX: usize = 2000;

/// What submitting `current` finds wrong, every field at once (required fields and documents,
/// the telephone, the values the fee is worked out from), and the fee when nothing is.
fn submission_checked(p: &Procedure, current: &Application) -> (FieldErrors, Option<Estimate>) {
    let mut errors = match check_values(p, &current.values, true) {
        Ok(_) => FieldErrors::new(),
        Err(e) => e,
    };
    for d in p.documents.iter().filter(|d| d.required) {
        if !current.documents.iter().any(|x| x.key == d.key) {
            errors.add(
                &format!("documents.{}", d.key),
                "missing",
                format!("{} is missing", d.name),
            );
        }
    }
    if current.contact_phone.is_none() {
        errors.add(
            "phone",
            "required",
            "a telephone number to follow the dossier with",
        );
    }
    let fee = match p.fee.compute(&current.values) {
        Ok(fee) => Some(fee),
        Err(e) => {
            // a box refused already (left empty) is not refused a second time for the fee
            let fresh: Vec<_> =
                e.0.into_iter()
                    .filter(|f| !errors.0.iter().any(|x| same_box(&x.field, &f.field)))
                    .collect();
            errors.0.extend(fresh);
            None
        }
    };
    (errors, fee)
}

/// Whether two refusals name the same box: a form's value (`values.area_ha`) and the fee's
/// input read from it (`area_ha`) are one.
pub fn same_box(a: &str, b: &str) -> bool {
    a.trim_start_matches("values.") == b.trim_start_matches("values.")
}

/// What submitting the applicant's dossier `id` would refuse were its form as `typed` says (its
/// values, in place of those kept, and its telephone): read, nothing written. A form whose keeping was
/// refused says the rest with it, not on the next try.
pub async fn submission_refusals(
    db: &Db,
    actor: &Actor,
    id: i64,
    typed: Option<(&BTreeMap<String, String>, Option<&str>)>,
) -> DbResult<FieldErrors> {
    let (mut current, p, _) = load(db, steps::own(actor), id).await?;
    if let Some((values, phone)) = typed {
        // the form replaces the values kept, as saving it does (a box left empty is gone)
        current.values = as_stored(&p, values);
        if let Some(phone) = phone.filter(|p| !p.trim().is_empty()) {
            current.contact_phone = Some(phone.to_string());
        }
    }
    Ok(submission_checked(&p, &current).0)
}

/// Submits a draft: every required field and document there, the fee worked out; it gets the
/// day's next dossier code and the date promised by the procedure's deadline from today. A
/// dossier sent back to be completed goes back to the desk under its code. The applicant files
/// their own; the desk files the paper dossiers it enters.
pub async fn submit(
    db: &Db,
    ctx: &AuditCtx,
    actor: &Actor,
    id: i64,
    version: Option<i64>,
) -> DbResult<Application> {
    let (current, p, applicant_id) = load(db, steps::own(actor), id).await?;
    editable(current.status)?;
    let (errors, fee) = submission_checked(&p, &current);
    errors.into_result()?;
    let fee = fee.unwrap_or(Estimate {
        amount: 0,
        steps: Vec::new(),
    });
    let calendar = lode_db::calendar::calendar(db).await?;
    let today = lode_db::today();
    if current.status == ApplicationStatus::Incomplete {
        resubmit(db, ctx, actor, &current, &p, &calendar, today, fee, version).await?;
        return get(db, applicant_id, id).await;
    }
    let due = calendar
        .deadline(today, p.deadline, p.deadline_unit, &[])
        .ok_or_else(|| DbError::Other(anyhow::anyhow!("the deadline cannot be counted")))?;
    let (mut tx, dossier, next) =
        steps::begin(db, actor, id, version, ApplicationStep::Submit).await?;
    let submitted_at = now();
    let body = receiving_body(&mut tx).await?;
    let serial = lode_db::counters::next(
        &mut tx,
        &format!("dossier:{}:{}", body.as_str(), today.format("%y%m%d")),
    )
    .await?;
    // a rollback gives the serial back to the counter
    let code = DossierCode::new(&body, today, u32::try_from(serial).unwrap_or(u32::MAX))
        .map_err(|_| DbError::Conflict("the day's dossier codes are used up".into()))?;
    sqlx::query(
        "UPDATE applications SET status = $1, code = $2, fee_amount = $3, fee_steps = $4,
            received_on = $5, due_on = $6, submitted_at = $7
         WHERE id = $8",
    )
    .bind(next.as_str())
    .bind(code.as_str())
    .bind(fee.amount)
    .bind(serde_json::to_string(&fee.steps).map_err(|e| DbError::Other(e.into()))?)
    .bind(today.to_string())
    .bind(due.to_string())
    .bind(&submitted_at)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    // the area asked for takes its place in the register at the dossier's own instant
    file_areas(&mut tx, db, &p, &current, code.as_str(), &submitted_at).await?;
    let message = if dossier.at_desk() {
        "submitted_at_desk"
    } else {
        "submitted_online"
    };
    steps::finish(
        &mut tx,
        ctx,
        id,
        "submit",
        steps::detail(
            message,
            serde_json::json!({"code": code.as_str(), "due_day": due.to_string()}),
            serde_json::json!({"code": code.as_str(), "fee": fee.amount, "due_on": due.to_string()}),
        ),
    )
    .await?;
    // filed online, the applicant has it in writing (in lode and by e-mail): the code to follow
    // it by, and that the desk checks it next
    if !dossier.at_desk() {
        crate::steps::tell_applicant(
            &mut tx,
            applicant_id,
            (id, Some(code.as_str())),
            ("application", "application_submitted"),
            serde_json::json!({}),
        )
        .await?;
    }
    tx.commit().await?;
    get(db, applicant_id, id).await
}

/// The documents asked for arrived: the dossier goes back to the desk under its code, and the
/// clock, stopped from the request to today, gives a later promised date.
#[allow(clippy::too_many_arguments)]
async fn resubmit(
    db: &Db,
    ctx: &AuditCtx,
    actor: &Actor,
    current: &Application,
    p: &Procedure,
    calendar: &lode_core::calendar::Calendar,
    today: NaiveDate,
    fee: Estimate,
    version: Option<i64>,
) -> DbResult<()> {
    let requested: Option<(String,)> = sqlx::query_as(
        "SELECT at FROM application_events WHERE application_id = $1 AND kind = 'incomplete'
         ORDER BY seq DESC LIMIT 1",
    )
    .bind(current.id)
    .fetch_optional(db.pool())
    .await?;
    let from = requested
        .and_then(|(at,)| lode_db::local_day_of(&at))
        .unwrap_or(today);
    let received = current
        .received_on
        .as_deref()
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .unwrap_or(today);
    let pause = lode_core::calendar::Pause { from, until: today };
    let due = calendar
        .deadline(received, p.deadline, p.deadline_unit, &[pause])
        .ok_or_else(|| DbError::Other(anyhow::anyhow!("the deadline cannot be counted")))?;
    let (mut tx, _, next) =
        steps::begin(db, actor, current.id, version, ApplicationStep::Complete).await?;
    sqlx::query(
        "UPDATE applications SET status = $1, fee_amount = $2, fee_steps = $3, due_on = $4
         WHERE id = $5",
    )
    .bind(next.as_str())
    .bind(fee.amount)
    .bind(serde_json::to_string(&fee.steps).map_err(|e| DbError::Other(e.into()))?)
    .bind(due.to_string())
    .bind(current.id)
    .execute(&mut *tx)
    .await?;
    // the area as completed, checked anew; its place in the queue kept from the first filing
    if let Some(code) = current.code.as_deref() {
        file_areas(&mut tx, db, p, current, code, &now()).await?;
    }
    steps::finish(
        &mut tx,
        ctx,
        current.id,
        "complete",
        steps::detail(
            "completed",
            serde_json::json!({"due_day": due.to_string()}),
            serde_json::json!({"due_on": due.to_string()}),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A paper dossier brought to the counter, as the officer enters it.
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DeskIntake {
    pub procedure_code: String,
    pub applicant: lode_db::accounts::WalkIn,
    #[serde(default)]
    pub values: BTreeMap<String, String>,
}

/// The desk enters a paper dossier: the applicant (who need not have an account), the form's
/// values; the scans of the papers follow ([`desk_put_document`]), then [`desk_receive`].
/// Procedures filed in person are taken here too.
pub async fn desk_intake(
    db: &Db,
    ctx: &AuditCtx,
    officer: &lode_core::authz::Actor,
    input: &DeskIntake,
) -> DbResult<Application> {
    lode_core::authz::decide(officer, lode_core::authz::Action::WorkTheDesk)
        .map_err(DbError::Denied)?;
    let record = crate::catalogue::procedure(db, input.procedure_code.trim(), lode_db::today())
        .await?
        .filter(|r| r.procedure.in_force(lode_db::today()));
    let mut errors = FieldErrors::new();
    if input.procedure_code.trim().is_empty() {
        errors.add("procedure_code", "choose", "choose the procedure");
    } else if record.is_none() {
        errors.add(
            "procedure_code",
            "unknown",
            "no procedure in force with this code",
        );
    }
    let values = match record
        .as_ref()
        .map(|r| check_values(&r.procedure, &input.values, false))
    {
        Some(Err(e)) => {
            errors.0.extend(e.0);
            None
        }
        Some(Ok(v)) => Some(v),
        None => None,
    };
    let kind = match input.applicant.kind.as_str() {
        "business" => Some(Applicant::Business),
        "citizen" => Some(Applicant::Citizen),
        _ => None,
    };
    if input.applicant.kind.trim().is_empty() {
        errors.add(
            "applicant.kind",
            "choose",
            "say whether a citizen or a business files it",
        );
    }
    if let (Some(r), Some(k)) = (&record, kind)
        && !r.procedure.applicants.contains(&k)
    {
        errors.add(
            "applicant.kind",
            "procedure_for_other_kind",
            "this procedure is not open to this kind of applicant",
        );
    }
    let mut tx = db.write().await?;
    let person = match lode_db::accounts::insert_walk_in(&mut tx, &input.applicant).await {
        Ok(p) => Some(p),
        Err(DbError::Invalid(e)) => {
            errors.0.extend(e.0);
            None
        }
        Err(e) => return Err(e),
    };
    // one reason a field: an applicant's kind not chosen is said once, as not chosen
    let mut said = std::collections::HashSet::new();
    errors.0.retain(|e| said.insert(e.field.clone()));
    errors.clone().into_result()?;
    let (Some(record), Some(values), Some(person)) = (record, values, person) else {
        return Err(errors.into());
    };
    let at = now();
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO applications (procedure_id, procedure_version, applicant_id, channel, status,
            form_values, contact_phone, created_at, updated_at)
         VALUES ($1, $2, $3, 'desk', 'draft', $4, $5, $6, $6) RETURNING id",
    )
    .bind(record.id)
    .bind(record.version)
    .bind(person.id)
    .bind(serde_json::to_string(&values).map_err(|e| DbError::Other(e.into()))?)
    .bind(&person.phone)
    .bind(&at)
    .fetch_one(&mut *tx)
    .await?;
    add_event(
        &mut tx,
        id,
        Some(officer.account_id),
        "draft",
        ("draft_at_desk", serde_json::json!({})),
    )
    .await?;
    append(
        &mut tx,
        ctx,
        Event::new(
            "application.desk_intake",
            "application",
            id,
            serde_json::json!({"procedure": record.procedure.code}),
        ),
    )
    .await?;
    tx.commit().await?;
    get(db, person.id, id).await
}

/// The applicant of a paper dossier the desk is entering; other dossiers are not the desk's
/// to edit.
pub async fn desk_owned(db: &Db, officer: &lode_core::authz::Actor, id: i64) -> DbResult<i64> {
    lode_core::authz::decide(officer, lode_core::authz::Action::WorkTheDesk)
        .map_err(DbError::Denied)?;
    let row: Option<(i64, String)> =
        sqlx::query_as("SELECT applicant_id, channel FROM applications WHERE id = $1")
            .bind(id)
            .fetch_optional(db.pool())
            .await?;
    match row {
        Some((applicant, channel)) if channel == ApplicationChannel::Desk.as_str() => Ok(applicant),
        _ => Err(DbError::NotFound),
    }
}

/// The applicant of a dossier the desk sees (one filed, or a paper one it is entering).
pub async fn desk_applicant(db: &Db, officer: &lode_core::authz::Actor, id: i64) -> DbResult<i64> {
    lode_core::authz::decide(officer, lode_core::authz::Action::WorkTheDesk)
        .map_err(DbError::Denied)?;
    let row: Option<(i64,)> = sqlx::query_as(
        "SELECT applicant_id FROM applications
         WHERE id = $1 AND (code IS NOT NULL OR channel = $2)",
    )
    .bind(id)
    .bind(ApplicationChannel::Desk.as_str())
    .fetch_optional(db.pool())
    .await?;
    row.map(|(a,)| a).ok_or(DbError::NotFound)
}

/// A paper dossier being entered at the desk, with its procedure.
pub async fn desk_draft(
    db: &Db,
    officer: &lode_core::authz::Actor,
    id: i64,
) -> DbResult<(Application, Procedure)> {
    let applicant = desk_owned(db, officer, id).await?;
    with_procedure(db, applicant, id).await
}

/// A dossier as the desk sees it: one filed, or a paper one it is entering.
pub async fn desk_view(
    db: &Db,
    officer: &lode_core::authz::Actor,
    id: i64,
) -> DbResult<(Application, Procedure)> {
    match for_desk(db, id).await {
        Err(DbError::NotFound) => desk_draft(db, officer, id).await,
        found => found,
    }
}

/// The scan of one paper of a dossier entered at the desk.
pub async fn desk_put_document(
    db: &Db,
    ctx: &AuditCtx,
    officer: &lode_core::authz::Actor,
    id: i64,
    key: &str,
    sha256: &str,
    name: &str,
) -> DbResult<Application> {
    let applicant = desk_owned(db, officer, id).await?;
    put_document(db, ctx, applicant, id, key, sha256, name).await
}

/// What the paper form of a dossier entered at the desk says, typed by its officer.
pub async fn desk_update_values(
    db: &Db,
    ctx: &AuditCtx,
    officer: &lode_core::authz::Actor,
    id: i64,
    values: &BTreeMap<String, String>,
    version: Option<i64>,
) -> DbResult<Application> {
    let applicant = desk_owned(db, officer, id).await?;
    update_draft(db, ctx, applicant, id, values, None, version).await
}

/// The paper dossier entered and scanned is received: it gets its code and promised date like
/// one filed online, and waits for the desk's decision.
pub async fn desk_receive(
    db: &Db,
    ctx: &AuditCtx,
    officer: &lode_core::authz::Actor,
    id: i64,
) -> DbResult<Application> {
    desk_owned(db, officer, id).await?;
    submit(db, ctx, officer, id, None).await
}

/// How lists name an applicant: the organisation with the person, or the person.
pub(crate) fn applicant_label(person: String, organisation: Option<String>) -> String {
    match organisation {
        Some(org) => format!("{org} ({person})"),
        None => person,
    }
}

/// A dossier in the desk's list.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct DeskItem {
    pub id: i64,
    pub code: Option<String>,
    pub procedure_name: String,
    pub applicant: String,
    #[schema(value_type = String)]
    pub status: ApplicationStatus,
    pub received_on: Option<String>,
    pub due_on: Option<String>,
    /// `online`, or `desk` for a paper dossier entered at the counter.
    pub channel: String,
    /// When it was filed (UTC), the moment the desk's first-come order counts from.
    pub submitted_at: Option<String>,
}

lode_db::row! {
    /// What the desk's list reads of a dossier and its applicant.
    struct DeskRow {
        id: i64,
        code: Option<String>,
        procedure_name: String,
        full_name: String,
        organisation_name: Option<String>,
        status: String,
        received_on: Option<String>,
        due_on: Option<String>,
        channel: String,
        submitted_at: Option<String>,
    }
}

/// The dossiers at the desk in `status` (default: submitted, waiting for the desk), oldest
/// first.
pub async fn desk_list(db: &Db, status: Option<ApplicationStatus>) -> DbResult<Vec<DeskItem>> {
    let view = DeskView::of(status.unwrap_or(ApplicationStatus::Submitted));
    desk_first(db, view, 500).await
}

/// Which of the desk's dossiers a list shows: those in a status and, of those in handling,
/// perhaps only the ones whose result is issued (a numbered reply to their letter), the desk's
/// to return.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DeskView {
    pub status: ApplicationStatus,
    pub result_issued: bool,
}

impl DeskView {
    /// The dossiers waiting to be received.
    pub const WAITING: Self = Self::of(ApplicationStatus::Submitted);
    /// The dossiers in handling whose result is issued and not yet returned.
    pub const RESULTS_TO_RETURN: Self = Self {
        status: ApplicationStatus::Accepted,
        result_issued: true,
    };

    pub const fn of(status: ApplicationStatus) -> Self {
        Self {
            status,
            result_issued: false,
        }
    }

    /// Its condition on the dossier `a`, the status bound as `$1`.
    fn clause(self) -> &'static str {
        if self.result_issued {
            AT_DESK_WITH_RESULT
        } else {
            AT_DESK
        }
    }
}

/// The dossiers the desk sees: every one filed, and of drafts only its own paper ones (a
/// literal, so that the queries that use it stay fixed text).
macro_rules! desk_sees {
    () => {
        "(a.status <> 'draft' OR a.channel = 'desk')"
    };
}

/// The dossiers at the desk in the status bound as `$1` (drafts only when entered at the desk).
const AT_DESK: &str = concat!("a.status = $1 AND ", desk_sees!());

/// Those of [`AT_DESK`] whose letter has a reply numbered and not recalled: the result is
/// issued.
const AT_DESK_WITH_RESULT: &str = concat!(
    "a.status = $1 AND ",
    desk_sees!(),
    " AND EXISTS (SELECT 1 FROM outgoing_documents o
       WHERE o.related_incoming_id = a.incoming_id AND o.status IN ('issued', 'sent'))"
);

/// How many dossiers the desk's `view` holds.
pub async fn desk_count(db: &Db, view: DeskView) -> DbResult<i64> {
    let (n,): (i64,) = sqlx::query_as(&format!(
        "SELECT COUNT(*) FROM applications a WHERE {}",
        view.clause()
    ))
    .bind(view.status.as_str())
    .fetch_one(db.pool())
    .await?;
    Ok(n)
}

/// How many dossiers are at the desk in each status, in one pass (the desk's tabs).
pub async fn desk_counts(db: &Db) -> DbResult<std::collections::HashMap<String, i64>> {
    let rows: Vec<(String, i64)> = sqlx::query_as(concat!(
        "SELECT a.status, COUNT(*) FROM applications a WHERE ",
        desk_sees!(),
        " GROUP BY a.status"
    ))
    .fetch_all(db.pool())
    .await?;
    Ok(rows.into_iter().collect())
}

/// How the desk's list may be ordered: by the order dossiers came in (the desk takes them
/// first come, first served), or by their promised day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeskOrder {
    Received,
    Due,
}

impl lode_db::SortKey for DeskOrder {
    const ALL: &'static [Self] = &[DeskOrder::Received, DeskOrder::Due];
    fn key(self) -> &'static str {
        match self {
            DeskOrder::Received => "received",
            DeskOrder::Due => "due",
        }
    }
    /// Oldest first, soonest due first: what the desk works through.
    fn starts_descending(self) -> bool {
        false
    }
}

/// The desk's usual order: first come, first served.
pub const DESK_USUAL: lode_db::Sort<DeskOrder> = lode_db::Sort {
    by: DeskOrder::Received,
    descending: false,
};

/// Dossiers a page of the desk's list shows.
pub const DESK_PAGE: i64 = 50;

/// One page of the desk's list in `status`: its dossiers, how many there are in all, and
/// whether more follow.
pub async fn desk_page(
    db: &Db,
    view: DeskView,
    order: lode_db::Sort<DeskOrder>,
    page: Option<i64>,
) -> DbResult<(Vec<DeskItem>, lode_db::Total, bool)> {
    let mut errors = FieldErrors::new();
    let offset = errors
        .take("page", lode_db::page_offset(page, DESK_PAGE))
        .unwrap_or(0);
    errors.into_result()?;
    let page = lode_db::into_page(
        desk_rows(db, view, order, DESK_PAGE + 1, offset).await?,
        DESK_PAGE,
        |i| i.id,
    );
    let total = lode_db::Total::of_counted(desk_count(db, view).await?);
    Ok((page.items, total, page.more))
}

/// The dossier the desk knows by `code`: the whole code, or its day and serial
/// (`261206-0001`) when one dossier ends so; `None` when none does.
pub async fn desk_find(db: &Db, code: &str) -> DbResult<Option<i64>> {
    let code = code.trim().to_uppercase();
    if code.len() > 40 || code.is_empty() {
        return Ok(None);
    }
    let like = format!("%-{}", lode_db::like_escape(&code));
    let rows: Vec<(i64,)> = sqlx::query_as(
        "SELECT id FROM applications
         WHERE code = $1 OR code LIKE $2 ESCAPE '\\' ORDER BY id LIMIT 2",
    )
    .bind(&code)
    .bind(&like)
    .fetch_all(db.pool())
    .await?;
    Ok(match rows.as_slice() {
        [(id,)] => Some(*id),
        _ => None,
    })
}

/// The most dossiers a search of the desk by an applicant's name lists.
pub const DESK_NAMED_AT_MOST: i64 = 50;

/// The dossiers filed by applicants whose person's or organisation's name holds every word of
/// `words` (without diacritics, in any order: "minh phat" finds "Công ty … Minh Phát"), newest
/// first: at most one more than [`DESK_NAMED_AT_MOST`], so that the page can say there are
/// more. The applicants' drafts are theirs alone.
pub async fn desk_by_applicant(db: &Db, words: &str) -> DbResult<Vec<DeskItem>> {
    let patterns = lode_db::word_patterns(Some(words));
    let Some(first) = patterns.first() else {
        return Ok(Vec::new());
    };
    // the account's words are its names folded (`accounts.search_key`)
    let more = lode_db::word_clauses("ac.search_key", 3, patterns.len() - 1);
    let sql = format!(
        "{DESK_ROWS}
         WHERE a.status <> 'draft' AND ac.search_key LIKE $2 ESCAPE '\\'{more}
         ORDER BY a.id DESC LIMIT $1"
    );
    let mut q = sqlx::query_as::<_, DeskRow>(&sql)
        .bind(DESK_NAMED_AT_MOST + 1)
        .bind(first);
    for p in &patterns[1..] {
        q = q.bind(p);
    }
    q.fetch_all(db.pool())
        .await?
        .into_iter()
        .map(desk_item)
        .collect()
}

/// What the desk's lists read of a dossier, its procedure and its applicant ([`DeskRow`]).
const DESK_ROWS: &str = "SELECT a.id, a.code, p.name AS procedure_name, ac.full_name,
        ac.organisation_name, a.status, a.received_on, a.due_on, a.channel, a.submitted_at
     FROM applications a JOIN procedures p ON p.id = a.procedure_id
     JOIN accounts ac ON ac.id = a.applicant_id";

/// A row of the desk's list as it shows it.
fn desk_item(r: DeskRow) -> DbResult<DeskItem> {
    Ok(DeskItem {
        id: r.id,
        code: r.code,
        procedure_name: r.procedure_name,
        applicant: applicant_label(r.full_name, r.organisation_name),
        status: status_of(&r.status)?,
        received_on: r.received_on,
        due_on: r.due_on,
        channel: r.channel,
        submitted_at: r.submitted_at,
    })
}

/// The first `limit` dossiers of the desk's `view`, as its list orders them.
pub async fn desk_first(db: &Db, view: DeskView, limit: i64) -> DbResult<Vec<DeskItem>> {
    desk_rows(db, view, DESK_USUAL, limit, 0).await
}

async fn desk_rows(
    db: &Db,
    view: DeskView,
    order: lode_db::Sort<DeskOrder>,
    limit: i64,
    offset: i64,
) -> DbResult<Vec<DeskItem>> {
    // the order's columns are written here, never taken from input
    let way = if order.descending { "DESC" } else { "ASC" };
    let order_by = match order.by {
        DeskOrder::Received => format!("a.id {way}"),
        DeskOrder::Due => {
            format!("CASE WHEN a.due_on IS NULL THEN 1 ELSE 0 END, a.due_on {way}, a.id {way}")
        }
    };
    let rows: Vec<DeskRow> = sqlx::query_as(&format!(
        "{DESK_ROWS}
             WHERE {}
             ORDER BY {order_by} LIMIT $2 OFFSET $3",
        view.clause()
    ))
    .bind(view.status.as_str())
    .bind(limit)
    .bind(offset)
    .fetch_all(db.pool())
    .await?;
    rows.into_iter().map(desk_item).collect()
}

fn phone_digits(p: &str) -> String {
    let digits: String = p.chars().filter(char::is_ascii_digit).collect();
    // +84 912… and 0912… are the same number
    match digits.strip_prefix("84") {
        Some(rest) if digits.len() >= 11 => format!("0{rest}"),
        _ => digits,
    }
}

lode_db::row! {
    /// What tracking reads of a dossier.
    struct TrackRow {
        id: i64,
        procedure_name: String,
        status: String,
        received_on: Option<String>,
        due_on: Option<String>,
        contact_phone: Option<String>,
    }
}

/// A dossier found by its code and the telephone number given with it; `None` for a wrong
/// code and a wrong number alike, so that codes cannot be tried one after another. Two reads:
/// the dossier with its procedure's name, then its timeline.
pub async fn track(db: &Db, code: &DossierCode, phone: &str) -> DbResult<Option<Tracking>> {
    let row: Option<TrackRow> = sqlx::query_as(
        "SELECT a.id, p.name AS procedure_name, a.status, a.received_on, a.due_on, a.contact_phone
             FROM applications a JOIN procedures p ON p.id = a.procedure_id WHERE a.code = $1",
    )
    .bind(code.as_str())
    .fetch_optional(db.pool())
    .await?;
    let given = phone_digits(phone);
    let Some(r) = row else {
        return Ok(None);
    };
    let Some(stored) = r.contact_phone.as_deref() else {
        return Ok(None);
    };
    if given.len() < 8 || phone_digits(stored) != given {
        return Ok(None);
    }
    Ok(Some(Tracking {
        code: code.to_string(),
        procedure_name: r.procedure_name,
        status: status_of(&r.status)?,
        received_on: r.received_on,
        due_on: r.due_on,
        events: events_of(db, r.id).await?,
    }))
}
