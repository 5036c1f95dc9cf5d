//! Official letters lode lays out itself, in the form of Decree 30 (Appendix I): the ministry
//! and the body on the left, the national motto on the right, under them the places left for
//! the number and the date of issue, the title and the text, the signature block with room for
//! the signer's and the organisation's marks. Those places are empty form fields under the
//! names the signing flow fills ([`lode_sign::fill`], [`crate::web::signing::SIGNER_FIELD`]), so the
//! letter comes out of numbering and sealing as a finished official document.

use lode_print::{Block, Document, Orientation};

/// What a letter says.
pub struct Letter<'a> {
    /// The ministry above the issuing body, and the body.
    pub parent: &'a str,
    pub body: &'a str,
    /// The document type's code (`CV`, `QĐ`, …) and name (`Quyết định`).
    pub type_code: &'a str,
    pub type_name: &'a str,
    pub subject: &'a str,
    pub paragraphs: &'a [&'a str],
    /// `Kính gửi` of a letter (công văn), or nothing.
    pub addressee: Option<&'a str>,
    /// The signer's position as the block reads (`CỤC TRƯỞNG`, `KT. CỤC TRƯỞNG\nPHÓ CỤC
    /// TRƯỞNG`) and name.
    pub position: &'a str,
    pub signer: &'a str,
    pub recipients: &'a [&'a str],
}

/// The letter as a PDF with its reserved fields.
pub fn render(letter: &Letter) -> anyhow::Result<Vec<u8>> {
    let mut blocks = vec![
        lode_print::official_heading(letter.parent, letter.body),
        Block::Reserved {
            left: Some(lode_sign::fill::NUMBER_FIELD.into()),
            right: Some(lode_sign::fill::DATE_FIELD.into()),
            height: 18.0,
        },
    ];
    // a letter (công văn) carries its subject under the number, after `V/v`; other types a
    // title
    if letter.type_code == "CV" {
        blocks.push(Block::UnderNumber(about(letter.subject)));
        if let Some(to) = letter.addressee {
            blocks.push(Block::Space(6.0));
            blocks.push(Block::Subtitle(format!("Kính gửi: {to}")));
        }
    } else {
        // the type's own name, without what the catalogue adds to tell types apart
        // ("Quyết định (cá biệt)")
        let name = letter
            .type_name
            .split(" (")
            .next()
            .unwrap_or(letter.type_name);
        blocks.push(Block::Title(name.to_uppercase()));
        blocks.push(Block::Subtitle(letter.subject.to_string()));
    }
    let decision = letter.type_code == "QĐ";
    if decision {
        // the authority that decides, before the grounds: the head's title and the body
        let head = letter.position.lines().next().unwrap_or("");
        let head = head.strip_prefix("KT. ").unwrap_or(head);
        blocks.push(Block::Space(4.0));
        blocks.push(Block::Title(format!(
            "{head} {}",
            letter.body.to_uppercase()
        )));
    }
    blocks.push(Block::Space(8.0));
    for p in letter.paragraphs {
        // a decision's `QUYẾT ĐỊNH:` stands centred between its grounds and its articles
        if decision && p.trim().trim_end_matches(':').to_uppercase() == "QUYẾT ĐỊNH" {
            blocks.push(Block::Title("QUYẾT ĐỊNH:".into()));
        } else {
            blocks.push(Block::Paragraph((*p).to_string()));
        }
    }
    blocks.push(Block::Space(6.0));
    let mut beside = vec!["Nơi nhận:".to_string()];
    beside.extend(letter.recipients.iter().map(|r| format!("- {r}")));
    blocks.push(Block::SignatureBox {
        position: letter.position.to_string(),
        name: letter.signer.to_string(),
        reserve: crate::web::signing::SIGNER_FIELD.into(),
        beside,
    });
    let doc = Document {
        title: letter.subject.to_string(),
        author: letter.body.to_string(),
        orientation: Orientation::Portrait,
        blocks,
    };
    let (mut pdf, reserved) = lode_print::render_reserving(&doc)?;
    for r in reserved {
        let rect = r.rect.map(f64::from);
        pdf = if r.name == crate::web::signing::SIGNER_FIELD {
            // the seal over the left third of the signature, as `marks::Placement` places
            // them at the signature block
            let seal = crate::web::marks::seal_beside(rect);
            let pdf = lode_sign::field::add_placeholder(&pdf, &r.name, r.page, rect)?;
            lode_sign::field::add_placeholder(&pdf, crate::web::signing::SEAL_FIELD, r.page, seal)?
        } else {
            lode_sign::fill::add_field(&pdf, &r.name, r.page, rect)?
        };
    }
    Ok(pdf)
}

