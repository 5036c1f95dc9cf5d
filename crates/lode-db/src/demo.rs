//! The demo organisation: Cục Địa chất và Khoáng sản Việt Nam with its offices, sub-departments,
//! the archive centre, three regional federations (Hà Nội, Đà Nẵng, TP. Hồ Chí Minh) with
//! their teams, about forty staff in every role and a few business and citizen accounts.
//!
//! Seeded only into an empty store, through the same repository functions as the application,
//! so every seeded record has its audit entry. The organisation ids follow the QCVN 102 shape
//! under an assumed ministry code (`G12`): they are demo data, not the real registry.

use crate::accounts::{self, NewExternal, NewStaff};
use crate::units::{self, NewUnit};
use crate::{AuditCtx, Db, DbResult};

type DemoUnit = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
);
pub type DemoStaff = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static [&'static str],
    &'static str,
);
type DemoExternal = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
);

/// The one password of every demo account. It exists only in demo mode.
pub const DEMO_PASSWORD: &str = "Lode-demo-2026";

/// (org id, name, abbreviation, kind, parent org id)
#[rustfmt::skip]
const UNITS: &[DemoUnit] = &[
    ("000.00.27.G12", "Cục Địa chất và Khoáng sản Việt Nam", "ĐCKS", "department", None),
    ("000.01.27.G12", "Văn phòng Cục", "VP", "office", Some("000.00.27.G12")),
    ("000.02.27.G12", "Phòng Kế hoạch - Tài chính", "KHTC", "office", Some("000.00.27.G12")),
    ("000.03.27.G12", "Phòng Tổ chức cán bộ", "TCCB", "office", Some("000.00.27.G12")),
    ("000.04.27.G12", "Phòng Pháp chế - Thanh tra", "PCTT", "office", Some("000.00.27.G12")),
    ("000.05.27.G12", "Phòng Quản lý Địa chất", "ĐC", "sub_department", Some("000.00.27.G12")),
    ("000.06.27.G12", "Phòng Quản lý Khoáng sản", "KS", "sub_department", Some("000.00.27.G12")),
    ("000.07.27.G12", "Phòng Đánh giá trữ lượng khoáng sản", "ĐGTL", "sub_department", Some("000.00.27.G12")),
    ("000.08.27.G12", "Trung tâm Thông tin, Lưu trữ và Dữ liệu Địa chất", "TTLT", "centre", Some("000.00.27.G12")),
    ("000.10.27.G12", "Liên đoàn Bản đồ Địa chất miền Bắc", "LĐBĐMB", "federation", Some("000.00.27.G12")),
    ("001.10.27.G12", "Đoàn Địa chất Tây Bắc", "TB", "team", Some("000.10.27.G12")),
    ("002.10.27.G12", "Đoàn Địa chất Đông Bắc", "ĐB", "team", Some("000.10.27.G12")),
    ("000.11.27.G12", "Liên đoàn Địa chất Trung Trung Bộ", "LĐTTB", "federation", Some("000.00.27.G12")),
    ("001.11.27.G12", "Đoàn Địa chất Quảng Nam", "QN", "team", Some("000.11.27.G12")),
    ("002.11.27.G12", "Đoàn Địa chất Tây Nguyên", "TN", "team", Some("000.11.27.G12")),
    ("000.12.27.G12", "Liên đoàn Bản đồ Địa chất miền Nam", "LĐBĐMN", "federation", Some("000.00.27.G12")),
    ("001.12.27.G12", "Đoàn Địa chất Đông Nam Bộ", "ĐNB", "team", Some("000.12.27.G12")),
    ("002.12.27.G12", "Đoàn Địa chất Tây Nam Bộ", "TNB", "team", Some("000.12.27.G12")),
];

