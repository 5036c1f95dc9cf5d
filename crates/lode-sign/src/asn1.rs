//! A few DER building blocks written and read by hand, for the structures the `der` types of
//! our dependencies do not cover (timestamp requests and tokens, PKCS#12 bags, CRL entry
//! extensions); and BER re-encoded as DER, since signers in wide use (BouncyCastle, NSS,
//! OpenSSL streaming) write their CMS in BER and the `der` types read DER only. Reading never
//! panics: every length is checked against what is left, and nesting is bounded.

use der::oid::ObjectIdentifier;
use std::time::SystemTime;

pub const SEQUENCE: u8 = 0x30;
pub const SET: u8 = 0x31;
pub const INTEGER: u8 = 0x02;
pub const OCTET_STRING: u8 = 0x04;
pub const OID: u8 = 0x06;
pub const BOOLEAN: u8 = 0x01;
pub const ENUMERATED: u8 = 0x0A;
pub const GENERALIZED_TIME: u8 = 0x18;

/// One tag-length-value.
pub fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    push_len(&mut out, content.len());
    out.extend_from_slice(content);
    out
}

/// A SEQUENCE of already encoded parts.
pub fn seq(parts: &[&[u8]]) -> Vec<u8> {
    tlv(SEQUENCE, &parts.concat())
}

/// A non-negative INTEGER from big-endian magnitude bytes.
pub fn uint(magnitude: &[u8]) -> Vec<u8> {
    let trimmed: Vec<u8> = magnitude
        .iter()
        .copied()
        .skip_while(|b| *b == 0)
        .collect::<Vec<u8>>();
    let mut content = if trimmed.first().is_some_and(|b| b & 0x80 != 0) {
        vec![0]
    } else {
        Vec::new()
    };
    content.extend_from_slice(&trimmed);
    if content.is_empty() {
        content.push(0);
    }
    tlv(INTEGER, &content)
}

pub fn oid(o: &ObjectIdentifier) -> Vec<u8> {
    tlv(OID, o.as_bytes())
}

/// `GeneralizedTime` in UTC with whole seconds, as RFC 3161 and RFC 5280 want it.
pub fn generalized_time(t: SystemTime) -> Vec<u8> {
    let secs = t
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let (y, mo, d, h, mi, s) = civil(secs);
    tlv(
        GENERALIZED_TIME,
        format!("{y:04}{mo:02}{d:02}{h:02}{mi:02}{s:02}Z").as_bytes(),
    )
}

/// Calendar date and time (UTC) of seconds since 1970 (Howard Hinnant's algorithm).
pub fn civil(secs: u64) -> (i64, u64, u64, u64, u64, u64) {
    let (days, rem) = (secs / 86_400, secs % 86_400);
    let z = i64::try_from(days).unwrap_or(0) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u64;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u64;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, d, rem / 3600, rem % 3600 / 60, rem % 60)
}

/// Seconds since 1970 of a `GeneralizedTime` value (`YYYYMMDDHHMMSS[.fff]Z`).
pub fn parse_generalized_time(content: &[u8]) -> Option<u64> {
    let text = std::str::from_utf8(content).ok()?;
    let text = text.strip_suffix('Z')?;
    let whole = text.split('.').next()?;
    if whole.len() != 14 || !whole.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n = |r: std::ops::Range<usize>| whole[r].parse::<i64>().ok();
    let (y, mo, d) = (n(0..4)?, n(4..6)?, n(6..8)?);
    let (h, mi, s) = (n(8..10)?, n(10..12)?, n(12..14)?);
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || s > 60 {
        return None;
    }
    // days from civil (the inverse of `civil`)
    let y2 = if mo <= 2 { y - 1 } else { y };
    let era = y2.div_euclid(400);
    let yoe = y2 - era * 400;
    let mp = (mo + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    u64::try_from(days * 86_400 + h * 3600 + mi * 60 + s).ok()
}

/// One element read off the front of DER bytes.
#[derive(Debug, Clone, Copy)]
pub struct Tlv<'a> {
    pub tag: u8,
    pub content: &'a [u8],
    /// The whole element, tag and length included.
    pub raw: &'a [u8],
}

