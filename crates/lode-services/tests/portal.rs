//! The public services catalogue and the working calendar through the API and the pages, on
//! SQLite and PostgreSQL: open to all for reading, searched without diacritics; administrators
//! alone make new versions (checked field by field) and set the calendar's days.

mod common;

use axum::http::{Method, StatusCode};
use common::{TestApp, stored_day, visible_text};
use lode_db::Backend;
use serde_json::json;

lode_db::on_both_backends!(
    anyone_finds_and_reads_the_procedures,
    administrators_make_new_versions,
    the_calendar_gives_deadlines,
    a_business_finds_its_dossiers_on_its_home_page,
);

async fn app(b: Backend) -> anyhow::Result<TestApp> {
    let app = common::mounted(b, false).await?;
    lode_services::catalogue::seed_catalogue(&app.state.db).await?;
    Ok(app)
}

fn codes(v: &serde_json::Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|p| p["code"].as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

async fn anyone_finds_and_reads_the_procedures(b: Backend) -> anyhow::Result<()> {
    let app = app(b).await?;
    // no sign-in: the list, searched with or without diacritics
    let r = app.get("/api/v1/procedures", None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(codes(&r.json()).len(), 15);
    let r = app.get("/api/v1/procedures?q=khai%20thac", None).await;
    let with = app.get("/api/v1/procedures?q=khai%20th%C3%A1c", None).await;
    assert_eq!(codes(&r.json()), codes(&with.json()));
    assert!(codes(&r.json()).contains(&"2.001746".to_string()));
    let r = app.get("/api/v1/procedures?on=2026-13-01", None).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = app.get("/api/v1/procedures?colour=red", None).await;
    assert!(r.status.is_client_error());
    let r = app.get("/api/v1/procedures/2.001816", None).await;
    assert_eq!(r.status, StatusCode::OK);
    let p = r.json();
    assert_eq!(p["procedure"]["deadline"], 90);
    assert_eq!(p["procedure"]["deadline_unit"], "days");
    assert_eq!(p["procedure"]["fee"]["kind"], "brackets");
    assert_eq!(
        app.get("/api/v1/procedures/9.999999", None).await.status,
        StatusCode::NOT_FOUND
    );

    // the portal's pages, open to all
    // the words in any order, each marked where it stands
    for q in ["gia+han", "giay+phep+gia+han", "khai+thac+gia+han"] {
        let list = app.get(&format!("/dich-vu-cong?q={q}"), None).await;
        assert_eq!(list.status, StatusCode::OK);
        assert!(
            list.text().contains("<mark>hạn</mark>"),
            "{q}: {}",
            list.text()
        );
        let text = list.text().replace("<mark>", "").replace("</mark>", "");
        assert!(
            text.contains("Gia hạn giấy phép khai thác khoáng sản")
                && !text.contains("Đóng cửa mỏ"),
            "{q}: {text}"
        );
        assert_eq!(
            text.contains("Gia hạn giấy phép thăm dò khoáng sản"),
            !q.contains("khai"),
            "{q}: {text}"
        );
    }
    // a word the catalogue does not use ("mỏ"): none holds every word, the nearest are offered
    // and said to be near; nonsense finds nothing
    let near = app
        .get(
            "/dich-vu-cong?q=gi%E1%BA%A5y+ph%C3%A9p+gia+h%E1%BA%A1n+khai+th%C3%A1c+m%E1%BB%8F",
            None,
        )
        .await
        .text();
    let said = visible_text(&near.replace("<mark>", "").replace("</mark>", ""))
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        said.contains("Không có thủ tục nào chứa đủ mọi từ đã nhập")
            && said.contains("Gia hạn giấy phép khai thác khoáng sản"),
        "{said}"
    );
    let none = visible_text(&app.get("/dich-vu-cong?q=xyzzy+plugh", None).await.text());
    assert!(
        none.contains("Không có thủ tục nào phù hợp") && !none.contains("gần nhất"),
        "{none}"
    );
    // days as Vietnam writes them, on the procedure and the calendar
    for path in ["/dich-vu-cong/DCKS.12", "/dich-vu-cong/lich"] {
        let text = visible_text(&app.get(path, None).await.text());
        assert_eq!(stored_day(&text), None, "{path}: {text}");
    }
    let detail = app.get("/dich-vu-cong/DCKS.12", None).await.text();
    assert!(
        detail.contains("Phê duyệt trữ lượng khoáng sản")
            && detail.contains("180 ngày")
            && detail.contains("nộp hồ sơ trực tiếp")
            && detail.contains("Theo chi phí thăm dò thực tế")
            && !detail.contains("⟨missing text⟩"),
        "{detail}"
    );
    // a form to download, made from the catalogue
    let form = app
        .get("/dich-vu-cong/2.001816/mau/application", None)
        .await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.starts_with(b"%PDF-"));
    assert!(
        form.header("content-disposition")
            .contains("mau-01-don-cap-gp-tham-do.pdf")
    );
    let file = app.db.dir.join("form.pdf");
    std::fs::write(&file, &form.body)?;
    let out = std::process::Command::new("pdftotext")
        .arg(&file)
        .arg("-")
        .output()?;
    let words = String::from_utf8_lossy(&out.stdout);
    assert!(
        words.contains("Diện tích khu vực") && words.contains("Kính gửi"),
        "{words}"
    );
    assert_eq!(
        app.get("/dich-vu-cong/2.001816/mau/nothing", None)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    Ok(())
}

async fn administrators_make_new_versions(b: Backend) -> anyhow::Result<()> {
    let app = app(b).await?;
    let admin = app.login("admin").await?;
    let clerk = app.login("vanthu").await?;
    let current = app.get("/api/v1/procedures/1.004314", None).await.json();
    let mut next = current["procedure"].clone();
    next["deadline"] = json!(30);
    next["stages"][1]["days"] = json!(15);
    next["effective_from"] = json!("2027-01-01");
    let url = "/api/v1/procedures/1.004314";
    assert_eq!(
        app.put(url, Some(&clerk), &next).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.put(url, None, &next).await.status,
        StatusCode::UNAUTHORIZED
    );
    // wrong: a field that does not exist, a bad fee rule, stages longer than the deadline
    let mut wrong = next.clone();
    wrong["colour"] = json!("red");
    let r = app.put(url, Some(&admin), &wrong).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert_eq!(r.field_codes(), vec!["procedure:unreadable".to_string()]);
    let mut wrong = next.clone();
    wrong["stages"][1]["days"] = json!(45);
    wrong["fee"]["choices"] = json!([]);
    let r = app.put(url, Some(&admin), &wrong).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    let fields = r.field_codes();
    assert!(
        fields.contains(&"fee_rule:choices".to_string())
            && fields.contains(&"stages:stages_too_long".to_string()),
        "{fields:?}"
    );
    let r = app.put(url, Some(&admin), &next).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json()["version"], 2);
    let later = app
        .get("/api/v1/procedures/1.004314?on=2027-01-02", None)
        .await
        .json();
    assert_eq!(later["procedure"]["deadline"], 30);
    let now = app.get(url, None).await.json();
    assert_eq!(
        now["procedure"]["deadline"], 45,
        "in force today: version 1"
    );

    // the page: the version in force as boxes, rows and choices, never a definition to type
    let url = "/admin/procedures/2.001816";
    let page = app.get(url, Some(&admin)).await;
    assert_eq!(page.status, StatusCode::OK);
    let seen = lode_web::testkit::visible_text(&page.text());
    assert!(
        !seen.contains('{') && !seen.contains("JSON"),
        "no definition to type: {seen}"
    );
    assert_eq!(
        app.get(url, Some(&clerk)).await.status,
        StatusCode::FORBIDDEN
    );
    let drawn = lode_web::testkit::drawn_form(&page.text(), url);
    let value = |pairs: &[(String, String)], name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    assert_eq!(value(&drawn, "documents[0].key"), "application");
    assert_eq!(value(&drawn, "deadline"), "90");
    assert_eq!(value(&drawn, "fee.kind"), "brackets");
    assert_eq!(value(&drawn, "fee.brackets[0].base"), "4.000.000");
    assert_eq!(value(&drawn, "form[3].kind"), "area");
    assert!(
        lode_web::testkit::visible_text(&page.text()).contains(
            "Các bước tính theo ngày (liên tục) cộng lại 75 ngày; thời hạn giải quyết là 90 ngày."
        ),
        "the stages' days beside the deadline"
    );
    let from = value(&drawn, "effective_from");
    assert!(
        from > lode_db::today().to_string(),
        "the next version starts after today: {from}"
    );
    let post = |pairs: Vec<(String, String)>| {
        let body = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(pairs)
            .finish();
        app.raw(
            Method::POST,
            url,
            Some(&admin),
            "application/x-www-form-urlencoded",
            body,
        )
    };
    let with = |changes: &[(&str, &str)]| {
        let mut pairs = drawn.clone();
        for (name, v) in changes {
            pairs.retain(|(k, _)| k != name);
            pairs.push((name.to_string(), v.to_string()));
        }
        pairs
    };

    // refused: each error beside its box, in Vietnamese, naming the row; nothing saved
    let r = post(with(&[
        ("documents[1].key", "application"),
        ("form[1].label", " "),
        ("deadline", "chín mươi"),
        ("fee.brackets[1].base", "mười triệu"),
    ]))
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text();
    for (id, message) in [
        ("documents[1].key-error", "Khóa này đã dùng ở một dòng khác"),
        ("form[1].label-error", "Không được để trống"),
        ("deadline-error", "Nhập số nguyên"),
        ("fee.brackets[1].base-error", "Nhập số tiền bằng đồng"),
    ] {
        let at = html.find(&format!("id=\"{id}\"")).unwrap_or(0);
        assert!(
            at > 0
                && html[at..]
                    .split("</p>")
                    .next()
                    .unwrap_or("")
                    .contains(message),
            "{id}: {message}"
        );
    }
    assert!(
        html.contains("Thành phần hồ sơ, dòng 2: Khóa"),
        "the banner names the row"
    );
    assert_eq!(
        lode_web::testkit::drawn_form(&html, url)
            .iter()
            .find(|(k, _)| k == "deadline")
            .map(|(_, v)| v.as_str()),
        Some("chín mươi"),
        "what was typed is kept"
    );
    let versions = app.get("/api/v1/procedures/2.001816", None).await.json();
    assert_eq!(versions["versions"].as_array().map(Vec::len), Some(1));

    // more rows: the form again with three empty documents, nothing saved
    let r = post(with(&[("more", "documents")])).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.text().contains("name=\"documents[7].key\""));
    assert!(!r.text().contains("name=\"documents[8].key\""));

    // saved: a new paper, a shorter deadline, the first bracket dearer
    let r = post(with(&[
        ("documents[5].key", "power_of_attorney"),
        ("documents[5].name", "Giấy ủy quyền (nếu có)"),
        ("deadline", "80"),
        ("fee.brackets[0].base", "4.500.000"),
    ]))
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert_eq!(r.header("location"), format!("{url}?done=saved"));
    let page = app.get(&format!("{url}?done=saved"), Some(&admin)).await;
    assert!(
        page.text().contains(&format!(
            "Đã lưu phiên bản 2 của thủ tục, có hiệu lực từ ngày {}",
            lode_web::pages::local_day(&from)
        )),
        "{}",
        page.text()
    );
    let public = app.get("/dich-vu-cong/2.001816", None).await.text();
    assert!(
        public.contains(&format!(
            "Phiên bản 2 sẽ có hiệu lực từ ngày {}",
            lode_web::pages::local_day(&from)
        )),
        "the public page says what comes"
    );
    let again = lode_web::testkit::drawn_form(&page.text(), url);
    assert_eq!(
        value(&again, "deadline"),
        "80",
        "the next version starts from the one just saved"
    );
    assert_eq!(
        value(&again, "effective_from"),
        from,
        "saving again replaces the version not yet in force, from its day"
    );
    assert!(page.text().contains("lưu sẽ thay phiên bản này"));
    // a form drawn before that save is refused rather than replacing it unseen
    let r = post(with(&[("deadline", "85")])).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    let refused = r.text();
    assert!(
        refused
            .contains("Một phiên bản khác của thủ tục vừa được lưu sau khi anh/chị mở trang này"),
        "{refused}"
    );
    let still = app
        .get(&format!("/api/v1/procedures/2.001816?on={from}"), None)
        .await
        .json();
    assert_eq!(still["procedure"]["deadline"], 80);
    let next = app
        .get(&format!("/api/v1/procedures/2.001816?on={from}"), None)
        .await
        .json();
    assert_eq!(next["versions"].as_array().map(Vec::len), Some(2));
    let p = &next["procedure"];
    assert_eq!(p["deadline"], 80);
    assert_eq!(p["documents"][5]["key"], "power_of_attorney");
    assert_eq!(p["documents"][5]["required"], false);
    assert_eq!(p["fee"]["brackets"][0]["base"], 4_500_000);
    assert_eq!(p["fee"]["brackets"][1]["base"], 10_000_000);
    assert_eq!(
        p["en"]["Cấp giấy phép thăm dò khoáng sản"], "Grant of a mineral exploration licence",
        "the English words are kept"
    );
    // what the refused form held is kept, drawn anew: saved again, knowingly, it goes over
    // the version saved meanwhile
    let kept = lode_web::testkit::drawn_form(&refused, url);
    assert_eq!(value(&kept, "deadline"), "85", "what was typed is kept");
    assert!(refused.contains(&format!("href=\"{url}\" target=\"_blank\"")));
    let r = post(kept).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let over = app
        .get(&format!("/api/v1/procedures/2.001816?on={from}"), None)
        .await
        .json();
    assert_eq!(over["procedure"]["deadline"], 85);
    assert_eq!(over["versions"].as_array().map(Vec::len), Some(2));
    Ok(())
}

