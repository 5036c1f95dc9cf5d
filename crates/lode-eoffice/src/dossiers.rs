//! Work dossiers: opened in a unit with the file code of the body's list for the year, the
//! documents they hold in order (incoming, outgoing, other files), closing, and the hand-over to
//! the archive a year after closing. Every change is in the dossier's timeline and the audit log,
//! in one transaction.
//!
//! A dossier is as secret as the most secret thing it holds: attaching a secret document raises
//! it, so whoever may read the dossier may read every entry of its index.

pub use crate::dossier_index::find_older_words_again;
use crate::incoming::PDF;
use crate::timeline::{self, EventTable, TimelineEntry, events_of};
use chrono::NaiveDate;
use lode_core::authz::{Action, Actor, DossierScope, decide};
use lode_core::documents::{NOTE_MAX, Secrecy, parse_date};
use lode_core::dossiers::{
    DossierStatus, DossierStep, Retention, TITLE_MAX, file_code, handover_due,
    latest_closing_due_by, next_dossier, parse_file_notation,
};
use lode_core::org::UnitPath;
use lode_core::people::Clearance;
use lode_core::text::fold;
use lode_core::validation::{FieldErrors, bounded_text, optional_lines};
use lode_db::audit::{self, Event};
use lode_db::{AuditCtx, Db, DbError, DbResult, Page, Tx, into_page, page_limit};
use serde::{Deserialize, Serialize};
use serde_json::json;

/// A dossier to open, as its opener typed it.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewDossier {
    /// The file notation in the unit's list, such as `01.TCCB`; proposed when left out.
    pub notation: Option<String>,
    pub title: String,
    /// Years (1–70) or `permanent`.
    pub retention: String,
    /// Who keeps it: a staff member of the opener's unit (default the opener).
    pub responsible_id: Option<i64>,
    pub description: Option<String>,
    /// `YYYY-MM-DD`, default today; its year is the dossier's year.
    pub opened_on: Option<String>,
}

/// A document to put in a dossier: an incoming or outgoing document, or an uploaded file.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewItem {
    pub incoming_id: Option<i64>,
    pub outgoing_id: Option<i64>,
    /// An uploaded PDF or DOCX (see `/api/v1/files`).
    pub file_sha256: Option<String>,
    pub file_name: Option<String>,
    /// For a file: what it is (required). Documents bring their own subject.
    pub title: Option<String>,
    /// For a file: its number and notation, date and author, if it has them.
    pub notation: Option<String>,
    pub doc_date: Option<String>,
    pub author: Option<String>,
    pub pages: Option<i64>,
    pub note: Option<String>,
    pub version: Option<i64>,
}

/// A step: close, reopen, hand over (with a note), remove an item.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DossierStepInput {
    pub text: Option<String>,
    /// For removing an entry: its id.
    pub item_id: Option<i64>,
    /// For closing and hand-over: the day, `YYYY-MM-DD` (default today).
    pub on: Option<String>,
    pub version: Option<i64>,
}

/// One entry of the dossier's index.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct DossierItem {
    pub id: i64,
    /// Its place in the dossier, from 1.
    pub ordinal: i64,
    /// `incoming`, `outgoing` or `file`.
    pub kind: String,
    pub incoming_id: Option<i64>,
    pub outgoing_id: Option<i64>,
    #[serde(skip)]
    pub file_sha256: Option<String>,
    pub file_name: Option<String>,
    pub title: String,
    pub notation: Option<String>,
    pub doc_date: Option<String>,
    pub author: Option<String>,
    pub pages: i64,
    pub note: Option<String>,
    pub added_at: String,
}

impl DossierItem {
    /// Its count of sheets as the index writes it: blank while no one has counted them (0).
    pub fn sheets_said(&self) -> String {
        if self.pages > 0 {
            self.pages.to_string()
        } else {
            String::new()
        }
    }
}

/// Everything stored about one dossier.
#[derive(Debug, Clone)]
pub struct DossierRecord {
    pub id: i64,
    pub body_unit_id: i64,
    pub body_path: UnitPath,
    pub unit_id: i64,
    pub unit_path: UnitPath,
    pub unit_name: String,
    pub year: i64,
    pub notation: String,
    pub code: String,
    pub title: String,
    pub retention: Retention,
    pub secrecy: Secrecy,
    pub description: Option<String>,
    pub responsible_id: i64,
    pub responsible_name: String,
    pub created_by: i64,
    pub status: DossierStatus,
    pub opened_on: String,
    pub closed_on: Option<String>,
    pub handed_over_on: Option<String>,
    pub handover_note: Option<String>,
    pub item_count: i64,
    pub page_count: i64,
    pub version: i64,
    pub items: Vec<DossierItem>,
}

/// What a caller may know of a dossier.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct DossierView {
    pub id: i64,
    pub code: String,
    pub notation: String,
    pub year: i64,
    /// Absent when the caller is not cleared for what it holds.
    pub title: Option<String>,
    pub unit_id: i64,
    pub unit_name: String,
    /// Years, or `permanent`.
    pub retention: String,
    pub secrecy: String,
    pub description: Option<String>,
    pub responsible_id: i64,
    pub responsible_name: String,
    /// `open`, `closed`, `handed_over`.
    pub status: String,
    pub opened_on: String,
    pub closed_on: Option<String>,
    /// When a closed dossier is due at the archive.
    pub handover_due: Option<String>,
    pub handed_over_on: Option<String>,
    pub handover_note: Option<String>,
    pub item_count: i64,
    pub page_count: i64,
    /// The index; empty when the caller may not read it.
    pub items: Vec<DossierItem>,
    pub version: i64,
}

