//! A catalogue record as ISO 19115 metadata in its XML form, ISO 19139 (`gmd:MD_Metadata`):
//! what geoportals and catalogue services take. The mandatory parts (contact, date stamp,
//! citation with its date, abstract, language, topic) are always written; the others as the
//! record has them (authors and organisation, keywords, access, scale, the extent as a box).

use crate::catalogue::Record;
use crate::domain::Access;
use crate::tools::xml_escape as esc;

const CODELISTS: &str = "http://standards.iso.org/iso/19139/resources/gmxCodelists.xml";

fn text(tag: &str, value: &str) -> String {
    format!(
        "<gmd:{tag}><gco:CharacterString>{}</gco:CharacterString></gmd:{tag}>",
        esc(value)
    )
}

fn code(list: &str, value: &str) -> String {
    format!(
        "<gmd:{list} codeList=\"{CODELISTS}#{list}\" codeListValue=\"{value}\">{value}</gmd:{list}>"
    )
}

fn party(individual: Option<&str>, organisation: Option<&str>, role: &str) -> String {
    let mut p = String::from("<gmd:CI_ResponsibleParty>");
    if let Some(i) = individual {
        p.push_str(&text("individualName", i));
    }
    if let Some(o) = organisation {
        p.push_str(&text("organisationName", o));
    }
    p.push_str(&format!(
        "<gmd:role>{}</gmd:role>",
        code("CI_RoleCode", role)
    ));
    p.push_str("</gmd:CI_ResponsibleParty>");
    p
}

