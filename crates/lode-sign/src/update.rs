//! Incremental updates (ISO 32000-2, 7.5.6): new and changed objects appended after the last
//! byte of the file, then a cross-reference section in the style the file already uses (a
//! table, or a cross-reference stream), whose trailer points back at the previous one. Nothing
//! before the old end of file is rewritten, which is what keeps earlier signatures valid.

use crate::PdfError;
use crate::document::{Document, XrefKind};
use crate::object::{Dict, ObjRef, Object, write_dict, write_object};

/// One object to write: a plain object, or a stream with its (already encoded) data.
#[derive(Debug, Clone)]
pub enum NewObject {
    Plain(Object),
    Stream(Dict, Vec<u8>),
    /// An object already in PDF syntax (a signature dictionary whose placeholders must keep
    /// their width).
    Raw(Vec<u8>),
}

/// The objects of one incremental update.
pub struct Update<'d, 'a> {
    doc: &'d Document<'a>,
    next_num: u32,
    objects: Vec<(ObjRef, NewObject)>,
}

impl<'d, 'a> Update<'d, 'a> {
    pub fn new(doc: &'d Document<'a>) -> Self {
        Self {
            doc,
            next_num: doc.size(),
            objects: Vec::new(),
        }
    }

    /// A number for a new object.
    pub fn allocate(&mut self) -> ObjRef {
        let r = ObjRef {
            num: self.next_num,
            generation: 0,
        };
        self.next_num += 1;
        r
    }

    /// Adds (or replaces) the object `r` in this update.
    pub fn put(&mut self, r: ObjRef, o: NewObject) {
        self.objects.retain(|(x, _)| *x != r);
        self.objects.push((r, o));
    }

    /// Writes the update after `self.doc.data`: the whole new file.
    pub fn write(mut self, extra_trailer: &[(&[u8], Object)]) -> Result<Vec<u8>, PdfError> {
        let data = self.doc.data;
        let mut out = Vec::with_capacity(data.len() + 4096);
        out.extend_from_slice(data);
        if !out.ends_with(b"\n") {
            out.push(b'\n');
        }
        let kind = self.doc.xref_kind();
        let xref_ref = (kind == XrefKind::Stream).then(|| self.allocate());
        let mut offsets: Vec<(u32, u16, usize)> = Vec::new();
        for (r, o) in &self.objects {
            offsets.push((r.num, r.generation, out.len()));
            out.extend_from_slice(format!("{} {} obj\n", r.num, r.generation).as_bytes());
            match o {
                NewObject::Plain(obj) => write_object(&mut out, obj),
                NewObject::Raw(bytes) => out.extend_from_slice(bytes),
                NewObject::Stream(dict, bytes) => {
                    let mut d = dict.clone();
                    d.set(
                        b"Length",
                        Object::Int(i64::try_from(bytes.len()).unwrap_or(i64::MAX)),
                    );
                    write_dict(&mut out, &d);
                    out.extend_from_slice(b"\nstream\n");
                    out.extend_from_slice(bytes);
                    out.extend_from_slice(b"\nendstream");
                }
            }
            out.extend_from_slice(b"\nendobj\n");
        }
        let prev = self
            .doc
            .sections
            .first()
            .map(|s| s.offset)
            .ok_or(PdfError::Structure("no cross-reference section".into()))?;
        let mut trailer = Dict::default();
        for key in [&b"Root"[..], b"Info", b"ID"] {
            if let Some(v) = self.doc.trailer().get(key) {
                trailer.set(key, v.clone());
            }
        }
        for (k, v) in extra_trailer {
            trailer.set(k, v.clone());
        }
        trailer.set(b"Size", Object::Int(i64::from(self.next_num)));
        trailer.set(
            b"Prev",
            Object::Int(i64::try_from(prev).unwrap_or(i64::MAX)),
        );
        let start = out.len();
        match (kind, xref_ref) {
            (XrefKind::Stream, Some(xr)) => {
                offsets.push((xr.num, xr.generation, start));
                offsets.sort_unstable();
                let (index, rows) = stream_rows(&offsets);
                trailer.set(b"Type", Object::Name(b"XRef".to_vec()));
                trailer.set(
                    b"W",
                    Object::Array(vec![Object::Int(1), Object::Int(4), Object::Int(2)]),
                );
                trailer.set(b"Index", Object::Array(index));
                trailer.set(
                    b"Length",
                    Object::Int(i64::try_from(rows.len()).unwrap_or(0)),
                );
                out.extend_from_slice(format!("{} {} obj\n", xr.num, xr.generation).as_bytes());
                write_dict(&mut out, &trailer);
                out.extend_from_slice(b"\nstream\n");
                out.extend_from_slice(&rows);
                out.extend_from_slice(b"\nendstream\nendobj\n");
            }
            _ => {
                offsets.sort_unstable();
                out.extend_from_slice(b"xref\n");
                for run in runs(&offsets) {
                    out.extend_from_slice(format!("{} {}\n", run[0].0, run.len()).as_bytes());
                    for (_, generation, off) in run {
                        // each entry exactly 20 bytes (7.5.4)
                        out.extend_from_slice(
                            format!("{off:010} {generation:05} n\r\n").as_bytes(),
                        );
                    }
                }
                out.extend_from_slice(b"trailer\n");
                write_dict(&mut out, &trailer);
                out.push(b'\n');
            }
        }
        out.extend_from_slice(format!("startxref\n{start}\n%%EOF\n").as_bytes());
        Ok(out)
    }
}

/// Consecutive object numbers, for the subsections of a table or the `/Index` of a stream.
fn runs(sorted: &[(u32, u16, usize)]) -> Vec<&[(u32, u16, usize)]> {
    let mut out = Vec::new();
    let mut begin = 0;
    for i in 1..=sorted.len() {
        if i == sorted.len() || sorted[i].0 != sorted[i - 1].0 + 1 {
            out.push(&sorted[begin..i]);
            begin = i;
        }
    }
    out
}

/// The `/Index` and the rows (type 1, 4-byte offset, 2-byte generation) of a cross-reference
/// stream.
fn stream_rows(sorted: &[(u32, u16, usize)]) -> (Vec<Object>, Vec<u8>) {
    let mut index = Vec::new();
    let mut rows = Vec::new();
    for run in runs(sorted) {
        index.push(Object::Int(i64::from(run[0].0)));
        index.push(Object::Int(i64::try_from(run.len()).unwrap_or(0)));
        for (_, generation, off) in run {
            rows.push(1);
            rows.extend_from_slice(&u32::try_from(*off).unwrap_or(u32::MAX).to_be_bytes());
            rows.extend_from_slice(&generation.to_be_bytes());
        }
    }
    (index, rows)
}
