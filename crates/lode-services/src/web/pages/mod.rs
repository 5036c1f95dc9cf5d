//! The public services' pages: the portal (catalogue, tracking, sign-up, payment return), the
//! applicant's dossiers, the one-stop desk, statistics, and the administrator's procedures and
//! calendar.

pub mod applications;
pub mod catalogue;
pub mod handling;
pub mod sections;

use axum::Router;
use axum::routing::{get, post};
use lode_web::AppState;
use lode_web::files::DOCUMENT_MAX_BYTES;
use std::sync::Arc;

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
        .route("/ho-so/{id}/rut", post(handling::withdraw))
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
