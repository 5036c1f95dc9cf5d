//! The one place that decides what a person may see and do.
//!
//! Every page and API handler asks [`decide`] (or [`people_scope`] for lists) before it touches
//! data; nothing else in the code grants access. Three things decide: the person's roles, the
//! unit subtree they belong to, and their secrecy clearance.
//!
//! The rules, as the agency works:
//! - businesses and citizens never reach internal pages or data;
//! - every staff member sees the organisation tree (they route work across it);
//! - administrators manage units, people and read the audit log;
//! - the agency leaders and the clerks (văn thư) work across the whole department, so they see
//!   everybody; other staff see the people of their own unit and the units below it;
//! - secret content is for those cleared to its level or above.

use crate::org::UnitPath;
use crate::people::{AccountKind, Clearance, Role};

/// The signed-in person, as far as permissions go.
#[derive(Debug, Clone)]
pub struct Actor {
    pub account_id: i64,
    pub kind: AccountKind,
    pub roles: Vec<Role>,
    /// The unit the person belongs to (staff only).
    pub unit: Option<UnitPath>,
    /// The body whose registers the person's unit uses: the nearest unit at or above it that
    /// keeps its own registers (the department, a regional federation).
    pub register_unit: Option<UnitPath>,
    pub clearance: Clearance,
}

impl Actor {
    pub fn has(&self, role: Role) -> bool {
        self.kind == AccountKind::Staff && self.roles.contains(&role)
    }

    pub fn is_staff(&self) -> bool {
        self.kind == AccountKind::Staff
    }
}

/// Who is concerned by one document: the facts permissions are decided on.
#[derive(Debug, Clone)]
pub struct DocumentScope {
    /// The body in whose register the document is.
    pub register_unit: UnitPath,
    pub lead_unit: Option<UnitPath>,
    pub coordinating_units: Vec<UnitPath>,
    pub handler: Option<i64>,
    pub registered_by: i64,
    pub secrecy: Clearance,
}

/// Who is concerned by one outgoing document.
#[derive(Debug, Clone)]
pub struct OutgoingScope {
    /// The body that issues it (whose series numbers it).
    pub body: UnitPath,
    pub drafting_unit: UnitPath,
    pub author: i64,
    /// People who reviewed it at some step.
    pub reviewers: Vec<i64>,
    /// Units it was sent to inside the organisation; their people see it once sent.
    pub recipients: Vec<UnitPath>,
    pub sent: bool,
    pub secrecy: Clearance,
}

/// Who is concerned by one work dossier.
#[derive(Debug, Clone)]
pub struct DossierScope {
    /// The body whose archive receives it.
    pub body: UnitPath,
    /// The unit that keeps it.
    pub unit: UnitPath,
    pub responsible: i64,
    pub created_by: i64,
    /// The highest secrecy of what it holds.
    pub secrecy: Clearance,
}

