//! Where the visible mark of a signature goes on the page, as the signer or the clerk chose it:
//! in the placeholder the template left, at the places Decree 30 uses (the signature block at
//! the bottom right of the last page, the organisation's stamp on copies at the top right of
//! the first), at a box they give in millimetres, or nowhere.

use lode_core::validation::FieldErrors;
use lode_web::error::AppError;

/// Points per millimetre (PDF user space is 1/72 inch).
pub const PT_PER_MM: f64 = 72.0 / 25.4;

/// How far left of the signer's mark the seal's box goes, as a share of the mark's width.
pub const SEAL_SHIFT: f64 = 0.2;

/// How much lower than the signer's mark the seal's box goes, in millimetres: its image (a
/// third of the mark wide, centred) starts below the signer's two lines of name and time, over
/// the signature image only.
pub const SEAL_DROP_MM: f64 = 6.0;

/// Where a mark goes.
#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize, utoipa::ToSchema)]
#[serde(tag = "at", rename_all = "snake_case", deny_unknown_fields)]
pub enum Placement {
    /// In the empty signature field the template left for it; with none, at the signature
    /// block (as [`Placement::BottomRight`]): a signed document shows its signature unless
    /// the signer asks otherwise.
    #[default]
    Placeholder,
    /// Not shown (the signature is still in the document and its panel).
    Hidden,
    /// The signature block: the bottom right of the last page (the seal overlapping the left
    /// part of the leader's mark, as Decree 30 puts the red seal over the signature).
    BottomRight,
    /// The top right of the first page, where copies and attachments carry the stamp.
    TopRight,
    /// A box on a page: `page` 1 for the first (-1 for the last), millimetres from the page's
    /// top left corner.
    Custom {
        page: i64,
        left_mm: f64,
        top_mm: f64,
        width_mm: f64,
        height_mm: f64,
    },
}

/// The seal's box beside the signer's mark `signer` (PDF space): a fifth of its width to the
/// left and a little lower, so that the seal's image, drawn in its middle, lies over the left
/// third of the signature's, as Decree 30 puts the red seal.
pub fn seal_beside(signer: [f64; 4]) -> [f64; 4] {
    let shift = (signer[2] - signer[0]) * SEAL_SHIFT;
    let drop = SEAL_DROP_MM * PT_PER_MM;
    [
        signer[0] - shift,
        signer[1] - drop,
        signer[2] - shift,
        signer[3] - drop,
    ]
}

fn invalid(code: &'static str, message: &str) -> AppError {
    AppError::Invalid(FieldErrors::single("mark", code, message))
}

impl Placement {
    /// From the signing forms' fields: `mark_at`, and for `custom` `mark_page`, `mark_left`,
    /// `mark_top`, `mark_width`, `mark_height`.
    pub fn from_form(get: impl Fn(&str) -> Option<String>) -> Result<Self, AppError> {
        let number = |name: &str| -> Result<f64, AppError> {
            get(name)
                .and_then(|v| v.trim().replace(',', ".").parse::<f64>().ok())
                .filter(|v| v.is_finite())
                .ok_or_else(|| {
                    invalid(
                        "mark_numbers",
                        "the mark's page, position and size must be numbers",
                    )
                })
        };
        Ok(match get("mark_at").as_deref().map(str::trim) {
            None | Some("" | "placeholder") => Self::Placeholder,
            Some("hidden") => Self::Hidden,
            Some("bottom_right") => Self::BottomRight,
            Some("top_right") => Self::TopRight,
            Some("custom") => Self::Custom {
                page: number("mark_page")? as i64,
                left_mm: number("mark_left")?,
                top_mm: number("mark_top")?,
                width_mm: number("mark_width")?,
                height_mm: number("mark_height")?,
            },
            Some(_) => {
                return Err(invalid(
                    "mark_choice",
                    "choose where the mark goes from the list",
                ));
            }
        })
    }

