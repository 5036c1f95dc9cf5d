//! PDF documents lode writes itself: registers, dossier indexes, weekly reports, forms.
//!
//! A [`Document`] is a list of [`Block`]s (the heading of an official paper with the agency on
//! the left and the national motto on the right, titles, paragraphs, tables) laid out on A4
//! pages, portrait or landscape, or A5 portrait (the one-stop desk's forms), with Decree 30
//! margins. Tables wrap their cells and repeat their
//! header row on every page; every page is numbered "Trang n/N".
//!
//! Text is set in DejaVu Sans (embedded, subset to the glyphs used, with a ToUnicode map), so
//! Vietnamese prints and copies out correctly without any font on the reader's machine.
//!
//! - this module: the blocks and the layout, and [`Register`], a table printed both ways;
//! - [`fonts`]: the faces, their metrics and their embedding;
//! - [`xlsx`]: a table as a spreadsheet;
//! - [`zip`]: zip archives (workbooks, exchange packages).

mod fonts;
pub mod marks;
pub mod stamp;
pub mod xlsx;
pub mod zip;

use fonts::Face;
pub use fonts::Weight;
use pdf_writer::{Content, Filter, Finish, Name, Pdf, Rect, Ref, Str, TextStr};

/// What can go wrong making a PDF (only a broken embedded font, in practice).
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("font: {0}")]
    Font(String),
}

/// The page: A4 upright or lying, or A5 upright (the one-stop desk's forms 01–05, Circular
/// 01/2018/TT-VPCP).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Orientation {
    Portrait,
    Landscape,
    A5Portrait,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Center,
    Right,
}

/// One column of a table: its header and its share of the width.
#[derive(Debug, Clone)]
pub struct Column {
    pub header: String,
    /// Relative width; the columns share the text width in these proportions.
    pub weight: f32,
    pub align: Align,
}

impl Column {
    pub fn new(header: &str, weight: f32) -> Self {
        Self {
            header: header.to_string(),
            weight,
            align: Align::Left,
        }
    }

    pub fn centered(header: &str, weight: f32) -> Self {
        Self {
            align: Align::Center,
            ..Self::new(header, weight)
        }
    }
}

/// A piece of a document, laid out top to bottom.
#[derive(Debug, Clone)]
pub enum Block {
    /// The heading of an official paper: the issuing body (left) and the national motto
    /// (right), each a few centred lines, the first ones bold.
    OfficialHeading {
        left: Vec<(String, Weight)>,
        right: Vec<(String, Weight)>,
    },
    /// A centred title.
    Title(String),
    /// A centred line under the title.
    Subtitle(String),
    Heading(String),
    Paragraph(String),
    Table {
        columns: Vec<Column>,
        rows: Vec<Vec<String>>,
    },
    /// Vertical space, in points.
    Space(f32),
    /// A QR code of `text` (what a phone reads to open the dossier's tracking page), `size`
    /// points wide, at the right with `caption` beside it.
    QrCode {
        text: String,
        size: f32,
        caption: String,
    },
    /// A slip's last lines: a QR code of `qr` with its `caption` under it at the left, and the
    /// signature block at the right beside it (the place and date, the position, room, the name).
    QrAndSignature {
        qr: String,
        caption: String,
        place_date: String,
        position: String,
        name: String,
    },
    /// A centred signature block at the right: the position, then room, then the name.
    Signature {
        place_date: String,
        position: String,
        name: String,
    },
    /// Room left empty under the heading's two columns, `height` points tall, named so that
    /// fields can be put there ([`render_reserving`]): on an official letter, the number
    /// under the issuing body and the place and date under the motto.
    Reserved {
        left: Option<String>,
        right: Option<String>,
        height: f32,
    },
    /// A letter's subject (the `V/v` of a công văn) centred under its number, in the
    /// heading's left column.
    UnderNumber(String),
    /// The signature block at the right with its room named: the position, a box `reserve`
    /// where the signature goes, the name; `beside` it at the left, smaller, the recipients
    /// (`Nơi nhận:` and its lines), as Decree 30 sets them.
    SignatureBox {
        position: String,
        name: String,
        reserve: String,
        beside: Vec<String>,
    },
    /// A map or a sketch `height` points tall across the text width, framed: `shapes` in
    /// their own coordinates (x to the right, y up), the part of them within `bounds`
    /// (min x, min y, max x, max y) drawn, fitted without distortion.
    Drawing {
        height: f32,
        bounds: [f64; 4],
        shapes: Vec<Shape>,
    },
}