impl DossierRecord {
    /// The day of the latest paper it holds (`yyyy-mm-dd`): it closes no earlier.
    pub fn latest_paper(&self) -> Option<&str> {
        self.items
            .iter()
            .filter_map(|i| i.doc_date.as_deref())
            .max()
    }

    /// The earliest day it may close (`yyyy-mm-dd`): its opening, or its latest paper's day.
    pub fn earliest_closing_day(&self) -> &str {
        self.latest_paper()
            .map_or(self.opened_on.as_str(), |p| p.max(self.opened_on.as_str()))
    }

    pub fn scope(&self) -> DossierScope {
        DossierScope {
            body: self.body_path.clone(),
            unit: self.unit_path.clone(),
            responsible: self.responsible_id,
            created_by: self.created_by,
            secrecy: self.secrecy,
        }
    }

    pub fn handover_due(&self) -> Option<NaiveDate> {
        match self.status {
            DossierStatus::Closed => self
                .closed_on
                .as_deref()
                .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
                .map(handover_due),
            _ => None,
        }
    }

    pub fn view(&self, actor: &Actor) -> Option<DossierView> {
        let scope = self.scope();
        decide(actor, Action::SeeDossier(&scope)).ok()?;
        let readable = decide(actor, Action::ReadDossier(&scope)).is_ok();
        Some(DossierView {
            id: self.id,
            code: self.code.clone(),
            notation: self.notation.clone(),
            year: self.year,
            title: readable.then(|| self.title.clone()),
            unit_id: self.unit_id,
            unit_name: self.unit_name.clone(),
            retention: self.retention.as_stored(),
            secrecy: self.secrecy.as_str().into(),
            description: if readable {
                self.description.clone()
            } else {
                None
            },
            responsible_id: self.responsible_id,
            responsible_name: self.responsible_name.clone(),
            status: self.status.as_str().into(),
            opened_on: self.opened_on.clone(),
            closed_on: self.closed_on.clone(),
            handover_due: self.handover_due().map(|d| d.to_string()),
            handed_over_on: self.handed_over_on.clone(),
            handover_note: self.handover_note.clone(),
            item_count: self.item_count,
            page_count: self.page_count,
            items: if readable {
                self.items.clone()
            } else {
                Vec::new()
            },
            version: self.version,
        })
    }
}

const SELECT: &str =
    "SELECT d.id, d.body_unit_id, b.path AS body_path, d.unit_id, u.path AS unit_path,
    u.name AS unit_name, d.year, d.notation, d.code, d.title, d.retention, d.secrecy,
    d.description, d.responsible_id, r.full_name AS responsible_name, d.created_by,
    d.status, d.opened_on, d.closed_on, d.handed_over_on, d.handover_note, d.item_count,
    d.page_count, d.version
    FROM dossiers d
    JOIN units b ON b.id = d.body_unit_id
    JOIN units u ON u.id = d.unit_id
    JOIN accounts r ON r.id = d.responsible_id";

fn record(r: &sqlx::any::AnyRow) -> DbResult<DossierRecord> {
    use sqlx::Row as _;
    let id: i64 = r.try_get("id")?;
    let bad = |what: &str| DbError::Other(anyhow::anyhow!("dossier {id} has a bad {what}"));
    Ok(DossierRecord {
        id,
        body_unit_id: r.try_get("body_unit_id")?,
        body_path: UnitPath::parse(&r.try_get::<String, _>("body_path")?)
            .ok_or_else(|| bad("body"))?,
        unit_id: r.try_get("unit_id")?,
        unit_path: UnitPath::parse(&r.try_get::<String, _>("unit_path")?)
            .ok_or_else(|| bad("unit"))?,
        unit_name: r.try_get("unit_name")?,
        year: r.try_get("year")?,
        notation: r.try_get("notation")?,
        code: r.try_get("code")?,
        title: r.try_get("title")?,
        retention: Retention::parse(&r.try_get::<String, _>("retention")?)
            .map_err(|_| bad("retention"))?,
        secrecy: Clearance::parse(&r.try_get::<String, _>("secrecy")?)
            .map_err(|_| bad("secrecy"))?,
        description: r.try_get("description")?,
        responsible_id: r.try_get("responsible_id")?,
        responsible_name: r.try_get("responsible_name")?,
        created_by: r.try_get("created_by")?,
        status: DossierStatus::parse(&r.try_get::<String, _>("status")?)
            .ok_or_else(|| bad("status"))?,
        opened_on: r.try_get("opened_on")?,
        closed_on: r.try_get("closed_on")?,
        handed_over_on: r.try_get("handed_over_on")?,
        handover_note: r.try_get("handover_note")?,
        item_count: r.try_get("item_count")?,
        page_count: r.try_get("page_count")?,
        version: r.try_get("version")?,
        items: Vec::new(),
    })
}

