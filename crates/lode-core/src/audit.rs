//! The audit hash chain.
//!
//! Every change of state writes one [`AuditRecord`]. Each record's hash covers its contents and
//! the hash of the record before it, so a record cannot be altered, removed or moved without
//! breaking a link. [`verify_chain`] walks the records in sequence order and names the first one
//! that breaks, and how.
//!
//! The sequence number is deliberately outside the hash: the order is carried by the links, so a
//! swap of two rows shows as a link pointing to a record that appears later ("reordered") rather
//! than as a content change.

use serde::Serialize;
use sha2::{Digest, Sha256};

/// The `prev_hash` of the first record.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The contents of one audit entry, as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditRecord {
    pub seq: i64,
    /// UTC, RFC 3339 with microseconds.
    pub at: String,
    pub actor_id: Option<i64>,
    pub actor_label: String,
    pub ip: Option<String>,
    /// What happened, as a dotted name: `unit.create`, `session.login`, `person.update`.
    pub action: String,
    pub entity_type: String,
    pub entity_id: Option<String>,
    /// JSON describing what changed (before/after for updates).
    pub detail: String,
    pub prev_hash: String,
    pub hash: String,
}

/// Computes the hash of an entry from its contents and its predecessor's hash.
#[allow(clippy::too_many_arguments)]
pub fn entry_hash(
    prev_hash: &str,
    at: &str,
    actor_id: Option<i64>,
    actor_label: &str,
    ip: Option<&str>,
    action: &str,
    entity_type: &str,
    entity_id: Option<&str>,
    detail: &str,
) -> String {
    let mut h = Sha256::new();
    // Length-prefixed fields: no two different entries share an encoding.
    let mut field = |bytes: &[u8]| {
        h.update((bytes.len() as u64).to_be_bytes());
        h.update(bytes);
    };
    field(b"lode-audit-v1");
    field(prev_hash.as_bytes());
    field(at.as_bytes());
    field(
        actor_id
            .map(|i| i.to_string())
            .unwrap_or_default()
            .as_bytes(),
    );
    field(actor_label.as_bytes());
    field(ip.unwrap_or("").as_bytes());
    field(action.as_bytes());
    field(entity_type.as_bytes());
    field(entity_id.unwrap_or("").as_bytes());
    field(detail.as_bytes());
    hex::encode(h.finalize())
}

impl AuditRecord {
    pub fn computed_hash(&self) -> String {
        entry_hash(
            &self.prev_hash,
            &self.at,
            self.actor_id,
            &self.actor_label,
            self.ip.as_deref(),
            &self.action,
            &self.entity_type,
            self.entity_id.as_deref(),
            &self.detail,
        )
    }
}

/// How the chain is broken, at the first entry found wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ChainBreak {
    /// The entry's contents do not match its hash, or were rewritten with a new hash.
    Altered { seq: i64 },
    /// The entry with this sequence number is gone.
    Removed { seq: i64 },
    /// The entry stands where another one should be: its link points elsewhere in the chain.
    Reordered { seq: i64 },
}

impl std::fmt::Display for ChainBreak {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ChainBreak::Altered { seq } => write!(f, "entry {seq} was altered"),
            ChainBreak::Removed { seq } => write!(f, "entry {seq} was removed"),
            ChainBreak::Reordered { seq } => write!(f, "entry {seq} is out of order"),
        }
    }
}

/// The last entry the log's head says it holds: its sequence number and hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainHead {
    pub seq: i64,
    pub hash: String,
}

/// Walks a chain one entry at a time, in sequence order, so that a log of any length is checked
/// in constant memory.
#[derive(Debug, Clone)]
pub struct ChainWalk {
    prev_hash: String,
    prev_seq: i64,
    checked: usize,
}

/// An entry whose link does not point to the entry before it. How to name the break depends on
/// one more fact, which the caller looks up: which entry, if any, has the hash it points to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unlinked {
    pub seq: i64,
    prev_seq: i64,
    /// The hash the entry names as its predecessor's.
    pub points_to: String,
}

impl Unlinked {
    /// `points_to_seq`: the entry whose hash is [`Unlinked::points_to`], if there is one.
    pub fn resolve(&self, points_to_seq: Option<i64>) -> ChainBreak {
        match points_to_seq {
            // It links to an entry that stands elsewhere: rows were moved.
            Some(other) if other != self.seq => ChainBreak::Reordered { seq: self.seq },
            // It links to nothing we hold. With no gap in the numbers, the entry before was
            // rewritten (its hash recomputed); with a gap, entries are missing.
            _ if self.seq == self.prev_seq + 1 && self.prev_seq > 0 => {
                ChainBreak::Altered { seq: self.prev_seq }
            }
            _ => ChainBreak::Removed {
                seq: self.prev_seq + 1,
            },
        }
    }
}

/// What one step of the walk found wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    Broken(ChainBreak),
    Unlinked(Unlinked),
}

impl Default for ChainWalk {
    fn default() -> Self {
        Self {
            prev_hash: GENESIS.to_string(),
            prev_seq: 0,
            checked: 0,
        }
    }
}

impl ChainWalk {
    pub fn new() -> Self {
        Self::default()
    }