/// A shape of a [`Block::Drawing`]: polygons or a line, its colours (red, green, blue from 0
/// to 1), and a label at a point of its own.
#[derive(Debug, Clone)]
pub struct Shape {
    pub rings: Vec<Vec<(f64, f64)>>,
    /// Closed and filled (a polygon), or an open line.
    pub closed: bool,
    pub stroke: Option<[f32; 3]>,
    pub fill: Option<[f32; 3]>,
    pub width: f32,
    pub label: Option<(f64, f64, String)>,
}

/// A box a document left empty and named, on `page` (0 for the first), in PDF points from the
/// page's bottom left: `[x1, y1, x2, y2]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Reserved {
    pub name: String,
    pub page: usize,
    pub rect: [f32; 4],
}

/// A document to print.
#[derive(Debug, Clone)]
pub struct Document {
    pub title: String,
    pub author: String,
    pub orientation: Orientation,
    pub blocks: Vec<Block>,
}

const MM: f32 = 72.0 / 25.4;
const A4: (f32, f32) = (210.0 * MM, 297.0 * MM);
const A5: (f32, f32) = (148.0 * MM, 210.0 * MM);
/// A page's margins, in points.
#[derive(Clone, Copy)]
struct Margins {
    top: f32,
    bottom: f32,
    left: f32,
    right: f32,
}

impl Margins {
    fn of(orientation: Orientation) -> Self {
        match orientation {
            // Decree 30, Appendix I: top and bottom 20–25 mm, left 30–35 mm, right 15–20 mm.
            Orientation::Portrait | Orientation::Landscape => Margins {
                top: 20.0 * MM,
                bottom: 20.0 * MM,
                left: 30.0 * MM,
                right: 15.0 * MM,
            },
            // the desk's slips: half the page, narrower margins so that a line holds a name
            Orientation::A5Portrait => Margins {
                top: 12.0 * MM,
                bottom: 12.0 * MM,
                left: 15.0 * MM,
                right: 10.0 * MM,
            },
        }
    }
}
const BODY: f32 = 10.0;
/// The smallest size a heading's line is set at to stay on one line.
const HEADING_MIN: f32 = 8.5;
const TABLE: f32 = 8.5;
const PAD: f32 = 2.5;

/// One thing drawn on a page.
enum Op {
    Text {
        x: f32,
        y: f32,
        size: f32,
        weight: Weight,
        text: String,
    },
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
    },
    Fill {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        gray: f32,
    },
    /// Paths in page points, clipped to `clip` (x, y, w, h).
    Paths {
        clip: [f32; 4],
        rings: Vec<Vec<(f32, f32)>>,
        closed: bool,
        stroke: Option<[f32; 3]>,
        fill: Option<[f32; 3]>,
        width: f32,
    },
    /// A frame around a drawing.
    Frame {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
    },
}

struct Layout<'f> {
    faces: &'f [Face; 2],
    width: f32,
    height: f32,
    pages: Vec<Vec<Op>>,
    /// The baseline cursor, from the top of the page downwards.
    y: f32,
    margins: Margins,
    reserved: Vec<Reserved>,
    /// How far apart lines stand, as a share of the usual: below 1 where a paper must keep to
    /// one page ([`render_on_one_page`]).
    leading: f32,
}

impl<'f> Layout<'f> {
    fn face(&self, w: Weight) -> &Face {
        match w {
            Weight::Regular => &self.faces[0],
            Weight::Bold => &self.faces[1],
        }
    }

    fn left(&self) -> f32 {
        self.margins.left
    }

    fn text_width(&self) -> f32 {
        self.width - self.margins.left - self.margins.right
    }

