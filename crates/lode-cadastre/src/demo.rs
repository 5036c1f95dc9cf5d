//! The demo's register: three hundred licences over the places Vietnam mines (coal in Quảng
//! Ninh, bauxite in Lâm Đồng, titanium sand on the central coast, apatite in Lào Cai, tin in Cao
//! Bằng, gold in Quảng Nam, river sand, building stone, brick clay, fill soil), each area a
//! turned rectangle of corner points on its province's VN-2000 plane, granted over the years
//! since 2008, some extended, transferred, returned, revoked or expired. Entered by the demo's
//! licence officer, so that every licence has its history and its audit entries.

use crate::geodesy::{LonLat, Projection, Zone};
use crate::licence::{AreaInput, EventInput, LicenceInput};
use crate::register;
use lode_db::{AuditCtx, Db};

/// How many licences the demo enters.
pub const LICENCES: usize = 300;

/// A place where minerals are worked: its province, a point near it, its plane's meridian,
/// what is worked there and by whom.
struct Site {
    province: &'static str,
    lat: f64,
    lon: f64,
    meridian: f64,
    minerals: &'static str,
    group: u8,
    /// `exploration` and `mining` alternate where both are given.
    kinds: &'static [&'static str],
    holders: &'static [&'static str],
}

const SITES: &[Site] = &[
    Site {
        province: "Quảng Ninh",
        lat: 21.02,
        lon: 107.25,
        meridian: 107.75,
        minerals: "than đá",
        group: 1,
        kinds: &["mining", "exploration"],
        holders: &[
            "Công ty CP Than Hà Tu – Vinacomin",
            "Công ty CP Than Núi Béo – Vinacomin",
            "Công ty Than Thống Nhất – TKV",
        ],
    },
    Site {
        province: "Lâm Đồng",
        lat: 11.85,
        lon: 107.85,
        meridian: 107.75,
        minerals: "bauxit",
        group: 1,
        kinds: &["exploration", "mining"],
        holders: &[
            "Công ty Nhôm Lâm Đồng – TKV",
            "Công ty TNHH Khoáng sản Tây Nguyên",
        ],
    },
    Site {
        province: "Lâm Đồng",
        lat: 11.05,
        lon: 108.30,
        meridian: 108.50,
        minerals: "titan, zircon",
        group: 1,
        kinds: &["mining", "exploration"],
        holders: &[
            "Công ty CP Khoáng sản Bình Thuận",
            "Công ty TNHH Titan Hòa Thắng",
        ],
    },
    Site {
        province: "Ninh Bình",
        lat: 20.15,
        lon: 105.85,
        meridian: 105.00,
        minerals: "đá vôi làm vật liệu xây dựng thông thường",
        group: 3,
        kinds: &["mining"],
        holders: &[
            "Công ty CP Xi măng Hướng Dương",
            "Công ty TNHH Đá xây dựng Gia Viễn",
        ],
    },
    Site {
        province: "Hà Nội",
        lat: 21.10,
        lon: 105.60,
        meridian: 105.00,
        minerals: "cát lòng sông",
        group: 2,
        kinds: &["mining"],
        holders: &[
            "Công ty TNHH Cát sỏi Sông Hồng",
            "Công ty CP Vận tải và Khai thác cát Phú Thọ",
        ],
    },
    Site {
        province: "Đà Nẵng",
        lat: 15.55,
        lon: 107.85,
        meridian: 107.75,
        minerals: "vàng gốc",
        group: 1,
        kinds: &["exploration", "mining"],
        holders: &[
            "Công ty TNHH Vàng Phước Sơn",
            "Công ty CP Khoáng sản Quảng Nam",
        ],
    },
    Site {
        province: "Cao Bằng",
        lat: 22.60,
        lon: 105.95,
        meridian: 105.75,
        minerals: "thiếc, vonfram",
        group: 1,
        kinds: &["mining", "exploration"],
        holders: &[
            "Công ty CP Khoáng sản Tĩnh Túc",
            "Công ty TNHH Kim loại màu Cao Bằng",
        ],
    },
    Site {
        province: "Lào Cai",
        lat: 22.45,
        lon: 104.05,
        meridian: 104.75,
        minerals: "quặng apatit",
        group: 1,
        kinds: &["mining"],
        holders: &["Công ty Apatit Việt Nam", "Công ty CP Phân lân Lào Cai"],
    },
    Site {
        province: "Thái Nguyên",
        lat: 21.65,
        lon: 105.70,
        meridian: 106.50,
        minerals: "quặng sắt",
        group: 1,
        kinds: &["mining", "exploration"],
        holders: &[
            "Công ty CP Gang thép Thái Nguyên",
            "Công ty CP Khoáng sản Trại Cau",
        ],
    },
    Site {
        province: "Thành phố Hồ Chí Minh",
        lat: 11.15,
        lon: 106.65,
        meridian: 105.75,
        minerals: "sét gạch ngói",
        group: 3,
        kinds: &["mining"],
        holders: &[
            "Công ty CP Gạch ngói Tân Uyên",
            "Công ty TNHH Vật liệu Bình Dương",
        ],
    },
    Site {
        province: "Đồng Nai",
        lat: 10.95,
        lon: 107.10,
        meridian: 107.75,
        minerals: "đất san lấp",
        group: 4,
        kinds: &["registration"],
        holders: &[
            "Công ty TNHH Xây dựng Long Thành",
            "Ban Quản lý dự án giao thông Đồng Nai",
        ],
    },
    Site {
        province: "Nghệ An",
        lat: 19.25,
        lon: 105.40,
        meridian: 104.75,
        minerals: "đá granit",
        group: 3,
        kinds: &["mining"],
        holders: &[
            "Công ty CP Đá ốp lát Nghệ An",
            "Công ty TNHH Khoáng sản Quỳ Hợp",
        ],
    },
];

