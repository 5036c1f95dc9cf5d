//! Points as people type them, without I/O: a point a line, two numbers (a decimal point or a
//! decimal comma, spaces or a thousands' separator inside, the two split by a tab, a
//! semicolon or spaces), numbered points allowed (`M1 2320000 580000`), each line checked
//! against the ranges that make sense in Vietnam, and every wrong line named.

use crate::geodesy::{LonLat, PlanePoint};

/// The most points one conversion or one area takes.
pub const POINTS_MAX: usize = 2000;
/// The most wrong lines named at once: a list pasted in the wrong form is told so without
/// naming each of its thousands of lines.
pub const ERRORS_MAX: usize = 50;

/// Where VN-2000 northings (X) and eastings (Y) of Vietnam lie, in metres: X from the Cà Mau
/// cape to Lũng Cú and the archipelagos, Y within a zone's width either side of 500,000.
pub const X_RANGE: (f64, f64) = (800_000.0, 2_700_000.0);
pub const Y_RANGE: (f64, f64) = (150_000.0, 850_000.0);
/// Where Vietnam and its seas lie, in degrees.
pub const LAT_RANGE: (f64, f64) = (6.0, 24.0);
pub const LON_RANGE: (f64, f64) = (101.0, 118.0);

/// A point read from a line, with the name written before its numbers (if any).
#[derive(Debug, Clone, PartialEq)]
pub struct Named<P> {
    pub name: Option<String>,
    pub point: P,
}

/// A wrong line: its number (from 1) and what is wrong with it.
#[derive(Debug, Clone, PartialEq)]
pub struct LineError {
    pub line: usize,
    pub code: &'static str,
    pub message: String,
}

