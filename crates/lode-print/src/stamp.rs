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

/// An image drawn in the mark: JPEG bytes, and where (x, y, width, height in points).
#[derive(Debug, Clone)]
pub struct Image {
    pub jpeg: Vec<u8>,
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
    let mut image_info = None;
    if let Some(img) = &stamp.image {
        let (w, h, components) =
            jpeg_info(&img.jpeg).ok_or_else(|| PdfError::Font("the image is not a JPEG".into()))?;
        image_info = Some((w, h, components));
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
    // lines centred, from the top down
    let mut y = stamp.height - 4.0;
    for line in &stamp.lines {
        let face = &mut faces[usize::from(line.bold)];
        y -= line.size * 1.15;
        let w = face.width(&line.text, line.size);
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
            line.size,
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
    if let (Some(img), Some((w, h, components))) = (&stamp.image, image_info) {
        let mut x = pdf.image_xobject(image_ref, &img.jpeg);
        x.filter(Filter::DctDecode);
        x.width(i32::try_from(w).unwrap_or(1));
        x.height(i32::try_from(h).unwrap_or(1));
        x.bits_per_component(8);
        match components {
            1 => x.color_space().device_gray(),
            4 => x.color_space().device_cmyk(),
            _ => x.color_space().device_rgb(),
        };
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
    /// The organisation's: its name and the time in red, the seal image on the left third.
    Seal,
    /// Copies and attachments: a framed text stamp, no image.
    Copy,
}

impl Mark {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "signer" => Some(Self::Signer),
            "seal" => Some(Self::Seal),
            "copy" => Some(Self::Copy),
            _ => None,
        }
    }
}

/// A mark of `kind` of `width` × `height` points: `name` the signer's, `organisation` the
/// body's, `time` as it should read (ISO 8601 with +07:00), `image` a JPEG.
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
            image: image.map(|jpeg| Image {
                jpeg,
                at: [width * 0.2, 2.0, width * 0.6, (height - 22.0).max(4.0)],
            }),
            border: false,
        },
        Mark::Seal => Stamp {
            width,
            height,
            lines: vec![
                line(organisation.to_string(), 7.0, true, RED),
                line(format!("Thời gian ký: {time}"), 6.0, false, RED),
            ],
            image: image.map(|jpeg| Image {
                jpeg,
                at: [
                    0.0,
                    0.0,
                    (width / 3.0).min(height),
                    (width / 3.0).min(height),
                ],
            }),
            border: false,
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
            size: (height * 0.6).clamp(6.0, 13.0),
            bold: false,
            color: [0.0, 0.0, 0.0],
        }],
        image: None,
        border: false,
    }
}
