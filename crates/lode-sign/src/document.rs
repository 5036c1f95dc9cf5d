//! A PDF file as its revisions: the cross-reference sections from the last `startxref` back
//! through `/Prev` (classic tables, cross-reference streams, and hybrid files), the objects they
//! locate (in the file or in object streams), and stream data decoded with bounded memory.

use crate::PdfError;
use crate::object::{Dict, Lexer, ObjRef, Object, rfind};
use std::collections::{HashMap, HashSet};

/// The most cross-reference sections followed back (a loop or a flood of `/Prev` ends here).
const MAX_SECTIONS: usize = 4096;
/// The largest decoded stream accepted: a deflate bomb stops here.
pub const MAX_DECODED: usize = 256 * 1024 * 1024;

/// Where the newest revision says an object lies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    /// At this byte offset, with this generation.
    File {
        offset: usize,
        generation: u16,
    },
    /// The `index`-th object of object stream `stream`.
    InStream {
        stream: u32,
        index: usize,
    },
    Free,
}

/// How a cross-reference section is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum XrefKind {
    Table,
    Stream,
}

/// One cross-reference section (one revision's, in a file updated incrementally).
#[derive(Debug, Clone)]
pub struct Section {
    /// Where `startxref` pointed.
    pub offset: usize,
    pub kind: XrefKind,
    pub trailer: Dict,
}

/// A parsed PDF: its bytes, its sections newest first, and where each object is.
pub struct Document<'a> {
    pub data: &'a [u8],
    pub sections: Vec<Section>,
    locations: HashMap<u32, Location>,
}

impl<'a> Document<'a> {
    pub fn parse(data: &'a [u8]) -> Result<Self, PdfError> {
        if !data.starts_with(b"%PDF-") {
            return Err(PdfError::NotPdf);
        }
        let tail_from = data.len().saturating_sub(2048);
        let at = rfind(&data[tail_from..], b"startxref")
            .map(|i| tail_from + i)
            .ok_or(PdfError::Structure(
                "no startxref at the end of the file".into(),
            ))?;
        let mut lx = Lexer::new(data, at + b"startxref".len());
        let first = usize::try_from(lx.unsigned()?)
            .map_err(|_| PdfError::Structure("startxref is out of range".into()))?;
        let mut doc = Document {
            data,
            sections: Vec::new(),
            locations: HashMap::new(),
        };
        let mut next = Some(first);
        let mut seen = HashSet::new();
        while let Some(offset) = next {
            if !seen.insert(offset) {
                return Err(PdfError::Structure(
                    "the cross-reference chain loops".into(),
                ));
            }
            if doc.sections.len() >= MAX_SECTIONS {
                return Err(PdfError::Structure(
                    "too many cross-reference sections".into(),
                ));
            }
            let section = doc.read_section(offset)?;
            // A hybrid file's table points at a stream of the same revision (7.5.8.4).
            if let Some(stm) = section.trailer.int(b"XRefStm")
                && let Ok(stm) = usize::try_from(stm)
                && seen.insert(stm)
            {
                doc.read_section(stm)?;
            }
            next = match section.trailer.get(b"Prev") {
                Some(Object::Int(p)) => Some(
                    usize::try_from(*p)
                        .map_err(|_| PdfError::Structure("/Prev is out of range".into()))?,
                ),
                _ => None,
            };
            doc.sections.push(section);
        }
        if doc.trailer().get(b"Encrypt").is_some() {
            return Err(PdfError::Encrypted);
        }
        Ok(doc)
    }

    /// The newest trailer.
    pub fn trailer(&self) -> &Dict {
        static EMPTY: Dict = Dict(Vec::new());
        self.sections.first().map_or(&EMPTY, |s| &s.trailer)
    }

    /// The style of the newest section (an incremental update keeps it).
    pub fn xref_kind(&self) -> XrefKind {
        self.sections.first().map_or(XrefKind::Table, |s| s.kind)
    }

    /// The trailer's `/Size`: the first object number free for a new object.
    pub fn size(&self) -> u32 {
        let declared = self
            .trailer()
            .int(b"Size")
            .and_then(|s| u32::try_from(s).ok())
            .unwrap_or(0);
        let highest = self.locations.keys().max().map_or(0, |n| n + 1);
        declared.max(highest)
    }

    pub fn location(&self, num: u32) -> Option<Location> {
        self.locations.get(&num).copied()
    }

