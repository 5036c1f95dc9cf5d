//! Administration of document types: name, notation code, numbering series, review chain,
//! active; and adding a type. Changes take effect without a release and are audited.

use super::{Nav, answer_change, csrf_field, field_errors, first, form_pairs, layout, notice};
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

/// The fields of a type's form, in the order they stand (the banner names them so).
const FIELDS: &[&str] = &[
    "code",
    "name",
    "notation_code",
    "outgoing_series",
    "review_chain",
];

/// A form refused: the type's code (`new` for the form adding one) and what was typed.
type Refused<'a> = Option<(&'a str, &'a TypeInput)>;

async fn page(
    state: &lode_web::AppState,
    caller: &Caller,
    (errors, refused): (&FieldErrors, Refused<'_>),
    conflict: Option<&str>,
    done: bool,
) -> PageResult<Markup> {
    caller.require(Action::ManageDocumentTypes)?;
    let l = caller.lang;
    let types = incoming::type_settings_all(&state.db).await?;
    let typed = |form: &str| refused.filter(|(f, _)| *f == form).map(|(_, t)| t);
    // the errors in the form's order, each named by its label
    let mut ordered = errors.clone();
    ordered
        .0
        .sort_by_key(|e| FIELDS.iter().position(|f| *f == e.field));
    let invalid = |form: &str, field: &str| {
        (typed(form).is_some() && errors.0.iter().any(|e| e.field == field)).then_some("true")
    };
    Ok(layout(
        caller,
        l.t("types.title"),
        Nav::Types,
        html! {
            h1 { (l.t("types.title")) }
            p.hint { (l.t("types.hint")) }
            (notice(l, done.then_some("notice.saved")))
            @if let Some(c) = conflict { (super::conflict_alert(l, c)) }
            @if let Some((form, _)) = refused {
                // which type was refused, where the page opens; the fields are marked below
                div.alert role="alert" tabindex="-1" autofocus {
                    p { (if form == "new" { l.t("types.new_refused").to_string() } else { l.fill("types.refused", &serde_json::json!({ "code": form })) }) }
                    ul { @for e in &ordered.0 {
                        li { @if let Some(label) = l.lookup(&format!("types.{}", e.field)) { strong { (label) } ": " } (l.field_error(e.code, &e.message)) }
                    } }
                }
            }
            table.list {
                thead { tr { th { (l.t("types.code")) } th { (l.t("types.name")) } th { (l.t("types.notation_code")) } th { (l.t("types.series")) } th { (l.t("types.chain")) } th { (l.t("types.active")) } th {} } }
                tbody {
                    @for t in &types {
                        @let form_id = format!("type-{}", t.code);
                        // a row refused shows what was typed in it
                        @let row = typed(&t.code);
                        @let name = row.map_or(t.name.as_str(), |r| r.name.as_str());
                        @let notation = row.map_or(t.notation_code.as_deref(), |r| r.notation_code.as_deref()).unwrap_or("");
                        @let series = row.map_or(series_shown(&t.outgoing_series), |r| r.outgoing_series.as_deref().unwrap_or(""));
                        @let chain = row.map_or(&t.review_chain, |r| &r.review_chain);
                        @let active = row.map_or(t.active, |r| r.active == Some(true));
                        tr.refused[row.is_some()] {
                            td data-label=(l.t("types.code")) { strong { (t.code) } }
                            td data-label=(l.t("types.name")) { input form=(form_id) name="name" value=(name) required maxlength="100" aria-label=(l.t("types.name")) aria-invalid=[invalid(&t.code, "name")]; }
                            td data-label=(l.t("types.notation_code")) { input form=(form_id) name="notation_code" value=(notation) size="5" aria-label=(l.t("types.notation_code")) aria-invalid=[invalid(&t.code, "notation_code")]; }
                            td data-label=(l.t("types.series")) { input form=(form_id) name="outgoing_series" value=(series) placeholder=(l.t("series.general")) size="7" aria-label=(l.t("types.series")) aria-invalid=[invalid(&t.code, "outgoing_series")]; }
                            td data-label=(l.t("types.chain")) { (chain_boxes(Some(&form_id), chain, l)) }
                            td data-label=(l.t("types.active")) { input form=(form_id) type="checkbox" name="active" value="true" checked[active] aria-label=(l.t("types.active")); }
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
            @let new = typed("new");
            @let new_errors = if new.is_some() { errors } else { &FieldErrors::new() };
            @let value = |f: fn(&TypeInput) -> Option<&str>| new.and_then(f).unwrap_or("").to_string();
            form.stack method="post" action="/admin/types/new" {
                (csrf_field(caller))
                div.field { label for="code" { (l.t("types.code")) (lode_web::pages::required_mark()) } input id="code" name="code" required maxlength="10" value=(value(|t| t.code.as_deref())) aria-invalid=[invalid("new", "code")]; (field_errors(l, new_errors, "code")) }
                div.field { label for="name" { (l.t("types.name")) (lode_web::pages::required_mark()) } input id="name" name="name" required maxlength="100" value=(value(|t| Some(t.name.as_str()))) aria-invalid=[invalid("new", "name")]; (field_errors(l, new_errors, "name")) }
                div.field { label for="notation_code" { (l.t("types.notation_code")) } input id="notation_code" name="notation_code" maxlength="10" value=(value(|t| t.notation_code.as_deref())) aria-invalid=[invalid("new", "notation_code")]; (field_errors(l, new_errors, "notation_code")) }
                div.field { label for="outgoing_series" { (l.t("types.series")) } input id="outgoing_series" name="outgoing_series" placeholder=(l.t("series.general")) maxlength="10" value=(value(|t| t.outgoing_series.as_deref())) aria-invalid=[invalid("new", "outgoing_series")]; (field_errors(l, new_errors, "outgoing_series")) }
                @let default_chain = ["unit_leader".to_string(), "body_leader".to_string()];
                fieldset.field { legend { (l.t("types.chain")) } (chain_boxes(None, new.map_or(&default_chain[..], |t| &t.review_chain[..]), l)) (field_errors(l, new_errors, "review_chain")) }
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
    page(
        &state,
        &caller,
        (&FieldErrors::new(), None),
        None,
        q.done.is_some(),
    )
    .await
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
    let (state, caller, input) = (&state, &caller, &input);
    let form = existing.unwrap_or("new");
    answer_change(
        result,
        |_| "/admin/types?done=1".to_string(),
        |errors, conflict| async move {
            page(
                state,
                caller,
                (&errors, Some((form, input))),
                conflict.as_deref(),
                false,
            )
            .await
        },
    )
    .await
}
