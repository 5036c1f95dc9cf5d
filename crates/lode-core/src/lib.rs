//! The domain of lode: plain Rust, no I/O, no async.
//!
//! - [`orgid`]: the QCVN 102 organisation id (`V1V2V3.Z1Z2.Y1Y2.MX1X2`).
//! - [`org`]: units of the organisation tree, their kinds, names and abbreviations, tree rules.
//! - [`people`]: accounts, roles, secrecy clearance, usernames and passwords as values that parse.
//! - [`authz`]: the one place that decides what a person may see and do.
//! - [`documents`]: official documents (Decree 30): notations, urgency, registers, the incoming flow.
//! - [`dossiers`]: work dossiers: file codes, retention, closing and hand-over to the archive.
//! - [`calendar`]: the lunar calendar, public holidays, working days and legal deadlines.
//! - [`services`]: public-service procedures as versioned data, and dossier codes.
//! - [`fees`]: fee rules of the public services as data, and the amount with its calculation.
//! - [`handling`]: an accepted dossier's stage deadlines, the control sheet's verdicts, lateness warnings.
//! - [`audit`]: the audit hash chain: how an entry is hashed and how a chain is checked.
//! - [`text`]: folding Vietnamese text for diacritic-insensitive search.
//! - [`validation`]: field-level errors shared by every parser above.

/// A closed set of values each named by a code (snake_case), as stored and as the API writes
/// it: `ALL`, `as_str`, `parse` (the code, with spaces around it ignored) and `Display`. A
/// capability adds its own derives (an API schema) as attributes before the name.
#[macro_export]
macro_rules! named {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $code:literal),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, ::serde::Serialize, ::serde::Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($(#[$vdoc])* $variant),* }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $code),* }
            }

            pub fn parse(s: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|v| v.as_str() == s.trim())
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

/// A text that is made only by parsing it, so that holding one means it was checked: `parse`
/// (by the checking function named, which also normalises), `as_str`, `into_string`,
/// `Display`, `Deref` and `AsRef<str>` (read-only), and written out as the text itself.
#[macro_export]
macro_rules! checked_text {
    ($(#[$doc:meta])* $name:ident by $check:path) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, ::serde::Serialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            pub fn parse(input: &str) -> Result<Self, $crate::validation::FieldError> {
                $check(input).map(Self)
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }

            pub fn into_string(self) -> String {
                self.0
            }
        }

        // read-only: the text can be read as a `str` anywhere, never changed past its check
        impl ::std::ops::Deref for $name {
            type Target = str;
            fn deref(&self) -> &str {
                &self.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<$name> for String {
            fn from(v: $name) -> String {
                v.0
            }
        }
    };
}

pub mod audit;
pub mod authz;
pub mod calendar;
pub mod documents;
pub mod dossiers;
pub mod fees;
pub mod handling;
pub mod org;
pub mod orgid;
pub mod people;
pub mod services;
pub mod text;
pub mod validation;
