//! PDF objects (ISO 32000-2, 7.3) and a parser for them that never panics: every read is bounds
//! checked, nesting is limited, numbers that do not fit are errors.

use crate::PdfError;

/// The deepest nesting of arrays and dictionaries read; deeper input is refused (stack safety).
pub const MAX_DEPTH: usize = 64;

/// A reference to an indirect object: number and generation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ObjRef {
    pub num: u32,
    pub generation: u16,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Object {
    Null,
    Bool(bool),
    Int(i64),
    Real(f64),
    /// A literal or hexadecimal string, decoded to its bytes.
    String(Vec<u8>),
    Name(Vec<u8>),
    Array(Vec<Object>),
    Dict(Dict),
    /// A stream: its dictionary and where its (still encoded) data lies in the file.
    Stream(Dict, std::ops::Range<usize>),
    Ref(ObjRef),
}

/// A dictionary, in the order the file gives its keys (duplicates: the first wins on lookup).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Dict(pub Vec<(Vec<u8>, Object)>);

impl Dict {
    pub fn get(&self, key: &[u8]) -> Option<&Object> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    pub fn set(&mut self, key: &[u8], value: Object) {
        match self.0.iter_mut().find(|(k, _)| k == key) {
            Some(slot) => slot.1 = value,
            None => self.0.push((key.to_vec(), value)),
        }
    }

    pub fn remove(&mut self, key: &[u8]) {
        self.0.retain(|(k, _)| k != key);
    }

    pub fn int(&self, key: &[u8]) -> Option<i64> {
        match self.get(key) {
            Some(Object::Int(i)) => Some(*i),
            _ => None,
        }
    }

    pub fn name(&self, key: &[u8]) -> Option<&[u8]> {
        match self.get(key) {
            Some(Object::Name(n)) => Some(n),
            _ => None,
        }
    }
}

impl Object {
    pub fn as_dict(&self) -> Option<&Dict> {
        match self {
            Object::Dict(d) | Object::Stream(d, _) => Some(d),
            _ => None,
        }
    }

    pub fn as_int(&self) -> Option<i64> {
        match self {
            Object::Int(i) => Some(*i),
            _ => None,
        }
    }
}

fn is_white(b: u8) -> bool {
    matches!(b, 0 | 9 | 10 | 12 | 13 | 32)
}

fn is_delim(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

/// A cursor over the bytes of a file.
pub struct Lexer<'a> {
    pub data: &'a [u8],
    pub pos: usize,
}

impl<'a> Lexer<'a> {
    /// A lexer at `pos`; a position past the end (an offset a damaged table gives) reads as
    /// the end.
    pub fn new(data: &'a [u8], pos: usize) -> Self {
        Self {
            data,
            pos: pos.min(data.len()),
        }
    }

    fn err(&self, what: &str) -> PdfError {
        PdfError::Syntax {
            offset: self.pos,
            what: what.to_string(),
        }
    }

    fn peek(&self) -> Option<u8> {
        self.data.get(self.pos).copied()
    }

