//! Fees and charges of the public services, as data: each procedure version names a
//! [`FeeRule`], kept as JSON in the catalogue and edited by an administrator; [`FeeRule::compute`]
//! gives the amount in đồng with the calculation shown step by step, as the applicant sees it.
//!
//! Quantities (an area in hectares, a cost in đồng, a reserve in tonnes) are decimal numbers
//! entered on the form; they are kept as thousandths in integers, and amounts are computed in
//! 128-bit integers and rounded to the đồng once, at the end, so that no binary fraction creeps
//! in. Rules in force (Circular 191/2016/TT-BTC, Circular 11/2024/TT-BTC, Decree 67/2019) are in
//! the seeded catalogue, not here.

use crate::validation::FieldErrors;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Thousandths: how quantities and factors are held.
pub const MILLI: i128 = 1000;

/// Why a number typed on a form does not read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberError {
    /// Not a number at all, or one with a sign or more than three decimals.
    NotANumber,
    /// One comma before three digits (`2,500`): thousands in English writing, a decimal comma
    /// in Vietnamese. Read either way it could cost someone a thousandfold fee, so the form
    /// asks.
    Ambiguous,
}

/// A decimal number as thousandths, written as people write it: `1250.5`, `1,5` (a Vietnamese
/// decimal comma), `50.000`, `2.500.000.000` and `2 500 000` (thousands grouped, as lode
/// writes them), `1.250.000,5`, `2,500,000.75` (English grouping). A single comma before
/// exactly three digits (`2,500`) is [`NumberError::Ambiguous`]. What is stored is written
/// again by [`stored_milli`], which [`parse_milli`] reads back.
pub fn read_milli(text: &str) -> Result<i128, NumberError> {
    use NumberError::{Ambiguous, NotANumber};
    let t = text.trim();
    if t.is_empty() || t.chars().count() > 40 {
        return Err(NotANumber);
    }
    let is_space = |c: char| matches!(c, ' ' | '\u{a0}' | '\u{202f}');
    let dots = t.matches('.').count();
    let commas = t.matches(',').count();
    let spaces = t.chars().filter(|c| is_space(*c)).count();
    // which mark is the decimal one, and which groups thousands
    let (decimal, group): (Option<char>, Option<char>) = if dots > 0 && commas > 0 {
        let last_dot = t.rfind('.').unwrap_or(0);
        let last_comma = t.rfind(',').unwrap_or(0);
        if last_comma > last_dot {
            (Some(','), Some('.'))
        } else {
            (Some('.'), Some(','))
        }
    } else if commas > 1 {
        (None, Some(','))
    } else if commas == 1 {
        // one comma before three digits (`2,500`): thousands in English writing
        if grouped_like(t, ',', spaces) {
            return Err(Ambiguous);
        }
        (Some(','), None)
    } else if dots > 1 {
        (None, Some('.'))
    } else if dots == 1 {
        // one dot before three digits (`50.000`): thousands, as Vietnamese writes them and
        // lode shows them
        if grouped_like(t, '.', spaces) {
            (None, Some('.'))
        } else {
            (Some('.'), None)
        }
    } else {
        (None, None)
    };
    if spaces > 0 && group.is_some() {
        return Err(NotANumber);
    }
    let group = group.or((spaces > 0).then_some(' '));
    let t: String = t
        .chars()
        .map(|c| if is_space(c) { ' ' } else { c })
        .collect();
    let (whole, frac) = match decimal {
        Some(d) => {
            let (w, f) = t.split_once(d).ok_or(NotANumber)?;
            if f.contains(d) {
                return Err(NotANumber);
            }
            (w.to_string(), f.to_string())
        }
        None => (t.clone(), String::new()),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let whole: String = match group {
        Some(g) => {
            let mut parts = whole.split(g);
            let first = parts.next().unwrap_or("");
            if !digits(first) || first.len() > 3 {
                return Err(NotANumber);
            }
            let mut joined = first.to_string();
            for p in parts {
                if p.len() != 3 || !digits(p) {
                    return Err(NotANumber);
                }
                joined.push_str(p);
            }
            joined
        }
        None => whole,
    };
    if !digits(&whole) || frac.len() > 3 || !(frac.is_empty() || digits(&frac)) {
        return Err(NotANumber);
    }
    if decimal.is_some() && frac.is_empty() {
        return Err(NotANumber);
    }
    let whole: i128 = whole.parse().map_err(|_| NotANumber)?;
    let frac: i128 = format!("{frac:0<3}").parse().map_err(|_| NotANumber)?;
    whole
        .checked_mul(MILLI)
        .and_then(|w| w.checked_add(frac))
        .ok_or(NotANumber)
}

/// Whether `t` is one group of thousands after its first digits (`2.500`, `2,500`): the mark
/// read one way as thousands and the other as a decimal point.
fn grouped_like(t: &str, mark: char, spaces: usize) -> bool {
    let (whole, frac) = t.split_once(mark).unwrap_or((t, ""));
    (1..=3).contains(&whole.len())
        && whole != "0"
        && frac.len() == 3
        && spaces == 0
        && whole
            .bytes()
            .chain(frac.bytes())
            .all(|b| b.is_ascii_digit())
}

/// A number as lode stores it: its digits, and a decimal point before its thousandths when it
/// has some (`50000`, `2.5`), never grouped, so that [`parse_milli`] reads it one way only.
pub fn stored_milli(v: i128) -> String {
    let frac = (v % MILLI).abs();
    let whole = v / MILLI;
    let sign = if v < 0 && whole == 0 { "-" } else { "" };
    if frac == 0 {
        format!("{sign}{whole}")
    } else {
        format!(
            "{sign}{whole}.{}",
            format!("{frac:03}").trim_end_matches('0')
        )
    }
}

/// The text to store for `typed`, which [`read_milli`] read as `value`: as typed when
/// [`parse_milli`] reads it back the same, else as [`stored_milli`] writes it (`50.000`, which
/// a stored number would read as fifty).
pub fn as_stored(typed: &str, value: i128) -> String {
    if parse_milli(typed) == Some(value) {
        typed.trim().to_string()
    } else {
        stored_milli(value)
    }
}

/// A number already stored (a form's values, the catalogue's own figures): as [`read_milli`]
/// reads it, save that a single mark before three digits (`12.500`, `2,500`) is a decimal
/// mark, as stored numbers ([`stored_milli`]) and those kept before the form asked write it.
pub fn parse_milli(text: &str) -> Option<i128> {
    if grouped_like(text.trim(), '.', 0) {
        let (whole, frac) = text.trim().split_once('.')?;
        let whole: i128 = whole.parse().ok()?;
        let frac: i128 = frac.parse().ok()?;
        return whole.checked_mul(MILLI)?.checked_add(frac);
    }
    match read_milli(text) {
        Ok(v) => Some(v),
        Err(NumberError::Ambiguous) => {
            let t = text.trim().replace(',', ".");
            let (whole, frac) = t.split_once('.')?;
            let whole: i128 = whole.parse().ok()?;
            let frac: i128 = format!("{frac:0<3}").parse().ok()?;
            whole.checked_mul(MILLI)?.checked_add(frac)
        }
        Err(NumberError::NotANumber) => None,
    }
}

/// An amount of đồng in Vietnamese words, as receipts write it after the figure:
/// `2_500_000` → "Hai triệu năm trăm nghìn đồng".
pub fn dong_in_words(dong: i128) -> String {
    let words = if dong <= 0 {
        "không".to_string()
    } else {
        number_words(dong, true)
    };
    let mut chars = words.chars();
    let first: String = chars
        .next()
        .map(|c| c.to_uppercase().collect())
        .unwrap_or_default();
    format!("{first}{} đồng", chars.as_str())
}

const DIGIT_WORDS: [&str; 10] = [
    "không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín",
];

/// `n` (> 0) in words; `leading`: nothing stands before it (no "không trăm" to pad with).
fn number_words(n: i128, leading: bool) -> String {
    const BILLION: i128 = 1_000_000_000;
    if n >= BILLION {
        let (high, rest) = (n / BILLION, n % BILLION);
        let mut out = format!("{} tỷ", number_words(high, leading));
        if rest > 0 {
            out.push(' ');
            out.push_str(&number_words(rest, false));
        }
        return out;
    }
    let groups = [
        (n / 1_000_000, "triệu"),
        ((n / 1000) % 1000, "nghìn"),
        (n % 1000, ""),
    ];
    let mut parts: Vec<String> = Vec::new();
    let mut first = leading;
    for (g, name) in groups {
        if g == 0 {
            continue;
        }
        let mut words = triple_words(g, !first);
        if !name.is_empty() {
            words.push(' ');
            words.push_str(name);
        }
        parts.push(words);
        first = false;
    }
    parts.join(" ")
}

/// Three digits in words; `full`: a group after another, read with its hundreds and its
/// "lẻ" (`5` after a million reads "không trăm lẻ năm").
fn triple_words(x: i128, full: bool) -> String {
    let (h, t, u) = (
        (x / 100) as usize,
        ((x / 10) % 10) as usize,
        (x % 10) as usize,
    );
    let mut w: Vec<&str> = Vec::new();
    if h > 0 || full {
        w.push(DIGIT_WORDS[h]);
        w.push("trăm");
    }
    match t {
        0 if u > 0 && (h > 0 || full) => w.push("lẻ"),
        0 => {}
        1 => w.push("mười"),
        _ => {
            w.push(DIGIT_WORDS[t]);
            w.push("mươi");
        }
    }
    if u > 0 {
        w.push(match u {
            1 if t > 1 => "mốt",
            4 if t > 1 => "tư",
            5 if t > 0 => "lăm",
            _ => DIGIT_WORDS[u],
        });
    }
    w.join(" ")
}

/// Thousandths as a decimal in Vietnamese writing: `1.250.000,5`.
pub fn format_milli(v: i128) -> String {
    let whole = format_dong(v / MILLI);
    let frac = (v % MILLI).abs();
    if frac == 0 {
        whole
    } else {
        format!("{whole},{}", format!("{frac:03}").trim_end_matches('0'))
    }
}

/// An amount in đồng with Vietnamese thousands separators: `10.000.000`.
pub fn format_dong(v: i128) -> String {
    let digits = v.abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    if v < 0 { format!("-{out}") } else { out }
}

/// One step of a bracketed scale: it applies to quantities below `max` (or up to it, with
/// `max_inclusive`; no `max` for the last), and charges `base` đồng plus `rate_bp` basis points
/// (hundredths of a per cent) of the part above `over`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bracket {
    /// In the input's unit, as text (`"1000000000"`, `"100"`).
    pub max: Option<String>,
    #[serde(default)]
    pub max_inclusive: bool,
    pub base: i64,
    #[serde(default)]
    pub rate_bp: i64,
    /// Where the part charged by `rate_bp` starts, in the input's unit.
    #[serde(default)]
    pub over: Option<String>,
}

