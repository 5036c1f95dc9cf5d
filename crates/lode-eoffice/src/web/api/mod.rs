//! The e-office's part of the JSON API under `/api/v1`: documents, dossiers, registers,
//! weekly reports, figures, the work queues and the certificates registry. The shell's API
//! parts (extractors, file answers) are used through [`lode_web::api`], re-exported here.

/// One step of a document's flow as a POST handler: parse the body, let the repository decide
/// and write, answer with the caller's view of the document (`view_of` of the calling module).
macro_rules! document_step {
    ($name:ident, $tag:literal, $path:literal, $input:ty, $call:path, $view:ty, $doc:literal) => {
        #[doc = $doc]
        #[utoipa::path(post, path = $path, tag = $tag, request_body = $input,
            params(("id" = i64, Path, description = "document id")), responses((status = 200, body = $view)))]
        pub async fn $name(
            axum::extract::State(state): lode_web::State,
            caller: lode_web::auth::Caller,
            lode_web::api::ApiId(id): lode_web::api::ApiId,
            lode_web::api::ApiJson(input): lode_web::api::ApiJson<$input>,
        ) -> lode_web::error::ApiResult<axum::Json<$view>> {
            let rec = $call(&state.db, &caller.ctx(), &caller.actor, id, &input).await?;
            Ok(view_of(&caller, &rec)?)
        }
    };
}

pub mod certificates;
pub mod dossiers;
pub mod incoming;
pub mod outgoing;
pub mod registers;
pub mod reports;
pub mod weekly;
pub mod work;

pub use lode_web::api::*;

use lode_web::AppState;
use std::sync::Arc;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::router::UtoipaMethodRouterExt;
use utoipa_axum::routes;

/// The e-office's API routes, each registered with its documentation.
pub fn router() -> OpenApiRouter<Arc<AppState>> {
    OpenApiRouter::new()
        .routes(routes!(work::queues))
        .routes(routes!(work::outgoing))
        .routes(routes!(incoming::types))
        .routes(
            routes!(incoming::verify).layer(axum::extract::DefaultBodyLimit::max(
                lode_web::files::DOCUMENT_MAX_BYTES,
            )),
        )
        .routes(routes!(incoming::issuers))
        .routes(routes!(incoming::leaders))
        .routes(routes!(incoming::type_settings, incoming::create_type))
        .routes(routes!(incoming::update_type))
        .routes(routes!(incoming::list, incoming::register))
        .routes(routes!(incoming::show))
        .routes(routes!(incoming::file))
        .routes(routes!(incoming::attachment))
        .routes(routes!(incoming::timeline))
        .routes(routes!(incoming::route))
        .routes(routes!(incoming::assign))
        .routes(routes!(incoming::complete))
        .routes(routes!(incoming::return_to_sender))
        .routes(routes!(incoming::hand_back))
        .routes(routes!(incoming::correct))
        .routes(routes!(incoming::note))
        .routes(routes!(incoming::extend))
        .routes(routes!(incoming::ask_extension))
        .routes(routes!(incoming::decline_extension))
        .routes(
            routes!(incoming::upload).layer(axum::extract::DefaultBodyLimit::max(
                lode_web::files::DOCUMENT_MAX_BYTES,
            )),
        )
        .routes(routes!(outgoing::list, outgoing::create))
        .routes(routes!(outgoing::signers))
        .routes(routes!(outgoing::show))
        .routes(routes!(outgoing::timeline))
        .routes(routes!(outgoing::version_pdf))
        .routes(routes!(outgoing::revise))
        .routes(routes!(outgoing::paper_scan))
        .routes(routes!(outgoing::edit_details))
        .routes(routes!(outgoing::submit))
        .routes(routes!(outgoing::approve))
        .routes(routes!(outgoing::send_back))
        .routes(routes!(outgoing::withdraw))
        .routes(routes!(outgoing::issue))
        .routes(routes!(outgoing::send))
        .routes(routes!(outgoing::recall))
        .routes(routes!(outgoing::dispatches))
        .routes(routes!(outgoing::attachment))
        .routes(routes!(outgoing::package))
        .routes(routes!(outgoing::sign))
        .routes(routes!(outgoing::seal))
        .routes(routes!(certificates::list, certificates::import))
        .routes(routes!(certificates::issue))
        .routes(routes!(certificates::from_token))
        .routes(routes!(certificates::set_seal))
        .routes(routes!(certificates::refresh))
        .routes(routes!(certificates::change_revocation))
        .routes(routes!(dossiers::list, dossiers::open))
        .routes(routes!(dossiers::show))
        .routes(routes!(dossiers::timeline))
        .routes(routes!(dossiers::file))
        .routes(routes!(dossiers::attach))
        .routes(routes!(dossiers::detach))
        .routes(routes!(dossiers::close))
        .routes(routes!(dossiers::reopen))
        .routes(routes!(dossiers::hand_over))
        .routes(routes!(registers::dossier_index))
        .routes(routes!(registers::register))
        .routes(routes!(weekly::show, weekly::save))
        .routes(routes!(weekly::submit))
        .routes(routes!(weekly::redraft))
        .routes(routes!(weekly::pdf))
        .routes(routes!(reports::figures))
}
