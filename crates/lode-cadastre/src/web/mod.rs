//! The cadastre's pages and API, mounted by the binary as a [`lode_web::Capability`]:
//!
//! - [`convert`]: the coordinate converter, VN-2000 and WGS84 each way, its page (`/toa-do`)
//!   and its API (`POST /api/v1/coordinates/convert`), open to all;
//! - [`licences`]: the register of mineral licences under `/api/v1/cadastre/licences`;
//! - [`pages`]: the register's pages (`/giay-phep`): the list, a licence and its history, the
//!   licence officers' forms.

pub mod area_field;
pub mod convert;
pub mod findings;
pub mod licences;
pub mod map;
pub mod ogc;
pub mod pages;
pub mod sheet;
pub mod zones;

use std::sync::Arc;

/// The cadastre as the binary mounts it.
pub fn capability() -> lode_web::Capability {
    lode_web::Capability {
        pages: convert::pages()
            .merge(pages::router())
            .merge(ogc::router())
            .merge(zones::router())
            .merge(map::router()),
        api: convert::api().merge(licences::api()).merge(zones::api()),
        panels: Arc::new(CadastrePanels),
        translations: TRANSLATIONS,
        demo: Some(seed_demo),
    }
}

/// The cadastre's messages (`i18n/` of this crate).
pub const TRANSLATIONS: lode_web::i18n::Translations = lode_web::i18n::Translations {
    name: "lode-cadastre",
    vi: include_str!("../../i18n/vi.ftl"),
    en: include_str!("../../i18n/en.ftl"),
};

fn seed_demo<'a>(db: &'a lode_db::Db, _: &'a lode_db::blobs::Blobs) -> lode_web::DemoSeeding<'a> {
    Box::pin(async move {
        crate::demo::seed(db).await?;
        crate::demo::seed_areas(db).await?;
        Ok(())
    })
}

/// The cadastre shows nothing on the shell's pages yet but its records' names in the audit log.
struct CadastrePanels;

impl lode_web::Panels for CadastrePanels {
    fn home<'a>(
        &'a self,
        _: &'a lode_web::AppState,
        _: &'a lode_web::auth::Caller,
    ) -> lode_web::Panel<'a> {
        Box::pin(async { Ok(None) })
    }

    fn dashboard<'a>(
        &'a self,
        _: &'a lode_web::AppState,
        _: &'a lode_web::auth::Caller,
    ) -> lode_web::Panel<'a> {
        Box::pin(async { Ok(None) })
    }

    /// In the audit log: a licence by its number, a layer of zones by its name.
    fn record_names(&self) -> &'static [(&'static str, &'static str)] {
        &[
            (
                "cadastre_licence",
                "SELECT id, number FROM cadastre_licences WHERE id IN {ids}",
            ),
            (
                "cadastre_zone_layer",
                "SELECT id, name FROM cadastre_zone_layers WHERE id IN {ids}",
            ),
        ]
    }
}
