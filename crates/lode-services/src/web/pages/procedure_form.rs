//! The administrator's form of a procedure's new version: every part of it (its names and
//! legal basis, who may apply, the deadline and the dates in force, the papers of the dossier,
//! the online form's fields, the stages, the fee rule, the English words) as boxes, rows and
//! choices, never as a definition to type.
//!
//! - [`Values`]: the form's boxes by name, either a version written out ([`Values::of`]) or
//!   what the administrator sent; a refused form is shown again from what was sent, so nothing
//!   typed is lost.
//! - [`Values::read`]: the boxes read back into a [`Procedure`], or each refusal under the
//!   name of its box. The catalogue's own checks name a paper or a field by its place in the
//!   procedure (`documents[2].key`); [`Read::to_boxes`] turns such a place back into the row
//!   the administrator sees, whose boxes are named the same way.
//! - [`form`]: the boxes themselves. A list has one empty row to fill; "more rows" shows the
//!   form again with three, where they were asked for. What belongs to one kind of field or
//!   fee only (a number's unit, a choice's options, a bracket) is hidden by `forms.js` while
//!   another kind is chosen.
//!
//! The form carries the newest version it was drawn from (`drawn`): the catalogue refuses to
//! save it over a version saved meanwhile. A list holds at most [`MAX_ROWS`] rows, whatever
//! row numbers a request names.

use lode_core::calendar::DeadlineUnit;
use lode_core::fees::{
    Bracket, Choice, FeeRule, Item, MILLI, NumberError, format_dong, format_milli, parse_milli,
    read_milli,
};
use lode_core::services::{
    AREA_LICENCES, Applicant, FieldKind, FormField, Procedure, RequiredDocument, ServiceLevel,
    Stage, StageRole,
};
use lode_core::validation::FieldErrors;
use lode_web::i18n::Lang;
use lode_web::pages::{error_id, field_errors, required_mark};
use maud::{Markup, html};

/// The lists of rows the form has, each with the columns of a row.
const LISTS: [(&str, &[&str]); 9] = [
    (
        "documents",
        &["key", "name", "required", "must_sign", "template", "drop"],
    ),
    (
        "form",
        &[
            "key", "label", "kind", "required", "unit", "whole", "options", "licence", "drop",
        ],
    ),
    ("stages", &["name", "role", "days", "unit", "drop"]),
    (
        "fee.brackets",
        &["max", "max_inclusive", "base", "rate", "over"],
    ),
    ("fee.choices", &["key", "label", "value"]),
    ("fee.items", &["input", "label", "price"]),
    ("fee.k1", &["key", "label", "value"]),
    ("fee.k2", &["key", "label", "value"]),
    ("fee.r", &["key", "label", "value"]),
];

/// What the catalogue says of the fee rule as a whole that the form says beside the row it
/// concerns.
const SAID_BESIDE_THE_ROWS: [&str; 4] = [
    "invalid",
    "unnamed_line",
    "duplicate_choice",
    "fee_choice_unknown",
];

/// The most rows a list of the form holds (a procedure's papers, fields, stages, a fee's
/// rows, its English words): far more than any procedure has, few enough to draw.
const MAX_ROWS: usize = 500;

/// The kinds of fee rule, as the form's choice names them.
const FEE_KINDS: [&str; 6] = [
    "free",
    "fixed",
    "brackets",
    "table",
    "per_item",
    "mining_right",
];

/// The kinds of a form's field, as the form's choice names them.
const FIELD_KINDS: [&str; 6] = ["text", "paragraph", "number", "date", "choice", "area"];

/// The form's boxes by name, in the order sent, with where each name first comes: a form of
/// many rows reads each of its boxes once.
#[derive(Debug, Clone, Default)]
pub struct Values {
    pairs: Vec<(String, String)>,
    first: std::collections::HashMap<String, usize>,
}

/// A column whose choice every row sends, typed in or not (a field's kind, a stage's role and
/// unit, an area's licence).
fn chosen_in_every_row(list: &str, column: &str) -> bool {
    matches!(column, "kind" | "role" | "licence") || (column == "unit" && list != "form")
}

fn row(list: &str, i: usize, column: &str) -> String {
    format!("{list}[{i}].{column}")
}

impl Values {
    /// What the administrator sent.
    pub fn sent(pairs: Vec<(String, String)>) -> Self {
        let mut v = Self::default();
        for (name, value) in pairs {
            v.set(name, value);
        }
        v
    }

    fn set(&mut self, name: impl Into<String>, value: impl Into<String>) {
        let name = name.into();
        self.first.entry(name.clone()).or_insert(self.pairs.len());
        self.pairs.push((name, value.into()));
    }

    /// Drawn from what was sent rather than from a saved version: leaving it loses what was
    /// typed.
    pub fn unsaved(&self) -> bool {
        self.first.contains_key("csrf")
    }

    fn tick(&mut self, name: impl Into<String>, on: bool) {
        if on {
            self.set(name, "1");
        }
    }

    fn get(&self, name: &str) -> &str {
        self.first
            .get(name)
            .and_then(|i| self.pairs.get(*i))
            .map_or("", |(_, v)| v.as_str())
    }

    fn text(&self, name: &str) -> String {
        self.get(name).trim().to_string()
    }

    fn ticked(&self, name: &str) -> bool {
        !self.get(name).is_empty()
    }