    fn read_section(&mut self, offset: usize) -> Result<Section, PdfError> {
        if offset >= self.data.len() {
            return Err(PdfError::Structure(format!(
                "a cross-reference section at {offset} lies past the end"
            )));
        }
        let mut lx = Lexer::new(self.data, offset);
        lx.skip_space();
        if self.data[lx.pos..].starts_with(b"xref") {
            lx.pos += 4;
            self.read_table(&mut lx)
        } else {
            let (_, obj) = read_indirect(self.data, offset)?;
            let Object::Stream(dict, range) = obj else {
                return Err(PdfError::Structure(
                    "startxref points at neither a table nor a stream".into(),
                ));
            };
            self.read_xref_stream(&dict, range)?;
            Ok(Section {
                offset,
                kind: XrefKind::Stream,
                trailer: dict,
            })
        }
    }

    fn record(&mut self, num: u32, loc: Location) {
        // Sections are read newest first: the first word on an object is the newest.
        self.locations.entry(num).or_insert(loc);
    }

    fn read_table(&mut self, lx: &mut Lexer<'a>) -> Result<Section, PdfError> {
        let offset = lx.pos - 4;
        loop {
            lx.skip_space();
            if self.data[lx.pos..].starts_with(b"trailer") {
                lx.pos += b"trailer".len();
                let trailer = match lx.object(0)? {
                    Object::Dict(d) => d,
                    _ => {
                        return Err(PdfError::Structure(
                            "the trailer is not a dictionary".into(),
                        ));
                    }
                };
                return Ok(Section {
                    offset,
                    kind: XrefKind::Table,
                    trailer,
                });
            }
            let start = lx.unsigned()?;
            let count = lx.unsigned()?;
            if count > 10_000_000 || start > u64::from(u32::MAX) {
                return Err(PdfError::Structure(
                    "a cross-reference subsection is too large".into(),
                ));
            }
            for i in 0..count {
                let off = lx.unsigned()?;
                let generation = lx.unsigned()?;
                let kind = lx.word();
                let num = u32::try_from(start + i)
                    .map_err(|_| PdfError::Structure("object number out of range".into()))?;
                let loc = match kind {
                    b"n" => Location::File {
                        offset: usize::try_from(off).unwrap_or(usize::MAX),
                        generation: u16::try_from(generation).unwrap_or(u16::MAX),
                    },
                    b"f" => Location::Free,
                    _ => {
                        return Err(PdfError::Structure(
                            "a cross-reference entry is neither n nor f".into(),
                        ));
                    }
                };
                self.record(num, loc);
            }
        }
    }

    fn read_xref_stream(
        &mut self,
        dict: &Dict,
        range: std::ops::Range<usize>,
    ) -> Result<(), PdfError> {
        let data = decode(self.data, dict, range)?;
        let widths: Vec<usize> = match dict.get(b"W") {
            Some(Object::Array(w)) if w.len() == 3 => w
                .iter()
                .map(|x| {
                    x.as_int()
                        .and_then(|i| usize::try_from(i).ok())
                        .filter(|i| *i <= 8)
                })
                .collect::<Option<Vec<_>>>()
                .ok_or(PdfError::Structure(
                    "bad /W in a cross-reference stream".into(),
                ))?,
            _ => {
                return Err(PdfError::Structure(
                    "no /W in a cross-reference stream".into(),
                ));
            }
        };
        let size = dict.int(b"Size").ok_or(PdfError::Structure(
            "no /Size in a cross-reference stream".into(),
        ))?;
        let index: Vec<i64> = match dict.get(b"Index") {
            Some(Object::Array(a)) => a.iter().filter_map(Object::as_int).collect(),
            _ => vec![0, size],
        };
        let row = widths.iter().sum::<usize>();
        if row == 0 {
            return Err(PdfError::Structure(
                "empty rows in a cross-reference stream".into(),
            ));
        }
        let field = |bytes: &[u8], default: u64| -> u64 {
            if bytes.is_empty() {
                default
            } else {
                bytes.iter().fold(0u64, |acc, b| (acc << 8) | u64::from(*b))
            }
        };
        let mut rows = data.chunks_exact(row);
        for pair in index.chunks(2) {
            let [start, count] = pair else { break };
            let (Ok(start), Ok(count)) = (u32::try_from(*start), u32::try_from(*count)) else {
                return Err(PdfError::Structure(
                    "bad /Index in a cross-reference stream".into(),
                ));
            };
            for i in 0..count {
                let Some(r) = rows.next() else {
                    return Err(PdfError::Structure(
                        "a cross-reference stream is short".into(),
                    ));
                };
                let (a, rest) = r.split_at(widths[0]);
                let (b, c) = rest.split_at(widths[1]);
                let num = start
                    .checked_add(i)
                    .ok_or(PdfError::Structure("object number out of range".into()))?;
                let loc = match field(a, 1) {
                    0 => Location::Free,
                    1 => Location::File {
                        offset: usize::try_from(field(b, 0)).unwrap_or(usize::MAX),
                        generation: u16::try_from(field(c, 0)).unwrap_or(u16::MAX),
                    },
                    2 => Location::InStream {
                        stream: u32::try_from(field(b, 0)).unwrap_or(u32::MAX),
                        index: usize::try_from(field(c, 0)).unwrap_or(usize::MAX),
                    },
                    _ => continue, // reserved types are ignored (7.5.8.3)
                };
                self.record(num, loc);
            }
        }
        Ok(())
    }

