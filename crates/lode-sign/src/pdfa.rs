//! PDF/A-2b (ISO 19005-2, level B) for a file of scanned pages made searchable: what such a
//! file lacks to be kept for the long term is added in one incremental update, the pages left
//! as they are: the XMP metadata that names the part and level (with the title, the producer
//! and the dates, the same in the document information dictionary), and an output intent whose
//! profile (sRGB, written here) makes the device colours of the page images device-independent.
//!
//! [`archival`] refuses a file that could not be PDF/A whatever its metadata: encrypted (the
//! reader refuses those), with JavaScript or actions run on opening, images asking for
//! interpolation, or images in device CMYK, which an sRGB output intent does not describe.
//! The caller keeps such a file as it is, searchable but not PDF/A.

use crate::PdfError;
use crate::document::Document;
use crate::object::{Dict, Object};
use crate::update::{NewObject, Update};

/// What the archival copy says of itself.
#[derive(Debug, Clone)]
pub struct Archival<'a> {
    pub title: &'a str,
    /// The program that made it.
    pub producer: &'a str,
    /// When it was made: seconds since 1970 (UTC).
    pub made_at: i64,
}

/// The identifier the output intent gives its condition, as the ICC registry names it.
const CONDITION: &str = "sRGB IEC61966-2.1";

/// `data` (a PDF) as PDF/A-2b: the metadata and the output intent added in an incremental
/// update.
pub fn archival(data: &[u8], what: &Archival<'_>) -> Result<Vec<u8>, PdfError> {
    let doc = Document::parse(data)?;
    if doc.trailer().get(b"ID").is_none() {
        return Err(PdfError::Structure("the file has no /ID".into()));
    }
    refuse_what_pdfa_forbids(&doc)?;
    let Some(Object::Ref(root)) = doc.trailer().get(b"Root").cloned() else {
        return Err(PdfError::Structure("no catalog".into()));
    };
    let Object::Dict(mut catalog) = doc.get(root)? else {
        return Err(PdfError::Structure(
            "the catalog is not a dictionary".into(),
        ));
    };
    let date = Civil::from_unix(what.made_at);
    // the same title in both places, without the control characters XML would drop
    let title: String = what
        .title
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let what = &Archival {
        title: &title,
        ..what.clone()
    };
    let mut update = Update::new(&doc);

    let profile = update.allocate();
    let mut profile_dict = Dict::default();
    profile_dict.set(b"N", Object::Int(3));
    update.put(profile, NewObject::Stream(profile_dict, srgb_profile()));

    let mut intent = Dict::default();
    intent.set(b"Type", Object::Name(b"OutputIntent".to_vec()));
    intent.set(b"S", Object::Name(b"GTS_PDFA1".to_vec()));
    intent.set(
        b"OutputConditionIdentifier",
        Object::String(CONDITION.as_bytes().to_vec()),
    );
    intent.set(b"Info", Object::String(CONDITION.as_bytes().to_vec()));
    intent.set(b"DestOutputProfile", Object::Ref(profile));

    let metadata = update.allocate();
    let mut metadata_dict = Dict::default();
    metadata_dict.set(b"Type", Object::Name(b"Metadata".to_vec()));
    metadata_dict.set(b"Subtype", Object::Name(b"XML".to_vec()));
    update.put(
        metadata,
        NewObject::Stream(metadata_dict, xmp(what, &date).into_bytes()),
    );

    let info = update.allocate();
    let mut info_dict = Dict::default();
    info_dict.set(b"Title", Object::String(text_string(what.title)));
    info_dict.set(b"Producer", Object::String(text_string(what.producer)));
    info_dict.set(b"CreationDate", Object::String(date.pdf().into_bytes()));
    info_dict.set(b"ModDate", Object::String(date.pdf().into_bytes()));
    update.put(info, NewObject::Plain(Object::Dict(info_dict)));

    catalog.set(b"Metadata", Object::Ref(metadata));
    catalog.set(b"OutputIntents", Object::Array(vec![Object::Dict(intent)]));
    update.put(root, NewObject::Plain(Object::Dict(catalog)));
    update.write(&[(b"Info", Object::Ref(info))])
}