    fn each(&self, name: &str) -> Vec<&str> {
        self.pairs
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// The rows of `list` holding anything typed or ticked (a choice made in every row, see
    /// [`chosen_in_every_row`], does not make a row held), up to [`MAX_ROWS`].
    fn rows_held(&self, list: &str) -> usize {
        let prefix = format!("{list}[");
        self.pairs
            .iter()
            .filter(|(_, v)| !v.trim().is_empty())
            .filter_map(|(k, _)| {
                let rest = k.strip_prefix(&prefix)?;
                let (i, column) = rest.split_once("].")?;
                (!chosen_in_every_row(list, column))
                    .then(|| i.parse::<usize>().ok())
                    .flatten()
            })
            // a row far down the list is no row the form drew: never one to count up to
            .filter(|i| *i < MAX_ROWS)
            .map(|i| i + 1)
            .max()
            .unwrap_or(0)
    }

    /// The procedure's name as the boxes hold it, or `code` while the box is empty.
    pub fn name_or<'a>(&'a self, code: &'a str) -> &'a str {
        match self.get("name").trim() {
            "" => code,
            name => name,
        }
    }

    /// These boxes, drawn from the procedure whose newest version is `token`
    /// (`catalogue::version_token`): saving them is refused if another was saved meanwhile.
    pub fn drawn_from(mut self, token: String) -> Self {
        self.set("drawn", token);
        self
    }

    /// These boxes as typed, drawn anew from the newest version `token`: what was typed
    /// against a version another administrator has since replaced, kept to be saved over it
    /// knowingly.
    pub fn redrawn_from(&self, token: String) -> Self {
        let kept = self.pairs.iter().filter(|(k, _)| k != "drawn").cloned();
        Self::sent(kept.collect()).drawn_from(token)
    }

    /// The newest version the form was drawn from (`catalogue::version_token`).
    pub fn drawn(&self) -> Option<&str> {
        Some(self.get("drawn")).filter(|t| !t.is_empty())
    }

    /// The administrator asked for more rows of a list, not to save.
    pub fn more_asked(&self) -> bool {
        !self.get("more").is_empty()
    }

    /// The rows to show of `list`: those held, and empty ones to fill (three when more were
    /// asked for).
    fn rows_shown(&self, list: &str) -> usize {
        let more = self.get("more") == list;
        (self.rows_held(list) + if more { 3 } else { 1 }).min(MAX_ROWS)
    }

    /// A version written out as the form's boxes. The English words are listed for each
    /// Vietnamese text the version holds, translated or not.
    pub fn of(p: &Procedure) -> Self {
        let mut v = Self::default();
        v.set("name", &p.name);
        v.set("field", &p.field);
        v.set("result", &p.result);
        v.set("legal_basis", p.legal_basis.join("\n"));
        v.set("level", level_name(p.level));
        for a in &p.applicants {
            v.set("applicants", applicant_name(*a));
        }
        v.tick("in_person", p.in_person);
        v.set("deadline", p.deadline.to_string());
        v.set("deadline_unit", p.deadline_unit.as_str());
        v.set("effective_from", p.effective_from.to_string());
        if let Some(to) = p.effective_to {
            v.set("effective_to", to.to_string());
        }
        for (i, d) in p.documents.iter().enumerate() {
            v.set(row("documents", i, "key"), &d.key);
            v.set(row("documents", i, "name"), &d.name);
            v.tick(row("documents", i, "required"), d.required);
            v.tick(row("documents", i, "must_sign"), d.must_sign);
            v.set(
                row("documents", i, "template"),
                d.template.clone().unwrap_or_default(),
            );
        }
        for (i, f) in p.form.iter().enumerate() {
            v.set(row("form", i, "key"), &f.key);
            v.set(row("form", i, "label"), &f.label);
            v.tick(row("form", i, "required"), f.required);
            let kind = match &f.kind {
                FieldKind::Text => "text",
                FieldKind::Paragraph => "paragraph",
                FieldKind::Date => "date",
                FieldKind::Number { unit, whole } => {
                    v.set(row("form", i, "unit"), unit);
                    v.tick(row("form", i, "whole"), *whole);
                    "number"
                }
                FieldKind::Choice { options } => {
                    let lines: Vec<String> =
                        options.iter().map(|(k, l)| format!("{k}: {l}")).collect();
                    v.set(row("form", i, "options"), lines.join("\n"));
                    "choice"
                }
                FieldKind::Area { licence } => {
                    v.set(row("form", i, "licence"), licence);
                    "area"
                }
            };
            v.set(row("form", i, "kind"), kind);
        }
        for (i, s) in p.stages.iter().enumerate() {
            v.set(row("stages", i, "name"), &s.name);
            v.set(row("stages", i, "role"), s.role.as_str());
            v.set(row("stages", i, "days"), s.days.to_string());
            v.set(row("stages", i, "unit"), s.unit.as_str());
        }
        v.fee_of(&p.fee);
        for (i, vi) in p.translatable().iter().enumerate() {
            v.set(row("en", i, "vi"), vi);
            v.set(
                row("en", i, "en"),
                p.en.get(vi).cloned().unwrap_or_default(),
            );
        }
        v
    }

    fn fee_of(&mut self, fee: &FeeRule) {
        let choices = |v: &mut Self, list: &str, choices: &[Choice], dong: bool| {
            for (i, c) in choices.iter().enumerate() {
                v.set(row(list, i, "key"), &c.key);
                v.set(row(list, i, "label"), &c.label);
                let value = match lode_core::fees::parse_milli(&c.value) {
                    Some(m) if dong => format_dong(m / lode_core::fees::MILLI),
                    _ => c.value.clone(),
                };
                v.set(row(list, i, "value"), value);
            }
        };
        let kind = match fee {
            FeeRule::Free => "free",
            FeeRule::Fixed { amount, label } => {
                self.set("fee.fixed.amount", format_dong(i128::from(*amount)));
                self.set("fee.fixed.label", label);
                "fixed"
            }
            FeeRule::Brackets {
                input,
                label,
                unit,
                brackets,
            } => {
                self.set("fee.brackets.input", input);
                self.set("fee.brackets.label", label);
                self.set("fee.brackets.unit", unit);
                let bound = |b: &Option<String>| match b.as_deref().map(parse_milli) {
                    Some(Some(m)) if m % MILLI == 0 && counted_in_dong(unit) => {
                        format_dong(m / MILLI)
                    }
                    _ => b.clone().unwrap_or_default(),
                };
                for (i, b) in brackets.iter().enumerate() {
                    let list = "fee.brackets";
                    self.set(row(list, i, "max"), bound(&b.max));
                    self.tick(row(list, i, "max_inclusive"), b.max_inclusive);
                    self.set(row(list, i, "base"), format_dong(i128::from(b.base)));
                    if b.rate_bp != 0 {
                        self.set(
                            row(list, i, "rate"),
                            format_milli(i128::from(b.rate_bp) * 10),
                        );
                    }
                    self.set(row(list, i, "over"), bound(&b.over));
                }
                "brackets"
            }
            FeeRule::Table {
                input,
                label,
                choices: table,
            } => {
                self.set("fee.table.input", input);
                self.set("fee.table.label", label);
                choices(self, "fee.choices", table, true);
                "table"
            }
            FeeRule::PerItem { items } => {
                for (i, it) in items.iter().enumerate() {
                    self.set(row("fee.items", i, "input"), &it.input);
                    self.set(row("fee.items", i, "label"), &it.label);
                    self.set(
                        row("fee.items", i, "price"),
                        format_dong(i128::from(it.price)),
                    );
                }
                "per_item"
            }
            FeeRule::MiningRight { unit, k1, k2, r } => {
                self.set("fee.mining_right.unit", unit);
                choices(self, "fee.k1", k1, false);
                choices(self, "fee.k2", k2, false);
                choices(self, "fee.r", r, false);
                "mining_right"
            }
        };
        self.set("fee.kind", kind);
    }

    /// The version the boxes say, for the procedure `code`; or what does not read, each under
    /// its box's name.
    pub fn read(&self, code: &str) -> Result<Read, FieldErrors> {
        let mut e = FieldErrors::new();
        let mut rows: Vec<(&'static str, Vec<usize>)> = Vec::new();
        let legal_basis: Vec<String> = self
            .get("legal_basis")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(String::from)
            .collect();
        let level = match self.get("level") {
            "full" => ServiceLevel::Full,
            "partial" => ServiceLevel::Partial,
            _ => {
                e.add("level", "invalid_choice", "choose the level");
                ServiceLevel::Partial
            }
        };
        let applicants: Vec<Applicant> = self
            .each("applicants")
            .into_iter()
            .filter_map(|a| match a {
                "business" => Some(Applicant::Business),
                "citizen" => Some(Applicant::Citizen),
                _ => None,
            })
            .collect();
        let deadline = whole(&mut e, "deadline", self.get("deadline"));
        let deadline_unit = unit(&mut e, "deadline_unit", self.get("deadline_unit"));
        let effective_from = match day(&mut e, "effective_from", self.get("effective_from")) {
            Some(d) => d,
            None => {
                if self.get("effective_from").trim().is_empty() {
                    e.add("effective_from", "required", "the day it takes effect");
                }
                lode_db::today()
            }
        };
        let effective_to = day(&mut e, "effective_to", self.get("effective_to"));

        let kept = self.kept("documents");
        let documents = kept
            .iter()
            .map(|&i| {
                let at = |c: &str| row("documents", i, c);
                let template = self.text(&at("template"));
                RequiredDocument {
                    key: self.text(&at("key")),
                    name: self.text(&at("name")),
                    required: self.ticked(&at("required")),
                    must_sign: self.ticked(&at("must_sign")),
                    template: (!template.is_empty()).then_some(template),
                }
            })
            .collect();
        rows.push(("documents", kept));

        let kept = self.kept("form");
        let mut form = Vec::new();
        for &i in &kept {
            let at = |c: &str| row("form", i, c);
            let kind = match self.get(&at("kind")) {
                "paragraph" => FieldKind::Paragraph,
                "number" => FieldKind::Number {
                    unit: self.text(&at("unit")),
                    whole: self.ticked(&at("whole")),
                },
                "date" => FieldKind::Date,
                "choice" => FieldKind::Choice {
                    options: options(&mut e, &at("options"), self.get(&at("options"))),
                },
                "area" => FieldKind::Area {
                    licence: self.text(&at("licence")),
                },
                _ => FieldKind::Text,
            };
            form.push(FormField {
                key: self.text(&at("key")),
                label: self.text(&at("label")),
                kind,
                required: self.ticked(&at("required")),
            });
        }
        rows.push(("form", kept));

        let mut stages = Vec::new();
        for i in self.kept("stages") {
            let at = |c: &str| row("stages", i, c);
            let name = self.text(&at("name"));
            if name.is_empty() {
                e.add(&at("name"), "required", "name the stage");
            }
            let role = StageRole::parse(self.get(&at("role"))).unwrap_or_else(|| {
                e.add(&at("role"), "invalid_choice", "choose who handles it");
                StageRole::Specialist
            });
            stages.push(Stage {
                name,
                role,
                days: whole(&mut e, &at("days"), self.get(&at("days"))),
                unit: unit(&mut e, &at("unit"), self.get(&at("unit"))),
            });
        }
        let fee = self.fee(&mut e);
        self.fee_rows_against_form(&mut e, &fee, &form);

        let mut en = std::collections::BTreeMap::new();
        for i in 0..self.rows_held("en") {
            let (vi, english) = (
                self.text(&row("en", i, "vi")),
                self.text(&row("en", i, "en")),
            );
            if !vi.is_empty() && !english.is_empty() {
                en.insert(vi, english);
            }
        }
        let procedure = Procedure {
            code: code.to_string(),
            name: self.text("name"),
            field: self.text("field"),
            legal_basis,
            level,
            applicants,
            documents,
            form,
            fee,
            deadline,
            deadline_unit,
            stages,
            result: self.text("result"),
            in_person: self.ticked("in_person"),
            effective_from,
            effective_to,
            en: std::collections::BTreeMap::new(),
        };
        // the words of texts the version still holds: a text changed takes its old words with
        // it, to be translated anew
        let texts = procedure.translatable();
        en.retain(|vi, _| texts.contains(vi));
        let procedure = Procedure { en, ..procedure };
        let read = Read { procedure, rows };
        // what the catalogue would refuse too, said with what did not read; a number of the
        // fee rule that does not read is said beside its own box already, and a deadline that
        // does not read is not also shorter than the stages
        if let Err(more) = read.procedure.validate() {
            let refused = |field: &str| e.0.iter().any(|e| e.field == field);
            let beside_boxes = e.0.iter().any(|e| e.field.starts_with("fee."));
            let said: Vec<_> = read
                .to_boxes(more)
                .0
                .into_iter()
                .filter(|m| !refused(&m.field))
                .filter(|m| {
                    !(beside_boxes
                        && m.field == "fee_rule"
                        && SAID_BESIDE_THE_ROWS.contains(&m.code))
                })
                .filter(|m| !(m.code == "stages_too_long" && refused("deadline")))
                .collect();
            e.0.extend(said);
        }
        e.into_result().map(|()| read)
    }

    /// Each row of the fee's tables that the applicant could not read, said beside its box: a
    /// line without its name, a key given twice, a choice its field of the form does not offer.
    fn fee_rows_against_form(&self, e: &mut FieldErrors, fee: &FeeRule, form: &[FormField]) {
        // each table with the form field whose options its keys are
        let lists: Vec<(&str, &str)> = match fee {
            FeeRule::Table { input, .. } => vec![("fee.choices", input.as_str())],
            FeeRule::MiningRight { .. } => vec![("fee.k1", "k1"), ("fee.k2", "k2"), ("fee.r", "r")],
            FeeRule::PerItem { .. } => vec![("fee.items", "")],
            _ => Vec::new(),
        };
        for (list, input) in lists {
            let options: Option<Vec<&str>> =
                form.iter()
                    .find(|f| f.key == input)
                    .and_then(|f| match &f.kind {
                        FieldKind::Choice { options } => {
                            Some(options.iter().map(|(k, _)| k.as_str()).collect())
                        }
                        _ => None,
                    });
            let mut seen: Vec<String> = Vec::new();
            for i in self.kept(list) {
                if self.text(&row(list, i, "label")).is_empty() {
                    e.add(
                        &row(list, i, "label"),
                        "required",
                        "the name the applicant reads",
                    );
                }
                if list == "fee.items" {
                    continue;
                }
                let key = self.text(&row(list, i, "key"));
                if key.is_empty() {
                    e.add(&row(list, i, "key"), "required", "the choice's key");
                } else if seen.contains(&key) {
                    e.add(
                        &row(list, i, "key"),
                        "duplicate_key",
                        "another row has this key",
                    );
                } else if options.as_ref().is_some_and(|o| !o.contains(&key.as_str())) {
                    e.add(
                        &row(list, i, "key"),
                        "not_an_option",
                        "not an option of the field",
                    );
                }
                seen.push(key);
            }
        }
    }

    /// The rows of `list` that make the version: those holding something, not dropped.
    fn kept(&self, list: &str) -> Vec<usize> {
        (0..self.rows_held(list))
            .filter(|&i| !self.ticked(&row(list, i, "drop")) && !self.row_empty(list, i))
            .collect()
    }

    /// Nothing typed in row `i` of `list` (a kind or a role is chosen in every row).
    fn row_empty(&self, list: &str, i: usize) -> bool {
        let columns = LISTS
            .iter()
            .find(|(l, _)| *l == list)
            .map_or(&[][..], |(_, c)| c);
        columns
            .iter()
            .filter(|c| **c != "drop" && !chosen_in_every_row(list, c))
            .all(|c| self.get(&row(list, i, c)).trim().is_empty())
    }

    fn fee(&self, e: &mut FieldErrors) -> FeeRule {
        let choices = |e: &mut FieldErrors, list: &str, dong: bool| -> Vec<Choice> {
            self.kept(list)
                .into_iter()
                .map(|i| {
                    let value = self.text(&row(list, i, "value"));
                    Choice {
                        key: self.text(&row(list, i, "key")),
                        label: self.text(&row(list, i, "label")),
                        value: if dong {
                            dong_amount(e, &row(list, i, "value"), &value).to_string()
                        } else {
                            decimal(e, &row(list, i, "value"), value)
                        },
                    }
                })
                .collect()
        };
        match self.get("fee.kind") {
            "fixed" => FeeRule::Fixed {
                amount: dong_amount(e, "fee.fixed.amount", self.get("fee.fixed.amount")),
                label: self.text("fee.fixed.label"),
            },
            "brackets" => {
                let list = "fee.brackets";
                let in_dong = counted_in_dong(self.get("fee.brackets.unit"));
                let brackets = self
                    .kept(list)
                    .into_iter()
                    .map(|i| {
                        let at = |c: &str| row(list, i, c);
                        let optional = |e: &mut FieldErrors, c: &str| {
                            let t = self.text(&at(c));
                            (!t.is_empty()).then(|| match in_dong {
                                true => dong_amount(e, &at(c), &t).to_string(),
                                false => decimal(e, &at(c), t),
                            })
                        };
                        Bracket {
                            max: optional(e, "max"),
                            max_inclusive: self.ticked(&at("max_inclusive")),
                            base: dong_amount(e, &at("base"), self.get(&at("base"))),
                            rate_bp: per_cent(e, &at("rate"), self.get(&at("rate"))),
                            over: optional(e, "over"),
                        }
                    })
                    .collect();
                FeeRule::Brackets {
                    input: self.text("fee.brackets.input"),
                    label: self.text("fee.brackets.label"),
                    unit: self.text("fee.brackets.unit"),
                    brackets,
                }
            }
            "table" => FeeRule::Table {
                input: self.text("fee.table.input"),
                label: self.text("fee.table.label"),
                choices: choices(e, "fee.choices", true),
            },
            "per_item" => {
                let list = "fee.items";
                let items = self
                    .kept(list)
                    .into_iter()
                    .map(|i| Item {
                        input: self.text(&row(list, i, "input")),
                        label: self.text(&row(list, i, "label")),
                        price: dong_amount(
                            e,
                            &row(list, i, "price"),
                            self.get(&row(list, i, "price")),
                        ),
                    })
                    .collect();
                FeeRule::PerItem { items }
            }
            "mining_right" => FeeRule::MiningRight {
                unit: self.text("fee.mining_right.unit"),
                k1: choices(e, "fee.k1", false),
                k2: choices(e, "fee.k2", false),
                r: choices(e, "fee.r", false),
            },
            _ => FeeRule::Free,
        }
    }
}

/// A version read from the boxes, with the row each paper and each field came from (rows
/// left empty or dropped are not in the version).
#[derive(Debug)]
pub struct Read {
    pub procedure: Procedure,
    rows: Vec<(&'static str, Vec<usize>)>,
}

impl Read {
    /// Refusals naming a paper or a field by its place in the version (`form[1].key`), named
    /// by the row it came from instead (`form[2].key`): the name of the box that holds it.
    pub fn to_boxes(&self, errors: FieldErrors) -> FieldErrors {
        let mut out = FieldErrors::new();
        for mut err in errors.0 {
            for (list, rows) in &self.rows {
                let Some(rest) = err.field.strip_prefix(&format!("{list}[")) else {
                    continue;
                };
                let Some((i, column)) = rest.split_once(']') else {
                    continue;
                };
                if let Some(at) = i.parse::<usize>().ok().and_then(|i| rows.get(i)) {
                    err.field = format!("{list}[{at}]{column}");
                }
            }
            out.0.push(err);
        }
        out
    }
}

fn level_name(level: ServiceLevel) -> &'static str {
    match level {
        ServiceLevel::Full => "full",
        ServiceLevel::Partial => "partial",
    }
}

fn applicant_name(a: Applicant) -> &'static str {
    match a {
        Applicant::Business => "business",
        Applicant::Citizen => "citizen",
    }
}

fn whole(e: &mut FieldErrors, name: &str, text: &str) -> u32 {
    text.trim().parse().unwrap_or_else(|_| {
        e.add(name, "whole_number", "a whole number of days");
        0
    })
}

fn unit(e: &mut FieldErrors, name: &str, text: &str) -> DeadlineUnit {
    match text {
        "days" => DeadlineUnit::Days,
        "working_days" => DeadlineUnit::WorkingDays,
        _ => {
            e.add(name, "invalid_choice", "days or working days");
            DeadlineUnit::WorkingDays
        }
    }
}

fn day(e: &mut FieldErrors, name: &str, text: &str) -> Option<chrono::NaiveDate> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    let d = chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .or_else(|_| chrono::NaiveDate::parse_from_str(text, "%d/%m/%Y"))
        .ok();
    if d.is_none() {
        e.add(name, "invalid_date", "a day as dd/mm/yyyy");
    }
    d
}

