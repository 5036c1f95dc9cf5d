//! Charts drawn on the server: no script, readable without JavaScript, printable. Colours are
//! presentation attributes (the Content Security Policy forbids inline styles). A part of a
//! chart that counts documents opens the list of what it counts.

use crate::i18n::Lang;
use maud::{Markup, html};

const WIDTH: i64 = 640;
/// The length of a whole bar of a row chart, in its drawing's units.
const ROW_SPAN: i64 = 1000;
const BLUE: &str = "#0b5a7a";
const GREEN: &str = "#1e6b3a";
/// Beside the blue of a pair, a green that the eye tells apart from it.
const LIGHT_GREEN: &str = "#2f9e44";
const ORANGE: &str = "#c77700";
const RED: &str = "#a3261b";
const GREY: &str = "#9aa5b1";
// a sequence's shades, each at least 3:1 against the page's white
const SLATE: &str = "#6b7a8a";
const MID_BLUE: &str = "#3a7ca5";

fn scale(value: i64, max: i64, span: i64) -> i64 {
    if max <= 0 { 0 } else { value * span / max }
}

/// One period of a chart of two series (received and completed in a week): its label as read,
/// the two values, and the list behind each.
pub struct PairedColumn {
    pub label: String,
    /// The label under the column where room is short (`07/09`).
    pub short: String,
    pub values: [i64; 2],
    pub hrefs: [Option<String>; 2],
}

/// One row of a chart of three stacked parts (on time, late, overdue), and the list behind it.
pub struct StackedRow {
    pub name: String,
    pub parts: [i64; 3],
    pub href: Option<String>,
}

/// The legend under a chart, in the page's text so that it wraps on a phone.
fn legend(items: &[(&str, &str)]) -> Markup {
    html! {
        ul.chart-legend {
            @for (colour, name) in items {
                li { svg viewBox="0 0 10 10" aria-hidden="true" { rect width="10" height="10" fill=(colour) {} } (name) }
            }
        }
    }
}

/// Two bars per period (received and completed per week), each opening its list. The labels
/// under the bars come twice, for a wide screen and larger and sparser for a phone, where the
/// drawing shrinks to the screen's width; the style sheet shows one set.
pub fn paired_bars(title: &str, columns: &[PairedColumn], names: (&str, &str)) -> Markup {
    let height = 180;
    let max = columns
        .iter()
        .map(|c| c.values[0].max(c.values[1]))
        .max()
        .unwrap_or(0)
        .max(1);
    let n = i64::try_from(columns.len()).unwrap_or(1).max(1);
    let slot = (WIDTH - 40) / n;
    let bar = (slot / 3).max(2);
    let colours = [BLUE, LIGHT_GREEN];
    let series = [names.0, names.1];
    html! {
        figure.chart {
            figcaption { (title) }
            svg.columns viewBox={ "0 0 " (WIDTH) " " (height + 44) } aria-label=(title) {
                line x1="30" y1=(height) x2=(WIDTH) y2=(height) stroke=(GREY) {}
                text.wide x="0" y="12" font-size="11" fill="#5b6675" { (max) }
                text.narrow x="0" y="20" font-size="22" fill="#5b6675" { (max) }
                @for (i, c) in columns.iter().enumerate() {
                    @let x = 34 + i64::try_from(i).unwrap_or(0) * slot;
                    @for k in 0..2 {
                        @let h = scale(c.values[k], max, height - 20);
                        // each bar in the middle of its half of the column, the whole half
                        // answering a click or a tap
                        @let half = x + i64::try_from(k).unwrap_or(0) * (slot / 2);
                        @let bx = half + (slot / 2 - bar) / 2;
                        @let said = format!("{} · {}: {}", c.label, series[k], c.values[k]);
                        @match &c.hrefs[k] {
                            Some(href) => a href=(href) aria-label=(said) {
                                rect.hit x=(half) y="0" width=(slot / 2) height=(height) fill="transparent" {}
                                rect x=(bx) y=(height - h) width=(bar) height=(h) fill=(colours[k]) { title { (said) } }
                            },
                            None => rect x=(bx) y=(height - h) width=(bar) height=(h) fill=(colours[k]) { title { (said) } },
                        }
                    }
                    // a label every few bars, so that each has room (`dd/mm` takes about 30
                    // units, or 60 at the phone's size)
                    @if i % label_every(slot, 34) == 0 && x + 30 <= WIDTH {
                        text.wide x=(x) y=(height + 14) font-size="10" fill="#5b6675" { (c.short) }
                    }
                    @if i % label_every(slot, 68) == 0 && x + 60 <= WIDTH {
                        text.narrow x=(x) y=(height + 26) font-size="20" fill="#5b6675" { (c.short) }
                    }
                }
            }
            (legend(&[(BLUE, names.0), (LIGHT_GREEN, names.1)]))
        }
    }
}