lode_db::row! {
    /// A row as stored, read by name.
    struct ItemRow {
        id: i64,
        ordinal: i64,
        kind: String,
        incoming_id: Option<i64>,
        outgoing_id: Option<i64>,
        file_sha256: Option<String>,
        file_name: Option<String>,
        title: String,
        notation: Option<String>,
        doc_date: Option<String>,
        author: Option<String>,
        pages: i64,
        note: Option<String>,
        added_at: String,
    }
}

async fn items_of(conn: &mut lode_db::Conn, id: i64) -> DbResult<Vec<DossierItem>> {
    let rows: Vec<ItemRow> = sqlx::query_as(
        "SELECT id, ordinal, kind, incoming_id, outgoing_id, file_sha256, file_name, title, notation,
                doc_date, author, pages, note, added_at
         FROM dossier_items WHERE dossier_id = $1 ORDER BY ordinal",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| DossierItem {
            id: r.id,
            ordinal: r.ordinal,
            kind: r.kind,
            incoming_id: r.incoming_id,
            outgoing_id: r.outgoing_id,
            file_sha256: r.file_sha256,
            file_name: r.file_name,
            title: r.title,
            notation: r.notation,
            doc_date: r.doc_date,
            author: r.author,
            pages: r.pages,
            note: r.note,
            added_at: r.added_at,
        })
        .collect())
}

async fn load(conn: &mut lode_db::Conn, id: i64) -> DbResult<DossierRecord> {
    let row = sqlx::query(&format!("{SELECT} WHERE d.id = $1"))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(DbError::NotFound)?;
    let mut rec = record(&row)?;
    rec.items = items_of(conn, id).await?;
    Ok(rec)
}

pub async fn get(db: &Db, id: i64) -> DbResult<DossierRecord> {
    let mut conn = db.read().await?;
    load(&mut conn, id).await
}

/// The notation proposed for the next dossier of a unit in a year: its ordinal in the unit's
/// list, two digits, then the unit's abbreviation (`03.KS`).
pub async fn proposed_notation(db: &Db, unit_id: i64, year: i64) -> DbResult<String> {
    let (count, abbreviation): (i64, String) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM dossiers WHERE unit_id = $1 AND year = $2), abbreviation
         FROM units WHERE id = $1",
    )
    .bind(unit_id)
    .bind(year)
    .fetch_optional(db.pool())
    .await?
    .ok_or(DbError::NotFound)?;
    let abbreviation: String = abbreviation
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == 'Đ')
        .collect::<String>()
        .to_uppercase();
    Ok(format!("{:02}.{abbreviation}", count + 1))
}

fn optional_day(errors: &mut FieldErrors, field: &str, input: Option<&str>) -> Option<NaiveDate> {
    match input.map(str::trim).filter(|s| !s.is_empty()) {
        None => Some(crate::incoming::today()),
        Some(s) => errors.take(field, parse_date(s)),
    }
}

/// Opens a dossier in the opener's unit.
pub async fn open(
    db: &Db,
    ctx: &AuditCtx,
    actor: &Actor,
    input: &NewDossier,
) -> DbResult<DossierRecord> {
    decide(actor, Action::OpenDossier).map_err(DbError::Denied)?;
    let (Some(unit), Some(body)) = (&actor.unit, &actor.register_unit) else {
        return Err(DbError::Denied(lode_core::authz::Denied::MissingRole));
    };
    let unit_id = unit.ids().last().copied().ok_or(DbError::NotFound)?;
    let body_id = body.ids().last().copied().ok_or(DbError::NotFound)?;
    let mut errors = FieldErrors::new();
    let title = errors.take("title", bounded_text(&input.title, TITLE_MAX));
    let retention = errors.take("retention", Retention::parse(&input.retention));
    let description = errors.take(
        "description",
        optional_lines(input.description.as_deref(), NOTE_MAX),
    );
    let opened_on = optional_day(&mut errors, "opened_on", input.opened_on.as_deref());
    if let Some(d) = opened_on
        && d > crate::incoming::today()
    {
        errors.add("opened_on", "in_future", "cannot be after today");
    }
    let year = opened_on.map(|d| i64::from(chrono::Datelike::year(&d)));
    let notation = match (input.notation.as_deref().map(str::trim), year) {
        (Some(n), _) if !n.is_empty() => errors.take("notation", parse_file_notation(n)),
        (_, Some(y)) => Some(proposed_notation(db, unit_id, y).await?),
        _ => None,
    };
    let responsible_id = input.responsible_id.unwrap_or(actor.account_id);
    if responsible_id != actor.account_id {
        let row: Option<(String, Option<String>, i64)> = sqlx::query_as(
            "SELECT a.kind, u.path, a.active FROM accounts a LEFT JOIN units u ON u.id = a.unit_id WHERE a.id = $1",
        )
        .bind(responsible_id)
        .fetch_optional(db.pool())
        .await?;
        let fits = row.is_some_and(|(kind, path, active)| {
            kind == "staff"
                && active == 1
                && path
                    .as_deref()
                    .and_then(UnitPath::parse)
                    .is_some_and(|p| unit.contains(&p))
        });
        if !fits {
            errors.add(
                "responsible_id",
                "not_in_unit",
                "must be an active staff member of your unit",
            );
        }
    }
    errors.into_result()?;
    let (
        Some(title),
        Some(retention),
        Some(description),
        Some(opened_on),
        Some(year),
        Some(notation),
    ) = (title, retention, description, opened_on, year, notation)
    else {
        return Err(DbError::Other(anyhow::anyhow!("validated input missing")));
    };
    let org_id: (String,) = sqlx::query_as("SELECT org_id FROM units WHERE id = $1")
        .bind(body_id)
        .fetch_one(db.pool())
        .await?;
    let code = file_code(
        &org_id.0,
        i32::try_from(year).unwrap_or_default(),
        &notation,
    );
    let mut tx = db.write().await?;
    let taken: (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM dossiers WHERE body_unit_id = $1 AND year = $2 AND notation = $3",
    )
    .bind(body_id)
    .bind(year)
    .bind(&notation)
    .fetch_one(&mut *tx)
    .await?;
    if taken.0 > 0 {
        return Err(FieldErrors::single(
            "notation",
            "taken",
            format!("{code} is already in this year's list"),
        )
        .into());
    }
    let now = lode_db::now();
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO dossiers (body_unit_id, unit_id, year, notation, code, title, search_key, retention,
            secrecy, description, responsible_id, created_by, status, opened_on, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'none', $9, $10, $11, 'open', $12, $13, $13) RETURNING id",
    )
    .bind(body_id)
    .bind(unit_id)
    .bind(year)
    .bind(&notation)
    .bind(&code)
    .bind(&title)
    .bind(fold(&format!("{title} {code}")))
    .bind(retention.as_stored())
    .bind(&description)
    .bind(responsible_id)
    .bind(actor.account_id)
    .bind(opened_on.to_string())
    .bind(&now)
    .fetch_one(&mut *tx)
    .await?;
    let detail = json!({"code": code, "retention": retention.as_stored()});
    timeline::record(
        EventTable::Dossier,
        &mut tx,
        ctx,
        id,
        "open",
        detail.clone(),
    )
    .await?;
    audit::append(
        &mut tx,
        ctx,
        Event::new("dossier.open", "dossier", id, detail),
    )
    .await?;
    let rec = load(&mut tx, id).await?;
    tx.commit().await?;
    Ok(rec)
}

