//! A few DER building blocks written and read by hand, for the structures the `der` types of
//! our dependencies do not cover (timestamp requests and tokens, PKCS#12 bags, CRL entry
//! extensions). Reading never panics: every length is checked against what is left.

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
    let n = content.len();
    if n < 0x80 {
        out.push(n as u8);
    } else {
        let bytes = n.to_be_bytes();
        let skip = bytes.iter().take_while(|b| **b == 0).count();
        out.push(0x80 | (bytes.len() - skip) as u8);
        out.extend_from_slice(&bytes[skip..]);
    }
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

    #[test]
    fn integers_are_minimal_and_positive() {
        assert_eq!(uint(&[0, 0, 5]), vec![2, 1, 5]);
        assert_eq!(uint(&[0x80]), vec![2, 2, 0, 0x80]);
        assert_eq!(uint(&[]), vec![2, 1, 0]);
    }
}
