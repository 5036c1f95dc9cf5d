//! Small one-page PDFs the size of a visible signature mark: lines of text in DejaVu Sans
//! (Vietnamese with its diacritics, embedded as a subset), in a colour, optionally over a JPEG
//! image (a scanned signature or seal). The signing crate turns the page into the appearance of
//! a signature field.

use crate::PdfError;
use crate::fonts::{Face, Weight};
use pdf_writer::{Content, Filter, Finish, Name, Pdf, Rect, Ref, Str};

/// One line of a mark.
#[derive(Debug, Clone)]
pub struct Line {
    pub text: String,
    pub size: f32,
    pub bold: bool,
    /// RGB, 0 to 1.
    pub color: [f32; 3],
}

/// An image drawn in the mark: JPEG or PNG bytes (a PNG's transparency kept), and where (x, y,
/// width, height in points).
#[derive(Debug, Clone)]
pub struct Image {
    pub data: Vec<u8>,
    pub at: [f32; 4],
}

/// What a mark shows, and its size in points.
#[derive(Debug, Clone)]
pub struct Stamp {
    pub width: f32,
    pub height: f32,
    pub lines: Vec<Line>,
    /// Drawn first, the text over it.
    pub image: Option<Image>,
    /// A thin border in the text's colour (the stamp of copies has one).
    pub border: bool,
    /// Painted white first, hiding what the page shows beneath (the blank number a draft
    /// printed, which the issued number replaces).
    pub paper: bool,
}

/// The pixel size and colour components of a baseline or progressive JPEG (its SOF marker).
pub fn jpeg_info(data: &[u8]) -> Option<(u32, u32, u8)> {
    if !data.starts_with(&[0xFF, 0xD8]) {
        return None;
    }
    let mut i = 2;
    while i + 9 < data.len() {
        if data[i] != 0xFF {
            return None;
        }
        let marker = data[i + 1];
        let len = usize::from(u16::from_be_bytes([data[i + 2], data[i + 3]]));
        if matches!(marker, 0xC0..=0xC3 | 0xC5..=0xC7 | 0xC9..=0xCB | 0xCD..=0xCF) {
            let h = u32::from(u16::from_be_bytes([data[i + 5], data[i + 6]]));
            let w = u32::from(u16::from_be_bytes([data[i + 7], data[i + 8]]));
            return Some((w, h, data[i + 9]));
        }
        i += 2 + len;
    }
    None
}

/// An image ready for PDF: its encoded samples, their filter, size, colour components, and a
/// soft mask of its transparency (PNG).
struct Picture {
    data: Vec<u8>,
    filter: Filter,
    width: u32,
    height: u32,
    components: u8,
    alpha: Option<Vec<u8>>,
}

fn picture(data: &[u8]) -> Option<Picture> {
    if let Some((width, height, components)) = jpeg_info(data) {
        return Some(Picture {
            data: data.to_vec(),
            filter: Filter::DctDecode,
            width,
            height,
            components,
            alpha: None,
        });
    }
    let png = png_decode(data)?;
    let deflate = |b: &[u8]| miniz_oxide::deflate::compress_to_vec_zlib(b, 6);
    Some(Picture {
        data: deflate(&png.samples),
        filter: Filter::FlateDecode,
        width: png.width,
        height: png.height,
        components: png.components,
        alpha: png.alpha.as_deref().map(deflate),
    })
}

/// The pixel size of an image a mark can show.
pub fn image_size(data: &[u8]) -> Option<(u32, u32)> {
    picture(data).map(|p| (p.width, p.height))
}

/// Whether `data` is an image a mark can show (JPEG, or 8-bit non-interlaced PNG).
pub fn image_supported(data: &[u8]) -> bool {
    picture(data).is_some()
}

pub(crate) struct Png {
    pub(crate) width: u32,
    pub(crate) height: u32,
    /// 1 (grey) or 3 (RGB) samples a pixel, alpha apart.
    pub(crate) components: u8,
    pub(crate) samples: Vec<u8>,
    pub(crate) alpha: Option<Vec<u8>>,
}

