//! Sample images of a handwritten signature and of a round red seal (the body's name set round
//! it in the bold face lode prints with), drawn here as PNG, for the
//! demonstration organisation: its leaders' signed documents and its seal then look as an
//! agency's do. A real office uploads scans of its own.

use std::f64::consts::PI;
use ttf_parser::OutlineBuilder;

/// A signature in dark blue ink on a transparent ground, 360 × 150 pixels: a looped flourish
/// whose shape follows `seed`, so that each signer's differs.
pub fn signature_png(seed: u32) -> Vec<u8> {
    let (w, h) = (360usize, 150usize);
    let s = f64::from(seed % 97) / 97.0;
    // a stroke of joined loops with a rising underline
    let points: Vec<(f64, f64)> = (0..=360)
        .map(|i| {
            let t = f64::from(i) / 360.0;
            let x = 30.0 + 300.0 * t + 18.0 * (t * (7.0 + 3.0 * s) * PI).cos();
            let y = 75.0 - 32.0 * (t * (5.0 + 2.0 * s) * PI).sin() * (1.0 - t * 0.6)
                + 18.0 * (t * 11.0 * PI + s).sin() * t;
            (x, y)
        })
        .chain((0..=60).map(|i| {
            let t = f64::from(i) / 60.0;
            (
                60.0 + 260.0 * t,
                125.0 - 20.0 * t + 4.0 * (t * 3.0 * PI).sin(),
            )
        }))
        .collect();
    let mut pixels = vec![[0u8; 4]; w * h];
    for pair in points.windows(2) {
        let ((x0, y0), (x1, y1)) = (pair[0], pair[1]);
        stroke(&mut pixels, w, h, (x0, y0), (x1, y1), 2.2, [22, 38, 120]);
    }
    png(w, h, &pixels)
}

/// The side of the seal's image, in pixels.
const SEAL: usize = 600;

/// A round seal in red on a transparent ground, 600 × 600 pixels: the body's `name` in
/// capitals around the top of its band between two rings, a star at the bottom of the band,
/// and the star in the middle ring.
pub fn seal_png(name: &str) -> Vec<u8> {
    let n = SEAL;
    let red = [200, 22, 40];
    let c = n as f64 / 2.0;
    let mut coverage = vec![0f64; n * n];
    // the star's ten corners, one point up
    let star = |centre: (f64, f64), outer: f64| -> Vec<(f64, f64)> {
        (0..10)
            .map(|k| {
                let r = if k % 2 == 0 { outer } else { outer * 0.4 };
                let a = -PI / 2.0 + f64::from(k) * PI / 5.0;
                (centre.0 + r * a.cos(), centre.1 + r * a.sin())
            })
            .collect()
    };
    let mut shapes = vec![star((c, c), 104.0), star((c, c + 250.0), 16.0)];
    shapes.extend(ring_text(
        &name.to_uppercase(),
        c,
        (226.0, 268.0),
        250f64.to_radians(),
    ));
    fill(&mut coverage, n, &shapes);
    let mut pixels = vec![[0u8; 4]; n * n];
    for y in 0..n {
        for x in 0..n {
            let (px, py) = (x as f64 + 0.5, y as f64 + 0.5);
            let d = ((px - c).powi(2) + (py - c).powi(2)).sqrt();
            let ring = |radius: f64, half: f64| (half + 0.5 - (d - radius).abs()).clamp(0.0, 1.0);
            let ink = ring(282.0, 9.0)
                .max(ring(222.0, 3.0))
                .max(ring(156.0, 3.0))
                .max(coverage[y * n + x].min(1.0));
            blend(&mut pixels[y * n + x], red, ink);
        }
    }
    png(n, n, &pixels)
}