/// A choice of the form with the amount or factor it means.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    pub key: String,
    pub label: String,
    /// An amount in đồng ([`FeeRule::Table`]) or a factor as a decimal (`"0.9"`, `"4"` per
    /// cent for R).
    pub value: String,
}

/// Something charged per unit: a catalogue per visit, a volume, a drawing, a page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    /// The form field giving how many.
    pub input: String,
    pub label: String,
    /// Đồng per unit.
    pub price: i64,
}

/// How a procedure's fee is worked out from what the applicant entered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum FeeRule {
    /// No fee.
    Free,
    /// One amount.
    Fixed { amount: i64, label: String },
    /// By a quantity on the form (an area, a cost) on a bracketed scale.
    Brackets {
        input: String,
        label: String,
        unit: String,
        brackets: Vec<Bracket>,
    },
    /// By a choice on the form (the kind of mineral, the size of the site).
    Table {
        input: String,
        label: String,
        choices: Vec<Choice>,
    },
    /// A price per unit for each kind of thing asked for, added up.
    PerItem { items: Vec<Item> },
    /// The mining-right fee, T = Q × G × K1 × K2 × R: Q the reserve (form field `q`, its unit
    /// `unit`), G the provincial resource-tax price in đồng per unit (field `g`), K1 by mining
    /// method, K2 by the area's conditions, R by mineral group, in per cent (fields `k1`,
    /// `k2`, `r` choosing among the choices).
    MiningRight {
        unit: String,
        k1: Vec<Choice>,
        k2: Vec<Choice>,
        r: Vec<Choice>,
    },
}