    fn bottom(&self) -> f32 {
        self.height - self.margins.bottom - 14.0 // room for the page number
    }

    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = self.margins.top;
    }

    fn ensure(&mut self, needed: f32) -> bool {
        if self.y + needed > self.bottom() {
            self.new_page();
            true
        } else {
            false
        }
    }

    fn push(&mut self, op: Op) {
        if let Some(page) = self.pages.last_mut() {
            page.push(op);
        }
    }

    /// Places one line of text with its top at the cursor (PDF y grows upwards).
    fn put(&mut self, x: f32, top: f32, size: f32, weight: Weight, text: &str) {
        let baseline = top + size * 0.93;
        let y = self.height - baseline;
        self.push(Op::Text {
            x,
            y,
            size,
            weight,
            text: text.to_string(),
        });
    }

    /// Breaks `text` into lines no wider than `width`.
    fn wrap(&self, text: &str, size: f32, weight: Weight, width: f32) -> Vec<String> {
        let face = self.face(weight);
        let mut lines = Vec::new();
        for paragraph in text.split('\n') {
            let mut line = String::new();
            for word in paragraph.split_whitespace() {
                let candidate = if line.is_empty() {
                    word.to_string()
                } else {
                    format!("{line} {word}")
                };
                if face.width(&candidate, size) <= width {
                    line = candidate;
                    continue;
                }
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                // A word wider than the column is cut where it must be.
                let mut piece = String::new();
                for c in word.chars() {
                    piece.push(c);
                    if face.width(&piece, size) > width && piece.chars().count() > 1 {
                        piece.pop();
                        lines.push(std::mem::take(&mut piece));
                        piece.push(c);
                    }
                }
                line = piece;
            }
            lines.push(line);
        }
        lines
    }

    /// Names the box `width` × `height` points at `x`, its top at the cursor.
    fn reserve(&mut self, name: &str, x: f32, width: f32, height: f32) {
        let top = self.height - self.y;
        self.reserved.push(Reserved {
            name: name.to_string(),
            page: self.pages.len().saturating_sub(1),
            rect: [x, top - height, x + width, top],
        });
    }

    /// Lines centred in a column. A heading's line that would break (the national motto on an
    /// A5 slip) is set a little smaller to stay whole, down to [`HEADING_MIN`]; past that it wraps.
    fn centred_lines(&mut self, x: f32, width: f32, lines: &[(String, Weight)], size: f32) -> f32 {
        let mut top = self.y;
        for (text, weight) in lines {
            let natural = self.face(*weight).width(text, size);
            let size = if natural > width && natural * HEADING_MIN / size <= width {
                size * width / natural
            } else {
                size
            };
            for l in self.heading_lines(text, size, *weight, width) {
                let w = self.face(*weight).width(&l, size);
                self.put(x + (width - w) / 2.0, top, size, *weight, &l);
                top += size * 1.3 * self.leading;
            }
        }
        top
    }

    /// A heading's line set on two lines where it must be, broken where a Vietnamese reader
    /// breaks it: before "VÀ" ("CỤC ĐỊA CHẤT / VÀ KHOÁNG SẢN VIỆT NAM"), else between the
    /// two-syllable words counted from its end ("CỘNG HÒA XÃ HỘI / CHỦ NGHĨA VIỆT NAM"), never
    /// inside one ("KHOÁNG / SẢN"); the two lines as even as that allows. Wrapped word by
    /// word when no such break fits.
    fn heading_lines(&self, text: &str, size: f32, weight: Weight, width: f32) -> Vec<String> {
        let face = self.face(weight);
        // lines broken by the writer are kept as written
        if text.contains('\n') {
            return self.wrap(text, size, weight, width);
        }
        if face.width(text, size) <= width {
            return vec![text.to_string()];
        }
        let words: Vec<&str> = text.split_whitespace().collect();
        let best = (1..words.len())
            // never beside a dash ("Độc lập - Tự do"): it joins what stands either side
            .filter(|at| words[*at] != "-" && words[at - 1] != "-")
            .filter_map(|at| {
                let (first, second) = (words[..at].join(" "), words[at..].join(" "));
                let (a, b) = (face.width(&first, size), face.width(&second, size));
                if a > width || b > width {
                    return None;
                }
                let before_and = words[at].to_lowercase() == "và";
                let between_pairs = (words.len() - at).is_multiple_of(2);
                // the kind of break first (0 best), then how even the two lines are
                let kind = match (before_and, between_pairs) {
                    (true, _) => 0,
                    (false, true) => 1,
                    (false, false) => 2,
                };
                Some((kind, (a - b).abs(), first, second))
            })
            .min_by(|x, y| x.0.cmp(&y.0).then(x.1.total_cmp(&y.1)));
        match best {
            Some((_, _, first, second)) => vec![first, second],
            None => self.wrap(text, size, weight, width),
        }
    }

    fn block(&mut self, block: &Block) {
        match block {
            Block::OfficialHeading { left, right } => {
                let half = self.text_width() / 2.0;
                self.ensure(60.0);
                let x = self.left();
                // the body's name takes the room it needs on one line where it can (Decree
                // 30 sets it centred under the ministry), the motto's lines the rest
                let end_left = self.centred_lines(x - 10.0, half * 0.9, left, BODY);
                let end_right = self.centred_lines(x + half * 0.9, half * 1.1, right, BODY);
                self.y = end_left.max(end_right) + 8.0;
            }
            Block::Title(t) => self.centred(t, 13.0, Weight::Bold),
            Block::Subtitle(t) => self.centred(t, BODY, Weight::Regular),
            Block::Heading(t) => {
                self.ensure(30.0);
                self.y += 4.0;
                self.paragraph(t, 11.0, Weight::Bold);
            }
            Block::Paragraph(t) => self.paragraph(t, BODY, Weight::Regular),
            Block::Space(h) => self.y += h,
            Block::QrCode {
                text,
                size,
                caption,
            } => self.qr_code(text, *size, caption),
            Block::Table { columns, rows } => self.table(columns, rows),
            Block::Drawing {
                height,
                bounds,
                shapes,
            } => self.drawing(*height, *bounds, shapes),
            Block::Signature {
                place_date,
                position,
                name,
            } => {
                self.ensure(90.0);
                self.y = self.signature_block(place_date, position, name);
            }
            Block::QrAndSignature {
                qr,
                caption,
                place_date,
                position,
                name,
            } => {
                // the code keeps the size a phone reads it at, whatever the spacing
                let qr_size = 56.0;
                self.ensure(100.0);
                let top = self.y;
                let half = self.text_width() / 2.0;
                let mut under = top;
                if self.qr_at(qr, self.left(), top, qr_size) {
                    under = top + qr_size + 4.0;
                }
                let small = BODY - 1.5;
                for line in self.wrap(caption, small, Weight::Regular, half - 10.0) {
                    let x = self.left();
                    self.put(x, under, small, Weight::Regular, &line);
                    under += small * 1.3 * self.leading;
                }
                self.y = top;
                let signed = self.signature_block(place_date, position, name);
                self.y = signed.max(under);
            }
            Block::Reserved {
                left,
                right,
                height,
            } => {
                // the columns of the official heading
                let half = self.text_width() / 2.0;
                self.ensure(*height + 10.0);
                let x = self.left();
                if let Some(name) = left {
                    self.reserve(name, x - 10.0, half * 0.8, *height);
                }
                if let Some(name) = right {
                    self.reserve(name, x + half * 0.8, half * 1.2, *height);
                }
                self.y += height + 8.0;
            }
            Block::UnderNumber(text) => {
                // the number's column, as `Reserved` sets it
                let half = self.text_width() / 2.0;
                self.ensure(2.0 * BODY * 1.3 * self.leading);
                let x = self.left() - 10.0;
                let lines: Vec<(String, Weight)> = self
                    .wrap(text, BODY, Weight::Regular, half * 0.8)
                    .into_iter()
                    .map(|l| (l, Weight::Regular))
                    .collect();
                self.y = self.centred_lines(x, half * 0.8, &lines, BODY) + 6.0;
            }
            Block::SignatureBox {
                position,
                name,
                reserve,
                beside,
            } => {
                // room for a mark of 75 × 30 mm, as lode draws one
                let room = 30.0 * MM;
                let width = self.text_width() / 2.0;
                let small = BODY - 1.0;
                let beside: Vec<(String, Weight)> = beside
                    .iter()
                    .enumerate()
                    .flat_map(|(i, line)| {
                        let weight = if i == 0 {
                            Weight::Bold
                        } else {
                            Weight::Regular
                        };
                        self.wrap(line, small, weight, width - 10.0)
                            .into_iter()
                            .map(move |l| (l, weight))
                    })
                    .collect();
                let listed = beside.len() as f32 * small * 1.3 * self.leading;
                self.ensure((room + 60.0).max(listed));
                let top = self.y;
                let mut under = top;
                for (line, weight) in &beside {
                    let x = self.left();
                    self.put(x, under, small, *weight, line);
                    under += small * 1.3 * self.leading;
                }
                let x = self.left() + width;
                self.y = self.centred_lines(x, width, &[(position.clone(), Weight::Bold)], BODY);
                let mark = (75.0 * MM).min(width);
                self.reserve(reserve, x + (width - mark) / 2.0, mark, room);
                self.y += room;
                self.y = self
                    .centred_lines(x, width, &[(name.clone(), Weight::Bold)], BODY)
                    .max(under);
            }
        }
    }

    /// The QR code's dark modules as filled squares (with the quiet zone of four modules the
    /// standard asks), the caption wrapped at its left.
    fn drawing(&mut self, height: f32, bounds: [f64; 4], shapes: &[Shape]) {
        self.ensure(height + 8.0);
        let (x0, width, top) = (self.left(), self.text_width(), self.y);
        let y0 = self.height - (top + height);
        let [a, b, c, d] = bounds;
        let (span_x, span_y) = ((c - a).max(1e-9), (d - b).max(1e-9));
        let scale = (f64::from(width) / span_x).min(f64::from(height) / span_y);
        // centred in the frame
        let (ox, oy) = (
            f64::from(x0) + (f64::from(width) - span_x * scale) / 2.0,
            f64::from(y0) + (f64::from(height) - span_y * scale) / 2.0,
        );
        let at =
            |(x, y): (f64, f64)| ((ox + (x - a) * scale) as f32, (oy + (y - b) * scale) as f32);
        let clip = [x0, y0, width, height];
        for s in shapes {
            self.push(Op::Paths {
                clip,
                rings: s
                    .rings
                    .iter()
                    .map(|r| r.iter().map(|p| at(*p)).collect())
                    .collect(),
                closed: s.closed,
                stroke: s.stroke,
                fill: s.fill,
                width: s.width,
            });
        }
        for s in shapes {
            if let Some((x, y, text)) = &s.label {
                let (px, py) = at((*x, *y));
                if px >= x0 && px <= x0 + width && py >= y0 && py <= y0 + height {
                    self.push(Op::Text {
                        x: px + 2.0,
                        y: py + 2.0,
                        size: 7.0,
                        weight: Weight::Regular,
                        text: text.clone(),
                    });
                }
            }
        }
        self.push(Op::Frame {
            x: x0,
            y: y0,
            w: width,
            h: height,
        });
        self.y = top + height + 8.0;
    }

    /// The signature block in the right half from the cursor: the place and date and the
    /// position, room for the signature, the name; where it ends.
    fn signature_block(&mut self, place_date: &str, position: &str, name: &str) -> f32 {
        let width = self.text_width() / 2.0;
        let x = self.left() + width;
        let top = self.centred_lines(
            x,
            width,
            &[
                (place_date.to_string(), Weight::Regular),
                (position.to_string(), Weight::Bold),
            ],
            BODY,
        );
        // the room for a hand's signature keeps its size, whatever the spacing
        self.y = top + 50.0;
        // the name in bold; a line under it (how it was signed) in plain type
        let lines: Vec<(String, Weight)> = name
            .split('\n')
            .enumerate()
            .map(|(i, line)| {
                let weight = if i == 0 {
                    Weight::Bold
                } else {
                    Weight::Regular
                };
                (line.to_string(), weight)
            })
            .collect();
        self.centred_lines(x, width, &lines, BODY)
    }

    /// Draws a QR code of `text`, `size` points wide, its top left at `x0`, `top`; false when
    /// the text is too long for any QR version (nothing drawn).
    fn qr_at(&mut self, text: &str, x0: f32, top: f32, size: f32) -> bool {
        let Ok(code) = qrcode::QrCode::new(text.as_bytes()) else {
            return false;
        };
        let n = code.width();
        let colors = code.to_colors();
        let module = size / (n as f32 + 8.0);
        for (i, c) in colors.iter().enumerate() {
            if *c == qrcode::Color::Dark {
                let (col, row) = ((i % n) as f32 + 4.0, (i / n) as f32 + 4.0);
                self.push(Op::Fill {
                    x: x0 + col * module,
                    y: self.height - (top + (row + 1.0) * module),
                    w: module,
                    h: module,
                    gray: 0.0,
                });
            }
        }
        true
    }

    fn qr_code(&mut self, text: &str, size: f32, caption: &str) {
        self.ensure(size + 10.0);
        let x0 = self.left() + self.text_width() - size;
        let top = self.y;
        if !self.qr_at(text, x0, top, size) {
            // too long for any QR version: the caption alone
            self.paragraph(caption, BODY, Weight::Regular);
            return;
        }
        let width = self.text_width() - size - 10.0;
        let mut y = top + 8.0;
        for line in self.wrap(caption, BODY, Weight::Regular, width) {
            let x = self.left();
            self.put(x, y, BODY, Weight::Regular, &line);
            y += BODY * 1.3 * self.leading;
        }
        self.y = top + size + 6.0;
    }

    fn centred(&mut self, text: &str, size: f32, weight: Weight) {
        let width = self.text_width();
        // a title over two lines is broken as a heading is, never leaving a word alone
        for line in self.heading_lines(text, size, weight, width) {
            self.ensure(size * 1.4 * self.leading);
            let w = self.face(weight).width(&line, size);
            self.put(self.left() + (width - w) / 2.0, self.y, size, weight, &line);
            self.y += size * 1.4 * self.leading;
        }
        self.y += 2.0;
    }

    fn paragraph(&mut self, text: &str, size: f32, weight: Weight) {
        let width = self.text_width();
        for line in self.wrap(text, size, weight, width) {
            self.ensure(size * 1.4 * self.leading);
            self.put(self.left(), self.y, size, weight, &line);
            self.y += size * 1.4 * self.leading;
        }
        self.y += 3.0;
    }

    fn row_height(&self, cells: &[Vec<String>], size: f32) -> f32 {
        let lines = cells.iter().map(Vec::len).max().unwrap_or(1).max(1);
        lines as f32 * size * 1.25 * self.leading + 2.0 * PAD
    }

    /// Draws one row of cells (already wrapped) with its borders.
    fn row(
        &mut self,
        xs: &[f32],
        widths: &[f32],
        aligns: &[Align],
        cells: &[Vec<String>],
        weight: Weight,
        shade: bool,
    ) {
        let height = self.row_height(cells, TABLE);
        let top = self.y;
        let page_h = self.height;
        let total: f32 = widths.iter().sum();
        if shade {
            self.push(Op::Fill {
                x: xs[0],
                y: page_h - top - height,
                w: total,
                h: height,
                gray: 0.9,
            });
        }
        for (i, lines) in cells.iter().enumerate() {
            let mut line_top = top + PAD;
            for l in lines {
                let w = self.face(weight).width(l, TABLE);
                let x = match aligns[i] {
                    Align::Left => xs[i] + PAD,
                    Align::Center => xs[i] + (widths[i] - w) / 2.0,
                    Align::Right => xs[i] + widths[i] - PAD - w,
                };
                self.put(x, line_top, TABLE, weight, l);
                line_top += TABLE * 1.25 * self.leading;
            }
        }
        let (y1, y2) = (page_h - top, page_h - top - height);
        self.push(Op::Line {
            x1: xs[0],
            y1,
            x2: xs[0] + total,
            y2: y1,
        });
        self.push(Op::Line {
            x1: xs[0],
            y1: y2,
            x2: xs[0] + total,
            y2,
        });
        for (i, x) in xs.iter().enumerate() {
            self.push(Op::Line {
                x1: *x,
                y1,
                x2: *x,
                y2,
            });
            if i + 1 == xs.len() {
                self.push(Op::Line {
                    x1: x + widths[i],
                    y1,
                    x2: x + widths[i],
                    y2,
                });
            }
        }
        self.y += height;
    }

    fn table(&mut self, columns: &[Column], rows: &[Vec<String>]) {
        let widths = self.column_widths(columns, rows);
        let mut xs = Vec::with_capacity(widths.len());
        let mut x = self.left();
        for w in &widths {
            xs.push(x);
            x += w;
        }
        let aligns: Vec<Align> = columns.iter().map(|c| c.align).collect();
        let header: Vec<Vec<String>> = columns
            .iter()
            .zip(&widths)
            .map(|(c, w)| self.wrap(&c.header, TABLE, Weight::Bold, w - 2.0 * PAD))
            .collect();
        let header_aligns = vec![Align::Center; columns.len()];
        let header_height = self.row_height(&header, TABLE);
        self.ensure(header_height + 20.0);
        self.row(&xs, &widths, &header_aligns, &header, Weight::Bold, true);
        for r in rows {
            let cells: Vec<Vec<String>> = widths
                .iter()
                .enumerate()
                .map(|(i, w)| {
                    self.wrap(
                        r.get(i).map(String::as_str).unwrap_or(""),
                        TABLE,
                        Weight::Regular,
                        w - 2.0 * PAD,
                    )
                })
                .collect();
            let height = self.row_height(&cells, TABLE);
            if self.ensure(height) {
                self.row(&xs, &widths, &header_aligns, &header, Weight::Bold, true);
            }
            self.row(&xs, &widths, &aligns, &cells, Weight::Regular, false);
        }
        self.y += 6.0;
    }
}

