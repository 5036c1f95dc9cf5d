//! The application under test with the archive mounted on the shell, and the archive's staff.

#![allow(dead_code, unused_imports)]

pub use lode_web::testkit::*;

use lode_db::Backend;

/// The shell and the archive on a fresh database.
pub async fn mounted(b: Backend) -> anyhow::Result<TestApp> {
    TestApp::mounting(
        b,
        false,
        Mount {
            capabilities: vec![lode_archive::web::capability()],
            settings: Default::default(),
        },
    )
    .await
}

/// An archivist of the fixture's office, with `clearance`, signed in.
pub async fn archivist(app: &TestApp, username: &str, clearance: &str) -> anyhow::Result<Session> {
    lode_db::accounts::create_staff(
        &app.state.db,
        &lode_db::AuditCtx::system("test"),
        &lode_db::accounts::NewStaff {
            username: username.into(),
            full_name: "Trần Thị Thương".into(),
            unit_id: app.ids.office,
            roles: vec!["archivist".into()],
            clearance: Some(clearance.into()),
            password: PASSWORD.into(),
            must_change_password: Some(false),
            ..Default::default()
        },
    )
    .await?;
    app.login(username).await
}

/// The shell with the e-office, the public services (their catalogue seeded) and the archive:
/// what a request to consult or copy records goes through.
pub async fn with_services(b: Backend) -> anyhow::Result<TestApp> {
    with_services_and_ca(b, false).await
}

/// [`with_services`], with lode's built-in CA when `ca` (the organisation signs copies).
pub async fn with_services_and_ca(b: Backend, ca: bool) -> anyhow::Result<TestApp> {
    let mut settings = axum::http::Extensions::new();
    settings.insert(lode_services::web::Portal::new(None));
    let app = TestApp::mounting(
        b,
        ca,
        Mount {
            capabilities: vec![
                lode_eoffice::web::capability(),
                lode_services::web::capability(),
                lode_archive::web::capability(),
            ],
            settings,
        },
    )
    .await?;
    lode_services::catalogue::seed_catalogue(&app.state.db).await?;
    Ok(app)
}

/// A person of the fixture's office with `roles`, signed in.
pub async fn staff(app: &TestApp, username: &str, roles: &[&str]) -> anyhow::Result<Session> {
    lode_db::accounts::create_staff(
        &app.state.db,
        &lode_db::AuditCtx::system("test"),
        &lode_db::accounts::NewStaff {
            username: username.into(),
            full_name: "Nguyễn Văn Phúc".into(),
            unit_id: app.ids.office,
            roles: roles.iter().map(|r| r.to_string()).collect(),
            clearance: Some("confidential".into()),
            password: PASSWORD.into(),
            must_change_password: Some(false),
            ..Default::default()
        },
    )
    .await?;
    app.login(username).await
}

