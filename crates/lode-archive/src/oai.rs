//! The catalogue for harvesters: OAI-PMH 2.0 (`/oai`) with Dublin Core (`oai_dc`). Every record
//! whose entry is public (all but the state-secret ones) is an item, `oai:{host}:archive/{id}`,
//! dated by its last change; sets are the kinds of record; lists come a hundred at a time with
//! a resumption token.

use crate::catalogue::Record;
use crate::domain::{Access, Reader, RecordKind};
use crate::tools::xml_escape as esc;
use lode_db::{Db, DbResult};

/// Items per answer of a list.
const PAGE: i64 = 100;

/// The repository's own facts.
pub struct Repository<'a> {
    /// The address of the endpoint (`https://lode.example.vn/oai`).
    pub base_url: &'a str,
    /// The identifiers' namespace (`lode.example.vn`).
    pub namespace: &'a str,
    pub name: &'a str,
    pub admin_email: &'a str,
}

/// The answer's envelope around `body`, for `request` (the verb and arguments echoed).
fn envelope(repo: &Repository, args: &[(String, String)], body: &str, with_args: bool) -> String {
    let now = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ");
    let attrs: String = if with_args {
        args.iter()
            .map(|(k, v)| format!(" {}=\"{}\"", esc(k), esc(v)))
            .collect()
    } else {
        String::new()
    };
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <OAI-PMH xmlns=\"http://www.openarchives.org/OAI/2.0/\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
         xsi:schemaLocation=\"http://www.openarchives.org/OAI/2.0/ http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd\">\n\
         <responseDate>{now}</responseDate>\n<request{attrs}>{}</request>\n{body}\n</OAI-PMH>\n",
        esc(repo.base_url)
    )
}

fn error(code: &str, message: &str) -> String {
    format!("<error code=\"{code}\">{}</error>", esc(message))
}

/// An instant as OAI-PMH writes it (seconds, UTC).
fn datestamp(stored: &str) -> String {
    lode_db::parse_instant(stored)
        .map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_else(|| stored.to_string())
}

/// A `from`/`until` argument as a stored instant's bound: a day or a second, UTC.
fn bound(text: &str, end: bool) -> Option<String> {
    if let Ok(d) = chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        let t = if end {
            d.and_hms_micro_opt(23, 59, 59, 999_999)?
        } else {
            d.and_hms_opt(0, 0, 0)?
        };
        return Some(lode_db::format_instant(t.and_utc()));
    }
    chrono::DateTime::parse_from_rfc3339(text)
        .ok()
        .filter(|_| text.ends_with('Z') && text.len() == 20)
        .map(|t| {
            let t = t.with_timezone(&chrono::Utc);
            lode_db::format_instant(if end {
                t + chrono::Duration::microseconds(999_999)
            } else {
                t
            })
        })
}

fn header(repo: &Repository, r: &Record) -> String {
    format!(
        "<header><identifier>oai:{}:archive/{}</identifier><datestamp>{}</datestamp><setSpec>{}</setSpec></header>",
        esc(repo.namespace),
        r.id,
        datestamp(&r.updated_at),
        r.entry.kind.as_str()
    )
}

