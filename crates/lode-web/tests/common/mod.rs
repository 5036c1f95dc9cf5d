//! The application under test: this crate's pages and API on a fresh database
//! ([`lode_web::testkit`]).

#![allow(unused_imports)]

pub use lode_web::testkit::*;
