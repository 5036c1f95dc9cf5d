//! The signature field of one signature (ISO 32000-2, 12.8): prepared as an incremental update
//! with a `/ByteRange` and a `/Contents` placeholder of fixed size, then the signature value
//! (a CMS, DER) written into the placeholder without moving a byte. Also the checks every
//! verification starts with: where the signed ranges lie, and that they cover the whole
//! revision but the signature value.

use crate::PdfError;
use crate::document::Document;
use crate::object::{Dict, ObjRef, Object, find, write_dict};
use crate::update::{NewObject, Update};

/// Room for the signature value, in bytes (the hex string is twice as long): a CMS with a
/// certificate chain and a timestamp token fits; revocation data goes to `/DSS`, not here.
pub const DEFAULT_CONTENTS: usize = 16 * 1024;

/// Ten digits: a `/ByteRange` number of any file up to 9.9 GB, written in place later.
const RANGE_DIGITS: usize = 10;

/// What the signature dictionary says besides the value.
#[derive(Debug, Clone)]
pub struct FieldSpec {
    /// The field's name (`/T`), unique in the form.
    pub name: String,
    /// `/M`, the claimed signing time, as a PDF date (`D:20261125083000+07'00'`).
    pub time: String,
    pub reason: Option<String>,
    pub location: Option<String>,
    /// Bytes reserved for the signature value.
    pub contents_size: usize,
}

/// A file with an empty signature: where its value goes, and what the value must cover.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub bytes: Vec<u8>,
    /// The `/ByteRange`: `[0, a, b, c]` with `a..b` the hex string of `/Contents` (with its
    /// angle brackets), `c` up to the end of the file.
    pub byte_range: [usize; 4],
}

impl Prepared {
    /// The bytes a signature covers: everything but the value's place.
    pub fn signed_bytes(&self) -> impl Iterator<Item = &[u8]> {
        let [a, b, c, d] = self.byte_range;
        [&self.bytes[a..a + b], &self.bytes[c..c + d]].into_iter()
    }

    /// SHA-256 of the signed bytes: what the signature (or the document timestamp) covers.
    pub fn digest(&self) -> [u8; 32] {
        use sha2::Digest;
        let mut hasher = sha2::Sha256::new();
        for part in self.signed_bytes() {
            hasher.update(part);
        }
        hasher.finalize().into()
    }

    /// Writes the signature value (DER) into its place; the file's length does not change.
    pub fn embed(mut self, der: &[u8]) -> Result<Vec<u8>, PdfError> {
        let start = self.byte_range[1] + 1;
        let room = (self.byte_range[2] - 1) - start;
        if der.len() * 2 > room {
            return Err(PdfError::Unsupported(format!(
                "a signature of {} bytes does not fit the {} reserved",
                der.len(),
                room / 2
            )));
        }
        for (i, b) in der.iter().enumerate() {
            let hex = format!("{b:02X}");
            self.bytes[start + 2 * i..start + 2 * i + 2].copy_from_slice(hex.as_bytes());
        }
        Ok(self.bytes)
    }
}

fn text(s: &str) -> Object {
    // PDF text strings: UTF-16BE with its byte order mark carries Vietnamese (7.9.2.2)
    let mut out = vec![0xFE, 0xFF];
    for u in s.encode_utf16() {
        out.extend_from_slice(&u.to_be_bytes());
    }
    Object::String(out)
}

/// Adds an invisible signature field on the first page, with an empty value of
/// `spec.contents_size` bytes, as one incremental update.
pub fn prepare(data: &[u8], spec: &FieldSpec) -> Result<Prepared, PdfError> {
    prepare_as(data, spec, false, None)
}

/// [`prepare`] with a visible mark: the widget on `visible.page` at `visible.rect`, its
/// appearance the mark's page.
pub fn prepare_visible(
    data: &[u8],
    spec: &FieldSpec,
    visible: &crate::appearance::Visible,
) -> Result<Prepared, PdfError> {
    prepare_as(data, spec, false, Some(visible))
}