/// A PNG's pixels (8 bits a sample, not interlaced; grey, grey+alpha, RGB, RGBA), unfiltered.
pub(crate) fn png_decode(data: &[u8]) -> Option<Png> {
    const SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
    let mut rest = data.strip_prefix(SIGNATURE)?;
    let (mut width, mut height, mut color) = (0u32, 0u32, 0u8);
    let mut idat = Vec::new();
    while rest.len() >= 12 {
        let len = u32::from_be_bytes(rest[..4].try_into().ok()?) as usize;
        let kind = &rest[4..8];
        let body = rest.get(8..8 + len)?;
        match kind {
            b"IHDR" if len == 13 => {
                width = u32::from_be_bytes(body[..4].try_into().ok()?);
                height = u32::from_be_bytes(body[4..8].try_into().ok()?);
                let (depth, interlace) = (body[8], body[12]);
                color = body[9];
                if depth != 8 || interlace != 0 || !matches!(color, 0 | 2 | 4 | 6) {
                    return None;
                }
            }
            b"IDAT" => idat.extend_from_slice(body),
            b"IEND" => break,
            _ => {}
        }
        rest = rest.get(12 + len..)?;
    }
    if width == 0 || height == 0 || width > 8_000 || height > 8_000 {
        return None;
    }
    let bpp: usize = match color {
        0 => 1,
        2 => 3,
        4 => 2,
        _ => 4,
    };
    let stride = width as usize * bpp;
    let limit = (stride + 1) * height as usize;
    let raw = miniz_oxide::inflate::decompress_to_vec_zlib_with_limit(&idat, limit).ok()?;
    if raw.len() != limit {
        return None;
    }
    let mut pixels = vec![0u8; stride * height as usize];
    for y in 0..height as usize {
        let filter = raw[y * (stride + 1)];
        let line = &raw[y * (stride + 1) + 1..(y + 1) * (stride + 1)];
        for x in 0..stride {
            let a = if x >= bpp {
                pixels[y * stride + x - bpp]
            } else {
                0
            };
            let b = if y > 0 {
                pixels[(y - 1) * stride + x]
            } else {
                0
            };
            let c = if x >= bpp && y > 0 {
                pixels[(y - 1) * stride + x - bpp]
            } else {
                0
            };
            let predicted = match filter {
                0 => 0,
                1 => a,
                2 => b,
                3 => ((u16::from(a) + u16::from(b)) / 2) as u8,
                4 => {
                    let p = i16::from(a) + i16::from(b) - i16::from(c);
                    let (pa, pb, pc) = (
                        (p - i16::from(a)).abs(),
                        (p - i16::from(b)).abs(),
                        (p - i16::from(c)).abs(),
                    );
                    if pa <= pb && pa <= pc {
                        a
                    } else if pb <= pc {
                        b
                    } else {
                        c
                    }
                }
                _ => return None,
            };
            pixels[y * stride + x] = line[x].wrapping_add(predicted);
        }
    }
    let (components, has_alpha) = match color {
        0 => (1u8, false),
        2 => (3, false),
        4 => (1, true),
        _ => (3, true),
    };
    if !has_alpha {
        return Some(Png {
            width,
            height,
            components,
            samples: pixels,
            alpha: None,
        });
    }
    let n = usize::from(components);
    let mut samples = Vec::with_capacity(pixels.len());
    let mut alpha = Vec::with_capacity(pixels.len() / bpp);
    for px in pixels.chunks_exact(bpp) {
        samples.extend_from_slice(&px[..n]);
        alpha.push(px[n]);
    }
    Some(Png {
        width,
        height,
        components,
        samples,
        alpha: Some(alpha),
    })
}

/// The smallest size a line is set at to fit its mark (points).
const MIN_SIZE: f32 = 5.0;

/// The size a line set at `size` and `natural` points wide takes in a mark `width` wide: its
/// own, or smaller so that it fits inside the mark's margins (not below [`MIN_SIZE`]).
fn fitted(size: f32, natural: f32, width: f32) -> f32 {
    let room = (width - 4.0).max(1.0);
    if natural > room {
        (size * room / natural).max(MIN_SIZE)
    } else {
        size
    }
}

