//! The public services under `/api/v1`: the catalogue and the working calendar, applicants'
//! accounts and dossiers, the desk, handling and payments.

pub mod applications;
pub mod catalogue;
pub mod handling;
pub mod register;

use lode_web::AppState;
use lode_web::files::DOCUMENT_MAX_BYTES;
use std::sync::Arc;
use utoipa_axum::router::{OpenApiRouter, UtoipaMethodRouterExt};
use utoipa_axum::routes;

/// Every route of the public services' API, each with its documentation.
pub fn router() -> OpenApiRouter<Arc<AppState>> {
    use axum::extract::DefaultBodyLimit;
    OpenApiRouter::new()
        .routes(routes!(catalogue::catalogue))
        .routes(routes!(catalogue::procedure, catalogue::save))
        .routes(routes!(catalogue::calendar))
        .routes(routes!(catalogue::set_day, catalogue::clear_day))
        .routes(routes!(catalogue::deadline))
        .routes(routes!(register::register))
        .routes(routes!(register::verify))
        .routes(routes!(applications::create, applications::list))
        .routes(routes!(applications::show, applications::update))
        .routes(
            routes!(applications::put_document).layer(DefaultBodyLimit::max(DOCUMENT_MAX_BYTES)),
        )
        .routes(routes!(applications::fee))
        .routes(routes!(applications::submit))
        .routes(routes!(applications::receipt))
        .routes(routes!(applications::desk))
        .routes(routes!(applications::desk_decide))
        .routes(routes!(applications::track))
        .routes(routes!(handling::intake))
        .routes(routes!(handling::desk_document).layer(DefaultBodyLimit::max(DOCUMENT_MAX_BYTES)))
        .routes(routes!(handling::receive))
        .routes(routes!(handling::desk_show))
        .routes(routes!(handling::control_sheet))
        .routes(routes!(handling::answers))
        .routes(routes!(handling::result))
        .routes(routes!(handling::hand_over))
        .routes(routes!(handling::apology))
        .routes(routes!(handling::at_risk))
        .routes(routes!(handling::desk_form))
        .routes(routes!(handling::applicant_form))
        .routes(routes!(handling::download_result))
        .routes(routes!(handling::withdraw))
        .routes(routes!(handling::messages, handling::post_message))
        .routes(routes!(handling::tracking_register))
        .routes(routes!(handling::statistics))
        .routes(routes!(handling::start_payment, handling::list_payments))
        .routes(routes!(handling::payment_receipt))
        .routes(routes!(handling::ipn))
}
