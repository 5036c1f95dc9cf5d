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
    /// Read content marked at a secrecy level.
    ReadSecret(Clearance),
    /// Change one's own password, manage one's own API tokens.
    ManageOwnAccount,
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
        Action::ManageUnits | Action::ManagePeople | Action::ViewAudit => admin_only(),
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
        for a in [Action::ManageUnits, Action::ManagePeople, Action::ViewAudit] {
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
}
