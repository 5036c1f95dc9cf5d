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
    &'static str,
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
    ("nthuyen", "Nguyễn Thị Huyền", "Chuyên viên chính", "000.06.27.G12", &["specialist", "cadastre_officer"], "confidential"),
    ("lvtoan", "Lê Văn Toàn", "Chuyên viên", "000.06.27.G12", &["specialist"], "none"),
    ("mthang", "Mai Thu Hằng", "Chuyên viên", "000.06.27.G12", &["specialist", "one_stop_officer"], "none"),
    ("pvson", "Phạm Văn Sơn", "Trưởng phòng", "000.07.27.G12", &["unit_leader"], "secret"),
    ("dtnga", "Đinh Thị Nga", "Chuyên viên", "000.07.27.G12", &["specialist"], "none"),
    ("nvphuc", "Nguyễn Văn Phúc", "Giám đốc Trung tâm", "000.08.27.G12", &["unit_leader", "archivist"], "secret"),
    ("tthuong", "Trần Thị Thương", "Lưu trữ viên", "000.08.27.G12", &["specialist", "archivist"], "confidential"),
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

/// (kind, username, full name, e-mail, organisation, tax code, address)
#[rustfmt::skip]
const EXTERNAL: &[DemoExternal] = &[
    ("business", "minhphat", "Nguyễn Đức Phát", "phapche@minhphat.example.vn", Some("Công ty Cổ phần Khoáng sản Minh Phát"), Some("0102345677"), "Số 12 phố Trần Hưng Đạo, phường Hoàn Kiếm, Hà Nội"),
    ("business", "dahoabinh", "Quách Thị Hòa", "lienhe@dahoabinh.example.vn", Some("Công ty TNHH Đá xây dựng Hòa Bình"), Some("0304567898"), "Tổ 5, phường Hòa Bình, tỉnh Phú Thọ"),
    ("business", "titannamtrung", "Võ Minh Trung", "vanphong@titan-nt.example.vn", Some("Công ty TNHH Titan Nam Trung"), Some("3105678905"), "Thôn Tân Lợi, xã Hàm Thuận, tỉnh Lâm Đồng"),
    ("citizen", "nvtam", "Nguyễn Văn Tâm", "nvtam@example.vn", None, None, "Số 8 ngõ 15 phố Láng Hạ, phường Đống Đa, Hà Nội"),
];

/// True when the store holds no unit yet.
pub async fn is_empty(db: &Db) -> DbResult<bool> {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM units")
        .fetch_one(db.pool())
        .await?;
    Ok(n == 0)
}

/// Where the bodies that write their own documents have their seat.
const PLACES: &[(&str, &str)] = &[
    ("000.00.27.G12", "Hà Nội"),
    ("000.10.27.G12", "Hà Nội"),
    ("000.11.27.G12", "Đà Nẵng"),
    ("000.12.27.G12", "TP. Hồ Chí Minh"),
];

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
    for (org_id, place) in PLACES {
        if let Some(id) = ids.get(org_id) {
            let change = units::UnitChange {
                place: Some((*place).into()),
                ..Default::default()
            };
            units::update(db, &ctx, *id, &change).await?;
        }
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
    for (kind, username, full_name, email, org, tax, address) in EXTERNAL {
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
                address: Some((*address).into()),
                representative: org.map(|_| (*full_name).into()),
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
