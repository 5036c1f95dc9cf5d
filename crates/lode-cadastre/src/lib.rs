//! The mining cadastre: where licences and applications lie on the ground, in the national
//! coordinate system VN-2000 as licences write their corner points, and in WGS84 as maps and
//! GIS software read them.
//!
//! - [`geodesy`]: the two systems each way, without I/O: Transverse Mercator zones of 3° and
//!   6° and the datum shift of Decision 05/2007/QĐ-BTNMT;
//! - [`points`]: points as people type them, a line each, checked against where Vietnam lies,
//!   every wrong line named;
//! - [`area`]: areas as rings of corner points, checked (closed, no edge crossing another),
//!   measured in hectares on the plane, and the overlap of two areas;
//! - [`licence`]: mineral licences without I/O: what one holds, how a new one is checked, what
//!   each life event may do to it;
//! - [`register`]: the register in the store: licences granted, events recorded with the state
//!   after each, a licence's history, the register as it stood on any day;
//! - [`demo`]: the demo's register, three hundred licences with their histories;
//! - [`web`]: the coordinate converter for staff and the public, its page and its API,
//!   mounted by the binary.
//!
//! Below it: `lode_web` (the shell), `lode_db` (the store, the audit chain), `lode_core` (roles,
//! field errors, text folding). Nothing below knows this crate.

pub mod applications;
pub mod area;
pub mod checks;
pub mod demo;
pub mod files;
pub mod geodesy;
pub mod index;
pub mod licence;
pub mod obligations;
pub mod points;
pub mod register;
pub mod reminders;
pub mod spatial;
pub mod web;
pub mod zones;

lode_web::every_notice_reads_in_both_languages!(
    crate::obligations::Duty::ALL
        .iter()
        .map(|d| crate::reminders::message(*d))
        .collect()
);