impl lode_db::lifecycle::Lifecycle for DossierRecord {
    type Status = DossierStatus;
    type Step = DossierStep;
    const ENTITY: &'static str = "dossier";
    const NOUN: &'static str = "the dossier";
    const TABLE: &'static str = "dossiers";

    async fn load(tx: &mut Tx, id: i64) -> DbResult<Self> {
        load(tx, id).await
    }

    fn version(&self) -> i64 {
        self.version
    }

    fn status(&self) -> DossierStatus {
        self.status
    }

    fn status_name(status: DossierStatus) -> &'static str {
        status.as_str()
    }

    fn next(status: DossierStatus, step: DossierStep) -> Option<DossierStatus> {
        next_dossier(status, step)
    }

    fn authorise(&self, actor: &Actor, step: Option<DossierStep>) -> DbResult<()> {
        let scope = self.scope();
        decide(actor, Action::SeeDossier(&scope)).map_err(|_| DbError::NotFound)?;
        let action = match step {
            None => return Ok(()),
            Some(DossierStep::HandOver) => Action::HandOverDossier(&scope),
            Some(_) => Action::EditDossier(&scope),
        };
        decide(actor, action).map_err(DbError::Denied)
    }

    /// Besides the version: when it changed, and its index's counts of items and pages.
    async fn touch(tx: &mut Tx, id: i64) -> DbResult<()> {
        sqlx::query(
            "UPDATE dossiers SET version = version + 1, updated_at = $1,
                item_count = (SELECT COUNT(*) FROM dossier_items WHERE dossier_id = $2),
                page_count = (SELECT COALESCE(SUM(pages), 0) FROM dossier_items WHERE dossier_id = $2)
             WHERE id = $2",
        )
        .bind(lode_db::now())
        .bind(id)
        .execute(&mut **tx)
        .await?;
        crate::dossier_index::find_words_again(tx, id).await
    }

    async fn record_step(
        tx: &mut Tx,
        ctx: &AuditCtx,
        id: i64,
        step: &str,
        detail: &serde_json::Value,
    ) -> DbResult<()> {
        timeline::record(EventTable::Dossier, tx, ctx, id, step, detail.clone()).await
    }

    fn audit_detail(&self, detail: &serde_json::Value) -> serde_json::Value {
        detail.clone()
    }
}

/// Loads a dossier for a change: the caller must be allowed `step`, the version read must be
/// the present one, and the step must fit its status.
async fn begin(
    db: &Db,
    actor: &Actor,
    id: i64,
    version: Option<i64>,
    step: DossierStep,
) -> DbResult<(Tx, DossierRecord, DossierStatus)> {
    lode_db::lifecycle::begin_step::<DossierRecord>(db, actor, id, version, step).await
}

async fn finish(
    mut tx: Tx,
    ctx: &AuditCtx,
    id: i64,
    step: &str,
    detail: serde_json::Value,
) -> DbResult<DossierRecord> {
    let rec = lode_db::lifecycle::finish::<DossierRecord>(&mut tx, ctx, id, step, detail).await?;
    tx.commit().await?;
    Ok(rec)
}

/// What an item brings into the index, found before the write begins.
struct ItemFacts {
    kind: &'static str,
    title: String,
    notation: Option<String>,
    doc_date: Option<String>,
    author: Option<String>,
    pages: i64,
    secrecy: Secrecy,
}