impl Layout<'_> {
    /// The columns' widths: shared in their weights' proportions, then each widened, where the
    /// page has room, to hold its longest word whole (a header's "STT", a cell's date), the
    /// room taken from the columns wider than their own longest word.
    fn column_widths(&self, columns: &[Column], rows: &[Vec<String>]) -> Vec<f32> {
        let total_weight: f32 = columns.iter().map(|c| c.weight).sum();
        let total_weight = if total_weight > 0.0 {
            total_weight
        } else {
            1.0
        };
        let text_width = self.text_width();
        let mut widths: Vec<f32> = columns
            .iter()
            .map(|c| c.weight / total_weight * text_width)
            .collect();
        let longest_word = |text: &str, weight: Weight| {
            text.split_whitespace()
                .map(|w| self.face(weight).width(w, TABLE))
                .fold(0.0_f32, f32::max)
        };
        let needed: Vec<f32> = columns
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let cells = rows
                    .iter()
                    .filter_map(|r| r.get(i))
                    .map(|t| longest_word(t, Weight::Regular))
                    .fold(0.0_f32, f32::max);
                longest_word(&c.header, Weight::Bold).max(cells) + 2.0 * PAD + 0.5
            })
            .collect();
        if needed.iter().sum::<f32>() > text_width {
            return widths;
        }
        let short: f32 = widths
            .iter()
            .zip(&needed)
            .map(|(w, n)| (n - w).max(0.0))
            .sum();
        let spare: f32 = widths
            .iter()
            .zip(&needed)
            .map(|(w, n)| (w - n).max(0.0))
            .sum();
        if short <= 0.0 || spare <= 0.0 {
            return widths;
        }
        for (w, n) in widths.iter_mut().zip(&needed) {
            if *w < *n {
                *w = *n;
            } else {
                *w -= (*w - n) / spare * short;
            }
        }
        widths
    }
}

