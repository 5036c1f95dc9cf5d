//! The geological archive's catalogue on SQLite and PostgreSQL: records added and edited by
//! the archive's staff only, each field checked and refused beside its name, every change a
//! version and an audit entry, a change read from an old version refused; search by words in
//! any order without diacritics (and typed decomposed), phrases, filters, ranking, snippets;
//! what each reader may see of each access level; the index rebuilt from the records.

mod common;

use axum::http::StatusCode;
use common::{Session, TestApp};
use lode_db::Backend;
use serde_json::{Value, json};

lode_db::on_both_backends!(
    the_staff_keep_the_catalogue_and_every_change_is_kept,
    search_finds_records_by_any_word_as_each_reader_may,
    the_pages_of_the_catalogue,
    a_record_is_iso_19139_metadata_its_schema_takes,
    the_audit_log_names_records_as_their_capability_does,
);

fn entry(number: &str, title: &str, access: &str) -> Value {
    json!({
        "archive_number": number,
        "title": title,
        "kind": "exploration_report",
        "authors": "Nguyễn Văn Quý; Trần Đức Lương",
        "organisation": "Liên đoàn Bản đồ Địa chất miền Bắc",
        "year": "1997",
        "abstract": "Kết quả thăm dò thân quặng đồng dạng mạch, chiều dày trung bình 2,4 m.",
        "minerals": "Đồng, Vàng",
        "province": "Lào Cai",
        "old_province": "Yên Bái",
        "bbox": "103.8,22.5,104.0,22.7",
        "access": access,
        "shelf": "Kho A1 – giá 3",
    })
}

async fn add(app: &TestApp, who: &Session, body: &Value) -> anyhow::Result<Value> {
    let r = app.post("/api/v1/archive/records", Some(who), body).await;
    anyhow::ensure!(r.status == StatusCode::CREATED, "{}", r.text());
    Ok(r.json())
}

async fn the_staff_keep_the_catalogue_and_every_change_is_kept(b: Backend) -> anyhow::Result<()> {
    let app = common::mounted(b).await?;
    let keeper = common::archivist(&app, "tthuong", "none").await?;
    let clerk = app.login("vanthu").await?;
    let body = entry(
        "lt-1997/0123",
        "Báo cáo thăm dò quặng đồng Sin Quyền",
        "public",
    );
    // only the archive's staff add records
    let r = app
        .post("/api/v1/archive/records", Some(&clerk), &body)
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text());
    let r = app.post("/api/v1/archive/records", None, &body).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", r.text());
    let rec = add(&app, &keeper, &body).await?;
    assert_eq!(rec["archive_number"], "LT-1997/0123");
    assert_eq!(rec["authors"], json!(["Nguyễn Văn Quý", "Trần Đức Lương"]));
    assert_eq!(rec["bbox"]["west"], 103.8);
    assert_eq!(rec["version"], 1);
    let id = rec["id"].as_i64().unwrap_or_default();
    // each wrong field named, nothing written
    let wrong = json!({"archive_number": "LT 1", "title": "", "kind": "novel", "year": "2999",
        "bbox": "105,22,104,23", "access": "secret", "copy_allowed": true});
    let r = app
        .post("/api/v1/archive/records", Some(&keeper), &wrong)
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    let fields = r.field_codes();
    for f in [
        "archive_number:invalid_archive_number",
        "title:required",
        "kind:invalid_choice",
        "year:invalid_year",
        "bbox:empty_bbox",
        "copy_allowed:secret_copy",
    ] {
        assert!(fields.iter().any(|x| x == f), "{f} in {fields:?}");
    }
    let again = add(&app, &keeper, &body).await;
    assert!(again.is_err_and(|e| e.to_string().contains("taken")));
    // a number taken and another field wrong: both said at once
    let mut twice = body.clone();
    twice["title"] = json!("");
    let r = app
        .post("/api/v1/archive/records", Some(&keeper), &twice)
        .await;
    let fields = r.field_codes();
    assert!(
        fields.contains(&"archive_number:taken".to_string())
            && fields.contains(&"title:required".to_string()),
        "{fields:?}"
    );
    // an edit from the version read; one from an older version is refused
    let mut edited = body.clone();
    edited["title"] = json!("Báo cáo kết quả thăm dò quặng đồng Sin Quyền, Lào Cai");
    edited["version"] = json!(1);
    let path = format!("/api/v1/archive/records/{id}");
    let r = app.put(&path, Some(&keeper), &edited).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json()["version"], 2);
    let r = app.put(&path, Some(&keeper), &edited).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.text());
    let r = app.put(&path, Some(&clerk), &edited).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text());
    // the versions, newest first, with what each changed
    let v = app
        .get(&format!("{path}/versions"), Some(&keeper))
        .await
        .json();
    assert_eq!(v.as_array().map(Vec::len), Some(2), "{v}");
    assert_eq!(
        v[0]["changes"]["title"][0],
        "Báo cáo thăm dò quặng đồng Sin Quyền"
    );
    assert!(v[1]["changes"].is_null());
    let r = app.get(&format!("{path}/versions"), Some(&clerk)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // the audit chain holds both
    let (audited,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM audit_log WHERE entity_type = 'archive_record' AND entity_id = $1",
    )
    .bind(id.to_string())
    .fetch_one(app.state.db.pool())
    .await?;
    assert_eq!(audited, 2);
    // the shelf is the archive's business
    let public = app.get(&path, None).await.json();
    assert!(public.get("shelf").is_none(), "{public}");
    assert_eq!(
        app.get(&path, Some(&keeper)).await.json()["shelf"],
        "Kho A1 – giá 3"
    );
    Ok(())
}