    /// The object `r` as the newest revision has it (`Null` for a free or missing object).
    pub fn get(&self, r: ObjRef) -> Result<Object, PdfError> {
        self.get_at(r, 0)
    }

    fn get_at(&self, r: ObjRef, depth: usize) -> Result<Object, PdfError> {
        if depth > 8 {
            return Err(PdfError::Structure("object streams nest".into()));
        }
        match self.location(r.num) {
            None | Some(Location::Free) => Ok(Object::Null),
            Some(Location::File { offset, .. }) => {
                let (found, obj) = read_indirect(self.data, offset)?;
                if found.num != r.num {
                    return Err(PdfError::Structure(format!(
                        "object {} is not at the offset its cross-reference gives",
                        r.num
                    )));
                }
                Ok(self.with_stream_length(obj))
            }
            Some(Location::InStream { stream, index }) => {
                let container = self.get_at(
                    ObjRef {
                        num: stream,
                        generation: 0,
                    },
                    depth + 1,
                )?;
                let Object::Stream(dict, range) = container else {
                    return Err(PdfError::Structure("an object stream is missing".into()));
                };
                let data = decode(self.data, &dict, range)?;
                let n = dict.int(b"N").unwrap_or(0);
                let first = dict
                    .int(b"First")
                    .and_then(|f| usize::try_from(f).ok())
                    .ok_or(PdfError::Structure("no /First in an object stream".into()))?;
                let mut lx = Lexer::new(&data, 0);
                let mut found = None;
                for i in 0..n {
                    let num = lx.unsigned()?;
                    let off = lx.unsigned()?;
                    if usize::try_from(i).ok() == Some(index) {
                        found = Some((num, off));
                        break;
                    }
                }
                let Some((num, off)) = found else {
                    return Err(PdfError::Structure(
                        "an object stream lacks an object".into(),
                    ));
                };
                if num != u64::from(r.num) {
                    return Err(PdfError::Structure(
                        "an object stream holds another object".into(),
                    ));
                }
                let at = first
                    .checked_add(usize::try_from(off).unwrap_or(usize::MAX))
                    .filter(|a| *a < data.len())
                    .ok_or(PdfError::Structure(
                        "an object stream offset is out of range".into(),
                    ))?;
                Lexer::new(&data, at).object_or_ref(0)
            }
        }
    }

    /// A stream whose `/Length` is a reference was read up to `endstream`; resolve the length
    /// and cut the data to it.
    fn with_stream_length(&self, obj: Object) -> Object {
        if let Object::Stream(dict, range) = &obj
            && let Some(Object::Ref(len_ref)) = dict.get(b"Length")
            && let Ok(Object::Int(n)) = self.get_at(*len_ref, 7)
            && let Ok(n) = usize::try_from(n)
            && range.start.checked_add(n).is_some_and(|e| e <= range.end)
        {
            return Object::Stream(dict.clone(), range.start..range.start + n);
        }
        obj
    }

    /// Resolves `o` when it is a reference.
    pub fn resolve(&self, o: &Object) -> Result<Object, PdfError> {
        match o {
            Object::Ref(r) => self.get(*r),
            other => Ok(other.clone()),
        }
    }

    /// The decoded data of a stream object.
    pub fn stream_data(&self, o: &Object) -> Result<Vec<u8>, PdfError> {
        match o {
            Object::Stream(dict, range) => decode(self.data, dict, range.clone()),
            _ => Err(PdfError::Structure("not a stream".into())),
        }
    }
}