/// The mark as a one-page PDF whose page is exactly the mark.
pub fn render(stamp: &Stamp) -> Result<Vec<u8>, PdfError> {
    let mut faces = [Face::load(Weight::Regular)?, Face::load(Weight::Bold)?];
    let mut content = Content::new();
    let mut alloc = Ref::new(1);
    let catalog = alloc.bump();
    let tree = alloc.bump();
    let page = alloc.bump();
    let contents = alloc.bump();
    let fonts = [alloc.bump(), alloc.bump()];
    let image_ref = alloc.bump();
    let mask_ref = alloc.bump();
    let mut image_info = None;
    if stamp.paper {
        content.set_fill_rgb(1.0, 1.0, 1.0);
        content.rect(0.0, 0.0, stamp.width, stamp.height);
        content.fill_nonzero();
    }
    if let Some(img) = &stamp.image {
        image_info = Some(picture(&img.data).ok_or_else(|| {
            PdfError::Font("the image is neither a JPEG nor an 8-bit PNG".into())
        })?);
        content.save_state();
        content.transform([img.at[2], 0.0, 0.0, img.at[3], img.at[0], img.at[1]]);
        content.x_object(Name(b"Im1"));
        content.restore_state();
    }
    if stamp.border {
        if let Some(first) = stamp.lines.first() {
            let [r, g, b] = first.color;
            content.set_stroke_rgb(r, g, b);
        }
        content.set_line_width(1.0);
        content.rect(1.0, 1.0, stamp.width - 2.0, stamp.height - 2.0);
        content.stroke();
    }
    // lines centred, from the top down; a line wider than the mark is set smaller to fit whole
    // (a place and date in a narrow field), down to the smallest size read
    let mut y = stamp.height - 4.0;
    for line in &stamp.lines {
        let face = &mut faces[usize::from(line.bold)];
        let size = fitted(line.size, face.width(&line.text, line.size), stamp.width);
        y -= size * 1.15;
        let w = face.width(&line.text, size);
        let x = ((stamp.width - w) / 2.0).max(2.0);
        let [r, g, b] = line.color;
        content.set_fill_rgb(r, g, b);
        content.begin_text();
        content.set_font(
            if line.bold {
                Weight::Bold
            } else {
                Weight::Regular
            }
            .resource_name(),
            size,
        );
        content.next_line(x, y);
        content.show(Str(&face.encode(&line.text)));
        content.end_text();
    }
    let data = content.finish();
    let mut pdf = Pdf::new();
    pdf.set_version(1, 7);
    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree).kids([page]).count(1);
    {
        let mut p = pdf.page(page);
        p.parent(tree)
            .media_box(Rect::new(0.0, 0.0, stamp.width, stamp.height))
            .contents(contents);
        let mut resources = p.resources();
        {
            let mut f = resources.fonts();
            f.pair(Weight::Regular.resource_name(), fonts[0]);
            f.pair(Weight::Bold.resource_name(), fonts[1]);
        }
        if image_info.is_some() {
            resources.x_objects().pair(Name(b"Im1"), image_ref);
        }
        resources.finish();
    }
    pdf.stream(contents, &data);
    if let Some(p) = &image_info {
        let dim = |v: u32| i32::try_from(v).unwrap_or(1);
        let mut x = pdf.image_xobject(image_ref, &p.data);
        x.filter(p.filter);
        x.width(dim(p.width));
        x.height(dim(p.height));
        x.bits_per_component(8);
        match p.components {
            1 => x.color_space().device_gray(),
            4 => x.color_space().device_cmyk(),
            _ => x.color_space().device_rgb(),
        };
        if p.alpha.is_some() {
            x.s_mask(mask_ref);
        }
        x.finish();
        if let Some(alpha) = &p.alpha {
            let mut m = pdf.image_xobject(mask_ref, alpha);
            m.filter(Filter::FlateDecode);
            m.width(dim(p.width));
            m.height(dim(p.height));
            m.bits_per_component(8);
            m.color_space().device_gray();
        }
    }
    let mut next = alloc;
    for (face, r) in faces.iter().zip(fonts) {
        face.write(&mut pdf, &mut next, r)?;
    }
    Ok(pdf.finish())
}