/// [`prepare`] for a document timestamp (PAdES B-LTA, ISO 32000-2 12.8.5): `/Type
/// /DocTimeStamp`, `/SubFilter /ETSI.RFC3161`, its value an RFC 3161 token over the same bytes.
pub fn prepare_timestamp(data: &[u8], spec: &FieldSpec) -> Result<Prepared, PdfError> {
    prepare_as(data, spec, true, None)
}

fn prepare_as(
    data: &[u8],
    spec: &FieldSpec,
    doc_timestamp: bool,
    visible: Option<&crate::appearance::Visible>,
) -> Result<Prepared, PdfError> {
    let doc = Document::parse(data)?;
    let (root_ref, mut catalog) = catalog_of(&doc)?;
    // an empty signature field of this name, put in the document by its author: signed in
    // place, where it stands (ISO 32000-2 12.7.5.5)
    let existing = empty_field(&doc, &catalog, &spec.name)?;
    let page_ref = match existing.as_ref().and_then(|(_, d)| match d.get(b"P") {
        Some(Object::Ref(p)) => Some(*p),
        _ => None,
    }) {
        Some(p) => p,
        None => page_at(&doc, &catalog, visible.map_or(0, |v| v.page))?,
    };
    let page = doc
        .get(page_ref)?
        .as_dict()
        .cloned()
        .ok_or(PdfError::Structure("a page is not a dictionary".into()))?;
    let mut up = Update::new(&doc);
    let sig_ref = up.allocate();
    let widget_ref = match &existing {
        Some((r, _)) => *r,
        None => up.allocate(),
    };

    // The signature dictionary, its placeholders written at their final width: the value
    // and the byte range are filled in place once the file's length is known.
    let mut sig = Dict::default();
    sig.set(b"Filter", Object::Name(b"Adobe.PPKLite".to_vec()));
    if doc_timestamp {
        sig.set(b"Type", Object::Name(b"DocTimeStamp".to_vec()));
        sig.set(b"SubFilter", Object::Name(b"ETSI.RFC3161".to_vec()));
    } else {
        sig.set(b"Type", Object::Name(b"Sig".to_vec()));
        sig.set(b"SubFilter", Object::Name(b"ETSI.CAdES.detached".to_vec()));
        sig.set(b"M", Object::String(spec.time.as_bytes().to_vec()));
        if let Some(r) = &spec.reason {
            sig.set(b"Reason", text(r));
        }
        if let Some(l) = &spec.location {
            sig.set(b"Location", text(l));
        }
    }
    let range_text = format!("/ByteRange [0 {z} {z} {z}]", z = "0".repeat(RANGE_DIGITS));
    let contents_text = format!("/Contents <{}>", "0".repeat(spec.contents_size * 2));
    let mut raw = Vec::new();
    write_dict(&mut raw, &sig);
    raw.truncate(raw.len() - 2); // reopen the dictionary
    raw.extend_from_slice(range_text.as_bytes());
    raw.extend_from_slice(contents_text.as_bytes());
    raw.extend_from_slice(b">>");
    up.put(sig_ref, NewObject::Raw(raw));

    let mut widget = existing
        .as_ref()
        .map(|(_, d)| d.clone())
        .unwrap_or_default();
    if existing.is_none() {
        widget.set(b"Type", Object::Name(b"Annot".to_vec()));
        widget.set(b"Subtype", Object::Name(b"Widget".to_vec()));
        widget.set(b"FT", Object::Name(b"Sig".to_vec()));
    }
    if existing.is_none() {
        widget.set(b"T", text(&spec.name));
    }
    widget.set(b"V", Object::Ref(sig_ref));
    widget.set(b"P", Object::Ref(page_ref));
    match visible {
        Some(v) => {
            if !(v.rect[0] < v.rect[2] && v.rect[1] < v.rect[3])
                || v.rect.iter().any(|x| !x.is_finite())
            {
                return Err(PdfError::Unsupported(
                    "the mark's rectangle must go from its lower left to its upper right corner"
                        .into(),
                ));
            }
            widget.set(
                b"Rect",
                Object::Array(v.rect.iter().map(|x| Object::Real(*x)).collect()),
            );
            let form = crate::appearance::import(&mut up, &v.appearance)?;
            let mut ap = Dict::default();
            ap.set(b"N", Object::Ref(form));
            widget.set(b"AP", Object::Dict(ap));
        }
        None if existing.is_some() => {} // the placeholder keeps its place and look
        None => widget.set(
            b"Rect",
            Object::Array(vec![
                Object::Int(0),
                Object::Int(0),
                Object::Int(0),
                Object::Int(0),
            ]),
        ),
    }
    widget.set(b"F", Object::Int(132)); // print, locked
    up.put(widget_ref, NewObject::Plain(Object::Dict(widget)));
    if existing.is_some() && visible.is_none() {
        // the field is on its page and in the form already
        return finish_prepare(
            data,
            up,
            catalog,
            root_ref,
            &range_text,
            &contents_text,
            &doc,
        );
    }

    // The page lists the widget; the form lists the field.
    list_widget(&doc, &mut up, page_ref, page, &mut catalog, widget_ref)?;
    finish_prepare(
        data,
        up,
        catalog,
        root_ref,
        &range_text,
        &contents_text,
        &doc,
    )
}