/// Lays `doc` out and writes it as a PDF 1.7 file.
pub fn render(doc: &Document) -> Result<Vec<u8>, PdfError> {
    render_reserving(doc).map(|(pdf, _)| pdf)
}

/// Like [`render`], for a paper that must keep to one page (the desk's slips): set again with
/// its lines closer together when it runs over, never so close that a line's marks touch the
/// next (a table's lines stay 1.1 em apart); at the usual spacing, over two pages, when even
/// that does not fit.
pub fn render_on_one_page(doc: &Document) -> Result<Vec<u8>, PdfError> {
    for leading in [1.0, 0.94, 0.88] {
        let (pdf, _, pages) = render_set(doc, leading)?;
        if pages <= 1 {
            return Ok(pdf);
        }
    }
    render(doc)
}

/// Like [`render`], with the boxes the document's blocks left empty and named.
pub fn render_reserving(doc: &Document) -> Result<(Vec<u8>, Vec<Reserved>), PdfError> {
    render_set(doc, 1.0).map(|(pdf, reserved, _)| (pdf, reserved))
}

/// The document set with its lines `leading` apart (1 the usual): the file, its reserved
/// boxes, and how many pages it took.
fn render_set(doc: &Document, leading: f32) -> Result<(Vec<u8>, Vec<Reserved>, usize), PdfError> {
    let (width, height) = match doc.orientation {
        Orientation::Portrait => A4,
        Orientation::Landscape => (A4.1, A4.0),
        Orientation::A5Portrait => A5,
    };
    let mut faces = [Face::load(Weight::Regular)?, Face::load(Weight::Bold)?];
    let margins = Margins::of(doc.orientation);
    let mut layout = Layout {
        faces: &faces,
        width,
        height,
        pages: Vec::new(),
        y: margins.top,
        margins,
        reserved: Vec::new(),
        leading,
    };
    layout.new_page();
    for block in &doc.blocks {
        layout.block(block);
    }
    let pages = std::mem::take(&mut layout.pages);
    let reserved = std::mem::take(&mut layout.reserved);
    let page_count = pages.len();
    // Page numbers, centred at the foot of each page.
    let footers: Vec<(f32, String)> = (1..=page_count)
        .map(|n| {
            let text = format!("Trang {n}/{page_count}");
            let w = faces[0].width(&text, 8.0);
            ((width - w) / 2.0, text)
        })
        .collect();

    let mut pdf = Pdf::new();
    pdf.set_version(1, 7);
    let mut alloc = Ref::new(1);
    let catalog_ref = alloc.bump();
    let tree_ref = alloc.bump();
    let info_ref = alloc.bump();
    let font_refs = [alloc.bump(), alloc.bump()];
    let page_refs: Vec<Ref> = (0..page_count).map(|_| alloc.bump()).collect();
    pdf.catalog(catalog_ref).pages(tree_ref);
    pdf.pages(tree_ref)
        .kids(page_refs.iter().copied())
        .count(i32::try_from(page_count).unwrap_or(i32::MAX));
    let mut info = pdf.document_info(info_ref);
    info.title(TextStr(&doc.title))
        .author(TextStr(&doc.author))
        .creator(TextStr("lode"));
    info.finish();
    for ((ops, page_ref), (fx, ftext)) in pages.iter().zip(&page_refs).zip(&footers) {
        let mut content = Content::new();
        content.set_line_width(0.5);
        for op in ops {
            match op {
                Op::Fill { x, y, w, h, gray } => {
                    content.save_state();
                    content.set_fill_gray(*gray);
                    content.rect(*x, *y, *w, *h);
                    content.fill_nonzero();
                    content.restore_state();
                }
                Op::Line { x1, y1, x2, y2 } => {
                    content.move_to(*x1, *y1);
                    content.line_to(*x2, *y2);
                    content.stroke();
                }
                Op::Paths {
                    clip,
                    rings,
                    closed,
                    stroke,
                    fill,
                    width,
                } => {
                    content.save_state();
                    content.rect(clip[0], clip[1], clip[2], clip[3]);
                    content.clip_nonzero();
                    content.end_path();
                    content.set_line_width(*width);
                    if let Some([r, g, b]) = stroke {
                        content.set_stroke_rgb(*r, *g, *b);
                    }
                    if let Some([r, g, b]) = fill {
                        content.set_fill_rgb(*r, *g, *b);
                    }
                    for ring in rings {
                        let mut points = ring.iter();
                        if let Some((x, y)) = points.next() {
                            content.move_to(*x, *y);
                            for (x, y) in points {
                                content.line_to(*x, *y);
                            }
                            if *closed {
                                content.close_path();
                            }
                        }
                    }
                    match (closed, fill.is_some(), stroke.is_some()) {
                        (true, true, true) => content.fill_even_odd_and_stroke(),
                        (true, true, false) => content.fill_even_odd(),
                        (_, _, true) => content.stroke(),
                        _ => content.end_path(),
                    };
                    content.restore_state();
                }
                Op::Frame { x, y, w, h } => {
                    content.rect(*x, *y, *w, *h);
                    content.stroke();
                }
                Op::Text { .. } => {}
            }
        }
        let footer = Op::Text {
            x: *fx,
            y: margins.bottom - 4.0,
            size: 8.0,
            weight: Weight::Regular,
            text: ftext.clone(),
        };
        for op in ops.iter().chain(std::iter::once(&footer)) {
            if let Op::Text {
                x,
                y,
                size,
                weight,
                text,
            } = op
            {
                let face = match weight {
                    Weight::Regular => &mut faces[0],
                    Weight::Bold => &mut faces[1],
                };
                let bytes = face.encode(text);
                content.begin_text();
                content.set_font(weight.resource_name(), *size);
                content.next_line(*x, *y);
                content.show(Str(&bytes));
                content.end_text();
            }
        }
        let stream = content.finish();
        let packed = miniz_oxide::deflate::compress_to_vec_zlib(stream.as_slice(), 6);
        let content_ref = alloc.bump();
        pdf.stream(content_ref, &packed).filter(Filter::FlateDecode);
        let mut page = pdf.page(*page_ref);
        page.media_box(Rect::new(0.0, 0.0, width, height))
            .parent(tree_ref)
            .contents(content_ref);
        page.resources()
            .fonts()
            .pair(Name(b"F1"), font_refs[0])
            .pair(Name(b"F2"), font_refs[1]);
        page.finish();
    }
    faces[0].write(&mut pdf, &mut alloc, font_refs[0])?;
    faces[1].write(&mut pdf, &mut alloc, font_refs[1])?;
    Ok((pdf.finish(), reserved, page_count))
}

