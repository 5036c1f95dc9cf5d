//! Dossiers of the public services through the API, on SQLite and PostgreSQL: three
//! procedures from draft to submission (form values, documents, the fee and its calculation,
//! the dossier code from the day's gapless counter, the promised date), bad input answered on
//! the field with nothing lost, applicants kept apart, and tracking by code and telephone that
//! does not let codes be tried.

mod common;

/// The area an exploration licence is asked for: 120 ha near Kim Bảng, Hà Nam, on the
/// province's VN-2000 plane (central meridian 105°00′), as the area field keeps it.
const KIM_BANG_AREA: &str = r#"{"meridian":"105","zone":"3","points":"1 2273000 589000\n2 2273000 590200\n3 2272000 590200\n4 2272000 589000"}"#;

use axum::http::{Method, StatusCode};
use common::{Session, TestApp, visible_text};
use lode_db::Backend;
use serde_json::{Value, json};

lode_db::on_both_backends!(
    dossiers_go_from_draft_to_submission,
    bad_input_and_other_applicants_are_refused,
    codes_are_gapless_under_concurrent_submissions,
    the_receipt_slip_is_signed_and_the_tracking_page_answers,
    an_applicant_files_through_the_pages,
    the_desk_accepts_asks_once_and_refuses,
    the_area_asked_for_is_typed_or_read_from_a_file_and_checked,
    a_drafts_changes_are_audited_and_stop_once_it_is_filed,
    each_paper_of_a_dossier_is_read_beside_its_page,
    a_refused_decision_keeps_the_paper_read_beside,
    every_figure_of_the_statistics_opens_the_dossiers_it_counts,
    the_desk_reads_the_licence_a_dossier_names_in_the_register,
);

/// A dossier naming a licence (an extension): the applicant before filing, and the desk before
/// accepting, read in the register whether it exists, whose it is and whether it is in force;
/// one the register does not hold, or held by another, is said as a warning.
async fn the_desk_reads_the_licence_a_dossier_names_in_the_register(
    b: Backend,
) -> anyhow::Result<()> {
    let app = demo(b).await?;
    let officer = app
        .login_with("motcua", lode_db::demo::DEMO_PASSWORD)
        .await?;
    let business = app
        .login_with("minhphat", lode_db::demo::DEMO_PASSWORD)
        .await?;
    // the applicant reads it before filing: of a licence in force whose it is; of one no longer
    // in force only that (the public register shows licences in force), without its holder
    for asked in ["102/GP-BTNMT", "125/GP-BTNMT", "999/GP-XYZ"] {
        let line = lode_cadastre::register::by_number(&app.state.db, asked).await?;
        let values = json!({"licence_number": asked, "mineral_group": "building", "reason": "Còn trữ lượng"});
        let id = draft(&app, &business, "1.004314", values).await?;
        let own = visible_text(
            &app.get(&format!("/ho-so/{id}"), Some(&business))
                .await
                .text(),
        );
        match line {
            None => assert!(
                own.contains("kiểm tra lại số giấy phép trước khi nộp"),
                "{own}"
            ),
            Some((l, _)) if l.status == lode_cadastre::licence::Status::Valid => assert!(
                own.contains(&format!("cấp cho {}", l.holder))
                    && own.contains("không cấp cho anh/chị hay tổ chức của anh/chị"),
                "{own}"
            ),
            Some((l, _)) => assert!(
                own.contains(&format!("Giấy phép số {} không còn hiệu lực", l.number))
                    && !own.contains(&l.holder),
                "{own}"
            ),
        }
    }
    let (number, holder): (String, String) = {
        let line = lode_cadastre::register::by_number(&app.state.db, "101/gp-btnmt")
            .await?
            .ok_or_else(|| anyhow::anyhow!("the demo's licence 101/GP-BTNMT"))?;
        (line.0.number, line.0.holder)
    };
    for (asked, said) in [
        (number.as_str(), format!("cấp cho {holder}")),
        ("999/GP-XYZ", "không có giấy phép số 999/GP-XYZ".to_string()),
    ] {
        let values = json!({"licence_number": asked, "mineral_group": "building", "reason": "Còn trữ lượng"});
        let id = draft(&app, &business, "1.004314", values).await?;
        let r = complete_and_submit(&app, &business, id, "1.004314").await?;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        let page = app
            .get(&format!("/mot-cua/{id}"), Some(&officer))
            .await
            .text();
        let text = visible_text(&page);
        assert!(text.contains(&said), "{said}: {text}");
        assert!(
            page.contains("<div class=\"notice warning\" id=\"licence-check\""),
            "{page}"
        );
        if asked == number {
            // granted to another company than Minh Phát
            assert!(text.contains("không phải người nộp hồ sơ"), "{text}");
            assert!(page.contains("href=\"/giay-phep/"), "{page}");
        } else {
            // what to do is said while the desk decides; accepted, only what was found
            assert!(text.contains("trước khi tiếp nhận"), "{text}");
            let r = app
                .post(
                    &format!("/api/v1/desk/applications/{id}"),
                    Some(&officer),
                    &json!({"decision": "accept", "reason": ""}),
                )
                .await;
            assert_eq!(r.status, StatusCode::OK, "{}", r.text());
            let after = visible_text(
                &app.get(&format!("/mot-cua/{id}"), Some(&officer))
                    .await
                    .text(),
            );
            assert!(
                after.contains("không có giấy phép số 999/GP-XYZ.")
                    && !after.contains("trước khi tiếp nhận"),
                "{after}"
            );
        }
    }
    Ok(())
}

/// The text between `start` and the next `end` after it.
fn between<'a>(text: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let from = text.find(start)? + start.len();
    let to = text[from..].find(end)? + from;
    Some(&text[from..to])
}

/// On the public services' statistics, the shares, each month's bars and each procedure's row
/// open the list of the dossiers they count, and that list holds as many.
async fn every_figure_of_the_statistics_opens_the_dossiers_it_counts(
    b: Backend,
) -> anyhow::Result<()> {
    let app = demo(b).await?;
    let officer = app
        .login_with("motcua", lode_db::demo::DEMO_PASSWORD)
        .await?;
    // one dossier filed today, waiting at the desk
    let business = app
        .login_with("minhphat", lode_db::demo::DEMO_PASSWORD)
        .await?;
    let id = draft(
        &app,
        &business,
        "DCKS.14",
        json!({"documents_wanted": "Báo cáo địa chất vùng Tây Bắc", "access": "copy", "drawings": "2"}),
    )
    .await?;
    let filed = complete_and_submit(&app, &business, id, "DCKS.14").await?;
    assert_eq!(filed.status, StatusCode::OK, "{}", filed.text());
    let page = app.get("/thong-ke", Some(&officer)).await.text();
    let listed = |text: String| -> anyhow::Result<i64> {
        Ok(
            match between(&text, "class=\"list-total\" role=\"status\">", " ") {
                Some(n) => n.replace('.', "").parse()?,
                None => 0,
            },
        )
    };
    let (mut followed, mut counted) = (0, 0);
    let mut rest = page.as_str();
    while let Some(at) = rest.find("href=\"/thong-ke/ho-so?") {
        rest = &rest[at + "href=\"".len()..];
        let raw = between(rest, "", "\"").unwrap_or_default();
        let (href, after) = (raw.replace("&amp;", "&"), &rest[raw.len()..]);
        // a gauge's part, a bar's label, a row's total, a figure of the year's standing
        let said = if let Some(part) = between(after, "class=\"gauge-count\">(", "/") {
            part.to_string()
        } else if let Some(figure) = after
            .strip_prefix("\">")
            .and_then(|a| a.split('<').next())
            .filter(|f| !f.is_empty() && f.chars().all(|c| c.is_ascii_digit() || c == '.'))
        {
            figure.to_string()
        } else if after.starts_with("\" aria-label") {
            between(after, "aria-label=\"", "\"")
                .and_then(|l| l.rsplit(": ").next())
                .unwrap_or_default()
                .to_string()
        } else {
            between(after, "class=\"bar-total\">", "<")
                .unwrap_or_default()
                .to_string()
        };
        let part: i64 = said.replace('.', "").parse()?;
        let list = app.get(&href, Some(&officer)).await;
        assert_eq!(list.status, StatusCode::OK, "{href}");
        assert_eq!(
            listed(list.text())?,
            part,
            "{href} lists other than the figure's {part}"
        );
        followed += 1;
        counted += part;
    }
    assert!(followed >= 34, "{followed} figures followed");
    assert!(counted > 0, "the demo's dossiers are counted");
    // every dossier of the year stands in exactly one place: waiting, in handling, settled on
    // time or late, refused or withdrawn; those waiting at the desk are not "in handling"
    let standing = between(
        &page,
        "<caption>Tình hình giải quyết hồ sơ trong năm",
        "</table>",
    )
    .unwrap_or_default();
    let figures: Vec<i64> = standing
        .split("\">")
        .filter_map(|part| part.split("</a>").next().filter(|_| part.contains("</a>")))
        .map(|n| n.replace('.', "").parse())
        .collect::<Result<_, _>>()?;
    assert_eq!(figures.len(), 8, "{standing}");
    // all, waiting, in handling, (of which overdue), on time, late, refused, withdrawn
    let (all, overdue) = (figures[0], figures[3]);
    assert_eq!(
        all,
        figures[1] + figures[2] + figures[4] + figures[5] + figures[6] + figures[7],
        "{standing}"
    );
    assert!(overdue <= figures[1] + figures[2], "{standing}");
    assert!(
        figures[1] > 0 && figures[2] > 0 && overdue <= all,
        "{standing}"
    );
    let waiting = app
        .get("/thong-ke/ho-so?outcome=waiting", Some(&officer))
        .await
        .text();
    let waiting = visible_text(&waiting);
    assert!(
        waiting.contains("Chờ tiếp nhận hoặc chờ bổ sung")
            && !waiting.contains("Đã tiếp nhận, đang giải quyết"),
        "{waiting}"
    );
    // a month and a way of filing, said in words; a dossier opens at the desk
    let month = chrono::Datelike::month(&lode_db::today());
    let list = app
        .get(
            &format!("/thong-ke/ho-so?month={month}&channel=online"),
            Some(&officer),
        )
        .await
        .text();
    let text = visible_text(&list);
    assert!(
        text.contains("Trực tuyến") && text.contains(&format!("Tháng {month}")),
        "{text}"
    );
    assert!(list.contains("href=\"/mot-cua/"), "{list}");
    // what does not read is ignored, never an error
    let odd = app
        .get(
            "/thong-ke/ho-so?month=13&outcome=nothing&year=",
            Some(&officer),
        )
        .await;
    assert_eq!(odd.status, StatusCode::OK);
    // a year the statistics cannot hold is said beside its box, what was typed kept, and this
    // year's figures shown meanwhile
    for typed in ["1850", "n%C4%83m+nay"] {
        let page = app
            .get(&format!("/thong-ke?year={typed}"), Some(&officer))
            .await;
        assert_eq!(page.status, StatusCode::OK, "{typed}");
        let html = page.text();
        assert!(
            html.contains("Nhập một năm từ 2000 đến 2100.")
                && html.contains("aria-invalid=\"true\""),
            "{html}"
        );
        let this_year = chrono::Datelike::year(&lode_db::today()).to_string();
        assert!(
            visible_text(&html).contains(&format!("Thống kê hồ sơ thủ tục hành chính {this_year}")),
            "{html}"
        );
    }
    let kept = app.get("/thong-ke?year=1850", Some(&officer)).await.text();
    assert!(kept.contains("value=\"1850\""), "{kept}");
    Ok(())
}

