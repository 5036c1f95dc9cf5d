//! The public services portal, open to all: the procedures in force, searched in
//! Vietnamese with or without diacritics; a procedure's page (level 1–2 information: who may
//! apply, the documents with their forms to download, the fee and how it is worked out, the
//! deadline and its unit, the stages, the result); the forms themselves, made from the
//! catalogue's data; the working calendar. For administrators: a procedure's new version and
//! the calendar's days.

use axum::extract::Path;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use lode_core::calendar::DeadlineUnit;
use lode_core::fees::{FeeRule, parse_milli};
use lode_core::services::{Applicant, FieldKind, PaymentStatus, Procedure, ServiceLevel};
use lode_core::validation::FieldErrors;
use lode_web::State;
use lode_web::auth::{Caller, MaybeCaller};
use lode_web::error::{AppError, PageResult};
use lode_web::i18n::Lang;
use lode_web::pages::{
    Nav, answer_change, csrf_field, field_errors, first, form_errors, form_pairs, layout,
};
use maud::{Markup, html};

use super::procedure_form;
use lode_web::pages::open_layout as page;

use lode_web::pages::reader_lang as lang;

/// "90 ngày" or "5 ngày làm việc".
pub fn deadline_text(l: Lang, days: u32, unit: DeadlineUnit) -> String {
    let days = serde_json::json!({ "days": days });
    match unit {
        DeadlineUnit::WorkingDays => l.fill("services.working_days_n", &days),
        DeadlineUnit::Days => l.fill("services.days_n", &days),
    }
}

fn level_text(l: Lang, level: ServiceLevel) -> &'static str {
    match level {
        ServiceLevel::Full => l.t("services.level_full"),
        ServiceLevel::Partial => l.t("services.level_partial"),
    }
}

#[derive(Debug, Default, serde::Deserialize)]
pub struct SearchQuery {
    pub q: Option<String>,
}

/// `GET /dich-vu-cong`: the procedures in force, searched.
pub async fn list(
    axum::extract::State(state): State,
    headers: HeaderMap,
    MaybeCaller(caller): MaybeCaller,
    lode_web::pages::PageQuery(q): lode_web::pages::PageQuery<SearchQuery>,
) -> PageResult<Markup> {
    let l = lang(&headers, caller.as_ref());
    let query =
        q.q.as_deref()
            .map(|t| t.chars().take(200).collect::<String>());
    let found = crate::catalogue::catalogue(&state.db, query.as_deref(), lode_db::today()).await?;
    let terms = lode_core::text::search_terms(query.as_deref().unwrap_or(""));
    // none holds every word: those that hold the most, said to be near
    let near = match (&query, found.is_empty()) {
        (Some(q), true) => crate::catalogue::nearest(&state.db, q, lode_db::today()).await?,
        _ => Vec::new(),
    };
    let (shown, nearly) = if found.is_empty() && !near.is_empty() {
        (&near, true)
    } else {
        (&found, false)
    };
    let words = super::Words::for_reader(&state.db, l).await?;
    Ok(page(
        l,
        caller.as_ref(),
        l.t("services.title"),
        html! {
            h1 { (l.t("services.title")) }
            p.hint { (l.t("services.hint")) }
            form.filters method="get" action="/dich-vu-cong" role="search" {
                div.field {
                    label for="q" { (l.t("services.search")) }
                    input id="q" name="q" type="search" value=[query.as_deref()] placeholder=(l.t("services.search_hint"));
                }
                button type="submit" { (l.t("services.search_button")) }
            }
            @if shown.is_empty() {
                p { (l.t("services.none")) }
            } @else {
                @if nearly {
                    p.list-total role="status" { (l.fill("services.nearest", &serde_json::json!({ "count": shown.len() }))) }
                } @else {
                    p.list-total role="status" { (l.fill(if terms.is_empty() { "services.count" } else { "services.found" }, &serde_json::json!({ "count": shown.len() }))) }
                }
                table.list {
                    thead { tr {
                        th { (l.t("services.code")) } th { (l.t("services.name")) }
                        th { (l.t("services.level")) } th { (l.t("services.deadline")) }
                    } }
                    tbody {
                        @for p in shown {
                            tr {
                                td { code { (p.code) } }
                                td data-label=(l.t("services.name")) { a href={ "/dich-vu-cong/" (p.code) } { (lode_web::pages::marked(words.of(&p.name), &terms)) } }
                                td data-label=(l.t("services.level")) { (l.t(if p.level == "full" { "services.level_full" } else { "services.level_partial" })) }
                                td data-label=(l.t("services.deadline")) { (deadline_text(l, p.deadline, DeadlineUnit::parse(&p.deadline_unit).unwrap_or(DeadlineUnit::Days))) }
                            }
                        }
                    }
                }
            }
            p {
                a href="/dich-vu-cong/lich" { (l.t("services.calendar")) } " · "
                // registering is for visitors: a signed-in applicant has an account already
                @if caller.is_none() { a href="/dang-ky" { (l.t("register.link")) } " · " }
                a href="/tra-cuu" { (l.t("track.title")) } " · " a href="/verify" { (l.t("verify.title")) }
            }
        },
    ))
}