/// A page of `lines` in Vietnamese, as a paper brought to lode reads (the demo's applications
/// and reports): a line in capitals is a centred title, any other a paragraph.
pub fn page_of_lines(title: &str, lines: &[&str]) -> Result<Vec<u8>, PdfError> {
    let blocks = lines
        .iter()
        .map(|line| {
            if line.chars().any(char::is_alphabetic) && line.to_uppercase() == *line {
                Block::Title((*line).to_string())
            } else {
                Block::Paragraph((*line).to_string())
            }
        })
        .collect();
    render(&Document {
        title: title.to_string(),
        author: String::new(),
        orientation: Orientation::Portrait,
        blocks,
    })
}

/// The heading every register and report of the department carries: the ministry and the
/// body on the left, the national motto on the right.
pub fn official_heading(parent: &str, body: &str) -> Block {
    Block::OfficialHeading {
        left: vec![
            (parent.to_uppercase(), Weight::Regular),
            (body.to_uppercase(), Weight::Bold),
        ],
        right: vec![
            ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM".into(), Weight::Bold),
            ("Độc lập - Tự do - Hạnh phúc".into(), Weight::Bold),
        ],
    }
}

/// A register or list: a titled table under the official heading, printed as a landscape PDF
/// or written as a spreadsheet with the same columns and rows.
#[derive(Debug, Clone)]
pub struct Register {
    /// The ministry above the body, and the body.
    pub parent: String,
    pub body: String,
    pub title: String,
    pub subtitle: String,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<String>>,
    pub orientation: Orientation,
}

impl Register {
    pub fn pdf(&self) -> Result<Vec<u8>, PdfError> {
        render(&Document {
            title: self.title.clone(),
            author: self.body.clone(),
            orientation: self.orientation,
            blocks: vec![
                official_heading(&self.parent, &self.body),
                Block::Title(self.title.to_uppercase()),
                Block::Subtitle(self.subtitle.clone()),
                Block::Table {
                    columns: self.columns.clone(),
                    rows: self.rows.clone(),
                },
            ],
        })
    }

    pub fn xlsx(&self) -> Result<Vec<u8>, zip::ZipError> {
        xlsx::workbook(&xlsx::Sheet {
            name: self.title.clone(),
            title: format!("{} — {}", self.title.to_uppercase(), self.subtitle),
            columns: self
                .columns
                .iter()
                .map(|c| (c.header.clone(), (c.weight * 11.0).clamp(6.0, 80.0)))
                .collect(),
            rows: self.rows.clone(),
        })
    }
}
