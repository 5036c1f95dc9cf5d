//! Official documents under Decree 30/2020/NĐ-CP: what an incoming document is made of, how its
//! fields parse, and the life of an incoming document as a state machine.
//!
//! Document types are data (seeded from Appendix III, editable); urgency, channels and the
//! states of the flow are fixed by the decree and live here.

use crate::people::Clearance;
use crate::validation::{FieldError, bounded_text, invalid};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Secrecy of a document: the same scale as a person's clearance (Mật, Tối mật, Tuyệt mật).
pub type Secrecy = Clearance;

pub const SUBJECT_MAX: usize = 500;
pub const ISSUER_MAX: usize = 200;
pub const SIGNER_MAX: usize = 50;
/// Code number (11) + `/` + code notation (30), Appendix VI.
pub const NOTATION_MAX: usize = 42;
pub const NOTE_MAX: usize = 2000;

/// How fast a document must be handled (Decree 30, Art. 15).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Urgency {
    Normal,
    /// KHẨN
    Urgent,
    /// THƯỢNG KHẨN
    VeryUrgent,
    /// HỎA TỐC
    MostUrgent,
}

impl Urgency {
    pub const ALL: [Urgency; 4] = [
        Urgency::Normal,
        Urgency::Urgent,
        Urgency::VeryUrgent,
        Urgency::MostUrgent,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Urgency::Normal => "normal",
            Urgency::Urgent => "urgent",
            Urgency::VeryUrgent => "very_urgent",
            Urgency::MostUrgent => "most_urgent",
        }
    }

    pub fn parse(s: &str) -> Result<Self, FieldError> {
        Self::ALL
            .into_iter()
            .find(|u| u.as_str() == s)
            .ok_or_else(|| invalid("invalid_choice", "is not a known urgency"))
    }

    /// Urgent documents go to the top of queues, most urgent first.
    pub fn rank(self) -> i64 {
        match self {
            Urgency::Normal => 0,
            Urgency::Urgent => 1,
            Urgency::VeryUrgent => 2,
            Urgency::MostUrgent => 3,
        }
    }
}

/// How a document arrived.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Electronic,
    Paper,
    Email,
    Edxml,
    /// Sent by a unit of the same organisation through lode.
    Internal,
}

impl Channel {
    pub const ALL: [Channel; 5] = [
        Channel::Electronic,
        Channel::Paper,
        Channel::Email,
        Channel::Edxml,
        Channel::Internal,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Electronic => "electronic",
            Channel::Paper => "paper",
            Channel::Email => "email",
            Channel::Edxml => "edxml",
            Channel::Internal => "internal",
        }
    }

    pub fn parse(s: &str) -> Result<Self, FieldError> {
        Self::ALL
            .into_iter()
            .find(|c| c.as_str() == s)
            .ok_or_else(|| invalid("invalid_choice", "is not a known channel"))
    }

    pub fn is_electronic(self) -> bool {
        !matches!(self, Channel::Paper)
    }
}

/// Which register a document goes to: secret documents always have their own series.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Register {
    Regular,
    Secret,
}

impl Register {
    pub fn for_secrecy(s: Secrecy) -> Register {
        if s == Clearance::None {
            Register::Regular
        } else {
            Register::Secret
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Register::Regular => "regular",
            Register::Secret => "secret",
        }
    }

    pub fn parse(s: &str) -> Option<Register> {
        match s {
            "regular" => Some(Register::Regular),
            "secret" => Some(Register::Secret),
            _ => None,
        }
    }
}

crate::checked_text! {
    /// The number and notation of a document as its issuer wrote it: `12/QĐ-BNNMT`,
    /// `3888/BTNMT-ĐCKS`, `01/2026/TT-BNNMT`. A number first, then `/` and the notation:
    /// letters (Vietnamese ones too), digits, `/`, `-` and `.`; no spaces; at most 42
    /// characters.
    Notation by check_notation
}

fn check_notation(input: &str) -> Result<String, FieldError> {
    let s = bounded_text(input, NOTATION_MAX)?;
    let bad = || {
        invalid(
            "invalid_notation",
            "must look like 12/QĐ-BNNMT: a number, /, then letters, digits, - or .",
        )
    };
    let (number, rest) = s.split_once('/').ok_or_else(bad)?;
    if number.is_empty() || !number.chars().all(|c| c.is_ascii_digit()) || rest.is_empty() {
        return Err(bad());
    }
    if !rest
        .chars()
        .all(|c| c.is_alphanumeric() || "/-.".contains(c))
        || rest.ends_with(['/', '-', '.'])
    {
        return Err(bad());
    }
    Ok(s)
}