/// How many bars apart the labels under them stand, for bars `slot` wide and labels `room` wide.
fn label_every(slot: i64, room: i64) -> usize {
    usize::try_from((room + slot - 1) / slot.max(1))
        .unwrap_or(1)
        .max(1)
}

/// One horizontal stacked bar per row: on time, late, overdue. Each row is a line of the page,
/// its name whole above its bar on a phone, beside it on a wide screen, and opens its list.
pub fn stacked_rows(title: &str, rows: &[StackedRow], names: (&str, &str, &str)) -> Markup {
    stacked(title, rows, names, [GREEN, ORANGE, RED])
}

/// [`stacked_rows`] whose parts are periods, oldest first: in shades of one colour, not in the
/// green, orange and red that say on time, late and overdue on the same pages.
pub fn stacked_periods(title: &str, rows: &[StackedRow], names: (&str, &str, &str)) -> Markup {
    stacked(title, rows, names, [SLATE, MID_BLUE, BLUE])
}

fn stacked(
    title: &str,
    rows: &[StackedRow],
    names: (&str, &str, &str),
    colours: [&str; 3],
) -> Markup {
    let max = rows
        .iter()
        .map(|r| r.parts.iter().sum::<i64>())
        .max()
        .unwrap_or(0)
        .max(1);
    let series = [names.0, names.1, names.2];
    html! {
        figure.chart {
            figcaption { (title) }
            ul.bars {
                @for r in rows {
                    @let total: i64 = r.parts.iter().sum();
                    @let said = (0..3).map(|k| format!("{}: {}", series[k], r.parts[k])).collect::<Vec<_>>().join(", ");
                    @let inside = html! {
                        span.bar-name { (r.name) }
                        svg.bar viewBox={ "0 0 " (ROW_SPAN) " 10" } preserveAspectRatio="none" role="img" aria-label=(said) {
                            title { (said) }
                            @for (k, (x, w)) in laid_end_to_end(r.parts, max).into_iter().enumerate() {
                                rect x=(x) y="0" width=(w) height="10" fill=(colours[k]) {}
                            }
                        }
                        span.bar-total { (total) }
                    };
                    li { @match &r.href {
                        Some(href) => a.bar-row href=(href) { (inside) },
                        None => div.bar-row { (inside) },
                    } }
                }
            }
            (legend(&[(colours[0], names.0), (colours[1], names.1), (colours[2], names.2)]))
        }
    }
}

/// Where each part of a row starts, and its length.
fn laid_end_to_end(parts: [i64; 3], max: i64) -> [(i64, i64); 3] {
    let mut x = 0;
    parts.map(|v| {
        let w = visible(v, max);
        x += w;
        (x - w, w)
    })
}

/// A part's length in a row: in proportion, and never so thin that a count of one vanishes.
fn visible(value: i64, max: i64) -> i64 {
    match scale(value, max, ROW_SPAN) {
        0 if value > 0 => 4,
        w => w,
    }
}

/// A share as a labelled gauge.
pub fn gauge(l: Lang, label: &str, part: i64, whole: i64) -> Markup {
    html! { div.gauge { (gauge_inside(l, label, part, whole)) } }
}

/// [`gauge`], opening the list of what its part counts.
pub fn gauge_link(l: Lang, label: &str, part: i64, whole: i64, href: &str) -> Markup {
    html! { a.gauge href=(href) { (gauge_inside(l, label, part, whole)) } }
}

fn gauge_inside(l: Lang, label: &str, part: i64, whole: i64) -> Markup {
    let pct = (whole > 0).then(|| (part as f64) * 100.0 / (whole as f64));
    let w = pct.map_or(0, |p| (p * 2.0).round() as i64);
    html! {
        p.gauge-label { (label) }
        p.gauge-value { @match pct { Some(p) => { (l.percent(p)) }, None => "—" } " " span.gauge-count { "(" (l.number(part)) "/" (l.number(whole)) ")" } }
        svg viewBox="0 0 200 12" role="img" aria-label=(label) {
            rect x="0" y="0" width="200" height="12" fill="#e5ecf1" {}
            rect x="0" y="0" width=(w) height="12" fill=(BLUE) {}
        }
    }
}