/// Refuses a file with what no metadata makes PDF/A: JavaScript or actions that launch or
/// import, transparency groups on pages, images that ask to be interpolated.
fn refuse_what_pdfa_forbids(doc: &Document<'_>) -> Result<(), PdfError> {
    let refuse = |what: &str| Err(PdfError::Unsupported(format!("PDF/A forbids {what}")));
    let Some(Object::Ref(root)) = doc.trailer().get(b"Root").cloned() else {
        return Err(PdfError::Structure("no catalog".into()));
    };
    let catalog = doc.get(root)?;
    let catalog = catalog.as_dict().ok_or(PdfError::Structure(
        "the catalog is not a dictionary".into(),
    ))?;
    if catalog.get(b"AA").is_some() || catalog.get(b"OpenAction").is_some() {
        return refuse("actions run on opening");
    }
    if let Some(names) = catalog.get(b"Names")
        && doc
            .resolve(names)?
            .as_dict()
            .is_some_and(|n| n.get(b"JavaScript").is_some())
    {
        return refuse("JavaScript");
    }
    let mut pages = vec![
        catalog
            .get(b"Pages")
            .cloned()
            .ok_or(PdfError::Structure("no page tree".into()))?,
    ];
    let mut seen = 0usize;
    while let Some(node) = pages.pop() {
        seen += 1;
        if seen > 100_000 {
            return Err(PdfError::Structure("the page tree is too large".into()));
        }
        let node = doc.resolve(&node)?;
        let Some(dict) = node.as_dict() else { continue };
        if let Some(Object::Array(kids)) = dict.get(b"Kids").map(|k| doc.resolve(k)).transpose()? {
            pages.extend(kids);
            continue;
        }
        if dict.get(b"AA").is_some() {
            return refuse("actions on pages");
        }
        let Some(resources) = dict.get(b"Resources").map(|r| doc.resolve(r)).transpose()? else {
            continue;
        };
        let Some(xobjects) = resources
            .as_dict()
            .and_then(|r| r.get(b"XObject"))
            .map(|x| doc.resolve(x))
            .transpose()?
        else {
            continue;
        };
        for (_, x) in xobjects.as_dict().map(|d| d.0.as_slice()).unwrap_or(&[]) {
            let x = doc.resolve(x)?;
            if let Some(d) = x.as_dict() {
                if d.get(b"Interpolate") == Some(&Object::Bool(true)) {
                    return refuse("images asking to be interpolated");
                }
                if d.name(b"Subtype") == Some(b"Image")
                    && d.name(b"ColorSpace") == Some(b"DeviceCMYK")
                {
                    return refuse("device CMYK images under an sRGB output intent");
                }
            }
        }
    }
    Ok(())
}

/// A date and time in UTC, as the metadata and the information dictionary both write it.
struct Civil(i64, u64, u64, u64, u64, u64);

impl Civil {
    fn from_unix(secs: i64) -> Civil {
        let (y, mo, d, h, mi, s) = crate::asn1::civil(u64::try_from(secs).unwrap_or(0));
        Civil(y, mo, d, h, mi, s)
    }

    fn xmp(&self) -> String {
        let Civil(y, mo, d, h, mi, s) = self;
        format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z")
    }

    fn pdf(&self) -> String {
        let Civil(y, mo, d, h, mi, s) = self;
        format!("D:{y:04}{mo:02}{d:02}{h:02}{mi:02}{s:02}Z")
    }
}

/// A PDF text string: ASCII as it is, anything else in UTF-16BE after its byte order mark.
fn text_string(s: &str) -> Vec<u8> {
    if s.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        return s.as_bytes().to_vec();
    }
    let mut out = vec![0xFE, 0xFF];
    for unit in s.encode_utf16() {
        out.extend_from_slice(&unit.to_be_bytes());
    }
    out
}

fn xml_text(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_control() || matches!(c, '\t' | '\n'))
        .map(|c| match c {
            '&' => "&amp;".to_string(),
            '<' => "&lt;".to_string(),
            '>' => "&gt;".to_string(),
            other => other.to_string(),
        })
        .collect()
}

/// The XMP packet: PDF/A part 2, level B, with what the information dictionary says.
fn xmp(what: &Archival<'_>, date: &Civil) -> String {
    let when = date.xmp();
    format!(
        "<?xpacket begin=\"\u{feff}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n\
<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n\
<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n\
<rdf:Description rdf:about=\"\"\n \
xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\"\n \
xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n \
xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n \
xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n\
<pdfaid:part>2</pdfaid:part>\n\
<pdfaid:conformance>B</pdfaid:conformance>\n\
<dc:format>application/pdf</dc:format>\n\
<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">{title}</rdf:li></rdf:Alt></dc:title>\n\
<xmp:CreateDate>{when}</xmp:CreateDate>\n\
<xmp:ModifyDate>{when}</xmp:ModifyDate>\n\
<xmp:MetadataDate>{when}</xmp:MetadataDate>\n\
<pdf:Producer>{producer}</pdf:Producer>\n\
</rdf:Description>\n\
</rdf:RDF>\n\
</x:xmpmeta>\n\
<?xpacket end=\"w\"?>",
        title = xml_text(what.title),
        producer = xml_text(what.producer),
    )
}

