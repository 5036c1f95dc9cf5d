//! A public-service dossier after filing, on SQLite and PostgreSQL: accepted at the desk it
//! enters the e-office (routed by the leader, assigned, handled), its result is an outgoing
//! document signed by the leader and sealed, returned online; the control sheet (form 05) fills
//! itself; the apology (form 04) only a working day before the deadline; withdrawal, messages;
//! a paper dossier entered at the counter with its scans; the register (form 06) and the
//! statistics; the fee paid through the gateway's signed notification, forged and replayed
//! notifications refused; tracking lookups throttled; two steps taken at once on one dossier
//! leave one.

mod common;

/// The area an exploration licence is asked for: 120 ha near Kim Bảng, Hà Nam, on the
/// province's VN-2000 plane (central meridian 105°00′), as the area field keeps it.
const KIM_BANG_AREA: &str = r#"{"meridian":"105","zone":"3","points":"1 2273000 589000\n2 2273000 590200\n3 2272000 590200\n4 2272000 589000"}"#;

use axum::http::{Method, StatusCode};
use common::{Session, TestApp};
use lode_db::Backend;
use serde_json::{Value, json};
use std::collections::BTreeMap;

lode_db::on_both_backends!(
    a_dossier_goes_through_the_eoffice_and_its_result_is_returned_online,
    apology_withdrawal_messages_and_paper_dossiers,
    fees_are_paid_through_signed_notifications_only,
    a_business_keeps_its_profile,
    the_pages_of_both_sides,
    the_desk_and_the_applicant_acting_at_once_leave_one_step,
);

async fn setup(b: Backend, ca: bool) -> anyhow::Result<(TestApp, Session, Session)> {
    let app = if ca {
        common::mounted(b, true).await?
    } else {
        common::mounted(b, false).await?
    };
    lode_services::catalogue::seed_catalogue(&app.state.db).await?;
    let business = app.login("minhphat").await?;
    let officer = app.one_stop_officer().await?;
    Ok((app, business, officer))
}

const CONSULT: &str = "DCKS.14";

fn consult_values() -> Value {
    json!({"documents_wanted": "Bản đồ khoáng sản tỷ lệ 1:50.000", "access": "consult", "catalogue_visits": "2"})
}

/// A dossier of `code` filed by the business: its id and code.
async fn filed(
    app: &TestApp,
    who: &Session,
    code: &str,
    values: Value,
) -> anyhow::Result<(i64, String)> {
    let id = drafted(app, who, code, values).await?;
    let r = app
        .post(
            &format!("/api/v1/applications/{id}/submit"),
            Some(who),
            &json!({}),
        )
        .await;
    anyhow::ensure!(r.status == StatusCode::OK, "{}", r.text());
    Ok((id, r.json()["code"].as_str().unwrap_or_default().into()))
}

/// A draft of `code` by the business with every required document: its id.
async fn drafted(app: &TestApp, who: &Session, code: &str, values: Value) -> anyhow::Result<i64> {
    let r = app
        .post(
            "/api/v1/applications",
            Some(who),
            &json!({"procedure_code": code, "values": values, "phone": "0912 345 678"}),
        )
        .await;
    anyhow::ensure!(r.status == StatusCode::CREATED, "{}", r.text());
    let id = r.json()["id"].as_i64().unwrap_or_default();
    let p = app
        .get(&format!("/api/v1/procedures/{code}"), None)
        .await
        .json();
    for d in p["procedure"]["documents"].as_array().into_iter().flatten() {
        if d["required"] == true {
            let key = d["key"].as_str().unwrap_or_default();
            let r = app
                .raw(
                    Method::PUT,
                    &format!("/api/v1/applications/{id}/documents/{key}?name={key}.pdf"),
                    Some(who),
                    "application/pdf",
                    lode_db::demo::sample_pdf(&[key]),
                )
                .await;
            anyhow::ensure!(r.status == StatusCode::OK, "{}", r.text());
        }
    }
    Ok(id)
}

async fn accept(app: &TestApp, officer: &Session, id: i64) -> anyhow::Result<Value> {
    let r = app
        .post(
            &format!("/api/v1/desk/applications/{id}"),
            Some(officer),
            &json!({"decision": "accept"}),
        )
        .await;
    anyhow::ensure!(r.status == StatusCode::OK, "{}", r.text());
    Ok(r.json())
}

