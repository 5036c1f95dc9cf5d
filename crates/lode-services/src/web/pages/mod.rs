//! The public services' pages: the portal (catalogue, tracking, sign-up, payment return), the
//! applicant's dossiers, the one-stop desk, statistics, and the administrator's procedures and
//! calendar.

pub mod applications;
pub mod catalogue;
pub mod handling;
pub mod procedure_form;
pub mod sections;

use axum::Router;
use axum::routing::{get, post};
use lode_core::services::Procedure;
use lode_web::AppState;
use lode_web::files::DOCUMENT_MAX_BYTES;
use lode_web::i18n::Lang;
use std::sync::Arc;

/// The procedure as its reader reads it: in English, for one who chose it, where it has the
/// words (see [`Procedure::in_english`]).
pub(crate) fn worded(l: Lang, p: Procedure) -> Procedure {
    match l {
        Lang::Vi => p,
        Lang::En => p.in_english(),
    }
}

/// A dossier and its procedure as the reader reads them (the dossier names its procedure).
pub(crate) fn worded_dossier(
    l: Lang,
    (mut a, p): (crate::applications::Application, Procedure),
) -> (crate::applications::Application, Procedure) {
    let p = worded(l, p);
    if l == Lang::En {
        a.procedure_name.clone_from(&p.name);
    }
    (a, p)
}

/// The catalogue's words in the reader's language, for pages that name procedures (and their
/// stages) from their lists: nothing to look up in Vietnamese.
pub(crate) struct Words(std::collections::BTreeMap<String, String>);

impl Words {
    pub(crate) async fn for_reader(
        db: &lode_db::Db,
        l: Lang,
    ) -> Result<Words, lode_web::error::AppError> {
        Ok(Words(match l {
            Lang::Vi => Default::default(),
            Lang::En => crate::catalogue::english_words(db).await?,
        }))
    }

    /// One procedure's words in the reader's language (what its dossier's pages name from it).
    pub(crate) fn of_procedure(l: Lang, p: &Procedure) -> Words {
        Words(match l {
            Lang::Vi => Default::default(),
            Lang::En => p.en.clone(),
        })
    }

    /// `vi` in the reader's language: its translation, or itself where there is none.
    pub(crate) fn of<'a>(&'a self, vi: &'a str) -> &'a str {
        self.0.get(vi).map_or(vi, String::as_str)
    }
}

pub fn router() -> Router<Arc<AppState>> {
    Router::new()
        .route("/dich-vu-cong", get(catalogue::list))
        .route(
            "/tra-cuu",
            get(catalogue::track).post(catalogue::track_posted),
        )
        .route("/thanh-toan/ket-qua", get(catalogue::payment_return))
        .route("/ho-so", get(applications::list).post(applications::create))
        .route(
            "/ho-so/{id}",
            get(applications::show).post(applications::save),
        )
        // the dossier's form carries the files chosen in it, whichever button sends it: up
        // to twice a document's size in all, each file checked on its own
        .route(
            "/ho-so/{id}/tai-lieu",
            post(applications::upload).layer(axum::extract::DefaultBodyLimit::max(
                2 * DOCUMENT_MAX_BYTES + 64 * 1024,
            )),
        )
        .route(
            "/ho-so/{id}/nop",
            post(applications::submit).layer(axum::extract::DefaultBodyLimit::max(
                2 * DOCUMENT_MAX_BYTES + 64 * 1024,
            )),
        )
        .route(
            "/ho-so/{id}/khu-vuc",
            post(applications::area_file).layer(axum::extract::DefaultBodyLimit::max(
                lode_cadastre::files::UPLOAD_MAX + 64 * 1024,
            )),
        )
        .route(
            "/ho-so/{id}/tai-lieu/{key}",
            get(applications::own_document),
        )
        .route(
            "/mot-cua/{id}/tai-lieu/{key}",
            get(applications::desk_document),
        )
        .route("/mot-cua", get(applications::desk))
        .route(
            "/mot-cua/{id}",
            get(applications::desk_show).post(applications::desk_decide),
        )
        .route("/ho-so/{id}/giay-tiep-nhan", get(applications::receipt))
        .route("/ho-so/{id}/tin-nhan", post(handling::applicant_message))
        .route("/ho-so/{id}/xoa", post(applications::discard))
        .route("/ho-so/{id}/rut", post(handling::withdraw))
        .route("/ho-so/{id}/danh-gia", post(applications::rate))
        .route("/ho-so/{id}/thanh-toan", post(handling::pay))
        .route("/ho-so/{id}/mau/{form}", get(handling::applicant_form))
        .route("/ho-so/{id}/ket-qua", get(handling::applicant_result))
        .route(
            "/ho-so/{id}/bien-lai/{payment}",
            get(handling::payment_receipt),
        )
        .route(
            "/mot-cua/nhap",
            get(handling::intake_form).post(handling::intake),
        )
        .route(
            "/mot-cua/{id}/ket-qua",
            get(handling::desk_result).post(handling::publish),
        )
        .route("/mot-cua/{id}/tra", post(handling::hand_over))
        .route("/mot-cua/{id}/xin-loi", post(handling::apologise))
        .route("/mot-cua/{id}/tin-nhan", post(handling::desk_message))
        .route("/mot-cua/{id}/mau/{form}", get(handling::desk_form))
        .route(
            "/mot-cua/{id}/giay-tiep-nhan",
            get(applications::desk_receipt),
        )
        .route(
            "/mot-cua/{id}/tai-lieu",
            post(handling::scan).layer(axum::extract::DefaultBodyLimit::max(
                DOCUMENT_MAX_BYTES + 64 * 1024,
            )),
        )
        .route("/mot-cua/{id}/tiep-nhan", post(handling::receive))
        .route("/mot-cua/{id}/thong-tin", post(handling::paper_values))
        .route("/thong-ke", get(handling::statistics))
        .route(handling::COUNTED, get(handling::counted))
        .route(
            "/dang-ky",
            get(catalogue::register_form).post(catalogue::register),
        )
        .route("/dang-ky/xac-nhan/{token}", get(catalogue::confirm))
        .route("/dich-vu-cong/lich", get(catalogue::calendar))
        .route("/dich-vu-cong/{code}", get(catalogue::show))
        .route("/dich-vu-cong/{code}/mau/{key}", get(catalogue::template))
        .route(
            "/admin/procedures/{code}",
            get(catalogue::edit).post(catalogue::save),
        )
        .route(
            "/admin/calendar",
            get(catalogue::calendar_admin).post(catalogue::calendar_set),
        )
}
