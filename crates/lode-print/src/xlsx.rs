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

fn cell(reference: &str, text: &str, style: u8) -> String {
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
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="3"><font><sz val="11"/><name val="Times New Roman"/></font><font><b/><sz val="14"/><name val="Times New Roman"/></font><font><b/><sz val="11"/><name val="Times New Roman"/></font></fonts><fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill><fill><patternFill patternType="solid"><fgColor rgb="FFE6E6E6"/></patternFill></fill></fills><borders count="2"><border/><border><left style="thin"/><right style="thin"/><top style="thin"/><bottom style="thin"/></border></borders><cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="4"><xf/><xf fontId="1" applyFont="1"/><xf fontId="2" fillId="2" borderId="1" applyFont="1" applyFill="1" applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="center" wrapText="1"/></xf><xf borderId="1" applyBorder="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf></cellXfs></styleSheet>"#;

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