/// The years a date in lode may fall in: documents, deadlines, periods, filters.
pub const YEARS: std::ops::RangeInclusive<i32> = 1900..=2100;

/// A calendar date typed as `YYYY-MM-DD` (legal dates are dates, not instants), in [`YEARS`]:
/// chrono reads year 0 and negative years, which no document has.
pub fn parse_date(input: &str) -> Result<NaiveDate, FieldError> {
    let bad = || invalid("invalid_date", "must be a date, YYYY-MM-DD");
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Err(invalid("required", "is required"));
    }
    // four digits for the year: chrono also reads `+02026-01-01` and `-0001-01-01`
    if !trimmed.as_bytes().first().is_some_and(u8::is_ascii_digit) {
        return Err(bad());
    }
    let date = NaiveDate::parse_from_str(trimmed, "%Y-%m-%d").map_err(|_| bad())?;
    if !YEARS.contains(&chrono::Datelike::year(&date)) {
        return Err(invalid(
            "date_out_of_range",
            format!("must fall between {} and {}", YEARS.start(), YEARS.end()),
        ));
    }
    Ok(date)
}

/// The earliest day a document received by `today` may be registered as received on: the
/// first of January of the year before. A paper that arrived before the New Year holiday is
/// entered after it into last year's register; no register of years ago is reopened.
pub fn earliest_received(today: NaiveDate) -> NaiveDate {
    NaiveDate::from_ymd_opt(chrono::Datelike::year(&today) - 1, 1, 1).unwrap_or(today)
}

/// Where an incoming document stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IncomingStatus {
    /// Registered; waiting for the leader's instruction.
    Registered,
    /// The leader named the lead unit; waiting for its leader to name a handler.
    Routed,
    /// A handler is named and works on it.
    Assigned,
    Completed,
    /// Sent back to its sender, with the reason.
    Returned,
}

impl IncomingStatus {
    pub const ALL: [IncomingStatus; 5] = [
        IncomingStatus::Registered,
        IncomingStatus::Routed,
        IncomingStatus::Assigned,
        IncomingStatus::Completed,
        IncomingStatus::Returned,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            IncomingStatus::Registered => "registered",
            IncomingStatus::Routed => "routed",
            IncomingStatus::Assigned => "assigned",
            IncomingStatus::Completed => "completed",
            IncomingStatus::Returned => "returned",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// Still waiting for someone.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            IncomingStatus::Registered | IncomingStatus::Routed | IncomingStatus::Assigned
        )
    }
}

/// What can happen to an incoming document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IncomingStep {
    /// The leader's instruction: lead unit, co-ordinating units, deadline.
    Route,
    /// The lead unit's leader names the handler (again, to reassign).
    Assign,
    /// The handler finishes.
    Complete,
    /// Back to the sender, before anyone works on it.
    Return,
    /// The lead unit's leader hands a letter sent to the wrong unit back to the leaders, before
    /// naming a handler: it waits for their instruction again.
    HandBack,
    /// More time, granted by whoever may route or assign it.
    ExtendDeadline,
    /// The handler, or the lead unit's leader, asks for more time: a proposed day and why.
    AskExtension,
    /// Whoever was asked for more time refuses it, saying why: the deadline stays.
    DeclineExtension,
    /// Notes and proposals, by anyone involved, while it is open.
    Note,
    /// Whoever keeps the register corrects what was registered (a notation, a subject mistyped),
    /// while it is open: the change is kept in its history.
    Correct,
    /// Its sender, an office of lode, recalled the letter: lode returns the copy, whoever
    /// works on it. No person takes this step.
    SenderRecalled,
    /// A reply to it was issued (numbered) in lode: the letter is settled, whoever was at it.
    /// No person takes this step.
    Answered,
    /// The public-service dossier it carries was settled by the unit that handles such
    /// dossiers on its own pages (the archive's copies, its decision on a request): the letter
    /// is settled with it. No person takes this step.
    DossierSettled,
}

