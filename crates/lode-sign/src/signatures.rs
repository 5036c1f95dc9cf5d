//! Finding a document's signatures and checking what each one covers, before any
//! cryptography: the `/ByteRange` must start at the first byte, leave out exactly the
//! `/Contents` hex string and end where a revision ends. Forged ranges (signature wrapping,
//! values pointing past the end, negative or gigantic numbers) are reported here.

use crate::PdfError;
use crate::document::Document;
use crate::object::{Dict, Object};

/// The most form fields walked (a loop in `/Kids` ends here).
const MAX_FIELDS: usize = 10_000;

/// One signature as the file presents it.
#[derive(Debug, Clone)]
pub struct SignatureField {
    /// The field's full name (`/T` of it and its parents, joined by dots).
    pub name: String,
    pub sub_filter: Option<String>,
    /// The claimed signing time, as written (`/M`).
    pub time: Option<String>,
    /// `[0, a, b, c]` as read, when it has four non-negative numbers.
    pub byte_range: Option<[usize; 4]>,
    /// The signature value as the signer wrote it (DER, or BER), from `/Contents`.
    pub contents: Vec<u8>,
    /// The end of the revision it signs (`b + c`), when the range is sound.
    pub signed_until: Option<usize>,
    /// It covers the whole file: nothing was added after it.
    pub covers_whole_file: bool,
    /// What is wrong with the range, in words for the report; empty when sound.
    pub problems: Vec<String>,
}

/// The text of a PDF text string (UTF-16BE with a byte order mark, or PDFDocEncoding read as
/// Latin-1, which agrees with it on the letters names use).
pub fn text_of(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = rest
            .chunks(2)
            .map(|p| u16::from_be_bytes([p[0], *p.get(1).unwrap_or(&0)]))
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        bytes.iter().map(|b| char::from(*b)).collect()
    }
}

/// Where the revision whose `%%EOF` starts at `at` ends: just after the marker and its end
/// of line.
fn end_after_marker(data: &[u8], at: usize) -> usize {
    let mut end = at + 5;
    if data.get(end) == Some(&b'\r') {
        end += 1;
    }
    if data.get(end) == Some(&b'\n') {
        end += 1;
    }
    end
}

/// Whether a revision ends at `e`: just after a `%%EOF` and its end of line. Looked at where
/// `e` is rather than by searching the whole file for markers.
pub fn is_revision_end(data: &[u8], e: usize) -> bool {
    (5..=7)
        .filter_map(|back| e.checked_sub(back))
        .any(|at| data.get(at..at + 5) == Some(b"%%EOF") && end_after_marker(data, at) == e)
}

/// Where the last revision of the file ends, if any `%%EOF` is there.
pub fn last_revision_end(data: &[u8]) -> Option<usize> {
    crate::object::rfind(data, b"%%EOF").map(|at| end_after_marker(data, at))
}

/// The signature fields of `doc`, in form order.
pub fn find(doc: &Document<'_>) -> Result<Vec<SignatureField>, PdfError> {
    let root = doc.resolve(doc.trailer().get(b"Root").unwrap_or(&Object::Null))?;
    let Some(form) = root.as_dict().and_then(|d| d.get(b"AcroForm")) else {
        return Ok(Vec::new());
    };
    let form = doc.resolve(form)?;
    let Some(fields) = form.as_dict().and_then(|d| d.get(b"Fields")) else {
        return Ok(Vec::new());
    };
    let mut stack: Vec<(Object, String, Option<Vec<u8>>)> = match doc.resolve(fields)? {
        Object::Array(items) => items
            .into_iter()
            .rev()
            .map(|o| (o, String::new(), None))
            .collect(),
        _ => Vec::new(),
    };
    let mut out = Vec::new();
    let mut walked = 0;
    while let Some((item, parent, inherited_ft)) = stack.pop() {
        walked += 1;
        if walked > MAX_FIELDS {
            return Err(PdfError::Structure("too many form fields (a loop?)".into()));
        }
        let field = doc.resolve(&item)?;
        let Some(d) = field.as_dict() else { continue };
        let own = match d.get(b"T") {
            Some(Object::String(t)) => text_of(t),
            _ => String::new(),
        };
        let name = match (parent.is_empty(), own.is_empty()) {
            (true, _) => own,
            (false, true) => parent.clone(),
            (false, false) => format!("{parent}.{own}"),
        };
        let ft = d.name(b"FT").map(<[u8]>::to_vec).or(inherited_ft);
        if let Some(Object::Array(kids)) = d.get(b"Kids").map(|k| doc.resolve(k)).transpose()? {
            for kid in kids.into_iter().rev() {
                stack.push((kid, name.clone(), ft.clone()));
            }
            continue;
        }
        if ft.as_deref() != Some(b"Sig") {
            continue;
        }
        let Some(v) = d.get(b"V") else { continue };
        let value = doc.resolve(v)?;
        let Some(sig) = value.as_dict() else { continue };
        out.push(check(doc.data, name, sig));
    }
    Ok(out)
}