/// (username, full name, position, unit org id, roles, clearance)
#[rustfmt::skip]
pub const STAFF: &[DemoStaff] = &[
    ("admin", "Lê Minh Quân", "Quản trị hệ thống", "000.08.27.G12", &["administrator"], "none"),
    ("tvhung", "Trần Văn Hùng", "Cục trưởng", "000.00.27.G12", &["agency_leader"], "top_secret"),
    ("nthlan", "Nguyễn Thị Hồng Lan", "Phó Cục trưởng", "000.00.27.G12", &["agency_leader"], "secret"),
    ("pqminh", "Phạm Quang Minh", "Phó Cục trưởng", "000.00.27.G12", &["agency_leader"], "secret"),
    ("dvthang", "Đỗ Văn Thắng", "Chánh Văn phòng", "000.01.27.G12", &["unit_leader"], "secret"),
    ("vanthu", "Nguyễn Thị Thu Hà", "Văn thư", "000.01.27.G12", &["clerk"], "secret"),
    ("btngoc", "Bùi Thị Ngọc", "Văn thư", "000.01.27.G12", &["clerk"], "confidential"),
    ("motcua", "Hoàng Văn Nam", "Cán bộ một cửa", "000.01.27.G12", &["one_stop_officer"], "none"),
    ("lthuong", "Lý Thị Hương", "Cán bộ một cửa", "000.01.27.G12", &["one_stop_officer"], "none"),
    ("ntkhanh", "Ngô Thị Khánh", "Chuyên viên", "000.01.27.G12", &["specialist"], "none"),
    ("vdlong", "Vũ Đức Long", "Trưởng phòng", "000.02.27.G12", &["unit_leader"], "confidential"),
    ("ptmai", "Phan Thị Mai", "Chuyên viên chính", "000.02.27.G12", &["specialist"], "none"),
    ("dmtuan", "Đặng Minh Tuấn", "Trưởng phòng", "000.03.27.G12", &["unit_leader"], "secret"),
    ("httrang", "Hồ Thị Trang", "Chuyên viên", "000.03.27.G12", &["specialist"], "confidential"),
    ("nvbinh", "Nguyễn Văn Bình", "Trưởng phòng", "000.04.27.G12", &["unit_leader"], "confidential"),
    ("tthoa", "Trịnh Thị Hoa", "Thanh tra viên", "000.04.27.G12", &["specialist"], "none"),
    ("lvdung", "Lương Văn Dũng", "Trưởng phòng", "000.05.27.G12", &["unit_leader"], "secret"),
    ("ctyen", "Cao Thị Yến", "Chuyên viên chính", "000.05.27.G12", &["specialist"], "confidential"),
    ("nqhuy", "Nguyễn Quốc Huy", "Chuyên viên", "000.05.27.G12", &["specialist"], "none"),
    ("tdkhoa", "Tạ Đăng Khoa", "Trưởng phòng", "000.06.27.G12", &["unit_leader"], "secret"),
    ("nthuyen", "Nguyễn Thị Huyền", "Chuyên viên chính", "000.06.27.G12", &["specialist"], "confidential"),
    ("lvtoan", "Lê Văn Toàn", "Chuyên viên", "000.06.27.G12", &["specialist"], "none"),
    ("mthang", "Mai Thu Hằng", "Chuyên viên", "000.06.27.G12", &["specialist", "one_stop_officer"], "none"),
    ("pvson", "Phạm Văn Sơn", "Trưởng phòng", "000.07.27.G12", &["unit_leader"], "secret"),
    ("dtnga", "Đinh Thị Nga", "Chuyên viên", "000.07.27.G12", &["specialist"], "none"),
    ("nvphuc", "Nguyễn Văn Phúc", "Giám đốc Trung tâm", "000.08.27.G12", &["unit_leader"], "secret"),
    ("tthuong", "Trần Thị Thương", "Lưu trữ viên", "000.08.27.G12", &["specialist"], "confidential"),
    ("vvhai", "Vương Văn Hải", "Liên đoàn trưởng", "000.10.27.G12", &["unit_leader"], "secret"),
    ("lthanh", "Lê Thị Thanh", "Văn thư", "000.10.27.G12", &["clerk"], "confidential"),
    ("nmduc", "Nguyễn Minh Đức", "Đoàn trưởng", "001.10.27.G12", &["unit_leader"], "confidential"),
    ("hvkien", "Hà Văn Kiên", "Kỹ sư địa chất", "001.10.27.G12", &["specialist"], "none"),
    ("tqvinh", "Triệu Quang Vinh", "Đoàn trưởng", "002.10.27.G12", &["unit_leader"], "confidential"),
    ("nthao", "Nông Thị Hảo", "Kỹ sư địa chất", "002.10.27.G12", &["specialist"], "none"),
    ("hvthanh", "Huỳnh Văn Thành", "Liên đoàn trưởng", "000.11.27.G12", &["unit_leader"], "secret"),
    ("ltbich", "Lê Thị Bích", "Văn thư", "000.11.27.G12", &["clerk"], "confidential"),
    ("pvtri", "Phan Văn Trí", "Đoàn trưởng", "001.11.27.G12", &["unit_leader"], "confidential"),
    ("ydnhi", "Y Đăk Nhi", "Kỹ sư địa chất", "002.11.27.G12", &["specialist"], "none"),
    ("ntphuong", "Nguyễn Thanh Phương", "Liên đoàn trưởng", "000.12.27.G12", &["unit_leader"], "secret"),
    ("tkloan", "Trương Kim Loan", "Văn thư", "000.12.27.G12", &["clerk"], "confidential"),
    ("lhtai", "Lâm Hữu Tài", "Đoàn trưởng", "001.12.27.G12", &["unit_leader"], "confidential"),
    ("dtkieu", "Dương Thị Kiều", "Kỹ sư địa chất", "002.12.27.G12", &["specialist"], "none"),
];

