//! The coordinate converter as its users meet it, on SQLite and PostgreSQL: the API converts
//! each way and refuses what is out of range with the point's index; the page, open to all,
//! converts pasted lines, names every wrong line in Vietnamese beside the field and keeps what
//! was typed; a signed-in user's form carries the session's token.

use axum::http::{Method, StatusCode};
use lode_db::Backend;
use lode_web::testkit::{Resp, TestApp, visible_text};
use serde_json::json;

lode_db::on_both_backends!(
    the_api_converts_each_way_and_names_the_wrong_point,
    the_page_converts_pasted_lines_and_names_the_wrong_ones,
);

mod common;

use common::app;

async fn post_form(app: &TestApp, pairs: &[(&str, &str)]) -> Resp {
    let body: String = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish();
    app.raw(
        Method::POST,
        "/toa-do",
        None,
        "application/x-www-form-urlencoded",
        body,
    )
    .await
}

async fn the_api_converts_each_way_and_names_the_wrong_point(b: Backend) -> anyhow::Result<()> {
    let app = app(b).await?;
    let r = app
        .post(
            "/api/v1/coordinates/convert",
            None,
            &json!({"from": "vn2000", "meridian": 105.75, "points": [[2320000, 580000]]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let p = &r.json()["points"][0];
    let (lat, lon) = (
        p["lat"].as_f64().unwrap_or(0.0),
        p["lon"].as_f64().unwrap_or(0.0),
    );
    assert!(
        (lat - 20.971_574_93).abs() < 5e-9 && (lon - 106.521_249_09).abs() < 5e-9,
        "{p}"
    );
    // and back, on a 6° zone
    let r = app
        .post(
            "/api/v1/coordinates/convert",
            None,
            &json!({"from": "wgs84", "meridian": 105, "zone": "6", "points": [[lat, lon]]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let back = &r.json()["points"][0];
    assert!(
        back["x"]
            .as_f64()
            .is_some_and(|x| (2_300_000.0..2_350_000.0).contains(&x)),
        "{back}"
    );
    let r = app
        .post(
            "/api/v1/coordinates/convert",
            None,
            &json!({"from": "wgs84", "meridian": 105, "zone": "6", "points": [[back["x"], back["y"]]]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    // refusals, each on its field
    for (body, field, code) in [
        (
            json!({"from": "vn2000", "meridian": 50, "points": [[2320000, 580000]]}),
            "meridian",
            "meridian_range",
        ),
        (
            json!({"from": "vn2000", "meridian": 105.75, "zone": "6", "points": [[2320000, 580000]]}),
            "meridian",
            "six_degree_meridian",
        ),
        (
            json!({"from": "vn2000", "meridian": 105.75, "points": [[2320000, 580000], [580000, 2320000]]}),
            "points[1]",
            "swapped_xy",
        ),
        (
            json!({"from": "wgs84", "meridian": 105.75, "points": [[45.0, 106.0]]}),
            "points[0]",
            "lat_range",
        ),
        (
            json!({"from": "vn2000", "meridian": 105.75, "points": []}),
            "points",
            "points_count",
        ),
    ] {
        let r = app.post("/api/v1/coordinates/convert", None, &body).await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{body}: {}",
            r.text()
        );
        let errors = r.json()["errors"].clone();
        assert!(
            errors
                .as_array()
                .into_iter()
                .flatten()
                .any(|e| e["field"] == field && e["code"] == code),
            "{body}: {errors}"
        );
    }
    let r = app
        .post(
            "/api/v1/coordinates/convert",
            None,
            &json!({"from": "vn2000", "meridian": 105.75, "points": [[1, 2]], "datum": "x"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    Ok(())
}

async fn the_page_converts_pasted_lines_and_names_the_wrong_ones(b: Backend) -> anyhow::Result<()> {
    let app = app(b).await?;
    let r = app.get("/toa-do", None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.text().contains("Chuyển đổi tọa độ VN-2000 và WGS84"));
    assert!(
        r.text().contains(">105°45′</option>"),
        "the provinces' meridians named"
    );
    // corner points as a surveyor pastes them, decimal commas and all
    let r = post_form(
        &app,
        &[
            ("from", "vn2000"),
            ("meridian", "105.75"),
            ("zone", "3"),
            (
                "points",
                "M1\t2 320 000,000\t580 000,000\nM2\t2320100\t580050",
            ),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    let shown = visible_text(&r.text());
    assert!(
        shown.contains("Đã chuyển đổi 2 điểm, kinh tuyến trục 105°45′, múi 3°."),
        "{shown}"
    );
    assert!(
        shown.contains("20,97157493") && shown.contains("106,52124909"),
        "{shown}"
    );
    assert!(shown.contains("20°58′17,6697″"), "{shown}");
    // wrong lines named, in Vietnamese, what was typed kept
    let typed = "1 2320000 580000\n580000 2320000\n2320000\n99 99";
    let r = post_form(
        &app,
        &[
            ("from", "vn2000"),
            ("meridian", "105.75"),
            ("zone", "3"),
            ("points", typed),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    let shown = visible_text(&r.text());
    for line in [
        "Dòng 2: X là tọa độ hướng bắc",
        "Dòng 3: Mỗi dòng cần đúng hai số",
        "Dòng 4: X phải nằm trong khoảng 800 000 đến 2 700 000 m.",
    ] {
        assert!(shown.contains(line), "{line} in {shown}");
    }
    assert!(!shown.contains("Dòng 1:"));
    assert!(!shown.contains("Đã chuyển đổi"));
    assert!(r.text().contains("580000 2320000"), "the points typed kept");
    // a 6° zone on a 3° zone's meridian is refused beside the meridian
    let r = post_form(
        &app,
        &[
            ("from", "wgs84"),
            ("meridian", "105.75"),
            ("zone", "6"),
            ("points", "21 105.8"),
        ],
    )
    .await;
    assert!(
        visible_text(&r.text()).contains("Múi 6° có kinh tuyến trục 99°, 105°, 111° hoặc 117°.")
    );
    // signed in, the form carries the session's token
    let clerk = app.login("vanthu").await?;
    let r = app
        .form(
            &clerk,
            "/toa-do",
            &[
                ("from", "wgs84"),
                ("meridian", "105"),
                ("zone", "6"),
                ("points", "21 105.8"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert!(visible_text(&r.text()).contains("Đã chuyển đổi 1 điểm"));
    Ok(())
}