/// The record as an ISO 19139 document; `custodian` is the archive keeping it, `url` its page.
pub fn metadata(r: &Record, custodian: &str, url: &str) -> String {
    let e = &r.entry;
    let stamp = lode_db::parse_instant(&r.updated_at)
        .map(|t| t.format("%Y-%m-%dT%H:%M:%S").to_string())
        .unwrap_or_else(|| r.updated_at.clone());
    // the citation's date: the day submitted, else the year completed, else the record's
    let (date, date_type) = match (&e.submitted_on, e.year) {
        (Some(d), _) => (d.clone(), "publication"),
        (None, Some(y)) => (y.to_string(), "creation"),
        (None, None) => (stamp.chars().take(10).collect(), "revision"),
    };
    let mut x = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    x.push_str(
        "<gmd:MD_Metadata xmlns:gmd=\"http://www.isotc211.org/2005/gmd\" \
         xmlns:gco=\"http://www.isotc211.org/2005/gco\" \
         xmlns:gml=\"http://www.opengis.net/gml/3.2\" \
         xmlns:xlink=\"http://www.w3.org/1999/xlink\">",
    );
    x.push_str(&text("fileIdentifier", &e.archive_number));
    x.push_str(&text("language", "vie"));
    x.push_str(&format!(
        "<gmd:characterSet>{}</gmd:characterSet>",
        code("MD_CharacterSetCode", "utf8")
    ));
    x.push_str(&format!(
        "<gmd:hierarchyLevel>{}</gmd:hierarchyLevel>",
        code("MD_ScopeCode", "dataset")
    ));
    x.push_str(&format!(
        "<gmd:contact>{}</gmd:contact>",
        party(None, Some(custodian), "custodian")
    ));
    x.push_str(&format!(
        "<gmd:dateStamp><gco:DateTime>{stamp}</gco:DateTime></gmd:dateStamp>"
    ));
    x.push_str(&text("metadataStandardName", "ISO 19115:2003/19139"));
    x.push_str(&text("metadataStandardVersion", "1.0"));
    x.push_str(&text("dataSetURI", url));
    x.push_str("<gmd:identificationInfo><gmd:MD_DataIdentification>");
    // the citation
    x.push_str("<gmd:citation><gmd:CI_Citation>");
    x.push_str(&text("title", &e.title));
    if let Some(en) = &e.title_en {
        x.push_str(&text("alternateTitle", en));
    }
    x.push_str(&format!(
        "<gmd:date><gmd:CI_Date><gmd:date><gco:Date>{}</gco:Date></gmd:date><gmd:dateType>{}</gmd:dateType></gmd:CI_Date></gmd:date>",
        esc(&date),
        code("CI_DateTypeCode", date_type)
    ));
    x.push_str(&format!(
        "<gmd:identifier><gmd:MD_Identifier>{}</gmd:MD_Identifier></gmd:identifier>",
        text("code", &e.archive_number)
    ));
    for a in &e.authors {
        x.push_str(&format!(
            "<gmd:citedResponsibleParty>{}</gmd:citedResponsibleParty>",
            party(Some(a), None, "author")
        ));
    }
    if let Some(o) = &e.organisation {
        x.push_str(&format!(
            "<gmd:citedResponsibleParty>{}</gmd:citedResponsibleParty>",
            party(None, Some(o), "originator")
        ));
    }
    x.push_str("</gmd:CI_Citation></gmd:citation>");
    x.push_str(&text(
        "abstract",
        e.r#abstract.as_deref().unwrap_or(&e.title),
    ));
    if let Some(l) = &e.lineage {
        x.push_str(&text("purpose", l));
    }
    // keywords: minerals, then the others
    if !e.minerals.is_empty() || !e.keywords.is_empty() {
        x.push_str("<gmd:descriptiveKeywords><gmd:MD_Keywords>");
        for k in e.minerals.iter().chain(&e.keywords) {
            x.push_str(&text("keyword", k));
        }
        x.push_str(&format!(
            "<gmd:type>{}</gmd:type>",
            code("MD_KeywordTypeCode", "theme")
        ));
        x.push_str("</gmd:MD_Keywords></gmd:descriptiveKeywords>");
    }
    let (restriction, words) = match e.access {
        Access::Public => ("otherRestrictions", "Công khai"),
        Access::Consult => (
            "otherRestrictions",
            "Khai thác theo yêu cầu cung cấp thông tin, tài liệu địa chất, khoáng sản",
        ),
        Access::Restricted => ("restricted", "Hạn chế: cần lãnh đạo phê duyệt"),
        Access::Secret => ("restricted", "Mật"),
    };
    x.push_str("<gmd:resourceConstraints><gmd:MD_LegalConstraints>");
    x.push_str(&format!(
        "<gmd:accessConstraints>{}</gmd:accessConstraints>",
        code("MD_RestrictionCode", restriction)
    ));
    if !e.copy_allowed {
        x.push_str(&format!(
            "<gmd:useConstraints>{}</gmd:useConstraints>",
            code("MD_RestrictionCode", "copyright")
        ));
    }
    x.push_str(&text("otherConstraints", words));
    x.push_str("</gmd:MD_LegalConstraints></gmd:resourceConstraints>");
    if let Some(s) = e.scale {
        x.push_str(&format!(
            "<gmd:spatialResolution><gmd:MD_Resolution><gmd:equivalentScale><gmd:MD_RepresentativeFraction><gmd:denominator><gco:Integer>{s}</gco:Integer></gmd:denominator></gmd:MD_RepresentativeFraction></gmd:equivalentScale></gmd:MD_Resolution></gmd:spatialResolution>"
        ));
    }
    x.push_str(&text("language", "vie"));
    x.push_str("<gmd:topicCategory><gmd:MD_TopicCategoryCode>geoscientificInformation</gmd:MD_TopicCategoryCode></gmd:topicCategory>");
    let place: Vec<&str> = [&e.commune, &e.province]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .collect();
    if !place.is_empty() || e.bbox.is_some() {
        x.push_str("<gmd:extent><gmd:EX_Extent>");
        if !place.is_empty() {
            let mut d = place.join(", ");
            if let Some(old) = &e.old_province {
                d.push_str(&format!(" (trước năm 2025: {old})"));
            }
            x.push_str(&text("description", &d));
        }
        if let Some(b) = e.bbox {
            x.push_str(&format!(
                "<gmd:geographicElement><gmd:EX_GeographicBoundingBox>\
                 <gmd:westBoundLongitude><gco:Decimal>{}</gco:Decimal></gmd:westBoundLongitude>\
                 <gmd:eastBoundLongitude><gco:Decimal>{}</gco:Decimal></gmd:eastBoundLongitude>\
                 <gmd:southBoundLatitude><gco:Decimal>{}</gco:Decimal></gmd:southBoundLatitude>\
                 <gmd:northBoundLatitude><gco:Decimal>{}</gco:Decimal></gmd:northBoundLatitude>\
                 </gmd:EX_GeographicBoundingBox></gmd:geographicElement>",
                b.west, b.east, b.south, b.north
            ));
        }
        x.push_str("</gmd:EX_Extent></gmd:extent>");
    }
    if let Some(rel) = &e.related {
        x.push_str(&text("supplementalInformation", rel));
    }
    x.push_str("</gmd:MD_DataIdentification></gmd:identificationInfo>");
    x.push_str("</gmd:MD_Metadata>\n");
    x
}
