//! Text folding for search: `Địa chất` and `dia chat` must find each other.

/// Lower-cases and strips Vietnamese diacritics (`đ` becomes `d`), precomposed or combining.
pub fn fold(input: &str) -> String {
    input
        .chars()
        .flat_map(char::to_lowercase)
        .filter(|c| !('\u{0300}'..='\u{036F}').contains(c))
        .map(fold_letter)
        .collect()
}

/// A name as a file's or an address's part: folded, its words joined by dashes
/// (`Phòng Quản lý Khoáng sản` → `phong-quan-ly-khoang-san`).
pub fn slug(name: &str) -> String {
    fold(name)
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

/// Strips Vietnamese diacritics but keeps case: `Địa chất` becomes `Dia chat`.
pub fn strip_diacritics(input: &str) -> String {
    input
        .chars()
        .filter(|c| !('\u{0300}'..='\u{036F}').contains(c))
        .flat_map(|c| {
            let base = fold_letter(c.to_lowercase().next().unwrap_or(c));
            let upper = c.is_uppercase();
            std::iter::once(if upper {
                base.to_ascii_uppercase()
            } else {
                base
            })
        })
        .collect()
}

/// The words of a search, folded: each must be found, in any order (`khai thac long song`
/// finds "khai thác cát lòng sông"); words in double quotes are one term, found as they stand
/// together (`"khai thác"`), as the archive's search reads them. At most eight; a term
/// repeated counts once.
pub fn search_terms(query: &str) -> Vec<String> {
    let mut terms: Vec<String> = Vec::new();
    let folded = fold(query).replace(['“', '”'], "\"");
    // between quotes (the odd parts) a phrase, outside them words; a quote left open
    // closes at the end
    for (i, part) in folded.split('"').enumerate() {
        let found: Vec<String> = if i % 2 == 1 {
            let phrase = part.split_whitespace().collect::<Vec<_>>().join(" ");
            vec![phrase]
        } else {
            part.split_whitespace().map(str::to_string).collect()
        };
        for t in found {
            if !t.is_empty() && !terms.contains(&t) && terms.len() < 8 {
                terms.push(t);
            }
        }
    }
    terms
}

/// Where the words of `terms` (folded, as [`search_terms`] gives them) stand in `text`, as byte
/// ranges of `text` itself, merged and in order: what a list marks as found.
pub fn found_ranges(text: &str, terms: &[String]) -> Vec<(usize, usize)> {
    // the folded text, and for each of its bytes the original character it came from
    let mut folded = String::new();
    let mut origin: Vec<(usize, usize)> = Vec::new();
    for (i, c) in text.char_indices() {
        let f = fold(&c.to_string());
        for _ in 0..f.len() {
            origin.push((i, i + c.len_utf8()));
        }
        folded.push_str(&f);
    }
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    let word_char = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    for t in terms.iter().filter(|t| !t.is_empty()) {
        // each place the term is found, and how well: a whole word (2), a word's start (1),
        // inside a word (0); only the best kind found is marked, so that "mỏ" marks the word
        // "mỏ" and not the start of "Môi" where the word stands too
        let mut found: Vec<(u8, usize, usize)> = Vec::new();
        let mut from = 0;
        while let Some(at) = folded[from..].find(t.as_str()) {
            let (start, end) = (from + at, from + at + t.len());
            let starts = !word_char(folded[..start].chars().next_back());
            let ends = !word_char(folded[end..].chars().next());
            let kind = match (starts, ends) {
                (true, true) => 2,
                (true, false) => 1,
                _ => 0,
            };
            found.push((kind, start, end));
            from = end;
        }
        let best = found.iter().map(|f| f.0).max().unwrap_or(0);
        // a word's letters inside another word are not it ("han" in "phần"); a code's or a
        // number's part is
        if best == 0 && t.chars().all(char::is_alphabetic) {
            continue;
        }
        for (_, start, end) in found.into_iter().filter(|f| f.0 == best) {
            if let (Some(a), Some(b)) = (origin.get(start), origin.get(end - 1)) {
                ranges.push((a.0, b.1));
            }
        }
    }
    ranges.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for r in ranges {
        match merged.last_mut() {
            Some(last) if r.0 <= last.1 => last.1 = last.1.max(r.1),
            _ => merged.push(r),
        }
    }
    merged
}

/// Whether `text` holds every one of `terms` (folded, as [`search_terms`] gives them) where a
/// word begins: "gia han" is in "gia hạn giấy phép", not in "giao … phần".
pub fn holds_words(text: &str, terms: &[String]) -> bool {
    let folded = fold(text);
    terms.iter().all(|t| {
        // a code's or a number's part is found anywhere ("1816" in "2.001816"), as
        // [`found_ranges`] marks it
        let anywhere = !t.chars().all(char::is_alphabetic);
        folded.match_indices(t.as_str()).any(|(at, _)| {
            anywhere
                || !folded[..at]
                    .chars()
                    .next_back()
                    .is_some_and(char::is_alphanumeric)
        })
    })
}

/// How well `text` answers a search's `terms`: the words together as typed count most, then
/// each word found whole (not inside a longer one), then each found at all. Higher first.
pub fn relevance(text: &str, terms: &[String]) -> u32 {
    let folded = fold(text);
    let mut score = 0;
    if terms.len() > 1 && folded.contains(&terms.join(" ")) {
        score += 100;
    }
    let words: Vec<&str> = folded
        .split(|c: char| !c.is_alphanumeric() && c != '/' && c != '-')
        .collect();
    for t in terms {
        if words.contains(&t.as_str()) {
            score += 10;
        } else if folded.contains(t.as_str()) {
            score += 1;
        }
    }
    score
}

/// [`relevance`] of the words of `query`, and above it the words typed with their diacritics
/// found as typed: "đá vôi" answers "khai thác đá vôi" before "đá ong … với".
pub fn relevance_as_typed(text: &str, query: &str) -> u32 {
    let mut score = relevance(text, &search_terms(query));
    let lower = text.to_lowercase();
    let unquoted = query.replace(['"', '“', '”'], " ");
    let typed: Vec<String> = unquoted
        .split_whitespace()
        .take(8)
        .map(str::to_lowercase)
        .collect();
    if typed.len() > 1 && lower.contains(&typed.join(" ")) {
        score += 50;
    }
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric() && c != '/' && c != '-')
        .collect();
    for t in typed.iter().filter(|t| !t.is_ascii()) {
        if words.contains(&t.as_str()) {
            score += 5;
        }
    }
    score
}