/// A letter's subject under its number, `V/v` (về việc) before it unless written already.
fn about(subject: &str) -> String {
    let subject = subject.trim();
    if subject.to_lowercase().starts_with("v/v") {
        subject.to_string()
    } else {
        format!("V/v {subject}")
    }
}

/// The signature block's first lines for a signer of `position` (Decree 30, Appendix I): the
/// head signs under the position in capitals; a deputy `KT.` (ký thay) for the head, then
/// their own position. Unknown, the head of the body.
pub fn signature_title(position: Option<&str>) -> String {
    let Some(position) = position.map(str::trim).filter(|p| !p.is_empty()) else {
        return "THỦ TRƯỞNG CƠ QUAN".into();
    };
    let upper = position.to_uppercase();
    match upper.strip_prefix("PHÓ ") {
        Some(head) => format!("KT. {head}\n{upper}"),
        None => upper,
    }
}

/// A draft's `Nơi nhận`: those a letter addresses (`Như trên`), the bodies outside, the units
/// inside, the office's copy with the drafting unit's initials.
pub fn recipients_of(
    addressed: bool,
    outside: &[&str],
    inside: &[&str],
    drafting_unit: &str,
) -> Vec<String> {
    let mut lines = Vec::new();
    if addressed {
        lines.push("Như trên;".to_string());
    }
    lines.extend(
        outside
            .iter()
            .chain(inside)
            .map(|r| format!("{};", r.trim())),
    );
    if drafting_unit.trim().is_empty() {
        lines.push("Lưu: VT.".to_string());
    } else {
        lines.push(format!("Lưu: VT, {}.", drafting_unit.trim()));
    }
    lines
}

/// A draft's text typed on the page, laid out as an official letter of the author's body with
/// the draft's details; the PDF stored as the author's upload, its address returned.
pub async fn compose_draft(
    state: &lode_web::AppState,
    by: DraftedBy<'_>,
    draft: &crate::outgoing::NewDraft,
    composed: &crate::outgoing::Composition,
) -> Result<String, lode_web::error::AppError> {
    use lode_web::error::AppError;
    let body_id = by.body.ids().last().copied().ok_or(AppError::NotFound)?;
    let drafting_id = by.unit;
    let (parent, body) = crate::web::api::registers::unit_heading(state, body_id).await?;
    let type_name = crate::incoming::types(&state.db)
        .await?
        .into_iter()
        .find(|t| t.code == draft.type_code.trim())
        .map(|t| t.name)
        .unwrap_or_else(|| "Công văn".into());
    let all = lode_db::units::all(&state.db).await?;
    let name_of = |id: i64| all.iter().find(|u| u.id == id);
    let inside: Vec<String> = draft
        .recipient_unit_ids
        .iter()
        .filter_map(|id| name_of(*id).map(|u| u.name.clone()))
        .collect();
    let drafting = drafting_id
        .and_then(name_of)
        .map(|u| u.abbreviation.clone())
        .unwrap_or_default();
    // the leader it is presented to signs; none named, the head (who is not a deputy)
    let signers = crate::outgoing::signers(
        &mut state.db.read().await?,
        by.body,
        lode_core::people::Clearance::None,
    )
    .await?;
    let signer = draft
        .presented_to
        .and_then(|id| signers.iter().find(|s| s.id == id))
        .or_else(|| {
            signers.iter().find(|s| {
                !s.position
                    .as_deref()
                    .unwrap_or("")
                    .to_lowercase()
                    .starts_with("phó")
            })
        })
        .or(signers.first());
    let addressed = draft.type_code.trim() == "CV";
    let addressee = composed
        .addressee()
        .filter(|_| addressed)
        .map(str::to_string);
    let outside: Vec<String> = draft
        .recipients_outside
        .as_deref()
        .unwrap_or("")
        .lines()
        .map(str::trim)
        .filter(|o| !o.is_empty() && Some(*o) != addressee.as_deref())
        .map(str::to_string)
        .collect();
    let owned = (
        parent,
        body,
        draft.type_code.trim().to_string(),
        type_name,
        draft.subject.trim().to_string(),
        composed
            .paragraphs()
            .into_iter()
            .map(str::to_string)
            .collect::<Vec<_>>(),
        addressee,
        signature_title(signer.and_then(|s| s.position.as_deref())),
        signer.map(|s| s.full_name.clone()).unwrap_or_default(),
        recipients_of(
            addressed && composed.addressee().is_some(),
            &outside.iter().map(String::as_str).collect::<Vec<_>>(),
            &inside.iter().map(String::as_str).collect::<Vec<_>>(),
            &drafting,
        ),
    );
    // laid out off the request's threads: a long text takes a while
    let pdf = tokio::task::spawn_blocking(move || {
        let (parent, body, code, name, subject, paragraphs, addressee, position, signer, to) =
            &owned;
        let paragraphs: Vec<&str> = paragraphs.iter().map(String::as_str).collect();
        let recipients: Vec<&str> = to.iter().map(String::as_str).collect();
        render(&Letter {
            parent,
            body,
            type_code: code,
            type_name: name,
            subject,
            paragraphs: &paragraphs,
            addressee: addressee.as_deref(),
            position,
            signer,
            recipients: &recipients,
        })
    })
    .await
    .map_err(|e| AppError::Internal(e.into()))?;
    let pdf = match pdf {
        Ok(pdf) => pdf,
        Err(e) => {
            tracing::warn!(error = %e, "a composed draft could not be laid out");
            let mut errors = lode_core::validation::FieldErrors::new();
            errors.add("composed_text", "not_laid_out", "could not be laid out");
            return Err(AppError::Invalid(errors));
        }
    };
    lode_web::files::store_file(
        state,
        bytes::Bytes::from(pdf),
        crate::incoming::PDF,
        Some(by.author),
    )
    .await
}