/// The kinds of mark Decree 30 describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// The signer's: name and time in blue, the signature image centred below.
    Signer,
    /// The organisation's: the seal image, to lie over the left third of the signer's (its name
    /// and the time in red instead when there is no image).
    Seal,
    /// Copies: a framed text stamp, no image.
    Copy,
    /// An attachment sent with a document (Decree 30, Appendix I): a framed text stamp with the
    /// document's number and notation (given as `name`), the organisation and the time.
    Attachment,
}

impl Mark {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "signer" => Some(Self::Signer),
            "seal" => Some(Self::Seal),
            "copy" => Some(Self::Copy),
            "attachment" => Some(Self::Attachment),
            _ => None,
        }
    }
}

/// A signing time given as ISO 8601 (`2026-12-05T14:02:03+07:00`) as a Vietnamese reader
/// writes it, day first, its zone kept as ISO 8601 writes it (`05/12/2026 14:02:03 +07:00`);
/// anything else as given.
pub fn vietnamese_time(iso: &str) -> String {
    let b = iso.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    let shaped = b.len() >= 19
        && digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10)
        && b[10] == b'T'
        && digits(11..13)
        && digits(14..16)
        && digits(17..19);
    if !shaped {
        return iso.to_string();
    }
    let zone = match &iso[19..] {
        "Z" => "+00:00",
        z => z,
    };
    format!(
        "{}/{}/{} {} {zone}",
        &iso[8..10],
        &iso[5..7],
        &iso[0..4],
        &iso[11..19]
    )
    .trim_end()
    .to_string()
}

/// A mark of `kind` of `width` × `height` points: `name` the signer's, `organisation` the
/// body's, `time` as ISO 8601 with +07:00 (shown day first, see [`vietnamese_time`]), `image`
/// a JPEG or PNG.
pub fn decree30(
    kind: Mark,
    width: f32,
    height: f32,
    name: &str,
    organisation: &str,
    time: &str,
    image: Option<Vec<u8>>,
) -> Stamp {
    const BLUE: [f32; 3] = [0.05, 0.2, 0.65];
    const RED: [f32; 3] = [0.8, 0.05, 0.05];
    let time = vietnamese_time(time);
    let time = time.as_str();
    let line = |text: String, size: f32, bold: bool, color: [f32; 3]| Line {
        text,
        size,
        bold,
        color,
    };
    match kind {
        Mark::Signer => Stamp {
            width,
            height,
            lines: vec![
                line(format!("Ký bởi: {name}"), 7.0, true, BLUE),
                line(format!("Thời gian ký: {time}"), 6.0, false, BLUE),
            ],
            image: image.map(|data| Image {
                data,
                at: [width * 0.2, 2.0, width * 0.6, (height - 22.0).max(4.0)],
            }),
            border: false,
            paper: false,
        },
        // Decree 30: the seal's image over the left third of the signer's; the organisation's
        // name and the time are in the signature itself, and written out only where there is
        // no image to show
        Mark::Seal => match image {
            Some(data) => {
                let size = (width / 3.0).min(height);
                Stamp {
                    width,
                    height,
                    lines: Vec::new(),
                    image: Some(Image {
                        data,
                        at: [(width - size) / 2.0, (height - size) / 2.0, size, size],
                    }),
                    border: false,
                    paper: false,
                }
            }
            None => Stamp {
                width,
                height,
                lines: vec![
                    line(organisation.to_string(), 7.0, true, RED),
                    line(format!("Thời gian ký: {time}"), 6.0, false, RED),
                ],
                image: None,
                border: false,
                paper: false,
            },
        },
        Mark::Attachment => Stamp {
            width,
            height,
            lines: vec![
                line(name.to_string(), 8.0, true, RED),
                line(organisation.to_string(), 7.0, false, RED),
                line(time.to_string(), 6.0, false, RED),
            ],
            image: None,
            border: true,
            paper: false,
        },
        Mark::Copy => Stamp {
            width,
            height,
            lines: vec![
                line("BẢN SAO ĐIỆN TỬ".into(), 8.0, true, RED),
                line(organisation.to_string(), 7.0, false, RED),
                line(time.to_string(), 6.0, false, RED),
            ],
            image: None,
            border: true,
            paper: false,
        },
    }
}

