//! The archive's rules, without I/O: what a catalogue record holds and how its fields are
//! checked ([`EntryInput::parse`]), the kinds of record ([`RecordKind`]), the access levels
//! ([`Access`]) and who may read what ([`Reader`]), and what search makes of a query
//! ([`Query`]).

use chrono::{Datelike, NaiveDate};
use lode_core::authz::Actor;
use lode_core::people::{Clearance, Role};
use lode_core::text::fold;
use lode_core::validation::{
    FieldError, FieldErrors, bounded_text, invalid, optional_lines, optional_text,
};
use serde::{Deserialize, Serialize};

macro_rules! named {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $text:literal / $label:literal),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($(#[$vdoc])* $variant),* }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),* }
            }

            /// Its Vietnamese name, as a legacy catalogue writes it.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),* }
            }

            /// By its code, or by its Vietnamese name written with or without diacritics.
            pub fn parse(s: &str) -> Result<Self, FieldError> {
                let folded = fold(s.trim());
                Self::ALL
                    .iter()
                    .copied()
                    .find(|v| v.as_str() == s.trim() || fold(v.label()) == folded)
                    .ok_or_else(|| invalid("invalid_choice", format!("{s:?} is not one of the choices")))
            }
        }
    };
}

named!(
    /// What a record is.
    RecordKind {
        /// Báo cáo điều tra cơ bản địa chất.
        SurveyReport = "survey_report" / "Báo cáo điều tra cơ bản địa chất",
        /// Báo cáo thăm dò khoáng sản.
        ExplorationReport = "exploration_report" / "Báo cáo thăm dò khoáng sản",
        /// Bản đồ địa chất.
        GeologicalMap = "geological_map" / "Bản đồ địa chất",
        /// Bản đồ khoáng sản.
        MineralMap = "mineral_map" / "Bản đồ khoáng sản",
        /// Bản vẽ, mặt cắt.
        Drawing = "drawing" / "Bản vẽ, mặt cắt",
        /// Tài liệu khoan (nhật ký, thiết đồ lỗ khoan).
        DrillLog = "drill_log" / "Tài liệu khoan",
        /// Kết quả phân tích mẫu.
        Analysis = "analysis" / "Kết quả phân tích mẫu",
        /// Bộ dữ liệu giao nộp.
        Dataset = "dataset" / "Bộ dữ liệu giao nộp",
    }
);

named!(
    /// Who may read a record. Its catalogue entry is public at every level but the secret one;
    /// its content (pages, text, files) follows the level.
    Access {
        /// Anyone reads it online.
        Public = "public" / "Công khai",
        /// Read through a consultation request (tra cứu): its entry is public.
        Consult = "consult" / "Khai thác theo yêu cầu",
        /// Read only with the archive leader's approval: its entry is public, its text never.
        Restricted = "restricted" / "Hạn chế",
        /// State secret: never online; its entry is for cleared staff only.
        Secret = "secret" / "Mật",
    }
);

/// Who is reading, as the archive's rules need to know: anyone, an applicant, staff, the
/// archive's own staff (who keep the catalogue), with their clearance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reader {
    pub staff: bool,
    pub archivist: bool,
    pub leader: bool,
    pub clearance: Clearance,
}

impl Reader {
    /// Someone not signed in.
    pub const ANYONE: Reader = Reader {
        staff: false,
        archivist: false,
        leader: false,
        clearance: Clearance::None,
    };

    pub fn of(actor: Option<&Actor>) -> Reader {
        match actor {
            None => Reader::ANYONE,
            Some(a) => Reader {
                staff: a.is_staff(),
                archivist: a.has(Role::Archivist),
                leader: a.has(Role::AgencyLeader),
                clearance: if a.is_staff() {
                    a.clearance
                } else {
                    Clearance::None
                },
            },
        }
    }

    /// Keeps the catalogue: adds and edits records, uploads scans, corrects page text.
    pub fn keeps_archive(self) -> bool {
        self.staff && self.archivist
    }

    /// Knows the record exists (its catalogue entry).
    pub fn sees_entry(self, access: Access) -> bool {
        access != Access::Secret || self.cleared_for_secrets()
    }

