//! Every visible string, in Vietnamese (the default) and English, as Fluent messages.
//!
//! Each crate that shows text keeps its own resources (`i18n/vi.ftl`, `i18n/en.ftl` beside its
//! `Cargo.toml`): the shell's are [`SHELL`]; a capability hands its own to
//! [`crate::router`] in its [`crate::Capability`], and they join the same catalogue, where a
//! message defined twice or in one language only is refused. Code names a message by its key
//! (`incoming.new`), written in the files with dashes for dots (`incoming-new`); messages take
//! variables (`{ $arrival }`) and select on them (plurals), filled by [`Lang::fill`]. A key
//! missing from the catalogue shows as [`MISSING`] and is logged; tests check that every key
//! the code names exists in both languages.

use axum::http::HeaderMap;
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::{LazyLock, RwLock};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Vi,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        match code {
            "vi" => Some(Lang::Vi),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The `lang` cookie decides; Vietnamese when there is none.
    pub fn from_headers(headers: &HeaderMap) -> Lang {
        crate::cookies::cookie(headers, crate::cookies::LANG_COOKIE)
            .and_then(Lang::from_code)
            .unwrap_or(Lang::Vi)
    }

    /// The text for `key`, if there is one (for keys made from data: no warning when absent).
    pub fn lookup(self, key: &str) -> Option<&'static str> {
        let catalogue = CATALOGUE
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        catalogue
            .plain
            .get(message_id(key).as_ref())
            .map(|(vi, en)| match self {
                Lang::Vi => *vi,
                Lang::En => *en,
            })
    }

    pub fn t(self, key: &str) -> &'static str {
        self.lookup(key).unwrap_or_else(|| {
            tracing::warn!(key, "missing translation");
            MISSING
        })
    }

    /// The message `key` with its variables filled from `args`: strings and numbers as they
    /// are (numbers also choose a plural form), days (arguments named `…_day`, `YYYY-MM-DD`) as
    /// dd/mm/yyyy, amounts of đồng (numbers named `…_dong`) with their thousands marked,
    /// decimals kept as thousandths (numbers named `…_milli`) as the reader writes them.
    pub fn fill(self, key: &str, args: &serde_json::Value) -> String {
        let mut values = FluentArgs::new();
        if let serde_json::Value::Object(map) = args {
            for (name, value) in map {
                let value: FluentValue = match value {
                    serde_json::Value::String(s) if name.ends_with("_day") => {
                        chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
                            .map_or_else(|_| s.clone(), |d| d.format("%d/%m/%Y").to_string())
                            .into()
                    }
                    serde_json::Value::String(s) => s.clone().into(),
                    serde_json::Value::Number(n) if name.ends_with("_dong") => n
                        .as_i64()
                        .map_or_else(|| n.to_string(), |v| self.amount(v))
                        .into(),
                    serde_json::Value::Number(n) if name.ends_with("_milli") => n
                        .as_i64()
                        .map_or_else(|| n.to_string(), |v| self.decimal(v))
                        .into(),
                    serde_json::Value::Number(n) => match n.as_i64() {
                        Some(v) => v.into(),
                        None => n.to_string().into(),
                    },
                    serde_json::Value::Null => String::new().into(),
                    other => other.to_string().into(),
                };
                values.set(name.clone(), value);
            }
        }
        let catalogue = CATALOGUE
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let bundle = match self {
            Lang::Vi => &catalogue.vi,
            Lang::En => &catalogue.en,
        };
        let Some(pattern) = bundle
            .get_message(message_id(key).as_ref())
            .and_then(|m| m.value())
        else {
            tracing::warn!(key, "missing translation");
            return MISSING.to_string();
        };
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, Some(&values), &mut errors);
        if !errors.is_empty() {
            tracing::warn!(key, ?errors, "a message's variables");
        }
        text.into_owned()
    }

    /// An amount of đồng with its thousands marked as the reader writes them: `1.500.000` in
    /// Vietnamese, `1,500,000` in English.
    pub fn amount(self, dong: i64) -> String {
        self.number(dong)
    }

    /// A whole number with its thousands marked as the reader writes them.
    pub fn number(self, n: i64) -> String {
        let written = lode_core::fees::format_dong(i128::from(n));
        match self {
            Lang::Vi => written,
            Lang::En => written.replace('.', ","),
        }
    }

    /// A decimal kept as thousandths, written as the reader writes it, without trailing
    /// zeros: `1.250,5` in Vietnamese, `1,250.5` in English.
    pub fn decimal(self, milli: i64) -> String {
        let written = lode_core::fees::format_milli(i128::from(milli));
        match self {
            Lang::Vi => written,
            Lang::En => written
                .chars()
                .map(|c| match c {
                    '.' => ',',
                    ',' => '.',
                    c => c,
                })
                .collect(),
        }
    }

    /// A share out of a hundred, to one decimal, as the reader writes it: `81,8%` in
    /// Vietnamese, `81.8%` in English.
    pub fn percent(self, share: f64) -> String {
        let written = format!("{share:.1}%");
        match self {
            Lang::Vi => written.replace('.', ","),
            Lang::En => written,
        }
    }

    /// The message for a field error code, falling back to the domain's English message.
    pub fn field_error(self, code: &str, default: &str) -> String {
        self.lookup(&format!("fe.{code}"))
            .map_or_else(|| default.to_string(), str::to_string)
    }
}

