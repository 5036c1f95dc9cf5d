//! Visible signature marks: the page of a small PDF (drawn by `lode_print::stamp`: the
//! signer's name, the organisation, the time, a signature or seal image) brought into the
//! document as a Form XObject, the appearance of the signature's widget.

use crate::PdfError;
use crate::document::Document;
use crate::object::{Dict, ObjRef, Object};
use crate::update::{NewObject, Update};
use std::collections::HashMap;

/// Where a mark goes: the page (0 for the first) and its rectangle in points from the
/// bottom-left corner `[x1, y1, x2, y2]`, and the mark itself as a one-page PDF.
#[derive(Debug, Clone)]
pub struct Visible {
    pub page: usize,
    pub rect: [f64; 4],
    pub appearance: Vec<u8>,
}

/// The most objects a mark may bring (a font, its files, an image).
const MAX_OBJECTS: usize = 64;

fn copy(
    source: &Document<'_>,
    o: &Object,
    up: &mut Update<'_, '_>,
    map: &mut HashMap<ObjRef, ObjRef>,
    depth: usize,
) -> Result<Object, PdfError> {
    if depth > 32 || map.len() > MAX_OBJECTS {
        return Err(PdfError::Unsupported("the mark is too complex".into()));
    }
    Ok(match o {
        Object::Ref(r) => {
            if let Some(new) = map.get(r) {
                return Ok(Object::Ref(*new));
            }
            let new = up.allocate();
            map.insert(*r, new);
            let target = source.get(*r)?;
            let written = match &target {
                Object::Stream(dict, range) => {
                    let mut d = Dict::default();
                    for (k, v) in &dict.0 {
                        d.set(k, copy(source, v, up, map, depth + 1)?);
                    }
                    let raw = source
                        .data
                        .get(range.clone())
                        .ok_or(PdfError::Structure("a stream outside the mark".into()))?
                        .to_vec();
                    NewObject::Stream(d, raw)
                }
                other => NewObject::Plain(copy(source, other, up, map, depth + 1)?),
            };
            up.put(new, written);
            Object::Ref(new)
        }
        Object::Dict(d) => {
            let mut out = Dict::default();
            for (k, v) in &d.0 {
                out.set(k, copy(source, v, up, map, depth + 1)?);
            }
            Object::Dict(out)
        }
        Object::Array(items) => Object::Array(
            items
                .iter()
                .map(|i| copy(source, i, up, map, depth + 1))
                .collect::<Result<_, _>>()?,
        ),
        Object::Stream(..) => {
            return Err(PdfError::Structure("a direct stream in the mark".into()));
        }
        other => other.clone(),
    })
}

/// Brings the first page of `mark` (a PDF) into the update as a Form XObject; returns its
/// reference.
pub fn import(up: &mut Update<'_, '_>, mark: &[u8]) -> Result<ObjRef, PdfError> {
    let source = Document::parse(mark)?;
    let root = source.resolve(source.trailer().get(b"Root").unwrap_or(&Object::Null))?;
    let pages = source.resolve(
        root.as_dict()
            .and_then(|d| d.get(b"Pages"))
            .unwrap_or(&Object::Null),
    )?;
    let page = match pages.as_dict().and_then(|d| d.get(b"Kids")) {
        Some(Object::Array(kids)) => source.resolve(kids.first().unwrap_or(&Object::Null))?,
        _ => return Err(PdfError::Structure("the mark has no page".into())),
    };
    let page = page
        .as_dict()
        .ok_or(PdfError::Structure("the mark's page".into()))?;
    let bbox = page
        .get(b"MediaBox")
        .cloned()
        .unwrap_or(Object::Array(vec![Object::Int(0); 4]));
    let mut data = Vec::new();
    let parts = match page.get(b"Contents") {
        Some(Object::Array(a)) => a.clone(),
        Some(c) => vec![c.clone()],
        None => Vec::new(),
    };
    for p in parts {
        data.extend_from_slice(&source.stream_data(&source.resolve(&p)?)?);
        data.push(b'\n');
    }
    let mut map = HashMap::new();
    let resources = match page.get(b"Resources") {
        Some(r) => copy(&source, r, up, &mut map, 0)?,
        None => Object::Dict(Dict::default()),
    };
    let mut form = Dict::default();
    form.set(b"Type", Object::Name(b"XObject".to_vec()));
    form.set(b"Subtype", Object::Name(b"Form".to_vec()));
    form.set(b"BBox", bbox);
    form.set(b"Resources", resources);
    let r = up.allocate();
    up.put(r, NewObject::Stream(form, data));
    Ok(r)
}
