//! Digitisation, storage and jobs: scans uploaded to a record (PDF, TIFF, JPEG; kept unchanged),
//! their pages counted, the pages read in Vietnamese by Tesseract into their text, the boxes of
//! their words and a searchable copy, and the searchable pages joined into the file's
//! searchable copy, made PDF/A-2b. Every step is a job any node may take (`lode_db::jobs`): a
//! batch of [`BATCH`] pages is one job, read by one Tesseract process (its model loaded once for
//! the batch), so progress is pages read of pages counted, a node killed mid-batch leaves the
//! batch to another after the lease, and a page already read is never read again. Tools:
//! poppler's `pdfinfo` and `pdftoppm`, libtiff's `tiff2pdf` and `tiffcp`, `tesseract` with
//! `vie`, `qpdf`.

use crate::domain::Reader;
use crate::tools::{Workdir, join_pdf_pages, join_pdfs, os, tool, tool_within};
use lode_db::audit::{Event, append};
use lode_db::blobs::Blobs;
use lode_db::jobs::{self, Claimed, NewJob};
use lode_db::{AuditCtx, Db, DbError, DbResult, Tx, now};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// Counts a file's pages and queues them.
pub const SPLIT: &str = "archive.split";
/// Reads a batch of a file's pages.
pub const READ_PAGES: &str = "archive.read_pages";
/// Reads the batch a page is in (as queued by versions that read a page a job).
pub const READ_PAGE: &str = "archive.read_page";
/// Joins a file's searchable pages, read in batches, into its PDF/A copy.
pub const ASSEMBLE: &str = "archive.join_batches";
/// Joins a file's searchable pages (as queued by versions that read a page a job; done as
/// [`ASSEMBLE`] does, which knows both).
pub const ASSEMBLE_PAGES: &str = "archive.assemble";
/// The kinds of job this module runs ([`run`]).
pub const JOB_KINDS: &[&str] = &[SPLIT, READ_PAGES, READ_PAGE, ASSEMBLE, ASSEMBLE_PAGES];

/// The pages one job reads, in one Tesseract process: loading its Vietnamese model costs
/// about as much as reading two pages, so it is loaded once for several; few enough that
/// progress moves every few seconds and several nodes share a long file.
pub const BATCH: i64 = 8;

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

/// The job reading the batch of file `file_id` that starts at page `first`, queued once.
fn batch_job(file_id: i64, first: i64) -> NewJob {
    NewJob {
        once_key: Some(format!("{READ_PAGES}:{file_id}:{first}")),
        max_attempts: 4,
        ..NewJob::new(
            READ_PAGES,
            serde_json::json!({ "file_id": file_id, "first": first }),
        )
    }
}