    /// Reads its content online: pages, text, files. Consultation requests grant more to an
    /// applicant, for a period, record by record.
    pub fn reads_content(self, access: Access) -> bool {
        match access {
            Access::Public => true,
            Access::Consult | Access::Restricted => self.archivist || self.leader,
            Access::Secret => self.cleared_for_secrets(),
        }
    }

    /// State secrets are for the archive's staff and the leaders cleared for them (Mật and
    /// above).
    fn cleared_for_secrets(self) -> bool {
        (self.archivist || self.leader) && self.clearance >= Clearance::Confidential
    }

    /// The access levels whose content this reader's search may match.
    pub fn content_levels(self) -> Vec<Access> {
        Access::ALL
            .iter()
            .copied()
            .filter(|a| self.reads_content(*a))
            .collect()
    }

    /// The access levels whose entries this reader's search may list.
    pub fn entry_levels(self) -> Vec<Access> {
        Access::ALL
            .iter()
            .copied()
            .filter(|a| self.sees_entry(*a))
            .collect()
    }
}

/// A record's extent, in WGS84 degrees: west, south, east, north.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Bbox {
    pub west: f64,
    pub south: f64,
    pub east: f64,
    pub north: f64,
}

impl Bbox {
    /// `west,south,east,north` in degrees, inside the bounds the world allows.
    pub fn parse(text: &str) -> Result<Bbox, FieldError> {
        let parts: Vec<f64> = text
            .split(',')
            .map(|p| p.trim().parse::<f64>())
            .collect::<Result<_, _>>()
            .map_err(|_| {
                invalid(
                    "invalid_bbox",
                    "four numbers: west, south, east, north (degrees)",
                )
            })?;
        let [west, south, east, north] = parts[..] else {
            return Err(invalid(
                "invalid_bbox",
                "four numbers: west, south, east, north (degrees)",
            ));
        };
        let lon = -180.0..=180.0;
        let lat = -90.0..=90.0;
        if !(lon.contains(&west)
            && lon.contains(&east)
            && lat.contains(&south)
            && lat.contains(&north))
        {
            return Err(invalid(
                "out_of_range",
                "longitudes from -180 to 180, latitudes from -90 to 90",
            ));
        }
        if west >= east || south >= north {
            return Err(invalid(
                "empty_bbox",
                "west must be less than east, and south less than north",
            ));
        }
        Ok(Bbox {
            west,
            south,
            east,
            north,
        })
    }

    pub fn intersects(&self, other: &Bbox) -> bool {
        self.west <= other.east
            && other.west <= self.east
            && self.south <= other.north
            && other.south <= self.north
    }

    pub fn to_text(self) -> String {
        format!("{},{},{},{}", self.west, self.south, self.east, self.north)
    }
}

/// A catalogue record as typed: every field as text, checked by [`EntryInput::parse`].
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EntryInput {
    pub archive_number: String,
    pub title: String,
    #[serde(default)]
    pub title_en: Option<String>,
    pub kind: String,
    #[serde(default)]
    pub map_sheet: Option<String>,
    /// The scale's denominator: `50000` for 1:50.000.
    #[serde(default)]
    pub scale: Option<String>,
    /// One author a line (or separated by `;`).
    #[serde(default)]
    pub authors: Option<String>,
    #[serde(default)]
    pub organisation: Option<String>,
    #[serde(default)]
    pub year: Option<String>,
    /// `YYYY-MM-DD`.
    #[serde(default)]
    pub submitted_on: Option<String>,
    #[serde(default)]
    pub r#abstract: Option<String>,
    /// Separated by commas or `;`.
    #[serde(default)]
    pub minerals: Option<String>,
    #[serde(default)]
    pub keywords: Option<String>,
    #[serde(default)]
    pub province: Option<String>,
    #[serde(default)]
    pub commune: Option<String>,
    /// The province's name before the 2025 mergers, when it changed.
    #[serde(default)]
    pub old_province: Option<String>,
    #[serde(default)]
    pub old_commune: Option<String>,
    /// `west,south,east,north` in WGS84 degrees.
    #[serde(default)]
    pub bbox: Option<String>,
    /// The extent as the source wrote it (a polygon, its coordinate system).
    #[serde(default)]
    pub extent: Option<String>,
    /// The licence or project it belongs to.
    #[serde(default)]
    pub related: Option<String>,
    #[serde(default)]
    pub volumes: Option<String>,
    #[serde(default)]
    pub appendices: Option<String>,
    #[serde(default)]
    pub drawings: Option<String>,
    /// Where the paper volumes stand (store, shelf, box).
    #[serde(default)]
    pub shelf: Option<String>,
    pub access: String,
    #[serde(default)]
    pub copy_allowed: Option<bool>,
    #[serde(default)]
    pub lineage: Option<String>,
    #[serde(default)]
    pub remarks: Option<String>,
    /// The version read, for an edit.
    #[serde(default)]
    pub version: Option<i64>,
}

