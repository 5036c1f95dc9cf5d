//! The papers of the one-stop desk (Circular 01/2018/TT-VPCP), made from a dossier and signed
//! by the organisation when lode keeps its key: form 01, the receipt and appointment slip, with
//! the QR code of the dossier's tracking page; 02, the request to complete the dossier; 03, the
//! refusal; 04, the apology with a new date; 05, the processing control sheet; 06, the tracking
//! register (a table, through `lode_print::Register`); and the receipt for a fee paid online.

use crate::applications::Application;
use lode_core::services::{ApplicationChannel, ApplicationStatus};
use lode_print::{Block, Column, Document, Orientation, Weight};
use lode_web::AppState;
use lode_web::error::AppError;

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

/// A slip's place and date as Decree 30 writes them (`Hà Nội, ngày 06 tháng 12 năm 2026`),
/// or the place alone when the day is not known.
fn decree_place_date(iso: Option<&str>) -> String {
    match iso {
        Some(day) => lode_eoffice::web::signing::place_and_date(Some("Hà Nội"), day),
        None => "Hà Nội".into(),
    }
}

/// Who files or pays: the business with the person who acts for it, or the citizen.
fn payer_label(applicant: &lode_db::accounts::Account) -> String {
    match &applicant.organisation_name {
        Some(org) => format!("{org} (người nộp: {})", applicant.full_name),
        None => applicant.full_name.clone(),
    }
}

/// The name a file of dossier `id` is saved under: `prefix` and the dossier's code
/// (`bien-lai-000.00.27.G12-261206-0001`), or its number in lode before it has a code. The
/// caller has checked the reader may have the file.
pub async fn dossier_file_name(
    state: &AppState,
    id: i64,
    prefix: &str,
) -> Result<String, AppError> {
    let code: Option<(Option<String>,)> =
        sqlx::query_as("SELECT code FROM applications WHERE id = $1")
            .bind(id)
            .fetch_optional(state.db.pool())
            .await
            .map_err(lode_db::DbError::from)?;
    Ok(match code.and_then(|(c,)| c) {
        Some(code) => format!("{prefix}-{code}"),
        None => format!("{prefix}-ho-so-{id}"),
    })
}

