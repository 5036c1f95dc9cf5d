//! The sizes lode accepts, read both by the checks that enforce them and by the pages that
//! state them.

/// The largest document file accepted (a scanned register of a few hundred pages).
pub const DOCUMENT_MAX_BYTES: usize = 50 * 1024 * 1024;
