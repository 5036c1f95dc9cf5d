//! Incoming documents: registration with gapless arrival numbers, duplicates, the leader's
//! routing, the handler, completion, return to sender, notes and deadline extensions, each step
//! in the document's timeline and in the audit log, in one transaction.
//!
//! Who may see or do what is decided by `lode_core::authz` from a document's [`DocumentScope`];
//! [`IncomingRecord::view`] shows a caller only what they may read.

use crate::timeline::{self, EventTable};
use chrono::NaiveDate;
use lode_core::authz::{Action, Actor, DocumentScope, decide};
use lode_core::documents::{
    Channel, ISSUER_MAX, IncomingStatus, IncomingStep, IssuerScope, NOTE_MAX, Notation, Register,
    SIGNER_MAX, SUBJECT_MAX, Secrecy, Urgency, check_deadline, next_status, parse_date,
};
use lode_core::org::UnitPath;
use lode_core::people::Clearance;
use lode_core::text::fold;
use lode_core::validation::{
    FieldErrors, bounded_lines, bounded_text, optional_lines, optional_text,
};
use lode_db::audit::{self, Event};
use lode_db::notifications::Settled;
use lode_db::{AuditCtx, Db, DbError, DbResult, Page, Sort, Tx, into_page, page_limit};
use serde::{Deserialize, Serialize};
use serde_json::json;

pub use lode_db::blobs::PDF;

pub use lode_db::today;

/// A document type of Appendix III.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct DocumentType {
    pub code: String,
    pub name: String,
    /// What appears in a notation; none for công văn and thư công.
    pub notation_code: Option<String>,
}

pub async fn types(db: &Db) -> DbResult<Vec<DocumentType>> {
    let rows: Vec<(String, String, Option<String>)> = sqlx::query_as(
        "SELECT code, name, notation_code FROM document_types WHERE active = 1 ORDER BY sort_order",
    )
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(|(code, name, notation_code)| DocumentType {
            code,
            name,
            notation_code,
        })
        .collect())
}

/// A document type with everything an administrator sets on it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct DocumentTypeSettings {
    pub code: String,
    pub name: String,
    pub notation_code: Option<String>,
    pub active: bool,
    /// The numbering series of outgoing documents of this type (`general`: the body's common
    /// series).
    pub outgoing_series: String,
    /// Who reviews a draft of this type, in order: `unit_leader`, `body_leader`.
    pub review_chain: Vec<String>,
    pub sort_order: i64,
}

/// A type as an administrator saves it (a new one, or a change of an existing one).
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TypeInput {
    /// Only for a new type; a type's code never changes.
    pub code: Option<String>,
    pub name: String,
    pub notation_code: Option<String>,
    pub active: Option<bool>,
    /// `general` or a series code such as `QĐ`.
    pub outgoing_series: Option<String>,
    pub review_chain: Vec<String>,
}

type TypeRow = (String, String, Option<String>, i64, String, String, i64);

fn type_settings(r: TypeRow) -> DocumentTypeSettings {
    DocumentTypeSettings {
        code: r.0,
        name: r.1,
        notation_code: r.2,
        active: r.3 == 1,
        outgoing_series: r.4,
        review_chain: lode_core::documents::parse_chain(&r.5)
            .iter()
            .map(|c| c.as_str().to_string())
            .collect(),
        sort_order: r.6,
    }
}

const TYPE_COLUMNS: &str =
    "code, name, notation_code, active, outgoing_series, review_chain, sort_order";

/// Every type, active or not, in their order.
pub async fn type_settings_all(db: &Db) -> DbResult<Vec<DocumentTypeSettings>> {
    let rows: Vec<TypeRow> = sqlx::query_as(&format!(
        "SELECT {TYPE_COLUMNS} FROM document_types ORDER BY sort_order, code"
    ))
    .fetch_all(db.pool())
    .await?;
    Ok(rows.into_iter().map(type_settings).collect())
}

/// Creates a type (`code` `None` in the path: taken from the input) or changes one.
pub async fn save_type(
    db: &Db,
    ctx: &AuditCtx,
    existing: Option<&str>,
    input: &TypeInput,
) -> DbResult<DocumentTypeSettings> {
    use lode_core::documents::{chain_as_stored, parse_review_chain, parse_type_code};
    let mut errors = FieldErrors::new();
    let code = match existing {
        Some(c) => Some(c.to_string()),
        None => errors.take("code", parse_type_code(input.code.as_deref().unwrap_or(""))),
    };
    let name = errors.take("name", bounded_text(&input.name, 100));
    let notation_code = match input.notation_code.as_deref().map(str::trim) {
        None | Some("") => Some(None),
        Some(n) => errors.take("notation_code", parse_type_code(n)).map(Some),
    };
    let series = match input.outgoing_series.as_deref().map(str::trim) {
        None | Some("") | Some("general") => Some("general".to_string()),
        Some(s) => errors.take("outgoing_series", parse_type_code(s)),
    };
    let chain = errors.take("review_chain", parse_review_chain(&input.review_chain));
    errors.into_result()?;
    let (Some(code), Some(name), Some(notation_code), Some(series), Some(chain)) =
        (code, name, notation_code, series, chain)
    else {
        return Err(DbError::Other(anyhow::anyhow!("validated input missing")));
    };
    let active = i64::from(input.active.unwrap_or(true));
    let mut tx = db.write().await?;
    let before: Option<TypeRow> = sqlx::query_as(&format!(
        "SELECT {TYPE_COLUMNS} FROM document_types WHERE code = $1"
    ))
    .bind(&code)
    .fetch_optional(&mut *tx)
    .await?;
    match (existing, &before) {
        (Some(_), None) => return Err(DbError::NotFound),
        (None, Some(_)) => {
            return Err(
                FieldErrors::single("code", "taken", "a type with this code exists").into(),
            );
        }
        _ => {}
    }
    // a notation names its type: two types in use may not write the same letters
    if let Some(n) = notation_code.as_deref().filter(|_| active == 1) {
        let (others,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM document_types WHERE notation_code = $1 AND active = 1 AND code <> $2",
        )
        .bind(n)
        .bind(&code)
        .fetch_one(&mut *tx)
        .await?;
        if others > 0 {
            return Err(FieldErrors::single(
                "notation_code",
                "taken",
                "another type in use writes this in its notations",
            )
            .into());
        }
    }
    if existing.is_some() {
        sqlx::query(
            "UPDATE document_types SET name = $1, notation_code = $2, active = $3, outgoing_series = $4,
                review_chain = $5 WHERE code = $6",
        )
        .bind(&name)
        .bind(&notation_code)
        .bind(active)
        .bind(&series)
        .bind(chain_as_stored(&chain))
        .bind(&code)
        .execute(&mut *tx)
        .await?;
    } else {
        sqlx::query(
            "INSERT INTO document_types (code, name, notation_code, active, sort_order, outgoing_series, review_chain)
             VALUES ($1, $2, $3, $4, (SELECT COALESCE(MAX(sort_order), 0) + 1 FROM document_types), $5, $6)",
        )
        .bind(&code)
        .bind(&name)
        .bind(&notation_code)
        .bind(active)
        .bind(&series)
        .bind(chain_as_stored(&chain))
        .execute(&mut *tx)
        .await?;
    }
    let after: TypeRow = sqlx::query_as(&format!(
        "SELECT {TYPE_COLUMNS} FROM document_types WHERE code = $1"
    ))
    .bind(&code)
    .fetch_one(&mut *tx)
    .await?;
    // as the log reads every record: a new type whole, a changed one field by field, its
    // reviewers a list
    let settings = |r: &TypeRow| {
        serde_json::json!({
            "name": r.1,
            "notation_code": r.2,
            "active": r.3 != 0,
            "outgoing_series": r.4,
            "review_chain": r.5.split(',').filter(|s| !s.is_empty()).collect::<Vec<_>>(),
        })
    };
    let now = settings(&after);
    let detail = match before.as_ref().map(settings) {
        None => serde_json::json!({ "created": now }),
        Some(then) => serde_json::Value::Object(
            now.as_object()
                .into_iter()
                .flatten()
                .filter(|(k, v)| then.get(k.as_str()) != Some(*v))
                .map(|(k, v)| (k.clone(), serde_json::json!([then[k.as_str()], v])))
                .collect(),
        ),
    };
    lode_db::audit::append(
        &mut tx,
        ctx,
        lode_db::audit::Event::new(
            if existing.is_some() {
                "document_type.update"
            } else {
                "document_type.create"
            },
            "document_type",
            &code,
            detail,
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(type_settings(after))
}

/// An incoming document as typed by the clerk.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewIncoming {
    /// The day it arrived, `YYYY-MM-DD` (default: today).
    pub received_on: Option<String>,
    /// `electronic`, `paper`, `email`, `edxml`.
    pub channel: String,
    /// The issuing body, e.g. "Bộ Nông nghiệp và Môi trường".
    pub issuer: String,
    /// Number and notation as the issuer wrote them, e.g. `12/QĐ-BNNMT`.
    pub notation: String,
    /// `YYYY-MM-DD`
    pub document_date: String,
    /// A code of `GET /api/v1/document-types`, e.g. `QĐ`, `CV`.
    pub type_code: String,
    pub subject: String,
    pub signer: Option<String>,
    /// `normal` (default), `urgent`, `very_urgent`, `most_urgent`.
    pub urgency: Option<String>,
    /// `none` (default), `confidential`, `secret`, `top_secret`.
    pub secrecy: Option<String>,
    pub page_count: Option<i64>,
    /// The PDF, uploaded first (`POST /api/v1/files`). Required unless the document is secret.
    pub file_sha256: Option<String>,
    #[serde(default)]
    pub attachments: Vec<NewAttachment>,
    /// Register even though a document with the same issuer, notation and date exists.
    #[serde(default)]
    pub confirm_duplicate: bool,
    /// `ministry` (the ministry or a body under it) or `outside`; guessed from the issuer when
    /// left out.
    pub issuer_scope: Option<String>,
    /// The leader it is presented to (one of `GET /api/v1/incoming/leaders`): that leader alone
    /// is told and finds it waiting for an instruction. Left out, every leader who instructs on
    /// the register's documents is.
    pub presented_to: Option<i64>,
}

#[derive(Debug, Clone, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewAttachment {
    pub sha256: String,
    pub name: String,
}

/// Everything stored about one incoming document, before anyone's view of it.
#[derive(Debug, Clone)]
pub struct IncomingRecord {
    pub id: i64,
    pub register_unit_id: i64,
    pub register_unit_path: UnitPath,
    pub register: Register,
    pub year: i64,
    pub arrival_number: i64,
    pub received_on: String,
    pub channel: Channel,
    pub issuer: String,
    pub notation: String,
    pub document_date: String,
    pub type_code: String,
    pub type_name: String,
    pub subject: String,
    pub signer: Option<String>,
    pub urgency: Urgency,
    pub secrecy: Secrecy,
    pub page_count: Option<i64>,
    pub file_sha256: Option<String>,
    pub status: IncomingStatus,
    pub lead_unit_id: Option<i64>,
    pub lead_unit_name: Option<String>,
    pub lead_unit_path: Option<UnitPath>,
    pub coordinating_units: Vec<(i64, String, UnitPath)>,
    pub handler_id: Option<i64>,
    pub handler_name: Option<String>,
    pub deadline: Option<String>,
    /// The deadline the body's leaders gave, which the lead unit's leader works within.
    pub leaders_deadline: Option<String>,
    pub routing_note: Option<String>,
    pub registered_by: i64,
    pub registered_at: String,
    pub completed_at: Option<String>,
    pub attachments: Vec<Attachment>,
    pub version: i64,
    pub issuer_scope: IssuerScope,
    /// What verifying the signatures found at registration (JSON), for electronic documents.
    pub signature_check: Option<String>,
    /// The leader the clerk presented it to, by name.
    pub presented_to_name: Option<String>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Attachment {
    pub position: i64,
    pub name: String,
    #[serde(skip)]
    pub sha256: String,
}

/// What a caller may know of a document: the entry always; the rest only with the right to read
/// it (for secret documents, the clearance).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct IncomingView {
    pub id: i64,
    /// `regular` or `secret`.
    pub register: String,
    pub year: i64,
    pub arrival_number: i64,
    pub received_on: String,
    pub secrecy: String,
    pub status: String,
    /// Absent when the caller may not read the document.
    pub details: Option<IncomingDetails>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct IncomingDetails {
    /// What verifying its signatures found when it was registered: one entry per signature
    /// (signer, valid, trusted, problems); empty when it carries none; absent when not checked.
    #[schema(value_type = Option<Object>)]
    pub signatures: Option<serde_json::Value>,
    pub channel: String,
    /// `organisation`, `ministry` or `outside`.
    pub issuer_scope: String,
    pub issuer: String,
    pub notation: String,
    pub document_date: String,
    pub type_code: String,
    pub type_name: String,
    pub subject: String,
    pub signer: Option<String>,
    pub urgency: String,
    pub page_count: Option<i64>,
    pub has_file: bool,
    pub attachments: Vec<Attachment>,
    pub lead_unit_id: Option<i64>,
    pub lead_unit_name: Option<String>,
    pub coordinating_unit_ids: Vec<i64>,
    pub coordinating_unit_names: Vec<String>,
    pub handler_id: Option<i64>,
    pub handler_name: Option<String>,
    pub deadline: Option<String>,
    pub routing_note: Option<String>,
    /// The deadline the body's leaders gave (with their instruction, a later extension of
    /// theirs, or a dossier's stage): the lead unit's assignments and extensions keep within it.
    pub leaders_deadline: Option<String>,
    /// The leader the clerk presented it to, by name; none when presented to every leader.
    pub presented_to_name: Option<String>,
    pub overdue: bool,
    pub registered_at: String,
    pub completed_at: Option<String>,
    pub version: i64,
}

impl IncomingRecord {
    pub fn scope(&self) -> DocumentScope {
        DocumentScope {
            register_unit: self.register_unit_path.clone(),
            lead_unit: self.lead_unit_path.clone(),
            coordinating_units: self
                .coordinating_units
                .iter()
                .map(|(_, _, p)| p.clone())
                .collect(),
            handler: self.handler_id,
            registered_by: self.registered_by,
            secrecy: self.secrecy,
        }
    }

    /// Open and past its deadline (compared with today in Vietnam).
    pub fn overdue(&self, today: NaiveDate) -> bool {
        self.status.is_open()
            && self
                .deadline
                .as_deref()
                .and_then(|d| parse_date(d).ok())
                .is_some_and(|d| d < today)
    }

