//! What an area check found, as its reader sees it: the licences in force, the applications
//! filed earlier (the staff's to see) and the zones the area overlaps, each with the area
//! shared in hectares; shown on the check's page and beside a dossier that asks for an area.

use crate::checks::Findings;
use crate::web::convert::{hectares, kind_name};
use lode_web::i18n::Lang;
use lode_web::pages::local_time;
use maud::{Markup, html};

/// The findings for an area of `area_ha` hectares; `staff` also sees earlier applications.
pub fn view(l: Lang, area_ha: f64, f: &Findings, staff: bool) -> Markup {
    let count = f.licences.len() + f.zones.len() + if staff { f.applications.len() } else { 0 };
    html! {
        @if count == 0 {
            p.notice role="status" { (l.fill("licence.no_overlap", &serde_json::json!({"area": hectares(l, area_ha)}))) }
        } @else {
            p.notice.warning role="status" { (l.fill("licence.overlaps", &serde_json::json!({"area": hectares(l, area_ha), "count": count}))) }
        }
        @if f.banned() {
            div.alert role="alert" { p { (l.t("zone.banned_warning")) } }
        }
        @if !f.licences.is_empty() {
            h3 { (l.t("check.licences")) }
            table.list {
                thead { tr { th { (l.t("licence.number")) } th { (l.t("licence.holder")) } th { (l.t("licence.minerals")) } th.num { (l.t("licence.overlap_ha")) } } }
                tbody {
                    @for o in &f.licences {
                        tr {
                            td data-label=(l.t("licence.number")) { a href={ "/giay-phep/" (o.id) } { (o.number) } }
                            td data-label=(l.t("licence.holder")) { (o.holder) }
                            td data-label=(l.t("licence.minerals")) { (o.minerals.join(", ")) }
                            td.num data-label=(l.t("licence.overlap_ha")) { (hectares(l, o.overlap_ha)) }
                        }
                    }
                }
            }
        }
        @if staff && !f.applications.is_empty() {
            h3 { (l.t("check.applications")) }
            p.hint { (l.t("check.applications_hint")) }
            table.list {
                thead { tr { th { (l.t("check.reference")) } th { (l.t("check.applicant")) } th { (l.t("licence.kind")) } th { (l.t("check.filed_at")) } th.num { (l.t("licence.overlap_ha")) } } }
                tbody {
                    @for a in &f.applications {
                        tr {
                            td data-label=(l.t("check.reference")) { (a.reference) }
                            td data-label=(l.t("check.applicant")) { (a.applicant) }
                            td data-label=(l.t("licence.kind")) { (kind_name(l, a.kind)) }
                            td data-label=(l.t("check.filed_at")) { (local_time(&a.filed_at)) }
                            td.num data-label=(l.t("licence.overlap_ha")) { (hectares(l, a.overlap_ha)) }
                        }
                    }
                }
            }
        }
        @if !f.zones.is_empty() {
            h3 { (l.t("check.zones")) }
            table.list {
                thead { tr { th { (l.t("zone.name")) } th { (l.t("zone.layer")) } th { (l.t("zone.restriction")) } th.num { (l.t("licence.overlap_ha")) } } }
                tbody {
                    @for z in &f.zones {
                        tr {
                            td data-label=(l.t("zone.name")) { (z.name) }
                            td data-label=(l.t("zone.layer")) { (z.layer_name) " " span.hint { (l.fill("zone.version_n", &serde_json::json!({"version": z.layer_version}))) } }
                            td data-label=(l.t("zone.restriction")) { (l.t(&format!("zone.restriction.{}", z.restriction.as_str()))) }
                            td.num data-label=(l.t("licence.overlap_ha")) { (hectares(l, z.overlap_ha)) }
                        }
                    }
                }
            }
        }
    }
}