/// A bracket of a fee scale as a range in words, from where the one before it ends
/// ("Từ 100 ha đến 50.000 ha", "Trên 50.000 ha", "Dưới 100 ha"); `amount` writes a bound.
fn band(
    l: Lang,
    before: Option<&lode_core::fees::Bracket>,
    b: &lode_core::fees::Bracket,
    amount: &dyn Fn(&str) -> String,
) -> String {
    let said = |key: &str, bound: &str| {
        l.fill(
            &format!("services.band.{key}"),
            &serde_json::json!({ "n": amount(bound) }),
        )
    };
    // where it starts: at the bound the one before stopped short of, or just above it
    let lower = before.and_then(|p| p.max.as_deref().map(|m| (m, p.max_inclusive)));
    let from = lower.map(|(m, inclusive)| said(if inclusive { "above" } else { "from" }, m));
    let to = b.max.as_deref().map(|m| {
        let key = match (b.max_inclusive, from.is_some()) {
            (true, true) => "to",
            (true, false) => "up_to",
            (false, true) => "to_below",
            (false, false) => "below",
        };
        said(key, m)
    });
    let words = [from, to]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    if words.is_empty() {
        return l.t("services.above").to_string();
    }
    lode_core::text::upper_first(&words)
}

/// How the fee is worked out, in words, its figures written as the reader writes them.
fn fee_text(l: Lang, fee: &FeeRule) -> Markup {
    let dong = |amount: i128| {
        format!(
            "{} {}",
            l.amount(i64::try_from(amount).unwrap_or(i64::MAX)),
            l.t("pay.dong")
        )
    };
    // a stored decimal (a bound, a rate) as thousandths
    let decimal = |milli: i128| l.decimal(i64::try_from(milli).unwrap_or(i64::MAX));
    html! {
        @match fee {
            FeeRule::Free => p { (l.t("services.free")) },
            FeeRule::Fixed { amount, label } => p { (label) ": " (dong(i128::from(*amount))) },
            FeeRule::Brackets { label, unit, brackets, .. } => {
                p { (l.t("services.fee_by")) " " (lode_core::text::lower_first(label)) " (" (unit) "):" }
                ul {
                    @for (i, b) in brackets.iter().enumerate() {
                        li {
                            (band(l, brackets.get(i.wrapping_sub(1)).filter(|_| i > 0), b, &|m: &str| format!("{} {unit}", decimal(parse_milli(m).unwrap_or(0))))) ": "
                            (dong(i128::from(b.base)))
                            @if b.rate_bp > 0 {
                                " + " (decimal(i128::from(b.rate_bp) * 10)) "% "
                                (l.t("services.of_part_above")) " "
                                (decimal(b.over.as_deref().and_then(parse_milli).unwrap_or(0))) " " (unit)
                            }
                        }
                    }
                }
            },
            FeeRule::Table { label, choices, .. } => {
                p { (label) ":" }
                ul { @for c in choices { li { (c.label) ": " (dong(parse_milli(&c.value).unwrap_or(0) / 1000)) } } }
            },
            FeeRule::PerItem { items } => {
                ul { @for i in items { li { (i.label) ": " (dong(i128::from(i.price))) } } }
            },
            FeeRule::MiningRight { .. } => p { (l.t("services.mining_right")) },
        }
    }
}

/// `GET /dich-vu-cong/{code}`: a procedure's page.
pub async fn show(
    axum::extract::State(state): State,
    headers: HeaderMap,
    MaybeCaller(caller): MaybeCaller,
    Path(code): Path<String>,
) -> PageResult<Markup> {
    let l = lang(&headers, caller.as_ref());
    let record = crate::catalogue::procedure(&state.db, &code, lode_db::today())
        .await?
        .ok_or(AppError::NotFound)?;
    let p = &super::worded(l, record.procedure.clone());
    let admin = caller
        .as_ref()
        .is_some_and(|c| c.require(lode_core::authz::Action::ManageCatalogue).is_ok());
    Ok(page(
        l,
        caller.as_ref(),
        &p.name,
        html! {
            p.crumbs { a href="/dich-vu-cong" { (l.t("services.title")) } }
            h1 { (p.name) }
            dl.facts {
                dt { (l.t("services.code")) } dd { code { (p.code) } }
                dt { (l.t("services.field")) } dd { (p.field) }
                dt { (l.t("services.level")) } dd { (level_text(l, p.level)) @if p.in_person { " · " (l.t("services.in_person")) } }
                dt { (l.t("services.applicants")) } dd {
                    @for (i, a) in p.applicants.iter().enumerate() {
                        @let name = l.t(match a { Applicant::Business => "services.business", Applicant::Citizen => "services.citizen" });
                        @if i > 0 { "; " (lode_core::text::lower_first(name)) } @else { (name) }
                    }
                }
                dt { (l.t("services.deadline")) } dd { (deadline_text(l, p.deadline, p.deadline_unit)) " " (l.t("services.from_receipt")) }
                dt { (l.t("services.result")) } dd { (p.result) }
                dt { (l.t("services.version")) } dd {
                    (record.version) " · " (l.t("services.in_force_from")) " " (p.effective_from.format("%d/%m/%Y"))
                    // a version saved for a later day, said before it comes
                    @if let Some(next) = record.versions.iter().filter(|v| v.version > record.version).max_by_key(|v| v.version) {
                        br;
                        span.hint { (l.fill("services.next_version", &serde_json::json!({ "version": next.version, "from_day": next.effective_from }))) }
                    }
                }
            }
            // the way to file, where the page opens: a button for whoever may file it, who
            // may for a visitor, why not for an account that may not
            @if let Some(c) = caller.as_ref().filter(|c| !c.actor.is_staff() && !p.in_person) {
                @if Applicant::of_account(c.account.kind).is_some_and(|k| p.applicants.contains(&k)) {
                    form method="post" action="/ho-so" {
                        (csrf_field(c))
                        input type="hidden" name="procedure_code" value=(p.code);
                        button type="submit" { (l.t("apps.file")) }
                    }
                } @else {
                    p.notice.warning role="note" {
                        @let (code, message) = p.not_for_applicant();
                        (l.field_error(code, message))
                    }
                }
            }
            @if caller.is_none() && !p.in_person {
                p {
                    a.button href={ "/login?next=/dich-vu-cong/" (p.code) } { (l.t("apps.file")) }
                    " " a href="/dang-ky" { (l.t("register.link")) }
                }
                @if p.applicants.len() == 1 {
                    p.hint { (l.t(if p.applicants.contains(&Applicant::Business) { "services.only_business" } else { "services.only_citizens" })) }
                }
            }
            h2 { (l.t("services.legal_basis")) }
            ul { @for b in &p.legal_basis { li { (b) } } }
            h2 { (l.t("services.documents")) }
            ol {
                @for d in &p.documents {
                    li {
                        (d.name)
                        @if !d.required { " " span.badge { (l.t("services.optional")) } }
                        @if d.must_sign { " " span.badge { (l.t("services.signed")) } }
                        @if d.template.is_some() {
                            " · " a href={ "/dich-vu-cong/" (p.code) "/mau/" (d.key) } { (l.t("services.download_form")) }
                        }
                    }
                }
            }
            h2 { (l.t("services.fee")) }
            (fee_text(l, &p.fee))
            h2 { (l.t("services.stages")) }
            ol {
                @for s in &p.stages {
                    li {
                        (s.name) " — " (l.t(&format!("services.role_{}", s.role.as_str()))) ", " (deadline_text(l, s.days, s.unit))
                    }
                }
            }
            @if admin {
                p { a.button href={ "/admin/procedures/" (p.code) } { (l.t("services.edit")) } }
            }
        },
    ))
}