/// An amount of đồng as people write it (`4.000.000`, `4 000 000`, `4.000.000,00`): whole
/// đồng. One mark before three digits (`50.000`) groups thousands here, đồng having no
/// fraction to mean.
fn dong_amount(e: &mut FieldErrors, name: &str, text: &str) -> i64 {
    let read = match read_milli(text) {
        Ok(m) => Some(m),
        Err(NumberError::Ambiguous) => read_milli(&text.replace(['.', ','], "")).ok(),
        Err(NumberError::NotANumber) => None,
    };
    match read
        .filter(|m| m % MILLI == 0)
        .and_then(|m| i64::try_from(m / MILLI).ok())
    {
        Some(v) => v,
        None => {
            e.add(name, "dong", "an amount in đồng, such as 4.000.000");
            0
        }
    }
}

/// Whether a quantity's unit is the đồng, whose amounts have no fraction and are written
/// grouped by dots.
fn counted_in_dong(unit: &str) -> bool {
    matches!(
        unit.trim().to_lowercase().as_str(),
        "đồng" | "dong" | "vnd" | "vnđ"
    )
}

/// A rate in per cent (`0,5`, `2`) as basis points, or nothing typed as none.
fn per_cent(e: &mut FieldErrors, name: &str, text: &str) -> i64 {
    if text.trim().is_empty() {
        return 0;
    }
    match read_milli(text) {
        Ok(m) if m % 10 == 0 && m <= 100_000 => i64::try_from(m / 10).unwrap_or(0),
        _ => {
            e.add(
                name,
                "per_cent",
                "a per cent with at most two decimals, such as 0,5",
            );
            0
        }
    }
}

