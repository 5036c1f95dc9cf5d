//! The PDFs lode writes, read back by the tools everyone uses: `qpdf --check` finds the file
//! sound, `pdffonts` sees every font embedded, `pdftotext` gets the Vietnamese text back.

use lode_print::{Block, Column, Document, Orientation, official_heading, render};
use std::process::Command;

fn tool(name: &str, args: &[&str]) -> anyhow::Result<String> {
    let out = Command::new(name)
        .args(args)
        .output()
        .map_err(|e| anyhow::anyhow!("{name} not found ({e}): run scripts/test-deps.sh"))?;
    anyhow::ensure!(
        out.status.success(),
        "{name} {args:?} failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

fn register(rows: usize) -> Document {
    let subjects = [
        "V/v báo cáo kết quả thăm dò khoáng sản đá vôi xi măng tại xã Thanh Nghị, huyện Thanh Liêm, tỉnh Hà Nam",
        "Quyết định phê duyệt trữ lượng khoáng sản",
        "Tờ trình về việc cấp giấy phép khai thác cát, sỏi lòng sông Hồng đoạn qua tỉnh Yên Bái",
    ];
    Document {
        title: "Sổ đăng ký văn bản đến".into(),
        author: "Cục Địa chất và Khoáng sản Việt Nam".into(),
        orientation: Orientation::Landscape,
        blocks: vec![
            official_heading(
                "Bộ Nông nghiệp và Môi trường",
                "Cục Địa chất và Khoáng sản Việt Nam",
            ),
            Block::Title("SỔ ĐĂNG KÝ VĂN BẢN ĐẾN".into()),
            Block::Subtitle("Năm 2026 · Từ ngày 01/01/2026 đến ngày 31/12/2026".into()),
            Block::Table {
                columns: vec![
                    Column::centered("Ngày đến", 1.0),
                    Column::centered("Số đến", 0.7),
                    Column::new("Tác giả", 2.0),
                    Column::new("Số, ký hiệu", 1.2),
                    Column::new("Tên loại và trích yếu nội dung", 4.0),
                    Column::new("Đơn vị hoặc người nhận", 1.6),
                    Column::new("Ghi chú", 1.0),
                ],
                rows: (1..=rows)
                    .map(|n| {
                        vec![
                            "25/11/2026".into(),
                            n.to_string(),
                            "Ủy ban nhân dân tỉnh Quảng Ninh".into(),
                            format!("{n}/QĐ-ĐCKS"),
                            subjects[n % 3].into(),
                            "Phòng Quản lý Khoáng sản".into(),
                            String::new(),
                        ]
                    })
                    .collect(),
            },
            Block::Signature {
                place_date: "Hà Nội, ngày 25 tháng 11 năm 2026".into(),
                position: "VĂN THƯ".into(),
                name: "Nguyễn Thị Thu Hà".into(),
            },
        ],
    }
}

#[test]
fn a_register_reads_back_with_its_vietnamese_text_and_embedded_fonts() -> anyhow::Result<()> {
    let bytes = render(&register(120))?;
    let dir = std::env::temp_dir().join(format!("lode-print-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let path = dir.join("register.pdf");
    std::fs::write(&path, &bytes)?;
    let p = path.to_string_lossy().to_string();
    let check = tool("qpdf", &["--check", &p])?;
    assert!(
        check.contains("No syntax or stream encoding errors"),
        "{check}"
    );
    let fonts = tool("pdffonts", &[&p])?;
    let font_lines: Vec<&str> = fonts.lines().skip(2).collect();
    assert_eq!(font_lines.len(), 2, "{fonts}");
    for line in &font_lines {
        // name, type, encoding, emb, sub, uni
        let cols: Vec<&str> = line.split_whitespace().collect();
        assert!(line.contains("CID TrueType"), "{line}");
        assert_eq!(
            &cols[cols.len() - 5..cols.len() - 2],
            ["yes", "yes", "yes"],
            "embedded, subset, with ToUnicode: {line}"
        );
    }
    let info = tool("pdfinfo", &[&p])?;
    assert!(
        info.contains("841.89 x 595.28 pts (A4)") || info.contains("841.89 x 595.276"),
        "landscape A4: {info}"
    );
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(0);
    assert!(pages >= 3, "120 rows take several pages, found {pages}");
    let text = tool("pdftotext", &["-layout", &p, "-"])?;
    for needle in [
        "SỔ ĐĂNG KÝ VĂN BẢN ĐẾN",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Ủy ban nhân dân tỉnh",
        "Quảng Ninh",
        "120/QĐ-ĐCKS",
        "Nguyễn Thị Thu Hà",
        &format!("Trang {pages}/{pages}"),
    ] {
        assert!(text.contains(needle), "{needle:?} not in the text");
    }
    // the header row is repeated on every page
    assert_eq!(text.matches("Số đến").count(), pages);
    if std::env::var_os("LODE_KEEP_PDF").is_none() {
        std::fs::remove_dir_all(&dir)?;
    }
    Ok(())
}

#[test]
fn words_wider_than_their_column_are_cut_not_lost() -> anyhow::Result<()> {
    let long = "Đ".repeat(200);
    let doc = Document {
        title: "t".into(),
        author: "a".into(),
        orientation: Orientation::Portrait,
        blocks: vec![Block::Table {
            columns: vec![Column::new("A", 1.0), Column::new("B", 1.0)],
            rows: vec![vec![long.clone(), "<b>&amp;</b>".into()]],
        }],
    };
    let bytes = render(&doc)?;
    let path = std::env::temp_dir().join(format!("lode-print-wide-{}.pdf", std::process::id()));
    std::fs::write(&path, &bytes)?;
    let text = tool("pdftotext", &[&path.to_string_lossy(), "-"])?;
    std::fs::remove_file(&path)?;
    let kept: usize = text.chars().filter(|c| *c == 'Đ').count();
    assert_eq!(kept, 200);
    assert!(
        text.contains("<b>&amp;</b>"),
        "text is text, nothing interpreted"
    );
    Ok(())
}

#[test]
fn desk_forms_print_on_a5() -> anyhow::Result<()> {
    let doc = Document {
        title: "Phiếu".into(),
        author: "a".into(),
        orientation: Orientation::A5Portrait,
        blocks: vec![
            official_heading(
                "BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG",
                "CỤC ĐỊA CHẤT VÀ KHOÁNG SẢN VIỆT NAM",
            ),
            Block::Title("PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ".into()),
            Block::Title("PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ".into()),
            Block::Table {
                columns: vec![
                    // narrow by weight: widened to hold "STT" and the dates whole
                    Column::new("STT", 2.0),
                    Column::new("Bên giao", 42.0),
                    Column::new("Bên nhận", 42.0),
                    Column::new("Ngày", 8.0),
                    Column::new("Kết quả", 22.0),
                ],
                rows: vec![vec![
                    "1".into(),
                    "Bộ phận tiếp nhận và trả kết quả".into(),
                    "Lãnh đạo cơ quan".into(),
                    "30/11/2026".into(),
                    "Đúng hạn".into(),
                ]],
            },
        ],
    };
    let bytes = render(&doc)?;
    let path = std::env::temp_dir().join(format!("lode-print-a5-{}.pdf", std::process::id()));
    std::fs::write(&path, &bytes)?;
    let p = path.to_string_lossy().to_string();
    let info = tool("pdfinfo", &[&p])?;
    let laid_out = tool("pdftotext", &["-layout", &p, "-"])?;
    let text = tool("pdftotext", &[&p, "-"])?
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    std::fs::remove_file(&path)?;
    // the heading's names broken where a reader breaks them, never inside a word of two
    // syllables; a narrow column's header and dates whole
    for whole in [
        "VÀ KHOÁNG SẢN VIỆT NAM",
        "CHỦ NGHĨA VIỆT NAM",
        "HOÀN THIỆN HỒ SƠ",
        "STT",
        "30/11/2026",
    ] {
        assert!(laid_out.contains(whole), "{whole:?} in {laid_out}");
    }
    assert!(
        !laid_out.lines().any(|l| l.trim_end().ends_with("KHOÁNG")),
        "{laid_out}"
    );
    assert!(
        info.contains("419.528 x 595.276") || info.contains("(A5)"),
        "A5 portrait: {info}"
    );
    assert!(text.contains("Lãnh đạo cơ quan"), "{text}");
    assert!(text.contains("Đúng hạn"), "{text}");
    Ok(())
}

/// A slip a few lines too long for its A5 page is set again with its lines closer together
/// and keeps to one page, its words all there; one far too long still prints whole.
#[test]
fn a_slip_a_little_long_keeps_to_one_page() -> anyhow::Result<()> {
    let slip = |lines: usize| Document {
        title: "Giấy tiếp nhận hồ sơ".into(),
        author: "Cục Địa chất và Khoáng sản Việt Nam".into(),
        orientation: Orientation::A5Portrait,
        blocks: (1..=lines)
            .map(|n| Block::Paragraph(format!("Dòng thứ {n} của giấy tiếp nhận hồ sơ")))
            .collect(),
    };
    let dir = std::env::temp_dir().join(format!("lode-print-slip-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let pages = |pdf: &[u8]| -> anyhow::Result<usize> {
        let file = dir.join("slip.pdf");
        std::fs::write(&file, pdf)?;
        let info = tool("pdfinfo", &[&file.to_string_lossy()])?;
        Ok(info
            .lines()
            .find_map(|l| l.strip_prefix("Pages:"))
            .and_then(|n| n.trim().parse().ok())
            .unwrap_or(0))
    };
    // how many lines fill a page at the usual spacing, then a few more
    let mut lines = 10;
    while pages(&render(&slip(lines + 1))?)? == 1 {
        lines += 1;
    }
    let over = slip(lines + 3);
    assert_eq!(
        pages(&render(&over)?)?,
        2,
        "at the usual spacing it runs over"
    );
    let fitted = lode_print::render_on_one_page(&over)?;
    assert_eq!(pages(&fitted)?, 1);
    let file = dir.join("fitted.pdf");
    std::fs::write(&file, &fitted)?;
    let text = tool("pdftotext", &[&file.to_string_lossy(), "-"])?;
    assert!(
        text.contains(&format!("Dòng thứ {} của", lines + 3)),
        "{text}"
    );
    // far too long: whole, over as many pages as it takes
    assert!(pages(&lode_print::render_on_one_page(&slip(lines * 3))?)? > 1);
    std::fs::remove_dir_all(&dir)?;
    Ok(())
}

/// An official letter as Decree 30 sets it: the subject of a công văn under its number in the
/// left column, the recipients at the left beside the signature block, level with the
/// signer's position.
#[test]
fn a_letters_subject_and_recipients_stand_in_the_left_column() -> anyhow::Result<()> {
    let doc = Document {
        title: "Công văn".into(),
        author: "a".into(),
        orientation: Orientation::Portrait,
        blocks: vec![
            official_heading(
                "BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG",
                "CỤC ĐỊA CHẤT VÀ KHOÁNG SẢN VIỆT NAM",
            ),
            Block::Reserved {
                left: Some("Số".into()),
                right: Some("Ngày".into()),
                height: 18.0,
            },
            Block::UnderNumber("V/v báo cáo khai thác cát".into()),
            Block::Paragraph("Đề nghị các đơn vị báo cáo đúng hạn.".into()),
            Block::SignatureBox {
                position: "CỤC TRƯỞNG".into(),
                name: "Trần Văn Hùng".into(),
                reserve: "Người ký".into(),
                beside: vec![
                    "Nơi nhận:".into(),
                    "- Như trên;".into(),
                    "- Lưu: VT.".into(),
                ],
            },
        ],
    };
    let bytes = render(&doc)?;
    let path = std::env::temp_dir().join(format!("lode-print-letter-{}.pdf", std::process::id()));
    std::fs::write(&path, &bytes)?;
    let laid_out = tool("pdftotext", &["-layout", &path.to_string_lossy(), "-"])?;
    std::fs::remove_file(&path)?;
    let line_of = |text: &str| laid_out.lines().position(|l| l.contains(text));
    let row = laid_out
        .lines()
        .find(|l| l.contains("Nơi nhận:"))
        .unwrap_or_default();
    assert!(row.contains("CỤC TRƯỞNG"), "level: {laid_out}");
    assert!(
        row.find("Nơi nhận:") < row.find("CỤC TRƯỞNG"),
        "left of it: {laid_out}"
    );
    let subject = laid_out
        .lines()
        .find(|l| l.contains("V/v"))
        .unwrap_or_default();
    // in the left half, above the text
    assert!(
        subject.find("V/v").is_some_and(|at| at < 40) && line_of("V/v") < line_of("Đề nghị"),
        "{laid_out}"
    );
    assert!(line_of("Lưu: VT.") < line_of("Trần Văn Hùng"), "{laid_out}");
    Ok(())
}