    /// Skips white space and comments.
    pub fn skip_space(&mut self) {
        while let Some(b) = self.peek() {
            if is_white(b) {
                self.pos += 1;
            } else if b == b'%' {
                while let Some(c) = self.peek() {
                    if c == b'\n' || c == b'\r' {
                        break;
                    }
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
    }

    /// A bare word (keyword or number).
    pub fn word(&mut self) -> &'a [u8] {
        self.skip_space();
        let start = self.pos.min(self.data.len());
        while let Some(b) = self.peek() {
            if is_white(b) || is_delim(b) {
                break;
            }
            self.pos += 1;
        }
        self.data.get(start..self.pos).unwrap_or_default()
    }

    /// Expects the keyword `kw` next.
    pub fn expect(&mut self, kw: &[u8]) -> Result<(), PdfError> {
        let w = self.word();
        if w == kw {
            Ok(())
        } else {
            Err(self.err(&format!(
                "expected `{}`, found `{}`",
                String::from_utf8_lossy(kw),
                String::from_utf8_lossy(&w[..w.len().min(20)])
            )))
        }
    }

    pub fn unsigned(&mut self) -> Result<u64, PdfError> {
        let w = self.word();
        if w.is_empty() || !w.iter().all(u8::is_ascii_digit) || w.len() > 18 {
            return Err(self.err("expected an unsigned number"));
        }
        std::str::from_utf8(w)
            .ok()
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| self.err("expected an unsigned number"))
    }

    /// Reads one object; `R` references and `stream` bodies are recognised.
    pub fn object(&mut self, depth: usize) -> Result<Object, PdfError> {
        if depth > MAX_DEPTH {
            return Err(self.err("objects nested too deeply"));
        }
        self.skip_space();
        let Some(b) = self.peek() else {
            return Err(self.err("unexpected end of file"));
        };
        match b {
            b'/' => {
                self.pos += 1;
                Ok(Object::Name(self.name_body()))
            }
            b'(' => self.literal_string().map(Object::String),
            b'<' if self.data.get(self.pos + 1) == Some(&b'<') => {
                self.pos += 2;
                let dict = self.dict_body(depth)?;
                self.maybe_stream(dict)
            }
            b'<' => self.hex_string().map(Object::String),
            b'[' => {
                self.pos += 1;
                let mut items = Vec::new();
                loop {
                    self.skip_space();
                    match self.peek() {
                        Some(b']') => {
                            self.pos += 1;
                            return Ok(Object::Array(items));
                        }
                        None => return Err(self.err("unterminated array")),
                        _ => items.push(self.object_or_ref(depth + 1)?),
                    }
                }
            }
            _ => {
                let start = self.pos;
                let w = self.word();
                match w {
                    b"null" => Ok(Object::Null),
                    b"true" => Ok(Object::Bool(true)),
                    b"false" => Ok(Object::Bool(false)),
                    _ => parse_number(w).ok_or_else(|| {
                        self.pos = start;
                        self.err("unexpected token")
                    }),
                }
            }
        }
    }

    /// An object where a reference `n g R` may also stand.
    pub fn object_or_ref(&mut self, depth: usize) -> Result<Object, PdfError> {
        let first = self.object(depth)?;
        if let Object::Int(num) = first {
            let save = self.pos;
            self.skip_space();
            let w1 = self.word();
            let w2 = self.word();
            if w2 == b"R"
                && let (Some(Object::Int(generation)), Ok(num)) =
                    (parse_number(w1), u32::try_from(num))
                && let Ok(generation) = u16::try_from(generation)
            {
                return Ok(Object::Ref(ObjRef { num, generation }));
            }
            self.pos = save;
        }
        Ok(first)
    }

    fn name_body(&mut self) -> Vec<u8> {
        let mut name = Vec::new();
        while let Some(b) = self.peek() {
            if is_white(b) || is_delim(b) {
                break;
            }
            self.pos += 1;
            if b == b'#'
                && let Some(h) = self.data.get(self.pos..self.pos + 2)
                && all_hex(h)
            {
                name.push(nibble(h[0]) << 4 | nibble(h[1]));
                self.pos += 2;
                continue;
            }
            name.push(b);
        }
        name
    }

    fn literal_string(&mut self) -> Result<Vec<u8>, PdfError> {
        self.pos += 1;
        let mut out = Vec::new();
        let mut depth = 1usize;
        loop {
            let Some(b) = self.peek() else {
                return Err(self.err("unterminated string"));
            };
            self.pos += 1;
            match b {
                b'(' => {
                    depth += 1;
                    out.push(b);
                }
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        return Ok(out);
                    }
                    out.push(b);
                }
                b'\\' => {
                    let Some(e) = self.peek() else {
                        return Err(self.err("unterminated string"));
                    };
                    self.pos += 1;
                    match e {
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'b' => out.push(8),
                        b'f' => out.push(12),
                        b'\r' => {
                            if self.peek() == Some(b'\n') {
                                self.pos += 1;
                            }
                        }
                        b'\n' => {}
                        b'0'..=b'7' => {
                            let mut v = u32::from(e - b'0');
                            for _ in 0..2 {
                                match self.peek() {
                                    Some(d @ b'0'..=b'7') => {
                                        v = v * 8 + u32::from(d - b'0');
                                        self.pos += 1;
                                    }
                                    _ => break,
                                }
                            }
                            out.push((v & 0xff) as u8);
                        }
                        other => out.push(other),
                    }
                }
                other => out.push(other),
            }
        }
    }

    fn hex_string(&mut self) -> Result<Vec<u8>, PdfError> {
        self.pos += 1;
        let rest = self.data.get(self.pos..).unwrap_or_default();
        let Some(len) = memchr::memchr(b'>', rest) else {
            self.pos = self.data.len();
            return Err(self.err("unterminated hex string"));
        };
        let body = &rest[..len];
        // the usual case, a signature value of some 30,000 digits, is digits only
        let spaced;
        let digits = if all_hex(body) {
            body
        } else {
            let mut kept = Vec::with_capacity(len);
            for (i, &b) in body.iter().enumerate() {
                if is_hex_digit(b) {
                    kept.push(b);
                } else if !is_white(b) {
                    self.pos += i + 1;
                    return Err(self.err("bad character in a hex string"));
                }
            }
            spaced = kept;
            spaced.as_slice()
        };
        self.pos += len + 1;
        // a signature value's place is mostly the zeros that pad it: those are zero bytes
        // already, only the digits before them are decoded
        let even = digits.len() & !1;
        let mut significant = even;
        while significant >= 64
            && digits[significant - 64..significant]
                .iter()
                .all(|&d| d == b'0')
        {
            significant -= 64;
        }
        let mut out = vec![0; digits.len() / 2];
        for (byte, pair) in out.iter_mut().zip(digits[..significant].chunks_exact(2)) {
            *byte = nibble(pair[0]) << 4 | nibble(pair[1]);
        }
        // an odd last digit stands for its high half (ISO 32000-2, 7.3.4.3)
        if let [.., last] = digits
            && digits.len() % 2 == 1
        {
            out.push(nibble(*last) << 4);
        }
        Ok(out)
    }

    fn dict_body(&mut self, depth: usize) -> Result<Dict, PdfError> {
        let mut dict = Dict::default();
        loop {
            self.skip_space();
            match self.peek() {
                Some(b'>') if self.data.get(self.pos + 1) == Some(&b'>') => {
                    self.pos += 2;
                    return Ok(dict);
                }
                Some(b'/') => {
                    self.pos += 1;
                    let key = self.name_body();
                    let value = self.object_or_ref(depth + 1)?;
                    dict.0.push((key, value));
                }
                None => return Err(self.err("unterminated dictionary")),
                _ => return Err(self.err("a dictionary key must be a name")),
            }
        }
    }

    /// After a dictionary: a stream body when `stream` follows. The length must be a direct
    /// number here; streams whose length is a reference are measured by [`crate::Document`].
    fn maybe_stream(&mut self, dict: Dict) -> Result<Object, PdfError> {
        let save = self.pos;
        self.skip_space();
        if !self.data[self.pos..].starts_with(b"stream") {
            self.pos = save;
            return Ok(Object::Dict(dict));
        }
        self.pos += b"stream".len();
        // the keyword is followed by CRLF or LF (7.3.8.1)
        if self.data[self.pos..].starts_with(b"\r\n") {
            self.pos += 2;
        } else if self.peek() == Some(b'\n') || self.peek() == Some(b'\r') {
            self.pos += 1;
        }
        let start = self.pos;
        let len = match dict.get(b"Length") {
            Some(Object::Int(n)) => usize::try_from(*n).ok(),
            _ => None,
        };
        let end = match len {
            Some(n) if start.checked_add(n).is_some_and(|e| e <= self.data.len()) => start + n,
            // unknown or wrong length: up to the `endstream` keyword
            _ => find(&self.data[start..], b"endstream")
                .map(|i| start + i)
                .ok_or_else(|| self.err("stream without endstream"))?,
        };
        self.pos = end;
        self.skip_space();
        if self.data[self.pos..].starts_with(b"endstream") {
            self.pos += b"endstream".len();
        }
        Ok(Object::Stream(dict, start..end))
    }
}