/// (kind, username, full name, e-mail, organisation, tax code)
#[rustfmt::skip]
const EXTERNAL: &[DemoExternal] = &[
    ("business", "minhphat", "Nguyễn Đức Phát", "phapche@minhphat.example.vn", Some("Công ty Cổ phần Khoáng sản Minh Phát"), Some("0102345677")),
    ("business", "dahoabinh", "Quách Thị Hòa", "lienhe@dahoabinh.example.vn", Some("Công ty TNHH Đá xây dựng Hòa Bình"), Some("0304567898")),
    ("business", "titannamtrung", "Võ Minh Trung", "vanphong@titan-nt.example.vn", Some("Công ty TNHH Titan Nam Trung"), Some("3105678905")),
    ("citizen", "nvtam", "Nguyễn Văn Tâm", "nvtam@example.vn", None, None),
];

/// True when the store holds no unit yet.
pub async fn is_empty(db: &Db) -> DbResult<bool> {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM units")
        .fetch_one(db.pool())
        .await?;
    Ok(n == 0)
}

/// Seeds the demo organisation into an empty store; does nothing to a store that has units.
/// Returns whether it seeded.
pub async fn seed(db: &Db) -> DbResult<bool> {
    if !is_empty(db).await? {
        return Ok(false);
    }
    let ctx = AuditCtx::system("demo");
    let mut ids = std::collections::HashMap::new();
    for (org_id, name, abbreviation, kind, parent) in UNITS {
        let unit = units::create(
            db,
            &ctx,
            &NewUnit {
                parent_id: parent.and_then(|p| ids.get(p).copied()),
                org_id: (*org_id).into(),
                name: (*name).into(),
                abbreviation: (*abbreviation).into(),
                kind: (*kind).into(),
            },
        )
        .await?;
        ids.insert(*org_id, unit.id);
    }
    for (i, (username, full_name, position, unit, roles, clearance)) in STAFF.iter().enumerate() {
        let ascii_name: String = username.chars().filter(char::is_ascii).collect();
        accounts::create_staff(
            db,
            &ctx,
            &NewStaff {
                username: ascii_name.clone(),
                full_name: (*full_name).into(),
                email: Some(format!("{ascii_name}@dcks.example.vn")),
                phone: Some(format!("024 3822 {:04}", 1000 + i)),
                position: Some((*position).into()),
                unit_id: ids.get(unit).copied().unwrap_or_default(),
                roles: roles.iter().map(|r| (*r).to_string()).collect(),
                clearance: Some((*clearance).into()),
                password: DEMO_PASSWORD.into(),
                must_change_password: Some(false),
            },
        )
        .await?;
    }
    for (kind, username, full_name, email, org, tax) in EXTERNAL {
        accounts::create_external(
            db,
            &ctx,
            &NewExternal {
                kind: (*kind).into(),
                username: (*username).into(),
                full_name: (*full_name).into(),
                email: (*email).into(),
                phone: Some("0912 345 678".into()),
                organisation_name: org.map(Into::into),
                tax_code: tax.map(Into::into),
                address: None,
                representative: None,
                password: DEMO_PASSWORD.into(),
            },
        )
        .await?;
    }
    Ok(true)
}

