//! Requests to consult or copy records, storage: an applicant (a business or a citizen) puts
//! records of the public catalogue into their open request, says its purpose and kind
//! (consult online, copy and use, or read the paper in the reading room), sees the fee, and
//! files it: the request becomes a dossier of the public services' procedure for geological
//! documents (DCKS.14), with the request form lode writes as its paper, received at the
//! one-stop desk, tracked and paid like any other.

use crate::catalogue::Record;
use crate::domain::{Access, Reader};
use lode_core::fees::Estimate;
use lode_core::validation::FieldErrors;
use lode_db::{AuditCtx, Db, DbError, DbResult, now};
use serde::Serialize;
use std::collections::BTreeMap;

/// The applicant's page of their requests, where what was approved is read or downloaded.
pub const MINE: &str = "/luu-tru/yeu-cau";

/// The procedure a request is filed under.
pub const PROCEDURE: &str = "DCKS.14";
/// The most records one request holds.
pub const ITEMS_MAX: usize = 30;
/// The longest purpose, in characters (the procedure's form keeps it with the records' numbers).
pub const PURPOSE_MAX: usize = 1000;

/// What the applicant asks to do with the records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RequestKind {
    /// Read them online, for a period, watermarked.
    Consult,
    /// Certified copies of the pages asked for.
    Copy,
    /// Read the paper in the reading room, by appointment.
    ReadingRoom,
}

impl RequestKind {
    pub const ALL: [RequestKind; 3] = [Self::Consult, Self::Copy, Self::ReadingRoom];

    /// Whether `item` stands in the way of this kind: online reading needs scanned pages and
    /// a record not open to all already (a public one is read freely, for nothing), copies the
    /// right to copy; the reading room takes every record.
    pub fn barred_by(self, item: &Item) -> bool {
        match self {
            Self::Consult => !item.digitised || item.access == Access::Public,
            Self::Copy => !item.copy_allowed,
            Self::ReadingRoom => false,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Consult => "consult",
            Self::Copy => "copy",
            Self::ReadingRoom => "reading_room",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The procedure's form: copying is "copy and use", the others consulting.
    fn access(self) -> &'static str {
        match self {
            Self::Copy => "copy",
            Self::Consult | Self::ReadingRoom => "consult",
        }
    }
}

/// A record in a request.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Item {
    pub record_id: i64,
    pub archive_number: String,
    pub title: String,
    #[schema(value_type = String)]
    pub access: Access,
    pub volumes: i64,
    pub drawings: i64,
    /// Whether the record may be copied.
    pub copy_allowed: bool,
    /// Whether its pages are scanned: only those are read online.
    pub digitised: bool,
    /// The pages asked for (for copies), as typed: `1-5, 8`.
    pub pages: Option<String>,
}

/// An applicant's request.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Request {
    pub id: i64,
    pub kind: RequestKind,
    pub purpose: Option<String>,
    pub items: Vec<Item>,
    /// The dossier it was filed as.
    pub application_id: Option<i64>,
    pub submitted_at: Option<String>,
}

fn applicant_only(actor: &lode_core::authz::Actor) -> DbResult<()> {
    if actor.is_staff() {
        Err(DbError::Denied(lode_core::authz::Denied::MissingRole))
    } else {
        Ok(())
    }
}

/// The applicant's open request (not filed yet), made when there is none.
async fn open_id(db: &Db, applicant: i64) -> DbResult<i64> {
    let open = || {
        sqlx::query_as::<_, (i64,)>(
            "SELECT id FROM archive_requests WHERE applicant_id = $1 AND submitted_at IS NULL",
        )
        .bind(applicant)
        .fetch_optional(db.pool())
    };
    if let Some((id,)) = open().await? {
        return Ok(id);
    }
    // one open request an applicant: made twice at once, the second insert does nothing
    let mut tx = db.write().await?;
    sqlx::query(
        "INSERT INTO archive_requests (applicant_id, kind, created_at) VALUES ($1, 'consult', $2)
         ON CONFLICT DO NOTHING",
    )
    .bind(applicant)
    .bind(now())
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    open().await?.map(|(id,)| id).ok_or(DbError::NotFound)
}

/// The applicant's open request, as it stands.
pub async fn open(db: &Db, actor: &lode_core::authz::Actor) -> DbResult<Request> {
    applicant_only(actor)?;
    let id = open_id(db, actor.account_id).await?;
    load(db, actor.account_id, id).await
}

async fn load(db: &Db, applicant: i64, id: i64) -> DbResult<Request> {
    let (kind, purpose, application_id, submitted_at): (
        String,
        Option<String>,
        Option<i64>,
        Option<String>,
    ) = sqlx::query_as(
        "SELECT kind, purpose, application_id, submitted_at FROM archive_requests
         WHERE id = $1 AND applicant_id = $2",
    )
    .bind(id)
    .bind(applicant)
    .fetch_optional(db.pool())
    .await?
    .ok_or(DbError::NotFound)?;
    let rows: Vec<(i64, Option<String>)> = sqlx::query_as(
        "SELECT record_id, pages FROM archive_request_items WHERE request_id = $1 ORDER BY record_id",
    )
    .bind(id)
    .fetch_all(db.pool())
    .await?;
    let mut items = Vec::new();
    for (record_id, pages) in rows {
        let r: Record = crate::catalogue::get(db, record_id).await?;
        // a record made secret since it was asked for never goes online
        if r.entry.access == Access::Secret {
            continue;
        }
        items.push(Item {
            record_id,
            archive_number: r.entry.archive_number,
            title: r.entry.title,
            access: r.entry.access,
            volumes: r.entry.volumes + r.entry.appendices,
            drawings: r.entry.drawings,
            copy_allowed: r.entry.copy_allowed,
            digitised: r.page_count > 0,
            pages,
        });
    }
    Ok(Request {
        id,
        kind: RequestKind::parse(&kind).unwrap_or(RequestKind::Consult),
        purpose,
        items,
        application_id,
        submitted_at,
    })
}

