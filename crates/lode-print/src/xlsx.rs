//! A table as an XLSX workbook (Office Open XML, ECMA-376): one sheet, a title row, the header
//! row in bold and frozen, whole numbers as numbers and everything else as text.
//!
//! The workbook is a zip of a few XML parts (see [`crate::zip`]).

/// A sheet to write: a title above the table, its columns (header, width in characters) and
/// rows of text.
#[derive(Debug, Clone)]
pub struct Sheet {
    pub name: String,
    pub title: String,
    pub columns: Vec<(String, f32)>,
    pub rows: Vec<Vec<String>>,
}

/// Escapes text for XML, dropping the control characters XML 1.0 cannot carry.
fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 => {}
            c => out.push(c),
        }
    }
    out
}

/// `A`, `B`, … `Z`, `AA`, … for a 0-based column.
fn column_name(mut i: usize) -> String {
    let mut name = Vec::new();
    loop {
        name.push(b'A' + (i % 26) as u8);
        if i < 26 {
            break;
        }
        i = i / 26 - 1;
    }
    name.reverse();
    String::from_utf8(name).unwrap_or_default()
}

/// A whole number a spreadsheet can hold exactly, written without leading zeros.
fn as_number(text: &str) -> Option<i64> {
    let n: i64 = text.parse().ok()?;
    (n.to_string() == text && n.abs() < 1_000_000_000_000_000).then_some(n)
}

/// A day written `dd/mm/yyyy`, as a spreadsheet's serial day (days since 30 December 1899),
/// so that the cell sorts and filters as a date.
fn as_day(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    if b.len() != 10 || b[2] != b'/' || b[5] != b'/' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        let part = text.get(r)?;
        part.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    let (d, m, y) = (num(0..2)?, num(3..5)?, num(6..10)?);
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let month_days = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    if !(1900..=9999).contains(&y)
        || !(1..=12).contains(&m)
        || d < 1
        || d > month_days[(m - 1) as usize]
    {
        return None;
    }
    // days from the civil date (H. Hinnant's algorithm), from 1970-01-01, then moved to 1899-12-30
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468 + 25_569)
}

/// The style of a body cell holding a day (`dd/mm/yyyy`, bordered).
const DAY_STYLE: u8 = 4;

