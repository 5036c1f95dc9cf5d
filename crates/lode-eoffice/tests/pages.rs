//! What the pages show, read as their people read them: days written the Vietnamese way
//! (`dd/mm/yyyy`), never as stored (`yyyy-mm-dd`), and codes named in words; a person's own
//! work where they land; on both backends.

mod common;

use axum::http::StatusCode;
use common::{Session, TestApp, stored_day, visible_text};
use lode_db::Backend;
use serde_json::json;

lode_db::on_both_backends!(
    opening_a_page_reads_its_notices,
    pages_write_days_the_vietnamese_way,
    a_long_queue_is_seen_whole_on_its_own_page,
    a_reply_and_the_letter_it_answers_name_each_other,
    filters_sent_as_they_stand_are_answered,
    outgoing_queues_count_all_they_hold,
    every_linked_figure_opens_the_list_it_counts,
    a_refused_instruction_keeps_what_was_typed,
    a_refused_paper_keeps_its_section_open_with_what_was_typed,
    an_administrators_day_starts_with_what_they_keep,
    a_letter_registered_without_its_file_is_told_so_by_its_label,
    time_is_asked_and_a_draft_corrected_through_their_pages,
    a_file_box_says_its_limit_and_the_pages_script_is_served,
);

/// Every document's file box says how large a file it takes, and carries it for the pages'
/// script, which the server serves from itself (the only source its policy allows), with the
/// browser tab's icon.
async fn a_file_box_says_its_limit_and_the_pages_script_is_served(
    b: Backend,
) -> anyhow::Result<()> {
    let app = TestApp::new(b).await?;
    let clerk = app.login("vanthu").await?;
    let page = app.get("/incoming/new", Some(&clerk)).await;
    let html = page.text();
    let max = lode_web::files::DOCUMENT_MAX_BYTES;
    assert!(
        html.contains(&format!("data-max-bytes=\"{max}\""))
            && html.contains("data-too-large=\"Tệp quá lớn: mỗi tệp tối đa 50 MB.\"")
            && visible_text(&html).contains("Tối đa 50 MB mỗi tệp."),
        "{html}"
    );
    assert!(
        html.contains("<script src=\"/static/forms.js\" defer>"),
        "{html}"
    );
    assert!(
        page.header("content-security-policy")
            .contains("script-src 'self'"),
        "{}",
        page.header("content-security-policy")
    );
    let script = app.get("/static/forms.js", None).await;
    assert_eq!(script.status, StatusCode::OK);
    assert!(script.header("content-type").starts_with("text/javascript"));
    assert!(script.text().contains("data-max-bytes"));
    for icon in ["/favicon.ico", "/static/icon.svg"] {
        let r = app.get(icon, None).await;
        assert_eq!(r.status, StatusCode::OK, "{icon}");
        assert_eq!(r.header("content-type"), "image/svg+xml", "{icon}");
    }
    Ok(())
}

