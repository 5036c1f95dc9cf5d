//! The demo's catalogue: three hundred records of the kinds the archive holds, over the mining
//! districts of Vietnam, under the provinces' names since the 2025 mergers with the names they
//! had before, from 1962 to 2025, most public or open to consultation, some restricted, a few
//! state secret.

use crate::catalogue;
use crate::domain::EntryInput;
use lode_db::Db;

/// A mining district: its name, main minerals, province (today's, and before 2025 if it
/// changed), commune, and centre in degrees (longitude, latitude).
struct District {
    name: &'static str,
    minerals: &'static [&'static str],
    province: &'static str,
    old_province: Option<&'static str>,
    commune: &'static str,
    at: (f64, f64),
}

const DISTRICTS: &[District] = &[
    District {
        name: "Sin Quyền",
        minerals: &["Đồng", "Vàng"],
        province: "Lào Cai",
        old_province: None,
        commune: "Bản Vược",
        at: (103.82, 22.62),
    },
    District {
        name: "Núi Pháo",
        minerals: &["Vonfram", "Florit", "Bismut"],
        province: "Thái Nguyên",
        old_province: None,
        commune: "Hà Thượng",
        at: (105.66, 21.64),
    },
    District {
        name: "Bản Phúc",
        minerals: &["Niken", "Đồng"],
        province: "Sơn La",
        old_province: None,
        commune: "Mường Khoa",
        at: (104.22, 21.25),
    },
    District {
        name: "Thạch Khê",
        minerals: &["Sắt"],
        province: "Hà Tĩnh",
        old_province: None,
        commune: "Thạch Khê",
        at: (105.95, 18.39),
    },
    District {
        name: "Quý Xa",
        minerals: &["Sắt"],
        province: "Lào Cai",
        old_province: None,
        commune: "Văn Bàn",
        at: (104.08, 22.05),
    },
    District {
        name: "Cam Đường",
        minerals: &["Apatit"],
        province: "Lào Cai",
        old_province: None,
        commune: "Cam Đường",
        at: (103.99, 22.43),
    },
    District {
        name: "Bồng Miêu",
        minerals: &["Vàng"],
        province: "Đà Nẵng",
        old_province: Some("Quảng Nam"),
        commune: "Tam Lãnh",
        at: (108.36, 15.43),
    },
    District {
        name: "Phước Sơn",
        minerals: &["Vàng"],
        province: "Đà Nẵng",
        old_province: Some("Quảng Nam"),
        commune: "Phước Thành",
        at: (107.84, 15.37),
    },
    District {
        name: "Tân Rai",
        minerals: &["Bauxit"],
        province: "Lâm Đồng",
        old_province: None,
        commune: "Lộc Thắng",
        at: (107.87, 11.62),
    },
    District {
        name: "Nhân Cơ",
        minerals: &["Bauxit"],
        province: "Lâm Đồng",
        old_province: Some("Đắk Nông"),
        commune: "Nhân Cơ",
        at: (107.57, 12.01),
    },
    District {
        name: "Lục Yên",
        minerals: &["Đá quý", "Đá hoa"],
        province: "Lào Cai",
        old_province: Some("Yên Bái"),
        commune: "Yên Thế",
        at: (104.72, 22.11),
    },
    District {
        name: "Quỳ Hợp",
        minerals: &["Thiếc", "Đá hoa"],
        province: "Nghệ An",
        old_province: None,
        commune: "Châu Hồng",
        at: (105.15, 19.32),
    },
    District {
        name: "Pia Oắc",
        minerals: &["Thiếc", "Vonfram"],
        province: "Cao Bằng",
        old_province: None,
        commune: "Thành Công",
        at: (105.95, 22.60),
    },
    District {
        name: "Chợ Điền",
        minerals: &["Chì", "Kẽm"],
        province: "Thái Nguyên",
        old_province: Some("Bắc Kạn"),
        commune: "Bản Thi",
        at: (105.55, 22.08),
    },
    District {
        name: "Làng Hích",
        minerals: &["Chì", "Kẽm"],
        province: "Thái Nguyên",
        old_province: None,
        commune: "Tân Long",
        at: (105.87, 21.74),
    },
    District {
        name: "Mạo Khê",
        minerals: &["Than"],
        province: "Quảng Ninh",
        old_province: None,
        commune: "Mạo Khê",
        at: (106.60, 21.06),
    },
    District {
        name: "Cẩm Phả",
        minerals: &["Than"],
        province: "Quảng Ninh",
        old_province: None,
        commune: "Cẩm Phả",
        at: (107.30, 21.02),
    },
    District {
        name: "Hàm Tân",
        minerals: &["Titan", "Zircon"],
        province: "Lâm Đồng",
        old_province: Some("Bình Thuận"),
        commune: "Tân Thắng",
        at: (107.60, 10.70),
    },
    District {
        name: "Bắc Bình",
        minerals: &["Titan", "Zircon"],
        province: "Lâm Đồng",
        old_province: Some("Bình Thuận"),
        commune: "Hòa Thắng",
        at: (108.45, 11.10),
    },
    District {
        name: "Đông Pao",
        minerals: &["Đất hiếm", "Barit", "Florit"],
        province: "Lai Châu",
        old_province: None,
        commune: "Bản Hon",
        at: (103.37, 22.37),
    },
    District {
        name: "Nậm Xe",
        minerals: &["Đất hiếm"],
        province: "Lai Châu",
        old_province: None,
        commune: "Nậm Xe",
        at: (103.16, 22.55),
    },
    District {
        name: "Yên Phú",
        minerals: &["Đất hiếm"],
        province: "Lào Cai",
        old_province: Some("Yên Bái"),
        commune: "Yên Phú",
        at: (104.75, 21.85),
    },
    District {
        name: "Tiên An",
        minerals: &["Vàng"],
        province: "Đà Nẵng",
        old_province: Some("Quảng Nam"),
        commune: "Tiên Lập",
        at: (108.27, 15.52),
    },
    District {
        name: "Kim Bôi",
        minerals: &["Nước khoáng", "Đá vôi"],
        province: "Phú Thọ",
        old_province: Some("Hòa Bình"),
        commune: "Kim Bôi",
        at: (105.53, 20.67),
    },
    District {
        name: "Vị Xuyên",
        minerals: &["Mangan", "Chì", "Kẽm"],
        province: "Tuyên Quang",
        old_province: Some("Hà Giang"),
        commune: "Vị Xuyên",
        at: (104.97, 22.67),
    },
];

