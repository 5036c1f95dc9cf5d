//! Digitisation, storage and jobs: scans uploaded to a record (PDF, TIFF, JPEG; kept unchanged),
//! their pages counted, each page read in Vietnamese by Tesseract into its text and a
//! searchable page, and the searchable pages joined into a searchable copy of the file. Every
//! step is a job any node may take (`lode_db::jobs`): a page is one job, so progress is pages
//! read of pages counted, a node killed mid-page leaves the page to another after the lease,
//! and a page already read is never read again. Tools: poppler's `pdfinfo` and `pdftoppm`,
//! libtiff's `tiff2pdf`, `tesseract` with `vie`, `qpdf`.

use crate::domain::Reader;
use crate::tools::{Workdir, join_pdfs, os, tool};
use lode_db::audit::{Event, append};
use lode_db::blobs::Blobs;
use lode_db::jobs::{self, Claimed, NewJob};
use lode_db::{AuditCtx, Db, DbError, DbResult, Tx, now};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// Counts a file's pages and queues them.
pub const SPLIT: &str = "archive.split";
/// Reads one page.
pub const READ_PAGE: &str = "archive.read_page";
/// Joins a file's searchable pages.
pub const ASSEMBLE: &str = "archive.assemble";
/// The kinds of job this module runs ([`run`]).
pub const JOB_KINDS: &[&str] = &[SPLIT, READ_PAGE, ASSEMBLE];

/// The largest scan taken in one upload.
pub const SCAN_MAX_BYTES: usize = 200 * 1024 * 1024;
/// The most pages one file may have.
pub const PAGES_MAX: i64 = 2000;
/// The resolution pages are read at.
const READ_DPI: &str = "300";

/// The media types a scan may have.
pub const SCAN_TYPES: [&str; 3] = ["application/pdf", "image/tiff", "image/jpeg"];

/// What kind of scan bytes are, by their first bytes: its media type.
pub fn scan_type(data: &[u8]) -> Option<&'static str> {
    if data.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else if data.starts_with(b"II*\0") || data.starts_with(b"MM\0*") {
        Some("image/tiff")
    } else if data.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else {
        None
    }
}

/// A file of a record, with how far its reading got.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ScanFile {
    pub id: i64,
    pub name: String,
    pub media_type: String,
    pub sha256: String,
    /// Pages counted (0 until counted).
    pub pages: i64,
    /// Pages read.
    pub pages_read: i64,
    /// `queued` (waiting to be counted), `reading`, `done`, `failed`.
    pub state: String,
    /// Whether its searchable copy is ready.
    pub searchable: bool,
    pub added_at: String,
}

lode_db::row! {
    /// A file as [`files_of`] reads it.
    struct FileRow {
        id: i64,
        name: String,
        media_type: String,
        sha256: String,
        pages: i64,
        pages_read: i64,
        state: String,
        searchable_sha256: Option<String>,
        added_at: String,
    }
}

/// The files of record `id`, in the order added.
pub async fn files_of(db: &Db, id: i64) -> DbResult<Vec<ScanFile>> {
    let rows: Vec<FileRow> = sqlx::query_as(
        "SELECT f.id, f.name, f.media_type, f.sha256, f.pages,
            (SELECT COUNT(*) FROM archive_pages p WHERE p.file_id = f.id AND p.ocr_at IS NOT NULL)
                AS pages_read,
            f.state, f.searchable_sha256, f.added_at
         FROM archive_files f WHERE f.record_id = $1 ORDER BY f.id",
    )
    .bind(id)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| ScanFile {
            id: r.id,
            name: r.name,
            media_type: r.media_type,
            sha256: r.sha256,
            pages: r.pages,
            pages_read: r.pages_read,
            state: r.state,
            searchable: r.searchable_sha256.is_some(),
            added_at: r.added_at,
        })
        .collect())
}