fn parse_number(w: &[u8]) -> Option<Object> {
    let s = std::str::from_utf8(w).ok()?;
    if s.is_empty() || s.len() > 40 {
        return None;
    }
    if s.contains('.') {
        s.parse::<f64>()
            .ok()
            .filter(|f| f.is_finite())
            .map(Object::Real)
    } else {
        s.parse::<i64>().ok().map(Object::Int)
    }
}

/// Whether `b` is a hexadecimal digit; without branches, so that a run of them is checked
/// many bytes at a time.
pub fn is_hex_digit(b: u8) -> bool {
    (b.wrapping_sub(b'0') < 10) | ((b | 0x20).wrapping_sub(b'a') < 6)
}

/// Whether every byte is a hexadecimal digit.
pub fn all_hex(bytes: &[u8]) -> bool {
    bytes.iter().fold(true, |ok, &b| ok & is_hex_digit(b))
}

/// The value of a byte known to be a hexadecimal digit.
fn nibble(b: u8) -> u8 {
    (b & 0x0f) + 9 * (b >> 6)
}

/// The first position of `needle` in `hay` (SIMD substring search: files are searched end to
/// end for markers, and this pass must cost little beside hashing them).
/// An empty needle is found nowhere.
pub fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return None;
    }
    memchr::memmem::find(hay, needle)
}