/// Form 01 of a submitted dossier, signed by the receiving body when it can be. Its QR code
/// and address lead to the tracking page at the configured public address (or the guess from
/// the listening address), never at one a request names: the organisation seals what it says.
pub async fn receipt(state: &AppState, applicant_id: i64, id: i64) -> Result<Vec<u8>, AppError> {
    let (a, p) = crate::applications::with_procedure(&state.db, applicant_id, id).await?;
    let Some(code) = a.code.clone() else {
        return Err(AppError::Conflict(
            "the dossier is not submitted yet: no receipt".into(),
        ));
    };
    if !a.was_accepted() {
        return Err(AppError::Conflict(
            "the dossier is not accepted: the receipt slip is issued on acceptance".into(),
        ));
    }
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
    Ok(lode_eoffice::web::signing::seal_paper(
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
    let who = payer_label(applicant);
    // received: when the desk accepted it (a dossier completed after a request is received
    // then), else when it was filed
    let accepted_at = a
        .events
        .iter()
        .rev()
        .find(|e| e.kind == "accepted")
        .map(|e| e.at.as_str());
    let submitted = accepted_at
        .or(a.submitted_at.as_deref())
        .and_then(lode_db::parse_instant)
        .map(|t| {
            (t + chrono::Duration::hours(lode_db::LOCAL_OFFSET_HOURS))
                .format("%H giờ %M phút, ngày %d/%m/%Y")
                .to_string()
        })
        .unwrap_or_default();
    // the papers held, in the procedure's order (one it no longer lists, after)
    let mut held: Vec<&crate::applications::AppDocument> = a.documents.iter().collect();
    held.sort_by_key(|d| {
        p.documents
            .iter()
            .position(|x| x.key == d.key)
            .unwrap_or(usize::MAX)
    });
    let rows: Vec<Vec<String>> = held
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let name = p
                .documents
                .iter()
                .find(|x| x.key == d.key)
                .map(|x| x.name.clone())
                .unwrap_or_else(|| d.name.clone());
            let form = if a.channel == ApplicationChannel::Desk {
                "Bản chụp (quét) từ bản giấy"
            } else {
                "Bản điện tử"
            };
            vec![(i + 1).to_string(), name, form.into(), "01".into()]
        })
        .collect();
    let deadline = match p.deadline_unit {
        lode_core::calendar::DeadlineUnit::WorkingDays => format!("{} ngày làm việc", p.deadline),
        lode_core::calendar::DeadlineUnit::Days => format!("{} ngày", p.deadline),
    };
    let blocks = vec![
        heading(),
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
                Column::new("Tên giấy tờ", 104.0),
                // "Bản điện tử", "Bản chính" on one line
                Column::new("Hình thức", 36.0),
                Column::new("Số lượng", 20.0),
            ],
            rows,
        },
        Block::Paragraph(format!(
            "Số lượng hồ sơ: 01 (bộ); hình thức nộp: {}; lệ phí, phí: {} đồng.",
            if a.channel == ApplicationChannel::Desk {
                "trực tiếp"
            } else {
                "trực tuyến"
            },
            lode_core::fees::format_dong(i128::from(a.fee_amount.unwrap_or(0)))
        )),
        Block::Paragraph(format!(
            "Thời gian giải quyết hồ sơ theo quy định: {deadline}."
        )),
        Block::Paragraph(format!("Thời gian nhận hồ sơ: {submitted}.")),
        Block::Paragraph(format!(
            "Thời gian trả kết quả giải quyết hồ sơ: ngày {}.",
            day_text(a.due_on.as_deref())
        )),
        // the tracking page's code beside the signature: the slip stays on one page
        Block::QrAndSignature {
            qr: tracking_url(public_url, code),
            caption: format!(
                "Tra cứu tại {}/tra-cuu bằng mã hồ sơ và số điện thoại.",
                public_url.trim_end_matches('/')
            ),
            place_date: decree_place_date(a.received_on.as_deref()),
            position: "NGƯỜI TIẾP NHẬN HỒ SƠ".into(),
            // the officer who accepted it, by name, as form 01 signs it; the body's digital
            // signature stands for the hand's
            name: match (
                a.events
                    .iter()
                    .rev()
                    .find(|e| e.kind == "accepted")
                    .and_then(|e| e.actor.as_deref()),
                a.channel,
            ) {
                (Some(officer), ApplicationChannel::Desk) => {
                    format!("{officer}\n(Ký số bởi cơ quan)")
                }
                (Some(officer), _) => {
                    format!("{officer}\n(Tiếp nhận trực tuyến, ký số bởi cơ quan)")
                }
                (None, ApplicationChannel::Desk) => "(Ký số bởi cơ quan)".into(),
                (None, _) => "(Tiếp nhận trực tuyến, ký số bởi cơ quan)".into(),
            },
        },
    ];
    lode_print::render_on_one_page(&Document {
        title: format!("Giấy tiếp nhận hồ sơ {code}"),
        author: "Cục Địa chất và Khoáng sản Việt Nam".into(),
        orientation: Orientation::A5Portrait,
        blocks,
    })
}

/// The papers made from a dossier's decisions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// 02: what is missing, asked once.
    RequestToComplete,
    /// 03: refused, with the reasons.
    Refusal,
    /// 04: the apology with a new date (the latest one).
    Apology,
    /// 05: the processing control sheet.
    ControlSheet,
}

impl Form {
    pub fn parse(n: &str) -> Option<Self> {
        match n {
            "02" => Some(Form::RequestToComplete),
            "03" => Some(Form::Refusal),
            "04" => Some(Form::Apology),
            "05" => Some(Form::ControlSheet),
            _ => None,
        }
    }

    fn title(self) -> &'static str {
        match self {
            Form::RequestToComplete => "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
            Form::Refusal => "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
            Form::Apology => "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ",
            Form::ControlSheet => "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
        }
    }

    /// The event whose note the form carries.
    fn event(self) -> Option<&'static str> {
        match self {
            Form::RequestToComplete => Some("incomplete"),
            Form::Refusal => Some("refused"),
            Form::Apology => Some("apology"),
            Form::ControlSheet => None,
        }
    }
}

fn heading() -> Block {
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
    }
}

fn local_time(at: &str) -> String {
    lode_db::parse_instant(at)
        .map(|t| {
            (t + chrono::Duration::hours(lode_db::LOCAL_OFFSET_HOURS))
                .format("%H giờ %M, ngày %d/%m/%Y")
                .to_string()
        })
        .unwrap_or_default()
}