/// A small valid one-page PDF (A4, Helvetica) showing `lines`, for demo documents and tests.
/// Vietnamese letters are folded to ASCII: the standard fonts have no Vietnamese glyphs, and a
/// demo scan needs none.
pub fn sample_pdf(lines: &[&str]) -> Vec<u8> {
    let mut content = String::from("BT /F1 13 Tf 16 TL 60 780 Td\n");
    for line in lines {
        let folded: String = lode_core::text::strip_diacritics(line)
            .chars()
            .filter(|c| c.is_ascii() && !c.is_ascii_control())
            .collect();
        let escaped = folded
            .replace('\\', "\\\\")
            .replace('(', "\\(")
            .replace(')', "\\)");
        content.push_str(&format!("({escaped}) Tj T*\n"));
    }
    content.push_str("ET\n");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".to_string(),
        format!("<< /Length {} >>\nstream\n{content}endstream", content.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_string(),
    ];
    let mut pdf = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend_from_slice(format!("{} 0 obj\n{body}\nendobj\n", i + 1).as_bytes());
    }
    let xref = pdf.len();
    pdf.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for o in offsets {
        pdf.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    pdf.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    pdf
}

/// Issuing bodies of the demo's incoming documents.
const ISSUERS: &[&str] = &[
    "Bộ Nông nghiệp và Môi trường",
    "Văn phòng Chính phủ",
    "Bộ Tài chính",
    "Bộ Công Thương",
    "Bộ Xây dựng",
    "UBND tỉnh Quảng Nam",
    "UBND tỉnh Lào Cai",
    "UBND tỉnh Quảng Ninh",
    "Sở Nông nghiệp và Môi trường tỉnh Thái Nguyên",
    "Cục Thuế tỉnh Bình Định",
    "Công ty Cổ phần Khoáng sản Minh Phát",
    "Tập đoàn Công nghiệp Than - Khoáng sản Việt Nam",
];

/// (type code, notation tail, subject)
const SUBJECTS: &[(&str, &str, &str)] = &[
    (
        "CV",
        "BNNMT-ĐCKS",
        "V/v báo cáo tình hình cấp phép thăm dò, khai thác khoáng sản năm 2026",
    ),
    (
        "CV",
        "UBND-KT",
        "V/v đề nghị thẩm định hồ sơ cấp giấy phép khai thác đá vôi làm vật liệu xây dựng",
    ),
    (
        "QĐ",
        "BNNMT",
        "Quyết định phê duyệt đề án thăm dò quặng đồng khu vực Sin Quyền",
    ),
    (
        "TB",
        "VPCP",
        "Thông báo kết luận của Phó Thủ tướng về công tác quản lý khoáng sản",
    ),
    (
        "GM",
        "BNNMT",
        "Giấy mời dự họp giao ban trực tuyến công tác địa chất và khoáng sản tháng 11",
    ),
    (
        "CV",
        "BTC-CST",
        "V/v hướng dẫn thu tiền cấp quyền khai thác khoáng sản",
    ),
    (
        "BC",
        "UBND",
        "Báo cáo kết quả kiểm tra hoạt động khai thác cát lòng sông",
    ),
    (
        "KH",
        "BNNMT",
        "Kế hoạch điều tra địa chất khoáng sản biển giai đoạn 2026-2030",
    ),
    (
        "CV",
        "SNNMT-KS",
        "V/v khoanh định khu vực cấm, tạm thời cấm hoạt động khoáng sản",
    ),
    (
        "TTr",
        "TKV",
        "Tờ trình đề nghị phê duyệt trữ lượng than khu mỏ Khe Chàm",
    ),
    (
        "CV",
        "CT-QLKS",
        "V/v cung cấp thông tin về tình hình nộp tiền cấp quyền khai thác",
    ),
    (
        "CV",
        "MP-PC",
        "V/v xin gia hạn giấy phép thăm dò khoáng sản đá granit",
    ),
    (
        "QĐ",
        "UBND",
        "Quyết định đấu giá quyền khai thác khoáng sản làm vật liệu xây dựng thông thường",
    ),
    (
        "TB",
        "BNNMT",
        "Thông báo lịch tiếp công dân quý IV năm 2026",
    ),
    (
        "CV",
        "BXD-VLXD",
        "V/v quy hoạch thăm dò, khai thác khoáng sản làm vật liệu xây dựng",
    ),
    (
        "BC",
        "BCT",
        "Báo cáo tình hình chế biến, xuất khẩu khoáng sản 9 tháng đầu năm",
    ),
];