async fn search_finds_records_by_any_word_as_each_reader_may(b: Backend) -> anyhow::Result<()> {
    let app = common::mounted(b).await?;
    let keeper = common::archivist(&app, "tthuong", "none").await?;
    let cleared = common::archivist(&app, "nvphuc", "confidential").await?;
    add(
        &app,
        &keeper,
        &entry("LT-1", "Báo cáo thăm dò quặng đồng Sin Quyền", "public"),
    )
    .await?;
    let mut map = entry("LT-2", "Bản đồ khoáng sản vàng khu Bồng Miêu", "restricted");
    map["kind"] = json!("mineral_map");
    map["year"] = json!("1985");
    map["minerals"] = json!("Vàng");
    map["province"] = json!("Đà Nẵng");
    map["old_province"] = json!("Quảng Nam");
    map["bbox"] = json!("108.3,15.4,108.4,15.5");
    map["abstract"] = json!("Vành phân tán vàng gốc trong đới cà nát.");
    add(&app, &keeper, &map).await?;
    // a secret record is marked so by a keeper cleared for it, never by one who is not
    let secret = entry("LT-3", "Tài liệu khoan mỏ đồng Sin Quyền", "secret");
    let r = app
        .post("/api/v1/archive/records", Some(&keeper), &secret)
        .await;
    assert_eq!(
        r.field_codes(),
        vec!["access:not_cleared_to_classify"],
        "{}",
        r.text()
    );
    add(&app, &cleared, &secret).await?;
    async fn find_as(app: &TestApp, q: &str, who: Option<&Session>) -> Value {
        app.get(&format!("/api/v1/archive/records?{q}"), who)
            .await
            .json()
    }
    let numbers = |v: &Value| -> Vec<String> {
        v["hits"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|h| h["archive_number"].as_str().unwrap_or("").to_string())
            .collect()
    };
    // words in any order, without diacritics; the title's match first
    let r = find_as(&app, "q=sin+quyen+dong", None).await;
    assert_eq!(
        numbers(&r),
        vec!["LT-1"],
        "the secret one stays hidden: {r}"
    );
    let r = find_as(&app, "q=sin+quyen+dong", Some(&cleared)).await;
    assert_eq!(numbers(&r).len(), 2, "{r}");
    // decomposed input (NFD) and đ
    let r = find_as(&app, "q=%C4%91o%CC%82%CC%80ng", None).await;
    assert_eq!(numbers(&r), vec!["LT-1"], "{r}");
    // a phrase as written, and not when its words are apart
    let r = find_as(&app, "q=%22qu%E1%BA%B7ng+%C4%91%E1%BB%93ng%22", None).await;
    assert_eq!(numbers(&r), vec!["LT-1"], "{r}");
    let r = find_as(&app, "q=%22dong+quang%22", None).await;
    assert!(numbers(&r).is_empty(), "{r}");
    // the snippet marks the words as written
    let r = find_as(&app, "q=bong+mieu", None).await;
    let hit = &r["hits"][0];
    let snippet = hit["snippet"].as_str().unwrap_or("");
    let marks: Vec<String> = hit["marks"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|m| {
            let (a, b) = (m[0].as_u64()? as usize, m[1].as_u64()? as usize);
            snippet.get(a..b).map(str::to_string)
        })
        .collect();
    assert!(
        marks.contains(&"Bồng".to_string()) && marks.contains(&"Miêu".to_string()),
        "{r}"
    );
    // filters: kind, mineral, province under its old name, years, extent
    assert_eq!(
        numbers(&find_as(&app, "kind=mineral_map", None).await),
        vec!["LT-2"]
    );
    assert_eq!(
        numbers(&find_as(&app, "mineral=vang&province=quang+nam", None).await),
        vec!["LT-2"]
    );
    assert_eq!(
        numbers(&find_as(&app, "year_from=1990", None).await),
        vec!["LT-1"]
    );
    assert_eq!(
        numbers(&find_as(&app, "bbox=108,15,109,16", None).await),
        vec!["LT-2"]
    );
    assert_eq!(
        numbers(&find_as(&app, "q=dong&bbox=108,15,109,16", None).await),
        Vec::<String>::new()
    );
    // wrong filters named
    let r = app
        .get("/api/v1/archive/records?year_from=abc&bbox=1,2", None)
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    let fields = r.field_codes();
    assert!(
        fields.contains(&"year_from:invalid_year".to_string()),
        "{fields:?}"
    );
    assert!(
        fields.contains(&"bbox:invalid_bbox".to_string()),
        "{fields:?}"
    );
    // a secret record's page does not exist for the public
    let all = find_as(&app, "", Some(&cleared)).await;
    assert_eq!(all["total"], 3, "{all}");
    let secret = all["hits"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|h| h["archive_number"] == "LT-3")
        .map(|h| h["id"].clone())
        .unwrap_or_default();
    let r = app
        .get(&format!("/api/v1/archive/records/{secret}"), None)
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = app
        .get(&format!("/api/v1/archive/records/{secret}"), Some(&keeper))
        .await;
    assert_eq!(
        r.status,
        StatusCode::NOT_FOUND,
        "an archivist without clearance"
    );
    // the figures count what each reader's catalogue lists
    for (who, listed) in [(&cleared, 3), (&keeper, 2)] {
        let figures = app.get("/api/v1/archive/figures", Some(who)).await.json();
        let found = find_as(&app, "", Some(who)).await;
        assert_eq!(found["total"], listed, "{found}");
        assert_eq!(figures["records"], listed, "{figures}");
    }
    // the index made again from the records finds the same
    let written = lode_archive::catalogue::rebuild(&app.state.db).await?;
    assert_eq!(written, 3);
    assert_eq!(
        numbers(&find_as(&app, "q=sin+quyen+dong", Some(&cleared)).await).len(),
        2
    );
    Ok(())
}