/// Adds an uploaded scan (its bytes stored as `sha256`) to record `id` and queues its reading:
/// the archive's staff only.
pub async fn add_file(
    db: &Db,
    ctx: &AuditCtx,
    reader: Reader,
    id: i64,
    sha256: &str,
    name: &str,
    media_type: &str,
) -> DbResult<ScanFile> {
    if !reader.keeps_archive() {
        return Err(DbError::Denied(lode_core::authz::Denied::MissingRole));
    }
    crate::catalogue::visible(db, reader, id).await?;
    let mut tx = db.write().await?;
    let file_id = attach(&mut tx, ctx, id, sha256, name, media_type).await?;
    tx.commit().await?;
    files_of(db, id)
        .await?
        .into_iter()
        .find(|f| f.id == file_id)
        .ok_or(DbError::NotFound)
}

/// Adds the stored file `sha256` to record `id` as a scan and queues its reading, in `tx`:
/// the new file's id.
pub(crate) async fn attach(
    tx: &mut lode_db::Tx,
    ctx: &AuditCtx,
    id: i64,
    sha256: &str,
    name: &str,
    media_type: &str,
) -> DbResult<i64> {
    let row = sqlx::query(
        "INSERT INTO archive_files (record_id, sha256, name, media_type, state, added_at, added_by)
         VALUES ($1, $2, $3, $4, 'queued', $5, $6) RETURNING id",
    )
    .bind(id)
    .bind(sha256)
    .bind(name)
    .bind(media_type)
    .bind(now())
    .bind(ctx.actor_id)
    .fetch_one(&mut **tx)
    .await?;
    use sqlx::Row as _;
    let file_id: i64 = row.try_get(0)?;
    jobs::enqueue_in(tx, &job(SPLIT, "file_id", file_id)).await?;
    append(
        tx,
        ctx,
        Event::new(
            "archive_record.file",
            "archive_record",
            id,
            serde_json::json!({"name": name, "media_type": media_type}),
        ),
    )
    .await?;
    Ok(file_id)
}

/// A job of `kind` about one row, queued once for it.
fn job(kind: &str, key: &str, id: i64) -> NewJob {
    NewJob {
        once_key: Some(format!("{kind}:{id}")),
        max_attempts: 4,
        ..NewJob::new(kind, serde_json::json!({ key: id }))
    }
}

/// Runs a claimed job of one of [`JOB_KINDS`].
pub async fn run(db: &Db, blobs: &Blobs, claimed: &Claimed) -> anyhow::Result<()> {
    let id = |key: &str| {
        claimed.payload[key]
            .as_i64()
            .ok_or_else(|| anyhow::anyhow!("the job has no {key}"))
    };
    let result = match claimed.kind.as_str() {
        SPLIT => split(db, blobs, id("file_id")?).await,
        READ_PAGE => read_page(db, blobs, id("page_id")?).await,
        ASSEMBLE => assemble(db, blobs, id("file_id")?).await,
        other => anyhow::bail!("the archive runs no job of kind {other}"),
    };
    // the last attempt failed: the file says so, rather than wait for ever
    if result.is_err() && claimed.attempt >= claimed.max_attempts {
        let file = match claimed.kind.as_str() {
            READ_PAGE => {
                sqlx::query_as::<_, (i64,)>("SELECT file_id FROM archive_pages WHERE id = $1")
                    .bind(id("page_id")?)
                    .fetch_optional(db.pool())
                    .await?
                    .map(|(f,)| f)
            }
            _ => id("file_id").ok(),
        };
        if let Some(f) = file {
            let mut tx = db.write().await?;
            sqlx::query("UPDATE archive_files SET state = 'failed' WHERE id = $1")
                .bind(f)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
        }
    }
    result
}

lode_db::row! {
    /// What the jobs read of a file.
    struct FileJobRow {
        record_id: i64,
        sha256: String,
        media_type: String,
        render_sha256: Option<String>,
        pages: i64,
    }
}

async fn file_row(db: &Db, file_id: i64) -> DbResult<FileJobRow> {
    sqlx::query_as(
        "SELECT record_id, sha256, media_type, render_sha256, pages FROM archive_files WHERE id = $1",
    )
    .bind(file_id)
    .fetch_optional(db.pool())
    .await?
    .ok_or(DbError::NotFound)
}