/// A small deterministic generator, so the demo is the same on every machine.
struct Dice(u64);

impl Dice {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        usize::try_from((self.0 >> 33) % (n.max(1) as u64)).unwrap_or(0)
    }
}

/// Seeds incoming documents into a store that has the demo organisation and no documents: a
/// few hundred over the last two months, in the department's register and a federation's,
/// routed, assigned and completed in realistic proportions, some of them overdue.
pub async fn seed_documents(db: &Db, blobs: &crate::blobs::Blobs) -> DbResult<usize> {
    use crate::incoming::{self, AssignInput, NewIncoming, RouteInput, StepInput};
    let (existing,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM incoming_documents")
        .fetch_one(db.pool())
        .await?;
    let actor = |name: &'static str| async move {
        crate::accounts::by_username(db, name)
            .await?
            .ok_or(crate::DbError::NotFound)
            .map(|a| a.actor())
    };
    let Ok(clerk) = actor("vanthu").await else {
        return Ok(0);
    };
    if existing > 0 {
        return Ok(0);
    }
    let fed_clerk = actor("lthanh").await?;
    let leader = actor("tvhung").await?;
    let fed_leader = actor("vvhai").await?;
    let dept_id = clerk
        .register_unit
        .as_ref()
        .and_then(|r| r.ids().last().copied())
        .unwrap_or_default();
    let fed_id = fed_clerk
        .register_unit
        .as_ref()
        .and_then(|r| r.ids().last().copied())
        .unwrap_or_default();
    // lead units of the department's documents, with the leader who assigns and the handlers
    let lead_units: &[(&str, &str, &[&str])] = &[
        ("000.06.27.G12", "tdkhoa", &["nthuyen", "lvtoan", "mthang"]),
        ("000.05.27.G12", "lvdung", &["ctyen", "nqhuy"]),
        ("000.07.27.G12", "pvson", &["dtnga"]),
        ("000.01.27.G12", "dvthang", &["ntkhanh"]),
        ("000.02.27.G12", "vdlong", &["ptmai"]),
        ("000.04.27.G12", "nvbinh", &["tthoa"]),
        ("000.08.27.G12", "nvphuc", &["tthuong"]),
    ];
    let mut pdfs = Vec::new();
    for (code, tail, subject) in SUBJECTS {
        let bytes = sample_pdf(&[
            &format!("{code} - {tail}"),
            subject,
            "(Ban quet van ban - du lieu demo cua lode)",
        ]);
        let size = bytes.len();
        let sha = blobs.put(bytes::Bytes::from(bytes)).await?;
        let mut tx = db.write().await?;
        // scanned by the clerks who register them
        for who in [&clerk, &fed_clerk] {
            crate::blobs::record_upload(&mut tx, &sha, size, "application/pdf", who.account_id)
                .await?;
        }
        tx.commit().await?;
        pdfs.push(sha);
    }
    let today = incoming::today();
    let mut dice = Dice(20_261_125);
    let mut count = 0;
    for i in 0..320usize {
        let in_federation = i % 8 == 7;
        let (registrar, body) = if in_federation {
            (&fed_clerk, fed_id)
        } else {
            (&clerk, dept_id)
        };
        let s = dice.next(SUBJECTS.len());
        let (code, tail, subject) = SUBJECTS[s];
        let days_ago = i64::try_from(dice.next(60)).unwrap_or(0);
        let received = today - chrono::Duration::days(days_ago);
        let issued = received - chrono::Duration::days(i64::try_from(dice.next(5)).unwrap_or(0));
        let urgency = [
            "normal",
            "normal",
            "normal",
            "normal",
            "urgent",
            "urgent",
            "very_urgent",
            "most_urgent",
        ][dice.next(8)];
        let secrecy = if i % 40 == 13 { "confidential" } else { "none" };
        let input = NewIncoming {
            received_on: Some(received.to_string()),
            channel: ["electronic", "electronic", "electronic", "paper", "email"][dice.next(5)]
                .into(),
            issuer: ISSUERS[dice.next(ISSUERS.len())].into(),
            notation: format!(
                "{}/{}",
                100 + i * 7 % 900,
                if code == "CV" {
                    tail.to_string()
                } else {
                    format!("{code}-{tail}")
                }
            ),
            document_date: issued.to_string(),
            type_code: code.into(),
            subject: subject.into(),
            signer: Some(
                [
                    "Trần Quý Kiên",
                    "Lê Công Thành",
                    "Nguyễn Văn Sơn",
                    "Phạm Thị Lan",
                ][dice.next(4)]
                .into(),
            ),
            urgency: Some(urgency.into()),
            secrecy: Some(secrecy.into()),
            page_count: Some(i64::try_from(1 + dice.next(12)).unwrap_or(1)),
            file_sha256: Some(pdfs[s].clone()),
            confirm_duplicate: true,
            ..Default::default()
        };
        let ctx = |a: &lode_core::authz::Actor| AuditCtx {
            actor_id: Some(a.account_id),
            actor_label: "demo".into(),
            ip: None,
        };
        let rec = incoming::register(
            db,
            &ctx(registrar),
            registrar.account_id,
            body,
            &input,
            None,
        )
        .await?;
        count += 1;
        // Most documents older than a day are routed, most routed ones assigned, older ones done.
        if days_ago == 0 || dice.next(10) < 2 {
            continue;
        }
        // Documents that will be completed now got a deadline still ahead (done on time); the
        // others keep the deadline of their day, so some of them are overdue.
        let completes = days_ago > 10 && dice.next(10) < 7;
        let deadline = if completes {
            today + chrono::Duration::days(i64::try_from(1 + dice.next(10)).unwrap_or(5))
        } else {
            received + chrono::Duration::days(i64::try_from(5 + dice.next(20)).unwrap_or(10))
        };
        let (router, lead, assigner, handlers) = if in_federation {
            (&fed_leader, "001.10.27.G12", "nmduc", &["hvkien"][..])
        } else {
            let (lead, assigner, handlers) = lead_units[dice.next(lead_units.len())];
            (&leader, lead, assigner, handlers)
        };
        let lead_id = crate::units::by_org_id(db, lead).await?.id;
        let route = RouteInput {
            lead_unit_id: lead_id,
            deadline: Some(deadline.to_string()),
            note: Some("Đề nghị đơn vị chủ trì xử lý, báo cáo kết quả đúng hạn.".into()),
            ..Default::default()
        };
        incoming::route(db, &ctx(router), router, rec.id, &route).await?;
        if dice.next(10) < 2 || secrecy != "none" {
            continue;
        }
        let assigner = actor(assigner).await?;
        let handler = actor(handlers[dice.next(handlers.len())]).await?;
        let assign = AssignInput {
            handler_id: handler.account_id,
            ..Default::default()
        };
        incoming::assign(db, &ctx(&assigner), &assigner, rec.id, &assign).await?;
        if completes {
            let done = StepInput {
                text: Some("Đã xử lý, báo cáo lãnh đạo.".into()),
                ..Default::default()
            };
            incoming::complete(db, &ctx(&handler), &handler, rec.id, &done).await?;
        }
    }
    Ok(count)
}