/// The record in Dublin Core.
fn dublin_core(
    repo: &Repository,
    r: &Record,
    kind_name: &(dyn Fn(RecordKind) -> String + Sync),
) -> String {
    let e = &r.entry;
    let mut dc = String::new();
    let mut put = |tag: &str, value: &str| {
        if !value.trim().is_empty() {
            dc.push_str(&format!("<dc:{tag}>{}</dc:{tag}>", esc(value)));
        }
    };
    put("title", &e.title);
    if let Some(en) = &e.title_en {
        put("title", en);
    }
    for a in &e.authors {
        put("creator", a);
    }
    for s in e.minerals.iter().chain(&e.keywords) {
        put("subject", s);
    }
    if let Some(a) = &e.r#abstract {
        put("description", a);
    }
    if let Some(o) = &e.organisation {
        put("publisher", o);
    }
    if let Some(y) = e.year {
        put("date", &y.to_string());
    }
    put("type", &kind_name(e.kind));
    put("identifier", &e.archive_number);
    put(
        "identifier",
        &format!(
            "{}/luu-tru/{}",
            repo.base_url.trim_end_matches("/oai"),
            r.id
        ),
    );
    for place in [&e.commune, &e.province, &e.old_province]
        .into_iter()
        .flatten()
    {
        put("coverage", place);
    }
    if let Some(b) = e.bbox {
        put(
            "coverage",
            &format!(
                "westlimit={}; southlimit={}; eastlimit={}; northlimit={}",
                b.west, b.south, b.east, b.north
            ),
        );
    }
    if let Some(rel) = &e.related {
        put("relation", rel);
    }
    put("language", "vi");
    put(
        "rights",
        match e.access {
            Access::Public => "public",
            Access::Consult => "on request",
            Access::Restricted => "restricted",
            Access::Secret => "secret",
        },
    );
    format!(
        "<metadata><oai_dc:dc xmlns:oai_dc=\"http://www.openarchives.org/OAI/2.0/oai_dc/\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
         xsi:schemaLocation=\"http://www.openarchives.org/OAI/2.0/oai_dc/ http://www.openarchives.org/OAI/2.0/oai_dc.xsd\">{dc}</oai_dc:dc></metadata>"
    )
}

/// What a list asks for, and how far it got: kept in the resumption token.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
struct Listing {
    from: Option<String>,
    until: Option<String>,
    set: Option<String>,
    offset: i64,
}

impl Listing {
    fn token(&self) -> String {
        serde_json::to_vec(self)
            .map(|j| j.iter().map(|b| format!("{b:02x}")).collect())
            .unwrap_or_default()
    }

    fn from_token(token: &str) -> Option<Listing> {
        if !token.len().is_multiple_of(2) || token.len() > 2000 {
            return None;
        }
        let bytes: Option<Vec<u8>> = (0..token.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(token.get(i..i + 2)?, 16).ok())
            .collect();
        serde_json::from_slice::<Listing>(&bytes?)
            .ok()
            .filter(|l| l.offset >= 0)
    }
}

/// The public levels: what harvesters see the entries of.
fn public_levels() -> Vec<&'static str> {
    Reader::ANYONE
        .entry_levels()
        .into_iter()
        .map(Access::as_str)
        .collect()
}

async fn page_of(db: &Db, l: &Listing) -> DbResult<(Vec<Record>, i64)> {
    let levels = public_levels();
    let mut args: Vec<String> = levels.iter().map(|s| s.to_string()).collect();
    let mut cond = vec![format!(
        "access IN ({})",
        (1..=levels.len())
            .map(|i| format!("${i}"))
            .collect::<Vec<_>>()
            .join(", ")
    )];
    if let Some(f) = &l.from {
        args.push(f.clone());
        cond.push(format!("updated_at >= ${}", args.len()));
    }
    if let Some(u) = &l.until {
        args.push(u.clone());
        cond.push(format!("updated_at <= ${}", args.len()));
    }
    if let Some(s) = &l.set {
        args.push(s.clone());
        cond.push(format!("kind = ${}", args.len()));
    }
    let cond = cond.join(" AND ");
    let count_sql = format!("SELECT COUNT(*) FROM archive_records WHERE {cond}");
    let mut count = sqlx::query_as::<_, (i64,)>(&count_sql);
    for a in &args {
        count = count.bind(a.as_str());
    }
    let (total,) = count.fetch_one(db.pool()).await?;
    let rest = format!("WHERE {cond} ORDER BY id LIMIT {PAGE} OFFSET {}", l.offset);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    Ok((crate::catalogue::select(db, &rest, &args).await?, total))
}