    /// The caller's view; `None` when they may not even know it exists.
    pub fn view(&self, actor: &Actor) -> Option<IncomingView> {
        let scope = self.scope();
        decide(actor, Action::SeeDocument(&scope)).ok()?;
        let details = decide(actor, Action::ReadDocument(&scope))
            .ok()
            .map(|()| IncomingDetails {
                signatures: self
                    .signature_check
                    .as_deref()
                    .and_then(|s| serde_json::from_str(s).ok()),
                channel: self.channel.as_str().into(),
                issuer_scope: self.issuer_scope.as_str().into(),
                issuer: self.issuer.clone(),
                notation: self.notation.clone(),
                document_date: self.document_date.clone(),
                type_code: self.type_code.clone(),
                type_name: self.type_name.clone(),
                subject: self.subject.clone(),
                signer: self.signer.clone(),
                urgency: self.urgency.as_str().into(),
                page_count: self.page_count,
                has_file: self.file_sha256.is_some(),
                attachments: self.attachments.clone(),
                lead_unit_id: self.lead_unit_id,
                lead_unit_name: self.lead_unit_name.clone(),
                coordinating_unit_ids: self.coordinating_units.iter().map(|c| c.0).collect(),
                coordinating_unit_names: self
                    .coordinating_units
                    .iter()
                    .map(|c| c.1.clone())
                    .collect(),
                handler_id: self.handler_id,
                handler_name: self.handler_name.clone(),
                deadline: self.deadline.clone(),
                routing_note: self.routing_note.clone(),
                leaders_deadline: self.leaders_deadline.clone(),
                presented_to_name: self.presented_to_name.clone(),
                overdue: self.overdue(today()),
                registered_at: self.registered_at.clone(),
                completed_at: self.completed_at.clone(),
                version: self.version,
            });
        Some(IncomingView {
            id: self.id,
            register: self.register.as_str().into(),
            year: self.year,
            arrival_number: self.arrival_number,
            received_on: self.received_on.clone(),
            secrecy: self.secrecy.as_str().into(),
            status: self.status.as_str().into(),
            details,
        })
    }
}

const SELECT: &str =
    "SELECT d.id, d.register_unit_id, ru.path AS register_unit_path, d.register, d.year,
    d.arrival_number, d.received_on, d.channel, d.issuer, d.notation, d.document_date,
    d.type_code, t.name AS type_name, d.subject, d.signer, d.urgency, d.secrecy,
    d.page_count, d.file_sha256, d.status, d.lead_unit_id, lu.name AS lead_unit_name,
    lu.path AS lead_unit_path, d.handler_id, h.full_name AS handler_name, d.deadline,
    d.leaders_deadline,
    d.routing_note, d.registered_by, d.registered_at, d.completed_at, d.version,
    d.issuer_scope, d.signature_check, p.full_name AS presented_to_name
    FROM incoming_documents d
    JOIN units ru ON ru.id = d.register_unit_id
    JOIN document_types t ON t.code = d.type_code
    LEFT JOIN units lu ON lu.id = d.lead_unit_id
    LEFT JOIN accounts h ON h.id = d.handler_id
    LEFT JOIN accounts p ON p.id = d.presented_to";

fn record(r: &sqlx::any::AnyRow) -> DbResult<IncomingRecord> {
    use sqlx::Row as _;
    let id: i64 = r.try_get("id")?;
    let bad =
        |what: &str| DbError::Other(anyhow::anyhow!("incoming document {id} has a bad {what}"));
    let path = |s: Option<String>| s.as_deref().and_then(UnitPath::parse);
    Ok(IncomingRecord {
        id,
        register_unit_id: r.try_get("register_unit_id")?,
        register_unit_path: path(r.try_get("register_unit_path")?)
            .ok_or_else(|| bad("register unit"))?,
        register: Register::parse(&r.try_get::<String, _>("register")?)
            .ok_or_else(|| bad("register"))?,
        year: r.try_get("year")?,
        arrival_number: r.try_get("arrival_number")?,
        received_on: r.try_get("received_on")?,
        channel: Channel::parse(&r.try_get::<String, _>("channel")?).map_err(|_| bad("channel"))?,
        issuer: r.try_get("issuer")?,
        notation: r.try_get("notation")?,
        document_date: r.try_get("document_date")?,
        type_code: r.try_get("type_code")?,
        type_name: r.try_get("type_name")?,
        subject: r.try_get("subject")?,
        signer: r.try_get("signer")?,
        urgency: Urgency::parse(&r.try_get::<String, _>("urgency")?).map_err(|_| bad("urgency"))?,
        secrecy: Clearance::parse(&r.try_get::<String, _>("secrecy")?)
            .map_err(|_| bad("secrecy"))?,
        page_count: r.try_get("page_count")?,
        file_sha256: r.try_get("file_sha256")?,
        status: IncomingStatus::parse(&r.try_get::<String, _>("status")?)
            .ok_or_else(|| bad("status"))?,
        lead_unit_id: r.try_get("lead_unit_id")?,
        lead_unit_name: r.try_get("lead_unit_name")?,
        lead_unit_path: path(r.try_get("lead_unit_path")?),
        handler_id: r.try_get("handler_id")?,
        handler_name: r.try_get("handler_name")?,
        deadline: r.try_get("deadline")?,
        leaders_deadline: r.try_get("leaders_deadline")?,
        routing_note: r.try_get("routing_note")?,
        registered_by: r.try_get("registered_by")?,
        registered_at: r.try_get("registered_at")?,
        completed_at: r.try_get("completed_at")?,
        version: r.try_get("version")?,
        issuer_scope: IssuerScope::parse(&r.try_get::<String, _>("issuer_scope")?)
            .map_err(|_| bad("issuer scope"))?,
        signature_check: r.try_get("signature_check")?,
        presented_to_name: r.try_get("presented_to_name")?,
        coordinating_units: Vec::new(),
        attachments: Vec::new(),
    })
}

/// Whose attachments to read.
#[derive(Clone, Copy)]
pub(crate) enum AttachmentTable {
    Incoming,
    Outgoing,
}

/// Checks the attachments of a new document: their names, and their files uploaded by
/// `uploader` with one of `types`, each error under `attachments[i]`.
pub(crate) async fn check_attachments(
    conn: &mut lode_db::Conn,
    attachments: &[NewAttachment],
    types: &[&str],
    uploader: i64,
    errors: &mut FieldErrors,
) -> DbResult<()> {
    for (i, a) in attachments.iter().enumerate() {
        let field = format!("attachments[{i}]");
        errors.take(&field, bounded_text(&a.name, 200));
        lode_db::blobs::require_uploaded_by(conn, &a.sha256, types, uploader, &field, errors)
            .await?;
    }
    Ok(())
}

/// New attachments with their positions, from 1.
pub(crate) fn numbered(attachments: &[NewAttachment]) -> Vec<Attachment> {
    attachments
        .iter()
        .enumerate()
        .map(|(i, a)| Attachment {
            position: i64::try_from(i).unwrap_or(0) + 1,
            name: a.name.trim().to_string(),
            sha256: a.sha256.clone(),
        })
        .collect()
}

/// Writes a document's attachments.
pub(crate) async fn write_attachments(
    tx: &mut Tx,
    table: AttachmentTable,
    id: i64,
    attachments: &[Attachment],
) -> DbResult<()> {
    let sql = match table {
        AttachmentTable::Incoming => {
            "INSERT INTO incoming_attachments (document_id, position, sha256, name) VALUES ($1, $2, $3, $4)"
        }
        AttachmentTable::Outgoing => {
            "INSERT INTO outgoing_attachments (document_id, position, sha256, name) VALUES ($1, $2, $3, $4)"
        }
    };
    for a in attachments {
        sqlx::query(sql)
            .bind(id)
            .bind(a.position)
            .bind(&a.sha256)
            .bind(&a.name)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// The attachments of the documents `ids`, in one query: (document id, attachment) by position.
pub(crate) async fn attachments_of(
    conn: &mut lode_db::Conn,
    table: AttachmentTable,
    ids: &[i64],
) -> DbResult<Vec<(i64, Attachment)>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let table = match table {
        AttachmentTable::Incoming => "incoming_attachments",
        AttachmentTable::Outgoing => "outgoing_attachments",
    };
    let placeholders = (1..=ids.len())
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!(
        "SELECT document_id, position, name, sha256 FROM {table}
         WHERE document_id IN ({placeholders}) ORDER BY document_id, position"
    );
    let mut q = sqlx::query_as::<_, (i64, i64, String, String)>(&sql);
    for id in ids {
        q = q.bind(*id);
    }
    Ok(q.fetch_all(&mut *conn)
        .await?
        .into_iter()
        .map(|(doc, position, name, sha256)| {
            (
                doc,
                Attachment {
                    position,
                    name,
                    sha256,
                },
            )
        })
        .collect())
}

/// Adds the co-ordinating units and attachments of a page of records: two queries for the
/// whole page, not two per record.
async fn complete_records(
    conn: &mut lode_db::Conn,
    records: &mut [IncomingRecord],
) -> DbResult<()> {
    if records.is_empty() {
        return Ok(());
    }
    let placeholders: Vec<String> = (1..=records.len()).map(|i| format!("${i}")).collect();
    let ids = placeholders.join(", ");
    let coordinators_sql = format!(
        "SELECT c.document_id, u.id, u.name, u.path FROM incoming_coordinators c JOIN units u ON u.id = c.unit_id
         WHERE c.document_id IN ({ids}) ORDER BY u.id"
    );
    let mut q = sqlx::query_as::<_, (i64, i64, String, String)>(&coordinators_sql);
    for r in records.iter() {
        q = q.bind(r.id);
    }
    let coordinators = q.fetch_all(&mut *conn).await?;
    let ids_of: Vec<i64> = records.iter().map(|r| r.id).collect();
    let attachments = attachments_of(conn, AttachmentTable::Incoming, &ids_of).await?;
    for rec in records.iter_mut() {
        rec.coordinating_units = coordinators
            .iter()
            .filter(|c| c.0 == rec.id)
            .filter_map(|(_, id, name, p)| UnitPath::parse(p).map(|p| (*id, name.clone(), p)))
            .collect();
        rec.attachments = attachments
            .iter()
            .filter(|(doc, _)| *doc == rec.id)
            .map(|(_, a)| a.clone())
            .collect();
    }
    Ok(())
}

async fn load(conn: &mut lode_db::Conn, id: i64) -> DbResult<IncomingRecord> {
    let row = sqlx::query(&format!("{SELECT} WHERE d.id = $1"))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(DbError::NotFound)?;
    let mut recs = vec![record(&row)?];
    complete_records(conn, &mut recs).await?;
    recs.pop().ok_or(DbError::NotFound)
}

pub async fn get(db: &Db, id: i64) -> DbResult<IncomingRecord> {
    let mut conn = db.read().await?;
    load(&mut conn, id).await
}

fn duplicate_key(issuer: &str, notation: &str, date: &str) -> String {
    format!("{}|{}|{}", fold(issuer), fold(notation), date)
}

/// Earlier documents of the register with the same issuer, notation and date.
pub async fn possible_duplicates(
    db: &Db,
    register_unit_id: i64,
    issuer: &str,
    notation: &str,
    document_date: &str,
) -> DbResult<Vec<(i64, i64, i64)>> {
    let rows: Vec<(i64, i64, i64)> = sqlx::query_as(
        "SELECT id, year, arrival_number FROM incoming_documents
         WHERE register_unit_id = $1 AND duplicate_key = $2 ORDER BY id",
    )
    .bind(register_unit_id)
    .bind(duplicate_key(issuer, notation, document_date))
    .fetch_all(db.pool())
    .await?;
    Ok(rows)
}

/// A document arriving in a register, its fields checked.
pub struct Arrival<'a> {
    pub register_unit_id: i64,
    pub received: NaiveDate,
    pub channel: Channel,
    pub issuer: &'a str,
    pub notation: &'a str,
    pub document_date: NaiveDate,
    pub type_code: &'a str,
    pub subject: &'a str,
    pub signer: Option<&'a str>,
    pub urgency: Urgency,
    pub secrecy: Secrecy,
    pub page_count: Option<i64>,
    pub file_sha256: Option<&'a str>,
    pub registered_by: i64,
    pub submission_key: Option<&'a str>,
    pub issuer_scope: IssuerScope,
    /// What verifying the file's signatures found, kept with the arrival.
    pub signature_check: Option<&'a serde_json::Value>,
    /// The leader the clerk presents it to; none, every leader who instructs on it.
    pub presented_to: Option<i64>,
}

/// Files a document that arrives by lode itself (an issued document delivered to another body,
/// a public-service dossier entering the e-office) in the caller's transaction: its number, its
/// attachments, its first timeline steps and its audit entry. Returns (id, register, year,
/// arrival number).
pub async fn file_arrival(
    tx: &mut Tx,
    ctx: &AuditCtx,
    a: &Arrival<'_>,
    attachments: &[Attachment],
) -> DbResult<(i64, Register, i64, i64)> {
    let inserted = insert_arrival(tx, a).await?;
    write_attachments(tx, AttachmentTable::Incoming, inserted.0, attachments).await?;
    record_arrival(tx, ctx, a, inserted).await?;
    Ok(inserted)
}

/// Gives the arrival its number (next of its register and year) and writes it.
/// Returns (id, register, year, arrival number).
pub(crate) async fn insert_arrival(
    tx: &mut Tx,
    a: &Arrival<'_>,
) -> DbResult<(i64, Register, i64, i64)> {
    let register = Register::for_secrecy(a.secrecy);
    let year = i64::from(chrono::Datelike::year(&a.received));
    let counter = format!(
        "arrival:{}:{}:{year}",
        a.register_unit_id,
        register.as_str()
    );
    let number = lode_db::counters::next(tx, &counter).await?;
    let search_key = search_words(a.subject, a.notation, a.issuer);
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO incoming_documents (register_unit_id, register, year, arrival_number, received_on,
            channel, issuer, notation, document_date, type_code, subject, signer, urgency, urgency_rank,
            secrecy, page_count, search_key, duplicate_key, file_sha256, status, registered_by,
            registered_at, submission_key, issuer_scope, signature_check, presented_to)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19,
                 'registered', $20, $21, $22, $23, $24, $25)
         RETURNING id",
    )
    .bind(a.register_unit_id)
    .bind(register.as_str())
    .bind(year)
    .bind(number)
    .bind(a.received.to_string())
    .bind(a.channel.as_str())
    .bind(a.issuer)
    .bind(a.notation)
    .bind(a.document_date.to_string())
    .bind(a.type_code)
    .bind(a.subject)
    .bind(a.signer)
    .bind(a.urgency.as_str())
    .bind(a.urgency.rank())
    .bind(a.secrecy.as_str())
    .bind(a.page_count)
    .bind(&search_key)
    .bind(duplicate_key(a.issuer, a.notation, &a.document_date.to_string()))
    .bind(a.file_sha256)
    .bind(a.registered_by)
    .bind(lode_db::now())
    .bind(a.submission_key)
    .bind(a.issuer_scope.as_str())
    .bind(a.signature_check.map(|c| c.to_string()))
    .bind(a.presented_to)
    .fetch_one(&mut **tx)
    .await?;
    // its sender among the register's bodies, counted where the clerk's choices are read
    count_sender(tx, a.register_unit_id, a.issuer, a.secrecy).await?;
    Ok((id, register, year, number))
}

/// The words an entry is found by: its subject, notation and sender, folded.
fn search_words(subject: &str, notation: &str, issuer: &str) -> String {
    fold(&format!("{subject} {notation} {issuer}"))
}