/// Reads `num generation obj … endobj` at `offset`.
pub fn read_indirect(data: &[u8], offset: usize) -> Result<(ObjRef, Object), PdfError> {
    let mut lx = Lexer::new(data, offset);
    let num = lx.unsigned()?;
    let generation = lx.unsigned()?;
    lx.expect(b"obj")?;
    let obj = lx.object_or_ref(0)?;
    let r = ObjRef {
        num: u32::try_from(num)
            .map_err(|_| PdfError::Structure("object number out of range".into()))?,
        generation: u16::try_from(generation)
            .map_err(|_| PdfError::Structure("generation out of range".into()))?,
    };
    Ok((r, obj))
}

/// Decodes a stream's data: no filter, or FlateDecode with or without a PNG predictor (what
/// cross-reference and object streams use). Other filters are reported, not guessed.
pub fn decode(
    data: &[u8],
    dict: &Dict,
    range: std::ops::Range<usize>,
) -> Result<Vec<u8>, PdfError> {
    let raw = data.get(range).ok_or(PdfError::Structure(
        "stream data past the end of the file".into(),
    ))?;
    let filter = match dict.get(b"Filter") {
        None => None,
        Some(Object::Name(n)) => Some(n.clone()),
        Some(Object::Array(a)) if a.len() == 1 => match &a[0] {
            Object::Name(n) => Some(n.clone()),
            _ => return Err(PdfError::Unsupported("a filter that is not a name".into())),
        },
        Some(Object::Array(a)) if a.is_empty() => None,
        Some(_) => return Err(PdfError::Unsupported("chained filters".into())),
    };
    let decoded = match filter.as_deref() {
        None => raw.to_vec(),
        Some(b"FlateDecode") => {
            miniz_oxide::inflate::decompress_to_vec_zlib_with_limit(raw, MAX_DECODED).map_err(
                |e| match e.status {
                    miniz_oxide::inflate::TINFLStatus::HasMoreOutput => PdfError::TooLarge,
                    _ => PdfError::Structure("a stream does not inflate".into()),
                },
            )?
        }
        Some(other) => {
            return Err(PdfError::Unsupported(format!(
                "the {} filter",
                String::from_utf8_lossy(other)
            )));
        }
    };
    let params = match dict.get(b"DecodeParms") {
        Some(Object::Dict(p)) => Some(p.clone()),
        Some(Object::Array(a)) => a.first().and_then(Object::as_dict).cloned(),
        _ => None,
    };
    match params.as_ref().and_then(|p| p.int(b"Predictor")) {
        None | Some(1) => Ok(decoded),
        Some(p) if (10..=15).contains(&p) => {
            let columns = params
                .as_ref()
                .and_then(|p| p.int(b"Columns"))
                .and_then(|c| usize::try_from(c).ok())
                .unwrap_or(1);
            unpredict_png(&decoded, columns)
        }
        Some(p) => Err(PdfError::Unsupported(format!("predictor {p}"))),
    }
}

/// Undoes PNG row predictors (one byte per sample, as cross-reference streams use them).
fn unpredict_png(data: &[u8], columns: usize) -> Result<Vec<u8>, PdfError> {
    if columns == 0 || columns > 1 << 20 {
        return Err(PdfError::Structure("bad /Columns".into()));
    }
    let mut out = Vec::with_capacity(data.len());
    let mut prev = vec![0u8; columns];
    for row in data.chunks(columns + 1) {
        let Some((&kind, bytes)) = row.split_first() else {
            continue;
        };
        let mut cur = vec![0u8; columns];
        for i in 0..bytes.len().min(columns) {
            let left = if i > 0 { cur[i - 1] } else { 0 };
            let up = prev[i];
            let up_left = if i > 0 { prev[i - 1] } else { 0 };
            cur[i] = match kind {
                0 => bytes[i],
                1 => bytes[i].wrapping_add(left),
                2 => bytes[i].wrapping_add(up),
                3 => bytes[i].wrapping_add(((u16::from(left) + u16::from(up)) / 2) as u8),
                4 => {
                    let p = i16::from(left) + i16::from(up) - i16::from(up_left);
                    let (pa, pb, pc) = (
                        (p - i16::from(left)).abs(),
                        (p - i16::from(up)).abs(),
                        (p - i16::from(up_left)).abs(),
                    );
                    let pred = if pa <= pb && pa <= pc {
                        left
                    } else if pb <= pc {
                        up
                    } else {
                        up_left
                    };
                    bytes[i].wrapping_add(pred)
                }
                _ => return Err(PdfError::Structure("bad PNG predictor".into())),
            };
        }
        out.extend_from_slice(&cur[..bytes.len().min(columns)]);
        prev = cur;
    }
    Ok(out)
}