/// Sets the form's signature flags, writes the update and fills the `/ByteRange` in place.
fn finish_prepare(
    data: &[u8],
    mut up: Update<'_, '_>,
    mut catalog: Dict,
    root_ref: ObjRef,
    range_text: &str,
    contents_text: &str,
    doc: &Document<'_>,
) -> Result<Prepared, PdfError> {
    let mut form = match catalog.get(b"AcroForm") {
        Some(f) => doc.resolve(f)?.as_dict().cloned().unwrap_or_default(),
        None => Dict::default(),
    };
    form.set(b"SigFlags", Object::Int(3));
    catalog.set(b"AcroForm", Object::Dict(form));
    up.put(root_ref, NewObject::Plain(Object::Dict(catalog)));

    let mut bytes = up.write(&[])?;
    let tail_from = data.len();
    let find_after = |bytes: &[u8], what: &[u8]| {
        find(&bytes[tail_from..], what)
            .map(|i| tail_from + i)
            .ok_or(PdfError::Structure("the placeholder went missing".into()))
    };
    let contents_at = find_after(&bytes, contents_text.as_bytes())? + b"/Contents ".len();
    let a = contents_at;
    let b = contents_at + (contents_text.len() - b"/Contents ".len());
    let byte_range = [0, a, b, bytes.len() - b];
    let filled = format!(
        "/ByteRange [0 {:0w$} {:0w$} {:0w$}]",
        byte_range[1],
        byte_range[2],
        byte_range[3],
        w = RANGE_DIGITS
    );
    if filled.len() != range_text.len() {
        return Err(PdfError::Unsupported("a file too large to sign".into()));
    }
    let range_at = find_after(&bytes, range_text.as_bytes())?;
    bytes[range_at..range_at + filled.len()].copy_from_slice(filled.as_bytes());
    Ok(Prepared { bytes, byte_range })
}

/// The form's top-level fields, named: reference, name, dictionary (field and widget in one,
/// as lode and most tools write them).
pub(crate) fn named_fields(
    doc: &Document<'_>,
    catalog: &Dict,
) -> Result<Vec<(ObjRef, String, Dict)>, PdfError> {
    let Some(form) = catalog.get(b"AcroForm") else {
        return Ok(Vec::new());
    };
    let form = doc.resolve(form)?;
    let Some(Object::Array(fields)) = form.as_dict().and_then(|d| d.get(b"Fields")).cloned() else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for f in fields.iter().take(10_000) {
        let Object::Ref(r) = f else { continue };
        let field = doc.get(*r)?;
        let Some(d) = field.as_dict() else { continue };
        if let Some(Object::String(t)) = d.get(b"T") {
            out.push((*r, crate::signatures::text_of(t), d.clone()));
        }
    }
    Ok(out)
}

/// The empty signature field named `name` (a placeholder its author left): its reference and
/// dictionary.
fn empty_field(
    doc: &Document<'_>,
    catalog: &Dict,
    name: &str,
) -> Result<Option<(ObjRef, Dict)>, PdfError> {
    Ok(named_fields(doc, catalog)?
        .into_iter()
        .find(|(_, n, d)| {
            n == name
                && d.name(b"FT") == Some(b"Sig")
                && d.get(b"V").is_none()
                && d.get(b"Rect").is_some()
        })
        .map(|(r, _, d)| (r, d)))
}