/// Puts record `record_id` into the applicant's open request: one whose entry is public and
/// not a state secret (those never go online).
pub async fn add(db: &Db, actor: &lode_core::authz::Actor, record_id: i64) -> DbResult<Request> {
    applicant_only(actor)?;
    let r = crate::catalogue::visible(db, Reader::of(Some(actor)), record_id).await?;
    if r.entry.access == Access::Secret {
        return Err(DbError::NotFound);
    }
    let id = open_id(db, actor.account_id).await?;
    let current = load(db, actor.account_id, id).await?;
    if current.items.len() >= ITEMS_MAX && !current.items.iter().any(|i| i.record_id == record_id) {
        return Err(FieldErrors::single(
            "record_id",
            "too_many_records",
            format!("at most {ITEMS_MAX} records in one request"),
        )
        .into());
    }
    let mut tx = db.write().await?;
    sqlx::query(
        "INSERT INTO archive_request_items (request_id, record_id) VALUES ($1, $2)
         ON CONFLICT (request_id, record_id) DO NOTHING",
    )
    .bind(id)
    .bind(record_id)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    load(db, actor.account_id, id).await
}

/// Takes record `record_id` out of the applicant's open request.
pub async fn remove(db: &Db, actor: &lode_core::authz::Actor, record_id: i64) -> DbResult<Request> {
    applicant_only(actor)?;
    let id = open_id(db, actor.account_id).await?;
    let mut tx = db.write().await?;
    sqlx::query("DELETE FROM archive_request_items WHERE request_id = $1 AND record_id = $2")
        .bind(id)
        .bind(record_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    load(db, actor.account_id, id).await
}

/// What the applicant says of the request.
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Details {
    /// `consult`, `copy` or `reading_room`.
    pub kind: String,
    pub purpose: String,
    /// The pages asked for, by record id (for copies): `1-5, 8`.
    #[serde(default)]
    pub pages: BTreeMap<i64, String>,
    /// A telephone number to follow the dossier with.
    pub phone: String,
}

/// `1-5, 8`: pages and ranges, each from 1; at most 2000 pages in all.
fn check_pages(text: &str) -> Result<String, lode_core::validation::FieldError> {
    let wrong = || {
        lode_core::validation::invalid(
            "invalid_pages",
            "pages and ranges separated by commas, e.g. 1-5, 8",
        )
    };
    let mut count = 0;
    let mut parts = Vec::new();
    for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (a, b) = match part.split_once('-') {
            Some((a, b)) => (a.trim(), b.trim()),
            None => (part, part),
        };
        let (a, b) = (
            a.parse::<u64>().map_err(|_| wrong())?,
            b.parse::<u64>().map_err(|_| wrong())?,
        );
        if a == 0 || b < a || b > 100_000 {
            return Err(wrong());
        }
        count += b - a + 1;
        parts.push(if a == b {
            a.to_string()
        } else {
            format!("{a}-{b}")
        });
    }
    if count > 2000 {
        return Err(lode_core::validation::invalid(
            "too_many_pages",
            "at most 2000 pages in one request",
        ));
    }
    Ok(parts.join(", "))
}

/// The last page `pages` (as [`check_pages`] writes them: `1-5, 8`) names.
fn last_page(pages: &str) -> i64 {
    pages
        .split([',', '-'])
        .filter_map(|n| n.trim().parse::<i64>().ok())
        .max()
        .unwrap_or(0)
}

/// The procedure's form values a request gives: what is wanted, the kind, and the counts the
/// fee is worked out from (a catalogue visit per record, its text volumes, its drawings).
fn form_values(req: &Request, kind: RequestKind, purpose: &str) -> BTreeMap<String, String> {
    // the records by number, with the pages to copy, and the purpose (their titles are in the
    // request form, which is the dossier's paper)
    let numbers: Vec<String> = req
        .items
        .iter()
        .map(|i| match i.pages.as_deref().map(str::trim) {
            Some(pages) if kind == RequestKind::Copy && !pages.is_empty() => {
                format!("{} (trang {pages})", i.archive_number)
            }
            _ => i.archive_number.clone(),
        })
        .collect();
    let mut wanted = vec![format!("Số lưu trữ: {}", numbers.join(", "))];
    wanted.push(format!("Mục đích: {purpose}"));
    match kind {
        RequestKind::ReadingRoom => wanted.push("Đọc tài liệu giấy tại phòng đọc".into()),
        RequestKind::Consult => wanted.push(format!(
            "Đọc tài liệu trực tuyến trong {CONSULT_DAYS} ngày kể từ khi được phê duyệt"
        )),
        RequestKind::Copy => wanted.push("Cấp bản sao có chữ ký số của Cục".into()),
    }
    // within what the form's box holds; the request form has every record in full
    let wanted: String = wanted.join("\n");
    let wanted = if wanted.chars().count() > lode_services::applications::VALUE_MAX {
        let kept: String = wanted
            .chars()
            .take(lode_services::applications::VALUE_MAX - 1)
            .collect();
        format!("{kept}…")
    } else {
        wanted
    };
    let mut v = BTreeMap::new();
    v.insert("documents_wanted".into(), wanted);
    v.insert("access".into(), kind.access().into());
    v.insert("catalogue_visits".into(), req.items.len().to_string());
    v.insert(
        "text_volumes".into(),
        req.items.iter().map(|i| i.volumes).sum::<i64>().to_string(),
    );
    v.insert(
        "drawings".into(),
        req.items
            .iter()
            .map(|i| i.drawings)
            .sum::<i64>()
            .to_string(),
    );
    v
}

