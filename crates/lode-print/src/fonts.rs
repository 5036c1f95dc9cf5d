//! The two faces lode prints with (DejaVu Sans regular and bold, which cover Vietnamese),
//! their metrics, and their embedding as subset CID fonts with a ToUnicode map so that text
//! copied out of a PDF, or read by `pdftotext`, is the text that was written.

use crate::PdfError;
use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, UnicodeCmap};
use pdf_writer::{Filter, Name, Pdf, Rect, Ref, Str};
use std::collections::BTreeMap;

const REGULAR: &[u8] = include_bytes!("../fonts/DejaVuSans.ttf");
const BOLD: &[u8] = include_bytes!("../fonts/DejaVuSans-Bold.ttf");

/// Which face a run of text is set in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Weight {
    Regular,
    Bold,
}

impl Weight {
    pub(crate) fn resource_name(self) -> Name<'static> {
        match self {
            Weight::Regular => Name(b"F1"),
            Weight::Bold => Name(b"F2"),
        }
    }

    pub(crate) fn data(self) -> &'static [u8] {
        match self {
            Weight::Regular => REGULAR,
            Weight::Bold => BOLD,
        }
    }

    fn base_name(self) -> &'static [u8] {
        // A subset's name is tagged with six capitals (PDF 32000-1, 9.6.4).
        match self {
            Weight::Regular => b"LODEAA+DejaVuSans",
            Weight::Bold => b"LODEAB+DejaVuSans-Bold",
        }
    }
}

/// A parsed face: measures text and records which glyphs a document used.
pub(crate) struct Face {
    weight: Weight,
    face: ttf_parser::Face<'static>,
    units_per_em: f32,
    remapper: subsetter::GlyphRemapper,
    /// New glyph id → the text it stands for (for ToUnicode) and its width in 1/1000 em.
    used: BTreeMap<u16, (String, f32)>,
}

impl Face {
    pub(crate) fn load(weight: Weight) -> Result<Self, PdfError> {
        let face = ttf_parser::Face::parse(weight.data(), 0)
            .map_err(|e| PdfError::Font(format!("{weight:?}: {e}")))?;
        let units_per_em = f32::from(face.units_per_em());
        let mut remapper = subsetter::GlyphRemapper::new();
        remapper.remap(0); // .notdef stays glyph 0
        Ok(Self {
            weight,
            face,
            units_per_em,
            remapper,
            used: BTreeMap::new(),
        })
    }

    fn glyph(&self, c: char) -> ttf_parser::GlyphId {
        self.face
            .glyph_index(c)
            .or_else(|| self.face.glyph_index('?'))
            .unwrap_or(ttf_parser::GlyphId(0))
    }

    /// The advance of `c` at 1 pt, in points.
    fn advance(&self, c: char) -> f32 {
        let gid = self.glyph(c);
        f32::from(self.face.glyph_hor_advance(gid).unwrap_or(0)) / self.units_per_em
    }

    /// The width of `text` set at `size` points.
    pub(crate) fn width(&self, text: &str, size: f32) -> f32 {
        text.chars().map(|c| self.advance(c)).sum::<f32>() * size
    }

    /// The bytes that show `text` in a content stream (two-byte CIDs, Identity-H), recording
    /// the glyphs used.
    pub(crate) fn encode(&mut self, text: &str) -> Vec<u8> {
        let mut out = Vec::with_capacity(text.len() * 2);
        for c in text.chars() {
            let old = self.glyph(c);
            let new = self.remapper.remap(old.0);
            let width = self.advance(c) * 1000.0;
            self.used
                .entry(new)
                .or_insert_with(|| (c.to_string(), width));
            out.extend_from_slice(&new.to_be_bytes());
        }
        out
    }

    /// Writes the font objects under `font_ref` (the Type0 font the pages refer to).
    pub(crate) fn write(
        &self,
        pdf: &mut Pdf,
        alloc: &mut Ref,
        font_ref: Ref,
    ) -> Result<(), PdfError> {
        let cid_ref = alloc.bump();
        let descriptor_ref = alloc.bump();
        let cmap_ref = alloc.bump();
        let file_ref = alloc.bump();
        let name = Name(self.weight.base_name());
        pdf.type0_font(font_ref)
            .base_font(name)
            .encoding_predefined(Name(b"Identity-H"))
            .descendant_font(cid_ref)
            .to_unicode(cmap_ref);
        let info = SystemInfo {
            registry: Str(b"Adobe"),
            ordering: Str(b"Identity"),
            supplement: 0,
        };
        {
            let mut cid = pdf.cid_font(cid_ref);
            cid.subtype(CidFontType::Type2)
                .base_font(name)
                .system_info(info)
                .font_descriptor(descriptor_ref)
                .default_width(0.0)
                .cid_to_gid_map_predefined(Name(b"Identity"));
            let mut widths = cid.widths();
            for (gid, (_, w)) in &self.used {
                widths.consecutive(*gid, [*w]);
            }
        }
        let scale = |v: i16| f32::from(v) / self.units_per_em * 1000.0;
        let bbox = self.face.global_bounding_box();
        let mut flags = FontFlags::NON_SYMBOLIC;
        if self.weight == Weight::Bold {
            flags |= FontFlags::FORCE_BOLD;
        }
        pdf.font_descriptor(descriptor_ref)
            .name(name)
            .flags(flags)
            .bbox(Rect::new(
                scale(bbox.x_min),
                scale(bbox.y_min),
                scale(bbox.x_max),
                scale(bbox.y_max),
            ))
            .italic_angle(0.0)
            .ascent(scale(self.face.ascender()))
            .descent(scale(self.face.descender()))
            .cap_height(scale(
                self.face.capital_height().unwrap_or(self.face.ascender()),
            ))
            .stem_v(if self.weight == Weight::Bold {
                140.0
            } else {
                80.0
            })
            .font_file2(file_ref);
        let mut cmap = UnicodeCmap::new(Name(b"Custom"), info);
        for (gid, (text, _)) in &self.used {
            let mut chars = text.chars();
            if let (Some(c), None) = (chars.next(), chars.next()) {
                cmap.pair(*gid, c);
            }
        }
        let cmap = cmap.finish();
        pdf.stream(cmap_ref, cmap.as_slice());
        let subset = subsetter::subset(self.weight.data(), 0, &self.remapper)
            .map_err(|e| PdfError::Font(format!("subsetting {:?}: {e}", self.weight)))?;
        let packed = miniz_oxide::deflate::compress_to_vec_zlib(&subset, 6);
        pdf.stream(file_ref, &packed)
            .filter(Filter::FlateDecode)
            .pair(
                Name(b"Length1"),
                i32::try_from(subset.len()).unwrap_or(i32::MAX),
            );
        Ok(())
    }
}