/// A catalogue record, checked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Entry {
    pub archive_number: String,
    pub title: String,
    pub title_en: Option<String>,
    #[schema(value_type = String, example = "exploration_report")]
    pub kind: RecordKind,
    pub map_sheet: Option<String>,
    pub scale: Option<i64>,
    pub authors: Vec<String>,
    pub organisation: Option<String>,
    pub year: Option<i64>,
    pub submitted_on: Option<String>,
    pub r#abstract: Option<String>,
    pub minerals: Vec<String>,
    pub keywords: Vec<String>,
    pub province: Option<String>,
    pub commune: Option<String>,
    pub old_province: Option<String>,
    pub old_commune: Option<String>,
    pub bbox: Option<Bbox>,
    pub extent: Option<String>,
    pub related: Option<String>,
    pub volumes: i64,
    pub appendices: i64,
    pub drawings: i64,
    /// Where the paper volumes stand: for the archive's staff only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shelf: Option<String>,
    #[schema(value_type = String, example = "public")]
    pub access: Access,
    pub copy_allowed: bool,
    pub lineage: Option<String>,
    pub remarks: Option<String>,
}

/// The first year the archive holds documents of.
pub const FIRST_YEAR: i64 = 1880;

fn list(text: Option<&str>, max_items: usize) -> Result<Vec<String>, FieldError> {
    let mut items: Vec<String> = Vec::new();
    for part in text
        .unwrap_or("")
        .split(['\n', ';', ','])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let item = bounded_text(part, 200)?;
        if !items.iter().any(|i| fold(i) == fold(&item)) {
            items.push(item);
        }
    }
    if items.len() > max_items {
        return Err(invalid("too_many", format!("at most {max_items} entries")));
    }
    Ok(items)
}

fn count(text: Option<&str>) -> Result<i64, FieldError> {
    match text.map(str::trim) {
        None | Some("") => Ok(0),
        Some(t) => match t.parse::<i64>() {
            Ok(n) if (0..=100_000).contains(&n) => Ok(n),
            _ => Err(invalid("invalid_number", "a whole number from 0 to 100000")),
        },
    }
}