/// The outlines of `text` set on a circle about (`c`, `c`), upright to the outside, between
/// the radii of `band` (its marks above and below the letters too), centred on the top and
/// spread over at most `span` radians: the size that fits.
fn ring_text(text: &str, c: f64, band: (f64, f64), span: f64) -> Vec<Vec<(f64, f64)>> {
    let Ok(face) = ttf_parser::Face::parse(crate::fonts::Weight::Bold.data(), 0) else {
        return Vec::new();
    };
    let em = f64::from(face.units_per_em());
    let glyphs: Vec<ttf_parser::GlyphId> =
        text.chars().filter_map(|ch| face.glyph_index(ch)).collect();
    // the highest mark above the letters and the lowest below, in font units
    let boxes: Vec<ttf_parser::Rect> = glyphs
        .iter()
        .filter_map(|g| face.glyph_bounding_box(*g))
        .collect();
    let top = boxes
        .iter()
        .map(|b| f64::from(b.y_max))
        .fold(0.7 * em, f64::max);
    let bottom = boxes.iter().map(|b| f64::from(b.y_min)).fold(0.0, f64::min);
    // a little air between letters, as an engraver leaves
    let tracking = 0.08 * em;
    let width: f64 = glyphs
        .iter()
        .map(|g| f64::from(face.glyph_hor_advance(*g).unwrap_or(0)) + tracking)
        .sum::<f64>()
        - tracking;
    let mut scale = (band.1 - band.0) / (top - bottom);
    // the baseline where the lowest mark meets the band's inner edge
    let mut radius = band.0 - bottom * scale;
    if width * scale / radius > span {
        scale = span * radius / width.max(1.0);
        radius = band.0 - bottom * scale;
    }
    let first = -PI / 2.0 - width * scale / radius / 2.0;
    let mut shapes = Vec::new();
    let mut pen = 0.0;
    for g in glyphs {
        let mut outline = Outline::default();
        face.outline_glyph(g, &mut outline);
        outline.close();
        for contour in outline.contours {
            shapes.push(
                contour
                    .into_iter()
                    .map(|(gx, gy)| {
                        let angle = first + (pen + gx) * scale / radius;
                        let r = radius + gy * scale;
                        (c + r * angle.cos(), c + r * angle.sin())
                    })
                    .collect(),
            );
        }
        pen += f64::from(face.glyph_hor_advance(g).unwrap_or(0)) + tracking;
    }
    shapes
}

/// A glyph's contours in font units, its curves cut into short straight pieces.
#[derive(Default)]
struct Outline {
    contours: Vec<Vec<(f64, f64)>>,
    current: Vec<(f64, f64)>,
}

impl Outline {
    fn last(&self) -> (f64, f64) {
        self.current.last().copied().unwrap_or_default()
    }
}

impl OutlineBuilder for Outline {
    fn move_to(&mut self, x: f32, y: f32) {
        self.close();
        self.current.push((f64::from(x), f64::from(y)));
    }
    fn line_to(&mut self, x: f32, y: f32) {
        self.current.push((f64::from(x), f64::from(y)));
    }
    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        let (a, b, e) = (
            self.last(),
            (f64::from(x1), f64::from(y1)),
            (f64::from(x), f64::from(y)),
        );
        for i in 1..=8 {
            let t = f64::from(i) / 8.0;
            let u = 1.0 - t;
            self.current.push((
                u * u * a.0 + 2.0 * u * t * b.0 + t * t * e.0,
                u * u * a.1 + 2.0 * u * t * b.1 + t * t * e.1,
            ));
        }
    }
    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        let a = self.last();
        let (b, d, e) = (
            (f64::from(x1), f64::from(y1)),
            (f64::from(x2), f64::from(y2)),
            (f64::from(x), f64::from(y)),
        );
        for i in 1..=10 {
            let t = f64::from(i) / 10.0;
            let u = 1.0 - t;
            self.current.push((
                u * u * u * a.0 + 3.0 * u * u * t * b.0 + 3.0 * u * t * t * d.0 + t * t * t * e.0,
                u * u * u * a.1 + 3.0 * u * u * t * b.1 + 3.0 * u * t * t * d.1 + t * t * t * e.1,
            ));
        }
    }
    fn close(&mut self) {
        if self.current.len() > 2 {
            self.contours.push(std::mem::take(&mut self.current));
        } else {
            self.current.clear();
        }
    }
}