/// The decree's order of work, as a transition table. The same table decides which buttons a
/// page shows and what the API accepts.
pub fn next_status(from: IncomingStatus, step: IncomingStep) -> Option<IncomingStatus> {
    use IncomingStatus as S;
    use IncomingStep as E;
    match (from, step) {
        (S::Registered | S::Routed, E::Route) => Some(S::Routed),
        (S::Routed | S::Assigned, E::Assign) => Some(S::Assigned),
        (S::Assigned, E::Complete) => Some(S::Completed),
        (S::Registered | S::Routed, E::Return) => Some(S::Returned),
        (S::Routed, E::HandBack) => Some(S::Registered),
        (S::Registered | S::Routed | S::Assigned, E::SenderRecalled) => Some(S::Returned),
        (S::Registered | S::Routed | S::Assigned, E::Answered | E::DossierSettled) => {
            Some(S::Completed)
        }
        (S::Routed | S::Assigned, E::ExtendDeadline | E::AskExtension | E::DeclineExtension) => {
            Some(from)
        }
        (s, E::Note | E::Correct) if s.is_open() => Some(s),
        _ => None,
    }
}

/// A deadline set on `today` must not fall before the day the document was received, nor be
/// already past.
pub fn check_deadline(
    received: NaiveDate,
    today: NaiveDate,
    deadline: NaiveDate,
) -> Result<(), FieldError> {
    if deadline < received {
        return Err(invalid(
            "deadline_before_received",
            "must not be before the received date",
        ));
    }
    if deadline < today {
        return Err(invalid("deadline_past", "must not be before today"));
    }
    Ok(())
}

/// Where an outgoing document stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutgoingStatus {
    /// Being written by its author.
    Draft,
    /// Going up the review chain.
    InReview,
    /// Approved by the last reviewer; waiting for the clerk's number.
    Approved,
    /// Numbered and dated by the clerk.
    Issued,
    /// Dispatched to its recipients.
    Sent,
    /// Taken back after sending, with a reason.
    Recalled,
}

impl OutgoingStatus {
    pub const ALL: [OutgoingStatus; 6] = [
        OutgoingStatus::Draft,
        OutgoingStatus::InReview,
        OutgoingStatus::Approved,
        OutgoingStatus::Issued,
        OutgoingStatus::Sent,
        OutgoingStatus::Recalled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            OutgoingStatus::Draft => "draft",
            OutgoingStatus::InReview => "in_review",
            OutgoingStatus::Approved => "approved",
            OutgoingStatus::Issued => "issued",
            OutgoingStatus::Sent => "sent",
            OutgoingStatus::Recalled => "recalled",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

/// What can happen to an outgoing document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutgoingStep {
    /// A new version of the draft's file.
    Revise,
    /// The author corrects the draft's details (subject, type, recipients…).
    Edit,
    /// The author sends the draft up the chain.
    Submit,
    /// The reviewer of the present step approves; the last approval ends the review.
    Approve {
        last: bool,
    },
    /// A reviewer, or the signer before signing, sends it back to the author with comments.
    SendBack,
    /// The author takes it back from review to change it (nothing the reviewers did stays).
    Withdraw,
    /// The clerk gives the number and date.
    Issue,
    Send,
    Recall,
}

/// The order of an outgoing document's life (Decree 30, Art. 14–19).
pub fn next_outgoing(from: OutgoingStatus, step: OutgoingStep) -> Option<OutgoingStatus> {
    use OutgoingStatus as S;
    use OutgoingStep as E;
    match (from, step) {
        (S::Draft, E::Revise | E::Edit) => Some(S::Draft),
        (S::Draft, E::Submit) => Some(S::InReview),
        (S::InReview, E::Approve { last: false }) => Some(S::InReview),
        (S::InReview, E::Approve { last: true }) => Some(S::Approved),
        (S::InReview, E::SendBack | E::Withdraw) => Some(S::Draft),
        // the signer who finds a fault before signing sends it back to be mended
        (S::Approved, E::SendBack) => Some(S::Draft),
        (S::Approved, E::Issue) => Some(S::Issued),
        (S::Issued, E::Send) => Some(S::Sent),
        (S::Sent, E::Recall) => Some(S::Recalled),
        _ => None,
    }
}

/// Where an incoming document comes from, for the figures the agency reports (electronic
/// exchange inside the ministry and with bodies outside it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IssuerScope {
    /// A unit of lode's own organisation (sent through lode).
    Organisation,
    /// The ministry or another body under it.
    Ministry,
    Outside,
}