impl EntryInput {
    /// Checks every field at once; `today` bounds the year and the day submitted.
    pub fn parse(&self, today: NaiveDate) -> Result<Entry, FieldErrors> {
        let mut e = FieldErrors::new();
        let number = e.take("archive_number", parse_archive_number(&self.archive_number));
        let title = e.take("title", bounded_text(&self.title, 500));
        let title_en = e.take("title_en", optional_text(self.title_en.as_deref(), 500));
        let kind = e.take("kind", RecordKind::parse(&self.kind));
        let map_sheet = e.take("map_sheet", optional_text(self.map_sheet.as_deref(), 60));
        let scale = e.take(
            "scale",
            match self
                .scale
                .as_deref()
                .map(|s| s.trim().replace(['.', ' '], ""))
            {
                None => Ok(None),
                Some(s) if s.is_empty() => Ok(None),
                Some(s) => match s.trim_start_matches("1:").parse::<i64>() {
                    Ok(n) if (100..=100_000_000).contains(&n) => Ok(Some(n)),
                    _ => Err(invalid(
                        "invalid_scale",
                        "the scale's denominator, e.g. 50000 for 1:50.000",
                    )),
                },
            },
        );
        let authors = e.take("authors", list(self.authors.as_deref(), 50));
        let organisation = e.take(
            "organisation",
            optional_text(self.organisation.as_deref(), 300),
        );
        let year = e.take(
            "year",
            match self.year.as_deref().map(str::trim) {
                None | Some("") => Ok(None),
                Some(y) => match y.parse::<i64>() {
                    Ok(y) if (FIRST_YEAR..=i64::from(today.year())).contains(&y) => Ok(Some(y)),
                    _ => Err(invalid(
                        "invalid_year",
                        format!("a year from {FIRST_YEAR} to {}", today.year()),
                    )),
                },
            },
        );
        let submitted_on = e.take(
            "submitted_on",
            match self.submitted_on.as_deref().map(str::trim) {
                None | Some("") => Ok(None),
                // as programs write it, or as a Vietnamese spreadsheet does
                Some(d) => match NaiveDate::parse_from_str(d, "%Y-%m-%d")
                    .or_else(|_| NaiveDate::parse_from_str(d, "%d/%m/%Y"))
                {
                    Ok(d) if d <= today && i64::from(d.year()) >= FIRST_YEAR => {
                        Ok(Some(d.to_string()))
                    }
                    _ => Err(invalid(
                        "invalid_date",
                        "a day, YYYY-MM-DD, not after today",
                    )),
                },
            },
        );
        let r#abstract = e.take(
            "abstract",
            optional_lines(self.r#abstract.as_deref(), 20_000),
        );
        let minerals = e.take("minerals", list(self.minerals.as_deref(), 40));
        let keywords = e.take("keywords", list(self.keywords.as_deref(), 60));
        let province = e.take("province", optional_text(self.province.as_deref(), 100));
        let commune = e.take("commune", optional_text(self.commune.as_deref(), 100));
        let old_province = e.take(
            "old_province",
            optional_text(self.old_province.as_deref(), 100),
        );
        let old_commune = e.take(
            "old_commune",
            optional_text(self.old_commune.as_deref(), 100),
        );
        let bbox = e.take(
            "bbox",
            match self.bbox.as_deref().map(str::trim) {
                None | Some("") => Ok(None),
                Some(b) => Bbox::parse(b).map(Some),
            },
        );
        let extent = e.take("extent", optional_lines(self.extent.as_deref(), 20_000));
        let related = e.take("related", optional_text(self.related.as_deref(), 300));
        let volumes = e.take("volumes", count(self.volumes.as_deref()));
        let appendices = e.take("appendices", count(self.appendices.as_deref()));
        let drawings = e.take("drawings", count(self.drawings.as_deref()));
        let shelf = e.take("shelf", optional_text(self.shelf.as_deref(), 200));
        let access = e.take("access", Access::parse(&self.access));
        let lineage = e.take("lineage", optional_lines(self.lineage.as_deref(), 5_000));
        let remarks = e.take("remarks", optional_lines(self.remarks.as_deref(), 5_000));
        let copy_allowed = self.copy_allowed.unwrap_or(false);
        if access == Some(Access::Secret) && copy_allowed {
            e.add(
                "copy_allowed",
                "secret_copy",
                "a state-secret record is never copied through lode",
            );
        }
        e.clone().into_result()?;
        // every field parsed (an error would have answered above): the required ones are there
        let (Some(archive_number), Some(title), Some(kind), Some(access)) =
            (number, title, kind, access)
        else {
            return Err(e);
        };
        Ok(Entry {
            archive_number,
            title,
            title_en: title_en.flatten(),
            kind,
            map_sheet: map_sheet.flatten(),
            scale: scale.flatten(),
            authors: authors.unwrap_or_default(),
            organisation: organisation.flatten(),
            year: year.flatten(),
            submitted_on: submitted_on.flatten(),
            r#abstract: r#abstract.flatten(),
            minerals: minerals.unwrap_or_default(),
            keywords: keywords.unwrap_or_default(),
            province: province.flatten(),
            commune: commune.flatten(),
            old_province: old_province.flatten(),
            old_commune: old_commune.flatten(),
            bbox: bbox.flatten(),
            extent: extent.flatten(),
            related: related.flatten(),
            volumes: volumes.unwrap_or_default(),
            appendices: appendices.unwrap_or_default(),
            drawings: drawings.unwrap_or_default(),
            shelf: shelf.flatten(),
            access,
            copy_allowed,
            lineage: lineage.flatten(),
            remarks: remarks.flatten(),
        })
    }
}

