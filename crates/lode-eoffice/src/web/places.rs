//! Where a draft that lode did not lay out will show its number and its date. Decree 30
//! (Appendix I) puts the number and notation under the issuing body's name, on the left, and
//! the place and date under the national motto, on the right, usually on one line. A draft
//! uploaded as a PDF prints them there with the number and date left blank
//! (`Số: /ĐCKS-QLKS`, `Hà Nội, ngày   tháng   năm 2026`): lode finds those runs of words on
//! the first page (poppler's `pdftotext -bbox`) and reserves a field over each, which the
//! clerk's numbering fills with an opaque box, so the issued letter reads as one typed
//! whole. Where the draft prints one of them, the other goes on its line, in its column; where
//! it prints neither (a file with no heading of its own), both go on a line of the top margin,
//! the number on the left, the date on the right, so that the issued file still carries them.
//! No box is ever drawn over a word: where the margin holds text too, or poppler cannot read
//! the file, nothing is reserved, since an opaque box would hide what the leader signed.
//!
//! The signer's mark goes where a signature goes on paper: between the signer's title and
//! their name at the letter's end ([`signature_block`]).

use lode_core::text::fold;

/// A box on the first page, in PDF user space (points from the bottom left).
pub type Rect = [f64; 4];

/// The two places, on the first page.
#[derive(Debug, Clone, PartialEq)]
pub struct Places {
    pub number: Rect,
    pub date: Rect,
}

/// One word as poppler reads it: its text and box, from the page's top left.
#[derive(Debug, Clone, PartialEq)]
struct Word {
    text: String,
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
}

/// The first page's size and words, from `pdftotext -bbox` output.
fn words_of(xhtml: &str) -> Option<(f64, f64, Vec<Word>)> {
    let attr = |tag: &str, name: &str| -> Option<f64> {
        let at = tag.find(&format!("{name}=\""))? + name.len() + 2;
        let end = tag[at..].find('"')? + at;
        tag[at..end].parse().ok()
    };
    let page_at = xhtml.find("<page ")?;
    let page_tag = &xhtml[page_at..page_at + xhtml[page_at..].find('>')?];
    let (width, height) = (attr(page_tag, "width")?, attr(page_tag, "height")?);
    let page_end = xhtml[page_at..]
        .find("</page>")
        .map_or(xhtml.len(), |e| e + page_at);
    let mut words = Vec::new();
    let mut rest = &xhtml[page_at..page_end];
    while let Some(at) = rest.find("<word ") {
        rest = &rest[at..];
        let Some(tag_end) = rest.find('>') else { break };
        let tag = &rest[..tag_end];
        let Some(close) = rest.find("</word>") else {
            break;
        };
        let text = rest[tag_end + 1..close]
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&apos;", "'")
            .replace("&amp;", "&");
        if let (Some(x0), Some(y0), Some(x1), Some(y1)) = (
            attr(tag, "xMin"),
            attr(tag, "yMin"),
            attr(tag, "xMax"),
            attr(tag, "yMax"),
        ) {
            words.push(Word {
                text,
                x0,
                y0,
                x1,
                y1,
            });
        }
        rest = &rest[close..];
    }
    Some((width, height, words))
}

/// Runs of words on one line closer than this (points) belong together: the blanks a draft
/// leaves for the day and month are wide, the space between the two columns wider.
const RUN_GAP: f64 = 40.0;

/// The words of the line `w` stands on, split into runs: the run holding `w`, left to right.
fn run_of<'a>(words: &'a [Word], w: &'a Word) -> Vec<&'a Word> {
    let mut line: Vec<&Word> = words
        .iter()
        .filter(|o| (o.y0 - w.y0).abs() < 2.0 && (o.y1 - w.y1).abs() < 3.0)
        .collect();
    line.sort_by(|a, b| a.x0.total_cmp(&b.x0));
    let mut runs: Vec<Vec<&Word>> = Vec::new();
    for o in line {
        match runs.last_mut() {
            Some(run) if run.last().is_some_and(|p| o.x0 - p.x1 < RUN_GAP) => run.push(o),
            _ => runs.push(vec![o]),
        }
    }
    runs.into_iter()
        .find(|r| r.contains(&w))
        .unwrap_or_else(|| vec![w])
}