/// The look of a filled-in text field (the issued number, the date): one black line sized to
/// the field's height.
pub fn field_text(width: f32, height: f32, text: &str) -> Stamp {
    Stamp {
        width,
        height,
        lines: vec![Line {
            text: text.to_string(),
            // the line's top 4 points below the field's, and room under its baseline for the
            // descenders (g, y): the text must fit whole
            size: ((height - 4.0) / 1.4).clamp(6.0, 13.0),
            bold: false,
            color: [0.0, 0.0, 0.0],
        }],
        image: None,
        border: false,
        paper: true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An RGBA PNG written here, its rows filtered None, Sub and Up.
    fn rgba_png(width: u32, rows: &[Vec<u8>]) -> Vec<u8> {
        let chunk = |kind: &[u8], body: &[u8]| {
            let mut c = (body.len() as u32).to_be_bytes().to_vec();
            c.extend_from_slice(kind);
            c.extend_from_slice(body);
            c.extend_from_slice(&[0, 0, 0, 0]); // the CRC is not checked by lode
            c
        };
        let mut ihdr = width.to_be_bytes().to_vec();
        ihdr.extend_from_slice(&(rows.len() as u32).to_be_bytes());
        ihdr.extend_from_slice(&[8, 6, 0, 0, 0]);
        let mut raw = Vec::new();
        for (y, row) in rows.iter().enumerate() {
            let filter = (y % 3) as u8;
            raw.push(filter);
            for (x, v) in row.iter().enumerate() {
                let predicted = match filter {
                    1 if x >= 4 => row[x - 4],
                    2 if y > 0 => rows[y - 1][x],
                    _ => 0,
                };
                raw.push(v.wrapping_sub(predicted));
            }
        }
        let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
        png.extend(chunk(b"IHDR", &ihdr));
        png.extend(chunk(
            b"IDAT",
            &miniz_oxide::deflate::compress_to_vec_zlib(&raw, 6),
        ));
        png.extend(chunk(b"IEND", &[]));
        png
    }

    #[test]
    fn a_line_too_wide_for_its_mark_is_set_smaller_to_fit() {
        assert_eq!(fitted(12.0, 100.0, 200.0), 12.0);
        let size = fitted(12.0, 392.0, 200.0);
        assert!((size - 6.0).abs() < 1e-4, "{size}");
        assert_eq!(fitted(12.0, 4000.0, 200.0), MIN_SIZE);
    }

    #[test]
    fn signing_times_read_day_first() {
        assert_eq!(
            vietnamese_time("2026-12-05T14:02:03+07:00"),
            "05/12/2026 14:02:03 +07:00"
        );
        assert_eq!(
            vietnamese_time("2026-01-31T23:59:59Z"),
            "31/01/2026 23:59:59 +00:00"
        );
        assert_eq!(vietnamese_time("hôm nay"), "hôm nay");
    }

    #[test]
    fn png_pixels_and_transparency_come_back() {
        let rows: Vec<Vec<u8>> = (0..3u8)
            .map(|y| {
                (0..4u8)
                    .flat_map(|x| [200 - x * 10, y * 50, 30, 255 - x * 60])
                    .collect()
            })
            .collect();
        let png = png_decode(&rgba_png(4, &rows)).expect("decodes");
        assert_eq!((png.width, png.height, png.components), (4, 3, 3));
        let alpha = png.alpha.expect("alpha");
        assert_eq!(alpha[..4], [255, 195, 135, 75]);
        assert_eq!(png.samples[..6], [200, 0, 30, 190, 0, 30]);
        assert_eq!(png.samples[12..15], [200, 50, 30], "row 2 (Sub filter)");
        assert!(png_decode(b"\x89PNG\r\n\x1a\nxx").is_none());
        assert!(png_decode(b"not a png").is_none());
        // a mark with it carries the soft mask
        let pdf = render(&decree30(
            Mark::Seal,
            180.0,
            80.0,
            "",
            "Cục",
            "2026",
            Some(rgba_png(4, &rows)),
        ))
        .expect("renders");
        assert!(pdf.windows(6).any(|w| w == b"/SMask"));
    }
}