/// Seeds outgoing documents at every stage: drafts, in review, approved, sent (some to the
/// federations, where they arrive as incoming documents). `draft_pdf` lays out a draft's file
/// from its type code and subject.
pub async fn seed_outgoing(
    db: &Db,
    blobs: &crate::blobs::Blobs,
    draft_pdf: &(dyn Fn(&str, &str) -> Vec<u8> + Sync),
) -> DbResult<usize> {
    use crate::outgoing::{self, NewDraft, OutgoingStepInput};
    let (existing,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM outgoing_documents")
        .fetch_one(db.pool())
        .await?;
    if existing > 0 {
        return Ok(0);
    }
    let actor = |name: &'static str| async move {
        crate::accounts::by_username(db, name)
            .await?
            .ok_or(crate::DbError::NotFound)
            .map(|a| a.actor())
    };
    let Ok(clerk) = actor("vanthu").await else {
        return Ok(0);
    };
    let leader = actor("tvhung").await?;
    let ctx = |a: &lode_core::authz::Actor| AuditCtx {
        actor_id: Some(a.account_id),
        actor_label: "demo".into(),
        ip: None,
    };
    let north = crate::units::by_org_id(db, "000.10.27.G12").await?.id;
    let south = crate::units::by_org_id(db, "000.12.27.G12").await?.id;
    // (author, their unit leader, type, subject)
    let drafts: &[(&str, &str, &str, &str)] = &[
        (
            "nthuyen",
            "tdkhoa",
            "CV",
            "V/v đôn đốc báo cáo kết quả hoạt động khoáng sản năm 2026",
        ),
        (
            "lvtoan",
            "tdkhoa",
            "QĐ",
            "Quyết định thành lập Hội đồng thẩm định báo cáo thăm dò",
        ),
        (
            "ctyen",
            "lvdung",
            "CV",
            "V/v cung cấp tài liệu điều tra địa chất vùng Tây Bắc",
        ),
        (
            "ntkhanh",
            "dvthang",
            "GM",
            "Giấy mời họp giao ban trực tuyến tháng 12",
        ),
        (
            "ptmai",
            "vdlong",
            "KH",
            "Kế hoạch kiểm tra hoạt động khoáng sản năm 2027",
        ),
        (
            "dtnga",
            "pvson",
            "TB",
            "Thông báo kết quả thẩm định trữ lượng mỏ đá vôi",
        ),
    ];
    // each draft's file, laid out once
    let files: Vec<Vec<u8>> = drafts
        .iter()
        .map(|(_, _, code, subject)| draft_pdf(code, subject))
        .collect();
    let mut count = 0;
    for round in 0..20 {
        for (i, (author, unit_leader, code, subject)) in drafts.iter().enumerate() {
            let author = actor(author).await?;
            let bytes = files[i].clone();
            let size = bytes.len();
            let sha = blobs.put(bytes::Bytes::from(bytes)).await?;
            let mut tx = db.write().await?;
            crate::blobs::record_upload(&mut tx, &sha, size, "application/pdf", author.account_id)
                .await?;
            tx.commit().await?;
            let input = NewDraft {
                type_code: (*code).into(),
                subject: (*subject).into(),
                recipient_unit_ids: if i % 2 == 0 {
                    vec![north]
                } else {
                    vec![north, south]
                },
                recipients_outside: Some(
                    "Bộ Nông nghiệp và Môi trường\nUBND các tỉnh, thành phố".into(),
                ),
                pdf_sha256: sha,
                ..Default::default()
            };
            let d = outgoing::create_draft(db, &ctx(&author), &author, &input).await?;
            count += 1;
            // the stages spread over the rounds: drafts stay drafts, others go further
            let stage = (round + i) % 5;
            let none = OutgoingStepInput::default();
            if stage == 0 {
                continue;
            }
            outgoing::submit(db, &ctx(&author), &author, d.id, &none).await?;
            if stage == 1 {
                continue;
            }
            let reviewer = actor(unit_leader).await?;
            outgoing::approve(db, &ctx(&reviewer), &reviewer, d.id, &none).await?;
            if stage == 2 {
                continue;
            }
            outgoing::approve(db, &ctx(&leader), &leader, d.id, &none).await?;
            if stage == 3 {
                continue;
            }
            outgoing::issue(db, &ctx(&clerk), &clerk, d.id, &none).await?;
            outgoing::send(db, &ctx(&clerk), &clerk, d.id, &none).await?;
        }
    }
    Ok(count)
}

