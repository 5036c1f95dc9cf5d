//! Where the words lie on a scanned page, without I/O: what Tesseract's TSV says of a batch of
//! pages made into what a page row keeps ([`pages_of_tsv`]), and the boxes of the words a
//! reader looked for, as fractions of the page, for the viewer to mark on the image
//! ([`highlights`]).
//!
//! A page's words are kept as text: its image's width and height in pixels on the first line,
//! then a word a line, `left top width height word`, in reading order.

use lode_core::text::fold;
use serde::Serialize;
use std::collections::BTreeMap;

/// A word's box on its page, as fractions (0 to 1) of the page's width and height, so that it
/// marks the image at whatever resolution the image is shown.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, utoipa::ToSchema)]
pub struct WordBox {
    pub left: f32,
    pub top: f32,
    pub width: f32,
    pub height: f32,
}

/// Tesseract's TSV of a run over several images: each page's words in the form a page row
/// keeps, by the page's number in the run (from 1). A page with no word keeps its size only.
pub fn pages_of_tsv(tsv: &str) -> BTreeMap<u32, String> {
    let mut pages: BTreeMap<u32, String> = BTreeMap::new();
    for line in tsv.lines() {
        let cols: Vec<&str> = line.split('\t').collect();
        // level, page_num, block, paragraph, line, word, left, top, width, height, conf, text
        if cols.len() < 12 {
            continue;
        }
        let (Ok(level), Ok(page)) = (cols[0].parse::<u8>(), cols[1].parse::<u32>()) else {
            continue; // the header
        };
        let nums: Vec<i64> = cols[6..10].iter().filter_map(|c| c.parse().ok()).collect();
        let &[left, top, width, height] = nums.as_slice() else {
            continue;
        };
        match level {
            1 => {
                pages.insert(page, format!("{width} {height}\n"));
            }
            5 => {
                let word = cols[11..].join(" ");
                let word = word.trim();
                if word.is_empty() || width <= 0 || height <= 0 {
                    continue;
                }
                if let Some(kept) = pages.get_mut(&page) {
                    kept.push_str(&format!("{left} {top} {width} {height} {word}\n"));
                }
            }
            _ => {}
        }
    }
    pages
}

/// The boxes of the words of a page (as kept) that are among `words` (folded, as a query's):
/// a word counts when one of its pieces (split where the index splits, at anything not a
/// letter or digit) is one of them. Nothing when the page's words were not kept.
pub fn highlights(kept: &str, words: &[String]) -> Vec<WordBox> {
    let mut lines = kept.lines();
    let size: Vec<f32> = lines
        .next()
        .unwrap_or("")
        .split(' ')
        .filter_map(|n| n.parse().ok())
        .collect();
    let &[page_w, page_h] = size.as_slice() else {
        return Vec::new();
    };
    if words.is_empty() || page_w <= 0.0 || page_h <= 0.0 {
        return Vec::new();
    }
    let mut out = Vec::new();
    for line in lines {
        let mut parts = line.splitn(5, ' ');
        let nums: Vec<f32> = parts
            .by_ref()
            .take(4)
            .filter_map(|n| n.parse().ok())
            .collect();
        let (&[left, top, width, height], Some(word)) = (nums.as_slice(), parts.next()) else {
            continue;
        };
        let folded = fold(word);
        let found = folded
            .split(|c: char| !c.is_alphanumeric())
            .any(|piece| !piece.is_empty() && words.iter().any(|w| w == piece));
        if found {
            out.push(WordBox {
                left: (left / page_w).clamp(0.0, 1.0),
                top: (top / page_h).clamp(0.0, 1.0),
                width: (width / page_w).clamp(0.0, 1.0),
                height: (height / page_h).clamp(0.0, 1.0),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const TSV: &str = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext
1\t1\t0\t0\t0\t0\t0\t0\t1000\t2000\t-1\t
2\t1\t1\t0\t0\t0\t100\t200\t800\t50\t-1\t
5\t1\t1\t1\t1\t1\t100\t200\t120\t40\t95.1\tQuặng
5\t1\t1\t1\t1\t2\t240\t200\t90\t40\t93.0\tđồng,
5\t1\t1\t1\t1\t3\t340\t200\t90\t40\t93.0\t 
1\t2\t0\t0\t0\t0\t0\t0\t500\t500\t-1\t
5\t2\t1\t1\t1\t1\t10\t10\t50\t20\t90.0\tSin-Quyền
";

    #[test]
    fn the_words_of_each_page_of_a_run_are_kept_with_the_page_size() {
        let pages = pages_of_tsv(TSV);
        assert_eq!(pages.len(), 2);
        assert_eq!(
            pages[&1],
            "1000 2000\n100 200 120 40 Quặng\n240 200 90 40 đồng,\n"
        );
        assert_eq!(pages[&2], "500 500\n10 10 50 20 Sin-Quyền\n");
    }

    #[test]
    fn the_words_looked_for_are_marked_as_fractions_of_the_page() {
        let pages = pages_of_tsv(TSV);
        let found = highlights(&pages[&1], &["dong".to_string()]);
        assert_eq!(
            found,
            vec![WordBox {
                left: 0.24,
                top: 0.1,
                width: 0.09,
                height: 0.02
            }]
        );
        // a piece of a hyphenated word counts, as the index splits it
        assert_eq!(highlights(&pages[&2], &["quyen".to_string()]).len(), 1);
        assert!(highlights(&pages[&1], &["vang".to_string()]).is_empty());
        assert!(highlights(&pages[&1], &[]).is_empty());
        assert!(highlights("", &["dong".to_string()]).is_empty());
        assert!(highlights("0 0\n1 1 1 1 đồng\n", &["dong".to_string()]).is_empty());
    }
}