/// `GET /dich-vu-cong/{code}/mau/{key}`: the form of a document, as a PDF made from the
/// catalogue (its title, the procedure, the applicant's particulars and the form's fields to
/// fill, the signature block).
pub async fn template(
    axum::extract::State(state): State,
    Path((code, key)): Path<(String, String)>,
) -> PageResult<Response> {
    let record = crate::catalogue::procedure(&state.db, &code, lode_db::today())
        .await?
        .ok_or(AppError::NotFound)?;
    let p = &record.procedure;
    let doc = p
        .documents
        .iter()
        .find(|d| d.key == key && d.template.is_some())
        .ok_or(AppError::NotFound)?;
    let pdf = form_pdf(p, &doc.name).map_err(|e| AppError::Internal(e.into()))?;
    let file = doc
        .template
        .as_deref()
        .unwrap_or("mau.pdf")
        .trim_end_matches(".docx")
        .trim_end_matches(".pdf");
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf".to_string()),
            (
                header::CONTENT_DISPOSITION,
                lode_web::api::content_disposition("attachment", &format!("{file}.pdf")),
            ),
        ],
        pdf,
    )
        .into_response())
}

fn form_pdf(p: &Procedure, title: &str) -> Result<Vec<u8>, lode_print::PdfError> {
    use lode_print::{Block, Document, Orientation, Weight};
    let blank = "……………………………………………………";
    let mut blocks = vec![
        Block::OfficialHeading {
            left: vec![("TÊN TỔ CHỨC, CÁ NHÂN".into(), Weight::Bold)],
            right: vec![
                ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM".into(), Weight::Bold),
                ("Độc lập - Tự do - Hạnh phúc".into(), Weight::Bold),
            ],
        },
        Block::Title(title.to_uppercase()),
        Block::Subtitle(format!("({} — mã thủ tục {})", p.name, p.code)),
        Block::Paragraph("Kính gửi: Cục Địa chất và Khoáng sản Việt Nam".into()),
        Block::Paragraph(format!("Tên tổ chức, cá nhân đề nghị: {blank}")),
        Block::Paragraph(format!("Mã số thuế (số định danh cá nhân): {blank}")),
        Block::Paragraph(format!("Địa chỉ: {blank}")),
        Block::Paragraph(format!("Người đại diện theo pháp luật: {blank}")),
        Block::Paragraph("Điện thoại: ………………… Thư điện tử: …………………".into()),
    ];
    for f in &p.form {
        let line = match &f.kind {
            FieldKind::Number { unit, .. } => format!("{}: ……………… {unit}", f.label),
            FieldKind::Choice { options } => format!(
                "{}: {}",
                f.label,
                options
                    .iter()
                    .map(|(_, label)| format!("☐ {label}"))
                    .collect::<Vec<_>>()
                    .join("  ")
            ),
            _ => format!("{}: {blank}", f.label),
        };
        blocks.push(Block::Paragraph(line));
    }
    blocks.push(Block::Paragraph(
        "Chúng tôi cam kết chịu trách nhiệm trước pháp luật về tính chính xác, trung thực của nội dung hồ sơ.".into(),
    ));
    blocks.push(Block::Signature {
        place_date: "……………, ngày … tháng … năm ……".into(),
        position: "ĐẠI DIỆN TỔ CHỨC, CÁ NHÂN".into(),
        name: "(Ký, ghi rõ họ tên, đóng dấu)".into(),
    });
    lode_print::render(&Document {
        title: title.to_string(),
        author: "lode".into(),
        orientation: Orientation::Portrait,
        blocks,
    })
}

