//! The register of mineral licences through its API, on SQLite and PostgreSQL: only licence
//! officers grant and record; a licence's area is checked corner by corner and measured; each
//! event changes what it may, and the register reads as it stood on any day; the public sees
//! the licences in force only.

use axum::http::StatusCode;
use lode_db::Backend;
use lode_web::testkit::visible_text;
use serde_json::{Value, json};

lode_db::on_both_backends!(
    licences_are_granted_recorded_and_read_as_of_a_day,
    the_officer_keeps_the_register_through_its_pages,
    an_area_is_checked_against_the_licences_in_force,
    the_register_is_read_in_the_order_asked,
);

mod common;

use common::{app, officer};

fn licence(number: &str, ring: &str) -> Value {
    json!({
        "number": number, "kind": "mining", "holder": "Công ty CP Than Hà Lầm",
        "minerals": "than đá", "mineral_group": 2, "province": "Quảng Ninh",
        "commune": "phường Hà Lầm",
        "area": {"meridian": 107.75, "rings": [ring], "legal_area_ha": 16.0},
        "depth_from_m": 50.0, "depth_to_m": -300.0,
        "capacity": "1,2 triệu tấn/năm",
        "granted_on": "2015-03-10", "valid_until": "2035-03-10"
    })
}

const SQUARE: &str = "M1 2320000 430000\nM2 2320000 430400\nM3 2319600 430400\nM4 2319600 430000";