/// Reads the first element of `data`; the rest follows it.
pub fn read(data: &[u8]) -> Option<(Tlv<'_>, &[u8])> {
    let tag = *data.first()?;
    if tag & 0x1f == 0x1f {
        return None; // high tag numbers do not occur in what we read
    }
    let first = *data.get(1)?;
    let (len, header) = if first < 0x80 {
        (first as usize, 2)
    } else {
        let n = (first & 0x7f) as usize;
        if n == 0 || n > 4 {
            return None;
        }
        let mut len = 0usize;
        for b in data.get(2..2 + n)? {
            len = (len << 8) | *b as usize;
        }
        (len, 2 + n)
    };
    let end = header.checked_add(len)?;
    let content = data.get(header..end)?;
    Some((
        Tlv {
            tag,
            content,
            raw: &data[..end],
        },
        &data[end..],
    ))
}

/// The elements inside a constructed element's content, in order.
pub fn children(content: &[u8]) -> Option<Vec<Tlv<'_>>> {
    let mut out = Vec::new();
    let mut rest = content;
    while !rest.is_empty() {
        let (t, r) = read(rest)?;
        out.push(t);
        rest = r;
    }
    Some(out)
}

/// The object identifier an `OID` element holds.
pub fn read_oid(t: &Tlv<'_>) -> Option<ObjectIdentifier> {
    (t.tag == OID)
        .then(|| ObjectIdentifier::from_bytes(t.content).ok())
        .flatten()
}

/// The deepest nesting read in BER. A CMS with certificates and a timestamp token nests about
/// twenty deep; a hostile value nesting further is refused rather than followed.
pub const MAX_DEPTH: usize = 64;

/// The header of one BER element.
#[derive(Debug, Clone, Copy)]
struct Header {
    /// The identifier octets: one, or more for a high tag number.
    tag_len: usize,
    constructed: bool,
    /// The content's length; `None` for the indefinite form, ended by two zero octets.
    length: Option<usize>,
    /// Identifier and length octets together.
    len: usize,
}

fn header(data: &[u8]) -> Option<Header> {
    let first = *data.first()?;
    let mut at = 1;
    if first & 0x1f == 0x1f {
        // base-128 tag number, the last octet without its top bit; four octets reach 2^28,
        // beyond anything a CMS uses
        loop {
            let b = *data.get(at)?;
            at += 1;
            if b & 0x80 == 0 {
                break;
            }
            if at > 4 {
                return None;
            }
        }
    }
    let tag_len = at;
    let first_len = *data.get(at)?;
    at += 1;
    let length = match first_len {
        0x80 => None,
        0xff => return None, // reserved (X.690, 8.1.3.5)
        n if n < 0x80 => Some(usize::from(n)),
        n => {
            let count = usize::from(n & 0x7f);
            let octets = data.get(at..at.checked_add(count)?)?;
            at += count;
            // BER allows leading zero octets; the value itself must still fit
            let mut len = 0usize;
            for b in octets {
                len = len.checked_mul(256)?.checked_add(usize::from(*b))?;
            }
            Some(len)
        }
    };
    let constructed = first & 0x20 != 0;
    if length.is_none() && !constructed {
        return None; // the indefinite form is for constructed elements only (8.1.3.2)
    }
    Some(Header {
        tag_len,
        constructed,
        length,
        len: at,
    })
}

/// The identifier octet of a universal string type that BER may split into a constructed
/// series of segments: BIT STRING, OCTET STRING, the character strings and the times (not
/// universal 29, CHARACTER STRING, which is a structure).
fn is_constructed_string(identifier: u8) -> bool {
    matches!(identifier, 0x23 | 0x24 | 0x2c | 0x32..=0x3c | 0x3e)
}

/// Calls `each` on every element inside the constructed element at the front of `data`
/// (described by `h`); `each` says how many bytes the element took. Returns the length of the
/// whole element, its end-of-contents octets included.
fn for_each_child(
    data: &[u8],
    h: &Header,
    mut each: impl FnMut(&[u8]) -> Option<usize>,
) -> Option<usize> {
    match h.length {
        Some(n) => {
            let end = h.len.checked_add(n)?;
            let body = data.get(h.len..end)?;
            let mut at = 0;
            while at < body.len() {
                // each element is read from a slice that ends with the body, so it cannot
                // claim more than the body holds
                at += each(body.get(at..)?)?;
            }
            Some(end)
        }
        None => {
            let mut at = h.len;
            loop {
                let rest = data.get(at..)?;
                if rest.starts_with(&[0, 0]) {
                    return Some(at + 2);
                }
                at += each(rest)?;
            }
        }
    }
}

/// The length of the first BER element of `data`, definite or indefinite: where a value padded
/// with zeros really ends.
pub fn ber_len(data: &[u8]) -> Option<usize> {
    ber_len_at(data, 0)
}