/// Fills closed shapes (the non-zero rule: a letter's counter stays clear) into `coverage`,
/// sampling each pixel on four lines and measuring the spans on each exactly.
fn fill(coverage: &mut [f64], n: usize, shapes: &[Vec<(f64, f64)>]) {
    const LINES: usize = 4;
    let edges: Vec<((f64, f64), (f64, f64))> = shapes
        .iter()
        .flat_map(|s| {
            s.iter()
                .zip(s.iter().cycle().skip(1))
                .map(|(a, b)| (*a, *b))
        })
        .filter(|(a, b)| a.1 != b.1)
        .collect();
    let mut crossings: Vec<(f64, i32)> = Vec::new();
    for row in 0..n * LINES {
        let y = (row as f64 + 0.5) / LINES as f64;
        crossings.clear();
        for &(a, b) in &edges {
            if (a.1 <= y) != (b.1 <= y) {
                let x = a.0 + (y - a.1) * (b.0 - a.0) / (b.1 - a.1);
                crossings.push((x, if b.1 > a.1 { 1 } else { -1 }));
            }
        }
        crossings.sort_by(|p, q| p.0.total_cmp(&q.0));
        let mut winding = 0;
        for pair in crossings.windows(2) {
            winding += pair[0].1;
            if winding != 0 {
                let line = &mut coverage[(row / LINES) * n..(row / LINES + 1) * n];
                add_span(line, pair[0].0, pair[1].0, 1.0 / LINES as f64);
            }
        }
    }
}

/// Adds `weight` times the part of each pixel of `line` that lies between `from` and `to`.
fn add_span(line: &mut [f64], from: f64, to: f64, weight: f64) {
    let (from, to) = (from.max(0.0), to.min(line.len() as f64));
    if to <= from {
        return;
    }
    for (x, cell) in line
        .iter_mut()
        .enumerate()
        .take(to.ceil() as usize)
        .skip(from.floor() as usize)
    {
        let overlap = (to.min(x as f64 + 1.0) - from.max(x as f64)).max(0.0);
        *cell += overlap * weight;
    }
}

/// Ink along a segment, `half` pixels either side, its edges smoothed.
fn stroke(
    pixels: &mut [[u8; 4]],
    w: usize,
    h: usize,
    a: (f64, f64),
    b: (f64, f64),
    half: f64,
    ink: [u8; 3],
) {
    let (lo_x, hi_x) = (a.0.min(b.0) - half - 1.0, a.0.max(b.0) + half + 1.0);
    let (lo_y, hi_y) = (a.1.min(b.1) - half - 1.0, a.1.max(b.1) + half + 1.0);
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let length2 = (dx * dx + dy * dy).max(1e-9);
    for y in (lo_y.max(0.0) as usize)..(hi_y.max(0.0) as usize).min(h) {
        for x in (lo_x.max(0.0) as usize)..(hi_x.max(0.0) as usize).min(w) {
            let (px, py) = (x as f64 + 0.5, y as f64 + 0.5);
            let t = (((px - a.0) * dx + (py - a.1) * dy) / length2).clamp(0.0, 1.0);
            let d = ((px - a.0 - t * dx).powi(2) + (py - a.1 - t * dy).powi(2)).sqrt();
            blend(
                &mut pixels[y * w + x],
                ink,
                (half + 0.5 - d).clamp(0.0, 1.0),
            );
        }
    }
}

/// Raises a pixel's coverage to `coverage` in `ink` (never lowers it: strokes overlap).
fn blend(pixel: &mut [u8; 4], ink: [u8; 3], coverage: f64) {
    let alpha = (coverage * 255.0).round() as u8;
    if alpha > pixel[3] {
        *pixel = [ink[0], ink[1], ink[2], alpha];
    }
}