    /// Checks the next entry against its own hash and against the entry before it.
    pub fn step(&mut self, r: &AuditRecord) -> Result<(), Step> {
        if r.seq <= self.prev_seq {
            return Err(Step::Broken(ChainBreak::Reordered { seq: r.seq }));
        }
        if r.computed_hash() != r.hash {
            return Err(Step::Broken(ChainBreak::Altered { seq: r.seq }));
        }
        if r.prev_hash != self.prev_hash {
            return Err(Step::Unlinked(Unlinked {
                seq: r.seq,
                prev_seq: self.prev_seq,
                points_to: r.prev_hash.clone(),
            }));
        }
        if r.seq != self.prev_seq + 1 {
            return Err(Step::Broken(ChainBreak::Removed {
                seq: self.prev_seq + 1,
            }));
        }
        self.prev_hash.clone_from(&r.hash);
        self.prev_seq = r.seq;
        self.checked += 1;
        Ok(())
    }

    /// Checks the last entry against the head; returns how many entries were checked.
    pub fn finish(&self, head: &ChainHead) -> Result<usize, ChainBreak> {
        if head.seq > self.prev_seq {
            return Err(ChainBreak::Removed {
                seq: self.prev_seq + 1,
            });
        }
        if head.seq < self.prev_seq || head.hash != self.prev_hash {
            return Err(ChainBreak::Altered { seq: self.prev_seq });
        }
        Ok(self.checked)
    }
}

/// Checks `records` (sorted by `seq`, as read from the store) against each other and against
/// the head. Returns the number of entries checked.
pub fn verify_chain(records: &[AuditRecord], head: &ChainHead) -> Result<usize, ChainBreak> {
    let mut walk = ChainWalk::new();
    for r in records {
        match walk.step(r) {
            Ok(()) => {}
            Err(Step::Broken(b)) => return Err(b),
            Err(Step::Unlinked(u)) => {
                let found = records
                    .iter()
                    .find(|o| o.hash == u.points_to)
                    .map(|o| o.seq);
                return Err(u.resolve(found));
            }
        }
    }
    walk.finish(head)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(n: i64) -> (Vec<AuditRecord>, ChainHead) {
        let mut out: Vec<AuditRecord> = Vec::new();
        let mut prev = GENESIS.to_string();
        for seq in 1..=n {
            let mut r = AuditRecord {
                seq,
                at: format!("2026-11-25T08:00:{seq:02}.000000Z"),
                actor_id: Some(1),
                actor_label: "admin".into(),
                ip: Some("127.0.0.1".into()),
                action: "unit.create".into(),
                entity_type: "unit".into(),
                entity_id: Some(seq.to_string()),
                detail: format!("{{\"name\":\"Đoàn {seq}\"}}"),
                prev_hash: prev.clone(),
                hash: String::new(),
            };
            r.hash = r.computed_hash();
            prev = r.hash.clone();
            out.push(r);
        }
        (out, ChainHead { seq: n, hash: prev })
    }

    #[test]
    fn an_intact_chain_verifies() {
        let (records, head) = chain(6);
        assert_eq!(verify_chain(&records, &head), Ok(6));
        assert_eq!(
            verify_chain(
                &[],
                &ChainHead {
                    seq: 0,
                    hash: GENESIS.into()
                }
            ),
            Ok(0)
        );
    }

    #[test]
    fn an_edited_entry_is_named() {
        let (mut records, head) = chain(6);
        records[2].detail = "{\"name\":\"forged\"}".into();
        assert_eq!(
            verify_chain(&records, &head),
            Err(ChainBreak::Altered { seq: 3 })
        );
    }

    #[test]
    fn an_edited_entry_with_a_recomputed_hash_is_named() {
        let (mut records, head) = chain(6);
        records[2].actor_label = "someone else".into();
        records[2].hash = records[2].computed_hash();
        assert_eq!(
            verify_chain(&records, &head),
            Err(ChainBreak::Altered { seq: 3 })
        );
    }

    #[test]
    fn a_removed_entry_is_named() {
        let (mut records, head) = chain(6);
        records.remove(3);
        assert_eq!(
            verify_chain(&records, &head),
            Err(ChainBreak::Removed { seq: 4 })
        );
        let (mut records, head) = chain(6);
        records.remove(0);
        assert_eq!(
            verify_chain(&records, &head),
            Err(ChainBreak::Removed { seq: 1 })
        );
    }

    #[test]
    fn removed_last_entries_are_caught_by_the_head() {
        let (mut records, head) = chain(6);
        records.truncate(4);
        assert_eq!(
            verify_chain(&records, &head),
            Err(ChainBreak::Removed { seq: 5 })
        );
    }

    #[test]
    fn swapped_entries_are_reordered() {
        let (mut records, head) = chain(6);
        // swap the positions of entries 3 and 4, renumbering so the sequence looks unbroken
        records.swap(2, 3);
        records[2].seq = 3;
        records[3].seq = 4;
        assert_eq!(
            verify_chain(&records, &head),
            Err(ChainBreak::Reordered { seq: 3 })
        );
    }

    #[test]
    fn hash_separates_fields() {
        let a = entry_hash(GENESIS, "t", None, "ab", None, "c", "d", None, "{}");
        let b = entry_hash(GENESIS, "t", None, "a", None, "bc", "d", None, "{}");
        assert_ne!(a, b);
    }
}