pub const MISSING: &str = "⟨missing text⟩";

/// One crate's Fluent resources, in each language.
#[derive(Debug, Clone, Copy)]
pub struct Translations {
    /// Whose they are (a crate's name): added once, however many routers are built.
    pub name: &'static str,
    pub vi: &'static str,
    pub en: &'static str,
}

/// The shell's messages.
pub const SHELL: Translations = Translations {
    name: "lode-web",
    vi: include_str!("../i18n/vi.ftl"),
    en: include_str!("../i18n/en.ftl"),
};

/// The message id a key is written under: dots become dashes, and anything else Fluent does
/// not allow in an id (the keys made from a library's English messages have spaces) an
/// underscore.
pub fn message_id(key: &str) -> Cow<'_, str> {
    if key
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    {
        return Cow::Borrowed(key);
    }
    Cow::Owned(
        key.chars()
            .map(|c| match c {
                '.' => '-',
                c if c.is_ascii_alphanumeric() || c == '_' || c == '-' => c,
                _ => '_',
            })
            .collect(),
    )
}

/// Every message of the resources added so far.
struct Catalogue {
    added: Vec<&'static str>,
    vi: FluentBundle<FluentResource>,
    en: FluentBundle<FluentResource>,
    /// Each message as [`Lang::t`] gives it (variables left as they are written), by id.
    plain: HashMap<String, (&'static str, &'static str)>,
}

static CATALOGUE: LazyLock<RwLock<Catalogue>> = LazyLock::new(|| {
    let mut catalogue = Catalogue {
        added: Vec::new(),
        vi: bundle("vi"),
        en: bundle("en"),
        plain: HashMap::new(),
    };
    if let Err(e) = catalogue.add(SHELL) {
        tracing::error!(error = %e, "the shell's translations");
    }
    RwLock::new(catalogue)
});

fn bundle(lang: &str) -> FluentBundle<FluentResource> {
    let id = lang.parse().unwrap_or_default();
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // Pages are in one direction; the isolation marks would only show up in plain text.
    bundle.set_use_isolating(false);
    bundle
}

/// The ids of a resource's messages, or why it does not parse.
fn parse(
    name: &str,
    lang: &str,
    text: &'static str,
) -> Result<(FluentResource, Vec<String>), String> {
    let resource = FluentResource::try_new(text.to_string())
        .map_err(|(_, errors)| format!("{name} ({lang}): {errors:?}"))?;
    let ids = resource
        .entries()
        .filter_map(|e| match e {
            fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_string()),
            _ => None,
        })
        .collect();
    Ok((resource, ids))
}

impl Catalogue {
    fn add(&mut self, t: Translations) -> Result<(), String> {
        if self.added.contains(&t.name) {
            return Ok(());
        }
        let (vi, vi_ids) = parse(t.name, "vi", t.vi)?;
        let (en, en_ids) = parse(t.name, "en", t.en)?;
        let only = |a: &[String], b: &[String]| -> Vec<String> {
            a.iter().filter(|id| !b.contains(id)).cloned().collect()
        };
        let (vi_only, en_only) = (only(&vi_ids, &en_ids), only(&en_ids, &vi_ids));
        if !vi_only.is_empty() || !en_only.is_empty() {
            return Err(format!(
                "{}: in Vietnamese only {vi_only:?}, in English only {en_only:?}",
                t.name
            ));
        }
        if let Some(id) = vi_ids.iter().find(|id| self.plain.contains_key(*id)) {
            return Err(format!("{}: {id} is defined already", t.name));
        }
        self.vi
            .add_resource(vi)
            .map_err(|e| format!("{} (vi): {e:?}", t.name))?;
        self.en
            .add_resource(en)
            .map_err(|e| format!("{} (en): {e:?}", t.name))?;
        for id in vi_ids {
            let text = (written(&self.vi, &id), written(&self.en, &id));
            self.plain.insert(id, text);
        }
        self.added.push(t.name);
        Ok(())
    }
}

