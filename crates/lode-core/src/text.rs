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
    fn strips_marks_keeping_case() {
        assert_eq!(
            super::strip_diacritics("Công văn QĐ-ĐCKS"),
            "Cong van QD-DCKS"
        );
    }

    #[test]
    fn folds_combining_marks_too() {
        // "Việt" written with combining marks (NFD)
        assert_eq!(fold("Vie\u{0323}\u{0302}t"), "viet");
    }
}