/// An amount and how it was reached, line by line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Estimate {
    pub amount: i64,
    pub steps: Vec<FeeStep>,
}

/// One line of how a fee was reached, as a message and its arguments, so that each reader's
/// language words it: amounts of đồng in arguments named `…_dong`, decimals kept as
/// thousandths in arguments named `…_milli`, the procedure's own words (a label, a unit, a
/// choice) as text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeeStep {
    /// One of [`FeeStep::MESSAGES`].
    pub message: String,
    pub args: BTreeMap<String, serde_json::Value>,
}

impl FeeStep {
    /// Every message the engine writes a step with (a step stored before steps were messages
    /// is read back as `text`: see [`FeeStep::read_stored`]).
    pub const MESSAGES: &[&str] = &[
        "free",
        "fixed",
        "quantity",
        "flat",
        "rate",
        "chosen",
        "item",
        "reserve",
        "tax_price",
        "factor",
        "percent",
        "product",
    ];

    /// The steps as stored with a dossier: messages, or lines of text written before steps
    /// were messages (each kept as a step `text`, whose argument `text` is the line).
    pub fn read_stored(stored: &str) -> Vec<FeeStep> {
        if let Ok(steps) = serde_json::from_str(stored) {
            return steps;
        }
        serde_json::from_str::<Vec<String>>(stored)
            .unwrap_or_default()
            .into_iter()
            .map(|line| FeeStep::new("text", &[("text", serde_json::Value::String(line))]))
            .collect()
    }

    fn new(message: &str, args: &[(&str, serde_json::Value)]) -> Self {
        FeeStep {
            message: message.to_string(),
            args: args
                .iter()
                .map(|(k, v)| ((*k).to_string(), v.clone()))
                .collect(),
        }
    }
}

/// A number the engine worked out (thousandths, đồng or a count) as a step's argument (one
/// beyond what JSON numbers hold exactly is not a fee any procedure charges, and is refused by
/// the amount's bound before it is shown).
fn number_arg(v: i128) -> serde_json::Value {
    serde_json::Value::from(i64::try_from(v).unwrap_or(i64::MAX))
}

