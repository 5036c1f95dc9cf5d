//! Units of the organisation tree.
//!
//! The department sits at the top; under it the offices, sub-departments and centres, the
//! regional federations (Liên đoàn), and under those the teams (Đoàn): at most
//! [`MAX_DEPTH`] levels. Each unit keeps a materialised path of its ancestors' ids
//! ([`UnitPath`]) so that "is this unit inside that subtree" is a prefix test, in Rust and in SQL.

use crate::validation::{FieldError, bounded_text, invalid};
use serde::{Deserialize, Serialize};

/// The department and three levels below it.
pub const MAX_DEPTH: usize = 4;
pub const NAME_MAX: usize = 200;
pub const ABBREVIATION_MAX: usize = 20;

/// What a unit is. Informative: the tree rules do not depend on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitKind {
    Department,
    Office,
    SubDepartment,
    Centre,
    Federation,
    Team,
}

impl UnitKind {
    /// Units of this kind are bodies that keep their own registers (the department and the
    /// federations); the others' documents are their body's.
    pub fn keeps_register(self) -> bool {
        matches!(self, UnitKind::Department | UnitKind::Federation)
    }

    pub const ALL: [UnitKind; 6] = [
        UnitKind::Department,
        UnitKind::Office,
        UnitKind::SubDepartment,
        UnitKind::Centre,
        UnitKind::Federation,
        UnitKind::Team,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            UnitKind::Department => "department",
            UnitKind::Office => "office",
            UnitKind::SubDepartment => "sub_department",
            UnitKind::Centre => "centre",
            UnitKind::Federation => "federation",
            UnitKind::Team => "team",
        }
    }

    pub fn parse(s: &str) -> Result<Self, FieldError> {
        Self::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| invalid("invalid_choice", "is not a known unit kind"))
    }
}

/// Whether a unit still works. Closed units keep their history and their people's records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitStatus {
    Active,
    Closed,
}

impl UnitStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            UnitStatus::Active => "active",
            UnitStatus::Closed => "closed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "active" => Some(UnitStatus::Active),
            "closed" => Some(UnitStatus::Closed),
            _ => None,
        }
    }
}

/// A unit's name: 1 to 200 characters.
pub fn parse_unit_name(input: &str) -> Result<String, FieldError> {
    bounded_text(input, NAME_MAX)
}

/// The abbreviation used in document notations (`ĐCKS`, `VP`, `KS`, `LĐ-MB`): letters (with
/// Vietnamese ones such as `Đ`), digits and inner hyphens; no spaces and no `/`, which separates
/// the number from the notation. Kept as written: type codes like `QyĐ` keep their case too.
pub fn parse_abbreviation(input: &str) -> Result<String, FieldError> {
    let s = bounded_text(input, ABBREVIATION_MAX)?;
    let allowed = s.chars().all(|c| c.is_alphanumeric() || c == '-');
    if !allowed || s.starts_with('-') || s.ends_with('-') || s.contains("--") {
        return Err(invalid(
            "invalid_abbreviation",
            "may hold only letters, digits and single inner hyphens",
        ));
    }
    Ok(s)
}

/// The ids of a unit's ancestors and itself, from the root: `/1/4/9/`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitPath(String);

impl UnitPath {
    pub fn root(id: i64) -> Self {
        Self(format!("/{id}/"))
    }

    pub fn child(&self, id: i64) -> Self {
        Self(format!("{}{id}/", self.0))
    }

