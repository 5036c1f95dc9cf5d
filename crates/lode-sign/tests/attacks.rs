//! The known attacks on PDF signatures, each built here against a document signed by lode's
//! CA, and each caught by the verifier: universal signature forgery (USF: a signature
//! dictionary without its value or range, or with another document's value), the incremental
//! saving attack (ISA: content added after signing, with or without a proper cross-reference
//! section), signature wrapping (SWA: the range moved so that the gap hides content), and the
//! shadow attacks of NDSS 2021: hide (an overlay in the signed version removed later), replace
//! (a form value changed later) and hide-and-replace (a later cross-reference section pointing
//! an object at a second, shadow definition already inside the signed bytes).

mod common;
use common::Scratch;
use lode_sign::Document;
use lode_sign::ca::Purpose;
use lode_sign::cms::sign_pdf;
use lode_sign::object::{Dict, ObjRef, Object};
use lode_sign::pki::Store;
use lode_sign::update::{NewObject, Update};

const ORG: &str = "Cục Địa chất và Khoáng sản Việt Nam";

/// A one-page PDF written by hand (classic cross-reference table): page content in two streams
/// (the text, and a white box over the words "HUY BO" that the signer never saw), a form text
/// field with the approved tonnage, and a second, unreferenced definition of object 6 (the
/// shadow the hide-and-replace attack switches to). Returns the file and the shadow's offset.
fn prepared_document() -> (Vec<u8>, usize) {
    let text = b"BT /F1 14 Tf 72 760 Td (Phe duyet tru luong: 1.000 tan) Tj ET\nBT /F1 14 Tf 72 700 Td (HUY BO) Tj ET".to_vec();
    let cover = b"1 1 1 rg 60 690 200 30 re f".to_vec();
    let footer = b"BT /F1 10 Tf 72 60 Td (Cuc Dia chat va Khoang san Viet Nam) Tj ET".to_vec();
    let shadow = b"BT /F1 10 Tf 72 60 Td (Ban nhap - khong co gia tri) Tj ET".to_vec();
    let stream = |n: u32, data: &[u8]| {
        let mut o = format!("{n} 0 obj\n<< /Length {} >>\nstream\n", data.len()).into_bytes();
        o.extend_from_slice(data);
        o.extend_from_slice(b"\nendstream\nendobj\n");
        o
    };
    let objects: Vec<Vec<u8>> = vec![
        b"1 0 obj\n<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [8 0 R] >> >>\nendobj\n".to_vec(),
        b"2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n".to_vec(),
        b"3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 7 0 R >> >> /Contents [4 0 R 5 0 R 6 0 R] /Annots [8 0 R] >>\nendobj\n".to_vec(),
        stream(4, &text),
        stream(5, &cover),
        stream(6, &footer),
        b"7 0 obj\n<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>\nendobj\n".to_vec(),
        b"8 0 obj\n<< /Type /Annot /Subtype /Widget /FT /Tx /T (tonnage) /V (1.000 tan) /Rect [72 600 300 620] /P 3 0 R >>\nendobj\n".to_vec(),
    ];
    let mut out = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets = Vec::new();
    for o in &objects {
        offsets.push(out.len());
        out.extend_from_slice(o);
    }
    let shadow_at = out.len();
    out.extend_from_slice(&stream(6, &shadow));
    let xref_at = out.len();
    out.extend_from_slice(b"xref\n0 9\n0000000000 65535 f \n");
    for off in &offsets {
        out.extend_from_slice(format!("{off:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!("trailer\n<< /Size 9 /Root 1 0 R >>\nstartxref\n{xref_at}\n%%EOF\n").as_bytes(),
    );
    (out, shadow_at)
}

/// The document signed by a leader of lode's CA, its root, and the shadow's offset.
fn signed() -> anyhow::Result<(Vec<u8>, lode_sign::cms::Certificate, usize, Scratch)> {
    let s = Scratch::new("attacks")?;
    let store = Store::init(&s.0.join("ca"), ORG, None)?;
    let leader = store.issue("Trần Văn Hùng", ORG, Purpose::Signing, "tvhung")?;
    let (doc, shadow_at) = prepared_document();
    let signed = sign_pdf(&doc, &leader, &common::spec("Người ký"))?;
    Ok((signed, store.root()?, shadow_at, s))
}

fn verdict(
    data: &[u8],
    root: &lode_sign::cms::Certificate,
) -> anyhow::Result<lode_sign::verify::SignatureReport> {
    let reports = lode_sign::verify::verify_trusted(data, std::slice::from_ref(root))?;
    anyhow::ensure!(
        reports.len() == 1,
        "one signature expected, {}",
        reports.len()
    );
    Ok(reports.into_iter().next().unwrap_or_else(|| unreachable!()))
}

/// The object numbers of the signature dictionary and of the first page.
fn parts(data: &[u8]) -> anyhow::Result<(ObjRef, ObjRef)> {
    let doc = Document::parse(data)?;
    let root = doc.resolve(doc.trailer().get(b"Root").unwrap_or(&Object::Null))?;
    let form = doc.resolve(
        root.as_dict()
            .and_then(|d| d.get(b"AcroForm"))
            .unwrap_or(&Object::Null),
    )?;
    let Some(Object::Array(fields)) = form.as_dict().and_then(|d| d.get(b"Fields")).cloned() else {
        anyhow::bail!("no fields");
    };
    for f in fields {
        let d = doc.resolve(&f)?;
        let d = d.as_dict().cloned().unwrap_or_default();
        if d.name(b"FT") == Some(b"Sig")
            && let Some(Object::Ref(v)) = d.get(b"V")
        {
            return Ok((
                *v,
                ObjRef {
                    num: 3,
                    generation: 0,
                },
            ));
        }
    }
    anyhow::bail!("no signature field")
}

fn revise(
    data: &[u8],
    change: impl FnOnce(&Document<'_>, &mut Update<'_, '_>) -> anyhow::Result<()>,
) -> anyhow::Result<Vec<u8>> {
    let doc = Document::parse(data)?;
    let mut up = Update::new(&doc);
    change(&doc, &mut up)?;
    Ok(up.write(&[])?)
}

#[test]
fn the_untouched_document_is_valid() -> anyhow::Result<()> {
    let (signed, root, _, _s) = signed()?;
    let r = verdict(&signed, &root)?;
    assert!(r.valid() && r.trusted == Some(true), "{:?}", r.problems);
    assert!(r.covers_whole_file);
    Ok(())
}

#[test]
fn universal_signature_forgery_is_caught() -> anyhow::Result<()> {
    let (signed, root, _, _s) = signed()?;
    let (sig_ref, _) = parts(&signed)?;
    let original = Document::parse(&signed)?
        .get(sig_ref)?
        .as_dict()
        .cloned()
        .unwrap_or_default();
    // another document's signature value, carried over
    let (other, _, _, _s2) = signed_other()?;
    let (other_ref, _) = parts(&other)?;
    let foreign = Document::parse(&other)?
        .get(other_ref)?
        .as_dict()
        .cloned()
        .unwrap_or_default();
    type Forgery = Box<dyn Fn(&mut Dict)>;
    let variants: Vec<(&str, Forgery)> = vec![
        (
            "no /Contents",
            Box::new(|d: &mut Dict| d.remove(b"Contents")),
        ),
        (
            "empty /Contents",
            Box::new(|d: &mut Dict| d.set(b"Contents", Object::String(Vec::new()))),
        ),
        (
            "/Contents null",
            Box::new(|d: &mut Dict| d.set(b"Contents", Object::Null)),
        ),
        (
            "no /ByteRange",
            Box::new(|d: &mut Dict| d.remove(b"ByteRange")),
        ),
        (
            "/ByteRange null",
            Box::new(|d: &mut Dict| d.set(b"ByteRange", Object::Null)),
        ),
        (
            "/ByteRange [0 0 0 0]",
            Box::new(|d: &mut Dict| d.set(b"ByteRange", Object::Array(vec![Object::Int(0); 4]))),
        ),
        (
            "another document's value",
            Box::new(move |d: &mut Dict| {
                if let Some(c) = foreign.get(b"Contents") {
                    d.set(b"Contents", c.clone())
                }
            }),
        ),
    ];
    for (what, forge) in variants {
        let mut d = original.clone();
        forge(&mut d);
        let forged = revise(&signed, |_, up| {
            up.put(sig_ref, NewObject::Plain(Object::Dict(d)));
            Ok(())
        })?;
        let r = verdict(&forged, &root)?;
        assert!(!r.valid(), "USF ({what}) not caught: {r:?}");
    }
    Ok(())
}

fn signed_other() -> anyhow::Result<(Vec<u8>, lode_sign::cms::Certificate, usize, Scratch)> {
    let s = Scratch::new("attacks-other")?;
    let store = Store::init(&s.0.join("ca"), ORG, None)?;
    let other = store.issue("Kẻ giả mạo", ORG, Purpose::Signing, "x")?;
    let doc = common::document()?;
    let signed = sign_pdf(&doc, &other, &common::spec("Người ký"))?;
    Ok((signed, store.root()?, 0, s))
}

#[test]
fn incremental_saving_attacks_are_caught() -> anyhow::Result<()> {
    let (signed, root, _, _s) = signed()?;
    let (_, page) = parts(&signed)?;
    // new content on the page, in a proper incremental update
    let isa = revise(&signed, |doc, up| {
        let mut p = doc.get(page)?.as_dict().cloned().unwrap_or_default();
        let c = up.allocate();
        up.put(
            c,
            NewObject::Stream(
                Dict::default(),
                b"BT /F1 40 Tf 72 400 Td (KHONG DUYET) Tj ET".to_vec(),
            ),
        );
        p.set(b"Contents", Object::Ref(c));
        up.put(page, NewObject::Plain(Object::Dict(p)));
        Ok(())
    })?;
    let r = verdict(&isa, &root)?;
    assert!(
        r.intact && r.signature_valid,
        "the signed bytes themselves are untouched"
    );
    assert!(r.modified_after_signing && !r.valid(), "{r:?}");
    // a new catalog pointing at another page tree
    let isa2 = revise(&signed, |doc, up| {
        let root_ref = match doc.trailer().get(b"Root") {
            Some(Object::Ref(r)) => *r,
            _ => anyhow::bail!("root"),
        };
        let mut cat = doc.get(root_ref)?.as_dict().cloned().unwrap_or_default();
        let pages = up.allocate();
        let mut tree = Dict::default();
        tree.set(b"Type", Object::Name(b"Pages".to_vec()));
        tree.set(b"Kids", Object::Array(vec![]));
        tree.set(b"Count", Object::Int(0));
        up.put(pages, NewObject::Plain(Object::Dict(tree)));
        cat.set(b"Pages", Object::Ref(pages));
        up.put(root_ref, NewObject::Plain(Object::Dict(cat)));
        Ok(())
    })?;
    assert!(!verdict(&isa2, &root)?.valid());
    // objects appended with no cross-reference section (viewers that repair files use them)
    let mut bare = signed.clone();
    bare.extend_from_slice(b"3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 9 0 R >>\nendobj\n9 0 obj\n<< /Length 40 >>\nstream\nBT /F1 40 Tf 72 400 Td (KHONG DUYET) Tj ET\nendstream\nendobj\n");
    // (refusing the file outright would be as good as an invalid report)
    if let Ok(reports) = lode_sign::verify::verify(&bare) {
        assert!(
            !reports[0].valid(),
            "appended bodies without xref: {:?}",
            reports[0].problems
        );
    }
    Ok(())
}

#[test]
fn signature_wrapping_is_caught() -> anyhow::Result<()> {
    let (signed, root, _, _s) = signed()?;
    let doc = Document::parse(&signed)?;
    let field = &lode_sign::signatures::find(&doc)?[0];
    let [_, a, b, c] = field.byte_range.unwrap_or_default();
    // the gap widened backwards over content the attacker put there (it then escapes the
    // digest), the range rewritten in place at the same width
    let old = format!("[0 {a:010} {b:010} {c:010}]");
    let wider = format!("[0 {:010} {b:010} {c:010}]", a - 200);
    let at = lode_sign::object::rfind(&signed, old.as_bytes())
        .ok_or_else(|| anyhow::anyhow!("range"))?;
    let mut wrapped = signed.clone();
    wrapped[at..at + wider.len()].copy_from_slice(wider.as_bytes());
    assert!(!verdict(&wrapped, &root)?.valid());
    // a range that stops short of the end with the rest moved behind it
    let shorter = format!("[0 {a:010} {b:010} {:010}]", c - 100);
    let mut cut = signed.clone();
    cut[at..at + shorter.len()].copy_from_slice(shorter.as_bytes());
    assert!(!verdict(&cut, &root)?.valid());
    Ok(())
}

#[test]
fn shadow_attacks_are_caught() -> anyhow::Result<()> {
    let (signed, root, shadow_at, _s) = signed()?;
    let (_, page) = parts(&signed)?;
    // hide: the white box the signer saw is taken off the page, uncovering "HUY BO"
    let hide = revise(&signed, |doc, up| {
        let mut p = doc.get(page)?.as_dict().cloned().unwrap_or_default();
        p.set(
            b"Contents",
            Object::Array(vec![
                Object::Ref(ObjRef {
                    num: 4,
                    generation: 0,
                }),
                Object::Ref(ObjRef {
                    num: 6,
                    generation: 0,
                }),
            ]),
        );
        up.put(page, NewObject::Plain(Object::Dict(p)));
        Ok(())
    })?;
    let r = verdict(&hide, &root)?;
    assert!(r.modified_after_signing && !r.valid(), "shadow hide: {r:?}");
    // replace: the approved tonnage in the form field changed after signing
    let replace = revise(&signed, |doc, up| {
        let field = ObjRef {
            num: 8,
            generation: 0,
        };
        let mut f = doc.get(field)?.as_dict().cloned().unwrap_or_default();
        f.set(b"V", Object::String(b"100.000 tan".to_vec()));
        up.put(field, NewObject::Plain(Object::Dict(f)));
        Ok(())
    })?;
    let r = verdict(&replace, &root)?;
    assert!(
        r.modified_after_signing && !r.valid(),
        "shadow replace: {r:?}"
    );
    // hide-and-replace: only a cross-reference section, pointing object 6 at the shadow
    // definition that was inside the signed bytes all along
    let doc = Document::parse(&signed)?;
    let prev = lode_sign::object::rfind(&signed, b"startxref")
        .and_then(|i| std::str::from_utf8(&signed[i + 9..]).ok())
        .and_then(|t| t.split_whitespace().next())
        .and_then(|n| n.parse::<usize>().ok())
        .ok_or_else(|| anyhow::anyhow!("startxref"))?;
    let root_ref = match doc.trailer().get(b"Root") {
        Some(Object::Ref(r)) => *r,
        _ => anyhow::bail!("root"),
    };
    let mut hr = signed.clone();
    let xref_at = hr.len();
    hr.extend_from_slice(format!(
        "xref\n6 1\n{shadow_at:010} 00000 n \ntrailer\n<< /Size {} /Root {} 0 R /Prev {prev} >>\nstartxref\n{xref_at}\n%%EOF\n",
        doc.size(), root_ref.num
    ).as_bytes());
    let shadowed = Document::parse(&hr)?;
    let six = shadowed.stream_data(&shadowed.get(ObjRef {
        num: 6,
        generation: 0,
    })?)?;
    assert!(
        six.starts_with(b"BT /F1 10 Tf 72 60 Td (Ban nhap"),
        "the shadow is what a viewer now shows"
    );
    let r = verdict(&hr, &root)?;
    assert!(r.intact, "not one signed byte changed");
    assert!(
        r.modified_after_signing && !r.valid(),
        "shadow hide-and-replace: {r:?}"
    );
    Ok(())
}