/// Answers an OAI-PMH request (its arguments, from the query or a form) as XML.
pub async fn answer(
    db: &Db,
    repo: &Repository<'_>,
    args: &[(String, String)],
    kind_name: &(dyn Fn(RecordKind) -> String + Sync),
) -> DbResult<String> {
    let get = |k: &str| arg(args, k);
    let repeated = args
        .iter()
        .enumerate()
        .any(|(i, (k, _))| args[..i].iter().any(|(a, _)| a == k));
    let verb = get("verb").unwrap_or("");
    let allowed: &[&str] = match verb {
        "Identify" | "ListSets" => &["verb", "resumptionToken"],
        "ListMetadataFormats" => &["verb", "identifier"],
        "GetRecord" => &["verb", "identifier", "metadataPrefix"],
        "ListIdentifiers" | "ListRecords" => &[
            "verb",
            "from",
            "until",
            "set",
            "metadataPrefix",
            "resumptionToken",
        ],
        _ => {
            return Ok(envelope(
                repo,
                args,
                &error("badVerb", "no such verb"),
                false,
            ));
        }
    };
    if repeated || args.iter().any(|(k, _)| !allowed.contains(&k.as_str())) {
        return Ok(envelope(
            repo,
            args,
            &error("badArgument", "an argument is not allowed or repeated"),
            false,
        ));
    }
    let body = match verb {
        "Identify" => {
            if get("resumptionToken").is_some() {
                error("badArgument", "Identify takes no resumption token")
            } else {
                let (earliest,): (Option<String>,) =
                    sqlx::query_as("SELECT MIN(updated_at) FROM archive_records")
                        .fetch_one(db.pool())
                        .await?;
                format!(
                    "<Identify><repositoryName>{}</repositoryName><baseURL>{}</baseURL>\
                     <protocolVersion>2.0</protocolVersion><adminEmail>{}</adminEmail>\
                     <earliestDatestamp>{}</earliestDatestamp><deletedRecord>no</deletedRecord>\
                     <granularity>YYYY-MM-DDThh:mm:ssZ</granularity></Identify>",
                    esc(repo.name),
                    esc(repo.base_url),
                    esc(repo.admin_email),
                    earliest
                        .map(|e| datestamp(&e))
                        .unwrap_or_else(|| "2000-01-01T00:00:00Z".into())
                )
            }
        }
        "ListMetadataFormats" => {
            if let Some(id) = get("identifier")
                && item(db, repo, id).await?.is_none()
            {
                error("idDoesNotExist", "no such item")
            } else {
                "<ListMetadataFormats><metadataFormat><metadataPrefix>oai_dc</metadataPrefix>\
                 <schema>http://www.openarchives.org/OAI/2.0/oai_dc.xsd</schema>\
                 <metadataNamespace>http://www.openarchives.org/OAI/2.0/oai_dc/</metadataNamespace>\
                 </metadataFormat></ListMetadataFormats>"
                    .to_string()
            }
        }
        "ListSets" => {
            if get("resumptionToken").is_some() {
                error("badResumptionToken", "sets come in one answer")
            } else {
                let sets: String = RecordKind::ALL
                    .iter()
                    .map(|k| {
                        format!(
                            "<set><setSpec>{}</setSpec><setName>{}</setName></set>",
                            k.as_str(),
                            esc(&kind_name(*k))
                        )
                    })
                    .collect();
                format!("<ListSets>{sets}</ListSets>")
            }
        }
        "GetRecord" => match (get("identifier"), get("metadataPrefix")) {
            (Some(id), Some("oai_dc")) => match item(db, repo, id).await? {
                Some(r) => format!(
                    "<GetRecord><record>{}{}</record></GetRecord>",
                    header(repo, &r),
                    dublin_core(repo, &r, kind_name)
                ),
                None => error("idDoesNotExist", "no such item"),
            },
            (Some(_), Some(_)) => error("cannotDisseminateFormat", "only oai_dc"),
            _ => error("badArgument", "identifier and metadataPrefix are required"),
        },
        _ => list(db, repo, verb, args, kind_name).await?,
    };
    Ok(envelope(
        repo,
        args,
        &body,
        !body.starts_with("<error code=\"badVerb\""),
    ))
}

/// The value of argument `key`.
fn arg<'a>(args: &'a [(String, String)], key: &str) -> Option<&'a str> {
    args.iter().find(|(a, _)| a == key).map(|(_, v)| v.as_str())
}

