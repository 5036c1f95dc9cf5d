//! The QCVN 102:2016 organisation id: `V1V2V3.Z1Z2.Y1Y2.MX1X2`, e.g. `000.01.01.H01`.
//!
//! Read right to left it names four levels: `MX1X2` the top body (a letter and two digits, such
//! as `G12` for a ministry or `H01` for a province), `Y1Y2` the second level, `Z1Z2` the third and
//! `V1V2V3` the fourth. A level that is not used is all zeros, and a lower level can only be set
//! when every level above it is set: `000.01.00.G12` names nothing.

use crate::validation::{FieldError, invalid};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A well-formed QCVN 102 organisation id. It cannot hold a malformed value.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct OrgId(String);

const SHAPE: &str = "must have the shape V1V2V3.Z1Z2.Y1Y2.MX1X2, for example 000.01.27.G12";

impl OrgId {
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let s = input.trim();
        let parts: Vec<&str> = s.split('.').collect();
        let [v, z, y, mx] = parts.as_slice() else {
            return Err(invalid("invalid_org_id", SHAPE));
        };
        let digits = |p: &str, n: usize| p.len() == n && p.bytes().all(|b| b.is_ascii_digit());
        let top_ok = mx.len() == 3
            && mx.as_bytes()[0].is_ascii_uppercase()
            && mx[1..].bytes().all(|b| b.is_ascii_digit());
        if !(digits(v, 3) && digits(z, 2) && digits(y, 2) && top_ok) {
            return Err(invalid("invalid_org_id", SHAPE));
        }
        let unset_y = *y == "00";
        let unset_z = *z == "00";
        if (unset_y && !unset_z) || (unset_z && *v != "000") {
            return Err(invalid(
                "invalid_org_id_levels",
                "a lower level is set while a level above it is 00",
            ));
        }
        Ok(Self(s.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// How many of the four levels the id uses: 1 for `000.00.00.G12`, 4 for `001.02.27.G12`.
    pub fn level(&self) -> u8 {
        let parts: Vec<&str> = self.0.split('.').collect();
        if parts[2] == "00" {
            1
        } else if parts[1] == "00" {
            2
        } else if parts[0] == "000" {
            3
        } else {
            4
        }
    }
}

impl fmt::Display for OrgId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for OrgId {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        OrgId::parse(&s).map_err(|e| e.message)
    }
}

impl From<OrgId> for String {
    fn from(id: OrgId) -> String {
        id.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_the_four_levels() {
        assert_eq!(OrgId::parse("000.00.00.G12").map(|i| i.level()), Ok(1));
        assert_eq!(OrgId::parse("000.00.27.G12").map(|i| i.level()), Ok(2));
        assert_eq!(OrgId::parse("000.01.01.H01").map(|i| i.level()), Ok(3));
        assert_eq!(OrgId::parse("001.02.27.G12").map(|i| i.level()), Ok(4));
    }

    #[test]
    fn trims_surrounding_space() {
        assert_eq!(
            OrgId::parse(" 000.01.27.G12 ").map(|i| i.to_string()),
            Ok("000.01.27.G12".to_string())
        );
    }

    #[test]
    fn refuses_wrong_shapes() {
        for bad in [
            "",
            "ĐCKS",
            "000.01.27",
            "000.01.27.G12.1",
            "00.01.27.G12",
            "000.1.27.G12",
            "000.01.27.g12",
            "000.01.27.GG2",
            "000.01.27.G1",
            "000.01.27.012",
            "0a0.01.27.G12",
            "000-01-27-G12",
            "٠٠٠.01.27.G12",
        ] {
            assert_eq!(
                OrgId::parse(bad).map_err(|e| e.code),
                Err("invalid_org_id"),
                "{bad:?} should be refused"
            );
        }
    }

    #[test]
    fn refuses_a_lower_level_under_an_unset_one() {
        for bad in ["000.01.00.G12", "001.00.27.G12", "001.00.00.G12"] {
            assert_eq!(
                OrgId::parse(bad).map_err(|e| e.code),
                Err("invalid_org_id_levels"),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn serde_refuses_malformed_ids() {
        let ok: Result<OrgId, _> = serde_json::from_str("\"000.01.27.G12\"");
        assert!(ok.is_ok());
        let bad: Result<OrgId, _> = serde_json::from_str("\"not-an-id\"");
        assert!(bad.is_err());
    }
}