/// The box of a run of words, from the page's top left.
fn box_of(run: &[&Word]) -> (f64, f64, f64, f64) {
    run.iter().fold(
        (f64::MAX, f64::MAX, f64::MIN, f64::MIN),
        |(a, b, c, d), o| (a.min(o.x0), b.min(o.y0), c.max(o.x1), d.max(o.y1)),
    )
}

/// Whether a run is the heading's blank date: a place of a few words, then `ngày` with its day
/// left blank (the next word is no number), `tháng` in it too, and little after. A sentence that
/// cites a day (`… số 274 ngày 06 tháng 12 năm 2026 của …`) is none.
fn is_blank_date(run: &[&Word]) -> bool {
    let folded: Vec<String> = run.iter().map(|w| fold(&w.text)).collect();
    let Some(day) = folded.iter().position(|f| f == "ngay") else {
        return false;
    };
    let blank_day = folded
        .get(day + 1)
        .is_none_or(|next| !next.chars().next().is_some_and(|c| c.is_ascii_digit()));
    // the year's word after the month's (a place may be named Nam Định)
    let Some(month) = folded.iter().skip(day).position(|f| f == "thang") else {
        return false;
    };
    let after_year = folded
        .iter()
        .skip(day + month)
        .position(|f| f == "nam")
        .map_or(0, |year| folded.len() - (day + month + year) - 1);
    // `Thành phố Hồ Chí Minh, ngày …`: a place of up to six words
    day <= 6 && blank_day && after_year <= 1
}

/// The most words read from the first page: a letter's page holds a few hundred; past this the
/// page is not a letter's and nothing is reserved.
const MAX_WORDS: usize = 5_000;

/// The line of the top margin (points from the page's top) that takes the number and the date of
/// a file printing neither: inside the 20 mm Decree 30 leaves above the text.
const MARGIN_LINE: (f64, f64) = (18.0, 31.0);

/// The fewest words a page prints for its top margin to be read as clear: fewer, and the page
/// is a scan or a drawing whose marks poppler does not see as words.
const MARGIN_MIN_WORDS: usize = 20;

/// How far a place reaches above and below its words (points), where the lines around leave
/// the room.
const PAD: f64 = 1.5;

/// The tallest line the number or the date is read on (points): a run taller than a line of
/// heading text is not one.
const MAX_LINE: f64 = 24.0;

/// The places on a page of `width` × `height` whose words are `words`: over the runs that
/// print the number and the date, each widened to take a number longer than the blank (kept
/// off the other run and the page's edges); the one not printed on the other's line, in its
/// column; neither printed, or the places printed not clear of the page's words, a line of the
/// top margin. `None` when no place can be a box clear of the page's words.
fn places_from(width: f64, height: f64, words: &[Word]) -> Option<Places> {
    if words.len() > MAX_WORDS {
        return None;
    }
    let line_high = |r: &(f64, f64, f64, f64)| r.3 - r.1 <= MAX_LINE;
    // only the heading: the top 45% of the page
    let heading = |w: &&Word| w.y1 < height * 0.45;
    let folded = |w: &Word| fold(&w.text);
    // `Số:` as Decree 30 writes it, opening its run (a sentence's "số" is no heading's)
    let number_run = words
        .iter()
        .filter(heading)
        .filter(|w| {
            let f = folded(w);
            f == "so:" || (f.starts_with("so:") && f.contains('/'))
        })
        .take(20)
        .map(|w| run_of(words, w))
        .find(|run| {
            run.first()
                .is_some_and(|first| fold(&first.text).starts_with("so:"))
                && line_high(&box_of(run))
        });
    let date_run = words
        .iter()
        .filter(heading)
        .filter(|w| folded(w) == "ngay")
        .take(20)
        .map(|w| run_of(words, w))
        .filter(|run| line_high(&box_of(run)))
        .find(|run| is_blank_date(run));
    // where the heading's own places cannot be boxes clear of its words, the top margin's
    // line, where it is clear: the issued file carries its number and date either way
    placed(
        (width, height),
        words,
        (number_run.as_ref(), date_run.as_ref()),
    )
    .or_else(|| {
        (number_run.is_some() || date_run.is_some())
            .then(|| placed((width, height), words, (None, None)))
            .flatten()
    })
}

