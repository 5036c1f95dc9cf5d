//! Online public services: a procedure as versioned data, and the dossier code of
//! Decree 61/2018.
//!
//! - [`Procedure`]: what one version of a procedure says: its national code, name, legal basis,
//!   service level, who may apply, the documents required (with their form templates and
//!   whether each must be signed), the online form's fields, the fee rule, the deadline and its
//!   unit, the internal stages, the result, and the dates it is in force. An administrator edits
//!   it in lode; [`Procedure::validate`] says what is wrong field by field.
//! - [`DossierCode`]: `V1V2V3.Z1Z2.Y1Y2.MX1X2-YYMMDD-XXXX`, the receiving body's organisation
//!   id, the receipt date and a serial within the day.
//! - [`ApplicationStatus`], [`PaymentStatus`]: where a dossier and a fee payment stand;
//!   [`ApplicationChannel`]: how a dossier came in.

use crate::calendar::DeadlineUnit;
use crate::fees::FeeRule;
use crate::orgid::OrgId;
use crate::validation::{FieldError, FieldErrors, invalid};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;

crate::named!(
    /// Where a public-service dossier stands: a draft of its applicant, submitted to the desk,
    /// sent back to be completed, accepted and in the hands of the office that decides, refused
    /// at the desk, withdrawn by its applicant, its result ready, the result handed over.
    ApplicationStatus {
        Draft = "draft",
        Submitted = "submitted",
        Incomplete = "incomplete",
        Accepted = "accepted",
        Refused = "refused",
        Withdrawn = "withdrawn",
        ResultReady = "result_ready",
        Returned = "returned",
    }
);

crate::named!(
    /// How a dossier reached the department: filed online by its applicant, or entered at the
    /// one-stop desk for one who came in person (who need not have an account).
    ApplicationChannel {
        Online = "online",
        Desk = "desk",
    }
);

impl ApplicationStatus {
    /// The applicant may still change it (a draft, or one sent back to be completed).
    pub fn editable(self) -> bool {
        matches!(self, Self::Draft | Self::Incomplete)
    }

    /// Its fee may be paid: it reached the desk and was not turned away or withdrawn.
    pub fn payable(self) -> bool {
        !matches!(self, Self::Draft | Self::Refused | Self::Withdrawn)
    }

    /// Its applicant is promised a date for the result: it reached the desk and was neither
    /// turned away nor withdrawn, and is not waiting to be completed (one sent back is promised
    /// a date again once it is complete).
    pub fn promises_a_date(self) -> bool {
        self.payable() && self != Self::Incomplete
    }

    /// Still before a decision: the desk or the office may yet act on it, and its applicant
    /// may withdraw it.
    pub fn open(self) -> bool {
        matches!(self, Self::Submitted | Self::Incomplete | Self::Accepted)
    }

    /// Its result exists.
    pub fn has_result(self) -> bool {
        matches!(self, Self::ResultReady | Self::Returned)
    }

    /// Its handling is over, a result given or the dossier refused: its applicant may say
    /// how satisfied they are with it.
    pub fn may_be_rated(self) -> bool {
        self.has_result() || self == Self::Refused
    }
}

crate::named!(
    /// How satisfied an applicant is with the handling of their dossier, once it is over.
    Satisfaction {
        VerySatisfied = "very_satisfied",
        Satisfied = "satisfied",
        Unsatisfied = "unsatisfied",
    }
);

/// A step in the life of a public-service dossier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApplicationStep {
    /// The applicant (or the desk, for a paper dossier) files the draft.
    Submit,
    /// The papers asked for arrived: back to the desk.
    Complete,
    /// The desk accepts it for handling.
    Accept,
    /// The desk asks for what is missing (form 02).
    AskToComplete,
    /// The desk refuses it (form 03).
    Refuse,
    /// The office's signed answer becomes its result.
    PublishResult,
    /// A paper the handling unit issues and seals itself becomes the result (the archive's
    /// receipt of submitted data, or its notice returning them).
    IssuePaper,
    /// The result reached the applicant (downloaded, at the counter, by post).
    Return,
    /// The handling unit answered on lode's own pages, where the applicant reads the answer:
    /// the archive opened the records to read online, booked the reading room, or refused.
    /// Nothing is left to hand over. No person takes this step: it follows the unit's decision.
    AnswerOnline,
    /// The handling will be late: a new promised date (form 04).
    Apologise,
    /// Its applicant withdraws it before a decision.
    Withdraw,
}