/// The demo organisation with every capability mounted.
async fn demo(b: Backend) -> anyhow::Result<TestApp> {
    TestApp::demo(
        b,
        common::Mount {
            capabilities: vec![
                lode_eoffice::web::capability(),
                lode_services::web::capability(),
                lode_archive::web::capability(),
                lode_cadastre::web::capability(),
            ],
            settings: axum::http::Extensions::new(),
        },
    )
    .await
}

/// At the desk, a dossier of several papers offers each to be read beside the page; the one
/// shown is marked, and a key the dossier does not hold shows the first paper.
async fn each_paper_of_a_dossier_is_read_beside_its_page(b: Backend) -> anyhow::Result<()> {
    let app = demo(b).await?;
    let officer = app
        .login_with("motcua", lode_db::demo::DEMO_PASSWORD)
        .await?;
    let list = app
        .get("/mot-cua?status=accepted", Some(&officer))
        .await
        .text();
    let mut checked = 0;
    for id in list
        .split("href=\"/mot-cua/")
        .skip(1)
        .filter_map(|s| s.split('"').next())
    {
        let Ok(id) = id.parse::<i64>() else { continue };
        let page = app
            .get(&format!("/mot-cua/{id}"), Some(&officer))
            .await
            .text();
        // its history says who took each step: the desk officer who accepted it
        let history = page
            .split("<h2 id=\"qua-trinh\">")
            .nth(1)
            .unwrap_or_default();
        assert!(
            history.contains("<span class=\"hint\">Hoàng Văn Nam</span>"),
            "{history}"
        );
        let keys: Vec<String> = page
            .split(&format!("class=\"show-beside\" href=\"/mot-cua/{id}?xem="))
            .skip(1)
            .filter_map(|s| s.split('#').next().map(str::to_string))
            .collect();
        if keys.len() < 2 {
            continue;
        }
        assert_eq!(page.matches("class=\"badge beside\"").count(), 1, "{page}");
        for key in &keys {
            let shown = app
                .get(&format!("/mot-cua/{id}?xem={key}"), Some(&officer))
                .await;
            assert_eq!(shown.status, StatusCode::OK);
            let shown = shown.text();
            assert!(
                shown.contains(&format!("<object data=\"/mot-cua/{id}/tai-lieu/{key}#")),
                "{key}: {shown}"
            );
            assert!(!shown.contains(&format!("?xem={key}#")), "{key} is shown");
        }
        let unknown = app
            .get(&format!("/mot-cua/{id}?xem=nothing"), Some(&officer))
            .await;
        assert_eq!(unknown.status, StatusCode::OK);
        assert!(
            unknown
                .text()
                .contains(&format!("<object data=\"/mot-cua/{id}/tai-lieu/"))
        );
        checked += 1;
    }
    assert!(checked > 0, "a demo dossier holds several papers: {list}");
    Ok(())
}

/// A decision the desk sends without choosing one is asked for again with the paper the
/// officer was reading still beside it, not the first paper.
async fn a_refused_decision_keeps_the_paper_read_beside(b: Backend) -> anyhow::Result<()> {
    let (app, business) = app(b).await?;
    let officer = app.one_stop_officer().await?;
    let values = json!({"licence_number": "123/GP-BTNMT", "mineral_group": "building", "reason": "Còn trữ lượng"});
    let id = draft(&app, &business, "1.004314", values).await?;
    let r = complete_and_submit(&app, &business, id, "1.004314").await?;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let page = app
        .get(&format!("/mot-cua/{id}"), Some(&officer))
        .await
        .text();
    let second = page
        .split(&format!("class=\"show-beside\" href=\"/mot-cua/{id}?xem="))
        .nth(1)
        .and_then(|s| s.split('#').next())
        .unwrap_or_default()
        .to_string();
    assert!(
        !second.is_empty(),
        "the dossier holds several papers: {page}"
    );
    // a long page: the decision one tap away from its top, and where the link leads
    let jump = page.split("<nav class=\"jump\"").nth(1).unwrap_or_default();
    assert!(
        jump.starts_with(" aria-label=\"Các phần của trang\"><a class=\"button\" href=\"#quyet-dinh\">Kiểm tra và quyết định</a>"),
        "{jump}"
    );
    for part in ["quyet-dinh", "giay-to", "trao-doi", "qua-trinh"] {
        assert!(page.contains(&format!("<h2 id=\"{part}\">")), "{part}");
    }
    let shown = app
        .get(&format!("/mot-cua/{id}?xem={second}"), Some(&officer))
        .await
        .text();
    assert!(
        shown.contains(&format!("name=\"xem\" value=\"{second}\"")),
        "{shown}"
    );
    // no decision chosen: asked for beside its choices, the paper read still beside
    let refused = app
        .form(
            &officer,
            &format!("/mot-cua/{id}"),
            &[("xem", &second), ("reason", "Đã xem bản đồ")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let refused = refused.text();
    assert!(
        refused.contains(&format!("<object data=\"/mot-cua/{id}/tai-lieu/{second}#"))
            && refused.contains("Đã xem bản đồ"),
        "{refused}"
    );
    Ok(())
}

async fn app(b: Backend) -> anyhow::Result<(TestApp, Session)> {
    let app = common::mounted(b, false).await?;
    lode_services::catalogue::seed_catalogue(&app.state.db).await?;
    let business = app.login("minhphat").await?;
    Ok((app, business))
}

async fn draft(app: &TestApp, who: &Session, code: &str, values: Value) -> anyhow::Result<i64> {
    let r = app
        .post(
            "/api/v1/applications",
            Some(who),
            &json!({"procedure_code": code, "values": values, "phone": "0912 345 678"}),
        )
        .await;
    anyhow::ensure!(r.status == StatusCode::CREATED, "{}", r.text());
    Ok(r.json()["id"].as_i64().unwrap_or_default())
}

async fn put_pdf(app: &TestApp, who: &Session, id: i64, key: &str) -> common::Resp {
    app.raw(
        Method::PUT,
        &format!("/api/v1/applications/{id}/documents/{key}?name={key}.pdf"),
        Some(who),
        "application/pdf",
        lode_db::demo::sample_pdf(&[key]),
    )
    .await
}

/// Puts every required document of the procedure.
async fn complete(app: &TestApp, who: &Session, id: i64, code: &str) -> anyhow::Result<()> {
    let p = app
        .get(&format!("/api/v1/procedures/{code}"), None)
        .await
        .json();
    for d in p["procedure"]["documents"].as_array().into_iter().flatten() {
        if d["required"] == true {
            let key = d["key"].as_str().unwrap_or_default();
            let r = put_pdf(app, who, id, key).await;
            anyhow::ensure!(r.status == StatusCode::OK, "{key}: {}", r.text());
        }
    }
    Ok(())
}

/// Puts the required documents and submits.
async fn complete_and_submit(
    app: &TestApp,
    who: &Session,
    id: i64,
    code: &str,
) -> anyhow::Result<common::Resp> {
    complete(app, who, id, code).await?;
    Ok(app
        .post(
            &format!("/api/v1/applications/{id}/submit"),
            Some(who),
            &json!({}),
        )
        .await)
}

/// The audit entries written about dossier `id`: action and detail, oldest first.
async fn audited(app: &TestApp, id: i64) -> anyhow::Result<Vec<(String, Value)>> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT action, detail FROM audit_log
         WHERE entity_type = 'application' AND entity_id = $1 ORDER BY seq",
    )
    .bind(id.to_string())
    .fetch_all(app.state.db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(|(a, d)| (a, serde_json::from_str(&d).unwrap_or(Value::Null)))
        .collect())
}

