//! Reading the cookies a request carries, and the language cookie's name: below both the
//! sign-in (`auth`) and the reader's language (`i18n`).

use axum::http::{HeaderMap, header};

/// The reader's language (`vi` or `en`), chosen on any page.
pub const LANG_COOKIE: &str = "lang";

/// A cookie's value from the request headers.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}