fn check(data: &[u8], name: String, sig: &Dict) -> SignatureField {
    let mut problems = Vec::new();
    let contents = match sig.get(b"Contents") {
        Some(Object::String(s)) => trim_der(s).to_vec(),
        _ => {
            problems.push("no signature value (/Contents)".to_string());
            Vec::new()
        }
    };
    let numbers: Option<Vec<usize>> = match sig.get(b"ByteRange") {
        Some(Object::Array(a)) if a.len() == 4 => a
            .iter()
            .map(|x| x.as_int().and_then(|i| usize::try_from(i).ok()))
            .collect(),
        _ => None,
    };
    let byte_range = numbers.and_then(|n| <[usize; 4]>::try_from(n).ok());
    let mut signed_until = None;
    match byte_range {
        None => problems.push("no /ByteRange of four non-negative numbers".into()),
        Some([start, a, b, c]) => {
            let end = b.checked_add(c);
            if start != 0 {
                problems.push("the signed bytes do not start at the beginning of the file".into());
            }
            if a >= b || end.is_none_or(|e| e > data.len()) {
                problems.push("the /ByteRange points outside the file".into());
            } else if data[a] != b'<'
                || data[b - 1] != b'>'
                || !crate::object::all_hex(&data[a + 1..b - 1])
            {
                problems.push(
                    "the bytes left out are not exactly the signature value (signature wrapping?)"
                        .into(),
                );
            } else if data[a + 1..b - 1].len() < contents.len() * 2 {
                problems.push("the signature value lies outside the left-out bytes".into());
            }
            if let Some(e) = end.filter(|e| *e <= data.len() && a < b) {
                if e == data.len() || is_revision_end(data, e) {
                    signed_until = Some(e);
                } else {
                    problems.push("the signed bytes do not end where a revision ends".into());
                }
            }
        }
    }
    let text = |k: &[u8]| match sig.get(k) {
        Some(Object::String(s)) => Some(text_of(s)),
        Some(Object::Name(n)) => Some(String::from_utf8_lossy(n).into_owned()),
        _ => None,
    };
    SignatureField {
        name,
        sub_filter: text(b"SubFilter"),
        time: text(b"M"),
        covers_whole_file: problems.is_empty() && signed_until == Some(data.len()),
        byte_range,
        contents,
        signed_until,
        problems,
    }
}

/// The value without the zeros that pad its place: one BER element (DER is BER), measured by
/// its header, or for an indefinite length by walking it to its end-of-contents octets (X.690,
/// 8.1.3), since those are zeros too; anything unreadable is kept whole for the verifier to
/// refuse.
pub fn trim_der(bytes: &[u8]) -> &[u8] {
    match crate::asn1::ber_len(bytes) {
        Some(n) => bytes.get(..n).unwrap_or(bytes),
        None => bytes,
    }
}

#[cfg(test)]
mod tests {
    use super::trim_der;

    #[test]
    fn padding_is_trimmed_from_der_and_ber_alike() {
        let der = [0x30, 0x03, 0x02, 0x01, 0x05];
        let ber = [0x30, 0x80, 0x04, 0x01, 0x00, 0x00, 0x00];
        for value in [der.as_slice(), ber.as_slice()] {
            let mut padded = value.to_vec();
            padded.extend_from_slice(&[0; 32]);
            assert_eq!(trim_der(&padded), value);
        }
        // unreadable: kept whole
        assert_eq!(trim_der(&[0x30, 0x80, 0x04]), [0x30, 0x80, 0x04]);
        assert_eq!(trim_der(&[]), [0u8; 0]);
    }
}