async fn a_drafts_changes_are_audited_and_stop_once_it_is_filed(b: Backend) -> anyhow::Result<()> {
    let (app, business) = app(b).await?;
    let values = json!({"licence_number": "123/GP-BTNMT", "mineral_group": "building", "reason": "Còn trữ lượng"});
    let id = draft(&app, &business, "1.004314", values).await?;
    let read = app
        .get(&format!("/api/v1/applications/{id}"), Some(&business))
        .await
        .json();
    let version = read["version"].as_i64().unwrap_or_default();
    // one value changed: the change is audited with the field it touched
    let change = json!({"values": {"licence_number": "124/GP-BTNMT", "mineral_group": "building",
                        "reason": "Còn trữ lượng"}, "version": version});
    // then the same version again: it changed since, refused, nothing written
    for answer in [StatusCode::OK, StatusCode::CONFLICT] {
        let r = app
            .put(
                &format!("/api/v1/applications/{id}"),
                Some(&business),
                &change,
            )
            .await;
        assert_eq!(r.status, answer, "{}", r.text());
    }
    let r = complete_and_submit(&app, &business, id, "1.004314").await?;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let entries = audited(&app, id).await?;
    let of = |action: &str| -> Vec<&Value> {
        entries
            .iter()
            .filter(|(a, _)| a == action)
            .map(|(_, d)| d)
            .collect()
    };
    let changed = of("application.changed");
    assert_eq!(changed.len(), 1, "{entries:?}");
    assert_eq!(changed[0]["fields"], json!(["licence_number"]));
    let papers = of("application.document");
    assert!(!papers.is_empty(), "{entries:?}");
    assert!(
        papers
            .iter()
            .all(|d| d["sha256"].as_str().is_some_and(|h| h.len() == 64) && d["key"].is_string())
    );
    // filed: neither a paper nor a value can be changed any more, and nothing more is written
    let r = put_pdf(&app, &business, id, "application").await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.text());
    let r = app
        .put(
            &format!("/api/v1/applications/{id}"),
            Some(&business),
            &json!({"values": {"licence_number": "999/GP-BTNMT"}}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.text());
    assert_eq!(audited(&app, id).await?.len(), entries.len());
    // the log's page names the dossier by its code, the procedure by its code and name
    let code = app
        .get(&format!("/api/v1/applications/{id}"), Some(&business))
        .await
        .json()["code"]
        .as_str()
        .map(str::to_string)
        .unwrap_or_default();
    let admin = app.login("admin").await?;
    let log = app
        .get(
            &format!("/audit?entity_type=application&entity_id={id}"),
            Some(&admin),
        )
        .await
        .text();
    assert!(
        !code.is_empty() && log.contains(&format!("Hồ sơ dịch vụ công: {code}")),
        "{code}: {log}"
    );
    // asked for by the code the applicant knows it by, it shows the same entries
    let by_code = app
        .get(&format!("/audit?entity_id={code}"), Some(&admin))
        .await
        .text();
    let rows = |page: &str| page.matches("<tr").count();
    assert_eq!(rows(&by_code), rows(&log), "{by_code}");
    assert!(by_code.contains(&format!("Hồ sơ dịch vụ công: {code}")));
    Ok(())
}

fn today_code_part() -> String {
    lode_db::today().format("%y%m%d").to_string()
}