/// The places over the runs printing the number and the date (see [`places_from`]), or
/// neither given, on the top margin's line.
fn placed(
    (width, height): (f64, f64),
    words: &[Word],
    (number_run, date_run): (Option<&Vec<&Word>>, Option<&Vec<&Word>>),
) -> Option<Places> {
    let number = number_run.map(|r| box_of(r));
    let date = date_run.map(|r| box_of(r));
    // the line the draft printed one of them on; what was not found goes there, in its column
    // (neither printed: a line of the top margin, above anything a page prints)
    let (line_top, line_bottom) = match (number, date) {
        (Some(r), _) | (None, Some(r)) => (r.1, r.3),
        // (a page of few words is a scan or a drawing, whose margin lode cannot read: none)
        (None, None) if words.len() >= MARGIN_MIN_WORDS => (MARGIN_LINE.0, MARGIN_LINE.1),
        (None, None) => return None,
    };
    let number = number.unwrap_or_else(|| {
        let right = date.map_or(width * 0.42, |d| (d.0 - 20.0).min(width * 0.42));
        (
            width * 0.1,
            line_top,
            right.max(width * 0.1 + 60.0),
            line_bottom,
        )
    });
    let date = date.unwrap_or_else(|| {
        let left = (number.2 + 20.0).max(width * 0.52);
        (
            left.min(width * 0.92 - 120.0),
            line_top,
            width * 0.92,
            line_bottom,
        )
    });
    let widen = |r: (f64, f64, f64, f64), left_limit: f64, right_limit: f64, room: f64| {
        let extra = ((room - (r.2 - r.0)) / 2.0).max(12.0);
        let (x0, x1) = (
            (r.0 - extra).max(left_limit),
            (r.2 + extra).min(right_limit),
        );
        // a little taller than the words, short of the lines above and below: a browser or a
        // word processor sets lines so close that their boxes all but touch
        let (mut above, mut below) = (PAD, PAD);
        for w in words.iter().filter(|w| w.x0 < x1 && w.x1 > x0) {
            if w.y1 <= r.1 + 0.5 {
                above = above.min(r.1 - w.y1 - 0.5);
            } else if w.y0 >= r.3 - 0.5 {
                below = below.min(w.y0 - r.3 - 0.5);
            }
        }
        // PDF space: from the bottom
        [
            x0,
            height - r.3 - below.max(0.0),
            x1,
            height - r.1 + above.max(0.0),
        ]
    };
    let (number_right, date_left) = if (number.1 - date.1).abs() < 2.0 {
        let between = (number.2 + date.0) / 2.0;
        (between - 2.0, between + 2.0)
    } else {
        (width - 10.0, 10.0)
    };
    let places = Places {
        number: widen(number, 10.0, number_right.min(width - 10.0), 150.0),
        date: widen(date, date_left.max(10.0), width - 10.0, 230.0),
    };
    // boxes wide and tall enough for a line, apart from each other (a number printed right of
    // the date makes none)
    let sound = |r: &Rect| r[2] - r[0] >= 40.0 && r[3] - r[1] >= 8.0;
    let apart = places.number[2] <= places.date[0]
        || places.number[1] + 2.0 >= places.date[3]
        || places.date[1] + 2.0 >= places.number[3];
    // a box covers nothing but its own blank's words: what the leader signed stays in sight
    let covers_other = |r: &Rect, own: Option<&Vec<&Word>>| {
        let (top, bottom) = (height - r[3], height - r[1]);
        words.iter().any(|w| {
            let overlaps =
                w.x0 < r[2] - 0.5 && w.x1 > r[0] + 0.5 && w.y0 < bottom - 0.5 && w.y1 > top + 0.5;
            overlaps && !own.is_some_and(|run| run.iter().any(|o| std::ptr::eq(*o, w)))
        })
    };
    let clear = !covers_other(&places.number, number_run) && !covers_other(&places.date, date_run);
    (sound(&places.number) && sound(&places.date) && apart && clear).then_some(places)
}