/// `GET /dich-vu-cong/lich`: this year's and next year's days off and make-up days.
pub async fn calendar(
    axum::extract::State(state): State,
    headers: HeaderMap,
    MaybeCaller(caller): MaybeCaller,
) -> PageResult<Markup> {
    use chrono::Datelike;
    let l = lang(&headers, caller.as_ref());
    let year = lode_db::today().year();
    let mut years = Vec::new();
    for y in [year, year + 1] {
        years.push(crate::web::api::catalogue::calendar_year(&state, y).await?);
    }
    let admin = caller
        .as_ref()
        .is_some_and(|c| c.require(lode_core::authz::Action::ManageCatalogue).is_ok());
    Ok(page(
        l,
        caller.as_ref(),
        l.t("services.calendar"),
        html! {
            p.crumbs { a href="/dich-vu-cong" { (l.t("services.title")) } }
            h1 { (l.t("services.calendar")) }
            p.hint { (l.t("services.calendar_hint")) }
            @for y in &years {
                h2 { (y.year) }
                table.list {
                    thead { tr { th { (l.t("services.day")) } th { (l.t("services.kind")) } th { (l.t("services.what")) } } }
                    tbody {
                        @for d in &y.days {
                            tr {
                                td { (lode_web::pages::local_day(&d.day)) }
                                td { (l.t(if d.off { "services.day_off" } else { "services.working_day" })) }
                                td { (holiday_name(l, &d.name)) }
                            }
                        }
                    }
                }
            }
            @if admin {
                p { a.button href="/admin/calendar" { (l.t("services.edit_calendar")) } }
            }
        },
    ))
}

/// A day's name in the reader's language: a statutory one translated, any other as written.
fn holiday_name(l: Lang, name: &str) -> String {
    // the statutory days by the calendar's own names; a swap as its administrator wrote it
    lode_core::calendar::holiday::ALL
        .iter()
        .find(|(_, vi)| *vi == name)
        .and_then(|(key, _)| l.lookup(&format!("holiday.{key}")))
        .map_or_else(|| name.to_string(), str::to_string)
}

/// `GET /admin/procedures/{code}`: the procedure's newest version (in force, or saved for a
/// later day), as the form of its next version. The next version starts tomorrow; one saved
/// for a later day is replaced from its own day.
pub async fn edit(
    axum::extract::State(state): State,
    caller: Caller,
    Path(code): Path<String>,
    axum::extract::Query(q): axum::extract::Query<EditQuery>,
) -> PageResult<Markup> {
    caller.require(lode_core::authz::Action::ManageCatalogue)?;
    let mut record = crate::catalogue::procedure(&state.db, &code, lode_db::today())
        .await?
        .ok_or(AppError::NotFound)?;
    let newest_start = record
        .versions
        .iter()
        .map(|v| v.effective_from.as_str())
        .max()
        .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
    let today = lode_db::today();
    let mut from = today.succ_opt().unwrap_or(today);
    // a version saved already for a later day is what saving replaces, from its own day
    if let Some(later) = newest_start.filter(|d| *d > today)
        && let Some(newest) = crate::catalogue::procedure(&state.db, &code, later).await?
    {
        record = newest;
        from = later;
    }
    let mut next = record.procedure;
    next.effective_from = from;
    let newest = newest_token(&record.versions);
    Ok(edit_page(
        &caller,
        &code,
        &procedure_form::Values::of(&next).drawn_from(newest),
        (&FieldErrors::new(), None),
        &record.versions,
        q.done.as_deref(),
    ))
}

/// The token of a procedure's newest version, which a form drawn from it carries.
fn newest_token(versions: &[crate::catalogue::VersionInfo]) -> String {
    versions
        .iter()
        .max_by_key(|v| v.version)
        .map(|v| crate::catalogue::version_token(v.version, &v.created_at))
        .unwrap_or_default()
}

#[derive(Debug, Default, serde::Deserialize)]
pub struct EditQuery {
    pub done: Option<String>,
}

fn edit_page(
    caller: &Caller,
    code: &str,
    values: &procedure_form::Values,
    (errors, conflict): (&FieldErrors, Option<&str>),
    versions: &[crate::catalogue::VersionInfo],
    done: Option<&str>,
) -> Markup {
    let l = caller.lang;
    // the newest version, while it is not yet in force: what saving replaces
    let today = lode_db::today().to_string();
    let unstarted = versions
        .iter()
        .max_by_key(|v| v.version)
        .filter(|v| v.effective_from > today);
    layout(
        caller,
        l.t("services.edit"),
        Nav::None,
        html! {
            p.crumbs { a href={ "/dich-vu-cong/" (code) } { (values.name_or(code)) } }
            h1 #code { (l.t("services.edit")) " " (code) }
            // what was saved, and from when it applies
            @if let Some(v) = done.filter(|d| *d == "saved").and_then(|_| versions.iter().max_by_key(|v| v.version)) {
                p.notice role="status" { (l.fill("pform.saved", &serde_json::json!({ "version": v.version, "from_day": v.effective_from }))) }
            }
            @if let Some(c) = conflict {
                (lode_web::pages::conflict_alert(l, c))
                // what the other administrator saved, beside what this one typed
                p { a href={ "/admin/procedures/" (code) } target="_blank" rel="noopener" { (l.t("pform.open_saved")) } }
            }
            p.hint { (l.t("services.edit_hint")) }
            @if let Some(v) = unstarted {
                p.notice.warning role="note" { (l.fill("pform.replaces", &serde_json::json!({ "version": v.version, "from_day": v.effective_from }))) }
            }
            (procedure_form::form(l, (csrf_field(caller), code), values, errors, unstarted.map(|v| v.version)))
            h2 { (l.t("services.versions")) }
            table.list.versions {
                thead { tr { th { (l.t("pform.version")) } th { (l.t("pform.effective_from")) } th { (l.t("pform.effective_to")) } } }
                tbody {
                    @for v in versions {
                        tr {
                            td data-label=(l.t("pform.version")) { (v.version) }
                            td data-label=(l.t("pform.effective_from")) { (lode_web::pages::local_day(&v.effective_from)) }
                            td data-label=(l.t("pform.effective_to")) { (v.effective_to.as_deref().map_or_else(|| l.t("pform.open_ended").to_string(), lode_web::pages::local_day)) }
                        }
                    }
                }
            }
        },
    )
}