fn ber_len_at(data: &[u8], depth: usize) -> Option<usize> {
    if depth > MAX_DEPTH {
        return None;
    }
    let h = header(data)?;
    if data.first() == Some(&0) {
        return None; // end-of-contents octets where an element should be
    }
    match h.length {
        Some(n) => {
            let end = h.len.checked_add(n)?;
            (end <= data.len()).then_some(end)
        }
        None => for_each_child(data, &h, |child| ber_len_at(child, depth + 1)),
    }
}

/// Appends a DER length.
fn push_len(out: &mut Vec<u8>, n: usize) {
    if n < 0x80 {
        out.push(n as u8);
    } else {
        let bytes = n.to_be_bytes();
        let skip = bytes.iter().take_while(|b| **b == 0).count();
        out.push(0x80 | (bytes.len() - skip) as u8);
        out.extend_from_slice(&bytes[skip..]);
    }
}

/// Reads the first BER element of `data` and encodes it as DER: definite lengths in their
/// shortest form, constructed strings joined into one primitive string. Primitive contents are
/// kept as they are, and so is the order of SET elements: DER comes out byte for byte as it
/// went in, which matters for the certificates inside a CMS (their signatures cover their
/// exact bytes). Returns the DER and what follows the element.
pub fn ber_to_der(data: &[u8]) -> Option<(Vec<u8>, &[u8])> {
    let mut out = Vec::with_capacity(data.len());
    let used = convert(data, &mut out, 0)?;
    Some((out, data.get(used..)?))
}

/// Appends the DER of the BER element at the front of `data` to `out`; how many bytes of
/// `data` it took.
fn convert(data: &[u8], out: &mut Vec<u8>, depth: usize) -> Option<usize> {
    if depth > MAX_DEPTH {
        return None;
    }
    let h = header(data)?;
    let identifier = *data.first()?;
    if identifier == 0 {
        return None; // end-of-contents octets where an element should be
    }
    let tag = data.get(..h.tag_len)?;
    if !h.constructed {
        let n = h.length?;
        let content = data.get(h.len..h.len.checked_add(n)?)?;
        out.extend_from_slice(tag);
        push_len(out, n);
        out.extend_from_slice(content);
        return Some(h.len + n);
    }
    let mut content = Vec::new();
    if h.tag_len == 1 && is_constructed_string(identifier) {
        let mut unused_bits = None;
        let used = join_segments(data, &h, identifier, &mut content, &mut unused_bits, depth)?;
        out.push(identifier & !0x20);
        if identifier == 0x23 {
            // a BIT STRING's content opens with its count of unused bits (0 when empty)
            push_len(out, content.len().checked_add(1)?);
            out.push(unused_bits.unwrap_or(0));
        } else {
            push_len(out, content.len());
        }
        out.extend_from_slice(&content);
        return Some(used);
    }
    let used = for_each_child(data, &h, |child| convert(child, &mut content, depth + 1))?;
    out.extend_from_slice(tag);
    push_len(out, content.len());
    out.extend_from_slice(&content);
    Some(used)
}

/// The segments of a constructed string (X.690, 8.7.3 and 8.6.3), appended to `out` in order:
/// each a primitive string of the same type, or itself constructed the same way. For a BIT
/// STRING each segment opens with its unused-bit count, which only the last may have non-zero.
fn join_segments(
    data: &[u8],
    h: &Header,
    identifier: u8,
    out: &mut Vec<u8>,
    unused_bits: &mut Option<u8>,
    depth: usize,
) -> Option<usize> {
    if depth > MAX_DEPTH {
        return None;
    }
    for_each_child(data, h, |segment| {
        let sh = header(segment)?;
        let id = *segment.first()?;
        if sh.tag_len != 1 {
            return None;
        }
        if id == identifier {
            return join_segments(segment, &sh, identifier, out, unused_bits, depth + 1);
        }
        if id != identifier & !0x20 {
            return None; // a segment of another type
        }
        let n = sh.length?;
        let content = segment.get(sh.len..sh.len.checked_add(n)?)?;
        if identifier == 0x23 {
            if unused_bits.is_some_and(|u| u != 0) {
                return None; // bits left unused before the last segment
            }
            let (&unused, bits) = content.split_first()?;
            if unused > 7 || (bits.is_empty() && unused != 0) {
                return None;
            }
            *unused_bits = Some(unused);
            out.extend_from_slice(bits);
        } else {
            out.extend_from_slice(content);
        }
        Some(sh.len + n)
    })
}