/// A decimal number as typed (`0,9`, `1.5`, `2.500.000`), kept so that it reads back the same;
/// refused beside its box when it does not read, or reads two ways (`2,500`).
fn decimal(e: &mut FieldErrors, name: &str, text: String) -> String {
    match read_milli(&text) {
        // kept as typed, unless the catalogue would read it back otherwise (`1.500`)
        Ok(m) => return lode_core::fees::as_stored(&text, m),
        Err(NumberError::Ambiguous) => {
            e.add(name, "ambiguous_number", "2500 or 2,5: which is it?");
        }
        Err(NumberError::NotANumber) => {
            e.add(name, "number", "a number, with at most three decimals");
        }
    }
    text
}

/// A choice's options, one a line as `key: label`.
fn options(e: &mut FieldErrors, name: &str, text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        match line.split_once(':') {
            Some((k, l)) if !k.trim().is_empty() && !l.trim().is_empty() => {
                out.push((k.trim().to_string(), l.trim().to_string()));
            }
            _ => {
                e.add(name, "option_line", "one option a line: key: label");
                return out;
            }
        }
    }
    out
}

/// What a box is called in the banner of refusals: its label, and for a row's box its list
/// and its row's number.
pub fn box_title(l: Lang, name: &str) -> String {
    let own = |key: &str| l.t(&format!("pform.{key}")).to_string();
    match name.split_once('[') {
        Some((list, rest)) => {
            let (i, column) = rest.split_once("].").unwrap_or((rest, ""));
            let n = i
                .trim_end_matches(']')
                .parse::<usize>()
                .map_or(0, |i| i + 1);
            let list_title = own(&format!("list_{}", list.replace('.', "_")));
            // a field of the form is called as its box's heading says
            let row_key = if list == "form" {
                "pform.field_n"
            } else {
                "pform.row"
            };
            let row_title = l.fill(row_key, &serde_json::json!({ "n": n }));
            format!(
                "{list_title}, {row_title}: {}",
                l.t(&column_key(list, column))
            )
        }
        None => own(&name.replace('.', "_")),
    }
}