/// Seeds work dossiers of the Minerals division: open ones holding the documents of their
/// matter, closed ones of last year now due at the archive, and one already handed over.
pub async fn seed_dossiers(db: &Db) -> DbResult<usize> {
    use crate::dossiers::{self, DossierStepInput, NewDossier, NewItem};
    let (existing,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM dossiers")
        .fetch_one(db.pool())
        .await?;
    if existing > 0 {
        return Ok(0);
    }
    let Some(owner) = crate::accounts::by_username(db, "nthuyen").await? else {
        return Ok(0);
    };
    let owner = owner.actor();
    let Some(clerk) = crate::accounts::by_username(db, "vanthu").await? else {
        return Ok(0);
    };
    let clerk = clerk.actor();
    let ctx = |a: &lode_core::authz::Actor| AuditCtx {
        actor_id: Some(a.account_id),
        actor_label: "demo".into(),
        ip: None,
    };
    let incoming = crate::incoming::list(db, &owner, &crate::incoming::Filter::default()).await?;
    let outgoing = crate::outgoing::list(db, &owner, &crate::outgoing::Filter::default()).await?;
    let this_year = chrono::Datelike::year(&crate::incoming::today());
    // (title, retention, opened, closed, handed over)
    let plan: [(&str, &str, String, Option<String>, bool); 5] = [
        (
            "Hồ sơ cấp phép thăm dò khoáng sản đá vôi tại tỉnh Hà Nam",
            "20",
            format!("{}-02-10", this_year - 1),
            Some(format!("{}-06-30", this_year - 1)),
            true,
        ),
        (
            "Hồ sơ thẩm định trữ lượng mỏ cát trắng Quảng Bình",
            "permanent",
            format!("{}-03-05", this_year - 1),
            Some(format!("{}-09-15", this_year - 1)),
            false,
        ),
        (
            "Hồ sơ kiểm tra hoạt động khai thác khoáng sản năm trước",
            "10",
            format!("{}-04-01", this_year - 1),
            Some(format!("{}-10-20", this_year - 1)),
            false,
        ),
        (
            "Hồ sơ xây dựng báo cáo tình hình quản lý khoáng sản",
            "10",
            format!("{this_year}-01-06"),
            None,
            false,
        ),
        (
            "Hồ sơ giải quyết kiến nghị của doanh nghiệp về cấp phép khai thác",
            "20",
            format!("{this_year}-02-02"),
            None,
            false,
        ),
    ];
    let mut docs_in = incoming.items.iter().filter(|d| d.details.is_some());
    let mut docs_out = outgoing.items.iter().filter(|d| d.subject.is_some());
    let mut count = 0;
    for (title, retention, opened, closed, handed) in plan {
        let d = dossiers::open(
            db,
            &ctx(&owner),
            &owner,
            &NewDossier {
                title: title.into(),
                retention: retention.into(),
                opened_on: Some(opened),
                ..Default::default()
            },
        )
        .await?;
        count += 1;
        for _ in 0..3 {
            if let Some(doc) = docs_in.next() {
                let item = NewItem {
                    incoming_id: Some(doc.id),
                    ..Default::default()
                };
                dossiers::attach(db, &ctx(&owner), &owner, d.id, &item).await?;
            }
        }
        if let Some(doc) = docs_out.next() {
            let item = NewItem {
                outgoing_id: Some(doc.id),
                pages: Some(2),
                ..Default::default()
            };
            dossiers::attach(db, &ctx(&owner), &owner, d.id, &item).await?;
        }
        let Some(closed) = closed else { continue };
        let on = DossierStepInput {
            on: Some(closed),
            ..Default::default()
        };
        if dossiers::close(db, &ctx(&owner), &owner, d.id, &on)
            .await
            .is_err()
        {
            continue; // nothing readable to hold: it stays open
        }
        if handed {
            let note = DossierStepInput {
                text: Some("Biên bản giao nhận hồ sơ tài liệu số 03/BB-LT".into()),
                ..Default::default()
            };
            dossiers::hand_over(db, &ctx(&clerk), &clerk, d.id, &note).await?;
        }
    }
    Ok(count)
}

#[cfg(test)]
mod tests {
    #[test]
    fn sample_pdfs_are_well_formed() {
        let pdf = super::sample_pdf(&["Công văn số 12/QĐ-BNNMT", "(bản sao)"]);
        let text = String::from_utf8_lossy(&pdf);
        assert!(text.starts_with("%PDF-1.4") && text.ends_with("%%EOF\n"));
        assert!(
            text.contains("(Cong van so 12/QD-BNNMT) Tj") && text.contains("(\\(ban sao\\)) Tj")
        );
        let startxref: usize = text
            .rsplit("startxref\n")
            .next()
            .and_then(|t| t.lines().next())
            .and_then(|n| n.parse().ok())
            .unwrap_or(0);
        assert!(
            text[startxref..].starts_with("xref"),
            "startxref points at the table"
        );
    }
}