/// `POST /admin/procedures/{code}`: saves the form as a new version; or, asked for more rows
/// of a list, shows the form again with them, saving nothing.
pub async fn save(
    axum::extract::State(state): State,
    caller: Caller,
    Path(code): Path<String>,
    body: axum::body::Bytes,
) -> PageResult<Response> {
    caller.require(lode_core::authz::Action::ManageCatalogue)?;
    let values = procedure_form::Values::sent(form_pairs(&body));
    let versions = crate::catalogue::procedure(&state.db, &code, lode_db::today())
        .await?
        .ok_or(AppError::NotFound)?
        .versions;
    if values.more_asked() {
        return Ok(edit_page(
            &caller,
            &code,
            &values,
            (&FieldErrors::new(), None),
            &versions,
            None,
        )
        .into_response());
    }
    let result = match values.read(&code) {
        Ok(read) => crate::web::api::catalogue::save_at(
            &state,
            &caller,
            (&code, values.drawn()),
            &read.procedure,
        )
        .await
        .map_err(|e| match e {
            AppError::Invalid(errors) => AppError::Invalid(read.to_boxes(errors)),
            other => other,
        }),
        Err(errors) => Err(AppError::Invalid(errors)),
    };
    let (caller, code, values, versions) = (&caller, &code, &values, &versions);
    answer_change(
        result,
        |_| format!("/admin/procedures/{code}?done=saved"),
        |errors, conflict| async move {
            // refused as drawn before another save, what was typed stays, drawn anew from
            // that save: saving again, knowingly, goes over it
            let values = match conflict {
                Some(_) => values.redrawn_from(newest_token(versions)),
                None => values.clone(),
            };
            Ok(edit_page(
                caller,
                code,
                &values,
                (&errors, conflict.as_deref()),
                versions,
                None,
            ))
        },
    )
    .await
}

/// `GET /admin/calendar`: the administrator's days, and the form to set one.
pub async fn calendar_admin(
    axum::extract::State(state): State,
    caller: Caller,
) -> PageResult<Markup> {
    caller.require(lode_core::authz::Action::ManageCatalogue)?;
    calendar_admin_page(&state, &caller, &FieldErrors::new()).await
}

async fn calendar_admin_page(
    state: &lode_web::AppState,
    caller: &Caller,
    errors: &FieldErrors,
) -> PageResult<Markup> {
    use chrono::Datelike;
    let l = caller.lang;
    let from = lode_db::today()
        .with_day(1)
        .unwrap_or_else(lode_eoffice::incoming::today);
    let days = lode_db::calendar::calendar_days(&state.db, from).await?;
    Ok(layout(
        caller,
        l.t("services.edit_calendar"),
        Nav::None,
        html! {
            p.crumbs { a href="/dich-vu-cong/lich" { (l.t("services.calendar")) } }
            h1 { (l.t("services.edit_calendar")) }
            p.hint { (l.t("services.edit_calendar_hint")) }
            (form_errors(l, errors, &[]))
            form.stack method="post" action="/admin/calendar" {
                (csrf_field(caller))
                div.field { label for="day" { (l.t("services.day")) } input id="day" name="day" type="date" required; (field_errors(l, errors, "day")) }
                div.field {
                    label for="off" { (l.t("services.kind")) }
                    select id="off" name="off" {
                        option value="1" { (l.t("services.day_off")) }
                        option value="0" { (l.t("services.working_day")) }
                        option value="clear" { (l.t("services.back_to_rule")) }
                    }
                }
                div.field { label for="name" { (l.t("services.what")) } input id="name" name="name" maxlength="120"; (field_errors(l, errors, "name")) }
                button type="submit" { (l.t("services.save_day")) }
            }
            table.list {
                thead { tr { th { (l.t("services.day")) } th { (l.t("services.kind")) } th { (l.t("services.what")) } } }
                tbody {
                    @for d in &days {
                        tr { td { (lode_web::pages::local_day(&d.day)) } td { (l.t(if d.off { "services.day_off" } else { "services.working_day" })) } td { (d.name) } }
                    }
                }
            }
        },
    ))
}