const ORGANISATIONS: &[&str] = &[
    "Liên đoàn Bản đồ Địa chất miền Bắc",
    "Liên đoàn Địa chất Xạ - Hiếm",
    "Liên đoàn Địa chất Intergeo",
    "Liên đoàn Địa chất Trung Trung Bộ",
    "Liên đoàn Bản đồ Địa chất miền Nam",
    "Viện Khoa học Địa chất và Khoáng sản",
    "Đoàn Địa chất 305",
    "Công ty Cổ phần Khoáng sản Minh Phát",
];

const AUTHORS: &[&str] = &[
    "Nguyễn Văn Quý",
    "Trần Đức Lương",
    "Lê Thị Thanh Hương",
    "Phạm Văn Trường",
    "Đỗ Hải Dũng",
    "Vũ Văn Tích",
    "Hoàng Minh Thảo",
    "Ngô Thị Phượng",
    "Bùi Xuân Ánh",
    "Đặng Trung Thuận",
];

/// Map sheets of the 1:50.000 series (Gauss zone 48 and 49).
const SHEETS: &[&str] = &[
    "F-48-8-A",
    "F-48-19-B",
    "F-48-44-C",
    "E-48-34-D",
    "F-48-56-A",
    "D-49-37-B",
    "E-49-13-C",
];