/// Renders a paper and signs it with the organisation's seal when lode keeps its key.
async fn sealed(
    state: &AppState,
    title: String,
    blocks: Vec<Block>,
    reason: &'static str,
) -> Result<Vec<u8>, AppError> {
    let pdf = lode_print::render_on_one_page(&Document {
        title,
        author: "Cục Địa chất và Khoáng sản Việt Nam".into(),
        orientation: Orientation::A5Portrait,
        blocks,
    })
    .map_err(|e| AppError::Internal(e.into()))?;
    let root = lode_db::units::root_id(&state.db).await?;
    Ok(
        lode_eoffice::web::signing::seal_paper(state, root, pdf.clone(), reason)
            .await?
            .unwrap_or(pdf),
    )
}

/// Form 02, 03, 04 or 05 of dossier `id` (`applicant` limits it to the applicant's own).
pub async fn form(
    state: &AppState,
    applicant: Option<i64>,
    id: i64,
    form: Form,
) -> Result<Vec<u8>, AppError> {
    let (a, _, applicant_id) = crate::applications::load(&state.db, applicant, id).await?;
    let code = a.code.clone().ok_or(AppError::NotFound)?;
    let mut blocks = vec![
        heading(),
        Block::Title(form.title().into()),
        Block::Subtitle(format!("Mã hồ sơ: {code}")),
    ];
    // a paper written to the applicant says whom it is written to
    if form.event().is_some() {
        let to = lode_db::accounts::get(&state.db, applicant_id).await?;
        blocks.push(Block::Paragraph(format!("Kính gửi: {}", payer_label(&to))));
    }
    blocks.push(Block::Paragraph(format!("Thủ tục: {}", a.procedure_name)));
    // the officer who took the step it records signs by name, under the body's signature
    let mut officer = None;
    match form.event() {
        Some(kind) => {
            let event = a
                .events
                .iter()
                .rev()
                .find(|e| e.kind == kind)
                .ok_or_else(|| AppError::Conflict("the dossier has no such paper".into()))?;
            // papers are in Vietnamese; the step reads "<what it is>: <the officer's words>"
            let note = super::event_note(lode_web::i18n::Lang::Vi, event);
            let words = note.split_once(": ").map_or(note.as_str(), |(_, w)| w);
            let lead = match form {
                Form::RequestToComplete => format!(
                    "Ngày {}, Bộ phận tiếp nhận và trả kết quả nhận được hồ sơ. Qua xem xét, hồ sơ chưa đầy đủ, hợp lệ. Đề nghị bổ sung, hoàn thiện một lần các nội dung sau:",
                    day_text(a.received_on.as_deref())
                ),
                Form::Refusal => "Qua xem xét, hồ sơ không đủ điều kiện tiếp nhận, giải quyết vì lý do sau:".into(),
                _ => "Cơ quan giải quyết hồ sơ thành thật xin lỗi vì hồ sơ chưa được giải quyết đúng hạn. Lý do và ngày hẹn trả kết quả mới:".into(),
            };
            blocks.push(Block::Paragraph(lead));
            blocks.push(Block::Paragraph(words.to_string()));
            if form == Form::Apology {
                blocks.push(Block::Paragraph(format!(
                    "Ngày hẹn trả kết quả mới: {}.",
                    day_text(a.due_on.as_deref())
                )));
            }
            blocks.push(Block::Paragraph(format!(
                "Thời điểm: {}.",
                local_time(&event.at)
            )));
            officer = event.actor.clone();
        }
        None => {
            let sheet = crate::handling::control_sheet(&state.db, applicant, id).await?;
            blocks.push(Block::Paragraph(format!(
                "Ngày nhận hồ sơ: {}; ngày hẹn trả kết quả: {}.",
                day_text(sheet.received_on.as_deref()),
                day_text(sheet.due_on.as_deref())
            )));
            blocks.push(Block::Table {
                columns: vec![Column::new("Giai đoạn", 90.0), Column::new("Hạn", 30.0)],
                rows: sheet
                    .stages
                    .iter()
                    .map(|s| vec![s.name.clone(), day_text(Some(&s.due_on))])
                    .collect(),
            });
            blocks.push(Block::Table {
                columns: vec![
                    Column::new("Bên giao", 34.0),
                    Column::new("Bên nhận", 30.0),
                    Column::new("Thời gian giao, nhận", 34.0),
                    Column::new("Hạn", 25.0),
                    Column::new("Kết quả", 20.0),
                ],
                rows: sheet
                    .rows
                    .iter()
                    .map(|r| {
                        vec![
                            r.giver.clone(),
                            r.receiver.clone(),
                            local_time(&r.at),
                            day_text(Some(&r.due_on)),
                            r.timeliness_label.clone(),
                        ]
                    })
                    .collect(),
            });
        }
    }
    blocks.push(Block::Signature {
        place_date: decree_place_date(Some(&lode_db::today().to_string())),
        position: "BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ".into(),
        name: match officer {
            Some(name) => format!("{name}\n(Ký số bởi cơ quan)"),
            None => "(Ký số bởi cơ quan)".into(),
        },
    });
    sealed(
        state,
        format!("{} {code}", form.title()),
        blocks,
        form.title(),
    )
    .await
}