async fn dossiers_go_from_draft_to_submission(b: Backend) -> anyhow::Result<()> {
    let (app, business) = app(b).await?;
    let cases = [
        // the exploration licence: by area, 120 ha → 10 000 000 đ
        (
            "2.001816",
            json!({"mineral": "Đá vôi", "location": "Xã Kim Bảng, tỉnh Hà Nam", "area_ha": "120",
                   "coordinates": KIM_BANG_AREA}),
            10_000_000,
        ),
        // a mining licence's extension, by the kind of mineral: half of 15 000 000 đ
        (
            "1.004314",
            json!({"licence_number": "123/GP-BTNMT", "mineral_group": "building", "reason": "Còn trữ lượng"}),
            7_500_000,
        ),
        // consulting documents: 2 volumes and 3 drawings
        (
            "DCKS.14",
            json!({"documents_wanted": "Báo cáo thăm dò mỏ sắt Thạch Khê", "access": "consult",
                   "text_volumes": "2", "drawings": "3"}),
            2 * 9_000 + 3 * 8_500,
        ),
    ];
    for (n, (code, values, fee)) in cases.into_iter().enumerate() {
        let id = draft(&app, &business, code, values).await?;
        let r = app
            .get(&format!("/api/v1/applications/{id}/fee"), Some(&business))
            .await;
        assert_eq!(r.status, StatusCode::OK, "{code}: {}", r.text());
        assert_eq!(r.json()["amount"], fee, "{code}: {}", r.text());
        assert!(!r.json()["steps"].as_array().is_none_or(Vec::is_empty));
        // not complete yet: every missing document named
        let r = app
            .post(
                &format!("/api/v1/applications/{id}/submit"),
                Some(&business),
                &json!({}),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
        assert!(
            r.field_codes().iter().all(|f| f.starts_with("documents.")),
            "{:?}",
            r.field_codes()
        );
        complete(&app, &business, id, code).await?;
        let r = app
            .post(
                &format!("/api/v1/applications/{id}/submit"),
                Some(&business),
                &json!({}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{code}: {}", r.text());
        let a = r.json();
        let expected = format!("000.00.27.G12-{}-{:04}", today_code_part(), n + 1);
        assert_eq!(a["code"], expected.as_str(), "{a}");
        assert_eq!(a["status"], "submitted");
        assert_eq!(a["fee_amount"], fee);
        // an area asked for is filed with the mining cadastre on submission, and checked
        let filed = lode_cadastre::applications::of_application(&app.state.db, id).await?;
        if code == "2.001816" {
            let filed = filed.ok_or_else(|| anyhow::anyhow!("the area was not filed"))?;
            assert_eq!(filed.reference, expected);
            assert!((filed.area_ha - 120.0).abs() < 0.001, "{}", filed.area_ha);
            assert_eq!(
                filed.standing,
                lode_cadastre::applications::Standing::Pending
            );
            assert_eq!(filed.province, "Xã Kim Bảng, tỉnh Hà Nam");
            assert!(filed.findings.clear(), "{:?}", filed.findings);
        } else {
            assert!(filed.is_none(), "{code} asks for no area");
        }
        assert!(
            a["due_on"]
                .as_str()
                .is_some_and(|d| d > a["received_on"].as_str().unwrap_or(""))
        );
        // a double submit changes nothing
        let again = app
            .post(
                &format!("/api/v1/applications/{id}/submit"),
                Some(&business),
                &json!({}),
            )
            .await;
        assert_eq!(again.status, StatusCode::CONFLICT, "{}", again.text());
        // followed by anyone with the code and the telephone number (+84 written or not)
        let track = app
            .get(
                &format!("/api/v1/track?code={expected}&phone=%2B84%20912345678"),
                None,
            )
            .await;
        assert_eq!(track.status, StatusCode::OK, "{}", track.text());
        assert_eq!(track.json()["status"], "submitted");
        assert!(
            track.json()["events"]
                .to_string()
                .contains("hẹn trả kết quả")
        );
        // the same steps, read by an English reader, in English (written once, as a message)
        let mut english = TestApp::request(
            Method::GET,
            &format!("/api/v1/track?code={expected}&phone=0912345678"),
            None,
            None,
        );
        english
            .headers_mut()
            .insert("cookie", axum::http::HeaderValue::from_static("lang=en"));
        let steps = app.send(english).await.json()["events"].to_string();
        assert!(steps.contains("Submitted online as dossier"), "{steps}");
        assert!(!steps.contains("hẹn trả"), "{steps}");
        for wrong in [
            format!("/api/v1/track?code={expected}&phone=0912345679"),
            format!(
                "/api/v1/track?code=000.00.27.G12-{}-9999&phone=0912345678",
                today_code_part()
            ),
        ] {
            let r = app.get(&wrong, None).await;
            assert_eq!(r.status, StatusCode::NOT_FOUND, "{wrong}");
        }
    }
    let r = app
        .get(
            "/api/v1/track?code=000.00.27.G12-261399-0001&phone=0912345678",
            None,
        )
        .await;
    assert_eq!(
        r.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a tampered code"
    );
    let mine = app
        .get("/api/v1/applications", Some(&business))
        .await
        .json();
    assert_eq!(mine.as_array().map(Vec::len), Some(3));
    Ok(())
}

async fn bad_input_and_other_applicants_are_refused(b: Backend) -> anyhow::Result<()> {
    let (app, business) = app(b).await?;
    let clerk = app.login("vanthu").await?;
    let body = json!({"procedure_code": "2.001816", "values": {}});
    assert_eq!(
        app.post("/api/v1/applications", Some(&clerk), &body)
            .await
            .status,
        StatusCode::FORBIDDEN,
        "staff are not applicants"
    );
    // reserve approval is filed in person; unknown codes and fields, values that do not read
    for (body, field) in [
        (
            json!({"procedure_code": "DCKS.12"}),
            "procedure_code:in_person",
        ),
        (
            json!({"procedure_code": "9.999999"}),
            "procedure_code:unknown",
        ),
        (
            json!({"procedure_code": "2.001816", "values": {"colour": "red"}}),
            "values.colour:unknown",
        ),
        (
            json!({"procedure_code": "2.001816", "values": {"area_ha": "mười"}}),
            "values.area_ha:not_a_number",
        ),
        (
            json!({"procedure_code": "2.001816", "values": {"area_ha": "-1"}}),
            "values.area_ha:negative_number",
        ),
        (
            // volumes are counted, never cut
            json!({"procedure_code": "2.002318", "values": {"volumes": "2,5"}}),
            "values.volumes:whole_number",
        ),
        (
            // a figure no dossier states is refused when typed, not stored to fail the fee
            json!({"procedure_code": "2.002318", "values": {"volumes": "99999999999999999999"}}),
            "values.volumes:number_too_large",
        ),
        (
            // two thousand five hundred đồng, or two and a half? the form asks
            json!({"procedure_code": "2.001816", "values": {"exploration_cost": "2,500"}}),
            "values.exploration_cost:ambiguous_number",
        ),
        (
            json!({"procedure_code": "1.004314", "values": {"mineral_group": "gold"}}),
            "values.mineral_group:invalid_choice",
        ),
    ] {
        let r = app
            .post("/api/v1/applications", Some(&business), &body)
            .await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{body}: {}",
            r.text()
        );
        assert!(
            r.field_codes().contains(&field.to_string()),
            "{body}: {:?}",
            r.field_codes()
        );
    }
    // amounts as people write them, thousands grouped
    let id = draft(
        &app,
        &business,
        "2.001816",
        json!({"area_ha": "50", "exploration_cost": "2.500.000.000"}),
    )
    .await?;
    // one group of thousands, as lode writes them, is thousands: kept to be read so
    let grouped = draft(
        &app,
        &business,
        "2.001816",
        json!({"area_ha": "1.000", "exploration_cost": "50.000"}),
    )
    .await?;
    let kept = app
        .get(&format!("/api/v1/applications/{grouped}"), Some(&business))
        .await
        .json();
    assert_eq!(
        (
            &kept["values"]["area_ha"],
            &kept["values"]["exploration_cost"]
        ),
        (&json!("1000"), &json!("50000")),
        "{kept}"
    );
    // files: not a PDF, declared otherwise, a key the procedure lacks
    let r = app
        .raw(
            Method::PUT,
            &format!("/api/v1/applications/{id}/documents/application"),
            Some(&business),
            "application/pdf",
            "hello",
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    let r = app
        .raw(
            Method::PUT,
            &format!("/api/v1/applications/{id}/documents/application"),
            Some(&business),
            "text/plain",
            "hello",
        )
        .await;
    assert_eq!(r.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let r = put_pdf(&app, &business, id, "selfie").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    // more than 50 MiB: refused before anything is stored
    let mut huge = lode_db::demo::sample_pdf(&["big"]);
    huge.resize(lode_web::files::DOCUMENT_MAX_BYTES + 1, b' ');
    let r = app
        .raw(
            Method::PUT,
            &format!("/api/v1/applications/{id}/documents/application"),
            Some(&business),
            "application/pdf",
            huge,
        )
        .await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", r.text());
    // a page's form sent too large: the page says what the limits are and how to go back
    let r = app
        .raw(
            Method::POST,
            &format!("/ho-so/{id}/nop"),
            Some(&business),
            "application/x-www-form-urlencoded",
            format!(
                "csrf={}&v_purpose={}",
                business.csrf,
                "a".repeat(300 * 1024)
            ),
        )
        .await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    let said = visible_text(&r.text());
    assert!(
        said.contains("Dữ liệu gửi lên quá lớn")
            && said.contains("Mỗi tệp tải lên tối đa 50 MB")
            && said.contains("nút Quay lại"),
        "{said}"
    );
    // the form's boxes stop where the store would refuse
    let form = app
        .get(&format!("/ho-so/{id}"), Some(&business))
        .await
        .text();
    assert!(form.contains("maxlength=\"2000\""), "{form}");
    // required fields at submission: named, the draft kept as it was
    complete(&app, &business, id, "2.001816").await?;
    let r = app
        .post(
            &format!("/api/v1/applications/{id}/submit"),
            Some(&business),
            &json!({}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields = r.field_codes();
    assert!(
        fields.contains(&"values.mineral:required".to_string()),
        "{fields:?}"
    );
    let kept = app
        .get(&format!("/api/v1/applications/{id}"), Some(&business))
        .await
        .json();
    assert_eq!(kept["status"], "draft");
    assert_eq!(kept["values"]["area_ha"], "50");
    assert_eq!(kept["documents"].as_array().map(Vec::len), Some(4));
    // a stale version is a conflict
    let r = app
        .put(
            &format!("/api/v1/applications/{id}"),
            Some(&business),
            &json!({"values": {"area_ha": "60"}, "version": 1}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.text());

    // another business sees nothing of it, and cannot touch it
    lode_db::accounts::create_external(
        &app.state.db,
        &lode_db::AuditCtx::system("test"),
        &lode_db::accounts::NewExternal {
            kind: "business".into(),
            username: "other".into(),
            full_name: "Lê Văn Khác".into(),
            email: "khac@example.vn".into(),
            organisation_name: Some("Công ty TNHH Khác".into()),
            tax_code: Some("0100109106".into()),
            password: common::PASSWORD.into(),
            ..Default::default()
        },
    )
    .await?;
    let other = app.login("other").await?;
    for (method, path) in [
        (Method::GET, format!("/api/v1/applications/{id}")),
        (Method::GET, format!("/api/v1/applications/{id}/fee")),
        (Method::POST, format!("/api/v1/applications/{id}/submit")),
        (Method::PUT, format!("/api/v1/applications/{id}")),
    ] {
        let r = app
            .raw(
                method.clone(),
                &path,
                Some(&other),
                "application/json",
                "{}",
            )
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{method} {path}");
    }
    let r = put_pdf(&app, &other, id, "application").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(
        app.get("/api/v1/applications", Some(&other)).await.json(),
        json!([])
    );
    Ok(())
}

async fn codes_are_gapless_under_concurrent_submissions(b: Backend) -> anyhow::Result<()> {
    let (app, business) = app(b).await?;
    let values = json!({"documents_wanted": "Bản đồ địa chất 1:50 000", "access": "consult", "catalogue_visits": "1"});
    let mut ids = Vec::new();
    for _ in 0..8 {
        let id = draft(&app, &business, "DCKS.14", values.clone()).await?;
        complete(&app, &business, id, "DCKS.14").await?;
        ids.push(id);
    }
    let submits = ids.iter().map(|id| {
        let (app, business) = (&app, &business);
        async move {
            app.post(
                &format!("/api/v1/applications/{id}/submit"),
                Some(business),
                &json!({}),
            )
            .await
        }
    });
    let results = futures::future::join_all(submits).await;
    let mut serials: Vec<u32> = results
        .iter()
        .map(|r| {
            assert_eq!(r.status, StatusCode::OK, "{}", r.text());
            r.json()["code"]
                .as_str()
                .and_then(|c| c.rsplit('-').next())
                .and_then(|s| s.parse().ok())
                .unwrap_or_default()
        })
        .collect();
    serials.sort_unstable();
    assert_eq!(serials, (1..=8).collect::<Vec<u32>>());
    Ok(())
}

/// Form 01 (the receipt and appointment slip) of a submitted dossier: the code, the documents,
/// the promised date, the QR code of the tracking page; signed by the organisation when lode
/// keeps its key. The tracking page answers with the code and the telephone number only.
async fn the_receipt_slip_is_signed_and_the_tracking_page_answers(
    b: Backend,
) -> anyhow::Result<()> {
    let app = common::mounted(b, true).await?;
    lode_services::catalogue::seed_catalogue(&app.state.db).await?;
    let admin = app.login("admin").await?;
    let r = app
        .post(
            "/api/v1/certificates/issue",
            Some(&admin),
            &json!({"holder_unit_id": app.ids.dept}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let business = app.login("minhphat").await?;
    let id = draft(
        &app,
        &business,
        "DCKS.14",
        json!({"documents_wanted": "Báo cáo địa chất vùng Tây Bắc", "access": "copy", "drawings": "2"}),
    )
    .await?;
    let receipt = format!("/api/v1/applications/{id}/receipt");
    assert_eq!(
        app.get(&receipt, Some(&business)).await.status,
        StatusCode::CONFLICT,
        "no receipt before submission"
    );
    let r = complete_and_submit(&app, &business, id, "DCKS.14").await?;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let code = r.json()["code"].as_str().unwrap_or_default().to_string();
    assert_eq!(
        app.get(&receipt, Some(&business)).await.status,
        StatusCode::CONFLICT,
        "the slip is issued on acceptance"
    );
    let officer = app.one_stop_officer().await?;
    let r = app
        .post(
            &format!("/api/v1/desk/applications/{id}"),
            Some(&officer),
            &json!({"decision": "accept", "reason": ""}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    // the officer prints it for an online dossier too
    let printed = app
        .get(&format!("/mot-cua/{id}/giay-tiep-nhan"), Some(&officer))
        .await;
    assert!(printed.body.starts_with(b"%PDF-"), "{}", printed.text());
    let slip = app.get(&receipt, Some(&business)).await;
    assert_eq!(slip.status, StatusCode::OK, "{}", slip.text());
    assert!(slip.body.starts_with(b"%PDF-"));
    let reports = lode_sign::verify::verify_trusted(&slip.body, &app.state.trust)?;
    assert_eq!(reports.len(), 1, "signed by the organisation");
    assert!(reports[0].valid(), "{:?}", reports[0].problems);
    assert_eq!(reports[0].trusted, Some(true));
    let file = app.db.dir.join("slip.pdf");
    std::fs::write(&file, &slip.body)?;
    let out = std::process::Command::new("pdftotext")
        .arg(&file)
        .arg("-")
        .output()?;
    // the slip is A5: lines wrap where they fall
    let text = String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    for expected in [
        "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
        code.as_str(),
        "Phiếu yêu cầu cung cấp thông tin",
        "5 ngày làm việc",
        "17.000 đồng",
        // the officer who accepted it, by name, under the body's digital signature
        "Hoàng Văn Nam (Tiếp nhận trực tuyến, ký số bởi cơ quan)",
        // one A5 page: the tracking code beside the signature
        "Trang 1/1",
    ] {
        assert!(text.contains(expected), "{expected} in {text}");
    }
    // dated as Decree 30 writes a date, on the day it was received
    let received = lode_db::today();
    // (days always with two digits, months from March on without a 0)
    let month = chrono::Datelike::month(&received);
    let month = if month < 3 {
        format!("{month:02}")
    } else {
        month.to_string()
    };
    let dated = format!(
        "Hà Nội, ngày {} tháng {month} năm {}",
        received.format("%d"),
        received.format("%Y")
    );
    assert!(text.contains(&dated), "{dated} in {text}");
    // the sealed slip names the configured address, never one a request gave
    let mut r = TestApp::request(
        Method::GET,
        &format!("/mot-cua/{id}/giay-tiep-nhan"),
        Some(&officer),
        None,
    );
    r.headers_mut().insert(
        axum::http::header::HOST,
        axum::http::HeaderValue::from_static("evil.example"),
    );
    let at_counter = app.send(r).await;
    std::fs::write(&file, &at_counter.body)?;
    let out = std::process::Command::new("pdftotext")
        .arg(&file)
        .arg("-")
        .output()?;
    let text = String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        text.contains(&format!(
            "Tra cứu tại {}/tra-cuu",
            app.state.config.public_url
        )) && !text.contains("evil.example"),
        "{text}"
    );
    // the papers the procedure wants signed: the desk and the applicant see whether they are
    let unsigned = app
        .get(&format!("/mot-cua/{id}"), Some(&officer))
        .await
        .text();
    assert!(unsigned.contains("Chưa ký số"), "{unsigned}");
    let signed = draft(
        &app,
        &business,
        "DCKS.14",
        json!({"documents_wanted": "Bản đồ địa chất tờ Lào Cai", "access": "consult", "catalogue_visits": "1"}),
    )
    .await?;
    let r = app
        .raw(
            Method::PUT,
            &format!("/api/v1/applications/{signed}/documents/request?name=phieu-yeu-cau.pdf"),
            Some(&business),
            "application/pdf",
            slip.body.clone(),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let r = app
        .post(
            &format!("/api/v1/applications/{signed}/submit"),
            Some(&business),
            &json!({}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    // a valid signature, but the agency's, not the business's: said so, and the desk warned
    // before it accepts
    for (who, page) in [
        (&officer, format!("/mot-cua/{signed}")),
        (&business, format!("/ho-so/{signed}")),
    ] {
        let page = app.get(&page, Some(who)).await.text();
        assert!(
            page.contains("Ký số bởi ")
                && page.contains("không phải người hoặc tổ chức nộp hồ sơ")
                && !page.contains("Chưa ký số"),
            "{page}"
        );
    }
    let desk = app
        .get(&format!("/mot-cua/{signed}"), Some(&officer))
        .await
        .text();
    assert!(
        desk.contains("chưa có chữ ký số hợp lệ của người nộp"),
        "{desk}"
    );
    // another applicant gets nothing
    assert_eq!(
        app.get(&receipt, Some(&admin)).await.status,
        StatusCode::FORBIDDEN
    );

    // the tracking page, open to all; its form is posted, the telephone number kept out of
    // the address
    let form = app.get("/tra-cuu", None).await.text();
    assert!(
        form.contains("<form class=\"filters\" method=\"post\" action=\"/tra-cuu\">"),
        "{form}"
    );
    let page = app
        .raw(
            Method::POST,
            "/tra-cuu",
            None,
            "application/x-www-form-urlencoded",
            format!("code={code}&phone=0912+345+678"),
        )
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text());
    assert!(page.text().contains("Đã tiếp nhận"), "{}", page.text());
    let page = app
        .get(&format!("/tra-cuu?code={code}&phone=0912345678"), None)
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.text()
            .contains("Cung cấp thông tin, tài liệu địa chất")
            && page.text().contains("Đã tiếp nhận")
            && !page.text().contains("⟨missing text⟩"),
        "{}",
        page.text()
    );
    // the code's last part, as the desk reads it off a slip, is enough
    let short = code.rsplitn(3, '-').take(2).collect::<Vec<_>>();
    let short = format!("{}-{}", short[1], short[0]);
    let page = app
        .get(&format!("/tra-cuu?code={short}&phone=0912345678"), None)
        .await;
    assert_eq!(page.status, StatusCode::OK, "{short}: {}", page.text());
    assert!(page.text().contains(&code), "{}", page.text());
    let wrong = app
        .get(&format!("/tra-cuu?code={code}&phone=0999999999"), None)
        .await;
    assert_eq!(wrong.status, StatusCode::NOT_FOUND);
    assert!(!wrong.text().contains("Cung cấp thông tin, tài liệu"));
    let bad = app.get("/tra-cuu?code=abc&phone=0912345678", None).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    // both wrong: each told beside its field
    let bad = app.get("/tra-cuu?code=abc&phone=xyz", None).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        bad.text().matches("class=\"field-error\"").count(),
        2,
        "{}",
        bad.text()
    );
    Ok(())
}

async fn form(app: &TestApp, who: &Session, path: &str, pairs: &[(&str, &str)]) -> common::Resp {
    app.form(who, path, pairs).await
}

/// The portal's pages from the applicant's side: the procedure's page offers to file, the
/// draft's form saved, the documents uploaded, the fee shown, an incomplete dossier refused on
/// its fields, the submission, the code and the receipt.
async fn an_applicant_files_through_the_pages(b: Backend) -> anyhow::Result<()> {
    let (app, business) = app(b).await?;
    let page = app
        .get("/dich-vu-cong/2.001812", Some(&business))
        .await
        .text();
    assert!(page.contains("Nộp hồ sơ trực tuyến"), "{page}");
    let r = form(&app, &business, "/ho-so", &[("procedure_code", "2.001812")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let at = r.header("location");
    assert!(
        at.trim_start_matches("/ho-so/").parse::<i64>().is_ok(),
        "{at}"
    );
    // asked again, the draft waiting is taken up, not one more begun
    let again = form(&app, &business, "/ho-so", &[("procedure_code", "2.001812")]).await;
    assert_eq!(again.header("location"), format!("{at}?done=resumed"));
    let resumed = visible_text(
        &app.get(&again.header("location"), Some(&business))
            .await
            .text(),
    );
    assert!(resumed.contains("đang có hồ sơ nháp"), "{resumed}");
    // a draft of another procedure is thrown away, once confirmed; a filed one never is
    let other = form(&app, &business, "/ho-so", &[("procedure_code", "2.001816")]).await;
    let other = other.header("location");
    let discard = format!("{other}/xoa");
    let refused = form(&app, &business, &discard, &[]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        app.get(&other, Some(&business)).await.status,
        StatusCode::OK
    );
    let gone = form(&app, &business, &discard, &[("confirm", "1")]).await;
    assert_eq!(gone.header("location"), "/ho-so?done=discarded");
    assert_eq!(
        app.get(&other, Some(&business)).await.status,
        StatusCode::NOT_FOUND
    );
    let list = visible_text(
        &app.get("/ho-so?done=discarded", Some(&business))
            .await
            .text(),
    );
    assert!(
        list.contains("Đã xóa hồ sơ nháp") && list.contains("chưa nộp, tạo ngày"),
        "{list}"
    );
    let r = form(
        &app,
        &business,
        &at,
        &[
            ("v_mineral", "Than"),
            ("v_location", "Xã Hòa Bình, tỉnh Quảng Ninh"),
            ("v_area_ha", "75,5"),
            ("v_coordinates", "1: 2 330 000 / 420 000"),
            ("v_licence_number", "56/GP-BTNMT"),
            ("v_reason", "Chưa hoàn thành khối lượng thăm dò"),
            ("phone", "0912 345 678"),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    // saved, and told so
    assert_eq!(r.header("location"), format!("{at}?done=saved"));
    let saved = app.get(&r.header("location"), Some(&business)).await.text();
    assert!(
        saved.contains("class=\"notice\"") && saved.contains("Đã lưu hồ sơ nháp."),
        "{saved}"
    );
    let page = app.get(&at, Some(&business)).await.text();
    assert!(!page.contains("Đã lưu hồ sơ nháp."), "told once");
    // a wrong number and a wrong telephone at once: both told at once
    let r = form(
        &app,
        &business,
        &at,
        &[
            ("v_area_ha", "bảy mươi"),
            ("phone", "abc"),
            ("v_reason", "Cần thêm thời gian thăm dò bổ sung"),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert!(
        r.text().contains("Phải là số.") && r.text().contains("Số điện thoại không hợp lệ"),
        "{}",
        r.text()
    );
    // what was typed well is kept all the same; the refused boxes keep what they held
    let kept = app
        .get(
            &at.replace("/ho-so/", "/api/v1/applications/"),
            Some(&business),
        )
        .await
        .json();
    assert_eq!(
        kept["values"]["reason"],
        json!("Cần thêm thời gian thăm dò bổ sung"),
        "{kept}"
    );
    assert_eq!(
        kept["values"]["licence_number"],
        json!("56/GP-BTNMT"),
        "{kept}"
    );
    assert_eq!(kept["contact_phone"], json!("0912 345 678"), "{kept}");
    assert!(
        page.contains("2.000.000 đồng"),
        "the fee for 75.5 ha: {page}"
    );
    // incomplete: the missing documents are named on the page, nothing submitted
    let r = form(&app, &business, &format!("{at}/nop"), &[]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    // each named as the applicant reads it, in Vietnamese: no field's key, no English
    let text = common::visible_text(&r.text());
    assert!(text.contains("Chưa có tài liệu này"), "{text}");
    for raw in ["values.", "documents.", "is missing", "ask for"] {
        assert!(!text.contains(raw), "{raw}: {text}");
    }
    // a value typed wrong and the papers still missing: said in one answer, not in rounds
    let r = form(
        &app,
        &business,
        &format!("{at}/nop"),
        &[("v_area_ha", "bảy mươi")],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let text = common::visible_text(&r.text());
    assert!(
        text.contains("Phải là số.") && text.contains("Chưa có tài liệu này"),
        "{text}"
    );
    assert!(
        !text.contains("Hãy nhập một số"),
        "each box refused once: {text}"
    );
    let p = app.get("/api/v1/procedures/2.001812", None).await.json();
    // two files chosen, one button pressed, a field typed wrong: both files kept, the field's
    // error beside it, what was typed shown again
    let keys: Vec<String> = p["procedure"]["documents"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|d| d["key"].as_str().map(str::to_string))
        .take(2)
        .collect();
    assert_eq!(keys.len(), 2, "{p}");
    let boundary = "lode-two";
    let mut body = Vec::new();
    let mut part = |name: &str, file: Option<&str>, data: &[u8]| {
        let head = match file {
            Some(f) => format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{f}\"\r\nContent-Type: application/pdf\r\n\r\n"
            ),
            None => {
                format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n")
            }
        };
        body.extend(head.into_bytes());
        body.extend_from_slice(data);
        body.extend(b"\r\n");
    };
    part("v_area_ha", None, "bảy mươi".as_bytes());
    part("v_mineral", None, "Than".as_bytes());
    part("key", None, keys[0].as_bytes());
    for k in &keys {
        part(
            &format!("file_{k}"),
            Some(&format!("{k}-chon.pdf")),
            &lode_db::demo::sample_pdf(&[k]),
        );
    }
    body.extend(format!("--{boundary}--\r\n").into_bytes());
    let r = app
        .raw(
            Method::POST,
            &format!("{at}/tai-lieu"),
            Some(&business),
            &format!("multipart/form-data; boundary={boundary}"),
            body,
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    let shown = r.text();
    assert!(shown.contains("bảy mươi"), "what was typed is shown again");
    for k in &keys {
        assert!(
            shown.contains(&format!("{k}-chon.pdf")),
            "{k} kept: {shown}"
        );
    }
    // the button pressed with no file chosen: said beside its row, with the field's error too
    let mut body = Vec::new();
    for (name, value) in [("v_area_ha", "bảy mươi"), ("key", keys[0].as_str())] {
        body.extend(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .into_bytes(),
        );
    }
    body.extend(format!("--{boundary}--\r\n").into_bytes());
    let r = app
        .raw(
            Method::POST,
            &format!("{at}/tai-lieu"),
            Some(&business),
            &format!("multipart/form-data; boundary={boundary}"),
            body,
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    let shown = r.text();
    assert!(
        shown.contains("Chưa chọn tệp") && shown.contains("Phải là số."),
        "both errors shown: {shown}"
    );
    // the documents, one upload each but the last, which goes with the submission itself
    let all: Vec<String> = p["procedure"]["documents"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|d| d["key"].as_str().map(str::to_string))
        .collect();
    let multipart = |fields: &[(&str, &str)], files: &[&str]| {
        let boundary = "lode-doc";
        let mut body = Vec::new();
        for (name, value) in fields {
            body.extend(
                format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
                    .into_bytes(),
            );
        }
        for key in files {
            body.extend(
                format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file_{key}\"; filename=\"{key}.pdf\"\r\nContent-Type: application/pdf\r\n\r\n")
                    .into_bytes(),
            );
            body.extend(lode_db::demo::sample_pdf(&[key]));
            body.extend(b"\r\n");
        }
        body.extend(format!("--{boundary}--\r\n").into_bytes());
        (format!("multipart/form-data; boundary={boundary}"), body)
    };
    let Some((last, others)) = all.split_last() else {
        anyhow::bail!("the procedure asks for no document: {p}");
    };
    for key in others {
        let (kind, body) = multipart(&[("key", key)], &[key]);
        let r = app
            .raw(
                Method::POST,
                &format!("{at}/tai-lieu"),
                Some(&business),
                &kind,
                body,
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{key}: {}", r.text());
    }
    // the application it must sign uploaded unsigned: said before filing, by name
    let draft = visible_text(&app.get(&at, Some(&business)).await.text());
    assert!(
        draft.contains("phải được ký số nhưng tệp đã tải lên chưa có chữ ký số hợp lệ"),
        "{draft}"
    );
    // the licence named is not in the register: filed only on the applicant's word, asked
    // beside its box and named in the summary by its label
    let (nop, on, who) = (format!("{at}/nop"), &app, &business);
    let file = |fields: &[(&str, &str)], files: &[&str]| {
        let (kind, body) = multipart(fields, files);
        let nop = &nop;
        async move { on.raw(Method::POST, nop, Some(who), &kind, body).await }
    };
    let r = file(&[], &[]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    let refused = r.text();
    assert!(
        refused.contains("id=\"confirm_licence-error\"")
            && refused.contains(
                "<strong>Xác nhận số giấy phép</strong>: Sổ đăng ký giấy phép có điều cần kiểm tra"
            ),
        "{refused}"
    );
    // "submit" pressed with the last file chosen and not uploaded: it goes with the dossier
    let r = file(&[("confirm_licence", "1")], &[last.as_str()]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let page = app.get(&at, Some(&business)).await.text();
    assert!(
        page.contains(&format!("000.00.27.G12-{}-0001", today_code_part())),
        "{page}"
    );
    assert!(!page.contains("⟨missing text⟩"));
    // the applicant has it in writing, with the code to follow it by
    let notices = app.get("/notifications", Some(&business)).await.text();
    assert!(
        notices.contains(&format!(
            "Hồ sơ 000.00.27.G12-{}-0001: đã nộp trực tuyến",
            today_code_part()
        )),
        "{notices}"
    );
    // the receipt slip comes with the desk's acceptance, not before
    assert!(!page.contains("giay-tiep-nhan"), "{page}");
    let slip = app
        .get(&format!("{at}/giay-tiep-nhan"), Some(&business))
        .await;
    assert_eq!(slip.status, StatusCode::CONFLICT);
    let list = app.get("/ho-so", Some(&business)).await.text();
    assert!(
        list.contains("Gia hạn giấy phép thăm dò khoáng sản"),
        "{list}"
    );
    // how many there are, each cell named on a phone
    assert!(list.contains("kết quả"), "{list}");
    assert!(list.contains("data-label=\"Tình trạng\""), "{list}");
    assert!(
        app.get("/ho-so?page=0", Some(&business))
            .await
            .status
            .is_client_error()
    );
    // staff have no such pages; another applicant cannot open it
    let clerk = app.login("vanthu").await?;
    assert_eq!(
        app.get("/ho-so", Some(&clerk)).await.status,
        StatusCode::FORBIDDEN
    );
    Ok(())
}

/// The one-stop desk: officers only; a submitted dossier accepted; another asked once for what
/// is missing (form 02), completed by the applicant under the same code with the waiting days
/// not counted; a third refused with its reasons (form 03); the applicant and the tracking page
/// see each decision.
async fn the_desk_accepts_asks_once_and_refuses(b: Backend) -> anyhow::Result<()> {
    let (app, business) = app(b).await?;
    let officer = app.one_stop_officer().await?;
    let values = json!({"documents_wanted": "Bản đồ khoáng sản", "access": "consult", "catalogue_visits": "1"});
    let mut ids = Vec::new();
    for _ in 0..3 {
        let id = draft(&app, &business, "DCKS.14", values.clone()).await?;
        complete(&app, &business, id, "DCKS.14").await?;
        let r = app
            .post(
                &format!("/api/v1/applications/{id}/submit"),
                Some(&business),
                &json!({}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        ids.push((
            id,
            r.json()["code"].as_str().unwrap_or_default().to_string(),
        ));
    }
    // the clerk is not at the desk
    let clerk = app.login("vanthu").await?;
    assert_eq!(
        app.get("/api/v1/desk/applications", Some(&clerk))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let waiting = app
        .get("/api/v1/desk/applications", Some(&officer))
        .await
        .json();
    assert_eq!(waiting.as_array().map(Vec::len), Some(3), "{waiting}");
    let decide = |id: i64, decision: &str, reason: &str| {
        let (app, officer) = (&app, &officer);
        let body = json!({"decision": decision, "reason": reason});
        async move {
            app.post(
                &format!("/api/v1/desk/applications/{id}"),
                Some(officer),
                &body,
            )
            .await
        }
    };
    // the officer opens a dossier by its code, whole or its day and serial
    let tail = ids[0].1.rsplitn(3, '-').take(2).collect::<Vec<_>>();
    let short = format!("{}-{}", tail[1], tail[0]);
    for asked in [ids[0].1.to_lowercase(), short] {
        let r = app
            .get(&format!("/mot-cua?code={asked}"), Some(&officer))
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{asked}: {}", r.text());
        assert_eq!(r.header("location"), format!("/mot-cua/{}", ids[0].0));
    }
    let none = app.get("/mot-cua?code=000-9999", Some(&officer)).await;
    assert!(
        none.status == StatusCode::OK && none.text().contains("Không có hồ sơ mã 000-9999."),
        "{}",
        none.text()
    );
    let r = decide(ids[0].0, "accept", "").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json()["status"], "accepted");
    assert_eq!(
        decide(ids[0].0, "refuse", "x").await.status,
        StatusCode::CONFLICT,
        "decided already"
    );
    let r = decide(ids[1].0, "complete", "").await;
    assert_eq!(
        r.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a reason is required"
    );
    let r = decide(ids[1].0, "complete", "Thiếu giấy giới thiệu của cơ quan").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json()["status"], "incomplete");
    // the applicant's page opens with what the desk asks for
    let page = common::visible_text(
        &app.get(&format!("/ho-so/{}", ids[1].0), Some(&business))
            .await
            .text(),
    );
    let asked = page
        .find("Bộ phận một cửa đề nghị bổ sung")
        .unwrap_or(usize::MAX);
    assert!(
        asked < page.find("Thông tin đề nghị").unwrap_or(0)
            && page.contains("Thiếu giấy giới thiệu của cơ quan"),
        "{page}"
    );
    // filed once, it is sent back completed, never deleted as a draft
    assert!(
        page.contains("Nộp bổ sung") && !page.contains("Xóa hồ sơ nháp"),
        "{page}"
    );
    // the applicant adds the document and sends it back: same code, submitted again
    let r = put_pdf(&app, &business, ids[1].0, "introduction").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let r = app
        .post(
            &format!("/api/v1/applications/{}/submit", ids[1].0),
            Some(&business),
            &json!({}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json()["code"], ids[1].1.as_str());
    assert_eq!(r.json()["status"], "submitted");
    assert!(r.json()["events"].to_string().contains("Bổ sung hồ sơ"));
    // asked once only
    let r = decide(ids[1].0, "complete", "Thiếu nữa").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert_eq!(decide(ids[1].0, "accept", "").await.status, StatusCode::OK);
    let r = decide(ids[2].0, "refuse", "Tài liệu đề nghị thuộc danh mục mật").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let r = decide(ids[2].0, "approve", "").await;
    assert!(r.status.is_client_error());
    // what the applicant and the tracking page see
    let refused = app
        .get(
            &format!("/api/v1/track?code={}&phone=0912345678", ids[2].1),
            None,
        )
        .await
        .json();
    assert_eq!(refused["status"], "refused");
    assert!(refused["events"].to_string().contains("danh mục mật"));
    let page = app
        .get(
            &format!("/tra-cuu?code={}&phone=0912345678", ids[0].1),
            None,
        )
        .await
        .text();
    assert!(page.contains("Đã tiếp nhận, đang giải quyết"), "{page}");
    let accepted = app
        .get("/api/v1/desk/applications?status=accepted", Some(&officer))
        .await
        .json();
    assert_eq!(accepted.as_array().map(Vec::len), Some(2));

    // the desk's pages: the list, a dossier with its documents and the decision's form
    let id = draft(&app, &business, "DCKS.14", values.clone()).await?;
    assert_eq!(
        app.get(&format!("/mot-cua/{id}"), Some(&officer))
            .await
            .status,
        StatusCode::NOT_FOUND,
        "a draft is the applicant's alone"
    );
    let r = complete_and_submit(&app, &business, id, "DCKS.14").await?;
    assert_eq!(r.status, StatusCode::OK);
    // the officer finds it on the home page too
    let home = app.get("/", Some(&officer)).await.text();
    assert!(
        home.contains("Hồ sơ chờ tiếp nhận") && home.contains(&format!("href=\"/mot-cua/{id}\"")),
        "{home}"
    );
    let list = app.get("/mot-cua", Some(&officer)).await.text();
    assert!(
        list.contains("Cung cấp thông tin, tài liệu địa chất") && !list.contains("⟨missing text⟩"),
        "{list}"
    );
    // counted, ordered by the promised day on asking, each cell named on a phone; when and
    // how each dossier came is said
    assert!(list.contains("1 kết quả"), "{list}");
    let filed_today = lode_db::today().format("%d/%m/%Y").to_string();
    assert!(
        list.contains("<th>Nộp lúc</th>")
            && visible_text(&list).contains(&filed_today)
            && visible_text(&list).contains("Trực tuyến"),
        "{list}"
    );
    assert!(
        list.contains("href=\"/mot-cua?status=submitted&amp;sort=due\""),
        "{list}"
    );
    let by_due = app
        .get("/mot-cua?status=submitted&sort=-due", Some(&officer))
        .await;
    assert_eq!(by_due.status, StatusCode::OK);
    assert!(by_due.text().contains(&format!("href=\"/mot-cua/{id}\"")));
    assert!(by_due.text().contains("data-label="));
    // the officer finds an applicant's dossiers by its name, words in any order, no diacritics
    let named = app
        .get("/mot-cua?code=phat+minh", Some(&officer))
        .await
        .text();
    assert!(
        named.contains("id=\"named\"")
            && named.contains(&format!("href=\"/mot-cua/{id}\""))
            && named.contains("href=\"/mot-cua\""),
        "{named}"
    );
    let nobody = app
        .get("/mot-cua?code=Ho%C3%A0ng+Kim", Some(&officer))
        .await
        .text();
    assert!(
        visible_text(&nobody)
            .contains("Không có hồ sơ nào có mã hoặc của tổ chức, cá nhân có tên “Hoàng Kim”")
            && !nobody.contains("nav class=\"tabs"),
        "{nobody}"
    );
    // a phone, showing no headers, orders the cards by links naming each order
    let links = by_due
        .text()
        .split("<nav class=\"order-links\"")
        .nth(1)
        .and_then(|n| n.split("</nav>").next())
        .map(visible_text)
        .unwrap_or_default();
    assert!(
        links.contains("Đến trước") && links.contains("Hạn gần nhất"),
        "{links}"
    );
    assert!(
        by_due.text().contains(
            "href=\"/mot-cua?status=submitted&amp;sort=-due\" aria-current=\"true\">Hạn xa nhất"
        ),
        "{}",
        by_due.text()
    );
    let page = app
        .get(&format!("/mot-cua/{id}"), Some(&officer))
        .await
        .text();
    assert!(
        page.contains("Bản đồ khoáng sản") && page.contains("name=\"decision\""),
        "{page}"
    );
    // the first paper read beside the decision
    assert!(
        page.contains(&format!("<object data=\"/mot-cua/{id}/tai-lieu/")),
        "{page}"
    );
    // who filed it, before deciding
    assert!(
        page.contains("id=\"applicant\"") && page.contains("Công ty Cổ phần Khoáng sản Minh Phát"),
        "{page}"
    );

    // a choice read by its label, not its key; each paper opens for the officer and its owner
    let text = common::visible_text(&page);
    assert!(
        text.contains("Tra cứu, đọc và ghi chép") && !text.contains("consult"),
        "{text}"
    );
    let paper = format!("/mot-cua/{id}/tai-lieu/request");
    assert!(page.contains(&format!("href=\"{paper}\"")), "{page}");
    let file = app.get(&paper, Some(&officer)).await;
    assert_eq!(file.status, StatusCode::OK, "{}", file.text());
    assert_eq!(file.header("content-type"), "application/pdf");
    let own = app
        .get(&format!("/ho-so/{id}/tai-lieu/request"), Some(&business))
        .await;
    assert_eq!(own.status, StatusCode::OK);
    assert_eq!(own.body, file.body);
    let applicant_page = app
        .get(&format!("/ho-so/{id}"), Some(&business))
        .await
        .text();
    assert!(
        applicant_page.contains(&format!("href=\"/ho-so/{id}/tai-lieu/request\"")),
        "{applicant_page}"
    );
    // nobody else's: another applicant, an applicant at the desk's address, a missing key
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
    let other = app.login("nvtam").await?;
    // a citizen reading a procedure open to businesses only is told so, with no button
    let page = app.get("/dich-vu-cong/2.001812", Some(&other)).await.text();
    assert!(
        page.contains("Thủ tục này chỉ dành cho tổ chức, doanh nghiệp"),
        "{page}"
    );
    assert!(!page.contains("name=\"procedure_code\""), "{page}");
    assert_eq!(
        app.get(&format!("/ho-so/{id}/tai-lieu/request"), Some(&other))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    // the desk's copy is not the applicant's: not found there, as for any other outsider
    assert_eq!(
        app.get(&paper, Some(&business)).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get(&format!("/mot-cua/{id}/tai-lieu/nothing"), Some(&officer))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let at = format!("/mot-cua/{id}");
    let r = form(
        &app,
        &officer,
        &at,
        &[("decision", "refuse"), ("reason", "")],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    // refused for want of a reason: the decision chosen stays chosen, none other offered
    let page = r.text();
    assert!(
        page.contains("value=\"refuse\" required checked")
            && !page.contains("value=\"accept\" required checked"),
        "{page}"
    );
    // no decision chosen: asked for beside the choices, never taken as one
    let r = form(&app, &officer, &at, &[("reason", "Thiếu bản đồ")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text();
    assert!(
        page.contains("Hãy chọn tiếp nhận, yêu cầu bổ sung hay từ chối hồ sơ.")
            && page.contains(">Thiếu bản đồ</textarea>"),
        "{page}"
    );
    let r = form(
        &app,
        &officer,
        &at,
        &[("decision", "accept"), ("reason", "")],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    // the officer is told what was done, as success
    let back = r.header("location");
    assert_eq!(back, format!("/mot-cua/{id}?done=accepted"));
    let page = app.get(&back, Some(&officer)).await.text();
    assert!(
        page.contains("class=\"notice\"") && page.contains("Đã tiếp nhận hồ sơ"),
        "{page}"
    );
    assert_eq!(
        app.get("/mot-cua", Some(&business)).await.status,
        StatusCode::FORBIDDEN
    );
    Ok(())
}

/// The area an exploration licence is asked for, through the pages: typed with a wrong line
/// (named, nothing saved), read from a GeoJSON file onto the plane chosen, filed on
/// submission and checked against a licence in force, the check shown to the applicant and to
/// the desk, with its sketch.
async fn the_area_asked_for_is_typed_or_read_from_a_file_and_checked(
    b: Backend,
) -> anyhow::Result<()> {
    let (app, business) = app(b).await?;
    // a licence in force over part of the ground
    let mai = app
        .staff("ltmai", "Lê Thị Mai", app.ids.office, &["cadastre_officer"])
        .await?;
    let r = app
        .post(
            "/api/v1/cadastre/licences",
            Some(&mai),
            &json!({
                "number": "77/GP-BTNMT", "kind": "mining", "holder": "Công ty CP Xi măng Bút Sơn",
                "minerals": "đá vôi", "mineral_group": 3, "province": "Ninh Bình",
                "area": {"meridian": 105.0, "rings": ["1 2273000 589000\n2 2273000 589600\n3 2272000 589600\n4 2272000 589000"], "legal_area_ha": 60.0},
                "granted_on": "2015-03-10", "valid_until": "2040-03-10"
            }),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let r = form(&app, &business, "/ho-so", &[("procedure_code", "2.001816")]).await;
    let at = r.header("location");
    let fields = |points: &'static str| {
        vec![
            ("v_mineral", "Đá vôi"),
            ("v_location", "Xã Kim Bảng, tỉnh Hà Nam"),
            ("v_area_ha", "120"),
            ("v_coordinates__meridian", "105"),
            ("v_coordinates__zone", "3"),
            ("v_coordinates__points", points),
            ("phone", "0912 345 678"),
        ]
    };
    // a wrong line is named beside the field, in Vietnamese; nothing is saved
    let r = form(
        &app,
        &business,
        &at,
        &fields("1 2273000 589000\n2 2273000 abc\n3 2272000 590200"),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    let page = visible_text(&r.text());
    assert!(page.contains("Dòng 2:"), "{page}");
    let saved = app
        .get(
            &format!("/api/v1/applications/{}", at.trim_start_matches("/ho-so/")),
            Some(&business),
        )
        .await
        .json();
    assert!(saved["values"].get("coordinates").is_none(), "{saved}");
    // read from a GeoJSON file, carried onto the plane of 105°00′
    let plane = lode_cadastre::geodesy::Projection {
        meridian: 105.0,
        zone: lode_cadastre::geodesy::Zone::Three,
    };
    let ring: Vec<Value> = [
        (2_273_000.0, 589_000.0),
        (2_273_000.0, 590_200.0),
        (2_272_000.0, 590_200.0),
        (2_272_000.0, 589_000.0),
        (2_273_000.0, 589_000.0),
    ]
    .iter()
    .map(|&(x, y)| {
        let g = plane.to_wgs84(lode_cadastre::geodesy::PlanePoint { x, y });
        json!([g.lon, g.lat])
    })
    .collect();
    let geojson = json!({"type": "Polygon", "coordinates": [ring]}).to_string();
    // sent from the dossier's own form, as its button sends it: what else was typed there
    // (nothing of it saved yet) goes with the file, and is kept
    let boundary = "lode-area-7f3a";
    let mut body = String::new();
    for (name, value) in fields("").into_iter().chain([
        ("area_key", "coordinates"),
        ("area_meridian", "105"),
        ("area_zone", "3"),
    ]) {
        body.push_str(&format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
        ));
    }
    body.push_str(&format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"area_file\"; filename=\"khu-vuc.geojson\"\r\n\
         Content-Type: application/geo+json\r\n\r\n{geojson}\r\n--{boundary}--\r\n"
    ));
    let req = axum::http::Request::builder()
        .method("POST")
        .uri(format!("{at}/khu-vuc?csrf={}", business.csrf))
        .header(
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .header("cookie", &business.cookie)
        .body(axum::body::Body::from(body))?;
    let r = app.send(req).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert_eq!(r.header("location"), format!("{at}?done=area_read"));
    let page = app.get(&r.header("location"), Some(&business)).await.text();
    assert!(page.contains("Đã đọc tọa độ từ tệp"), "{page}");
    // to the millimetre (WGS84 and back through the datum shift moves a point by less than that)
    assert!(page.contains("1 2273000.000 589000.00"), "{page}");
    assert!(page.contains("3 2272000.000 590200.00"), "{page}");
    // the rest of the form, the area as read kept
    let stored = app
        .get(
            &format!("/api/v1/applications/{}", at.trim_start_matches("/ho-so/")),
            Some(&business),
        )
        .await
        .json();
    assert_eq!(stored["values"]["mineral"], "Đá vôi", "{stored}");
    let kept: String = stored["values"]["coordinates"]
        .as_str()
        .and_then(|v| serde_json::from_str::<Value>(v).ok())
        .and_then(|v| v["points"].as_str().map(str::to_string))
        .unwrap_or_default();
    let mut with_area = fields("");
    with_area.retain(|(k, _)| *k != "v_coordinates__points");
    with_area.push(("v_coordinates__points", kept.as_str()));
    let r = form(&app, &business, &at, &with_area).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    // filed: checked against the licence in force, 60 ha shared
    let id: i64 = at.trim_start_matches("/ho-so/").parse()?;
    let r = complete_and_submit(&app, &business, id, "2.001816").await?;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let filed = lode_cadastre::applications::of_application(&app.state.db, id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("not filed"))?;
    assert_eq!(filed.findings.licences.len(), 1, "{:?}", filed.findings);
    assert!((filed.findings.licences[0].overlap_ha - 60.0).abs() < 0.01);
    let mine = visible_text(&app.get(&at, Some(&business)).await.text());
    assert!(mine.contains("Kết quả kiểm tra khu vực đề nghị"), "{mine}");
    assert!(
        mine.contains("77/GP-BTNMT") && mine.contains("60,00"),
        "{mine}"
    );
    let desk = app.one_stop_officer().await?;
    let seen = app.get(&format!("/mot-cua/{id}"), Some(&desk)).await.text();
    assert!(
        seen.contains("<svg") && seen.contains("area-sketch"),
        "the sketch"
    );
    let seen = visible_text(&seen);
    assert!(seen.contains("Kết quả kiểm tra khu vực đề nghị"), "{seen}");
    assert!(seen.contains("Diện tích 120,00 ha, 4 điểm góc."), "{seen}");
    Ok(())
}