async fn item_facts(
    db: &Db,
    actor: &Actor,
    input: &NewItem,
    errors: &mut FieldErrors,
) -> DbResult<Option<ItemFacts>> {
    let chosen = [
        input.incoming_id.is_some(),
        input.outgoing_id.is_some(),
        input
            .file_sha256
            .as_deref()
            .is_some_and(|s| !s.trim().is_empty()),
    ]
    .iter()
    .filter(|b| **b)
    .count();
    if chosen != 1 {
        errors.add(
            "incoming_id",
            "choose_one",
            "give exactly one of an incoming document, an outgoing document or a file",
        );
        return Ok(None);
    }
    // none given is none known (0); one given is a count of sheets
    let pages = input.pages.unwrap_or(0);
    if input.pages.is_some_and(|p| !(1..=100_000).contains(&p)) {
        errors.add("pages", "sheet_count", "a whole number from 1 to 100000");
    }
    if let Some(id) = input.incoming_id {
        let doc = match crate::incoming::get(db, id).await {
            Ok(d) => d,
            Err(DbError::NotFound) => {
                errors.add("incoming_id", "not_found", "no such document");
                return Ok(None);
            }
            Err(e) => return Err(e),
        };
        if decide(actor, Action::ReadDocument(&doc.scope())).is_err() {
            errors.add("incoming_id", "not_found", "no such document");
            return Ok(None);
        }
        return Ok(Some(ItemFacts {
            kind: "incoming",
            title: doc.subject,
            notation: Some(doc.notation),
            doc_date: Some(doc.document_date),
            author: Some(doc.issuer),
            pages: input.pages.or(doc.page_count).unwrap_or(0),
            secrecy: doc.secrecy,
        }));
    }
    if let Some(id) = input.outgoing_id {
        let doc = match crate::outgoing::get(db, id).await {
            Ok(d) => d,
            Err(DbError::NotFound) => {
                errors.add("outgoing_id", "not_found", "no such document");
                return Ok(None);
            }
            Err(e) => return Err(e),
        };
        if decide(actor, Action::ReadOutgoing(&doc.scope())).is_err() {
            errors.add("outgoing_id", "not_found", "no such document");
            return Ok(None);
        }
        // a draft is not yet a document: the dossier it names on its form files it once numbered
        if doc.notation.is_none() {
            errors.add(
                "outgoing_id",
                "draft_not_issued",
                "only an issued document is filed: name the dossier on the draft and it is filed once numbered",
            );
            return Ok(None);
        }
        return Ok(Some(ItemFacts {
            kind: "outgoing",
            title: doc.subject,
            notation: doc.notation,
            doc_date: doc.issued_on,
            author: Some(doc.body_name),
            pages,
            secrecy: doc.secrecy,
        }));
    }
    let title = errors.take(
        "title",
        bounded_text(
            input.title.as_deref().unwrap_or(""),
            lode_core::documents::SUBJECT_MAX,
        ),
    );
    let notation = errors.take(
        "notation",
        lode_core::validation::optional_text(
            input.notation.as_deref(),
            lode_core::documents::NOTATION_MAX,
        ),
    );
    let doc_date = match input
        .doc_date
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        None => Some(None),
        Some(s) => match errors.take("doc_date", parse_date(s)) {
            // a paper kept in a dossier was written already
            Some(d) if d > crate::incoming::today() => {
                errors.add("doc_date", "in_future", "must not be after today");
                None
            }
            d => d.map(|d| Some(d.to_string())),
        },
    };
    let author = errors.take(
        "author",
        lode_core::validation::optional_text(
            input.author.as_deref(),
            lode_core::documents::ISSUER_MAX,
        ),
    );
    let (Some(title), Some(notation), Some(doc_date), Some(author)) =
        (title, notation, doc_date, author)
    else {
        return Ok(None);
    };
    Ok(Some(ItemFacts {
        kind: "file",
        title,
        notation,
        doc_date,
        author,
        pages,
        secrecy: Clearance::None,
    }))
}

/// What is wrong with a file's facts as typed (its title, number, date, author, sheets, note),
/// all at once: for a form whose file itself was refused, so that one sending says everything.
pub async fn file_facts_errors(db: &Db, actor: &Actor, input: &NewItem) -> DbResult<FieldErrors> {
    let as_if_uploaded = NewItem {
        incoming_id: None,
        outgoing_id: None,
        file_sha256: Some("refused".into()),
        ..input.clone()
    };
    let mut errors = FieldErrors::new();
    item_facts(db, actor, &as_if_uploaded, &mut errors).await?;
    errors.take("note", optional_lines(input.note.as_deref(), NOTE_MAX));
    Ok(errors)
}