/// The fee the open request would cost, as the procedure's rule works it out.
pub async fn fee(
    db: &Db,
    actor: &lode_core::authz::Actor,
    kind: RequestKind,
) -> DbResult<Option<Estimate>> {
    let req = open(db, actor).await?;
    if req.items.is_empty() {
        return Ok(None);
    }
    let Some(p) = lode_services::catalogue::procedure(db, PROCEDURE, crate::today()).await? else {
        return Ok(None);
    };
    Ok(p.procedure.fee.compute(&form_values(&req, kind, "")).ok())
}

/// Files the open request: checked, it becomes a dossier of the procedure (its form filled,
/// the request form lode writes as its paper) and is submitted to the desk. Answers the dossier.
pub async fn submit(
    db: &Db,
    blobs: &lode_db::blobs::Blobs,
    ctx: &AuditCtx,
    actor: &lode_core::authz::Actor,
    details: &Details,
) -> DbResult<lode_services::applications::Application> {
    applicant_only(actor)?;
    let mut req = open(db, actor).await?;
    let mut errors = FieldErrors::new();
    if req.items.is_empty() {
        errors.add(
            "items",
            "no_records",
            "put at least one record into the request",
        );
    }
    let kind = RequestKind::parse(details.kind.trim());
    if kind.is_none() {
        errors.add("kind", "invalid_choice", "consult, copy or reading_room");
    }
    let purpose = errors.take(
        "purpose",
        lode_core::validation::bounded_lines(&details.purpose, PURPOSE_MAX),
    );
    for item in &mut req.items {
        let field = format!("pages.{}", item.record_id);
        let mut typed_wrong = false;
        if let Some(p) = details.pages.get(&item.record_id) {
            match errors.take(&field, check_pages(p)) {
                Some(p) => item.pages = (!p.is_empty()).then_some(p),
                None => typed_wrong = true,
            }
        }
        // a scanned record's pages are known: none past its last is asked for
        if let Some(p) = item.pages.as_deref().filter(|_| item.digitised) {
            let count = crate::catalogue::get(db, item.record_id).await?.page_count;
            if count > 0 && last_page(p) > count {
                typed_wrong = true;
                errors.add(
                    &field,
                    "pages_beyond",
                    format!("the record has {count} pages"),
                );
            }
        }
        if typed_wrong {
            continue;
        }
        if kind == Some(RequestKind::Consult) && item.digitised && item.access == Access::Public {
            errors.add(
                &format!("pages.{}", item.record_id),
                "read_freely",
                "this record is public: anyone reads it from its page, with no request",
            );
        } else if kind == Some(RequestKind::Consult) && RequestKind::Consult.barred_by(item) {
            errors.add(
                &format!("pages.{}", item.record_id),
                "not_digitised",
                "this record is not scanned: read it in the reading room",
            );
        } else if kind == Some(RequestKind::Copy) && RequestKind::Copy.barred_by(item) {
            errors.add(
                &format!("pages.{}", item.record_id),
                "not_copyable",
                "this record may be read, not copied",
            );
        } else if kind == Some(RequestKind::Copy) && item.pages.is_none() {
            errors.add(
                &format!("pages.{}", item.record_id),
                "required",
                "say which pages are to be copied",
            );
        }
    }
    errors.clone().into_result()?;
    let (Some(kind), Some(purpose)) = (kind, purpose) else {
        return Err(errors.into());
    };
    // the request is this call's to file: a second press, or a second node, stops here
    let mut tx = db.write().await?;
    let claimed = sqlx::query(
        "UPDATE archive_requests SET submitted_at = $1 WHERE id = $2 AND submitted_at IS NULL",
    )
    .bind(now())
    .bind(req.id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    tx.commit().await?;
    if claimed == 0 {
        return Err(DbError::Conflict("the request is filed already".into()));
    }
    match file(db, blobs, ctx, actor, &req, kind, &purpose, &details.phone).await {
        Ok(filed) => Ok(filed),
        Err(e) => {
            // not filed after all: the request is the applicant's to file again
            let mut tx = db.write().await?;
            sqlx::query(
                "UPDATE archive_requests SET submitted_at = NULL
                 WHERE id = $1 AND application_id IS NULL",
            )
            .bind(req.id)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            Err(e)
        }
    }
}

/// Files a checked request claimed by [`submit`]: the dossier, its paper, its submission.
#[allow(clippy::too_many_arguments)]
async fn file(
    db: &Db,
    blobs: &lode_db::blobs::Blobs,
    ctx: &AuditCtx,
    actor: &lode_core::authz::Actor,
    req: &Request,
    kind: RequestKind,
    purpose: &str,
    phone: &str,
) -> DbResult<lode_services::applications::Application> {
    let account = lode_db::accounts::get(db, actor.account_id).await?;
    let values = form_values(req, kind, purpose);
    let draft = lode_services::applications::create_draft(
        db,
        ctx,
        &account,
        PROCEDURE,
        &values,
        Some(phone),
    )
    .await?;
    // the request form, written by lode from the request
    let pdf = request_form(&account, req, kind, purpose)
        .map_err(|e| DbError::Other(anyhow::anyhow!("the request form: {e}")))?;
    let size = pdf.len();
    let sha = blobs
        .put(bytes::Bytes::from(pdf))
        .await
        .map_err(DbError::Other)?;
    let mut tx = db.write().await?;
    lode_db::blobs::record_upload(&mut tx, &sha, size, "application/pdf", actor.account_id).await?;
    tx.commit().await?;
    lode_services::applications::put_e_form(
        db,
        ctx,
        (actor.account_id, draft.id),
        ("request", &sha, "phieu-yeu-cau.pdf"),
    )
    .await?;
    let filed = lode_services::applications::submit(db, ctx, actor, draft.id, None).await?;
    let mut tx = db.write().await?;
    sqlx::query(
        "UPDATE archive_requests SET kind = $1, purpose = $2, application_id = $3 WHERE id = $4",
    )
    .bind(kind.as_str())
    .bind(purpose)
    .bind(filed.id)
    .bind(req.id)
    .execute(&mut *tx)
    .await?;
    // the archive decides on it on its own pages: no letter for the leaders to route (said
    // with the link to the request, which is what makes it the archive's; the desk accepts
    // no sooner than a person reads it)
    lode_services::handling::taken_on_own_pages(&mut tx, filed.id).await?;
    for item in &req.items {
        sqlx::query(
            "UPDATE archive_request_items SET pages = $1 WHERE request_id = $2 AND record_id = $3",
        )
        .bind(&item.pages)
        .bind(req.id)
        .bind(item.record_id)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(filed)
}

/// The request form (Phiếu yêu cầu cung cấp thông tin, tài liệu) as a PDF.
fn request_form(
    account: &lode_db::accounts::Account,
    req: &Request,
    kind: RequestKind,
    purpose: &str,
) -> anyhow::Result<Vec<u8>> {
    use lode_print::{Block, Column, Document, Orientation};
    let who = match &account.organisation_name {
        Some(o) => format!("{o} (người đại diện: {})", account.full_name),
        None => account.full_name.clone(),
    };
    let kind_words = match kind {
        RequestKind::Consult => "Tra cứu, đọc trực tuyến",
        RequestKind::Copy => "Sao chụp và sử dụng (bản sao có chứng thực của Cục)",
        RequestKind::ReadingRoom => "Đọc tài liệu giấy tại phòng đọc",
    };
    let rows: Vec<Vec<String>> = req
        .items
        .iter()
        .enumerate()
        .map(|(n, i)| {
            vec![
                (n + 1).to_string(),
                i.archive_number.clone(),
                i.title.clone(),
                i.pages.clone().unwrap_or_else(|| "—".into()),
            ]
        })
        .collect();
    let doc = Document {
        title: "Phiếu yêu cầu cung cấp thông tin, tài liệu địa chất, khoáng sản".into(),
        author: "lode".into(),
        orientation: Orientation::Portrait,
        blocks: vec![
            Block::Title("PHIẾU YÊU CẦU CUNG CẤP THÔNG TIN, TÀI LIỆU ĐỊA CHẤT, KHOÁNG SẢN".into()),
            Block::Subtitle("Kính gửi: Cục Địa chất và Khoáng sản Việt Nam".into()),
            Block::Space(8.0),
            Block::Paragraph(format!("Tổ chức, cá nhân yêu cầu: {who}")),
            Block::Paragraph(format!("Hình thức: {kind_words}")),
            Block::Paragraph(format!("Mục đích sử dụng: {purpose}")),
            Block::Heading("Tài liệu yêu cầu".into()),
            Block::Table {
                columns: vec![
                    Column::new("STT", 8.0),
                    Column::new("Số lưu trữ", 25.0),
                    Column::new("Tên tài liệu", 90.0),
                    Column::new("Trang", 25.0),
                ],
                rows,
            },
            Block::Paragraph(
                "Tổ chức, cá nhân cam kết sử dụng thông tin, tài liệu đúng mục đích đã nêu và tuân thủ quy định của pháp luật về bảo vệ bí mật nhà nước.".into(),
            ),
        ],
    };
    Ok(lode_print::render(&doc)?)
}

#[cfg(test)]
mod tests {
    #[test]
    fn online_reading_is_asked_only_of_scanned_records_not_open_to_all() {
        use super::{Item, RequestKind};
        use crate::domain::Access;
        let item = |access: Access, digitised: bool| Item {
            record_id: 1,
            archive_number: "LT-1".into(),
            title: "Báo cáo".into(),
            access,
            volumes: 1,
            drawings: 0,
            copy_allowed: true,
            digitised,
            pages: None,
        };
        // a public record is read by anyone, for nothing: no request to pay for
        assert!(RequestKind::Consult.barred_by(&item(Access::Public, true)));
        assert!(RequestKind::Consult.barred_by(&item(Access::Consult, false)));
        assert!(!RequestKind::Consult.barred_by(&item(Access::Consult, true)));
        assert!(!RequestKind::Consult.barred_by(&item(Access::Restricted, true)));
        // its copies and the reading room stay open to request
        assert!(!RequestKind::Copy.barred_by(&item(Access::Public, true)));
        assert!(!RequestKind::ReadingRoom.barred_by(&item(Access::Public, true)));
    }

    #[test]
    fn pages_read_as_typed_and_are_bounded() {
        use super::check_pages;
        assert_eq!(
            check_pages("1-5, 8,  10 - 12").ok().as_deref(),
            Some("1-5, 8, 10-12")
        );
        assert_eq!(check_pages("").ok().as_deref(), Some(""));
        for wrong in ["0", "5-2", "a", "1-", "1-3000", "1-4294967295, 1-2"] {
            assert!(check_pages(wrong).is_err(), "{wrong}");
        }
    }
}

/// Makes and signs the certified copies of an approved request (`web::copies::make`).
pub const COPY_JOB: &str = "archive.copy";

/// How many days an approved consultation stays open.
pub const CONSULT_DAYS: i64 = 30;

/// A filed request, as the archive's staff decide on it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Filed {
    pub id: i64,
    pub applicant: String,
    pub kind: RequestKind,
    pub purpose: Option<String>,
    pub application_id: i64,
    pub code: Option<String>,
    /// The dossier's status (`submitted`, `accepted`, …).
    pub application_status: String,
    pub items: Vec<Item>,
    /// Whether the archive's leader must decide (copies, restricted records).
    pub needs_leader: bool,
    /// `approved` or `refused`, once decided.
    pub decision: Option<String>,
    pub decision_note: Option<String>,
    pub open_until: Option<String>,
    pub submitted_at: Option<String>,
    /// Whether the certified copies are made and signed.
    pub copy_ready: bool,
    /// The visit to the reading room booked (an instant), for a reading-room request.
    pub appointment_at: Option<String>,
}

impl Filed {
    /// Decided on, or waiting: the desk must have accepted the dossier first.
    pub fn waiting(&self) -> bool {
        self.decision.is_none() && self.application_status == "accepted"
    }
}

lode_db::row! {
    /// A filed request with its dossier and applicant.
    struct FiledRow {
        id: i64,
        applicant_id: i64,
        full_name: String,
        organisation_name: Option<String>,
        kind: String,
        purpose: Option<String>,
        application_id: i64,
        code: Option<String>,
        status: String,
        decision: Option<String>,
        decision_note: Option<String>,
        open_until: Option<String>,
        submitted_at: Option<String>,
        copy_sha256: Option<String>,
        appointment_at: Option<String>,
    }
}

const FILED: &str =
    "SELECT q.id, q.applicant_id, a.full_name, a.organisation_name, q.kind, q.purpose,
    q.application_id, d.code, d.status, q.decision, q.decision_note, q.open_until, q.submitted_at,
    q.copy_sha256, q.appointment_at
    FROM archive_requests q
    JOIN accounts a ON a.id = q.applicant_id
    JOIN applications d ON d.id = q.application_id";

async fn filed_of(db: &Db, r: FiledRow) -> DbResult<Filed> {
    let req = load(db, r.applicant_id, r.id).await?;
    let kind = RequestKind::parse(&r.kind).unwrap_or(RequestKind::Consult);
    let needs_leader =
        kind == RequestKind::Copy || req.items.iter().any(|i| i.access == Access::Restricted);
    Ok(Filed {
        id: r.id,
        applicant: match r.organisation_name {
            Some(o) => format!("{o} ({})", r.full_name),
            None => r.full_name,
        },
        kind,
        purpose: r.purpose,
        application_id: r.application_id,
        code: r.code,
        application_status: r.status,
        items: req.items,
        needs_leader,
        decision: r.decision,
        decision_note: r.decision_note,
        open_until: r.open_until,
        submitted_at: r.submitted_at,
        copy_ready: r.copy_sha256.is_some(),
        appointment_at: r.appointment_at,
    })
}

/// The requests filed, newest first: the archive's staff.
pub async fn filed(db: &Db, reader: Reader) -> DbResult<Vec<Filed>> {
    if !reader.keeps_archive() {
        return Err(DbError::Denied(lode_core::authz::Denied::MissingRole));
    }
    let rows: Vec<FiledRow> = sqlx::query_as(&format!("{FILED} ORDER BY q.id DESC LIMIT 500"))
        .fetch_all(db.pool())
        .await?;
    let mut out = Vec::new();
    for r in rows {
        out.push(filed_of(db, r).await?);
    }
    Ok(out)
}

/// The requests waiting for the archive's decision (the desk accepted their dossier), oldest
/// first, at most `limit` of them, with how many wait in all: the archive's staff.
pub async fn waiting(db: &Db, reader: Reader, limit: i64) -> DbResult<(i64, Vec<Filed>)> {
    if !reader.keeps_archive() {
        return Err(DbError::Denied(lode_core::authz::Denied::MissingRole));
    }
    let (count,): (i64,) = sqlx::query_as(&format!(
        "SELECT COUNT(*) FROM archive_requests q JOIN applications d ON d.id = q.application_id
         WHERE {WAITING_SQL}"
    ))
    .fetch_one(db.pool())
    .await?;
    let rows: Vec<FiledRow> = sqlx::query_as(&format!(
        "{FILED} WHERE {WAITING_SQL} ORDER BY q.submitted_at, q.id LIMIT $1"
    ))
    .bind(limit)
    .fetch_all(db.pool())
    .await?;
    let mut out = Vec::new();
    for r in rows {
        out.push(filed_of(db, r).await?);
    }
    Ok((count, out))
}

/// The applicant's own filed requests, newest first.
pub async fn mine(db: &Db, actor: &lode_core::authz::Actor) -> DbResult<Vec<Filed>> {
    applicant_only(actor)?;
    let rows: Vec<FiledRow> = sqlx::query_as(&format!(
        "{FILED} WHERE q.applicant_id = $1 ORDER BY q.id DESC LIMIT 100"
    ))
    .bind(actor.account_id)
    .fetch_all(db.pool())
    .await?;
    let mut out = Vec::new();
    for r in rows {
        out.push(filed_of(db, r).await?);
    }
    Ok(out)
}

/// Whether `actor` decides for the archive's leader: an archivist who leads a unit.
pub fn archive_leader(actor: &lode_core::authz::Actor) -> bool {
    use lode_core::people::Role;
    actor.has(Role::Archivist) && (actor.has(Role::UnitLeader) || actor.has(Role::AgencyLeader))
}

/// The archive's decision on a filed request whose dossier the desk accepted: approved (a
/// consultation opens for [`CONSULT_DAYS`] days) or refused with a reason. Copies and restricted
/// records are the archive leader's to decide; the others any of the archive's staff.
pub async fn decide(
    db: &Db,
    ctx: &AuditCtx,
    actor: &lode_core::authz::Actor,
    id: i64,
    approve: bool,
    note: &str,
    appointment: Option<&str>,
) -> DbResult<Filed> {
    let reader = Reader::of(Some(actor));
    if !reader.keeps_archive() {
        return Err(DbError::Denied(lode_core::authz::Denied::MissingRole));
    }
    let row: FiledRow = sqlx::query_as(&format!("{FILED} WHERE q.id = $1"))
        .bind(id)
        .fetch_optional(db.pool())
        .await?
        .ok_or(DbError::NotFound)?;
    let current = filed_of(db, row).await?;
    if current.needs_leader && !archive_leader(actor) {
        return Err(DbError::Denied(lode_core::authz::Denied::MissingRole));
    }
    if !current.waiting() {
        return Err(DbError::Conflict(
            "the request is decided already, or its dossier is not accepted at the desk".into(),
        ));
    }
    let note = note.trim();
    if !approve && note.is_empty() {
        return Err(
            FieldErrors::single("note", "required", "say why the request is refused").into(),
        );
    }
    let until = (approve && current.kind == RequestKind::Consult).then(|| {
        lode_db::format_instant(chrono::Utc::now() + chrono::Duration::days(CONSULT_DAYS))
    });
    // a visit to the reading room is booked as it is approved
    let visit = if approve && current.kind == RequestKind::ReadingRoom {
        let calendar = lode_db::calendar::calendar(db).await?;
        let local_now =
            (chrono::Utc::now() + chrono::Duration::hours(lode_db::LOCAL_OFFSET_HOURS)).naive_utc();
        let at = crate::domain::appointment(appointment.unwrap_or(""), local_now, |d| {
            calendar.is_working_day(d)
        })
        .map_err(|e| FieldErrors(vec![e]))?;
        Some(at)
    } else {
        None
    };
    let visit_instant = visit.map(|at| {
        lode_db::format_instant(at.and_utc() - chrono::Duration::hours(lode_db::LOCAL_OFFSET_HOURS))
    });
    let mut tx = db.write().await?;
    // the dossier still in handling, locked until the decision is written
    let handling = sqlx::query(
        "UPDATE applications SET version = version WHERE id = $1 AND status = 'accepted'",
    )
    .bind(current.application_id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if handling == 0 {
        return Err(DbError::Conflict(
            "the dossier is no longer in handling".into(),
        ));
    }
    let changed = sqlx::query(
        "UPDATE archive_requests SET decision = $1, decided_at = $2, decided_by = $3,
            decision_note = $4, open_until = $5, appointment_at = $7
         WHERE id = $6 AND decision IS NULL",
    )
    .bind(if approve { "approved" } else { "refused" })
    .bind(now())
    .bind(actor.account_id)
    .bind((!note.is_empty()).then_some(note))
    .bind(&until)
    .bind(id)
    .bind(&visit_instant)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if changed == 0 {
        return Err(DbError::Conflict("the request is decided already".into()));
    }
    tell_decision(&mut tx, &current, approve, note, visit).await?;
    // the dossier's own history says it too, and its page at its top: what was decided, the
    // staff's note, and where the applicant reads or downloads what was approved
    let (message, args) = match visit {
        Some(at) => (
            "archive_appointment",
            serde_json::json!({"visit_day": at.date().to_string(),
                "visit_time": at.format("%H:%M").to_string(), "note": note, "link": MINE}),
        ),
        None if approve && current.kind == RequestKind::Consult => (
            "archive_approved_online",
            serde_json::json!({"until_day": until.as_deref().and_then(lode_db::local_day_of)
                .map(|d| d.to_string()), "note": note, "link": MINE}),
        ),
        None if approve => (
            "archive_approved_copies",
            serde_json::json!({"note": note, "link": MINE}),
        ),
        None => ("archive_refused", serde_json::json!({"note": note})),
    };
    lode_services::applications::add_handling_event(
        &mut tx,
        current.application_id,
        Some(actor.account_id),
        message,
        args,
    )
    .await?;
    if !(approve && current.kind == RequestKind::Copy) {
        // the answer is given here and read on the applicant's pages: the dossier is settled,
        // counted on time or late by today, and leaves the e-office's queues
        lode_services::handling::answered_online(&mut tx, ctx, current.application_id, !approve)
            .await?;
    }
    if approve && current.kind == RequestKind::Copy {
        // the copies are made and signed in the background, then offered to the applicant as
        // the dossier's result
        lode_db::jobs::enqueue_in(
            &mut tx,
            &lode_db::jobs::NewJob {
                once_key: Some(format!("{COPY_JOB}:{id}")),
                ..lode_db::jobs::NewJob::new(COPY_JOB, serde_json::json!({ "request_id": id }))
            },
        )
        .await?;
    }
    lode_db::audit::append(
        &mut tx,
        ctx,
        lode_db::audit::Event::new(
            if approve {
                "archive_request.approve"
            } else {
                "archive_request.refuse"
            },
            "archive_request",
            id,
            serde_json::json!({"code": current.code, "note": note}),
        ),
    )
    .await?;
    tx.commit().await?;
    let row: FiledRow = sqlx::query_as(&format!("{FILED} WHERE q.id = $1"))
        .bind(id)
        .fetch_one(db.pool())
        .await?;
    filed_of(db, row).await
}

/// Where a notice about request `id` leads the archive's staff (and what settles it once the
/// request is decided).
pub fn waiting_link(id: i64) -> String {
    format!("/luu-tru/yeu-cau-khai-thac#request-{id}")
}

/// Where a notice about request `id` leads, in SQL over the request's id column `q.id`.
const WAITING_LINK_SQL: &str = "'/luu-tru/yeu-cau-khai-thac#request-' || q.id";

/// Whether request `q` (joined with its dossier `d`) waits for the archive's decision: the desk
/// accepted the dossier and nobody has decided ([`Filed::waiting`] in SQL).
const WAITING_SQL: &str = "q.decision IS NULL AND d.status = 'accepted'";

/// Tells the archive's staff, in lode and by e-mail, of every request the desk accepted that
/// waits for their decision, once each (those not told yet, oldest first), and settles the
/// notices of requests no longer waiting (decided, or their dossier withdrawn). Run by the
/// archive's regular intake; writes nothing when there is nothing new. Returns how many notices
/// were new.
pub async fn tell_waiting(db: &Db) -> DbResult<usize> {
    // request, its dossier's code, its kind; the keeper not told yet, their address
    type Untold = (i64, Option<String>, String, i64, Option<String>);
    let untold: Vec<Untold> = sqlx::query_as(&format!(
        "SELECT q.id, d.code, q.kind, a.id, a.email FROM archive_requests q
         JOIN applications d ON d.id = q.application_id
         JOIN account_roles r ON r.role = 'archivist'
         JOIN accounts a ON a.id = r.account_id AND a.active = 1
         WHERE {WAITING_SQL} AND NOT EXISTS (
             SELECT 1 FROM notifications n WHERE n.account_id = a.id AND n.link = {WAITING_LINK_SQL})
         ORDER BY q.id, a.id LIMIT 500"
    ))
    .fetch_all(db.pool())
    .await?;
    let (stale,): (i64,) = sqlx::query_as(&format!(
        "SELECT COUNT(*) FROM notifications n
         WHERE n.message = 'archive_request_waiting' AND n.read_at IS NULL AND NOT EXISTS (
             SELECT 1 FROM archive_requests q JOIN applications d ON d.id = q.application_id
             WHERE {WAITING_SQL} AND n.link = {WAITING_LINK_SQL})"
    ))
    .fetch_one(db.pool())
    .await?;
    if untold.is_empty() && stale == 0 {
        return Ok(0);
    }
    let message =
        lode_db::notifications::message(crate::NOTICE_MESSAGES, "archive_request_waiting")?;
    let mut tx = db.write().await?;
    if stale > 0 {
        sqlx::query(&format!(
            "UPDATE notifications SET read_at = $1
             WHERE message = 'archive_request_waiting' AND read_at IS NULL AND NOT EXISTS (
                 SELECT 1 FROM archive_requests q JOIN applications d ON d.id = q.application_id
                 WHERE {WAITING_SQL} AND notifications.link = {WAITING_LINK_SQL})"
        ))
        .bind(now())
        .execute(&mut *tx)
        .await?;
    }
    let mut told = 0;
    for (id, code, kind, keeper, email) in &untold {
        let args = serde_json::json!({"code": code, "kind": kind});
        let link = waiting_link(*id);
        let notice = lode_db::notifications::Notice {
            account_id: *keeper,
            kind: "archive_request",
            incoming_id: None,
            message,
            args: &args,
            link: &link,
            dedupe_key: &format!("archive_request:{id}:waiting:{keeper}"),
        };
        told += lode_db::notifications::insert(&mut *tx, &notice, email.as_deref()).await?;
    }
    tx.commit().await?;
    Ok(told)
}

/// Tells the applicant of request `current` the archive's decision, and the visit booked.
async fn tell_decision(
    tx: &mut lode_db::Tx,
    current: &Filed,
    approve: bool,
    note: &str,
    visit: Option<chrono::NaiveDateTime>,
) -> DbResult<()> {
    let (applicant, email): (i64, Option<String>) = sqlx::query_as(
        "SELECT a.id, a.email FROM archive_requests q JOIN accounts a ON a.id = q.applicant_id
         WHERE q.id = $1",
    )
    .bind(current.id)
    .fetch_one(&mut **tx)
    .await?;
    // decided: what asked the archive's staff to decide is settled
    lode_db::notifications::settle(tx, &waiting_link(current.id)).await?;
    let (message, args) = match visit {
        Some(at) => (
            "archive_appointment",
            serde_json::json!({"code": current.code, "visit_day": at.date().to_string(),
                "visit_time": at.format("%H:%M").to_string(), "note": note}),
        ),
        None => (
            match (approve, current.kind) {
                (true, RequestKind::Copy) => "archive_copies_approved",
                (true, _) => "archive_request_approved",
                (false, _) => "archive_request_refused",
            },
            serde_json::json!({"code": current.code, "note": note}),
        ),
    };
    let notice = lode_db::notifications::Notice {
        account_id: applicant,
        kind: "archive_request",
        incoming_id: None,
        message: lode_db::notifications::message(crate::NOTICE_MESSAGES, message)?,
        args: &args,
        link: MINE,
        dedupe_key: &format!("archive_request:{}:decided", current.id),
    };
    lode_db::notifications::insert(&mut **tx, &notice, email.as_deref()).await?;
    Ok(())
}

/// The consultation an applicant holds on a record now: the request and its dossier's code,
/// approved, open, its dossier accepted or answered.
pub async fn grant(
    db: &Db,
    actor: &lode_core::authz::Actor,
    record_id: i64,
) -> DbResult<Option<(i64, String)>> {
    if actor.is_staff() {
        return Ok(None);
    }
    let found: Option<(i64, Option<String>)> = sqlx::query_as(
        "SELECT q.id, d.code FROM archive_requests q
         JOIN archive_request_items i ON i.request_id = q.id
         JOIN applications d ON d.id = q.application_id
         JOIN archive_records r ON r.id = i.record_id
         WHERE q.applicant_id = $1 AND i.record_id = $2 AND q.kind = 'consult'
           AND q.decision = 'approved' AND q.open_until > $3
           AND d.status IN ('accepted', 'result_ready', 'returned') AND r.access <> 'secret'
         ORDER BY q.id DESC LIMIT 1",
    )
    .bind(actor.account_id)
    .bind(record_id)
    .bind(now())
    .fetch_optional(db.pool())
    .await?;
    Ok(found.map(|(id, code)| (id, code.unwrap_or_default())))
}

/// Logs a page served to an applicant under request `request_id`.
pub async fn log_view(
    db: &Db,
    request_id: i64,
    applicant_id: i64,
    record_id: i64,
    seq: i64,
) -> DbResult<()> {
    let mut tx = db.write().await?;
    served(&mut tx, [request_id, applicant_id, record_id, seq]).await?;
    tx.commit().await?;
    Ok(())
}

/// Logs in `tx` page `seq` of record `record` served to `applicant` under `request`.
async fn served(tx: &mut lode_db::Tx, [request, applicant, record, seq]: [i64; 4]) -> DbResult<()> {
    sqlx::query(
        "INSERT INTO archive_page_views (request_id, applicant_id, record_id, seq, at)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(request)
    .bind(applicant)
    .bind(record)
    .bind(seq)
    .bind(now())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The pages `spec` names (`1-5, 8`), within a record of `count` pages, in order, once each.
pub fn pages_of(spec: &str, count: i64) -> Vec<i64> {
    let mut out: Vec<i64> = Vec::new();
    for part in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (a, b) = match part.split_once('-') {
            Some((a, b)) => (a.trim(), b.trim()),
            None => (part, part),
        };
        if let (Ok(a), Ok(b)) = (a.parse::<i64>(), b.parse::<i64>()) {
            for n in a.max(1)..=b.min(count) {
                if !out.contains(&n) {
                    out.push(n);
                }
            }
        }
    }
    out
}

/// What making the copies of request `id` needs: the applicant, the dossier's code, and each
/// record with the pages asked for and how many it has.
pub async fn copy_order(db: &Db, id: i64) -> DbResult<Option<CopyOrder>> {
    let row: FiledRow = sqlx::query_as(&format!("{FILED} WHERE q.id = $1"))
        .bind(id)
        .fetch_optional(db.pool())
        .await?
        .ok_or(DbError::NotFound)?;
    let applicant = row.applicant_id;
    let f = filed_of(db, row).await?;
    if f.kind != RequestKind::Copy || f.decision.as_deref() != Some("approved") {
        return Err(DbError::Conflict("the request is no approved copy".into()));
    }
    // made already (a retry after they were kept), or the dossier left handling (withdrawn):
    // nothing to make
    if f.copy_ready || f.application_status != "accepted" {
        return Ok(None);
    }
    // the copies' number, drawn once and kept, so that a retry prints and issues the same
    let mut tx = db.write().await?;
    let (kept,): (Option<String>,) =
        sqlx::query_as("SELECT copy_number FROM archive_requests WHERE id = $1")
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
    let number = match kept {
        Some(n) => n,
        None => {
            let n = crate::submissions::paper_number(&mut tx, "BS", crate::today()).await?;
            sqlx::query("UPDATE archive_requests SET copy_number = $1 WHERE id = $2")
                .bind(&n)
                .bind(id)
                .execute(&mut *tx)
                .await?;
            n
        }
    };
    tx.commit().await?;
    let mut items = Vec::new();
    for i in f.items {
        let r = crate::catalogue::get(db, i.record_id).await?;
        // a record whose copying was withdrawn since is not copied
        if r.entry.copy_allowed && r.entry.access != Access::Secret {
            items.push((i, r.page_count));
        }
    }
    Ok(Some(CopyOrder {
        applicant,
        code: f.code.unwrap_or_default(),
        number,
        items,
    }))
}

/// What making an approved request's certified copies needs ([`copy_order`]).
pub struct CopyOrder {
    pub applicant: i64,
    /// Its dossier's code.
    pub code: String,
    /// The number the copies go out under (`n/BS-LTĐC`).
    pub number: String,
    /// Each record to copy, with how many pages it has.
    pub items: Vec<(Item, i64)>,
}

/// Keeps the signed copies of request `id`, and logs every page they hold as served.
pub async fn keep_copy(
    db: &Db,
    id: i64,
    applicant: i64,
    sha256: &str,
    pages: &[(i64, i64)],
) -> DbResult<()> {
    let mut tx = db.write().await?;
    sqlx::query("UPDATE archive_requests SET copy_sha256 = $1 WHERE id = $2")
        .bind(sha256)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    for (record, seq) in pages {
        served(&mut tx, [id, applicant, *record, *seq]).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The certified copies kept for request `id` become its dossier's result, issued in the name
/// of whoever approved them; nothing when the dossier has its result already (issued before a
/// retry) or left handling (withdrawn).
pub async fn issue_copy(db: &Db, id: i64) -> DbResult<()> {
    let (application_id, decided_by, copy, number): (
        i64,
        Option<i64>,
        Option<String>,
        Option<String>,
    ) = sqlx::query_as(
        "SELECT q.application_id, q.decided_by, q.copy_sha256, q.copy_number
             FROM archive_requests q JOIN applications d ON d.id = q.application_id
             WHERE q.id = $1 AND d.status = 'accepted'",
    )
    .bind(id)
    .fetch_optional(db.pool())
    .await?
    .unwrap_or_default();
    let (Some(decided_by), Some(sha256), Some(number)) = (decided_by, copy, number) else {
        return Ok(());
    };
    let account = lode_db::accounts::get(db, decided_by).await?;
    lode_services::handling::issue_paper(
        db,
        &account.acting(),
        &account.actor(),
        application_id,
        &sha256,
        &number,
        "Bản sao tài liệu lưu trữ địa chất, khoáng sản",
    )
    .await?;
    Ok(())
}

/// The signed copies of the applicant's request `id`, when made, and its dossier.
pub async fn copy_of(db: &Db, actor: &lode_core::authz::Actor, id: i64) -> DbResult<(String, i64)> {
    applicant_only(actor)?;
    // a withdrawn dossier's copies are not handed over
    let (sha, dossier): (Option<String>, i64) = sqlx::query_as(
        "SELECT q.copy_sha256, q.application_id FROM archive_requests q
         JOIN applications d ON d.id = q.application_id
         WHERE q.id = $1 AND q.applicant_id = $2 AND d.status <> 'withdrawn'",
    )
    .bind(id)
    .bind(actor.account_id)
    .fetch_optional(db.pool())
    .await?
    .ok_or(DbError::NotFound)?;
    Ok((sha.ok_or(DbError::NotFound)?, dossier))
}