/// An archive number: letters, digits and `.`, `/`, `-`, at most 40 characters
/// (`LT-1997/0123`).
pub fn parse_archive_number(text: &str) -> Result<String, FieldError> {
    let t = bounded_text(text, 40)?;
    if t.chars()
        .all(|c| c.is_alphanumeric() || matches!(c, '.' | '/' | '-' | '_'))
    {
        Ok(t.to_uppercase())
    } else {
        Err(invalid(
            "invalid_archive_number",
            "letters, digits and . / - only",
        ))
    }
}

impl Entry {
    /// What search reads of the entry: every field a person may look for, folded.
    pub fn search_text(&self) -> String {
        let mut parts: Vec<&str> = vec![&self.archive_number, &self.title];
        let optional = [
            &self.title_en,
            &self.map_sheet,
            &self.organisation,
            &self.r#abstract,
            &self.province,
            &self.commune,
            &self.old_province,
            &self.old_commune,
            &self.related,
        ];
        parts.extend(optional.iter().filter_map(|o| o.as_deref()));
        parts.extend(self.authors.iter().map(String::as_str));
        parts.extend(self.minerals.iter().map(String::as_str));
        parts.extend(self.keywords.iter().map(String::as_str));
        fold(&parts.join(" \n "))
    }

    /// The values filters look for, folded and fenced (`|m:vang|p:lao cai|`), so that one
    /// `LIKE` finds a mineral or a province, under its new name or its old one.
    pub fn facets(&self) -> String {
        let mut f = String::from("|");
        for m in &self.minerals {
            f.push_str(&format!("m:{}|", fold(m)));
        }
        for p in [&self.province, &self.old_province].into_iter().flatten() {
            f.push_str(&format!("p:{}|", fold(p)));
        }
        f
    }
}

/// A facet as [`Entry::facets`] fences it.
pub fn facet(prefix: char, value: &str) -> String {
    format!("%|{prefix}:{}|%", fold(value.trim()))
}

/// A search, as typed: words (each must be found, in any order), phrases in double quotes (the
/// words together, in order), all folded; nothing else of the query language reaches the
/// index.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Query {
    pub words: Vec<String>,
    pub phrases: Vec<Vec<String>>,
}

impl Query {
    pub fn parse(text: &str) -> Query {
        let folded = fold(&lode_core::validation::nfc(text));
        let mut q = Query::default();
        for (i, part) in folded.split('"').enumerate() {
            let words: Vec<String> = part
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(str::to_string)
                .collect();
            if i % 2 == 1 && words.len() > 1 {
                if q.phrases.len() < 4 {
                    q.phrases.push(words.into_iter().take(8).collect());
                }
            } else {
                for w in words {
                    if !q.words.contains(&w) && q.words.len() < 8 {
                        q.words.push(w);
                    }
                }
            }
        }
        q
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty() && self.phrases.is_empty()
    }

    /// Every word of the query, phrases' included: what a snippet marks.
    pub fn all_words(&self) -> Vec<String> {
        let mut all = self.words.clone();
        for p in &self.phrases {
            for w in p {
                if !all.contains(w) {
                    all.push(w.clone());
                }
            }
        }
        all
    }

    /// Whether a folded text holds every word and every phrase (its words one after the
    /// other), its words split as the indexes split them (at anything not a letter or digit).
    pub fn holds(&self, folded: &str) -> bool {
        let tokens: Vec<&str> = folded
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        self.words.iter().all(|w| tokens.contains(&w.as_str()))
            && self.phrases.iter().all(|p| {
                !p.is_empty()
                    && tokens
                        .windows(p.len())
                        .any(|win| win.iter().zip(p).all(|(a, b)| *a == b.as_str()))
            })
    }