/// Where the empty signature field `name` stands, `[x1, y1, x2, y2]`: the place its author
/// chose for the mark.
pub fn placeholder(data: &[u8], name: &str) -> Result<Option<[f64; 4]>, PdfError> {
    let doc = Document::parse(data)?;
    let root = doc.resolve(doc.trailer().get(b"Root").unwrap_or(&Object::Null))?;
    let Some(catalog) = root.as_dict() else {
        return Ok(None);
    };
    Ok(empty_field(&doc, catalog, name)?.and_then(|(_, d)| rect_of(&d)))
}

/// A widget's `/Rect`, `[x1, y1, x2, y2]`.
pub(crate) fn rect_of(d: &Dict) -> Option<[f64; 4]> {
    match d.get(b"Rect") {
        Some(Object::Array(a)) if a.len() == 4 => {
            let n: Vec<f64> = a
                .iter()
                .filter_map(|x| match x {
                    Object::Int(i) => Some(*i as f64),
                    Object::Real(r) => Some(*r),
                    _ => None,
                })
                .collect();
            <[f64; 4]>::try_from(n).ok()
        }
        _ => None,
    }
}

/// The pages of the document in order, each with its `/MediaBox` (inherited from the page
/// tree where the page has none; A4 when nothing says).
fn page_tree(doc: &Document<'_>, catalog: &Dict) -> Result<Vec<(ObjRef, [f64; 4])>, PdfError> {
    let root = match catalog.get(b"Pages") {
        Some(Object::Ref(r)) => *r,
        _ => return Err(PdfError::Structure("no page tree".into())),
    };
    const A4: [f64; 4] = [0.0, 0.0, 595.0, 842.0];
    let mut stack = vec![(root, 0usize, A4)];
    let mut pages = Vec::new();
    let mut visited = 0usize;
    while let Some((node, depth, inherited)) = stack.pop() {
        visited += 1;
        if depth > 64 || visited > 100_000 {
            return Err(PdfError::Structure(
                "the page tree is too deep or loops".into(),
            ));
        }
        let obj = doc.get(node)?;
        let d = obj.as_dict().ok_or(PdfError::Structure(
            "a page tree node is not a dictionary".into(),
        ))?;
        let media = match d.get(b"MediaBox").map(|m| doc.resolve(m)).transpose()? {
            Some(Object::Array(a)) => {
                let mut wrapped = Dict::default();
                wrapped.set(b"Rect", Object::Array(a));
                rect_of(&wrapped).unwrap_or(inherited)
            }
            _ => inherited,
        };
        if d.name(b"Type") == Some(b"Page") {
            pages.push((node, media));
            continue;
        }
        if let Some(Object::Array(kids)) = d.get(b"Kids") {
            for kid in kids.iter().rev() {
                if let Object::Ref(r) = kid {
                    stack.push((*r, depth + 1, media));
                }
            }
        }
    }
    Ok(pages)
}

/// The page `index` (0 for the first) of the document, walking the page tree in order.
fn page_at(doc: &Document<'_>, catalog: &Dict, index: usize) -> Result<ObjRef, PdfError> {
    let pages = page_tree(doc, catalog)?;
    pages.get(index).map(|p| p.0).ok_or_else(|| {
        PdfError::Unsupported(format!(
            "the document has no page {} (it has {})",
            index + 1,
            pages.len()
        ))
    })
}

/// Each page's `/MediaBox`, `[x1, y1, x2, y2]` in points, first page first: where a mark may
/// be placed.
pub fn page_boxes(data: &[u8]) -> Result<Vec<[f64; 4]>, PdfError> {
    let doc = Document::parse(data)?;
    let (_, catalog) = catalog_of(&doc)?;
    Ok(page_tree(&doc, &catalog)?
        .into_iter()
        .map(|p| p.1)
        .collect())
}

/// Adds an empty signature field named `name` on page `page` (0 for the first) at `rect`: a
/// placeholder a template or a drafter leaves for a signature, which signing fills in place.
pub fn add_placeholder(
    data: &[u8],
    name: &str,
    page: usize,
    rect: [f64; 4],
) -> Result<Vec<u8>, PdfError> {
    add_widget(data, name, page, rect, b"Sig")
}