async fn list(
    db: &Db,
    repo: &Repository<'_>,
    verb: &str,
    args: &[(String, String)],
    kind_name: &(dyn Fn(RecordKind) -> String + Sync),
) -> DbResult<String> {
    let get = |k: &str| arg(args, k);
    let listing = match get("resumptionToken") {
        Some(t) => {
            if ["from", "until", "set", "metadataPrefix"]
                .iter()
                .any(|k| get(k).is_some())
            {
                return Ok(error("badArgument", "a resumption token comes alone"));
            }
            match Listing::from_token(t) {
                Some(l) => l,
                None => {
                    return Ok(error(
                        "badResumptionToken",
                        "not a token of this repository",
                    ));
                }
            }
        }
        None => {
            match get("metadataPrefix") {
                Some("oai_dc") => {}
                Some(_) => return Ok(error("cannotDisseminateFormat", "only oai_dc")),
                None => return Ok(error("badArgument", "metadataPrefix is required")),
            }
            let from = get("from");
            let until = get("until");
            let (f, u) = (from.map(|f| bound(f, false)), until.map(|u| bound(u, true)));
            if matches!(f, Some(None)) || matches!(u, Some(None)) {
                return Ok(error(
                    "badArgument",
                    "dates are YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ",
                ));
            }
            if let (Some(a), Some(b)) = (from, until)
                && a.len() != b.len()
            {
                return Ok(error("badArgument", "from and until differ in granularity"));
            }
            let set = get("set").map(str::to_string);
            if let Some(s) = &set
                && RecordKind::parse(s).is_err()
            {
                return Ok(error("noRecordsMatch", "no such set"));
            }
            Listing {
                from: f.flatten(),
                until: u.flatten(),
                set,
                offset: 0,
            }
        }
    };
    let (records, total) = page_of(db, &listing).await?;
    if records.is_empty() {
        return Ok(error("noRecordsMatch", "no item matches"));
    }
    let mut body = String::new();
    for r in &records {
        if verb == "ListIdentifiers" {
            body.push_str(&header(repo, r));
        } else {
            body.push_str(&format!(
                "<record>{}{}</record>",
                header(repo, r),
                dublin_core(repo, r, kind_name)
            ));
        }
    }
    let next = listing.offset + records.len() as i64;
    let token = if next < total {
        Listing {
            offset: next,
            ..listing.clone()
        }
        .token()
    } else {
        String::new()
    };
    body.push_str(&format!(
        "<resumptionToken completeListSize=\"{total}\" cursor=\"{}\">{token}</resumptionToken>",
        listing.offset
    ));
    Ok(format!("<{verb}>{body}</{verb}>"))
}

/// The item an identifier names, if harvesters may see it.
async fn item(db: &Db, repo: &Repository<'_>, identifier: &str) -> DbResult<Option<Record>> {
    let prefix = format!("oai:{}:archive/", repo.namespace);
    let Some(id) = identifier
        .strip_prefix(&prefix)
        .and_then(|n| n.parse::<i64>().ok())
    else {
        return Ok(None);
    };
    match crate::catalogue::visible(db, Reader::ANYONE, id).await {
        Ok(r) => Ok(Some(r)),
        Err(lode_db::DbError::NotFound) => Ok(None),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_come_back_as_they_went() {
        let l = Listing {
            from: Some("2026-01-01T00:00:00.000000Z".into()),
            until: None,
            set: Some("drill_log".into()),
            offset: 200,
        };
        assert_eq!(Listing::from_token(&l.token()), Some(l));
        assert_eq!(Listing::from_token("zz"), None);
        assert_eq!(Listing::from_token("abc"), None);
        assert!(bound("2026-12-05", false).is_some());
        assert!(bound("2026-12-05T10:00:00Z", true).is_some());
        assert!(bound("05/12/2026", false).is_none());
        assert_eq!(esc("a<b & \u{1}c"), "a&lt;b &amp; c");
    }
}
