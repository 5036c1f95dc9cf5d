//! The e-office on the web: its pages and API, its sections of the shell's pages, and the
//! signing flow of outgoing documents (the leader's signature, the clerk's number and seal),
//! mounted by the binary as one [`lode_web::Capability`].
//!
//! - [`pages`], [`api`]: what people and programs call;
//! - [`panels`]: the queues on the home page, certificates on the account page, the count of
//!   documents waiting in the navigation;
//! - [`signing`]: signing, numbering and sealing an outgoing document, the certificates of
//!   leaders and units, the demo's keys;
//! - [`letters`]: the Decree 30 letter a draft is written on, with room for its number, date
//!   and marks; [`places`]: where an uploaded draft shows its number and date; [`marks`]: the
//!   visible signature and seal.

pub mod api;
pub mod letters;
pub mod marks;
pub mod pages;
pub mod panels;
pub mod places;
pub mod signing;

use std::sync::Arc;

/// Writes the notes of the versions lode made (a signature added, the number filled in) in
/// the reader's language; authors' notes stay as they typed them.
pub fn version_notes_in(l: lode_web::i18n::Lang, versions: &mut [crate::outgoing::DraftVersion]) {
    for v in versions.iter_mut() {
        if let Some(m) = &v.message {
            v.note = Some(l.fill(&format!("version_note.{m}"), &v.args));
        }
    }
}

/// The e-office as the binary mounts it.
pub fn capability() -> lode_web::Capability {
    lode_web::Capability {
        pages: pages::router(),
        api: api::router(),
        panels: Arc::new(panels::EofficePanels),
        translations: TRANSLATIONS,
        demo: Some(seed_demo),
    }
}

/// The e-office's messages (`i18n/` of this crate).
pub const TRANSLATIONS: lode_web::i18n::Translations = lode_web::i18n::Translations {
    name: "lode-eoffice",
    vi: include_str!("../../i18n/vi.ftl"),
    en: include_str!("../../i18n/en.ftl"),
};

/// Seeds the demo's documents, drafts and dossiers into a store that holds the demo
/// organisation.
fn seed_demo<'a>(
    db: &'a lode_db::Db,
    blobs: &'a lode_db::blobs::Blobs,
) -> lode_web::DemoSeeding<'a> {
    Box::pin(async move {
        crate::demo::seed_documents(db, blobs).await?;
        crate::demo::seed_outgoing(db, blobs, &letters::demo_draft).await?;
        crate::demo::seed_dossiers(db).await?;
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use lode_web::i18n::{Lang, MISSING};

    #[test]
    fn every_version_note_reads_in_both_languages() {
        assert_eq!(lode_web::i18n::add(super::TRANSLATIONS), Ok(()));
        let args = serde_json::json!({"signer": "Trần Văn Hùng"});
        for m in crate::outgoing::VERSION_NOTES {
            for l in [Lang::Vi, Lang::En] {
                let text = l.fill(&format!("version_note.{m}"), &args);
                assert_ne!(text, MISSING, "{m}");
                assert!(!text.contains('{'), "{m}: {text}");
            }
        }
        assert_eq!(
            Lang::En.fill("version_note.signed", &args),
            "Digital signature of the competent signer: Trần Văn Hùng"
        );
    }
}