async fn the_pages_of_the_catalogue(b: Backend) -> anyhow::Result<()> {
    let app = common::mounted(b).await?;
    let keeper = common::archivist(&app, "tthuong", "none").await?;
    // a record added through the form, a wrong year told beside its field
    let mut form = vec![
        ("archive_number", "LT-2001/0001"),
        ("title", "Bản đồ địa chất tỷ lệ 1:50.000 nhóm tờ Lào Cai"),
        ("kind", "geological_map"),
        ("scale", "1:50.000"),
        ("year", "năm ngoái"),
        ("province", "Lào Cai"),
        ("access", "public"),
    ];
    let r = app.form(&keeper, "/luu-tru", &form).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    let page = r.text();
    assert!(
        page.contains("Năm không hợp lệ"),
        "the year's error in Vietnamese"
    );
    assert!(
        page.contains("Bản đồ địa chất tỷ lệ 1:50.000 nhóm tờ Lào Cai"),
        "what was typed stays"
    );
    // the banner names every wrong field as its label reads
    form.push(("drawings", "nhiều"));
    let r = app.form(&keeper, "/luu-tru", &form).await;
    let text = r.text();
    let main = text.split("<main").nth(1).unwrap_or("");
    let banner = common::visible_text(main.split("<form").next().unwrap_or(""));
    assert!(
        banner.contains("Năm hoàn thành") && banner.contains("Số bản vẽ"),
        "{banner}"
    );
    form.pop();
    form[4] = ("year", "2001");
    let r = app.form(&keeper, "/luu-tru", &form).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let at = r.header("location");
    let record = app.get(&at, Some(&keeper)).await.text();
    assert!(record.contains("Đã lưu"), "success says so");
    assert!(record.contains("1:50.000"), "the scale as a map reads it");
    // anyone finds it by a word without diacritics
    let found = app.get("/luu-tru?q=nhom+to+lao+cai", None).await;
    assert_eq!(found.status, StatusCode::OK);
    let text = common::visible_text(&found.text());
    assert!(text.contains("1 hồ sơ"), "{text}");
    assert!(text.contains("Bản đồ địa chất"), "{text}");
    // the form is the archive's: others are refused
    let clerk = app.login("vanthu").await?;
    assert_eq!(
        app.get("/luu-tru/moi", Some(&clerk)).await.status,
        StatusCode::FORBIDDEN
    );
    // a wrong filter is told beside its field, on a page that still answers
    let r = app.get("/luu-tru?year_from=abc", None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.text().contains("Năm không hợp lệ"));
    Ok(())
}