/// The last position of `needle` in `hay`.
pub fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return None;
    }
    memchr::memmem::rfind(hay, needle)
}

/// Writes an object in PDF syntax.
pub fn write_object(out: &mut Vec<u8>, o: &Object) {
    match o {
        Object::Null => out.extend_from_slice(b"null"),
        Object::Bool(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Object::Int(i) => out.extend_from_slice(i.to_string().as_bytes()),
        Object::Real(f) => {
            let s = format!("{f:.6}");
            let s = s.trim_end_matches('0').trim_end_matches('.');
            out.extend_from_slice(if s.is_empty() { b"0" } else { s.as_bytes() });
        }
        Object::String(bytes) => {
            out.push(b'<');
            for b in bytes {
                out.extend_from_slice(format!("{b:02X}").as_bytes());
            }
            out.push(b'>');
        }
        Object::Name(n) => write_name(out, n),
        Object::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b' ');
                }
                write_object(out, item);
            }
            out.push(b']');
        }
        Object::Dict(d) | Object::Stream(d, _) => write_dict(out, d),
        Object::Ref(r) => out.extend_from_slice(format!("{} {} R", r.num, r.generation).as_bytes()),
    }
}

pub fn write_dict(out: &mut Vec<u8>, d: &Dict) {
    out.extend_from_slice(b"<<");
    for (k, v) in &d.0 {
        write_name(out, k);
        out.push(b' ');
        write_object(out, v);
    }
    out.extend_from_slice(b">>");
}

fn write_name(out: &mut Vec<u8>, n: &[u8]) {
    out.push(b'/');
    for &b in n {
        if (b'!'..=b'~').contains(&b) && !is_delim(b) && b != b'#' {
            out.push(b);
        } else {
            out.extend_from_slice(format!("#{b:02X}").as_bytes());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &[u8]) -> Result<Object, PdfError> {
        Lexer::new(s, 0).object_or_ref(0)
    }

    #[test]
    fn objects_parse_and_write_back() {
        let o = parse(b"<< /Type /Page /Kids [1 0 R 2 0 R] /N 3.5 /S (a\\(b\\)\\101) /H <48 49> /F#20x true >>");
        let Ok(Object::Dict(d)) = o else {
            panic!("not a dictionary: {o:?}");
        };
        assert_eq!(d.name(b"Type"), Some(&b"Page"[..]));
        assert_eq!(
            d.get(b"Kids"),
            Some(&Object::Array(vec![
                Object::Ref(ObjRef {
                    num: 1,
                    generation: 0
                }),
                Object::Ref(ObjRef {
                    num: 2,
                    generation: 0
                })
            ]))
        );
        assert_eq!(d.get(b"S"), Some(&Object::String(b"a(b)A".to_vec())));
        assert_eq!(d.get(b"H"), Some(&Object::String(b"HI".to_vec())));
        assert_eq!(d.get(b"F x"), Some(&Object::Bool(true)));
        let mut out = Vec::new();
        write_object(&mut out, &Object::Dict(d.clone()));
        assert_eq!(parse(&out).ok(), Some(Object::Dict(d)));
    }

    #[test]
    fn bad_input_is_an_error_not_a_panic() {
        for bad in [
            &b"<< /A "[..],
            b"(unterminated",
            b"<4G>",
            b"[1 2",
            b"99999999999999999999999",
            b"<< 1 2 >>",
            b"",
        ] {
            assert!(parse(bad).is_err(), "{:?}", String::from_utf8_lossy(bad));
        }
        let deep = "[".repeat(10_000);
        assert!(parse(deep.as_bytes()).is_err());
    }

    #[test]
    fn searches_find_first_and_last() {
        assert_eq!(find(b"abcabc", b"bc"), Some(1));
        assert_eq!(rfind(b"abcabc", b"bc"), Some(4));
        assert_eq!(find(b"aaab", b"ab"), Some(2));
        assert_eq!(rfind(b"abaaa", b"ab"), Some(0));
        assert_eq!(find(b"abc", b"abcd"), None);
        assert_eq!(find(b"abc", b""), None);
        assert_eq!(rfind(b"", b"a"), None);
        assert_eq!(find(b"xx%%EOF", b"%%EOF"), Some(2));
    }
}