fn title(i: usize, d: &District) -> (String, &'static str) {
    let mineral = d.minerals[i % d.minerals.len()].to_lowercase();
    let province = d.province;
    match (i / DISTRICTS.len() + i) % 8 {
        0 => (
            format!(
                "Báo cáo kết quả thăm dò quặng {mineral} khu {}, tỉnh {province}",
                d.name
            ),
            "exploration_report",
        ),
        1 => (
            format!(
                "Báo cáo điều tra, đánh giá tiềm năng {mineral} vùng {}",
                d.name
            ),
            "survey_report",
        ),
        2 => (
            format!(
                "Bản đồ địa chất và khoáng sản tỷ lệ 1:50.000 nhóm tờ {}",
                d.name
            ),
            "geological_map",
        ),
        3 => (
            format!("Bản đồ khoáng sản {mineral} khu {} tỷ lệ 1:10.000", d.name),
            "mineral_map",
        ),
        4 => (
            format!(
                "Mặt cắt địa chất qua thân quặng {mineral} số {} khu {}",
                i % 9 + 1,
                d.name
            ),
            "drawing",
        ),
        5 => (
            format!(
                "Tài liệu khoan thăm dò lỗ khoan LK{} mỏ {}",
                100 + i,
                d.name
            ),
            "drill_log",
        ),
        6 => (
            format!("Kết quả phân tích mẫu hóa quặng {mineral} khu {}", d.name),
            "analysis",
        ),
        _ => (
            format!(
                "Dữ liệu giao nộp: khảo sát {mineral} khu {}, tỉnh {province}",
                d.name
            ),
            "dataset",
        ),
    }
}

fn summary(i: usize, d: &District, year: i64) -> String {
    let minerals = d
        .minerals
        .iter()
        .map(|m| m.to_lowercase())
        .collect::<Vec<_>>()
        .join(", ");
    let holes = 6 + i % 30;
    format!(
        "Tài liệu trình bày kết quả công tác địa chất tại khu {} thuộc xã {}, tỉnh {}{} năm {year}. \
         Khoáng sản chính: {minerals}. Khối lượng đã thi công gồm {holes} lỗ khoan, {} hào, \
         {} mẫu phân tích hóa cơ bản và mẫu giã đãi. Cấu trúc địa chất khu vực gồm các đá \
         trầm tích biến chất bị đứt gãy phương tây bắc – đông nam khống chế; thân quặng dạng \
         mạch và thấu kính, chiều dày trung bình {},{} m.",
        d.name,
        d.commune,
        d.province,
        d.old_province
            .map(|o| format!(" (trước đây thuộc tỉnh {o})"))
            .unwrap_or_default(),
        3 + i % 12,
        40 + i * 3 % 400,
        1 + i % 7,
        i % 10
    )
}

/// The demo record `i` (0-based).
pub fn record(i: usize) -> EntryInput {
    let d = &DISTRICTS[i % DISTRICTS.len()];
    let (title, kind) = title(i, d);
    let year = 1962 + (i as i64 * 7) % 64;
    let access = match i % 20 {
        0..=9 => "public",
        10..=15 => "consult",
        16..=18 => "restricted",
        _ => "secret",
    };
    let spread = 0.03 + (i % 5) as f64 * 0.02;
    let (lon, lat) = d.at;
    let map = matches!(kind, "geological_map" | "mineral_map" | "drawing");
    EntryInput {
        archive_number: format!("LT-{year}/{:04}", 100 + i),
        title,
        title_en: None,
        kind: kind.into(),
        map_sheet: map.then(|| SHEETS[i % SHEETS.len()].to_string()),
        scale: map.then(|| {
            if kind == "geological_map" {
                "50000"
            } else {
                "10000"
            }
            .to_string()
        }),
        authors: Some(format!(
            "{}; {}",
            AUTHORS[i % AUTHORS.len()],
            AUTHORS[(i * 3 + 1) % AUTHORS.len()]
        )),
        organisation: Some(ORGANISATIONS[i % ORGANISATIONS.len()].into()),
        year: Some(year.to_string()),
        submitted_on: Some(format!(
            "{}-{:02}-{:02}",
            year.min(2025),
            1 + i % 12,
            1 + i % 28
        )),
        r#abstract: Some(summary(i, d, year)),
        minerals: Some(d.minerals.join(", ")),
        keywords: Some(format!(
            "{}, địa chất, {}",
            d.name,
            if map { "bản đồ" } else { "thăm dò" }
        )),
        province: Some(d.province.into()),
        commune: Some(d.commune.into()),
        old_province: d.old_province.map(str::to_string),
        old_commune: None,
        bbox: Some(format!(
            "{:.4},{:.4},{:.4},{:.4}",
            lon - spread,
            lat - spread,
            lon + spread,
            lat + spread
        )),
        extent: None,
        related: i.is_multiple_of(3).then(|| {
            format!(
                "Đề án thăm dò {} khu {}",
                d.minerals[0].to_lowercase(),
                d.name
            )
        }),
        volumes: Some((1 + i % 4).to_string()),
        appendices: Some((i % 3).to_string()),
        drawings: Some((if map { 1 + i % 6 } else { i % 12 }).to_string()),
        shelf: Some(format!(
            "Kho A{} – giá {} – hộp {}",
            1 + i % 3,
            1 + i % 40,
            1 + i % 200
        )),
        access: access.into(),
        copy_allowed: Some(access == "public" || (access == "consult" && i.is_multiple_of(2))),
        lineage: Some(
            "Lập mục lục năm 2012 từ hồ sơ giấy; đối chiếu lại với bản gốc năm 2024.".into(),
        ),
        remarks: None,
        version: None,
    }
}