impl IssuerScope {
    pub const ALL: [IssuerScope; 3] = [
        IssuerScope::Organisation,
        IssuerScope::Ministry,
        IssuerScope::Outside,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            IssuerScope::Organisation => "organisation",
            IssuerScope::Ministry => "ministry",
            IssuerScope::Outside => "outside",
        }
    }

    pub fn parse(s: &str) -> Result<Self, FieldError> {
        Self::ALL
            .into_iter()
            .find(|x| x.as_str() == s)
            .ok_or_else(|| {
                invalid(
                    "invalid_choice",
                    "is `organisation`, `ministry` or `outside`",
                )
            })
    }

    /// A first guess from the issuer's name, for when the clerk does not say: the ministry
    /// (named as the ministry, or a body "thuộc Bộ" it) or outside.
    pub fn guess(issuer: &str) -> Self {
        let folded = crate::text::fold(issuer);
        let ministry = [
            "bo nong nghiep va moi truong",
            "bo tai nguyen va moi truong",
        ];
        if ministry.iter().any(|m| folded.contains(m)) {
            IssuerScope::Ministry
        } else {
            IssuerScope::Outside
        }
    }

    /// Inside the ministry: the organisation itself or the ministry's bodies.
    pub fn inside_ministry(self) -> bool {
        self != IssuerScope::Outside
    }
}

/// Who reviews a draft at one step of its chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reviewer {
    /// The leader of the drafting unit (or of a unit above it in the body).
    UnitLeader,
    /// The leader of the body: the agency leaders for the department.
    BodyLeader,
}

impl Reviewer {
    pub fn as_str(self) -> &'static str {
        match self {
            Reviewer::UnitLeader => "unit_leader",
            Reviewer::BodyLeader => "body_leader",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "unit_leader" => Some(Reviewer::UnitLeader),
            "body_leader" => Some(Reviewer::BodyLeader),
            _ => None,
        }
    }
}

/// Checks a review chain an administrator sets for a document type: one or two steps, each
/// reviewer once, the unit's leader before the body's.
pub fn parse_review_chain(steps: &[String]) -> Result<Vec<Reviewer>, FieldError> {
    let mut chain = Vec::new();
    for s in steps.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
        let r = Reviewer::parse(s)
            .ok_or_else(|| invalid("invalid_choice", "is `unit_leader` or `body_leader`"))?;
        if chain.contains(&r) {
            return Err(invalid("repeated", "each reviewer reviews once"));
        }
        chain.push(r);
    }
    match chain.as_slice() {
        [] => Err(invalid("required", "at least one reviewer")),
        [Reviewer::BodyLeader, Reviewer::UnitLeader] => Err(invalid(
            "out_of_order",
            "the unit's leader reviews before the body's",
        )),
        _ => Ok(chain),
    }
}