impl ApplicationStep {
    /// Steps that only the desk takes; the others are the applicant's (a paper dossier's
    /// filing and completion are the desk's too, and so is handing a result over).
    pub fn desk_only(self) -> bool {
        matches!(
            self,
            Self::Accept
                | Self::AskToComplete
                | Self::Refuse
                | Self::PublishResult
                | Self::Apologise
        )
    }
}

/// Procedures every dossier of which its handling unit takes on its own pages once the desk
/// accepts it (the archive's intake of data submitted): no letter of them enters the e-office.
/// A capability that files a dossier of another procedure itself may say the same of it.
pub const OWN_PAGES: &[&str] = &["2.002318"];

/// Procedures whose result is a paper the handling unit numbers and seals itself (the
/// archive's receipt of the data submitted, its certified copies), not an outgoing document of
/// the e-office: the only ones [`ApplicationStep::IssuePaper`] is taken on.
pub const PAPER_RESULTS: &[&str] = &["2.002318", "DCKS.14"];

/// The status after `step`, or `None` when the step does not fit.
pub fn next_application(
    from: ApplicationStatus,
    step: ApplicationStep,
) -> Option<ApplicationStatus> {
    use ApplicationStatus::*;
    match (from, step) {
        (Draft, ApplicationStep::Submit) => Some(Submitted),
        (Incomplete, ApplicationStep::Complete) => Some(Submitted),
        (Submitted, ApplicationStep::Accept) => Some(Accepted),
        (Submitted, ApplicationStep::AskToComplete) => Some(Incomplete),
        (Submitted, ApplicationStep::Refuse) => Some(Refused),
        (Accepted, ApplicationStep::PublishResult | ApplicationStep::IssuePaper) => {
            Some(ResultReady)
        }
        (Accepted, ApplicationStep::Apologise) => Some(Accepted),
        (ResultReady, ApplicationStep::Return) => Some(Returned),
        (Accepted, ApplicationStep::AnswerOnline) => Some(Returned),
        (s, ApplicationStep::Withdraw) if s.open() => Some(Withdrawn),
        _ => None,
    }
}

crate::named!(
    /// Where a fee payment through the gateway stands.
    PaymentStatus {
        Pending = "pending",
        Paid = "paid",
        Failed = "failed",
    }
);

/// Decree 42/2022, Art. 11: everything online (level 4 in the old vocabulary), or partly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ServiceLevel {
    /// Toàn trình: filed, paid and returned online.
    Full,
    /// Một phần: something happens in person (filing, payment or the result).
    Partial,
}

/// Who may apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Applicant {
    Business,
    Citizen,
}

impl Applicant {
    /// The kind of applicant an account applies as: none for staff.
    pub fn of_account(kind: crate::people::AccountKind) -> Option<Self> {
        match kind {
            crate::people::AccountKind::Business => Some(Self::Business),
            crate::people::AccountKind::Citizen => Some(Self::Citizen),
            crate::people::AccountKind::Staff => None,
        }
    }
}

/// A document the dossier must (or may) hold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequiredDocument {
    /// A short key, letters, digits and `_`: how uploads name it.
    pub key: String,
    pub name: String,
    /// Required for the dossier to be complete (else optional).
    #[serde(default = "yes")]
    pub required: bool,
    /// Must carry the applicant's digital signature when filed online.
    #[serde(default)]
    pub must_sign: bool,
    /// The form template to download, a file name under the catalogue's templates.
    #[serde(default)]
    pub template: Option<String>,
}

fn yes() -> bool {
    true
}

/// What a field of the online form holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum FieldKind {
    Text,
    /// Several lines.
    Paragraph,
    /// A decimal number, with its unit (`ha`, `tấn`, `đồng`); a count (`tập`, `bản`) is
    /// `whole`.
    Number {
        unit: String,
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        whole: bool,
    },
    Date,
    /// One of a list: the keys the fee rule reads.
    Choice {
        options: Vec<(String, String)>,
    },
    /// The area a licence is asked for: corner points on a VN-2000 plane, typed or read from
    /// a map file, checked by the mining cadastre when the dossier is filed. `licence` is the
    /// kind of licence asked for (`exploration`, `mining`, `registration`).
    Area {
        licence: String,
    },
}

/// The kinds of licence an area field may ask for.
pub const AREA_LICENCES: [&str; 3] = ["exploration", "mining", "registration"];

