//! Sample images of a handwritten signature and of a round red seal, drawn here as PNG, for the
//! demonstration organisation: its leaders' signed documents and its seal then look as an
//! agency's do. A real office uploads scans of its own.

use std::f64::consts::PI;

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

/// A round seal in red on a transparent ground, 300 × 300 pixels: two rings and the star.
pub fn seal_png() -> Vec<u8> {
    let n = 300usize;
    let red = [200, 22, 40];
    let c = n as f64 / 2.0;
    let mut pixels = vec![[0u8; 4]; n * n];
    // the star's ten corners, one point up
    let star: Vec<(f64, f64)> = (0..10)
        .map(|k| {
            let r = if k % 2 == 0 { 52.0 } else { 21.0 };
            let a = -PI / 2.0 + f64::from(k) * PI / 5.0;
            (c + r * a.cos(), c + r * a.sin())
        })
        .collect();
    for y in 0..n {
        for x in 0..n {
            let (px, py) = (x as f64 + 0.5, y as f64 + 0.5);
            let d = ((px - c).powi(2) + (py - c).powi(2)).sqrt();
            let ring = |radius: f64, half: f64| (half + 0.5 - (d - radius).abs()).clamp(0.0, 1.0);
            let coverage = ring(140.0, 5.0)
                .max(ring(122.0, 1.5))
                .max(ring(78.0, 1.5))
                .max(if inside(&star, px, py) { 1.0 } else { 0.0 });
            blend(&mut pixels[y * n + x], red, coverage);
        }
    }
    png(n, n, &pixels)
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

/// Whether a point lies inside a polygon (even-odd rule).
fn inside(polygon: &[(f64, f64)], x: f64, y: f64) -> bool {
    let mut inside = false;
    let mut j = polygon.len() - 1;
    for i in 0..polygon.len() {
        let ((xi, yi), (xj, yj)) = (polygon[i], polygon[j]);
        if (yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi {
            inside = !inside;
        }
        j = i;
    }
    inside
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
        let seal = seal_png();
        assert!(crate::stamp::image_supported(&seal));
        let signature = signature_png(7);
        assert!(crate::stamp::image_supported(&signature));
        assert_ne!(signature, signature_png(8));
        let decoded = crate::stamp::png_decode(&seal).expect("the seal decodes");
        assert_eq!((decoded.width, decoded.height), (300, 300));
        let alpha = decoded.alpha.expect("the seal has a clear ground");
        let alpha_at = |x: usize, y: usize| alpha[y * 300 + x];
        assert_eq!(alpha_at(150, 150), 255, "the star's centre is inked");
        assert_eq!(alpha_at(150, 10), 255, "the outer ring is inked");
        assert_eq!(alpha_at(150, 40), 0, "between the rings the paper shows");
        assert_eq!(alpha_at(2, 2), 0, "the corners are clear");
    }
}