/// The receipt (biên lai) of a fee paid online.
pub async fn payment_receipt(
    state: &AppState,
    applicant: Option<i64>,
    id: i64,
    payment_id: i64,
) -> Result<Vec<u8>, AppError> {
    let pay = crate::payments::paid(&state.db, applicant, id, payment_id).await?;
    let (a, _, applicant_id) = crate::applications::load(&state.db, applicant, id).await?;
    let payer = lode_db::accounts::get(&state.db, applicant_id).await?;
    let (address, _) = lode_db::accounts::profile(&state.db, applicant_id).await?;
    let code = a.code.clone().unwrap_or_default();
    let paid_on = pay.paid_at.as_deref().and_then(lode_db::local_day_of);
    let mut blocks = vec![
        heading(),
        Block::Title("BIÊN LAI THU PHÍ, LỆ PHÍ".into()),
        Block::Subtitle(format!("Số: {}", pay.receipt().unwrap_or_default())),
        Block::Paragraph(format!("Người nộp tiền: {}", payer_label(&payer))),
        Block::Paragraph(format!(
            "Địa chỉ: {}",
            address
                .as_deref()
                .filter(|a| !a.trim().is_empty())
                .unwrap_or("……")
        )),
    ];
    // an organisation's tax code beside its address, as a receipt names a payer that has one
    if let Some(tax) = &payer.tax_code {
        blocks.push(Block::Paragraph(format!("Mã số thuế: {tax}")));
    }
    blocks.extend([
        Block::Paragraph(format!("Mã hồ sơ: {code}")),
        Block::Paragraph(format!(
            "Nội dung thu: phí, lệ phí thủ tục {}",
            a.procedure_name
        )),
        Block::Paragraph(format!(
            "Số tiền: {} đồng (bằng chữ: {}).",
            lode_core::fees::format_dong(i128::from(pay.amount)),
            lode_core::fees::dong_in_words(i128::from(pay.amount))
        )),
        Block::Paragraph(format!(
            "Hình thức thanh toán: trực tuyến qua cổng thanh toán; mã giao dịch {}, ngân hàng {}; mã đơn hàng {}.",
            pay.gateway_txn.as_deref().unwrap_or(""),
            pay.bank_code.as_deref().unwrap_or(""),
            pay.txn_ref
        )),
        Block::Paragraph(format!(
            "Thời điểm thanh toán: {}.",
            local_time(pay.paid_at.as_deref().unwrap_or(""))
        )),
        Block::Signature {
            place_date: decree_place_date(paid_on.map(|d| d.to_string()).as_deref()),
            position: "ĐƠN VỊ THU".into(),
            name: "(Ký số bởi cơ quan)".into(),
        },
    ]);
    sealed(
        state,
        format!("Biên lai {code}"),
        blocks,
        "Biên lai thu phí, lệ phí",
    )
    .await
}

fn dmy(iso: Option<&str>) -> String {
    iso.and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .map(|d| d.format("%d/%m/%Y").to_string())
        .unwrap_or_default()
}

const ROOT_HEADING: (&str, &str) = (
    "BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG",
    "CỤC ĐỊA CHẤT VÀ KHOÁNG SẢN VIỆT NAM",
);