    /// The query in SQLite FTS5's language: each word and phrase quoted.
    pub fn fts5(&self) -> String {
        let mut parts: Vec<String> = self.words.iter().map(|w| format!("\"{w}\"")).collect();
        parts.extend(self.phrases.iter().map(|p| format!("\"{}\"", p.join(" "))));
        parts.join(" AND ")
    }

    /// The query in PostgreSQL's `to_tsquery('simple', …)` language.
    pub fn tsquery(&self) -> String {
        let mut parts: Vec<String> = self.words.clone();
        parts.extend(
            self.phrases
                .iter()
                .map(|p| format!("({})", p.join(" <-> "))),
        );
        parts.join(" & ")
    }
}

/// A piece of `text` around the first place the query's words stand, at most `width`
/// characters, with the byte ranges (within the piece) to mark.
pub fn snippet(text: &str, words: &[String], width: usize) -> (String, Vec<(usize, usize)>) {
    let found = found_words(text, words);
    let start_byte = found.first().map_or(0, |r| r.0);
    // start a third of the width before the first word, at a character boundary
    let chars_before = text[..start_byte].chars().count();
    let from_char = chars_before.saturating_sub(width / 3);
    let from = text
        .char_indices()
        .nth(from_char)
        .map_or(text.len(), |(i, _)| i);
    let to = text[from..]
        .char_indices()
        .nth(width)
        .map_or(text.len(), |(i, _)| from + i);
    // never cut a word in two: the piece starts after a space and ends before one, unless
    // that would leave the first word found outside it
    let first_end = found.first().map_or(from, |r| r.1);
    let from = if from > 0 && !text[..from].ends_with(char::is_whitespace) {
        text[from..start_byte.max(from)]
            .char_indices()
            .find(|(_, c)| c.is_whitespace())
            .map_or(from, |(i, c)| from + i + c.len_utf8())
    } else {
        from
    };
    let to = if to < text.len() && !text[to..].starts_with(char::is_whitespace) {
        text[first_end.min(to)..to]
            .rfind(char::is_whitespace)
            .map_or(to, |i| first_end.min(to) + i)
    } else {
        to
    };
    let piece = &text[from..to];
    let marks = found
        .into_iter()
        .filter(|r| r.0 >= from && r.1 <= to)
        .map(|r| (r.0 - from, r.1 - from))
        .collect();
    let mut out = String::new();
    if from > 0 {
        out.push('…');
    }
    let shift = out.len();
    out.push_str(piece);
    if to < text.len() {
        out.push('…');
    }
    let marks: Vec<(usize, usize)> = marks_shifted(marks, shift);
    (out, marks)
}

fn marks_shifted(marks: Vec<(usize, usize)>, shift: usize) -> Vec<(usize, usize)> {
    marks
        .into_iter()
        .map(|(a, b)| (a + shift, b + shift))
        .collect()
}

/// Where the words stand in `text`, whole words only, as byte ranges of `text`.
pub fn found_words(text: &str, words: &[String]) -> Vec<(usize, usize)> {
    lode_core::text::found_ranges(text, words)
        .into_iter()
        .filter(|(a, b)| {
            let before = text[..*a].chars().next_back();
            let after = text[*b..].chars().next();
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
        })
        .collect()
}

/// When a visit to the reading room may start: in the morning or the afternoon session, an
/// hour at least before the room closes (at 12:00 and 17:00).
pub const READING_ROOM_HOURS: [(u32, u32, u32, u32); 2] = [(8, 0, 11, 0), (13, 30, 16, 0)];
/// How far ahead a visit to the reading room may be booked, in days.
pub const APPOINTMENT_AHEAD_DAYS: i64 = 90;