/// Puts a document or a file in an open dossier, as its next entry.
pub async fn attach(
    db: &Db,
    ctx: &AuditCtx,
    actor: &Actor,
    id: i64,
    input: &NewItem,
) -> DbResult<DossierRecord> {
    // Authorise before looking at what is attached, so a stranger learns nothing.
    let rec = get(db, id).await?;
    decide(actor, Action::SeeDossier(&rec.scope())).map_err(|_| DbError::NotFound)?;
    decide(actor, Action::EditDossier(&rec.scope())).map_err(DbError::Denied)?;
    let mut errors = FieldErrors::new();
    let facts = item_facts(db, actor, input, &mut errors).await?;
    let note = errors.take("note", optional_lines(input.note.as_deref(), NOTE_MAX));
    let file_name = errors.take(
        "file_name",
        lode_core::validation::optional_text(input.file_name.as_deref(), 200),
    );
    let (mut tx, rec, _) = begin(db, actor, id, input.version, DossierStep::Edit).await?;
    if let Some(sha) = input
        .file_sha256
        .as_deref()
        .filter(|s| !s.trim().is_empty())
    {
        lode_db::blobs::require_uploaded_by(
            &mut tx,
            sha.trim(),
            &[PDF, crate::outgoing::DOCX],
            actor.account_id,
            "file_sha256",
            &mut errors,
        )
        .await?;
    }
    errors.into_result()?;
    let (Some(facts), Some(note), Some(file_name)) = (facts, note, file_name) else {
        return Err(DbError::Other(anyhow::anyhow!("validated input missing")));
    };
    let already = rec.items.iter().any(|i| {
        (input.incoming_id.is_some() && i.incoming_id == input.incoming_id)
            || (input.outgoing_id.is_some() && i.outgoing_id == input.outgoing_id)
    });
    if already {
        return Err(DbError::Conflict(
            "the document is already in this dossier".into(),
        ));
    }
    let ordinal = rec.items.iter().map(|i| i.ordinal).max().unwrap_or(0) + 1;
    let (item_id,): (i64,) = sqlx::query_as(
        "INSERT INTO dossier_items (dossier_id, ordinal, kind, incoming_id, outgoing_id, file_sha256,
            file_name, title, notation, doc_date, author, pages, note, added_by, added_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id",
    )
    .bind(id)
    .bind(ordinal)
    .bind(facts.kind)
    .bind(input.incoming_id)
    .bind(input.outgoing_id)
    .bind(input.file_sha256.as_deref().map(str::trim).filter(|s| !s.is_empty()))
    .bind(file_name)
    .bind(&facts.title)
    .bind(&facts.notation)
    .bind(&facts.doc_date)
    .bind(&facts.author)
    .bind(facts.pages)
    .bind(note)
    .bind(actor.account_id)
    .bind(lode_db::now())
    .fetch_one(&mut *tx)
    .await?;
    if facts.secrecy > rec.secrecy {
        sqlx::query("UPDATE dossiers SET secrecy = $1 WHERE id = $2")
            .bind(facts.secrecy.as_str())
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    finish(
        tx,
        ctx,
        id,
        "attach",
        json!({"item_id": item_id, "ordinal": ordinal, "kind": facts.kind,
               "incoming_id": input.incoming_id, "outgoing_id": input.outgoing_id}),
    )
    .await
}

/// Takes an entry out of an open dossier; the entries after it move up.
pub async fn detach(
    db: &Db,
    ctx: &AuditCtx,
    actor: &Actor,
    id: i64,
    input: &DossierStepInput,
) -> DbResult<DossierRecord> {
    let (mut tx, rec, _) = begin(db, actor, id, input.version, DossierStep::Edit).await?;
    let Some(item) = input
        .item_id
        .and_then(|item_id| rec.items.iter().find(|i| i.id == item_id))
    else {
        return Err(
            FieldErrors::single("item_id", "not_found", "no such entry in this dossier").into(),
        );
    };
    sqlx::query("DELETE FROM dossier_items WHERE id = $1")
        .bind(item.id)
        .execute(&mut *tx)
        .await?;
    // Two passes keep (dossier, ordinal) unique at every moment.
    for later in rec.items.iter().filter(|i| i.ordinal > item.ordinal) {
        sqlx::query("UPDATE dossier_items SET ordinal = $1 WHERE id = $2")
            .bind(-later.ordinal)
            .bind(later.id)
            .execute(&mut *tx)
            .await?;
    }
    sqlx::query(
        "UPDATE dossier_items SET ordinal = -ordinal - 1 WHERE dossier_id = $1 AND ordinal < 0",
    )
    .bind(id)
    .execute(&mut *tx)
    .await?;
    finish(
        tx,
        ctx,
        id,
        "detach",
        json!({"item_id": item.id, "ordinal": item.ordinal, "title": item.title}),
    )
    .await
}

/// Closes an open dossier: the matter is finished.
pub async fn close(
    db: &Db,
    ctx: &AuditCtx,
    actor: &Actor,
    id: i64,
    input: &DossierStepInput,
) -> DbResult<DossierRecord> {
    let (mut tx, rec, next) = begin(db, actor, id, input.version, DossierStep::Close).await?;
    let mut errors = FieldErrors::new();
    let on = optional_day(&mut errors, "on", input.on.as_deref());
    if rec.items.is_empty() {
        errors.add(
            "item_id",
            "empty",
            "a dossier holds at least one document before closing",
        );
    }
    if let Some(d) = on.map(|d| d.to_string()) {
        if d > crate::incoming::today().to_string() {
            errors.add("on", "in_future", "must not be after today");
        } else if d < rec.opened_on {
            errors.add(
                "on",
                "before_opening",
                "must not be before the dossier was opened",
            );
        } else if d.as_str() < rec.earliest_closing_day() {
            errors.add(
                "on",
                "before_latest_paper",
                "must not be before the day of the latest paper it holds",
            );
        }
    }
    errors.into_result()?;
    let on = on.map(|d| d.to_string());
    sqlx::query("UPDATE dossiers SET status = $1, closed_on = $2 WHERE id = $3")
        .bind(next.as_str())
        .bind(&on)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    finish(tx, ctx, id, "close", json!({"closed_on": on})).await
}

/// Opens a closed dossier again, with the reason (before it is handed over).
pub async fn reopen(
    db: &Db,
    ctx: &AuditCtx,
    actor: &Actor,
    id: i64,
    input: &DossierStepInput,
) -> DbResult<DossierRecord> {
    let (mut tx, _, next) = begin(db, actor, id, input.version, DossierStep::Reopen).await?;
    let reason = FieldErrors::from_result(
        "text",
        lode_core::validation::bounded_lines(input.text.as_deref().unwrap_or(""), NOTE_MAX),
    )?;
    sqlx::query("UPDATE dossiers SET status = $1, closed_on = NULL WHERE id = $2")
        .bind(next.as_str())
        .bind(id)
        .execute(&mut *tx)
        .await?;
    finish(tx, ctx, id, "reopen", json!({"reason": reason})).await
}

/// Records the hand-over of a closed dossier to the archive (the body's clerk receives it).
pub async fn hand_over(
    db: &Db,
    ctx: &AuditCtx,
    actor: &Actor,
    id: i64,
    input: &DossierStepInput,
) -> DbResult<DossierRecord> {
    let (mut tx, rec, next) = begin(db, actor, id, input.version, DossierStep::HandOver).await?;
    let mut errors = FieldErrors::new();
    let on = optional_day(&mut errors, "on", input.on.as_deref());
    let note = errors.take("text", optional_lines(input.text.as_deref(), NOTE_MAX));
    if let Some(d) = on.map(|d| d.to_string()) {
        if d > crate::incoming::today().to_string() {
            errors.add("on", "in_future", "must not be after today");
        } else if rec.closed_on.as_deref().is_some_and(|c| d.as_str() < c) {
            errors.add(
                "on",
                "before_closing",
                "must not be before the dossier was closed",
            );
        }
    }
    errors.into_result()?;
    let on = on.map(|d| d.to_string());
    sqlx::query(
        "UPDATE dossiers SET status = $1, handed_over_on = $2, handed_over_by = $3, handover_note = $4
         WHERE id = $5",
    )
    .bind(next.as_str())
    .bind(&on)
    .bind(actor.account_id)
    .bind(note.flatten())
    .bind(id)
    .execute(&mut *tx)
    .await?;
    finish(tx, ctx, id, "hand_over", json!({"handed_over_on": on})).await
}

pub async fn timeline(db: &Db, id: i64) -> DbResult<Vec<TimelineEntry>> {
    events_of(db, EventTable::Dossier, id).await
}

/// What to list. Lists come newest first, a page at a time.
#[derive(Debug, Default, Clone, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct Filter {
    /// `open`, `closed`, `handed_over`.
    pub status: Option<String>,
    #[serde(default, deserialize_with = "lode_db::empty_as_none")]
    pub year: Option<i64>,
    #[serde(default, deserialize_with = "lode_db::empty_as_none")]
    pub unit_id: Option<i64>,
    /// Only closed dossiers due at the archive (closed a year ago or more).
    pub due: Option<bool>,
    /// Part of the title or file code; diacritics and case ignored.
    pub q: Option<String>,
    #[serde(default, deserialize_with = "lode_db::empty_as_none")]
    pub before: Option<i64>,
    #[serde(default, deserialize_with = "lode_db::empty_as_none")]
    pub limit: Option<i64>,
    /// A numbered page (from 1), instead of `before`.
    #[serde(default, deserialize_with = "lode_db::empty_as_none")]
    pub page: Option<i64>,
    /// The order: `number` (the default, newest first as `-number`) or `title` (by its words,
    /// diacritics aside); `-` before it for the reverse.
    pub sort: Option<String>,
}

