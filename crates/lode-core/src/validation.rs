//! Field-level validation errors.
//!
//! Parsers in this crate return [`FieldErrors`]: a list of (field, code) pairs with an English
//! default message. The web layer translates the code; the API returns all of them at once so a
//! form can mark every wrong field in one round trip.

use serde::Serialize;

/// One problem with one input field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    /// The input field, as named in the API (`org_id`, `name`, ...).
    pub field: String,
    /// A stable machine code for the problem (`required`, `too_long`, `invalid_org_id`, ...).
    pub code: &'static str,
    /// A default English explanation; the web layer translates by `code`.
    pub message: String,
}

/// Every problem found in one input.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct FieldErrors(pub Vec<FieldError>);

impl FieldErrors {
    pub fn new() -> Self {
        Self(Vec::new())
    }

    pub fn single(field: &str, code: &'static str, message: impl Into<String>) -> Self {
        let mut e = Self::new();
        e.add(field, code, message);
        e
    }

    pub fn add(&mut self, field: &str, code: &'static str, message: impl Into<String>) {
        self.0.push(FieldError {
            field: field.to_string(),
            code,
            message: message.into(),
        });
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Runs a parser and records its error under `field`, returning the value when it parsed.
    pub fn take<T>(&mut self, field: &str, parsed: Result<T, FieldError>) -> Option<T> {
        match parsed {
            Ok(v) => Some(v),
            Err(mut e) => {
                e.field = field.to_string();
                self.0.push(e);
                None
            }
        }
    }

    /// Names the field of a single parser's error.
    pub fn from_result<T>(field: &str, parsed: Result<T, FieldError>) -> Result<T, FieldErrors> {
        parsed.map_err(|mut e| {
            e.field = field.to_string();
            FieldErrors(vec![e])
        })
    }

    /// `Ok(())` when nothing was recorded.
    pub fn into_result(self) -> Result<(), FieldErrors> {
        if self.is_empty() { Ok(()) } else { Err(self) }
    }
}

impl std::fmt::Display for FieldErrors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let parts: Vec<String> = self
            .0
            .iter()
            .map(|e| format!("{}: {}", e.field, e.message))
            .collect();
        f.write_str(&parts.join("; "))
    }
}

impl std::error::Error for FieldErrors {}

impl From<FieldError> for FieldErrors {
    fn from(e: FieldError) -> Self {
        Self(vec![e])
    }
}

/// An error for a field the caller names later (see [`FieldErrors::take`]).
pub fn invalid(code: &'static str, message: impl Into<String>) -> FieldError {
    FieldError {
        field: String::new(),
        code,
        message: message.into(),
    }
}

/// The text in Unicode NFC: a letter with its marks as one character where Unicode has one,
/// so that text typed on keyboards that compose and on those that do not compares equal.
pub fn nfc(input: &str) -> std::borrow::Cow<'_, str> {
    use unicode_normalization::UnicodeNormalization;
    if unicode_normalization::is_nfc(input) {
        std::borrow::Cow::Borrowed(input)
    } else {
        std::borrow::Cow::Owned(input.nfc().collect())
    }
}

/// Trims `input` (composed to NFC) and checks it holds between 1 and `max` characters (not bytes: Vietnamese
/// letters take two or three bytes each).
pub fn bounded_text(input: &str, max: usize) -> Result<String, FieldError> {
    let composed = nfc(input);
    let trimmed = composed.trim();
    if trimmed.is_empty() {
        return Err(invalid("required", "is required"));
    }
    if trimmed.chars().count() > max {
        return Err(invalid(
            "too_long",
            format!("must be at most {max} characters"),
        ));
    }
    if trimmed.chars().any(|c| c.is_control()) {
        return Err(invalid(
            "control_chars",
            "must not contain control characters",
        ));
    }
    Ok(trimmed.to_string())
}

/// Like [`bounded_text`] for text of several lines (notes, reasons, lists): line breaks are
/// kept (as `\n`), other control characters refused.
pub fn bounded_lines(input: &str, max: usize) -> Result<String, FieldError> {
    let normalised = nfc(input).replace("\r\n", "\n").replace('\r', "\n");
    let trimmed = normalised.trim();
    if trimmed.is_empty() {
        return Err(invalid("required", "is required"));
    }
    if trimmed.chars().count() > max {
        return Err(invalid(
            "too_long",
            format!("must be at most {max} characters"),
        ));
    }
    if trimmed.chars().any(|c| c.is_control() && c != '\n') {
        return Err(invalid(
            "control_chars",
            "must not contain control characters",
        ));
    }
    Ok(trimmed.to_string())
}

/// Like [`bounded_lines`] but an empty input is allowed and gives `None`.
pub fn optional_lines(input: Option<&str>, max: usize) -> Result<Option<String>, FieldError> {
    match input.map(str::trim) {
        None | Some("") => Ok(None),
        Some(s) => bounded_lines(s, max).map(Some),
    }
}

/// Like [`bounded_text`] but an empty input is allowed and gives `None`.
pub fn optional_text(input: Option<&str>, max: usize) -> Result<Option<String>, FieldError> {
    match input.map(str::trim) {
        None | Some("") => Ok(None),
        Some(s) => bounded_text(s, max).map(Some),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_stored_composed() {
        let decomposed = "Đi\u{0323}a cha\u{0302}\u{0301}t";
        assert_eq!(bounded_text(decomposed, 20).as_deref(), Ok("Địa chất"));
        assert_eq!(bounded_lines(decomposed, 20).as_deref(), Ok("Địa chất"));
        assert_eq!(
            bounded_text("a\u{0}b", 20).map_err(|e| e.code),
            Err("control_chars")
        );
    }

    #[test]
    fn bounded_text_counts_characters_not_bytes() {
        let forty_vietnamese = "Địa".repeat(40);
        assert_eq!(forty_vietnamese.chars().count(), 120);
        assert!(bounded_text(&forty_vietnamese, 120).is_ok());
        assert_eq!(
            bounded_text(&forty_vietnamese, 119).map_err(|e| e.code),
            Err("too_long")
        );
    }

    #[test]
    fn bounded_text_trims_and_requires() {
        assert_eq!(
            bounded_text("  Văn phòng  ", 50).as_deref(),
            Ok("Văn phòng")
        );
        assert_eq!(bounded_text("   ", 50).map_err(|e| e.code), Err("required"));
        assert_eq!(
            bounded_text("a\u{0}b", 50).map_err(|e| e.code),
            Err("control_chars")
        );
    }

    #[test]
    fn lines_keep_their_breaks() {
        assert_eq!(
            bounded_lines("UBND tỉnh Lào Cai\r\nSở NN&MT\n", 100).as_deref(),
            Ok("UBND tỉnh Lào Cai\nSở NN&MT")
        );
        assert_eq!(
            bounded_lines("a\u{0}b", 10).map_err(|e| e.code),
            Err("control_chars")
        );
        assert_eq!(optional_lines(Some("  "), 10), Ok(None));
    }

    #[test]
    fn take_names_the_field() {
        let mut errs = FieldErrors::new();
        let v: Option<String> = errs.take("name", bounded_text("", 10));
        assert!(v.is_none());
        assert_eq!(errs.0[0].field, "name");
        assert_eq!(errs.0[0].code, "required");
    }
}
