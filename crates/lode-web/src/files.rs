//! Files people send: the checks every upload passes (size, and its type by its bytes, not by
//! what the client says), names made safe to show, and storing what was accepted.

use crate::error::AppError;

pub use crate::limits::DOCUMENT_MAX_BYTES;

/// Checks a document upload: not empty, not too large, a PDF by its bytes.
pub fn accept_pdf(field: &str, data: &[u8]) -> Result<(), AppError> {
    use lode_core::validation::FieldErrors;
    if data.is_empty() {
        return Err(AppError::Invalid(FieldErrors::single(
            field,
            "empty_file",
            "the file is empty",
        )));
    }
    if data.len() > DOCUMENT_MAX_BYTES {
        return Err(AppError::PayloadTooLarge);
    }
    // A PDF starts with its header and ends with %%EOF. Readers tolerate bytes before the
    // header, and that is how polyglots are made (an HTML page or a program that is also a
    // PDF): lode keeps only files that are a PDF from their first byte, with no markup where a
    // browser sniffing the start would find a page.
    let head = &data[..data.len().min(1024)];
    let tail = &data[data.len().saturating_sub(2048)..];
    let has = |hay: &[u8], needle: &[u8]| hay.windows(needle.len()).any(|w| w == needle);
    let lower = head.to_ascii_lowercase();
    let markup = [
        b"<html".as_slice(),
        b"<script",
        b"<!doctype",
        b"<body",
        b"<svg",
        b"<iframe",
    ]
    .iter()
    .any(|m| has(&lower, m));
    if !data.starts_with(b"%PDF-") || !has(tail, b"%%EOF") || markup {
        return Err(AppError::Invalid(FieldErrors::single(
            field,
            "not_a_pdf",
            "the file is not a PDF",
        )));
    }
    Ok(())
}

/// Stores an accepted PDF (bytes first, then its row) and returns its hash. `uploader`: the
/// person who sent it, who alone may then reference it; none for files lode made itself.
pub async fn store_pdf(
    state: &crate::AppState,
    data: bytes::Bytes,
    uploader: Option<i64>,
) -> Result<String, AppError> {
    store_file(state, data, "application/pdf", uploader).await
}

/// Stores accepted bytes of `content_type` (bytes first, then its row) and returns its hash.
pub async fn store_file(
    state: &crate::AppState,
    data: bytes::Bytes,
    content_type: &str,
    uploader: Option<i64>,
) -> Result<String, AppError> {
    let size = data.len();
    let sha = state.blobs.put(data.clone()).await?;
    let mut tx = state.db.write().await?;
    match uploader {
        Some(account) => {
            lode_db::blobs::record_upload(&mut tx, &sha, size, content_type, account).await?;
        }
        None => lode_db::blobs::record(&mut tx, &sha, size, content_type).await?,
    }
    tx.commit().await.map_err(lode_db::DbError::from)?;
    state.blobs.put_again(data).await?;
    Ok(sha)
}

/// Checks a document file by its name's extension: a DOCX when it says so, a PDF otherwise.
/// Returns the media type to store it as.
pub fn accept_document(
    field: &str,
    file_name: &str,
    data: &[u8],
) -> Result<&'static str, AppError> {
    if file_name.to_lowercase().ends_with(".docx") {
        accept_docx(field, data).map(|()| lode_db::blobs::DOCX)
    } else {
        accept_pdf(field, data)
            .map(|()| lode_db::blobs::PDF)
            // neither: said as what is taken, both kinds
            .map_err(|e| match e {
                AppError::Invalid(mut errors) => {
                    for x in errors.0.iter_mut().filter(|x| x.code == "not_a_pdf") {
                        x.code = "not_pdf_or_docx";
                        x.message = "the file is neither a PDF nor a DOCX document".into();
                    }
                    AppError::Invalid(errors)
                }
                other => other,
            })
    }
}

/// Checks an editable source (DOCX) by its bytes: a ZIP holding `word/`.
pub fn accept_docx(field: &str, data: &[u8]) -> Result<(), AppError> {
    use lode_core::validation::FieldErrors;
    if data.is_empty() {
        return Err(AppError::Invalid(FieldErrors::single(
            field,
            "empty_file",
            "the file is empty",
        )));
    }
    if data.len() > DOCUMENT_MAX_BYTES {
        return Err(AppError::PayloadTooLarge);
    }
    let has = |needle: &[u8]| data.windows(needle.len()).any(|w| w == needle);
    if !data.starts_with(b"PK\x03\x04") || !has(b"word/") || !has(b"[Content_Types].xml") {
        return Err(AppError::Invalid(FieldErrors::single(
            field,
            "not_a_docx",
            "the file is not a DOCX document",
        )));
    }
    Ok(())
}

/// A client's file name as shown to people: its last path part, without control or reserved
/// characters, at most 200 characters. Browsers write a quote or a line break of a name as
/// `%22`, `%0D`, `%0A` in a form: those are read back as what they stand for (and so dropped).
pub fn sanitise_name(raw: &str) -> String {
    let unescaped = raw
        .replace("%22", "\"")
        .replace("%0D", "\r")
        .replace("%0A", "\n");
    let last = unescaped.rsplit(['/', '\\']).next().unwrap_or(&unescaped);
    last.chars()
        .filter(|c| !c.is_control() && !"<>:\"|?*".contains(*c))
        .take(200)
        .collect::<String>()
        .trim()
        .to_string()
}

/// The name a file is served under, without its extension (the server adds the one its type
/// calls for): its owner's name for it where it has one, else `otherwise`.
pub fn stem_of<'a>(owners: Option<&'a str>, otherwise: &'a str) -> &'a str {
    owners
        .and_then(|n| std::path::Path::new(n).file_stem())
        .and_then(|s| s.to_str())
        // a name that is only an extension (`.pdf`) names nothing
        .filter(|s| !s.trim().is_empty() && !s.starts_with('.'))
        .unwrap_or(otherwise)
}

#[cfg(test)]
mod tests {
    use super::{sanitise_name, stem_of};

    #[test]
    fn a_file_is_served_under_its_owners_name() {
        assert_eq!(
            stem_of(Some("Biên bản kiểm tra.pdf"), "ho-so-5-1"),
            "Biên bản kiểm tra"
        );
        assert_eq!(stem_of(Some(".pdf"), "ho-so-5-1"), "ho-so-5-1");
        assert_eq!(stem_of(None, "ho-so-5-1"), "ho-so-5-1");
    }

    #[test]
    fn a_names_quotes_and_paths_are_dropped_as_browsers_wrote_them() {
        assert_eq!(
            sanitise_name("C:\\Tài liệu\\Bản \"cuối\".pdf"),
            "Bản cuối.pdf"
        );
        // as Chromium writes a quote in a multipart form's file name
        assert_eq!(
            sanitise_name("bản cuối ; ' %22 x.pdf"),
            "bản cuối ; '  x.pdf"
        );
        assert_eq!(sanitise_name("a%0D%0Ab.pdf"), "ab.pdf");
        assert_eq!(sanitise_name(&"x".repeat(300)).chars().count(), 200);
    }
}