fn fold_letter(c: char) -> char {
    const FAMILIES: [(char, &str); 7] = [
        ('a', "àáảãạăằắẳẵặâầấẩẫậ"),
        ('e', "èéẻẽẹêềếểễệ"),
        ('i', "ìíỉĩị"),
        ('o', "òóỏõọôồốổỗộơờớởỡợ"),
        ('u', "ùúủũụưừứửữự"),
        ('y', "ỳýỷỹỵ"),
        ('d', "đ"),
    ];
    if c.is_ascii() {
        return c;
    }
    FAMILIES
        .iter()
        .find(|(_, members)| members.contains(c))
        .map_or(c, |(base, _)| *base)
}

/// The holder's name in a certificate's distinguished name (`CN=Trần Văn Hùng,O=…`), or the
/// whole name when it has no common name.
pub fn common_name(dn: &str) -> String {
    dn.split(',')
        .find_map(|part| part.trim().strip_prefix("CN="))
        .unwrap_or(dn)
        .to_string()
}

/// A key that orders names as the Vietnamese alphabet does: ă and â after a, đ after d, ê after
/// e, ô and ơ after o, ư after u, tones left aside (`Đặng` after `Dương`, `Lương` before `Lý`).
pub fn collation_key(name: &str) -> String {
    let mut key = String::with_capacity(name.len() * 2);
    for c in name.chars().flat_map(char::to_lowercase) {
        let variant = match c {
            'ă' | 'ằ' | 'ắ' | 'ẳ' | 'ẵ' | 'ặ' | 'đ' | 'ê' | 'ề' | 'ế' | 'ể' | 'ễ' | 'ệ' | 'ô'
            | 'ồ' | 'ố' | 'ổ' | 'ỗ' | 'ộ' | 'ư' | 'ừ' | 'ứ' | 'ử' | 'ữ' | 'ự' => {
                '1'
            }
            'â' | 'ầ' | 'ấ' | 'ẩ' | 'ẫ' | 'ậ' | 'ơ' | 'ờ' | 'ớ' | 'ở' | 'ỡ' | 'ợ' => {
                '2'
            }
            _ => '0',
        };
        key.push(fold_letter(c));
        key.push(variant);
    }
    key
}