/// One more of the register's letters from `issuer` (one more open to all when not secret):
/// the senders the clerk is offered, most frequent first.
async fn count_sender(
    tx: &mut Tx,
    register_unit_id: i64,
    issuer: &str,
    secrecy: Secrecy,
) -> DbResult<()> {
    sqlx::query(
        "INSERT INTO incoming_issuers (register_unit_id, issuer, folded, open_documents)
         VALUES ($1, $2, $3, $4)
         ON CONFLICT (register_unit_id, issuer)
         DO UPDATE SET open_documents = incoming_issuers.open_documents + excluded.open_documents",
    )
    .bind(register_unit_id)
    .bind(issuer)
    .bind(fold(issuer))
    .bind(i64::from(secrecy == Secrecy::None))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Whether `code` is a document type in use.
async fn type_in_use(tx: &mut Tx, code: &str) -> DbResult<bool> {
    let known: Option<(String,)> =
        sqlx::query_as("SELECT code FROM document_types WHERE code = $1 AND active = 1")
            .bind(code)
            .fetch_optional(&mut **tx)
            .await?;
    Ok(known.is_some())
}

/// The arrival's first timeline steps (its registration, and the check of its signatures when
/// it came with one) and its audit entry. The audit log is read by administrators: it names the
/// entry, never the content.
pub(crate) async fn record_arrival(
    tx: &mut Tx,
    ctx: &AuditCtx,
    a: &Arrival<'_>,
    (id, register, year, number): (i64, Register, i64, i64),
) -> DbResult<()> {
    // registered, the document waits for its leader's instruction: they are told, the one it
    // is presented to alone when the clerk named one
    let mut leaders =
        instructing_leaders(tx, a.register_unit_id, a.registered_by, a.secrecy).await?;
    leaders.retain(|l| a.presented_to.is_none_or(|p| l.id == p));
    let presented = a
        .presented_to
        .and_then(|_| leaders.first())
        .map(|l| l.name.clone());
    let entry = json!({"register": register.as_str(), "year": year, "arrival_number": number,
        "secrecy": a.secrecy.as_str(), "presented_to": presented});
    let mut steps = vec![("register", entry.clone())];
    if let Some(check) = a.signature_check {
        steps.push(("verify_signatures", signature_step(check)));
    }
    timeline::record_steps(EventTable::Incoming, tx, ctx, id, &steps).await?;
    audit::append(
        tx,
        ctx,
        Event::new("incoming.register", "incoming", id, entry),
    )
    .await?;
    let told = Told {
        id,
        arrival: number,
        year,
        notation: a.notation,
        subject: a.subject,
        secrecy: a.secrecy,
    };
    let recipients: Vec<(i64, Option<String>)> =
        leaders.into_iter().map(|l| (l.id, l.email)).collect();
    tell_handed(tx, &told, "registered", &Given::default(), &recipients).await
}

/// The document a form with this one-time key registered already, if any.
async fn registered_by_form(
    conn: &mut lode_db::Conn,
    submission_key: Option<&str>,
) -> DbResult<Option<i64>> {
    let Some(key) = submission_key else {
        return Ok(None);
    };
    let row: Option<(i64,)> =
        sqlx::query_as("SELECT id FROM incoming_documents WHERE submission_key = $1")
            .bind(key)
            .fetch_optional(&mut *conn)
            .await?;
    Ok(row.map(|r| r.0))
}

/// Registers a document in the register of `register_unit` (the clerk's body), giving it the next
/// arrival number of its register and year. `submission_key` makes a repeated submission of the
/// same form return the first record instead of a second one.
pub async fn register(
    db: &Db,
    ctx: &AuditCtx,
    registered_by: i64,
    register_unit_id: i64,
    input: &NewIncoming,
    submission_key: Option<&str>,
) -> DbResult<IncomingRecord> {
    register_checked(
        db,
        ctx,
        registered_by,
        register_unit_id,
        input,
        submission_key,
        None,
    )
    .await
}

/// What a new incoming document's form says, each value read and checked on its own (no
/// store read): `None` where refused, the refusals said in `errors`.
struct NewFields {
    received: Option<NaiveDate>,
    channel: Option<Channel>,
    issuer: Option<String>,
    notation: Option<Notation>,
    document_date: Option<NaiveDate>,
    subject: Option<String>,
    signer: Option<Option<String>>,
    urgency: Option<Urgency>,
    secrecy: Option<Clearance>,
    issuer_scope: Option<IssuerScope>,
}

/// Reads the fields of `input` that need no store, adding its refusals to `errors`.
fn new_fields(input: &NewIncoming, errors: &mut FieldErrors) -> NewFields {
    let received = match input
        .received_on
        .as_deref()
        .filter(|s| !s.trim().is_empty())
    {
        Some(s) => errors.take("received_on", parse_date(s)),
        None => Some(today()),
    };
    if received.is_some_and(|r| r > today()) {
        errors.add("received_on", "in_future", "must not be after today");
    }
    if received.is_some_and(|r| r < lode_core::documents::earliest_received(today())) {
        errors.add(
            "received_on",
            "too_old",
            "must not be before the first of January of last year",
        );
    }
    let channel = errors.take("channel", Channel::parse(&input.channel));
    if channel == Some(Channel::Internal) {
        errors.add(
            "channel",
            "invalid_choice",
            "internal documents arrive by themselves",
        );
    }
    let issuer = errors.take("issuer", bounded_text(&input.issuer, ISSUER_MAX));
    let notation = errors.take("notation", Notation::parse(&input.notation));
    let document_date = errors.take("document_date", parse_date(&input.document_date));
    // a date to come is said of its own, whatever the received date (itself perhaps refused)
    if document_date.is_some_and(|d| d > today()) {
        errors.add("document_date", "in_future", "must not be after today");
    } else if let (Some(d), Some(r)) = (document_date, received)
        && d > r
    {
        errors.add(
            "document_date",
            "after_received",
            "must not be after the received date",
        );
    }
    let subject = errors.take("subject", bounded_text(&input.subject, SUBJECT_MAX));
    let signer = errors.take("signer", optional_text(input.signer.as_deref(), SIGNER_MAX));
    let urgency = errors.take(
        "urgency",
        Urgency::parse(input.urgency.as_deref().unwrap_or("normal")),
    );
    let secrecy = errors.take(
        "secrecy",
        Clearance::parse(input.secrecy.as_deref().unwrap_or("none")),
    );
    let issuer_scope = match input.issuer_scope.as_deref().map(str::trim) {
        None | Some("") => Some(IssuerScope::guess(&input.issuer)),
        Some(s) => errors.take("issuer_scope", IssuerScope::parse(s)),
    };
    if issuer_scope == Some(IssuerScope::Organisation) {
        // only lode itself delivers from the organisation's own units
        errors.add(
            "issuer_scope",
            "invalid_choice",
            "is `ministry` or `outside`",
        );
    }
    if input.page_count.is_some_and(|p| !(1..=10_000).contains(&p)) {
        errors.add(
            "page_count",
            "page_count_range",
            "must be between 1 and 10000",
        );
    }
    if input.attachments.len() > 50 {
        errors.add("attachments", "too_many", "at most 50 attachments");
    }
    NewFields {
        received,
        channel,
        issuer,
        notation,
        document_date,
        subject,
        signer,
        urgency,
        secrecy,
        issuer_scope,
    }
}

/// The refusals of a new incoming document's fields that need no store: what a form refused
/// for its file says with them, all at once.
pub fn new_field_refusals(input: &NewIncoming) -> FieldErrors {
    let mut errors = FieldErrors::new();
    new_fields(input, &mut errors);
    errors
}

/// [`register`], with what verifying the file's signatures found (for a document that arrived
/// electronically) kept in the same transaction: one write for the arrival and its check.
pub async fn register_checked(
    db: &Db,
    ctx: &AuditCtx,
    registered_by: i64,
    register_unit_id: i64,
    input: &NewIncoming,
    submission_key: Option<&str>,
    signature_check: Option<&serde_json::Value>,
) -> DbResult<IncomingRecord> {
    let mut errors = FieldErrors::new();
    let NewFields {
        received,
        channel,
        issuer,
        notation,
        document_date,
        subject,
        signer,
        urgency,
        secrecy,
        issuer_scope,
    } = new_fields(input, &mut errors);
    // The checks that read run in the write transaction: on SQLite they take microseconds on
    // the writer lane's connection, without a hop to another thread, and (the lane being one
    // writer at a time) a duplicate registered in between cannot slip past them.
    let mut tx = db.write().await?;
    if !type_in_use(&mut tx, input.type_code.trim()).await? {
        errors.add(
            "type_code",
            "invalid_choice",
            "is not a known document type",
        );
    }
    match input.file_sha256.as_deref().filter(|s| !s.is_empty()) {
        Some(sha) => {
            lode_db::blobs::require_uploaded_by(
                &mut tx,
                sha,
                &[PDF],
                registered_by,
                "file_sha256",
                &mut errors,
            )
            .await?
        }
        None if secrecy == Some(Clearance::None) => errors.add(
            "file_sha256",
            "required",
            "upload the document (PDF; paper documents scanned)",
        ),
        None => {}
    }
    check_attachments(
        &mut tx,
        &input.attachments,
        &[PDF],
        registered_by,
        &mut errors,
    )
    .await?;
    if let (Some(leader), Some(secrecy)) = (input.presented_to, secrecy) {
        let leaders =
            instructing_leaders(&mut tx, register_unit_id, registered_by, secrecy).await?;
        if !leaders.iter().any(|l| l.id == leader) {
            errors.add(
                "presented_to",
                "not_instructing",
                "is not a leader who instructs on this register's documents, cleared for its secrecy",
            );
        }
    }
    if let Some(id) = registered_by_form(&mut tx, submission_key).await? {
        return read_back(tx, id).await;
    }
    errors.clone().into_result()?;
    let (
        Some(received),
        Some(channel),
        Some(issuer),
        Some(notation),
        Some(document_date),
        Some(subject),
        Some(signer),
        Some(urgency),
        Some(secrecy),
        Some(issuer_scope),
    ) = (
        received,
        channel,
        issuer,
        notation,
        document_date,
        subject,
        signer,
        urgency,
        secrecy,
        issuer_scope,
    )
    else {
        return Err(errors.into());
    };
    let dup_key = duplicate_key(&issuer, &notation, &document_date.to_string());
    if !input.confirm_duplicate {
        let dups: Vec<(i64, i64)> = sqlx::query_as(
            "SELECT year, arrival_number FROM incoming_documents WHERE register_unit_id = $1 AND duplicate_key = $2",
        )
        .bind(register_unit_id)
        .bind(&dup_key)
        .fetch_all(&mut *tx)
        .await?;
        if !dups.is_empty() {
            // The duplicate may be this very form, submitted twice at once and registered by
            // the other submission in between: answer with that record.
            if let Some(id) = registered_by_form(&mut tx, submission_key).await? {
                return read_back(tx, id).await;
            }
            let list: Vec<String> = dups.iter().map(|(y, n)| format!("{n}/{y}")).collect();
            return Err(FieldErrors::single(
                "notation",
                "possible_duplicate",
                format!("already registered with the same issuer, notation and date as arrival number {}", list.join(", ")),
            )
            .into());
        }
    }
    let arrival = Arrival {
        register_unit_id,
        received,
        channel,
        issuer: &issuer,
        notation: &notation,
        document_date,
        type_code: input.type_code.trim(),
        subject: &subject,
        signer: signer.as_deref(),
        urgency,
        secrecy,
        page_count: input.page_count,
        file_sha256: input.file_sha256.as_deref().filter(|s| !s.is_empty()),
        registered_by,
        submission_key,
        issuer_scope,
        signature_check: signature_check
            .filter(|_| channel.is_electronic() && arrival_has_file(&input.file_sha256)),
        presented_to: input.presented_to,
    };
    let (id, register, year, number) = match insert_arrival(&mut tx, &arrival).await {
        Ok(inserted) => inserted,
        // Two submissions of one form raced: the other one won; answer with its record.
        Err(DbError::Sqlx(sqlx::Error::Database(e)))
            if e.is_unique_violation() && submission_key.is_some() =>
        {
            // On SQLite the winner may still be in this writer's commit group: find it through
            // the same transaction, and answer once the group (with it) is durable. PostgreSQL
            // reports the violation only once the winner committed, and has ended this
            // transaction: look on the pool.
            let id = match db.backend() {
                lode_db::Backend::Sqlite => {
                    let id = registered_by_form(&mut tx, submission_key).await?;
                    return read_back(tx, id.ok_or(DbError::NotFound)?).await;
                }
                lode_db::Backend::Postgres => {
                    drop(tx);
                    let mut conn = db.read().await?;
                    registered_by_form(&mut conn, submission_key).await?
                }
            };
            return get(db, id.ok_or(DbError::NotFound)?).await;
        }
        Err(e) => return Err(e),
    };
    let attachments = numbered(&input.attachments);
    write_attachments(&mut tx, AttachmentTable::Incoming, id, &attachments).await?;
    // The audit log is read by administrators: it names the entry, never the content.
    record_arrival(&mut tx, ctx, &arrival, (id, register, year, number)).await?;
    read_back(tx, id).await
}

/// The document as it stands in `tx`, answered once `tx` is committed (on SQLite, once the
/// group that holds it is durable).
async fn read_back(mut tx: Tx, id: i64) -> DbResult<IncomingRecord> {
    let rec = load(&mut tx, id).await?;
    tx.commit().await?;
    Ok(rec)
}

fn arrival_has_file(sha: &Option<String>) -> bool {
    sha.as_deref().is_some_and(|s| !s.is_empty())
}

/// The leader's instruction.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RouteInput {
    pub lead_unit_id: i64,
    #[serde(default)]
    pub coordinating_unit_ids: Vec<i64>,
    /// `YYYY-MM-DD`, not before the received date.
    pub deadline: Option<String>,
    pub note: Option<String>,
    /// The version read; refused with 409 if the document changed since.
    pub version: Option<i64>,
}

/// The lead unit's leader names the handler.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AssignInput {
    pub handler_id: i64,
    /// An earlier deadline for the handler (never later than the leader's).
    pub deadline: Option<String>,
    pub note: Option<String>,
    pub version: Option<i64>,
}

/// A note, a completion, a return (with its reason) or a request for more time.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StepInput {
    pub text: Option<String>,
    /// For a deadline extension, or a request for one: the new deadline.
    pub deadline: Option<String>,
    pub version: Option<i64>,
}

impl lode_db::lifecycle::Lifecycle for IncomingRecord {
    type Status = IncomingStatus;
    type Step = IncomingStep;
    const ENTITY: &'static str = "incoming";
    const NOUN: &'static str = "the document";
    const TABLE: &'static str = "incoming_documents";

    async fn load(tx: &mut Tx, id: i64) -> DbResult<Self> {
        load(tx, id).await
    }

    fn version(&self) -> i64 {
        self.version
    }

    fn status(&self) -> IncomingStatus {
        self.status
    }

    fn status_name(status: IncomingStatus) -> &'static str {
        status.as_str()
    }

    fn next(status: IncomingStatus, step: IncomingStep) -> Option<IncomingStatus> {
        next_status(status, step)
    }

    fn authorise(&self, actor: &Actor, step: Option<IncomingStep>) -> DbResult<()> {
        let scope = self.scope();
        decide(actor, Action::SeeDocument(&scope)).map_err(|_| DbError::NotFound)?;
        let needed = match step {
            None => return Ok(()),
            Some(IncomingStep::Route) => Action::RouteDocument(&scope),
            // whoever keeps the register: who sends back to the sender, corrects the entry
            Some(IncomingStep::Return | IncomingStep::Correct) => Action::ReturnDocument(&scope),
            Some(IncomingStep::Assign | IncomingStep::HandBack) => Action::AssignDocument(&scope),
            Some(IncomingStep::Complete) => Action::HandleDocument(&scope),
            Some(
                IncomingStep::ExtendDeadline
                | IncomingStep::AskExtension
                | IncomingStep::DeclineExtension
                | IncomingStep::Note,
            ) => Action::ReadDocument(&scope),
            // lode's own steps, when the sender recalls the letter, a reply is issued or the
            // dossier it carries is settled
            Some(
                IncomingStep::SenderRecalled
                | IncomingStep::Answered
                | IncomingStep::DossierSettled,
            ) => {
                return Err(DbError::Denied(lode_core::authz::Denied::MissingRole));
            }
        };
        decide(actor, needed).map_err(DbError::Denied)
    }

    async fn touch(tx: &mut Tx, id: i64) -> DbResult<()> {
        sqlx::query("UPDATE incoming_documents SET version = version + 1 WHERE id = $1")
            .bind(id)
            .execute(&mut **tx)
            .await?;
        Ok(())
    }

    async fn record_step(
        tx: &mut Tx,
        ctx: &AuditCtx,
        id: i64,
        step: &str,
        detail: &serde_json::Value,
    ) -> DbResult<()> {
        timeline::record(EventTable::Incoming, tx, ctx, id, step, detail.clone()).await
    }

    /// The entry, and what was decided about it (to which unit or person, by when), never what
    /// was written (an instruction, a result, a reason): administrators read the log. Of a
    /// secret document, the entry alone.
    fn audit_detail(&self, detail: &serde_json::Value) -> serde_json::Value {
        let mut entry = serde_json::Map::new();
        entry.insert("arrival_number".into(), json!(self.arrival_number));
        entry.insert("year".into(), json!(self.year));
        if self.secrecy == Secrecy::None {
            for decided in [
                "lead_unit",
                "coordinating_units",
                "previous_handler",
                "handler",
                "deadline",
            ] {
                if let Some(v) = detail.get(decided).filter(|v| !v.is_null()) {
                    entry.insert(decided.into(), v.clone());
                }
            }
        }
        serde_json::Value::Object(entry)
    }
}

/// Returns incoming copy `id` of a letter its sender recalled, through the copy's own table
/// (a copy already settled stays as it is): its status, its history, the audit chain, and the
/// notices that asked someone to act on it settled.
pub(crate) async fn return_recalled(
    tx: &mut Tx,
    ctx: &AuditCtx,
    id: i64,
    reason: &Option<String>,
) -> DbResult<()> {
    close_as_consequence(
        tx,
        ctx,
        id,
        (IncomingStep::SenderRecalled, "recalled"),
        json!({"reason": reason}),
    )
    .await
}

/// The reply that settles a letter: who wrote it, from which unit of which body, its number
/// (none told when the reply is secret), as [`settle_answered`] weighs it.
pub(crate) struct Reply<'a> {
    pub author_id: i64,
    pub drafting_path: &'a UnitPath,
    pub body_unit_id: i64,
    pub notation: Option<&'a str>,
}

/// Settles incoming document `id` that an outgoing one answers, once that reply is numbered
/// (a letter already settled stays as it is): completed, its history naming the reply, the
/// notices that asked someone to act on it settled. Only a reply of the body that registered
/// the letter, written by its handler or within its lead unit, settles it: a reader elsewhere
/// answering does not close the work of those it was given to.
pub(crate) async fn settle_answered(
    tx: &mut Tx,
    ctx: &AuditCtx,
    id: i64,
    reply: &Reply<'_>,
) -> DbResult<()> {
    let letter = <IncomingRecord as lode_db::lifecycle::Lifecycle>::load(tx, id).await?;
    let same_body = letter.register_unit_id == reply.body_unit_id;
    let its_handlers = letter.handler_id == Some(reply.author_id)
        || letter
            .lead_unit_path
            .as_ref()
            .is_some_and(|lead| lead.contains(reply.drafting_path));
    if !(same_body && its_handlers) {
        return Ok(());
    }
    close_as_consequence(
        tx,
        ctx,
        id,
        (IncomingStep::Answered, "answered"),
        json!({"notation": reply.notation}),
    )
    .await?;
    tell_desk_of_result(tx, id, reply.notation).await
}

/// The public-service dossier a letter carries (filed, so coded): the desk's page of it.
#[derive(Debug, Clone)]
pub struct CarriedDossier {
    pub id: i64,
    pub code: String,
    pub status: String,
}

/// The public-service dossier letter `id` carries, if it carries one.
pub async fn carried_dossier(
    conn: &mut lode_db::Conn,
    id: i64,
) -> DbResult<Option<CarriedDossier>> {
    let row: Option<(i64, String, String)> = sqlx::query_as(
        "SELECT id, code, status FROM applications WHERE incoming_id = $1 AND code IS NOT NULL",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(row.map(|(id, code, status)| CarriedDossier { id, code, status }))
}

/// The one-stop desk is told that the public-service dossier letter `id` carries (one it
/// accepted) has its result issued (`notation`): theirs to return to the applicant, from the
/// dossier's page.
async fn tell_desk_of_result(tx: &mut Tx, id: i64, notation: Option<&str>) -> DbResult<()> {
    let Some(CarriedDossier {
        id: dossier,
        code,
        status,
    }) = carried_dossier(tx, id).await?
    else {
        return Ok(());
    };
    if status != "accepted" {
        return Ok(());
    }
    let desk: Vec<(i64, Option<String>)> = sqlx::query_as(
        "SELECT a.id, a.email FROM accounts a
         JOIN account_roles r ON r.account_id = a.id AND r.role = 'one_stop_officer'
         WHERE a.active = 1 AND a.kind = 'staff' ORDER BY a.id",
    )
    .fetch_all(&mut **tx)
    .await?;
    let message = lode_db::notifications::message(crate::NOTICE_MESSAGES, "dossier_result_issued")?;
    let args = json!({"code": code, "notation": notation.unwrap_or_default()});
    lode_db::notifications::tell_each(
        tx,
        "dossier_result_issued",
        message,
        &args,
        (&format!("/mot-cua/{dossier}"), None),
        &desk,
    )
    .await
}

/// Letter `id`, which carries a public-service dossier, is settled with its dossier (coded
/// `code`), in the transaction that settles the dossier: nothing when the letter is closed
/// already (answered by its reply).
pub async fn settle_with_dossier(tx: &mut Tx, ctx: &AuditCtx, id: i64, code: &str) -> DbResult<()> {
    close_as_consequence(
        tx,
        ctx,
        id,
        (IncomingStep::DossierSettled, "dossier_settled"),
        json!({ "dossier_code": code }),
    )
    .await
}

/// Where a notice to a unit asked to help with letter `id` leads: its page, at the units named.
/// No step but one that closes the letter, or names other units, settles such notices.
fn helping_link(id: i64) -> String {
    format!("/incoming/{id}#phoi-hop")
}

/// A step lode takes on an incoming document as the consequence of another record's, one that
/// closes it: nothing when the step does not fit its status.
async fn close_as_consequence(
    tx: &mut Tx,
    ctx: &AuditCtx,
    id: i64,
    (step, name): (IncomingStep, &str),
    detail: serde_json::Value,
) -> DbResult<()> {
    let Some((_, next)) = lode_db::lifecycle::consequence::<IncomingRecord>(tx, id, step).await?
    else {
        return Ok(());
    };
    sqlx::query("UPDATE incoming_documents SET status = $1, completed_at = $2 WHERE id = $3")
        .bind(next.as_str())
        .bind(lode_db::now())
        .bind(id)
        .execute(&mut **tx)
        .await?;
    lode_db::notifications::settle(tx, &format!("/incoming/{id}")).await?;
    lode_db::notifications::settle(tx, &helping_link(id)).await?;
    lode_db::lifecycle::finish::<IncomingRecord>(tx, ctx, id, name, detail).await?;
    Ok(())
}

/// Loads a document for a step and checks the caller may take it in its present state.
async fn begin_step(
    db: &Db,
    actor: &Actor,
    id: i64,
    version: Option<i64>,
    step: IncomingStep,
) -> DbResult<(Tx, IncomingRecord, IncomingStatus)> {
    let (mut tx, record, next) =
        lode_db::lifecycle::begin_step::<IncomingRecord>(db, actor, id, version, step).await?;
    // Any step but a note or a request for time (asked or declined) changes who must act: what
    // earlier notices asked is settled (new notices of this step are written after). Handing
    // the letter leaves a request for more time to the assignment (see `assign`).
    let settled = match step {
        IncomingStep::Note
        | IncomingStep::AskExtension
        | IncomingStep::DeclineExtension
        | IncomingStep::Correct => None,
        // handing the letter, or extending it, answers a request for more time only when taken
        // by whom it was asked of (see `assign`, `extend_deadline`)
        IncomingStep::Assign | IncomingStep::ExtendDeadline => {
            Some(Settled::AllBut(EXTENSION_ASKED))
        }
        _ => Some(Settled::All),
    };
    if let Some(which) = settled {
        lode_db::notifications::settle_those(&mut tx, &format!("/incoming/{id}"), which).await?;
    }
    // the units asked to help are done when it is closed, or asked anew when it is routed again
    if matches!(
        step,
        IncomingStep::Complete
            | IncomingStep::Return
            | IncomingStep::Route
            | IncomingStep::HandBack
    ) {
        lode_db::notifications::settle(&mut tx, &helping_link(id)).await?;
    }
    Ok((tx, record, next))
}

async fn finish_step(
    mut tx: Tx,
    ctx: &AuditCtx,
    rec: &IncomingRecord,
    step: &str,
    detail: serde_json::Value,
) -> DbResult<IncomingRecord> {
    let after =
        lode_db::lifecycle::finish::<IncomingRecord>(&mut tx, ctx, rec.id, step, detail).await?;
    tx.commit().await?;
    Ok(after)
}

/// What a notice about a document names: the entry always, the notation and subject only
/// when it is not secret.
struct Told<'a> {
    id: i64,
    arrival: i64,
    year: i64,
    notation: &'a str,
    subject: &'a str,
    secrecy: Secrecy,
}

