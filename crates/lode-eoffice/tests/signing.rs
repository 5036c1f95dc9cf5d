//! Digital signatures in the e-office flow and the certificates registry, through the API, on
//! SQLite and PostgreSQL: the administrator issues certificates from lode's CA (the leader's,
//! the body's seal), the leader signs the approved document, the clerk numbers it and seals
//! it, the file verifies (two signatures, timestamped, trusted), the dashboard counts it; a
//! revoked certificate no longer signs; PKCS#12 uploads are checked.

mod common;

use axum::http::{Method, StatusCode, header};
use common::{PASSWORD, Session, TestApp};
use lode_db::Backend;
use serde_json::{Value, json};

lode_db::on_both_backends!(
    the_leader_signs_and_the_clerk_seals,
    marks_go_where_the_template_left_room,
    the_registry_counts_and_follows_revocation,
    the_pages_sign_seal_and_keep_the_registry,
    marks_go_where_the_signer_chooses,
    the_servers_token_keeps_the_leaders_key,
    the_seal_covers_the_attachments,
    administrators_revoke_suspend_and_reinstate_from_the_registry,
    the_demo_signs_with_a_signature_and_a_seal_by_default,
    an_uploaded_draft_is_numbered_and_dated_where_it_prints_them,
    a_draft_refused_on_a_field_keeps_its_files,
    a_document_signed_on_paper_goes_as_its_scan,
    a_draft_written_on_the_page_is_issued_as_an_official_letter,
);

/// Takes the steps of `id` in order, each by its person with the defaults.
async fn outgoing_steps(app: &TestApp, id: i64, steps: &[(&Session, &str)]) -> anyhow::Result<()> {
    for (who, step) in steps {
        // a signature with the key lode keeps is confirmed by the signer's password
        let body = if *step == "sign" {
            json!({"confirm": PASSWORD})
        } else {
            json!({})
        };
        let r = app
            .post(&format!("/api/v1/outgoing/{id}/{step}"), Some(who), &body)
            .await;
        anyhow::ensure!(r.status == StatusCode::OK, "{step}: {}", r.text());
    }
    Ok(())
}

/// The leader signs `id`, the clerk numbers and seals it, each step with the defaults.
async fn sign_issue_seal(app: &TestApp, id: i64, leader: &Session, clerk: &Session) {
    let steps = [(leader, "sign"), (clerk, "issue"), (clerk, "seal")];
    if let Err(e) = outgoing_steps(app, id, &steps).await {
        panic!("{e}");
    }
}

async fn approved_draft(app: &TestApp, subject: &str) -> anyhow::Result<i64> {
    approved_draft_of(app, subject, lode_db::demo::sample_pdf(&[subject])).await
}

async fn approved_draft_of(app: &TestApp, subject: &str, pdf: Vec<u8>) -> anyhow::Result<i64> {
    let author = app.login("ntkhanh").await?;
    let r = app
        .raw(
            axum::http::Method::POST,
            "/api/v1/files",
            Some(&author),
            "application/pdf",
            pdf,
        )
        .await;
    anyhow::ensure!(r.status == StatusCode::CREATED, "{}", r.text());
    let sha = r.json()["sha256"].as_str().unwrap_or_default().to_string();
    let r = app
        .post(
            "/api/v1/outgoing",
            Some(&author),
            &json!({"type_code": "CV", "subject": subject,
                "recipient_unit_ids": [app.ids.north], "pdf_sha256": sha}),
        )
        .await;
    anyhow::ensure!(r.status == StatusCode::CREATED, "{}", r.text());
    approve(app, r.json()["id"].as_i64().unwrap_or_default()).await
}