/// Licence `i`'s corner points: a turned rectangle near its site, on the site's plane.
fn corners(i: usize, site: &Site, proj: &Projection) -> String {
    let step = |seed: usize, m: usize| ((i * seed) % m) as f64;
    let centre = proj.from_wgs84(LonLat {
        lon: site.lon + (step(7919, 41) - 20.0) * 0.004,
        lat: site.lat + (step(104_729, 37) - 18.0) * 0.004,
    });
    let (w, h) = (200.0 + step(37, 9) * 150.0, 200.0 + step(53, 7) * 120.0);
    let turn = (step(1, 12) * 15.0).to_radians();
    rectangle("M", centre.x, centre.y, w, h, turn)
}

/// A rectangle of `w` × `h` metres turned by `turn` (radians) about (`x`, `y`) on a plane, as
/// corner lines named `{prefix}1` to `{prefix}4`.
pub fn rectangle(prefix: &str, x: f64, y: f64, w: f64, h: f64, turn: f64) -> String {
    let (c, s) = (turn.cos(), turn.sin());
    [(-w, -h), (-w, h), (w, h), (w, -h)]
        .iter()
        .enumerate()
        .map(|(n, (u, v))| {
            let (u, v) = (u / 2.0, v / 2.0);
            format!(
                "{prefix}{} {:.3} {:.3}\n",
                n + 1,
                x + u * c - v * s,
                y + u * s + v * c
            )
        })
        .collect()
}

/// The demo's licence officer (`nthuyen`), as the register's writes name her.
async fn officer(db: &Db) -> anyhow::Result<Option<(lode_core::authz::Actor, AuditCtx)>> {
    Ok(lode_db::accounts::by_username(db, "nthuyen")
        .await?
        .map(|o| {
            let ctx = o.acting();
            (o.actor(), ctx)
        }))
}

