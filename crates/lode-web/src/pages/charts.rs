//! Charts drawn as SVG on the server: no script, readable without JavaScript, printable.
//! Colours are presentation attributes (the Content Security Policy forbids inline styles).

use crate::i18n::Lang;
use maud::{Markup, html};

const WIDTH: i64 = 640;
const BLUE: &str = "#0b5a7a";
const GREEN: &str = "#1e6b3a";
const ORANGE: &str = "#c77700";
const RED: &str = "#a3261b";
const GREY: &str = "#9aa5b1";

fn scale(value: i64, max: i64, span: i64) -> i64 {
    if max <= 0 { 0 } else { value * span / max }
}

/// Two bars per period (e.g. received and completed per week), with a legend.
pub fn paired_bars(title: &str, rows: &[(String, i64, i64)], legend: (&str, &str)) -> Markup {
    let height = 180;
    let max = rows.iter().map(|r| r.1.max(r.2)).max().unwrap_or(0).max(1);
    let n = i64::try_from(rows.len()).unwrap_or(1).max(1);
    let slot = (WIDTH - 40) / n;
    let bar = (slot / 3).max(2);
    html! {
        // focusable: on a phone the chart scrolls sideways, and a keyboard scrolls it too
        figure.chart tabindex="0" {
            figcaption { (title) }
            svg viewBox={ "0 0 " (WIDTH) " " (height + 40) } role="img" aria-label=(title) {
                line x1="30" y1=(height) x2=(WIDTH) y2=(height) stroke=(GREY) {}
                text x="0" y="12" font-size="11" fill="#5b6675" { (max) }
                @for (i, (label, a, b)) in rows.iter().enumerate() {
                    @let x = 34 + i64::try_from(i).unwrap_or(0) * slot;
                    @let (ha, hb) = (scale(*a, max, height - 20), scale(*b, max, height - 20));
                    @let day = super::local_day(label);
                    rect x=(x) y=(height - ha) width=(bar) height=(ha) fill=(BLUE) { title { (day) " · " (legend.0) ": " (a) } }
                    rect x=(x + bar) y=(height - hb) width=(bar) height=(hb) fill=(GREEN) { title { (day) " · " (legend.1) ": " (b) } }
                    // a label every few bars, so that each has room (`dd/mm` takes about 30)
                    @if i % label_every(slot) == 0 {
                        text x=(x) y=(height + 14) font-size="10" fill="#5b6675" { (day.get(..5).unwrap_or(&day)) }
                    }
                }
                rect x="34" y=(height + 24) width="10" height="10" fill=(BLUE) {}
                text x="48" y=(height + 33) font-size="11" { (legend.0) }
                rect x="200" y=(height + 24) width="10" height="10" fill=(GREEN) {}
                text x="214" y=(height + 33) font-size="11" { (legend.1) }
            }
        }
    }
}

/// How many bars apart the labels under them stand, for bars `slot` wide.
fn label_every(slot: i64) -> usize {
    usize::try_from((34 + slot - 1) / slot.max(1))
        .unwrap_or(1)
        .max(1)
}

/// A name cut to what its column holds, marked as cut.
fn shortened(name: &str, room: usize) -> String {
    if name.chars().count() <= room {
        name.to_string()
    } else {
        let kept: String = name.chars().take(room - 1).collect();
        format!("{}…", kept.trim_end())
    }
}

/// One horizontal stacked bar per row: on time, late, overdue.
pub fn stacked_rows(
    title: &str,
    rows: &[(String, i64, i64, i64)],
    legend: (&str, &str, &str),
) -> Markup {
    let row_h = 22;
    let label_w = 230;
    let height = i64::try_from(rows.len()).unwrap_or(0) * row_h + 30;
    let max = rows
        .iter()
        .map(|r| r.1 + r.2 + r.3)
        .max()
        .unwrap_or(0)
        .max(1);
    // room after the longest bar for its total
    let span = WIDTH - label_w - 34;
    html! {
        // focusable: on a phone the chart scrolls sideways, and a keyboard scrolls it too
        figure.chart tabindex="0" {
            figcaption { (title) }
            svg viewBox={ "0 0 " (WIDTH) " " (height) } role="img" aria-label=(title) {
                @for (i, (name, on_time, late, overdue)) in rows.iter().enumerate() {
                    @let y = i64::try_from(i).unwrap_or(0) * row_h;
                    @let (w1, w2, w3) = (scale(*on_time, max, span), scale(*late, max, span), scale(*overdue, max, span));
                    text x="0" y=(y + 15) font-size="11" { title { (name) } (shortened(name, 36)) }
                    rect x=(label_w) y=(y + 4) width=(w1) height="14" fill=(GREEN) { title { (legend.0) ": " (on_time) } }
                    rect x=(label_w + w1) y=(y + 4) width=(w2) height="14" fill=(ORANGE) { title { (legend.1) ": " (late) } }
                    rect x=(label_w + w1 + w2) y=(y + 4) width=(w3) height="14" fill=(RED) { title { (legend.2) ": " (overdue) } }
                    text x=(label_w + w1 + w2 + w3 + 4) y=(y + 15) font-size="10" fill="#5b6675" { (on_time + late + overdue) }
                }
                @let ly = height - 10;
                rect x="0" y=(ly - 9) width="10" height="10" fill=(GREEN) {}
                text x="14" y=(ly) font-size="11" { (legend.0) }
                rect x="150" y=(ly - 9) width="10" height="10" fill=(ORANGE) {}
                text x="164" y=(ly) font-size="11" { (legend.1) }
                rect x="300" y=(ly - 9) width="10" height="10" fill=(RED) {}
                text x="314" y=(ly) font-size="11" { (legend.2) }
            }
        }
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
