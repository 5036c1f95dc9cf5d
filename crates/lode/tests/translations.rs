//! The catalogue the binary assembles (the shell's messages and each capability's): every
//! capability's messages join it (each parses in both languages and no key is defined twice
//! across them, which would leave a capability's pages without their words), and every message
//! the code names by a written key exists in both languages.

use lode_web::i18n::{self, Lang};

/// The keys named literally in calls that show a message: `t("…")`, `fill("…", …)`,
/// `lookup("…")`.
fn keys_named_in(text: &str) -> Vec<String> {
    let mut keys = Vec::new();
    for call in ["t(\"", "fill(\"", "lookup(\""] {
        let mut rest = text;
        while let Some(at) = rest.find(call) {
            let before = rest[..at].chars().last();
            rest = &rest[at + call.len()..];
            // `t(` as a whole name, not the end of another one (`format(`, `split(`)
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue;
            }
            if let Some(end) = rest.find('"') {
                let key = &rest[..end];
                if !key.is_empty() && !key.contains('{') {
                    keys.push(key.to_string());
                }
            }
        }
    }
    keys
}

fn sources(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let path = e.path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|x| x == "rs") {
            out.push(path);
        }
    }
}

/// The code of each source file of the crates named, beside this one: its text before its
/// own tests (which may name what is not there, on purpose).
fn code_of(crates: &[&str]) -> Vec<(std::path::PathBuf, String)> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = Vec::new();
    for c in crates {
        sources(&root.join(c).join("src"), &mut files);
    }
    files
        .into_iter()
        .map(|f| {
            let text = std::fs::read_to_string(&f).expect("a source file");
            let code = text
                .split("#[cfg(test)]")
                .next()
                .unwrap_or_default()
                .to_string();
            (f, code)
        })
        .collect()
}

/// The capabilities the binary mounts.
const CAPABILITIES: [i18n::Translations; 4] = [
    lode_eoffice::web::TRANSLATIONS,
    lode_services::web::TRANSLATIONS,
    lode_archive::web::TRANSLATIONS,
    lode_cadastre::web::TRANSLATIONS,
];

#[test]
fn every_capability_s_messages_join_the_catalogue() {
    for t in CAPABILITIES {
        let name = t.name;
        assert_eq!(i18n::add(t), Ok(()), "{name}");
    }
    // a word of each capability, in Vietnamese
    for key in [
        "map.title",
        "zone.title",
        "licence.register",
        "coords.title",
    ] {
        let text = Lang::Vi.t(key);
        assert!(!text.contains("missing"), "{key}: {text}");
    }
}

#[test]
fn every_key_the_code_names_exists_in_both_languages() {
    for t in CAPABILITIES {
        i18n::add(t).expect(t.name);
    }
    let files = code_of(&[
        "lode-web",
        "lode-eoffice",
        "lode-services",
        "lode-archive",
        "lode-cadastre",
        "lode",
    ]);
    let mut named = 0;
    let mut missing = Vec::new();
    for (f, code) in &files {
        for key in keys_named_in(code) {
            named += 1;
            if Lang::Vi.lookup(&key).is_none() || Lang::En.lookup(&key).is_none() {
                missing.push(format!("{}: {key}", f.display()));
            }
        }
    }
    assert!(named > 500, "only {named} keys found: the scan is broken");
    assert!(missing.is_empty(), "messages missing: {missing:#?}");
}

/// The codes of field errors written in `text`: a snake-case literal followed by the English
/// message that goes with it (`errors.add("day", "invalid_date", "must be a date")`,
/// `invalid("unknown_sort", format!("…"))`), inside a call that makes an error. A code passed
/// through a variable is not seen here; the pages' tests show those.
fn error_codes_in(text: &str) -> Vec<String> {
    const CALLS: [&str; 5] = ["add(", "single(", "invalid(", "FieldError", "refuse("];
    let mut codes = Vec::new();
    let mut at = 0;
    while let Some(open) = text[at..].find('"').map(|o| o + at) {
        let Some(close) = text[open + 1..].find('"').map(|c| c + open + 1) else {
            break;
        };
        let literal = &text[open + 1..close];
        at = close + 1;
        let code_like = literal.starts_with(|c: char| c.is_ascii_lowercase())
            && literal
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !code_like {
            continue;
        }
        let rest = text[close + 1..].trim_start();
        let Some(rest) = rest.strip_prefix(',') else {
            continue;
        };
        let rest = rest.trim_start();
        let rest = rest
            .strip_prefix("&format!(")
            .or_else(|| rest.strip_prefix("format!("))
            .map_or(rest, str::trim_start);
        let Some(message) = rest.strip_prefix('"') else {
            continue;
        };
        let message = message.split('"').next().unwrap_or_default();
        let from = text[..open]
            .char_indices()
            .rev()
            .nth(160)
            .map_or(0, |(i, _)| i);
        if message.contains(' ') && CALLS.iter().any(|c| text[from..open].contains(c)) {
            codes.push(literal.to_string());
        }
    }
    codes
}

#[test]
fn every_field_error_reads_in_both_languages() {
    for t in CAPABILITIES {
        i18n::add(t).expect(t.name);
    }
    let files = code_of(&[
        "lode-core",
        "lode-db",
        "lode-web",
        "lode-eoffice",
        "lode-services",
        "lode-archive",
        "lode-cadastre",
        "lode",
    ]);
    let mut found = 0;
    let mut missing = std::collections::BTreeSet::new();
    for (f, code) in &files {
        for c in error_codes_in(code) {
            found += 1;
            let key = format!("fe.{c}");
            if Lang::Vi.lookup(&key).is_none() || Lang::En.lookup(&key).is_none() {
                missing.insert(format!("{c} ({})", f.display()));
            }
        }
    }
    assert!(
        found > 150,
        "only {found} error codes found: the scan is broken"
    );
    assert!(
        missing.is_empty(),
        "errors that would read in English: {missing:#?}"
    );
    assert_eq!(
        error_codes_in(r#"errors.add("day", "invalid_date", "must be a date")"#),
        vec!["invalid_date"]
    );
}

#[test]
fn a_capabilitys_messages_join_the_catalogue_once() {
    i18n::add(lode_services::web::TRANSLATIONS).expect("added");
    // added again (every router built adds its capabilities' messages): nothing changes
    i18n::add(lode_services::web::TRANSLATIONS).expect("added again");
    assert_eq!(Lang::Vi.t("nav.home"), "Trang chủ");
    assert_eq!(Lang::En.t("nav.home"), "Home");
    assert_ne!(Lang::Vi.t("desk.title"), i18n::MISSING);
}
