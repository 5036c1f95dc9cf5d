//! The papers of the one-stop desk (Circular 01/2018/TT-VPCP), made from a dossier: form 01,
//! the receipt and appointment slip (giấy tiếp nhận hồ sơ và hẹn trả kết quả), with the QR
//! code of the dossier's tracking page, signed by the organisation when lode keeps its key.

use crate::AppState;
use crate::error::AppError;
use lode_db::applications::Application;
use lode_print::{Block, Column, Document, Orientation, Weight};

/// The tracking page's address for a dossier (what the QR code holds).
pub fn tracking_url(base: &str, code: &str) -> String {
    format!("{}/tra-cuu?code={code}", base.trim_end_matches('/'))
}

fn day_text(iso: Option<&str>) -> String {
    match iso.and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()) {
        Some(d) => d.format("%d/%m/%Y").to_string(),
        None => "……".into(),
    }
}

/// Form 01 of a submitted dossier, signed by the receiving body when it can be.
pub async fn receipt(state: &AppState, applicant_id: i64, id: i64) -> Result<Vec<u8>, AppError> {
    let (a, p) = lode_db::applications::with_procedure(&state.db, applicant_id, id).await?;
    let Some(code) = a.code.clone() else {
        return Err(AppError::Conflict(
            "the dossier is not submitted yet: no receipt".into(),
        ));
    };
    let applicant = lode_db::accounts::get(&state.db, applicant_id).await?;
    let (address, _) = lode_db::accounts::profile(&state.db, applicant_id).await?;
    let pdf = receipt_pdf(
        &a,
        &p,
        &applicant,
        address.as_deref(),
        &code,
        &state.config.public_url,
    )
    .map_err(|e| AppError::Internal(e.into()))?;
    let root = lode_db::units::root_id(&state.db).await?;
    Ok(crate::signing::seal_paper(
        state,
        root,
        pdf.clone(),
        "Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
    )
    .await?
    .unwrap_or(pdf))
}

fn receipt_pdf(
    a: &Application,
    p: &lode_core::services::Procedure,
    applicant: &lode_db::accounts::Account,
    address: Option<&str>,
    code: &str,
    public_url: &str,
) -> Result<Vec<u8>, lode_print::PdfError> {
    let who = match &applicant.organisation_name {
        Some(org) => format!("{org} (người nộp: {})", applicant.full_name),
        None => applicant.full_name.clone(),
    };
    let submitted = a
        .submitted_at
        .as_deref()
        .and_then(lode_db::parse_instant)
        .map(|t| {
            (t + chrono::Duration::hours(lode_db::LOCAL_OFFSET_HOURS))
                .format("%H giờ %M phút, ngày %d/%m/%Y")
                .to_string()
        })
        .unwrap_or_default();
    let rows: Vec<Vec<String>> = a
        .documents
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let name = p
                .documents
                .iter()
                .find(|x| x.key == d.key)
                .map(|x| x.name.clone())
                .unwrap_or_else(|| d.name.clone());
            vec![(i + 1).to_string(), name, "Bản điện tử".into(), "01".into()]
        })
        .collect();
    let deadline = match p.deadline_unit {
        lode_core::calendar::DeadlineUnit::WorkingDays => format!("{} ngày làm việc", p.deadline),
        lode_core::calendar::DeadlineUnit::Days => format!("{} ngày", p.deadline),
    };
    let blocks = vec![
        Block::OfficialHeading {
            left: vec![
                (
                    "CỤC ĐỊA CHẤT VÀ KHOÁNG SẢN VIỆT NAM".into(),
                    Weight::Regular,
                ),
                ("BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ".into(), Weight::Bold),
            ],
            right: vec![
                ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM".into(), Weight::Bold),
                ("Độc lập - Tự do - Hạnh phúc".into(), Weight::Bold),
            ],
        },
        Block::Title("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ".into()),
        Block::Subtitle(format!("Mã hồ sơ: {code}")),
        Block::Paragraph(format!("Tiếp nhận hồ sơ của: {who}")),
        Block::Paragraph(format!("Địa chỉ: {}", address.unwrap_or("……"))),
        Block::Paragraph(format!(
            "Số điện thoại: {}    Thư điện tử: {}",
            a.contact_phone.as_deref().unwrap_or("……"),
            applicant.email.as_deref().unwrap_or("……")
        )),
        Block::Paragraph(format!(
            "Nội dung yêu cầu giải quyết: {} (mã thủ tục {})",
            p.name, p.code
        )),
        Block::Paragraph("Thành phần hồ sơ nộp gồm:".into()),
        Block::Table {
            columns: vec![
                Column::new("STT", 10.0),
                Column::new("Tên giấy tờ", 110.0),
                Column::new("Hình thức", 30.0),
                Column::new("Số lượng", 20.0),
            ],
            rows,
        },
        Block::Paragraph("Số lượng hồ sơ: 01 (bộ); hình thức nộp: trực tuyến.".into()),
        Block::Paragraph(format!(
            "Thời gian giải quyết hồ sơ theo quy định: {deadline}."
        )),
        Block::Paragraph(format!("Thời gian nhận hồ sơ: {submitted}.")),
        Block::Paragraph(format!(
            "Thời gian trả kết quả giải quyết hồ sơ: ngày {}.",
            day_text(a.due_on.as_deref())
        )),
        Block::Paragraph(format!(
            "Lệ phí, phí: {} đồng.",
            lode_core::fees::format_dong(i128::from(a.fee_amount.unwrap_or(0)))
        )),
        Block::QrCode {
            text: tracking_url(public_url, code),
            size: 90.0,
            caption: format!(
                "Tra cứu tình trạng hồ sơ tại {}/tra-cuu với mã hồ sơ và số điện thoại đã khai.",
                public_url.trim_end_matches('/')
            ),
        },
        Block::Signature {
            place_date: format!("Hà Nội, ngày {}", day_text(a.received_on.as_deref())),
            position: "NGƯỜI TIẾP NHẬN HỒ SƠ".into(),
            name: "(Tiếp nhận trực tuyến, ký số bởi cơ quan)".into(),
        },
    ];
    lode_print::render(&Document {
        title: format!("Giấy tiếp nhận hồ sơ {code}"),
        author: "Cục Địa chất và Khoáng sản Việt Nam".into(),
        orientation: Orientation::Portrait,
        blocks,
    })
}
