//! Administration of document types: name, notation code, numbering series, review chain,
//! active; and adding a type. Changes take effect without a release and are audited.

use super::{Nav, answer_change, csrf_field, first, form_errors, form_pairs, layout, notice};
use crate::incoming::{self, TypeInput};
use axum::extract::Path;
use axum::response::Response;
use lode_core::authz::Action;
use lode_core::validation::FieldErrors;
use lode_web::State;
use lode_web::auth::Caller;
use lode_web::error::{AppError, PageResult};
use maud::{Markup, html};

#[derive(serde::Deserialize, Default)]
pub struct DoneQuery {
    done: Option<String>,
}

async fn page(
    state: &lode_web::AppState,
    caller: &Caller,
    errors: &FieldErrors,
    conflict: Option<&str>,
    done: bool,
) -> PageResult<Markup> {
    caller.require(Action::ManageDocumentTypes)?;
    let l = caller.lang;
    let types = incoming::type_settings_all(&state.db).await?;
    Ok(layout(
        caller,
        l.t("types.title"),
        Nav::Types,
        html! {
            h1 { (l.t("types.title")) }
            p.hint { (l.t("types.hint")) }
            (notice(l, done.then_some("notice.saved")))
            @if let Some(c) = conflict { (super::conflict_alert(l, c)) }
            (form_errors(l, errors, &[]))
            table.list {
                thead { tr { th { (l.t("types.code")) } th { (l.t("types.name")) } th { (l.t("types.notation_code")) } th { (l.t("types.series")) } th { (l.t("types.chain")) } th { (l.t("types.active")) } th {} } }
                tbody {
                    @for t in &types {
                        @let form_id = format!("type-{}", t.code);
                        tr {
                            td { strong { (t.code) } }
                            td { input form=(form_id) name="name" value=(t.name) required maxlength="100" aria-label=(l.t("types.name")); }
                            td { input form=(form_id) name="notation_code" value=(t.notation_code.as_deref().unwrap_or("")) size="5" aria-label=(l.t("types.notation_code")); }
                            td { input form=(form_id) name="outgoing_series" value=(series_shown(&t.outgoing_series)) placeholder=(l.t("series.general")) size="7" aria-label=(l.t("types.series")); }
                            td { (chain_boxes(Some(&form_id), &t.review_chain, l)) }
                            td { input form=(form_id) type="checkbox" name="active" value="true" checked[t.active] aria-label=(l.t("types.active")); }
                            td {
                                form id=(form_id) method="post" action={ "/admin/types/" (t.code) } {
                                    (csrf_field(caller))
                                    button type="submit" { (l.t("types.save")) }
                                }
                            }
                        }
                    }
                }
            }
            h2 { (l.t("types.new")) }
            form.stack method="post" action="/admin/types/new" {
                (csrf_field(caller))
                div.field { label for="code" { (l.t("types.code")) } input id="code" name="code" required maxlength="10"; }
                div.field { label for="name" { (l.t("types.name")) } input id="name" name="name" required maxlength="100"; }
                div.field { label for="notation_code" { (l.t("types.notation_code")) } input id="notation_code" name="notation_code" maxlength="10"; }
                div.field { label for="outgoing_series" { (l.t("types.series")) } input id="outgoing_series" name="outgoing_series" placeholder=(l.t("series.general")) maxlength="10"; }
                fieldset.field { legend { (l.t("types.chain")) } (chain_boxes(None, &["unit_leader".to_string(), "body_leader".to_string()], l)) }
                input type="hidden" name="active" value="true";
                button type="submit" { (l.t("types.add")) }
            }
        },
    ))
}

/// A type's numbering series as its field shows it: the body's common series is left empty
/// (its placeholder names it), since an empty field saves as that series.
fn series_shown(series: &str) -> &str {
    if series == "general" { "" } else { series }
}

/// The review chain's boxes, tied to a row's form by its id when they stand outside it.
fn chain_boxes(form_id: Option<&str>, chain: &[String], l: lode_web::i18n::Lang) -> Markup {
    html! {
        @for step in ["unit_leader", "body_leader"] {
            label.check {
                input form=[form_id] type="checkbox" name="review_chain" value=(step) checked[chain.iter().any(|c| c == step)];
                " " (l.t(&format!("reviewer.{step}")))
            }
            " "
        }
    }
}

pub async fn list(
    axum::extract::State(state): State,
    caller: Caller,
    super::PageQuery(q): super::PageQuery<DoneQuery>,
) -> PageResult<Markup> {
    page(&state, &caller, &FieldErrors::new(), None, q.done.is_some()).await
}

fn input_of(body: &[u8]) -> TypeInput {
    let p = form_pairs(body);
    TypeInput {
        code: first(&p, "code"),
        name: first(&p, "name").unwrap_or_default(),
        notation_code: first(&p, "notation_code"),
        active: Some(first(&p, "active").is_some()),
        outgoing_series: first(&p, "outgoing_series"),
        review_chain: super::all_of(&p, "review_chain"),
    }
}

pub async fn save(
    axum::extract::State(state): State,
    caller: Caller,
    Path(code): Path<String>,
    body: axum::body::Bytes,
) -> PageResult<Response> {
    caller.require(Action::ManageDocumentTypes)?;
    let input = input_of(&body);
    let existing = (code != "new").then_some(code.as_str());
    let result = incoming::save_type(&state.db, &caller.ctx(), existing, &input)
        .await
        .map_err(AppError::from);
    let (state, caller) = (&state, &caller);
    answer_change(
        result,
        |_| "/admin/types?done=1".to_string(),
        |errors, conflict| async move { page(state, caller, &errors, conflict.as_deref(), false).await },
    )
    .await
}
