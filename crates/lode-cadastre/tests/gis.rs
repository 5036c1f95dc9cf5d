//! The register as GIS software reads it, on SQLite and PostgreSQL: GDAL's `ogrinfo` lists
//! lode's OGC API collections and reads a licence with its geometry; the Shapefile and KML
//! lode exports read back in `ogrinfo`; zone layers imported from GeoJSON and Shapefile, each
//! import a version; applications filed through the public services checked against
//! licences, earlier applications (by the instant of filing) and zones.

use axum::http::StatusCode;
use lode_db::Backend;
use lode_web::testkit::{Session, TestApp};
use serde_json::{Value, json};

lode_db::on_both_backends!(
    gdal_reads_the_register_through_the_ogc_api_and_the_exports,
    zone_layers_are_imported_as_versions_and_checked_against,
    applications_are_checked_first_come_first_served,
    officers_and_holders_are_reminded_of_what_falls_due,
);

mod common;

use common::{app, officer};

fn licence(number: &str, ring: &str, valid_until: &str) -> Value {
    json!({
        "number": number, "kind": "mining", "holder": "Công ty CP Than Hà Lầm",
        "minerals": "than đá", "mineral_group": 2, "province": "Quảng Ninh",
        "area": {"meridian": 107.75, "rings": [ring], "legal_area_ha": 16.0},
        "granted_on": "2015-03-10", "valid_until": valid_until
    })
}

/// 400 m × 400 m near Hạ Long, on Quảng Ninh's plane (107°45′).
const SQUARE: &str = "M1 2320000 430000\nM2 2320000 430400\nM3 2319600 430400\nM4 2319600 430000";
/// The same, 5 km further east.
const EAST: &str = "M1 2320000 435000\nM2 2320000 435400\nM3 2319600 435400\nM4 2319600 435000";

/// The application served on a free port, for programs that speak HTTP themselves.
async fn serve(app: &TestApp) -> anyhow::Result<String> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let router = app.router.clone();
    tokio::spawn(async move {
        let _ = axum::serve(
            listener,
            router.into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .await;
    });
    Ok(format!("http://{addr}"))
}

/// `ogrinfo` with `args`: its output, or why it failed.
async fn ogrinfo(args: &[&str]) -> anyhow::Result<String> {
    let out = tokio::process::Command::new("ogrinfo")
        .args(args)
        .env("GDAL_HTTP_TIMEOUT", "30")
        .output()
        .await
        .map_err(|e| anyhow::anyhow!("ogrinfo ({e}): run scripts/test-deps.sh"))?;
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    anyhow::ensure!(
        out.status.success(),
        "ogrinfo {args:?}: {}\n{text}",
        String::from_utf8_lossy(&out.stderr)
    );
    Ok(text)
}

/// The first corner of the first polygon `ogrinfo` printed (`MULTIPOLYGON (((lon lat, …`).
fn first_corner(text: &str) -> Option<(f64, f64)> {
    let at = text.find("POLYGON")?;
    let rest = &text[at..];
    let open = rest.find(|c: char| c.is_ascii_digit())?;
    let mut it = rest[open..]
        .split([' ', ','])
        .filter(|s| !s.is_empty())
        .map(|s| s.trim_matches(|c| c == '(' || c == ')').parse::<f64>());
    Some((it.next()?.ok()?, it.next()?.ok()?))
}