/// How the dossiers may be ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DossierOrder {
    /// As opened.
    Number,
    /// By title, as its words read without diacritics.
    Title,
}

impl lode_db::SortKey for DossierOrder {
    const ALL: &'static [Self] = &[Self::Number, Self::Title];
    fn key(self) -> &'static str {
        match self {
            Self::Number => "number",
            Self::Title => "title",
        }
    }
    fn starts_descending(self) -> bool {
        self == Self::Number
    }
}

/// The list's usual order: the newest dossier first.
pub const NEWEST_FIRST: lode_db::Sort<DossierOrder> = lode_db::Sort {
    by: DossierOrder::Number,
    descending: true,
};

/// The dossiers the caller may know of, newest first.
pub async fn list(db: &Db, actor: &Actor, filter: &Filter) -> DbResult<Page<DossierView>> {
    let page = list_records(db, actor, filter).await?;
    Ok(Page {
        items: page.items.iter().filter_map(|r| r.view(actor)).collect(),
        next: page.next,
        newer: None,
        total: page.total,
        more: page.more,
        ranked: page.ranked,
    })
}

/// The records behind [`list`]; items the caller may not see are left out.
async fn list_records(db: &Db, actor: &Actor, filter: &Filter) -> DbResult<Page<DossierRecord>> {
    let limit = page_limit(filter.limit);
    let offset = lode_core::validation::FieldErrors::from_result(
        "page",
        lode_db::page_offset(filter.page, limit),
    )?;
    let sort = match filter
        .sort
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        Some(asked) => {
            lode_core::validation::FieldErrors::from_result("sort", lode_db::Sort::parse(asked))?
        }
        None => NEWEST_FIRST,
    };
    if filter.before.is_some() && (filter.page.is_some() || sort != NEWEST_FIRST) {
        return Err(lode_core::validation::FieldErrors::single(
            "before",
            "paging_by_key",
            "a page is asked either by key or by number, in the usual order",
        )
        .into());
    }
    // the order's columns are written here, never taken from input
    let dir = sort.direction();
    let order = match sort.by {
        DossierOrder::Number => format!("d.id {dir}"),
        DossierOrder::Title => format!("d.search_key {dir}, d.id {dir}"),
    };
    let keeper_body = actor
        .register_unit
        .as_ref()
        .filter(|_| lode_core::authz::keeps_own_register(actor))
        .and_then(|r| r.ids().last().copied())
        .unwrap_or(-1);
    let my_unit = actor.unit.as_ref().map(|u| u.as_str().to_string());
    let leader = i64::from(actor.has(lode_core::people::Role::UnitLeader));
    let words = lode_db::word_patterns(filter.q.as_deref());
    let more = lode_db::word_clauses("d.search_key", 12, words.len().saturating_sub(1));
    let due_before = filter
        .due
        .filter(|d| *d)
        .map(|_| latest_closing_due_by(crate::incoming::today()).to_string());
    let status = filter
        .status
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string);
    let condition = format!(
        "(d.responsible_id = $1 OR d.created_by = $1 OR d.body_unit_id = $2
                OR ($3 IS NOT NULL AND $3 LIKE u.path || '%')
                OR ($4 = 1 AND $3 IS NOT NULL AND u.path LIKE $3 || '%'))
           AND ($5 IS NULL OR d.status = $5)
           AND ($6 IS NULL OR d.year = $6)
           AND ($7 IS NULL OR d.unit_id = $7)
           AND ($8 IS NULL OR (d.status = 'closed' AND d.closed_on <= $8))
           AND ($9 IS NULL OR (d.secrecy = 'none' AND d.search_key LIKE $9 ESCAPE '\\'{more}))
           AND ($10 IS NULL OR d.id < $10)
           AND $11 > 0"
    );
    let sql = format!("{SELECT} WHERE {condition} ORDER BY {order} LIMIT $11 OFFSET {offset}");
    // the whole list's count: the same conditions, bound without the page's key
    let count_sql = format!(
        "SELECT COUNT(*) FROM (SELECT 1 FROM dossiers d JOIN units u ON u.id = d.unit_id
         WHERE {condition} LIMIT {}) n",
        lode_db::COUNT_BOUND + 1
    );
    let bound = |sql, before: Option<i64>| {
        let query = sqlx::query(sql)
            .bind(actor.account_id)
            .bind(keeper_body)
            .bind(my_unit.clone())
            .bind(leader)
            .bind(status.clone())
            .bind(filter.year)
            .bind(filter.unit_id)
            .bind(due_before.clone())
            .bind(words.first().cloned())
            .bind(before)
            .bind(limit + 1);
        words.iter().skip(1).fold(query, |q, w| q.bind(w.clone()))
    };
    let rows = bound(&sql, filter.before).fetch_all(db.pool()).await?;
    let counted: i64 = sqlx::Row::try_get(&bound(&count_sql, None).fetch_one(db.pool()).await?, 0)?;
    let records = rows.iter().map(record).collect::<DbResult<Vec<_>>>()?;
    let mut page = into_page(records, limit, |r| r.id);
    if sort != NEWEST_FIRST {
        page.next = None;
    }
    page.total = Some(lode_db::Total::of_counted(counted));
    page.items
        .retain(|r| decide(actor, Action::SeeDossier(&r.scope())).is_ok());
    Ok(page)
}