/// The deadline a document is handed on with: the one given now, else the one it had (the
/// leader's, or a dossier's stage's), which a step without one keeps.
fn deadline_kept(given: Option<NaiveDate>, rec: &IncomingRecord) -> Option<NaiveDate> {
    given.or_else(|| rec.deadline.as_deref().and_then(|d| parse_date(d).ok()))
}

/// What the one handing a document on gave with it: the deadline, the instruction.
#[derive(Default)]
struct Given<'a> {
    deadline: Option<NaiveDate>,
    note: Option<&'a str>,
    /// Who took the step, named where the notice says who asked, granted or declined.
    by: Option<&'a str>,
}

/// The leaders of unit `unit` who may open `rec` (a secret one goes to leaders cleared for it),
/// `actor` aside: whom a step handing it to the unit tells.
async fn unit_leaders(
    tx: &mut Tx,
    unit: i64,
    rec: &IncomingRecord,
    actor: &Actor,
) -> DbResult<Vec<(i64, Option<String>)>> {
    let leaders: Vec<(i64, Option<String>, String)> = sqlx::query_as(
        "SELECT a.id, a.email, a.clearance FROM accounts a
         JOIN account_roles r ON r.account_id = a.id AND r.role = 'unit_leader'
         WHERE a.unit_id = $1 AND a.active = 1 AND a.kind = 'staff' ORDER BY a.id",
    )
    .bind(unit)
    .fetch_all(&mut **tx)
    .await?;
    Ok(leaders
        .into_iter()
        .filter(|(id, _, clearance)| {
            *id != actor.account_id && Clearance::parse(clearance).is_ok_and(|c| c >= rec.secrecy)
        })
        .map(|(id, email, _)| (id, email))
        .collect())
}

/// Tells the people a document was handed to (`registered` to the body's leaders, `routed` to
/// a unit's leaders, `coordinating` to the leaders of the units asked to help, `assigned` to
/// a handler), or whose time on it changes (`extension_asked` to whoever grants it,
/// `extended` to those working on it, `extension_declined` to whoever asked), in lode and by
/// e-mail when they have an address, with the deadline, the instruction or reason it came with,
/// and who acted where the notice names them. What goes by e-mail
/// leaves the system: a secret document is named by its number only, and its instruction is
/// not repeated.
async fn tell_handed(
    tx: &mut Tx,
    doc: &Told<'_>,
    how: &str,
    given: &Given<'_>,
    recipients: &[(i64, Option<String>)],
) -> DbResult<()> {
    let yes = |b: bool| if b { "yes" } else { "no" };
    let deadline = given.deadline.map(|d| d.to_string()).unwrap_or_default();
    let (message, args) = if doc.secrecy == Secrecy::None {
        (
            format!("incoming_{how}"),
            json!({"arrival": doc.arrival, "year": doc.year, "notation": doc.notation,
                   "subject": doc.subject, "has_deadline": yes(given.deadline.is_some()),
                   "deadline_day": deadline, "has_note": yes(given.note.is_some()),
                   "note": given.note.unwrap_or_default(), "by": given.by.unwrap_or_default()}),
        )
    } else {
        (
            format!("incoming_{how}_secret"),
            json!({"arrival": doc.arrival, "year": doc.year,
                   "has_deadline": yes(given.deadline.is_some()), "deadline_day": deadline,
                   "by": given.by.unwrap_or_default()}),
        )
    };
    let message = lode_db::notifications::message(crate::NOTICE_MESSAGES, &message)?;
    // a unit helping is asked nothing a step settles: its notice leads to the same page by a
    // link of its own
    let link = match how {
        "coordinating" => helping_link(doc.id),
        _ => format!("/incoming/{}", doc.id),
    };
    lode_db::notifications::tell_each(tx, how, message, &args, (&link, Some(doc.id)), recipients)
        .await
}

impl IncomingRecord {
    fn told(&self) -> Told<'_> {
        Told {
            id: self.id,
            arrival: self.arrival_number,
            year: self.year,
            notation: &self.notation,
            subject: &self.subject,
            secrecy: self.secrecy,
        }
    }
}

lode_db::row! {
    /// A leader inside a body, as storage holds them: their unit's path, the body's, and the
    /// body whose register they use.
    struct LeaderRow {
        id: i64,
        email: Option<String>,
        full_name: String,
        position: Option<String>,
        clearance: String,
        unit: String,
        role: String,
        body: String,
        register_unit: Option<String>,
    }
}

/// A leader who gives the instruction on the documents of a register.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct InstructingLeader {
    pub id: i64,
    #[serde(skip)]
    pub email: Option<String>,
    pub name: String,
    pub position: Option<String>,
}

/// The leaders a clerk of the register of `register_unit_id` may present a new, ordinary
/// document to (a secret one goes only to those of them cleared for it).
pub async fn presentable_leaders(
    db: &Db,
    register_unit_id: i64,
    clerk: i64,
) -> DbResult<Vec<InstructingLeader>> {
    let mut conn = db.read().await?;
    instructing_leaders(&mut conn, register_unit_id, clerk, Secrecy::None).await
}

/// Those who give the instruction on a document just registered in the body `register_unit_id`
/// (its agency leaders, or the leader of a unit keeping its own register), cleared for it:
/// the candidates found in storage, each then judged by the one rule that lets them route it.
async fn instructing_leaders(
    conn: &mut lode_db::Conn,
    register_unit_id: i64,
    registered_by: i64,
    secrecy: Secrecy,
) -> DbResult<Vec<InstructingLeader>> {
    // one read: the leaders inside the body, each with the body whose register they use (the
    // deepest department or federation at or above their unit)
    let candidates: Vec<LeaderRow> = sqlx::query_as(
        "SELECT a.id, a.email, a.full_name, a.position, a.clearance, u.path AS unit, r.role,
                    b.path AS body,
                    (SELECT x.path FROM units x WHERE x.kind IN ('department', 'federation')
                       AND u.path LIKE x.path || '%' ORDER BY LENGTH(x.path) DESC LIMIT 1)
                      AS register_unit
             FROM units b
             JOIN units u ON u.path LIKE b.path || '%'
             JOIN accounts a ON a.unit_id = u.id AND a.active = 1 AND a.kind = 'staff'
             JOIN account_roles r ON r.account_id = a.id
               AND r.role IN ('agency_leader', 'unit_leader')
             WHERE b.id = $1 ORDER BY a.id",
    )
    .bind(register_unit_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut out: Vec<InstructingLeader> = Vec::new();
    for LeaderRow {
        id,
        email,
        full_name,
        position,
        clearance,
        unit,
        role,
        body,
        register_unit,
    } in candidates
    {
        let (Some(unit), Some(body), Ok(role), Ok(clearance)) = (
            UnitPath::parse(&unit),
            UnitPath::parse(&body),
            lode_core::people::Role::parse(&role),
            Clearance::parse(&clearance),
        ) else {
            continue;
        };
        let scope = lode_core::authz::DocumentScope {
            register_unit: body,
            lead_unit: None,
            coordinating_units: Vec::new(),
            handler: None,
            registered_by,
            secrecy,
        };
        let actor = Actor {
            account_id: id,
            kind: lode_core::people::AccountKind::Staff,
            roles: vec![role],
            unit: Some(unit),
            register_unit: register_unit.as_deref().and_then(UnitPath::parse),
            clearance,
        };
        let instructs = lode_core::authz::decide(&actor, Action::RouteDocument(&scope)).is_ok();
        if instructs && id != registered_by && !out.iter().any(|o| o.id == id) {
            out.push(InstructingLeader {
                id,
                email,
                name: full_name,
                position,
            });
        }
    }
    Ok(out)
}

/// The names of units, in the order of `ids`.
pub(crate) async fn unit_names(tx: &mut Tx, ids: &[i64]) -> DbResult<Vec<String>> {
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        let name: Option<(String,)> = sqlx::query_as("SELECT name FROM units WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut **tx)
            .await?;
        out.extend(name.map(|n| n.0));
    }
    Ok(out)
}

/// An active unit inside the register's body.
async fn unit_in_body(tx: &mut Tx, unit_id: i64, body: &UnitPath) -> DbResult<Option<UnitPath>> {
    let row: Option<(String, String)> =
        sqlx::query_as("SELECT path, status FROM units WHERE id = $1")
            .bind(unit_id)
            .fetch_optional(&mut **tx)
            .await?;
    Ok(row
        .filter(|(_, status)| status == "active")
        .and_then(|(p, _)| UnitPath::parse(&p))
        .filter(|p| body.contains(p)))
}

/// A deadline given `today`: not before the document was received, nor already past.
fn parse_deadline(
    raw: Option<&str>,
    rec: &IncomingRecord,
    today: NaiveDate,
    errors: &mut FieldErrors,
) -> Option<NaiveDate> {
    let raw = raw.map(str::trim).filter(|s| !s.is_empty())?;
    let d = errors.take("deadline", parse_date(raw))?;
    let received = parse_date(&rec.received_on).ok()?;
    errors.take("deadline", check_deadline(received, today, d))?;
    Some(d)
}

pub async fn route(
    db: &Db,
    ctx: &AuditCtx,
    actor: &Actor,
    id: i64,
    input: &RouteInput,
) -> DbResult<IncomingRecord> {
    route_on(db, ctx, actor, id, input, lode_db::today()).await
}

/// [`route`] with its deadline checked as on `today` (the demo's documents directed on the
/// days they arrived; the step itself is recorded now).
pub(crate) async fn route_on(
    db: &Db,
    ctx: &AuditCtx,
    actor: &Actor,
    id: i64,
    input: &RouteInput,
    today: NaiveDate,
) -> DbResult<IncomingRecord> {
    let (mut tx, rec, next) = begin_step(db, actor, id, input.version, IncomingStep::Route).await?;
    let mut errors = FieldErrors::new();
    let deadline = parse_deadline(input.deadline.as_deref(), &rec, today, &mut errors);
    let note = errors
        .take("note", optional_lines(input.note.as_deref(), NOTE_MAX))
        .flatten();
    if input.lead_unit_id <= 0 {
        errors.add("lead_unit_id", "required", "choose the lead unit");
    } else if unit_in_body(&mut tx, input.lead_unit_id, &rec.register_unit_path)
        .await?
        .is_none()
    {
        errors.add(
            "lead_unit_id",
            "not_found",
            "no active unit of this body has this id",
        );
    }
    let mut coordinators = input.coordinating_unit_ids.clone();
    coordinators.sort_unstable();
    coordinators.dedup();
    // the unit that leads does not also coordinate: said, rather than dropped unseen
    if coordinators.contains(&input.lead_unit_id) {
        errors.add(
            "coordinating_unit_ids",
            "lead_coordinates",
            "the lead unit is not also a coordinating unit",
        );
    }
    for c in &coordinators {
        if unit_in_body(&mut tx, *c, &rec.register_unit_path)
            .await?
            .is_none()
        {
            errors.add(
                "coordinating_unit_ids",
                "not_found",
                format!("no active unit of this body has the id {c}"),
            );
        }
    }
    errors.into_result()?;
    sqlx::query(
        "UPDATE incoming_documents SET status = $1, lead_unit_id = $2, deadline = COALESCE($3, deadline),
         leaders_deadline = COALESCE($3, leaders_deadline, deadline), routing_note = $4,
         handler_id = NULL WHERE id = $5",
    )
    .bind(next.as_str())
    .bind(input.lead_unit_id)
    .bind(deadline.map(|d| d.to_string()))
    .bind(note.as_deref())
    .bind(id)
    .execute(&mut *tx)
    .await?;
    sqlx::query("DELETE FROM incoming_coordinators WHERE document_id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    for c in &coordinators {
        sqlx::query("INSERT INTO incoming_coordinators (document_id, unit_id) VALUES ($1, $2)")
            .bind(id)
            .bind(c)
            .execute(&mut *tx)
            .await?;
    }
    let leaders = unit_leaders(&mut tx, input.lead_unit_id, &rec, actor).await?;
    let given = Given {
        deadline: deadline_kept(deadline, &rec),
        note: note.as_deref(),
        by: None,
    };
    tell_handed(&mut tx, &rec.told(), "routed", &given, &leaders).await?;
    // the units asked to help are told too, by a notice only the letter's closing (or its
    // routing anew) settles: their part lasts as long as the letter is handled
    let mut helpers = Vec::new();
    for c in &coordinators {
        helpers.extend(unit_leaders(&mut tx, *c, &rec, actor).await?);
    }
    tell_handed(&mut tx, &rec.told(), "coordinating", &given, &helpers).await?;
    let names = unit_names(&mut tx, &[input.lead_unit_id]).await?;
    let coordinator_names = unit_names(&mut tx, &coordinators).await?;
    let detail = json!({"lead_unit": names.first(), "coordinating_units": coordinator_names,
                        "deadline": deadline.map(|d| d.to_string()), "note": note});
    finish_step(tx, ctx, &rec, "route", detail).await
}

pub async fn assign(
    db: &Db,
    ctx: &AuditCtx,
    actor: &Actor,
    id: i64,
    input: &AssignInput,
) -> DbResult<IncomingRecord> {
    let (mut tx, rec, next) =
        begin_step(db, actor, id, input.version, IncomingStep::Assign).await?;
    let mut errors = FieldErrors::new();
    // the deadline it has now, shown in the form to keep, is no new one (and, past, no refusal)
    let asked = input
        .deadline
        .as_deref()
        .filter(|d| Some(d.trim()) != rec.deadline.as_deref());
    let deadline = parse_deadline(asked, &rec, lode_db::today(), &mut errors);
    // within the leaders' day, not the day a unit gave an earlier handler
    if let (Some(d), Some(leader)) = (
        deadline,
        rec.leaders_deadline
            .as_deref()
            .or(rec.deadline.as_deref())
            .and_then(|l| parse_date(l).ok()),
    ) && d > leader
    {
        errors.add(
            "deadline",
            "after_leader_deadline",
            "must not be later than the leader's deadline",
        );
    }
    let note = errors
        .take("note", optional_lines(input.note.as_deref(), NOTE_MAX))
        .flatten();
    // kind, active, unit path, clearance, e-mail
    type HandlerRow = (String, i64, Option<String>, String, Option<String>);
    let handler: Option<HandlerRow> = sqlx::query_as(
        "SELECT a.kind, a.active, u.path, a.clearance, a.email FROM accounts a
         LEFT JOIN units u ON u.id = a.unit_id WHERE a.id = $1",
    )
    .bind(input.handler_id)
    .fetch_optional(&mut *tx)
    .await?;
    let in_lead_unit = handler.as_ref().is_some_and(|(kind, active, path, _, _)| {
        kind == "staff"
            && *active == 1
            && path
                .as_deref()
                .and_then(UnitPath::parse)
                .zip(rec.lead_unit_path.as_ref())
                .is_some_and(|(p, lead)| lead.contains(&p))
    });
    let cleared = handler
        .as_ref()
        .is_some_and(|h| Clearance::parse(&h.3).is_ok_and(|c| c >= rec.secrecy));
    if !in_lead_unit {
        errors.add(
            "handler_id",
            "not_in_lead_unit",
            "the handler must be an active member of the lead unit",
        );
    } else if !cleared {
        errors.add(
            "handler_id",
            "not_cleared",
            "the handler may not read documents of this secrecy",
        );
    } else if rec.handler_id == Some(input.handler_id) && deadline.is_none() && note.is_none() {
        // handed again to the same person with nothing new: a slip, not a step
        errors.add(
            "handler_id",
            "same_handler",
            "already handles it: choose another person, or give a new deadline or a note",
        );
    }
    errors.into_result()?;
    sqlx::query("UPDATE incoming_documents SET status = $1, handler_id = $2, deadline = COALESCE($3, deadline) WHERE id = $4")
        .bind(next.as_str())
        .bind(input.handler_id)
        .bind(deadline.map(|d| d.to_string()))
        .bind(id)
        .execute(&mut *tx)
        .await?;
    let step = if rec.handler_id.is_some() {
        "reassign"
    } else {
        "assign"
    };
    // a request for more time is answered by handing the work anew, by whom it was asked of
    // (as `extension_asked` reads it); a unit leader's own, to the leaders, still waits
    if extension_asked(&mut tx, id)
        .await?
        .is_some_and(|asked| answers_by_handing(&asked.asked_of, Some(actor.account_id)))
    {
        lode_db::notifications::settle_kind(&mut tx, &format!("/incoming/{id}"), EXTENSION_ASKED)
            .await?;
    }
    // the handler is told, and told again when handed anew with a new deadline or a note
    if input.handler_id != actor.account_id {
        let email = handler.and_then(|h| h.4);
        let given = Given {
            deadline: deadline_kept(deadline, &rec),
            note: note.as_deref(),
            by: None,
        };
        tell_handed(
            &mut tx,
            &rec.told(),
            "assigned",
            &given,
            &[(input.handler_id, email)],
        )
        .await?;
    }
    let handler_name: Option<(String,)> =
        sqlx::query_as("SELECT full_name FROM accounts WHERE id = $1")
            .bind(input.handler_id)
            .fetch_optional(&mut *tx)
            .await?;
    // the one it was taken from is told who has it now, and that it is theirs no more
    if let Some(former) = rec
        .handler_id
        .filter(|h| *h != input.handler_id && *h != actor.account_id)
    {
        let given = Given {
            deadline: None,
            note: note.as_deref(),
            by: handler_name.as_ref().map(|n| n.0.as_str()),
        };
        let told: Vec<_> = lode_db::notifications::recipient(&mut *tx, former)
            .await?
            .into_iter()
            .collect();
        tell_handed(&mut tx, &rec.told(), "reassigned_away", &given, &told).await?;
    }
    let detail = json!({"handler": handler_name.map(|h| h.0), "previous_handler": rec.handler_name,
                        "deadline": deadline.map(|d| d.to_string()), "note": note});
    finish_step(tx, ctx, &rec, step, detail).await
}

fn required_text(raw: Option<&str>, errors: &mut FieldErrors) -> Option<String> {
    errors.take("text", bounded_lines(raw.unwrap_or(""), NOTE_MAX))
}

/// The handler finishes; `text` is the result or proposal.
pub async fn complete(
    db: &Db,
    ctx: &AuditCtx,
    actor: &Actor,
    id: i64,
    input: &StepInput,
) -> DbResult<IncomingRecord> {
    let (mut tx, rec, next) =
        begin_step(db, actor, id, input.version, IncomingStep::Complete).await?;
    // what was done is said: a letter settled without a word counts as handled in every figure
    let mut errors = FieldErrors::new();
    let text = required_text(input.text.as_deref(), &mut errors);
    errors.into_result()?;
    sqlx::query("UPDATE incoming_documents SET status = $1, completed_at = $2 WHERE id = $3")
        .bind(next.as_str())
        .bind(lode_db::now())
        .bind(id)
        .execute(&mut *tx)
        .await?;
    finish_step(tx, ctx, &rec, "complete", json!({"text": text})).await
}

/// Sends the document back to its sender; the reason is required.
pub async fn return_to_sender(
    db: &Db,
    ctx: &AuditCtx,
    actor: &Actor,
    id: i64,
    input: &StepInput,
) -> DbResult<IncomingRecord> {
    let (mut tx, rec, next) =
        begin_step(db, actor, id, input.version, IncomingStep::Return).await?;
    let mut errors = FieldErrors::new();
    let reason = required_text(input.text.as_deref(), &mut errors);
    errors.into_result()?;
    sqlx::query("UPDATE incoming_documents SET status = $1, completed_at = $2 WHERE id = $3")
        .bind(next.as_str())
        .bind(lode_db::now())
        .bind(id)
        .execute(&mut *tx)
        .await?;
    finish_step(tx, ctx, &rec, "return", json!({"reason": reason})).await
}

/// The leaders who instruct on `rec` (`actor` aside), narrowed to the latest of them who took
/// one of `steps` on it (routed it, gave it more time): whom a step answering theirs tells.
async fn latest_leaders_of(
    tx: &mut Tx,
    rec: &IncomingRecord,
    actor: &Actor,
    steps: &[&str],
) -> DbResult<Vec<InstructingLeader>> {
    let marks = (0..steps.len())
        .map(|i| format!("${}", i + 2))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!(
        "SELECT actor_id FROM incoming_events WHERE document_id = $1 AND step IN ({marks})
         ORDER BY id DESC"
    );
    let mut query = sqlx::query_as::<_, (Option<i64>,)>(&sql).bind(rec.id);
    for s in steps {
        query = query.bind(*s);
    }
    let takers = query.fetch_all(&mut **tx).await?;
    let mut leaders =
        instructing_leaders(tx, rec.register_unit_id, rec.registered_by, rec.secrecy).await?;
    leaders.retain(|l| l.id != actor.account_id);
    if let Some(latest) = takers
        .into_iter()
        .filter_map(|(t,)| t)
        .find(|t| leaders.iter().any(|l| l.id == *t))
    {
        leaders.retain(|l| l.id == latest);
    }
    Ok(leaders)
}

/// What the register's keeper corrects of an entry: what the sender wrote, as read off the
/// letter. The day it arrived, its channel, its secrecy and its file stay as registered.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Correction {
    pub issuer: String,
    pub notation: String,
    /// `YYYY-MM-DD`
    pub document_date: String,
    pub type_code: String,
    pub subject: String,
    pub signer: Option<String>,
    pub page_count: Option<i64>,
    /// `normal`, `urgent`, `very_urgent`, `most_urgent`.
    pub urgency: Option<String>,
    pub version: Option<i64>,
}

