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
    // a letter (công văn) carries its subject under the number; other types a title
    if letter.type_code == "CV" {
        blocks.push(Block::Paragraph(letter.subject.to_string()));
        if let Some(to) = letter.addressee {
            blocks.push(Block::Space(6.0));
            blocks.push(Block::Subtitle(format!("Kính gửi: {to}")));
        }
    } else {
        blocks.push(Block::Title(letter.type_name.to_uppercase()));
        blocks.push(Block::Subtitle(letter.subject.to_string()));
    }
    blocks.push(Block::Space(8.0));
    for p in letter.paragraphs {
        blocks.push(Block::Paragraph((*p).to_string()));
    }
    blocks.push(Block::Space(6.0));
    blocks.push(Block::SignatureBox {
        position: letter.position.to_string(),
        name: letter.signer.to_string(),
        reserve: crate::web::signing::SIGNER_FIELD.into(),
    });
    let mut to = String::from("Nơi nhận:");
    for r in letter.recipients {
        to.push_str("\n- ");
        to.push_str(r);
    }
    blocks.push(Block::Paragraph(to));
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