/// An ICC (version 2) display profile of sRGB: its D50-adapted primaries and its tone curve
/// sampled at 1,024 points.
pub fn srgb_profile() -> Vec<u8> {
    fn s15(v: f64) -> [u8; 4] {
        ((v * 65536.0).round() as i32).to_be_bytes()
    }
    fn xyz(x: f64, y: f64, z: f64) -> Vec<u8> {
        let mut t = b"XYZ \0\0\0\0".to_vec();
        for v in [x, y, z] {
            t.extend_from_slice(&s15(v));
        }
        t
    }
    let mut desc = b"desc\0\0\0\0".to_vec();
    let name = b"sRGB IEC61966-2.1\0";
    desc.extend_from_slice(&(name.len() as u32).to_be_bytes());
    desc.extend_from_slice(name);
    desc.extend_from_slice(&[0; 8]); // no Unicode description
    desc.extend_from_slice(&[0; 3]); // no Macintosh one
    desc.extend_from_slice(&[0; 67]);
    let mut cprt = b"text\0\0\0\0".to_vec();
    cprt.extend_from_slice(b"No copyright, use freely\0");
    let points = 1024u32;
    let mut curve = b"curv\0\0\0\0".to_vec();
    curve.extend_from_slice(&points.to_be_bytes());
    for i in 0..points {
        let v = f64::from(i) / f64::from(points - 1);
        let linear = if v <= 0.04045 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        };
        curve.extend_from_slice(&((linear * 65535.0).round() as u16).to_be_bytes());
    }
    let tags: Vec<(&[u8; 4], Vec<u8>)> = vec![
        (b"desc", desc),
        (b"cprt", cprt),
        (b"wtpt", xyz(0.9642, 1.0, 0.8249)),
        (b"rXYZ", xyz(0.436_074_7, 0.222_504_5, 0.013_932_2)),
        (b"gXYZ", xyz(0.385_064_9, 0.716_878_6, 0.097_104_5)),
        (b"bXYZ", xyz(0.143_080_4, 0.060_616_9, 0.714_173_3)),
        (b"rTRC", curve),
    ];
    // the three tone curves are one: gTRC and bTRC point at rTRC's data
    let count = tags.len() + 2;
    let mut offset = 128 + 4 + 12 * count;
    let mut table = Vec::new();
    let mut body = Vec::new();
    let mut trc = (0, 0);
    for (sig, data) in &tags {
        table.extend_from_slice(*sig);
        table.extend_from_slice(&(offset as u32).to_be_bytes());
        table.extend_from_slice(&(data.len() as u32).to_be_bytes());
        if *sig == b"rTRC" {
            trc = (offset, data.len());
        }
        body.extend_from_slice(data);
        offset += data.len();
        while !offset.is_multiple_of(4) {
            body.push(0);
            offset += 1;
        }
    }
    for sig in [b"gTRC", b"bTRC"] {
        table.extend_from_slice(sig);
        table.extend_from_slice(&(trc.0 as u32).to_be_bytes());
        table.extend_from_slice(&(trc.1 as u32).to_be_bytes());
    }
    let size = offset;
    let mut out = Vec::with_capacity(size);
    out.extend_from_slice(&(size as u32).to_be_bytes());
    out.extend_from_slice(b"lode"); // the CMM
    out.extend_from_slice(&[2, 0x10, 0, 0]); // version 2.1
    out.extend_from_slice(b"mntrRGB XYZ ");
    for part in [2026u16, 12, 5, 0, 0, 0] {
        out.extend_from_slice(&part.to_be_bytes());
    }
    out.extend_from_slice(b"acsp");
    out.extend_from_slice(&[0; 24]); // platform, flags, manufacturer, model, attributes
    out.extend_from_slice(&0u32.to_be_bytes()); // perceptual
    out.extend_from_slice(&xyz(0.9642, 1.0, 0.8249)[8..]); // the illuminant, D50
    out.extend_from_slice(b"lode");
    out.extend_from_slice(&[0; 44]); // the profile's id (none in version 2) and reserved
    debug_assert_eq!(out.len(), 128);
    out.extend_from_slice(&(count as u32).to_be_bytes());
    out.extend_from_slice(&table);
    out.extend_from_slice(&body);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_srgb_profile_is_a_well_formed_icc_profile() {
        let p = srgb_profile();
        assert_eq!(
            u32::from_be_bytes([p[0], p[1], p[2], p[3]]) as usize,
            p.len()
        );
        assert_eq!(&p[12..24], b"mntrRGB XYZ ");
        assert_eq!(&p[36..40], b"acsp");
        let count = u32::from_be_bytes([p[128], p[129], p[130], p[131]]) as usize;
        assert_eq!(count, 9);
        for i in 0..count {
            let at = 132 + 12 * i;
            let offset = u32::from_be_bytes([p[at + 4], p[at + 5], p[at + 6], p[at + 7]]) as usize;
            let size = u32::from_be_bytes([p[at + 8], p[at + 9], p[at + 10], p[at + 11]]) as usize;
            assert_eq!(offset % 4, 0, "tag {i} is aligned");
            assert!(offset + size <= p.len(), "tag {i} lies inside");
        }
    }

    #[test]
    fn dates_are_the_same_in_both_forms() {
        let d = Civil::from_unix(1_795_595_400);
        assert_eq!(d.xmp(), "2026-11-25T08:30:00Z");
        assert_eq!(d.pdf(), "D:20261125083000Z");
    }

    #[test]
    fn titles_are_text_strings() {
        assert_eq!(text_string("lode"), b"lode");
        assert_eq!(text_string("Đ"), vec![0xFE, 0xFF, 0x01, 0x10]);
    }
}