/// Corrects an open entry of the register: its fields checked as at registration, its search
/// words, duplicate key and sender's count following; each change kept in its history as it
/// was and as it is. A letter lode delivered itself is corrected by its sender, not here.
pub async fn correct(
    db: &Db,
    ctx: &AuditCtx,
    actor: &Actor,
    id: i64,
    input: &Correction,
) -> DbResult<IncomingRecord> {
    let (mut tx, rec, _) = begin_step(db, actor, id, input.version, IncomingStep::Correct).await?;
    if rec.channel == Channel::Internal {
        return Err(DbError::Conflict(
            "a document lode delivered is corrected by its sender, who sends it anew".into(),
        ));
    }
    let mut errors = FieldErrors::new();
    let asked = NewIncoming {
        channel: rec.channel.as_str().to_string(),
        issuer: input.issuer.clone(),
        notation: input.notation.clone(),
        document_date: input.document_date.clone(),
        type_code: input.type_code.clone(),
        subject: input.subject.clone(),
        signer: input.signer.clone(),
        urgency: input.urgency.clone(),
        secrecy: Some(rec.secrecy.as_str().to_string()),
        page_count: input.page_count,
        issuer_scope: Some(rec.issuer_scope.as_str().to_string()),
        ..Default::default()
    };
    let fields = new_fields(&asked, &mut errors);
    // not after the day it arrived, which stays
    if let (Some(d), Ok(received)) = (fields.document_date, parse_date(&rec.received_on))
        && d > received
        && d <= today()
    {
        errors.add(
            "document_date",
            "after_received",
            "must not be after the received date",
        );
    }
    let type_code = input.type_code.trim();
    if type_code != rec.type_code && !type_in_use(&mut tx, type_code).await? {
        errors.add(
            "type_code",
            "invalid_choice",
            "is not a known document type",
        );
    }
    errors.clone().into_result()?;
    let (
        Some(issuer),
        Some(notation),
        Some(document_date),
        Some(subject),
        Some(signer),
        Some(urgency),
    ) = (
        fields.issuer,
        fields.notation,
        fields.document_date,
        fields.subject,
        fields.signer,
        fields.urgency,
    )
    else {
        return Err(errors.into());
    };
    let notation = notation.to_string();
    let document_date = document_date.to_string();
    // each field as it was and as it is, those changed only
    let mut changed = serde_json::Map::new();
    let mut note = |field: &str, was: serde_json::Value, is: serde_json::Value| {
        if was != is {
            changed.insert(field.to_string(), json!([was, is]));
        }
    };
    note("issuer", json!(rec.issuer), json!(issuer));
    note("notation", json!(rec.notation), json!(notation));
    note(
        "document_date",
        json!(rec.document_date),
        json!(document_date),
    );
    note("type_code", json!(rec.type_code), json!(type_code));
    note("subject", json!(rec.subject), json!(subject));
    note("signer", json!(rec.signer), json!(signer));
    note("page_count", json!(rec.page_count), json!(input.page_count));
    note(
        "urgency",
        json!(rec.urgency.as_str()),
        json!(urgency.as_str()),
    );
    if changed.is_empty() {
        return Ok(rec);
    }
    sqlx::query(
        "UPDATE incoming_documents SET issuer = $1, notation = $2, document_date = $3, type_code = $4,
            subject = $5, signer = $6, page_count = $7, urgency = $8, urgency_rank = $9,
            search_key = $10, duplicate_key = $11
         WHERE id = $12",
    )
    .bind(&issuer)
    .bind(&notation)
    .bind(&document_date)
    .bind(type_code)
    .bind(&subject)
    .bind(signer.as_deref())
    .bind(input.page_count)
    .bind(urgency.as_str())
    .bind(urgency.rank())
    .bind(search_words(&subject, &notation, &issuer))
    .bind(duplicate_key(&issuer, &notation, &document_date))
    .bind(id)
    .execute(&mut *tx)
    .await?;
    // the register's senders counted anew: one fewer for the old name, one more for the new
    if issuer != rec.issuer {
        let open = i64::from(rec.secrecy == Secrecy::None);
        sqlx::query(
            "UPDATE incoming_issuers SET open_documents = open_documents - $1
             WHERE register_unit_id = $2 AND issuer = $3 AND open_documents >= $1",
        )
        .bind(open)
        .bind(rec.register_unit_id)
        .bind(&rec.issuer)
        .execute(&mut *tx)
        .await?;
        count_sender(&mut tx, rec.register_unit_id, &issuer, rec.secrecy).await?;
    }
    finish_step(tx, ctx, &rec, "correct", serde_json::Value::Object(changed)).await
}

/// The lead unit's leader hands a letter sent to the wrong unit back to the leaders, saying
/// why: it waits for their instruction again (no unit leads it, no unit helps), and the leader
/// who routed it is told, or, that leader gone, those who direct the body's letters.
pub async fn hand_back(
    db: &Db,
    ctx: &AuditCtx,
    actor: &Actor,
    id: i64,
    input: &StepInput,
) -> DbResult<IncomingRecord> {
    let (mut tx, rec, next) =
        begin_step(db, actor, id, input.version, IncomingStep::HandBack).await?;
    let mut errors = FieldErrors::new();
    let reason = required_text(input.text.as_deref(), &mut errors);
    errors.into_result()?;
    let unit = match rec.lead_unit_id {
        Some(u) => unit_names(&mut tx, &[u]).await?.into_iter().next(),
        None => None,
    };
    let leaders = latest_leaders_of(&mut tx, &rec, actor, &["route"]).await?;
    // it waits for the leader who routed it, in that leader's queue (none known: any leader
    // who instructs); the instruction given to the unit that handed it back is history now
    let waits_for = match leaders.as_slice() {
        [one] => Some(one.id),
        _ => None,
    };
    sqlx::query(
        "UPDATE incoming_documents SET status = $1, lead_unit_id = NULL, handler_id = NULL,
            routing_note = NULL, presented_to = $2
         WHERE id = $3",
    )
    .bind(next.as_str())
    .bind(waits_for)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    sqlx::query("DELETE FROM incoming_coordinators WHERE document_id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    let told: Vec<(i64, Option<String>)> = leaders.into_iter().map(|l| (l.id, l.email)).collect();
    let by = lode_db::accounts::full_name(&mut tx, actor.account_id).await?;
    let given = Given {
        deadline: None,
        note: reason.as_deref(),
        by: Some(&by),
    };
    tell_handed(&mut tx, &rec.told(), "handed_back", &given, &told).await?;
    finish_step(
        tx,
        ctx,
        &rec,
        "hand_back",
        json!({"reason": reason, "handed_back_by_unit": unit}),
    )
    .await
}

/// A note or a proposal by anyone who may read the document, while it is open.
pub async fn note(
    db: &Db,
    ctx: &AuditCtx,
    actor: &Actor,
    id: i64,
    input: &StepInput,
) -> DbResult<IncomingRecord> {
    let (tx, rec, _) = begin_step(db, actor, id, input.version, IncomingStep::Note).await?;
    let mut errors = FieldErrors::new();
    let text = required_text(input.text.as_deref(), &mut errors);
    errors.into_result()?;
    finish_step(tx, ctx, &rec, "note", json!({"text": text})).await
}

/// A new deadline asked or granted: later than the present one, not past, not before the
/// letter arrived.
fn later_deadline(
    raw: Option<&str>,
    rec: &IncomingRecord,
    errors: &mut FieldErrors,
) -> Option<NaiveDate> {
    let new = parse_deadline(raw, rec, lode_db::today(), errors);
    match (
        new,
        rec.deadline.as_deref().and_then(|d| parse_date(d).ok()),
    ) {
        (None, _) if errors.0.iter().all(|e| e.field != "deadline") => {
            errors.add("deadline", "required", "is required")
        }
        (Some(n), Some(old)) if n <= old => errors.add(
            "deadline",
            "not_later",
            "must be later than the present deadline",
        ),
        _ => {}
    }
    new
}

/// More time, granted by a person who may route or assign the document: the body's leaders
/// to any day, the lead unit's leader up to the day the body's leaders gave (past it, the
/// unit's leader asks them, [`ask_extension`]). The handler and the lead unit are told.
pub async fn extend_deadline(
    db: &Db,
    ctx: &AuditCtx,
    actor: &Actor,
    id: i64,
    input: &StepInput,
) -> DbResult<IncomingRecord> {
    let (mut tx, rec, _) =
        begin_step(db, actor, id, input.version, IncomingStep::ExtendDeadline).await?;
    let scope = rec.scope();
    let by_leader = decide(actor, Action::RouteDocument(&scope)).is_ok();
    if !by_leader && decide(actor, Action::AssignDocument(&scope)).is_err() {
        return Err(DbError::Denied(lode_core::authz::Denied::MissingRole));
    }
    let mut errors = FieldErrors::new();
    let reason = required_text(input.text.as_deref(), &mut errors);
    let new = later_deadline(input.deadline.as_deref(), &rec, &mut errors);
    if !by_leader
        && let (Some(n), Some(given)) = (
            new,
            rec.leaders_deadline
                .as_deref()
                .and_then(|d| parse_date(d).ok()),
        )
        && n > given
    {
        errors.add(
            "deadline",
            "after_leader_deadline",
            "must not be later than the leader's deadline: ask the leader for more time",
        );
    }
    errors.into_result()?;
    // the leaders' own extension moves their day too
    sqlx::query(
        "UPDATE incoming_documents SET deadline = $1,
            leaders_deadline = CASE WHEN $2 = 1 THEN $1 ELSE leaders_deadline END
         WHERE id = $3",
    )
    .bind(new.map(|d| d.to_string()))
    .bind(i64::from(by_leader))
    .bind(id)
    .execute(&mut *tx)
    .await?;
    // the request for more time this extension answers (as `extension_asked` reads it) is
    // settled; a unit leader's own, to the leaders, still waits when he extends within their day
    if extension_asked(&mut tx, id).await?.is_some_and(|asked| {
        answers_by_extending(by_leader, &asked.asked_of, Some(actor.account_id))
    }) {
        lode_db::notifications::settle_kind(&mut tx, &format!("/incoming/{id}"), EXTENSION_ASKED)
            .await?;
    }
    let mut told = Vec::new();
    if let Some(h) = rec.handler_id.filter(|h| *h != actor.account_id) {
        told.extend(lode_db::notifications::recipient(&mut *tx, h).await?);
    }
    if by_leader && let Some(unit) = rec.lead_unit_id {
        told.extend(unit_leaders(&mut tx, unit, &rec, actor).await?);
    }
    let by = lode_db::accounts::full_name(&mut tx, actor.account_id).await?;
    let given = Given {
        deadline: new,
        note: reason.as_deref(),
        by: Some(&by),
    };
    tell_handed(&mut tx, &rec.told(), "extended", &given, &told).await?;
    finish_step(
        tx,
        ctx,
        &rec,
        "extend",
        json!({"from": rec.deadline, "to": new.map(|d| d.to_string()), "reason": reason,
               "by_leader": by_leader}),
    )
    .await
}

/// The handler, or the lead unit's leader, asks for more time: the day they propose and why.
/// Asked of whoever grants it: the handler asks the lead unit's leaders; a unit's leader asks
/// the body's leader who set the leaders' day last, by instruction or extension (or, with none
/// known, the body's leaders). The body's leaders grant it themselves, never ask; a request no
/// one could answer is refused.
pub async fn ask_extension(
    db: &Db,
    ctx: &AuditCtx,
    actor: &Actor,
    id: i64,
    input: &StepInput,
) -> DbResult<IncomingRecord> {
    let (mut tx, rec, _) =
        begin_step(db, actor, id, input.version, IncomingStep::AskExtension).await?;
    let scope = rec.scope();
    let leads_unit = decide(actor, Action::AssignDocument(&scope)).is_ok();
    let handles = rec.handler_id == Some(actor.account_id);
    if decide(actor, Action::RouteDocument(&scope)).is_ok() || !(leads_unit || handles) {
        return Err(DbError::Denied(lode_core::authz::Denied::MissingRole));
    }
    let mut errors = FieldErrors::new();
    let reason = required_text(input.text.as_deref(), &mut errors);
    let proposed = later_deadline(input.deadline.as_deref(), &rec, &mut errors);
    errors.into_result()?;
    // a unit's leader asking the leaders with a handler's request waiting passes it on: the
    // handler is told so
    let passed_on_for = if leads_unit {
        extension_asked(&mut tx, id)
            .await?
            .and_then(|a| a.asked_by)
            .filter(|h| *h != actor.account_id)
    } else {
        None
    };
    let asked = if leads_unit {
        // the leaders who set the leaders' day, latest first: by their instruction or by
        // granting more time (a unit leader's extension is not theirs)
        latest_leaders_of(&mut tx, &rec, actor, &["route", "extend"])
            .await?
            .into_iter()
            .map(|l| (l.id, l.email))
            .collect()
    } else {
        match rec.lead_unit_id {
            Some(unit) => unit_leaders(&mut tx, unit, &rec, actor).await?,
            None => Vec::new(),
        }
    };
    // asked of no one, it would be said sent and reach nobody
    if asked.is_empty() {
        return Err(DbError::Conflict("nobody may grant more time now".into()));
    }
    let by = lode_db::accounts::full_name(&mut tx, actor.account_id).await?;
    let given = Given {
        deadline: proposed,
        note: reason.as_deref(),
        by: Some(&by),
    };
    tell_handed(&mut tx, &rec.told(), EXTENSION_ASKED, &given, &asked).await?;
    if let Some(handler) = passed_on_for {
        let told: Vec<_> = lode_db::notifications::recipient(&mut *tx, handler)
            .await?
            .into_iter()
            .collect();
        tell_handed(&mut tx, &rec.told(), "extension_passed_on", &given, &told).await?;
    }
    let asked_of: Vec<i64> = asked.iter().map(|(a, _)| *a).collect();
    finish_step(
        tx,
        ctx,
        &rec,
        "ask_extension",
        json!({"proposed": proposed.map(|d| d.to_string()), "reason": reason,
               "asked_of": asked_of}),
    )
    .await
}

/// A request for more time still waiting for its answer: asked, and since neither granted,
/// declined, nor overtaken by a new instruction.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ExtensionAsked {
    pub asked_by: Option<i64>,
    pub asked_by_name: Option<String>,
    pub at: String,
    /// The day proposed (`YYYY-MM-DD`).
    pub proposed: Option<String>,
    pub reason: Option<String>,
    /// Whom it was asked of: they answer it (the body's leaders may answer any).
    pub asked_of: Vec<i64>,
    pub asked_of_names: Vec<String>,
}