async fn bytes(blobs: &Blobs, sha: &str) -> anyhow::Result<bytes::Bytes> {
    blobs
        .get(sha)
        .await?
        .ok_or_else(|| anyhow::anyhow!("the file {sha} is missing from the store"))
}

/// Stores bytes lode made (a searchable page, a rendered TIFF) and records them in `tx`.
async fn keep(
    blobs: &Blobs,
    tx: &mut Tx,
    data: Vec<u8>,
    media_type: &str,
) -> anyhow::Result<String> {
    let size = data.len();
    let sha = blobs.put(bytes::Bytes::from(data)).await?;
    lode_db::blobs::record(tx, &sha, size, media_type).await?;
    Ok(sha)
}

/// The pages of a PDF, as `pdfinfo` counts them.
async fn pdf_pages(path: &Path) -> anyhow::Result<i64> {
    let info = tool("pdfinfo", &[os(path)]).await?;
    String::from_utf8_lossy(&info)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:").map(|n| n.trim().parse::<i64>()))
        .ok_or_else(|| anyhow::anyhow!("pdfinfo gave no page count"))?
        .map_err(Into::into)
}

/// Counts a file's pages (a TIFF first made into PDF pages), writes them, queues each one's
/// reading. Run again after a crash, it writes nothing twice and queues what is left.
async fn split(db: &Db, blobs: &Blobs, file_id: i64) -> anyhow::Result<()> {
    let f = file_row(db, file_id).await?;
    let dir = Workdir::new("split", file_id)?;
    let mut rendered: Option<Vec<u8>> = None;
    let pages = match f.media_type.as_str() {
        "image/jpeg" => 1,
        "application/pdf" => {
            let path = dir.path("scan.pdf");
            std::fs::write(&path, bytes(blobs, &f.sha256).await?)?;
            pdf_pages(&path).await?
        }
        "image/tiff" => {
            let (tif, pdf) = (dir.path("scan.tif"), dir.path("scan.pdf"));
            std::fs::write(&tif, bytes(blobs, &f.sha256).await?)?;
            tool("tiff2pdf", &[os("-o".as_ref()), os(&pdf), os(&tif)]).await?;
            let n = pdf_pages(&pdf).await?;
            rendered = Some(std::fs::read(&pdf)?);
            n
        }
        other => anyhow::bail!("a scan of type {other} is not read"),
    };
    if !(1..=PAGES_MAX).contains(&pages) {
        let mut tx = db.write().await?;
        sqlx::query("UPDATE archive_files SET state = 'failed' WHERE id = $1")
            .bind(file_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        return Ok(());
    }
    let mut tx = db.write().await?;
    if let Some(pdf) = rendered
        && f.render_sha256.is_none()
    {
        let sha = keep(blobs, &mut tx, pdf, "application/pdf").await?;
        sqlx::query("UPDATE archive_files SET render_sha256 = $1 WHERE id = $2")
            .bind(sha)
            .bind(file_id)
            .execute(&mut *tx)
            .await?;
    }
    if f.pages == 0 {
        // two files of one record counted at once number their pages one after the other
        lock_record(&mut tx, f.record_id).await?;
        let (last,): (i64,) =
            sqlx::query_as("SELECT COALESCE(MAX(seq), 0) FROM archive_pages WHERE record_id = $1")
                .bind(f.record_id)
                .fetch_one(&mut *tx)
                .await?;
        for n in 1..=pages {
            sqlx::query(
                "INSERT INTO archive_pages (record_id, file_id, page_no, seq) VALUES ($1, $2, $3, $4)",
            )
            .bind(f.record_id)
            .bind(file_id)
            .bind(n)
            .bind(last + n)
            .execute(&mut *tx)
            .await?;
        }
        sqlx::query("UPDATE archive_files SET pages = $1, state = 'reading' WHERE id = $2")
            .bind(pages)
            .bind(file_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "UPDATE archive_records SET page_count = (SELECT COUNT(*) FROM archive_pages WHERE record_id = $1)
             WHERE id = $1",
        )
        .bind(f.record_id)
        .execute(&mut *tx)
        .await?;
    }
    let unread: Vec<(i64,)> = sqlx::query_as(
        "SELECT id FROM archive_pages WHERE file_id = $1 AND ocr_at IS NULL ORDER BY page_no",
    )
    .bind(file_id)
    .fetch_all(&mut *tx)
    .await?;
    for (page,) in unread {
        jobs::enqueue_in(&mut tx, &job(READ_PAGE, "page_id", page)).await?;
    }
    tx.commit().await?;
    Ok(())
}

lode_db::row! {
    /// What reading a page needs of it.
    struct PageJobRow {
        file_id: i64,
        record_id: i64,
        page_no: i64,
        ocr_at: Option<String>,
        text: Option<String>,
    }
}

/// The image of page `page_no` of a file, as a file in `dir` a reader (Tesseract, a browser)
/// takes: a JPEG as it is, a PDF's page rendered at `dpi`. Its path and media type.
async fn page_image(
    blobs: &Blobs,
    f: &FileJobRow,
    page_no: i64,
    dir: &Workdir,
    dpi: &str,
) -> anyhow::Result<(PathBuf, &'static str)> {
    if f.media_type == "image/jpeg" {
        let path = dir.path("page.jpg");
        std::fs::write(&path, bytes(blobs, &f.sha256).await?)?;
        return Ok((path, "image/jpeg"));
    }
    let source = f.render_sha256.as_deref().unwrap_or(&f.sha256);
    let pdf = dir.path("source.pdf");
    std::fs::write(&pdf, bytes(blobs, source).await?)?;
    let n = page_no.to_string();
    let out = dir.path("page");
    tool(
        "pdftoppm",
        &[
            os("-r".as_ref()),
            os(dpi.as_ref()),
            os("-f".as_ref()),
            os(n.as_ref()),
            os("-l".as_ref()),
            os(n.as_ref()),
            os("-gray".as_ref()),
            os("-png".as_ref()),
            os("-singlefile".as_ref()),
            os(&pdf),
            os(&out),
        ],
    )
    .await?;
    Ok((dir.path("page.png"), "image/png"))
}

/// The image Tesseract reads page `page_no` from: a TIFF scan's own page at the resolution
/// it was scanned at (`tiffcp`), without rendering it again; a JPEG as it is; a PDF's page
/// rendered at [`READ_DPI`].
async fn reading_image(
    blobs: &Blobs,
    f: &FileJobRow,
    page_no: i64,
    dir: &Workdir,
) -> anyhow::Result<PathBuf> {
    if f.media_type != "image/tiff" {
        return Ok(page_image(blobs, f, page_no, dir, READ_DPI).await?.0);
    }
    let (scan, page) = (dir.path("scan.tif"), dir.path("page.tif"));
    std::fs::write(&scan, bytes(blobs, &f.sha256).await?)?;
    // tiffcp names a page of a multi-page TIFF by its index from 0
    let source = format!("{},{}", scan.display(), page_no - 1);
    tool("tiffcp", &[os(source.as_ref()), os(&page)]).await?;
    Ok(page)
}

/// Reads one page: its text and its searchable page, written once. When the file's last page is
/// read, its pages are queued to be joined.
async fn read_page(db: &Db, blobs: &Blobs, page_id: i64) -> anyhow::Result<()> {
    let p: PageJobRow = sqlx::query_as(
        "SELECT file_id, record_id, page_no, ocr_at, text FROM archive_pages WHERE id = $1",
    )
    .bind(page_id)
    .fetch_optional(db.pool())
    .await?
    .ok_or(DbError::NotFound)?;
    if p.ocr_at.is_none() {
        let f = file_row(db, p.file_id).await?;
        let dir = Workdir::new("page", page_id)?;
        let image = reading_image(blobs, &f, p.page_no, &dir).await?;
        let base = dir.path("read");
        tool(
            "tesseract",
            &[
                os(&image),
                os(&base),
                os("-l".as_ref()),
                os("vie".as_ref()),
                os("txt".as_ref()),
                os("pdf".as_ref()),
            ],
        )
        .await?;
        let text = std::fs::read_to_string(dir.path("read.txt"))?;
        let text = lode_core::validation::nfc(text.trim()).into_owned();
        let page_pdf = std::fs::read(dir.path("read.pdf"))?;
        let mut tx = db.write().await?;
        let sha = keep(blobs, &mut tx, page_pdf, "application/pdf").await?;
        let written = sqlx::query(
            "UPDATE archive_pages SET ocr_text = $1, ocr_at = $2, pdf_sha256 = $3
             WHERE id = $4 AND ocr_at IS NULL",
        )
        .bind(&text)
        .bind(now())
        .bind(&sha)
        .bind(page_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        // a page read meanwhile by another node keeps its text; one corrected (even while it
        // was being read) keeps the correction in the index
        let (corrected,): (Option<String>,) =
            sqlx::query_as("SELECT text FROM archive_pages WHERE id = $1")
                .bind(page_id)
                .fetch_one(&mut *tx)
                .await?;
        if written > 0 && corrected.is_none() && !text.is_empty() {
            crate::search::put_text(&mut tx, p.record_id, page_id, &lode_core::text::fold(&text))
                .await?;
        }
        count_text_pages(&mut tx, p.record_id).await?;
        tx.commit().await?;
    }
    let (unread,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM archive_pages WHERE file_id = $1 AND ocr_at IS NULL")
            .bind(p.file_id)
            .fetch_one(db.pool())
            .await?;
    if unread == 0 {
        jobs::enqueue(db, &job(ASSEMBLE, "file_id", p.file_id)).await?;
    }
    Ok(())
}

async fn count_text_pages(tx: &mut Tx, record_id: i64) -> DbResult<()> {
    lock_record(tx, record_id).await?;
    sqlx::query(
        "UPDATE archive_records SET text_pages = (SELECT COUNT(*) FROM archive_pages
            WHERE record_id = $1 AND COALESCE(text, ocr_text, '') <> '')
         WHERE id = $1",
    )
    .bind(record_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Takes the record's row lock, so that what is counted next (in a statement of its own, which
/// on PostgreSQL sees what the writers before it committed) counts every page written.
async fn lock_record(tx: &mut Tx, record_id: i64) -> DbResult<()> {
    sqlx::query("UPDATE archive_records SET version = version WHERE id = $1")
        .bind(record_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Joins a file's searchable pages, in order, into its searchable copy.
async fn assemble(db: &Db, blobs: &Blobs, file_id: i64) -> anyhow::Result<()> {
    let pages: Vec<(i64, Option<String>)> = sqlx::query_as(
        "SELECT page_no, pdf_sha256 FROM archive_pages WHERE file_id = $1 ORDER BY page_no",
    )
    .bind(file_id)
    .fetch_all(db.pool())
    .await?;
    let dir = Workdir::new("assemble", file_id)?;
    let mut paths = Vec::new();
    for (n, sha) in &pages {
        let sha = sha
            .as_deref()
            .ok_or_else(|| anyhow::anyhow!("page {n} of file {file_id} is not read yet"))?;
        let path = dir.path(&format!("p{n:05}.pdf"));
        std::fs::write(&path, bytes(blobs, sha).await?)?;
        paths.push(path);
    }
    let data = join_pdfs(&dir, &paths).await?;
    let mut tx = db.write().await?;
    let sha = keep(blobs, &mut tx, data, "application/pdf").await?;
    sqlx::query("UPDATE archive_files SET searchable_sha256 = $1, state = 'done' WHERE id = $2")
        .bind(sha)
        .bind(file_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// A page of a record, as its viewer shows it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[schema(as = ArchivePage)]
pub struct Page {
    pub id: i64,
    /// Its number within the record, from 1.
    pub seq: i64,
    pub file_id: i64,
    pub page_no: i64,
    /// Its text: as corrected, else as read; none before it is read.
    pub text: Option<String>,
    pub read: bool,
    pub corrected: bool,
}

lode_db::row! {
    /// A page as stored.
    struct PageRow {
        id: i64,
        seq: i64,
        file_id: i64,
        page_no: i64,
        ocr_text: Option<String>,
        ocr_at: Option<String>,
        text: Option<String>,
    }
}

/// Page `seq` of record `id`: to readers of its content only.
pub async fn page(db: &Db, reader: Reader, id: i64, seq: i64) -> DbResult<Page> {
    let rec = crate::catalogue::visible(db, reader, id).await?;
    if !reader.reads_content(rec.entry.access) {
        return Err(DbError::Denied(
            lode_core::authz::Denied::InsufficientClearance,
        ));
    }
    stored_page(db, id, seq).await
}

/// Page `seq` of record `id`, whoever asks: its callers have decided the reader may read it
/// (by the record's level, or a request granted).
pub async fn stored_page(db: &Db, id: i64, seq: i64) -> DbResult<Page> {
    let r: PageRow = sqlx::query_as(
        "SELECT id, seq, file_id, page_no, ocr_text, ocr_at, text FROM archive_pages
         WHERE record_id = $1 AND seq = $2",
    )
    .bind(id)
    .bind(seq)
    .fetch_optional(db.pool())
    .await?
    .ok_or(DbError::NotFound)?;
    Ok(Page {
        id: r.id,
        seq: r.seq,
        file_id: r.file_id,
        page_no: r.page_no,
        corrected: r.text.is_some(),
        read: r.ocr_at.is_some(),
        text: r.text.or(r.ocr_text),
    })
}

/// The image of page `seq` of record `id` for its viewer (PNG, or the JPEG scanned): to readers
/// of its content only. Its bytes and media type.
pub async fn page_image_for(
    db: &Db,
    blobs: &Blobs,
    reader: Reader,
    id: i64,
    seq: i64,
) -> anyhow::Result<(Vec<u8>, &'static str)> {
    let p = page(db, reader, id, seq).await?;
    let f = file_row(db, p.file_id).await?;
    let dir = Workdir::new("view", p.id)?;
    let (path, media) = page_image(blobs, &f, p.page_no, &dir, VIEW_DPI).await?;
    Ok((std::fs::read(path)?, media))
}

/// Page `seq` of record `id` as an image for an applicant reading it under a request: the PNG
/// with `lines` (the reader's name, the dossier's code, the time) written across it, so that
/// every copy of the screen says whose it was.
pub async fn watermarked_image(
    db: &Db,
    blobs: &Blobs,
    id: i64,
    seq: i64,
    lines: &[String],
) -> anyhow::Result<Vec<u8>> {
    let p = stored_page(db, id, seq).await?;
    let f = file_row(db, p.file_id).await?;
    let dir = Workdir::new("watermark", p.id)?;
    let (path, _) = page_image(blobs, &f, p.page_no, &dir, VIEW_DPI).await?;
    let image = std::fs::read(&path)?;
    let (w, h) = lode_print::stamp::image_size(&image)
        .ok_or_else(|| anyhow::anyhow!("the page's image has no size"))?;
    // the page at its own size in points (at VIEW_DPI), the words repeated down it
    let dpi: f32 = VIEW_DPI.parse().unwrap_or(110.0);
    let (width, height) = (w as f32 * 72.0 / dpi, h as f32 * 72.0 / dpi);
    // the words in a light red that leaves the page readable, every few lines down it
    let mut marks = Vec::new();
    let rows = ((height / 45.0) as usize).max(3);
    for n in 0..rows {
        let text = lines
            .get(n % lines.len().max(1))
            .cloned()
            .unwrap_or_default();
        marks.push(lode_print::stamp::Line {
            text,
            size: 9.0,
            bold: false,
            color: [0.93, 0.55, 0.55],
        });
        marks.push(lode_print::stamp::Line {
            text: String::new(),
            size: 24.0,
            bold: false,
            color: [0.93, 0.55, 0.55],
        });
    }
    let pdf = lode_print::stamp::render(&lode_print::stamp::Stamp {
        width,
        height,
        lines: marks,
        image: Some(lode_print::stamp::Image {
            data: image,
            at: [0.0, 0.0, width, height],
        }),
        border: false,
    })?;
    let source = dir.path("marked.pdf");
    std::fs::write(&source, pdf)?;
    let out = dir.path("marked");
    tool(
        "pdftoppm",
        &[
            os("-r".as_ref()),
            os(VIEW_DPI.as_ref()),
            os("-png".as_ref()),
            os("-singlefile".as_ref()),
            os(&source),
            os(&out),
        ],
    )
    .await?;
    Ok(std::fs::read(dir.path("marked.png"))?)
}

/// The resolution pages are shown at.
const VIEW_DPI: &str = "110";
/// The resolution of certified copies.
const COPY_DPI: &str = "150";

/// Pages `seqs` of record `id` as one PDF, each page its scan's image with `stamp` (the copy's
/// words: whose archive, which record and page, for which dossier) framed at its top.
pub async fn copy_pdf(
    db: &Db,
    blobs: &Blobs,
    id: i64,
    seqs: &[i64],
    stamp: &(dyn Fn(i64) -> Vec<String> + Sync),
) -> anyhow::Result<Vec<u8>> {
    let dir = Workdir::new("copy", id)?;
    let mut pages = Vec::new();
    for seq in seqs {
        let p = stored_page(db, id, *seq).await?;
        let f = file_row(db, p.file_id).await?;
        let page_dir = Workdir::new("copy-page", p.id)?;
        let (path, _) = page_image(blobs, &f, p.page_no, &page_dir, COPY_DPI).await?;
        let image = std::fs::read(&path)?;
        let (w, h) = lode_print::stamp::image_size(&image)
            .ok_or_else(|| anyhow::anyhow!("the page's image has no size"))?;
        let dpi: f32 = COPY_DPI.parse().unwrap_or(150.0);
        let (width, height) = (w as f32 * 72.0 / dpi, h as f32 * 72.0 / dpi);
        let red = [0.8, 0.05, 0.05];
        let lines = stamp(*seq)
            .into_iter()
            .enumerate()
            .map(|(i, text)| lode_print::stamp::Line {
                text,
                size: if i == 0 { 9.0 } else { 7.0 },
                bold: i == 0,
                color: red,
            })
            .collect();
        let pdf = lode_print::stamp::render(&lode_print::stamp::Stamp {
            width,
            height,
            lines,
            image: Some(lode_print::stamp::Image {
                data: image,
                at: [0.0, 0.0, width, height],
            }),
            border: true,
        })?;
        let file = dir.path(&format!("p{seq:05}.pdf"));
        std::fs::write(&file, pdf)?;
        pages.push(file);
    }
    join_pdfs(&dir, &pages).await
}

/// The staff correct a page's text: search reads the correction from then on, the text read
/// stays beside it.
pub async fn correct(
    db: &Db,
    ctx: &AuditCtx,
    reader: Reader,
    id: i64,
    seq: i64,
    text: &str,
) -> DbResult<Page> {
    if !reader.keeps_archive() {
        return Err(DbError::Denied(lode_core::authz::Denied::MissingRole));
    }
    let before = page(db, reader, id, seq).await?;
    let text = lode_core::validation::bounded_lines(text, 100_000).map_err(|e| {
        lode_core::validation::FieldErrors::from(lode_core::validation::FieldError {
            field: "text".into(),
            ..e
        })
    })?;
    let mut tx = db.write().await?;
    sqlx::query(
        "UPDATE archive_pages SET text = $1, corrected_at = $2, corrected_by = $3 WHERE id = $4",
    )
    .bind(&text)
    .bind(now())
    .bind(ctx.actor_id)
    .bind(before.id)
    .execute(&mut *tx)
    .await?;
    crate::search::put_text(&mut tx, id, before.id, &lode_core::text::fold(&text)).await?;
    count_text_pages(&mut tx, id).await?;
    append(
        &mut tx,
        ctx,
        Event::new(
            "archive_record.correct_page",
            "archive_record",
            id,
            serde_json::json!({"page": seq}),
        ),
    )
    .await?;
    tx.commit().await?;
    page(db, reader, id, seq).await
}