/// A number as typed: `2 320 000,5`, `2.320.000,5`, `2320000.5`, `2,320,000.5`.
pub fn number(raw: &str) -> Option<f64> {
    let s: String = raw
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{a0}')
        .collect();
    if s.is_empty() {
        return None;
    }
    let (dots, commas) = (s.matches('.').count(), s.matches(',').count());
    let normal = match (dots, commas) {
        (0, 0) | (1, 0) => s,
        (0, 1) => s.replace(',', "."),
        // one kind of separator, again and again: it groups thousands (`2.320.000`)
        (_, 0) => s.replace('.', ""),
        (0, _) => s.replace(',', ""),
        // the last separator is the decimal one, the other groups thousands
        _ => {
            let last = s.rfind(['.', ',']).unwrap_or(0);
            let (int, frac) = s.split_at(last);
            format!("{}.{}", int.replace(['.', ','], ""), &frac[1..])
        }
    };
    normal.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// An angle as typed in degrees, minutes and seconds (`10°58'50,75"`, `108°15′56,12″ E`), in
/// degrees; a decimal comma or point in any part.
pub fn angle(raw: &str) -> Option<f64> {
    let s = raw
        .trim()
        .trim_end_matches(|c: char| c.is_whitespace() || "NnEeSsWwBbĐđ".contains(c));
    let (deg, rest) = s.split_once('°')?;
    let (min, rest) = match rest.split_once(['\'', '′']) {
        Some((m, r)) => (m, r),
        None => (rest, ""),
    };
    let sec = rest.trim().trim_end_matches(['"', '″']).trim();
    let part = |t: &str| {
        if t.trim().is_empty() {
            Some(0.0)
        } else {
            number(t)
        }
    };
    let (d, m, sec) = (number(deg)?, part(min)?, part(sec)?);
    if !(0.0..60.0).contains(&m) || !(0.0..60.0).contains(&sec) {
        return None;
    }
    // minutes and seconds add to the degrees' size, whichever side of zero they lie
    let size = d.abs() + m / 60.0 + sec / 3600.0;
    Some(if deg.trim_start().starts_with('-') {
        -size
    } else {
        size
    })
}

/// A line's optional name and its two numbers.
fn line_numbers(line: &str) -> Result<(Option<String>, f64, f64), (&'static str, String)> {
    // an angle typed with spaces between its parts (`10° 58' 50"`) is one angle
    let line = line
        .replace("° ", "°")
        .replace("' ", "'")
        .replace("′ ", "′");
    let line = line.as_str();
    // split at tabs or semicolons if there are any; at commas when they part cells, as a CSV
    // line's do (`M1, 2405000.5, 520000`, or `1,2405000,520000` without a space), rather than
    // mark decimals (`1214180,6 474465,1`); else at runs of spaces
    let csv = !line.contains(['\t', ';'])
        && line.contains(',')
        && (line.contains(", ") || !line.contains(char::is_whitespace));
    let split_at_cells = csv || line.contains(['\t', ';']);
    let cells: &[char] = if csv { &[','] } else { &['\t', ';'] };
    let mut parts: Vec<String> = if split_at_cells {
        line.split(cells)
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(str::to_string)
            .collect()
    } else {
        line.split_whitespace().map(str::to_string).collect()
    };
    // a name typed in the first number's cell (`M2 1214180,6; 474465,1`) is a name of its own;
    // a name of several words in a cell of its own (`Điểm 1; 1214180; 474465`) stays whole
    if split_at_cells
        && parts.len() == 2
        && let Some((head, tail)) = parts.first().and_then(|p| {
            // an angle may end in its side's letter (`10°58′50″ N`): the name is before it
            if p.contains('°') {
                p.split_once(char::is_whitespace)
            } else {
                p.rsplit_once(char::is_whitespace)
            }
        })
        && number(head).is_none()
        && (number(tail).is_some() || tail.contains('°'))
        && !head.contains('°')
    {
        let (head, tail) = (head.trim().to_string(), tail.trim().to_string());
        parts.splice(0..1, [head, tail]);
    }
    // angles in degrees, minutes and seconds: a latitude and longitude typed so, or those a
    // licence's page shows beside its corners, pasted with them (then left aside)
    let (angles, parts): (Vec<String>, Vec<String>) =
        parts.into_iter().partition(|p| p.contains('°'));
    // a name first (`M1`), or a point's number before its two coordinates (`1 2320000 580000`)
    let (name, nums) = match parts.as_slice() {
        [first, rest @ ..] if number(first).is_none() || rest.len() == 2 => {
            (Some(first.clone()), rest)
        }
        all => (None, all),
    };
    match (nums, angles.as_slice()) {
        ([a, b], _) => match (number(a), number(b)) {
            (Some(a), Some(b)) => Ok((name, a, b)),
            _ => Err(("point_not_numbers", "write two numbers".into())),
        },
        ([], [a, b]) => match (angle(a), angle(b)) {
            (Some(a), Some(b)) => Ok((name, a, b)),
            _ => Err((
                "point_not_numbers",
                "write two angles in degrees, minutes and seconds".into(),
            )),
        },
        _ => Err((
            "two_numbers",
            format!("two numbers are needed, {} found", nums.len()),
        )),
    }
}

/// Lines of `text`, skipping blank ones and those starting with `#`: each read by `read`.
fn read_lines<P>(
    text: &str,
    read: impl Fn(f64, f64) -> Result<P, (&'static str, String)>,
) -> Result<Vec<Named<P>>, Vec<LineError>> {
    let mut points = Vec::new();
    let mut errors = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        if errors.len() == ERRORS_MAX {
            errors.push(LineError {
                line: i + 1,
                code: "too_many_errors",
                message: format!("more wrong lines from here on; the first {ERRORS_MAX} are shown"),
            });
            break;
        }
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let err = |(code, message): (&'static str, String)| LineError {
            line: i + 1,
            code,
            message,
        };
        match line_numbers(line).and_then(|(name, a, b)| read(a, b).map(|p| (name, p))) {
            Ok((name, point)) => points.push(Named { name, point }),
            Err(e) => errors.push(err(e)),
        }
        if points.len() > POINTS_MAX {
            errors.push(LineError {
                line: i + 1,
                code: "too_many_points",
                message: format!("at most {POINTS_MAX} points"),
            });
            break;
        }
    }
    if points.is_empty() && errors.is_empty() {
        errors.push(LineError {
            line: 1,
            code: "no_points",
            message: "write at least one point".into(),
        });
    }
    if errors.is_empty() {
        Ok(points)
    } else {
        Err(errors)
    }
}

fn within(v: f64, (lo, hi): (f64, f64)) -> bool {
    (lo..=hi).contains(&v)
}

/// VN-2000 points, a line each: X (northing) then Y (easting).
pub fn plane_points(text: &str) -> Result<Vec<Named<PlanePoint>>, Vec<LineError>> {
    read_lines(text, |x, y| {
        if !within(x, X_RANGE) && within(x, Y_RANGE) && within(y, X_RANGE) {
            return Err((
                "swapped_xy",
                "X is the northing (about 0.9 to 2.6 million), Y the easting: the two look swapped"
                    .into(),
            ));
        }
        if !within(x, X_RANGE) {
            return Err((
                "x_range",
                format!("X must lie between {:.0} and {:.0} m", X_RANGE.0, X_RANGE.1),
            ));
        }
        if !within(y, Y_RANGE) {
            return Err((
                "y_range",
                format!("Y must lie between {:.0} and {:.0} m", Y_RANGE.0, Y_RANGE.1),
            ));
        }
        Ok(PlanePoint { x, y })
    })
}

/// WGS84 points, a line each: latitude then longitude, in degrees.
pub fn lonlat_points(text: &str) -> Result<Vec<Named<LonLat>>, Vec<LineError>> {
    read_lines(text, |lat, lon| {
        if !within(lat, LAT_RANGE) && within(lat, LON_RANGE) && within(lon, LAT_RANGE) {
            return Err((
                "swapped_latlon",
                "the latitude comes first, then the longitude: the two look swapped".into(),
            ));
        }
        if !within(lat, LAT_RANGE) {
            return Err((
                "lat_range",
                format!(
                    "the latitude must lie between {}° and {}°",
                    LAT_RANGE.0, LAT_RANGE.1
                ),
            ));
        }
        if !within(lon, LON_RANGE) {
            return Err((
                "lon_range",
                format!(
                    "the longitude must lie between {}° and {}°",
                    LON_RANGE.0, LON_RANGE.1
                ),
            ));
        }
        Ok(LonLat { lon, lat })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_read_as_surveyors_and_spreadsheets_write_them() {
        assert_eq!(number("2320000"), Some(2_320_000.0));
        assert_eq!(number("2 320 000,55"), Some(2_320_000.55));
        assert_eq!(number("2.320.000,55"), Some(2_320_000.55));
        assert_eq!(number("2,320,000.55"), Some(2_320_000.55));
        assert_eq!(number("2.320.000"), Some(2_320_000.0));
        assert_eq!(number("2,320,000"), Some(2_320_000.0));
        assert_eq!(number("580000,5"), Some(580_000.5));
        assert_eq!(number("20.97"), Some(20.97));
        assert_eq!(number("M1"), None);
        assert_eq!(number("NaN"), None);
        assert_eq!(number("inf"), None);
    }

    #[test]
    fn corner_points_are_read_with_their_names_and_checked() {
        let ok = plane_points("# the area\nM1\t2320000\t580000\nM2; 2 320 100,5; 580 050\n\n")
            .expect("two points");
        assert_eq!(ok.len(), 2);
        // a row copied from a licence's page, with its latitude and longitude
        let row = plane_points("M1\t2320000,000\t580000,000\t20°58′17,6697″\t106°31′16,4967″")
            .expect("the corner read");
        assert_eq!(
            row[0].point,
            PlanePoint {
                x: 2_320_000.0,
                y: 580_000.0
            }
        );
        assert_eq!(ok[0].name.as_deref(), Some("M1"));
        assert_eq!(
            ok[1].point,
            PlanePoint {
                x: 2_320_100.5,
                y: 580_050.0
            }
        );
        let bad = plane_points("1 2320000 580000\n580000 2320000\n2320000\n99 99\nA B C")
            .expect_err("wrong lines");
        let codes: Vec<(usize, &str)> = bad.iter().map(|e| (e.line, e.code)).collect();
        assert_eq!(
            codes,
            vec![
                (2, "swapped_xy"),
                (3, "two_numbers"),
                (4, "x_range"),
                (5, "point_not_numbers")
            ]
        );
    }

    #[test]
    fn a_name_in_a_cell_and_angles_in_degrees_are_read() {
        // the name in the first number's cell, a semicolon between the numbers
        let named = plane_points("M2 1214180.600;474465.081").expect("a corner");
        assert_eq!(named[0].name.as_deref(), Some("M2"));
        assert_eq!(
            named[0].point,
            PlanePoint {
                x: 1_214_180.6,
                y: 474_465.081
            }
        );
        // a latitude and longitude in degrees, minutes and seconds, as the results show them
        let dms =
            lonlat_points("10°58'50,75\" 108°15'56,12\"\nP2 10°58′50,7503″ N\t108°15′56,1″ E")
                .expect("two points");
        assert!((dms[0].point.lat - (10.0 + 58.0 / 60.0 + 50.75 / 3600.0)).abs() < 1e-9);
        assert!((dms[0].point.lon - (108.0 + 15.0 / 60.0 + 56.12 / 3600.0)).abs() < 1e-9);
        assert_eq!(dms[1].name.as_deref(), Some("P2"));
        assert_eq!(angle("10°75'"), None, "minutes under sixty");
        assert_eq!(angle("-10°30'"), Some(-10.5));
        // spaces between an angle's parts; a name of two words in its own cell
        let spaced = lonlat_points("10° 58' 50,75\" 108° 15' 56,12\"").expect("a point");
        assert!((spaced[0].point.lat - dms[0].point.lat).abs() < 1e-9);
        let two_words = plane_points("Điểm 1; 1214180; 474465").expect("a corner");
        assert_eq!(two_words[0].name.as_deref(), Some("Điểm 1"));
        assert_eq!(angle("10"), None);
    }

    #[test]
    fn a_list_of_wrong_lines_is_named_up_to_a_bound() {
        let text = "x y\n".repeat(10_000);
        let e = plane_points(&text).expect_err("all wrong");
        assert_eq!(e.len(), ERRORS_MAX + 1);
        assert_eq!(e[ERRORS_MAX].code, "too_many_errors");
    }

    #[test]
    fn a_csv_line_is_read_by_its_cells() {
        let read = |line: &str| super::line_numbers(line).ok();
        assert_eq!(
            read("1,2405000,520000"),
            Some((Some("1".to_string()), 2_405_000.0, 520_000.0))
        );
        assert_eq!(
            read("M1, 2405000.50, 520000.25"),
            Some((Some("M1".to_string()), 2_405_000.5, 520_000.25))
        );
        // decimal commas between spaces are still decimals
        assert_eq!(
            read("1214180,6 474465,1"),
            Some((None, 1_214_180.6, 474_465.1))
        );
    }

    #[test]
    fn an_empty_list_is_refused() {
        let e = plane_points("\n# nothing\n").expect_err("empty");
        assert_eq!(e[0].code, "no_points");
        let e = lonlat_points("106.5 20.9").expect_err("swapped");
        assert_eq!(e[0].code, "swapped_latlon");
        assert_eq!(lonlat_points("20,97 106,52").map(|p| p.len()), Ok(1));
    }
}
