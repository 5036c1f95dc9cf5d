//! What every request's text goes through before a handler sees it: query strings, form bodies
//! and JSON bodies are refused when a value holds a NUL character (PostgreSQL cannot store one,
//! and no person types one), naming the field; and they are brought to Unicode NFC, so that
//! `Địa chất` typed on a keyboard that composes (Windows) and one that does not (macOS, some
//! phones) are the same text in the store, in filters and in searches.
//!
//! Multipart bodies (uploads) pass untouched: their text fields go through the same checks in
//! `lode_core::validation`, which also composes to NFC.

use crate::error::{AppError, answer_for};
use axum::body::Body;
use axum::extract::Request;
use axum::http::{Uri, header};
use axum::middleware::Next;
use axum::response::Response;
use lode_core::validation::FieldErrors;
use unicode_normalization::{UnicodeNormalization, is_nfc};

/// Form and JSON bodies larger than this are refused (413): forms and JSON are far smaller.
const BODY_MAX: usize = 2 * 1024 * 1024;

/// Refuses NUL characters and composes text to NFC in the query and in form and JSON bodies.
pub async fn clean_input(req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    let refuse = |field: String| -> Response {
        let e = AppError::Invalid(FieldErrors::single(
            &field,
            "control_chars",
            "must not contain control characters",
        ));
        answer_for(&path, e)
    };
    let (mut parts, body) = req.into_parts();
    if let Some(query) = parts.uri.query() {
        match clean_form(query) {
            Cleaned::Same => {}
            Cleaned::Nul(field) => return refuse(field),
            Cleaned::Changed(q) => {
                if let Some(uri) = with_query(&parts.uri, &q) {
                    parts.uri = uri;
                }
            }
        }
    }
    let kind = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.to_ascii_lowercase())
        .unwrap_or_default();
    let form = kind.starts_with("application/x-www-form-urlencoded");
    // what axum's JSON extractor takes: application/json and any application/…+json
    let essence = kind.split(';').next().unwrap_or("").trim();
    let json = essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"));
    if !form && !json {
        return next.run(Request::from_parts(parts, body)).await;
    }
    let bytes = match axum::body::to_bytes(body, BODY_MAX).await {
        Ok(b) => b,
        Err(_) => return answer_for(&path, AppError::PayloadTooLarge),
    };
    let cleaned = match std::str::from_utf8(&bytes) {
        Err(_) => Cleaned::Same,
        Ok(text) if form => clean_form(text),
        Ok(text) => clean_json(text),
    };
    let body = match cleaned {
        Cleaned::Same => Body::from(bytes),
        Cleaned::Nul(field) => return refuse(field),
        Cleaned::Changed(text) => {
            parts.headers.remove(header::CONTENT_LENGTH);
            Body::from(text)
        }
    };
    next.run(Request::from_parts(parts, body)).await
}

/// What cleaning made of a text.
#[derive(Debug, PartialEq, Eq)]
enum Cleaned {
    /// Nothing to change: the original is passed on as it came.
    Same,
    /// A value (of this field) holds a NUL character.
    Nul(String),
    /// The text, composed to NFC.
    Changed(String),
}