/// A visit to the reading room at `raw` (local time, `YYYY-MM-DDTHH:MM` as a browser's
/// date-time field writes it), booked at `now` (local): later than now, within
/// [`APPOINTMENT_AHEAD_DAYS`], on a working day, in the room's hours.
pub fn appointment(
    raw: &str,
    now: chrono::NaiveDateTime,
    working_day: impl Fn(NaiveDate) -> bool,
) -> Result<chrono::NaiveDateTime, FieldError> {
    use chrono::Timelike;
    let bad = |code: &'static str, message: &str| FieldError {
        field: "appointment".into(),
        code,
        message: message.into(),
    };
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(bad("required", "give the day and time of the visit"));
    }
    let at = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]
        .iter()
        .find_map(|f| chrono::NaiveDateTime::parse_from_str(raw, f).ok())
        .ok_or_else(|| bad("invalid_appointment", "a day and a time: YYYY-MM-DDTHH:MM"))?;
    if at <= now {
        return Err(bad("appointment_past", "the visit must be later than now"));
    }
    if at > now + chrono::Duration::days(APPOINTMENT_AHEAD_DAYS) {
        return Err(bad("appointment_too_far", "the visit is too far ahead"));
    }
    if !working_day(at.date()) {
        return Err(bad(
            "appointment_not_working_day",
            "the reading room opens on working days only",
        ));
    }
    let minutes = at.hour() * 60 + at.minute();
    let open = READING_ROOM_HOURS
        .iter()
        .any(|(h1, m1, h2, m2)| (h1 * 60 + m1..=h2 * 60 + m2).contains(&minutes));
    if !open {
        return Err(bad(
            "appointment_outside_hours",
            "the visit must start within the reading room's hours",
        ));
    }
    Ok(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 5).unwrap_or_default()
    }

    fn input() -> EntryInput {
        EntryInput {
            archive_number: "lt-1997/0123".into(),
            title: "Báo cáo thăm dò quặng đồng Sin Quyền".into(),
            kind: "exploration_report".into(),
            scale: Some("1:10.000".into()),
            authors: Some("Nguyễn Văn A; Trần Thị B\nNguyễn Văn A".into()),
            year: Some("1997".into()),
            minerals: Some("Đồng, vàng".into()),
            province: Some("Lào Cai".into()),
            old_province: Some("Yên Bái".into()),
            bbox: Some("103.9,22.5,104.1,22.7".into()),
            access: "restricted".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_record_is_checked_field_by_field() {
        let e = input().parse(today());
        let Ok(e) = e else {
            panic!("{e:?}");
        };
        assert_eq!(e.archive_number, "LT-1997/0123");
        assert_eq!(e.scale, Some(10_000));
        assert_eq!(e.authors, vec!["Nguyễn Văn A", "Trần Thị B"]);
        assert_eq!(e.facets(), "|m:dong|m:vang|p:lao cai|p:yen bai|");
        assert!(e.search_text().contains("sin quyen"));
        let wrong = EntryInput {
            archive_number: "LT 12".into(),
            title: " ".into(),
            kind: "novel".into(),
            year: Some("2099".into()),
            bbox: Some("105,22,104,23".into()),
            access: "secret".into(),
            copy_allowed: Some(true),
            ..Default::default()
        }
        .parse(today());
        let codes: Vec<String> = wrong
            .err()
            .map(|e| {
                e.0.iter()
                    .map(|f| format!("{}:{}", f.field, f.code))
                    .collect()
            })
            .unwrap_or_default();
        for expected in [
            "archive_number:invalid_archive_number",
            "title:required",
            "kind:invalid_choice",
            "year:invalid_year",
            "bbox:empty_bbox",
            "copy_allowed:secret_copy",
        ] {
            assert!(
                codes.iter().any(|c| c == expected),
                "{expected} in {codes:?}"
            );
        }
    }

    #[test]
    fn levels_decide_who_reads_what() {
        let public = Reader::ANYONE;
        assert!(public.sees_entry(Access::Restricted));
        assert!(!public.reads_content(Access::Restricted));
        assert!(!public.sees_entry(Access::Secret));
        assert!(public.reads_content(Access::Public));
        let archivist = Reader {
            staff: true,
            archivist: true,
            leader: false,
            clearance: Clearance::None,
        };
        assert!(archivist.reads_content(Access::Restricted));
        assert!(!archivist.sees_entry(Access::Secret));
        let cleared = Reader {
            clearance: Clearance::Confidential,
            ..archivist
        };
        assert!(cleared.reads_content(Access::Secret));
        assert_eq!(public.content_levels(), vec![Access::Public]);
    }

    #[test]
    fn queries_reach_the_index_as_words_and_phrases_only() {
        let q = Query::parse("Quặng ĐỒNG \"sin quyền\" OR) * \"x\"");
        assert_eq!(q.words, vec!["quang", "dong", "or", "x"]);
        assert_eq!(
            q.phrases,
            vec![vec!["sin".to_string(), "quyen".to_string()]]
        );
        assert_eq!(
            q.fts5(),
            "\"quang\" AND \"dong\" AND \"or\" AND \"x\" AND \"sin quyen\""
        );
        assert_eq!(q.tsquery(), "quang & dong & or & x & (sin <-> quyen)");
        // the same word typed decomposed (NFD) folds the same
        assert_eq!(Query::parse("đô\u{0300}ng").words, vec!["dong"]);
        assert!(Query::parse(" \"\" ").is_empty());
    }

    #[test]
    fn snippets_mark_whole_words_around_the_first_found() {
        let text = "Mở đầu. Khu vực Sin Quyền có quặng đồng. Đồng hồ không phải khoáng sản.";
        let (piece, marks) = snippet(text, &["dong".to_string()], 30);
        let marked: Vec<&str> = marks.iter().map(|(a, b)| &piece[*a..*b]).collect();
        assert!(marked.contains(&"đồng"), "{piece} {marked:?}");
        assert!(piece.starts_with('…'), "{piece}");
        assert!(found_words("đồngnai", &["dong".to_string()]).is_empty());
        // the piece starts and ends with whole words
        let inner = piece.trim_start_matches('…').trim_end_matches('…');
        for word in [
            inner.split_whitespace().next(),
            inner.split_whitespace().last(),
        ] {
            let word = word.unwrap_or_default();
            assert!(
                text.split_whitespace().any(|w| w == word),
                "{word:?} cut in {piece}"
            );
        }
    }

    #[test]
    fn a_visit_is_booked_on_a_working_day_within_the_rooms_hours() {
        let now = NaiveDate::from_ymd_opt(2026, 12, 4)
            .and_then(|d| d.and_hms_opt(10, 0, 0))
            .unwrap_or_default();
        let weekdays = |d: NaiveDate| d.weekday().num_days_from_monday() < 5;
        let code = |raw: &str| appointment(raw, now, weekdays).map_err(|e| e.code);
        assert_eq!(
            code("2026-12-07T09:00").map(|t| t.to_string()),
            Ok("2026-12-07 09:00:00".to_string())
        );
        assert_eq!(code("2026-12-07T16:00").map(|_| ()), Ok(()));
        assert_eq!(code("2026-12-07T16:30"), Err("appointment_outside_hours"));
        assert_eq!(code(""), Err("required"));
        assert_eq!(code("thứ hai"), Err("invalid_appointment"));
        assert_eq!(code("2026-12-04T09:00"), Err("appointment_past"));
        assert_eq!(code("2027-06-01T09:00"), Err("appointment_too_far"));
        assert_eq!(code("2026-12-05T09:00"), Err("appointment_not_working_day"));
        assert_eq!(code("2026-12-07T12:00"), Err("appointment_outside_hours"));
        assert_eq!(code("2026-12-07T07:59"), Err("appointment_outside_hours"));
    }

    #[test]
    fn a_text_holds_the_words_and_the_phrases_in_order() {
        let q = Query::parse("đồng \"Sin Quyền\"");
        assert!(q.holds("mo dong sin quyen, lao cai"));
        assert!(!q.holds("mo dong quyen sin"), "the phrase in its order");
        assert!(!q.holds("dongsin quyen"), "whole words only");
        assert!(!q.holds("sin quyen"), "every word");
    }

    #[test]
    fn kinds_and_levels_are_read_by_their_vietnamese_names_too() {
        assert_eq!(
            RecordKind::parse("Bản đồ địa chất").ok(),
            Some(RecordKind::GeologicalMap)
        );
        assert_eq!(
            RecordKind::parse("ban do dia chat").ok(),
            Some(RecordKind::GeologicalMap)
        );
        assert_eq!(
            RecordKind::parse("geological_map").ok(),
            Some(RecordKind::GeologicalMap)
        );
        assert_eq!(Access::parse("Công khai").ok(), Some(Access::Public));
        assert!(RecordKind::parse("Bản đồ").is_err());
    }
}