/// Form 06: the tracking register of the dossiers received from `from` to `to`.
pub fn tracking_register(
    lines: &[crate::handling::RegisterLine],
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
) -> lode_print::Register {
    lode_print::Register {
        parent: ROOT_HEADING.0.into(),
        body: ROOT_HEADING.1.into(),
        title: "Sổ theo dõi hồ sơ".into(),
        subtitle: format!(
            "Từ ngày {} đến ngày {}",
            from.format("%d/%m/%Y"),
            to.format("%d/%m/%Y")
        ),
        columns: vec![
            Column::new("STT", 8.0),
            Column::new("Mã hồ sơ", 38.0),
            Column::new("Thủ tục", 36.0),
            Column::new("Tổ chức, cá nhân", 32.0),
            Column::new("Địa chỉ, số điện thoại", 28.0),
            Column::new("Cơ quan chủ trì", 24.0),
            Column::new("Nhận", 20.0),
            Column::new("Hẹn trả", 20.0),
            Column::new("Chuyển", 20.0),
            Column::new("Có kết quả", 20.0),
            Column::new("Trả", 20.0),
            Column::new("Ghi chú", 24.0),
        ],
        rows: lines
            .iter()
            .enumerate()
            .map(|(i, l)| {
                vec![
                    (i + 1).to_string(),
                    l.code.clone(),
                    l.procedure_name.clone(),
                    l.applicant.clone(),
                    format!(
                        "{} {}",
                        l.address.as_deref().unwrap_or(""),
                        l.phone.as_deref().unwrap_or("")
                    )
                    .trim()
                    .to_string(),
                    l.handling_unit.clone().unwrap_or_default(),
                    dmy(Some(&l.received_on)),
                    dmy(l.due_on.as_deref()),
                    dmy(l.transferred_on.as_deref()),
                    dmy(l.result_on.as_deref()),
                    dmy(l.returned_on.as_deref()),
                    status_words(l.status, l.channel, l.apologies),
                ]
            })
            .collect(),
        orientation: Orientation::Landscape,
    }
}

/// A dossier's status in the register's words.
pub fn status_words(
    status: ApplicationStatus,
    channel: ApplicationChannel,
    apologies: i64,
) -> String {
    use ApplicationStatus as S;
    let s = match status {
        S::Draft => "Hồ sơ nháp",
        S::Submitted => "Chờ tiếp nhận",
        S::Incomplete => "Chờ bổ sung",
        S::Accepted => "Đang giải quyết",
        S::ResultReady => "Có kết quả, chờ trả",
        S::Returned => "Đã trả kết quả",
        S::Refused => "Từ chối",
        S::Withdrawn => "Rút hồ sơ",
    };
    let mut out = format!(
        "{s}; {}",
        if channel == ApplicationChannel::Desk {
            "nộp trực tiếp"
        } else {
            "nộp trực tuyến"
        }
    );
    if apologies > 0 {
        out.push_str(&format!("; xin lỗi {apologies} lần"));
    }
    out
}

/// The year's statistics as a table: one row per month, one per procedure, the total.
pub fn statistics_table(s: &crate::handling::Statistics) -> lode_print::Register {
    let row = |label: String, f: &crate::handling::Figures| {
        vec![
            label,
            f.received_online.to_string(),
            f.received_desk.to_string(),
            f.on_time.to_string(),
            f.late.to_string(),
            f.waiting.to_string(),
            f.in_progress.to_string(),
            f.overdue.to_string(),
            f.refused.to_string(),
            f.withdrawn.to_string(),
        ]
    };
    let mut rows: Vec<Vec<String>> = s
        .months
        .iter()
        .enumerate()
        .map(|(i, f)| row(format!("Tháng {}", i + 1), f))
        .collect();
    rows.extend(s.procedures.iter().map(|p| {
        row(
            format!("{} ({})", p.procedure_name, p.procedure_code),
            &p.total,
        )
    }));
    rows.push(row("Tổng cộng".into(), &s.total));
    lode_print::Register {
        parent: ROOT_HEADING.0.into(),
        body: ROOT_HEADING.1.into(),
        title: "Thống kê tình hình giải quyết hồ sơ thủ tục hành chính".into(),
        subtitle: format!("Năm {}", s.year),
        columns: vec![
            Column::new("Tháng / thủ tục", 60.0),
            Column::new("Nhận trực tuyến", 18.0),
            Column::new("Nhận trực tiếp", 18.0),
            Column::new("Đúng hạn", 16.0),
            Column::new("Quá hạn", 16.0),
            Column::new("Chờ tiếp nhận, bổ sung", 18.0),
            Column::new("Đang giải quyết", 18.0),
            Column::new("Chưa có kết quả, quá hạn", 18.0),
            Column::new("Từ chối", 14.0),
            Column::new("Rút", 12.0),
        ],
        rows,
        orientation: Orientation::Landscape,
    }
}
