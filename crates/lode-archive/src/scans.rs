//! Scans made by lode itself, for the demo and the tests: pages of Vietnamese text laid out as
//! a report's pages (`lode_print`), rasterised as a scanner would (poppler's `pdftoppm`, grey,
//! 200 dpi) and bound into one multi-page TIFF (libtiff's `tiffcp`), so that reading them is
//! real work for Tesseract, and what it reads can be compared with what was written.

use crate::tools::{Workdir, tool};
use lode_print::{Block, Document, Orientation};

/// A page to scan: its heading and its paragraphs.
pub struct PageText {
    pub heading: String,
    pub paragraphs: Vec<String>,
}

impl PageText {
    /// All its words as written, one space between them: what reading it should give.
    pub fn words(&self) -> String {
        let mut all = vec![self.heading.clone()];
        all.extend(self.paragraphs.iter().cloned());
        all.join(" ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// The pages scanned into one multi-page TIFF.
pub async fn scan(pages: &[PageText]) -> anyhow::Result<Vec<u8>> {
    let dir = Workdir::new("scan", 0)?;
    let mut tiffs = Vec::new();
    for (i, page) in pages.iter().enumerate() {
        let mut blocks = vec![Block::Heading(page.heading.clone())];
        blocks.extend(page.paragraphs.iter().cloned().map(Block::Paragraph));
        let pdf = lode_print::render(&Document {
            title: page.heading.clone(),
            author: "lode".into(),
            orientation: Orientation::Portrait,
            blocks,
        })?;
        let source = dir.path(&format!("p{i}.pdf"));
        std::fs::write(&source, pdf)?;
        let stem = dir.path(&format!("p{i}"));
        tool(
            "pdftoppm",
            &[
                "-r".as_ref(),
                "200".as_ref(),
                "-gray".as_ref(),
                "-tiff".as_ref(),
                "-tiffcompression".as_ref(),
                "lzw".as_ref(),
                "-f".as_ref(),
                "1".as_ref(),
                "-l".as_ref(),
                "1".as_ref(),
                "-singlefile".as_ref(),
                source.as_os_str(),
                stem.as_os_str(),
            ],
        )
        .await?;
        tiffs.push(dir.path(&format!("p{i}.tif")));
    }
    let out = dir.path("scan.tif");
    let mut args: Vec<&std::ffi::OsStr> = tiffs.iter().map(|t| t.as_os_str()).collect();
    args.push(out.as_os_str());
    tool("tiffcp", &args).await?;
    Ok(std::fs::read(out)?)
}

/// The character error rate of `read` against `written`: the edit distance between them (in
/// characters, after folding runs of white space to one space) over the written length.
pub fn character_error_rate(written: &str, read: &str) -> f64 {
    let norm = |s: &str| -> Vec<char> {
        lode_core::validation::nfc(&s.split_whitespace().collect::<Vec<_>>().join(" "))
            .chars()
            .collect()
    };
    let (a, b) = (norm(written), norm(read));
    if a.is_empty() {
        return if b.is_empty() { 0.0 } else { 1.0 };
    }
    // Levenshtein distance, one row at a time
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            let next = (row[j + 1] + 1).min(row[j] + 1).min(previous + cost);
            previous = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()] as f64 / a.len() as f64
}

/// The demo's report pages: the chapters of an exploration report on `district`, for
/// `mineral`, `n` pages.
pub fn report_pages(district: &str, province: &str, mineral: &str, n: usize) -> Vec<PageText> {
    let chapters = [
        ("MỞ ĐẦU", vec![
            format!("Báo cáo này trình bày kết quả thăm dò quặng {mineral} khu {district}, tỉnh {province}, được thực hiện theo giấy phép thăm dò khoáng sản do Bộ Tài nguyên và Môi trường cấp."),
            "Mục tiêu của đề án là đánh giá trữ lượng và chất lượng quặng, làm rõ điều kiện địa chất thủy văn, địa chất công trình và các điều kiện kỹ thuật khai thác mỏ.".to_string(),
            "Tập thể tác giả xin chân thành cảm ơn chính quyền địa phương và các đơn vị đã tạo điều kiện thuận lợi trong quá trình thi công.".to_string(),
        ]),
        ("CHƯƠNG 1. ĐẶC ĐIỂM ĐỊA LÝ TỰ NHIÊN VÀ KINH TẾ NHÂN VĂN", vec![
            format!("Khu thăm dò {district} thuộc vùng đồi núi thấp, độ cao tuyệt đối từ 150 đến 620 mét, địa hình bị chia cắt mạnh bởi hệ thống suối nhỏ chảy theo hướng tây bắc đông nam."),
            "Khí hậu nhiệt đới gió mùa, mùa mưa kéo dài từ tháng năm đến tháng mười, lượng mưa trung bình năm khoảng 1.800 milimét.".to_string(),
            "Dân cư thưa thớt, chủ yếu là đồng bào dân tộc Tày, Dao và Kinh, sống bằng nghề trồng lúa nước, trồng rừng và chăn nuôi.".to_string(),
        ]),
        ("CHƯƠNG 2. CẤU TRÚC ĐỊA CHẤT KHU THĂM DÒ", vec![
            "Tham gia vào cấu trúc địa chất khu thăm dò có các đá trầm tích biến chất hệ tầng Sin Quyền gồm đá phiến thạch anh biotit, đá phiến hai mica xen kẹp quarzit.".to_string(),
            format!("Thân quặng {mineral} dạng mạch và thấu kính, phân bố trong đới dập vỡ kiến tạo phương tây bắc đông nam, chiều dày từ 0,8 đến 6,4 mét, góc dốc 55 đến 70 độ."),
            "Đứt gãy phương á kinh tuyến cắt qua phần phía đông khu thăm dò, làm dịch chuyển các thân quặng với biên độ từ 10 đến 25 mét.".to_string(),
        ]),
        ("CHƯƠNG 3. CÔNG TÁC THĂM DÒ ĐÃ THỰC HIỆN", vec![
            "Đã thi công 24 lỗ khoan máy với tổng chiều dài 4.860 mét, 36 hào khai đào và 2 lò thăm dò, lấy và phân tích 1.245 mẫu hóa cơ bản.".to_string(),
            "Mạng lưới công trình thăm dò được bố trí theo tuyến song song, khoảng cách giữa các tuyến 100 mét, giữa các công trình trên tuyến 50 mét.".to_string(),
            "Công tác đo địa vật lý gồm phương pháp phân cực kích thích và từ mặt đất được tiến hành trên diện tích 4,5 kilômét vuông.".to_string(),
        ]),
        ("CHƯƠNG 4. TÍNH TRỮ LƯỢNG", vec![
            format!("Trữ lượng quặng {mineral} được tính theo phương pháp khối địa chất, với hàm lượng biên công nghiệp do Hội đồng đánh giá trữ lượng khoáng sản quốc gia phê duyệt."),
            "Tổng trữ lượng cấp 121 và 122 đạt 2,6 triệu tấn quặng, tài nguyên cấp 333 đạt 1,1 triệu tấn, hàm lượng trung bình đạt yêu cầu công nghiệp.".to_string(),
            "Kiến nghị tiếp tục thăm dò phần sâu của thân quặng số 1 và số 3 để nâng cấp trữ lượng phục vụ thiết kế khai thác.".to_string(),
        ]),
    ];
    chapters
        .into_iter()
        .cycle()
        .take(n)
        .map(|(heading, paragraphs)| PageText {
            heading: heading.to_string(),
            paragraphs,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_error_rate_counts_characters() {
        use super::character_error_rate as cer;
        assert_eq!(cer("địa chất", "địa chất"), 0.0);
        assert!((cer("địa chất", "đia chất") - 1.0 / 8.0).abs() < 1e-9);
        assert_eq!(cer("a  b\nc", "a b c"), 0.0);
        assert_eq!(cer("abc", ""), 1.0);
    }
}