/// A message as written, variables left as they are, kept for the life of the process (each
/// message once: resources are added once).
fn written(bundle: &FluentBundle<FluentResource>, id: &str) -> &'static str {
    let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
        return MISSING;
    };
    let mut errors = Vec::new();
    let text = bundle.format_pattern(pattern, None, &mut errors);
    Box::leak(text.into_owned().into_boxed_str())
}

/// Adds a capability's messages to the catalogue (once; again changes nothing).
pub fn add(t: Translations) -> Result<(), String> {
    CATALOGUE
        .write()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .add(t)
}

/// The link to the other language; it comes back to the page it was on (the browser names it
/// in `Referer`, sent to lode's own origin).
pub fn language_switch(l: Lang) -> maud::Markup {
    let other = match l {
        Lang::Vi => Lang::En,
        Lang::En => Lang::Vi,
    };
    maud::html! {
        a.lang href={ "/lang/" (other.code()) } hreflang=(other.code()) lang=(other.code()) {
            (other.t("lang.switch"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shells_messages_parse_in_both_languages() {
        let mut catalogue = Catalogue {
            added: Vec::new(),
            vi: bundle("vi"),
            en: bundle("en"),
            plain: HashMap::new(),
        };
        assert_eq!(catalogue.add(SHELL), Ok(()));
        assert!(catalogue.plain.len() > 300);
        for (id, (vi, en)) in &catalogue.plain {
            assert!(!vi.is_empty() && !en.is_empty(), "{id}");
        }
        // a second resource may not define a message again
        let again = Translations {
            name: "again",
            ..SHELL
        };
        assert!(catalogue.add(again).is_err());
        let one_sided = Translations {
            name: "one-sided",
            vi: "a = A\nb = B\n",
            en: "a = A\n",
        };
        assert!(matches!(catalogue.add(one_sided), Err(e) if e.contains("in Vietnamese only")));
    }

    #[test]
    fn variables_plurals_days_and_amounts_are_filled() {
        let t = Translations {
            name: "test-fill",
            vi: "test-fill-a = Còn { $count } hồ sơ đến { $due_day }, lệ phí { $fee_dong } đồng\n",
            en: "test-fill-a = { $count ->\n    [one] One dossier\n   *[other] { $count } dossiers\n} left until { $due_day }, fee { $fee_dong } dong\n",
        };
        assert_eq!(add(t), Ok(()));
        let args = serde_json::json!({"count": 1, "due_day": "2026-12-31", "fee_dong": 1500000});
        assert_eq!(
            Lang::Vi.fill("test-fill.a", &args),
            "Còn 1 hồ sơ đến 31/12/2026, lệ phí 1.500.000 đồng"
        );
        assert_eq!(
            Lang::En.fill("test-fill.a", &args),
            "One dossier left until 31/12/2026, fee 1,500,000 dong"
        );
        let args = serde_json::json!({"count": 3, "due_day": "2026-12-31", "fee_dong": 0});
        assert!(
            Lang::En
                .fill("test-fill.a", &args)
                .starts_with("3 dossiers left")
        );
        assert_eq!(Lang::Vi.fill("no.such.key", &args), MISSING);
    }

    #[test]
    fn every_enum_value_has_a_label() {
        use lode_core::org::UnitKind;
        use lode_core::people::{Clearance, Role};
        for r in Role::ALL {
            assert_ne!(Lang::Vi.t(&format!("role.{}", r.as_str())), MISSING);
        }
        for c in Clearance::ALL {
            assert_ne!(Lang::En.t(&format!("clearance.{}", c.as_str())), MISSING);
        }
        for k in UnitKind::ALL {
            assert_ne!(Lang::Vi.t(&format!("unit_kind.{}", k.as_str())), MISSING);
        }
    }
}