async fn gdal_reads_the_register_through_the_ogc_api_and_the_exports(
    b: Backend,
) -> anyhow::Result<()> {
    let app = app(b).await?;
    let mai = officer(&app).await?;
    for (number, ring, until) in [
        ("125/GP-BTNMT", SQUARE, "2035-03-10"),
        ("126/GP-BTNMT", EAST, "2036-01-01"),
        (
            "90/GP-BTNMT",
            "1 2318000 432000\n2 2318000 432400\n3 2317600 432400\n4 2317600 432000",
            "2020-01-01",
        ),
    ] {
        let r = app
            .post(
                "/api/v1/cadastre/licences",
                Some(&mai),
                &licence(number, ring, until),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    }
    let base = serve(&app).await?;
    let service = format!("OAPIF:{base}/ogc");
    // the collections, as QGIS and GDAL list them; the public sees no applications
    let listed = ogrinfo(&["-ro", "-so", &service]).await?;
    assert!(
        listed.contains("licences (title: Giấy phép khoáng sản) (Multi Polygon)"),
        "{listed}"
    );
    assert!(listed.contains("zones"), "{listed}");
    assert!(!listed.contains("applications"), "{listed}");
    // a licence with its geometry: the two in force, not the expired one
    let read = ogrinfo(&["-ro", "-al", &service, "licences"]).await?;
    assert!(read.contains("Feature Count: 2"), "{read}");
    assert!(read.contains("number (String) = 125/GP-BTNMT"), "{read}");
    assert!(
        read.contains("holder (String) = Công ty CP Than Hà Lầm"),
        "{read}"
    );
    assert!(!read.contains("90/GP-BTNMT"), "{read}");
    let (lon, lat) = first_corner(&read).ok_or_else(|| anyhow::anyhow!("no polygon: {read}"))?;
    let plane = lode_cadastre::geodesy::Projection {
        meridian: 107.75,
        zone: lode_cadastre::geodesy::Zone::Three,
    };
    let corners: Vec<_> = [
        (2_320_000.0, 430_000.0),
        (2_320_000.0, 430_400.0),
        (2_319_600.0, 430_400.0),
        (2_319_600.0, 430_000.0),
    ]
    .iter()
    .map(|&(x, y)| plane.to_wgs84(lode_cadastre::geodesy::PlanePoint { x, y }))
    .collect();
    assert!(
        corners
            .iter()
            .any(|c| (c.lon - lon).abs() < 2e-7 && (c.lat - lat).abs() < 2e-7),
        "{lon} {lat} is not a corner of 125/GP-BTNMT"
    );
    // filters and paging as the standard writes them
    let page = app
        .get("/ogc/collections/licences/items?limit=1", None)
        .await
        .json();
    assert_eq!(page["numberMatched"], 2);
    assert_eq!(page["numberReturned"], 1);
    let next = page["links"]
        .as_array()
        .and_then(|l| l.iter().find(|l| l["rel"] == "next"))
        .and_then(|l| l["href"].as_str())
        .unwrap_or("")
        .to_string();
    assert!(next.contains("offset=1"), "{page}");
    let west = app
        .get(
            "/ogc/collections/licences/items?bbox=106.0,20.0,107.0,21.0",
            None,
        )
        .await
        .json();
    assert_eq!(west["numberMatched"], 0, "{west}");
    let then = app
        .get("/ogc/collections/licences/items?datetime=2014-01-01", None)
        .await
        .json();
    assert_eq!(then["numberMatched"], 0, "not yet granted: {then}");
    let staff_then = app
        .get(
            "/ogc/collections/licences/items?datetime=2019-06-01",
            Some(&mai),
        )
        .await
        .json();
    assert_eq!(
        staff_then["numberMatched"], 3,
        "the register in 2019: {staff_then}"
    );
    let r = app
        .get("/ogc/collections/licences/items?bbox=1,2,3", None)
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.json()["code"], "InvalidParameterValue");
    let r = app.get("/ogc/collections/applications/items", None).await;
    assert_eq!(
        r.status,
        StatusCode::NOT_FOUND,
        "the public sees no applications"
    );
    let id = page["features"][0]["id"].as_i64().unwrap_or(0);
    let one = app
        .get(&format!("/ogc/collections/licences/items/{id}"), None)
        .await;
    assert_eq!(one.status, StatusCode::OK);
    assert_eq!(one.header("content-type"), "application/geo+json");
    assert!(
        one.json()["properties"].get("holder_tax_code").is_none(),
        "public fields only"
    );

    // the exports read back as GIS software reads them
    let dir =
        std::env::temp_dir().join(format!("lode-gis-{}-{}", std::process::id(), rand_suffix()));
    std::fs::create_dir_all(&dir)?;
    let shp = app.get("/giay-phep/xuat/shp", None).await;
    assert_eq!(shp.status, StatusCode::OK);
    assert!(shp.header("content-disposition").contains(".zip"));
    let zip = dir.join("giay-phep.zip");
    std::fs::write(&zip, &shp.body)?;
    let read = ogrinfo(&["-ro", "-al", &format!("/vsizip/{}", zip.display())]).await?;
    assert!(read.contains("Feature Count: 2"), "{read}");
    assert!(read.contains("NUMBER (String) = 125/GP-BTNMT"), "{read}");
    assert!(
        read.contains("HOLDER (String) = Công ty CP Than Hà Lầm"),
        "{read}"
    );
    assert!(
        read.contains("GEOGCRS[\"WGS 84\"")
            || read.contains("GEOGCS[\"WGS 84\"")
            || read.contains("WGS_1984"),
        "{read}"
    );
    let (lon2, lat2) = first_corner(&read).ok_or_else(|| anyhow::anyhow!("no polygon: {read}"))?;
    assert!(
        corners
            .iter()
            .chain(std::iter::once(&corners[0]))
            .any(|c| (c.lon - lon2).abs() < 2e-7 && (c.lat - lat2).abs() < 2e-7)
            || (lon2 > 107.0 && lon2 < 107.5),
        "{lon2} {lat2}"
    );
    // the areas measured independently: GDAL carries the exported polygons onto the licences'
    // own plane with PROJ (the Decision's shift, PROJ's sign for its rotations) and measures
    // them there; 400 m × 400 m is 16 ha, within what the GeoJSON's tenth of a microdegree
    // (about a centimetre a corner) leaves
    let tm = "+proj=tmerc +lat_0=0 +lon_0=107.75 +k=0.9999 +x_0=500000 +y_0=0 +ellps=WGS84 \
              +towgs84=-191.90441429,-39.30318279,-111.45032835,0.00928836,-0.01975479,0.00427372,0.252906278 \
              +units=m +no_defs";
    let planed = dir.join("tm.shp");
    let out = tokio::process::Command::new("ogr2ogr")
        .args(["-f", "ESRI Shapefile", "-t_srs", tm])
        .arg(&planed)
        .arg(format!("/vsizip/{}", zip.display()))
        .output()
        .await?;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let measured = ogrinfo(&[
        "-ro",
        "-q",
        "-sql",
        "SELECT NUMBER, OGR_GEOM_AREA FROM tm",
        &planed.display().to_string(),
    ])
    .await?;
    let areas: Vec<f64> = measured
        .lines()
        .filter_map(|l| l.trim().strip_prefix("OGR_GEOM_AREA (Real) = "))
        .filter_map(|v| v.trim().parse().ok())
        .collect();
    assert_eq!(areas.len(), 2, "{measured}");
    for a in areas {
        assert!((a - 160_000.0).abs() < 10.0, "GDAL measures {a} m²");
    }
    let kml = app.get("/giay-phep/xuat/kml", None).await;
    assert_eq!(kml.status, StatusCode::OK);
    let kml_path = dir.join("giay-phep.kml");
    std::fs::write(&kml_path, &kml.body)?;
    let read = ogrinfo(&["-ro", "-al", &kml_path.display().to_string()]).await?;
    assert!(read.contains("Feature Count: 2"), "{read}");
    assert!(read.contains("125/GP-BTNMT"), "{read}");
    assert!(read.contains("POLYGON"), "{read}");
    let gj = app.get("/giay-phep/xuat/geojson", None).await.json();
    assert_eq!(gj["features"].as_array().map(Vec::len), Some(2));
    // the licence's map sheet, as attached to its decision: one page, its corner points, its area
    let sheet = app.get(&format!("/giay-phep/{id}/to-ban-do"), None).await;
    assert_eq!(sheet.status, StatusCode::OK);
    assert_eq!(sheet.header("content-type"), "application/pdf");
    let pdf = dir.join("to-ban-do.pdf");
    std::fs::write(&pdf, &sheet.body)?;
    let info = tokio::process::Command::new("pdfinfo")
        .arg(&pdf)
        .output()
        .await?;
    let info = String::from_utf8_lossy(&info.stdout).to_string();
    let pages = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .map(str::trim);
    assert_eq!(pages, Some("1"), "{info}");
    let text = tokio::process::Command::new("pdftotext")
        .args(["-layout"])
        .arg(&pdf)
        .arg("-")
        .output()
        .await?;
    let text = String::from_utf8_lossy(&text.stdout).to_string();
    for wanted in [
        "BẢN ĐỒ KHU VỰC ĐƯỢC CẤP PHÉP HOẠT ĐỘNG KHOÁNG SẢN",
        "Kèm theo Giấy phép số 125/GP-BTNMT",
        "kinh tuyến trục 107°45′, múi chiếu 3°",
        "2320000,000",
        "430400,000",
        "16,00 ha",
    ] {
        assert!(text.contains(wanted), "{wanted}: {text}");
    }
    let hidden = app.get("/giay-phep/999999/to-ban-do", None).await;
    assert_eq!(hidden.status, StatusCode::NOT_FOUND);
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

fn rand_suffix() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64)
}