/// Text as a step's argument.
fn text_arg(s: &str) -> serde_json::Value {
    serde_json::Value::String(s.to_string())
}

/// The most a fee may come to (a sanity bound: a typo in a reserve should not make a number
/// no one can pay).
pub const MAX_AMOUNT: i128 = 1_000_000_000_000_000;

fn field_error(errors: &mut FieldErrors, field: &str, message: &str) {
    errors.add(field, "invalid", message);
}

/// Rounds thousandths of a đồng to the đồng, halves up.
fn round_milli(v: i128) -> i128 {
    (v + MILLI / 2).div_euclid(MILLI)
}

impl FeeRule {
    /// Checks the rule itself (what the administrator entered): brackets in order, numbers
    /// that read, choices with keys.
    pub fn validate(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        let mut number = |text: &str, what: &str| {
            if parse_milli(text).is_none() {
                field_error(
                    &mut errors,
                    "fee_rule",
                    &format!("{what}: \"{text}\" is not a number"),
                );
            }
        };
        match self {
            Self::Free => {}
            Self::Fixed { amount, .. } => {
                if *amount < 0 {
                    number("-", "the amount");
                }
            }
            Self::Brackets { brackets, .. } => {
                for b in brackets {
                    if let Some(m) = &b.max {
                        number(m, "a bracket's bound");
                    }
                    if let Some(o) = &b.over {
                        number(o, "a bracket's start");
                    }
                }
                let bounds: Vec<i128> = brackets
                    .iter()
                    .filter_map(|b| b.max.as_deref().and_then(parse_milli))
                    .collect();
                if bounds.windows(2).any(|w| w[0] >= w[1])
                    || brackets.is_empty()
                    || brackets.iter().rev().skip(1).any(|b| b.max.is_none())
                    || brackets.iter().any(|b| b.base < 0 || b.rate_bp < 0)
                {
                    errors.add(
                        "fee_rule",
                        "brackets",
                        "brackets go from the smallest bound up, only the last without one, amounts not negative",
                    );
                }
            }
            Self::Table { choices, .. } => {
                for c in choices {
                    number(&c.value, &c.label);
                }
                if choices.is_empty() {
                    errors.add("fee_rule", "choices", "a table needs choices");
                }
            }
            Self::PerItem { items } => {
                if items.is_empty() || items.iter().any(|i| i.price < 0) {
                    errors.add("fee_rule", "items", "items with prices not negative");
                }
            }
            Self::MiningRight { k1, k2, r, .. } => {
                for c in k1.iter().chain(k2).chain(r) {
                    number(&c.value, &c.label);
                }
                if k1.is_empty() || k2.is_empty() || r.is_empty() {
                    errors.add("fee_rule", "factors", "K1, K2 and R each need choices");
                }
            }
        }
        // what the applicant reads of each line of the fee: a choice's or an item's name
        let unnamed = match self {
            Self::PerItem { items } => items.iter().any(|i| i.label.trim().is_empty()),
            _ => self.choices_read().iter().any(|(_, cs)| {
                cs.iter()
                    .any(|c| c.label.trim().is_empty() || c.key.trim().is_empty())
            }),
        };
        if unnamed {
            errors.add(
                "fee_rule",
                "unnamed_line",
                "each line of the fee with its key and its name",
            );
        }
        // one amount or factor for each choice: a key twice would leave one of them unread
        for (_, choices) in self.choices_read() {
            let keys: Vec<&str> = choices.iter().map(|c| c.key.as_str()).collect();
            if keys.iter().enumerate().any(|(i, k)| keys[..i].contains(k)) {
                errors.add(
                    "fee_rule",
                    "duplicate_choice",
                    "each choice once in a table of the fee",
                );
            }
        }
        errors.into_result()
    }

    /// The choices the rule reads of each form field it reads by a choice: a table's of its
    /// input, the mining-right fee's K1, K2 and R of the fields `k1`, `k2` and `r`.
    pub fn choices_read(&self) -> Vec<(String, &[Choice])> {
        match self {
            Self::Table { input, choices, .. } => vec![(input.clone(), choices.as_slice())],
            Self::MiningRight { k1, k2, r, .. } => vec![
                ("k1".to_string(), k1.as_slice()),
                ("k2".to_string(), k2.as_slice()),
                ("r".to_string(), r.as_slice()),
            ],
            _ => Vec::new(),
        }
    }

    /// The form fields the rule reads.
    pub fn inputs(&self) -> Vec<String> {
        match self {
            Self::Free | Self::Fixed { .. } => Vec::new(),
            Self::Brackets { input, .. } | Self::Table { input, .. } => vec![input.clone()],
            Self::PerItem { items } => items.iter().map(|i| i.input.clone()).collect(),
            Self::MiningRight { .. } => ["q", "g", "k1", "k2", "r"].map(String::from).to_vec(),
        }
    }

