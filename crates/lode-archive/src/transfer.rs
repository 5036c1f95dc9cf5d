//! The catalogue in and out as CSV: a legacy catalogue imported (a dry run first reports every
//! row that would be refused and why; the import then takes the good rows in one transaction),
//! and the catalogue exported with the same columns, so that what is exported imports again.
//!
//! Columns are named by the record's fields (`archive_number`, `title`, …) or by their
//! Vietnamese labels (`Số lưu trữ`, `Tên tài liệu`, …); lists (authors, minerals, keywords)
//! are separated by `;`.

use crate::catalogue::Record;
use crate::domain::{EntryInput, Reader};
use lode_db::audit::{Event, append};
use lode_db::{AuditCtx, Db, DbError, DbResult};
use serde::Serialize;

/// The columns, in the order an export writes them, with the Vietnamese header an import
/// also takes.
pub const COLUMNS: &[(&str, &str)] = &[
    ("archive_number", "Số lưu trữ"),
    ("title", "Tên tài liệu"),
    ("title_en", "Tên tiếng Anh"),
    ("kind", "Loại tài liệu"),
    ("map_sheet", "Số hiệu tờ bản đồ"),
    ("scale", "Tỷ lệ"),
    ("authors", "Tác giả"),
    ("organisation", "Đơn vị thực hiện"),
    ("year", "Năm hoàn thành"),
    ("submitted_on", "Ngày giao nộp"),
    ("abstract", "Tóm tắt"),
    ("minerals", "Khoáng sản"),
    ("keywords", "Từ khóa"),
    ("province", "Tỉnh, thành phố"),
    ("commune", "Xã, phường"),
    ("old_province", "Tỉnh trước năm 2025"),
    ("old_commune", "Xã trước năm 2025"),
    ("bbox", "Phạm vi"),
    ("extent", "Phạm vi theo tài liệu gốc"),
    ("related", "Giấy phép, đề án liên quan"),
    ("volumes", "Số tập"),
    ("appendices", "Số phụ lục"),
    ("drawings", "Số bản vẽ"),
    ("shelf", "Nơi bảo quản"),
    ("access", "Mức độ tiếp cận"),
    ("copy_allowed", "Được phép sao chụp"),
    ("lineage", "Nguồn gốc"),
    ("remarks", "Ghi chú"),
];

/// The largest file an import reads.
pub const IMPORT_MAX_BYTES: usize = 50 * 1024 * 1024;
/// The most rows one import takes.
pub const IMPORT_MAX_ROWS: usize = 100_000;

/// Reads CSV (RFC 4180: fields in double quotes may hold commas, quotes doubled, line breaks)
/// into rows of fields. A byte-order mark is skipped; `;` separates fields when the header line
/// holds more of them than commas (as spreadsheets set to Vietnamese write).
pub fn read_csv(text: &str) -> Vec<Vec<String>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first_line = text.lines().next().unwrap_or("");
    let sep = if first_line.matches(';').count() > first_line.matches(',').count() {
        ';'
    } else {
        ','
    };
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') if field.is_empty() => quoted = true,
            (false, c) if c == sep => row.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                if !row.iter().all(|f| f.trim().is_empty()) {
                    rows.push(std::mem::take(&mut row));
                } else {
                    row.clear();
                }
            }
            (false, c) => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        if !row.iter().all(|f| f.trim().is_empty()) {
            rows.push(row);
        }
    }
    rows
}

/// A field written for CSV: quoted when it holds a separator, a quote or a line break.
fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r', ';']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

/// A row refused, and why.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Refused {
    /// Its line in the file (the header is line 1).
    pub line: usize,
    pub archive_number: String,
    #[schema(value_type = Vec<Object>)]
    pub errors: Vec<lode_core::validation::FieldError>,
}

/// What an import did, or (dry run) would do.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ImportReport {
    pub dry_run: bool,
    pub rows: usize,
    /// Rows taken (or that would be).
    pub imported: usize,
    pub refused: Vec<Refused>,
    /// Columns of the header lode does not know, left out.
    pub unknown_columns: Vec<String>,
}

fn column_of(header: &str) -> Option<&'static str> {
    let h = header.trim();
    let folded = lode_core::text::fold(h);
    COLUMNS
        .iter()
        .find(|(key, label)| *key == h || lode_core::text::fold(label) == folded)
        .map(|(key, _)| *key)
}