/// Reads `bytes` with `read`, a DER reader; when that fails and the bytes are one BER element
/// that is not DER, reads its DER re-encoding instead. DER input is read as it is.
pub fn der_or_ber<T, E>(bytes: &[u8], read: impl Fn(&[u8]) -> Result<T, E>) -> Result<T, E> {
    let first_error = match read(bytes) {
        Ok(v) => return Ok(v),
        Err(e) => e,
    };
    match ber_to_der(bytes) {
        Some((der, rest)) if rest.is_empty() && der != bytes => read(&der),
        _ => Err(first_error),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_round_trip() {
        for n in [0usize, 1, 127, 128, 255, 256, 70_000] {
            let body = vec![7u8; n];
            let enc = tlv(OCTET_STRING, &body);
            let (t, rest) = read(&enc).expect("reads back");
            assert_eq!(t.content.len(), n);
            assert!(rest.is_empty());
        }
        // truncated and absurd lengths are refused, not trusted
        assert!(read(&[0x04, 0x05, 1, 2]).is_none());
        assert!(read(&[0x04, 0x89, 1, 1, 1, 1, 1, 1, 1, 1, 1]).is_none());
    }

    #[test]
    fn times_round_trip() {
        let t = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_795_595_400);
        let enc = generalized_time(t);
        assert_eq!(&enc[2..], b"20261125083000Z");
        assert_eq!(parse_generalized_time(&enc[2..]), Some(1_795_595_400));
        assert_eq!(
            parse_generalized_time(b"20240229235959.123Z"),
            Some(1_709_251_199)
        );
        assert_eq!(parse_generalized_time(b"2024022923595Z"), None);
    }

    /// Hand-written BER: indefinite lengths, a non-minimal length, constructed OCTET and BIT
    /// STRINGs split into segments (one of them nested), an empty constructed SET.
    #[test]
    fn ber_comes_out_as_der() {
        let ber = [
            0x30, 0x80, // SEQUENCE, indefinite
            0x02, 0x01, 0x05, // INTEGER 5
            0x24, 0x80, 0x04, 0x02, 0xAA, 0xBB, 0x24, 0x03, 0x04, 0x01, 0xCC, 0x00, 0x00, 0x23,
            0x80, 0x03, 0x02, 0x00, 0xFF, 0x03, 0x02, 0x04, 0xF0, 0x00, 0x00, 0x04, 0x81, 0x02,
            0xDD, 0xEE, // a long form where the short one does
            0xA0, 0x80, 0x31, 0x80, 0x00, 0x00, 0x00, 0x00, // [0] { SET {} }
            0x00, 0x00, // end of the SEQUENCE
            0x05, 0x00, // what follows: NULL
        ];
        let der = [
            0x30, 0x15, 0x02, 0x01, 0x05, 0x04, 0x03, 0xAA, 0xBB, 0xCC, 0x03, 0x03, 0x04, 0xFF,
            0xF0, 0x04, 0x02, 0xDD, 0xEE, 0xA0, 0x02, 0x31, 0x00,
        ];
        let (out, rest) = ber_to_der(&ber).expect("reads");
        assert_eq!(out, der);
        assert_eq!(rest, [0x05, 0x00]);
        assert_eq!(ber_len(&ber), Some(ber.len() - 2));
        // DER is its own DER
        assert_eq!(
            ber_to_der(&der).map(|(d, r)| (d, r.len())),
            Some((der.to_vec(), 0))
        );
        // a high tag number is kept as written
        let high = [0x9F, 0x81, 0x00, 0x01, 0x07];
        assert_eq!(ber_to_der(&high).map(|(d, _)| d), Some(high.to_vec()));
    }

    #[test]
    fn malformed_ber_is_refused() {
        let refused: &[&[u8]] = &[
            &[],
            &[0x30],
            &[0x30, 0x80, 0x02, 0x01, 0x05], // no end-of-contents
            &[0x04, 0x80, 0x00, 0x00],       // primitive with indefinite length
            &[0x30, 0x03, 0x02, 0x01],       // content past the end
            &[0x04, 0xFF, 0x00],             // reserved length octet
            &[0x04, 0x89, 1, 0, 0, 0, 0, 0, 0, 0, 0], // a length beyond any address
            &[0x30, 0x02, 0x00, 0x00],       // end-of-contents in a definite body
            &[0x00, 0x00],
            &[0x24, 0x80, 0x02, 0x01, 0x00, 0x00, 0x00], // a segment of another type
            &[
                0x23, 0x80, 0x03, 0x02, 0x04, 0xF0, 0x03, 0x02, 0x00, 0xFF, 0x00, 0x00,
            ], // unused bits mid-string
            &[0x23, 0x80, 0x03, 0x00, 0x00, 0x00],       // a BIT STRING segment without its count
            &[0x30, 0x80, 0x02, 0x01],                   // truncated inside
            &[0x1F, 0x81, 0x81, 0x81, 0x81, 0x01, 0x00], // a tag number past 28 bits
        ];
        for bytes in refused {
            assert!(ber_to_der(bytes).is_none(), "{bytes:02x?}");
        }
        assert_eq!(ber_len(&[0x30, 0x80, 0x02, 0x01, 0x05]), None);
    }

    #[test]
    fn nesting_is_bounded() {
        let deep = |n: usize| {
            let mut v = Vec::new();
            for _ in 0..n {
                v.extend_from_slice(&[0x30, 0x80]);
            }
            for _ in 0..n {
                v.extend_from_slice(&[0x00, 0x00]);
            }
            v
        };
        assert!(ber_to_der(&deep(MAX_DEPTH)).is_some());
        assert!(ber_len(&deep(MAX_DEPTH)).is_some());
        assert!(ber_to_der(&deep(MAX_DEPTH + 2)).is_none());
        assert!(ber_len(&deep(MAX_DEPTH + 2)).is_none());
        // far past the bound: refused, and the stack holds
        assert!(ber_to_der(&deep(100_000)).is_none());
        assert!(ber_len(&deep(100_000)).is_none());
        let mut strings = Vec::new();
        for _ in 0..100_000 {
            strings.extend_from_slice(&[0x24, 0x80]);
        }
        assert!(ber_to_der(&strings).is_none());
    }

    /// What `openssl cms -sign -binary -stream -outform DER` writes (BER despite the option's
    /// name: indefinite lengths, the 5000 signed bytes as an OCTET STRING in two segments),
    /// and what `openssl cms -cmsout -outform DER` makes of it: the conversion agrees with
    /// OpenSSL's own DER byte for byte, and leaves DER as it is.
    #[test]
    fn openssl_streamed_cms_comes_out_as_openssls_der() {
        let ber = include_bytes!("../tests/data/openssl-stream.ber");
        let der = include_bytes!("../tests/data/openssl-stream.der");
        let (out, rest) = ber_to_der(ber).expect("reads");
        assert!(rest.is_empty());
        assert_eq!(out, der.as_slice());
        assert_eq!(ber_len(ber), Some(ber.len()));
        let (same, _) = ber_to_der(der).expect("reads");
        assert_eq!(same, der.as_slice());
        // the signed data reads through the fallback, not directly
        use der::Decode;
        assert!(cms::content_info::ContentInfo::from_der(ber).is_err());
        let info = der_or_ber(ber, |b| cms::content_info::ContentInfo::from_der(b)).expect("reads");
        assert!(
            info.content
                .decode_as::<cms::signed_data::SignedData>()
                .is_ok()
        );
        // padded as in a /Contents placeholder
        let mut padded = ber.to_vec();
        padded.extend_from_slice(&[0; 64]);
        assert_eq!(ber_len(&padded), Some(ber.len()));
    }

    /// Every truncation and every single-byte change of real BER: an answer or a refusal,
    /// never a panic.
    #[test]
    fn damaged_ber_never_panics() {
        let ber = include_bytes!("../tests/data/openssl-stream.ber");
        // the outer element's end-of-contents octets are the last two: any cut loses them
        for n in 0..ber.len() {
            assert!(ber_to_der(&ber[..n]).is_none());
            assert!(ber_len(&ber[..n]).is_none());
        }
        let mut copy = ber.to_vec();
        for i in (0..ber.len()).step_by(3) {
            for flip in [0x80u8, 0x01, 0xFF] {
                copy[i] ^= flip;
                let _ = ber_to_der(&copy);
                let _ = ber_len(&copy);
                copy[i] ^= flip;
            }
        }
    }

    #[test]
    fn integers_are_minimal_and_positive() {
        assert_eq!(uint(&[0, 0, 5]), vec![2, 1, 5]);
        assert_eq!(uint(&[0x80]), vec![2, 2, 0, 0x80]);
        assert_eq!(uint(&[]), vec![2, 1, 0]);
    }
}