/// The handler asks for more time on the letter's page, and corrects her reply's details on
/// the draft's page: each refusal keeps what was typed; each success says so, is in the
/// timeline, and reaches whoever acts next.
async fn time_is_asked_and_a_draft_corrected_through_their_pages(b: Backend) -> anyhow::Result<()> {
    let app = TestApp::new(b).await?;
    let clerk = app.login("vanthu").await?;
    let leader = app.login("tvhung").await?;
    let office_leader = app.login("dvthang").await?;
    let handler = app.login("ntkhanh").await?;
    let (handler_id,): (i64,) =
        sqlx::query_as("SELECT id FROM accounts WHERE username = 'ntkhanh'")
            .fetch_one(app.state.db.pool())
            .await?;
    let sha = app.upload_pdf(&clerk, "Cong van").await?;
    let record = register_letter(
        &app,
        &clerk,
        &sha,
        (
            "UBND tỉnh Lào Cai",
            "91/UBND-KT",
            "Đề nghị cung cấp số liệu mỏ",
        ),
    )
    .await?;
    let letter = record["id"].as_i64().unwrap_or_default();
    let ahead = |days: i64| (lode_db::today() + chrono::Duration::days(days)).to_string();
    for (who, path, body) in [
        (
            &leader,
            "route",
            json!({"lead_unit_id": app.ids.office, "deadline": ahead(5)}),
        ),
        (&office_leader, "assign", json!({"handler_id": handler_id})),
    ] {
        let r = app
            .post(
                &format!("/api/v1/incoming/{letter}/{path}"),
                Some(who),
                &body,
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    }
    let version = |v: serde_json::Value| v["version"].to_string();
    let current = app
        .get(&format!("/api/v1/incoming/{letter}"), Some(&handler))
        .await
        .json();
    // a reason left out: refused beside its box, the day typed kept
    let ask = format!("/incoming/{letter}/ask_extension");
    let r = app
        .form(
            &handler,
            &ask,
            &[
                ("deadline", &ahead(9)),
                ("text", ""),
                ("version", &version(current["details"].clone())),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text();
    assert!(page.contains(&format!("value=\"{}\"", ahead(9))), "{page}");
    assert_eq!(page.matches("class=\"field-error\"").count(), 1, "{page}");
    let r = app
        .form(
            &handler,
            &ask,
            &[
                ("deadline", &ahead(9)),
                ("text", "Chờ số liệu khảo sát"),
                ("version", &version(current["details"].clone())),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let page = visible_text(
        &app.get(
            &format!("/incoming/{letter}?done=ask_extension"),
            Some(&handler),
        )
        .await
        .text(),
    );
    assert!(
        page.contains("Đã gửi đề nghị gia hạn") && page.contains("Đề nghị gia hạn"),
        "{page}"
    );
    assert!(
        app.unread(&office_leader)
            .await
            .iter()
            .any(|(kind, title)| kind == "extension_asked" && title.contains("91/UBND-KT")),
        "the unit's leader is asked"
    );
    // and finds it first on his home page, with who asks and for which day
    let home = app.get("/", Some(&office_leader)).await.text();
    let asked = between(&home, "id=\"extensions_asked\"", "</section>").unwrap_or_default();
    assert!(
        asked.contains(&format!("href=\"/incoming/{letter}\""))
            && asked.contains("Ngô Thị Khánh đề nghị gia hạn đến"),
        "{home}"
    );
    // the agency's leader is not asked before the unit's leader passes it on
    let leaders_home = app.get("/", Some(&leader)).await.text();
    assert!(
        !between(&leaders_home, "id=\"extensions_asked\"", "</section>")
            .unwrap_or_default()
            .contains(&format!("href=\"/incoming/{letter}\"")),
        "{leaders_home}"
    );
    // the handler reads that her request waits; the unit's leader reads it (past the leader's
    // day, with the day asked filled in to pass it on) and declines it saying why
    let asked_day = (lode_db::today() + chrono::Duration::days(9))
        .format("%d/%m/%Y")
        .to_string();
    let mine = visible_text(
        &app.get(&format!("/incoming/{letter}"), Some(&handler))
            .await
            .text(),
    );
    assert!(
        mine.contains(&format!(
            "Đề nghị gia hạn đến {asked_day} của Ngô Thị Khánh"
        )) && mine.contains("đang chờ Đỗ Văn Thắng trả lời"),
        "{mine}"
    );
    let raw = app
        .get(&format!("/incoming/{letter}"), Some(&office_leader))
        .await
        .text();
    let theirs = visible_text(&raw);
    assert!(
        theirs.contains("Đề nghị gia hạn chờ trả lời")
            && theirs.contains(&format!("đề nghị gia hạn đến {asked_day}"))
            && theirs.contains("Chờ số liệu khảo sát"),
        "{theirs}"
    );
    assert!(
        theirs.contains("hãy đề nghị lãnh đạo gia hạn")
            && raw.contains(&format!(
                "id=\"ask_extension_deadline\" name=\"deadline\" type=\"date\" value=\"{}\"",
                ahead(9)
            )),
        "past the leader's day, the unit's leader is offered to pass it on, the day filled in: {raw}"
    );
    assert!(
        raw.contains("href=\"#extension-asked\"")
            && raw.contains(">Chờ số liệu khảo sát</textarea>"),
        "said at the top; passed on, the request carries the handler's reason: {raw}"
    );
    let decline = format!("/incoming/{letter}/decline_extension");
    let current = app
        .get(&format!("/api/v1/incoming/{letter}"), Some(&office_leader))
        .await
        .json();
    let r = app
        .form(
            &office_leader,
            &decline,
            &[
                ("text", ""),
                ("version", &version(current["details"].clone())),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        visible_text(&r.text()).contains("Lý do không đồng ý gia hạn"),
        "the summary names the box"
    );
    let r = app
        .form(
            &office_leader,
            &decline,
            &[
                ("text", "Hạn hiện tại đủ để trả lời"),
                ("version", &version(current["details"].clone())),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let page = visible_text(
        &app.get(
            &format!("/incoming/{letter}?done=decline_extension"),
            Some(&office_leader),
        )
        .await
        .text(),
    );
    assert!(
        page.contains("Đã trả lời không đồng ý gia hạn")
            && !page.contains("Đề nghị gia hạn chờ trả lời"),
        "{page}"
    );
    let home = app.get("/", Some(&office_leader)).await.text();
    assert!(
        !home.contains("id=\"extensions_asked\""),
        "answered: {home}"
    );
    assert!(
        app.unread(&handler).await.iter().any(
            |(kind, title)| kind == "extension_declined" && title.contains("không được đồng ý")
        ),
        "the handler is told"
    );
    // by whom, and which deadline stays
    let notices = visible_text(&app.get("/notifications", Some(&handler)).await.text());
    let kept_day = (lode_db::today() + chrono::Duration::days(5))
        .format("%d/%m/%Y")
        .to_string();
    assert!(
        notices.contains(&format!(
            "Đỗ Văn Thắng không đồng ý gia hạn; hạn xử lý giữ nguyên: {kept_day}."
        )),
        "{notices}"
    );
    // the unit's leader asks the leaders himself; the leader grants it as asked, in one step
    let current = app
        .get(&format!("/api/v1/incoming/{letter}"), Some(&office_leader))
        .await
        .json();
    let r = app
        .form(
            &office_leader,
            &ask,
            &[
                ("deadline", &ahead(9)),
                ("text", "Phòng cần thêm số liệu"),
                ("version", &version(current["details"].clone())),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let raw = app
        .get(&format!("/incoming/{letter}"), Some(&leader))
        .await
        .text();
    let grant = between(&raw, "id=\"extension-asked\"", "</section>").unwrap_or_default();
    assert!(
        grant.contains(&format!("Đồng ý gia hạn đến {asked_day}"))
            && grant.contains(&format!("name=\"deadline\" value=\"{}\"", ahead(9)))
            && grant.contains(">Đồng ý đề nghị gia hạn của Đỗ Văn Thắng.</textarea>"),
        "{raw}"
    );
    let current = app
        .get(&format!("/api/v1/incoming/{letter}"), Some(&leader))
        .await
        .json();
    let r = app
        .form(
            &leader,
            &format!("/incoming/{letter}/extend"),
            &[
                ("deadline", &ahead(9)),
                ("text", "Phòng cần thêm số liệu"),
                ("version", &version(current["details"].clone())),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let granted = app
        .get(&format!("/api/v1/incoming/{letter}"), Some(&leader))
        .await
        .json();
    assert_eq!(granted["details"]["deadline"], json!(ahead(9)), "{granted}");
    // her reply, corrected on its page
    let pdf = app.upload_pdf(&handler, "Tra loi").await?;
    let r = app
        .post(
            "/api/v1/outgoing",
            Some(&handler),
            &json!({"type_code": "CV", "subject": "V/v cung cấp số liệu mỏ",
                "recipients_outside": "UBND tỉnh Lào Cai", "pdf_sha256": pdf,
                "related_incoming_id": letter}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let draft = r.json();
    let id = draft["id"].as_i64().unwrap_or_default();
    let home = visible_text(&app.get("/", Some(&handler)).await.text());
    assert!(
        home.contains("Dự thảo của tôi") && home.contains("V/v cung cấp số liệu mỏ"),
        "{home}"
    );
    let details = format!("/outgoing/{id}/details");
    let fields = |subject: &'static str| {
        vec![
            ("type_code", "CV"),
            ("subject", subject),
            ("urgency", "urgent"),
            ("secrecy", "none"),
            (
                "recipients_outside",
                "UBND tỉnh Lào Cai\nSở Nông nghiệp và Môi trường tỉnh Lào Cai",
            ),
        ]
    };
    let mut refused = fields(" ");
    let v = version(draft.clone());
    refused.push(("version", &v));
    let r = app.form(&handler, &details, &refused).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text();
    assert!(
        page.contains("<option value=\"urgent\" selected>"),
        "the urgency chosen stays"
    );
    assert!(
        page.contains("Sở Nông nghiệp và Môi trường tỉnh Lào Cai"),
        "{page}"
    );
    // the form offers the agency's leaders to present it to for signature
    let (leader_id,): (i64,) = sqlx::query_as("SELECT id FROM accounts WHERE username = 'tvhung'")
        .fetch_one(app.state.db.pool())
        .await?;
    let offered = app.get("/api/v1/outgoing/signers", Some(&handler)).await;
    assert_eq!(offered.status, StatusCode::OK, "{}", offered.text());
    assert_eq!(
        offered.json()[0]["id"],
        json!(leader_id),
        "{}",
        offered.text()
    );
    let form = app
        .get(&format!("/outgoing/{id}"), Some(&handler))
        .await
        .text();
    assert!(
        form.contains("<label for=\"presented_to\">Trình ký</label>")
            && form.contains(&format!("<option value=\"{leader_id}\">Trần Văn Hùng")),
        "{form}"
    );
    let leader_value = leader_id.to_string();
    let mut corrected = fields("V/v cung cấp số liệu thăm dò mỏ đất hiếm");
    corrected.push(("version", &v));
    corrected.push(("presented_to", &leader_value));
    let r = app.form(&handler, &details, &corrected).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let page = visible_text(
        &app.get(&format!("/outgoing/{id}?done=edit"), Some(&handler))
            .await
            .text(),
    );
    assert!(
        page.contains("Đã sửa thông tin dự thảo")
            && page.contains("V/v cung cấp số liệu thăm dò mỏ đất hiếm")
            && page.contains("Khẩn"),
        "{page}"
    );
    // the leader chosen is among its facts, and the change in its history
    let page = page.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        page.contains("Trình ký Trần Văn Hùng") && page.contains("Trình ký: — → Trần Văn Hùng"),
        "{page}"
    );
    // submitted, it says whom it waits for by name
    let r = app
        .form(&handler, &format!("/outgoing/{id}/submit"), &[("text", "")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let page = visible_text(
        &app.get(&format!("/outgoing/{id}"), Some(&handler))
            .await
            .text(),
    )
    .split_whitespace()
    .collect::<Vec<_>>()
    .join(" ");
    assert!(
        page.contains("Đang chờ Lãnh đạo đơn vị soạn thảo: Đỗ Văn Thắng"),
        "{page}"
    );
    Ok(())
}

/// A letter registered without its scan: the banner names the file's box by its label, a link
/// to it, as it names the other fields.
async fn a_letter_registered_without_its_file_is_told_so_by_its_label(
    b: Backend,
) -> anyhow::Result<()> {
    let app = TestApp::new(b).await?;
    let clerk = app.login("vanthu").await?;
    let page = refused_registration(
        &app,
        &clerk,
        &[
            ("submission_key", "k-no-file"),
            ("received_on", &lode_db::today().to_string()),
            ("channel", "paper"),
            ("issuer", "Sở Công Thương tỉnh Yên Bái"),
            ("notation", ""),
            ("subject", "V/v báo cáo sản lượng khai thác"),
        ],
        None,
    )
    .await?;
    assert!(
        page.contains("<a href=\"#file\">Văn bản (tệp PDF; văn bản giấy thì quét thành PDF)</a>"),
        "{page}"
    );
    assert!(
        page.contains("value=\"Sở Công Thương tỉnh Yên Bái\""),
        "{page}"
    );
    // a file that is no PDF is refused with the other fields, all at once
    let tomorrow = (lode_db::today() + chrono::Duration::days(1)).to_string();
    let page = refused_registration(
        &app,
        &clerk,
        &[
            ("submission_key", "k-bad-file"),
            ("channel", "paper"),
            ("issuer", "Sở Công Thương tỉnh Yên Bái"),
            ("notation", "12/SCT-QLNL"),
            ("document_date", &tomorrow),
            ("type_code", "CV"),
            ("subject", "V/v báo cáo sản lượng khai thác"),
        ],
        Some("not a pdf"),
    )
    .await?;
    assert!(
        page.contains("id=\"document_date-error\"") && page.contains("id=\"file-error\""),
        "{page}"
    );
    // a letter registered before with the same issuer, notation and date is named by its
    // arrival number, a link opening it beside the form
    let sha = app.upload_pdf(&clerk, "Cong van").await?;
    let first = register_letter(
        &app,
        &clerk,
        &sha,
        (
            "Sở Công Thương tỉnh Yên Bái",
            "12/SCT-QLNL",
            "V/v báo cáo sản lượng",
        ),
    )
    .await?;
    let page = refused_registration(
        &app,
        &clerk,
        &[
            ("submission_key", "k-again"),
            ("file_sha256", &sha),
            ("channel", "electronic"),
            ("issuer", "Sở công thương tỉnh Yên Bái "),
            ("notation", "12/sct-qlnl"),
            ("document_date", &lode_db::today().to_string()),
            ("type_code", "CV"),
            ("subject", "V/v báo cáo sản lượng"),
        ],
        None,
    )
    .await?;
    let link = format!(
        "<a href=\"/incoming/{}\" target=\"_blank\" rel=\"noopener\">Số đến {}/{}</a>",
        first["id"], first["arrival_number"], first["year"]
    );
    assert!(page.contains(&link), "{link}: {page}");
    assert!(
        visible_text(&page).contains("Đã đăng ký trước đây:  Số đến 1/"),
        "{page}"
    );
    Ok(())
}

/// The registration form sent by the clerk with `fields` (and a file `cong-van.pdf` holding
/// `file`), refused: answers the page drawn again.
async fn refused_registration(
    app: &TestApp,
    clerk: &Session,
    fields: &[(&str, &str)],
    file: Option<&str>,
) -> anyhow::Result<String> {
    let boundary = "lode-letter";
    let mut body = String::new();
    for (name, value) in [("csrf", clerk.csrf.as_str())].iter().chain(fields) {
        body.push_str(&format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
        ));
    }
    if let Some(file) = file {
        body.push_str(&format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"cong-van.pdf\"\r\nContent-Type: application/pdf\r\n\r\n{file}\r\n"
        ));
    }
    body.push_str(&format!("--{boundary}--\r\n"));
    let r = app
        .raw(
            axum::http::Method::POST,
            "/incoming/new",
            Some(clerk),
            &format!("multipart/form-data; boundary={boundary}"),
            body,
        )
        .await;
    anyhow::ensure!(
        r.status == StatusCode::UNPROCESSABLE_ENTITY,
        "{}: {}",
        r.status,
        r.text()
    );
    Ok(r.text())
}

/// The administrator's home page: the background work's state and the ways to what they
/// keep, not four empty letter queues; a specialist's is their letters, without either.
async fn an_administrators_day_starts_with_what_they_keep(b: Backend) -> anyhow::Result<()> {
    let app = TestApp::new(b).await?;
    let admin = app.login("admin").await?;
    let home = visible_text(&app.get("/", Some(&admin)).await.text());
    assert!(
        home.contains("Quản trị hệ thống")
            && home.contains("Các công việc nền đang chạy bình thường"),
        "{home}"
    );
    assert!(
        home.contains("Chứng thư số") && home.contains("Nhật ký"),
        "{home}"
    );
    assert!(!home.contains("Không có việc nào"), "{home}");
    // the menu holds one entry for the pages they keep, whose index lists them all
    let page = app.get("/", Some(&admin)).await.text();
    let menu = page
        .split_once("<nav class=\"main\"")
        .and_then(|(_, rest)| rest.split_once("</nav>"))
        .map(|(menu, _)| menu.to_string())
        .unwrap_or_default();
    assert!(menu.contains("href=\"/admin\""), "{menu}");
    for kept in [
        "/audit",
        "/admin/types",
        "/admin/jobs",
        "/admin/certificates",
        "/api/docs",
    ] {
        assert!(
            !menu.contains(&format!("href=\"{kept}\"")),
            "{kept}: {menu}"
        );
    }
    let index = app.get("/admin", Some(&admin)).await;
    assert_eq!(index.status, StatusCode::OK);
    let index = index.text();
    for kept in [
        "/audit",
        "/admin/types",
        "/admin/jobs",
        "/admin/certificates",
        "/api/docs",
        "/people",
        "/org",
    ] {
        assert!(
            index.contains(&format!("href=\"{kept}\"")),
            "{kept}: {index}"
        );
    }
    let specialist = app.login("ntkhanh").await?;
    let home = visible_text(&app.get("/", Some(&specialist)).await.text());
    assert!(!home.contains("Các công việc nền"), "{home}");
    assert!(home.contains("Không có việc nào"), "{home}");
    // a clerk's home holds what a clerk does: her queue to number, empty, not a handler's
    let clerk = app.login("vanthu").await?;
    let home = visible_text(&app.get("/", Some(&clerk)).await.text())
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        home.contains("Chờ cấp số, phát hành 0 Không có việc nào.")
            && !home.contains("Giao cho tôi xử lý")
            && !home.contains("mở văn bản để cấp số"),
        "{home}"
    );
    assert_eq!(
        app.get("/admin", Some(&specialist)).await.status,
        StatusCode::FORBIDDEN
    );
    Ok(())
}

/// A paper added to a work dossier with a wrong sheet count and a date to come: its section
/// opens again, each refusal beside its field, what was typed kept (the file, which browsers do
/// not keep, asked for again).
async fn a_refused_paper_keeps_its_section_open_with_what_was_typed(
    b: Backend,
) -> anyhow::Result<()> {
    let app = TestApp::new(b).await?;
    let clerk = app.login("vanthu").await?;
    let r = app
        .post(
            "/api/v1/dossiers",
            Some(&clerk),
            &json!({"title": "Hồ sơ công tác văn thư năm 2026", "retention": "10"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let did = r.json()["id"].as_i64().unwrap_or_default();
    let version = r.json()["version"].as_i64().unwrap_or_default().to_string();
    let boundary = "lode-paper";
    let mut body = String::new();
    for (name, value) in [
        ("csrf", clerk.csrf.as_str()),
        ("version", version.as_str()),
        ("title", "Biên bản kiểm tra mỏ đá vôi"),
        ("doc_date", "2099-01-01"),
        ("pages", "-3"),
    ] {
        body.push_str(&format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
        ));
    }
    body.push_str(&format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"bien-ban.pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4 broken\r\n--{boundary}--\r\n"
    ));
    let r = app
        .raw(
            axum::http::Method::POST,
            &format!("/dossiers/{did}/attach"),
            Some(&clerk),
            &format!("multipart/form-data; boundary={boundary}"),
            body,
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    let page = r.text();
    for said in [
        "<details id=\"add-file\" open>",
        "value=\"Biên bản kiểm tra mỏ đá vôi\"",
        "value=\"-3\"",
        "Số tờ là số nguyên từ 1 đến 100.000",
        "Không được sau ngày hôm nay.",
        "<a href=\"#pages\">Số tờ</a>",
    ] {
        assert!(page.contains(said), "{said}: {page}");
    }
    Ok(())
}

/// The leader's instruction refused (a deadline before the letter arrived): the page comes
/// back with the unit, the coordinating units and the instruction as they were typed, the
/// refusal beside the deadline, and the banner naming the field by its label, a link to it.
async fn a_refused_instruction_keeps_what_was_typed(b: Backend) -> anyhow::Result<()> {
    let app = TestApp::new(b).await?;
    let clerk = app.login("vanthu").await?;
    let leader = app.login("tvhung").await?;
    let sha = app.upload_pdf(&clerk, "Cong van").await?;
    let doc = register_letter(
        &app,
        &clerk,
        &sha,
        (
            "Sở Nông nghiệp và Môi trường tỉnh Lào Cai",
            "125/SNNMT-KS",
            "V/v đề nghị thẩm định trữ lượng mỏ đá vôi",
        ),
    )
    .await?;
    let id = doc["id"].as_i64().unwrap_or_default();
    let north = app.ids.north.to_string();
    let instruction = "Liên đoàn miền Bắc chủ trì, báo cáo trước ngày 20";
    let r = app
        .form(
            &leader,
            &format!("/incoming/{id}/route"),
            &[
                ("lead_unit_id", north.as_str()),
                ("coordinating_unit_ids", &app.ids.office.to_string()),
                ("deadline", "2000-01-01"),
                ("note", instruction),
                ("version", &doc["version"].to_string()),
            ],
        )
        .await;
    assert!(r.status.is_client_error(), "{}", r.status);
    let page = r.text();
    assert!(page.contains(instruction), "the instruction typed stays");
    assert!(
        page.contains(&format!("<option value=\"{north}\" selected>")),
        "the unit chosen stays"
    );
    assert!(
        page.contains(&format!(
            "name=\"coordinating_unit_ids\" value=\"{}\" checked",
            app.ids.office
        )),
        "the coordinating unit ticked stays"
    );
    assert!(
        page.contains("value=\"2000-01-01\""),
        "the deadline typed stays"
    );
    assert!(
        page.contains("<a href=\"#deadline\">Hạn xử lý</a>"),
        "{page}"
    );
    assert_eq!(page.matches("class=\"field-error\"").count(), 1, "{page}");
    // the refused form's address opened again as a page (reloaded, or the language switched
    // on it) leads to the document, not to an error; the API's addresses keep their 405
    let as_browser = |path: String| {
        let mut r = common::TestApp::request(axum::http::Method::GET, &path, Some(&leader), None);
        r.headers_mut().insert(
            axum::http::header::ACCEPT,
            axum::http::HeaderValue::from_static("text/html,application/xhtml+xml"),
        );
        app.send(r)
    };
    let again = as_browser(format!("/incoming/{id}/route?csrf=x")).await;
    assert_eq!(again.status, StatusCode::SEE_OTHER);
    assert_eq!(again.header("location"), format!("/incoming/{id}"));
    // a row's action belongs to its list
    let again = as_browser("/admin/certificates/7/revocation".into()).await;
    assert_eq!(again.header("location"), "/admin/certificates");
    let api = as_browser(format!("/api/v1/incoming/{id}/route")).await;
    assert_eq!(api.status, StatusCode::METHOD_NOT_ALLOWED);
    let service = as_browser("/tsa".into()).await;
    assert_eq!(service.status, StatusCode::METHOD_NOT_ALLOWED);

    // routed with a deadline, then the federation's leader names a handler with a deadline
    // long past: the banner's link leads to the assignment's deadline, the only field of that
    // id, which says the latest day it may take
    let latest = lode_db::today() + chrono::Duration::days(10);
    let routed = app
        .form(
            &leader,
            &format!("/incoming/{id}/route"),
            &[
                ("lead_unit_id", north.as_str()),
                ("deadline", &latest.to_string()),
                ("version", &doc["version"].to_string()),
            ],
        )
        .await;
    assert_eq!(routed.status, StatusCode::SEE_OTHER, "{}", routed.text());
    let north_leader = app.login("vvhai").await?;
    let now = app
        .get(&format!("/api/v1/incoming/{id}"), Some(&north_leader))
        .await
        .json();
    let r = app
        .form(
            &north_leader,
            &format!("/incoming/{id}/assign"),
            &[
                ("handler_id", &app.ids.north_specialist.to_string()),
                ("deadline", "2000-01-01"),
                ("version", &now["version"].to_string()),
            ],
        )
        .await;
    assert!(r.status.is_client_error(), "{}", r.status);
    let page = r.text();
    assert!(
        page.contains("<a href=\"#deadline\">Hạn xử lý</a>"),
        "{page}"
    );
    assert_eq!(page.matches("id=\"deadline\"").count(), 1, "{page}");
    let assign_form = page
        .split("action=\"/incoming/")
        .find(|f| f.starts_with(&format!("{id}/assign\"")))
        .unwrap_or_default();
    assert!(assign_form.contains("id=\"deadline\""), "{page}");
    assert!(
        assign_form.contains(&format!("max=\"{latest}\""))
            && assign_form.contains(&format!(
                "Không muộn hơn hạn lãnh đạo đã giao: {}.",
                latest.format("%d/%m/%Y")
            )),
        "{assign_form}"
    );
    Ok(())
}

/// The home page's queues of outgoing documents count every document waiting, not only the
/// newest they list, and lead to the list that holds them all; the leader's holds what waits
/// for his signature.
async fn outgoing_queues_count_all_they_hold(b: Backend) -> anyhow::Result<()> {
    let app = TestApp::demo(b).await?;
    let clerk = app
        .login_with("vanthu", lode_db::demo::DEMO_PASSWORD)
        .await?;
    let work = app.get("/api/v1/work/outgoing", Some(&clerk)).await;
    assert_eq!(work.status, StatusCode::OK, "{}", work.text());
    let w = work.json();
    let list =
        |w: &serde_json::Value, queue: &str| w[queue].as_array().cloned().unwrap_or_default();
    let waits_for_signature =
        |d: &serde_json::Value| d["status"] == "approved" && d["leader_signed"] == false;
    // what the clerk numbers or sends now, apart from what waits for the leader's signature
    assert!(!list(&w, "to_issue").iter().any(waits_for_signature), "{w}");
    assert!(
        list(&w, "awaiting_signature")
            .iter()
            .all(waits_for_signature),
        "{w}"
    );
    let shown = list(&w, "awaiting_signature").len();
    let count = w["awaiting_signature_count"].as_u64().unwrap_or_default() as usize;
    let ready = w["to_issue_count"].as_u64().unwrap_or_default() as usize;
    // the demo has more approved documents than a queue lists
    assert!(count > shown && shown > 0, "{count} waiting, {shown} shown");
    // and nothing signed yet to number: the empty queue says where what the leader signed on
    // paper waits
    assert_eq!(ready, 0, "{w}");
    let home = visible_text(&app.get("/", Some(&clerk)).await.text());
    assert!(home.contains("mở văn bản để cấp số"), "{home}");
    // one the leader signed on paper, numbered: it is the clerk's to send now
    let last = list(&w, "awaiting_signature")
        .last()
        .map(|d| d["id"].as_i64().unwrap_or_default())
        .unwrap_or_default();
    // the page says the number it is about to give, before it is given
    let page = visible_text(
        &app.get(&format!("/outgoing/{last}"), Some(&clerk))
            .await
            .text(),
    );
    let proposed = page
        .split("Số sẽ cấp: ")
        .nth(1)
        .and_then(|rest| rest.split(". Ngày ban hành").next())
        .unwrap_or_default()
        .trim()
        .to_string();
    assert!(!proposed.is_empty(), "{page}");
    let r = app
        .post(
            &format!("/api/v1/outgoing/{last}/issue"),
            Some(&clerk),
            &json!({"signed_on_paper": true}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json()["notation"], json!(proposed));
    let w = app.get("/api/v1/work/outgoing", Some(&clerk)).await.json();
    assert_eq!(w["to_issue"][0]["id"], json!(last), "{w}");
    assert_eq!(w["to_issue_count"], json!(ready + 1), "{w}");
    let count = count - 1;
    assert_eq!(w["awaiting_signature_count"], json!(count), "{w}");
    let approved = app
        .get("/api/v1/outgoing?status=approved&limit=200", Some(&clerk))
        .await;
    let approved = approved.json()["items"].as_array().map_or(0, Vec::len);
    assert!(
        count + ready + 1 >= approved,
        "{count} waiting, {approved} approved"
    );
    let home = app.get("/", Some(&clerk)).await;
    let text = visible_text(&home.text())
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        text.contains(&format!("Chờ cấp số, phát hành {} ", ready + 1))
            && text.contains(&format!(
                "Chờ lãnh đạo ký (ký số hoặc ký trên giấy) {count} "
            )),
        "{text}"
    );
    // "see all" opens the queue whole: as many rows as the count says
    assert!(home.text().contains("href=\"/queues/awaiting_signature\""));
    let rows = |page: &str| page.matches("<tr>").count().saturating_sub(1);
    let queue = app
        .get("/queues/awaiting_signature", Some(&clerk))
        .await
        .text();
    assert_eq!(rows(&queue), count, "{queue}");
    assert!(
        visible_text(&queue).contains("Lãnh đạo đã ký trên bản giấy"),
        "the queue says how a signature on paper is recorded"
    );
    // each told apart by its author and time, and where it stands
    let first = &w["to_issue"][0];
    let author = first["author_name"].as_str().unwrap_or("?");
    assert!(
        text.contains(&format!(
            "{author} · {}",
            first["drafting_unit_name"].as_str().unwrap_or("?")
        )) && text.contains("đã cấp số, chờ phát hành"),
        "{text}"
    );
    // the agency leader sees the approved documents he has not signed yet, and only those
    let leader = app
        .login_with("tvhung", lode_db::demo::DEMO_PASSWORD)
        .await?;
    let his = app.get("/api/v1/work/outgoing", Some(&leader)).await.json();
    let to_sign = his["to_sign_count"].as_u64().unwrap_or_default();
    assert!(to_sign > 0, "{his}");
    for d in his["to_sign"].as_array().into_iter().flatten() {
        assert_eq!(d["status"], "approved", "{d}");
        let signed = d["signatures"]
            .as_array()
            .is_some_and(|s| s.iter().any(|m| m["kind"] == "signer"));
        assert!(!signed, "{d}");
    }
    let home = visible_text(&app.get("/", Some(&leader)).await.text())
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        home.contains(&format!("Chờ ký ban hành {to_sign} ")),
        "{home}"
    );
    // the queue's whole list holds what waits for his signature, and only that
    let all = app
        .get(
            "/api/v1/outgoing?status=approved&unsigned=true&limit=200",
            Some(&leader),
        )
        .await
        .json();
    let listed = all["items"].as_array().map_or(0, Vec::len) as u64;
    assert_eq!(listed, to_sign, "{all}");
    assert!(
        all["items"]
            .as_array()
            .into_iter()
            .flatten()
            .all(|d| d["signatures"]
                .as_array()
                .is_none_or(|s| !s.iter().any(|m| m["kind"] == "signer"))),
        "{all}"
    );
    // the drafts waiting for his review: the count on his home page is the queue he opens
    let to_review = his["to_review_count"].as_u64().unwrap_or_default() as usize;
    assert!(to_review > 0, "{his}");
    assert!(
        home.contains(&format!("Dự thảo chờ duyệt {to_review} ")),
        "{home}"
    );
    let queue = app.get("/queues/to_review", Some(&leader)).await.text();
    assert_eq!(rows(&queue), to_review, "{queue}");
    let queue = app.get("/queues/to_sign", Some(&leader)).await.text();
    assert_eq!(rows(&queue) as u64, to_sign, "{queue}");
    // a draft's history names its type, not its code
    let id = w["awaiting_signature"][0]["id"]
        .as_i64()
        .unwrap_or_default();
    let page = app.get(&format!("/outgoing/{id}"), Some(&clerk)).await;
    let text = visible_text(&page.text());
    let type_name = w["awaiting_signature"][0]["type_name"]
        .as_str()
        .unwrap_or("?");
    assert!(
        text.contains(&format!("Loại văn bản: {type_name}")),
        "{text}"
    );
    Ok(())
}

/// Registers today an electronic letter (type CV) from `issuer`, its PDF the clerk's upload
/// `sha`; answers the new record.
async fn register_letter(
    app: &TestApp,
    clerk: &common::Session,
    sha: &str,
    (issuer, notation, subject): (&str, &str, &str),
) -> anyhow::Result<serde_json::Value> {
    let r = app
        .post(
            "/api/v1/incoming",
            Some(clerk),
            &json!({
                "channel": "electronic", "issuer": issuer, "notation": notation,
                "document_date": lode_db::today().to_string(), "type_code": "CV",
                "subject": subject, "file_sha256": sha
            }),
        )
        .await;
    anyhow::ensure!(r.status == StatusCode::CREATED, "{}", r.text());
    Ok(r.json())
}

async fn pages_write_days_the_vietnamese_way(b: Backend) -> anyhow::Result<()> {
    let app = TestApp::new(b).await?;
    let clerk = app.login("vanthu").await?;
    let leader = app.login("tvhung").await?;
    let sha = app.upload_pdf(&clerk, "Cong van").await?;
    let r = app
        .post(
            "/api/v1/incoming",
            Some(&clerk),
            &json!({
                "received_on": "2026-11-02", "channel": "electronic",
                "issuer": "Sở Nông nghiệp và Môi trường tỉnh Yên Bái", "notation": "7/SNN-KS",
                "document_date": "2026-11-01", "type_code": "CV",
                "subject": "Đề nghị thẩm định phương án đóng cửa mỏ", "file_sha256": sha
            }),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let id = r.json()["id"].as_i64().unwrap_or_default();
    let other = register_letter(
        &app,
        &clerk,
        &sha,
        (
            "Sở Nông nghiệp và Môi trường tỉnh Yên Bái",
            "8/SNN-KS",
            "Báo cáo tình hình khai thác cát",
        ),
    )
    .await?["id"]
        .as_i64()
        .unwrap_or_default();
    // the leader's form starts with no unit chosen: sent as it is, it asks for one
    let form = app
        .get(&format!("/incoming/{id}"), Some(&leader))
        .await
        .text();
    assert!(form.contains("— Chọn đơn vị chủ trì —"), "{form}");
    // the step waiting for him is a button where the page opens, leading to its form
    assert!(
        form.contains("<a class=\"button\" href=\"#step-route\">")
            && form.contains("<details id=\"step-route\" open>"),
        "{form}"
    );
    let r = app
        .form(
            &leader,
            &format!("/incoming/{id}/route"),
            &[("lead_unit_id", "")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert!(visible_text(&r.text()).contains("Không được để trống."));
    let deadline = lode_db::today() + chrono::Duration::days(9);
    let r = app
        .form(
            &leader,
            &format!("/incoming/{id}/route"),
            &[
                ("lead_unit_id", &app.ids.north.to_string()),
                ("deadline", &deadline.to_string()),
            ],
        )
        .await;
    assert_eq!(
        (r.status, r.header("location")),
        (StatusCode::SEE_OTHER, format!("/incoming/{id}?done=route"))
    );
    let page = app.get(&r.header("location"), Some(&leader)).await.text();
    assert!(page.contains("Đã cho ý kiến chỉ đạo."), "{page}");
    // and the next letter waiting for him is a link away
    assert!(
        visible_text(&page).contains("Văn bản tiếp theo đang chờ anh/chị")
            && page.contains(&format!("href=\"/incoming/{other}\"")),
        "{page}"
    );
    // what waits for routing is the leader's direction for the department's leader, an
    // assignment for the office's leader, either for a federation's leader (who leads a body
    // of his own and the unit the document was sent to)
    for (who, title) in [
        ("tvhung", "Chờ cho ý kiến chỉ đạo "),
        ("dvthang", "Chờ phân công xử lý"),
        ("vvhai", "Chờ cho ý kiến chỉ đạo, phân công"),
    ] {
        let session = app.login(who).await?;
        let home = visible_text(&app.get("/", Some(&session)).await.text());
        assert!(home.contains(title), "{who}: {home}");
    }
    for (who, path) in [
        (&clerk, "/incoming".to_string()),
        (&clerk, format!("/incoming/{id}")),
        (&leader, format!("/incoming/{id}")),
        (&clerk, "/".to_string()),
        (&clerk, "/dossiers".to_string()),
        (&clerk, "/outgoing".to_string()),
    ] {
        let page = app.get(&path, Some(who)).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        let text = visible_text(&page.text());
        assert_eq!(stored_day(&text), None, "{path} shows a stored day: {text}");
        if path == format!("/incoming/{id}") {
            let deadline = deadline.format("%d/%m/%Y").to_string();
            for day in ["02/11/2026", "01/11/2026", deadline.as_str()] {
                assert!(text.contains(day), "{path} lacks {day}: {text}");
            }
            // the timeline names its codes in words
            for code in [": regular", ": none", "valid:"] {
                assert!(!text.contains(code), "{path} shows {code}: {text}");
            }
        }
    }
    Ok(())
}

#[test]
fn a_stored_day_is_found_and_a_written_one_is_not() {
    assert_eq!(stored_day("hạn 2026-12-15."), Some("2026-12-15".into()));
    assert_eq!(stored_day("hạn 15/12/2026."), None);
    assert_eq!(visible_text("<input value=\"2026-12-15\">x"), " x");
}

async fn a_long_queue_is_seen_whole_on_its_own_page(b: Backend) -> anyhow::Result<()> {
    let app = TestApp::new(b).await?;
    let clerk = app.login("vanthu").await?;
    let leader = app.login("tvhung").await?;
    let sha = app.upload_pdf(&clerk, "Cong van").await?;
    for i in 1..=23 {
        let (notation, subject) = (
            format!("{i}/BNNMT-ĐCKS"),
            format!("Văn bản số {i} chờ cho ý kiến"),
        );
        let letter = (
            "Bộ Nông nghiệp và Môi trường",
            notation.as_str(),
            subject.as_str(),
        );
        register_letter(&app, &clerk, &sha, letter).await?;
    }
    // the list pages both ways: older, then back to the newest
    let ids = |v: &serde_json::Value| -> Vec<i64> {
        v["items"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|d| d["id"].as_i64())
            .collect()
    };
    let first = app
        .get("/api/v1/incoming?limit=10", Some(&clerk))
        .await
        .json();
    assert!(first.get("newer").is_none(), "{first}");
    let next = first["next"].as_i64().unwrap_or_default();
    let second = app
        .get(
            &format!("/api/v1/incoming?limit=10&before={next}"),
            Some(&clerk),
        )
        .await
        .json();
    assert_eq!(ids(&second).len(), 10);
    let newer = second["newer"].as_i64().unwrap_or_default();
    let back = app
        .get(
            &format!("/api/v1/incoming?limit=10&after={newer}"),
            Some(&clerk),
        )
        .await
        .json();
    assert_eq!(ids(&back), ids(&first), "{back}");
    assert!(back.get("newer").is_none(), "{back}");
    assert_eq!(back["next"].as_i64(), Some(next));
    // the page: how many, numbered pages, ordered by a column's header
    let total = |page: &str| {
        let text = visible_text(page);
        text.split(" kết quả")
            .next()
            .and_then(|before| before.split_whitespace().last())
            .and_then(|n| n.replace('.', "").parse::<i64>().ok())
    };
    let page = app.get("/incoming", Some(&clerk)).await.text();
    let all = total(&page).unwrap_or_default();
    assert!(all >= 23, "{page}");
    let page = app
        .get("/incoming?q=cho+y+kien+van+ban", Some(&clerk))
        .await
        .text();
    assert_eq!(total(&page), Some(23), "{page}");
    let page = app
        .get("/incoming?sort=deadline&page=2", Some(&clerk))
        .await
        .text();
    assert!(
        page.contains(
            "aria-sort=\"ascending\"><a class=\"sort\" href=\"/incoming?sort=-deadline\""
        ),
        "the deadline's header orders the other way: {page}"
    );
    assert!(
        page.contains("href=\"/incoming?sort=deadline\" rel=\"prev\""),
        "{page}"
    );
    assert!(visible_text(&page).contains("Trang 2"), "{page}");
    // the home page shows the first twenty, and the way to the rest
    let home = app.get("/", Some(&leader)).await.text();
    assert!(home.contains("href=\"/queues/to_route\""), "{home}");
    let page = app.get("/queues/to_route", Some(&leader)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text());
    let text = visible_text(&page.text());
    assert!(text.contains("Chờ cho ý kiến chỉ đạo"), "{text}");
    for i in [1, 12, 23] {
        assert!(text.contains(&format!("{i}/BNNMT-ĐCKS")), "{i}: {text}");
    }
    assert_eq!(
        page.text().matches("<tr>").count(),
        24,
        "a header and 23 rows"
    );
    // the clerk follows what she presented, waiting for the leaders' direction; the leaders,
    // who give it, have the letters in their own queue instead
    let home = app.get("/", Some(&clerk)).await.text();
    let presented = between(&home, "id=\"presented\"", "</section>").unwrap_or_default();
    assert!(
        presented.contains("Đã trình, chờ ý kiến chỉ đạo")
            && presented.contains(
                "<a class=\"count\" href=\"/queues/presented\" aria-label=\"23: Xem tất cả\">23</a>"
            )
            && presented.contains("href=\"/queues/presented\""),
        "{home}"
    );
    let page = visible_text(&app.get("/queues/presented", Some(&clerk)).await.text());
    assert!(page.contains("23/BNNMT-ĐCKS"), "{page}");
    assert!(!home.contains("id=\"to_route\""), "{home}");
    let leaders = app.get("/", Some(&leader)).await.text();
    assert!(!leaders.contains("id=\"presented\""), "{leaders}");
    // what waits comes before the queues holding nothing, each figure opening its list
    let queues = between(&leaders, "<div class=\"queues\">", "</main>").unwrap_or_default();
    let first_empty = queues.find("class=\"empty\"");
    assert!(
        first_empty.is_some_and(|at| !queues[at..].contains("class=\"queue-items\"")),
        "{queues}"
    );
    assert!(
        queues.contains("<a class=\"count\" href=\"/queues/to_route\""),
        "{queues}"
    );
    // an unknown queue is no page; someone outside the office has none of it
    assert_eq!(
        app.get("/queues/everything", Some(&leader)).await.status,
        StatusCode::NOT_FOUND
    );
    let business = app.login("minhphat").await?;
    assert_eq!(
        app.get("/queues/to_route", Some(&business)).await.status,
        StatusCode::FORBIDDEN
    );
    Ok(())
}

async fn a_reply_and_the_letter_it_answers_name_each_other(b: Backend) -> anyhow::Result<()> {
    let app = TestApp::new(b).await?;
    let clerk = app.login("vanthu").await?;
    let leader = app.login("tvhung").await?;
    let office_leader = app.login("dvthang").await?;
    let handler = app.login("ntkhanh").await?;
    let (handler_id,): (i64,) =
        sqlx::query_as("SELECT id FROM accounts WHERE username = 'ntkhanh'")
            .fetch_one(app.state.db.pool())
            .await?;
    let sha = app.upload_pdf(&clerk, "Cong van").await?;
    let r = app
        .post(
            "/api/v1/incoming",
            Some(&clerk),
            &json!({
                "channel": "electronic", "issuer": "UBND tỉnh Lào Cai", "notation": "88/UBND-KT",
                "document_date": lode_db::today().to_string(), "type_code": "CV",
                "subject": "Đề nghị cung cấp thông tin mỏ đất hiếm", "file_sha256": sha,
                "urgency": "urgent"
            }),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let record = r.json();
    let (letter, arrival) = (
        record["id"].as_i64().unwrap_or_default(),
        record["arrival_number"].as_i64().unwrap_or_default(),
    );
    let r = app
        .post(
            &format!("/api/v1/incoming/{letter}/route"),
            Some(&leader),
            &json!({"lead_unit_id": app.ids.office}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let r = app
        .post(
            &format!("/api/v1/incoming/{letter}/assign"),
            Some(&office_leader),
            &json!({"handler_id": handler_id}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    // the handler drafts the reply from the letter's page
    let form = app
        .get(&format!("/outgoing/new?reply_to={letter}"), Some(&handler))
        .await
        .text();
    assert!(form.contains("88/UBND-KT"), "{form}");
    // as urgent as the letter; sent inside to the agency's units, not to the agency itself
    assert!(
        form.contains("<option value=\"urgent\" selected>"),
        "{form}"
    );
    let offered =
        |unit: i64| form.contains(&format!("name=\"recipient_unit_ids\" value=\"{unit}\""));
    assert!(offered(app.ids.office) && !offered(app.ids.dept), "{form}");
    // as secret as the letter it answers
    sqlx::query("UPDATE incoming_documents SET secrecy = 'confidential' WHERE id = $1")
        .bind(letter)
        .execute(app.state.db.pool())
        .await?;
    let secret_reply = app
        .get(&format!("/outgoing/new?reply_to={letter}"), Some(&leader))
        .await
        .text();
    assert!(
        secret_reply.contains("<option value=\"confidential\" selected>"),
        "{secret_reply}"
    );
    sqlx::query("UPDATE incoming_documents SET secrecy = 'none' WHERE id = $1")
        .bind(letter)
        .execute(app.state.db.pool())
        .await?;
    let pdf = app.upload_pdf(&handler, "Tra loi").await?;
    let r = app
        .post(
            "/api/v1/outgoing",
            Some(&handler),
            &json!({"type_code": "CV", "subject": "V/v cung cấp thông tin mỏ đất hiếm",
                "recipients_outside": "UBND tỉnh Lào Cai", "pdf_sha256": pdf,
                "related_incoming_id": letter}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let reply = r.json()["id"].as_i64().unwrap_or_default();
    // the letter names its reply while still a draft, and how far it has gone; completing the
    // letter says the reply is not sent by it, and asks what was done
    let letter_page = app
        .get(&format!("/incoming/{letter}"), Some(&handler))
        .await
        .text();
    assert!(
        letter_page.contains(&format!("href=\"/outgoing/{reply}\""))
            && visible_text(&letter_page).contains("Dự thảo")
            && visible_text(&letter_page).contains("Văn bản trả lời chưa được phát hành"),
        "{letter_page}"
    );
    assert!(
        letter_page.contains("textarea id=\"complete_text\" name=\"text\" rows=\"3\" required"),
        "{letter_page}"
    );
    // the reply names the letter by its arrival number and notation, with a link; not by an id
    let page = app
        .get(&format!("/outgoing/{reply}"), Some(&handler))
        .await
        .text();
    assert!(
        page.contains(&format!("href=\"/incoming/{letter}\"")),
        "{page}"
    );
    let text = visible_text(&page);
    assert!(text.contains(&format!("{arrival}/")), "{text}");
    assert!(text.contains("88/UBND-KT"), "{text}");
    assert!(!text.contains("văn bản đến #"), "{text}");
    // the letter's PDF beside its facts: lode's own pages may frame it, no one else
    let page = app
        .get(&format!("/incoming/{letter}"), Some(&handler))
        .await;
    assert!(
        page.text()
            .contains(&format!("<object data=\"/incoming/{letter}/file#")),
        "{}",
        page.text()
    );
    assert_eq!(page.header("x-frame-options"), "DENY");
    let file = app
        .get(&format!("/incoming/{letter}/file"), Some(&handler))
        .await;
    assert_eq!(file.status, StatusCode::OK);
    assert_eq!(file.header("x-frame-options"), "SAMEORIGIN");
    assert!(
        file.header("content-security-policy")
            .contains("frame-ancestors 'self'")
    );
    let draft = app
        .get(&format!("/outgoing/{reply}"), Some(&handler))
        .await
        .text();
    assert!(
        draft.contains(&format!("<object data=\"/outgoing/{reply}/versions/1#")),
        "{draft}"
    );
    // submitted, then taken back from its page by its author to change it, then submitted
    // again
    let submit_at = format!("/api/v1/outgoing/{reply}/submit");
    let nothing = json!({});
    let r = app.post(&submit_at, Some(&handler), &nothing).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let in_review = app
        .get(&format!("/outgoing/{reply}"), Some(&handler))
        .await
        .text();
    assert!(
        in_review.contains(&format!("action=\"/outgoing/{reply}/withdraw\"")),
        "{in_review}"
    );
    let version = r.json()["version"].to_string();
    let r = app
        .form(
            &handler,
            &format!("/outgoing/{reply}/withdraw"),
            &[("text", "Sửa lại trích yếu"), ("version", &version)],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let taken_back = app.get(&r.header("location"), Some(&handler)).await.text();
    let text = visible_text(&taken_back);
    assert!(
        text.contains("Đã rút lại dự thảo") && text.contains("Người soạn rút lại để sửa"),
        "{text}"
    );
    assert!(
        !text.contains("unit_leader") && !text.contains("Trả lại để sửa bởi"),
        "{text}"
    );
    let r = app.post(&submit_at, Some(&handler), &nothing).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    // approved along its chain and numbered: the letter lists its reply
    for who in [&office_leader, &leader] {
        let r = app
            .post(
                &format!("/api/v1/outgoing/{reply}/approve"),
                Some(who),
                &json!({}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    }
    let r = app
        .post(
            &format!("/api/v1/outgoing/{reply}/issue"),
            Some(&clerk),
            &json!({"signed_on_paper": true}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let notation = r.json()["notation"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let page = app
        .get(&format!("/incoming/{letter}"), Some(&handler))
        .await
        .text();
    assert!(
        page.contains(&format!("href=\"/outgoing/{reply}\"")),
        "{page}"
    );
    let text = visible_text(&page);
    assert!(
        text.contains("Văn bản trả lời") && text.contains(&notation),
        "{page}"
    );
    // and, answered, the letter is settled: completed, its history naming the reply, nothing
    // left in its handler's queue
    let r = app
        .get(&format!("/api/v1/incoming/{letter}"), Some(&handler))
        .await;
    assert_eq!(r.json()["status"], "completed", "{}", r.text());
    assert!(
        text.contains("Đã trả lời bằng văn bản đi") && text.contains("Đã hoàn thành"),
        "{text}"
    );
    let (open_notices,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM notifications WHERE account_id = $1 AND link = $2 AND read_at IS NULL",
    )
    .bind(handler_id)
    .bind(format!("/incoming/{letter}"))
    .fetch_one(app.state.db.pool())
    .await?;
    assert_eq!(open_notices, 0, "the handler's notice is settled");
    Ok(())
}

async fn filters_sent_as_they_stand_are_answered(b: Backend) -> anyhow::Result<()> {
    let app = TestApp::new(b).await?;
    let clerk = app.login("vanthu").await?;
    let leader = app.login("tvhung").await?;
    // every choice left on "—", every date empty: the whole list
    for (who, path) in [
        (&leader, "/dashboard?from=&to=&unit_id="),
        (
            &clerk,
            "/incoming?q=&register=&year=&type_code=&status=&urgency=&lead_unit_id=&handler_id=&from=&to=",
        ),
        (&clerk, "/dossiers?year=&unit_id=&q="),
        (&clerk, "/outgoing?q=&status="),
        (&leader, "/weekly?unit_id=&week="),
    ] {
        let r = app.get(path, Some(who)).await;
        assert_eq!(r.status, StatusCode::OK, "{path}: {}", r.text());
    }
    // a period ending before it starts: said beside its end, the days typed kept, the list
    // still there to mend them in
    let r = app
        .get("/incoming?from=2026-12-31&to=2026-01-01", Some(&clerk))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let page = r.text();
    assert!(
        page.contains("Không được trước ngày bắt đầu.")
            && page.contains("value=\"2026-12-31\"")
            && page.contains("<form class=\"filters\""),
        "{page}"
    );
    // nothing was searched: no count and no empty table, but what to do
    let text = visible_text(&page);
    assert!(
        text.contains("Sửa bộ lọc được đánh dấu ở trên để xem danh sách.")
            && !text.contains("kết quả")
            && !page.contains("<table class=\"list\""),
        "{text}"
    );
    // words in any order, without their marks, each marked where it stands
    let sha = app.upload_pdf(&clerk, "Cong van").await?;
    register_letter(
        &app,
        &clerk,
        &sha,
        (
            "UBND tỉnh Yên Bái",
            "31/UBND-TNMT",
            "V/v khai thác cát lòng sông Chảy",
        ),
    )
    .await?;
    for (q, found) in [
        ("long+song+khai+thac", true),
        ("khai+thac+long+song", true),
        ("song+chay+31%2Fubnd", true),
        ("khai+thac+da+vang", false),
    ] {
        let page = app
            .get(&format!("/incoming?q={q}"), Some(&clerk))
            .await
            .text();
        assert_eq!(
            page.contains("31/UBND-TNMT") || page.contains("<mark>31/UBND</mark>"),
            found,
            "{q}: {page}"
        );
        if found {
            assert!(
                page.contains("<mark>lòng</mark>") || page.contains("<mark>Chảy</mark>"),
                "{q}: {page}"
            );
        }
        let api = app
            .get(&format!("/api/v1/incoming?q={q}"), Some(&clerk))
            .await
            .json();
        assert_eq!(
            api["items"].as_array().map_or(0, Vec::len),
            usize::from(found),
            "{q}"
        );
    }
    // work dossiers searched the same way, the words marked where they stand
    let r = app
        .post(
            "/api/v1/dossiers",
            Some(&clerk),
            &serde_json::json!({"title": "Hồ sơ cấp phép khai thác cát lòng sông", "retention": "permanent"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let page = app
        .get("/dossiers?q=long+song+cap+phep", Some(&clerk))
        .await
        .text();
    assert!(
        page.contains("<mark>cấp</mark>") && page.contains("<mark>sông</mark>"),
        "{page}"
    );
    // ordered by title on asking (the header says so), an order that does not exist refused
    let by_title = app.get("/dossiers?sort=title", Some(&clerk)).await;
    assert_eq!(by_title.status, StatusCode::OK);
    assert!(
        by_title.text().contains("aria-sort=\"ascending\""),
        "{}",
        by_title.text()
    );
    assert!(
        app.get("/api/v1/dossiers?sort=colour", Some(&clerk))
            .await
            .status
            .is_client_error()
    );
    // the dashboard's overdue figure opens the list with its filter shown, kept when sent again
    let page = app.get("/incoming?overdue=true", Some(&clerk)).await.text();
    assert!(
        page.contains("name=\"overdue\" value=\"true\" checked"),
        "{page}"
    );
    // a word where a number goes: refused on a page that names the field, in Vietnamese too
    let r = app.get("/incoming?lead_unit_id=abc", Some(&clerk)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    let text = visible_text(&r.text());
    assert!(text.contains("Đơn vị chủ trì"), "{text}");
    assert!(!text.contains("lead_unit_id"), "{text}");
    assert!(!text.contains("Failed to deserialize"), "{text}");
    assert!(!text.contains("422"), "{text}");
    // the same in English for a reader who chose English, without a Vietnamese line
    let mut english = TestApp::request(
        axum::http::Method::GET,
        "/incoming?lead_unit_id=abc",
        Some(&clerk),
        None,
    );
    let cookies = format!("{}; lang=en", clerk.cookie);
    english.headers_mut().insert(
        axum::http::header::COOKIE,
        axum::http::HeaderValue::from_str(&cookies)?,
    );
    let r = app.send(english).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let (html, text) = (r.text(), visible_text(&r.text()));
    assert!(html.contains("lang=\"en\""), "{html}");
    assert!(
        text.contains("Lead unit") && text.contains("Back to the home page"),
        "{text}"
    );
    assert!(
        !text.contains("Đơn vị chủ trì") && !text.contains("lead_unit_id"),
        "{text}"
    );
    // a page that is not there, in each language
    let missing = app.get("/no/such/page", Some(&clerk)).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    let text = visible_text(&missing.text());
    assert!(
        text.contains("Không tìm thấy") && text.contains("Về trang chủ"),
        "{text}"
    );
    assert!(
        !text.contains("Not found") && !text.contains("404"),
        "{text}"
    );
    // in the frame of every other page: the signed-in reader keeps the menu and the way out
    assert!(
        text.contains("Văn bản đến") && text.contains("Thông báo") && text.contains("Đăng xuất"),
        "{text}"
    );
    // ... and a way on: a search of the letters; a letter not there, the list of letters
    let html = missing.text();
    assert!(!text.contains("Về danh sách"), "{text}");
    let letter = visible_text(&app.get("/incoming/999999", Some(&clerk)).await.text());
    assert!(letter.contains("Về danh sách"), "{letter}");
    assert!(
        html.contains("action=\"/incoming\"") && text.contains("Tìm văn bản đến"),
        "{html}"
    );
    // a visitor's has the visitors' header, with the way to sign in, and searches the services
    let visitor = app.get("/no/such/page", None).await.text();
    assert!(visitor.contains("action=\"/dich-vu-cong\""), "{visitor}");
    let visitor = visible_text(&visitor);
    assert!(
        visitor.contains("Đăng nhập") && !visitor.contains("Đăng xuất"),
        "{visitor}"
    );
    assert!(!visitor.contains("Tìm văn bản đến"), "{visitor}");
    // an outgoing letter not there is searched among the outgoing ones
    let outgoing = app.get("/outgoing/999999", Some(&clerk)).await.text();
    assert!(
        outgoing.contains("action=\"/outgoing\"")
            && visible_text(&outgoing).contains("Tìm văn bản đi"),
        "{outgoing}"
    );
    // an applicant sent to a letter is not led on to the letters, where they would be refused
    let business = app.login("minhphat").await?;
    let stranger = app.get("/incoming/999999", Some(&business)).await;
    assert!(stranger.status.is_client_error(), "{}", stranger.status);
    let stranger = visible_text(&stranger.text());
    assert!(
        stranger.contains("Về trang chủ") && !stranger.contains("Về danh sách"),
        "{stranger}"
    );
    // an address whose number is no number: the same page, not the parser's English
    for address in ["/incoming/abc", "/outgoing/abc", "/notifications/abc"] {
        let mut opened = TestApp::request(axum::http::Method::GET, address, Some(&clerk), None);
        opened
            .headers_mut()
            .insert("accept", "text/html,application/xhtml+xml".parse()?);
        let page = app.send(opened).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{address}");
        let text = visible_text(&page.text());
        assert!(
            text.contains("Không tìm thấy") && !text.contains("Invalid URL"),
            "{address}: {text}"
        );
    }
    // come from a page of lode's: the way back to it, beside the way home
    let mut followed =
        TestApp::request(axum::http::Method::GET, "/no/such/page", Some(&clerk), None);
    for (name, value) in [
        ("host", "lode.example"),
        ("referer", "https://lode.example/incoming?q=than"),
    ] {
        followed
            .headers_mut()
            .insert(name, axum::http::HeaderValue::from_static(value));
    }
    let html = app.send(followed).await.text();
    assert!(
        html.contains("<a href=\"/incoming?q=than\">← Quay lại trang trước</a>")
            && html.contains("class=\"brand\""),
        "{html}"
    );
    Ok(())
}

/// The text between `start` (after it) and `end`, from `at`.
fn between<'a>(text: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let from = text.find(start)? + start.len();
    let to = text[from..].find(end)? + from;
    Some(&text[from..to])
}

/// How many documents the list at `href` says it holds.
async fn listed_at(app: &TestApp, who: &Session, href: &str) -> anyhow::Result<i64> {
    let list = app.get(href, Some(who)).await;
    assert_eq!(list.status, StatusCode::OK, "{href}");
    Ok(
        match between(&list.text(), "class=\"list-total\" role=\"status\">", " ") {
            Some(n) => n.replace('.', "").parse()?,
            None => 0,
        },
    )
}

/// Every figure of the dashboard that is a link opens the list of the documents it counts, in
/// its period and unit, and that list holds as many as the figure says (the whole department,
/// then one federation).
async fn every_linked_figure_opens_the_list_it_counts(b: Backend) -> anyhow::Result<()> {
    let app = TestApp::demo(b).await?;
    let leader = app
        .login_with("tvhung", lode_db::demo::DEMO_PASSWORD)
        .await?;
    let north = lode_db::units::by_org_id(&app.state.db, "000.10.27.G12").await?;
    let (mut checked, mut counted) = (0, 0);
    for dashboard in [
        "/dashboard".to_string(),
        format!("/dashboard?unit_id={}", north.id),
    ] {
        let page = app.get(&dashboard, Some(&leader)).await.text();
        let mut rest = page.as_str();
        while let Some(at) = rest.find("<a class=\"gauge\" href=\"") {
            rest = &rest[at..];
            let href = between(rest, "href=\"", "\"")
                .unwrap_or_default()
                .replace("&amp;", "&");
            // the part the figure counts: "(part/whole)", or the figure alone
            let gauge = between(rest, ">", "</a>").unwrap_or_default();
            let part: i64 = match between(gauge, "class=\"gauge-count\">(", "/") {
                Some(p) => p.replace('.', "").parse()?,
                None => between(gauge, "gauge-value overdue\">", "<")
                    .unwrap_or_default()
                    .replace('.', "")
                    .parse()?,
            };
            rest = &rest[1..];
            let listed = listed_at(&app, &leader, &href).await?;
            assert_eq!(
                listed, part,
                "{dashboard}: {href} lists {listed}, the figure says {part}"
            );
            checked += 1;
            counted += part;
        }
        // the numbers of the tables and the bars of the charts open their lists too
        let mut rest = page.as_str();
        let mut numbers = 0;
        while let Some(at) = rest.find("<a href=\"/") {
            rest = &rest[at + "<a href=\"".len()..];
            let raw = between(rest, "", "\"").unwrap_or_default();
            let (href, after) = (raw.replace("&amp;", "&"), &rest[raw.len()..]);
            // a table's number is the link's text; a bar says its number last in its label
            let part = match between(after, "\">", "</a>").map(str::trim) {
                Some(n) if !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()) => {
                    n.parse::<i64>()?
                }
                _ => {
                    match between(after, "aria-label=\"", "\"").and_then(|l| l.rsplit(": ").next())
                    {
                        Some(n) if after.starts_with("\" aria-label") => n.parse::<i64>()?,
                        _ => continue,
                    }
                }
            };
            let listed = listed_at(&app, &leader, &href).await?;
            assert_eq!(
                listed, part,
                "{dashboard}: {href} lists {listed}, the page says {part}"
            );
            numbers += 1;
        }
        assert!(numbers >= 20, "{dashboard}: {numbers} numbers followed");
        // a unit's row holds what its three parts count
        let mut rows = 0;
        let mut rest = page.as_str();
        while let Some(at) = rest.find("<a class=\"bar-row\" href=\"") {
            rest = &rest[at + "<a class=\"bar-row\" href=\"".len()..];
            let href = between(rest, "", "\"")
                .unwrap_or_default()
                .replace("&amp;", "&");
            if !href.starts_with("/incoming") {
                continue;
            }
            let total: i64 = between(rest, "class=\"bar-total\">", "<")
                .unwrap_or_default()
                .parse()?;
            let listed = listed_at(&app, &leader, &href).await?;
            assert_eq!(
                listed, total,
                "{dashboard}: {href} lists {listed}, the row says {total}"
            );
            rows += 1;
        }
        assert!(
            rows > 0 || dashboard.contains("unit_id"),
            "{dashboard}: the units' rows open their lists"
        );
    }
    assert!(checked >= 6, "{checked} figures checked");
    assert!(counted > 0, "the demo's figures count documents");
    // a day that does not read is told beside its field, over the usual period's figures
    let refused = app.get("/dashboard?from=12026-01-01", Some(&leader)).await;
    assert_eq!(refused.status, StatusCode::OK);
    let text = refused.text();
    assert!(
        text.contains("class=\"field-error\"") && text.contains("class=\"gauges\""),
        "{text}"
    );
    // and the period those figures are of is said
    let year = chrono::Datelike::year(&lode_db::today());
    assert!(
        visible_text(&text).contains(&format!(
            "Khoảng thời gian đã nhập chưa đúng: số liệu dưới đây là từ ngày 01/01/{year} đến ngày"
        )),
        "{text}"
    );
    Ok(())
}

/// A notice leads to a page: the person who opens that page, however they came to it, has read
/// it; the others' notices, and the person's notices about other pages, stay unread.
async fn opening_a_page_reads_its_notices(b: Backend) -> anyhow::Result<()> {
    let app = TestApp::new(b).await?;
    let clerk = app.login("vanthu").await?;
    let leader = app.login("tvhung").await?;
    let office_leader = app.login("dvthang").await?;
    let sha = app.upload_pdf(&clerk, "Cong van").await?;
    let mut letters = Vec::new();
    for notation in ["41/UBND-KT", "42/UBND-KT"] {
        let r = app
            .post(
                "/api/v1/incoming",
                Some(&clerk),
                &json!({
                    "channel": "electronic", "issuer": "UBND tỉnh Lào Cai", "notation": notation,
                    "document_date": lode_db::today().to_string(), "type_code": "CV",
                    "subject": "Đề nghị cung cấp thông tin mỏ đất hiếm", "file_sha256": sha
                }),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
        let id = r.json()["id"].as_i64().unwrap_or_default();
        let r = app
            .post(
                &format!("/api/v1/incoming/{id}/route"),
                Some(&leader),
                &json!({"lead_unit_id": app.ids.office}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        letters.push(id);
    }
    let unread = |link: String| {
        let db = app.state.db.clone();
        async move {
            let (n,): (i64,) = sqlx::query_as(
                "SELECT COUNT(*) FROM notifications n JOIN accounts a ON a.id = n.account_id
                 WHERE a.username = 'dvthang' AND n.link = $1 AND n.read_at IS NULL",
            )
            .bind(link)
            .fetch_one(db.pool())
            .await?;
            Ok::<_, anyhow::Error>(n)
        }
    };
    let (first, second) = (
        format!("/incoming/{}", letters[0]),
        format!("/incoming/{}", letters[1]),
    );
    assert_eq!(
        unread(first.clone()).await?,
        1,
        "the unit leader is told of each"
    );
    let home = app.get("/", Some(&office_leader)).await.text();
    let page = app.get(&first, Some(&office_leader)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(unread(first.clone()).await?, 0, "read where it leads");
    assert_eq!(unread(second).await?, 1, "another letter's notice stays");
    // the page's own count in the menu already leaves it out
    let count = |html: &str| {
        html.split("href=\"/notifications\"")
            .nth(1)
            .and_then(|rest| rest.split("class=\"nav-count overdue\">").nth(1))
            .and_then(|n| n.split('<').next())
            .map(str::to_string)
    };
    let before: i64 = count(&home).and_then(|n| n.parse().ok()).unwrap_or(0);
    let after: i64 = count(&page.text())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    assert_eq!(
        after,
        before - 1,
        "{:?} {:?}",
        count(&home),
        count(&page.text())
    );
    // the registration form offers the register's senders, so that one keeps one name
    let form = app.get("/incoming/new", Some(&clerk)).await.text();
    assert!(
        form.contains("list=\"known-issuers\"")
            && form.contains("<option value=\"UBND tỉnh Lào Cai\">"),
        "{form}"
    );
    Ok(())
}
