//! What changed after a signature: every object the later revisions add or replace, compared
//! with the signed revision, and whether the change is one a signed document may receive
//! (ISO 32000-2, 12.8.2.2; PAdES): further signatures (their dictionaries, fields and widgets),
//! the form listing them, `/DSS` validation data, document timestamps, and the bookkeeping of
//! cross-reference and object streams. Anything else (new page content, changed objects,
//! annotations that change what is seen) is a modification after signing.

use crate::PdfError;
use crate::document::{Document, Location};
use crate::object::{Dict, ObjRef, Object};

/// One object added or replaced after the signed revision.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub object: u32,
    /// It did not exist in the signed revision.
    pub added: bool,
    /// A change a signed document may receive.
    pub allowed: bool,
    /// What it is, in words for the report.
    pub what: String,
}

fn name_of(d: &Dict, key: &[u8]) -> String {
    d.name(key)
        .map(|n| String::from_utf8_lossy(n).into_owned())
        .unwrap_or_default()
}

/// The keys of `after` whose values differ from `before`'s (added, removed or changed).
fn changed_keys(before: &Dict, after: &Dict) -> Vec<Vec<u8>> {
    let mut keys: Vec<Vec<u8>> = Vec::new();
    for (k, v) in &after.0 {
        if before.get(k) != Some(v) {
            keys.push(k.clone());
        }
    }
    for (k, _) in &before.0 {
        if after.get(k).is_none() && !keys.contains(k) {
            keys.push(k.clone());
        }
    }
    keys
}

/// A list of references that only grew: every earlier item is still there, in order.
fn only_appended(before: Option<&Object>, after: Option<&Object>) -> bool {
    match (before, after) {
        (None, Some(Object::Array(_))) => true,
        (Some(Object::Array(b)), Some(Object::Array(a))) => a.len() >= b.len() && a.starts_with(b),
        _ => false,
    }
}

/// The changes `now` holds after its revision ending at `signed_until`.
pub fn after(now: &Document<'_>, signed_until: usize) -> Result<Vec<Change>, PdfError> {
    let signed_bytes = now.data.get(..signed_until).ok_or(PdfError::Structure(
        "the signed revision ends past the file".into(),
    ))?;
    let signed = Document::parse(signed_bytes)?;
    // the /DSS is known by where the catalog points (its /Type is optional)
    let dss_num = now
        .resolve(now.trailer().get(b"Root").unwrap_or(&Object::Null))
        .ok()
        .and_then(|c| match c.as_dict().and_then(|d| d.get(b"DSS")) {
            Some(Object::Ref(r)) => Some(r.num),
            _ => None,
        });
    let mut changes = Vec::new();
    for num in 0..now.size() {
        let (Some(loc_now), loc_then) = (now.location(num), signed.location(num)) else {
            continue;
        };
        if loc_now == Location::Free {
            if loc_then.is_some_and(|l| l != Location::Free) {
                changes.push(Change {
                    object: num,
                    added: false,
                    allowed: false,
                    what: "an object of the signed revision was deleted".into(),
                });
            }
            continue;
        }
        if loc_then == Some(loc_now) {
            continue; // the same place in the file: the signed bytes themselves
        }
        let r = ObjRef { num, generation: 0 };
        let after_obj = now.get(r)?;
        let before_obj = match loc_then {
            None | Some(Location::Free) => None,
            Some(_) => Some(signed.get(r)?),
        };
        if before_obj.as_ref() == Some(&after_obj) {
            continue; // rewritten identically
        }
        if Some(num) == dss_num && after_obj.as_dict().is_some() {
            changes.push(Change {
                object: num,
                added: before_obj.is_none(),
                allowed: true,
                what: "validation data (/DSS)".into(),
            });
            continue;
        }
        changes.push(judge(num, before_obj.as_ref(), &after_obj));
    }
    Ok(changes)
}