/// A multipart body of `fields` and `files`.
fn multipart(fields: &[(&str, &str)], files: &[(&str, &[u8])]) -> (String, Vec<u8>) {
    let boundary = "lode-test-boundary-7d1f";
    let mut body = Vec::new();
    for (k, v) in fields {
        body.extend(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n")
                .as_bytes(),
        );
    }
    for (name, data) in files {
        body.extend(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n").as_bytes());
        body.extend(*data);
        body.extend(b"\r\n");
    }
    body.extend(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

async fn post_multipart(
    app: &TestApp,
    who: &Session,
    path: &str,
    fields: &[(&str, &str)],
    files: &[(&str, &[u8])],
) -> lode_web::testkit::Resp {
    let (ct, body) = multipart(fields, files);
    let req = axum::http::Request::builder()
        .method("POST")
        .uri(path)
        .header("content-type", ct)
        .header("cookie", &who.cookie)
        .header("x-csrf-token", &who.csrf)
        .body(axum::body::Body::from(body))
        .unwrap_or_default();
    app.send(req).await
}

/// A zone over the western half of [`SQUARE`], in WGS84.
fn west_half() -> Value {
    let plane = lode_cadastre::geodesy::Projection {
        meridian: 107.75,
        zone: lode_cadastre::geodesy::Zone::Three,
    };
    let ring: Vec<Value> = [
        (2_320_100.0, 429_900.0),
        (2_320_100.0, 430_200.0),
        (2_319_500.0, 430_200.0),
        (2_319_500.0, 429_900.0),
        (2_320_100.0, 429_900.0),
    ]
    .iter()
    .map(|&(x, y)| {
        let g = plane.to_wgs84(lode_cadastre::geodesy::PlanePoint { x, y });
        json!([g.lon, g.lat])
    })
    .collect();
    json!({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": "Khu bảo tồn thử"}, "geometry": {"type": "Polygon", "coordinates": [ring]}}
    ]})
}

async fn zone_layers_are_imported_as_versions_and_checked_against(
    b: Backend,
) -> anyhow::Result<()> {
    let app = app(b).await?;
    let mai = officer(&app).await?;
    let clerk = app.login("vanthu").await?;
    let geojson = serde_json::to_vec(&west_half())?;
    let fields = [
        ("code", "khu-bao-ton"),
        ("name", "Khu bảo tồn"),
        ("restriction", "banned"),
    ];
    // only administrators and licence officers import
    let r = post_multipart(
        &app,
        &clerk,
        "/api/v1/cadastre/zones",
        &fields,
        &[("zones.geojson", &geojson)],
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text());
    // what is not a map is refused on its field, nothing imported
    let r = post_multipart(
        &app,
        &mai,
        "/api/v1/cadastre/zones",
        &fields,
        &[("zones.exe", b"MZ")],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert!(r.text().contains("file_type"), "{}", r.text());
    let r = post_multipart(
        &app,
        &mai,
        "/api/v1/cadastre/zones",
        &[("code", "Khu Bảo Tồn"), ("name", ""), ("restriction", "x")],
        &[("zones.geojson", &geojson)],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    for code in ["invalid_layer_code", "required", "invalid_choice"] {
        assert!(r.text().contains(code), "{code}: {}", r.text());
    }
    let r = app.get("/api/v1/cadastre/zones", None).await.json();
    assert_eq!(r.as_array().map(Vec::len), Some(0));
    // imported from GeoJSON: version 1
    let r = post_multipart(
        &app,
        &mai,
        "/api/v1/cadastre/zones",
        &fields,
        &[("zones.geojson", &geojson)],
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    assert_eq!(r.json()["version"], 1);
    // an area over the square meets the zone over its western 200 m of 400: 200 × 400 m = 8 ha
    let check = json!({"area": {"meridian": 107.75, "rings": [SQUARE], "legal_area_ha": 1.0}});
    let found = app
        .post("/api/v1/cadastre/overlaps", None, &check)
        .await
        .json();
    let zones = &found["findings"]["zones"];
    assert_eq!(zones.as_array().map(Vec::len), Some(1), "{found}");
    assert_eq!(zones[0]["name"], "Khu bảo tồn thử");
    assert_eq!(zones[0]["restriction"], "banned");
    let shared = zones[0]["overlap_ha"].as_f64().unwrap_or(0.0);
    assert!((shared - 8.0).abs() < 0.01, "{shared}");
    // the same layer again, as a Shapefile lode itself wrote, moved east out of the way: version
    // 2 in force, version 1 kept but no longer checked
    let east = lode_cadastre::files::Feature {
        id: "1".into(),
        properties: vec![("name", "Khu bảo tồn dời đi".into())],
        polygons: vec![vec![
            lode_cadastre::geodesy::LonLat {
                lon: 107.40,
                lat: 20.90,
            },
            lode_cadastre::geodesy::LonLat {
                lon: 107.41,
                lat: 20.90,
            },
            lode_cadastre::geodesy::LonLat {
                lon: 107.41,
                lat: 20.91,
            },
        ]],
    };
    let shp = lode_cadastre::files::to_shapefile("vung", &[east])?;
    let r = post_multipart(
        &app,
        &mai,
        "/api/v1/cadastre/zones",
        &fields,
        &[("vung.zip", &shp)],
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    assert_eq!(r.json()["version"], 2);
    let layers = app.get("/api/v1/cadastre/zones", None).await.json();
    assert_eq!(layers.as_array().map(Vec::len), Some(2), "{layers}");
    assert_eq!(layers[0]["version"], 2);
    assert_eq!(layers[0]["in_force"], true);
    assert_eq!(layers[1]["in_force"], false);
    let found = app
        .post("/api/v1/cadastre/overlaps", None, &check)
        .await
        .json();
    assert_eq!(
        found["findings"]["zones"].as_array().map(Vec::len),
        Some(0),
        "{found}"
    );
    let items = app.get("/ogc/collections/zones/items", None).await.json();
    assert_eq!(items["numberMatched"], 1);
    assert_eq!(
        items["features"][0]["properties"]["name"],
        "Khu bảo tồn dời đi"
    );
    // the page lists both versions, and its form is the officer's
    let page = app.get("/giay-phep/vung-cam", Some(&mai)).await.text();
    assert!(
        page.contains("Đang áp dụng") && page.contains("Đã thay thế"),
        "{page}"
    );
    assert!(page.contains("Nạp lớp khu vực"));
    let public = app.get("/giay-phep/vung-cam", None).await.text();
    assert!(!public.contains("Nạp lớp khu vực"));
    // the public reads the layer in force by its name, none of the officers' workings
    assert!(
        !public.contains("Đã thay thế")
            && !public.contains(".geojson")
            && public.contains("Áp dụng từ"),
        "{public}"
    );
    Ok(())
}

async fn applications_are_checked_first_come_first_served(b: Backend) -> anyhow::Result<()> {
    use lode_cadastre::applications::{AreaValue, Filing, Standing, decide, file, of_application};
    use lode_cadastre::licence::Kind;
    let app = app(b).await?;
    let mai = officer(&app).await?;
    let r = app
        .post(
            "/api/v1/cadastre/licences",
            Some(&mai),
            &licence("125/GP-BTNMT", SQUARE, "2035-03-10"),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let db = &app.state.db;
    // three applications over the square's eastern part, filed one after the other
    let east_part = "1 2320000 430200\n2 2320000 430600\n3 2319600 430600\n4 2319600 430200";
    let value = AreaValue {
        meridian: "107.75".into(),
        zone: "3".into(),
        points: east_part.into(),
    };
    let area = value
        .read("values.coordinates")
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let mut found = Vec::new();
    for (n, at) in [
        "2026-11-02T01:00:00.000001Z",
        "2026-11-02T01:00:00.000002Z",
        "2026-11-03T08:00:00.000000Z",
    ]
    .iter()
    .enumerate()
    {
        let reference = format!("000.00.27.G12-261102-000{}", n + 1);
        let filing = Filing {
            application_id: Some(1000 + n as i64),
            reference: &reference,
            kind: Kind::Exploration,
            applicant: "Công ty TNHH Đá Quảng Ninh",
            minerals: "đá vôi",
            province: "Quảng Ninh",
        };
        let mut tx = db.write().await?;
        found.push(file(&mut tx, db, &filing, &area, at).await?);
        tx.commit().await?;
    }
    // each meets the licence (8 ha), and the applications filed before it, a microsecond counts
    for (n, f) in found.iter().enumerate() {
        assert_eq!(f.licences.len(), 1, "{f:?}");
        assert!((f.licences[0].overlap_ha - 8.0).abs() < 0.01);
        assert_eq!(f.applications.len(), n, "application {n}: {f:?}");
        for a in &f.applications {
            assert!((a.overlap_ha - 16.0).abs() < 0.01, "{a:?}");
        }
    }
    assert_eq!(
        found[2].applications[0].reference,
        "000.00.27.G12-261102-0001"
    );
    // the first is decided: it no longer holds its place; the third, filed again (completed),
    // keeps its instant and is checked anew
    let mut tx = db.write().await?;
    decide(&mut tx, 1000, Standing::Decided).await?;
    tx.commit().await?;
    let reference = "000.00.27.G12-261102-0003";
    let filing = Filing {
        application_id: Some(1002),
        reference,
        kind: Kind::Exploration,
        applicant: "Công ty TNHH Đá Quảng Ninh",
        minerals: "đá vôi",
        province: "Quảng Ninh",
    };
    let mut tx = db.write().await?;
    let again = file(&mut tx, db, &filing, &area, "2026-12-01T00:00:00.000000Z").await?;
    tx.commit().await?;
    assert_eq!(again.applications.len(), 1, "{again:?}");
    assert_eq!(again.applications[0].reference, "000.00.27.G12-261102-0002");
    let kept = of_application(db, 1002)
        .await?
        .ok_or_else(|| anyhow::anyhow!("filed"))?;
    assert_eq!(kept.filed_at, "2026-11-03T08:00:00.000000Z");
    // the staff see pending applications in the check and the OGC API; the public do not
    let check = json!({"area": {"meridian": 107.75, "rings": [SQUARE], "legal_area_ha": 1.0}});
    let staff = app
        .post("/api/v1/cadastre/overlaps", Some(&mai), &check)
        .await
        .json();
    assert_eq!(
        staff["findings"]["applications"].as_array().map(Vec::len),
        Some(2),
        "{staff}"
    );
    let public = app
        .post("/api/v1/cadastre/overlaps", None, &check)
        .await
        .json();
    assert_eq!(
        public["findings"]["applications"].as_array().map(Vec::len),
        Some(0)
    );
    let items = app
        .get("/ogc/collections/applications/items", Some(&mai))
        .await
        .json();
    assert_eq!(items["numberMatched"], 2, "{items}");
    // a polygon drawn on the map is checked as well (WGS84 corners)
    let plane = lode_cadastre::geodesy::Projection {
        meridian: 107.75,
        zone: lode_cadastre::geodesy::Zone::Three,
    };
    let polygon: Vec<Value> = [
        (2_320_000.0, 430_000.0),
        (2_320_000.0, 430_400.0),
        (2_319_600.0, 430_400.0),
        (2_319_600.0, 430_000.0),
    ]
    .iter()
    .map(|&(x, y)| {
        let g = plane.to_wgs84(lode_cadastre::geodesy::PlanePoint { x, y });
        json!([g.lon, g.lat])
    })
    .collect();
    let drawn = app
        .post(
            "/api/v1/cadastre/overlaps",
            None,
            &json!({"polygon": polygon}),
        )
        .await;
    assert_eq!(drawn.status, StatusCode::OK, "{}", drawn.text());
    let shared = drawn.json()["findings"]["licences"][0]["overlap_ha"]
        .as_f64()
        .unwrap_or(0.0);
    assert!((shared - 16.0).abs() < 0.05, "{}", drawn.text());
    let r = app
        .post(
            "/api/v1/cadastre/overlaps",
            None,
            &json!({"polygon": [[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    Ok(())
}

async fn officers_and_holders_are_reminded_of_what_falls_due(b: Backend) -> anyhow::Result<()> {
    let app = app(b).await?;
    let mai = officer(&app).await?;
    let today = lode_cadastre::register::today();
    // a mining licence of Minh Phát (its tax code) ending in 60 days: its extension is due in
    // 15 days, its end falls within the 90 days told ahead
    let mut l = licence(
        "125/GP-BTNMT",
        SQUARE,
        &(today + chrono::Duration::days(60)).to_string(),
    );
    l["holder"] = json!("Công ty CP Khoáng sản Minh Phát");
    l["holder_tax_code"] = json!("0102345677");
    let r = app.post("/api/v1/cadastre/licences", Some(&mai), &l).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let made = lode_cadastre::reminders::sweep(&app.state.db, today).await?;
    assert_eq!(
        lode_cadastre::reminders::sweep(&app.state.db, today).await?,
        0,
        "once each"
    );
    // the expiry and the extension's last day, each told to the officer and the holder (a
    // report or a fee may fall due too, by the calendar)
    let (told,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM notifications
         WHERE message IN ('licence_expiring', 'licence_extension_deadline')",
    )
    .fetch_one(app.state.db.pool())
    .await?;
    assert_eq!(told, 4, "{made} made");
    let business = app.login("minhphat").await?;
    let page =
        lode_web::testkit::visible_text(&app.get("/notifications", Some(&business)).await.text());
    assert!(
        page.contains("Giấy phép 125/GP-BTNMT sắp hết hạn"),
        "{page}"
    );
    assert!(page.contains("sắp hết hạn nộp hồ sơ gia hạn"), "{page}");
    let staff =
        lode_web::testkit::visible_text(&app.get("/notifications", Some(&mai)).await.text());
    assert!(
        staff.contains("Giấy phép 125/GP-BTNMT sắp hết hạn"),
        "{staff}"
    );
    // the holder has an address: the reminder waits to go by e-mail too
    let (pending,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM notifications WHERE message LIKE 'licence_%' AND email_state = 'pending'",
    )
    .fetch_one(app.state.db.pool())
    .await?;
    assert!(pending >= 2, "{pending}");
    // the licence's page shows the officer what falls due
    let id = r.json()["id"].as_i64().unwrap_or(0);
    let shown = lode_web::testkit::visible_text(
        &app.get(&format!("/giay-phep/{id}"), Some(&mai))
            .await
            .text(),
    );
    assert!(shown.contains("Nghĩa vụ và thời hạn"), "{shown}");
    assert!(
        shown.contains("Hạn cuối nộp hồ sơ đề nghị gia hạn"),
        "{shown}"
    );
    assert!(shown.contains("Giấy phép hết hiệu lực"), "{shown}");
    Ok(())
}