/// Files a dossier of `procedure`, takes it through the e-office (routed, assigned, handled,
/// answered by a letter signed by the leader and sealed) and returns the result online: its
/// id and code. With `talk`, the applicant and the handler write to each other on the way.
#[allow(clippy::too_many_arguments)]
async fn to_result(
    app: &TestApp,
    business: &Session,
    officer: &Session,
    procedure: &str,
    values: Value,
    talk: bool,
) -> anyhow::Result<(i64, String)> {
    let (id, code) = filed(app, business, procedure, values).await?;
    accept(app, officer, id).await?;

    // the dossier is an incoming document of the department, with its code as notation
    let sheet = app
        .get(
            &format!("/api/v1/desk/applications/{id}/control-sheet"),
            Some(officer),
        )
        .await;
    assert_eq!(sheet.status, StatusCode::OK, "{}", sheet.text());
    let sheet = sheet.json();
    let incoming = sheet["incoming_id"].as_i64().unwrap_or_default();
    assert!(incoming > 0, "{sheet}");
    assert_eq!(sheet["rows"][0]["kind"], "accepted");
    assert!(
        sheet["stages"].as_array().is_some_and(|s| !s.is_empty()),
        "{sheet}"
    );
    let leader = app.login("tvhung").await?;
    let doc = app
        .get(&format!("/api/v1/incoming/{incoming}"), Some(&leader))
        .await
        .json();
    assert_eq!(doc["details"]["notation"], code.as_str());
    assert_eq!(doc["details"]["type_code"], "HSTT");
    // its papers named by their titles in the procedure, then their files: no internal keys
    for paper in doc["details"]["attachments"]
        .as_array()
        .into_iter()
        .flatten()
    {
        let name = paper["name"].as_str().unwrap_or_default();
        assert!(
            name.ends_with(".pdf)") && !name.starts_with(|c: char| c.is_ascii_lowercase()),
            "{name}"
        );
    }
    assert!(
        doc["details"]["deadline"].is_string(),
        "the unit's stage deadline: {doc}"
    );

    // the leader routes it (keeping the stage's deadline), the unit assigns, the handler finishes
    let r = app
        .post(
            &format!("/api/v1/incoming/{incoming}/route"),
            Some(&leader),
            &json!({"lead_unit_id": app.ids.office}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json()["details"]["deadline"], doc["details"]["deadline"]);
    let unit_leader = app.login("dvthang").await?;
    let handler_id = lode_db::accounts::by_username(&app.state.db, "ntkhanh")
        .await?
        .map(|a| a.id)
        .unwrap_or_default();
    let r = app
        .post(
            &format!("/api/v1/incoming/{incoming}/assign"),
            Some(&unit_leader),
            &json!({"handler_id": handler_id}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let handler = app.login("ntkhanh").await?;
    // the letter leads its handler to the dossier it carries, whose page she may open
    let letter = app
        .get(&format!("/incoming/{incoming}"), Some(&handler))
        .await
        .text();
    assert!(
        letter.contains(&format!("<a href=\"/mot-cua/{id}\">")),
        "{letter}"
    );
    assert_eq!(
        app.get(&format!("/mot-cua/{id}"), Some(&handler))
            .await
            .status,
        StatusCode::OK
    );
    // the applicant follows it inside the agency, handover by handover
    let mine = common::visible_text(
        &app.get(&format!("/ho-so/{id}"), Some(business))
            .await
            .text(),
    );
    assert!(
        mine.contains("Tiến độ giải quyết")
            && mine.contains("Lãnh đạo cơ quan → Đơn vị chủ trì giải quyết")
            && mine.contains("Lãnh đạo đơn vị → Chuyên viên xử lý"),
        "{mine}"
    );

    if talk {
        // the handler and the applicant write to each other
        let r = app
            .post(
                &format!("/api/v1/applications/{id}/messages"),
                Some(business),
                &json!({"body": "Xin cho biết khi nào có thể đến đọc tài liệu?"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
        let r = app
            .post(
                &format!("/api/v1/applications/{id}/messages"),
                Some(&handler),
                &json!({"body": "Mời ông đến phòng đọc từ thứ Hai tuần sau."}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
        let other = app.login("hvkien").await?;
        assert_eq!(
            app.get(&format!("/api/v1/applications/{id}/messages"), Some(&other))
                .await
                .status,
            StatusCode::NOT_FOUND,
            "a specialist not handling it reads nothing"
        );
        // the notice leads the handler to the dossier's page, where they read what was asked
        // and answer; the unit's leader follows it there and reads; the desk was told too
        let page = app.get(&format!("/mot-cua/{id}"), Some(&handler)).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.text());
        let html = page.text();
        assert!(
            html.contains("Xin cho biết khi nào có thể đến đọc tài liệu?")
                && html.contains(&format!("action=\"/mot-cua/{id}/tin-nhan\""))
                && !html.contains(&format!("action=\"/mot-cua/{id}\"")),
            "{html}"
        );
        let followed = app.get(&format!("/mot-cua/{id}"), Some(&unit_leader)).await;
        assert_eq!(followed.status, StatusCode::OK);
        assert!(!followed.text().contains("/tin-nhan\""));
        // nor does a colleague of the office who reads the letter but neither handles,
        // routes nor assigns it: not found, as a dossier that is not there
        let clerk = app.login("vanthu").await?;
        for who in [&other, &clerk] {
            assert_eq!(
                app.get(&format!("/mot-cua/{id}"), Some(who)).await.status,
                StatusCode::NOT_FOUND
            );
            assert_eq!(
                app.get(&format!("/mot-cua/{id}/tai-lieu/application"), Some(who))
                    .await
                    .status,
                StatusCode::NOT_FOUND
            );
        }
        let desk = app.login("motcua").await?;
        // a dossier that is not there is not found, for the desk as for anyone
        for who in [&desk, &handler] {
            assert_eq!(
                app.get(
                    "/api/v1/applications/9223372036854775806/messages",
                    Some(who)
                )
                .await
                .status,
                StatusCode::NOT_FOUND
            );
        }
        let told = app.get("/api/v1/notifications", Some(&desk)).await.json();
        assert!(told.to_string().contains("Xin cho biết khi nào"), "{told}");
        let msgs = app
            .get(
                &format!("/api/v1/applications/{id}/messages"),
                Some(business),
            )
            .await
            .json();
        assert_eq!(msgs.as_array().map(Vec::len), Some(2));
        assert_eq!(msgs[1]["from_applicant"], false);
        let told = app
            .get("/api/v1/notifications", Some(business))
            .await
            .json();
        assert!(told.to_string().contains("tin nhắn từ cán bộ"), "{told}");
    }
    let r = app
        .post(
            &format!("/api/v1/incoming/{incoming}/complete"),
            Some(&handler),
            &json!({"text": "Đề nghị cho phép khai thác tài liệu"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());

    // the result: an outgoing letter answering the dossier, approved, signed, numbered, sealed
    let up = app
        .raw(
            Method::POST,
            "/api/v1/files",
            Some(&handler),
            "application/pdf",
            lode_db::demo::sample_pdf(&["Van ban cho phep khai thac tai lieu"]),
        )
        .await;
    assert_eq!(up.status, StatusCode::CREATED, "{}", up.text());
    let r = app
        .post(
            "/api/v1/outgoing",
            Some(&handler),
            &json!({"type_code": "CV", "subject": "V/v cho phép khai thác tài liệu địa chất",
                    "recipients_outside": "Công ty Cổ phần Khoáng sản Minh Phát",
                    "related_incoming_id": incoming, "pdf_sha256": up.json()["sha256"]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let out = r.json()["id"].as_i64().unwrap_or_default();
    let clerk = app.login("vanthu").await?;
    // an unfinished answer cannot be the result
    let r = app
        .post(
            &format!("/api/v1/desk/applications/{id}/result"),
            Some(officer),
            &json!({"outgoing_id": out}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    for (who, step) in [
        (&handler, "submit"),
        (&unit_leader, "approve"),
        (&leader, "approve"),
        (&leader, "sign"),
        (&clerk, "issue"),
        (&clerk, "seal"),
    ] {
        // a signature with the key lode keeps is confirmed by the signer's password
        let body = if step == "sign" {
            json!({"confirm": common::PASSWORD})
        } else {
            json!({})
        };
        let r = app
            .post(&format!("/api/v1/outgoing/{out}/{step}"), Some(who), &body)
            .await;
        assert_eq!(r.status, StatusCode::OK, "{step}: {}", r.text());
    }
    let answers = app
        .get(
            &format!("/api/v1/desk/applications/{id}/answers"),
            Some(officer),
        )
        .await
        .json();
    assert_eq!(answers[0]["outgoing_id"], out);
    assert_eq!(answers[0]["signatures"], 2);
    // the desk is told the result is issued, theirs to return
    assert!(
        app.unread(officer)
            .await
            .iter()
            .any(|(kind, title)| kind == "dossier_result_issued" && title.contains(&code)),
        "the desk is told"
    );
    // on the officer's home and under its own tab of the desk: a result to return
    let home = app.get("/", Some(officer)).await.text();
    let results = home.split("id=\"desk-results\"").nth(1).unwrap_or_default();
    assert!(
        results.contains("Kết quả đã ban hành, chưa trả")
            && results.contains(&format!("href=\"/mot-cua/{id}\"")),
        "{home}"
    );
    let tab = app
        .get("/mot-cua?status=accepted&result=issued", Some(officer))
        .await
        .text();
    assert!(
        tab.contains("aria-current=\"page\">Kết quả đã ban hành, chưa trả")
            && tab.contains(&format!("href=\"/mot-cua/{id}\"")),
        "{tab}"
    );
    // the officer returns it online from the desk's page, which says it was done and what
    // is left: a paper copy, if one is asked for
    let out_id = out.to_string();
    let r = app
        .form(
            officer,
            &format!("/mot-cua/{id}/ket-qua"),
            &[("outgoing_id", &out_id)],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let desk = common::visible_text(&app.get(&r.header("location"), Some(officer)).await.text());
    assert!(
        desk.contains("Đã trả kết quả trực tuyến")
            && desk.contains("Chỉ ghi nhận dưới đây khi người nộp nhận bản giấy"),
        "{desk}"
    );
    let a = app
        .get(&format!("/api/v1/applications/{id}"), Some(business))
        .await
        .json();
    assert_eq!(a["status"], "result_ready");
    let tab = app
        .get("/mot-cua?status=accepted&result=issued", Some(officer))
        .await
        .text();
    assert!(
        !tab.contains(&format!("href=\"/mot-cua/{id}\"")),
        "returned: {tab}"
    );
    // the applicant's page opens with the result, above the dossier's form
    let page = common::visible_text(
        &app.get(&format!("/ho-so/{id}"), Some(business))
            .await
            .text(),
    );
    let result = page.find("Tải kết quả").unwrap_or(usize::MAX);
    assert!(
        result < page.find("Tình trạng").unwrap_or(0),
        "the result first: {page}"
    );

    // the applicant downloads the signed result: two valid signatures, returned online
    let r = app
        .get(&format!("/api/v1/applications/{id}/result"), Some(business))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let reports = lode_sign::verify::verify_trusted(&r.body, &app.state.trust)?;
    assert_eq!(reports.len(), 2);
    assert!(reports.iter().all(|r| r.valid()), "{reports:?}");
    let a = app
        .get(&format!("/api/v1/applications/{id}"), Some(business))
        .await
        .json();
    assert_eq!(a["status"], "returned");
    // nothing more to hand over
    let r = app
        .post(
            &format!("/api/v1/desk/applications/{id}/return"),
            Some(officer),
            &json!({"method": "desk"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.text());

    Ok((id, code))
}

async fn a_dossier_goes_through_the_eoffice_and_its_result_is_returned_online(
    b: Backend,
) -> anyhow::Result<()> {
    let (app, business, officer) = setup(b, true).await?;
    let admin = app.login("admin").await?;
    for holder in [
        json!({"holder_account_id": app.ids.leader}),
        json!({"holder_unit_id": app.ids.dept}),
    ] {
        let r = app
            .post("/api/v1/certificates/issue", Some(&admin), &holder)
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    }
    let cases = [
        (CONSULT, consult_values()),
        (
            "2.001816",
            json!({"mineral": "Đá vôi", "location": "Xã Kim Bảng, tỉnh Hà Nam", "area_ha": "120",
                   "coordinates": KIM_BANG_AREA}),
        ),
        (
            "1.004314",
            json!({"licence_number": "123/GP-BTNMT", "mineral_group": "building", "reason": "Còn trữ lượng"}),
        ),
    ];
    let mut done = Vec::new();
    for (n, (procedure, values)) in cases.into_iter().enumerate() {
        done.push(to_result(&app, &business, &officer, procedure, values, n == 0).await?);
    }
    let (id, code) = done[0].clone();
    // form 05 filled itself from the timelines, and prints signed
    let sheet = app
        .get(
            &format!("/api/v1/desk/applications/{id}/control-sheet"),
            Some(&officer),
        )
        .await
        .json();
    let kinds: Vec<&str> = sheet["rows"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|r| r["kind"].as_str())
        .collect();
    assert_eq!(
        kinds,
        vec![
            "accepted",
            "routed",
            "assigned",
            "handled",
            "result_issued",
            "returned"
        ]
    );
    assert!(
        sheet["rows"]
            .as_array()
            .into_iter()
            .flatten()
            .all(|r| r["timeliness"] != "late"),
        "{sheet}"
    );
    let r = app
        .get(
            &format!("/api/v1/desk/applications/{id}/forms/05"),
            Some(&officer),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let reports = lode_sign::verify::verify_trusted(&r.body, &app.state.trust)?;
    assert!(
        reports.len() == 1 && reports[0].valid(),
        "sealed: {reports:?}"
    );

    // the register (form 06) and the statistics count it as done on time
    let reg = app
        .get("/api/v1/desk/register?format=json", Some(&officer))
        .await;
    assert_eq!(reg.status, StatusCode::OK, "{}", reg.text());
    let line = reg.json()[0].clone();
    assert_eq!(line["code"], code.as_str());
    assert_eq!(line["handling_unit"], "Văn phòng Cục");
    for format in ["pdf", "xlsx"] {
        let r = app
            .get(
                &format!("/api/v1/desk/register?format={format}"),
                Some(&officer),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        assert!(r.body.len() > 500);
    }
    let stats = app
        .get("/api/v1/services/statistics", Some(&officer))
        .await
        .json();
    assert_eq!(stats["total"]["received_online"], 3);
    assert_eq!(stats["total"]["on_time"], 3);
    assert_eq!(stats["procedures"].as_array().map(Vec::len), Some(3));
    assert_eq!(
        app.get("/api/v1/services/statistics", Some(&business))
            .await
            .status,
        StatusCode::FORBIDDEN
    );

    // its handling over, the applicant rates it from its page, once: not satisfied, they say
    // what fell short; what was typed stays beside the refusal
    let page = app
        .get(&format!("/ho-so/{id}"), Some(&business))
        .await
        .text();
    assert!(
        page.contains(&format!("action=\"/ho-so/{id}/danh-gia\""))
            && common::visible_text(&page).contains("Rất hài lòng"),
        "{page}"
    );
    let rate = |pairs: Vec<(&'static str, &'static str)>| {
        let (app, business) = (&app, &business);
        async move {
            app.form(business, &format!("/ho-so/{id}/danh-gia"), &pairs)
                .await
        }
    };
    let r = rate(vec![("satisfaction", "unsatisfied"), ("comment", " ")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert!(
        r.text().contains("Xin cho biết điều gì chưa hài lòng.")
            && r.text()
                .contains("name=\"satisfaction\" value=\"unsatisfied\" required checked"),
        "{}",
        r.text()
    );
    // an officer rates nothing, another applicant's dossier is not theirs
    lode_db::accounts::create_external(
        &app.state.db,
        &lode_db::AuditCtx::system("test"),
        &lode_db::accounts::NewExternal {
            kind: "citizen".into(),
            username: "nvtam".into(),
            full_name: "Nguyễn Văn Tâm".into(),
            email: "nvtam@example.vn".into(),
            password: common::PASSWORD.into(),
            ..Default::default()
        },
    )
    .await?;
    let citizen = app.login("nvtam").await?;
    for who in [&officer, &citizen] {
        let r = app
            .form(
                who,
                &format!("/ho-so/{id}/danh-gia"),
                &[("satisfaction", "satisfied")],
            )
            .await;
        assert!(
            [StatusCode::NOT_FOUND, StatusCode::FORBIDDEN].contains(&r.status),
            "{}",
            r.status
        );
    }
    let r = rate(vec![
        ("satisfaction", "unsatisfied"),
        ("comment", "Phải chờ lâu ở bộ phận một cửa"),
    ])
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let page = common::visible_text(&app.get(&r.header("location"), Some(&business)).await.text())
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        page.contains("Đã gửi đánh giá")
            && page.contains("Ông/bà đã đánh giá: Không hài lòng")
            && page.contains("Phải chờ lâu ở bộ phận một cửa"),
        "{page}"
    );
    let again = rate(vec![("satisfaction", "very_satisfied")]).await;
    assert_eq!(
        again.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        again.text()
    );
    // a dossier not yet handled is not rated yet
    let draft = drafted(&app, &business, CONSULT, consult_values()).await?;
    let r = app
        .form(
            &business,
            &format!("/ho-so/{draft}/danh-gia"),
            &[("satisfaction", "satisfied")],
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.text());
    // the statistics count it under its procedure
    let (second, _) = done[1].clone();
    let r = app
        .form(
            &business,
            &format!("/ho-so/{second}/danh-gia"),
            &[("satisfaction", "very_satisfied")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let stats = common::visible_text(&app.get("/thong-ke", Some(&officer)).await.text());
    assert!(
        stats.contains("Mức độ hài lòng của tổ chức, cá nhân") && stats.contains("50%"),
        "{stats}"
    );
    Ok(())
}

async fn apology_withdrawal_messages_and_paper_dossiers(b: Backend) -> anyhow::Result<()> {
    let (app, business, officer) = setup(b, false).await?;
    let (id, _) = filed(&app, &business, CONSULT, consult_values()).await?;
    accept(&app, &officer, id).await?;
    let a = app
        .get(&format!("/api/v1/applications/{id}"), Some(&business))
        .await
        .json();
    let due = a["due_on"].as_str().unwrap_or_default().to_string();
    let due_day = chrono::NaiveDate::parse_from_str(&due, "%Y-%m-%d")?;
    // a new date that is not later is refused on the field; a later working day is taken
    let r = app
        .post(
            &format!("/api/v1/desk/applications/{id}/apology"),
            Some(&officer),
            &json!({"reason": "Cần thêm thời gian tra cứu kho lưu trữ", "new_due_on": due}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert_eq!(r.field_codes(), vec!["new_due_on:not_later".to_string()]);
    let calendar = lode_db::calendar::calendar(&app.state.db).await?;
    let new_due = calendar.on_or_after(due_day + chrono::Duration::days(7));
    let r = app
        .post(
            &format!("/api/v1/desk/applications/{id}/apology"),
            Some(&officer),
            &json!({"reason": "Cần thêm thời gian tra cứu kho lưu trữ", "new_due_on": new_due.to_string()}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json()["due_on"], new_due.to_string());
    let told = app
        .get("/api/v1/notifications", Some(&business))
        .await
        .json();
    assert!(told.to_string().contains("xin lỗi"), "{told}");
    // and by e-mail, through a real mail server
    let smtp = common::SmtpServer::start().await?;
    let mailer = lode_web::mail::Mailer::new(
        &format!("smtp://127.0.0.1:{}", smtp.port),
        "lode <no-reply@dgm.example.vn>",
        "http://lode.test",
    )?;
    assert!(mailer.deliver_pending(&app.state.db).await? >= 1);
    let mails: Vec<String> = smtp
        .messages()
        .iter()
        .map(|m| common::decoded_text(m).unwrap_or_default())
        .collect();
    assert!(
        mails
            .iter()
            .any(|m| m.contains("phapche@minhphat.example.vn") && m.contains("Hẹn lại ngày")),
        "{mails:?}"
    );
    let r = app
        .get(
            &format!("/api/v1/applications/{id}/forms/04"),
            Some(&business),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert!(r.body.starts_with(b"%PDF"));
    // written to the applicant, by name
    let file = app.db.dir.join("form-04.pdf");
    std::fs::write(&file, &r.body)?;
    let out = std::process::Command::new("pdftotext")
        .arg(&file)
        .arg("-")
        .output()?;
    let text = String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        text.contains("Kính gửi: Công ty Cổ phần Khoáng sản Minh Phát")
            && text.contains("Hoàng Văn Nam (Ký số bởi cơ quan)"),
        "{text}"
    );
    // a form the dossier never had
    assert_eq!(
        app.get(
            &format!("/api/v1/applications/{id}/forms/03"),
            Some(&business)
        )
        .await
        .status,
        StatusCode::CONFLICT
    );

    // the warning: a dossier due within three working days is listed, with its apology day
    let soon = lode_services::handling::at_risk(&app.state.db, new_due - chrono::Duration::days(1))
        .await?;
    assert!(soon.iter().any(|r| r.id == id && !r.overdue), "{soon:?}");
    let notified = lode_services::handling::sweep(&app.state.db, new_due).await?;
    assert!(notified >= 1, "the desk is told");
    let none =
        lode_services::handling::at_risk(&app.state.db, new_due - chrono::Duration::days(60))
            .await?;
    assert!(none.iter().all(|r| r.id != id));

    // withdrawal: a reason is needed; then the dossier is closed to the desk
    let r = app
        .post(
            &format!("/api/v1/applications/{id}/withdraw"),
            Some(&business),
            &json!({"reason": ""}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = app
        .post(
            &format!("/api/v1/applications/{id}/withdraw"),
            Some(&business),
            &json!({"reason": "Doanh nghiệp thay đổi kế hoạch"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json()["status"], "withdrawn");
    // the handling unit reads it in the document's timeline, in its reader's language
    let sheet = app
        .get(
            &format!("/api/v1/desk/applications/{id}/control-sheet"),
            Some(&officer),
        )
        .await
        .json();
    let incoming = sheet["incoming_id"].as_i64().unwrap_or_default();
    let leader = app.login("tvhung").await?;
    let page = app
        .get(&format!("/incoming/{incoming}"), Some(&leader))
        .await
        .text();
    assert!(
        page.contains("Tổ chức, cá nhân rút hồ sơ, lý do")
            && page.contains("Doanh nghiệp thay đổi kế hoạch"),
        "{page}"
    );
    let r = app
        .post(
            &format!("/api/v1/applications/{id}/withdraw"),
            Some(&business),
            &json!({"reason": "lần nữa"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);

    // a paper dossier at the counter: the applicant needs no account
    let r = app
        .post(
            "/api/v1/desk/intake",
            Some(&officer),
            &json!({"procedure_code": CONSULT, "values": consult_values(),
                    "applicant": {"kind": "citizen", "full_name": "", "phone": "12"}}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    let codes = r.field_codes();
    assert!(
        codes.contains(&"applicant.full_name:required".to_string())
            || codes.iter().any(|c| c.starts_with("applicant.full_name")),
        "{codes:?}"
    );
    assert!(
        codes.iter().any(|c| c.starts_with("applicant.phone")),
        "{codes:?}"
    );
    assert_eq!(
        app.post(
            "/api/v1/desk/intake",
            Some(&business),
            &json!({"procedure_code": CONSULT, "applicant": {"kind": "citizen", "full_name": "A", "phone": "0912345678"}})
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );
    let r = app
        .post(
            "/api/v1/desk/intake",
            Some(&officer),
            &json!({"procedure_code": CONSULT, "values": consult_values(),
                    "applicant": {"kind": "citizen", "full_name": "Phạm Văn Bình", "phone": "0987 654 321",
                                  "address": "Số 5 Láng Hạ, Hà Nội"}}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let paper = r.json()["id"].as_i64().unwrap_or_default();
    assert_eq!(r.json()["channel"], "desk");
    // missing scans: the dossier cannot be received
    let r = app
        .post(
            &format!("/api/v1/desk/applications/{paper}/receive"),
            Some(&officer),
            &json!({}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    let p = app
        .get(&format!("/api/v1/procedures/{CONSULT}"), None)
        .await
        .json();
    for d in p["procedure"]["documents"].as_array().into_iter().flatten() {
        if d["required"] == true {
            let key = d["key"].as_str().unwrap_or_default();
            // a scan that is not a PDF is refused
            let bad = app
                .raw(
                    Method::PUT,
                    &format!("/api/v1/desk/applications/{paper}/documents/{key}"),
                    Some(&officer),
                    "application/pdf",
                    b"GIF89a not a pdf".to_vec(),
                )
                .await;
            assert_eq!(
                bad.status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{}",
                bad.text()
            );
            let r = app
                .raw(
                    Method::PUT,
                    &format!("/api/v1/desk/applications/{paper}/documents/{key}?name=scan.pdf"),
                    Some(&officer),
                    "application/pdf",
                    lode_db::demo::sample_pdf(&["scan"]),
                )
                .await;
            assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        }
    }
    // an online dossier is not the desk's to fill
    let (online, _) = filed(&app, &business, CONSULT, consult_values()).await?;
    let r = app
        .raw(
            Method::PUT,
            &format!("/api/v1/desk/applications/{online}/documents/x"),
            Some(&officer),
            "application/pdf",
            lode_db::demo::sample_pdf(&["scan"]),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    // received from its page: checked at the counter, it gets its code and is accepted at
    // once, its slip ready to print; its scans are not asked for digital signatures
    let r = app
        .form(&officer, &format!("/mot-cua/{paper}/tiep-nhan"), &[])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert_eq!(
        r.header("location"),
        format!("/mot-cua/{paper}?done=accepted")
    );
    let page = app.get(&r.header("location"), Some(&officer)).await.text();
    let text = common::visible_text(&page);
    assert!(
        text.contains("Đã tiếp nhận hồ sơ") && !text.contains("Chưa ký số"),
        "{text}"
    );
    assert!(
        page.contains(&format!("/mot-cua/{paper}/giay-tiep-nhan")),
        "{page}"
    );
    assert!(
        !page.contains("name=\"decision\""),
        "no decision left to take: {page}"
    );
    let shown = app
        .get(
            &format!("/api/v1/desk/applications/{paper}"),
            Some(&officer),
        )
        .await
        .json();
    assert_eq!(shown["status"], "accepted");
    let paper_code = shown["code"].as_str().unwrap_or_default().to_string();
    // followed on the tracking page with the number given at the counter
    let t = app
        .get(
            &format!("/api/v1/track?code={paper_code}&phone=0987654321"),
            None,
        )
        .await;
    assert_eq!(t.status, StatusCode::OK, "{}", t.text());
    assert_eq!(t.json()["status"], "accepted");
    let stats = app
        .get("/api/v1/services/statistics?format=json", Some(&officer))
        .await
        .json();
    assert_eq!(stats["total"]["received_desk"], 1);
    assert_eq!(stats["total"]["received_online"], 2);
    assert_eq!(stats["total"]["withdrawn"], 1);

    // tracking: misses from one client are throttled, other clients are not
    let track = |ip: &'static str, phone: &'static str| {
        let req = TestApp::request(
            Method::GET,
            &format!("/api/v1/track?code={paper_code}&phone={phone}"),
            None,
            None,
        );
        app.send_from(ip, req)
    };
    for _ in 0..lode_services::web::limits::TRACK_MISSES {
        assert_eq!(
            track("203.0.113.9", "0900000000").await.status,
            StatusCode::NOT_FOUND
        );
    }
    assert_eq!(
        track("203.0.113.9", "0987654321").await.status,
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(
        track("203.0.113.10", "0987654321").await.status,
        StatusCode::OK
    );
    Ok(())
}

fn signed(params: &[(&str, String)], secret: &[u8]) -> String {
    let map: BTreeMap<String, String> = params
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect();
    lode_services::web::gateway::signed_query(&map, secret)
}

async fn fees_are_paid_through_signed_notifications_only(b: Backend) -> anyhow::Result<()> {
    let (app, business, _) = setup(b, false).await?;
    let (id, _) = filed(&app, &business, CONSULT, consult_values()).await?;
    let r = app
        .post(
            &format!("/api/v1/applications/{id}/payments"),
            Some(&business),
            &json!({}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let start = r.json();
    let txn_ref = start["payment"]["txn_ref"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let amount = start["payment"]["amount"].as_i64().unwrap_or_default();
    assert!(amount > 0);
    // the address to the gateway carries a signature the gateway can check
    let url = start["pay_url"].as_str().unwrap_or_default();
    let query = url.split_once('?').map(|x| x.1).unwrap_or_default();
    let params = lode_services::web::gateway::parse_query(query);
    assert!(lode_services::web::gateway::verify(&params, common::PAYMENT_SECRET).is_ok());
    assert_eq!(params["vnp_Amount"], (amount * 100).to_string());

    let answer = [
        ("vnp_TmnCode", common::PAYMENT_MERCHANT.to_string()),
        ("vnp_Amount", (amount * 100).to_string()),
        ("vnp_TxnRef", txn_ref.clone()),
        ("vnp_ResponseCode", "00".to_string()),
        ("vnp_TransactionStatus", "00".to_string()),
        ("vnp_TransactionNo", "14000123".to_string()),
        ("vnp_BankCode", "NCB".to_string()),
    ];
    // forged: signed with another secret; altered: the amount changed after signing
    let forged = signed(&answer, b"not-the-secret");
    let r = app
        .get(&format!("/api/v1/payments/ipn?{forged}"), None)
        .await;
    assert_eq!(r.json()["RspCode"], "97");
    let good = signed(&answer, common::PAYMENT_SECRET);
    let altered = good.replace(
        &format!("vnp_Amount={}", amount * 100),
        &format!("vnp_Amount={}", 100),
    );
    let r = app
        .get(&format!("/api/v1/payments/ipn?{altered}"), None)
        .await;
    assert_eq!(r.json()["RspCode"], "97");
    let page = app
        .get(&format!("/thanh-toan/ket-qua?{forged}"), None)
        .await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    let list = app
        .get(
            &format!("/api/v1/applications/{id}/payments"),
            Some(&business),
        )
        .await
        .json();
    assert_eq!(list[0]["status"], "pending", "nothing changed: {list}");

    // the genuine notification settles it once; its replay changes nothing
    let r = app.get(&format!("/api/v1/payments/ipn?{good}"), None).await;
    assert_eq!(r.json()["RspCode"], "00", "{}", r.text());
    let r = app.get(&format!("/api/v1/payments/ipn?{good}"), None).await;
    assert_eq!(r.json()["RspCode"], "02");
    let page = app.get(&format!("/thanh-toan/ket-qua?{good}"), None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text().contains("Thanh toán thành công"));
    // what was paid for, as the payer knows it: the dossier's code and its procedure
    let code = app
        .get(&format!("/api/v1/applications/{id}"), Some(&business))
        .await
        .json()["code"]
        .as_str()
        .unwrap_or("?")
        .to_string();
    let said = lode_web::testkit::visible_text(&page.text())
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        said.contains(&format!("Mã hồ sơ {code}"))
            && said.contains("Cung cấp thông tin, tài liệu địa chất"),
        "{said}"
    );
    let list = app
        .get(
            &format!("/api/v1/applications/{id}/payments"),
            Some(&business),
        )
        .await
        .json();
    assert_eq!(list[0]["status"], "paid");
    assert_eq!(list[0]["receipt_number"], 1);
    let pid = list[0]["id"].as_i64().unwrap_or_default();
    let receipt = app
        .get(
            &format!("/api/v1/applications/{id}/payments/{pid}/receipt"),
            Some(&business),
        )
        .await;
    assert_eq!(receipt.status, StatusCode::OK, "{}", receipt.text());
    assert!(receipt.body.starts_with(b"%PDF"));
    let file = app.db.dir.join("bien-lai.pdf");
    std::fs::write(&file, &receipt.body)?;
    let out = std::process::Command::new("pdftotext")
        .arg(&file)
        .arg("-")
        .output()?;
    let text = String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    for said in [
        "BIÊN LAI THU PHÍ, LỆ PHÍ",
        "Người nộp tiền:",
        "Địa chỉ:",
        "bằng chữ:",
    ] {
        assert!(text.contains(said), "{said} in {text}");
    }
    // another dossier's payment cancelled at the gateway: said as a failure, with the way to
    // try again
    let (other, _) = filed(&app, &business, CONSULT, consult_values()).await?;
    let r = app
        .post(
            &format!("/api/v1/applications/{other}/payments"),
            Some(&business),
            &json!({}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let order = r.json()["payment"].clone();
    let cancelled = signed(
        &[
            ("vnp_TmnCode", common::PAYMENT_MERCHANT.to_string()),
            (
                "vnp_Amount",
                (order["amount"].as_i64().unwrap_or_default() * 100).to_string(),
            ),
            (
                "vnp_TxnRef",
                order["txn_ref"].as_str().unwrap_or_default().to_string(),
            ),
            ("vnp_ResponseCode", "24".to_string()),
            ("vnp_TransactionStatus", "02".to_string()),
            ("vnp_TransactionNo", "0".to_string()),
        ],
        common::PAYMENT_SECRET,
    );
    let page = app
        .get(&format!("/thanh-toan/ket-qua?{cancelled}"), Some(&business))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.text();
    assert!(
        html.contains("Giao dịch không thành công")
            && html.contains(&format!("href=\"/ho-so/{other}#payment\"")),
        "{html}"
    );
    let dossier = app
        .get(&format!("/ho-so/{other}"), Some(&business))
        .await
        .text();
    assert!(dossier.contains("id=\"payment\""), "{dossier}");
    // an unknown order, a wrong amount
    let unknown = signed(
        &[
            ("vnp_TmnCode", common::PAYMENT_MERCHANT.to_string()),
            ("vnp_Amount", "100".to_string()),
            ("vnp_TxnRef", "0-none".to_string()),
            ("vnp_ResponseCode", "00".to_string()),
            ("vnp_TransactionNo", "1".to_string()),
        ],
        common::PAYMENT_SECRET,
    );
    let r = app
        .get(&format!("/api/v1/payments/ipn?{unknown}"), None)
        .await;
    assert_eq!(r.json()["RspCode"], "01");
    // paid once: no second order
    let r = app
        .post(
            &format!("/api/v1/applications/{id}/payments"),
            Some(&business),
            &json!({}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    let timeline = app
        .get(&format!("/api/v1/applications/{id}"), Some(&business))
        .await
        .json();
    // the receipt quoted as it is printed: seven digits and its year
    let year = chrono::Datelike::year(&lode_db::today());
    assert!(
        timeline["events"]
            .to_string()
            .contains(&format!("biên lai số 0000001/{year}")),
        "{timeline}"
    );
    Ok(())
}

async fn a_business_keeps_its_profile(b: Backend) -> anyhow::Result<()> {
    let (app, business, officer) = setup(b, false).await?;
    let p = app.get("/api/v1/me/profile", Some(&business)).await;
    assert_eq!(p.status, StatusCode::OK, "{}", p.text());
    let version = p.json()["account"]["version"].as_i64().unwrap_or_default();
    // a tax code whose check digit is wrong, and a business without its name
    let r = app
        .put(
            "/api/v1/me/profile",
            Some(&business),
            &json!({"tax_code": "0102345678", "organisation_name": " ", "version": version}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    let mut codes = r.field_codes();
    codes.sort();
    assert_eq!(
        codes,
        vec![
            "organisation_name:required".to_string(),
            "tax_code:tax_code_checksum".to_string()
        ]
    );
    let unchanged = app.get("/api/v1/me/profile", Some(&business)).await.json();
    assert_eq!(
        unchanged["account"]["tax_code"], "0102345677",
        "nothing written"
    );
    let r = app
        .put(
            "/api/v1/me/profile",
            Some(&business),
            &json!({"organisation_name": "Công ty Cổ phần Khoáng sản Minh Phát Hà Nam",
                    "tax_code": "0100109106", "address": "Số 1 Trần Hưng Đạo, Phủ Lý, Hà Nam",
                    "representative": "Nguyễn Đức Phát, Giám đốc", "phone": "0226 3851 234",
                    "version": version}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json()["address"], "Số 1 Trần Hưng Đạo, Phủ Lý, Hà Nam");
    assert_eq!(r.json()["account"]["tax_code"], "0100109106");
    // the version read is stale now
    let r = app
        .put(
            "/api/v1/me/profile",
            Some(&business),
            &json!({"organisation_name": "X", "tax_code": "0100109106", "version": version}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    // staff have no such profile
    assert_eq!(
        app.get("/api/v1/me/profile", Some(&officer)).await.status,
        StatusCode::FORBIDDEN
    );
    // the desk's decisions reach the applicant
    let (id, _) = filed(&app, &business, CONSULT, consult_values()).await?;
    accept(&app, &officer, id).await?;
    let told = app
        .get("/api/v1/notifications", Some(&business))
        .await
        .json();
    assert!(told.to_string().contains("đã được tiếp nhận"), "{told}");
    Ok(())
}

async fn form(app: &TestApp, who: &Session, path: &str, pairs: &[(&str, &str)]) -> common::Resp {
    app.form(who, path, pairs).await
}

async fn the_pages_of_both_sides(b: Backend) -> anyhow::Result<()> {
    let (app, business, officer) = setup(b, false).await?;
    let (id, code) = filed(&app, &business, CONSULT, consult_values()).await?;
    // the desk accepts on its page; the control sheet and the result's section appear
    let r = form(
        &app,
        &officer,
        &format!("/mot-cua/{id}"),
        &[("decision", "accept"), ("reason", "")],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let page = app.get(&format!("/mot-cua/{id}"), Some(&officer)).await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.text();
    assert!(html.contains("id=\"handovers\""), "{html}");
    assert!(html.contains("Mẫu 05"));
    // an apology with a date not later than the deadline: answered on its field, nothing kept
    let a = app
        .get(&format!("/api/v1/applications/{id}"), Some(&business))
        .await
        .json();
    let due = a["due_on"].as_str().unwrap_or_default().to_string();
    let r = form(
        &app,
        &officer,
        &format!("/mot-cua/{id}/xin-loi"),
        &[("reason", "Chờ ý kiến"), ("new_due_on", &due)],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    // what was typed stays, the refusal beside the day, the present date said
    let html = r.text();
    assert!(
        html.contains("Chờ ý kiến</textarea>") && html.contains(&format!("value=\"{due}\"")),
        "{html}"
    );
    let text = common::visible_text(&html);
    assert!(
        text.contains("Hạn mới phải muộn hơn hạn hiện tại.")
            && text.contains(&format!(
                "Muộn hơn ngày hẹn trả hiện tại ({}), là ngày làm việc.",
                lode_web::pages::local_day(&due)
            )),
        "{text}"
    );
    // the officer writes; the applicant sees it on the dossier's page and answers
    let r = form(
        &app,
        &officer,
        &format!("/mot-cua/{id}/tin-nhan"),
        &[("body", "Đề nghị bổ sung bản đồ vị trí <b>khu vực</b>")],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    // the desk's page says it was sent
    let sent = common::visible_text(&app.get(&r.header("location"), Some(&officer)).await.text());
    assert!(sent.contains("Đã gửi tin nhắn cho người nộp."), "{sent}");
    let html = app
        .get(&format!("/ho-so/{id}"), Some(&business))
        .await
        .text();
    assert!(
        html.contains("Đề nghị bổ sung bản đồ vị trí &lt;b&gt;khu vực&lt;/b&gt;"),
        "escaped"
    );
    let r = form(
        &app,
        &business,
        &format!("/ho-so/{id}/tin-nhan"),
        &[("body", "")],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    // the payment starts from the page with a link to the gateway, signed
    let r = form(&app, &business, &format!("/ho-so/{id}/thanh-toan"), &[]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert!(r.text().contains("id=\"to-gateway\""));
    assert!(r.text().contains("vnp_SecureHash="));
    // the applicant withdraws from the page, once the box confirming it is ticked
    let r = form(
        &app,
        &business,
        &format!("/ho-so/{id}/rut"),
        &[("reason", "Đổi kế hoạch")],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert!(
        r.text()
            .contains("Hãy đánh dấu ô xác nhận: thao tác này không hoàn tác được."),
        "{}",
        r.text()
    );
    assert!(
        r.text().contains("name=\"confirm\" value=\"1\" required"),
        "{}",
        r.text()
    );
    let r = form(
        &app,
        &business,
        &format!("/ho-so/{id}/rut"),
        &[("reason", "Đổi kế hoạch"), ("confirm", "1")],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let html = app
        .get(&format!("/ho-so/{id}"), Some(&business))
        .await
        .text();
    assert!(html.contains("Đã rút hồ sơ"));
    // a paper dossier entered at the counter from the page; sent untouched, every field to fill
    // is named by its label, once
    let r = app.get("/mot-cua/nhap", Some(&officer)).await;
    assert_eq!(r.status, StatusCode::OK);
    let untouched = form(
        &app,
        &officer,
        "/mot-cua/nhap",
        &[("procedure_code", ""), ("kind", "")],
    )
    .await;
    assert_eq!(untouched.status, StatusCode::UNPROCESSABLE_ENTITY);
    let html = untouched.text();
    for named in [
        "<a href=\"#procedure_code\">Thủ tục</a>",
        "<a href=\"#kind\">Người nộp là</a>",
        "<a href=\"#full_name\">Họ và tên người nộp</a>",
        "<a href=\"#phone\">Số điện thoại</a>",
    ] {
        assert!(html.contains(named), "{named}: {html}");
    }
    let said = common::visible_text(&html);
    assert!(!said.contains("tài khoản của bạn"), "{said}");
    // the procedure and the kind of applicant, each asked once
    assert_eq!(said.matches("Hãy chọn một mục.").count(), 2, "{said}");
    let r = form(
        &app,
        &officer,
        "/mot-cua/nhap",
        &[
            ("procedure_code", CONSULT),
            ("kind", "business"),
            ("full_name", "Trần Văn Bình"),
            ("phone", "0987654321"),
        ],
    )
    .await;
    assert_eq!(
        r.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a business needs its name and tax code"
    );
    let r = form(
        &app,
        &officer,
        "/mot-cua/nhap",
        &[
            ("procedure_code", CONSULT),
            ("kind", "citizen"),
            ("full_name", "Trần Văn Bình"),
            ("phone", "0987654321"),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let paper = r.header("location");
    let html = app.get(&paper, Some(&officer)).await.text();
    assert!(html.contains("id=\"receive\""), "{html}");
    // what the paper form says is typed at the desk, a refusal beside its field, then kept
    assert!(html.contains("name=\"v_documents_wanted\""), "{html}");
    let values = format!("{paper}/thong-tin");
    let r = form(&app, &officer, &values, &[("v_access", "everything")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert!(r.text().contains("class=\"field-error\""), "{}", r.text());
    let r = form(
        &app,
        &officer,
        &values,
        &[
            ("v_documents_wanted", "Báo cáo thăm dò quặng đồng Sin Quyền"),
            ("v_access", "consult"),
            ("v_text_volumes", "2"),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let html = app.get(&paper, Some(&officer)).await.text();
    assert!(
        html.contains("Báo cáo thăm dò quặng đồng Sin Quyền"),
        "{html}"
    );
    // statistics and the dashboard's section, the register
    let html = app.get("/thong-ke", Some(&officer)).await.text();
    assert!(html.contains("<svg"));
    let leader = app.login("tvhung").await?;
    let html = app.get("/dashboard", Some(&leader)).await.text();
    assert!(html.contains("id=\"public-services\""), "{html}");
    // a unit's leader, shown their unit's figures, is told the agency's follow
    let unit_leader = app.login("dvthang").await?;
    let html = app.get("/dashboard", Some(&unit_leader)).await.text();
    let (unit_part, agency_part) = html
        .split_once("class=\"lead agency-wide\"")
        .expect("the agency's figures said apart");
    assert!(
        unit_part.contains("Số liệu của Văn phòng Cục"),
        "{unit_part}"
    );
    assert!(
        agency_part.contains("toàn cơ quan") && agency_part.contains("id=\"public-services\""),
        "{agency_part}"
    );
    assert_eq!(
        app.get("/thong-ke", Some(&business)).await.status,
        StatusCode::FORBIDDEN
    );
    let reg = app
        .get("/api/v1/desk/register?format=json", Some(&officer))
        .await
        .json();
    assert!(reg.to_string().contains(&code));
    // the language switch comes back to the page it was on, on lode's own origin only
    for (referer, back) in [
        ("http://localhost:8080/tra-cuu?code=1", "/tra-cuu?code=1"),
        ("http://localhost:8080//evil.example/x", "/"),
    ] {
        let mut req = TestApp::request(Method::GET, "/lang/en", None, None);
        req.headers_mut().insert(
            axum::http::header::REFERER,
            axum::http::HeaderValue::from_str(referer)?,
        );
        let r = app.send(req).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert_eq!(r.header("location"), back);
    }
    // the profile from the account page
    let r = form(
        &app,
        &business,
        "/account/profile",
        &[
            ("organisation_name", "Công ty Minh Phát"),
            ("tax_code", "123"),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let html = app.get("/account", Some(&business)).await.text();
    assert!(html.contains("action=\"/account/profile\""));
    Ok(())
}

/// The desk refuses a dossier while its applicant withdraws it: one step stands, the other is
/// refused as a conflict, and the dossier's history and the audit chain hold the one; another
/// applicant cannot take a step on it at all, and a step read from an old version is refused.
async fn the_desk_and_the_applicant_acting_at_once_leave_one_step(
    b: Backend,
) -> anyhow::Result<()> {
    let (app, business, officer) = setup(b, false).await?;
    lode_db::accounts::create_external(
        &app.state.db,
        &lode_db::AuditCtx::system("test"),
        &lode_db::accounts::NewExternal {
            kind: "business".into(),
            username: "dahoabinh".into(),
            full_name: "Quách Thị Hòa".into(),
            email: "lienhe@dahoabinh.example.vn".into(),
            phone: None,
            organisation_name: Some("Công ty TNHH Đá xây dựng Hòa Bình".into()),
            tax_code: Some("0304567898".into()),
            address: None,
            representative: None,
            password: lode_web::testkit::PASSWORD.into(),
        },
    )
    .await?;
    let stranger = app.login("dahoabinh").await?;
    for round in 0..3 {
        let (id, _) = filed(&app, &business, CONSULT, consult_values()).await?;
        let other = app
            .post(
                &format!("/api/v1/applications/{id}/withdraw"),
                Some(&stranger),
                &json!({"reason": "không phải hồ sơ của tôi"}),
            )
            .await;
        assert_eq!(other.status, StatusCode::NOT_FOUND, "{}", other.text());
        let decide = format!("/api/v1/desk/applications/{id}");
        let withdraw = format!("/api/v1/applications/{id}/withdraw");
        let (decision, reason) = (
            json!({"decision": "refuse", "reason": "Không thuộc thẩm quyền"}),
            json!({"reason": "Đã có tài liệu khác"}),
        );
        let (refused, withdrawn) = tokio::join!(
            app.post(&decide, Some(&officer), &decision),
            app.post(&withdraw, Some(&business), &reason),
        );
        let codes = [refused.status, withdrawn.status];
        assert!(
            codes.contains(&StatusCode::OK) && codes.contains(&StatusCode::CONFLICT),
            "round {round}: {codes:?}: {} / {}",
            refused.text(),
            withdrawn.text()
        );
        let (kinds,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM application_events
             WHERE application_id = $1 AND kind IN ('refused', 'withdrawn')",
        )
        .bind(id)
        .fetch_one(app.state.db.pool())
        .await?;
        assert_eq!(kinds, 1, "round {round}");
        let (audited,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM audit_log WHERE entity_type = 'application' AND entity_id = $1
             AND action IN ('application.refused', 'application.withdrawn')",
        )
        .bind(id.to_string())
        .fetch_one(app.state.db.pool())
        .await?;
        assert_eq!(audited, 1, "round {round}");
        let (status, version): (String, i64) =
            sqlx::query_as("SELECT status, version FROM applications WHERE id = $1")
                .bind(id)
                .fetch_one(app.state.db.pool())
                .await?;
        let expected = if refused.status == StatusCode::OK {
            "refused"
        } else {
            "withdrawn"
        };
        assert_eq!(status, expected, "round {round}");
        let read = app
            .get(&format!("/api/v1/applications/{id}"), Some(&business))
            .await
            .json();
        assert_eq!(read["version"].as_i64(), Some(version));
    }
    // a draft submitted from a page read before its last change
    let id = drafted(&app, &business, CONSULT, consult_values()).await?;
    let read = app
        .get(&format!("/api/v1/applications/{id}"), Some(&business))
        .await
        .json();
    let stale = read["version"].as_i64().unwrap_or_default() - 1;
    let submit = format!("/api/v1/applications/{id}/submit");
    let r = app
        .post(&submit, Some(&business), &json!({"version": stale}))
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.text());
    let r = app
        .post(&submit, Some(&business), &json!({"version": stale + 1}))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    Ok(())
}