/// A field of the online form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FormField {
    pub key: String,
    pub label: String,
    pub kind: FieldKind,
    #[serde(default)]
    pub required: bool,
}

impl FormField {
    /// A value of this field as a reader reads it: a choice by its label, a date as
    /// `dd/mm/yyyy`, a number with its unit; anything else as written.
    pub fn shown(&self, value: &str) -> String {
        match &self.kind {
            FieldKind::Choice { options } => options
                .iter()
                .find(|(k, _)| k == value)
                .map_or_else(|| value.to_string(), |(_, label)| label.clone()),
            FieldKind::Date => chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d")
                .map_or_else(|_| value.to_string(), |d| d.format("%d/%m/%Y").to_string()),
            FieldKind::Number { unit, .. } if !value.is_empty() => {
                format!("{value} {}", unit_for(value, unit))
            }
            _ => value.to_string(),
        }
    }
}

/// A unit as it reads after `value`: one of a counted unit in English is singular ("1 volume",
/// not "1 volumes"); Vietnamese units do not change.
pub fn unit_for<'a>(value: &str, unit: &'a str) -> &'a str {
    let one = value.trim() == "1";
    let english_plural = unit.len() > 2
        && unit.bytes().all(|b| b.is_ascii_lowercase())
        && unit.ends_with('s')
        && !unit.ends_with("ss");
    if one && english_plural {
        &unit[..unit.len() - 1]
    } else {
        unit
    }
}

/// Who handles a stage inside the agency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StageRole {
    /// The one-stop desk: reception, completeness, handing over the result.
    Desk,
    /// The handling unit's specialist: appraisal, field checks.
    Specialist,
    /// The handling unit's leader: review.
    UnitLeader,
    /// The agency's leader: the decision, the signature.
    Leader,
}

impl StageRole {
    pub const ALL: [StageRole; 4] = [
        StageRole::Desk,
        StageRole::Specialist,
        StageRole::UnitLeader,
        StageRole::Leader,
    ];

    /// The name stored and sent (as in the catalogue's JSON).
    pub fn as_str(self) -> &'static str {
        match self {
            StageRole::Desk => "desk",
            StageRole::Specialist => "specialist",
            StageRole::UnitLeader => "unit_leader",
            StageRole::Leader => "leader",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// One stage of the internal handling, with its own deadline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stage {
    pub name: String,
    pub role: StageRole,
    pub days: u32,
    pub unit: DeadlineUnit,
}

/// One version of a procedure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Procedure {
    /// The national procedure database code (`2.001816`), or the agency's own (`DCKS.12`).
    pub code: String,
    pub name: String,
    /// The field: "Địa chất và khoáng sản".
    pub field: String,
    pub legal_basis: Vec<String>,
    pub level: ServiceLevel,
    pub applicants: Vec<Applicant>,
    pub documents: Vec<RequiredDocument>,
    pub form: Vec<FormField>,
    pub fee: FeeRule,
    /// The overall deadline, from the receipt slip.
    pub deadline: u32,
    pub deadline_unit: DeadlineUnit,
    pub stages: Vec<Stage>,
    /// What the applicant receives: "Giấy phép thăm dò khoáng sản".
    pub result: String,
    /// The dossier must be filed at the desk (the law asks for originals).
    #[serde(default)]
    pub in_person: bool,
    pub effective_from: NaiveDate,
    #[serde(default)]
    pub effective_to: Option<NaiveDate>,
    /// Its words in English, each by the Vietnamese it translates (its name, the papers', the
    /// fields' and the choices' names, the stages, the units, the legal basis): the procedure
    /// is the Vietnamese; readers who chose English read these instead where there is one.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub en: std::collections::BTreeMap<String, String>,
}