fn cell(reference: &str, text: &str, style: u8) -> String {
    if style == 3
        && let Some(day) = as_day(text)
    {
        return format!(r#"<c r="{reference}" s="{DAY_STYLE}"><v>{day}</v></c>"#);
    }
    match as_number(text) {
        Some(n) => format!(r#"<c r="{reference}" s="{style}"><v>{n}</v></c>"#),
        None if text.is_empty() => String::new(),
        None => format!(
            r#"<c r="{reference}" s="{style}" t="inlineStr"><is><t xml:space="preserve">{}</t></is></c>"#,
            xml(text)
        ),
    }
}

fn sheet_xml(sheet: &Sheet) -> String {
    let mut out = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetViews><sheetView workbookViewId="0"><pane ySplit="2" topLeftCell="A3" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews><cols>"#,
    );
    for (i, (_, width)) in sheet.columns.iter().enumerate() {
        out.push_str(&format!(
            r#"<col min="{n}" max="{n}" width="{width:.1}" customWidth="1"/>"#,
            n = i + 1
        ));
    }
    out.push_str("</cols><sheetData>");
    out.push_str(&format!(
        r#"<row r="1">{}</row>"#,
        cell("A1", &sheet.title, 1)
    ));
    out.push_str(r#"<row r="2">"#);
    for (i, (header, _)) in sheet.columns.iter().enumerate() {
        out.push_str(&cell(&format!("{}2", column_name(i)), header, 2));
    }
    out.push_str("</row>");
    for (r, row) in sheet.rows.iter().enumerate() {
        let n = r + 3;
        out.push_str(&format!(r#"<row r="{n}">"#));
        for (i, text) in row.iter().enumerate() {
            out.push_str(&cell(&format!("{}{n}", column_name(i)), text, 3));
        }
        out.push_str("</row>");
    }
    out.push_str("</sheetData>");
    if !sheet.columns.is_empty() {
        let last = column_name(sheet.columns.len() - 1);
        out.push_str(&format!(
            r#"<autoFilter ref="A2:{last}{}"/>"#,
            sheet.rows.len() + 2
        ));
    }
    out.push_str(r#"<pageSetup paperSize="9" orientation="landscape"/></worksheet>"#);
    out
}

const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts><fonts count="3"><font><sz val="11"/><name val="Times New Roman"/></font><font><b/><sz val="14"/><name val="Times New Roman"/></font><font><b/><sz val="11"/><name val="Times New Roman"/></font></fonts><fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill><fill><patternFill patternType="solid"><fgColor rgb="FFE6E6E6"/></patternFill></fill></fills><borders count="2"><border/><border><left style="thin"/><right style="thin"/><top style="thin"/><bottom style="thin"/></border></borders><cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="5"><xf/><xf fontId="1" applyFont="1"/><xf fontId="2" fillId="2" borderId="1" applyFont="1" applyFill="1" applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="center" wrapText="1"/></xf><xf borderId="1" applyBorder="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf><xf numFmtId="164" borderId="1" applyNumberFormat="1" applyBorder="1" applyAlignment="1"><alignment vertical="top"/></xf></cellXfs></styleSheet>"#;

/// Writes `sheet` as an XLSX file (refused past a zip archive's limits).
pub fn workbook(sheet: &Sheet) -> Result<Vec<u8>, crate::zip::ZipError> {
    // Sheet names: at most 31 characters, none of []:*?/\
    let name: String = sheet
        .name
        .chars()
        .filter(|c| !"[]:*?/\\".contains(*c))
        .take(31)
        .collect();
    let parts: [(&str, String); 6] = [
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>"#.into(),
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.into(),
        ),
        (
            "xl/workbook.xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="{}" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
                xml(if name.trim().is_empty() { "Sheet1" } else { &name })
            ),
        ),
        (
            "xl/_rels/workbook.xml.rels",
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#.into(),
        ),
        ("xl/styles.xml", STYLES.into()),
        ("xl/worksheets/sheet1.xml", sheet_xml(sheet)),
    ];
    let mut zip = crate::zip::Zip::default();
    for (path, content) in &parts {
        zip.add(path, content.as_bytes())?;
    }
    Ok(zip.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_named_like_a_spreadsheet() {
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(27), "AB");
        assert_eq!(column_name(701), "ZZ");
        assert_eq!(column_name(702), "AAA");
    }

    #[test]
    fn only_plain_whole_numbers_become_numbers() {
        assert_eq!(as_number("12"), Some(12));
        assert_eq!(as_number("012"), None, "a code keeps its zeros");
        assert_eq!(as_number("12/QĐ"), None);
        assert_eq!(xml("a<b>&\u{1}"), "a&lt;b&gt;&amp;");
    }
}

/// Why a workbook cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum XlsxReadError {
    #[error("not a workbook: {0}")]
    Zip(#[from] crate::zip::ZipReadError),
    #[error("the workbook has no sheet")]
    NoSheet,
}

/// The most a workbook may unpack to.
const READ_LIMIT: usize = 64 * 1024 * 1024;

/// The rows of a workbook's first sheet as text, each cell where its column puts it (empty
/// cells as empty text): shared and inline strings as written, numbers as stored (a whole
/// number without its `.0`), booleans as `TRUE`/`FALSE`. Dates are numbers in a workbook and
/// stay so: a date is read as text when it was typed as text.
pub fn read_rows(data: &[u8]) -> Result<Vec<Vec<String>>, XlsxReadError> {
    let entries = crate::zip::read(data, READ_LIMIT)?;
    let part = |name: &str| {
        entries
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, d)| String::from_utf8_lossy(d).into_owned())
    };
    // the first sheet: the lowest-numbered worksheet part
    let sheet = entries
        .iter()
        .filter_map(|(n, _)| {
            let num = n
                .strip_prefix("xl/worksheets/sheet")?
                .strip_suffix(".xml")?;
            Some((num.parse::<u32>().ok()?, n.clone()))
        })
        .min()
        .and_then(|(_, n)| part(&n))
        .ok_or(XlsxReadError::NoSheet)?;
    let shared = part("xl/sharedStrings.xml")
        .map(|x| shared_strings(&x))
        .unwrap_or_default();
    Ok(sheet_rows(&sheet, &shared))
}

/// A tag or a run of text of an XML document, as the reader below meets them.
enum Piece<'a> {
    /// `<name attrs>` (`closed` when `<name …/>`).
    Open {
        name: &'a str,
        attrs: &'a str,
        closed: bool,
    },
    Close(&'a str),
    Text(&'a str),
}

/// The tags and texts of an XML document, in order: declarations, comments and processing
/// instructions left out. Enough for the parts of a workbook, which carry no DTD.
fn pieces(xml: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut rest = xml;
    while !rest.is_empty() {
        match rest.find('<') {
            Some(0) => {
                let Some(end) = rest.find('>') else { break };
                let tag = &rest[1..end];
                rest = &rest[end + 1..];
                if tag.starts_with('?') || tag.starts_with('!') {
                    continue;
                }
                if let Some(name) = tag.strip_prefix('/') {
                    out.push(Piece::Close(name.trim()));
                } else {
                    let closed = tag.ends_with('/');
                    let tag = tag.trim_end_matches('/');
                    let (name, attrs) = tag.split_once(char::is_whitespace).unwrap_or((tag, ""));
                    out.push(Piece::Open {
                        name,
                        attrs,
                        closed,
                    });
                }
            }
            Some(i) => {
                out.push(Piece::Text(&rest[..i]));
                rest = &rest[i..];
            }
            None => {
                out.push(Piece::Text(rest));
                break;
            }
        }
    }
    out
}

/// A tag's name without its namespace prefix.
fn local(name: &str) -> &str {
    name.rsplit(':').next().unwrap_or(name)
}

/// The value of attribute `key` in a tag's attributes, unescaped.
fn attr(attrs: &str, key: &str) -> Option<String> {
    let mut rest = attrs;
    while let Some(eq) = rest.find('=') {
        let name = rest[..eq].trim();
        let after = rest[eq + 1..].trim_start();
        let quote = after.chars().next().filter(|q| *q == '"' || *q == '\'')?;
        let value = after.strip_prefix(quote)?;
        let value_end = value.find(quote)?;
        if local(name) == key {
            return Some(unescape(&value[..value_end]));
        }
        rest = &value[value_end + quote.len_utf8()..];
    }
    None
}

/// XML text with its entities and character references replaced.
fn unescape(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let Some(semi) = rest.find(';') else { break };
        let entity = &rest[1..semi];
        let c = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            e => e
                .strip_prefix("#x")
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| e.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match c {
            Some(c) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The texts of the shared strings part, in order: each item's runs joined.
fn shared_strings(xml: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    let mut in_text = false;
    for p in pieces(xml) {
        match p {
            Piece::Open { name, closed, .. } => match local(name) {
                "si" if !closed => current = Some(String::new()),
                "si" => out.push(String::new()),
                "t" => in_text = !closed,
                _ => {}
            },
            Piece::Close(name) => match local(name) {
                "si" => out.extend(current.take()),
                "t" => in_text = false,
                _ => {}
            },
            Piece::Text(t) => {
                if let (true, Some(c)) = (in_text, current.as_mut()) {
                    c.push_str(&unescape(t));
                }
            }
        }
    }
    out
}

/// The column of a cell reference (`C7` → 2), from 0.
fn column(reference: &str) -> Option<usize> {
    let letters: String = reference
        .chars()
        .take_while(char::is_ascii_alphabetic)
        .collect();
    if letters.is_empty() || letters.len() > 3 {
        return None;
    }
    let n = letters.chars().fold(0usize, |n, c| {
        n * 26 + (c.to_ascii_uppercase() as usize - 'A' as usize + 1)
    });
    Some(n - 1)
}

/// The most rows a sheet is read with: what comes after is left out.
pub const ROWS_MAX: usize = 200_000;

/// The most columns a row is read with: a cell further right is left out (a table lode reads
/// has tens of columns; a hostile sheet would ask for thousands a row).
pub const COLUMNS_MAX: usize = 256;

fn sheet_rows(xml: &str, shared: &[String]) -> Vec<Vec<String>> {
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut row: Option<Vec<String>> = None;
    // the cell being read: its column, its type, its value so far
    let mut cell: Option<(usize, String, String)> = None;
    let mut reading = false;
    for p in pieces(xml) {
        match p {
            Piece::Open {
                name,
                attrs,
                closed,
            } => match local(name) {
                "row" => {
                    // rows left out of the part (empty ones) still take their place
                    let number = attr(attrs, "r").and_then(|r| r.parse::<usize>().ok());
                    if let Some(n) = number.filter(|n| *n <= ROWS_MAX) {
                        while rows.len() + 1 < n {
                            rows.push(Vec::new());
                        }
                    }
                    if rows.len() >= ROWS_MAX {
                        break;
                    }
                    if closed {
                        rows.push(Vec::new());
                    } else {
                        row = Some(Vec::new());
                    }
                }
                "c" => {
                    let next = row.as_ref().map_or(0, Vec::len);
                    let col = attr(attrs, "r").and_then(|r| column(&r)).unwrap_or(next);
                    let kind = attr(attrs, "t").unwrap_or_default();
                    cell = (!closed && col < COLUMNS_MAX).then_some((col, kind, String::new()));
                }
                "v" | "t" => reading = !closed && cell.is_some(),
                _ => {}
            },
            Piece::Close(name) => match local(name) {
                "v" | "t" => reading = false,
                "c" => {
                    if let (Some((col, kind, value)), Some(r)) = (cell.take(), row.as_mut()) {
                        let text = match kind.as_str() {
                            "s" => value
                                .trim()
                                .parse::<usize>()
                                .ok()
                                .and_then(|i| shared.get(i).cloned())
                                .unwrap_or_default(),
                            "b" => if value.trim() == "1" { "TRUE" } else { "FALSE" }.into(),
                            "inlineStr" | "str" => value,
                            _ => whole(&value),
                        };
                        if r.len() <= col {
                            r.resize(col + 1, String::new());
                        }
                        r[col] = text;
                    }
                }
                "row" => {
                    rows.extend(row.take());
                    if rows.len() >= ROWS_MAX {
                        break;
                    }
                }
                _ => {}
            },
            Piece::Text(t) => {
                if let (true, Some((_, _, value))) = (reading, cell.as_mut()) {
                    value.push_str(&unescape(t));
                }
            }
        }
    }
    rows
}

/// A number as written, a whole one without its fraction (`1997.0` → `1997`).
fn whole(number: &str) -> String {
    let n = number.trim();
    match n.strip_suffix(".0") {
        Some(w) if w.chars().all(|c| c.is_ascii_digit() || c == '-') => w.to_string(),
        _ => n.to_string(),
    }
}

#[cfg(test)]
mod reading {
    use super::*;

    #[test]
    fn a_written_sheet_reads_back_with_its_texts_and_numbers() {
        let sheet = Sheet {
            name: "Mục lục".into(),
            title: "Mục lục tài liệu & bản đồ".into(),
            columns: vec![("Số lưu trữ".into(), 12.0), ("Năm".into(), 6.0)],
            rows: vec![
                vec!["LT-1997/0001".into(), "1997".into()],
                vec!["<Sin Quyền> \"đồng\"".into(), "".into()],
            ],
        };
        let data = workbook(&sheet).unwrap_or_default();
        let rows = read_rows(&data).unwrap_or_default();
        let texts: Vec<Vec<String>> = rows
            .into_iter()
            .filter(|r| r.iter().any(|c| !c.is_empty()))
            .collect();
        assert_eq!(texts[0][0], "Mục lục tài liệu & bản đồ");
        assert_eq!(texts[1], vec!["Số lưu trữ", "Năm"]);
        assert_eq!(texts[2], vec!["LT-1997/0001", "1997"]);
        assert_eq!(texts[3][0], "<Sin Quyền> \"đồng\"");
        assert_eq!(
            read_rows(b"PK\x03\x04 cut"),
            Err(XlsxReadError::Zip(crate::zip::ZipReadError::Damaged))
        );
    }

    #[test]
    fn days_are_kept_as_days() {
        assert_eq!(as_day("01/01/1900"), Some(2));
        assert_eq!(as_day("05/12/2026"), Some(46_361));
        assert_eq!(as_day("29/02/2024"), Some(45_351));
        for not_a_day in [
            "29/02/2026",
            "32/01/2026",
            "1/2/2026",
            "05-12-2026",
            "ab/cd/efgh",
            "00/01/2026",
        ] {
            assert_eq!(as_day(not_a_day), None, "{not_a_day}");
        }
        assert!(cell("A3", "05/12/2026", 3).contains(r#"s="4"><v>46361</v>"#));
        // a heading keeps its text
        assert!(cell("A1", "05/12/2026", 1).contains("inlineStr"));
    }

    #[test]
    fn cells_land_in_their_columns() {
        let xml = r#"<worksheet><sheetData><row r="1"><c r="B1" t="inlineStr"><is><t>x&amp;y</t></is></c><c r="D1"><v>2.0</v></c></row><row r="2"/><row r="4"><c r="A4"><v>7</v></c></row></sheetData></worksheet>"#;
        let rows = sheet_rows(xml, &[]);
        assert_eq!(rows[0], vec!["", "x&y", "", "2"]);
        assert!(rows[1].is_empty() && rows[2].is_empty());
        assert_eq!(rows[3], vec!["7"]);
        assert_eq!(column("AA10"), Some(26));
        assert_eq!(unescape("&#7897;&#x1EA1;&bogus;"), "ộạ&bogus;");
        // hostile sheets: a bare attribute value, a cell far to the right, endless rows
        let hostile = r#"<row r=é><c r=éé t=s><v>1</v></c><c r="XFD1"><v>9</v></c></row><row r="999999999999"/>"#;
        let rows = sheet_rows(hostile, &[]);
        assert!(rows.iter().all(|r| r.len() <= COLUMNS_MAX));
        assert!(rows.len() <= ROWS_MAX);
    }
}