async fn the_calendar_gives_deadlines(b: Backend) -> anyhow::Result<()> {
    let app = app(b).await?;
    let admin = app.login("admin").await?;
    // Tết 2026 by the rule: 16 to 20 February
    let year = app.get("/api/v1/calendar?year=2026", None).await.json();
    let days: Vec<String> = year["days"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter(|d| d["name"] == "Tết Nguyên đán")
                .filter_map(|d| d["day"].as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(
        days,
        vec![
            "2026-02-16",
            "2026-02-17",
            "2026-02-18",
            "2026-02-19",
            "2026-02-20"
        ]
    );
    let due = app
        .get(
            "/api/v1/calendar/deadline?from=2026-02-13&days=5&unit=working_days",
            None,
        )
        .await
        .json();
    assert_eq!(due["due"], "2026-02-27");
    assert_eq!(due["apology_by"], "2026-02-26");
    let r = app
        .get(
            "/api/v1/calendar/deadline?from=2026-02-13&days=5&unit=weeks",
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    // the government gives Monday 23 February 2026 off too: the deadline moves a day
    let clerk = app.login("vanthu").await?;
    let day = json!({"off": true, "name": "Nghỉ bù Tết (thông báo của Chính phủ)"});
    assert_eq!(
        app.put("/api/v1/calendar/2026-02-23", Some(&clerk), &day)
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let r = app
        .put("/api/v1/calendar/2026-02-23", Some(&admin), &day)
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.text());
    let due = app
        .get(
            "/api/v1/calendar/deadline?from=2026-02-13&days=5&unit=working_days",
            None,
        )
        .await
        .json();
    assert_eq!(due["due"], "2026-03-02");
    let page = app.get("/dich-vu-cong/lich", None).await.text();
    assert!(
        page.contains("Nghỉ bù Tết") && page.contains("Giỗ Tổ Hùng Vương"),
        "{page}"
    );
    let r = app
        .raw(
            Method::DELETE,
            "/api/v1/calendar/2026-02-23",
            Some(&admin),
            "application/json",
            "",
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    let r = app
        .raw(
            Method::DELETE,
            "/api/v1/calendar/2026-02-23",
            Some(&admin),
            "application/json",
            "",
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = app
        .put("/api/v1/calendar/2026-02-30", Some(&admin), &day)
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    Ok(())
}

async fn a_business_finds_its_dossiers_on_its_home_page(b: Backend) -> anyhow::Result<()> {
    let app = app(b).await?;
    let business = app.login("minhphat").await?;
    let home = visible_text(&app.get("/", Some(&business)).await.text());
    assert!(home.contains("Bạn chưa nộp hồ sơ nào."), "{home}");
    let r = app
        .post(
            "/api/v1/applications",
            Some(&business),
            &json!({"procedure_code": "2.001816", "values": {"area_ha": "50"},
                    "phone": "0912 345 678"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let id = r.json()["id"].as_i64().unwrap_or_default();
    let name = r.json()["procedure_name"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let page = app.get("/", Some(&business)).await.text();
    assert!(page.contains(&format!("href=\"/ho-so/{id}\"")), "{page}");
    let home = visible_text(&page);
    assert!(home.contains(&name), "{home}");
    assert!(home.contains("Hồ sơ chưa nộp"), "{home}");
    assert!(!home.contains("Bạn chưa nộp hồ sơ nào."), "{home}");
    Ok(())
}