/// Which of the organisation's documents a dossier holds: an incoming or an outgoing one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Held {
    Incoming,
    Outgoing,
}

/// The dossiers that hold a document, those `actor` may see, the first filed first.
pub async fn holding(
    db: &Db,
    actor: &Actor,
    held: Held,
    document_id: i64,
) -> DbResult<Vec<DossierView>> {
    let column = match held {
        Held::Incoming => "incoming_id",
        Held::Outgoing => "outgoing_id",
    };
    let rows = sqlx::query(&format!(
        "{SELECT} WHERE d.id IN (SELECT i.dossier_id FROM dossier_items i WHERE i.{column} = $1)
         ORDER BY d.id"
    ))
    .bind(document_id)
    .fetch_all(db.pool())
    .await?;
    let records = rows.iter().map(record).collect::<DbResult<Vec<_>>>()?;
    Ok(records
        .iter()
        .filter(|r| decide(actor, Action::SeeDossier(&r.scope())).is_ok())
        .filter_map(|r| r.view(actor))
        .collect())
}

/// The open dossiers `actor` may add to (for the "put in a dossier" form), newest first.
pub async fn editable_open(db: &Db, actor: &Actor) -> DbResult<Vec<DossierView>> {
    let filter = Filter {
        status: Some("open".into()),
        limit: Some(200),
        ..Default::default()
    };
    let page = list_records(db, actor, &filter).await?;
    Ok(page
        .items
        .iter()
        .filter(|r| decide(actor, Action::EditDossier(&r.scope())).is_ok())
        .filter_map(|r| r.view(actor))
        .collect())
}