/// Something a person wants to do.
#[derive(Debug, Clone, Copy)]
pub enum Action<'a> {
    /// Any internal page or API (home work queue, organisation tree, directory).
    UseInternal,
    /// Create, rename, move, close units.
    ManageUnits,
    /// See one staff member's record, who belongs to `unit`.
    ViewPerson { id: i64, unit: Option<&'a UnitPath> },
    /// Create accounts, change roles, units, clearance; reset passwords; deactivate.
    ManagePeople,
    /// Browse the audit log.
    ViewAudit,
    /// See the background jobs and put failed ones back in the queue.
    ManageJobs,
    /// Add and change document types: names, notation codes, series, review chains.
    ManageDocumentTypes,
    /// Read content marked at a secrecy level.
    ReadSecret(Clearance),
    /// Change one's own password, manage one's own API tokens.
    ManageOwnAccount,
    /// Register incoming documents (and see the whole register of one's body).
    RegisterDocuments,
    /// Know that a document exists: its number, dates, status.
    SeeDocument(&'a DocumentScope),
    /// Read what it says: subject, issuer, files. Needs clearance for secret documents.
    ReadDocument(&'a DocumentScope),
    /// Give the leader's instruction (lead unit, co-ordinating units, deadline).
    RouteDocument(&'a DocumentScope),
    /// Send it back to its sender (before anyone works on it): the register's keepers.
    ReturnDocument(&'a DocumentScope),
    /// Name the handler within the lead unit.
    AssignDocument(&'a DocumentScope),
    /// Work on it as its handler: notes, completion, asking for more time.
    HandleDocument(&'a DocumentScope),
    /// Draft outgoing documents (any staff member of a unit in a body).
    DraftOutgoing,
    /// See the reporting figures: of the whole body for its keepers (clerks, leaders), of
    /// their own unit for unit leaders.
    ViewReports,
    /// Know of an outgoing document.
    SeeOutgoing(&'a OutgoingScope),
    /// Read it (with clearance for secret ones).
    ReadOutgoing(&'a OutgoingScope),
    /// Change the draft, submit it: its author.
    EditOutgoing(&'a OutgoingScope),
    /// Review it at a step of its chain.
    ReviewOutgoing(&'a OutgoingScope, crate::documents::Reviewer),
    /// Number, date and send it, and add the organisation's seal: the clerks of its body.
    IssueOutgoing(&'a OutgoingScope),
    /// Sign it digitally as the body's leader, once approved.
    SignOutgoing(&'a OutgoingScope),
    /// Keep the registry of certificates: import, issue, link, refresh.
    ManageCertificates,
    /// Edit the public services' procedures and the working calendar.
    ManageCatalogue,
    /// Work the one-stop desk: see the dossiers filed, accept them, ask for what is missing,
    /// refuse them.
    WorkTheDesk,
    /// Take it back after sending: the clerks and leaders of its body.
    RecallOutgoing(&'a OutgoingScope),
    /// Open a work dossier in one's unit.
    OpenDossier,
    /// Know of a dossier: its code, title, dates. Its unit's people, leaders above it, the
    /// body's register keepers.
    SeeDossier(&'a DossierScope),
    /// Read its index and files (with clearance for what it holds).
    ReadDossier(&'a DossierScope),
    /// Attach and remove documents, close and reopen: the person responsible and the unit's
    /// leaders.
    EditDossier(&'a DossierScope),
    /// Record the hand-over to the archive: the body's clerks (who keep its archive).
    HandOverDossier(&'a DossierScope),
    /// Read a unit's weekly report: its leaders and those above, the body's register keepers,
    /// and its own people when it has no units below (a report quotes the work of the units
    /// below, whose documents their people may not open).
    ViewWeeklyReport(&'a WeeklyScope),
    /// Draft, edit and submit a unit's weekly report: its leaders (for a body: its keepers).
    WriteWeeklyReport(&'a UnitPath),
}

/// A unit whose weekly report is read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WeeklyScope {
    pub unit: UnitPath,
    /// The unit has units below it: its report quotes their work.
    pub units_below: bool,
}

/// Why an action is refused. [`Denied::OutOfScope`] is answered as "not found" so that the
/// existence of another unit's records does not leak.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Denied {
    ExternalAccount,
    MissingRole,
    OutOfScope,
    InsufficientClearance,
}

/// Which people a person may list and open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PeopleScope {
    All,
    /// The unit at this path and every unit below it.
    Subtree(UnitPath),
    /// Only oneself (external accounts, staff without a unit).
    OnlySelf(i64),
}

impl PeopleScope {
    pub fn admits(&self, id: i64, unit: Option<&UnitPath>) -> bool {
        match self {
            PeopleScope::All => true,
            PeopleScope::Subtree(root) => unit.is_some_and(|u| root.contains(u)),
            PeopleScope::OnlySelf(me) => *me == id,
        }
    }
}

pub fn people_scope(actor: &Actor) -> PeopleScope {
    if !actor.is_staff() {
        return PeopleScope::OnlySelf(actor.account_id);
    }
    if actor.has(Role::Administrator) || actor.has(Role::AgencyLeader) || actor.has(Role::Clerk) {
        return PeopleScope::All;
    }
    match &actor.unit {
        Some(u) => PeopleScope::Subtree(u.clone()),
        None => PeopleScope::OnlySelf(actor.account_id),
    }
}

/// Leads the body that keeps `register`: the agency leaders for the department, the unit
/// leader of a federation. They give the routing instruction.
fn leads_body(actor: &Actor, register: &UnitPath) -> bool {
    if actor.register_unit.as_ref() != Some(register) {
        return false;
    }
    if register.depth() == 1 {
        actor.has(Role::AgencyLeader)
    } else {
        actor.has(Role::UnitLeader) && actor.unit.as_ref() == Some(register)
    }
}

/// Keeps `register`: the body's clerks and its leaders.
fn keeps_register(actor: &Actor, register: &UnitPath) -> bool {
    let clerk_of_body = actor.has(Role::Clerk) && actor.register_unit.as_ref() == Some(register);
    clerk_of_body || leads_body(actor, register)
}

/// Whether the person leads their own body (and so routes what arrives in its registers).
pub fn leads_own_body(actor: &Actor) -> bool {
    actor
        .register_unit
        .as_ref()
        .is_some_and(|r| leads_body(actor, r))
}

/// Whether the person keeps the registers of their own body and so sees all of them.
pub fn keeps_own_register(actor: &Actor) -> bool {
    actor
        .register_unit
        .as_ref()
        .is_some_and(|r| keeps_register(actor, r))
}

fn inside(actor: &Actor, unit: &UnitPath) -> bool {
    actor.unit.as_ref().is_some_and(|mine| unit.contains(mine))
}

/// Leads the lead unit: a unit leader of it or of a unit above it in the same register.
fn leads_lead_unit(actor: &Actor, doc: &DocumentScope) -> bool {
    actor.has(Role::UnitLeader)
        && doc.lead_unit.as_ref().is_some_and(|lead| {
            actor
                .unit
                .as_ref()
                .is_some_and(|mine| mine.contains(lead) && doc.register_unit.contains(mine))
        })
}

/// Leads the drafting unit: a unit leader of it or of a unit above it within the body.
fn leads_drafting_unit(actor: &Actor, doc: &OutgoingScope) -> bool {
    actor.has(Role::UnitLeader)
        && actor
            .unit
            .as_ref()
            .is_some_and(|mine| mine.contains(&doc.drafting_unit) && doc.body.contains(mine))
}

fn sees_outgoing(actor: &Actor, doc: &OutgoingScope) -> bool {
    doc.author == actor.account_id
        || doc.reviewers.contains(&actor.account_id)
        || leads_drafting_unit(actor, doc)
        || keeps_register(actor, &doc.body)
        || (doc.sent && doc.recipients.iter().any(|u| inside(actor, u)))
}

fn sees_document(actor: &Actor, doc: &DocumentScope) -> bool {
    keeps_register(actor, &doc.register_unit)
        || doc.registered_by == actor.account_id
        || doc.handler == Some(actor.account_id)
        || doc.lead_unit.as_ref().is_some_and(|u| inside(actor, u))
        || doc.coordinating_units.iter().any(|u| inside(actor, u))
}

/// Leads the unit that keeps a dossier: a unit leader of it or above it within the body.
fn leads_dossier_unit(actor: &Actor, doc: &DossierScope) -> bool {
    actor.has(Role::UnitLeader)
        && actor
            .unit
            .as_ref()
            .is_some_and(|mine| mine.contains(&doc.unit) && doc.body.contains(mine))
}

/// Leads `unit`: a unit leader of it or of a unit above it within the same body.
fn leads_unit(actor: &Actor, unit: &UnitPath) -> bool {
    actor.has(Role::UnitLeader)
        && actor.unit.as_ref().is_some_and(|mine| {
            mine.contains(unit)
                && actor
                    .register_unit
                    .as_ref()
                    .is_some_and(|body| body.contains(mine))
        })
}

fn sees_dossier(actor: &Actor, doc: &DossierScope) -> bool {
    doc.responsible == actor.account_id
        || doc.created_by == actor.account_id
        || inside(actor, &doc.unit)
        || leads_dossier_unit(actor, doc)
        || keeps_register(actor, &doc.body)
}

pub fn decide(actor: &Actor, action: Action<'_>) -> Result<(), Denied> {
    let staff_only = || {
        if actor.is_staff() {
            Ok(())
        } else {
            Err(Denied::ExternalAccount)
        }
    };
    let admin_only = || {
        staff_only()?;
        if actor.has(Role::Administrator) {
            Ok(())
        } else {
            Err(Denied::MissingRole)
        }
    };
    match action {
        Action::ManageOwnAccount => Ok(()),
        Action::UseInternal => staff_only(),
        Action::ManageUnits
        | Action::ManagePeople
        | Action::ViewAudit
        | Action::ManageJobs
        | Action::ManageDocumentTypes
        | Action::ManageCertificates
        | Action::ManageCatalogue => admin_only(),
        Action::ViewPerson { id, unit } => {
            if id == actor.account_id {
                return Ok(());
            }
            staff_only()?;
            if people_scope(actor).admits(id, unit) {
                Ok(())
            } else {
                Err(Denied::OutOfScope)
            }
        }
        Action::ReadSecret(level) => {
            staff_only()?;
            if actor.clearance >= level {
                Ok(())
            } else {
                Err(Denied::InsufficientClearance)
            }
        }
        Action::RegisterDocuments => {
            staff_only()?;
            if actor.has(Role::Clerk) && actor.register_unit.is_some() {
                Ok(())
            } else {
                Err(Denied::MissingRole)
            }
        }
        Action::SeeDocument(doc) => {
            staff_only()?;
            if sees_document(actor, doc) {
                Ok(())
            } else {
                Err(Denied::OutOfScope)
            }
        }
        Action::ReadDocument(doc) => {
            decide(actor, Action::SeeDocument(doc))?;
            if actor.clearance >= doc.secrecy {
                Ok(())
            } else {
                Err(Denied::InsufficientClearance)
            }
        }
        Action::RouteDocument(doc) => {
            decide(actor, Action::ReadDocument(doc))?;
            if leads_body(actor, &doc.register_unit) {
                Ok(())
            } else {
                Err(Denied::MissingRole)
            }
        }
        Action::ReturnDocument(doc) => {
            decide(actor, Action::ReadDocument(doc))?;
            if keeps_register(actor, &doc.register_unit) {
                Ok(())
            } else {
                Err(Denied::MissingRole)
            }
        }
        Action::AssignDocument(doc) => {
            decide(actor, Action::ReadDocument(doc))?;
            if leads_lead_unit(actor, doc) {
                Ok(())
            } else {
                Err(Denied::MissingRole)
            }
        }
        Action::HandleDocument(doc) => {
            decide(actor, Action::ReadDocument(doc))?;
            if doc.handler == Some(actor.account_id) {
                Ok(())
            } else {
                Err(Denied::MissingRole)
            }
        }
        Action::DraftOutgoing => {
            staff_only()?;
            if actor.register_unit.is_some() && actor.unit.is_some() {
                Ok(())
            } else {
                Err(Denied::MissingRole)
            }
        }
        Action::WorkTheDesk => {
            staff_only()?;
            if actor.has(Role::OneStopOfficer) {
                Ok(())
            } else {
                Err(Denied::MissingRole)
            }
        }
        Action::ViewReports => {
            staff_only()?;
            if keeps_own_register(actor) || actor.has(Role::UnitLeader) {
                Ok(())
            } else {
                Err(Denied::MissingRole)
            }
        }
        Action::SeeOutgoing(doc) => {
            staff_only()?;
            if sees_outgoing(actor, doc) {
                Ok(())
            } else {
                Err(Denied::OutOfScope)
            }
        }
        Action::ReadOutgoing(doc) => {
            decide(actor, Action::SeeOutgoing(doc))?;
            if actor.clearance >= doc.secrecy {
                Ok(())
            } else {
                Err(Denied::InsufficientClearance)
            }
        }
        Action::EditOutgoing(doc) => {
            decide(actor, Action::ReadOutgoing(doc))?;
            if doc.author == actor.account_id {
                Ok(())
            } else {
                Err(Denied::MissingRole)
            }
        }
        Action::ReviewOutgoing(doc, reviewer) => {
            decide(actor, Action::ReadOutgoing(doc))?;
            let allowed = match reviewer {
                crate::documents::Reviewer::UnitLeader => leads_drafting_unit(actor, doc),
                crate::documents::Reviewer::BodyLeader => leads_body(actor, &doc.body),
            };
            if allowed {
                Ok(())
            } else {
                Err(Denied::MissingRole)
            }
        }
        Action::IssueOutgoing(doc) => {
            decide(actor, Action::ReadOutgoing(doc))?;
            if actor.has(Role::Clerk) && actor.register_unit.as_ref() == Some(&doc.body) {
                Ok(())
            } else {
                Err(Denied::MissingRole)
            }
        }
        Action::SignOutgoing(doc) => {
            decide(actor, Action::ReadOutgoing(doc))?;
            if leads_body(actor, &doc.body) {
                Ok(())
            } else {
                Err(Denied::MissingRole)
            }
        }
        Action::RecallOutgoing(doc) => {
            decide(actor, Action::ReadOutgoing(doc))?;
            if keeps_register(actor, &doc.body) {
                Ok(())
            } else {
                Err(Denied::MissingRole)
            }
        }
        Action::OpenDossier => decide(actor, Action::DraftOutgoing),
        Action::SeeDossier(doc) => {
            staff_only()?;
            if sees_dossier(actor, doc) {
                Ok(())
            } else {
                Err(Denied::OutOfScope)
            }
        }
        Action::ReadDossier(doc) => {
            decide(actor, Action::SeeDossier(doc))?;
            if actor.clearance >= doc.secrecy {
                Ok(())
            } else {
                Err(Denied::InsufficientClearance)
            }
        }
        Action::EditDossier(doc) => {
            decide(actor, Action::ReadDossier(doc))?;
            if doc.responsible == actor.account_id || leads_dossier_unit(actor, doc) {
                Ok(())
            } else {
                Err(Denied::MissingRole)
            }
        }
        Action::ViewWeeklyReport(scope) => {
            staff_only()?;
            let unit = &scope.unit;
            let keeper = keeps_own_register(actor)
                && actor
                    .register_unit
                    .as_ref()
                    .is_some_and(|b| b.contains(unit));
            // Members of the unit itself read its report, not those of units further down (a
            // body's report speaks of documents people below it may not open), and only when
            // nothing in it comes from units below theirs.
            let member = actor.unit.as_ref() == Some(unit) && !scope.units_below;
            if member || leads_unit(actor, unit) || keeper {
                Ok(())
            } else {
                Err(Denied::OutOfScope)
            }
        }
        Action::WriteWeeklyReport(unit) => {
            // those who may not even read the unit's report are out of its scope
            let scope = WeeklyScope {
                unit: unit.clone(),
                units_below: false,
            };
            decide(actor, Action::ViewWeeklyReport(&scope))?;
            let body_keeper =
                actor.register_unit.as_ref() == Some(unit) && keeps_own_register(actor);
            if leads_unit(actor, unit) || body_keeper {
                Ok(())
            } else {
                Err(Denied::MissingRole)
            }
        }
        Action::HandOverDossier(doc) => {
            decide(actor, Action::ReadDossier(doc))?;
            if actor.has(Role::Clerk) && actor.register_unit.as_ref() == Some(&doc.body) {
                Ok(())
            } else {
                Err(Denied::MissingRole)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn staff(id: i64, roles: &[Role], unit: &UnitPath, clearance: Clearance) -> Actor {
        Actor {
            account_id: id,
            kind: AccountKind::Staff,
            roles: roles.to_vec(),
            unit: Some(unit.clone()),
            register_unit: Some(UnitPath::root(1)),
            clearance,
        }
    }

    fn tree() -> (UnitPath, UnitPath, UnitPath, UnitPath) {
        let dept = UnitPath::root(1);
        let fed = dept.child(2);
        let team = fed.child(3);
        let office = dept.child(4);
        (dept, fed, team, office)
    }

    #[test]
    fn external_accounts_never_reach_internal_things() {
        let (_, _, team, _) = tree();
        let business = Actor {
            account_id: 50,
            kind: AccountKind::Business,
            // even a forged role list must not help an external account
            roles: vec![Role::Administrator],
            unit: None,
            register_unit: None,
            clearance: Clearance::TopSecret,
        };
        assert_eq!(
            decide(&business, Action::UseInternal),
            Err(Denied::ExternalAccount)
        );
        assert_eq!(
            decide(&business, Action::ManageUnits),
            Err(Denied::ExternalAccount)
        );
        assert_eq!(
            decide(&business, Action::ViewAudit),
            Err(Denied::ExternalAccount)
        );
        assert_eq!(
            decide(
                &business,
                Action::ViewPerson {
                    id: 7,
                    unit: Some(&team)
                }
            ),
            Err(Denied::ExternalAccount)
        );
        assert_eq!(
            decide(&business, Action::ReadSecret(Clearance::None)),
            Err(Denied::ExternalAccount)
        );
        assert_eq!(decide(&business, Action::ManageOwnAccount), Ok(()));
        assert_eq!(
            decide(&business, Action::ViewPerson { id: 50, unit: None }),
            Ok(())
        );
    }

    #[test]
    fn only_administrators_manage() {
        let (dept, _, team, _) = tree();
        let admin = staff(1, &[Role::Administrator], &dept, Clearance::None);
        let leader = staff(2, &[Role::AgencyLeader], &dept, Clearance::TopSecret);
        let specialist = staff(3, &[Role::Specialist], &team, Clearance::None);
        for a in [
            Action::ManageUnits,
            Action::ManagePeople,
            Action::ViewAudit,
            Action::ManageJobs,
        ] {
            assert_eq!(decide(&admin, a), Ok(()));
            assert_eq!(decide(&leader, a), Err(Denied::MissingRole));
            assert_eq!(decide(&specialist, a), Err(Denied::MissingRole));
        }
        assert_eq!(decide(&specialist, Action::UseInternal), Ok(()));
    }

    #[test]
    fn people_are_visible_by_unit_subtree() {
        let (dept, fed, team, office) = tree();
        let fed_leader = staff(10, &[Role::UnitLeader], &fed, Clearance::None);
        let office_specialist = staff(11, &[Role::Specialist], &office, Clearance::None);
        let clerk = staff(12, &[Role::Clerk], &office, Clearance::None);
        let in_team = Action::ViewPerson {
            id: 20,
            unit: Some(&team),
        };
        let in_office = Action::ViewPerson {
            id: 21,
            unit: Some(&office),
        };
        let at_top = Action::ViewPerson {
            id: 22,
            unit: Some(&dept),
        };

        assert_eq!(decide(&fed_leader, in_team), Ok(()));
        assert_eq!(decide(&fed_leader, in_office), Err(Denied::OutOfScope));
        assert_eq!(decide(&fed_leader, at_top), Err(Denied::OutOfScope));
        assert_eq!(decide(&office_specialist, in_office), Ok(()));
        assert_eq!(decide(&office_specialist, in_team), Err(Denied::OutOfScope));
        assert_eq!(
            decide(&clerk, in_team),
            Ok(()),
            "clerks route across the department"
        );
        assert_eq!(people_scope(&fed_leader), PeopleScope::Subtree(fed.clone()));
        assert_eq!(people_scope(&clerk), PeopleScope::All);
    }

    #[test]
    fn one_always_sees_oneself() {
        let (_, _, team, _) = tree();
        let specialist = staff(30, &[Role::Specialist], &team, Clearance::None);
        assert_eq!(
            decide(
                &specialist,
                Action::ViewPerson {
                    id: 30,
                    unit: Some(&team)
                }
            ),
            Ok(())
        );
        let unplaced = Actor {
            unit: None,
            ..specialist.clone()
        };
        assert_eq!(people_scope(&unplaced), PeopleScope::OnlySelf(30));
        assert_eq!(
            decide(
                &unplaced,
                Action::ViewPerson {
                    id: 31,
                    unit: Some(&team)
                }
            ),
            Err(Denied::OutOfScope)
        );
    }

    #[test]
    fn clearance_covers_its_level_and_below() {
        let (dept, ..) = tree();
        let cleared = staff(40, &[Role::Clerk], &dept, Clearance::Secret);
        assert_eq!(
            decide(&cleared, Action::ReadSecret(Clearance::Confidential)),
            Ok(())
        );
        assert_eq!(
            decide(&cleared, Action::ReadSecret(Clearance::Secret)),
            Ok(())
        );
        assert_eq!(
            decide(&cleared, Action::ReadSecret(Clearance::TopSecret)),
            Err(Denied::InsufficientClearance)
        );
        let uncleared = staff(41, &[Role::AgencyLeader], &dept, Clearance::None);
        assert_eq!(
            decide(&uncleared, Action::ReadSecret(Clearance::Confidential)),
            Err(Denied::InsufficientClearance)
        );
    }

    /// The department (1) with its office (4) and a federation (2) with its team (3); the
    /// federation keeps its own register.
    fn in_federation(id: i64, roles: &[Role], unit: &UnitPath, clearance: Clearance) -> Actor {
        Actor {
            register_unit: Some(UnitPath::root(1).child(2)),
            ..staff(id, roles, unit, clearance)
        }
    }

    fn doc_in_department(lead: Option<&UnitPath>, secrecy: Clearance) -> DocumentScope {
        DocumentScope {
            register_unit: UnitPath::root(1),
            lead_unit: lead.cloned(),
            coordinating_units: vec![],
            handler: None,
            registered_by: 100,
            secrecy,
        }
    }

    #[test]
    fn documents_are_seen_by_their_register_and_where_they_are_routed() {
        let (dept, fed, team, office) = tree();
        let clerk = staff(100, &[Role::Clerk], &office, Clearance::None);
        let other_clerk = staff(101, &[Role::Clerk], &office, Clearance::None);
        let leader = staff(102, &[Role::AgencyLeader], &dept, Clearance::Secret);
        let office_specialist = staff(103, &[Role::Specialist], &office, Clearance::None);
        let team_specialist = in_federation(104, &[Role::Specialist], &team, Clearance::None);
        let fed_clerk = in_federation(105, &[Role::Clerk], &fed, Clearance::None);
        let doc = doc_in_department(None, Clearance::None);
        assert_eq!(decide(&clerk, Action::ReadDocument(&doc)), Ok(()));
        assert_eq!(
            decide(&other_clerk, Action::ReadDocument(&doc)),
            Ok(()),
            "the register is the body's"
        );
        assert_eq!(decide(&leader, Action::RouteDocument(&doc)), Ok(()));
        assert_eq!(
            decide(&clerk, Action::RouteDocument(&doc)),
            Err(Denied::MissingRole)
        );
        assert_eq!(decide(&clerk, Action::ReturnDocument(&doc)), Ok(()));
        assert_eq!(
            decide(&office_specialist, Action::SeeDocument(&doc)),
            Err(Denied::OutOfScope)
        );
        assert_eq!(
            decide(&team_specialist, Action::SeeDocument(&doc)),
            Err(Denied::OutOfScope)
        );
        assert_eq!(
            decide(&fed_clerk, Action::SeeDocument(&doc)),
            Err(Denied::OutOfScope),
            "another body's register"
        );
        // routed to the federation: its people see it, its leader assigns
        let routed = DocumentScope {
            lead_unit: Some(fed.clone()),
            ..doc.clone()
        };
        assert_eq!(
            decide(&team_specialist, Action::ReadDocument(&routed)),
            Ok(())
        );
        assert_eq!(
            decide(&office_specialist, Action::SeeDocument(&routed)),
            Err(Denied::OutOfScope)
        );
        let fed_leader = in_federation(106, &[Role::UnitLeader], &fed, Clearance::None);
        assert_eq!(decide(&fed_leader, Action::AssignDocument(&routed)), Ok(()));
        let office_leader = staff(107, &[Role::UnitLeader], &office, Clearance::None);
        assert_eq!(
            decide(&office_leader, Action::AssignDocument(&routed)),
            Err(Denied::OutOfScope)
        );
        // a co-ordinating unit sees it but does not assign it
        let coordinated = DocumentScope {
            coordinating_units: vec![office.clone()],
            ..routed.clone()
        };
        assert_eq!(
            decide(&office_specialist, Action::ReadDocument(&coordinated)),
            Ok(())
        );
        assert_eq!(
            decide(&office_leader, Action::AssignDocument(&coordinated)),
            Err(Denied::MissingRole)
        );
        // only the handler handles
        let assigned = DocumentScope {
            handler: Some(104),
            ..routed
        };
        assert_eq!(
            decide(&team_specialist, Action::HandleDocument(&assigned)),
            Ok(())
        );
        assert_eq!(
            decide(&fed_leader, Action::HandleDocument(&assigned)),
            Err(Denied::MissingRole)
        );
    }

    #[test]
    fn secret_content_needs_clearance_even_for_the_register() {
        let (dept, _, _, office) = tree();
        let clerk = staff(100, &[Role::Clerk], &office, Clearance::None);
        let cleared_clerk = staff(101, &[Role::Clerk], &office, Clearance::Secret);
        let leader = staff(102, &[Role::AgencyLeader], &dept, Clearance::Confidential);
        let doc = doc_in_department(None, Clearance::Secret);
        assert_eq!(
            decide(&clerk, Action::SeeDocument(&doc)),
            Ok(()),
            "the entry exists for the register"
        );
        assert_eq!(
            decide(&clerk, Action::ReadDocument(&doc)),
            Err(Denied::InsufficientClearance)
        );
        assert_eq!(decide(&cleared_clerk, Action::ReadDocument(&doc)), Ok(()));
        assert_eq!(
            decide(&leader, Action::RouteDocument(&doc)),
            Err(Denied::InsufficientClearance)
        );
    }

    #[test]
    fn federation_registers_are_routed_by_the_federation_leader() {
        let (dept, fed, _, _) = tree();
        let doc = DocumentScope {
            register_unit: fed.clone(),
            ..doc_in_department(None, Clearance::None)
        };
        let agency_leader = staff(102, &[Role::AgencyLeader], &dept, Clearance::TopSecret);
        let fed_leader = in_federation(106, &[Role::UnitLeader], &fed, Clearance::None);
        assert_eq!(decide(&fed_leader, Action::RouteDocument(&doc)), Ok(()));
        assert_eq!(
            decide(&agency_leader, Action::SeeDocument(&doc)),
            Err(Denied::OutOfScope)
        );
    }

    #[test]
    fn outgoing_documents_go_up_the_chain() {
        use crate::documents::Reviewer;
        let (dept, fed, team, office) = tree();
        let author = staff(200, &[Role::Specialist], &office, Clearance::None);
        let colleague = staff(201, &[Role::Specialist], &office, Clearance::None);
        let office_leader = staff(202, &[Role::UnitLeader], &office, Clearance::None);
        let agency_leader = staff(203, &[Role::AgencyLeader], &dept, Clearance::None);
        let clerk = staff(204, &[Role::Clerk], &office, Clearance::None);
        let fed_member = in_federation(205, &[Role::Specialist], &team, Clearance::None);
        let draft = OutgoingScope {
            body: dept.clone(),
            drafting_unit: office.clone(),
            author: 200,
            reviewers: vec![],
            recipients: vec![fed.clone()],
            sent: false,
            secrecy: Clearance::None,
        };
        assert_eq!(decide(&author, Action::EditOutgoing(&draft)), Ok(()));
        assert_eq!(
            decide(&colleague, Action::SeeOutgoing(&draft)),
            Err(Denied::OutOfScope),
            "drafts are not shared by default"
        );
        assert_eq!(
            decide(
                &office_leader,
                Action::ReviewOutgoing(&draft, Reviewer::UnitLeader)
            ),
            Ok(())
        );
        assert_eq!(
            decide(
                &office_leader,
                Action::ReviewOutgoing(&draft, Reviewer::BodyLeader)
            ),
            Err(Denied::MissingRole)
        );
        assert_eq!(
            decide(
                &agency_leader,
                Action::ReviewOutgoing(&draft, Reviewer::BodyLeader)
            ),
            Ok(())
        );
        assert_eq!(decide(&clerk, Action::IssueOutgoing(&draft)), Ok(()));
        assert_eq!(
            decide(&author, Action::IssueOutgoing(&draft)),
            Err(Denied::MissingRole)
        );
        assert_eq!(
            decide(&fed_member, Action::SeeOutgoing(&draft)),
            Err(Denied::OutOfScope)
        );
        let sent = OutgoingScope {
            sent: true,
            ..draft
        };
        assert_eq!(
            decide(&fed_member, Action::ReadOutgoing(&sent)),
            Ok(()),
            "recipients see it once sent"
        );
    }

    #[test]
    fn dossiers_belong_to_their_unit_and_go_to_the_body_archive() {
        let (dept, fed, team, office) = tree();
        let owner = staff(300, &[Role::Specialist], &office, Clearance::None);
        let colleague = staff(301, &[Role::Specialist], &office, Clearance::None);
        let office_leader = staff(302, &[Role::UnitLeader], &office, Clearance::None);
        let clerk = staff(303, &[Role::Clerk], &office, Clearance::Secret);
        let fed_member = in_federation(304, &[Role::Specialist], &team, Clearance::TopSecret);
        let dossier = DossierScope {
            body: dept.clone(),
            unit: office.clone(),
            responsible: 300,
            created_by: 300,
            secrecy: Clearance::None,
        };
        assert_eq!(decide(&owner, Action::EditDossier(&dossier)), Ok(()));
        assert_eq!(decide(&colleague, Action::ReadDossier(&dossier)), Ok(()));
        assert_eq!(
            decide(&colleague, Action::EditDossier(&dossier)),
            Err(Denied::MissingRole)
        );
        assert_eq!(
            decide(&office_leader, Action::EditDossier(&dossier)),
            Ok(())
        );
        assert_eq!(
            decide(&fed_member, Action::SeeDossier(&dossier)),
            Err(Denied::OutOfScope)
        );
        assert_eq!(decide(&clerk, Action::HandOverDossier(&dossier)), Ok(()));
        assert_eq!(
            decide(&owner, Action::HandOverDossier(&dossier)),
            Err(Denied::MissingRole)
        );
        let secret = DossierScope {
            secrecy: Clearance::Secret,
            ..dossier
        };
        assert_eq!(decide(&colleague, Action::SeeDossier(&secret)), Ok(()));
        assert_eq!(
            decide(&colleague, Action::ReadDossier(&secret)),
            Err(Denied::InsufficientClearance)
        );
        assert_eq!(
            decide(&owner, Action::EditDossier(&secret)),
            Err(Denied::InsufficientClearance)
        );
        let _ = fed;
    }

    #[test]
    fn weekly_reports_are_written_by_leaders_and_read_up_the_tree() {
        let (dept, fed, team, office) = tree();
        let office_leader = staff(400, &[Role::UnitLeader], &office, Clearance::None);
        let specialist = staff(401, &[Role::Specialist], &office, Clearance::None);
        let clerk = staff(402, &[Role::Clerk], &office, Clearance::None);
        let agency_leader = staff(403, &[Role::AgencyLeader], &dept, Clearance::None);
        let fed_leader = in_federation(404, &[Role::UnitLeader], &fed, Clearance::None);
        assert_eq!(
            decide(&office_leader, Action::WriteWeeklyReport(&office)),
            Ok(())
        );
        assert_eq!(
            decide(
                &specialist,
                Action::ViewWeeklyReport(&WeeklyScope {
                    unit: office.clone(),
                    units_below: false
                })
            ),
            Ok(())
        );
        assert_eq!(
            decide(&specialist, Action::WriteWeeklyReport(&office)),
            Err(Denied::MissingRole)
        );
        assert_eq!(
            decide(&agency_leader, Action::WriteWeeklyReport(&dept)),
            Ok(())
        );
        assert_eq!(decide(&clerk, Action::WriteWeeklyReport(&dept)), Ok(()));
        assert_eq!(
            decide(
                &clerk,
                Action::ViewWeeklyReport(&WeeklyScope {
                    unit: office.clone(),
                    units_below: false
                })
            ),
            Ok(())
        );
        assert_eq!(
            decide(
                &office_leader,
                Action::ViewWeeklyReport(&WeeklyScope {
                    unit: team.clone(),
                    units_below: false
                })
            ),
            Err(Denied::OutOfScope)
        );
        assert_eq!(
            decide(&fed_leader, Action::WriteWeeklyReport(&team)),
            Ok(())
        );
        assert_eq!(decide(&fed_leader, Action::WriteWeeklyReport(&fed)), Ok(()));
        // people further down read neither the department's nor their federation's report
        let team_member = in_federation(405, &[Role::Specialist], &team, Clearance::None);
        for above in [&dept, &fed] {
            assert_eq!(
                decide(
                    &team_member,
                    Action::ViewWeeklyReport(&WeeklyScope {
                        unit: (*above).clone(),
                        units_below: true
                    })
                ),
                Err(Denied::OutOfScope)
            );
        }
        assert_eq!(
            decide(
                &specialist,
                Action::ViewWeeklyReport(&WeeklyScope {
                    unit: dept.clone(),
                    units_below: true
                })
            ),
            Err(Denied::OutOfScope)
        );
        assert_eq!(
            decide(
                &team_member,
                Action::ViewWeeklyReport(&WeeklyScope {
                    unit: team.clone(),
                    units_below: false
                })
            ),
            Ok(())
        );
        // a member of a unit with units below reads none of its reports: they quote the work
        // of the units below, whose documents the member may not open
        let fed_member = in_federation(406, &[Role::Specialist], &fed, Clearance::None);
        assert_eq!(
            decide(
                &fed_member,
                Action::ViewWeeklyReport(&WeeklyScope {
                    unit: fed.clone(),
                    units_below: true
                })
            ),
            Err(Denied::OutOfScope)
        );
        assert!(decide(&fed_member, Action::WriteWeeklyReport(&fed)).is_err());
        // its leader reads and writes it
        assert_eq!(
            decide(
                &fed_leader,
                Action::ViewWeeklyReport(&WeeklyScope {
                    unit: fed.clone(),
                    units_below: true
                })
            ),
            Ok(())
        );
    }
}