/// Whose letter a composed draft is: the body that issues it, the unit that drafts it (its
/// initials in `Nơi nhận`), and the author, whose upload its PDF is.
#[derive(Clone, Copy)]
pub struct DraftedBy<'a> {
    pub body: &'a lode_core::org::UnitPath,
    pub unit: Option<i64>,
    pub author: i64,
}

/// A draft of the demonstration organisation, for the director to sign, laid out as an
/// official letter (or, should the layout fail, a plain page with the subject).
pub fn demo_draft(draft: &crate::demo::DemoLetter) -> Vec<u8> {
    let code = draft.type_code;
    let type_name = match code {
        "QĐ" => "Quyết định",
        "GM" => "Giấy mời",
        "KH" => "Kế hoạch",
        "TB" => "Thông báo",
        "BC" => "Báo cáo",
        _ => "Công văn",
    };
    let recipients: Vec<&str> = draft.recipients.iter().map(String::as_str).collect();
    let letter = Letter {
        parent: "Bộ Nông nghiệp và Môi trường",
        body: "Cục Địa chất và Khoáng sản Việt Nam",
        type_code: code,
        type_name,
        subject: draft.subject,
        paragraphs: &[
            "Thực hiện chương trình công tác năm của Cục Địa chất và Khoáng sản Việt Nam, Cục \
             thông báo nội dung nêu trên để các đơn vị biết và triển khai thực hiện.",
            "Đề nghị các đơn vị nghiên cứu, thực hiện và báo cáo kết quả về Cục (qua Văn phòng \
             Cục) đúng thời hạn. Trong quá trình thực hiện, nếu có vướng mắc, đề nghị phản ánh \
             kịp thời để được hướng dẫn.",
        ],
        addressee: Some(draft.addressee),
        position: "CỤC TRƯỞNG",
        signer: "Trần Văn Hùng",
        recipients: &recipients,
    };
    render(&letter).unwrap_or_else(|e| {
        tracing::warn!(error = %e, "the demo letter could not be laid out");
        lode_db::demo::sample_pdf(&[code, draft.subject])
    })
}

#[cfg(test)]
mod tests {
    /// The head signs under their position; a deputy for the head (`KT.`), then as
    /// themselves; a position unknown, as the head of the body.
    #[test]
    fn the_signature_block_says_for_whom_the_signer_signs() {
        use super::signature_title;
        assert_eq!(signature_title(Some("Cục trưởng")), "CỤC TRƯỞNG");
        assert_eq!(
            signature_title(Some("Phó Cục trưởng")),
            "KT. CỤC TRƯỞNG\nPHÓ CỤC TRƯỞNG"
        );
        assert_eq!(
            signature_title(Some(" Liên đoàn trưởng ")),
            "LIÊN ĐOÀN TRƯỞNG"
        );
        assert_eq!(signature_title(None), "THỦ TRƯỞNG CƠ QUAN");
        assert_eq!(signature_title(Some("")), "THỦ TRƯỞNG CƠ QUAN");
    }

