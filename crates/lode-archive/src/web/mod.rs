//! The archive's pages and API, mounted by the binary as a [`lode_web::Capability`]:
//!
//! - [`pages`]: the catalogue open to all (search, a record's page) and the archive staff's
//!   forms (a new record, an edit, the versions);
//! - [`api`]: the same under `/api/v1/archive`, each route with its OpenAPI operation;
//! - [`copies`]: certified copies made, signed by the organisation and kept (a job).

pub mod api;
pub mod copies;
pub mod pages;

use crate::domain::Reader;
use lode_web::auth::Caller;
use std::sync::Arc;

/// The archive as the binary mounts it.
pub fn capability() -> lode_web::Capability {
    lode_web::Capability {
        pages: pages::router(),
        api: api::router(),
        panels: Arc::new(ArchivePanels),
        translations: TRANSLATIONS,
        demo: Some(seed_demo),
    }
}

/// The archive's messages (`i18n/` of this crate).
pub const TRANSLATIONS: lode_web::i18n::Translations = lode_web::i18n::Translations {
    name: "lode-archive",
    vi: include_str!("../../i18n/vi.ftl"),
    en: include_str!("../../i18n/en.ftl"),
};

fn seed_demo<'a>(
    db: &'a lode_db::Db,
    blobs: &'a lode_db::blobs::Blobs,
) -> lode_web::DemoSeeding<'a> {
    Box::pin(async move {
        crate::demo::seed(db, blobs).await?;
        Ok(())
    })
}

/// Who reads, as the archive's rules know them.
pub fn reader(caller: Option<&Caller>) -> Reader {
    Reader::of(caller.map(|c| &c.actor))
}

/// The archive's sections of the shell's pages.
struct ArchivePanels;

impl lode_web::Panels for ArchivePanels {
    fn home<'a>(&'a self, _: &'a lode_web::AppState, _: &'a Caller) -> lode_web::Panel<'a> {
        Box::pin(async { Ok(None) })
    }

    fn dashboard<'a>(&'a self, _: &'a lode_web::AppState, _: &'a Caller) -> lode_web::Panel<'a> {
        Box::pin(async { Ok(None) })
    }
}