/// Seeds the register once, by the demo's licence officer (`nthuyen`): the number entered.
pub async fn seed(db: &Db) -> anyhow::Result<usize> {
    let (existing,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM cadastre_licences")
        .fetch_one(db.pool())
        .await?;
    if existing > 0 {
        return Ok(0);
    }
    let Some((actor, ctx)) = officer(db).await? else {
        return Ok(0);
    };
    let mut entered = 0;
    for i in 0..LICENCES {
        let site = &SITES[i % SITES.len()];
        let proj = Projection {
            meridian: site.meridian,
            zone: Zone::Three,
        };
        let kind = site.kinds[(i / SITES.len()) % site.kinds.len()];
        let year = 2008 + (i % 17) as i32;
        let years = match kind {
            "exploration" => 3 + (i % 3) as i32,
            "registration" => 2,
            _ => 10 + (i % 4) as i32 * 5,
        };
        let (month, day) = (1 + (i % 12) as u32, 1 + (i * 7 % 27) as u32);
        let ring = corners(i, site, &proj);
        let area = crate::points::plane_points(&ring)
            .ok()
            .and_then(|p| {
                crate::area::Ring::new(&p.iter().map(|n| n.point).collect::<Vec<_>>()).ok()
            })
            .map_or(1.0, |r| r.hectares());
        // every ninth licence states an area a little off its corner points, as old ones do
        let legal = (area * 100.0).round() / 100.0 + if i % 9 == 4 { 0.05 } else { 0.0 };
        let input = LicenceInput {
            number: format!("{}/GP-BTNMT", 100 + i),
            kind: kind.into(),
            holder: site.holders[i % site.holders.len()].into(),
            holder_tax_code: None,
            minerals: site.minerals.into(),
            mineral_group: site.group,
            province: site.province.into(),
            commune: None,
            area: AreaInput {
                meridian: site.meridian,
                zone: None,
                rings: vec![ring],
                legal_area_ha: legal,
            },
            depth_from_m: (kind == "mining").then_some(40.0),
            depth_to_m: (kind == "mining").then_some(-120.0 - (i % 5) as f64 * 40.0),
            reserves: None,
            capacity: (kind == "mining").then(|| format!("{} nghìn tấn/năm", 50 + i % 20 * 25)),
            granted_on: format!("{year:04}-{month:02}-{day:02}"),
            valid_until: format!("{:04}-{month:02}-{day:02}", year + years),
        };
        let licence = match register::grant(db, &ctx, &actor, &input).await {
            Ok(l) => l,
            Err(e) => {
                tracing::warn!(number = %input.number, error = %e, "a demo licence was not entered");
                continue;
            }
        };
        entered += 1;
        // some lives: extended, transferred, returned, revoked
        let after = |years: i32| format!("{:04}-{month:02}-{day:02}", year + years);
        let event = |kind: &str, on: String| EventInput {
            kind: kind.into(),
            effective_on: on,
            decision_number: format!("{}/QĐ-BTNMT", 1000 + i),
            ..Default::default()
        };
        let mut events = Vec::new();
        if i % 7 == 3 && kind != "registration" {
            let mut e = event("extension", after(years - 1));
            e.valid_until = Some(after(years + 5));
            events.push(e);
        }
        if i % 11 == 5 {
            let mut e = event("transfer", after(1));
            e.holder = Some(site.holders[(i + 1) % site.holders.len()].into());
            if e.holder.as_deref() != Some(input.holder.as_str()) {
                events.push(e);
            }
        }
        if i % 13 == 6 {
            events.push(event("return", after(2)));
        } else if i % 29 == 8 {
            events.push(event("revocation", after(2)));
        }
        let today = register::today().to_string();
        events.sort_by(|a, b| a.effective_on.cmp(&b.effective_on));
        for e in events.into_iter().filter(|e| e.effective_on <= today) {
            if let Err(err) = register::record(db, &ctx, &actor, licence.id, &e).await {
                tracing::warn!(number = %licence.number, error = %err, "a demo event was not recorded");
            }
            // nothing follows a licence's end in the demo
            if matches!(e.kind.as_str(), "return" | "revocation") {
                break;
            }
        }
    }
    Ok(entered)
}

/// Seeds the demo's zone layers and pending applications, each once (a store seeded before
/// they existed gets them too).
pub async fn seed_areas(db: &Db) -> anyhow::Result<()> {
    let Some((actor, ctx)) = officer(db).await? else {
        return Ok(());
    };
    let (layers,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM cadastre_zone_layers")
        .fetch_one(db.pool())
        .await?;
    if layers == 0 {
        seed_zones(db, &ctx, &actor).await?;
    }
    let (filed,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM cadastre_applications")
        .fetch_one(db.pool())
        .await?;
    if filed == 0 {
        seed_applications(db, &actor).await?;
    }
    Ok(())
}

/// A rough ring of `n` points around (`lon`, `lat`), `r` degrees across, its radius varied
/// so that it looks drawn rather than computed.
fn blob(lon: f64, lat: f64, r: f64, n: usize, seed: usize) -> Vec<LonLat> {
    (0..n)
        .map(|k| {
            let a = k as f64 / n as f64 * std::f64::consts::TAU;
            let wobble = 0.75 + ((k * 7 + seed * 3) % 5) as f64 * 0.1;
            LonLat {
                lon: lon + r * wobble * a.cos(),
                lat: lat + r * wobble * a.sin() * 0.9,
            }
        })
        .collect()
}

/// The demo's zones: protected areas where mining is banned, near some of the places worked
/// (so that checks find them), and the Red River's corridor through Hà Nội, restricted.
async fn seed_zones(
    db: &Db,
    ctx: &AuditCtx,
    actor: &lode_core::authz::Actor,
) -> anyhow::Result<()> {
    use crate::zones::{ImportInput, ZoneFeature, import};
    let parks = [
        (
            "Vườn quốc gia Bái Tử Long (phần đất liền giả định)",
            107.31,
            21.06,
            0.05,
        ),
        ("Vườn quốc gia Cúc Phương", 105.66, 20.30, 0.09),
        ("Vườn quốc gia Ba Vì", 105.37, 21.07, 0.07),
        ("Khu bảo tồn thiên nhiên Núi Ông", 107.75, 11.10, 0.08),
        ("Vườn quốc gia Phia Oắc – Phia Đén", 105.90, 22.62, 0.05),
        (
            "Khu di tích danh thắng Ngũ Hành Sơn (vùng bảo vệ)",
            107.88,
            15.58,
            0.03,
        ),
    ];
    let zones: Vec<ZoneFeature> = parks
        .iter()
        .enumerate()
        .map(|(i, (name, lon, lat, r))| ZoneFeature {
            name: (*name).into(),
            polygons: vec![blob(*lon, *lat, *r, 14, i)],
        })
        .collect();
    let input = ImportInput {
        code: "khu-bao-ton".into(),
        name: "Khu bảo tồn, vườn quốc gia, di tích".into(),
        restriction: "banned".into(),
    };
    import(db, ctx, actor, &input, "khu-bao-ton.geojson", &zones).await?;
    // the river's corridor: a band along its course past Hà Nội
    let course = [
        (105.52, 21.18),
        (105.62, 21.14),
        (105.72, 21.11),
        (105.80, 21.08),
        (105.86, 21.03),
        (105.89, 20.97),
        (105.93, 20.90),
    ];
    let half = 0.006;
    let mut ring: Vec<LonLat> = course
        .iter()
        .map(|(lon, lat)| LonLat {
            lon: *lon,
            lat: lat + half,
        })
        .collect();
    ring.extend(course.iter().rev().map(|(lon, lat)| LonLat {
        lon: *lon,
        lat: lat - half,
    }));
    let input = ImportInput {
        code: "hanh-lang-song".into(),
        name: "Hành lang bảo vệ sông Hồng".into(),
        restriction: "restricted".into(),
    };
    let corridor = [ZoneFeature {
        name: "Sông Hồng, đoạn Phúc Thọ – Thường Tín".into(),
        polygons: vec![ring],
    }];
    import(db, ctx, actor, &input, "hanh-lang-song.geojson", &corridor).await?;
    Ok(())
}

/// The demo's applications waiting for a decision, filed over the last weeks: some free, one
/// over a licence in force, two over the same ground (the later one second in line), one in
/// a protected area.
async fn seed_applications(db: &Db, actor: &lode_core::authz::Actor) -> anyhow::Result<()> {
    use crate::applications::{AreaValue, Filing, file};
    let day = register::today();
    let list = register::list(db, Some(actor), &register::Filter::default()).await?;
    let shifted = |text: &str, dx: f64, dy: f64| -> String {
        crate::points::plane_points(text)
            .map(|pts| {
                pts.iter()
                    .enumerate()
                    .map(|(n, p)| {
                        format!("{} {:.3} {:.3}\n", n + 1, p.point.x + dx, p.point.y + dy)
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut asked: Vec<(usize, String, &str, &str, f64)> = Vec::new();
    for k in 0..8usize {
        let site = &SITES[(k * 5) % SITES.len()];
        let proj = Projection {
            meridian: site.meridian,
            zone: Zone::Three,
        };
        asked.push((
            (k * 5) % SITES.len(),
            corners(5_000 + k * 13, site, &proj),
            site.holders[k % site.holders.len()],
            if k % 2 == 0 { "exploration" } else { "mining" },
            site.meridian,
        ));
    }
    // the second asks for most of the first's ground, later
    let again = shifted(&asked[0].1, 60.0, 40.0);
    asked[1] = (
        asked[0].0,
        again,
        "Công ty TNHH Khoáng sản Đông Bắc",
        "exploration",
        asked[0].4,
    );
    // the third over a licence in force of the same place
    if let Some(l) = list
        .iter()
        .find(|l| l.status == crate::licence::Status::Valid)
    {
        let w = register::get(db, Some(actor), l.id).await?;
        if let Some(site) = SITES
            .iter()
            .position(|s| s.province == w.licence.state.province)
        {
            let text: String = w.licence.state.rings[0]
                .iter()
                .map(|c| format!("{} {:.3} {:.3}\n", c.name, c.x, c.y))
                .collect();
            asked[2] = (
                site,
                shifted(&text, 120.0, -90.0),
                "Công ty CP Đầu tư Khoáng sản Miền Trung",
                "mining",
                w.licence.state.projection.meridian,
            );
        }
    }
    // the fourth inside Cúc Phương
    let cuc = Projection {
        meridian: 105.0,
        zone: Zone::Three,
    };
    let centre = cuc.from_wgs84(LonLat {
        lon: 105.66,
        lat: 20.30,
    });
    asked[3] = (
        3,
        [
            (-300.0, -300.0),
            (-300.0, 300.0),
            (300.0, 300.0),
            (300.0, -300.0),
        ]
        .iter()
        .enumerate()
        .map(|(n, (u, v))| format!("{} {:.3} {:.3}\n", n + 1, centre.x + u, centre.y + v))
        .collect(),
        "Công ty CP Đá vôi Nho Quan",
        "exploration",
        105.0,
    );
    for (k, (site, points, applicant, kind, meridian)) in asked.iter().enumerate() {
        let site = &SITES[*site];
        let value = AreaValue {
            meridian: meridian.to_string(),
            zone: "3".into(),
            points: points.clone(),
        };
        let area = match value.read("area") {
            Ok(a) => a,
            Err(e) => {
                tracing::warn!(n = k, error = ?e, "a demo application's area does not read");
                continue;
            }
        };
        let filed = day - chrono::Duration::days(40 - 4 * k as i64);
        let instant = format!("{}T0{}:{:02}:17.250000Z", filed, 1 + k % 8, 10 + k * 3);
        let reference = format!("000.00.27.G12-{}-{:04}", filed.format("%y%m%d"), 1 + k);
        let filing = Filing {
            application_id: None,
            reference: &reference,
            kind: crate::licence::Kind::parse(kind).unwrap_or(crate::licence::Kind::Exploration),
            applicant,
            minerals: site.minerals,
            province: if k == 3 { "Ninh Bình" } else { site.province },
        };
        // each committed before the next is checked against it
        let mut tx = db.write().await?;
        file(&mut tx, db, &filing, &area, &instant).await?;
        tx.commit().await?;
    }
    Ok(())
}