fn judge(num: u32, before: Option<&Object>, after: &Object) -> Change {
    let added = before.is_none();
    let change = |allowed: bool, what: &str| Change {
        object: num,
        added,
        allowed,
        what: what.to_string(),
    };
    let Some(d) = after.as_dict() else {
        return change(false, "a value of the document changed");
    };
    let kind = name_of(d, b"Type");
    let subtype = name_of(d, b"Subtype");
    match (before.and_then(Object::as_dict), kind.as_str()) {
        // bookkeeping and validation data
        (None, "XRef" | "ObjStm") => change(true, "cross-reference or object stream"),
        (None, "Sig" | "DocTimeStamp") => change(true, "a signature or document timestamp"),
        (None, "DSS" | "VRI") => change(true, "validation data (/DSS)"),
        (None, _) if d.get(b"FT").is_some() || subtype == "Widget" => {
            if name_of(d, b"FT") == "Sig" {
                change(true, "a signature field")
            } else {
                change(false, "a new form field or annotation")
            }
        }
        (None, _) if matches!(after, Object::Stream(..)) && kind.is_empty() => {
            // certificates, CRLs, OCSP responses stored for /DSS are untyped streams
            change(true, "a data stream (validation data, an appearance)")
        }
        // a later signature's visible mark: its form, its fonts, its image; pages cannot
        // refer to them (a page may only list a new signature widget)
        (None, "XObject" | "Font" | "FontDescriptor") => {
            change(true, "part of a signature's visible mark")
        }
        (None, _) => change(false, "a new object that is not a signature"),
        (Some(b), "Catalog") => {
            let keys = changed_keys(b, d);
            if keys.iter().all(|k| k == b"AcroForm" || k == b"DSS") {
                change(true, "the catalog, for the form or /DSS")
            } else {
                change(false, "the document catalog changed")
            }
        }
        (Some(b), "Page") => {
            let keys = changed_keys(b, d);
            if keys == [b"Annots".to_vec()] && only_appended(b.get(b"Annots"), d.get(b"Annots")) {
                change(true, "the page lists a new signature widget")
            } else {
                change(false, "a page changed after signing")
            }
        }
        (Some(b), _) if b.get(b"Fields").is_some() || d.get(b"Fields").is_some() => {
            let keys = changed_keys(b, d);
            if keys
                .iter()
                .all(|k| (k == b"Fields" && only_appended(b.get(k), d.get(k))) || k == b"SigFlags")
            {
                change(true, "the form lists a new signature field")
            } else {
                change(false, "the form changed after signing")
            }
        }
        (Some(_), "DSS" | "VRI") => change(true, "validation data (/DSS) extended"),
        // XMP metadata (modification date, producer) is not shown on any page
        (_, "Metadata") if name_of(d, b"Subtype") == "XML" => {
            change(true, "the document's XMP metadata")
        }
        // the issued number and date, written into the fields reserved for them
        (Some(b), _)
            if b.name(b"FT") == Some(b"Tx")
                && matches!(b.get(b"T"), Some(Object::String(t)) if crate::fill::is_reserved(&crate::signatures::text_of(t)))
                && changed_keys(b, d)
                    .iter()
                    .all(|k| matches!(k.as_slice(), b"V" | b"AP")) =>
        {
            change(true, "the issued number or date filled in")
        }
        // an empty signature field left for a later signer, now signed in place
        (Some(b), _)
            if b.name(b"FT") == Some(b"Sig")
                && b.get(b"V").is_none()
                && changed_keys(b, d)
                    .iter()
                    .all(|k| matches!(k.as_slice(), b"V" | b"AP" | b"F" | b"P" | b"Rect")) =>
        {
            change(true, "a signature field left empty is signed")
        }
        (Some(_), _) => change(false, "an object of the signed revision changed"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dict(pairs: &[(&[u8], Object)]) -> Object {
        let mut d = Dict::default();
        for (k, v) in pairs {
            d.set(k, v.clone());
        }
        Object::Dict(d)
    }

    fn name(n: &[u8]) -> Object {
        Object::Name(n.to_vec())
    }

    fn r(n: u32) -> Object {
        Object::Ref(ObjRef {
            num: n,
            generation: 0,
        })
    }

    #[test]
    fn later_signatures_are_allowed_other_changes_are_not() {
        let page = dict(&[
            (b"Type", name(b"Page")),
            (b"Annots", Object::Array(vec![r(9)])),
        ]);
        let page_more = dict(&[
            (b"Type", name(b"Page")),
            (b"Annots", Object::Array(vec![r(9), r(20)])),
        ]);
        assert!(judge(3, Some(&page), &page_more).allowed);
        let page_replaced = dict(&[
            (b"Type", name(b"Page")),
            (b"Annots", Object::Array(vec![r(20)])),
        ]);
        assert!(
            !judge(3, Some(&page), &page_replaced).allowed,
            "a widget removed"
        );
        let page_content = dict(&[
            (b"Type", name(b"Page")),
            (b"Annots", Object::Array(vec![r(9)])),
            (b"Contents", r(30)),
        ]);
        assert!(!judge(3, Some(&page), &page_content).allowed, "new content");
        assert!(
            judge(
                20,
                None,
                &dict(&[(b"FT", name(b"Sig")), (b"Subtype", name(b"Widget"))])
            )
            .allowed
        );
        assert!(
            !judge(21, None, &dict(&[(b"Subtype", name(b"FreeText"))])).allowed,
            "an overlay"
        );
        assert!(
            !judge(
                22,
                None,
                &dict(&[(b"FT", name(b"Tx")), (b"Subtype", name(b"Widget"))])
            )
            .allowed
        );
        assert!(judge(23, None, &dict(&[(b"Type", name(b"Sig"))])).allowed);
        let catalog = dict(&[(b"Type", name(b"Catalog")), (b"Pages", r(2))]);
        let with_form = dict(&[
            (b"Type", name(b"Catalog")),
            (b"Pages", r(2)),
            (b"AcroForm", r(40)),
        ]);
        assert!(judge(1, Some(&catalog), &with_form).allowed);
        let other_pages = dict(&[(b"Type", name(b"Catalog")), (b"Pages", r(50))]);
        assert!(
            !judge(1, Some(&catalog), &other_pages).allowed,
            "another page tree"
        );
        assert!(!judge(7, Some(&Object::Int(1)), &Object::Int(2)).allowed);
    }
}