/// How many records the demo catalogue holds.
pub const RECORDS: usize = 300;

/// Seeds the demo catalogue into a store that has none, as the archive's staff would have
/// entered it, and scans of a few of its reports, whose pages the job runner then reads.
/// Answers how many records it added.
pub async fn seed(db: &Db, blobs: &lode_db::blobs::Blobs) -> anyhow::Result<usize> {
    let (existing,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM archive_records")
        .fetch_one(db.pool())
        .await?;
    if existing > 0 {
        return Ok(0);
    }
    let Some(keeper) = lode_db::accounts::by_username(db, "tthuong").await? else {
        return Ok(0);
    };
    let ctx = keeper.acting();
    let reader = crate::domain::Reader::of(Some(&keeper.actor()));
    let today = crate::today();
    for i in 0..RECORDS {
        let rec = catalogue::create(db, &ctx, reader, &record(i), today).await?;
        // a few reports of each level scanned, so that reading them is real work
        if i < SCANNED_RECORDS {
            let d = &DISTRICTS[i % DISTRICTS.len()];
            let pages = crate::scans::report_pages(
                d.name,
                d.province,
                &d.minerals[0].to_lowercase(),
                PAGES_EACH,
            );
            match crate::scans::scan(&pages).await {
                Ok(tiff) => {
                    let size = tiff.len();
                    let sha = blobs.put(bytes::Bytes::from(tiff)).await?;
                    let mut tx = db.write().await?;
                    lode_db::blobs::record(&mut tx, &sha, size, "image/tiff").await?;
                    tx.commit().await?;
                    let name = format!("{}.tif", rec.entry.archive_number.replace('/', "-"));
                    crate::digitise::add_file(db, &ctx, reader, rec.id, &sha, &name, "image/tiff")
                        .await?;
                }
                // without poppler and libtiff the demo keeps its catalogue, unscanned
                Err(e) => tracing::warn!(error = %e, "the demo's scans were not made"),
            }
        }
    }
    submitted_data(db, blobs).await?;
    requested_records(db, blobs).await?;
    Ok(RECORDS)
}

/// Two requests to use records, filed online and accepted at the one-stop desk: they wait for
/// the archive's decision (a business asks for copies of two reports, a citizen for the
/// reading room).
async fn requested_records(db: &Db, blobs: &lode_db::blobs::Blobs) -> anyhow::Result<()> {
    let Some(desk) = lode_db::accounts::by_username(db, "motcua").await? else {
        return Ok(());
    };
    let at_desk = desk.acting();
    let plans: [(&str, &[i64], &str, &str); 2] = [
        (
            "minhphat",
            &[1, 2],
            "copy",
            "Tham khảo tài liệu địa chất phục vụ lập đề án thăm dò khoáng sản",
        ),
        (
            "nvtam",
            &[12],
            "reading_room",
            "Nghiên cứu phục vụ luận văn thạc sĩ địa chất",
        ),
    ];
    for (who, records, kind, purpose) in plans {
        let Some(applicant) = lode_db::accounts::by_username(db, who).await? else {
            continue;
        };
        let actor = applicant.actor();
        let ctx = applicant.acting();
        for id in records {
            crate::requests::add(db, &actor, *id).await?;
        }
        let mut details = crate::requests::Details {
            kind: kind.into(),
            purpose: purpose.into(),
            // the pages to copy, for copies only
            pages: if kind == "copy" {
                records.iter().map(|id| (*id, "1-2".to_string())).collect()
            } else {
                Default::default()
            },
            phone: "0912 345 678".into(),
        };
        // a record the desk may not copy, or not yet scanned (its pages are counted in the
        // background), is asked for in the reading room, which every record allows
        let filed = match crate::requests::submit(db, blobs, &ctx, &actor, &details).await {
            Ok(filed) => filed,
            Err(_) => {
                details.kind = "reading_room".into();
                details.pages = Default::default();
                crate::requests::submit(db, blobs, &ctx, &actor, &details).await?
            }
        };
        lode_services::handling::decide_at_desk(
            db,
            &at_desk,
            &desk.actor(),
            filed.id,
            lode_services::handling::DeskDecision::Accept,
            "",
        )
        .await?;
    }
    Ok(())
}

/// A data set a mining company submitted online, accepted at the one-stop desk: it waits for
/// the archive's check.
async fn submitted_data(db: &Db, blobs: &lode_db::blobs::Blobs) -> anyhow::Result<()> {
    let (Some(business), Some(desk)) = (
        lode_db::accounts::by_username(db, "minhphat").await?,
        lode_db::accounts::by_username(db, "motcua").await?,
    ) else {
        return Ok(());
    };
    lode_services::catalogue::seed_catalogue(db).await?;
    let title = "Báo cáo kết quả thăm dò quặng thiếc khu Tân Thành, tỉnh Tuyên Quang";
    let values: std::collections::BTreeMap<String, String> = [
        ("report_title", title),
        ("volumes", "2"),
        ("drawings_count", "6"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    let papers = [
        (
            "transmittal",
            "van-ban-giao-nop.pdf",
            vec![
                "CÔNG TY CỔ PHẦN KHOÁNG SẢN MINH PHÁT",
                "V/v giao nộp báo cáo kết quả thăm dò quặng thiếc khu Tân Thành",
            ],
        ),
        (
            "data_list",
            "danh-muc-tai-lieu.pdf",
            vec![
                "DANH MỤC TÀI LIỆU GIAO NỘP",
                "1. Thuyết minh báo cáo, 2 tập",
                "2. Bản vẽ kèm theo, 6 bản",
            ],
        ),
        (
            "report",
            "bao-cao-tham-do.pdf",
            vec![
                title,
                "Chương 1. Khái quát khu thăm dò",
                "Chương 2. Đặc điểm địa chất và quặng hóa thiếc",
            ],
        ),
    ];
    let papers = papers
        .into_iter()
        .map(|(key, name, lines)| lode_services::demo::Paper {
            key,
            name,
            pdf: lode_print::page_of_lines(name, &lines)
                .unwrap_or_else(|_| lode_db::demo::sample_pdf(&lines)),
        })
        .collect();
    lode_services::demo::file_online(
        db,
        blobs,
        &business,
        (crate::submissions::PROCEDURE, &values),
        papers,
        Some(lode_services::demo::Decided {
            officer: &desk,
            decision: lode_services::handling::DeskDecision::Accept,
            reason: "",
        }),
    )
    .await?;
    crate::submissions::intake(db).await?;
    Ok(())
}

/// Records of the demo scanned, and pages each.
const SCANNED_RECORDS: usize = 8;
const PAGES_EACH: usize = 4;

#[cfg(test)]
mod tests {
    #[test]
    fn every_demo_record_passes_the_checks() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 5).unwrap_or_default();
        let mut numbers = std::collections::HashSet::new();
        for i in 0..super::RECORDS {
            let entry = super::record(i).parse(today);
            assert!(entry.is_ok(), "{i}: {entry:?}");
            assert!(numbers.insert(super::record(i).archive_number), "{i}");
        }
    }
}