    /// A decision is titled by its type alone, the authority that decides under its subject,
    /// its `QUYẾT ĐỊNH:` centred between its grounds and its articles.
    #[test]
    fn a_decision_names_its_authority() {
        let pdf = super::render(&super::Letter {
            parent: "Bộ Nông nghiệp và Môi trường",
            body: "Cục Địa chất và Khoáng sản Việt Nam",
            type_code: "QĐ",
            type_name: "Quyết định (cá biệt)",
            subject: "Về việc thành lập Tổ kiểm tra",
            paragraphs: &[
                "Căn cứ Luật Địa chất và khoáng sản;",
                "Quyết định:",
                "Điều 1. Thành lập Tổ kiểm tra.",
            ],
            addressee: None,
            position: "KT. CỤC TRƯỞNG\nPHÓ CỤC TRƯỞNG",
            signer: "Nguyễn Thị Hồng Lan",
            recipients: &["Như Điều 1;", "Lưu: VT."],
        })
        .expect("laid out");
        let path = std::env::temp_dir().join(format!("lode-decision-{}.pdf", std::process::id()));
        std::fs::write(&path, &pdf).expect("written");
        let out = std::process::Command::new("pdftotext")
            .args(["-layout"])
            .arg(&path)
            .arg("-")
            .output()
            .expect("pdftotext (scripts/test-deps.sh installs it)");
        let _ = std::fs::remove_file(&path);
        let text = String::from_utf8_lossy(&out.stdout);
        let line = |t: &str| text.lines().position(|l| l.trim() == t);
        assert!(!text.contains("CÁ BIỆT"), "{text}");
        assert!(line("QUYẾT ĐỊNH").is_some(), "{text}");
        assert!(
            line("CỤC TRƯỞNG CỤC ĐỊA CHẤT VÀ KHOÁNG SẢN VIỆT NAM") < line("QUYẾT ĐỊNH:")
                && line("QUYẾT ĐỊNH:").is_some(),
            "{text}"
        );
        // centred: as far from the left as the title
        let indent = |t: &str| {
            text.lines()
                .find(|l| l.trim() == t)
                .map(|l| l.len() - l.trim_start().len())
                .unwrap_or(0)
        };
        assert!(indent("QUYẾT ĐỊNH:") > 20, "{text}");
    }

    /// `Nơi nhận`: `Như trên` only for a letter that addresses someone, the office's copy
    /// last with the drafting unit's initials.
    #[test]
    fn the_recipients_end_with_the_offices_copy() {
        use super::recipients_of;
        assert_eq!(
            recipients_of(true, &["Sở A"], &["Liên đoàn B"], "VP"),
            ["Như trên;", "Sở A;", "Liên đoàn B;", "Lưu: VT, VP."]
        );
        assert_eq!(recipients_of(false, &[], &[], " "), ["Lưu: VT."]);
    }

    /// A letter leaves the number, the date and both marks as empty fields of the reserved
    /// names, on its one page, the number above the signature.
    #[test]
    fn a_letter_reserves_the_number_the_date_and_the_marks() {
        let pdf = super::demo_draft(&crate::demo::DemoLetter {
            type_code: "KH",
            subject: "Kế hoạch kiểm tra hoạt động khoáng sản năm 2027",
            addressee: "Các đơn vị trực thuộc Cục",
            recipients: &["Như trên;".to_string(), "Lưu: VT.".to_string()],
        });
        let fields = lode_sign::fill::reserved_fields(&pdf).expect("a PDF");
        // read-only to a reader's viewer: lode alone writes them
        assert!(
            lode_sign::object::find(&pdf, b"/Ff 1").is_some()
                || lode_sign::object::find(&pdf, b"/Ff\n1").is_some(),
            "the fields are read-only"
        );
        let names: Vec<&str> = fields.iter().map(|f| f.0.as_str()).collect();
        assert_eq!(
            names,
            [lode_sign::fill::NUMBER_FIELD, lode_sign::fill::DATE_FIELD]
        );
        let signer = lode_sign::field::placeholder(&pdf, crate::web::signing::SIGNER_FIELD)
            .expect("a PDF")
            .expect("the signer's box");
        assert!(
            lode_sign::field::placeholder(&pdf, crate::web::signing::SEAL_FIELD)
                .expect("a PDF")
                .is_some()
        );
        assert!(fields[0].1[1] > signer[3], "the number above the signature");
        assert!(
            fields[1].1[0] > fields[0].1[2] - 1.0,
            "the date right of the number"
        );
    }
}