    /// The page (0 for the first) and the rectangle in points for the mark of the signature
    /// field `field` (`seal` marks for the organisation), or `None` for no mark. A placeholder
    /// of that name is used whatever was chosen, since the template's author put it there.
    pub fn resolve(
        &self,
        pdf: &[u8],
        field: &str,
        seal: bool,
    ) -> Result<Option<(usize, [f64; 4])>, AppError> {
        if let Ok(Some(rect)) = lode_sign::field::placeholder(pdf, field) {
            return Ok(Some((0, rect)));
        }
        let pages = || {
            lode_sign::field::page_boxes(pdf)
                .ok()
                .filter(|p| !p.is_empty())
                .ok_or_else(|| {
                    invalid(
                        "mark_pages",
                        "the document's pages cannot be read to place the mark",
                    )
                })
        };
        // a box of `w` by `h` mm at `left`, `top` mm from the top left corner of `media`
        let boxed = |media: [f64; 4], left: f64, top: f64, w: f64, h: f64| {
            let x1 = media[0] + left * PT_PER_MM;
            let y2 = media[3] - top * PT_PER_MM;
            [x1, y2 - h * PT_PER_MM, x1 + w * PT_PER_MM, y2]
        };
        let size_mm = |media: [f64; 4]| {
            (
                (media[2] - media[0]) / PT_PER_MM,
                (media[3] - media[1]) / PT_PER_MM,
            )
        };
        Ok(match self {
            Self::Hidden => None,
            Self::Placeholder | Self::BottomRight => {
                let pages = pages()?;
                let last = pages.len() - 1;
                let (page_w, page_h) = size_mm(pages[last]);
                let (w, h) = (75.0, 30.0);
                // the leader's block 20 mm from the right and 30 mm from the bottom; the seal's
                // box a fifth to the left and a little lower, its image (drawn in the middle)
                // over the left third of the signature's (drawn in the middle three fifths)
                let (left, top) = (page_w - 20.0 - w, page_h - 30.0 - h);
                let (left, top) = if seal {
                    (left - w * SEAL_SHIFT, top + SEAL_DROP_MM)
                } else {
                    (left, top)
                };
                Some((last, boxed(pages[last], left, top, w, h)))
            }
            Self::TopRight => {
                let pages = pages()?;
                let (page_w, _) = size_mm(pages[0]);
                let (w, h) = (70.0, 20.0);
                Some((0, boxed(pages[0], page_w - 15.0 - w, 10.0, w, h)))
            }
            Self::Custom {
                page,
                left_mm,
                top_mm,
                width_mm,
                height_mm,
            } => {
                let pages = pages()?;
                let n = pages.len() as i64;
                let index = match *page {
                    p if p >= 1 && p <= n => p - 1,
                    p if p <= -1 && -p <= n => n + p,
                    _ => {
                        return Err(invalid(
                            "mark_page",
                            &format!(
                                "the document has {n} pages: choose one from 1 to {n} (or -1 for the last)"
                            ),
                        ));
                    }
                } as usize;
                if !(20.0..=200.0).contains(width_mm) || !(8.0..=150.0).contains(height_mm) {
                    return Err(invalid(
                        "mark_size",
                        "the mark is 20 to 200 mm wide and 8 to 150 mm high",
                    ));
                }
                let (page_w, page_h) = size_mm(pages[index]);
                if *left_mm < 0.0
                    || *top_mm < 0.0
                    || left_mm + width_mm > page_w + 0.01
                    || top_mm + height_mm > page_h + 0.01
                {
                    return Err(invalid(
                        "mark_off_page",
                        &format!("the mark must lie on the page ({page_w:.0} by {page_h:.0} mm)"),
                    ));
                }
                Some((
                    index,
                    boxed(pages[index], *left_mm, *top_mm, *width_mm, *height_mm),
                ))
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(pairs: &[(&str, &str)]) -> Result<Placement, AppError> {
        Placement::from_form(|k| {
            pairs
                .iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.to_string())
        })
    }

    #[test]
    fn forms_choose_a_place() {
        assert_eq!(form(&[]).ok(), Some(Placement::Placeholder));
        assert_eq!(
            form(&[("mark_at", "bottom_right")]).ok(),
            Some(Placement::BottomRight)
        );
        assert_eq!(
            form(&[
                ("mark_at", "custom"),
                ("mark_page", "2"),
                ("mark_left", "100,5"),
                ("mark_top", "200"),
                ("mark_width", "70"),
                ("mark_height", "30"),
            ])
            .ok(),
            Some(Placement::Custom {
                page: 2,
                left_mm: 100.5,
                top_mm: 200.0,
                width_mm: 70.0,
                height_mm: 30.0
            })
        );
        assert!(form(&[("mark_at", "custom"), ("mark_page", "x")]).is_err());
        assert!(form(&[("mark_at", "elsewhere")]).is_err());
    }

    #[test]
    fn places_land_on_the_page() -> anyhow::Result<()> {
        let pdf = lode_db::demo::sample_pdf(&["Quyết định", "Trang hai"]);
        let pages = lode_sign::field::page_boxes(&pdf)?;
        let (_, rect) = Placement::BottomRight
            .resolve(&pdf, "Người ký", false)
            .map_err(|e| anyhow::anyhow!("{e:?}"))?
            .expect("a place");
        let media = pages[pages.len() - 1];
        assert!(rect[0] > media[0] && rect[2] < media[2], "{rect:?}");
        assert!(rect[1] > media[1] && rect[3] < media[3] / 2.0, "{rect:?}");
        let (_, seal) = Placement::BottomRight
            .resolve(&pdf, "Cơ quan ban hành", true)
            .map_err(|e| anyhow::anyhow!("{e:?}"))?
            .expect("a place");
        assert!(
            seal[0] < rect[0] && seal[2] > rect[0],
            "overlaps the left of the leader's"
        );
        let (page, top) = Placement::TopRight
            .resolve(&pdf, "x", true)
            .map_err(|e| anyhow::anyhow!("{e:?}"))?
            .expect("a place");
        assert_eq!(page, 0);
        assert!(top[3] > media[3] * 0.9);
        let custom = |page: i64, left: f64, width: f64| Placement::Custom {
            page,
            left_mm: left,
            top_mm: 20.0,
            width_mm: width,
            height_mm: 30.0,
        };
        let (index, r) = custom(-1, 10.0, 50.0)
            .resolve(&pdf, "x", false)
            .map_err(|e| anyhow::anyhow!("{e:?}"))?
            .expect("a place");
        assert_eq!(index, pages.len() - 1);
        assert!((r[0] - (media[0] + 10.0 * PT_PER_MM)).abs() < 0.01);
        assert!(custom(99, 10.0, 50.0).resolve(&pdf, "x", false).is_err());
        assert!(custom(1, 190.0, 50.0).resolve(&pdf, "x", false).is_err());
        assert!(custom(1, 10.0, 5.0).resolve(&pdf, "x", false).is_err());
        assert_eq!(
            Placement::Hidden
                .resolve(&pdf, "x", false)
                .map_err(|e| anyhow::anyhow!("{e:?}"))?,
            None
        );
        Ok(())
    }
}