impl ExtensionAsked {
    /// Whether `actor` answers this request: one it was asked of, or a body's leader.
    pub fn answered_by(&self, actor: &Actor, rec: &IncomingRecord) -> bool {
        self.asked_by != Some(actor.account_id)
            && (self.asked_of.contains(&actor.account_id)
                || decide(actor, Action::RouteDocument(&rec.scope())).is_ok())
    }
}

/// The kind of the notices that ask for more time, settled when the request is answered.
const EXTENSION_ASKED: &str = "extension_asked";

/// Whether handing the letter (again) by `actor` answers a request for more time asked of
/// `asked_of`: the work and its deadline were given anew by whom the request went to, which
/// makes a handler's request moot; a unit leader's own, asked of the leaders, still waits.
fn answers_by_handing(asked_of: &[i64], actor: Option<i64>) -> bool {
    actor.is_some_and(|a| asked_of.contains(&a))
}

/// Whether an extension by `actor` answers a request for more time asked of `asked_of`: one
/// by the body's leaders (`by_leader`) always; a unit leader's only when the request was asked
/// of them, so that their own, asked of the leaders, still waits.
fn answers_by_extending(by_leader: bool, asked_of: &[i64], actor: Option<i64>) -> bool {
    by_leader || answers_by_handing(asked_of, actor)
}

/// The request for more time waiting on document `id`, if one does: the latest asked, unless
/// answered since (declined; granted by one it was asked of or by the body's leaders; overtaken
/// by a new instruction, or by the work handed anew by another). A unit's leader extending
/// within the leaders' day, or handing the work, answers only the handler's request, not their
/// own to the leaders.
pub async fn extension_asked(
    conn: &mut lode_db::Conn,
    id: i64,
) -> DbResult<Option<ExtensionAsked>> {
    type Row = (String, Option<i64>, Option<String>, String, String);
    let events: Vec<Row> = sqlx::query_as(
        "SELECT e.step, e.actor_id, a.full_name, e.at, e.detail FROM incoming_events e
         LEFT JOIN accounts a ON a.id = e.actor_id
         WHERE e.document_id = $1
           AND e.step IN ('ask_extension', 'extend', 'decline_extension', 'route', 'assign', 'reassign', 'hand_back')
         ORDER BY e.id DESC LIMIT 50",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    let Some(at) = events.iter().position(|e| e.0 == "ask_extension") else {
        return Ok(None);
    };
    let (_, asked_by, asked_by_name, asked_at, detail) = events[at].clone();
    let detail: serde_json::Value = serde_json::from_str(&detail).unwrap_or_default();
    let text = |k: &str| detail.get(k).and_then(|v| v.as_str()).map(str::to_string);
    let asked_of: Vec<i64> = detail
        .get("asked_of")
        .and_then(|v| v.as_array())
        .map(|ids| ids.iter().filter_map(serde_json::Value::as_i64).collect())
        .unwrap_or_default();
    let answered = events[..at]
        .iter()
        .any(|(step, actor, _, _, later)| match step.as_str() {
            "extend" => {
                let later: serde_json::Value = serde_json::from_str(later).unwrap_or_default();
                // an extension written before it was said by whom answers as it did then
                let by_leader =
                    later.get("by_leader").and_then(serde_json::Value::as_bool) != Some(false);
                answers_by_extending(by_leader, &asked_of, *actor)
            }
            "assign" | "reassign" => answers_by_handing(&asked_of, *actor),
            _ => true,
        });
    if answered {
        return Ok(None);
    }
    let mut asked_of_names = Vec::new();
    for id in &asked_of {
        asked_of_names.push(lode_db::accounts::full_name(conn, *id).await?);
    }
    Ok(Some(ExtensionAsked {
        asked_by,
        asked_by_name,
        at: asked_at,
        proposed: text("proposed"),
        reason: text("reason"),
        asked_of,
        asked_of_names,
    }))
}

/// The open letters whose request for more time was asked of `actor` (as a unit's leader of
/// their lead unit, or a leader of their body) and waits for their answer, with the request;
/// the newest first, at most `limit`. A body's leader may answer any request on the letter's
/// page, but is shown only those asked of them: a handler's request goes to their unit's
/// leader first, who answers it or passes it on. Only letters asked about are read, each then
/// by the rule of [`extension_asked`].
pub async fn extensions_awaiting(
    db: &Db,
    actor: &Actor,
    limit: usize,
) -> DbResult<Vec<(IncomingView, ExtensionAsked)>> {
    use lode_core::people::Role;
    let leads_body = lode_core::authz::leads_own_body(actor);
    let unit_leader = actor.has(Role::UnitLeader) && actor.unit.is_some();
    if !leads_body && !unit_leader {
        return Ok(Vec::new());
    }
    let body = actor
        .register_unit
        .as_ref()
        .and_then(|r| r.ids().last().copied())
        .unwrap_or(-1);
    let unit = actor.unit.as_ref().map(|u| u.as_str().to_string());
    // letters asked about since their last instruction or refusal, which answer any request
    // (the finer rules are `extension_asked`'s, read of these few)
    let candidates: Vec<(i64,)> = sqlx::query_as(
        "SELECT d.id FROM incoming_documents d
         WHERE d.status IN ('routed', 'assigned')
           AND EXISTS (SELECT 1 FROM incoming_events e
                       WHERE e.document_id = d.id AND e.step = 'ask_extension'
                         AND NOT EXISTS (SELECT 1 FROM incoming_events r
                                         WHERE r.document_id = d.id AND r.id > e.id
                                           AND r.step IN ('route', 'decline_extension')))
           AND (($1 = 1 AND d.register_unit_id = $2)
                OR ($3 = 1 AND d.lead_unit_id IN
                    (SELECT u.id FROM units u WHERE u.path LIKE $4 || '%')))
         ORDER BY d.id DESC LIMIT 200",
    )
    .bind(i64::from(leads_body))
    .bind(body)
    .bind(i64::from(unit_leader))
    .bind(unit.unwrap_or_default())
    .fetch_all(db.pool())
    .await?;
    let mut waiting = Vec::new();
    for (id,) in candidates {
        if waiting.len() >= limit {
            break;
        }
        let Some(asked) = extension_asked(&mut db.read().await?, id).await? else {
            continue;
        };
        let rec = get(db, id).await?;
        // a request recorded before whom it was asked of was: whoever may answer it
        let asked_of_them = asked.asked_of.contains(&actor.account_id)
            || (asked.asked_of.is_empty() && asked.answered_by(actor, &rec));
        if asked_of_them
            && asked.asked_by != Some(actor.account_id)
            && let Some(view) = rec.view(actor)
        {
            waiting.push((view, asked));
        }
    }
    Ok(waiting)
}

/// Whoever was asked for more time refuses it, saying why: the deadline stays, and the person
/// who asked is told (in lode and by e-mail). Refused when no request waits.
pub async fn decline_extension(
    db: &Db,
    ctx: &AuditCtx,
    actor: &Actor,
    id: i64,
    input: &StepInput,
) -> DbResult<IncomingRecord> {
    let (mut tx, rec, _) =
        begin_step(db, actor, id, input.version, IncomingStep::DeclineExtension).await?;
    let Some(asked) = extension_asked(&mut tx, id).await? else {
        return Err(DbError::Conflict("no request for more time waits".into()));
    };
    if !asked.answered_by(actor, &rec) {
        return Err(DbError::Denied(lode_core::authz::Denied::MissingRole));
    }
    let mut errors = FieldErrors::new();
    let reason = required_text(input.text.as_deref(), &mut errors);
    errors.into_result()?;
    let link = format!("/incoming/{id}");
    lode_db::notifications::settle_kind(&mut tx, &link, EXTENSION_ASKED).await?;
    // the one who asked, and the handler whose request a unit's leader passed on
    let mut told = Vec::new();
    for person in [asked.asked_by, rec.handler_id].into_iter().flatten() {
        if person != actor.account_id && !told.iter().any(|(id, _)| *id == person) {
            told.extend(lode_db::notifications::recipient(&mut *tx, person).await?);
        }
    }
    // the notice names who declined, and the deadline that stays
    let by = lode_db::accounts::full_name(&mut tx, actor.account_id).await?;
    let given = Given {
        deadline: rec.deadline.as_deref().and_then(|d| parse_date(d).ok()),
        note: reason.as_deref(),
        by: Some(&by),
    };
    tell_handed(&mut tx, &rec.told(), "extension_declined", &given, &told).await?;
    finish_step(
        tx,
        ctx,
        &rec,
        "decline_extension",
        json!({"proposed": asked.proposed, "reason": reason, "asked_by": asked.asked_by_name}),
    )
    .await
}

pub use crate::timeline::TimelineEntry;

pub async fn timeline(db: &Db, id: i64) -> DbResult<Vec<TimelineEntry>> {
    crate::timeline::events_of(db, crate::timeline::EventTable::Incoming, id).await
}

/// The bodies that sent documents to `register_unit_id`'s register, most frequent first: the
/// choices of the issuer filter.
pub async fn issuers(db: &Db, register_unit_id: i64, limit: i64) -> DbResult<Vec<String>> {
    let rows: Vec<(String,)> = sqlx::query_as(
        "SELECT issuer FROM incoming_issuers WHERE register_unit_id = $1 AND open_documents > 0
         ORDER BY open_documents DESC, issuer LIMIT $2",
    )
    .bind(register_unit_id)
    .bind(limit.clamp(1, 1000))
    .fetch_all(db.pool())
    .await?;
    Ok(rows.into_iter().map(|r| r.0).collect())
}

/// Counts the register's senders again from its documents: for a store whose documents were
/// written outside lode (a benchmark's, a migration's), whose senders were not counted as they
/// arrived.
pub async fn count_issuers_again(db: &Db) -> DbResult<()> {
    let folded = match db.backend() {
        lode_db::Backend::Sqlite => "substr(duplicate_key, 1, instr(duplicate_key, '|') - 1)",
        lode_db::Backend::Postgres => "split_part(duplicate_key, '|', 1)",
    };
    let mut tx = db.write().await?;
    sqlx::query("DELETE FROM incoming_issuers")
        .execute(&mut *tx)
        .await?;
    sqlx::query(&format!(
        "INSERT INTO incoming_issuers (register_unit_id, issuer, folded, open_documents)
         SELECT register_unit_id, issuer, MIN({folded}),
                SUM(CASE WHEN secrecy = 'none' THEN 1 ELSE 0 END)
         FROM incoming_documents GROUP BY register_unit_id, issuer"
    ))
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Records what verifying the document's signatures found, in its timeline too.
pub async fn record_signature_check(
    db: &Db,
    ctx: &AuditCtx,
    id: i64,
    summary: &serde_json::Value,
) -> DbResult<()> {
    let mut tx = db.write().await?;
    write_signature_check(&mut tx, ctx, id, summary).await?;
    tx.commit().await?;
    Ok(())
}

/// Keeps what verifying a document's signatures found, with its step on the timeline, in the
/// caller's transaction.
async fn write_signature_check(
    tx: &mut Tx,
    ctx: &AuditCtx,
    id: i64,
    summary: &serde_json::Value,
) -> DbResult<()> {
    sqlx::query("UPDATE incoming_documents SET signature_check = $1 WHERE id = $2")
        .bind(summary.to_string())
        .bind(id)
        .execute(&mut **tx)
        .await?;
    timeline::record(
        EventTable::Incoming,
        tx,
        ctx,
        id,
        "verify_signatures",
        signature_step(summary),
    )
    .await?;
    Ok(())
}

/// The timeline's step for a check of signatures: how many there are and how many are valid.
fn signature_step(summary: &serde_json::Value) -> serde_json::Value {
    let valid = summary
        .as_array()
        .map(|a| a.iter().filter(|r| r["valid"] == true).count())
        .unwrap_or(0);
    let all = summary.as_array().map_or(0, Vec::len);
    json!({"signatures": all, "valid": valid})
}

/// The orders of the list of incoming documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IncomingOrder {
    /// The arrival: the register's order.
    Number,
    Received,
    Deadline,
}

impl lode_db::SortKey for IncomingOrder {
    const ALL: &'static [Self] = &[Self::Number, Self::Received, Self::Deadline];
    fn key(self) -> &'static str {
        match self {
            Self::Number => "number",
            Self::Received => "received",
            Self::Deadline => "deadline",
        }
    }
    fn starts_descending(self) -> bool {
        self != Self::Deadline
    }
}

/// The list's usual order: the newest arrival first.
pub const NEWEST_FIRST: Sort<IncomingOrder> = Sort {
    by: IncomingOrder::Number,
    descending: true,
};

/// The `ORDER BY` of an order; ties are broken by the arrival, in the same direction, so that
/// numbered pages neither repeat nor skip a document.
fn order_by(sort: Sort<IncomingOrder>) -> String {
    let dir = sort.direction();
    match sort.by {
        IncomingOrder::Number => format!("d.id {dir}"),
        IncomingOrder::Received => format!("d.received_on {dir}, d.id {dir}"),
        // what is still open before what is settled (whose deadline no longer runs), and a
        // document without a deadline after those with one, either way
        IncomingOrder::Deadline => format!(
            "CASE WHEN d.status IN ('completed', 'returned') THEN 1 ELSE 0 END, \
             d.deadline {dir} NULLS LAST, d.id {dir}"
        ),
    }
}

/// What to list. Every field narrows; lists come newest first, a page at a time.
#[derive(Debug, Default, Clone, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct Filter {
    /// `regular` or `secret`.
    pub register: Option<String>,
    #[serde(default, deserialize_with = "lode_db::empty_as_none")]
    pub year: Option<i64>,
    /// The arrival number in the year's register (with `year`); `q` written `274/2026` asks
    /// for the same.
    #[serde(default, deserialize_with = "lode_db::empty_as_none")]
    pub arrival: Option<i64>,
    /// Received on or after, `YYYY-MM-DD`.
    pub from: Option<String>,
    /// Received on or before, `YYYY-MM-DD`.
    pub to: Option<String>,
    pub type_code: Option<String>,
    /// The issuing body, or a part of its name, diacritics and case aside (the names registered:
    /// `GET /api/v1/issuers`).
    pub issuer: Option<String>,
    pub status: Option<String>,
    pub urgency: Option<String>,
    #[serde(default, deserialize_with = "lode_db::empty_as_none")]
    pub lead_unit_id: Option<i64>,
    #[serde(default, deserialize_with = "lode_db::empty_as_none")]
    pub handler_id: Option<i64>,
    /// Words of the subject, notation or issuer, each found in any order; diacritics and case
    /// ignored (`qd-dcks`, `long song khai thac`).
    pub q: Option<String>,
    /// Open documents past their deadline.
    pub overdue: Option<bool>,
    /// Settled on or after this local day, `YYYY-MM-DD` (the dashboard's period).
    pub completed_from: Option<String>,
    /// Settled on or before this local day, `YYYY-MM-DD`.
    pub completed_to: Option<String>,
    /// Of the documents settled that had a deadline: `on_time` or `late`.
    pub timeliness: Option<String>,
    /// With a deadline, and settled on or after this local day (up to `counted_to`) or open and
    /// past it today: what the dashboard counts of a lead unit.
    pub counted_from: Option<String>,
    /// Settled on or before this local day, with `counted_from`.
    pub counted_to: Option<String>,
    /// Received electronically (any channel but paper), or on paper.
    pub electronic: Option<bool>,
    /// Received through this channel: `paper`, `email`, `edxml`, `internal`, `electronic`.
    pub channel: Option<String>,
    /// From the ministry, its bodies or the organisation's own units (`true`), or from bodies
    /// outside it (`false`).
    pub from_ministry: Option<bool>,
    /// Led by this unit or a unit below it (the dashboard's unit).
    #[serde(default, deserialize_with = "lode_db::empty_as_none")]
    pub within_unit_id: Option<i64>,
    /// The `next` of the previous page.
    #[serde(default, deserialize_with = "lode_db::empty_as_none")]
    pub before: Option<i64>,
    /// The `newer` of a page: the page before it (newer documents).
    #[serde(default, deserialize_with = "lode_db::empty_as_none")]
    pub after: Option<i64>,
    /// The order: `number` (the arrival's, the default newest first as `-number`), `received`
    /// or `deadline` (documents without one last); `-` before it for the reverse. `relevance`:
    /// the best answers to `q` first (the words as typed, with their diacritics, side by side,
    /// in the subject), on numbered pages.
    pub sort: Option<String>,
    /// A numbered page (from 1), instead of `before` and `after`.
    #[serde(default, deserialize_with = "lode_db::empty_as_none")]
    pub page: Option<i64>,
    #[serde(default, deserialize_with = "lode_db::empty_as_none")]
    pub limit: Option<i64>,
}

/// The documents the caller may know of, newest first. The SQL narrows to the documents the
/// rules of `authz` could admit; each row is then decided by those rules themselves.
pub async fn list(db: &Db, actor: &Actor, filter: &Filter) -> DbResult<Page<IncomingView>> {
    list_with(db, actor, filter, false).await
}

/// [`list`], with a text search answered through PostgreSQL's trigram index at once (what
/// `list` falls back to when scanning takes too long); the same as `list` on SQLite.
pub async fn list_through_text_index(
    db: &Db,
    actor: &Actor,
    filter: &Filter,
) -> DbResult<Page<IncomingView>> {
    list_with(db, actor, filter, true).await
}

/// An arrival as the register writes it, `274/2026`: its number and year.
fn arrival_reference(q: &str) -> Option<(i64, i64)> {
    let (number, year) = q.trim().split_once('/')?;
    let (number, year) = (number.trim(), year.trim());
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    (digits(number) && year.len() == 4 && digits(year))
        .then(|| Some((number.parse().ok()?, year.parse().ok()?)))
        .flatten()
}

/// A search that is a number alone, of the length an arrival number has.
fn bare_arrival_number(q: &str) -> Option<i64> {
    let q = q.trim();
    (!q.is_empty() && q.len() <= 7 && q.chars().all(|c| c.is_ascii_digit()))
        .then(|| q.parse().ok())
        .flatten()
        .filter(|n| *n > 0)
}