fn input_of(fields: &[(&'static str, String)]) -> EntryInput {
    let get = |k: &str| -> Option<String> {
        fields
            .iter()
            .find(|(key, _)| *key == k)
            .map(|(_, v)| v.trim().to_string())
            .filter(|v| !v.is_empty())
    };
    let yes = |v: Option<String>| {
        v.map(|v| {
            matches!(
                lode_core::text::fold(&v).as_str(),
                "1" | "true" | "yes" | "co" | "x"
            )
        })
    };
    EntryInput {
        archive_number: get("archive_number").unwrap_or_default(),
        title: get("title").unwrap_or_default(),
        title_en: get("title_en"),
        kind: get("kind").unwrap_or_default(),
        map_sheet: get("map_sheet"),
        scale: get("scale"),
        authors: get("authors"),
        organisation: get("organisation"),
        year: get("year"),
        submitted_on: get("submitted_on"),
        r#abstract: get("abstract"),
        minerals: get("minerals"),
        keywords: get("keywords"),
        province: get("province"),
        commune: get("commune"),
        old_province: get("old_province"),
        old_commune: get("old_commune"),
        bbox: get("bbox"),
        extent: get("extent"),
        related: get("related"),
        volumes: get("volumes"),
        appendices: get("appendices"),
        drawings: get("drawings"),
        shelf: get("shelf"),
        access: get("access").unwrap_or_default(),
        copy_allowed: yes(get("copy_allowed")),
        lineage: get("lineage"),
        remarks: get("remarks"),
        version: None,
    }
}

/// The rows of an uploaded catalogue, read on a thread apart (a workbook is unpacked and
/// parsed): see [`rows_of`].
pub async fn read_upload(
    upload: bytes::Bytes,
) -> Result<Vec<Vec<String>>, lode_core::validation::FieldErrors> {
    tokio::task::spawn_blocking(move || rows_of(&upload))
        .await
        .unwrap_or_else(|_| {
            Err(lode_core::validation::FieldErrors::single(
                "file",
                "unreadable_xlsx",
                "the file could not be read",
            ))
        })
}

/// The rows of an uploaded catalogue: an XLSX workbook's first sheet, else CSV in UTF-8; every
/// cell in Unicode NFC.
pub fn rows_of(upload: &[u8]) -> Result<Vec<Vec<String>>, lode_core::validation::FieldErrors> {
    use lode_core::validation::{FieldErrors, nfc};
    let rows = if upload.starts_with(b"PK\x03\x04") {
        lode_print::xlsx::read_rows(upload).map_err(|e| {
            FieldErrors::single("file", "unreadable_xlsx", format!("the workbook: {e}"))
        })?
    } else {
        let text = std::str::from_utf8(upload).map_err(|_| {
            FieldErrors::single(
                "file",
                "not_utf8",
                "the catalogue must be CSV in UTF-8, or XLSX",
            )
        })?;
        read_csv(text)
    };
    Ok(rows
        .into_iter()
        .map(|r| r.into_iter().map(|c| nfc(&c).into_owned()).collect())
        .collect())
}

/// Imports the catalogue in `rows` (a header, then a record a row): with `dry_run`, only
/// reports; otherwise takes every row that passes the checks (new archive numbers, not repeated
/// in the file) in one transaction, each record with its first version, and writes one audit
/// entry for the import.
pub async fn import(
    db: &Db,
    ctx: &AuditCtx,
    reader: Reader,
    rows: Vec<Vec<String>>,
    dry_run: bool,
) -> DbResult<ImportReport> {
    if !reader.keeps_archive() {
        return Err(DbError::Denied(lode_core::authz::Denied::MissingRole));
    }
    // a workbook's rows above the header (a title, empty rows) are left out, still counted in
    // the lines the report names
    let above = rows
        .iter()
        .take_while(|r| r.iter().filter(|c| !c.trim().is_empty()).count() < 2)
        .count();
    let rows: Vec<Vec<String>> = rows.into_iter().skip(above).collect();
    let Some((header, body)) = rows.split_first() else {
        return Err(lode_core::validation::FieldErrors::single(
            "file",
            "no_header",
            "the file holds no header line",
        )
        .into());
    };
    let columns: Vec<Option<&'static str>> = header.iter().map(|h| column_of(h)).collect();
    if !columns.contains(&Some("archive_number")) || !columns.contains(&Some("title")) {
        return Err(lode_core::validation::FieldErrors::single(
            "file",
            "no_columns",
            "the header must name at least archive_number and title",
        )
        .into());
    }
    if body.len() > IMPORT_MAX_ROWS {
        return Err(lode_core::validation::FieldErrors::single(
            "file",
            "too_many_rows",
            format!("at most {IMPORT_MAX_ROWS} rows at a time"),
        )
        .into());
    }
    let unknown_columns = header
        .iter()
        .zip(&columns)
        .filter(|(_, c)| c.is_none())
        .map(|(h, _)| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .collect();
    let today = crate::today();
    let existing: std::collections::HashSet<String> =
        sqlx::query_as::<_, (String,)>("SELECT archive_number FROM archive_records")
            .fetch_all(db.pool())
            .await?
            .into_iter()
            .map(|(n,)| n)
            .collect();
    let mut seen = std::collections::HashSet::new();
    let mut good = Vec::new();
    let mut refused = Vec::new();
    for (i, row) in body.iter().enumerate() {
        let fields: Vec<(&'static str, String)> = columns
            .iter()
            .zip(row)
            .filter_map(|(c, v)| c.map(|c| (c, v.clone())))
            .collect();
        let input = input_of(&fields);
        let line = i + 2 + above;
        match input.parse(today) {
            Ok(entry) => {
                let mut errors = Vec::new();
                if existing.contains(&entry.archive_number) {
                    errors.push(lode_core::validation::FieldError {
                        field: "archive_number".into(),
                        code: "taken",
                        message: "another record has this archive number".into(),
                    });
                } else if !seen.insert(entry.archive_number.clone()) {
                    errors.push(lode_core::validation::FieldError {
                        field: "archive_number".into(),
                        code: "repeated_number",
                        message: "an earlier row has this archive number".into(),
                    });
                }
                if errors.is_empty() {
                    good.push(entry);
                } else {
                    refused.push(Refused {
                        line,
                        archive_number: entry.archive_number,
                        errors,
                    });
                }
            }
            Err(e) => refused.push(Refused {
                line,
                archive_number: input.archive_number.trim().to_string(),
                errors: e.0,
            }),
        }
    }
    let imported = good.len();
    if !dry_run && imported > 0 {
        let mut tx = db.write().await?;
        for entry in &good {
            let id = crate::catalogue::insert(&mut tx, ctx, entry).await?;
            crate::catalogue::keep_version_of(&mut tx, ctx, id, entry).await?;
        }
        append(
            &mut tx,
            ctx,
            Event::new(
                "archive_record.import",
                "archive_record",
                "",
                serde_json::json!({"imported": imported, "refused": refused.len(),
                    "first": good.first().map(|e| e.archive_number.clone()),
                    "last": good.last().map(|e| e.archive_number.clone())}),
            ),
        )
        .await?;
        tx.commit().await?;
    }
    Ok(ImportReport {
        dry_run,
        rows: body.len(),
        imported,
        refused,
        unknown_columns,
    })
}

/// How an export writes its header and values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    /// For programs: the columns' keys, codes, days as `YYYY-MM-DD`, `1`/`0`.
    Codes,
    /// For people reading Vietnamese: the columns' Vietnamese headers, the kinds' and access
    /// levels' names, days as `dd/mm/yyyy`, `Có`/`Không`.
    Vietnamese,
}

/// The records as CSV, headed by [`COLUMNS`]' keys or Vietnamese headers: either way, what an
/// import takes back.
pub fn export(records: &[Record], written: Written) -> String {
    let vietnamese = written == Written::Vietnamese;
    let mut out = String::from("\u{feff}");
    out.push_str(
        &COLUMNS
            .iter()
            .map(|(k, label)| {
                if vietnamese {
                    csv_field(label)
                } else {
                    (*k).into()
                }
            })
            .collect::<Vec<_>>()
            .join(","),
    );
    out.push_str("\r\n");
    for r in records {
        let e = &r.entry;
        let opt = |v: &Option<String>| v.clone().unwrap_or_default();
        let num = |v: Option<i64>| v.map(|n| n.to_string()).unwrap_or_default();
        let day = |v: &Option<String>| match (vietnamese, v.as_deref()) {
            (true, Some(d)) => chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d")
                .map_or_else(|_| d.to_string(), |d| d.format("%d/%m/%Y").to_string()),
            _ => opt(v),
        };
        let (kind, access, copy) = if vietnamese {
            (
                e.kind.label(),
                e.access.label(),
                if e.copy_allowed { "Có" } else { "Không" },
            )
        } else {
            (
                e.kind.as_str(),
                e.access.as_str(),
                if e.copy_allowed { "1" } else { "0" },
            )
        };
        let values = [
            e.archive_number.clone(),
            e.title.clone(),
            opt(&e.title_en),
            kind.to_string(),
            opt(&e.map_sheet),
            num(e.scale),
            e.authors.join("; "),
            opt(&e.organisation),
            num(e.year),
            day(&e.submitted_on),
            opt(&e.r#abstract),
            e.minerals.join("; "),
            e.keywords.join("; "),
            opt(&e.province),
            opt(&e.commune),
            opt(&e.old_province),
            opt(&e.old_commune),
            e.bbox.map(|b| b.to_text()).unwrap_or_default(),
            opt(&e.extent),
            opt(&e.related),
            e.volumes.to_string(),
            e.appendices.to_string(),
            e.drawings.to_string(),
            opt(&e.shelf),
            access.to_string(),
            copy.to_string(),
            opt(&e.lineage),
            opt(&e.remarks),
        ];
        out.push_str(
            &values
                .iter()
                .map(|v| csv_field(v))
                .collect::<Vec<_>>()
                .join(","),
        );
        out.push_str("\r\n");
    }
    out
}

/// Every record `reader` may see the entry of, in archive-number order, for an export.
pub async fn all_for(db: &Db, reader: Reader) -> DbResult<Vec<Record>> {
    let levels: Vec<&str> = reader.entry_levels().iter().map(|a| a.as_str()).collect();
    let marks: Vec<String> = (1..=levels.len()).map(|i| format!("${i}")).collect();
    let sql = format!(
        "WHERE access IN ({}) ORDER BY archive_number",
        marks.join(", ")
    );
    Ok(crate::catalogue::select(db, &sql, &levels)
        .await?
        .into_iter()
        .map(|r| r.for_reader(reader))
        .collect())
}

/// A record as a legacy system hands it over: its entry, and the text of its one scanned page
/// (read there already) with the scan's stored file.
pub struct Legacy {
    pub entry: crate::domain::Entry,
    pub page_text: String,
    pub scan_sha256: String,
}

/// Takes records from a legacy system in one transaction: each with its first version, its
/// scan as a file of one page whose text is kept as read, and both texts in the search index.
/// Answers how many it took. (What a move from the old catalogue runs, and what the ingest
/// benchmark measures.)
pub async fn ingest(db: &Db, ctx: &AuditCtx, records: &[Legacy]) -> DbResult<usize> {
    let at = lode_db::now();
    let mut tx = db.write().await?;
    for r in records {
        let id = crate::catalogue::insert(&mut tx, ctx, &r.entry).await?;
        crate::catalogue::keep_version_of(&mut tx, ctx, id, &r.entry).await?;
        let row = sqlx::query(
            "INSERT INTO archive_files (record_id, sha256, name, media_type, pages, state, added_at, added_by)
             VALUES ($1, $2, 'scan.pdf', 'application/pdf', 1, 'done', $3, $4) RETURNING id",
        )
        .bind(id)
        .bind(&r.scan_sha256)
        .bind(&at)
        .bind(ctx.actor_id)
        .fetch_one(&mut *tx)
        .await?;
        use sqlx::Row as _;
        let file: i64 = row.try_get(0)?;
        let row = sqlx::query(
            "INSERT INTO archive_pages (record_id, file_id, page_no, seq, ocr_text, ocr_at)
             VALUES ($1, $2, 1, 1, $3, $4) RETURNING id",
        )
        .bind(id)
        .bind(file)
        .bind(&r.page_text)
        .bind(&at)
        .fetch_one(&mut *tx)
        .await?;
        let page: i64 = row.try_get(0)?;
        crate::search::put_text(&mut tx, id, page, &lode_core::text::fold(&r.page_text)).await?;
        sqlx::query("UPDATE archive_records SET page_count = 1, text_pages = 1 WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    append(
        &mut tx,
        ctx,
        Event::new(
            "archive_record.import",
            "archive_record",
            "",
            serde_json::json!({"imported": records.len(), "with_pages": true}),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(records.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_reads_quotes_separators_and_line_breaks() {
        let rows = read_csv("\u{feff}a,b,c\r\n1,\"x, \"\"y\"\"\",\"two\nlines\"\n\n2,,\n");
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[1], vec!["1", "x, \"y\"", "two\nlines"]);
        assert_eq!(rows[2], vec!["2", "", ""]);
        let semi = read_csv("Số lưu trữ;Tên tài liệu\nLT-1;Báo cáo, tập 1\n");
        assert_eq!(semi[1], vec!["LT-1", "Báo cáo, tập 1"]);
        assert_eq!(column_of("so luu tru"), Some("archive_number"));
        assert_eq!(column_of("Tên tài liệu"), Some("title"));
        assert_eq!(csv_field("a,b"), "\"a,b\"");
    }
}