    /// The fee for the form's `values`, or the fields that are missing or wrong.
    pub fn compute(&self, values: &BTreeMap<String, String>) -> Result<Estimate, FieldErrors> {
        let mut errors = FieldErrors::new();
        let mut quantity = |field: &str| -> Option<i128> {
            let v = values.get(field).and_then(|t| parse_milli(t));
            if v.is_none() {
                errors.add(field, "number", "enter a number (up to three decimals)");
            }
            v
        };
        let (amount, steps) = match self {
            Self::Free => (0, vec![FeeStep::new("free", &[])]),
            Self::Fixed { amount, label } => (
                i128::from(*amount),
                vec![FeeStep::new(
                    "fixed",
                    &[
                        ("label", text_arg(label)),
                        ("amount_dong", (*amount).into()),
                    ],
                )],
            ),
            Self::Brackets {
                input,
                label,
                unit,
                brackets,
            } => {
                let Some(q) = quantity(input) else {
                    return Err(errors);
                };
                let found =
                    brackets
                        .iter()
                        .find(|b| match b.max.as_deref().and_then(parse_milli) {
                            None => true,
                            Some(m) if b.max_inclusive => q <= m,
                            Some(m) => q < m,
                        });
                let Some(b) = found else {
                    errors.add(
                        input,
                        "range",
                        "the value is outside every bracket of the scale",
                    );
                    return Err(errors);
                };
                let over = b.over.as_deref().and_then(parse_milli).unwrap_or(0);
                let above = (q - over).max(0);
                // base + rate_bp / 10 000 of the part above: in thousandths of a đồng
                let milli = i128::from(b.base) * MILLI + above * i128::from(b.rate_bp) / 10_000;
                let amount = round_milli(milli);
                let mut steps = vec![FeeStep::new(
                    "quantity",
                    &[
                        ("label", text_arg(label)),
                        ("quantity_milli", number_arg(q)),
                        ("unit", text_arg(unit)),
                    ],
                )];
                if b.rate_bp == 0 {
                    steps.push(FeeStep::new("flat", &[("amount_dong", number_arg(amount))]));
                } else {
                    steps.push(FeeStep::new(
                        "rate",
                        &[
                            ("base_dong", b.base.into()),
                            ("rate_milli", number_arg(i128::from(b.rate_bp) * 10)),
                            ("quantity_milli", number_arg(q)),
                            ("over_milli", number_arg(over)),
                            ("amount_dong", number_arg(amount)),
                        ],
                    ));
                }
                (amount, steps)
            }
            Self::Table {
                input,
                label,
                choices,
            } => {
                let chosen = values
                    .get(input)
                    .and_then(|k| choices.iter().find(|c| c.key == *k));
                let Some(c) = chosen else {
                    errors.add(input, "choice", "choose from the list");
                    return Err(errors);
                };
                let amount = parse_milli(&c.value).map(|v| v / MILLI).unwrap_or(0);
                (
                    amount,
                    vec![FeeStep::new(
                        "chosen",
                        &[
                            ("label", text_arg(label)),
                            ("choice", text_arg(&c.label)),
                            ("amount_dong", number_arg(amount)),
                        ],
                    )],
                )
            }
            Self::PerItem { items } => {
                let mut total = 0i128;
                let mut steps = Vec::new();
                for item in items {
                    let n = match values.get(&item.input).map(|t| t.trim()) {
                        None | Some("") => 0,
                        Some(t) => match t.parse::<u32>() {
                            Ok(n) if n <= 100_000 => i128::from(n),
                            _ => {
                                errors.add(
                                    &item.input,
                                    "count_range",
                                    "a whole number, at most 100 000",
                                );
                                continue;
                            }
                        },
                    };
                    if n > 0 {
                        let part = n * i128::from(item.price);
                        total += part;
                        steps.push(FeeStep::new(
                            "item",
                            &[
                                ("label", text_arg(&item.label)),
                                ("count_milli", number_arg(n * MILLI)),
                                ("price_dong", item.price.into()),
                                ("part_dong", number_arg(part)),
                            ],
                        ));
                    }
                }
                if steps.is_empty() && errors.is_empty() {
                    errors.add(
                        &items.first().map(|i| i.input.clone()).unwrap_or_default(),
                        "count",
                        "ask for at least one item",
                    );
                }
                (total, steps)
            }
            Self::MiningRight { unit, k1, k2, r } => {
                let q = quantity("q");
                let g = quantity("g");
                let mut factor = |field: &str, choices: &[Choice]| -> Option<(i128, String)> {
                    let c = values
                        .get(field)
                        .and_then(|k| choices.iter().find(|c| c.key == *k));
                    match c.and_then(|c| Some((parse_milli(&c.value)?, c.label.clone()))) {
                        Some(f) => Some(f),
                        None => {
                            errors.add(field, "choice", "choose from the list");
                            None
                        }
                    }
                };
                let (k1, k2, r) = (factor("k1", k1), factor("k2", k2), factor("r", r));
                let (Some(q), Some(g), Some(k1), Some(k2), Some(r)) = (q, g, k1, k2, r) else {
                    return Err(errors);
                };
                // all in thousandths: Q × G × K1 × K2 × R% → divide the four extra scales and
                // the per cent out once
                let product = q
                    .checked_mul(g)
                    .and_then(|v| v.checked_mul(k1.0))
                    .and_then(|v| v.checked_mul(k2.0))
                    .and_then(|v| v.checked_mul(r.0));
                let Some(product) = product else {
                    errors.add("q", "range", "the numbers are too large");
                    return Err(errors);
                };
                let milli = product / (MILLI * MILLI * MILLI * MILLI * 100);
                let amount = round_milli(milli);
                let factor_step = |name: &str, (value, label): &(i128, String)| {
                    FeeStep::new(
                        "factor",
                        &[
                            ("name", text_arg(name)),
                            ("label", text_arg(label)),
                            ("value_milli", number_arg(*value)),
                        ],
                    )
                };
                let steps = vec![
                    FeeStep::new(
                        "reserve",
                        &[("quantity_milli", number_arg(q)), ("unit", text_arg(unit))],
                    ),
                    FeeStep::new(
                        "tax_price",
                        &[("price_milli", number_arg(g)), ("unit", text_arg(unit))],
                    ),
                    factor_step("K1", &k1),
                    factor_step("K2", &k2),
                    FeeStep::new(
                        "percent",
                        &[("label", text_arg(&r.1)), ("value_milli", number_arg(r.0))],
                    ),
                    FeeStep::new(
                        "product",
                        &[
                            ("q_milli", number_arg(q)),
                            ("g_milli", number_arg(g)),
                            ("k1_milli", number_arg(k1.0)),
                            ("k2_milli", number_arg(k2.0)),
                            ("r_milli", number_arg(r.0)),
                            ("amount_dong", number_arg(amount)),
                        ],
                    ),
                ];
                (amount, steps)
            }
        };
        errors.into_result()?;
        if !(0..=MAX_AMOUNT).contains(&amount) {
            return Err(FieldErrors::single(
                "fee",
                "range",
                "the fee comes to more than any procedure charges: check the numbers",
            ));
        }
        Ok(Estimate {
            amount: amount as i64,
            steps,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn bracket(max: Option<&str>, inclusive: bool, base: i64, rate_bp: i64, over: &str) -> Bracket {
        Bracket {
            max: max.map(String::from),
            max_inclusive: inclusive,
            base,
            rate_bp,
            over: Some(over.to_string()),
        }
    }

    /// Circular 191/2016: the reserve appraisal fee by the actual exploration cost.
    fn appraisal() -> FeeRule {
        FeeRule::Brackets {
            input: "exploration_cost".into(),
            label: "Chi phí thăm dò".into(),
            unit: "đồng".into(),
            brackets: vec![
                bracket(Some("1000000000"), true, 10_000_000, 0, "0"),
                bracket(Some("10000000000"), true, 10_000_000, 50, "1000000000"),
                bracket(Some("20000000000"), true, 55_000_000, 30, "10000000000"),
                bracket(None, false, 85_000_000, 20, "20000000000"),
            ],
        }
    }

    #[test]
    fn numbers_read_as_the_form_writes_them() {
        assert_eq!(parse_milli("1250.5"), Some(1_250_500));
        assert_eq!(parse_milli("1,5"), Some(1_500));
        assert_eq!(parse_milli(" 42 "), Some(42_000));
        assert_eq!(parse_milli("0.500"), Some(500));
        assert_eq!(parse_milli("12.50"), Some(12_500));
        assert_eq!(parse_milli("1234.567"), Some(1_234_567));
        // thousands grouped the Vietnamese way, with spaces, or the English way
        assert_eq!(parse_milli("2.500.000.000"), Some(2_500_000_000_000));
        assert_eq!(parse_milli("1.250.000,5"), Some(1_250_000_500));
        assert_eq!(parse_milli("2 500 000"), Some(2_500_000_000));
        assert_eq!(parse_milli("2\u{a0}500,25"), Some(2_500_250));
        assert_eq!(parse_milli("2,500,000"), Some(2_500_000_000));
        assert_eq!(parse_milli("2,500,000.75"), Some(2_500_000_750));
        // typed, a dot before three digits groups thousands, as lode writes them
        assert_eq!(read_milli("50.000"), Ok(50_000_000));
        assert_eq!(read_milli("1.000"), Ok(1_000_000));
        assert_eq!(read_milli("0.500"), Ok(500));
        // stored, one mark before three digits is a decimal mark: what lode stores reads back
        assert_eq!(parse_milli("12.500"), Some(12_500));
        assert_eq!(parse_milli("2,500"), Some(2_500));
        for v in [
            0,
            1,
            500,
            1_125,
            2_500,
            50_000_000,
            1_234_567,
            2_500_000_000_000,
        ] {
            assert_eq!(parse_milli(&stored_milli(v)), Some(v), "{v}");
        }
        assert_eq!(stored_milli(50_000_000), "50000");
        assert_eq!(as_stored(" 5.000.000 ", 5_000_000_000), "5.000.000");
        assert_eq!(as_stored("50.000", 50_000_000), "50000");
        assert_eq!(stored_milli(2_500), "2.5");
        // a comma before three digits: a thousand or one, the form asks
        for unclear in ["2,500", "1,000", "180,500"] {
            assert_eq!(
                read_milli(unclear),
                Err(NumberError::Ambiguous),
                "{unclear}"
            );
        }
        for bad in [
            "",
            "-1",
            "1.2345",
            "1.000.00",
            "12.34.567",
            "abc",
            "1e9",
            "+3",
            ".",
            "1,",
            "1.",
            "2.500,000,5",
            "1,2,3",
            "25 00",
            "1.000.000,1234",
        ] {
            assert_eq!(read_milli(bad), Err(NumberError::NotANumber), "{bad}");
        }
        assert_eq!(format_dong(10_000_000), "10.000.000");
        assert_eq!(format_dong(999), "999");
        assert_eq!(format_milli(1_250_500), "1.250,5");
    }

    #[test]
    fn amounts_in_words_as_receipts_write_them() {
        for (n, words) in [
            (0, "Không đồng"),
            (5, "Năm đồng"),
            (15, "Mười lăm đồng"),
            (21, "Hai mươi mốt đồng"),
            (105, "Một trăm lẻ năm đồng"),
            (1_000, "Một nghìn đồng"),
            (24_500, "Hai mươi tư nghìn năm trăm đồng"),
            (2_500_000, "Hai triệu năm trăm nghìn đồng"),
            (1_005_000, "Một triệu không trăm lẻ năm nghìn đồng"),
            (1_000_005, "Một triệu không trăm lẻ năm đồng"),
            (30_000_000_000, "Ba mươi tỷ đồng"),
            (
                1_234_567_891,
                "Một tỷ hai trăm ba mươi tư triệu năm trăm sáu mươi bảy nghìn tám trăm chín mươi mốt đồng",
            ),
            (2_000_050_000, "Hai tỷ không trăm năm mươi nghìn đồng"),
        ] {
            assert_eq!(dong_in_words(n), words, "{n}");
        }
    }

    #[test]
    fn the_reserve_appraisal_scale_is_continuous() -> Result<(), FieldErrors> {
        let rule = appraisal();
        rule.validate()?;
        let fee = |cost: &str| {
            rule.compute(&values(&[("exploration_cost", cost)]))
                .map(|e| e.amount)
        };
        assert_eq!(fee("800000000")?, 10_000_000);
        assert_eq!(fee("1000000000")?, 10_000_000);
        assert_eq!(fee("5000000000")?, 30_000_000);
        assert_eq!(fee("10000000000")?, 55_000_000);
        assert_eq!(fee("15000000000")?, 70_000_000);
        assert_eq!(fee("20000000000")?, 85_000_000);
        assert_eq!(fee("30000000000")?, 105_000_000);
        // a fraction of a đồng rounds half up
        assert_eq!(fee("1000000001")?, 10_000_000);
        assert_eq!(fee("1000000100")?, 10_000_001);
        let shown = rule.compute(&values(&[("exploration_cost", "5000000000")]))?;
        assert!(
            shown.steps.iter().any(|s| s.message == "rate"
                && s.args["rate_milli"] == 500
                && s.args["amount_dong"] == 30_000_000),
            "{:?}",
            shown.steps
        );
        assert!(fee("abc").is_err());
        assert!(rule.compute(&values(&[])).is_err());
        Ok(())
    }

    #[test]
    fn the_exploration_licence_fee_by_area() -> Result<(), FieldErrors> {
        let rule = FeeRule::Brackets {
            input: "area_ha".into(),
            label: "Diện tích thăm dò".into(),
            unit: "ha".into(),
            brackets: vec![
                bracket(Some("100"), false, 4_000_000, 0, "0"),
                bracket(Some("50000"), true, 10_000_000, 0, "0"),
                bracket(None, false, 15_000_000, 0, "0"),
            ],
        };
        rule.validate()?;
        let fee = |a: &str| rule.compute(&values(&[("area_ha", a)])).map(|e| e.amount);
        assert_eq!(fee("99.9")?, 4_000_000);
        assert_eq!(fee("100")?, 10_000_000);
        assert_eq!(fee("50000")?, 10_000_000);
        assert_eq!(fee("50000.001")?, 15_000_000);
        Ok(())
    }

    #[test]
    fn consultation_charges_add_up() -> Result<(), FieldErrors> {
        // Circular 11/2024: the catalogue per visit, a text per volume, a drawing each
        let rule = FeeRule::PerItem {
            items: vec![
                Item {
                    input: "catalogue_visits".into(),
                    label: "Tra cứu mục lục".into(),
                    price: 6_000,
                },
                Item {
                    input: "volumes".into(),
                    label: "Tài liệu dạng lời, phụ lục".into(),
                    price: 9_000,
                },
                Item {
                    input: "drawings".into(),
                    label: "Bản vẽ".into(),
                    price: 8_500,
                },
            ],
        };
        rule.validate()?;
        let e = rule.compute(&values(&[
            ("catalogue_visits", "1"),
            ("volumes", "3"),
            ("drawings", "2"),
        ]))?;
        assert_eq!(e.amount, 6_000 + 27_000 + 17_000);
        assert_eq!(e.steps.len(), 3);
        assert!(rule.compute(&values(&[])).is_err(), "nothing asked for");
        assert!(rule.compute(&values(&[("volumes", "-2")])).is_err());
        Ok(())
    }

    fn mining_right() -> FeeRule {
        let choice = |key: &str, label: &str, value: &str| Choice {
            key: key.into(),
            label: label.into(),
            value: value.into(),
        };
        FeeRule::MiningRight {
            unit: "tấn".into(),
            k1: vec![
                choice("open_pit", "Lộ thiên", "0.9"),
                choice("underground", "Hầm lò", "0.6"),
                choice("water", "Nước khoáng, nước nóng", "1.0"),
            ],
            k2: vec![
                choice("especially_difficult", "Đặc biệt khó khăn", "0.90"),
                choice("difficult", "Khó khăn", "0.95"),
                choice("other", "Khu vực khác", "1.00"),
            ],
            r: vec![
                choice("group_1", "Nhóm I", "1"),
                choice("group_4", "Nhóm IV", "4"),
            ],
        }
    }

    #[test]
    fn the_mining_right_fee_is_the_product() -> Result<(), FieldErrors> {
        let rule = mining_right();
        rule.validate()?;
        // 2 000 000 t × 150 000 đ/t × 0.9 × 0.95 × 4% = 10 260 000 000 đ
        let e = rule.compute(&values(&[
            ("q", "2000000"),
            ("g", "150000"),
            ("k1", "open_pit"),
            ("k2", "difficult"),
            ("r", "group_4"),
        ]))?;
        assert_eq!(e.amount, 10_260_000_000);
        assert!(
            e.steps.last().is_some_and(
                |s| s.message == "product" && s.args["amount_dong"] == 10_260_000_000_i64
            ),
            "{:?}",
            e.steps
        );
        assert!(
            e.steps
                .iter()
                .all(|s| FeeStep::MESSAGES.contains(&s.message.as_str()))
        );
        // decimals in Q and rounding to the đồng
        let e = rule.compute(&values(&[
            ("q", "1234.567"),
            ("g", "98765"),
            ("k1", "underground"),
            ("k2", "especially_difficult"),
            ("r", "group_1"),
        ]))?;
        // 1234.567 × 98765 × 0.6 × 0.9 × 1% = 658 432.85... → 658 433
        assert_eq!(e.amount, 658_433);
        // a factor not in the list, a missing price
        let wrong = rule.compute(&values(&[
            ("q", "1"),
            ("k1", "dredging"),
            ("k2", "other"),
            ("r", "group_1"),
        ]));
        let fields: Vec<String> = wrong
            .err()
            .map(|e| e.0.iter().map(|f| f.field.clone()).collect())
            .unwrap_or_default();
        assert_eq!(fields, vec!["g".to_string(), "k1".to_string()]);
        // absurd sizes are refused, not wrapped
        assert!(
            rule.compute(&values(&[
                ("q", "999999999999999999"),
                ("g", "999999999999"),
                ("k1", "water"),
                ("k2", "other"),
                ("r", "group_4"),
            ]))
            .is_err()
        );
        Ok(())
    }

    #[test]
    fn rules_are_checked_when_entered_and_read_from_json() {
        let mut bad = appraisal();
        if let FeeRule::Brackets { brackets, .. } = &mut bad {
            brackets.swap(0, 1);
        }
        assert!(bad.validate().is_err(), "bounds out of order");
        let json = serde_json::to_string(&mining_right()).unwrap_or_default();
        let back: Result<FeeRule, _> = serde_json::from_str(&json);
        assert_eq!(back.ok(), Some(mining_right()));
        let unknown: Result<FeeRule, _> =
            serde_json::from_str(r#"{"kind":"fixed","amount":5,"label":"x","extra":1}"#);
        assert!(unknown.is_err());
        assert_eq!(mining_right().inputs(), vec!["q", "g", "k1", "k2", "r"]);
    }
}