/// The record as ISO 19139 XML, checked by `xmllint` against the schemas (pycsw's copy, fetched
/// by scripts/test-deps.sh): a full record and a bare one.
async fn a_record_is_iso_19139_metadata_its_schema_takes(b: Backend) -> anyhow::Result<()> {
    let app = common::mounted(b).await?;
    let keeper = common::archivist(&app, "tthuong", "none").await?;
    let mut full = entry(
        "LT-1997/0123",
        "Báo cáo thăm dò quặng đồng <Sin Quyền> & vàng",
        "consult",
    );
    full["title_en"] = json!("Exploration of the Sin Quyen copper deposit");
    full["scale"] = json!("10000");
    full["keywords"] = json!("thăm dò; đồng");
    full["submitted_on"] = json!("1998-03-02");
    full["related"] = json!("Đề án thăm dò đồng Sin Quyền");
    full["lineage"] = json!("Số hóa năm 2012.");
    let full = add(&app, &keeper, &full).await?;
    let bare = add(
        &app,
        &keeper,
        &json!({"archive_number": "LT-1", "title": "Tài liệu khoan",
        "kind": "drill_log", "access": "public"}),
    )
    .await?;
    let schema = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(".schemas/pycsw/plugins/profiles/apiso/schemas/ogc/iso/19139/20070417/gmd/gmd.xsd");
    anyhow::ensure!(
        schema.exists(),
        "the ISO 19139 schemas are missing: run scripts/test-deps.sh"
    );
    for rec in [&full, &bare] {
        let id = rec["id"].as_i64().unwrap_or_default();
        let r = app.get(&format!("/luu-tru/{id}/iso19139.xml"), None).await;
        assert_eq!(r.status, StatusCode::OK);
        let xml = r.text();
        let file = app.db.dir.join(format!("iso-{id}.xml"));
        std::fs::write(&file, &xml)?;
        let out = std::process::Command::new("xmllint")
            .arg("--noout")
            .arg("--schema")
            .arg(&schema)
            .arg(&file)
            .output()?;
        assert!(
            out.status.success(),
            "{}\n{xml}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let xml = app
        .get(&format!("/luu-tru/{}/iso19139.xml", full["id"]), None)
        .await
        .text();
    assert!(
        xml.contains("&lt;Sin Quyền&gt; &amp; vàng"),
        "escaped: {xml}"
    );
    assert!(xml.contains("<gco:Decimal>103.8</gco:Decimal>"), "{xml}");
    assert!(xml.contains("<gco:Integer>10000</gco:Integer>"), "{xml}");
    Ok(())
}

/// The audit log's page asks each capability mounted for the names of its records: an archive
/// record by its number; every kind the log knows is asked (a kind of another capability, or a
/// record since gone, keeps its number) without failing the page, on either engine.
async fn the_audit_log_names_records_as_their_capability_does(b: Backend) -> anyhow::Result<()> {
    let app = common::with_services(b).await?;
    let keeper = common::archivist(&app, "tthuong", "none").await?;
    let rec = add(
        &app,
        &keeper,
        &entry("LT-1997/0123", "Báo cáo thăm dò quặng đồng", "public"),
    )
    .await?;
    // an action the log does not offer: only what it names is looked at
    const AN_ACTION_OF_THE_TEST: &str = "test.named";
    let ctx = lode_db::AuditCtx::system("test");
    let mut tx = app.state.db.write().await?;
    for (kind, key) in [
        ("incoming", "1"),
        ("outgoing", "1"),
        ("dossier", "1"),
        ("weekly_report", "1"),
        ("certificate", "1"),
        ("document_type", "CV"),
        ("application", "1"),
        ("procedure", "1.004314"),
        ("archive_request", "1"),
        ("archive_submission", "1"),
        ("cadastre_licence", "1"),
        ("job", "x"),
    ] {
        lode_db::audit::append(
            &mut tx,
            &ctx,
            lode_db::audit::Event::new(AN_ACTION_OF_THE_TEST, kind, key, json!({})),
        )
        .await?;
    }
    tx.commit().await?;
    let admin = app.login("admin").await?;
    let log = app.get("/audit", Some(&admin)).await;
    assert_eq!(log.status, StatusCode::OK, "{}", log.text());
    let text = common::visible_text(&log.text());
    assert!(
        text.contains("Hồ sơ lưu trữ địa chất: LT-1997/0123")
            && text.contains("Thủ tục: 1.004314 · ")
            && text.contains("Loại văn bản: Công văn"),
        "{text}"
    );
    let page = app
        .get(
            &format!("/audit?entity_type=archive_record&entity_id={}", rec["id"]),
            Some(&admin),
        )
        .await;
    assert!(page.text().contains("LT-1997/0123"), "{}", page.text());
    Ok(())
}