/// The message key of a column's heading: a choice's value is an amount of đồng in a fee
/// table, a factor in the mining-right fee's.
fn column_key(list: &str, column: &str) -> String {
    match (list, column) {
        ("fee.choices", "value") => "pform.col_amount".to_string(),
        ("fee.r", "value") => "pform.col_rate_r".to_string(),
        (_, "unit") if list != "form" => "pform.col_deadline_unit".to_string(),
        _ => format!("pform.col_{column}"),
    }
}

/// Every refusal, at the top of the form, each a link to its box (a box's id is its name; a
/// refusal of a whole list or of the fee rule links to its part of the form).
fn banner(l: Lang, errors: &FieldErrors) -> Markup {
    let mut ordered: Vec<_> = errors.0.iter().collect();
    ordered.sort_by_key(|e| place(&e.field));
    html! {
        @if !errors.is_empty() {
            div.alert role="alert" tabindex="-1" autofocus {
                p { (l.t("form.has_errors")) }
                ul {
                    @for e in ordered {
                        li { a href={ "#" (e.field) } { (box_title(l, &e.field)) } ": " (l.field_error(e.code, &e.message)) }
                    }
                }
            }
        }
    }
}

/// A text box with its label and its refusals.
fn text_box(l: Lang, v: &Values, errors: &FieldErrors, name: &str, kind: &str) -> Markup {
    let described = error_id(errors, name);
    // a whole number typed as text: a letter in it is refused beside the box, not dropped
    let (kind, numeric) = match kind {
        "number" => ("text", Some("numeric")),
        k => (k, None),
    };
    let required = REQUIRED.contains(&name);
    html! {
        div.field {
            label for=(name) { (l.t(&format!("pform.{}", name.replace('.', "_")))) @if required { (required_mark()) } }
            input id=(name) name=(name) type=(kind) value=(v.get(name)) inputmode=[numeric]
                list=[name.ends_with(".input").then_some(FORM_KEYS)]
                aria-invalid=[described.is_some().then_some("true")]
                aria-describedby=[described.as_deref()];
            (field_errors(l, errors, name))
        }
    }
}

/// The boxes a version cannot do without.
const REQUIRED: [&str; 5] = ["name", "field", "result", "deadline", "effective_from"];

/// The id of the list of the form's keys, offered in each box that names a field of the form.
const FORM_KEYS: &str = "form-keys";

/// Where a refusal of `field` stands in the form, to name the refusals in the form's order.
fn place(field: &str) -> usize {
    const PARTS: [&str; 16] = [
        "name",
        "field",
        "result",
        "legal_basis",
        "applicants",
        "level",
        "deadline",
        "effective_from",
        "effective_to",
        "documents",
        "form",
        "stages",
        "fee_rule",
        "fee",
        "en",
        "code",
    ];
    let part = field.split(['[', '.']).next().unwrap_or(field);
    PARTS.iter().position(|p| *p == part).unwrap_or(PARTS.len())
}

/// A box inside a row of a list, labelled for those who cannot see the column's heading.
fn cell(l: Lang, v: &Values, errors: &FieldErrors, list: &str, i: usize, column: &str) -> Markup {
    let name = row(list, i, column);
    let described = error_id(errors, &name);
    let label = format!(
        "{} ({})",
        l.t(&column_key(list, column)),
        l.fill("pform.row", &serde_json::json!({ "n": i + 1 }))
    );
    let ticked = matches!(
        column,
        "required" | "must_sign" | "drop" | "whole" | "max_inclusive"
    );
    html! {
        @if ticked {
            input type="checkbox" id=(name) name=(name) value="1" checked[v.ticked(&name)] aria-label=(label);
        } @else {
            input id=(name) name=(name) value=(v.get(&name)) aria-label=(label)
                list=[(column == "input").then_some(FORM_KEYS)]
                aria-invalid=[described.is_some().then_some("true")]
                aria-describedby=[described.as_deref()];
        }
        (field_errors(l, errors, &name))
    }
}

/// A choice of `options` (value, message key) in a row or on its own.
fn choice(name: &str, chosen: &str, options: &[(&str, String)], label: Option<String>) -> Markup {
    html! {
        select id=(name) name=(name) aria-label=[label] {
            @for (value, text) in options {
                option value=(*value) selected[chosen == *value] { (text) }
            }
        }
    }
}