/// The first page of the batch page `page_no` falls in: batches are fixed by page number, so
/// that a file counted again after a crash queues the same jobs, never a second reader of a page.
fn batch_start(page_no: i64) -> i64 {
    (page_no - 1).div_euclid(BATCH) * BATCH + 1
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
        READ_PAGES => read_batch(db, blobs, id("file_id")?, id("first")?).await,
        READ_PAGE => read_page(db, id("page_id")?).await,
        ASSEMBLE | ASSEMBLE_PAGES => assemble(db, blobs, id("file_id")?).await,
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

/// The pages of a TIFF: the directories of its main chain, each a page (EXIF, GPS and
/// sub-image directories hang off a page and are not counted), classic TIFF or BigTIFF. `None`
/// when the chain is broken, loops, or runs past [`PAGES_MAX`].
pub fn tiff_pages(data: &[u8]) -> Option<i64> {
    let little = match data.get(..2)? {
        b"II" => true,
        b"MM" => false,
        _ => return None,
    };
    let read = |at: usize, len: usize| -> Option<u64> {
        let bytes = data.get(at..at.checked_add(len)?)?;
        let mut v = 0u64;
        for i in 0..len {
            let b = u64::from(bytes[if little { len - 1 - i } else { i }]);
            v = (v << 8) | b;
        }
        Some(v)
    };
    let big = match read(2, 2)? {
        42 => false,
        43 => true,
        _ => return None,
    };
    // the sizes of an offset, of a directory's entry count and of an entry
    let (offset, count, entry) = if big { (8, 8, 20) } else { (4, 2, 12) };
    let mut next = read(if big { 8 } else { 4 }, offset)?;
    let mut seen = std::collections::BTreeSet::new();
    let mut pages = 0i64;
    while next != 0 {
        if !seen.insert(next) || pages > PAGES_MAX {
            return None;
        }
        let at = usize::try_from(next).ok()?;
        let entries = usize::try_from(read(at, count)?).ok()?;
        let link = at
            .checked_add(count)?
            .checked_add(entries.checked_mul(entry)?)?;
        next = read(link, offset)?;
        pages += 1;
    }
    Some(pages)
}

/// Counts a file's pages, writes them, queues the reading of their batches. Run again after a
/// crash, it writes nothing twice and queues what is left.
async fn split(db: &Db, blobs: &Blobs, file_id: i64) -> anyhow::Result<()> {
    let f = file_row(db, file_id).await?;
    let pages = match f.media_type.as_str() {
        "image/jpeg" => 1,
        "application/pdf" => {
            let dir = Workdir::new("split", file_id)?;
            let path = dir.path("scan.pdf");
            std::fs::write(&path, bytes(blobs, &f.sha256).await?)?;
            pdf_pages(&path).await?
        }
        "image/tiff" => tiff_pages(&bytes(blobs, &f.sha256).await?).unwrap_or(0),
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
        "SELECT page_no FROM archive_pages WHERE file_id = $1 AND ocr_at IS NULL ORDER BY page_no",
    )
    .bind(file_id)
    .fetch_all(&mut *tx)
    .await?;
    let mut firsts: Vec<i64> = unread.iter().map(|(n,)| batch_start(*n)).collect();
    firsts.dedup();
    for first in &firsts {
        jobs::enqueue_in(&mut tx, &batch_job(file_id, *first)).await?;
    }
    if firsts.is_empty() {
        // counted again after every page was read: what is left is the joining
        jobs::enqueue_in(&mut tx, &job(ASSEMBLE, "file_id", file_id)).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The image of page `page_no` of a file, as a file in `dir` a reader (Tesseract, a browser)
/// takes: a JPEG as it is, a PDF's page rendered at `dpi`, a TIFF's page made a PDF page
/// (`tiffcp`, `tiff2pdf`) then rendered. Its path and media type.
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
    let pdf = dir.path("source.pdf");
    let mut n = page_no.to_string();
    match (&f.render_sha256, f.media_type.as_str()) {
        // a TIFF made whole into PDF pages by an earlier version
        (Some(rendered), _) => std::fs::write(&pdf, bytes(blobs, rendered).await?)?,
        (None, "image/tiff") => {
            let (scan, page) = (dir.path("scan.tif"), dir.path("page.tif"));
            std::fs::write(&scan, bytes(blobs, &f.sha256).await?)?;
            let source = format!("{},{}", scan.display(), page_no - 1);
            tool("tiffcp", &[os(source.as_ref()), os(&page)]).await?;
            tool("tiff2pdf", &[os("-o".as_ref()), os(&pdf), os(&page)]).await?;
            n = "1".into();
        }
        (None, _) => std::fs::write(&pdf, bytes(blobs, &f.sha256).await?)?,
    }
    render_grey(&pdf, (&n, &n), dpi, &dir.path("page"), true).await?;
    Ok((dir.path("page.png"), "image/png"))
}

/// Pages `from`–`to` of `pdf` rendered in grey as PNGs at `dpi` (`pdftoppm`): `out.png` when
/// `single`, else `out-N.png` a page.
async fn render_grey(
    pdf: &Path,
    (from, to): (&str, &str),
    dpi: &str,
    out: &Path,
    single: bool,
) -> anyhow::Result<()> {
    let mut args = vec![
        os("-r".as_ref()),
        os(dpi.as_ref()),
        os("-f".as_ref()),
        os(from.as_ref()),
        os("-l".as_ref()),
        os(to.as_ref()),
        os("-gray".as_ref()),
        os("-png".as_ref()),
    ];
    if single {
        args.push(os("-singlefile".as_ref()));
    }
    args.extend([os(pdf), os(out)]);
    tool("pdftoppm", &args).await?;
    Ok(())
}

/// What Tesseract reads pages `page_nos` (in order) from, in `dir`: a TIFF scan's own pages at
/// the resolution they were scanned at, cut out into one multi-page TIFF (`tiffcp`) without
/// rendering them again; a JPEG as it is; a PDF's pages rendered at [`READ_DPI`], named in a
/// list, a line each.
async fn reading_input(
    blobs: &Blobs,
    f: &FileJobRow,
    page_nos: &[i64],
    dir: &Workdir,
) -> anyhow::Result<PathBuf> {
    let (Some(first), Some(last)) = (page_nos.first(), page_nos.last()) else {
        anyhow::bail!("no page to read");
    };
    match f.media_type.as_str() {
        "image/jpeg" => Ok(page_image(blobs, f, 1, dir, READ_DPI).await?.0),
        "image/tiff" => {
            let (scan, batch) = (dir.path("scan.tif"), dir.path("batch.tif"));
            std::fs::write(&scan, bytes(blobs, &f.sha256).await?)?;
            // tiffcp names the pages of a multi-page TIFF by their indexes from 0
            let mut source = scan.display().to_string();
            for n in page_nos {
                source.push_str(&format!(",{}", n - 1));
            }
            tool("tiffcp", &[os(source.as_ref()), os(&batch)]).await?;
            Ok(batch)
        }
        _ => {
            let source = f.render_sha256.as_deref().unwrap_or(&f.sha256);
            let pdf = dir.path("source.pdf");
            std::fs::write(&pdf, bytes(blobs, source).await?)?;
            let (from, to) = (first.to_string(), last.to_string());
            render_grey(&pdf, (&from, &to), READ_DPI, &dir.path("p"), false).await?;
            // pdftoppm names its images `p-N.png`, N padded to the width of the page count
            let rendered: Vec<(i64, PathBuf)> = std::fs::read_dir(dir.path(""))?
                .filter_map(Result::ok)
                .filter_map(|e| {
                    let name = e.file_name().to_string_lossy().into_owned();
                    let n = name
                        .strip_prefix("p-")?
                        .strip_suffix(".png")?
                        .parse()
                        .ok()?;
                    Some((n, e.path()))
                })
                .collect();
            let mut list = String::new();
            for n in page_nos {
                let (_, path) = rendered
                    .iter()
                    .find(|(m, _)| m == n)
                    .ok_or_else(|| anyhow::anyhow!("pdftoppm did not render page {n}"))?;
                list.push_str(&path.to_string_lossy());
                list.push('\n');
            }
            let path = dir.path("pages.txt");
            std::fs::write(&path, list)?;
            Ok(path)
        }
    }
}

/// What one Tesseract run over a batch of images made: each page's text, its words as
/// [`crate::layout`] keeps them, and one searchable PDF with a page an image.
struct BatchRead {
    texts: Vec<String>,
    words: std::collections::BTreeMap<u32, String>,
    pdf: Vec<u8>,
}

/// Reads the `pages` pages of `input` (an image, a multi-page TIFF, a list of images) in one
/// Tesseract process, its Vietnamese model loaded once.
async fn tesseract(input: &Path, pages: usize, dir: &Workdir) -> anyhow::Result<BatchRead> {
    let base = dir.path("read");
    // a dense page takes Tesseract well under a minute on one thread
    let limit = std::time::Duration::from_secs(60 + 90 * pages as u64);
    tool_within(
        "tesseract",
        &[
            os(input),
            os(&base),
            os("-l".as_ref()),
            os("vie".as_ref()),
            os("txt".as_ref()),
            os("pdf".as_ref()),
            os("tsv".as_ref()),
        ],
        limit,
    )
    .await?;
    // the text renderer puts a form feed between pages
    let text = std::fs::read_to_string(dir.path("read.txt"))?;
    let texts: Vec<String> = text
        .split('\u{c}')
        .take(pages)
        .map(|t| lode_core::validation::nfc(t.trim()).into_owned())
        .collect();
    if texts.len() != pages {
        anyhow::bail!(
            "tesseract gave the text of {} pages of {pages}",
            texts.len()
        );
    }
    let words = crate::layout::pages_of_tsv(&std::fs::read_to_string(dir.path("read.tsv"))?);
    Ok(BatchRead {
        texts,
        words,
        pdf: std::fs::read(dir.path("read.pdf"))?,
    })
}

/// Reads the unread pages of file `file_id` in the batch starting at page `first`: each
/// page's text, words and searchable page written once, in one transaction. When the file's
/// last page is read, its pages are queued to be joined.
async fn read_batch(db: &Db, blobs: &Blobs, file_id: i64, first: i64) -> anyhow::Result<()> {
    let unread: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT id, page_no FROM archive_pages
         WHERE file_id = $1 AND page_no BETWEEN $2 AND $3 AND ocr_at IS NULL ORDER BY page_no",
    )
    .bind(file_id)
    .bind(first)
    .bind(first + BATCH - 1)
    .fetch_all(db.pool())
    .await?;
    if !unread.is_empty() {
        let f = file_row(db, file_id).await?;
        let dir = Workdir::new("read", file_id)?;
        let page_nos: Vec<i64> = unread.iter().map(|(_, n)| *n).collect();
        let input = reading_input(blobs, &f, &page_nos, &dir).await?;
        let read = tesseract(&input, page_nos.len(), &dir).await?;
        let mut tx = db.write().await?;
        let sha = keep(blobs, &mut tx, read.pdf, "application/pdf").await?;
        for (i, ((page_id, _), text)) in unread.iter().zip(&read.texts).enumerate() {
            let nth = i as i64 + 1;
            let words = read.words.get(&(nth as u32));
            let written = sqlx::query(
                "UPDATE archive_pages SET ocr_text = $1, ocr_at = $2, pdf_sha256 = $3,
                    pdf_page = $4, words = $5
                 WHERE id = $6 AND ocr_at IS NULL",
            )
            .bind(text)
            .bind(now())
            .bind(&sha)
            .bind(nth)
            .bind(words)
            .bind(page_id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            // a page read meanwhile by another node keeps its text; one corrected (even while
            // it was being read) keeps the correction in the index
            let (corrected,): (Option<String>,) =
                sqlx::query_as("SELECT text FROM archive_pages WHERE id = $1")
                    .bind(page_id)
                    .fetch_one(&mut *tx)
                    .await?;
            if written > 0 && corrected.is_none() && !text.is_empty() {
                crate::search::put_text(
                    &mut tx,
                    f.record_id,
                    *page_id,
                    &lode_core::text::fold(text),
                )
                .await?;
            }
        }
        count_text_pages(&mut tx, f.record_id).await?;
        tx.commit().await?;
    }
    let (left,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM archive_pages WHERE file_id = $1 AND ocr_at IS NULL")
            .bind(file_id)
            .fetch_one(db.pool())
            .await?;
    if left == 0 {
        jobs::enqueue(db, &job(ASSEMBLE, "file_id", file_id)).await?;
    }
    Ok(())
}

/// A page's job queued by a version that read a page a job: the batch the page is in is
/// queued (once, whichever of its pages asks), and read by that job alone.
async fn read_page(db: &Db, page_id: i64) -> anyhow::Result<()> {
    let (file_id, page_no): (i64, i64) =
        sqlx::query_as("SELECT file_id, page_no FROM archive_pages WHERE id = $1")
            .bind(page_id)
            .fetch_optional(db.pool())
            .await?
            .ok_or(DbError::NotFound)?;
    jobs::enqueue(db, &batch_job(file_id, batch_start(page_no))).await?;
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

/// Joins a file's searchable pages, in order, into its searchable copy, made PDF/A-2b.
async fn assemble(db: &Db, blobs: &Blobs, file_id: i64) -> anyhow::Result<()> {
    let pages: Vec<(i64, Option<String>, i64)> = sqlx::query_as(
        "SELECT page_no, pdf_sha256, pdf_page FROM archive_pages WHERE file_id = $1 ORDER BY page_no",
    )
    .bind(file_id)
    .fetch_all(db.pool())
    .await?;
    let dir = Workdir::new("assemble", file_id)?;
    // each batch's PDF written once, its pages named in order: `a.pdf 1-8 b.pdf 1-3`
    let mut written: Vec<(String, PathBuf)> = Vec::new();
    let mut runs: Vec<(PathBuf, i64, i64)> = Vec::new();
    for (n, sha, nth) in &pages {
        let sha = sha
            .as_deref()
            .ok_or_else(|| anyhow::anyhow!("page {n} of file {file_id} is not read yet"))?;
        let path = match written.iter().find(|(s, _)| s == sha) {
            Some((_, p)) => p.clone(),
            None => {
                let path = dir.path(&format!("b{:05}.pdf", written.len()));
                std::fs::write(&path, bytes(blobs, sha).await?)?;
                written.push((sha.to_string(), path.clone()));
                path
            }
        };
        match runs.last_mut() {
            Some((p, _, to)) if *p == path && *to + 1 == *nth => *to = *nth,
            _ => runs.push((path, *nth, *nth)),
        }
    }
    let ranges: Vec<(PathBuf, String)> = runs
        .into_iter()
        .map(|(p, from, to)| (p, format!("{from}-{to}")))
        .collect();
    let joined = join_pdf_pages(&dir, &ranges).await?;
    let (title,): (String,) = sqlx::query_as(
        "SELECT r.title FROM archive_records r JOIN archive_files f ON f.record_id = r.id
         WHERE f.id = $1",
    )
    .bind(file_id)
    .fetch_one(db.pool())
    .await?;
    let made = lode_sign::pdfa::archival(
        &joined,
        &lode_sign::pdfa::Archival {
            title: &title,
            producer: "lode",
            made_at: chrono::Utc::now().timestamp(),
        },
    );
    let data = match made {
        Ok(pdfa) => pdfa,
        // a scan PDF/A cannot describe (device CMYK pages): searchable all the same
        Err(lode_sign::PdfError::Unsupported(why)) => {
            tracing::warn!(file_id, %why, "the searchable copy is not PDF/A");
            joined
        }
        Err(e) => return Err(e.into()),
    };
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

/// The stored copy of file `file_id` of record `id`, the scan as uploaded or (`searchable`)
/// its searchable PDF/A copy: its hash and the stem of the name it is downloaded under. The
/// archive's staff only; a searchable copy not made yet is not found.
pub async fn file_copy(
    db: &Db,
    reader: Reader,
    id: i64,
    file_id: i64,
    searchable: bool,
) -> DbResult<(String, String)> {
    if !reader.keeps_archive() {
        return Err(DbError::Denied(lode_core::authz::Denied::MissingRole));
    }
    crate::catalogue::visible(db, reader, id).await?;
    let (name, original, copy): (String, String, Option<String>) = sqlx::query_as(
        "SELECT name, sha256, searchable_sha256 FROM archive_files WHERE id = $1 AND record_id = $2",
    )
    .bind(file_id)
    .bind(id)
    .fetch_optional(db.pool())
    .await?
    .ok_or(DbError::NotFound)?;
    let stem = name.rsplit_once('.').map_or(name.as_str(), |(s, _)| s);
    if searchable {
        Ok((copy.ok_or(DbError::NotFound)?, format!("{stem}-pdfa")))
    } else {
        Ok((original, stem.to_string()))
    }
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
    /// Where the words asked for (`q`) lie on the page's image, as fractions of its width and
    /// height: empty when nothing was asked or the page's words were not kept.
    pub found: Vec<crate::layout::WordBox>,
    /// Where every word read lies (as [`crate::layout`] keeps them).
    #[serde(skip)]
    pub words: Option<String>,
}

impl Page {
    /// The page with the boxes of `query`'s words found on it.
    pub fn finding(mut self, query: &str) -> Page {
        let words = crate::domain::Query::parse(query).all_words();
        self.found = crate::layout::highlights(self.words.as_deref().unwrap_or(""), &words);
        self
    }
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
        words: Option<String>,
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
        "SELECT id, seq, file_id, page_no, ocr_text, ocr_at, text, words FROM archive_pages
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
        found: Vec::new(),
        words: r.words,
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
        paper: false,
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
            paper: false,
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

#[cfg(test)]
mod tests {
    use super::tiff_pages;

    /// A classic little-endian TIFF whose main chain has `pages` directories of one entry each,
    /// the first also pointing (by its one entry's value) at an EXIF directory off the chain.
    fn tiff(pages: usize) -> Vec<u8> {
        let mut out = b"II*\0".to_vec();
        out.extend_from_slice(&8u32.to_le_bytes());
        for i in 0..pages {
            let here = out.len();
            out.extend_from_slice(&1u16.to_le_bytes());
            out.extend_from_slice(&[0x69, 0x87, 4, 0, 1, 0, 0, 0]); // ExifIFD, LONG, 1
            out.extend_from_slice(&0u32.to_le_bytes());
            let next = if i + 1 == pages { 0 } else { here + 2 + 12 + 4 };
            out.extend_from_slice(&(next as u32).to_le_bytes());
        }
        out
    }

    #[test]
    fn a_tiffs_pages_are_its_main_chain() {
        assert_eq!(tiff_pages(&tiff(1)), Some(1));
        assert_eq!(tiff_pages(&tiff(3)), Some(3));
        // a chain that loops back on itself, one cut short, and no TIFF at all
        let mut looping = tiff(2);
        let last = looping.len() - 4;
        looping[last..].copy_from_slice(&8u32.to_le_bytes());
        assert_eq!(tiff_pages(&looping), None);
        let cut = tiff(3);
        assert_eq!(tiff_pages(&cut[..cut.len() - 10]), None);
        assert_eq!(tiff_pages(b"%PDF-1.7"), None);
        // BigTIFF, big-endian: one directory with no entries
        let mut big = b"MM\0\x2b\0\x08\0\0".to_vec();
        big.extend_from_slice(&16u64.to_be_bytes());
        big.extend_from_slice(&0u64.to_be_bytes());
        big.extend_from_slice(&0u64.to_be_bytes());
        assert_eq!(tiff_pages(&big), Some(1));
    }
}