/// Checks that `data` is a searchable PDF/A-2b copy of `pages` pages holding `word`: `qpdf`
/// finds its structure sound, `pdftotext` reads the word, and it carries what PDF/A asks of
/// such a file: an `/ID`, XMP metadata naming part 2 level B, the same title and producer in
/// the information dictionary, an sRGB output intent, and every font embedded.
pub fn assert_pdfa(data: &[u8], pages: usize, word: &str) -> anyhow::Result<()> {
    use lode_sign::document::Document;
    use lode_sign::object::Object;
    let dir = std::env::temp_dir().join(format!("lode-pdfa-{}-{}", std::process::id(), data.len()));
    std::fs::create_dir_all(&dir)?;
    let path = dir.join("copy.pdf");
    std::fs::write(&path, data)?;
    let run = |program: &str, args: &[&std::ffi::OsStr]| -> anyhow::Result<String> {
        let out = std::process::Command::new(program).args(args).output()?;
        anyhow::ensure!(
            out.status.success(),
            "{program}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    };
    run("qpdf", &["--check".as_ref(), path.as_os_str()])?;
    let info = run("pdfinfo", &[path.as_os_str()])?;
    anyhow::ensure!(
        info.lines()
            .any(|l| l.starts_with("Pages:") && l.ends_with(&format!(" {pages}"))),
        "{info}"
    );
    let text = run("pdftotext", &[path.as_os_str(), "-".as_ref()])?;
    anyhow::ensure!(text.contains(word), "{word} not in the text layer:\n{text}");
    let _ = std::fs::remove_dir_all(&dir);

    // every stream's data ends with an end of line before `endstream` (ISO 19005-2, 6.1.7.1)
    let mut at = 0;
    while let Some(i) = data[at..].windows(9).position(|w| w == b"endstream") {
        let end = at + i;
        anyhow::ensure!(
            end > 0 && matches!(data[end - 1], b'\n' | b'\r'),
            "no end of line before the endstream at byte {end}"
        );
        at = end + 9;
    }
    let doc = Document::parse(data)?;
    anyhow::ensure!(doc.trailer().get(b"ID").is_some(), "no /ID");
    let catalog = doc.resolve(doc.trailer().get(b"Root").unwrap_or(&Object::Null))?;
    let catalog = catalog
        .as_dict()
        .ok_or_else(|| anyhow::anyhow!("no catalog"))?;
    let metadata = doc.resolve(catalog.get(b"Metadata").unwrap_or(&Object::Null))?;
    let Object::Stream(md, _) = &metadata else {
        anyhow::bail!("no XMP metadata");
    };
    anyhow::ensure!(
        md.get(b"Filter").is_none(),
        "the metadata is left unfiltered"
    );
    let xmp = String::from_utf8(doc.stream_data(&metadata)?)?;
    for part in [
        "<pdfaid:part>2</pdfaid:part>",
        "<pdfaid:conformance>B</pdfaid:conformance>",
        "<pdf:Producer>lode</pdf:Producer>",
    ] {
        anyhow::ensure!(xmp.contains(part), "{part} not in\n{xmp}");
    }
    let info = doc.resolve(doc.trailer().get(b"Info").unwrap_or(&Object::Null))?;
    let info = info
        .as_dict()
        .ok_or_else(|| anyhow::anyhow!("no information dictionary"))?;
    anyhow::ensure!(info.get(b"Producer") == Some(&Object::String(b"lode".to_vec())));
    let Some(Object::String(created)) = info.get(b"CreationDate") else {
        anyhow::bail!("no creation date");
    };
    // D:YYYYMMDDHHmmSSZ in the dictionary is YYYY-MM-DDTHH:mm:SSZ in the metadata
    let c = String::from_utf8_lossy(created);
    let iso = format!(
        "{}-{}-{}T{}:{}:{}Z",
        &c[2..6],
        &c[6..8],
        &c[8..10],
        &c[10..12],
        &c[12..14],
        &c[14..16]
    );
    anyhow::ensure!(
        xmp.contains(&format!("<xmp:CreateDate>{iso}</xmp:CreateDate>")),
        "the dates agree: {c} / {xmp}"
    );
    let intents = doc.resolve(catalog.get(b"OutputIntents").unwrap_or(&Object::Null))?;
    let Object::Array(intents) = intents else {
        anyhow::bail!("no output intent");
    };
    let intent = doc.resolve(intents.first().unwrap_or(&Object::Null))?;
    let intent = intent
        .as_dict()
        .ok_or_else(|| anyhow::anyhow!("no output intent"))?;
    anyhow::ensure!(intent.name(b"S") == Some(&b"GTS_PDFA1"[..]));
    let profile = doc.resolve(intent.get(b"DestOutputProfile").unwrap_or(&Object::Null))?;
    anyhow::ensure!(
        profile.as_dict().and_then(|d| d.int(b"N")) == Some(3),
        "an RGB profile"
    );
    let icc = doc.stream_data(&profile)?;
    anyhow::ensure!(icc.len() > 128 && &icc[36..40] == b"acsp", "an ICC profile");

    // every font of every page embedded
    let mut nodes = vec![catalog.get(b"Pages").cloned().unwrap_or(Object::Null)];
    let (mut leaves, mut fonts) = (0, 0);
    while let Some(node) = nodes.pop() {
        let node = doc.resolve(&node)?;
        let Some(d) = node.as_dict() else { continue };
        if let Some(kids) = d.get(b"Kids") {
            if let Object::Array(kids) = doc.resolve(kids)? {
                nodes.extend(kids);
            }
            continue;
        }
        leaves += 1;
        let resources = doc.resolve(d.get(b"Resources").unwrap_or(&Object::Null))?;
        let font_dict = resources
            .as_dict()
            .and_then(|r| r.get(b"Font"))
            .cloned()
            .unwrap_or(Object::Null);
        let font_dict = doc.resolve(&font_dict)?;
        for (_, f) in font_dict.as_dict().map(|d| d.0.clone()).unwrap_or_default() {
            let f = doc.resolve(&f)?;
            let f = f.as_dict().cloned().unwrap_or_default();
            let described = match f.get(b"DescendantFonts") {
                Some(d) => match doc.resolve(d)? {
                    Object::Array(a) => doc.resolve(a.first().unwrap_or(&Object::Null))?,
                    other => other,
                },
                None => Object::Dict(f.clone()),
            };
            let descriptor = described
                .as_dict()
                .and_then(|d| d.get(b"FontDescriptor"))
                .cloned()
                .unwrap_or(Object::Null);
            let descriptor = doc.resolve(&descriptor)?;
            let embedded = descriptor.as_dict().is_some_and(|d| {
                [&b"FontFile"[..], b"FontFile2", b"FontFile3"]
                    .iter()
                    .any(|k| d.get(k).is_some())
            });
            anyhow::ensure!(embedded, "a font not embedded: {f:?}");
            fonts += 1;
        }
    }
    anyhow::ensure!(leaves == pages, "{leaves} pages in the tree");
    anyhow::ensure!(fonts >= pages, "the text layer's font on every page");
    Ok(())
}