/// The places in `pdf`, read from its first page's words, on a page of `page` (its box);
/// `None` where poppler is missing or cannot read the file, the page is turned or cropped, or
/// no place is clear.
pub async fn find(pdf: &[u8], page: Rect) -> Option<Places> {
    let read = page_words(pdf, 1).await?;
    // parsing is work for a blocking thread, not for the one serving requests
    // poppler reads the page as shown (rotated, cropped); lode's boxes live in the page's own
    // space: where the two differ, the boxes could not be trusted to land where they were read
    let size = (page[2] - page[0], page[3] - page[1]);
    let found = tokio::task::spawn_blocking(move || {
        words_of(&read)
            .filter(|(w, h, _)| (w - size.0).abs() < 1.0 && (h - size.1).abs() < 1.0)
            .and_then(|(w, h, words)| places_from(w, h, &words))
    })
    .await
    .ok()??;
    // poppler's page is the crop box from its corner; lode's fields live in the page's space
    let shift = |r: Rect| {
        [
            r[0] + page[0],
            r[1] + page[1],
            r[2] + page[0],
            r[3] + page[1],
        ]
    };
    Some(Places {
        number: shift(found.number),
        date: shift(found.date),
    })
}

/// The place of the signer's mark at a draft's signature block, on the page `index` (0 for
/// the first; the block is on the last) of box `page`: between the signer's title and their
/// name as the draft prints them (`CỤC TRƯỞNG`, then, lower, `Trần Văn Hùng`), where a signature
/// goes on paper. `None` where the name is not printed there, or the room between is too small
/// to sign in without covering a word.
pub async fn signature_block(pdf: &[u8], index: usize, page: Rect, name: &str) -> Option<Rect> {
    let read = page_words(pdf, index + 1).await?;
    let size = (page[2] - page[0], page[3] - page[1]);
    let name = name.to_string();
    let found = tokio::task::spawn_blocking(move || {
        words_of(&read)
            .filter(|(w, h, _)| (w - size.0).abs() < 1.0 && (h - size.1).abs() < 1.0)
            .and_then(|(w, h, words)| block_from(w, h, &words, &name))
    })
    .await
    .ok()??;
    Some([
        found[0] + page[0],
        found[1] + page[1],
        found[2] + page[0],
        found[3] + page[1],
    ])
}

/// The widest and the tallest a signer's mark is drawn (points: 75 by 30 mm), and the least
/// room it needs between the title and the name (12 mm).
const MARK_SIZE: (f64, f64) = (212.6, 85.0);
const MARK_LEAST_HEIGHT: f64 = 34.0;

/// [`signature_block`] read from a page's words: the lowest run of words that prints `name`
/// (folded, word by word, on one line), the nearest line above it over its column, and the box
/// between, centred over the name, in PDF space.
fn block_from(width: f64, height: f64, words: &[Word], name: &str) -> Option<Rect> {
    if words.len() > MAX_WORDS {
        return None;
    }
    let wanted: Vec<String> = name.split_whitespace().map(fold).collect();
    if wanted.is_empty() {
        return None;
    }
    // the name as a run of words on one line, the lowest on the page (the block ends a letter)
    let name_run = words
        .iter()
        .enumerate()
        .filter(|(_, w)| fold(&w.text) == wanted[0])
        .filter_map(|(i, first)| {
            let run: Vec<&Word> = words
                .get(i..i + wanted.len())?
                .iter()
                .take_while(|w| (w.y0 - first.y0).abs() < 2.0)
                .collect();
            let same = run.len() == wanted.len()
                && run
                    .iter()
                    .zip(&wanted)
                    .all(|(w, f)| fold(w.text.trim_end_matches([',', '.'])) == *f);
            same.then_some(run)
        })
        .max_by(|a, b| a[0].y0.total_cmp(&b[0].y0))?;
    let named = box_of(&name_run);
    let centre = (named.0 + named.2) / 2.0;
    let (w, least) = (MARK_SIZE.0, MARK_LEAST_HEIGHT);
    let (x0, x1) = (
        (centre - w / 2.0).max(10.0),
        (centre + w / 2.0).min(width - 10.0),
    );
    // the line above the name, over the mark's width: the signer's title
    let title_bottom = words
        .iter()
        .filter(|o| o.y1 <= named.1 + 0.5 && o.x0 < x1 && o.x1 > x0)
        .map(|o| o.y1)
        .fold(f64::MIN, f64::max);
    if title_bottom == f64::MIN {
        return None;
    }
    let room = named.1 - title_bottom - 4.0;
    if room < least {
        return None;
    }
    // just above the name, no taller than a mark
    let bottom = named.1 - 2.0;
    let top = bottom - room.min(MARK_SIZE.1);
    // nothing else printed in it (a word beside the name's column, a page number)
    let covers = words
        .iter()
        .any(|o| o.x0 < x1 - 0.5 && o.x1 > x0 + 0.5 && o.y0 < bottom - 0.5 && o.y1 > top + 0.5);
    (!covers && x1 - x0 >= 100.0).then_some([x0, height - bottom, x1, height - top])
}

