//! Incremental updates on real files, both cross-reference styles: every earlier byte stays,
//! `qpdf --check` finds the result sound, and the reader sees the new revision.

use lode_sign::Document;
use lode_sign::document::XrefKind;
use lode_sign::object::{Dict, ObjRef, Object};
use lode_sign::update::{NewObject, Update};
use std::process::Command;

fn qpdf(args: &[&str]) -> anyhow::Result<String> {
    let out = Command::new("qpdf")
        .args(args)
        .output()
        .map_err(|e| anyhow::anyhow!("qpdf: {e} (run scripts/test-deps.sh)"))?;
    // exit 3: warnings only
    anyhow::ensure!(
        out.status.code() == Some(0),
        "qpdf {args:?}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

struct Scratch(std::path::PathBuf);

impl Scratch {
    fn new() -> anyhow::Result<Self> {
        let d = std::env::temp_dir().join(format!("lode-sign-{}-{}", std::process::id(), line!()));
        std::fs::create_dir_all(&d)?;
        Ok(Self(d))
    }
    fn path(&self, name: &str) -> String {
        self.0.join(name).to_string_lossy().into_owned()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A two-page document written by lode-print (classic cross-reference table).
fn original() -> anyhow::Result<Vec<u8>> {
    let rows = (1..=60)
        .map(|n| vec![n.to_string(), format!("Văn bản số {n}/QĐ-ĐCKS")])
        .collect();
    Ok(lode_print::render(&lode_print::Document {
        title: "Thử nghiệm".into(),
        author: "lode".into(),
        orientation: lode_print::Orientation::Portrait,
        blocks: vec![lode_print::Block::Table {
            columns: vec![
                lode_print::Column::new("STT", 1.0),
                lode_print::Column::new("Nội dung", 5.0),
            ],
            rows,
        }],
    })?)
}

/// Adds a new /Info dictionary (title) as one incremental update.
fn retitle(data: &[u8], title: &str) -> anyhow::Result<Vec<u8>> {
    let doc = Document::parse(data)?;
    let mut up = Update::new(&doc);
    let info = up.allocate();
    let mut d = Dict::default();
    d.set(b"Title", Object::String(title.as_bytes().to_vec()));
    d.set(b"Producer", Object::String(b"lode-sign".to_vec()));
    up.put(info, NewObject::Plain(Object::Dict(d)));
    Ok(up.write(&[(b"Info", Object::Ref(info))])?)
}

fn title_of(data: &[u8]) -> anyhow::Result<Vec<u8>> {
    let doc = Document::parse(data)?;
    let info = doc.resolve(doc.trailer().get(b"Info").unwrap_or(&Object::Null))?;
    match info.as_dict().and_then(|d| d.get(b"Title")) {
        Some(Object::String(t)) => Ok(t.clone()),
        other => anyhow::bail!("no title: {other:?}"),
    }
}

#[test]
fn updates_append_to_tables_and_to_streams_alike() -> anyhow::Result<()> {
    let scratch = Scratch::new()?;
    let table = original()?;
    std::fs::write(scratch.path("table.pdf"), &table)?;
    // the same document with object streams and a cross-reference stream
    qpdf(&[
        "--object-streams=generate",
        &scratch.path("table.pdf"),
        &scratch.path("stream.pdf"),
    ])?;
    let stream = std::fs::read(scratch.path("stream.pdf"))?;
    for (name, data, kind) in [
        ("table", table, XrefKind::Table),
        ("stream", stream, XrefKind::Stream),
    ] {
        let doc = Document::parse(&data)?;
        assert_eq!(doc.xref_kind(), kind, "{name}");
        // every page object is found, in the file or in an object stream
        let root = doc.resolve(doc.trailer().get(b"Root").unwrap_or(&Object::Null))?;
        let pages = doc.resolve(
            root.as_dict()
                .and_then(|d| d.get(b"Pages"))
                .unwrap_or(&Object::Null),
        )?;
        assert_eq!(
            pages.as_dict().and_then(|d| d.int(b"Count")),
            Some(2),
            "{name}"
        );
        // two updates, one after the other
        let once = retitle(&data, "Lần một")?;
        let twice = retitle(&once, "Lần hai")?;
        assert!(
            once.starts_with(&data) && twice.starts_with(&once),
            "{name}: earlier bytes untouched"
        );
        std::fs::write(scratch.path(&format!("{name}-2.pdf")), &twice)?;
        let check = qpdf(&["--check", &scratch.path(&format!("{name}-2.pdf"))])?;
        assert!(
            check.contains("No syntax or stream encoding errors"),
            "{name}: {check}"
        );
        assert_eq!(title_of(&twice)?, "Lần hai".as_bytes(), "{name}");
        assert_eq!(title_of(&once)?, "Lần một".as_bytes(), "{name}");
        let after = Document::parse(&twice)?;
        assert_eq!(
            after.sections.len(),
            doc.sections.len() + 2,
            "{name}: one section per update"
        );
        assert_eq!(after.xref_kind(), kind, "{name}: the style is kept");
        // qpdf reads the newest /Info too
        let json = qpdf(&[
            "--json=2",
            "--json-key=qpdf",
            &scratch.path(&format!("{name}-2.pdf")),
        ])?;
        assert!(json.contains("lode-sign"), "{name}");
    }
    Ok(())
}

#[test]
fn broken_files_are_errors_not_panics() -> anyhow::Result<()> {
    let good = original()?;
    let mut cases: Vec<Vec<u8>> = vec![
        Vec::new(),
        b"not a pdf".to_vec(),
        good[..good.len() / 2].to_vec(),
        good[..good.len() - 30].to_vec(),
    ];
    // startxref pointing past the end, at garbage, and a /Prev that loops
    let tail = good.len() - 20;
    let mut past = good.clone();
    past.extend_from_slice(b"\nstartxref\n999999999\n%%EOF\n");
    cases.push(past);
    let mut garbage = good.clone();
    garbage.extend_from_slice(format!("\nstartxref\n{}\n%%EOF\n", tail).as_bytes());
    cases.push(garbage);
    let mut looping = good.clone();
    let at = looping.len();
    looping.extend_from_slice(
        format!("xref\n0 1\n0000000000 65535 f\r\ntrailer\n<< /Size 1 /Prev {at} >>\nstartxref\n{at}\n%%EOF\n").as_bytes(),
    );
    cases.push(looping);
    for (i, bad) in cases.iter().enumerate() {
        assert!(Document::parse(bad).is_err(), "case {i} parsed");
    }
    // every prefix of a good file either parses or fails cleanly
    for cut in (0..good.len()).step_by(97) {
        let _ = Document::parse(&good[..cut]);
    }
    // a deflate bomb is stopped at the ceiling
    let bomb = miniz_oxide_bomb();
    let mut bombed = b"%PDF-1.7\n".to_vec();
    let obj = bombed.len();
    bombed.extend_from_slice(
        format!(
            "1 0 obj\n<< /Filter /FlateDecode /Length {} >>\nstream\n",
            bomb.len()
        )
        .as_bytes(),
    );
    bombed.extend_from_slice(&bomb);
    bombed.extend_from_slice(b"\nendstream\nendobj\n");
    let xref = bombed.len();
    bombed.extend_from_slice(
        format!("xref\n0 2\n0000000000 65535 f\r\n{obj:010} 00000 n\r\ntrailer\n<< /Size 2 >>\nstartxref\n{xref}\n%%EOF\n").as_bytes(),
    );
    let doc = Document::parse(&bombed)?;
    let stream = doc.get(ObjRef {
        num: 1,
        generation: 0,
    })?;
    assert_eq!(doc.stream_data(&stream), Err(lode_sign::PdfError::TooLarge));
    Ok(())
}

/// 260 MB of zeros deflated: a few hundred kilobytes.
fn miniz_oxide_bomb() -> Vec<u8> {
    let chunk = vec![0u8; 260 * 1024 * 1024];
    lode_sign_test_deflate(&chunk)
}

fn lode_sign_test_deflate(data: &[u8]) -> Vec<u8> {
    miniz_oxide::deflate::compress_to_vec_zlib(data, 1)
}

#[test]
fn a_signature_field_reserves_its_value_and_covers_the_rest() -> anyhow::Result<()> {
    use lode_sign::field::{FieldSpec, prepare};
    let scratch = Scratch::new()?;
    let table = original()?;
    std::fs::write(scratch.path("in.pdf"), &table)?;
    qpdf(&[
        "--object-streams=generate",
        &scratch.path("in.pdf"),
        &scratch.path("in-stream.pdf"),
    ])?;
    let stream = std::fs::read(scratch.path("in-stream.pdf"))?;
    for (name, data) in [("table", table), ("stream", stream)] {
        let spec = FieldSpec {
            name: "Chữ ký lãnh đạo".into(),
            time: "D:20261125083000+07'00'".into(),
            reason: Some("Phê duyệt".into()),
            location: Some("Hà Nội".into()),
            contents_size: 8192,
        };
        let prepared = prepare(&data, &spec)?;
        assert!(
            prepared.bytes.starts_with(&data),
            "{name}: earlier bytes untouched"
        );
        let [zero, a, b, c] = prepared.byte_range;
        assert_eq!(zero, 0);
        assert_eq!(prepared.bytes[a], b'<');
        assert_eq!(prepared.bytes[b - 1], b'>');
        assert_eq!(
            b + c,
            prepared.bytes.len(),
            "{name}: the second range reaches the end"
        );
        assert_eq!(b - a, 8192 * 2 + 2);
        let covered: usize = prepared.signed_bytes().map(<[u8]>::len).sum();
        assert_eq!(covered, prepared.bytes.len() - (b - a));
        // a value too large is refused; one that fits leaves the length as it was
        let too_big = vec![0x30u8; 8193];
        assert!(prepared.clone().embed(&too_big).is_err());
        let len = prepared.bytes.len();
        let signed = prepared.embed(&[0x30, 0x03, 0x02, 0x01, 0x01])?;
        assert_eq!(signed.len(), len);
        std::fs::write(scratch.path(&format!("{name}-signed.pdf")), &signed)?;
        let check = qpdf(&["--check", &scratch.path(&format!("{name}-signed.pdf"))])?;
        assert!(
            check.contains("No syntax or stream encoding errors"),
            "{name}: {check}"
        );
        // poppler finds the field and its ranges (the value is no real signature yet)
        let out = Command::new("pdfsig")
            .arg(scratch.path(&format!("{name}-signed.pdf")))
            .output()?;
        let report = String::from_utf8_lossy(&out.stdout);
        assert!(report.contains("Signature #1"), "{name}: {report}");
        assert!(report.contains("Total document signed"), "{name}: {report}");
        // our reader sees the field on the first page
        let doc = Document::parse(&signed)?;
        let root = doc.resolve(doc.trailer().get(b"Root").unwrap_or(&Object::Null))?;
        let form = doc.resolve(
            root.as_dict()
                .and_then(|d| d.get(b"AcroForm"))
                .unwrap_or(&Object::Null),
        )?;
        assert_eq!(
            form.as_dict().and_then(|d| d.int(b"SigFlags")),
            Some(3),
            "{name}"
        );
    }
    Ok(())
}

#[test]
fn signed_ranges_are_checked_and_forgeries_named() -> anyhow::Result<()> {
    use lode_sign::field::{FieldSpec, prepare};
    use lode_sign::signatures;
    let data = original()?;
    let spec = |name: &str| FieldSpec {
        name: name.into(),
        time: "D:20261125083000+07'00'".into(),
        reason: None,
        location: None,
        contents_size: 1024,
    };
    let der = [0x30u8, 0x03, 0x02, 0x01, 0x01];
    let first = prepare(&data, &spec("Người ký"))?.embed(&der)?;
    let second = prepare(&first, &spec("Văn thư"))?.embed(&der)?;
    let doc = Document::parse(&second)?;
    let found = signatures::find(&doc)?;
    assert_eq!(found.len(), 2);
    assert_eq!(found[0].name, "Người ký");
    assert_eq!(found[0].contents, der);
    assert_eq!(
        found[0].signed_until,
        Some(first.len()),
        "the signer's signs the first revision"
    );
    assert!(!found[0].covers_whole_file, "the seal came after it");
    assert!(
        found[1].covers_whole_file && found[1].problems.is_empty(),
        "{:?}",
        found[1].problems
    );
    assert_eq!(found[1].sub_filter.as_deref(), Some("ETSI.CAdES.detached"));

    // forged ranges: each rewritten in place, at the same width, and each named
    let range_text = |f: &signatures::SignatureField| {
        let [a, b, c, d] = f.byte_range.unwrap_or_default();
        format!("[0 {:010} {:010} {:010}]", b, c, d).replace("[0 ", &format!("[{a} "))
    };
    let original_range = range_text(&found[1]);
    for (forged, why) in [
        (
            format!("[0 {:010} {:010} {:010}]", 100, 200, second.len() - 200),
            "wrapping",
        ),
        (
            format!(
                "[0 {:010} {:010} {:010}]",
                found[1].byte_range.unwrap_or_default()[1],
                found[1].byte_range.unwrap_or_default()[2],
                9_999_999_999u64
            ),
            "past the end",
        ),
        (format!("[0 -{:09} {:010} {:010}]", 5, 10, 10), "negative"),
    ] {
        let at = lode_sign::object::rfind(&second, original_range.as_bytes())
            .ok_or_else(|| anyhow::anyhow!("range not found"))?;
        let mut tampered = second.clone();
        tampered[at..at + forged.len()].copy_from_slice(forged.as_bytes());
        let doc = Document::parse(&tampered)?;
        let found = signatures::find(&doc)?;
        assert!(!found[1].problems.is_empty(), "{why}: not caught");
        assert!(!found[1].covers_whole_file, "{why}");
    }
    // content appended after the last signature: no longer the whole document
    let mut appended = second.clone();
    appended.extend_from_slice(b"% appended\n");
    let doc = Document::parse(&appended)?;
    assert!(!signatures::find(&doc)?[1].covers_whole_file);
    Ok(())
}

/// Thousands of damaged copies of a signed file (bytes flipped, runs cut out, digits
/// inflated): every one parses or fails with an error, none panics or hangs.
#[test]
fn damaged_files_never_panic() -> anyhow::Result<()> {
    use lode_sign::field::{FieldSpec, prepare};
    let signed = prepare(
        &original()?,
        &FieldSpec {
            name: "Ký".into(),
            time: "D:20261125083000+07'00'".into(),
            reason: None,
            location: None,
            contents_size: 256,
        },
    )?
    .embed(&[0x30, 0x00])?;
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for round in 0..3_000 {
        let mut bytes = signed.clone();
        let at = (next() as usize) % bytes.len();
        match round % 3 {
            0 => bytes[at] = next() as u8,
            1 => {
                let len = ((next() as usize) % 64).min(bytes.len() - at);
                bytes.drain(at..at + len);
            }
            _ => {
                let digits = b"99999999999999999999";
                bytes.splice(at..at, digits.iter().copied());
            }
        }
        if let Ok(doc) = Document::parse(&bytes) {
            let _ = lode_sign::signatures::find(&doc);
            for n in 0..doc.size().min(64) {
                let _ = doc.get(ObjRef {
                    num: n,
                    generation: 0,
                });
            }
        }
    }
    Ok(())
}

/// The signer signs, the clerk seals: the seal's revision changes only what a signature may.
/// An incremental saving attack (a page given new content after signing) is named.
#[test]
fn what_changed_after_a_signature_is_judged() -> anyhow::Result<()> {
    use lode_sign::changes;
    use lode_sign::field::{FieldSpec, prepare};
    use lode_sign::signatures;
    let spec = |name: &str| FieldSpec {
        name: name.into(),
        time: "D:20261125083000+07'00'".into(),
        reason: None,
        location: None,
        contents_size: 512,
    };
    let der = [0x30u8, 0x00];
    let scratch = Scratch::new()?;
    std::fs::write(scratch.path("t.pdf"), original()?)?;
    qpdf(&[
        "--object-streams=generate",
        &scratch.path("t.pdf"),
        &scratch.path("s.pdf"),
    ])?;
    for name in ["t.pdf", "s.pdf"] {
        let data = std::fs::read(scratch.path(name))?;
        let signed = prepare(&data, &spec("Người ký"))?.embed(&der)?;
        let sealed = prepare(&signed, &spec("Văn thư"))?.embed(&der)?;
        let doc = Document::parse(&sealed)?;
        let first = &signatures::find(&doc)?[0];
        let until = first
            .signed_until
            .ok_or_else(|| anyhow::anyhow!("no range"))?;
        let after = changes::after(&Document::parse(&sealed)?, until)?;
        assert!(!after.is_empty(), "{name}");
        assert!(after.iter().all(|c| c.allowed), "{name}: {after:?}");

        // the attack: a new revision gives the first page other content
        let doc = Document::parse(&sealed)?;
        let root = doc.resolve(doc.trailer().get(b"Root").unwrap_or(&Object::Null))?;
        let pages = match root.as_dict().and_then(|d| d.get(b"Pages")) {
            Some(Object::Ref(r)) => *r,
            _ => anyhow::bail!("no pages"),
        };
        let kids = doc.get(pages)?;
        let page_ref = match kids.as_dict().and_then(|d| d.get(b"Kids")) {
            Some(Object::Array(k)) => match k.first() {
                Some(Object::Ref(r)) => *r,
                _ => anyhow::bail!("no kid"),
            },
            _ => anyhow::bail!("no kids"),
        };
        let mut page = doc.get(page_ref)?.as_dict().cloned().unwrap_or_default();
        let mut up = Update::new(&doc);
        let content = up.allocate();
        up.put(
            content,
            NewObject::Stream(
                Dict::default(),
                b"BT /F1 40 Tf 100 400 Td (KHONG HOP LE) Tj ET".to_vec(),
            ),
        );
        page.set(b"Contents", Object::Ref(content));
        up.put(page_ref, NewObject::Plain(Object::Dict(page)));
        let attacked = up.write(&[])?;
        let after = changes::after(&Document::parse(&attacked)?, until)?;
        assert!(
            after.iter().any(|c| !c.allowed && c.what.contains("page")),
            "{name}: {after:?}"
        );
        let last = signatures::find(&Document::parse(&attacked)?)?;
        assert!(
            !last[1].covers_whole_file,
            "{name}: the seal no longer covers the file"
        );
    }
    Ok(())
}

/// Inputs the fuzzer found (scripts/fuzz.sh), kept so that they stay harmless: each is read,
/// every object fetched and the signatures looked for, without a panic.
#[test]
fn what_the_fuzzer_found_stays_fixed() -> anyhow::Result<()> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let mut n = 0;
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if !path
            .file_name()
            .is_some_and(|f| f.to_string_lossy().starts_with("fuzz-"))
        {
            continue;
        }
        n += 1;
        let data = std::fs::read(&path)?;
        if let Ok(doc) = Document::parse(&data) {
            for num in 0..doc.size().min(2_000) {
                if let Ok(o) = doc.get(ObjRef { num, generation: 0 }) {
                    let _ = doc.stream_data(&o);
                }
            }
            let _ = lode_sign::signatures::find(&doc);
        }
        let _ = lode_sign::verify::verify(&data);
    }
    assert!(n >= 1, "the fuzzer's findings are in tests/data");
    Ok(())
}