/// The button that shows the form again with three more empty rows of `list`.
fn more_rows(l: Lang, code: &str, list: &str) -> Markup {
    // the page comes back where the rows are, not at its top
    let part = if list.starts_with("fee.") {
        "fee_rule"
    } else {
        list
    };
    // which list, for those who hear the button rather than see where it stands
    let title = l.t(&format!("pform.list_{}", list.replace('.', "_")));
    html! {
        button.secondary type="submit" name="more" value=(list) formnovalidate
            formaction={ "/admin/procedures/" (code) "#" (part) }
            aria-label={ (l.t("pform.more_rows")) ": " (title) } { (l.t("pform.more_rows")) }
    }
}

fn units(l: Lang) -> Vec<(&'static str, String)> {
    vec![
        ("working_days", l.t("pform.working_days").to_string()),
        ("days", l.t("pform.days").to_string()),
    ]
}

/// The whole form of a new version of procedure `code`, or of the version not yet in force it
/// replaces (`replacing`).
pub fn form(
    l: Lang,
    (csrf, code): (Markup, &str),
    v: &Values,
    errors: &FieldErrors,
    replacing: Option<i64>,
) -> Markup {
    let fee_kind = match v.get("fee.kind") {
        "" => "free",
        k => k,
    };
    let hide_unless = |kind: &str| fee_kind != kind;
    html! {
        (banner(l, errors))
        form.stack.wide.procedure method="post" action={ "/admin/procedures/" (code) } novalidate
            data-warn-unsaved=(l.t("form.unsaved")) data-unsaved=[v.unsaved().then_some("1")] {
            (csrf)
            input type="hidden" name="drawn" value=(v.get("drawn"));
            fieldset.field #general {
                legend { (l.t("pform.general")) }
                (text_box(l, v, errors, "name", "text"))
                (text_box(l, v, errors, "field", "text"))
                (text_box(l, v, errors, "result", "text"))
                div.field {
                    label for="legal_basis" { (l.t("pform.legal_basis")) (required_mark()) }
                    p.hint #legal_basis-hint { (l.t("pform.legal_basis_hint")) }
                    textarea id="legal_basis" name="legal_basis" rows="4" aria-describedby="legal_basis-hint" { (v.get("legal_basis")) }
                    (field_errors(l, errors, "legal_basis"))
                }
                fieldset.field #applicants {
                    legend { (l.t("pform.applicants")) (required_mark()) }
                    @for (value, key) in [("business", "services.business"), ("citizen", "services.citizen")] {
                        label.check { input type="checkbox" name="applicants" value=(value) checked[v.each("applicants").contains(&value)]; " " (l.t(key)) }
                    }
                    (field_errors(l, errors, "applicants"))
                }
                fieldset.field #level {
                    legend { (l.t("services.level")) }
                    @for (value, key) in [("full", "services.level_full"), ("partial", "services.level_partial")] {
                        label.check { input type="radio" name="level" value=(value) checked[v.get("level") == value]; " " (l.t(key)) }
                    }
                    label.check { input #in_person type="checkbox" name="in_person" value="1" checked[v.ticked("in_person")]; " " (l.t("pform.in_person")) }
                    (field_errors(l, errors, "level"))
                }
            }
            fieldset.field #dates {
                legend { (l.t("pform.dates")) }
                div.inline {
                    (text_box(l, v, errors, "deadline", "number"))
                    div.field {
                        label for="deadline_unit" { (l.t("pform.deadline_unit")) }
                        (choice("deadline_unit", v.get("deadline_unit"), &units(l), None))
                        (field_errors(l, errors, "deadline_unit"))
                    }
                }
                div.inline {
                    (text_box(l, v, errors, "effective_from", "date"))
                    (text_box(l, v, errors, "effective_to", "date"))
                }
                p.hint { (l.t("pform.dates_hint")) }
            }
            fieldset.field #documents {
                legend { (l.t("pform.list_documents")) }
                p.hint { (l.t("pform.documents_hint")) }
                (field_errors(l, errors, "documents"))
                table.list.rows {
                    thead { tr { th.number { (l.t("pform.col_number")) } @for c in ["key", "name", "required", "must_sign", "template", "drop"] { th { (l.t(&column_key("documents", c))) } } } }
                    tbody {
                        @for i in 0..v.rows_shown("documents") {
                            tr {
                                (row_number(l, i))
                                @for c in ["key", "name", "required", "must_sign", "template", "drop"] {
                                    td class={ "col-" (c) } data-label=(l.t(&column_key("documents", c))) { (cell(l, v, errors, "documents", i, c)) }
                                }
                            }
                        }
                    }
                }
                (more_rows(l, code, "documents"))
            }
            fieldset.field #form {
                legend { (l.t("pform.list_form")) }
                p.hint { (l.t("pform.form_hint")) }
                @for i in 0..v.rows_shown("form") {
                    @let kind = match v.get(&row("form", i, "kind")) { "" => "text", k => k };
                    @let at = |c: &str| row("form", i, c);
                    fieldset.field.form-row {
                        legend { (l.fill("pform.field_n", &serde_json::json!({ "n": i + 1 }))) }
                        div.inline {
                            div.field { label for=(at("key")) { (l.t("pform.col_key")) } (cell(l, v, errors, "form", i, "key")) }
                            div.field { label for=(at("label")) { (l.t("pform.col_label")) } (cell(l, v, errors, "form", i, "label")) }
                            div.field {
                                label for=(at("kind")) { (l.t("pform.col_kind")) }
                                (choice(&at("kind"), kind, &FIELD_KINDS.map(|k| (k, l.t(&format!("pform.kind_{k}")).to_string())), None))
                                (field_errors(l, errors, &at("kind")))
                            }
                        }
                        div.inline data-shown-for={ (at("kind")) "=number" } hidden[kind != "number"] {
                            div.field { label for=(at("unit")) { (l.t("pform.col_unit")) } (cell(l, v, errors, "form", i, "unit")) }
                            label.check { (cell(l, v, errors, "form", i, "whole")) " " (l.t("pform.col_whole")) }
                        }
                        div.field data-shown-for={ (at("kind")) "=choice" } hidden[kind != "choice"] {
                            label for=(at("options")) { (l.t("pform.col_options")) }
                            p.hint { (l.t("pform.options_hint")) }
                            textarea id=(at("options")) name=(at("options")) rows="4" { (v.get(&at("options"))) }
                            (field_errors(l, errors, &at("options")))
                        }
                        div.field data-shown-for={ (at("kind")) "=area" } hidden[kind != "area"] {
                            label for=(at("licence")) { (l.t("pform.col_licence")) }
                            (choice(&at("licence"), v.get(&at("licence")), &AREA_LICENCES.map(|k| (k, l.t(&format!("pform.licence_{k}")).to_string())), None))
                            (field_errors(l, errors, &at("licence")))
                        }
                        div.inline {
                            label.check { (cell(l, v, errors, "form", i, "required")) " " (l.t("pform.col_required")) }
                            label.check { (cell(l, v, errors, "form", i, "drop")) " " (l.t("pform.col_drop")) }
                        }
                    }
                }
                (more_rows(l, code, "form"))
            }
            fieldset.field #stages {
                legend { (l.t("pform.list_stages")) }
                (field_errors(l, errors, "stages"))
                table.list.rows {
                    thead { tr { th.number { (l.t("pform.col_number")) } @for c in ["name", "role", "days", "unit", "drop"] { th { (l.t(&column_key("stages", c))) } } } }
                    tbody {
                        @for i in 0..v.rows_shown("stages") {
                            @let label = |c: &str| format!("{} ({})", l.t(&column_key("stages", c)), l.fill("pform.row", &serde_json::json!({ "n": i + 1 })));
                            tr {
                                (row_number(l, i))
                                td.col-name data-label=(l.t("pform.col_name")) { (cell(l, v, errors, "stages", i, "name")) }
                                td data-label=(l.t("pform.col_role")) {
                                    (choice(&row("stages", i, "role"), v.get(&row("stages", i, "role")), &StageRole::ALL.map(|r| (r.as_str(), l.t(&format!("services.role_{}", r.as_str())).to_string())), Some(label("role"))))
                                    (field_errors(l, errors, &row("stages", i, "role")))
                                }
                                td data-label=(l.t("pform.col_days")) { (cell(l, v, errors, "stages", i, "days")) }
                                td data-label=(l.t("pform.col_deadline_unit")) {
                                    (choice(&row("stages", i, "unit"), v.get(&row("stages", i, "unit")), &units(l), Some(label("unit"))))
                                    (field_errors(l, errors, &row("stages", i, "unit")))
                                }
                                td data-label=(l.t("pform.col_drop")) { (cell(l, v, errors, "stages", i, "drop")) }
                            }
                        }
                    }
                }
                (stages_sum(l, v))
                (more_rows(l, code, "stages"))
            }
            fieldset.field #fee_rule {
                legend { (l.t("services.fee")) }
                (field_errors(l, errors, "fee_rule"))
                div.field {
                    label for="fee.kind" { (l.t("pform.fee_kind")) }
                    (choice("fee.kind", fee_kind, &FEE_KINDS.map(|k| (k, l.t(&format!("pform.fee_{k}")).to_string())), None))
                }
                div.inline data-shown-for="fee.kind=fixed" hidden[hide_unless("fixed")] {
                    (text_box(l, v, errors, "fee.fixed.amount", "text"))
                    (text_box(l, v, errors, "fee.fixed.label", "text"))
                }
                div data-shown-for="fee.kind=brackets" hidden[hide_unless("brackets")] {
                    div.inline {
                        (text_box(l, v, errors, "fee.brackets.input", "text"))
                        (text_box(l, v, errors, "fee.brackets.label", "text"))
                        (text_box(l, v, errors, "fee.brackets.unit", "text"))
                    }
                    p.hint { (l.t("pform.brackets_hint")) }
                    (rows_table(l, code, (v, errors), "fee.brackets", &["max", "max_inclusive", "base", "rate", "over"]))
                }
                div data-shown-for="fee.kind=table" hidden[hide_unless("table")] {
                    div.inline {
                        (text_box(l, v, errors, "fee.table.input", "text"))
                        (text_box(l, v, errors, "fee.table.label", "text"))
                    }
                    p.hint { (l.t("pform.table_hint")) }
                    (rows_table(l, code, (v, errors), "fee.choices", &["key", "label", "value"]))
                }
                div data-shown-for="fee.kind=per_item" hidden[hide_unless("per_item")] {
                    p.hint { (l.t("pform.items_hint")) }
                    (rows_table(l, code, (v, errors), "fee.items", &["input", "label", "price"]))
                }
                div data-shown-for="fee.kind=mining_right" hidden[hide_unless("mining_right")] {
                    p.hint { (l.t("services.mining_right")) }
                    (text_box(l, v, errors, "fee.mining_right.unit", "text"))
                    @for list in ["fee.k1", "fee.k2", "fee.r"] {
                        (rows_table(l, code, (v, errors), list, &["key", "label", "value"]))
                    }
                }
            }
            // the English words fold away: a long list, read by few
            @let en_rows = v.rows_held("en");
            @let untranslated = (0..en_rows).filter(|i| v.get(&row("en", *i, "en")).trim().is_empty()).count();
            details.field #en {
                summary {
                    strong { (l.t("pform.list_en")) }
                    " · " (l.fill("pform.en_count", &serde_json::json!({ "n": en_rows, "left": untranslated })))
                }
                p.hint { (l.t("pform.en_hint")) }
                table.list.rows {
                    thead { tr { th { (l.t("pform.col_vi")) } th { (l.t("pform.col_en")) } } }
                    tbody {
                        @for i in 0..en_rows {
                            @let vi = v.get(&row("en", i, "vi"));
                            tr {
                                td.col-vi data-label=(l.t("pform.col_vi")) { input type="hidden" name=(row("en", i, "vi")) value=(vi); (vi) }
                                td.col-en data-label=(l.t("pform.col_en")) {
                                    input id=(row("en", i, "en")) name=(row("en", i, "en")) value=(v.get(&row("en", i, "en"))) lang="en" aria-label={ (l.t("pform.col_en")) ": " (vi) };
                                }
                            }
                        }
                    }
                }
            }
            // the keys of the form, offered wherever the fee names a field
            datalist id=(FORM_KEYS) {
                @for i in 0..v.rows_held("form") {
                    @let key = v.get(&row("form", i, "key"));
                    @if !key.trim().is_empty() { option value=(key) { (v.get(&row("form", i, "label"))) } }
                }
            }
            // always in reach on a long page
            div.save-bar {
                button type="submit" {
                    @match replacing {
                        Some(n) => (l.fill("pform.save_replacing", &serde_json::json!({ "version": n }))),
                        None => (l.t("services.save_version")),
                    }
                }
            }
        }
    }
}

