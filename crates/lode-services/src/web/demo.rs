//! The demo's dossiers at the one-stop desk, filed online by the demo's mining company as it
//! would: its papers uploaded, those the procedure wants signed signed with the company's
//! certificate (issued by lode's CA, which the demo trusts), the dossier submitted. One waits
//! for the desk's check; the other, whose application arrived unsigned, was sent back to be
//! completed, as the desk does. Seeded once, after the demo's certificates (the CA must be
//! there to sign).

use lode_web::AppState;
use lode_web::error::AppError;
use std::collections::BTreeMap;

/// The exploration licence, the procedure both dossiers ask for.
const PROCEDURE: &str = "2.001816";

/// One dossier of the demo: what its form says, whether its papers are signed, and what the
/// desk did with it (nothing yet, or a request to complete it, with its reason).
struct Planned {
    values: [(&'static str, &'static str); 5],
    signed: bool,
    asked_to_complete: Option<&'static str>,
}

const PLANNED: [Planned; 2] = [
    Planned {
        values: [
            ("mineral", "Đá vôi làm vật liệu xây dựng thông thường"),
            ("location", "Xã Kim Bảng, tỉnh Ninh Bình"),
            ("area_ha", "120"),
            (
                "coordinates",
                r#"{"meridian":"105","zone":"3","points":"1 2273000 589000\n2 2273000 590200\n3 2272000 590200\n4 2272000 589000"}"#,
            ),
            ("exploration_cost", "4500000000"),
        ],
        signed: true,
        asked_to_complete: None,
    },
    Planned {
        values: [
            ("mineral", "Đá granit làm đá ốp lát"),
            ("location", "Xã Thanh Liêm, tỉnh Ninh Bình"),
            ("area_ha", "96"),
            (
                "coordinates",
                r#"{"meridian":"105","zone":"3","points":"1 2266000 592000\n2 2266000 593200\n3 2265200 593200\n4 2265200 592000"}"#,
            ),
            ("exploration_cost", "3200000000"),
        ],
        signed: false,
        asked_to_complete: Some(
            "Đơn đề nghị cấp giấy phép thăm dò và đề án thăm dò chưa được ký số. Đề nghị doanh nghiệp ký số hai văn bản này và nộp lại.",
        ),
    },
];

/// Files the demo's dossiers when its mining company, its one-stop officer and lode's CA are
/// there and the company has filed none for the procedure yet. Returns how many were filed.
pub async fn seed(state: &AppState) -> Result<usize, AppError> {
    let db = &state.db;
    let (Some(business), Some(desk), Some(ca)) = (
        lode_db::accounts::by_username(db, "minhphat").await?,
        lode_db::accounts::by_username(db, "motcua").await?,
        state.services.ca.clone(),
    ) else {
        return Ok(0);
    };
    let filed: (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM applications a JOIN procedures p ON p.id = a.procedure_id
         WHERE a.applicant_id = $1 AND p.code = $2",
    )
    .bind(business.id)
    .bind(PROCEDURE)
    .fetch_one(db.pool())
    .await
    .map_err(lode_db::DbError::from)?;
    if filed.0 > 0 {
        return Ok(0);
    }
    // the company's own certificate, in its name, as a business holds one from its provider
    let holder = business
        .organisation_name
        .clone()
        .unwrap_or_else(|| business.full_name.clone());
    let stem = format!("applicant-{}", business.id);
    let signer = tokio::task::spawn_blocking(move || match ca.signer(&stem) {
        Ok(signer) => Ok(signer),
        Err(_) => ca.issue(&holder, &holder, lode_sign::ca::Purpose::Signing, &stem),
    })
    .await
    .map_err(|e| AppError::Internal(e.into()))?
    .map_err(|e| AppError::Internal(e.into()))?;
    // the papers the procedure wants signed, as its catalogue says
    let Some(procedure) = crate::catalogue::procedure(db, PROCEDURE, lode_db::today()).await?
    else {
        return Ok(0);
    };
    let must_sign = |key: &str| {
        procedure
            .procedure
            .documents
            .iter()
            .any(|d| d.key == key && d.must_sign)
    };
    let mut n = 0;
    for plan in &PLANNED {
        let values: BTreeMap<String, String> = plan
            .values
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let mut filed = Vec::new();
        for (key, name, lines) in papers(plan) {
            let mut pdf = lode_print::page_of_lines(name, &lines)
                .unwrap_or_else(|_| lode_db::demo::sample_pdf(&lines));
            if plan.signed && must_sign(key) {
                pdf = sign(pdf, &signer)?;
            }
            filed.push(crate::demo::Paper { key, name, pdf });
        }
        let decided = plan.asked_to_complete.map(|reason| crate::demo::Decided {
            officer: &desk,
            decision: crate::handling::DeskDecision::AskToComplete,
            reason,
        });
        crate::demo::file_online(
            db,
            &state.blobs,
            &business,
            (PROCEDURE, &values),
            filed,
            decided,
        )
        .await?;
        n += 1;
    }
    Ok(n)
}

/// A dossier's papers: each required one, by its key, with the file's name and its lines.
fn papers(plan: &Planned) -> [(&'static str, &'static str, Vec<&'static str>); 4] {
    let value = |key: &str| {
        plan.values
            .iter()
            .find(|(k, _)| *k == key)
            .map_or("", |(_, v)| *v)
    };
    let (mineral, location) = (value("mineral"), value("location"));
    [
        (
            "application",
            "don-de-nghi-cap-giay-phep-tham-do.pdf",
            vec![
                "CÔNG TY CỔ PHẦN KHOÁNG SẢN MINH PHÁT",
                "ĐƠN ĐỀ NGHỊ CẤP GIẤY PHÉP THĂM DÒ KHOÁNG SẢN",
                "Kính gửi: Cục Địa chất và Khoáng sản Việt Nam",
                mineral,
                location,
            ],
        ),
        (
            "exploration_plan",
            "de-an-tham-do.pdf",
            vec![
                "ĐỀ ÁN THĂM DÒ KHOÁNG SẢN",
                mineral,
                "Chương 1. Khái quát khu vực thăm dò",
                "Chương 2. Phương pháp và khối lượng thăm dò",
            ],
        ),
        (
            "area_map",
            "ban-do-khu-vuc-tham-do.pdf",
            vec![
                "BẢN ĐỒ KHU VỰC THĂM DÒ KHOÁNG SẢN",
                location,
                "Hệ tọa độ VN-2000",
            ],
        ),
        (
            "capital_proof",
            "xac-nhan-von-chu-so-huu.pdf",
            vec![
                "NGÂN HÀNG THƯƠNG MẠI CỔ PHẦN NGOẠI THƯƠNG VIỆT NAM",
                "XÁC NHẬN SỐ DƯ TÀI KHOẢN",
                "Công ty Cổ phần Khoáng sản Minh Phát",
            ],
        ),
    ]
}

/// A paper with the company's signature, as its signing software writes one.
fn sign(pdf: Vec<u8>, signer: &lode_sign::signer::Signer) -> Result<Vec<u8>, AppError> {
    let spec = lode_sign::field::FieldSpec {
        name: "ChuKyDoanhNghiep".into(),
        time: lode_sign::pdf_date(std::time::SystemTime::now()),
        reason: Some("Ký đơn, hồ sơ đề nghị cấp giấy phép".into()),
        location: Some("Hà Nội".into()),
        contents_size: lode_sign::field::DEFAULT_CONTENTS,
    };
    lode_sign::cms::sign_pdf(&pdf, signer, &spec).map_err(|e| AppError::Internal(e.into()))
}
