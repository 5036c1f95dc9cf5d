//! The paper a decided data submission ends with: the receipt of the data accepted into the
//! archive (biên bản giao nhận), or the notice returning them with the reasons, numbered,
//! sealed by the organisation with the key lode keeps, and made the dossier's result. Run as a
//! job (`submissions::PAPER_JOB`), since sealing needs the server's keys.

use crate::submissions::{self, CHECKS, Submission, SubmissionState};
use lode_print::{Block, Column, Document, Orientation};
use lode_web::AppState;

/// Makes, seals and keeps the paper of submission `id`, then returns it to the submitter as
/// the dossier's result. A retry after the paper was kept only issues it.
pub async fn make(state: &AppState, id: i64) -> anyhow::Result<()> {
    let (s, record) = submissions::paper_order(&state.db, id).await?;
    if s.paper_sha256.is_none() {
        let root =
            lode_db::units::get(&state.db, lode_db::units::root_id(&state.db).await?).await?;
        let place = root.place.clone();
        let decided_on = s
            .decided_at
            .as_deref()
            .and_then(lode_db::local_day_of)
            .unwrap_or_else(crate::today)
            .to_string();
        let l = lode_web::i18n::Lang::Vi;
        let pdf = paper(&s, record.as_ref(), place.as_deref(), &decided_on, &|k| {
            l.t(&format!("archive.check.{k}")).to_string()
        })?;
        let reason = match s.state {
            SubmissionState::Accepted => "Biên bản giao nhận tài liệu, dữ liệu",
            _ => "Thông báo trả lại tài liệu, dữ liệu",
        };
        let signed = lode_eoffice::web::signing::seal_paper(state, root.id, pdf, reason)
            .await
            .map_err(|e| anyhow::anyhow!("sealing the paper: {e:?}"))?
            // an official paper is sealed: without the organisation's key the job waits and
            // fails, for an administrator to put back once the seal is set up
            .ok_or_else(|| anyhow::anyhow!("the organisation has no key to seal the paper with"))?;
        let sha =
            lode_web::files::store_file(state, bytes::Bytes::from(signed), "application/pdf", None)
                .await
                .map_err(|e| anyhow::anyhow!("keeping the paper: {e:?}"))?;
        submissions::keep_paper(&state.db, id, &sha).await?;
    }
    submissions::issue_paper(&state.db, id).await?;
    Ok(())
}

/// The paper's PDF: `check` gives a check's words.
fn paper(
    s: &Submission,
    record: Option<&crate::catalogue::Record>,
    place: Option<&str>,
    decided_on: &str,
    check: &dyn Fn(&str) -> String,
) -> Result<Vec<u8>, lode_print::PdfError> {
    let accepted = s.state == SubmissionState::Accepted;
    let number = s.paper_number.clone().unwrap_or_default();
    let title = if accepted {
        "BIÊN BẢN GIAO NHẬN TÀI LIỆU, DỮ LIỆU ĐỊA CHẤT, KHOÁNG SẢN"
    } else {
        "THÔNG BÁO TRẢ LẠI TÀI LIỆU, DỮ LIỆU GIAO NỘP"
    };
    let value = |k: &str| s.values.get(k).cloned().unwrap_or_default();
    let files: Vec<Vec<String>> = s
        .files
        .iter()
        .enumerate()
        .map(|(i, f)| {
            vec![
                (i + 1).to_string(),
                f.title.clone(),
                f.name.clone(),
                format!("{} KB", (f.size + 1023) / 1024),
            ]
        })
        .collect();
    let checks: Vec<Vec<String>> = CHECKS
        .iter()
        .enumerate()
        .map(|(i, c)| {
            vec![
                (i + 1).to_string(),
                check(c),
                if s.checked.iter().any(|x| x == c) {
                    "Đạt".into()
                } else {
                    "Chưa đạt".into()
                },
            ]
        })
        .collect();
    let mut blocks = vec![
        lode_print::official_heading(
            "Cục Địa chất và Khoáng sản Việt Nam",
            "Trung tâm Thông tin, Lưu trữ và Dữ liệu Địa chất",
        ),
        Block::Subtitle(format!("Số: {number}")),
        Block::Title(title.into()),
        Block::Paragraph(format!(
            "Bên giao: {} (hồ sơ {}).",
            s.submitter, s.code
        )),
        Block::Paragraph(
            "Bên nhận: Trung tâm Thông tin, Lưu trữ và Dữ liệu Địa chất, Cục Địa chất và Khoáng sản Việt Nam."
                .into(),
        ),
        Block::Paragraph(format!(
            "Tài liệu giao nộp: {}; số tập: {}; số bản vẽ: {}.",
            value("report_title"),
            value("volumes"),
            if value("drawings_count").is_empty() {
                "0".into()
            } else {
                value("drawings_count")
            }
        )),
        Block::Paragraph("Các tệp đã nhận:".into()),
        Block::Table {
            columns: vec![
                Column::new("STT", 10.0),
                Column::new("Thành phần", 80.0),
                Column::new("Tệp", 60.0),
                Column::new("Dung lượng", 25.0),
            ],
            rows: files,
        },
        Block::Paragraph("Kết quả kiểm tra:".into()),
        Block::Table {
            columns: vec![
                Column::new("STT", 10.0),
                Column::new("Nội dung kiểm tra", 130.0),
                Column::new("Kết quả", 30.0),
            ],
            rows: checks,
        },
    ];
    match (accepted, record) {
        (true, Some(r)) => blocks.push(Block::Paragraph(format!(
            "Tài liệu, dữ liệu đã được thu nhận vào lưu trữ địa chất với số lưu trữ {}: {}.",
            r.entry.archive_number, r.entry.title
        ))),
        _ => {
            blocks.push(Block::Paragraph(format!(
                "Tài liệu, dữ liệu chưa được thu nhận, vì: {}",
                s.reasons.clone().unwrap_or_default()
            )));
            blocks.push(Block::Paragraph(
                "Đề nghị tổ chức, cá nhân hoàn thiện và giao nộp lại theo thủ tục giao nộp, thu nhận dữ liệu địa chất, khoáng sản."
                    .into(),
            ));
        }
    }
    blocks.push(Block::Signature {
        place_date: lode_eoffice::web::signing::place_and_date(place, decided_on),
        position: "ĐẠI DIỆN BÊN NHẬN".into(),
        name: "(Ký số bởi cơ quan)".into(),
    });
    lode_print::render(&Document {
        title: format!("{title} số {number}"),
        author: "Cục Địa chất và Khoáng sản Việt Nam".into(),
        orientation: Orientation::Portrait,
        blocks,
    })
}