/// The drafting page's form as a browser sends it: its fields, then its files (field, file
/// name, bytes).
fn draft_form(fields: &[(&str, String)], files: &[(&str, &str, Vec<u8>)]) -> (String, Vec<u8>) {
    let boundary = "lode-draft-boundary";
    let mut body = Vec::new();
    let mut part = |headers: String, data: &[u8]| {
        body.extend_from_slice(format!("--{boundary}\r\n{headers}\r\n\r\n").as_bytes());
        body.extend_from_slice(data);
        body.extend_from_slice(b"\r\n");
    };
    for (name, value) in fields {
        part(
            format!("Content-Disposition: form-data; name=\"{name}\""),
            value.as_bytes(),
        );
    }
    for (field, file, data) in files {
        part(
            format!(
                "Content-Disposition: form-data; name=\"{field}\"; filename=\"{file}\"\r\nContent-Type: application/pdf"
            ),
            data,
        );
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// Sends the drafting page's form as `author`, its token the first field (as the page has it,
/// never in the address).
async fn send_draft_form(
    app: &TestApp,
    author: &Session,
    path: &str,
    fields: &[(&str, String)],
    files: &[(&str, &str, Vec<u8>)],
) -> common::Resp {
    let mut with_token = vec![("csrf", author.csrf.clone())];
    with_token.extend_from_slice(fields);
    let (content_type, body) = draft_form(&with_token, files);
    posted_by_browser(app, author, path, &content_type, body).await
}

/// A drafting form posted as a browser posts it: the session's cookie, no token in a header or
/// the address (the form carries its own, or not).
async fn posted_by_browser(
    app: &TestApp,
    who: &Session,
    path: &str,
    content_type: &str,
    body: Vec<u8>,
) -> common::Resp {
    let request = axum::http::Request::builder()
        .method(axum::http::Method::POST)
        .uri(path)
        .header(axum::http::header::CONTENT_TYPE, content_type)
        .header(axum::http::header::COOKIE, &who.cookie)
        .body(axum::body::Body::from(body));
    match request {
        Ok(r) => app.send(r).await,
        Err(e) => panic!("a request: {e}"),
    }
}

/// A draft with a PDF attachment, made with the drafting page's form, then approved.
async fn approved_draft_with_attachment(app: &TestApp, subject: &str) -> anyhow::Result<i64> {
    let author = app.login("ntkhanh").await?;
    let fields = [
        ("type_code", "CV".to_string()),
        ("subject", subject.to_string()),
        ("recipient_unit_ids", app.ids.north.to_string()),
    ];
    let files = [
        ("pdf", "du-thao.pdf", lode_db::demo::sample_pdf(&[subject])),
        (
            "attachments",
            "phu-luc.pdf",
            lode_db::demo::sample_pdf(&["Phu luc 01"]),
        ),
    ];
    let r = send_draft_form(app, &author, "/outgoing/new", &fields, &files).await;
    anyhow::ensure!(r.status == StatusCode::SEE_OTHER, "{}", r.text());
    let location = r.header("location");
    let id = location
        .trim_start_matches("/outgoing/")
        .split(['?', '/'])
        .next()
        .and_then(|n| n.parse().ok())
        .ok_or_else(|| anyhow::anyhow!("no id in {location}"))?;
    approve(app, id).await
}

/// The value of the hidden field `name` in a page.
fn hidden(html: &str, name: &str) -> Vec<String> {
    html.split(&format!("name=\"{name}\" value=\""))
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(|v| v.replace("&amp;", "&"))
        .collect()
}

/// A draft refused on a field keeps the files sent with it: the page says so, and sending the
/// form again without choosing them makes the draft with them.
async fn a_draft_refused_on_a_field_keeps_its_files(b: Backend) -> anyhow::Result<()> {
    let app = TestApp::new(b).await?;
    let author = app.login("ntkhanh").await?;
    let files = [
        (
            "pdf",
            "du-thao.pdf",
            lode_db::demo::sample_pdf(&["Du thao"]),
        ),
        (
            "attachments",
            "phu-luc.pdf",
            lode_db::demo::sample_pdf(&["Phu luc 01"]),
        ),
    ];
    // no recipient chosen: refused beside the recipients, named in the summary
    let fields = [
        ("type_code", "CV".to_string()),
        ("subject", "V/v kiểm tra".to_string()),
    ];
    let r = send_draft_form(&app, &author, "/outgoing/new", &fields, &files).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    let page = r.text();
    assert!(
        page.contains("Tệp đã tải lên được giữ lại") && page.contains("Đã giữ lại: phu-luc.pdf"),
        "{page}"
    );
    assert!(
        page.contains("href=\"#recipient_unit_ids\">Nơi nhận trong Cục</a>"),
        "{page}"
    );
    let pdf = hidden(&page, "pdf_sha256");
    let kept = hidden(&page, "kept_attachment");
    assert_eq!((pdf.len(), kept.len()), (1, 1), "{page}");
    // sent again with a recipient, no file chosen: the draft has both files
    let mut again = fields.to_vec();
    again.extend([
        ("recipient_unit_ids", app.ids.north.to_string()),
        ("pdf_sha256", pdf[0].clone()),
        ("kept_attachment", kept[0].clone()),
    ]);
    let r = send_draft_form(&app, &author, "/outgoing/new", &again, &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let id = r
        .header("location")
        .trim_start_matches("/outgoing/")
        .split('?')
        .next()
        .unwrap_or_default()
        .to_string();
    let d = app
        .get(&format!("/api/v1/outgoing/{id}"), Some(&author))
        .await
        .json();
    assert_eq!(d["attachments"][0]["name"], "phu-luc.pdf", "{d}");
    // a form whose token is missing, wrong, or not its first field is refused, nothing kept
    let before = drafts_seen(&app, &author).await;
    let mut forged = again.clone();
    forged.push(("csrf", author.csrf.clone()));
    for (fields, token) in [
        (again.clone(), None),
        (again.clone(), Some("forged".to_string())),
        (forged, None),
    ] {
        let mut sent = token.map(|t| vec![("csrf", t)]).unwrap_or_default();
        sent.extend(fields);
        let (content_type, body) = draft_form(&sent, &files);
        let r = posted_by_browser(&app, &author, "/outgoing/new", &content_type, body).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text());
    }
    assert_eq!(drafts_seen(&app, &author).await, before);
    // no draft at all: asked for beside its field
    let r = send_draft_form(&app, &author, "/outgoing/new", &again[..3], &[]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text().contains("href=\"#pdf\">Dự thảo (tệp PDF)</a>"),
        "{}",
        r.text()
    );
    Ok(())
}

/// How many outgoing documents `who` sees.
async fn drafts_seen(app: &TestApp, who: &Session) -> usize {
    app.get("/api/v1/outgoing?limit=200", Some(who))
        .await
        .json()["items"]
        .as_array()
        .map_or(0, Vec::len)
}

/// The drafter submits `id`, the office's leader and the agency's leader approve it.
async fn approve(app: &TestApp, id: i64) -> anyhow::Result<i64> {
    let author = app.login("ntkhanh").await?;
    let office_leader = app.login("dvthang").await?;
    let leader = app.login("tvhung").await?;
    let steps = [
        (&author, "submit"),
        (&office_leader, "approve"),
        (&leader, "approve"),
    ];
    outgoing_steps(app, id, &steps).await?;
    Ok(id)
}

async fn issue_certificate(app: &TestApp, admin: &Session, holder: Value) -> Value {
    let r = app
        .post("/api/v1/certificates/issue", Some(admin), &holder)
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    r.json()
}

async fn current_pdf(app: &TestApp, s: &Session, id: i64) -> anyhow::Result<Vec<u8>> {
    let doc = app
        .get(&format!("/api/v1/outgoing/{id}"), Some(s))
        .await
        .json();
    let n = doc["versions"]
        .as_array()
        .map(|v| v.len())
        .unwrap_or_default();
    let r = app
        .get(&format!("/api/v1/outgoing/{id}/versions/{n}"), Some(s))
        .await;
    anyhow::ensure!(r.status == StatusCode::OK, "{}", r.text());
    Ok(r.body.to_vec())
}

async fn the_leader_signs_and_the_clerk_seals(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::with_ca(backend).await?;
    let admin = app.login("admin").await?;
    let leader = app.login("tvhung").await?;
    let clerk = app.login("vanthu").await?;
    let id = approved_draft(&app, "V/v thẩm định báo cáo thăm dò").await?;
    let sign = format!("/api/v1/outgoing/{id}/sign");
    let seal = format!("/api/v1/outgoing/{id}/seal");

    // no certificate yet: a clear field error
    let r = app
        .post(&sign, Some(&leader), &json!({"confirm": PASSWORD}))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert_eq!(r.field_codes(), vec!["key:no_certificate".to_string()]);
    // the key lode keeps signs only with the signer's own password
    for (body, code) in [
        (json!({}), "confirm:required"),
        (
            json!({"confirm": "not his"}),
            "confirm:wrong_signing_password",
        ),
    ] {
        let r = app.post(&sign, Some(&leader), &body).await;
        assert_eq!(r.field_codes(), vec![code.to_string()], "{}", r.text());
    }
    // the wrong password is kept in the log as what it was, under the signer's account
    let (logged,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'session.confirm_failed' AND entity_id = $1",
    )
    .bind(app.ids.leader.to_string())
    .fetch_one(app.state.db.pool())
    .await?;
    assert_eq!(logged, 1);
    issue_certificate(&app, &admin, json!({"holder_account_id": app.ids.leader})).await;
    issue_certificate(&app, &admin, json!({"holder_unit_id": app.ids.dept})).await;

    // only the body's leader signs, only once, only when approved
    assert_eq!(
        app.post(&sign, Some(&clerk), &json!({})).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.post(&seal, Some(&clerk), &json!({})).await.status,
        StatusCode::CONFLICT,
        "the seal comes after the number"
    );
    assert!(
        app.unread(&clerk).await.is_empty(),
        "approved but unsigned: nothing to number yet"
    );
    let r = app
        .post(&sign, Some(&leader), &json!({"confirm": PASSWORD}))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    // signed: the clerk is told to number it
    assert_eq!(
        app.unread(&clerk)
            .await
            .into_iter()
            .map(|(_, title)| title)
            .collect::<Vec<_>>(),
        ["Văn bản đã được duyệt và ký, chờ cấp số: V/v thẩm định báo cáo thăm dò"]
    );
    let doc = r.json();
    assert_eq!(doc["signatures"][0]["kind"], "signer");
    assert_eq!(doc["signatures"][0]["level"], "B-T");
    assert_eq!(doc["versions"].as_array().map(Vec::len), Some(2));
    // the version the signature made says so in the reader's language
    let note = doc["versions"][1]["note"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(
        note.starts_with("Chữ ký số của người có thẩm quyền: "),
        "{note}"
    );
    let mut english = TestApp::request(
        Method::GET,
        &format!("/api/v1/outgoing/{id}"),
        Some(&leader),
        None,
    );
    english.headers_mut().insert(
        header::COOKIE,
        format!("{}; lang=en", leader.cookie).parse()?,
    );
    let r = app.send(english).await;
    let note = r.json()["versions"][1]["note"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(
        note.starts_with("Digital signature of the competent signer: "),
        "{note}"
    );
    assert_eq!(
        app.post(&sign, Some(&leader), &json!({"confirm": PASSWORD}))
            .await
            .status,
        StatusCode::CONFLICT
    );

    // the clerk numbers it, then seals it
    let r = app
        .post(
            &format!("/api/v1/outgoing/{id}/issue"),
            Some(&clerk),
            &json!({}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(
        app.post(&seal, Some(&leader), &json!({})).await.status,
        StatusCode::FORBIDDEN
    );
    let r = app.post(&seal, Some(&clerk), &json!({})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json()["signatures"][1]["kind"], "seal");
    assert_eq!(r.json()["signatures"][1]["level"], "B-LT");
    // the issued file is named by its notation, the drafts by their number
    let notation = r.json()["notation"]
        .as_str()
        .unwrap_or_default()
        .replace('/', "-");
    let versions = r.json()["versions"].as_array().map_or(0, Vec::len);
    let named = |n: usize| {
        let path = format!("/api/v1/outgoing/{id}/versions/{n}");
        let app = &app;
        let clerk = &clerk;
        async move {
            app.get(&path, Some(clerk))
                .await
                .header("content-disposition")
        }
    };
    let issued = named(versions).await;
    let ascii = notation.replace('Đ', "D");
    assert!(
        issued.contains(&format!("filename=\"{ascii}.pdf\"")),
        "{issued} for {notation}"
    );
    assert!(named(1).await.contains(&format!("du-thao-{id}-v1.pdf")));

    // the file: two signatures, both valid, timestamped and trusted; the seal covers it all
    let pdf = current_pdf(&app, &clerk, id).await?;
    let reports = lode_sign::verify::verify_trusted(&pdf, &app.state.trust)?;
    // the public page reads the sealed file in Vietnamese: times as Vietnam writes them, the
    // revocation check and the changes after the leader's signature in words
    let boundary = "lodeboundary";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"pdf\"; filename=\"vb.pdf\"\r\nContent-Type: application/pdf\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(&pdf);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let r = app
        .raw(
            axum::http::Method::POST,
            "/verify",
            None,
            &format!("multipart/form-data; boundary={boundary}"),
            body,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let shown = common::visible_text(&r.text());
    assert!(shown.contains("chưa bị thu hồi"), "{shown}");
    // the revocation answers dated by Vietnam's clock, as the signing time is
    let answered = shown
        .split("tổ chức cấp chứng thư lúc ")
        .nth(1)
        .and_then(|rest| rest.get(..16))
        .unwrap_or_default();
    assert!(
        chrono::NaiveDateTime::parse_from_str(answered, "%d/%m/%Y %H:%M").is_ok(),
        "{answered}: {shown}"
    );
    for english in [
        "not revoked",
        "OCSP of",
        "CRL of",
        "a data stream",
        "the catalog",
        "+07:00",
        "CN=",
    ] {
        assert!(!shown.contains(english), "{english}: {shown}");
    }
    assert_eq!(reports.len(), 2);
    for r in &reports {
        assert!(r.valid(), "{:?}", r.problems);
        assert_eq!(r.trusted, Some(true), "{:?}", r.problems);
        // the seal keeps the validation data: both are long-term now
        assert_eq!(r.level(), "B-LT");
        assert!(
            r.revocation.iter().all(|l| l.contains("not revoked")),
            "{:?}",
            r.revocation
        );
        // the people's certificates by the CA's OCSP answers kept in the /DSS, its issuing
        // CA by the root's CRL
        assert!(!r.dss_ocsps.is_empty());
        assert!(
            r.revocation.iter().any(|l| l.contains("(OCSP of"))
                && r.revocation.iter().any(|l| l.contains("(CRL of")),
            "{:?}",
            r.revocation
        );
    }
    assert!(
        reports[0]
            .signer
            .as_deref()
            .unwrap_or("")
            .contains("Trần Văn Hùng")
    );
    assert!(
        reports[1]
            .signer
            .as_deref()
            .unwrap_or("")
            .contains("Cục Địa chất")
    );
    assert!(reports[1].covers_whole_file);

    // sent: the dashboard's share signed counts it
    let r = app
        .post(
            &format!("/api/v1/outgoing/{id}/send"),
            Some(&clerk),
            &json!({}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let f = app.get("/api/v1/reports/figures", Some(&clerk)).await;
    assert_eq!(f.status, StatusCode::OK, "{}", f.text());
    assert_eq!(f.json()["sent"], 1);
    assert_eq!(f.json()["sent_signed"], 1);

    // a PKCS#12 upload: a wrong password and a file that is not one are field errors
    let id2 = approved_draft(&app, "V/v cấp phép thăm dò").await?;
    let r = app
        .post(
            &format!("/api/v1/outgoing/{id2}/sign"),
            Some(&leader),
            &json!({"p12": "bm90IGEgcGtjczEy", "password": "x"}),
        )
        .await;
    assert_eq!(
        r.field_codes(),
        vec!["p12:unreadable".to_string()],
        "{}",
        r.text()
    );
    let r = app
        .post(
            &format!("/api/v1/outgoing/{id2}/sign"),
            Some(&leader),
            &json!({"p12": "***", "password": "x"}),
        )
        .await;
    assert_eq!(r.field_codes(), vec!["p12:not_base64".to_string()]);
    Ok(())
}

async fn the_registry_counts_and_follows_revocation(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::with_ca(backend).await?;
    let admin = app.login("admin").await?;
    let leader = app.login("tvhung").await?;
    // only administrators keep the registry
    assert_eq!(
        app.get("/api/v1/certificates", Some(&leader)).await.status,
        StatusCode::FORBIDDEN
    );
    let c = issue_certificate(&app, &admin, json!({"holder_account_id": app.ids.leader})).await;
    issue_certificate(&app, &admin, json!({"holder_unit_id": app.ids.dept})).await;
    // neither or both holders: refused by field
    let r = app
        .post("/api/v1/certificates/issue", Some(&admin), &json!({}))
        .await;
    assert_eq!(r.field_codes(), vec!["holder:no_holder".to_string()]);
    let r = app
        .post(
            "/api/v1/certificates/issue",
            Some(&admin),
            &json!({"holder_account_id": app.ids.leader, "holder_unit_id": app.ids.dept}),
        )
        .await;
    assert_eq!(r.field_codes(), vec!["holder:both".to_string()]);
    // an imported certificate (here the CA's root), and the same twice
    let root_pem = lode_sign::pki::Store::open(&app.db.dir.join("pki"))?
        .root()
        .map(|r| der::EncodePem::to_pem(&r, der::pem::LineEnding::LF))??;
    let r = app
        .post(
            "/api/v1/certificates",
            Some(&admin),
            &json!({"pem": root_pem, "holder_unit_id": app.ids.office}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let r = app
        .post(
            "/api/v1/certificates",
            Some(&admin),
            &json!({"pem": root_pem, "holder_unit_id": app.ids.office}),
        )
        .await;
    assert_eq!(r.field_codes(), vec!["certificate:exists".to_string()]);
    let r = app
        .post(
            "/api/v1/certificates",
            Some(&admin),
            &json!({"pem": "garbage"}),
        )
        .await;
    assert_eq!(
        r.field_codes(),
        vec!["certificate:not_a_certificate".to_string()]
    );
    let reg = app.get("/api/v1/certificates", Some(&admin)).await.json();
    assert_eq!(reg["counts"]["issued"], 3);
    assert_eq!(reg["counts"]["valid"], 3);
    assert_eq!(reg["counts"]["revoked"], 0);

    // revoked at the CA, refreshed from its CRL: counted, and it no longer signs
    let store = lode_sign::pki::Store::open(&app.db.dir.join("pki"))?;
    store.revoke(
        c["serial"].as_str().unwrap_or_default(),
        lode_sign::crl::Reason::KeyCompromise,
        std::time::SystemTime::now(),
    )?;
    let r = app
        .post("/api/v1/certificates/refresh", Some(&admin), &json!({}))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json()["changed"], 1);
    assert_eq!(r.json()["counts"]["revoked"], 1);
    assert_eq!(r.json()["counts"]["valid"], 2);
    let revoked = app
        .get("/api/v1/certificates?status=revoked", Some(&admin))
        .await
        .json();
    assert_eq!(
        revoked["certificates"][0]["revocation_reason"],
        "key-compromise"
    );
    let id = approved_draft(&app, "V/v gia hạn giấy phép").await?;
    let r = app
        .post(
            &format!("/api/v1/outgoing/{id}/sign"),
            Some(&leader),
            &json!({"confirm": PASSWORD}),
        )
        .await;
    assert_eq!(
        r.field_codes(),
        vec!["key:no_certificate".to_string()],
        "{}",
        r.text()
    );
    // a certificate expiring in ten days: counted, and its holder warned once
    let dir = app.db.dir.join("soon");
    std::fs::create_dir_all(&dir)?;
    let (key, crt) = (dir.join("k.pem"), dir.join("c.pem"));
    let out = std::process::Command::new("openssl")
        .args([
            "req",
            "-x509",
            "-nodes",
            "-days",
            "10",
            "-subj",
            "/CN=Tran Van Hung/O=Cuc DCKS",
        ])
        .args([
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-keyout",
        ])
        .arg(&key)
        .arg("-out")
        .arg(&crt)
        .output()?;
    assert!(out.status.success());
    let r = app
        .post(
            "/api/v1/certificates",
            Some(&admin),
            &json!({"pem": std::fs::read_to_string(&crt)?, "holder_account_id": app.ids.leader}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let reg = app.get("/api/v1/certificates", Some(&admin)).await.json();
    assert_eq!(reg["counts"]["expiring_soon"], 1, "{reg}");
    let today = chrono::Utc::now().date_naive();
    assert!(lode_eoffice::reminders::sweep(&app.state.db, today).await? >= 1);
    assert_eq!(
        lode_eoffice::reminders::sweep(&app.state.db, today).await?,
        0,
        "once only"
    );
    let notes = app.get("/api/v1/notifications", Some(&leader)).await.text();
    assert!(notes.contains("Chứng thư số sắp hết hạn"), "{notes}");

    // a second refresh changes nothing
    let r = app
        .post("/api/v1/certificates/refresh", Some(&admin), &json!({}))
        .await;
    assert_eq!(r.json()["changed"], 0);
    Ok(())
}

/// The serials the built-in CA lists as revoked, with each one's reason.
fn listed(app: &TestApp) -> anyhow::Result<Vec<(String, String)>> {
    Ok(lode_sign::pki::Store::open(&app.db.dir.join("pki"))?
        .revoked()?
        .iter()
        .map(|e| {
            let hex: String = e.serial.iter().map(|b| format!("{b:02x}")).collect();
            (hex, e.reason.as_str().to_string())
        })
        .collect())
}

async fn administrators_revoke_suspend_and_reinstate_from_the_registry(
    backend: Backend,
) -> anyhow::Result<()> {
    let app = TestApp::with_ca(backend).await?;
    let admin = app.login("admin").await?;
    let leader = app.login("tvhung").await?;
    let c = issue_certificate(&app, &admin, json!({"holder_account_id": app.ids.leader})).await;
    let (id, serial) = (
        c["id"].as_i64().unwrap_or_default(),
        c["serial"].as_str().unwrap_or_default().to_lowercase(),
    );
    let path = format!("/admin/certificates/{id}/revocation");
    let page = app.get("/admin/certificates", Some(&admin)).await.text();
    assert!(page.contains(&format!("action=\"{path}\"")), "{page}");
    // revoking without a reason: the certificate's own row opens, the error beside its list
    let r = post_form(
        &app,
        &path,
        &admin,
        &[("action", "revoke"), ("reason", ""), ("confirm", "1")],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let refused = r.text();
    assert!(
        refused.contains("<details class=\"row-actions\" open>")
            && refused.contains("Chọn lý do thu hồi chứng thư số."),
        "{refused}"
    );

    // suspended from the page: the CA lists it on hold, the registry says so, it signs no more
    let r = post_form(&app, &path, &admin, &[("action", "suspend")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert_eq!(r.header("location"), "/admin/certificates?done=suspended");
    assert!(listed(&app)?.contains(&(serial.clone(), "hold".into())));
    let shown = app
        .get("/api/v1/certificates?status=suspended", Some(&admin))
        .await
        .json();
    assert_eq!(shown["certificates"][0]["id"], id, "{shown}");
    let draft = approved_draft(&app, "V/v tạm dừng chứng thư").await?;
    let r = app
        .post(
            &format!("/api/v1/outgoing/{draft}/sign"),
            Some(&leader),
            &json!({"confirm": PASSWORD}),
        )
        .await;
    assert_eq!(
        r.field_codes(),
        vec!["key:no_certificate".to_string()],
        "{}",
        r.text()
    );
    let page = app
        .get("/admin/certificates?done=suspended", Some(&admin))
        .await
        .text();
    assert!(page.contains("Đã tạm dừng chứng thư số"), "{page}");
    assert!(page.contains(">Khôi phục hiệu lực<"), "{page}");

    // reinstated: off the CA's list, valid again
    let r = post_form(&app, &path, &admin, &[("action", "reinstate")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert!(listed(&app)?.is_empty());
    let reg = app.get("/api/v1/certificates", Some(&admin)).await.json();
    assert_eq!(reg["counts"]["valid"], 1, "{reg}");
    // the log calls each step by its name
    let steps: Vec<(String,)> = sqlx::query_as(
        "SELECT action FROM audit_log WHERE entity_type = 'certificate' AND entity_id = $1
         AND action IN ('certificate.suspension', 'certificate.reinstatement', 'certificate.revocation')
         ORDER BY seq",
    )
    .bind(id.to_string())
    .fetch_all(app.state.db.pool())
    .await?;
    assert_eq!(
        steps.iter().map(|s| s.0.as_str()).collect::<Vec<_>>(),
        ["certificate.suspension", "certificate.reinstatement"]
    );
    // reinstating what is not suspended: the state changed under the administrator's eyes
    let r = app
        .post(
            &format!("/api/v1/certificates/{id}/revocation"),
            Some(&admin),
            &json!({"action": "reinstate"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.text());

    // wrong choices refused by field; a leader may not, whatever the body
    for (body, field) in [
        (json!({"action": "destroy"}), "action:invalid_choice"),
        (
            json!({"action": "revoke", "reason": "hold"}),
            "reason:invalid_choice",
        ),
        (
            json!({"action": "revoke", "reason": "bored"}),
            "reason:invalid_choice",
        ),
    ] {
        let r = app
            .post(
                &format!("/api/v1/certificates/{id}/revocation"),
                Some(&admin),
                &body,
            )
            .await;
        assert_eq!(r.field_codes(), vec![field.to_string()], "{body}");
    }
    let r = app
        .post(
            &format!("/api/v1/certificates/{id}/revocation"),
            Some(&leader),
            &json!({"action": 1}),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text());

    // revoking from the page asks for its box ticked first: nothing revoked without it
    let r = post_form(
        &app,
        &path,
        &admin,
        &[("action", "revoke"), ("reason", "superseded")],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert!(
        common::visible_text(&r.text()).contains("Hãy đánh dấu ô xác nhận"),
        "{}",
        r.text()
    );
    assert!(listed(&app)?.is_empty(), "not revoked");
    // revoked for good through the API, with its reason in words on the page
    let r = app
        .post(
            &format!("/api/v1/certificates/{id}/revocation"),
            Some(&admin),
            &json!({"action": "revoke", "reason": "superseded"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json()["status"], "revoked");
    assert_eq!(r.json()["revocation_reason"], "superseded");
    assert!(listed(&app)?.contains(&(serial.clone(), "superseded".into())));
    let page = common::visible_text(&app.get("/admin/certificates", Some(&admin)).await.text());
    assert!(page.contains("Đã cấp chứng thư số thay thế"), "{page}");
    assert!(!page.contains("superseded"), "{page}");
    for again in ["revoke", "suspend", "reinstate"] {
        let r = post_form(&app, &path, &admin, &[("action", again), ("confirm", "1")]).await;
        assert_eq!(r.status, StatusCode::CONFLICT, "{again}: {}", r.text());
        // the page says why in Vietnamese, not in the store's English
        let shown = common::visible_text(&r.text());
        assert!(shown.contains("Không thực hiện được"), "{shown}");
        assert!(!shown.contains("already"), "{shown}");
    }

    // a certificate issued elsewhere is its issuer's to revoke
    let root_pem = lode_sign::pki::Store::open(&app.db.dir.join("pki"))?
        .root()
        .map(|r| der::EncodePem::to_pem(&r, der::pem::LineEnding::LF))??;
    let imported = app
        .post(
            "/api/v1/certificates",
            Some(&admin),
            &json!({"pem": root_pem, "holder_unit_id": app.ids.office}),
        )
        .await
        .json();
    let r = app
        .post(
            &format!("/api/v1/certificates/{}/revocation", imported["id"]),
            Some(&admin),
            &json!({"action": "suspend"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.text());
    assert!(r.text().contains("issuer"), "{}", r.text());
    Ok(())
}

/// Posts an HTML form (URL-encoded) as a browser would.
async fn post_form(app: &TestApp, path: &str, s: &Session, pairs: &[(&str, &str)]) -> common::Resp {
    app.form(s, path, pairs).await
}

async fn the_pages_sign_seal_and_keep_the_registry(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::with_ca(backend).await?;
    let admin = app.login("admin").await?;
    let leader = app.login("tvhung").await?;
    let clerk = app.login("vanthu").await?;
    // the registry page, its issue form (a person, then a unit), its counts
    let page = app.get("/admin/certificates", Some(&admin)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text().contains("Cấp chứng thư số"), "{}", page.text());
    assert!(
        page.text().contains("Hình ảnh con dấu của đơn vị")
            && !page.text().contains("⟨missing text⟩"),
        "{}",
        page.text()
    );
    assert_eq!(
        app.get("/admin/certificates", Some(&leader)).await.status,
        StatusCode::FORBIDDEN
    );
    let leader_id = app.ids.leader.to_string();
    let dept_id = app.ids.dept.to_string();
    let issue = "/admin/certificates/issue";
    let r = post_form(&app, issue, &admin, &[("holder_account_id", &leader_id)]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let r = post_form(&app, issue, &admin, &[("holder_unit_id", &dept_id)]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    // a second one for the same holder: asked for in so many words
    let again = post_form(&app, issue, &admin, &[("holder_account_id", &leader_id)]).await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    let said = again.text();
    assert!(
        said.contains("đang có chứng thư số còn hiệu lực") && said.contains("name=\"another\""),
        "{said}"
    );
    let r = post_form(
        &app,
        issue,
        &admin,
        &[("holder_account_id", &leader_id), ("another", "1")],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let both = [
        ("holder_account_id", leader_id.as_str()),
        ("holder_unit_id", dept_id.as_str()),
    ];
    let r = post_form(&app, issue, &admin, &both).await;
    assert_eq!(
        r.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "both holders at once"
    );
    // said beside the holders of that form, both still chosen there and nowhere else
    let refused = r.text();
    assert!(
        refused.contains("Chứng thư số thuộc về một người hoặc một đơn vị, không phải cả hai.")
            && refused
                .matches(&format!("<option value=\"{leader_id}\" selected>"))
                .count()
                == 1,
        "{refused}"
    );
    let r = post_form(
        &app,
        "/admin/certificates/import",
        &admin,
        &[
            ("pem", "<script>x</script>"),
            ("holder_account_id", &leader_id),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let refused = r.text();
    assert!(!refused.contains("<script>x"), "the input is escaped");
    // what was pasted is kept, and told why beside it
    assert!(
        refused.contains("&lt;script&gt;x&lt;/script&gt;</textarea>")
            && refused.contains("Nội dung dán vào không phải là chứng thư số X.509"),
        "{refused}"
    );
    // the form stands below the registry: the banner leads to it
    assert!(
        refused.contains("<a href=\"#import\">↓ ") && refused.contains("<h2 id=\"import\">"),
        "{refused}"
    );
    let page = app.get("/admin/certificates", Some(&admin)).await.text();
    assert!(
        page.contains("Trần Văn Hùng") && page.contains("status-valid"),
        "{page}"
    );
    // counted, and a page past the end shows the last one rather than nothing
    let past = app
        .get("/admin/certificates?page=40", Some(&admin))
        .await
        .text();
    assert!(
        page.contains("kết quả") && past.contains("Trần Văn Hùng"),
        "{past}"
    );

    // the holder sees the certificate on their account page
    let account = app.get("/account", Some(&leader)).await.text();
    assert!(
        account.contains("Chứng thư số của tôi") && account.contains("status-valid"),
        "{account}"
    );

    // the leader signs from the document's page with the key lode keeps
    let id = approved_draft(&app, "V/v kiểm tra hoạt động khoáng sản").await?;
    let page = app
        .get(&format!("/outgoing/{id}"), Some(&leader))
        .await
        .text();
    assert!(page.contains("Ký số"), "{page}");
    // the leader chooses where the mark goes: the signature block at the bottom right
    assert!(
        page.contains("name=\"mark_at\"") && page.contains("Hình ảnh chữ ký trên văn bản"),
        "{page}"
    );
    let boundary = "lode-test-boundary";
    let sign_with = |confirm: &str| {
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"version\"\r\n\r\n\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"confirm\"\r\n\r\n{confirm}\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"mark_at\"\r\n\r\nbottom_right\r\n--{boundary}--\r\n"
        )
    };
    let send = |body: String| {
        let (app, leader) = (&app, &leader);
        async move {
            app.raw(
                axum::http::Method::POST,
                &format!("/outgoing/{id}/sign?csrf={}", leader.csrf),
                Some(leader),
                &format!("multipart/form-data; boundary={boundary}"),
                body,
            )
            .await
        }
    };
    // the key lode keeps signs only once the leader confirms it is him
    for (typed, said) in [
        ("", "Không được để trống."),
        ("not his", "Mật khẩu không đúng: văn bản chưa được ký."),
    ] {
        let r = send(sign_with(typed)).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
        assert!(r.text().contains(said), "{}", r.text());
    }
    let r = send(sign_with(lode_web::testkit::PASSWORD)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let page = app
        .get(&format!("/outgoing/{id}"), Some(&leader))
        .await
        .text();
    assert!(
        page.contains("Chữ ký của người có thẩm quyền")
            && page.contains("có dấu thời gian")
            && !page.contains("(PAdES"),
        "{page}"
    );
    // numbered, then sealed from the page by the clerk: the number the page showed, or the
    // clerk is asked again when another document took it meanwhile, nothing numbered
    let page = app
        .get(&format!("/outgoing/{id}"), Some(&clerk))
        .await
        .text();
    let shown = hidden(&page, "expected_notation");
    assert_eq!(shown.len(), 1, "{page}");
    let other = approved_draft(&app, "V/v báo cáo nhanh").await?;
    let r = app
        .post(
            &format!("/api/v1/outgoing/{other}/issue"),
            Some(&clerk),
            &json!({"signed_on_paper": true, "expected_notation": shown[0]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let r = post_form(
        &app,
        &format!("/outgoing/{id}/issue"),
        &clerk,
        &[("expected_notation", &shown[0])],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    let now_due = hidden(&r.text(), "expected_notation");
    assert!(
        r.text()
            .contains("Số dự kiến vừa được cấp cho văn bản khác")
            && now_due.len() == 1
            && now_due[0] != shown[0],
        "{}",
        r.text()
    );
    let doc = app
        .get(&format!("/api/v1/outgoing/{id}"), Some(&clerk))
        .await
        .json();
    assert!(doc["notation"].is_null(), "{doc}");
    let r = post_form(
        &app,
        &format!("/outgoing/{id}/issue"),
        &clerk,
        &[("expected_notation", &now_due[0])],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let doc = app
        .get(&format!("/api/v1/outgoing/{id}"), Some(&clerk))
        .await
        .json();
    assert_eq!(doc["notation"], json!(now_due[0]), "{doc}");
    let page = app
        .get(&format!("/outgoing/{id}"), Some(&clerk))
        .await
        .text();
    assert!(page.contains("Đóng dấu số"), "{page}");
    // signed by its leader in lode, it does not leave without the organisation's seal
    let r = post_form(&app, &format!("/outgoing/{id}/send"), &clerk, &[]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert!(
        r.text().contains(
            "Hãy đóng dấu số của cơ quan (chữ ký số của cơ quan) trước khi phát hành văn bản."
        ),
        "{}",
        r.text()
    );
    // a place off the page is refused on the field, nothing sealed; then a place on it
    let off_page = [
        ("mark_at", "custom"),
        ("mark_page", "1"),
        ("mark_left", "500"),
        ("mark_top", "20"),
        ("mark_width", "60"),
        ("mark_height", "25"),
    ];
    let r = post_form(&app, &format!("/outgoing/{id}/seal"), &clerk, &off_page).await;
    assert!(
        r.text()
            .contains("Hình hiển thị chữ ký phải nằm trọn trong trang."),
        "{}",
        r.text()
    );
    let on_page = [
        ("mark_at", "custom"),
        ("mark_page", "-1"),
        ("mark_left", "90"),
        ("mark_top", "240"),
        ("mark_width", "60"),
        ("mark_height", "25"),
    ];
    let r = post_form(&app, &format!("/outgoing/{id}/seal"), &clerk, &on_page).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let page = app
        .get(&format!("/outgoing/{id}"), Some(&clerk))
        .await
        .text();
    assert!(page.contains("Chữ ký số của cơ quan (con dấu)"), "{page}");
    // the signers by name, not by distinguished name
    let text = common::visible_text(&page);
    assert!(!text.contains("CN="), "{text}");
    assert!(!page.contains("⟨missing text⟩"), "every text is translated");
    // the sealed file is the issued document, not one more draft
    assert!(page.contains("Văn bản phát hành"), "{page}");
    Ok(())
}

/// An app with lode's CA, the leader's and the department's certificates issued; the leader
/// who signs and the clerk who seals.
async fn with_keys(backend: Backend) -> anyhow::Result<(TestApp, Session, Session)> {
    let app = TestApp::with_ca(backend).await?;
    let admin = app.login("admin").await?;
    let leader = app.login("tvhung").await?;
    let clerk = app.login("vanthu").await?;
    issue_certificate(&app, &admin, json!({"holder_account_id": app.ids.leader})).await;
    issue_certificate(&app, &admin, json!({"holder_unit_id": app.ids.dept})).await;
    Ok((app, leader, clerk))
}

/// A template with room left for the signature and the seal: the marks are drawn there, the
/// fields signed in place, both signatures valid.
async fn marks_go_where_the_template_left_room(backend: Backend) -> anyhow::Result<()> {
    let (app, leader, clerk) = with_keys(backend).await?;
    let pdf = lode_db::demo::sample_pdf(&["V/v bao cao"]);
    let pdf = lode_sign::field::add_placeholder(&pdf, "Người ký", 0, [330.0, 90.0, 530.0, 170.0])?;
    let pdf = lode_sign::field::add_placeholder(
        &pdf,
        "Cơ quan ban hành",
        0,
        [300.0, 60.0, 480.0, 140.0],
    )?;
    let pdf = lode_sign::fill::add_field(&pdf, "Số ký hiệu", 0, [60.0, 760.0, 260.0, 780.0])?;
    let pdf = lode_sign::fill::add_field(&pdf, "Ngày ban hành", 0, [300.0, 760.0, 560.0, 780.0])?;
    // the leader's signature image (a JPEG rendered by poppler stands for it)
    let page = app.db.dir.join("sig.pdf");
    std::fs::write(&page, lode_db::demo::sample_pdf(&["Tran Van Hung"]))?;
    let out = std::process::Command::new("pdftoppm")
        .args(["-jpeg", "-r", "12", "-singlefile"])
        .arg(&page)
        .arg(app.db.dir.join("sig"))
        .output()?;
    assert!(out.status.success());
    let jpeg = std::fs::read(app.db.dir.join("sig.jpg"))?;
    let size = jpeg.len();
    let sha = app.state.blobs.put(bytes::Bytes::from(jpeg)).await?;
    let mut tx = app.state.db.write().await?;
    lode_db::blobs::record(&mut tx, &sha, size, "image/jpeg").await?;
    tx.commit().await?;
    lode_db::accounts::set_signature_image(
        &app.state.db,
        &lode_db::AuditCtx::system("test"),
        app.ids.leader,
        &sha,
    )
    .await?;
    let id = approved_draft_of(&app, "V/v báo cáo", pdf).await?;
    sign_issue_seal(&app, id, &leader, &clerk).await;
    let signed = current_pdf(&app, &clerk, id).await?;
    // the two placeholders, signed in place
    let reports = two_valid_signatures(&app, &signed, "left empty is signed")?;
    assert!(
        lode_sign::field::placeholder(&signed, "Người ký")?.is_none(),
        "no longer empty"
    );
    // the leader's mark carries the signature image
    assert!(
        lode_sign::object::find(&signed, b"/Subtype /Image").is_some()
            || lode_sign::object::find(&signed, b"/Subtype/Image").is_some(),
        "no image in the marks"
    );
    // the number and date were written in after the leader signed, before the seal
    assert!(
        lode_sign::fill::reserved_fields(&signed)?.is_empty(),
        "filled"
    );
    // read back as a reader's viewer shows it: the notation, and the place before the date
    let text = pdf_text(&app.db.dir, &signed)?;
    assert!(text.contains("Hà Nội, ngày "), "{text}");
    assert!(text.contains("Số: 01/ĐCKS"), "{text}");
    assert!(
        reports[0]
            .changes_after
            .iter()
            .any(|c| c.what.contains("number or date filled in")),
        "{}",
        lode_sign::verify::to_text(&reports)
    );
    let doc = app
        .get(&format!("/api/v1/outgoing/{id}"), Some(&clerk))
        .await
        .json();
    let notes = doc["versions"].to_string();
    assert!(notes.contains("Số, ký hiệu và ngày ban hành"), "{notes}");
    Ok(())
}

/// A draft uploaded as a PDF, written elsewhere, with dotted blanks for its number and date:
/// the leader signs it, the clerk numbers and seals it, and the issued file reads its number
/// and date on those lines, the blanks painted over, every signature holding.
async fn an_uploaded_draft_is_numbered_and_dated_where_it_prints_them(
    backend: Backend,
) -> anyhow::Result<()> {
    let (app, leader, clerk) = with_keys(backend).await?;
    let draft = lode_db::demo::sample_pdf(&[
        "CUC DIA CHAT VA KHOANG SAN",
        "So: ......................................",
        "Ha Noi, ngay ..... thang ..... nam 2026",
        "V/v bao cao tinh hinh khai thac",
        "CUC TRUONG",
        "",
        "",
        "",
        "",
        "Tran Van Hung",
    ]);
    assert!(lode_sign::fill::reserved_fields(&draft)?.is_empty());
    // the right end of the number's dotted blank: inked on the draft
    let blank_end = ((0.33, 0.36), (0.083, 0.094));
    assert!(ink(&app.db.dir, &draft, blank_end.0, blank_end.1)? > 0);
    // between the signer's title and name (lines 5 and 10, their baselines 126 and 206 pt
    // from the top): blank on the draft, where the signature goes on paper
    let between = ((0.05, 0.30), (0.16, 0.225));
    assert_eq!(ink(&app.db.dir, &draft, between.0, between.1)?, 0);
    let id = approved_draft_of(&app, "V/v báo cáo tình hình khai thác", draft).await?;
    sign_issue_seal(&app, id, &leader, &clerk).await;
    let issued = current_pdf(&app, &clerk, id).await?;
    two_valid_signatures(&app, &issued, "number or date filled in")?;
    assert!(
        lode_sign::fill::reserved_fields(&issued)?.is_empty(),
        "filled"
    );
    let text = pdf_text(&app.db.dir, &issued)?;
    assert!(text.contains("Số: 01/ĐCKS"), "{text}");
    let today = lode_db::today();
    assert!(
        text.contains(&format!(
            "Hà Nội, ngày {:02} tháng",
            chrono::Datelike::day(&today)
        )),
        "{text}"
    );
    // the number is written over the blank, which no longer shows past it
    assert_eq!(ink(&app.db.dir, &issued, blank_end.0, blank_end.1)?, 0);
    // the leader's mark and the seal drawn between the title and the name
    assert!(ink(&app.db.dir, &issued, between.0, between.1)? > 50);
    // the version numbered before the seal is named by its notation too, not as a draft
    let doc = app
        .get(&format!("/api/v1/outgoing/{id}"), Some(&clerk))
        .await
        .json();
    let numbered = doc["versions"].as_array().map_or(0, Vec::len) - 1;
    let ascii = doc["notation"]
        .as_str()
        .unwrap_or_default()
        .replace('/', "-")
        .replace('Đ', "D");
    let name = app
        .get(
            &format!("/api/v1/outgoing/{id}/versions/{numbered}"),
            Some(&clerk),
        )
        .await
        .header("content-disposition");
    assert!(name.contains(&format!("{ascii}-v{numbered}.pdf")), "{name}");
    Ok(())
}

/// The leader's signature and the seal of `pdf`, both valid and trusted, the leader's
/// followed by a change that reads `after_leader`; the reports.
fn two_valid_signatures(
    app: &TestApp,
    pdf: &[u8],
    after_leader: &str,
) -> anyhow::Result<Vec<lode_sign::verify::SignatureReport>> {
    let reports = lode_sign::verify::verify_trusted(pdf, &app.state.trust)?;
    let text = lode_sign::verify::to_text(&reports);
    assert_eq!(reports.len(), 2, "{text}");
    assert!(reports.iter().all(|r| r.valid()), "{text}");
    assert!(
        reports[0]
            .changes_after
            .iter()
            .any(|c| c.what.contains(after_leader)),
        "{text}"
    );
    Ok(reports)
}

/// The text of `pdf` as a reader's viewer gives it (`pdftotext -raw`).
fn pdf_text(dir: &std::path::Path, pdf: &[u8]) -> anyhow::Result<String> {
    let file = dir.join("read.pdf");
    std::fs::write(&file, pdf)?;
    let out = std::process::Command::new("pdftotext")
        .args(["-raw"])
        .arg(&file)
        .arg("-")
        .output()?;
    anyhow::ensure!(out.status.success(), "pdftotext failed");
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Dark pixels in the part of the first page of `pdf` between the fractions `x` and `y` of its
/// width and height (from the top left), as poppler renders it.
fn ink(dir: &std::path::Path, pdf: &[u8], x: (f64, f64), y: (f64, f64)) -> anyhow::Result<usize> {
    let file = dir.join("render.pdf");
    std::fs::write(&file, pdf)?;
    let out = std::process::Command::new("pdftoppm")
        .args(["-gray", "-r", "72", "-singlefile"])
        .arg(&file)
        .arg(dir.join("render"))
        .output()?;
    anyhow::ensure!(out.status.success(), "pdftoppm failed");
    let data = std::fs::read(dir.join("render.pgm"))?;
    let head = String::from_utf8_lossy(&data[..data.len().min(32)]).into_owned();
    let mut fields = head.split_ascii_whitespace().skip(1);
    let w: usize = fields.next().unwrap_or("0").parse()?;
    let h: usize = fields.next().unwrap_or("0").parse()?;
    let pixels = &data[data.len() - w * h..];
    let span = |(a, b): (f64, f64), n: usize| (a * n as f64) as usize..(b * n as f64) as usize;
    Ok(span(y, h)
        .flat_map(|row| span(x, w).map(move |col| row * w + col))
        .filter(|i| pixels[*i] < 128)
        .count())
}

/// With no placeholder in the template, the leader and the clerk choose where the marks go:
/// a place outside the document is refused on the field with nothing written; the signature
/// block at the bottom right is drawn there, and the signatures stay valid.
async fn marks_go_where_the_signer_chooses(backend: Backend) -> anyhow::Result<()> {
    let (app, leader, clerk) = with_keys(backend).await?;
    let draft = lode_db::demo::sample_pdf(&["V/v bao cao"]);
    let corner = ((0.55, 1.0), (0.7, 1.0));
    assert_eq!(ink(&app.db.dir, &draft, corner.0, corner.1)?, 0);
    let id = approved_draft_of(&app, "V/v báo cáo", draft).await?;
    let sign = format!("/api/v1/outgoing/{id}/sign");
    for wrong in [
        json!({"at": "custom", "page": 9, "left_mm": 10, "top_mm": 10, "width_mm": 60, "height_mm": 30}),
        json!({"at": "custom", "page": 1, "left_mm": 180, "top_mm": 10, "width_mm": 60, "height_mm": 30}),
    ] {
        let r = app
            .post(
                &sign,
                Some(&leader),
                &json!({"mark": wrong, "confirm": PASSWORD}),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
        assert!(r.text().contains("\"mark\""), "{}", r.text());
    }
    let r = app
        .post(
            &sign,
            Some(&leader),
            &json!({"mark": {"at": "elsewhere"}, "confirm": PASSWORD}),
        )
        .await;
    assert!(r.status.is_client_error(), "{}", r.text());
    let doc = app
        .get(&format!("/api/v1/outgoing/{id}"), Some(&leader))
        .await
        .json();
    assert_eq!(
        doc["versions"].as_array().map(Vec::len),
        Some(1),
        "nothing written: {doc}"
    );
    assert_eq!(doc["signatures"], json!([]));

    let r = app
        .post(
            &sign,
            Some(&leader),
            &json!({"mark": {"at": "bottom_right"}, "confirm": PASSWORD}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let r = app
        .post(
            &format!("/api/v1/outgoing/{id}/issue"),
            Some(&clerk),
            &json!({}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    // the department's seal image, set by the administrator (a PNG poppler renders)
    let admin = app.login("admin").await?;
    let seal_url = format!("/api/v1/units/{}/seal", app.ids.dept);
    let r = app
        .raw(
            axum::http::Method::POST,
            &seal_url,
            Some(&admin),
            "text/plain",
            b"not an image".to_vec(),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert!(r.text().contains("\"seal\""), "{}", r.text());
    let image = png(&app.db.dir)?;
    let r = app
        .raw(
            axum::http::Method::POST,
            &seal_url,
            Some(&clerk),
            "image/png",
            image.clone(),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "administrators only");
    let r = app
        .raw(
            axum::http::Method::POST,
            &seal_url,
            Some(&admin),
            "image/png",
            image.clone(),
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.text());
    // the administrator sees the seal in use on the certificates' page, the clerk never
    let page = app.get("/admin/certificates", Some(&admin)).await.text();
    let shown = format!("/admin/certificates/seal/{}", app.ids.dept);
    assert!(page.contains(&format!("src=\"{shown}\"")), "{page}");
    let served = app.get(&shown, Some(&admin)).await;
    assert_eq!(served.status, StatusCode::OK);
    assert_eq!(served.header("content-type"), "image/png");
    assert_eq!(
        app.get(&shown, Some(&clerk)).await.status,
        StatusCode::FORBIDDEN
    );
    let r = app
        .post(
            &format!("/api/v1/outgoing/{id}/seal"),
            Some(&clerk),
            &json!({"mark": {"at": "bottom_right"}}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let signed = current_pdf(&app, &clerk, id).await?;
    let reports = lode_sign::verify::verify_trusted(&signed, &app.state.trust)?;
    assert_eq!(reports.len(), 2);
    assert!(
        reports.iter().all(|r| r.valid()),
        "{}",
        lode_sign::verify::to_text(&reports)
    );
    assert!(
        ink(&app.db.dir, &signed, corner.0, corner.1)? > 100,
        "the marks are drawn at the bottom right"
    );
    // the leader has no signature image here: the image in the marks is the seal's
    assert!(
        lode_sign::object::find(&signed, b"/Subtype /Image").is_some()
            || lode_sign::object::find(&signed, b"/Subtype/Image").is_some(),
        "the seal image is in the organisation's mark"
    );
    Ok(())
}

/// The leader's key on the server's PKCS#11 token (SoftHSM2, in its default store): linked in
/// the registry by its label, with the certificate the token keeps; the leader signs in lode
/// with it; a label not on the token is refused on the field.
async fn the_servers_token_keeps_the_leaders_key(backend: Backend) -> anyhow::Result<()> {
    let module = "/usr/lib/softhsm/libsofthsm2.so";
    anyhow::ensure!(
        std::path::Path::new(module).exists(),
        "SoftHSM2 is missing (scripts/test-deps.sh)"
    );
    let label = format!("lode-web-{backend:?}-{}", std::process::id());
    let tool = |program: &str, args: &[&str]| -> anyhow::Result<String> {
        let out = std::process::Command::new(program).args(args).output()?;
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        anyhow::ensure!(out.status.success(), "{program} {args:?}: {text}");
        Ok(text)
    };
    let _ = tool("softhsm2-util", &["--delete-token", "--token", &label]);
    tool(
        "softhsm2-util",
        &[
            "--init-token",
            "--free",
            "--label",
            &label,
            "--so-pin",
            "87654321",
            "--pin",
            "123456",
        ],
    )?;
    let app = TestApp::with_token(
        backend,
        lode_web::pki::TokenConfig {
            module: module.into(),
            token: label.clone(),
            pin: "123456".into(),
        },
    )
    .await?;
    let admin = app.login("admin").await?;
    let leader = app.login("tvhung").await?;
    // the key made by lode's CA goes onto the token with its certificate, and off the disk
    let pki = app.db.dir.join("pki");
    let store = lode_sign::pki::Store::open(&pki)?;
    let made = store.issue(
        "Trần Văn Hùng",
        "Cục Địa chất và Khoáng sản Việt Nam",
        lode_sign::ca::Purpose::Signing,
        "on-token",
    )?;
    let key = pki.join("on-token.key.pem").to_string_lossy().into_owned();
    tool(
        "softhsm2-util",
        &[
            "--import", &key, "--token", &label, "--label", "leader", "--id", "01", "--pin",
            "123456",
        ],
    )?;
    let der = app.db.dir.join("leader.der").to_string_lossy().into_owned();
    std::fs::write(&der, der::Encode::to_der(made.certificate())?)?;
    tool(
        "pkcs11-tool",
        &[
            "--module",
            module,
            "--token-label",
            &label,
            "--login",
            "--pin",
            "123456",
            "--write-object",
            &der,
            "--type",
            "cert",
            "--label",
            "leader",
            "--id",
            "01",
        ],
    )?;
    std::fs::remove_file(&key)?;

    let link =
        |key_label: &str| json!({"key_label": key_label, "holder_account_id": app.ids.leader});
    let r = app
        .post("/api/v1/certificates/token", Some(&admin), &link("nobody"))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert!(r.text().contains("key_label"), "{}", r.text());
    let r = app
        .post("/api/v1/certificates/token", Some(&admin), &link("leader"))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    assert_eq!(r.json()["server_key"], true);
    // the administrators' page offers the token
    let page = app.get("/admin/certificates", Some(&admin)).await.text();
    assert!(
        page.contains(&label) && page.contains("key_label"),
        "{page}"
    );

    let id = approved_draft(&app, "V/v ký bằng token").await?;
    let r = app
        .post(
            &format!("/api/v1/outgoing/{id}/sign"),
            Some(&leader),
            &json!({"confirm": PASSWORD}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let signed = current_pdf(&app, &leader, id).await?;
    let reports = lode_sign::verify::verify_trusted(&signed, &app.state.trust)?;
    assert!(reports[0].valid(), "{:?}", reports[0].problems);
    assert_eq!(reports[0].trusted, Some(true), "{:?}", reports[0].problems);
    assert_eq!(
        reports[0].signer_certificate.as_ref(),
        Some(made.certificate()),
        "signed with the token's key"
    );
    let _ = tool("softhsm2-util", &["--delete-token", "--token", &label]);
    Ok(())
}

/// Decree 30's attachments: when the clerk seals the document, each PDF attachment is signed by
/// the organisation too, the attachment stamp (the document's number, the organisation, the
/// time) at the top right of its first page.
async fn the_seal_covers_the_attachments(backend: Backend) -> anyhow::Result<()> {
    let (app, leader, clerk) = with_keys(backend).await?;
    let id = approved_draft_with_attachment(&app, "V/v gửi kèm phụ lục").await?;
    let attachment = format!("/api/v1/outgoing/{id}/attachments/1");
    let before = app.get(&attachment, Some(&clerk)).await.body.to_vec();
    assert!(
        lode_sign::verify::verify(&before)?.is_empty(),
        "unsigned before"
    );
    sign_issue_seal(&app, id, &leader, &clerk).await;
    let after = app.get(&attachment, Some(&clerk)).await.body.to_vec();
    let reports = lode_sign::verify::verify_trusted(&after, &app.state.trust)?;
    assert_eq!(reports.len(), 1);
    assert!(reports[0].valid(), "{:?}", reports[0].problems);
    assert_eq!(reports[0].trusted, Some(true));
    assert_eq!(reports[0].level(), "B-T");
    assert!(
        reports[0]
            .signer
            .as_deref()
            .is_some_and(|s| s.contains("Cục Địa chất")),
        "{:?}",
        reports[0].signer
    );
    let top_right = ((0.55, 1.0), (0.0, 0.15));
    assert_eq!(ink(&app.db.dir, &before, top_right.0, top_right.1)?, 0);
    assert!(
        ink(&app.db.dir, &after, top_right.0, top_right.1)? > 50,
        "the stamp is at the top right"
    );
    Ok(())
}

/// A small PNG, a page rendered by poppler (what a scanned seal weighs).
fn png(dir: &std::path::Path) -> anyhow::Result<Vec<u8>> {
    let page = dir.join("seal.pdf");
    std::fs::write(&page, lode_db::demo::sample_pdf(&["O"]))?;
    let out = std::process::Command::new("pdftoppm")
        .args(["-png", "-r", "10", "-singlefile"])
        .arg(&page)
        .arg(dir.join("seal"))
        .output()?;
    anyhow::ensure!(out.status.success(), "pdftoppm failed");
    Ok(std::fs::read(dir.join("seal.png"))?)
}

/// The demonstration's certificates come with a signature image for each leader and the seal's
/// for the department; signed and sealed without choosing a place, a draft with no signature
/// box shows both at the signature block, the times day first.
async fn the_demo_signs_with_a_signature_and_a_seal_by_default(
    backend: Backend,
) -> anyhow::Result<()> {
    let app = TestApp::with_ca(backend).await?;
    assert!(
        lode_eoffice::web::signing::seed_demo(&app.state)
            .await
            .map_err(|e| anyhow::anyhow!("{e:?}"))?
            >= 2
    );
    let leader = app.login("tvhung").await?;
    let clerk = app.login("vanthu").await?;
    let id = approved_draft(&app, "V/v bao cao").await?;
    let blank = current_pdf(&app, &clerk, id).await?;
    let bottom_right = ((0.45, 1.0), (0.6, 1.0));
    let before = ink(&app.db.dir, &blank, bottom_right.0, bottom_right.1)?;
    sign_issue_seal(&app, id, &leader, &clerk).await;
    let sealed = current_pdf(&app, &clerk, id).await?;
    let reports = lode_sign::verify::verify_trusted(&sealed, &app.state.trust)?;
    assert_eq!(reports.len(), 2);
    assert!(
        reports.iter().all(|r| r.valid()),
        "{}",
        lode_sign::verify::to_text(&reports)
    );
    // two images (the signature, the seal) drawn at the signature block
    let images = sealed
        .windows(15)
        .filter(|w| *w == b"/Subtype /Image")
        .count()
        + sealed
            .windows(14)
            .filter(|w| *w == b"/Subtype/Image")
            .count();
    assert!(images >= 2, "{images} images in the marks");
    let after = ink(&app.db.dir, &sealed, bottom_right.0, bottom_right.1)?;
    assert!(
        after > before + 400,
        "ink at the signature block: {before} before, {after} after"
    );
    let file = app.db.dir.join("sealed.pdf");
    std::fs::write(&file, &sealed)?;
    let out = std::process::Command::new("pdftotext")
        .arg(&file)
        .arg("-")
        .output()?;
    let text = String::from_utf8_lossy(&out.stdout);
    let today = chrono::Utc::now()
        .with_timezone(&chrono::FixedOffset::east_opt(7 * 3600).expect("UTC+7"))
        .format("%d/%m/%Y")
        .to_string();
    assert!(text.contains(&format!("Thời gian ký: {today}")), "{text}");
    assert!(
        !text.contains("T0") && !text.contains("T1") && !text.contains("T2"),
        "no ISO times: {text}"
    );
    // the seal lies over the signature image, never over the signer's name or time
    for caption in [("Ký", "bởi:"), ("Thời", "gian")] {
        assert_eq!(
            red_over_line(&app.db.dir, &sealed, caption)?,
            0,
            "the seal covers the line beginning {caption:?}"
        );
    }
    Ok(())
}

/// Red pixels (a seal's) over the line of the first page of `pdf` that begins with the words
/// `first` and `second`, as poppler reads its words and renders the page.
fn red_over_line(
    dir: &std::path::Path,
    pdf: &[u8],
    (first, second): (&str, &str),
) -> anyhow::Result<usize> {
    let file = dir.join("line.pdf");
    std::fs::write(&file, pdf)?;
    let out = std::process::Command::new("pdftotext")
        .args(["-bbox", "-f", "1", "-l", "1"])
        .arg(&file)
        .arg("-")
        .output()?;
    anyhow::ensure!(out.status.success(), "pdftotext failed");
    let xhtml = String::from_utf8_lossy(&out.stdout).into_owned();
    let attr = |tag: &str, name: &str| -> Option<f64> {
        let at = tag.find(&format!("{name}=\""))? + name.len() + 2;
        tag[at..].split('"').next()?.parse().ok()
    };
    let words: Vec<([f64; 4], String)> = xhtml
        .split("<word ")
        .skip(1)
        .filter_map(|w| {
            let (tag, rest) = w.split_once('>')?;
            let text = rest.split("</word>").next()?.to_string();
            let b = [
                attr(tag, "xMin")?,
                attr(tag, "yMin")?,
                attr(tag, "xMax")?,
                attr(tag, "yMax")?,
            ];
            Some((b, text))
        })
        .collect();
    let Some((start, _)) = words
        .windows(2)
        .find(|w| w[0].1 == first && w[1].1 == second)
        .map(|w| &w[0])
    else {
        anyhow::bail!("no words {first} {second} on the page: {xhtml}");
    };
    let line: Vec<[f64; 4]> = words
        .iter()
        .map(|(b, _)| *b)
        .filter(|b| (b[1] - start[1]).abs() < 1.0 && b[0] >= start[0])
        .collect();
    let x1 = line.iter().map(|b| b[2]).fold(start[2], f64::max);
    let out = std::process::Command::new("pdftoppm")
        .args(["-r", "72", "-f", "1", "-l", "1", "-singlefile"])
        .arg(&file)
        .arg(dir.join("line"))
        .output()?;
    anyhow::ensure!(out.status.success(), "pdftoppm failed");
    let data = std::fs::read(dir.join("line.ppm"))?;
    let head = String::from_utf8_lossy(&data[..data.len().min(32)]).into_owned();
    let mut fields = head.split_ascii_whitespace().skip(1);
    let w: usize = fields.next().unwrap_or("0").parse()?;
    let h: usize = fields.next().unwrap_or("0").parse()?;
    let pixels = &data[data.len() - w * h * 3..];
    let rows = (start[1].floor() as usize)..(start[3].ceil() as usize).min(h);
    let cols = (start[0].floor() as usize)..(x1.ceil() as usize).min(w);
    Ok(rows
        .flat_map(|r| cols.clone().map(move |c| (r * w + c) * 3))
        .filter(|i| pixels[*i] > 150 && pixels[i + 1] < 110 && pixels[i + 2] < 110)
        .count())
}

/// Uploads `pdf` as `who`; its hash.
async fn uploaded(app: &TestApp, who: &Session, pdf: Vec<u8>) -> anyhow::Result<String> {
    let r = app
        .raw(
            Method::POST,
            "/api/v1/files",
            Some(who),
            "application/pdf",
            pdf,
        )
        .await;
    anyhow::ensure!(r.status == StatusCode::CREATED, "{}", r.text());
    Ok(r.json()["sha256"].as_str().unwrap_or_default().to_string())
}

/// A document the leader signed on paper leaves as the scan of that paper: the clerk numbers
/// it on her word, puts the scan in the draft's place through the page (only the body's clerk,
/// only a PDF she uploaded, only before the seal, never over a document signed in lode), and
/// the seal goes on the scan in words at the top right, with no image over the seal pressed
/// on the paper.
async fn a_document_signed_on_paper_goes_as_its_scan(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::with_ca(backend).await?;
    assert!(
        lode_eoffice::web::signing::seed_demo(&app.state)
            .await
            .map_err(|e| anyhow::anyhow!("{e:?}"))?
            >= 2
    );
    let (clerk, author) = (app.login("vanthu").await?, app.login("ntkhanh").await?);
    let id = approved_draft(&app, "V/v gửi văn bản ký tay").await?;
    let scan_path = format!("/api/v1/outgoing/{id}/paper-scan");
    let scan = lode_db::demo::sample_pdf(&["BAN QUET VAN BAN GIAY DA KY"]);
    let sha = uploaded(&app, &clerk, scan.clone()).await?;
    // not numbered yet: no scan
    let r = app
        .post(&scan_path, Some(&clerk), &json!({"pdf_sha256": sha}))
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.text());
    let r = app
        .post(
            &format!("/api/v1/outgoing/{id}/issue"),
            Some(&clerk),
            &json!({"signed_on_paper": true}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    // its author may not put a scan in; nor the clerk a file she did not upload
    let r = app
        .post(&scan_path, Some(&author), &json!({"pdf_sha256": sha}))
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text());
    let theirs = uploaded(&app, &author, lode_db::demo::sample_pdf(&["Khac"])).await?;
    let r = app
        .post(&scan_path, Some(&clerk), &json!({"pdf_sha256": theirs}))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert!(r.text().contains("pdf_sha256"), "{}", r.text());

    // neither sealed nor sent before: the unsigned draft never leaves
    for step in ["seal", "send"] {
        let r = app
            .post(
                &format!("/api/v1/outgoing/{id}/{step}"),
                Some(&clerk),
                &json!({}),
            )
            .await;
        assert_eq!(r.field_codes(), ["pdf:scan_needed"], "{step}: {}", r.text());
    }
    // the page offers the scan, and neither the seal nor sending until it is in; a form sent
    // without a file is refused beside its box
    let page = app
        .get(&format!("/outgoing/{id}"), Some(&clerk))
        .await
        .text();
    assert!(
        page.contains("Bản quét văn bản giấy đã ký")
            && page.contains(&format!("action=\"/outgoing/{id}/paper_scan\"")),
        "{page}"
    );
    assert!(
        !page.contains(&format!("action=\"/outgoing/{id}/seal\""))
            && !page.contains(&format!("action=\"/outgoing/{id}/send\"")),
        "{page}"
    );
    let path = format!("/outgoing/{id}/paper_scan");
    let r = send_draft_form(&app, &clerk, &path, &[], &[]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    let refused = r.text();
    assert!(
        refused.contains("aria-describedby=\"pdf-error\"")
            && refused.contains("id=\"pdf-error\">Không được để trống."),
        "{refused}"
    );
    let r = send_draft_form(
        &app,
        &clerk,
        &path,
        &[],
        &[("pdf", "ban-quet.pdf", scan.clone())],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert!(r.header("location").ends_with("?done=scan"));
    assert_eq!(
        current_pdf(&app, &clerk, id).await?,
        scan,
        "the scan is the document"
    );
    let page = app
        .get(&format!("/outgoing/{id}?done=scan"), Some(&clerk))
        .await
        .text();
    assert!(
        page.contains("Đã đưa bản quét văn bản giấy đã ký"),
        "{page}"
    );
    assert!(
        page.contains("<option value=\"top_right\" selected>"),
        "the seal in words at the top right: {page}"
    );
    let doc = app
        .get(&format!("/api/v1/outgoing/{id}"), Some(&clerk))
        .await
        .json();
    let versions = doc["versions"].as_array().cloned().unwrap_or_default();
    assert_eq!(
        versions.last().and_then(|v| v["note"].as_str()),
        Some("Bản quét văn bản giấy đã ký"),
        "{doc}"
    );
    // named by its notation, not as a draft
    let name = app
        .get(
            &format!("/api/v1/outgoing/{id}/versions/{}", versions.len()),
            Some(&clerk),
        )
        .await
        .header("content-disposition");
    assert!(!name.contains("du-thao"), "{name}");

    // sealed as the page proposes: in words at the top right, no image
    let version = doc["version"].as_i64().unwrap_or_default().to_string();
    let r = post_form(
        &app,
        &format!("/outgoing/{id}/seal"),
        &clerk,
        &[("version", version.as_str()), ("mark_at", "top_right")],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let sealed = current_pdf(&app, &clerk, id).await?;
    // the scan, now under the sealed version, is named by the notation with its version
    let scan_version = versions.len();
    let name = app
        .get(
            &format!("/api/v1/outgoing/{id}/versions/{scan_version}"),
            Some(&clerk),
        )
        .await
        .header("content-disposition");
    assert!(
        name.contains(&format!("-v{scan_version}.pdf")) && !name.contains("du-thao"),
        "{name}"
    );
    let reports = lode_sign::verify::verify_trusted(&sealed, &app.state.trust)?;
    assert_eq!(reports.len(), 1, "{}", lode_sign::verify::to_text(&reports));
    assert!(
        reports[0].valid(),
        "{}",
        lode_sign::verify::to_text(&reports)
    );
    let images = sealed
        .windows(14)
        .filter(|w| *w == b"/Subtype/Image")
        .count()
        + sealed
            .windows(15)
            .filter(|w| *w == b"/Subtype /Image")
            .count();
    assert_eq!(images, 0, "no seal image over the seal pressed on paper");
    let text = pdf_text(&app.db.dir, &sealed)?;
    assert!(
        text.contains("Cục Địa chất") && text.contains("Thời gian ký"),
        "{text}"
    );
    let top_right = ((0.55, 1.0), (0.0, 0.15));
    assert_eq!(ink(&app.db.dir, &scan, top_right.0, top_right.1)?, 0);
    assert!(ink(&app.db.dir, &sealed, top_right.0, top_right.1)? > 50);
    // sealed, it is finished
    let again = uploaded(&app, &clerk, lode_db::demo::sample_pdf(&["Ban quet 2"])).await?;
    let r = app
        .post(&scan_path, Some(&clerk), &json!({"pdf_sha256": again}))
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.text());

    // a document the leader signed in lode keeps its signed file
    let leader = app.login("tvhung").await?;
    let signed = approved_draft(&app, "V/v ký số").await?;
    let waiting = approved_draft(&app, "V/v chờ ký").await?;
    outgoing_steps(&app, signed, &[(&leader, "sign")]).await?;
    // signed, the next document waiting for the leader's signature is one link away
    let page = app
        .get(&format!("/outgoing/{signed}?done=sign"), Some(&leader))
        .await
        .text();
    let next = between(&page, "id=\"next\"", "</p>").unwrap_or_default();
    assert!(
        next.contains(&format!("href=\"/outgoing/{waiting}\"")),
        "{page}"
    );
    outgoing_steps(&app, signed, &[(&clerk, "issue")]).await?;
    let r = app
        .post(
            &format!("/api/v1/outgoing/{signed}/paper-scan"),
            Some(&clerk),
            &json!({"pdf_sha256": again}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.text());
    let page = app
        .get(&format!("/outgoing/{signed}"), Some(&clerk))
        .await
        .text();
    assert!(!page.contains("/paper_scan"), "no scan offered");
    Ok(())
}

/// The part of `text` after the first `start` and before the next `end`.
fn between<'a>(text: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let (_, rest) = text.split_once(start)?;
    rest.split_once(end).map(|(inside, _)| inside)
}

/// The id in a draft's address (`/outgoing/{id}?…`).
fn draft_id(location: &str) -> i64 {
    location
        .trim_start_matches("/outgoing/")
        .split(['?', '/'])
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or_default()
}

/// A letter whose text the author types on the drafting page: lode lays it out in the form of
/// Decree 30 with the draft's details (the body, the subject after `V/v`, `Kính gửi`, the
/// signer, `Nơi nhận` with the drafting unit's initials), leaving room for the number and the
/// date; a text left empty is refused beside its box with what was typed kept; a new version
/// starts from the text and is laid out again; signed, numbered and sealed, the letter reads
/// its number and its text.
async fn a_draft_written_on_the_page_is_issued_as_an_official_letter(
    backend: Backend,
) -> anyhow::Result<()> {
    let (app, leader, clerk) = with_keys(backend).await?;
    let author = app.login("ntkhanh").await?;
    // the head of the agency, and a deputy
    sqlx::query("UPDATE accounts SET position = 'Cục trưởng' WHERE id = $1")
        .bind(app.ids.leader)
        .execute(app.state.db.pool())
        .await?;
    let deputy = lode_db::accounts::create_staff(
        &app.state.db,
        &lode_db::AuditCtx::system("test"),
        &lode_db::accounts::NewStaff {
            username: "nthlan".into(),
            full_name: "Nguyễn Thị Hồng Lan".into(),
            position: Some("Phó Cục trưởng".into()),
            unit_id: app.ids.dept,
            roles: vec!["agency_leader".into()],
            password: PASSWORD.into(),
            must_change_password: Some(false),
            ..Default::default()
        },
    )
    .await?;
    let text = "Cục Địa chất và Khoáng sản Việt Nam đề nghị Ủy ban nhân dân tỉnh báo cáo tình \
                hình cấp phép khai thác cát, sỏi lòng sông năm 2026.\n\n   Báo cáo gửi về Cục \
                trước ngày 31/12/2026.  ";
    let mut fields = vec![
        ("type_code", "CV".to_string()),
        (
            "subject",
            "Báo cáo tình hình cấp phép khai thác cát".to_string(),
        ),
        ("recipient_unit_ids", app.ids.north.to_string()),
        (
            "recipients_outside",
            "Ủy ban nhân dân tỉnh Lào Cai\nSở Nông nghiệp và Môi trường tỉnh Lào Cai".to_string(),
        ),
        ("draft_from", "compose".to_string()),
        (
            "composed_addressee",
            "Ủy ban nhân dân tỉnh Lào Cai".to_string(),
        ),
        ("composed_text", "  \n ".to_string()),
    ];
    // a PDF chosen before the author switched to writing: not used
    let stray = [(
        "pdf",
        "khac.pdf",
        lode_db::demo::sample_pdf(&["Tep chon nham"]),
    )];
    let before = drafts_seen(&app, &author).await;
    let r = send_draft_form(&app, &author, "/outgoing/new", &fields, &stray).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    let page = r.text();
    assert!(
        page.contains("href=\"#composed_text\">Nội dung văn bản</a>")
            && page.contains("name=\"draft_from\" value=\"compose\" checked"),
        "{page}"
    );
    assert!(
        page.contains("id=\"composed_addressee\" name=\"composed_addressee\" maxlength=\"300\" value=\"Ủy ban nhân dân tỉnh Lào Cai\""),
        "{page}"
    );
    assert!(
        !page.contains("Dự thảo (tệp PDF)</a>"),
        "no PDF asked for: {page}"
    );
    assert!(hidden(&page, "pdf_sha256").is_empty(), "{page}");
    assert_eq!(drafts_seen(&app, &author).await, before);
    fields.pop();
    fields.push(("composed_text", text.to_string()));
    // the letter names its signer: who signs is chosen, not guessed
    let r = send_draft_form(&app, &author, "/outgoing/new", &fields, &stray).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert!(
        r.text().contains("Chọn lãnh đạo ký văn bản") && r.text().contains("Báo cáo gửi về Cục"),
        "{}",
        r.text()
    );
    fields.push(("presented_to", deputy.id.to_string()));
    let r = send_draft_form(&app, &author, "/outgoing/new", &fields, &stray).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let id = draft_id(&r.header("location"));
    let first = app
        .get(&format!("/outgoing/{id}/versions/1"), Some(&author))
        .await
        .body
        .to_vec();
    let reserved = lode_sign::fill::reserved_fields(&first)?;
    assert_eq!(
        reserved.iter().map(|f| f.0.as_str()).collect::<Vec<_>>(),
        [lode_sign::fill::NUMBER_FIELD, lode_sign::fill::DATE_FIELD]
    );
    let read = pdf_text(&app.db.dir, &first)?;
    let flat = read.split_whitespace().collect::<Vec<_>>().join(" ");
    for expected in [
        "CỤC ĐỊA CHẤT",
        "V/v Báo cáo tình hình cấp phép khai thác cát",
        "Kính gửi: Ủy ban nhân dân tỉnh Lào Cai",
        "đề nghị Ủy ban nhân dân tỉnh báo cáo tình hình cấp phép",
        "Báo cáo gửi về Cục trước ngày 31/12/2026.",
        "KT. CỤC TRƯỞNG PHÓ CỤC TRƯỞNG",
        "Nguyễn Thị Hồng Lan",
        "Nơi nhận:",
        "- Như trên;",
        "- Sở Nông nghiệp và Môi trường tỉnh Lào Cai;",
        "- Lưu: VT, VP.",
    ] {
        assert!(flat.contains(expected), "{expected}: {flat}");
    }
    assert!(!flat.contains("Tep chon nham"), "{flat}");
    // the addressee is said once, as `Như trên`, not again in the list
    assert!(!flat.contains("- Ủy ban nhân dân tỉnh Lào Cai;"), "{flat}");
    // the draft's page offers the next version from the text, written here
    let page = app
        .get(&format!("/outgoing/{id}"), Some(&author))
        .await
        .text();
    assert!(
        page.contains("name=\"draft_from\" value=\"compose\" checked")
            && page.contains("Báo cáo gửi về Cục trước ngày 31/12/2026.")
            && page.contains("soạn trên trang"),
        "{page}"
    );
    // its details changed, the letter is laid out again with them: presented now to the
    // director, it names the director
    let details = [
        ("version", "1".to_string()),
        ("type_code", "CV".to_string()),
        (
            "subject",
            "Báo cáo tình hình cấp phép khai thác cát, sỏi".to_string(),
        ),
        ("recipient_unit_ids", app.ids.north.to_string()),
        (
            "recipients_outside",
            "Ủy ban nhân dân tỉnh Lào Cai\nSở Nông nghiệp và Môi trường tỉnh Lào Cai".to_string(),
        ),
        ("presented_to", app.ids.leader.to_string()),
        ("related_dossier_id", String::new()),
    ];
    let pairs: Vec<(&str, &str)> = details.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = post_form(&app, &format!("/outgoing/{id}/details"), &author, &pairs).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let relaid = app
        .get(&format!("/outgoing/{id}/versions/2"), Some(&author))
        .await
        .body
        .to_vec();
    let flat = pdf_text(&app.db.dir, &relaid)?
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        flat.contains("V/v Báo cáo tình hình cấp phép khai thác cát, sỏi")
            && flat.contains("CỤC TRƯỞNG Trần Văn Hùng")
            && !flat.contains("Nguyễn Thị Hồng Lan")
            && flat.contains("đề nghị Ủy ban nhân dân tỉnh báo cáo"),
        "{flat}"
    );
    let revised = "Đề nghị Ủy ban nhân dân tỉnh báo cáo trước ngày 15/12/2026.";
    let r = send_draft_form(
        &app,
        &author,
        &format!("/outgoing/{id}/revise"),
        &[
            ("draft_from", "compose".to_string()),
            (
                "composed_addressee",
                "Ủy ban nhân dân tỉnh Lào Cai".to_string(),
            ),
            ("composed_text", revised.to_string()),
            ("note", "Rút ngắn thời hạn".to_string()),
        ],
        &[],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let second = app
        .get(&format!("/outgoing/{id}/versions/3"), Some(&author))
        .await
        .body
        .to_vec();
    let flat = pdf_text(&app.db.dir, &second)?
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        flat.contains(revised) && !flat.contains("31/12/2026"),
        "{flat}"
    );
    approve(&app, id).await?;
    // the deputy does not sign a letter that names the director
    let lan = app.login("nthlan").await?;
    let r = app
        .post(
            &format!("/api/v1/outgoing/{id}/sign"),
            Some(&lan),
            &json!({"confirm": PASSWORD}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert!(r.text().contains("not_the_named_signer"), "{}", r.text());
    sign_issue_seal(&app, id, &leader, &clerk).await;
    let issued = current_pdf(&app, &clerk, id).await?;
    two_valid_signatures(&app, &issued, "number or date filled in")?;
    let flat = pdf_text(&app.db.dir, &issued)?
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        flat.contains("Số: 01/ĐCKS") && flat.contains("Hà Nội, ngày ") && flat.contains(revised),
        "{flat}"
    );
    Ok(())
}