fn codes(r: &Value) -> Vec<(String, String)> {
    r["errors"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|e| {
            (
                e["field"].as_str().unwrap_or("").to_string(),
                e["code"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

async fn licences_are_granted_recorded_and_read_as_of_a_day(b: Backend) -> anyhow::Result<()> {
    let app = app(b).await?;
    let mai = officer(&app).await?;
    let clerk = app.login("vanthu").await?;
    let path = "/api/v1/cadastre/licences";
    // only licence officers grant
    let r = app
        .post(path, Some(&clerk), &licence("125/GP-BTNMT", SQUARE))
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text());
    let r = app.post(path, None, &licence("125/GP-BTNMT", SQUARE)).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let r = app
        .post(path, Some(&mai), &licence("125/GP-BTNMT", SQUARE))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let id = r.json()["id"].as_i64().unwrap_or_default();
    assert_eq!(r.json()["status"], "valid");
    // the audit log names the licence by its number
    let admin = app.login("admin").await?;
    let log = app
        .get(
            &format!("/audit?entity_type=cadastre_licence&entity_id={id}"),
            Some(&admin),
        )
        .await
        .text();
    assert!(log.contains("Giấy phép khoáng sản: 125/GP-BTNMT"), "{log}");
    assert!((r.json()["state"]["area_ha"].as_f64().unwrap_or(0.0) - 16.0).abs() < 1e-9);
    // a number taken, a ring crossing itself, a point swapped: each named on its field
    let r = app
        .post(path, Some(&mai), &licence("125/GP-BTNMT", SQUARE))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(codes(&r.json()).contains(&("number".into(), "licence_number_taken".into())));
    let bow = "2320000 430000\n2319600 430400\n2320000 430400\n2319600 430000";
    let r = app
        .post(path, Some(&mai), &licence("126/GP-BTNMT", bow))
        .await;
    assert!(
        codes(&r.json()).contains(&("rings[0]".into(), "ring_crossing".into())),
        "{}",
        r.text()
    );
    let swapped = "2320000 430000\n430400 2320000\n2319600 430400";
    let r = app
        .post(path, Some(&mai), &licence("126/GP-BTNMT", swapped))
        .await;
    let errors = r.json()["errors"].clone();
    assert!(
        errors
            .as_array()
            .into_iter()
            .flatten()
            .any(|e| e["field"] == "rings[0]"
                && e["code"] == "swapped_xy"
                && e["message"]
                    .as_str()
                    .is_some_and(|m| m.starts_with("line 2:"))),
        "{errors}"
    );
    // its life: extended, transferred, returned
    let events = format!("{path}/{id}/events");
    let event = |kind: &str, on: &str, extra: Value| {
        let mut v = json!({"kind": kind, "effective_on": on, "decision_number": "85/QĐ-BTNMT"});
        if let (Some(v), Value::Object(e)) = (v.as_object_mut(), extra) {
            v.extend(e);
        }
        v
    };
    let r = app
        .post(
            &events,
            Some(&clerk),
            &event("return", "2019-01-01", json!({})),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = app
        .post(
            &events,
            Some(&mai),
            &event(
                "extension",
                "2020-01-05",
                json!({"valid_until": "2040-03-10"}),
            ),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json()["licence"]["state"]["valid_until"], "2040-03-10");
    let r = app
        .post(
            &events,
            Some(&mai),
            &event(
                "transfer",
                "2021-02-01",
                json!({"holder": "Tổng công ty Than Đông Bắc"}),
            ),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    // nothing takes effect before the last event
    let r = app
        .post(
            &events,
            Some(&mai),
            &event("return", "2020-06-01", json!({})),
        )
        .await;
    assert!(codes(&r.json()).contains(&("effective_on".into(), "before_last_event".into())));
    let r = app
        .post(
            &events,
            Some(&mai),
            &event("return", "2023-06-01", json!({})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let history = r.json()["history"].clone();
    let kinds: Vec<&str> = history
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|e| e["kind"].as_str())
        .collect();
    assert_eq!(kinds, vec!["grant", "extension", "transfer", "return"]);
    // returned: only the mine's closure may follow
    let r = app
        .post(
            &events,
            Some(&mai),
            &event(
                "extension",
                "2024-01-01",
                json!({"valid_until": "2045-01-01"}),
            ),
        )
        .await;
    assert!(codes(&r.json()).contains(&("kind".into(), "licence_ended".into())));
    // the register as it stood on a day
    let on = |day: &str| format!("{path}?on={day}");
    let r = app.get(&on("2022-01-01"), Some(&mai)).await.json();
    assert_eq!(r[0]["holder"], "Tổng công ty Than Đông Bắc", "{r}");
    assert_eq!(r[0]["status"], "valid");
    assert_eq!(r[0]["valid_until"], "2040-03-10");
    let r = app.get(&on("2019-06-01"), Some(&mai)).await.json();
    assert_eq!(r[0]["holder"], "Công ty CP Than Hà Lầm", "{r}");
    assert_eq!(r[0]["valid_until"], "2035-03-10");
    let r = app.get(&on("2014-01-01"), Some(&mai)).await.json();
    assert_eq!(r, json!([]), "not granted yet");
    let r = app.get(&on("2024-01-01"), Some(&mai)).await.json();
    assert_eq!(r[0]["status"], "returned", "{r}");
    let r = app.get(&format!("{path}?on=2034-13-01"), Some(&mai)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    // the public sees the licences in force only
    let r = app
        .post(path, Some(&mai), &licence("200/GP-BTNMT", SQUARE))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let public = app.get(path, None).await.json();
    let numbers: Vec<&str> = public
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|l| l["number"].as_str())
        .collect();
    assert_eq!(numbers, vec!["200/GP-BTNMT"], "{public}");
    assert_eq!(
        app.get(&format!("{path}/{id}"), None).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get(&format!("{path}/{id}"), Some(&clerk)).await.status,
        StatusCode::OK
    );
    // every event in the audit chain
    let (audited,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM audit_log WHERE entity_type = 'cadastre_licence' AND entity_id = $1",
    )
    .bind(id.to_string())
    .fetch_one(app.state.db.pool())
    .await?;
    assert_eq!(audited, 4);
    Ok(())
}

fn pairs(f: &[(String, String)]) -> Vec<(&str, &str)> {
    f.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
}

async fn the_officer_keeps_the_register_through_its_pages(b: Backend) -> anyhow::Result<()> {
    let app = app(b).await?;
    let mai = officer(&app).await?;
    let clerk = app.login("vanthu").await?;
    assert_eq!(
        app.get("/giay-phep/moi", Some(&clerk)).await.status,
        StatusCode::FORBIDDEN
    );
    let r = app.get("/giay-phep/moi", Some(&mai)).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.text().contains(">107°45′</option>"));
    let form = |number: &str, corners: &str, area: &str| -> Vec<(String, String)> {
        [
            ("number", number),
            ("kind", "exploration"),
            ("holder", "Công ty TNHH Khoáng sản Lâm Đồng"),
            ("minerals", "bauxit"),
            ("mineral_group", "2"),
            ("province", "Lâm Đồng"),
            ("meridian", "107.75"),
            ("rings", corners),
            ("legal_area_ha", area),
            ("granted_on", "2024-05-02"),
            ("valid_until", "2028-05-02"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
    };
    // wrong: a point swapped, the area in words; each error beside its field, what was typed kept
    let bad = form(
        "12/GP-BTNMT",
        "M1 1300000 430000\n430400 1300000\nM3 1299600 430400",
        "mười sáu",
    );
    let r = app.form(&mai, "/giay-phep", &pairs(&bad)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let shown = visible_text(&r.text());
    assert!(shown.contains("Dòng 2: X là tọa độ hướng bắc"), "{shown}");
    assert!(shown.contains("Phải là số."), "{shown}");
    assert!(
        r.text().contains("430400 1300000"),
        "the corners typed are kept"
    );
    // right: the licence's page, its corners in both systems
    let good = form(
        "12/GP-BTNMT",
        "M1 1300000 430000\nM2 1300000 430400\nM3 1299600 430400\nM4 1299600 430000",
        "16,0",
    );
    let r = app.form(&mai, "/giay-phep", &pairs(&good)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let at = r.header("location");
    assert!(at.ends_with("?moi=1"), "{at}");
    let entered = visible_text(&app.get(&at, Some(&mai)).await.text());
    assert!(entered.contains("Đã ghi giấy phép vào sổ."), "{entered}");
    let at = at.trim_end_matches("?moi=1").to_string();
    // the register a page at a time: the licence on the first, not past the end
    let first = app.get("/giay-phep", None).await.text();
    assert!(first.contains("12/GP-BTNMT"), "{first}");
    let past = app.get("/giay-phep?page=2", None).await;
    assert_eq!(past.status, StatusCode::OK);
    let past = past.text();
    assert!(
        !past.contains("12/GP-BTNMT") && past.contains("rel=\"prev\""),
        "{past}"
    );
    let page = app.get(&at, None).await;
    assert_eq!(page.status, StatusCode::OK);
    let shown = visible_text(&page.text());
    for want in [
        "Giấy phép thăm dò 12/GP-BTNMT",
        "Công ty TNHH Khoáng sản Lâm Đồng",
        "Tính theo tọa độ 16,00 ha; ghi trên giấy phép 16,00 ha",
        "kinh tuyến trục 107°45′, múi chiếu 3°",
        "02/05/2024 – 02/05/2028",
        "Còn hiệu lực",
    ] {
        assert!(shown.contains(want), "{want} in {shown}");
    }
    assert!(!shown.contains("Ghi sự kiện"), "the public records nothing");
    // an extension through the form, then a refusal beside its field
    let r = app
        .form(
            &mai,
            &at,
            &[
                ("kind", "extension"),
                ("effective_on", "2025-01-10"),
                ("decision_number", "5/QĐ-BTNMT"),
                ("valid_until", "2030-05-02"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let shown = visible_text(&r.text());
    assert!(shown.contains("Đã ghi sự kiện vào sổ."), "{shown}");
    assert!(shown.contains("02/05/2024 – 02/05/2030"), "{shown}");
    let r = app
        .form(
            &mai,
            &at,
            &[
                ("kind", "extension"),
                ("effective_on", "2025-02-10"),
                ("decision_number", "6/QĐ-BTNMT"),
                ("valid_until", "2029-01-01"),
            ],
        )
        .await;
    assert!(visible_text(&r.text()).contains("Hạn mới phải muộn hơn hạn hiện tại."));
    // the register lists it, open to all
    let list = visible_text(&app.get("/giay-phep?q=bauxit", None).await.text());
    assert!(
        list.contains("12/GP-BTNMT") && list.contains("1 giấy phép"),
        "{list}"
    );
    Ok(())
}

async fn an_area_is_checked_against_the_licences_in_force(b: Backend) -> anyhow::Result<()> {
    let app = app(b).await?;
    let mai = officer(&app).await?;
    let path = "/api/v1/cadastre/licences";
    // a 400 × 400 m licence on 107°45′, and a returned one over the same ground
    let r = app
        .post(path, Some(&mai), &licence("125/GP-BTNMT", SQUARE))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let r = app
        .post(path, Some(&mai), &licence("126/GP-BTNMT", SQUARE))
        .await;
    let returned = r.json()["id"].as_i64().unwrap_or_default();
    let r = app
        .post(
            &format!("{path}/{returned}/events"),
            Some(&mai),
            &json!({"kind": "return", "effective_on": "2020-01-01", "decision_number": "9/QĐ-BTNMT"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    // an area over its eastern half, written on the same meridian: 8 ha shared
    let check = |meridian: f64, ring: &str| json!({"area": {"meridian": meridian, "rings": [ring], "legal_area_ha": 1.0}});
    let half = "2320000 430200\n2320000 430600\n2319600 430600\n2319600 430200";
    let r = app
        .post("/api/v1/cadastre/overlaps", None, &check(107.75, half))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let found = r.json();
    assert_eq!(
        found["findings"]["licences"].as_array().map(Vec::len),
        Some(1),
        "{found}"
    );
    assert_eq!(found["findings"]["licences"][0]["number"], "125/GP-BTNMT");
    let shared = found["findings"]["licences"][0]["overlap_ha"]
        .as_f64()
        .unwrap_or(0.0);
    assert!((shared - 8.0).abs() < 0.001, "{shared}");
    // the same ground written on another plane (107°30′) is found the same
    let proj = |m: f64| lode_cadastre::geodesy::Projection {
        meridian: m,
        zone: lode_cadastre::geodesy::Zone::Three,
    };
    let moved: String = [
        (2_320_000.0, 430_200.0),
        (2_320_000.0, 430_600.0),
        (2_319_600.0, 430_600.0),
        (2_319_600.0, 430_200.0),
    ]
    .iter()
    .map(|&(x, y)| {
        let p = proj(107.5)
            .from_wgs84(proj(107.75).to_wgs84(lode_cadastre::geodesy::PlanePoint { x, y }));
        format!("{:.3} {:.3}\n", p.x, p.y)
    })
    .collect();
    let r = app
        .post("/api/v1/cadastre/overlaps", None, &check(107.5, &moved))
        .await
        .json();
    let shared = r["findings"]["licences"][0]["overlap_ha"]
        .as_f64()
        .unwrap_or(0.0);
    assert!((shared - 8.0).abs() < 0.01, "{r}");
    // next door, nothing; a wrong area, its errors
    let beside = "2320000 430400\n2320000 430800\n2319600 430800\n2319600 430400";
    let r = app
        .post("/api/v1/cadastre/overlaps", None, &check(107.75, beside))
        .await
        .json();
    assert_eq!(r["findings"]["licences"], json!([]), "{r}");
    let r = app
        .post(
            "/api/v1/cadastre/overlaps",
            None,
            &check(107.75, "2320000 430200"),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    // the page, open to all
    let body = format!(
        "meridian=107.75&rings={}",
        url::form_urlencoded::byte_serialize(half.as_bytes()).collect::<String>()
    );
    let r = app
        .raw(
            axum::http::Method::POST,
            "/giay-phep/kiem-tra",
            None,
            "application/x-www-form-urlencoded",
            body,
        )
        .await;
    let shown = visible_text(&r.text());
    assert!(
        shown.contains("Khu vực 16,00 ha chồng lấn 1 khu vực:")
            && shown.contains("125/GP-BTNMT")
            && shown.contains("8,00")
            && shown.contains("kinh tuyến trục 107°45′, múi 3°: điểm góc đầu tiên ở vĩ độ"),
        "{shown}"
    );
    Ok(())
}

/// A square of `side` metres whose south-west corner is at `x`, `y` on the plane.
fn square(x: i64, y: i64, side: i64) -> String {
    format!(
        "{} {y}\n{} {}\n{x} {}\n{x} {y}",
        x + side,
        x + side,
        y + side,
        y + side
    )
}

async fn the_register_is_read_in_the_order_asked(b: Backend) -> anyhow::Result<()> {
    let app = app(b).await?;
    let mai = officer(&app).await?;
    let path = "/api/v1/cadastre/licences";
    // three licences apart: 16, 36 and 4 ha, holders named with and without marks
    for (number, side, at, holder, hectares) in [
        ("10/GP-BTNMT", 400, 430_000, "Công ty Bắc Sơn", 16.0),
        ("9/GP-BTNMT", 600, 432_000, "Công ty Đông Triều", 36.0),
        ("100/GP-BTNMT", 200, 434_000, "Công ty Đại Dương", 4.0),
    ] {
        let mut l = licence(number, &square(2_320_000, at, side));
        l["holder"] = json!(holder);
        l["area"]["legal_area_ha"] = json!(hectares);
        let r = app.post(path, Some(&mai), &l).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    }
    let numbers = |v: Value| -> Vec<String> {
        v.as_array()
            .into_iter()
            .flatten()
            .filter_map(|l| l["number"].as_str().map(str::to_string))
            .collect()
    };
    for (sort, want) in [
        ("", ["9/GP-BTNMT", "10/GP-BTNMT", "100/GP-BTNMT"]),
        ("-number", ["100/GP-BTNMT", "10/GP-BTNMT", "9/GP-BTNMT"]),
        ("-area", ["9/GP-BTNMT", "10/GP-BTNMT", "100/GP-BTNMT"]),
        ("area", ["100/GP-BTNMT", "10/GP-BTNMT", "9/GP-BTNMT"]),
        // Đại before Đông, both after Bắc: the marks do not push Đ past Z
        ("holder", ["10/GP-BTNMT", "100/GP-BTNMT", "9/GP-BTNMT"]),
    ] {
        let r = app.get(&format!("{path}?sort={sort}"), None).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        assert_eq!(numbers(r.json()), want, "sort={sort}");
    }
    let r = app.get(&format!("{path}?sort=colour"), None).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        codes(&r.json()),
        vec![("sort".into(), "unknown_sort".into())]
    );
    // the page: the headers order it, the largest first when asked; an unknown order is the usual
    let html = app.get("/giay-phep?sort=-area", None).await.text();
    let page = visible_text(&html);
    let at = |n: &str| page.find(n).unwrap_or(usize::MAX);
    assert!(
        at("9/GP-BTNMT") < at("10/GP-BTNMT") && at("10/GP-BTNMT") < at("100/GP-BTNMT"),
        "{page}"
    );
    assert!(
        html.contains(
            "<th aria-sort=\"descending\"><a class=\"sort\" href=\"/giay-phep?sort=area\""
        ),
        "the area's header says the order and turns it round: {html}"
    );
    let r = app.get("/giay-phep?sort=colour", None).await;
    assert_eq!(r.status, StatusCode::OK);
    Ok(())
}