async fn list_with(
    db: &Db,
    actor: &Actor,
    filter: &Filter,
    index_first: bool,
) -> DbResult<Page<IncomingView>> {
    // the clerk's way of naming an arrival: looked up by its number, not searched as words
    if let Some((arrival, year)) = filter.q.as_deref().and_then(arrival_reference) {
        let by_number = Filter {
            q: None,
            arrival: Some(arrival),
            year: Some(year),
            ..filter.clone()
        };
        return Box::pin(list_with(db, actor, &by_number, index_first)).await;
    }
    // a number alone, as read off the paper's arrival stamp: the arrival of that number in the
    // year asked (this year, unless one is chosen); with none, its digits are searched as words
    if let Some(arrival) = filter.q.as_deref().and_then(bare_arrival_number) {
        let by_number = Filter {
            q: None,
            arrival: Some(arrival),
            year: Some(
                filter
                    .year
                    .unwrap_or_else(|| i64::from(chrono::Datelike::year(&today()))),
            ),
            ..filter.clone()
        };
        let found = Box::pin(list_with(db, actor, &by_number, index_first)).await?;
        if !found.items.is_empty() {
            return Ok(found);
        }
    }
    // the period's bounds are days: anything else is refused, never compared as text
    let mut errors = FieldErrors::new();
    for (field, value) in [
        ("from", &filter.from),
        ("to", &filter.to),
        ("completed_from", &filter.completed_from),
        ("completed_to", &filter.completed_to),
        ("counted_from", &filter.counted_from),
        ("counted_to", &filter.counted_to),
    ] {
        if let Some(v) = value.as_deref().filter(|v| !v.trim().is_empty()) {
            errors.take(field, parse_date(v));
        }
    }
    // a period that ends before it starts holds nothing: said, not answered with an empty list
    for (start, end, end_field) in [
        (&filter.from, &filter.to, "to"),
        (&filter.completed_from, &filter.completed_to, "completed_to"),
        (&filter.counted_from, &filter.counted_to, "counted_to"),
    ] {
        let day = |v: &Option<String>| v.as_deref().and_then(|v| parse_date(v).ok());
        if let (Some(a), Some(b)) = (day(start), day(end))
            && b < a
        {
            errors.add(end_field, "before_start", "must not be before the start");
        }
    }
    if let Some(t) = filter
        .timeliness
        .as_deref()
        .filter(|t| !t.trim().is_empty())
        && !["on_time", "late"].contains(&t.trim())
    {
        errors.add("timeliness", "invalid_choice", "on_time or late");
    }
    let limit = page_limit(filter.limit);
    let asked_sort = filter
        .sort
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    let by_relevance = asked_sort == Some(RELEVANCE);
    let sort = match asked_sort.filter(|_| !by_relevance) {
        Some(asked) => errors.take("sort", Sort::parse(asked)),
        None => Some(NEWEST_FIRST),
    };
    let offset = errors.take("page", lode_db::page_offset(filter.page, limit));
    let by_key = filter.before.is_some() || filter.after.is_some();
    if by_key && (filter.page.is_some() || by_relevance || sort.is_some_and(|s| s != NEWEST_FIRST))
    {
        errors.add(
            if filter.before.is_some() {
                "before"
            } else {
                "after"
            },
            "paging_by_key",
            "paging by key follows the newest-first order alone; ask for a numbered page",
        );
    }
    errors.into_result()?;
    let (sort, offset) = (sort.unwrap_or(NEWEST_FIRST), offset.unwrap_or(0));
    // Only the keepers of a register see all of it; others see what concerns them.
    let my_register = actor
        .register_unit
        .as_ref()
        .filter(|_| lode_core::authz::keeps_own_register(actor))
        .and_then(|r| r.ids().last().copied());
    // A keeper's register holds everything that concerns them: routing only names units of the
    // body, and handlers belong to those units. Everyone else sees what concerns them.
    let mut search = search_plan(db, filter.q.as_deref()).await?;
    let text = filter.q.as_deref().map(str::trim).filter(|q| !q.is_empty());
    // A number (of a notation) is rare by nature: asked of the index at once.
    let has_number = text.is_some_and(|q| q.chars().filter(char::is_ascii_digit).count() >= 2);
    if let (true, lode_db::Backend::Postgres, Some(q)) =
        (index_first || has_number, db.backend(), text)
    {
        search = postgres_text_matches(db, q).await?;
    }
    let named = issuers_named(db, filter.issuer.as_deref()).await?;
    let list_where = |filter: &Filter, search: &SearchPlan| {
        let mut w = filters(actor, filter, (search, &named));
        concerning(&mut w, actor, my_register);
        if !w.oldest_first {
            w.order = order_by(sort);
        }
        w.offset = offset;
        w
    };
    // the best answers first, where they are few enough to weigh them all; else the newest
    // first
    if let Some(q) = text.filter(|_| by_relevance) {
        let mut every = list_where(filter, &search);
        every.offset = 0;
        if let Some(records) = every.fetch_bounded(db, lode_db::RANKED_AT_MOST).await?
            && records.len() as i64 <= lode_db::RANKED_AT_MOST
        {
            return ranked_page(db, actor, records, q, offset, limit).await;
        }
    }
    let (mut records, search) = match list_where(filter, &search).fetch_bounded(db, limit).await? {
        Some(records) => (records, search),
        // PostgreSQL, and the text is rare: a scan newest first reads the whole register, so
        // the trigram index is asked first.
        None => {
            let plan = postgres_text_matches(db, filter.q.as_deref().unwrap_or("")).await?;
            (list_where(filter, &plan).fetch(db, limit).await?, plan)
        }
    };
    // the whole list's count: a page that is not full ends the list, so it and the pages before
    // it are all there is; else the filters are counted without the page's key
    let total = if !by_key && records.len() as i64 <= limit && (offset == 0 || !records.is_empty())
    {
        Some(lode_db::Total {
            count: offset + records.len() as i64,
            more: false,
        })
    } else {
        let whole = Filter {
            before: None,
            after: None,
            ..filter.clone()
        };
        list_where(&whole, &search).count_bounded(db).await?
    };
    // a page back toward the newest was read nearest first: newest first again, and whether
    // newer ones remain; a page reached by `before` always has newer ones
    let reading_back = filter.after.is_some() && filter.before.is_none();
    let (mut records, next, newer_exist, more) = if reading_back {
        let newer = records.len() as i64 > limit;
        records.truncate(usize::try_from(limit).unwrap_or(50));
        records.reverse();
        let next = records.last().map(|r| r.id);
        // the older ones it was reached from follow it
        (records, next, newer, true)
    } else {
        let p = into_page(records, limit, |r| r.id);
        // a key pages on only in the order of keys; a numbered page says where it is
        let next = p.next.filter(|_| sort == NEWEST_FIRST);
        let newer_exist = filter.before.is_some() || (offset > 0 && sort == NEWEST_FIRST);
        (p.items, next, newer_exist, p.more)
    };
    let mut conn = db.read().await?;
    complete_records(&mut conn, &mut records).await?;
    Ok(Page {
        newer: records.first().map(|r| r.id).filter(|_| newer_exist),
        items: records.iter().filter_map(|r| r.view(actor)).collect(),
        next,
        total,
        more,
        ranked: false,
    })
}

pub use lode_db::RELEVANCE;

/// A page of the documents a search found, the best answers to `q` first (its words in the
/// subject count twice those in the notation or issuer); equals stay newest first. Only what
/// the caller may read is weighed: an entry whose details are withheld comes last.
async fn ranked_page(
    db: &Db,
    actor: &Actor,
    mut records: Vec<IncomingRecord>,
    q: &str,
    offset: i64,
    limit: i64,
) -> DbResult<Page<IncomingView>> {
    let mut conn = db.read().await?;
    complete_records(&mut conn, &mut records).await?;
    let views = records.iter().filter_map(|r| r.view(actor)).collect();
    Ok(lode_db::best_first(
        views,
        offset,
        limit,
        |v: &IncomingView| {
            v.details.as_ref().map_or(0, |d| {
                let score = |text: &str| lode_core::text::relevance_as_typed(text, q);
                2 * score(&d.subject) + score(&format!("{} {}", d.notation, d.issuer))
            })
        },
    ))
}

/// What a person may know of: a keeper's register, or the documents that concern them.
fn concerning(w: &mut Where, actor: &Actor, my_register: Option<i64>) {
    if let Some(body) = my_register {
        let n = w.arg(Arg::Int(body));
        w.clauses.push(format!("d.register_unit_id = {n}"));
    } else {
        // Each term answerable from an index: handled by them, led by their unit or a unit
        // above it, co-ordinated by one of those.
        let me = w.arg(Arg::Int(actor.account_id));
        let mut concerning = vec![format!("d.handler_id = {me}")];
        if let Some(unit) = &actor.unit {
            let ids: Vec<String> = unit
                .ids()
                .into_iter()
                .map(|id| w.arg(Arg::Int(id)))
                .collect();
            let ids = ids.join(", ");
            concerning.push(format!("d.lead_unit_id IN ({ids})"));
            concerning.push(format!(
                "d.id IN (SELECT c.document_id FROM incoming_coordinators c WHERE c.unit_id IN ({ids}))"
            ));
        }
        w.clauses.push(format!("({})", concerning.join(" OR ")));
    }
}

/// How long a text search may scan on PostgreSQL before the trigram index is asked instead.
const SCAN_BUDGET: &str = "10ms";

/// How long counting a list may take on PostgreSQL, for each bound.
const COUNT_BUDGET: &str = "8ms";

/// Where PostgreSQL counts to when counting to the full bound took too long.
const QUICK_COUNT_BOUND: i64 = 1_000;

/// PostgreSQL, rare text: the matching documents found through the trigram index (the planner
/// would rather scan newest first, which reads everything when nothing matches).
async fn postgres_text_matches(db: &Db, q: &str) -> DbResult<SearchPlan> {
    // As on SQLite, the index is asked for the rarest part; the list checks the whole text.
    let pattern = format!("%{}%", lode_db::like_escape(&index_part(&fold(q.trim()))));
    let mut tx = db.pool().begin().await?;
    sqlx::Executor::execute(
        &mut *tx,
        "SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = off",
    )
    .await?;
    let found: Vec<(i64,)> = sqlx::query_as(
        "SELECT id FROM incoming_documents WHERE search_key LIKE $1 ESCAPE '\\' LIMIT $2",
    )
    .bind(&pattern)
    .bind(COMMON_TEXT)
    .fetch_all(&mut *tx)
    .await?;
    tx.rollback().await?;
    if (found.len() as i64) < COMMON_TEXT {
        let ids: Vec<i64> = found.into_iter().map(|r| r.0).collect();
        Ok(SearchPlan::Ids {
            ids: serde_json::Value::from(ids).to_string(),
            backend: lode_db::Backend::Postgres,
        })
    } else {
        Ok(SearchPlan::Like)
    }
}

/// A value bound to a placeholder of a query built from fixed fragments.
#[derive(Clone)]
enum Arg {
    Int(i64),
    Text(String),
}

/// A `WHERE` made only of the filters in use, so that the database can pick its indexes: the
/// SQL text holds fixed fragments and numbered placeholders, never input.
struct Where {
    clauses: Vec<String>,
    args: Vec<Arg>,
    /// Read the nearest documents newer than a key (a page back toward the newest).
    oldest_first: bool,
    /// The `ORDER BY` when not reading back toward the newest.
    order: String,
    /// Rows skipped for a numbered page.
    offset: i64,
}

impl Where {
    /// Adds a value; returns its placeholder.
    fn arg(&mut self, a: Arg) -> String {
        self.args.push(a);
        format!("${}", self.args.len())
    }