/// A review chain as stored: `unit_leader,body_leader`.
pub fn chain_as_stored(chain: &[Reviewer]) -> String {
    chain
        .iter()
        .map(|r| r.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

/// Checks a type's code, its notation code or its numbering series: letters (Đ included; the
/// decree writes Quy định `QyĐ`) and digits, 1 to 10 of them, starting with a capital.
pub fn parse_type_code(input: &str) -> Result<String, FieldError> {
    let s = input.trim();
    let letter = |c: char| c.is_ascii_alphabetic() || c == 'Đ' || c == 'đ';
    let ok = (1..=10).contains(&s.chars().count())
        && s.chars()
            .next()
            .is_some_and(|c| c.is_ascii_uppercase() || c == 'Đ')
        && s.chars().all(|c| letter(c) || c.is_ascii_digit());
    if ok {
        Ok(s.to_string())
    } else {
        Err(invalid(
            "invalid_code",
            "1 to 10 letters or digits starting with a capital, such as QĐ or QyĐ",
        ))
    }
}

/// Reads a review chain stored as `unit_leader,body_leader`; an empty or unreadable chain is
/// the decree's usual one.
pub fn parse_chain(stored: &str) -> Vec<Reviewer> {
    let chain: Vec<Reviewer> = stored
        .split(',')
        .filter_map(|s| Reviewer::parse(s.trim()))
        .collect();
    if chain.is_empty() {
        vec![Reviewer::UnitLeader, Reviewer::BodyLeader]
    } else {
        chain
    }
}

/// The number and notation of an outgoing document (Decree 30, Appendix I): `12/QĐ-ĐCKS` for a
/// typed document, `345/ĐCKS-VP` for a công văn (issuer, then the drafting unit). Numbers below
/// 10 take a leading zero.
pub fn outgoing_notation(
    number: i64,
    type_code: Option<&str>,
    issuer: &str,
    drafting_unit: &str,
) -> String {
    match type_code {
        Some(code) => format!("{number:02}/{code}-{issuer}"),
        None => format!("{number:02}/{issuer}-{drafting_unit}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notations_as_issuers_write_them() {
        for ok in [
            "12/QĐ-ĐCKS",
            "3888/BTNMT-ĐCKS",
            "01/2026/TT-BNNMT",
            "345/ĐCKS-VP",
            "7/UBND-KT.2",
        ] {
            assert_eq!(Notation::parse(ok).as_ref().map(Notation::as_str), Ok(ok));
        }
        for bad in [
            "",
            "QĐ-ĐCKS",
            "12",
            "12/",
            "/QĐ",
            "12 /QĐ",
            "12/QĐ ĐCKS",
            "12/<b>",
            "12/QĐ-",
            "a1/QĐ",
        ] {
            assert!(Notation::parse(bad).is_err(), "{bad:?}");
        }
        assert_eq!(
            Notation::parse(&format!("1/{}", "A".repeat(41))).map_err(|e| e.code),
            Err("too_long")
        );
    }

    #[test]
    fn secret_documents_have_their_own_register() {
        assert_eq!(Register::for_secrecy(Clearance::None), Register::Regular);
        for s in [
            Clearance::Confidential,
            Clearance::Secret,
            Clearance::TopSecret,
        ] {
            assert_eq!(Register::for_secrecy(s), Register::Secret);
        }
    }

    #[test]
    fn the_flow_follows_the_decree() {
        use IncomingStatus as S;
        use IncomingStep as E;
        assert_eq!(next_status(S::Registered, E::Route), Some(S::Routed));
        assert_eq!(
            next_status(S::Registered, E::Assign),
            None,
            "a handler is named after the leader's instruction"
        );
        assert_eq!(next_status(S::Routed, E::Assign), Some(S::Assigned));
        assert_eq!(
            next_status(S::Assigned, E::Assign),
            Some(S::Assigned),
            "reassigning"
        );
        assert_eq!(next_status(S::Routed, E::Complete), None);
        assert_eq!(next_status(S::Assigned, E::Complete), Some(S::Completed));
        assert_eq!(
            next_status(S::Assigned, E::Return),
            None,
            "too late to send back"
        );
        assert_eq!(next_status(S::Registered, E::Return), Some(S::Returned));
        assert_eq!(next_status(S::Routed, E::HandBack), Some(S::Registered));
        assert_eq!(
            next_status(S::Assigned, E::HandBack),
            None,
            "handed to a handler: reassigned, not handed back"
        );
        for open in [S::Registered, S::Routed, S::Assigned] {
            assert_eq!(
                next_status(open, E::Answered),
                Some(S::Completed),
                "a reply issued settles the letter at any stage"
            );
        }
        for done in [S::Completed, S::Returned] {
            for e in [
                E::Route,
                E::Assign,
                E::Complete,
                E::Return,
                E::HandBack,
                E::ExtendDeadline,
                E::AskExtension,
                E::DeclineExtension,
                E::Note,
                E::Correct,
                E::SenderRecalled,
                E::Answered,
            ] {
                assert_eq!(next_status(done, e), None, "{done:?} {e:?}");
            }
        }
    }

    #[test]
    fn deadlines_follow_receipt() {
        let d = |s| parse_date(s).unwrap_or_default();
        let today = d("2026-12-01");
        assert!(check_deadline(d("2026-11-25"), today, today).is_ok());
        assert!(check_deadline(d("2026-11-25"), today, d("2026-11-24")).is_err());
        assert_eq!(
            check_deadline(d("2026-11-25"), today, d("2026-11-30")).map_err(|e| e.code),
            Err("deadline_past")
        );
        assert!(parse_date("25/11/2026").is_err());
        assert!(parse_date("2026-02-30").is_err());
        for outside in [
            "0000-01-01",
            "-0001-01-01",
            "+2026-01-01",
            "1899-12-31",
            "2101-01-01",
        ] {
            assert!(parse_date(outside).is_err(), "{outside}");
        }
        assert_eq!(
            parse_date("0000-01-01").map_err(|e| e.code),
            Err("date_out_of_range")
        );
    }

    #[test]
    fn outgoing_notations_follow_the_decree() {
        assert_eq!(
            outgoing_notation(12, Some("QĐ"), "ĐCKS", "VP"),
            "12/QĐ-ĐCKS"
        );
        assert_eq!(outgoing_notation(345, None, "ĐCKS", "VP"), "345/ĐCKS-VP");
        assert_eq!(outgoing_notation(1, Some("TB"), "ĐCKS", "KS"), "01/TB-ĐCKS");
        assert!(Notation::parse(&outgoing_notation(7, Some("QyĐ"), "ĐCKS", "PC")).is_ok());
    }

    #[test]
    fn the_outgoing_flow_follows_the_decree() {
        use OutgoingStatus as S;
        use OutgoingStep as E;
        assert_eq!(next_outgoing(S::Draft, E::Submit), Some(S::InReview));
        assert_eq!(next_outgoing(S::InReview, E::Withdraw), Some(S::Draft));
        assert_eq!(
            next_outgoing(S::Approved, E::Withdraw),
            None,
            "approved: too late"
        );
        assert_eq!(next_outgoing(S::Draft, E::Withdraw), None);
        assert_eq!(
            next_outgoing(S::InReview, E::Approve { last: false }),
            Some(S::InReview)
        );
        assert_eq!(
            next_outgoing(S::InReview, E::Approve { last: true }),
            Some(S::Approved)
        );
        assert_eq!(next_outgoing(S::InReview, E::SendBack), Some(S::Draft));
        assert_eq!(next_outgoing(S::Approved, E::SendBack), Some(S::Draft));
        assert_eq!(
            next_outgoing(S::Issued, E::SendBack),
            None,
            "numbered: too late"
        );
        assert_eq!(
            next_outgoing(S::Draft, E::Issue),
            None,
            "never numbered before approval"
        );
        assert_eq!(next_outgoing(S::Approved, E::Issue), Some(S::Issued));
        assert_eq!(
            next_outgoing(S::Issued, E::Revise),
            None,
            "an issued document is not edited"
        );
        assert_eq!(next_outgoing(S::Issued, E::Send), Some(S::Sent));
        assert_eq!(next_outgoing(S::Sent, E::Recall), Some(S::Recalled));
        assert_eq!(next_outgoing(S::Recalled, E::Send), None);
    }

    #[test]
    fn review_chains_are_data_with_a_default() {
        assert_eq!(parse_chain("body_leader"), vec![Reviewer::BodyLeader]);
        assert_eq!(
            parse_chain(""),
            vec![Reviewer::UnitLeader, Reviewer::BodyLeader]
        );
        assert_eq!(
            parse_chain("unit_leader, body_leader"),
            vec![Reviewer::UnitLeader, Reviewer::BodyLeader]
        );
    }

    #[test]
    fn review_chains_are_checked() {
        let chain =
            |v: &[&str]| parse_review_chain(&v.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(
            chain(&["unit_leader", "body_leader"]),
            Ok(vec![Reviewer::UnitLeader, Reviewer::BodyLeader])
        );
        assert_eq!(chain(&["body_leader"]), Ok(vec![Reviewer::BodyLeader]));
        assert_eq!(chain(&[]).map_err(|e| e.code), Err("required"));
        assert_eq!(
            chain(&["body_leader", "unit_leader"]).map_err(|e| e.code),
            Err("out_of_order")
        );
        assert_eq!(
            chain(&["unit_leader", "unit_leader"]).map_err(|e| e.code),
            Err("repeated")
        );
        assert_eq!(chain(&["clerk"]).map_err(|e| e.code), Err("invalid_choice"));
        assert_eq!(
            chain_as_stored(&[Reviewer::UnitLeader, Reviewer::BodyLeader]),
            "unit_leader,body_leader"
        );
        assert_eq!(parse_type_code(" QĐ "), Ok("QĐ".into()));
        assert_eq!(parse_type_code("QyĐ"), Ok("QyĐ".into()));
        for bad in ["qd", "", "<b>", "Q D", "QĐ-1", "ABCDEFGHIJK"] {
            assert!(parse_type_code(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn issuers_are_placed_inside_or_outside_the_ministry() {
        assert_eq!(
            IssuerScope::guess("Bộ Nông nghiệp và Môi trường"),
            IssuerScope::Ministry
        );
        assert_eq!(
            IssuerScope::guess("Vụ Pháp chế - BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG"),
            IssuerScope::Ministry
        );
        assert_eq!(
            IssuerScope::guess("UBND tỉnh Lào Cai"),
            IssuerScope::Outside
        );
        assert_eq!(IssuerScope::parse("ministry"), Ok(IssuerScope::Ministry));
        assert!(IssuerScope::parse("inside").is_err());
        assert!(
            IssuerScope::Organisation.inside_ministry() && !IssuerScope::Outside.inside_ministry()
        );
    }
}