/// An empty form field of type `ft` (`Sig`, `Tx`) with its widget on page `page` at `rect`.
pub(crate) fn add_widget(
    data: &[u8],
    name: &str,
    page: usize,
    rect: [f64; 4],
    ft: &[u8],
) -> Result<Vec<u8>, PdfError> {
    if !(rect[0] < rect[2] && rect[1] < rect[3]) || rect.iter().any(|x| !x.is_finite()) {
        return Err(PdfError::Unsupported(
            "the placeholder's rectangle must go from its lower left to its upper right corner"
                .into(),
        ));
    }
    let doc = Document::parse(data)?;
    let (root_ref, mut catalog) = catalog_of(&doc)?;
    if named_fields(&doc, &catalog)?
        .iter()
        .any(|(_, n, _)| n == name)
    {
        return Err(PdfError::Unsupported(format!(
            "a field named {name} exists"
        )));
    }
    let page_ref = page_at(&doc, &catalog, page)?;
    let page_dict = doc
        .get(page_ref)?
        .as_dict()
        .cloned()
        .ok_or(PdfError::Structure("a page is not a dictionary".into()))?;
    let mut up = Update::new(&doc);
    let widget_ref = up.allocate();
    let mut widget = Dict::default();
    widget.set(b"Type", Object::Name(b"Annot".to_vec()));
    widget.set(b"Subtype", Object::Name(b"Widget".to_vec()));
    widget.set(b"FT", Object::Name(ft.to_vec()));
    widget.set(b"T", text(name));
    widget.set(b"P", Object::Ref(page_ref));
    widget.set(
        b"Rect",
        Object::Array(rect.iter().map(|x| Object::Real(*x)).collect()),
    );
    widget.set(b"F", Object::Int(4));
    // the number and date lode writes are not for a reader's viewer to type over
    if ft == b"Tx" {
        widget.set(b"Ff", Object::Int(1));
    }
    up.put(widget_ref, NewObject::Plain(Object::Dict(widget)));
    list_widget(&doc, &mut up, page_ref, page_dict, &mut catalog, widget_ref)?;
    up.put(root_ref, NewObject::Plain(Object::Dict(catalog)));
    up.write(&[])
}

/// The document's catalog: its reference and a copy to change.
pub(crate) fn catalog_of(doc: &Document<'_>) -> Result<(ObjRef, Dict), PdfError> {
    let root_ref = match doc.trailer().get(b"Root") {
        Some(Object::Ref(r)) => *r,
        _ => return Err(PdfError::Structure("no document catalog".into())),
    };
    let catalog = doc
        .get(root_ref)?
        .as_dict()
        .cloned()
        .ok_or(PdfError::Structure(
            "the catalog is not a dictionary".into(),
        ))?;
    Ok((root_ref, catalog))
}

/// `dict[key]` (an array, direct or referenced) with `item` at its end, unless it is there.
fn listed(doc: &Document<'_>, dict: &mut Dict, key: &[u8], item: ObjRef) -> Result<(), PdfError> {
    let mut items = match dict.get(key) {
        Some(a) => match doc.resolve(a)? {
            Object::Array(items) => items,
            _ => Vec::new(),
        },
        None => Vec::new(),
    };
    if !items.contains(&Object::Ref(item)) {
        items.push(Object::Ref(item));
    }
    dict.set(key, Object::Array(items));
    Ok(())
}

/// The widget is on its page and its field in the form: the page and the catalog rewritten.
fn list_widget(
    doc: &Document<'_>,
    up: &mut Update<'_, '_>,
    page_ref: ObjRef,
    mut page: Dict,
    catalog: &mut Dict,
    widget_ref: ObjRef,
) -> Result<(), PdfError> {
    listed(doc, &mut page, b"Annots", widget_ref)?;
    up.put(page_ref, NewObject::Plain(Object::Dict(page)));
    let mut form = match catalog.get(b"AcroForm") {
        Some(f) => doc.resolve(f)?.as_dict().cloned().unwrap_or_default(),
        None => Dict::default(),
    };
    listed(doc, &mut form, b"Fields", widget_ref)?;
    catalog.set(b"AcroForm", Object::Dict(form));
    Ok(())
}