/// The most poppler may write about one page (bytes): a letter's words take a few tens of
/// kilobytes.
const MAX_OUTPUT: u64 = 4 * 1024 * 1024;

/// Poppler's words of the page `number` (1 for the first), as `pdftotext -bbox` writes them.
async fn page_words(pdf: &[u8], number: usize) -> Option<String> {
    let number = number.to_string();
    use tokio::io::AsyncWriteExt;
    let mut child = tokio::process::Command::new("pdftotext")
        .args(["-q", "-bbox", "-f", &number, "-l", &number, "-", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .ok()?;
    use tokio::io::AsyncReadExt;
    let mut stdin = child.stdin.take()?;
    let stdout = child.stdout.take()?;
    let data = pdf.to_vec();
    let writer = tokio::spawn(async move {
        let _ = stdin.write_all(&data).await;
    });
    // what poppler writes, up to the limit: past it the page is not a letter's
    let read = async {
        let mut out = Vec::new();
        stdout
            .take(MAX_OUTPUT + 1)
            .read_to_end(&mut out)
            .await
            .ok()?;
        let status = child.wait().await.ok()?;
        Some((status, out))
    };
    let (status, out) = tokio::time::timeout(std::time::Duration::from_secs(20), read)
        .await
        .ok()??;
    let _ = writer.await;
    (status.success() && (out.len() as u64) <= MAX_OUTPUT)
        .then(|| String::from_utf8(out).ok())
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(text: &str, x0: f64, y0: f64, x1: f64) -> String {
        format!(
            r#"<word xMin="{x0}" yMin="{y0}" xMax="{x1}" yMax="{}">{text}</word>"#,
            y0 + 12.0
        )
    }

    /// Words set on one line from `x` at height `y`, each as wide as its letters, `gap` apart.
    fn line(texts: &[&str], x: f64, y: f64, gap: f64) -> Vec<String> {
        let mut at = x;
        let mut out = Vec::new();
        for t in texts {
            let width = 6.0 * t.chars().count() as f64;
            out.push(word(t, at, y, at + width));
            at += width + gap;
        }
        out
    }

    fn page(words: &[String]) -> String {
        format!(
            "<doc>\n<page width=\"595\" height=\"842\">\n{}\n</page>\n</doc>",
            words.join("\n")
        )
    }

    #[test]
    fn the_blank_number_and_date_of_the_heading_are_found() {
        let xhtml = page(&[
            word("BỘ", 60.0, 52.0, 78.0),
            word("CỘNG", 345.0, 52.0, 384.0),
            word("Số:", 70.0, 100.0, 90.0),
            word("/ĐCKS-QLKS", 94.0, 100.0, 170.0),
            word("Hà", 330.0, 100.0, 346.0),
            word("Nội,", 350.0, 100.0, 372.0),
            word("ngày", 376.0, 100.0, 404.0),
            word("tháng", 430.0, 100.0, 462.0),
            word("năm", 490.0, 100.0, 514.0),
            word("2026", 518.0, 100.0, 546.0),
            // a date in the text below is not the heading's
            word("ngày", 60.0, 600.0, 88.0),
        ]);
        let (w, h, words) = words_of(&xhtml).expect("read");
        assert_eq!((w, h, words.len()), (595.0, 842.0, 11));
        let p = places_from(w, h, &words).expect("found");
        // over the number's run, widened, kept left of the date
        assert!(p.number[0] < 70.0 && p.number[2] > 170.0, "{p:?}");
        assert!(p.number[2] < 330.0, "{p:?}");
        // over the whole of the place and date
        assert!(
            p.date[0] < 330.0 && p.date[2] > 546.0 && p.date[2] <= 585.0,
            "{p:?}"
        );
        assert!(p.number[2] <= p.date[0], "{p:?}");
        // on the line, in PDF space
        for r in [p.number, p.date] {
            assert!(r[1] < 842.0 - 112.0 && r[3] > 842.0 - 100.0, "{r:?}");
        }
    }

    /// A heading printed by a browser: the number a line below the date, its columns' lines
    /// set so close that the box of one all but touches the next (as Chromium prints an HTML
    /// letter to PDF).
    #[test]
    fn places_fit_between_lines_set_close() {
        let at = |text: &str, x0: f64, y0: f64, x1: f64, y1: f64| {
            format!(r#"<word xMin="{x0}" yMin="{y0}" xMax="{x1}" yMax="{y1}">{text}</word>"#)
        };
        let xhtml = format!(
            "<doc>\n<page width=\"612\" height=\"792\">\n{}\n</page>\n</doc>",
            [
                at("NAM", 142.4, 64.3, 171.1, 77.6),
                at("Độc", 330.0, 64.3, 352.0, 77.6),
                at("lập", 355.0, 64.3, 372.0, 77.6),
                at("Số:", 111.7, 92.06, 129.1, 105.35),
                at("/ĐCKS-KS", 147.1, 92.06, 201.8, 105.35),
                at("V/v", 56.9, 106.31, 74.9, 119.6),
                at("trả", 77.9, 106.31, 92.6, 119.6),
                at("lời", 95.6, 106.31, 109.6, 119.6),
                at("Hà", 343.0, 78.56, 357.6, 91.85),
                at("Nội,", 360.6, 78.56, 382.2, 91.85),
                at("ngày", 385.2, 78.56, 408.5, 91.85),
                at("tháng", 423.5, 78.56, 450.9, 91.85),
                at("năm", 465.9, 78.56, 486.5, 91.85),
                at("2026", 489.5, 78.56, 513.5, 91.85),
            ]
            .join("\n")
        );
        let (w, h, words) = words_of(&xhtml).expect("read");
        let p = places_from(w, h, &words).expect("found between the lines");
        // the number's box stops above "V/v trả lời", the date's below the motto
        assert!(
            p.number[1] > h - 106.31 && p.number[3] >= h - 92.06,
            "{p:?}"
        );
        assert!(p.date[3] < h - 77.6 && p.date[1] <= h - 91.85, "{p:?}");
    }

    #[test]
    fn a_draft_printing_neither_gets_them_in_the_top_margin_where_it_is_clear() {
        // a page of text (two lines of words, from 52 pt down), no heading of its own
        let text = [
            "Báo", "cáo", "kết", "quả", "thăm", "dò", "khoáng", "sản", "đá", "vôi", "làm", "xi",
            "măng",
        ];
        let body: Vec<String> = line(&text, 60.0, 52.0, 4.0)
            .into_iter()
            .chain(line(&text, 60.0, 70.0, 4.0))
            .collect();
        let xhtml = page(&body);
        let (w, h, words) = words_of(&xhtml).expect("read");
        let places = places_from(w, h, &words).expect("the margin is clear");
        for r in [places.number, places.date] {
            // from the bottom: the margin's line, above the first words (52 pt from the top)
            assert!(r[3] <= h - 15.0 && r[1] >= h - 35.0, "{r:?}");
        }
        assert!(
            places.number[2] <= places.date[0],
            "the number left of the date"
        );
        // text in the margin too: nothing is reserved over it
        let mut crowded = body.clone();
        crowded.extend([
            word("Mẫu", 60.0, 20.0, 90.0),
            word("số", 94.0, 20.0, 110.0),
            word("01", 300.0, 20.0, 316.0),
        ]);
        let (w, h, words) = words_of(&page(&crowded)).expect("read");
        assert_eq!(places_from(w, h, &words), None);
        // a page of a few words is a scan or a drawing: its margin is not read as clear
        let scan = page(&[
            word("Bản", 60.0, 400.0, 90.0),
            word("đồ", 94.0, 400.0, 110.0),
        ]);
        let (w, h, words) = words_of(&scan).expect("read");
        assert_eq!(places_from(w, h, &words), None);
    }

    #[test]
    fn a_draft_printing_them_oddly_gets_nothing_reserved() {
        assert!(words_of("not poppler's").is_none());
        // a "Số:" as tall as half the page is no heading line
        let giant = format!(
            "<doc><page width=\"595\" height=\"842\">{}</page></doc>",
            r#"<word xMin="70" yMin="20" xMax="400" yMax="370">Số:</word>"#
        );
        let (w, h, words) = words_of(&giant).expect("read");
        assert_eq!(places_from(w, h, &words), None);
        // the number printed right of the date on one line makes no boxes apart
        let swapped = page(&[
            word("Hà", 60.0, 100.0, 76.0),
            word("Nội,", 80.0, 100.0, 102.0),
            word("ngày", 106.0, 100.0, 134.0),
            word("tháng", 160.0, 100.0, 192.0),
            word("Số:", 250.0, 100.0, 270.0),
            word("/ĐCKS", 274.0, 100.0, 320.0),
        ]);
        let (w, h, words) = words_of(&swapped).expect("read");
        assert_eq!(places_from(w, h, &words), None);
    }

    #[test]
    fn a_sentence_citing_a_number_and_a_day_is_left_as_it_reads() {
        // a reply's opening line, high on a page without a heading: no blank anywhere
        let sentence = [
            "Trả", "lời", "văn", "bản", "số", "274/UBND", "ngày", "06", "tháng", "12", "năm",
            "2026", "của", "Ủy", "ban",
        ];
        let two_lines: Vec<String> = line(&sentence, 60.0, 120.0, 4.0)
            .into_iter()
            .chain(line(&sentence, 60.0, 138.0, 4.0))
            .collect();
        let (w, h, words) = words_of(&page(&two_lines)).expect("read");
        let places = places_from(w, h, &words).expect("the margin");
        assert!(
            places.number[1] >= h - 35.0 && places.date[1] >= h - 35.0,
            "not over the sentence: {places:?}"
        );
        // the blank date beside text: its number's box would cover the text, so none
        let crowded = page(&[
            word("Kính", 60.0, 100.0, 90.0),
            word("gửi", 94.0, 100.0, 112.0),
            word("Sở", 116.0, 100.0, 132.0),
            word("Hà", 330.0, 100.0, 346.0),
            word("Nội,", 350.0, 100.0, 372.0),
            word("ngày", 376.0, 100.0, 404.0),
            word("tháng", 430.0, 100.0, 462.0),
        ]);
        let (w, h, words) = words_of(&crowded).expect("read");
        assert_eq!(places_from(w, h, &words), None);
    }

    #[test]
    fn the_signers_mark_goes_between_their_title_and_their_name() {
        let xhtml = page(&[
            word("Nơi", 60.0, 600.0, 80.0),
            word("nhận:", 82.0, 600.0, 110.0),
            word("CỤC", 380.0, 600.0, 410.0),
            word("TRƯỞNG", 414.0, 600.0, 470.0),
            word("-", 60.0, 614.0, 64.0),
            word("Như", 66.0, 614.0, 90.0),
            word("trên;", 92.0, 614.0, 120.0),
            word("Trần", 390.0, 690.0, 416.0),
            word("Văn", 420.0, 690.0, 442.0),
            word("Hùng", 446.0, 690.0, 476.0),
        ]);
        let (w, h, words) = words_of(&xhtml).expect("read");
        let r = block_from(w, h, &words, "Trần Văn Hùng").expect("the block");
        // below the title (its bottom 612 from the top), above the name (690), over its column
        assert!(r[3] <= h - 612.0 && r[1] >= h - 690.0, "{r:?}");
        let centre = (r[0] + r[2]) / 2.0;
        assert!((centre - 433.0).abs() < 1.0, "{r:?}");
        // another's name, or a block with no room to sign in: none
        assert_eq!(block_from(w, h, &words, "Nguyễn Thị Lan"), None);
        let tight = page(&[
            word("CỤC", 380.0, 600.0, 410.0),
            word("TRƯỞNG", 414.0, 600.0, 470.0),
            word("Trần", 390.0, 620.0, 416.0),
            word("Văn", 420.0, 620.0, 442.0),
            word("Hùng", 446.0, 620.0, 476.0),
        ]);
        let (w, h, words) = words_of(&tight).expect("read");
        assert_eq!(block_from(w, h, &words, "Trần Văn Hùng"), None);
    }

    #[test]
    fn a_heading_too_crowded_for_its_places_gives_the_top_margin() {
        // the blank date beside text, on a page of text whose top margin is clear
        let text = [
            "Báo", "cáo", "kết", "quả", "thăm", "dò", "khoáng", "sản", "đá", "vôi", "làm", "xi",
            "măng",
        ];
        let mut crowded: Vec<String> = line(&text, 60.0, 300.0, 4.0)
            .into_iter()
            .chain(line(&text, 60.0, 318.0, 4.0))
            .collect();
        crowded.extend([
            word("Kính", 60.0, 100.0, 90.0),
            word("gửi", 94.0, 100.0, 112.0),
            word("Sở", 116.0, 100.0, 132.0),
            word("Hà", 330.0, 100.0, 346.0),
            word("Nội,", 350.0, 100.0, 372.0),
            word("ngày", 376.0, 100.0, 404.0),
            word("tháng", 430.0, 100.0, 462.0),
        ]);
        let (w, h, words) = words_of(&page(&crowded)).expect("read");
        let places = places_from(w, h, &words).expect("the margin");
        for r in [places.number, places.date] {
            assert!(r[3] <= h - 15.0 && r[1] >= h - 35.0, "{r:?}");
        }
    }

    #[test]
    fn places_of_many_words_and_named_nam_are_read() {
        for place in [
            &["Nam", "Định,"][..],
            &["Thành", "phố", "Hồ", "Chí", "Minh,"],
        ] {
            let texts: Vec<&str> = place
                .iter()
                .copied()
                .chain(["ngày", "tháng", "năm", "2026"])
                .collect();
            let (w, h, words) = words_of(&page(&line(&texts, 300.0, 100.0, 8.0))).expect("read");
            assert!(places_from(w, h, &words).is_some(), "{place:?}");
        }
    }

    #[test]
    fn the_date_alone_puts_the_number_on_its_line() {
        let xhtml = page(&[
            word("Hà", 330.0, 100.0, 346.0),
            word("Nội,", 350.0, 100.0, 372.0),
            word("ngày", 376.0, 100.0, 404.0),
            word("tháng", 430.0, 100.0, 462.0),
        ]);
        let (w, h, words) = words_of(&xhtml).expect("read");
        let p = places_from(w, h, &words).expect("the date found");
        assert!(p.number[2] <= p.date[0], "{p:?}");
        assert!((p.number[3] - p.date[3]).abs() < 1.0, "one line: {p:?}");
    }

    #[test]
    fn the_date_on_a_line_of_its_own_and_escaped_words_are_read() {
        let xhtml = page(&[
            word("Số:", 70.0, 100.0, 90.0),
            word("12&amp;/QĐ", 94.0, 100.0, 150.0),
            word("Đà", 330.0, 118.0, 346.0),
            word("Nẵng,", 350.0, 118.0, 380.0),
            word("ngày", 384.0, 118.0, 410.0),
            word("tháng", 440.0, 118.0, 470.0),
        ]);
        let (w, h, words) = words_of(&xhtml).expect("read");
        assert_eq!(words[1].text, "12&/QĐ");
        let p = places_from(w, h, &words).expect("found");
        // on separate lines each may take the page's width
        assert!(p.date[0] < 330.0 && p.date[1] < 842.0 - 130.0, "{p:?}");
        assert!(p.number[3] > 842.0 - 100.0, "{p:?}");
    }
}