    /// Like [`Where::fetch`]; but a text search on PostgreSQL gets a time budget, and `None`
    /// when it runs out.
    async fn fetch_bounded(self, db: &Db, limit: i64) -> DbResult<Option<Vec<IncomingRecord>>> {
        let scans_text = self.clauses.iter().any(|c| c.contains("d.search_key LIKE"));
        if db.backend() != lode_db::Backend::Postgres || !scans_text {
            return self.fetch(db, limit).await.map(Some);
        }
        let mut tx = db.pool().begin().await?;
        sqlx::Executor::execute(
            &mut *tx,
            format!("SET LOCAL statement_timeout = '{SCAN_BUDGET}'").as_str(),
        )
        .await?;
        let (sql, args) = self.into_sql(limit);
        let rows = fetch_rows(&sql, args, &mut *tx).await;
        let _ = tx.rollback().await;
        match rows {
            Ok(rows) => rows
                .iter()
                .map(record)
                .collect::<DbResult<Vec<_>>>()
                .map(Some),
            // 57014: query_canceled, the budget ran out
            Err(sqlx::Error::Database(e)) if e.code().as_deref() == Some("57014") => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    /// How many documents the clauses match, counted up to the bound. On PostgreSQL, whose
    /// counts read the table's rows, counting gets a time budget: past it, a count to a lower
    /// bound, and past that no total (the page still shows).
    async fn count_bounded(&self, db: &Db) -> DbResult<Option<lode_db::Total>> {
        let sql = |bound: i64| {
            format!(
                "SELECT COUNT(*) FROM (SELECT 1 FROM incoming_documents d WHERE {} LIMIT {}) n",
                self.condition(),
                bound + 1
            )
        };
        let number = |rows: Vec<sqlx::any::AnyRow>| -> DbResult<i64> {
            match rows.first() {
                Some(row) => Ok(sqlx::Row::try_get(row, 0)?),
                None => Ok(0),
            }
        };
        if db.backend() != lode_db::Backend::Postgres {
            let rows = fetch_rows(&sql(lode_db::COUNT_BOUND), self.args(), db.pool()).await?;
            return Ok(Some(lode_db::Total::of_counted(number(rows)?)));
        }
        for bound in [lode_db::COUNT_BOUND, QUICK_COUNT_BOUND] {
            let mut tx = db.pool().begin().await?;
            sqlx::Executor::execute(
                &mut *tx,
                format!("SET LOCAL statement_timeout = '{COUNT_BUDGET}'").as_str(),
            )
            .await?;
            let counted = fetch_rows(&sql(bound), self.args(), &mut *tx).await;
            let _ = tx.rollback().await;
            match counted {
                Ok(rows) => return Ok(Some(lode_db::Total::of_counted_to(number(rows)?, bound))),
                // 57014: query_canceled, the budget ran out
                Err(sqlx::Error::Database(e)) if e.code().as_deref() == Some("57014") => {}
                Err(e) => return Err(e.into()),
            }
        }
        Ok(None)
    }

    fn condition(&self) -> String {
        if self.clauses.is_empty() {
            "1 = 1".to_string()
        } else {
            self.clauses.join(" AND ")
        }
    }

    fn args(&self) -> Vec<Arg> {
        self.args.clone()
    }

    async fn fetch(self, db: &Db, limit: i64) -> DbResult<Vec<IncomingRecord>> {
        let (sql, args) = self.into_sql(limit);
        let rows = fetch_rows(&sql, args, db.pool()).await?;
        rows.iter().map(record).collect()
    }

    fn into_sql(self, limit: i64) -> (String, Vec<Arg>) {
        // newer than a key, the nearest first; else in the list's order
        let order = if self.oldest_first {
            "d.id ASC"
        } else {
            self.order.as_str()
        };
        let offset = if self.offset > 0 {
            format!(" OFFSET {}", self.offset)
        } else {
            String::new()
        };
        let sql = format!(
            "{SELECT} WHERE {} ORDER BY {order} LIMIT {}{offset}",
            self.condition(),
            limit + 1
        );
        (sql, self.args)
    }
}

async fn fetch_rows<'c, E>(
    sql: &str,
    args: Vec<Arg>,
    executor: E,
) -> Result<Vec<sqlx::any::AnyRow>, sqlx::Error>
where
    E: sqlx::Executor<'c, Database = sqlx::Any>,
{
    let mut q = sqlx::query(sql);
    for a in args {
        q = match a {
            Arg::Int(i) => q.bind(i),
            Arg::Text(t) => q.bind(t),
        };
    }
    q.fetch_all(executor).await
}

/// How an issuer filter is answered.
enum IssuersNamed {
    /// By these senders, found among the registers' senders (none: no document matches).
    Bodies(Vec<String>),
    /// More than [`ISSUERS_NAMED_AT_MOST`] senders share the words: this pattern (the folded
    /// words) is read in each document's folded sender.
    Pattern(String),
}

/// Up to how many senders an issuer filter names one by one.
const ISSUERS_NAMED_AT_MOST: i64 = 40;

/// The senders whose names hold the filter's text, diacritics and case aside; none without
/// a filter.
async fn issuers_named(db: &Db, issuer: Option<&str>) -> DbResult<Option<IssuersNamed>> {
    let Some(text) = issuer.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    let folded = lode_db::like_escape(&fold(text));
    let rows: Vec<(String,)> = sqlx::query_as(
        "SELECT DISTINCT issuer FROM incoming_issuers WHERE folded LIKE $1 ESCAPE '\\'
         ORDER BY issuer LIMIT $2",
    )
    .bind(format!("%{folded}%"))
    .bind(ISSUERS_NAMED_AT_MOST + 1)
    .fetch_all(db.pool())
    .await?;
    Ok(Some(if rows.len() as i64 > ISSUERS_NAMED_AT_MOST {
        IssuersNamed::Pattern(folded)
    } else {
        IssuersNamed::Bodies(rows.into_iter().map(|r| r.0).collect())
    }))
}

/// How a text search is answered.
enum SearchPlan {
    /// No search, or a pattern scan (`LIKE '%…%'`): on PostgreSQL its trigram index serves it;
    /// on SQLite, a scan newest first stops as soon as the page is full, which is quick when the
    /// text is common.
    Like,
    /// Rare text: the documents a trigram index found (SQLite's FTS5 table; PostgreSQL's
    /// pg_trgm index), as a JSON array of ids; the list still checks the whole text.
    Ids {
        ids: String,
        backend: lode_db::Backend,
    },
}

/// Above this many matches a text is common: scanning newest first fills a page sooner than
/// gathering every match from the full-text index.
const COMMON_TEXT: i64 = 2_000;

async fn search_plan(db: &Db, q: Option<&str>) -> DbResult<SearchPlan> {
    let Some(folded) = q.map(str::trim).filter(|s| !s.is_empty()).map(fold) else {
        return Ok(SearchPlan::Like);
    };
    // Trigrams need three characters; PostgreSQL's index serves LIKE itself.
    if db.backend() != lode_db::Backend::Sqlite || folded.chars().count() < 3 {
        return Ok(SearchPlan::Like);
    }
    // The index is asked for every word long enough for trigrams, each by its part least likely
    // to be common (where its digits are: the number of a notation): a word no document has
    // answers at once, however common the others. The list checks the whole text on what it
    // finds.
    let phrases: Vec<String> = lode_core::text::search_terms(&folded)
        .iter()
        .map(|t| rarest_part(t))
        .filter(|part| part.chars().count() >= 3)
        .map(|part| format!("\"{}\"", part.replace('"', "\"\"")))
        .collect();
    if phrases.is_empty() {
        return Ok(SearchPlan::Like);
    }
    let phrase = phrases.join(" AND ");
    // One pass over the index: the matches themselves when they are few.
    let found: Vec<(i64,)> = sqlx::query_as(
        "SELECT rowid FROM incoming_search WHERE incoming_search MATCH $1 ORDER BY rowid DESC LIMIT $2",
    )
    .bind(&phrase)
    .bind(COMMON_TEXT)
    .fetch_all(db.pool())
    .await?;
    Ok(if (found.len() as i64) < COMMON_TEXT {
        let ids: Vec<i64> = found.into_iter().map(|r| r.0).collect();
        SearchPlan::Ids {
            ids: serde_json::Value::from(ids).to_string(),
            backend: lode_db::Backend::Sqlite,
        }
    } else {
        SearchPlan::Like
    })
}

/// The five characters of `text` (three trigrams) with the most digits and signs in them, or
/// all of it when shorter: words of a subject share their trigrams with thousands of
/// documents, the number of a notation with few.
fn rarest_part(text: &str) -> String {
    const WINDOW: usize = 5;
    let chars: Vec<char> = text.chars().collect();
    if chars.len() <= WINDOW {
        return text.to_string();
    }
    let rarity = |w: &[char]| {
        w.iter()
            .filter(|c| !c.is_alphabetic() && **c != ' ')
            .count()
    };
    let best = (0..=chars.len() - WINDOW)
        .max_by_key(|&i| (rarity(&chars[i..i + WINDOW]), std::cmp::Reverse(i)))
        .unwrap_or(0);
    if rarity(&chars[best..best + WINDOW]) == 0 {
        // nothing stands out: the whole text, which the index answers exactly
        return text.to_string();
    }
    chars[best..best + WINDOW].iter().collect()
}

/// Each word of the search in the document's text, in any order.
fn every_word(w: &mut Where, q: &str) {
    for pattern in lode_db::word_patterns(Some(q)) {
        let n = w.arg(Arg::Text(pattern));
        w.clauses.push(format!("d.search_key LIKE {n} ESCAPE '\\'"));
    }
}

/// What the search index is asked for: the rarest part of the word least likely to be common
/// (the one with digits and signs, the number of a notation; else the longest). The list then
/// checks every word on what it finds.
fn index_part(folded: &str) -> String {
    let terms = lode_core::text::search_terms(folded);
    let rarity = |t: &str| t.chars().filter(|c| !c.is_alphabetic()).count();
    terms
        .iter()
        .max_by_key(|t| (rarity(t), t.chars().count()))
        .map_or_else(String::new, |t| rarest_part(t))
}

/// The clauses of the list filters in use.
fn filters(
    actor: &Actor,
    f: &Filter,
    (search, named): (&SearchPlan, &Option<IssuersNamed>),
) -> Where {
    let mut w = Where {
        clauses: Vec::new(),
        args: Vec::new(),
        oldest_first: f.after.is_some() && f.before.is_none(),
        order: order_by(NEWEST_FIRST),
        offset: 0,
    };
    let text = |s: &Option<String>| {
        s.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    for (column, value) in [
        ("d.register", text(&f.register)),
        ("d.type_code", text(&f.type_code)),
        ("d.status", text(&f.status)),
        ("d.urgency", text(&f.urgency)),
        ("d.channel", text(&f.channel)),
    ] {
        if let Some(v) = value {
            let n = w.arg(Arg::Text(v));
            w.clauses.push(format!("{column} = {n}"));
        }
    }
    // the issuer by any part of its name, diacritics and case aside ("Lào Cai" finds the
    // province's bodies): the bodies it names, each read by its index; past a few dozen, read
    // in the folded issuer that begins the duplicate key (`issuer|notation|date`), never in
    // the notation after it
    match named {
        Some(IssuersNamed::Bodies(bodies)) if bodies.is_empty() => {
            w.clauses.push("1 = 0".to_string());
        }
        Some(IssuersNamed::Bodies(bodies)) => {
            let names: Vec<String> = bodies.iter().map(|b| w.arg(Arg::Text(b.clone()))).collect();
            w.clauses
                .push(format!("d.issuer IN ({})", names.join(", ")));
        }
        Some(IssuersNamed::Pattern(folded)) => {
            let n = w.arg(Arg::Text(format!("%{folded}%|%|%")));
            w.clauses
                .push(format!("d.duplicate_key LIKE {n} ESCAPE '\\'"));
        }
        None => {}
    }
    if let Some(v) = text(&f.from) {
        let n = w.arg(Arg::Text(v));
        w.clauses.push(format!("d.received_on >= {n}"));
    }
    if let Some(v) = text(&f.to) {
        let n = w.arg(Arg::Text(v));
        w.clauses.push(format!("d.received_on <= {n}"));
    }
    for (column, value) in [
        ("d.year", f.year),
        ("d.arrival_number", f.arrival),
        ("d.lead_unit_id", f.lead_unit_id),
        ("d.handler_id", f.handler_id),
    ] {
        if let Some(v) = value {
            let n = w.arg(Arg::Int(v));
            w.clauses.push(format!("{column} = {n}"));
        }
    }
    match (text(&f.q), search) {
        (Some(q), SearchPlan::Ids { ids, backend }) => {
            let n = w.arg(Arg::Text(ids.clone()));
            w.clauses.push(match backend {
                lode_db::Backend::Sqlite => format!("d.id IN (SELECT value FROM json_each({n}))"),
                lode_db::Backend::Postgres => format!(
                    "d.id IN (SELECT CAST(jsonb_array_elements_text(CAST({n} AS jsonb)) AS BIGINT))"
                ),
            });
            every_word(&mut w, &q);
        }
        (Some(q), SearchPlan::Like) => every_word(&mut w, &q),
        (None, _) => {}
    }
    // settled in a period of local days: from the instant the first begins to the one the day
    // after the last begins (the dashboard's count)
    let day = |v: &Option<String>| text(v).and_then(|d| parse_date(&d).ok());
    if let Some(d) = day(&f.completed_from) {
        let n = w.arg(Arg::Text(lode_db::day_start(d)));
        w.clauses
            .push(format!("d.status = 'completed' AND d.completed_at >= {n}"));
    }
    if let Some(d) = day(&f.completed_to) {
        let n = w.arg(Arg::Text(lode_db::day_start(d + chrono::Duration::days(1))));
        w.clauses
            .push(format!("d.status = 'completed' AND d.completed_at < {n}"));
    }
    // either bound alone leaves the period open on the other side
    let (counted_from, counted_to) = (day(&f.counted_from), day(&f.counted_to));
    if counted_from.is_some() || counted_to.is_some() {
        let starts = w.arg(Arg::Text(
            counted_from.map(lode_db::day_start).unwrap_or_default(),
        ));
        let ends = w.arg(Arg::Text(counted_to.map_or_else(
            || "9999".to_string(),
            |to| lode_db::day_start(to + chrono::Duration::days(1)),
        )));
        let today = w.arg(Arg::Text(today().to_string()));
        w.clauses.push(format!(
            "d.deadline IS NOT NULL AND ((d.status = 'completed' AND d.completed_at >= {starts}
               AND d.completed_at < {ends})
               OR (d.status IN ('registered', 'routed', 'assigned') AND d.deadline < {today}))"
        ));
    }
    match text(&f.timeliness).as_deref() {
        Some("on_time") => w.clauses.push(format!(
            "d.deadline IS NOT NULL AND d.completed_at < {}",
            lode_db::day_after_sql("d.deadline")
        )),
        Some("late") => w.clauses.push(format!(
            "d.deadline IS NOT NULL AND d.completed_at >= {}",
            lode_db::day_after_sql("d.deadline")
        )),
        _ => {}
    }
    if let Some(electronic) = f.electronic {
        w.clauses.push(
            if electronic {
                "d.channel <> 'paper'"
            } else {
                "d.channel = 'paper'"
            }
            .to_string(),
        );
    }
    if let Some(inside) = f.from_ministry {
        w.clauses.push(format!(
            "d.issuer_scope {} ('organisation', 'ministry')",
            if inside { "IN" } else { "NOT IN" }
        ));
    }
    if let Some(unit) = f.within_unit_id {
        let n = w.arg(Arg::Int(unit));
        w.clauses.push(format!(
            "d.lead_unit_id IN (SELECT u.id FROM units u, units top
               WHERE top.id = {n} AND u.path LIKE top.path || '%')"
        ));
    }
    if let Some(overdue) = f.overdue {
        let n = w.arg(Arg::Text(today().to_string()));
        let late = format!(
            "(d.status IN ('registered', 'routed', 'assigned') AND COALESCE(d.deadline, '9999-12-31') < {n})"
        );
        w.clauses
            .push(if overdue { late } else { format!("NOT {late}") });
    }
    if let Some(after) = f.after {
        let n = w.arg(Arg::Int(after));
        w.clauses.push(format!("d.id > {n}"));
    }
    if let Some(before) = f.before {
        let n = w.arg(Arg::Int(before));
        w.clauses.push(format!("d.id < {n}"));
    }
    // Filters on what a document says must not reveal secret documents to the uncleared.
    let on_content = f.type_code.is_some()
        || f.issuer.is_some()
        || f.urgency.is_some()
        || f.lead_unit_id.is_some()
        || f.within_unit_id.is_some()
        || f.handler_id.is_some()
        || text(&f.q).is_some()
        || f.overdue.is_some()
        || text(&f.channel).is_some()
        || f.electronic.is_some()
        || f.from_ministry.is_some()
        || text(&f.timeliness).is_some()
        || text(&f.completed_from).is_some()
        || text(&f.completed_to).is_some()
        || text(&f.counted_from).is_some()
        || text(&f.counted_to).is_some();
    if on_content {
        let allowed: Vec<&str> = Clearance::ALL
            .iter()
            .filter(|c| **c <= actor.clearance)
            .map(|c| c.as_str())
            .collect();
        let list = allowed
            .iter()
            .map(|c| format!("'{c}'"))
            .collect::<Vec<_>>()
            .join(", ");
        w.clauses.push(format!("d.secrecy IN ({list})"));
    }
    w
}

/// The letters in person `account`'s hands and not yet seen done: those they handle, and those
/// presented to them (a body's leader) for direction.
pub async fn held_by(db: &Db, account: i64) -> DbResult<(i64, i64)> {
    let (handling, presented): (i64, i64) = sqlx::query_as(
        "SELECT
           (SELECT COUNT(*) FROM incoming_documents WHERE handler_id = $1 AND status = 'assigned'),
           (SELECT COUNT(*) FROM incoming_documents WHERE presented_to = $1 AND status = 'registered')",
    )
    .bind(account)
    .fetch_one(db.pool())
    .await?;
    Ok((handling, presented))
}

/// The work queues of the home page, in the order they are shown.
pub const QUEUES: [&str; 6] = [
    "to_read",
    "to_route",
    "to_handle",
    "due_soon",
    "overdue",
    "presented",
];

/// How many days before its deadline a document is "due soon".
pub const DUE_SOON_DAYS: i64 = 3;

/// One queue of a person's work: how many, and the first ones (most urgent first).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Queue {
    /// `to_read`, `to_route`, `to_handle`, `due_soon`, `overdue`, `presented`.
    pub name: String,
    pub count: i64,
    pub items: Vec<IncomingView>,
}

/// The documents waiting for `actor` in the queue `name`:
/// - `to_route`: the instruction of the body's leader (of what the clerk presented to them, or
///   to no one in particular), or the lead unit leader's assignment;
/// - `to_handle`: assigned to them;
/// - `to_read`: open documents their unit co-ordinates on;
/// - `due_soon`, `overdue`: open documents they answer for (as handler, lead unit leader or
///   body leader) whose deadline is near or past;
/// - `presented`: for a clerk, what their body registered and its leaders have not yet
///   directed (the clerk follows it up).
///
/// Returns the queue's condition over `d` (documents) and `lu` (lead units), and the values it
/// refers to.
fn queue_parts(actor: &Actor, name: &str) -> DbResult<(Option<String>, QueueParams)> {
    use lode_core::people::Role;
    let leads_body = lode_core::authz::leads_own_body(actor);
    let body = actor
        .register_unit
        .as_ref()
        .and_then(|r| r.ids().last().copied())
        .unwrap_or(-1);
    let unit_leader = actor.has(Role::UnitLeader) && actor.unit.is_some();
    // Only the terms that apply to the person are written, each answerable from an index.
    let my_units_below = "d.lead_unit_id IN (SELECT u.id FROM units u WHERE u.path LIKE $3 || '%')";
    let mut answers_for = vec!["d.handler_id = $2".to_string()];
    if unit_leader {
        answers_for.push(my_units_below.to_string());
    }
    if leads_body {
        answers_for.push("d.register_unit_id = $1".to_string());
    }
    let answers_for = answers_for.join(" OR ");
    let open = "d.status IN ('registered', 'routed', 'assigned')";
    let condition = match name {
        "to_route" => {
            let mut terms = Vec::new();
            if leads_body {
                // what the clerk presented to another leader waits for that leader, while that
                // leader is still at work: a letter presented to one gone is everyone's again
                terms.push(
                    "(d.register_unit_id = $1 AND d.status = 'registered'
                      AND (d.presented_to IS NULL OR d.presented_to = $2
                           OR NOT EXISTS (SELECT 1 FROM accounts p
                                          WHERE p.id = d.presented_to AND p.active = 1)))"
                        .to_string(),
                );
            }
            if unit_leader {
                terms.push(format!("(d.status = 'routed' AND {my_units_below})"));
            }
            (!terms.is_empty()).then(|| format!("({})", terms.join(" OR ")))
        }
        "to_handle" => Some("(d.handler_id = $2 AND d.status = 'assigned')".to_string()),
        "presented" => (actor.has(Role::Clerk) && !leads_body)
            .then(|| "(d.register_unit_id = $1 AND d.status = 'registered')".to_string()),
        "to_read" => actor.unit.as_ref().map(|_| {
            format!(
                "({open} AND d.id IN (SELECT c.document_id FROM incoming_coordinators c
                     WHERE c.unit_id IN (SELECT u.id FROM units u WHERE $3 LIKE u.path || '%')))"
            )
        }),
        "due_soon" => Some(format!(
            "({open} AND d.deadline >= $6 AND d.deadline <= $7 AND ({answers_for}))"
        )),
        "overdue" => Some(format!("({open} AND d.deadline < $6 AND ({answers_for}))")),
        _ => return Err(DbError::NotFound),
    };
    let today = today();
    let params = QueueParams {
        body,
        me: actor.account_id,
        unit: actor.unit.as_ref().map(|u| u.as_str().to_string()),
        unit_leader: i64::from(unit_leader),
        leads_body: i64::from(leads_body),
        today: today.to_string(),
        soon: (today + chrono::Duration::days(DUE_SOON_DAYS)).to_string(),
    };
    Ok((condition, params))
}

/// How many documents wait in the queue whose condition is given (none without one).
async fn queue_count(db: &Db, condition: &Option<String>, params: &QueueParams) -> DbResult<i64> {
    let Some(condition) = condition else {
        return Ok(0);
    };
    let count_sql = format!("SELECT COUNT(*) FROM incoming_documents d WHERE {condition}");
    let row = params
        .bind(sqlx::query(&count_sql))
        .fetch_one(db.pool())
        .await?;
    Ok(sqlx::Row::try_get(&row, 0)?)
}

/// What the navigation shows: documents waiting for the person's action (to route or assign,
/// to handle) and those overdue.
pub async fn waiting_counts(db: &Db, actor: &Actor) -> DbResult<(i64, i64)> {
    let mut actionable = 0;
    for name in ["to_route", "to_handle"] {
        let (condition, params) = queue_parts(actor, name)?;
        actionable += queue_count(db, &condition, &params).await?;
    }
    let (condition, params) = queue_parts(actor, "overdue")?;
    Ok((actionable, queue_count(db, &condition, &params).await?))
}

/// The queue `name` of `actor`: how many, and the first `limit`, most urgent first.
pub async fn queue(db: &Db, actor: &Actor, name: &str, limit: i64) -> DbResult<Queue> {
    let (condition, params) = queue_parts(actor, name)?;
    let count = queue_count(db, &condition, &params).await?;
    let Some(condition) = condition.filter(|_| count > 0) else {
        return Ok(Queue {
            name: name.to_string(),
            count,
            items: Vec::new(),
        });
    };
    let list_sql = format!(
        "{SELECT} WHERE {condition} ORDER BY d.urgency_rank DESC, d.deadline, d.id DESC LIMIT {}",
        limit.clamp(1, 200)
    );
    let rows = params
        .bind(sqlx::query(&list_sql))
        .fetch_all(db.pool())
        .await?;
    let mut records = rows.iter().map(record).collect::<DbResult<Vec<_>>>()?;
    let mut conn = db.read().await?;
    complete_records(&mut conn, &mut records).await?;
    Ok(Queue {
        name: name.to_string(),
        count,
        items: records.iter().filter_map(|r| r.view(actor)).collect(),
    })
}

/// The values the queue conditions refer to, `$1` to `$7`.
struct QueueParams {
    body: i64,
    me: i64,
    unit: Option<String>,
    unit_leader: i64,
    leads_body: i64,
    today: String,
    soon: String,
}

impl QueueParams {
    fn bind<'q>(
        &self,
        q: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    ) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
        q.bind(self.body)
            .bind(self.me)
            .bind(self.unit.clone())
            .bind(self.unit_leader)
            .bind(self.leads_body)
            .bind(self.today.clone())
            .bind(self.soon.clone())
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_index_is_asked_for_the_number_of_a_notation() {
        assert_eq!(super::rarest_part("780/qd-bnnmt"), "780/q");
        assert_eq!(
            super::rarest_part("so 12/qd-ttg"),
            "o 12/",
            "the earliest of equals"
        );
        assert_eq!(super::rarest_part("dat hiem"), "dat hiem");
        assert_eq!(super::rarest_part("abc"), "abc");
    }
}
