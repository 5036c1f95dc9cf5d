//! The issued number and date written into a document after its signer signed it (Decree 30:
//! the clerk numbers and dates the document the leader signed): text fields the author left for
//! them, under reserved names, filled in an incremental update. Filling these, and nothing
//! else, is an allowed change after a signature.

use crate::PdfError;
use crate::document::Document;
use crate::object::{Dict, Object};
use crate::update::{NewObject, Update};

/// The field for the number and notation (`Số: 12/QĐ-ĐCKS`).
pub const NUMBER_FIELD: &str = "Số ký hiệu";
/// The field for the place and date (`Hà Nội, ngày 25 tháng 11 năm 2026`).
pub const DATE_FIELD: &str = "Ngày ban hành";

/// Whether `name` is one of the reserved fields a signed document may still receive.
pub fn is_reserved(name: &str) -> bool {
    name == NUMBER_FIELD || name == DATE_FIELD
}

/// One value to write: the field's name, its text, and its look (a one-page PDF the size of
/// the field, drawn by `lode_print::stamp`).
#[derive(Debug, Clone)]
pub struct Value {
    pub field: String,
    pub text: String,
    pub appearance: Vec<u8>,
}

fn text_string(s: &str) -> Object {
    let mut out = vec![0xFE, 0xFF];
    for u in s.encode_utf16() {
        out.extend_from_slice(&u.to_be_bytes());
    }
    Object::String(out)
}

/// The reserved text fields of the document not filled yet: name, and the field's rectangle.
pub fn reserved_fields(data: &[u8]) -> Result<Vec<(String, [f64; 4])>, PdfError> {
    let doc = Document::parse(data)?;
    Ok(text_fields(&doc)?
        .into_iter()
        .filter(|(_, name, d)| is_reserved(name) && d.get(b"V").is_none())
        .filter_map(|(_, name, d)| crate::field::rect_of(&d).map(|r| (name, r)))
        .collect())
}

fn text_fields(doc: &Document<'_>) -> Result<Vec<(crate::object::ObjRef, String, Dict)>, PdfError> {
    let (_, catalog) = crate::field::catalog_of(doc)?;
    Ok(crate::field::named_fields(doc, &catalog)?
        .into_iter()
        .filter(|(_, _, d)| d.name(b"FT") == Some(b"Tx"))
        .collect())
}

/// Writes `values` into the reserved fields they name, as one incremental update.
pub fn fill(data: &[u8], values: &[Value]) -> Result<Vec<u8>, PdfError> {
    let doc = Document::parse(data)?;
    let fields = text_fields(&doc)?;
    let mut up = Update::new(&doc);
    for v in values {
        if !is_reserved(&v.field) {
            return Err(PdfError::Unsupported(format!(
                "{} is not a field a signed document may receive",
                v.field
            )));
        }
        let (r, _, d) = fields
            .iter()
            .find(|(_, name, _)| *name == v.field)
            .ok_or_else(|| {
                PdfError::Unsupported(format!("the document has no field {}", v.field))
            })?;
        let mut d = d.clone();
        d.set(b"V", text_string(&v.text));
        let form = crate::appearance::import(&mut up, &v.appearance)?;
        let mut ap = Dict::default();
        ap.set(b"N", Object::Ref(form));
        d.set(b"AP", Object::Dict(ap));
        up.put(*r, NewObject::Plain(Object::Dict(d)));
    }
    up.write(&[])
}

/// Adds an empty reserved text field (`NUMBER_FIELD` or `DATE_FIELD`) on page `page` at
/// `rect`: the place the number or the date will be written after signing.
pub fn add_field(
    data: &[u8],
    name: &str,
    page: usize,
    rect: [f64; 4],
) -> Result<Vec<u8>, PdfError> {
    if !is_reserved(name) {
        return Err(PdfError::Unsupported(format!(
            "reserved fields are named {NUMBER_FIELD} or {DATE_FIELD}"
        )));
    }
    crate::field::add_widget(data, name, page, rect, b"Tx")
}