/// A label read inside a sentence: its first letter small (`Diện tích thăm dò` → `diện tích
/// thăm dò`), unless it opens an abbreviation or a name in capitals (`UBND`, `CCCD`).
pub fn lower_first(label: &str) -> String {
    let mut chars = label.chars();
    match (chars.next(), chars.next()) {
        (Some(first), second) if !second.is_some_and(char::is_uppercase) => {
            first.to_lowercase().chain(label.chars().skip(1)).collect()
        }
        _ => label.to_string(),
    }
}

/// Words opening a sentence: their first letter capital (`từ 100 ha` → `Từ 100 ha`).
pub fn upper_first(words: &str) -> String {
    let mut chars = words.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::fold;

    #[test]
    fn folds_vietnamese() {
        assert_eq!(
            fold("Cục Địa chất và Khoáng sản Việt Nam"),
            "cuc dia chat va khoang san viet nam"
        );
        assert_eq!(fold("QĐ-ĐCKS"), "qd-dcks");
        assert_eq!(fold("Nguyễn Thị Hương"), "nguyen thi huong");
        assert_eq!(fold("ỨNG DỤNG"), "ung dung");
    }

    #[test]
    fn names_order_as_the_vietnamese_alphabet() {
        let mut names = vec![
            "Y Đăk Nhi",
            "Đặng Văn Bình",
            "Dương Thị Lan",
            "Lý Văn Tâm",
            "Lương Văn Hòa",
            "Ân Minh",
            "Anh Tuấn",
        ];
        names.sort_by_key(|n| super::collation_key(n));
        assert_eq!(
            names,
            [
                "Anh Tuấn",
                "Ân Minh",
                "Dương Thị Lan",
                "Đặng Văn Bình",
                "Lương Văn Hòa",
                "Lý Văn Tâm",
                "Y Đăk Nhi"
            ]
        );
    }

    #[test]
    fn a_label_reads_small_inside_a_sentence() {
        assert_eq!(super::lower_first("Diện tích thăm dò"), "diện tích thăm dò");
        assert_eq!(super::lower_first("Cá nhân"), "cá nhân");
        assert_eq!(super::lower_first("UBND tỉnh"), "UBND tỉnh");
        assert_eq!(super::lower_first("Đ"), "đ");
        assert_eq!(super::lower_first(""), "");
    }

    #[test]
    fn strips_marks_keeping_case() {
        assert_eq!(
            super::strip_diacritics("Công văn QĐ-ĐCKS"),
            "Cong van QD-DCKS"
        );
    }

    #[test]
    fn words_typed_with_their_diacritics_come_first() {
        use super::relevance_as_typed as score;
        let limestone = "Khai thác đá vôi tại Hà Nam";
        let laterite = "Làm việc với đơn vị về đá ong";
        assert!(score(limestone, "đá vôi") > score(laterite, "đá vôi"));
        // typed without diacritics, neither is preferred for them
        assert_eq!(
            score(limestone, "da voi"),
            score("Khai thác đá với Hà Nam", "da voi")
        );
        // the words as typed side by side count above the same words apart
        assert!(
            score("Cấp phép khai thác cát", "khai thác")
                > score("Thác nước, khai báo", "khai thác")
        );
        assert_eq!(score(laterite, "vàng"), 0);
    }

    #[test]
    fn words_are_found_where_words_begin() {
        use super::{found_ranges, holds_words, search_terms};
        let terms = search_terms("gia hạn giấy phép");
        assert!(holds_words("Gia hạn giấy phép thăm dò khoáng sản", &terms));
        assert!(!holds_words(
            "Giao nộp một phần diện tích; giấy phép",
            &terms
        ));
        assert!(holds_words("Thủ tục 2.001816", &search_terms("2.0018")));
        assert!(holds_words("Thủ tục 2.001816", &search_terms("1816")));
        // letters inside another word are not marked; a code's part is
        assert!(found_ranges("Trả lại một phần", &search_terms("han")).is_empty());
        assert_eq!(found_ranges("mã 2.001816", &search_terms("0018")).len(), 1);
    }

    #[test]
    fn names_become_file_names() {
        assert_eq!(
            super::slug("Phòng Quản lý Khoáng sản (KS)"),
            "phong-quan-ly-khoang-san-ks"
        );
        assert_eq!(super::slug("  Đoàn  Địa chất 901 "), "doan-dia-chat-901");
    }

    #[test]
    fn searches_find_words_in_any_order_and_mark_them() {
        use super::{found_ranges, search_terms};
        let terms = search_terms("  Khai THÁC   lòng sông khai ");
        assert_eq!(terms, ["khai", "thac", "long", "song"]);
        // words in quotes are one term, found together; a quote left open ends the query
        assert_eq!(
            search_terms("\"khai  thác\" sông “Đà Nẵng” \"lòng"),
            ["khai thac", "song", "da nang", "long"]
        );
        let phrase = search_terms("\"cát lòng\"");
        let text_with = "V/v khai thác cát lòng sông Đà";
        let marked: Vec<&str> = found_ranges(text_with, &phrase)
            .iter()
            .map(|(a, b)| &text_with[*a..*b])
            .collect();
        assert_eq!(marked, ["cát lòng"]);
        let text = "V/v khai thác cát lòng sông Đà";
        let marked: Vec<&str> = found_ranges(text, &terms)
            .iter()
            .map(|(a, b)| &text[*a..*b])
            .collect();
        assert_eq!(marked, ["khai", "thác", "lòng", "sông"]);
        // đ found as d, the range covering the original letter
        let r = found_ranges("Đoàn Địa chất", &search_terms("dia"));
        assert_eq!(&"Đoàn Địa chất"[r[0].0..r[0].1], "Địa");
        assert!(found_ranges("abc", &search_terms("x")).is_empty());
        // a whole word is marked rather than the start of another; with no whole word, the
        // starts; with neither, nothing (letters inside another word are not the word)
        let text = "Sở Nông nghiệp và Môi trường: đóng cửa mỏ đá";
        let marked = |q: &str| -> Vec<String> {
            found_ranges(text, &search_terms(q))
                .iter()
                .map(|(a, b)| text[*a..*b].to_string())
                .collect()
        };
        assert_eq!(marked("mỏ"), ["mỏ"]);
        assert_eq!(marked("tru"), ["trư"]);
        assert!(marked("ong").is_empty());
    }

    #[test]
    fn the_words_as_typed_rank_first() {
        use super::{relevance, search_terms};
        let terms = search_terms("gia hạn");
        let extension = relevance("Gia hạn giấy phép khai thác khoáng sản", &terms);
        let scattered = relevance("Đấu giá quyền khai thác, thời hạn", &terms);
        let inside = relevance("Giao khu vực, hạn mức", &terms);
        assert!(
            extension > scattered && scattered > inside,
            "{extension} {scattered} {inside}"
        );
    }

    #[test]
    fn folds_combining_marks_too() {
        // "Việt" written with combining marks (NFD)
        assert_eq!(fold("Vie\u{0323}\u{0302}t"), "viet");
    }
}