/// A key: 1–40 lower-case letters, digits and `_`, starting with a letter.
fn is_key(k: &str) -> bool {
    (1..=40).contains(&k.len())
        && k.starts_with(|c: char| c.is_ascii_lowercase())
        && k.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// Why `key` (at `field`) will not do as a key among `taken`: not a key, or taken already.
fn key_refusal(e: &mut FieldErrors, field: &str, key: &str, taken: &[&String]) {
    if !is_key(key) {
        e.add(
            field,
            "invalid_key",
            "a key of lower-case letters, digits and _, starting with a letter",
        );
    } else if taken.iter().any(|k| k.as_str() == key) {
        e.add(field, "duplicate_key", "another row has this key");
    }
}

/// A procedure code: the national `N.NNNNNN` or an agency's `LETTERS.DIGITS`.
fn is_procedure_code(c: &str) -> bool {
    let Some((a, b)) = c.split_once('.') else {
        return false;
    };
    let national = a.len() == 1
        && a.bytes().all(|x| x.is_ascii_digit())
        && b.len() == 6
        && b.bytes().all(|x| x.is_ascii_digit());
    let local = (2..=8).contains(&a.len())
        && a.bytes().all(|x| x.is_ascii_uppercase())
        && (1..=4).contains(&b.len())
        && b.bytes().all(|x| x.is_ascii_digit());
    national || local
}

/// Each text of a procedure as serialised (never its English words themselves), to read or
/// to replace.
fn each_text(v: &mut serde_json::Value, f: &mut impl FnMut(&mut String)) {
    match v {
        serde_json::Value::String(s) => f(s),
        serde_json::Value::Array(items) => items.iter_mut().for_each(|i| each_text(i, f)),
        serde_json::Value::Object(fields) => fields
            .iter_mut()
            .filter(|(k, _)| k.as_str() != "en")
            .for_each(|(_, v)| each_text(v, f)),
        _ => {}
    }
}

impl Procedure {
    /// The procedure worded in English where [`Procedure::en`] has the words: every text of it
    /// (never a key or a code, which are no Vietnamese) replaced by its translation.
    pub fn in_english(&self) -> Procedure {
        if self.en.is_empty() {
            return self.clone();
        }
        let Ok(mut value) = serde_json::to_value(self) else {
            return self.clone();
        };
        each_text(&mut value, &mut |s| {
            if let Some(en) = self.en.get(s.as_str()) {
                *s = en.clone();
            }
        });
        serde_json::from_value(value).unwrap_or_else(|_| self.clone())
    }

    /// Its Vietnamese texts without English words: what a reader of English would still read
    /// in Vietnamese.
    pub fn untranslated(&self) -> Vec<String> {
        self.translatable()
            .into_iter()
            .filter(|s| !self.en.contains_key(s.as_str()))
            .collect()
    }

    /// Each of its texts [`Procedure::en`] may translate, once, in the order the procedure
    /// holds them: those written in Vietnamese (with a letter only Vietnamese writes, the signs
    /// of cubic metres and ranges apart), and any other it translates already.
    pub fn translatable(&self) -> Vec<String> {
        let Ok(mut value) = serde_json::to_value(self) else {
            return Vec::new();
        };
        let mut texts: Vec<String> = Vec::new();
        each_text(&mut value, &mut |s| {
            let vietnamese = s.chars().any(|c| !c.is_ascii() && !"³–".contains(c));
            if (vietnamese || self.en.contains_key(s.as_str())) && !texts.contains(s) {
                texts.push(s.clone());
            }
        });
        texts
    }

    /// Why an applicant of another kind may not file it, said as whom it is for: the refusal's
    /// code and its message.
    pub fn not_for_applicant(&self) -> (&'static str, &'static str) {
        if self.applicants.contains(&Applicant::Business) {
            (
                "for_businesses",
                "this procedure is for businesses and organisations only",
            )
        } else {
            ("for_citizens", "this procedure is for citizens only")
        }
    }

    /// Everything wrong with it, by field (`documents[2].key`, `fee_rule`, ...).
    pub fn validate(&self) -> Result<(), FieldErrors> {
        let mut e = FieldErrors::new();
        if !is_procedure_code(&self.code) {
            e.add(
                "code",
                "invalid",
                "a national code such as 2.001816, or the agency's such as DCKS.12",
            );
        }
        for (field, text, max) in [
            ("name", &self.name, 300),
            ("field", &self.field, 120),
            ("result", &self.result, 300),
        ] {
            if text.trim().is_empty() {
                e.add(field, "required", format!("1 to {max} characters"));
            } else if text.chars().count() > max {
                e.add(field, "too_long", format!("1 to {max} characters"));
            }
        }
        if self.legal_basis.is_empty() || self.legal_basis.iter().any(|l| l.trim().is_empty()) {
            e.add(
                "legal_basis",
                "required",
                "name the legal documents it rests on",
            );
        }
        if self.applicants.is_empty() {
            e.add("applicants", "required", "say who may apply");
        }
        if self.documents.is_empty() {
            e.add("documents", "required", "list the documents of the dossier");
        }
        let mut seen = Vec::new();
        for (i, d) in self.documents.iter().enumerate() {
            key_refusal(&mut e, &format!("documents[{i}].key"), &d.key, &seen);
            seen.push(&d.key);
            if d.name.trim().is_empty() {
                e.add(
                    &format!("documents[{i}].name"),
                    "required",
                    "name the document",
                );
            }
            if let Some(t) = &d.template
                && (t.contains('/') || t.contains('\\') || t.starts_with('.') || t.len() > 100)
            {
                e.add(
                    &format!("documents[{i}].template"),
                    "invalid_template",
                    "a file name, without folders",
                );
            }
        }
        let mut keys = Vec::new();
        for (i, f) in self.form.iter().enumerate() {
            key_refusal(&mut e, &format!("form[{i}].key"), &f.key, &keys);
            keys.push(&f.key);
            if f.label.trim().is_empty() {
                e.add(
                    &format!("form[{i}].label"),
                    "required",
                    "the label the applicant reads",
                );
            }
            if let FieldKind::Choice { options } = &f.kind {
                let keys: Vec<&String> = options.iter().map(|(k, _)| k).collect();
                if options.is_empty() {
                    e.add(
                        &format!("form[{i}].options"),
                        "required",
                        "a choice needs options",
                    );
                } else {
                    // the fee and the dossiers read a choice by its key: one each, and a name;
                    // the first fault found is said, naming its option
                    let fault = options.iter().enumerate().find_map(|(n, (k, name))| {
                        if !is_key(k) {
                            Some(("option_key", format!("the key {k:?} is not a key of lower-case letters, digits and _, starting with a letter")))
                        } else if keys[..n].contains(&k) {
                            Some(("option_key_twice", format!("the key {k:?} is given to two options")))
                        } else if name.trim().is_empty() {
                            Some(("option_unnamed", format!("the option {k:?} has no name")))
                        } else {
                            None
                        }
                    });
                    if let Some((code, message)) = fault {
                        e.add(&format!("form[{i}].options"), code, message);
                    }
                }
            }
            if matches!(f.kind, FieldKind::Area { .. })
                && self.form[..i]
                    .iter()
                    .any(|g| matches!(g.kind, FieldKind::Area { .. }))
            {
                // a dossier asks for one area: the register files one area a dossier
                e.add(
                    &format!("form[{i}].kind"),
                    "second_area",
                    "one area field a form",
                );
            }
            if let FieldKind::Area { licence } = &f.kind
                && !AREA_LICENCES.contains(&licence.as_str())
            {
                e.add(
                    &format!("form[{i}].licence"),
                    "invalid_choice",
                    "exploration, mining or registration",
                );
            }
        }
        if let Err(fee) = self.fee.validate() {
            e.0.extend(fee.0);
        }
        for (input, choices) in self.fee.choices_read() {
            let options: Vec<&str> = match self.form.iter().find(|f| f.key == input) {
                Some(FormField {
                    kind: FieldKind::Choice { options },
                    ..
                }) => options.iter().map(|(k, _)| k.as_str()).collect(),
                _ => continue,
            };
            if let Some(c) = choices.iter().find(|c| !options.contains(&c.key.as_str())) {
                e.add(
                    "fee_rule",
                    "fee_choice_unknown",
                    format!(
                        "the fee's choice \"{}\" is not an option of the form's field \"{input}\"",
                        c.key
                    ),
                );
            }
        }
        for input in self.fee.inputs() {
            if !keys.iter().any(|k| **k == input) {
                e.add(
                    "fee_rule",
                    "input",
                    format!("the fee reads the form field \"{input}\", which the form lacks"),
                );
            }
        }
        if self.deadline == 0 || self.deadline > crate::calendar::MAX_DEADLINE_DAYS {
            e.add(
                "deadline",
                "deadline_range",
                "1 day or more, at most three years",
            );
        }
        let same_unit: u32 = self
            .stages
            .iter()
            .filter(|s| s.unit == self.deadline_unit)
            .map(|s| s.days)
            .sum();
        if self.stages.is_empty() {
            e.add("stages", "required", "list the stages of the handling");
        } else if same_unit > self.deadline {
            e.add(
                "stages",
                "stages_too_long",
                format!(
                    "the stages add up to {same_unit} days, more than the {} of the procedure",
                    self.deadline
                ),
            );
        }
        if self.effective_to.is_some_and(|to| to < self.effective_from) {
            e.add("effective_to", "order", "the end comes before the start");
        }
        if self.in_person && self.level == ServiceLevel::Full {
            e.add(
                "level",
                "in_person_level",
                "a procedure filed in person cannot be fully online",
            );
        }
        e.into_result()
    }

    /// In force on `day`.
    pub fn in_force(&self, day: NaiveDate) -> bool {
        self.effective_from <= day && self.effective_to.is_none_or(|to| day <= to)
    }
}

/// A dossier code: the receiving body, the receipt date, the serial within the day.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct DossierCode(String);

/// The most dossiers one body receives in a day (four digits).
pub const MAX_SERIAL: u32 = 9999;

impl DossierCode {
    pub fn new(body: &OrgId, received: NaiveDate, serial: u32) -> Result<Self, FieldError> {
        if !(1..=MAX_SERIAL).contains(&serial) {
            return Err(invalid("serial", "the day's serial runs from 0001 to 9999"));
        }
        Ok(Self(format!(
            "{}-{}-{serial:04}",
            body.as_str(),
            received.format("%y%m%d")
        )))
    }

    /// Reads a code as typed (spaces around it and lower-case letters forgiven).
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let s = input.trim().to_ascii_uppercase();
        let shape = || {
            invalid(
                "invalid_dossier_code",
                "a dossier code looks like 000.00.27.G12-261130-0001",
            )
        };
        let mut parts = s.rsplitn(3, '-');
        let (Some(serial), Some(date), Some(org)) = (parts.next(), parts.next(), parts.next())
        else {
            return Err(shape());
        };
        let org = OrgId::parse(org).map_err(|_| shape())?;
        let date = (date.len() == 6 && date.bytes().all(|b| b.is_ascii_digit()))
            .then(|| NaiveDate::parse_from_str(&format!("20{date}"), "%Y%m%d").ok())
            .flatten()
            .ok_or_else(shape)?;
        let serial: u32 = (serial.len() == 4 && serial.bytes().all(|b| b.is_ascii_digit()))
            .then(|| serial.parse().ok())
            .flatten()
            .ok_or_else(shape)?;
        Self::new(&org, date, serial).map_err(|_| shape())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The receipt date the code carries.
    pub fn received(&self) -> Option<NaiveDate> {
        let date = self.0.rsplit('-').nth(1)?;
        NaiveDate::parse_from_str(&format!("20{date}"), "%Y%m%d").ok()
    }
}

impl fmt::Display for DossierCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for DossierCode {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        Self::parse(&s).map_err(|e| e.message)
    }
}