/// `POST /admin/calendar`: sets a day, or gives it back to the rule.
pub async fn calendar_set(
    axum::extract::State(state): State,
    caller: Caller,
    body: axum::body::Bytes,
) -> PageResult<Response> {
    caller.require(lode_core::authz::Action::ManageCatalogue)?;
    let p = form_pairs(&body);
    let day = first(&p, "day").and_then(|d| chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok());
    let result = match (day, first(&p, "off").as_deref()) {
        (None, _) => Err(AppError::Invalid(FieldErrors::single(
            "day",
            "invalid_date",
            "choose the day",
        ))),
        (Some(d), Some("clear")) => lode_db::calendar::clear_day(&state.db, &caller.ctx(), d)
            .await
            .map(|_| ())
            .map_err(AppError::from),
        (Some(d), off) => lode_db::calendar::set_day(
            &state.db,
            &caller.ctx(),
            d,
            off != Some("0"),
            &first(&p, "name").unwrap_or_default(),
        )
        .await
        .map_err(AppError::from),
    };
    let (state, caller) = (&state, &caller);
    answer_change(
        result,
        |()| "/admin/calendar".to_string(),
        |errors, _| async move { calendar_admin_page(state, caller, &errors).await },
    )
    .await
}

fn registration_form(
    l: Lang,
    input: &crate::web::api::register::Registration,
    errors: &FieldErrors,
) -> Markup {
    // `required`: asked of everyone (the browser checks it); `starred`: marked for the eye only
    // (a business's own fields, hidden for a citizen, whom they do not concern)
    let field = |name: &str, value: &str, kind: &str, required: bool, starred: bool| {
        let invalid = errors.0.iter().any(|e| e.field == name);
        let hint = (name == "password").then_some("password-hint");
        html! {
            div.field {
                label for=(name) { (l.t(&format!("register.{name}"))) @if required || starred { (lode_web::pages::required_mark()) } }
                input id=(name) name=(name) type=(kind) value=(value) required[required]
                    autocomplete=[match name { "email" => Some("email"), "password" => Some("new-password"), "full_name" => Some("name"), "phone" => Some("tel"), "organisation_name" => Some("organization"), _ => None }]
                    aria-invalid=[invalid.then_some("true")]
                    aria-describedby=[hint];
                @if let Some(h) = hint { p.hint #(h) { (l.t("register.password_hint")) } }
                (field_errors(l, errors, name))
            }
        }
    };
    html! {
        h1 { (l.t("register.title")) }
        p.hint { (l.t("register.hint")) }
        p.hint { (l.t("form.required_hint")) }
        (lode_web::pages::labelled_form_errors(l, errors, &["kind", "email", "full_name", "phone", "password", "organisation_name", "tax_code", "address", "representative", "username"], Some("register")))
        form.stack.registration method="post" action="/dang-ky" {
            fieldset.field {
                legend { (l.t("register.kind")) }
                label.check { input type="radio" name="kind" value="business" checked[input.kind != "citizen"]; " " (l.t("services.business")) }
                label.check { input type="radio" name="kind" value="citizen" checked[input.kind == "citizen"]; " " (l.t("services.citizen")) }
            }
            (field("email", &input.email, "email", true, false))
            @for e in errors.0.iter().filter(|e| e.field == "username") { p.field-error role="alert" { (l.field_error(e.code, &e.message)) } }
            (field("full_name", &input.full_name, "text", true, false))
            (field("phone", input.phone.as_deref().unwrap_or(""), "tel", false, false))
            // what only a business tells: shown while "business" is chosen
            div.stack.for-business {
                (field("organisation_name", input.organisation_name.as_deref().unwrap_or(""), "text", false, true))
                (field("tax_code", input.tax_code.as_deref().unwrap_or(""), "text", false, true))
                (field("representative", input.representative.as_deref().unwrap_or(""), "text", false, false))
            }
            (field("address", input.address.as_deref().unwrap_or(""), "text", false, false))
            (field("password", "", "password", true, false))
            button type="submit" { (l.t("register.submit")) }
        }
    }
}

/// `GET /dang-ky`: the registration form of businesses and citizens.
pub async fn register_form(
    headers: HeaderMap,
    MaybeCaller(caller): MaybeCaller,
) -> PageResult<Markup> {
    let l = lang(&headers, caller.as_ref());
    let input = crate::web::api::register::Registration {
        kind: "business".into(),
        ..Default::default()
    };
    Ok(page(
        l,
        caller.as_ref(),
        l.t("register.title"),
        registration_form(l, &input, &FieldErrors::new()),
    ))
}

/// `POST /dang-ky`: registers, then says to open the mailed link.
pub async fn register(
    axum::extract::State(state): State,
    headers: HeaderMap,
    MaybeCaller(caller): MaybeCaller,
    lode_web::auth::ClientIp(ip): lode_web::auth::ClientIp,
    body: axum::body::Bytes,
) -> PageResult<Response> {
    let l = lang(&headers, caller.as_ref());
    let p = form_pairs(&body);
    let value = |k: &str| first(&p, k).unwrap_or_default();
    let optional = |k: &str| first(&p, k).filter(|v| !v.trim().is_empty());
    let input = crate::web::api::register::Registration {
        kind: value("kind"),
        email: value("email"),
        full_name: value("full_name"),
        phone: optional("phone"),
        password: value("password"),
        organisation_name: optional("organisation_name"),
        tax_code: optional("tax_code"),
        address: optional("address"),
        representative: optional("representative"),
    };
    match crate::web::api::register::register_from(&state, &ip, &input).await {
        Ok(done) => Ok(page(
            l,
            caller.as_ref(),
            l.t("register.title"),
            html! {
                h1 { (l.t("register.done")) }
                p.notice role="status" { (l.t("register.check_mail")) " " strong { (done.email) } }
                // what comes next, and where
                ol {
                    li { (l.t("register.next_open_mail")) }
                    li { (l.t("register.next_sign_in")) }
                    li { (l.t("register.next_no_mail")) }
                }
                p { a.button href="/login" { (l.t("register.sign_in")) } }
            },
        )
        .into_response()),
        Err(AppError::TooManyAttempts) => Ok((
            axum::http::StatusCode::TOO_MANY_REQUESTS,
            page(
                l,
                caller.as_ref(),
                l.t("register.title"),
                html! {
                    h1 { (l.t("register.title")) }
                    div.alert role="alert" { p { (l.t("register.too_many")) } }
                },
            ),
        )
            .into_response()),
        Err(AppError::Invalid(errors)) => Ok((
            axum::http::StatusCode::UNPROCESSABLE_ENTITY,
            page(
                l,
                caller.as_ref(),
                l.t("register.title"),
                registration_form(l, &input, &errors),
            ),
        )
            .into_response()),
        Err(e) => Err(e.into()),
    }
}

/// `GET /dang-ky/xac-nhan/{token}`: the mailed link; confirms the address.
pub async fn confirm(
    axum::extract::State(state): State,
    headers: HeaderMap,
    MaybeCaller(caller): MaybeCaller,
    Path(token): Path<String>,
) -> PageResult<Response> {
    let l = lang(&headers, caller.as_ref());
    match lode_db::accounts::verify_email(&state.db, &crate::web::api::register::anonymous(None), &token).await {
        Ok(account) => Ok(page(
            l,
            caller.as_ref(),
            l.t("register.confirmed"),
            html! {
                h1 { (l.t("register.confirmed")) }
                p { (l.t("register.sign_in_as")) " " strong { (account.username) } }
                p { a.button href="/login" { (l.t("register.sign_in")) } }
            },
        )
        .into_response()),
        Err(lode_db::DbError::Invalid(_)) => Ok((
            axum::http::StatusCode::GONE,
            page(
                l,
                caller.as_ref(),
                l.t("register.title"),
                html! { h1 { (l.t("register.link_invalid")) } p { a href="/dang-ky" { (l.t("register.title")) } } },
            ),
        )
            .into_response()),
        Err(e) => Err(AppError::from(e).into()),
    }
}

#[derive(Debug, Default, serde::Deserialize)]
pub struct TrackForm {
    pub code: Option<String>,
    pub phone: Option<String>,
}

/// `GET /tra-cuu`: anyone follows a dossier with its code and the telephone number given with
/// it (the QR code of the receipt slip opens this page with the code filled in).
pub async fn track(
    axum::extract::State(state): State,
    headers: HeaderMap,
    extensions: axum::http::Extensions,
    MaybeCaller(caller): MaybeCaller,
    lode_web::pages::PageQuery(q): lode_web::pages::PageQuery<TrackForm>,
) -> PageResult<Response> {
    track_answer(&state, &headers, &extensions, caller, q).await
}

/// `POST /tra-cuu`: the page's form, sent so that the telephone number stays out of the
/// address (and so out of the browser's history and the servers' logs).
pub async fn track_posted(
    axum::extract::State(state): State,
    headers: HeaderMap,
    extensions: axum::http::Extensions,
    MaybeCaller(caller): MaybeCaller,
    body: axum::body::Bytes,
) -> PageResult<Response> {
    let p = form_pairs(&body);
    let q = TrackForm {
        code: first(&p, "code"),
        phone: first(&p, "phone"),
    };
    track_answer(&state, &headers, &extensions, caller, q).await
}

async fn track_answer(
    state: &lode_web::AppState,
    headers: &HeaderMap,
    extensions: &axum::http::Extensions,
    caller: Option<lode_web::auth::Caller>,
    q: TrackForm,
) -> PageResult<Response> {
    let l = lang(headers, caller.as_ref());
    let code = q.code.as_deref().map(str::trim).unwrap_or("");
    let phone = q.phone.as_deref().map(str::trim).unwrap_or("");
    let client = lode_web::auth::client_ip(state, headers, extensions);
    let asked = !code.is_empty() && !phone.is_empty();
    // what is typed wrong is told beside its field, both at once
    let mut typed_wrong = lode_core::validation::FieldErrors::new();
    let parsed = if asked {
        let parsed = crate::applications::typed_code(&state.db, code).await?;
        if parsed.is_none() {
            typed_wrong.add("code", "bad_code", "not a dossier code");
        }
        if let Err(e) = lode_db::accounts::parse_phone(Some(phone)) {
            typed_wrong.add("phone", e.code, e.message);
        }
        parsed.filter(|_| typed_wrong.is_empty())
    } else {
        None
    };
    let (status, found, problem) = if !asked {
        (axum::http::StatusCode::OK, None, None)
    } else if crate::web::Portal::of(state).track_limits.blocked(&client) {
        (
            axum::http::StatusCode::TOO_MANY_REQUESTS,
            None,
            Some(l.t("track.throttled")),
        )
    } else {
        match parsed {
            None => (axum::http::StatusCode::UNPROCESSABLE_ENTITY, None, None),
            Some(c) => match crate::applications::track(&state.db, &c, phone).await? {
                Some(t) => (axum::http::StatusCode::OK, Some(t), None),
                None => (
                    axum::http::StatusCode::NOT_FOUND,
                    None,
                    Some(l.t("track.not_found")),
                ),
            },
        }
    };
    if asked && found.is_none() && status != axum::http::StatusCode::TOO_MANY_REQUESTS {
        crate::web::Portal::of(state).track_limits.missed(&client);
    }
    let words = super::Words::for_reader(&state.db, l).await?;
    let body = html! {
        p.crumbs { a href="/dich-vu-cong" { (l.t("services.title")) } }
        h1 { (l.t("track.title")) }
        form.filters method="post" action="/tra-cuu" {
            @if let Some(c) = &caller { (lode_web::pages::csrf_field(c)) }
            div.field.dossier-code {
                label for="code" { (l.t("track.code")) }
                input id="code" name="code" value=(code) required placeholder="000.00.27.G12-261130-0001" size="28"
                    aria-invalid=[typed_wrong.0.iter().any(|e| e.field == "code").then_some("true")]
                    aria-describedby=(lode_web::pages::error_id(&typed_wrong, "code").unwrap_or_else(|| "code-hint".to_string()));
                // the code's shape before a mistake, not only after
                @if typed_wrong.0.iter().all(|e| e.field != "code") { p.hint #code-hint { (l.t("track.code_hint")) } }
                (lode_web::pages::field_errors(l, &typed_wrong, "code"))
            }
            div.field {
                label for="phone" { (l.t("track.phone")) }
                input id="phone" name="phone" type="tel" value=(phone) required
                    aria-invalid=[typed_wrong.0.iter().any(|e| e.field == "phone").then_some("true")] aria-describedby=[lode_web::pages::error_id(&typed_wrong, "phone")];
                (lode_web::pages::field_errors(l, &typed_wrong, "phone"))
            }
            button type="submit" { (l.t("track.button")) }
        }
        @if let Some(p) = problem { div.alert role="alert" { p { (p) } } }
        @if let Some(t) = &found {
            dl.facts {
                dt { (l.t("track.code")) } dd { code { (t.code) } }
                dt { (l.t("services.name")) } dd { (words.of(&t.procedure_name)) }
                dt { (l.t("track.status")) } dd { (l.t(&format!("track.status.{}", t.status))) }
                dt { (l.t("track.received")) } dd { (lode_web::pages::local_day_or_dash(t.received_on.as_deref())) }
                dt { (l.t("track.due")) } dd { (lode_web::pages::local_day_or_dash(t.due_on.as_deref().filter(|_| t.status.promises_a_date()))) }
            }
            ol { @for e in &t.events { li { (lode_web::pages::local_time(&e.at)) " — " (crate::web::event_note(l, e)) } } }
        }
    };
    Ok((status, page(l, caller.as_ref(), l.t("track.title"), body)).into_response())
}

/// `GET /thanh-toan/ket-qua`: the payer's browser back from the gateway with its signed
/// answer; checked and settled like the server-to-server notification (whichever comes first
/// settles the order, the other changes nothing).
pub async fn payment_return(
    axum::extract::State(state): State,
    headers: HeaderMap,
    MaybeCaller(caller): MaybeCaller,
    uri: axum::http::Uri,
) -> PageResult<Response> {
    use crate::payments::Settlement;
    let l = lang(&headers, caller.as_ref());
    let (_, settled) =
        crate::web::api::handling::settle_query(&state, uri.query().unwrap_or("")).await?;
    let (status, words, payment) = match settled {
        Some(Settlement::Paid(p)) => (axum::http::StatusCode::OK, l.t("pay.paid"), Some(p)),
        Some(Settlement::AlreadySettled(p)) if p.status == PaymentStatus::Paid => {
            (axum::http::StatusCode::OK, l.t("pay.paid"), Some(p))
        }
        Some(Settlement::Failed(p)) | Some(Settlement::AlreadySettled(p)) => {
            (axum::http::StatusCode::OK, l.t("pay.failed"), Some(p))
        }
        _ => (
            axum::http::StatusCode::BAD_REQUEST,
            l.t("pay.refused"),
            None,
        ),
    };
    // success looks like success, a failure like one
    let paid = payment
        .as_ref()
        .is_some_and(|p| p.status == PaymentStatus::Paid);
    let facts = match &payment {
        Some(p) => Some(super::handling::payment_facts(&state, l, p).await?),
        None => None,
    };
    let body = html! {
        h1 { (l.t("pay.title")) }
        div class=(if paid { "notice" } else { "alert" }) role="status" id="payment-outcome" { p { (words) } }
        @if let Some(p) = &payment {
            (facts.unwrap_or_default())
            @if let Some(n) = p.receipt() {
                dl.facts {
                    dt { (l.t("pay.receipt_number")) }
                    dd { (n) " · " a href={ "/ho-so/" (p.application_id) "/bien-lai/" (p.id) } { (l.t("handling.receipt")) } }
                }
            }
            p {
                // a payment that failed is tried again where it was begun
                @if !paid { a.button href={ "/ho-so/" (p.application_id) "#payment" } { (l.t("pay.again")) } " " }
                a href={ "/ho-so/" (p.application_id) } { (l.t("pay.back")) }
            }
        }
    };
    Ok((status, page(l, caller.as_ref(), l.t("pay.title"), body)).into_response())
}