/// An 8-bit RGBA PNG, not interlaced, rows unfiltered.
fn png(w: usize, h: usize, pixels: &[[u8; 4]]) -> Vec<u8> {
    let chunk = |out: &mut Vec<u8>, kind: &[u8; 4], body: &[u8]| {
        out.extend_from_slice(&(body.len() as u32).to_be_bytes());
        let start = out.len();
        out.extend_from_slice(kind);
        out.extend_from_slice(body);
        let crc = crate::zip::crc32(&out[start..]);
        out.extend_from_slice(&crc.to_be_bytes());
    };
    let mut header = (w as u32).to_be_bytes().to_vec();
    header.extend_from_slice(&(h as u32).to_be_bytes());
    header.extend_from_slice(&[8, 6, 0, 0, 0]);
    let mut raw = Vec::with_capacity(h * (1 + 4 * w));
    for row in pixels.chunks(w) {
        raw.push(0);
        for p in row {
            raw.extend_from_slice(p);
        }
    }
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    chunk(&mut out, b"IHDR", &header);
    chunk(
        &mut out,
        b"IDAT",
        &miniz_oxide::deflate::compress_to_vec_zlib(&raw, 6),
    );
    chunk(&mut out, b"IEND", &[]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The marks are images lode itself draws into a PDF, with ink where it belongs and a clear
    /// ground elsewhere; two signers' signatures differ.
    #[test]
    fn the_marks_are_images_lode_draws() {
        let seal = seal_png("Cục Địa chất và Khoáng sản Việt Nam");
        assert!(crate::stamp::image_supported(&seal));
        let signature = signature_png(7);
        assert!(crate::stamp::image_supported(&signature));
        assert_ne!(signature, signature_png(8));
        if let Ok(path) = std::env::var("LODE_SEAL_PNG") {
            std::fs::write(path, &seal).expect("written");
        }
        let decoded = crate::stamp::png_decode(&seal).expect("the seal decodes");
        assert_eq!((decoded.width, decoded.height), (SEAL as u32, SEAL as u32));
        let alpha = decoded.alpha.expect("the seal has a clear ground");
        let alpha_at = |x: usize, y: usize| alpha[y * SEAL + x];
        assert_eq!(alpha_at(300, 300), 255, "the star's centre is inked");
        assert_eq!(alpha_at(300, 20), 255, "the outer ring is inked");
        assert_eq!(
            alpha_at(300, 100),
            0,
            "inside the middle ring, above the star, the paper shows"
        );
        assert_eq!(alpha_at(2, 2), 0, "the corners are clear");
        // the name's letters ink the band between the rings, and leave most of it clear
        let band: Vec<u8> = (0..SEAL * SEAL)
            .filter(|i| {
                let (x, y) = ((i % SEAL) as f64 - 300.0, (i / SEAL) as f64 - 300.0);
                let d = (x * x + y * y).sqrt();
                y < 0.0 && (232.0..268.0).contains(&d)
            })
            .map(|i| alpha[i])
            .collect();
        let inked = band.iter().filter(|a| **a > 128).count();
        // the marks above the capitals stay clear of the outer ring: paper between them
        assert!(
            (0..SEAL * SEAL)
                .filter(|i| {
                    let (x, y) = ((i % SEAL) as f64 - 300.0, (i / SEAL) as f64 - 300.0);
                    (270.5..271.5).contains(&(x * x + y * y).sqrt())
                })
                .all(|i| alpha[i] < 64),
            "letters touch the outer ring"
        );
        assert!(
            inked * 10 > band.len() && inked * 2 < band.len(),
            "{inked} of {}",
            band.len()
        );
        // another name, another seal
        assert_ne!(seal, seal_png("Liên đoàn Địa chất Bắc Bộ"));
    }
}