impl From<DossierCode> for String {
    fn from(c: DossierCode) -> Self {
        c.0
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn one_of_a_counted_unit_is_singular_in_english() {
        assert_eq!(super::unit_for("1", "volumes"), "volume");
        assert_eq!(super::unit_for("2", "volumes"), "volumes");
        assert_eq!(super::unit_for("1", "tập"), "tập");
        assert_eq!(super::unit_for("1", "ha"), "ha");
        assert_eq!(super::unit_for("1", "tonnes (m³)"), "tonnes (m³)");
    }

    use super::*;

    #[test]
    fn statuses_read_back_as_stored() {
        for s in ApplicationStatus::ALL {
            assert_eq!(ApplicationStatus::parse(s.as_str()), Some(*s));
            assert_eq!(
                serde_json::to_value(s).ok(),
                Some(serde_json::Value::String(s.as_str().into()))
            );
        }
        for s in PaymentStatus::ALL {
            assert_eq!(PaymentStatus::parse(&s.to_string()), Some(*s));
        }
        assert_eq!(ApplicationStatus::parse("processing"), None);
        assert!(ApplicationStatus::Incomplete.editable());
        assert!(!ApplicationStatus::Withdrawn.payable());
    }

    #[test]
    fn a_dossier_moves_only_along_its_table() {
        use ApplicationStatus::*;
        use ApplicationStep::*;
        assert_eq!(next_application(Draft, Submit), Some(Submitted));
        assert_eq!(next_application(Submitted, Submit), None);
        assert_eq!(next_application(Incomplete, Complete), Some(Submitted));
        assert_eq!(next_application(Submitted, AskToComplete), Some(Incomplete));
        assert_eq!(next_application(Accepted, Accept), None);
        assert_eq!(next_application(Accepted, PublishResult), Some(ResultReady));
        assert_eq!(next_application(ResultReady, Return), Some(Returned));
        assert_eq!(next_application(Returned, Return), None);
        for s in ApplicationStatus::ALL {
            // withdrawn only before a decision, and never twice
            assert_eq!(next_application(*s, Withdraw).is_some(), s.open(), "{s}");
        }
        assert_eq!(next_application(ResultReady, Apologise), None);
        assert!(Refuse.desk_only() && !Withdraw.desk_only() && !Return.desk_only());
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    #[test]
    fn dossier_codes_carry_the_body_the_day_and_the_serial() -> Result<(), FieldError> {
        let body = OrgId::parse("000.00.27.G12")?;
        let code = DossierCode::new(&body, day(2026, 11, 30), 7)?;
        assert_eq!(code.as_str(), "000.00.27.G12-261130-0007");
        assert_eq!(DossierCode::parse(" 000.00.27.g12-261130-0007 ")?, code);
        assert_eq!(code.received(), Some(day(2026, 11, 30)));
        for bad in [
            "000.00.27.G12-261130-007",
            "000.00.27.G12-261131-0007",
            "000.00.27.G12-261130-0000",
            "000.00.27.G12-2611300007",
            "00.00.27.G12-261130-0007",
            "000.00.27.G12-261130-00A7",
            "",
            "000.00.27.G12-261130-0007-1",
        ] {
            assert!(DossierCode::parse(bad).is_err(), "{bad}");
        }
        assert!(DossierCode::new(&body, day(2026, 11, 30), 10_000).is_err());
        Ok(())
    }

    fn exploration() -> Procedure {
        Procedure {
            code: "2.001816".into(),
            name: "Cấp giấy phép thăm dò khoáng sản".into(),
            field: "Địa chất và khoáng sản".into(),
            legal_basis: vec!["Luật Địa chất và khoáng sản số 54/2024/QH15".into()],
            level: ServiceLevel::Full,
            applicants: vec![Applicant::Business],
            documents: vec![RequiredDocument {
                key: "application".into(),
                name: "Đơn đề nghị cấp giấy phép thăm dò khoáng sản".into(),
                required: true,
                must_sign: true,
                template: Some("mau-01-don-tham-do.docx".into()),
            }],
            form: vec![FormField {
                key: "area_ha".into(),
                label: "Diện tích thăm dò".into(),
                kind: FieldKind::Number {
                    unit: "ha".into(),
                    whole: false,
                },
                required: true,
            }],
            fee: FeeRule::Fixed {
                amount: 4_000_000,
                label: "Phí thẩm định".into(),
            },
            deadline: 90,
            deadline_unit: DeadlineUnit::Days,
            stages: vec![
                Stage {
                    name: "Kiểm tra hồ sơ".into(),
                    role: StageRole::Desk,
                    days: 5,
                    unit: DeadlineUnit::WorkingDays,
                },
                Stage {
                    name: "Thẩm định".into(),
                    role: StageRole::Specialist,
                    days: 75,
                    unit: DeadlineUnit::Days,
                },
            ],
            result: "Giấy phép thăm dò khoáng sản".into(),
            in_person: false,
            effective_from: day(2025, 7, 1),
            effective_to: None,
            en: Default::default(),
        }
    }

    #[test]
    fn a_procedure_reads_in_english_where_it_has_the_words() {
        let mut p = exploration();
        assert_eq!(p.in_english(), p, "no words: as it is");
        p.en = [
            (
                "Cấp giấy phép thăm dò khoáng sản",
                "Grant of a mineral exploration licence",
            ),
            (
                "Đơn đề nghị cấp giấy phép thăm dò khoáng sản",
                "Application for a licence",
            ),
            ("Diện tích thăm dò", "Exploration area"),
            ("Phí thẩm định", "Appraisal fee"),
            ("Kiểm tra hồ sơ", "Checking the dossier"),
        ]
        .into_iter()
        .map(|(vi, en)| (vi.to_string(), en.to_string()))
        .collect();
        let en = p.in_english();
        assert_eq!(en.name, "Grant of a mineral exploration licence");
        assert_eq!(en.documents[0].name, "Application for a licence");
        assert_eq!(en.form[0].label, "Exploration area");
        assert_eq!(
            en.fee,
            FeeRule::Fixed {
                amount: 4_000_000,
                label: "Appraisal fee".into()
            }
        );
        assert_eq!(en.stages[0].name, "Checking the dossier");
        // what has no words stays Vietnamese; keys, codes and rules stay what they are
        assert_eq!(en.stages[1].name, "Thẩm định");
        let left = p.untranslated();
        assert!(
            left.contains(&"Thẩm định".to_string())
                && !left.contains(&"Kiểm tra hồ sơ".to_string()),
            "{left:?}"
        );
        assert_eq!(en.result, p.result);
        assert_eq!(
            (en.code.as_str(), en.documents[0].key.as_str()),
            ("2.001816", "application")
        );
        assert_eq!((en.deadline, en.en.len()), (p.deadline, p.en.len()));
    }

    #[test]
    fn a_procedure_is_checked_field_by_field() {
        let p = exploration();
        assert_eq!(p.validate(), Ok(()));
        assert!(p.in_force(day(2026, 1, 1)) && !p.in_force(day(2025, 6, 30)));
        let mut bad = p.clone();
        bad.code = "2.0018".into();
        bad.documents[0].template = Some("../../etc/passwd".into());
        bad.fee = FeeRule::Brackets {
            input: "cost".into(),
            label: "x".into(),
            unit: "đồng".into(),
            brackets: vec![crate::fees::Bracket {
                max: None,
                max_inclusive: false,
                base: 1,
                rate_bp: 0,
                over: None,
            }],
        };
        bad.stages[1].days = 100;
        bad.effective_to = Some(day(2025, 1, 1));
        bad.in_person = true;
        let fields: Vec<String> = bad
            .validate()
            .err()
            .map(|e| e.0.into_iter().map(|f| f.field).collect())
            .unwrap_or_default();
        assert_eq!(
            fields,
            vec![
                "code",
                "documents[0].template",
                "fee_rule",
                "stages",
                "effective_to",
                "level"
            ]
        );
        let json = serde_json::to_string(&p).unwrap_or_default();
        assert_eq!(serde_json::from_str::<Procedure>(&json).ok(), Some(p));
    }

    #[test]
    fn keys_labels_and_the_fees_choices_agree_with_the_form() {
        let mut p = exploration();
        let choice = |key: &str| crate::fees::Choice {
            key: key.into(),
            label: key.into(),
            value: "1000".into(),
        };
        p.documents.push(p.documents[0].clone());
        p.form.push(FormField {
            key: "mineral".into(),
            label: " ".into(),
            kind: FieldKind::Choice {
                options: vec![("sand".into(), "Cát".into()), ("clay".into(), "Sét".into())],
            },
            required: true,
        });
        p.fee = FeeRule::Table {
            input: "mineral".into(),
            label: "Loại".into(),
            choices: vec![choice("sand"), choice("stone")],
        };
        let codes = |p: &Procedure| -> Vec<(String, &'static str)> {
            p.validate()
                .err()
                .map(|e| e.0.into_iter().map(|f| (f.field, f.code)).collect())
                .unwrap_or_default()
        };
        assert_eq!(
            codes(&p),
            vec![
                ("documents[1].key".to_string(), "duplicate_key"),
                ("form[1].label".to_string(), "required"),
                ("fee_rule".to_string(), "fee_choice_unknown"),
            ]
        );
        p.fee = FeeRule::Table {
            input: "mineral".into(),
            label: "Loại".into(),
            choices: vec![choice("sand"), choice("sand")],
        };
        assert!(codes(&p).contains(&("fee_rule".to_string(), "duplicate_choice")));
        let mut unnamed = choice("clay");
        unnamed.label = " ".into();
        p.fee = FeeRule::Table {
            input: "mineral".into(),
            label: "Loại".into(),
            choices: vec![choice("sand"), unnamed],
        };
        assert!(codes(&p).contains(&("fee_rule".to_string(), "unnamed_line")));
        // an option's fault is said as what it is
        p.fee = FeeRule::Free;
        for (options, code) in [
            (vec![("Cát", "Cát")], "option_key"),
            (vec![("sand", "Cát"), ("sand", "Sỏi")], "option_key_twice"),
            (vec![("sand", "Cát"), ("clay", " ")], "option_unnamed"),
        ] {
            p.form[1].kind = FieldKind::Choice {
                options: options
                    .into_iter()
                    .map(|(k, n)| (k.to_string(), n.to_string()))
                    .collect(),
            };
            assert!(
                codes(&p).contains(&("form[1].options".to_string(), code)),
                "{code}: {:?}",
                codes(&p)
            );
        }
    }
}