/// The days of the stages counted as the deadline is (working days or days), beside the
/// deadline: what the catalogue checks, said before it refuses.
fn stages_sum(l: Lang, v: &Values) -> Markup {
    let unit = v.get("deadline_unit");
    let sum: u32 = v
        .kept("stages")
        .into_iter()
        .filter(|i| v.get(&row("stages", *i, "unit")) == unit)
        .filter_map(|i| v.get(&row("stages", i, "days")).trim().parse::<u32>().ok())
        .fold(0, u32::saturating_add);
    let deadline = v.get("deadline").trim().parse::<u32>().ok();
    let unit_name = l.t(if unit == "days" {
        "pform.days"
    } else {
        "pform.working_days"
    });
    html! {
        @if let Some(deadline) = deadline {
            p.hint.stages-sum.warning[sum > deadline] {
                (l.fill("pform.stages_sum", &serde_json::json!({
                    "unit": lode_core::text::lower_first(unit_name),
                    "sum": sum,
                    "deadline": deadline,
                })))
            }
        }
    }
}

/// A row's number, as the banner of refusals names it.
fn row_number(l: Lang, i: usize) -> Markup {
    html! { td.number data-label=(l.t("pform.col_number")) { (i + 1) } }
}

/// A list's rows as a table, under its name, with the button for more.
fn rows_table(
    l: Lang,
    code: &str,
    (v, errors): (&Values, &FieldErrors),
    list: &str,
    columns: &[&str],
) -> Markup {
    html! {
        h3 { (l.t(&format!("pform.list_{}", list.replace('.', "_")))) }
        table.list.rows {
            thead { tr { th.number { (l.t("pform.col_number")) } @for c in columns { th { (l.t(&column_key(list, c))) } } } }
            tbody {
                @for i in 0..v.rows_shown(list) {
                    tr {
                        (row_number(l, i))
                        @for c in columns {
                            td class={ "col-" (c) } data-label=(l.t(&column_key(list, c))) { (cell(l, v, errors, list, i, c)) }
                        }
                    }
                }
            }
        }
        (more_rows(l, code, list))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seeded() -> Vec<Procedure> {
        serde_json::from_str(include_str!("../../../seed/procedures.json")).unwrap_or_default()
    }

    #[test]
    fn every_seeded_procedure_reads_back_from_its_boxes_unchanged() {
        let all = seeded();
        assert_eq!(all.len(), 15);
        for p in all {
            let read = Values::of(&p).read(&p.code);
            match read {
                Ok(r) => assert_eq!(r.procedure, p, "{}", p.code),
                Err(e) => panic!("{}: {e:?}", p.code),
            }
        }
    }

    /// The boxes of `p` as the form draws them, with `changes` typed over them.
    fn typed_over(p: &Procedure, changes: &[(&str, &str)]) -> Values {
        let mut pairs = Values::of(p).pairs;
        for (name, value) in changes {
            pairs.retain(|(k, _)| k != name);
            pairs.push((name.to_string(), value.to_string()));
        }
        Values::sent(pairs)
    }

    #[test]
    fn a_refusal_names_the_row_the_administrator_sees() {
        let Some(p) = seeded().into_iter().next() else {
            panic!("no seeded procedure");
        };
        // the first paper dropped; the third given the second's key
        let typed = typed_over(
            &p,
            &[
                ("documents[0].drop", "1"),
                ("documents[2].key", "exploration_plan"),
                ("deadline", "ninety"),
                ("fee.brackets[0].base", "bốn triệu"),
            ],
        );
        let Err(e) = typed.read(&p.code) else {
            panic!("read despite a repeated key");
        };
        let fields: Vec<&str> = e.0.iter().map(|e| e.field.as_str()).collect();
        assert!(fields.contains(&"documents[2].key"), "{fields:?}");
        assert!(fields.contains(&"deadline"), "{fields:?}");
        assert!(fields.contains(&"fee.brackets[0].base"), "{fields:?}");
        assert!(!fields.contains(&"documents[1].key"), "{fields:?}");
        assert_eq!(fields.len(), 3, "each refusal once: {fields:?}");
    }

    #[test]
    fn a_fee_tables_rows_are_refused_beside_the_row() {
        let Some(p) = seeded().into_iter().find(|p| p.code == "1.004314") else {
            panic!("no licence extension");
        };
        let typed = typed_over(
            &p,
            &[
                ("fee.choices[1].key", "gold"),
                ("fee.choices[2].label", ""),
                ("fee.choices[3].key", "sand_small"),
            ],
        );
        let Err(e) = typed.read(&p.code) else {
            panic!("read despite the fee's rows");
        };
        let said: Vec<(&str, &str)> = e.0.iter().map(|e| (e.field.as_str(), e.code)).collect();
        assert_eq!(
            said,
            [
                ("fee.choices[1].key", "not_an_option"),
                ("fee.choices[2].label", "required"),
                ("fee.choices[3].key", "duplicate_key"),
            ],
            "each beside its row, none for the rule as a whole"
        );
    }

    #[test]
    fn a_bound_in_dong_is_written_and_read_as_dong() {
        let Some(p) = seeded().into_iter().find(|p| p.code == "DCKS.12") else {
            panic!("no exploration-cost fee");
        };
        let v = Values::of(&p);
        assert_eq!(v.get("fee.brackets.unit"), "đồng");
        assert_eq!(v.get("fee.brackets[0].max"), "1.000.000.000");
        assert_eq!(v.get("fee.brackets[1].over"), "1.000.000.000");
        let typed = typed_over(
            &p,
            &[
                ("fee.brackets[0].max", "500.000.000,5"),
                ("fee.brackets[1].over", "500.000"),
            ],
        );
        let Err(e) = typed.read(&p.code) else {
            panic!("read despite half a đồng");
        };
        let said: Vec<(&str, &str)> = e.0.iter().map(|e| (e.field.as_str(), e.code)).collect();
        assert_eq!(
            said,
            [("fee.brackets[0].max", "dong")],
            "half a đồng refused; 500.000 read as đồng, not asked about"
        );
    }

    #[test]
    fn a_row_sent_far_down_a_list_is_not_counted_up_to() {
        let v = Values::sent(vec![
            ("documents[999999999].key".to_string(), "x".to_string()),
            ("documents[2].name".to_string(), "Đơn".to_string()),
        ]);
        assert_eq!(v.rows_held("documents"), 3);
        assert_eq!(v.rows_shown("documents"), 4);
    }

    #[test]
    fn amounts_rates_and_options_read_as_people_write_them() {
        let mut e = FieldErrors::new();
        assert_eq!(dong_amount(&mut e, "a", "4.000.000"), 4_000_000);
        assert_eq!(dong_amount(&mut e, "a", "50.000"), 50_000);
        assert_eq!(dong_amount(&mut e, "a", " 4 000 000 "), 4_000_000);
        assert_eq!(dong_amount(&mut e, "a", "4.000.000,00"), 4_000_000);
        assert_eq!(dong_amount(&mut e, "a", "50,000"), 50_000);
        assert_eq!(decimal(&mut e, "b", "0,65".into()), "0,65");
        assert_eq!(decimal(&mut e, "b", "1000000000".into()), "1000000000");
        assert_eq!(per_cent(&mut e, "r", "0,5"), 50);
        assert_eq!(per_cent(&mut e, "r", ""), 0);
        assert_eq!(
            options(&mut e, "o", "cat: Cát, sỏi\n\nda : Đá xây dựng"),
            vec![
                ("cat".to_string(), "Cát, sỏi".to_string()),
                ("da".to_string(), "Đá xây dựng".to_string())
            ]
        );
        assert!(e.is_empty(), "{e:?}");
        dong_amount(&mut e, "a", "4,5 triệu");
        dong_amount(&mut e, "a", "1,5");
        decimal(&mut e, "b", "500,000".into());
        per_cent(&mut e, "r", "0,125");
        options(&mut e, "o", "cát sỏi");
        let codes: Vec<&str> = e.0.iter().map(|e| e.code).collect();
        assert_eq!(
            codes,
            [
                "dong",
                "dong",
                "ambiguous_number",
                "per_cent",
                "option_line"
            ]
        );
    }
}