    /// Reads a stored path, refusing anything that is not `/n/n/.../`.
    pub fn parse(s: &str) -> Option<Self> {
        let inner = s.strip_prefix('/')?.strip_suffix('/')?;
        if inner.is_empty() || !inner.split('/').all(|p| p.parse::<i64>().is_ok()) {
            return None;
        }
        Some(Self(s.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn ids(&self) -> Vec<i64> {
        self.0
            .trim_matches('/')
            .split('/')
            .filter_map(|p| p.parse().ok())
            .collect()
    }

    /// 1 for the root.
    pub fn depth(&self) -> usize {
        self.ids().len()
    }

    /// True when `other` is this unit or lies below it.
    pub fn contains(&self, other: &UnitPath) -> bool {
        other.0.starts_with(&self.0)
    }
}

/// Why a unit cannot go where it was asked to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlacementError {
    /// A unit cannot move under itself or one of its own descendants.
    IntoOwnSubtree,
    /// The tree would grow deeper than [`MAX_DEPTH`].
    TooDeep,
    /// New units and moves go only under units that are still active.
    ParentClosed,
}

impl From<PlacementError> for FieldError {
    fn from(e: PlacementError) -> Self {
        match e {
            PlacementError::IntoOwnSubtree => invalid(
                "move_into_own_subtree",
                "a unit cannot move under itself or its own descendants",
            ),
            PlacementError::TooDeep => invalid(
                "too_deep",
                format!("the organisation tree has at most {MAX_DEPTH} levels"),
            ),
            PlacementError::ParentClosed => invalid("parent_closed", "the parent unit is closed"),
        }
    }
}

/// Decides whether a new unit may be created under `parent`.
pub fn check_new_child(parent: &UnitPath, parent_status: UnitStatus) -> Result<(), PlacementError> {
    if parent_status == UnitStatus::Closed {
        return Err(PlacementError::ParentClosed);
    }
    if parent.depth() + 1 > MAX_DEPTH {
        return Err(PlacementError::TooDeep);
    }
    Ok(())
}

/// Decides whether the subtree rooted at `unit` (whose deepest descendant is `subtree_height`
/// levels below it, 0 for a leaf) may move under `new_parent`.
pub fn check_move(
    unit: &UnitPath,
    subtree_height: usize,
    new_parent: &UnitPath,
    new_parent_status: UnitStatus,
) -> Result<(), PlacementError> {
    if unit.contains(new_parent) {
        return Err(PlacementError::IntoOwnSubtree);
    }
    if new_parent_status == UnitStatus::Closed {
        return Err(PlacementError::ParentClosed);
    }
    if new_parent.depth() + 1 + subtree_height > MAX_DEPTH {
        return Err(PlacementError::TooDeep);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn abbreviations_keep_vietnamese_letters_and_case() {
        for ok in ["ĐCKS", "VP", "KS", "LĐ-MB", "QyĐ", "TTTTLĐC"] {
            assert_eq!(parse_abbreviation(ok).as_deref(), Ok(ok));
        }
        for bad in ["", "Đ CKS", "QĐ/ĐCKS", "-VP", "VP-", "A--B", "ĐCKS!"] {
            assert!(parse_abbreviation(bad).is_err(), "{bad:?}");
        }
        assert_eq!(
            parse_abbreviation(&"A".repeat(21)).map_err(|e| e.code),
            Err("too_long")
        );
    }

    #[test]
    fn paths_nest_by_prefix_not_by_digits() {
        let root = UnitPath::root(1);
        let a = root.child(4);
        let a_child = a.child(9);
        let b = root.child(41);
        assert!(root.contains(&a_child));
        assert!(a.contains(&a_child));
        assert!(a.contains(&a));
        assert!(!a.contains(&b), "/1/4/ must not contain /1/41/");
        assert!(!a_child.contains(&a));
        assert_eq!(a_child.ids(), vec![1, 4, 9]);
        assert_eq!(a_child.depth(), 3);
    }

    #[test]
    fn stored_paths_are_checked() {
        assert!(UnitPath::parse("/1/4/").is_some());
        for bad in ["", "/", "1/4/", "/1/4", "/1/x/", "//"] {
            assert!(UnitPath::parse(bad).is_none(), "{bad:?}");
        }
    }

    #[test]
    fn new_units_stop_at_four_levels() {
        let level3 = UnitPath::root(1).child(2).child(3);
        assert_eq!(check_new_child(&level3, UnitStatus::Active), Ok(()));
        let level4 = level3.child(4);
        assert_eq!(
            check_new_child(&level4, UnitStatus::Active),
            Err(PlacementError::TooDeep)
        );
        assert_eq!(
            check_new_child(&level3, UnitStatus::Closed),
            Err(PlacementError::ParentClosed)
        );
    }

    #[test]
    fn moves_refuse_cycles_and_depth_overflow() {
        let root = UnitPath::root(1);
        let fed = root.child(2);
        let team = fed.child(3);
        let office = root.child(5);
        // a federation with teams may move under the root, not under an office (depth 2+1+1 = 4 ok)
        assert_eq!(check_move(&fed, 1, &office, UnitStatus::Active), Ok(()));
        // ... but not two levels down
        let sub = office.child(6);
        assert_eq!(
            check_move(&fed, 1, &sub, UnitStatus::Active),
            Err(PlacementError::TooDeep)
        );
        assert_eq!(
            check_move(&fed, 1, &team, UnitStatus::Active),
            Err(PlacementError::IntoOwnSubtree)
        );
        assert_eq!(
            check_move(&fed, 1, &fed, UnitStatus::Active),
            Err(PlacementError::IntoOwnSubtree)
        );
        assert_eq!(
            check_move(&team, 0, &office, UnitStatus::Closed),
            Err(PlacementError::ParentClosed)
        );
    }
}