/// An `application/x-www-form-urlencoded` text (a query string or a form body).
fn clean_form(text: &str) -> Cleaned {
    let pairs: Vec<(String, String)> = url::form_urlencoded::parse(text.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    if let Some((k, _)) = pairs
        .iter()
        .find(|(k, v)| k.contains('\0') || v.contains('\0'))
    {
        return Cleaned::Nul(k.replace('\0', ""));
    }
    if pairs.iter().all(|(k, v)| is_nfc(k) && is_nfc(v)) {
        return Cleaned::Same;
    }
    let mut out = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in &pairs {
        out.append_pair(&k.nfc().collect::<String>(), &v.nfc().collect::<String>());
    }
    Cleaned::Changed(out.finish())
}

/// A JSON text. Parsed only when it may hold a NUL or text that is not NFC: when it is not NFC
/// as written, or has escapes (`\u0000`, a combining mark written `\u0301`); a text that does
/// not parse is left for the handler to refuse.
fn clean_json(text: &str) -> Cleaned {
    if !text.contains("\\u") && is_nfc(text) {
        return Cleaned::Same;
    }
    let Ok(mut value) = serde_json::from_str::<serde_json::Value>(text) else {
        return Cleaned::Same;
    };
    if let Some(field) = nul_in(&value, "") {
        return Cleaned::Nul(field);
    }
    let mut changed = false;
    compose(&mut value, &mut changed);
    if !changed {
        return Cleaned::Same;
    }
    serde_json::to_string(&value).map_or(Cleaned::Same, Cleaned::Changed)
}

/// The path (`documents.0.name`) of the first string holding a NUL, keys included.
fn nul_in(value: &serde_json::Value, at: &str) -> Option<String> {
    let join = |k: &str| {
        if at.is_empty() {
            k.to_string()
        } else {
            format!("{at}.{k}")
        }
    };
    match value {
        serde_json::Value::String(s) => s.contains('\0').then(|| at.to_string()),
        serde_json::Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, v)| nul_in(v, &join(&i.to_string()))),
        serde_json::Value::Object(map) => map.iter().find_map(|(k, v)| {
            if k.contains('\0') {
                Some(join(&k.replace('\0', "")))
            } else {
                nul_in(v, &join(k))
            }
        }),
        _ => None,
    }
}

/// Composes every string (keys too) to NFC.
fn compose(value: &mut serde_json::Value, changed: &mut bool) {
    match value {
        serde_json::Value::String(s) if !is_nfc(s) => {
            *s = s.nfc().collect();
            *changed = true;
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(|v| compose(v, changed)),
        serde_json::Value::Object(map) => {
            if map.keys().any(|k| !is_nfc(k)) {
                let old = std::mem::take(map);
                for (k, v) in old {
                    map.insert(k.nfc().collect(), v);
                }
                *changed = true;
            }
            map.values_mut().for_each(|v| compose(v, changed));
        }
        _ => {}
    }
}

fn with_query(uri: &Uri, query: &str) -> Option<Uri> {
    let mut parts = uri.clone().into_parts();
    let path_and_query = format!("{}?{query}", uri.path());
    parts.path_and_query = Some(path_and_query.parse().ok()?);
    Uri::from_parts(parts).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    const NFD: &str = "Đi\u{0323}a cha\u{0302}\u{0301}t";

    #[test]
    fn nul_characters_are_named_by_their_field() {
        assert_eq!(clean_form("q=abc%00def"), Cleaned::Nul("q".into()));
        assert_eq!(
            clean_json(r#"{"username":"a\u0000b","password":"x"}"#),
            Cleaned::Nul("username".into())
        );
        assert_eq!(
            clean_json(r#"{"documents":[{"name":"ok"},{"name":"x\u0000"}]}"#),
            Cleaned::Nul("documents.1.name".into())
        );
    }

    #[test]
    fn text_is_composed_and_left_alone_when_it_already_is() {
        assert_eq!(clean_form("q=%C4%90%E1%BB%8Ba+ch%E1%BA%A5t"), Cleaned::Same);
        assert_eq!(clean_json(r#"{"issuer":"Địa chất"}"#), Cleaned::Same);
        let query: String = url::form_urlencoded::Serializer::new(String::new())
            .append_pair("issuer", NFD)
            .finish();
        let Cleaned::Changed(q) = clean_form(&query) else {
            panic!("not composed")
        };
        let back: Vec<(String, String)> = url::form_urlencoded::parse(q.as_bytes())
            .into_owned()
            .collect();
        assert_eq!(back, [("issuer".to_string(), "Địa chất".to_string())]);
        let body = serde_json::json!({"issuer": NFD, "list": [NFD]}).to_string();
        let Cleaned::Changed(j) = clean_json(&body) else {
            panic!("not composed")
        };
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&j).ok(),
            Some(serde_json::json!({"issuer": "Địa chất", "list": ["Địa chất"]}))
        );
        // combining marks written as escapes are composed too
        let escaped = r#"{"issuer":"Đi\u0323a"}"#;
        assert!(matches!(clean_json(escaped), Cleaned::Changed(_)));
        // what does not parse is the handler's to refuse
        assert_eq!(clean_json("{not json"), Cleaned::Same);
    }
}
