//! SVG charts of a batch's results, drawn with plotters' SVG backend into a
//! `String`.
//!
//! Every chart is 800 pixels wide (the HTML page scales it down on narrow
//! screens) and takes plain numbers and labels, so any report can use it:
//! `plenary report` puts them on one page, `plenary sweep` calls
//! [`lines_with_bands`]. Bad input (a NaN, rows of different lengths, nothing
//! to draw) is a [`ChartError`], never a panic.
//!
//! plotters places axis ticks well but has no notion of category labels that
//! wrap or shorten to fit, so the bar charts draw their category labels
//! themselves, from a text width estimate ([`text_width`]) that errs on the
//! wide side: an SVG does not know which font the browser will pick.

use plotters::coord::Shift;

use super::share::{percent, points, points_interval};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Width of every chart, in pixels.
pub const WIDTH: u32 = 800;

/// The font family of all text (the browser's default sans-serif).
const FAMILY: &str = "sans-serif";

/// Okabe-Ito colours: distinguishable with the common colour-vision
/// deficiencies, and legible in print.
pub const PALETTE: [RGBColor; 8] = [
    RGBColor(0, 114, 178),   // blue
    RGBColor(213, 94, 0),    // vermillion
    RGBColor(0, 158, 115),   // bluish green
    RGBColor(230, 159, 0),   // orange
    RGBColor(204, 121, 167), // reddish purple
    RGBColor(86, 180, 233),  // sky blue
    RGBColor(120, 120, 120), // grey
    RGBColor(240, 228, 66),  // yellow
];
// BLUE_ and GREEN_: plotters' prelude already has BLUE and GREEN.
const BLUE_: RGBColor = PALETTE[0];
const VERMILLION: RGBColor = PALETTE[1];
const GREEN_: RGBColor = PALETTE[2];
const ORANGE: RGBColor = PALETTE[3];
const GREY: RGBColor = PALETTE[6];
/// Text and whiskers: near black, softer than pure black next to colour.
/// The colours of the four outcomes, in `Outcome::ALL` order (consensus
/// green, adopted by vote blue, rejected vermillion, no text grey), the same
/// in every chart; then more colours for longer lists.
pub const OUTCOME_COLOURS: [RGBColor; 8] =
    [GREEN_, BLUE_, VERMILLION, GREY, ORANGE, PALETTE[4], PALETTE[5], PALETTE[7]];

const INK: RGBColor = RGBColor(34, 34, 34);
/// Secondary text (dates, zero values).
const MUTED: RGBColor = RGBColor(120, 120, 120);

/// Why a chart could not be drawn.
#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    /// There is no data point to draw.
    #[error("nothing to draw: {0}")]
    Empty(&'static str),
    /// Parallel inputs disagree in length (labels and values, rows of a grid).
    #[error("{what}: expected {expected} values, found {found}")]
    Shape { what: String, expected: usize, found: usize },
    /// A value is NaN or infinite (it would have no place on an axis).
    #[error("{0} is not a finite number")]
    NotFinite(String),
    /// plotters reported an error while drawing.
    #[error("drawing failed: {0}")]
    Draw(String),
}

impl<E: std::error::Error + Send + Sync> From<DrawingAreaErrorKind<E>> for ChartError {
    fn from(e: DrawingAreaErrorKind<E>) -> Self {
        ChartError::Draw(e.to_string())
    }
}

/// One line of [`lines_with_bands`]: a name for the legend and its points.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub name: String,
    /// (x, y, lo, hi): the estimate y at x and its interval lo..hi.
    pub points: Vec<(f64, f64, f64, f64)>,
}

// ---------------------------------------------------------------------------
// Text helpers

/// A text style of `px` pixels. plotters' SVG backend writes
/// `font-size = size / 1.24`, so the size is scaled up to land on `px`.
fn font(px: f64) -> TextStyle<'static> {
    TextStyle::from((FAMILY, px * 1.24).into_font()).color(&INK)
}

/// A bold text style of `px` pixels (titles).
fn bold(px: f64) -> TextStyle<'static> {
    TextStyle::from((FAMILY, px * 1.24, FontStyle::Bold).into_font()).color(&INK)
}

/// Average advance of a character, in ems, for [`text_width`].
const CHAR_EM: f64 = 0.55;

/// A generous estimate of the width of `s` at `px` pixels (about the average
/// advance of DejaVu Sans, wider than Arial's), used to wrap and shorten
/// labels so that they do not overlap in whatever font the browser uses.
pub fn text_width(s: &str, px: f64) -> f64 {
    s.chars().count() as f64 * px * CHAR_EM
}

/// `s` cut to fit `max_px` at `px` pixels, ending in an ellipsis if cut.
fn ellipsize(s: &str, max_px: f64, px: f64) -> String {
    if text_width(s, px) <= max_px {
        return s.to_string();
    }
    let keep = ((max_px / (px * CHAR_EM)).floor() as usize).saturating_sub(1);
    let mut out: String = s.chars().take(keep).collect::<String>().trim_end().to_string();
    out.push('…');
    out
}

/// `s` broken into lines no wider than `max_px`: at the explicit `\n`s first,
/// then between words; a word too long for a line is shortened. At most
/// `max_lines` lines, the last one shortened if text is left over.
fn wrap(s: &str, max_px: f64, px: f64, max_lines: usize) -> Vec<String> {
    let max_lines = max_lines.max(1);
    let mut lines: Vec<String> = Vec::new();
    for paragraph in s.split('\n') {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            let candidate = if line.is_empty() { word.to_string() } else { format!("{line} {word}") };
            if text_width(&candidate, px) <= max_px || line.is_empty() {
                line = candidate;
            } else {
                lines.push(std::mem::take(&mut line));
                line = word.to_string();
            }
        }
        lines.push(line);
    }
    if lines.len() > max_lines {
        let rest = lines[max_lines - 1..].join(" ");
        lines.truncate(max_lines - 1);
        lines.push(rest);
    }
    lines.iter().map(|l| ellipsize(l, max_px, px)).collect()
}

/// A count or mean for a label: whole numbers from 10 up, one decimal below,
/// and "<0.1" rather than a misleading "0.0" for tiny positive values.
pub fn fmt_num(v: f64) -> String {
    if v == 0.0 {
        "0".to_string()
    } else if v.abs() >= 10.0 {
        format!("{v:.0}")
    } else if v.abs() < 0.05 {
        "<0.1".to_string()
    } else {
        format!("{v:.1}")
    }
}

/// `v` with a sign and `decimals` decimals; zero (or what rounds to it) is
/// plain "0", not "-0" or "+0".
fn signed(v: f64, decimals: usize) -> String {
    let s = format!("{v:+.decimals$}");
    if s[1..].chars().all(|c| c == '0' || c == '.') { "0".to_string() } else { s }
}

// ---------------------------------------------------------------------------
// Checks and drawing scaffolding

fn finite(what: impl FnOnce() -> String, values: &[f64]) -> Result<(), ChartError> {
    if values.iter().all(|v| v.is_finite()) { Ok(()) } else { Err(ChartError::NotFinite(what())) }
}

fn same_len(what: &str, expected: usize, found: usize) -> Result<(), ChartError> {
    if expected == found {
        Ok(())
    } else {
        Err(ChartError::Shape { what: what.to_string(), expected, found })
    }
}

type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;

/// Draw into a white `WIDTH` x `height` SVG and return its text. The
/// backend must be dropped before the string is read, hence the inner scope.
fn render(height: u32, draw: impl FnOnce(&Area) -> Result<(), ChartError>) -> Result<String, ChartError> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, height)).into_drawing_area();
        root.fill(&WHITE)?;
        draw(&root)?;
        root.present()?;
    }
    Ok(svg)
}

/// Write `text` at pixel (x, y) of `area` with the given style and anchor.
fn label(
    area: &Area,
    text: &str,
    (x, y): (i32, i32),
    style: &TextStyle,
    h: HPos,
    v: VPos,
) -> Result<(), ChartError> {
    area.draw(&Text::new(text.to_string(), (x, y), style.pos(Pos::new(h, v))))?;
    Ok(())
}

/// Wrapped category labels centred under x = `centre` pixels, starting at `top`.
fn category_label(
    area: &Area,
    text: &str,
    centre: i32,
    top: i32,
    max_px: f64,
    px: f64,
    max_lines: usize,
) -> Result<(), ChartError> {
    let style = font(px);
    let line_height = (px * 1.25).round() as i32;
    for (k, line) in wrap(text, max_px, px, max_lines).iter().enumerate() {
        label(area, line, (centre, top + k as i32 * line_height), &style, HPos::Center, VPos::Top)?;
    }
    Ok(())
}

/// A row of legend entries (colour swatch and name) from pixel (x, y),
/// wrapping to a new row when the width runs out. Returns the height used.
fn legend_row(area: &Area, entries: &[(String, RGBColor)], x: i32, y: i32) -> Result<i32, ChartError> {
    const PX: f64 = 12.0;
    let (mut cx, mut cy) = (x, y);
    for (name, colour) in entries {
        let name = ellipsize(name, 300.0, PX);
        let w = 18 + text_width(&name, PX).ceil() as i32 + 18;
        if cx > x && cx + w > WIDTH as i32 - 10 {
            cx = x;
            cy += 20;
        }
        area.draw(&Rectangle::new([(cx, cy + 2), (cx + 12, cy + 14)], colour.filled()))?;
        label(area, &name, (cx + 18, cy + 8), &font(PX), HPos::Left, VPos::Center)?;
        cx += w;
    }
    Ok(cy - y + 20)
}

/// An interval whisker with caps, in data coordinates: from `lo` to `hi`
/// along y at x = `at` when `vertical`, else along x at y = `at`.
fn whisker(at: f64, (lo, hi): (f64, f64), cap: f64, vertical: bool) -> Vec<PathElement<(f64, f64)>> {
    let point = |along: f64, across: f64| if vertical { (across, along) } else { (along, across) };
    [
        [point(lo, at), point(hi, at)],
        [point(lo, at - cap), point(lo, at + cap)],
        [point(hi, at - cap), point(hi, at + cap)],
    ]
    .into_iter()
    .map(|segment| PathElement::new(segment.to_vec(), INK.stroke_width(2)))
    .collect()
}

// ---------------------------------------------------------------------------
// The charts

/// Vertical bars of outcome probabilities, each with its 95% interval as a
/// whisker and its percentage written above. `outcomes`: (label, p, lo, hi),
/// all in 0..1. Bars take the palette's colours in order.
pub fn outcome_bars(outcomes: &[(String, f64, f64, f64)]) -> Result<String, ChartError> {
    if outcomes.is_empty() {
        return Err(ChartError::Empty("no outcomes"));
    }
    for (name, p, lo, hi) in outcomes {
        finite(|| format!("outcome {name}"), &[*p, *lo, *hi])?;
    }
    let n = outcomes.len();
    let colours = OUTCOME_COLOURS;
    render(340, |root| {
        let mut chart = ChartBuilder::on(root)
            .margin_top(28)
            .margin_right(20)
            .margin_left(10)
            .x_label_area_size(44)
            .y_label_area_size(64)
            .build_cartesian_2d(-0.5..n as f64 - 0.5, 0.0..1.0)?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(0)
            .y_labels(6)
            .y_label_formatter(&|v| format!("{:.0}%", v * 100.0))
            .y_desc("probability")
            .label_style(font(12.0))
            .axis_desc_style(font(13.0))
            .light_line_style(WHITE)
            .bold_line_style(RGBColor(225, 225, 225))
            .draw()?;
        chart.draw_series(outcomes.iter().enumerate().map(|(i, (_, p, _, _))| {
            let x = i as f64;
            Rectangle::new(
                [(x - 0.3, 0.0), (x + 0.3, p.clamp(0.0, 1.0))],
                colours[i % colours.len()].filled(),
            )
        }))?;
        let column = chart.backend_coord(&(1.0, 0.0)).0 - chart.backend_coord(&(0.0, 0.0)).0;
        for (i, (name, p, lo, hi)) in outcomes.iter().enumerate() {
            let x = i as f64;
            chart.draw_series(whisker(x, (lo.clamp(0.0, 1.0), hi.clamp(0.0, 1.0)), 0.06, true))?;
            // The value sits above the whisker so the two never cross.
            let (px, top) = chart.backend_coord(&(x + 0.3, hi.max(*p).clamp(0.0, 1.0)));
            let (cx, base) = chart.backend_coord(&(x, 0.0));
            label(root, &percent(*p), (px - 4, top - 5), &font(13.0), HPos::Right, VPos::Bottom)?;
            category_label(root, name, cx, base + 8, column as f64 - 8.0, 13.0, 2)?;
        }
        Ok(())
    })
}

/// Lines with shaded interval bands and a legend: for each series, the
/// points (x, y) joined by a line, and the band lo..hi around it. The title
/// is drawn on top, the legend under it (never over the data). Points need
/// not be sorted; they are drawn in order of x. Series i is drawn in
/// `colours[i]` (cycling).
pub fn lines_with_bands(
    title: &str,
    x_label: &str,
    y_label: &str,
    series: &[Series],
    colours: &[RGBColor],
) -> Result<String, ChartError> {
    let mut all = Vec::new();
    for s in series {
        for &(x, y, lo, hi) in &s.points {
            finite(|| format!("a point of series {}", s.name), &[x, y, lo, hi])?;
            all.push((x, y, lo, hi));
        }
    }
    if all.is_empty() {
        return Err(ChartError::Empty("no series has a point"));
    }
    let fold = |f: fn(f64, f64) -> f64, init: f64, g: fn(&(f64, f64, f64, f64)) -> f64| {
        all.iter().map(g).fold(init, f)
    };
    let (mut x0, mut x1) =
        (fold(f64::min, f64::INFINITY, |p| p.0), fold(f64::max, f64::NEG_INFINITY, |p| p.0));
    let y0 = fold(f64::min, f64::INFINITY, |p| p.1.min(p.2).min(p.3));
    let y1 = fold(f64::max, f64::NEG_INFINITY, |p| p.1.max(p.2).max(p.3));
    if x1 - x0 < 1e-12 {
        (x0, x1) = (x0 - 0.5, x1 + 0.5);
    }
    // A little air above and below the bands; a flat line gets a unit span.
    let pad = if y1 - y0 < 1e-12 { 0.5 } else { 0.06 * (y1 - y0) };
    let (y0, y1) = (y0 - pad, y1 + pad);

    render(460, |root| {
        label(
            root,
            &ellipsize(title, WIDTH as f64 - 40.0, 16.0),
            (20, 14),
            &bold(16.0),
            HPos::Left,
            VPos::Top,
        )?;
        let entries: Vec<(String, RGBColor)> =
            series.iter().enumerate().map(|(i, s)| (s.name.clone(), colours[i % colours.len()])).collect();
        let legend_height = legend_row(root, &entries, 20, 40)?;
        let mut chart = ChartBuilder::on(root)
            .margin_top(44 + legend_height as u32)
            .margin_right(24)
            .margin_left(10)
            .x_label_area_size(48)
            .y_label_area_size(72)
            .build_cartesian_2d(x0..x1, y0..y1)?;
        chart
            .configure_mesh()
            .x_labels(10)
            .y_labels(8)
            .x_desc(x_label)
            .y_desc(y_label)
            .label_style(font(12.0))
            .axis_desc_style(font(13.0))
            .max_light_lines(1)
            .light_line_style(RGBColor(245, 245, 245))
            .bold_line_style(RGBColor(222, 222, 222))
            .draw()?;
        for (i, s) in series.iter().enumerate() {
            let colour = colours[i % colours.len()];
            let mut points = s.points.clone();
            points.sort_by(|a, b| a.0.total_cmp(&b.0));
            // The band: along lo forwards, back along hi.
            let band: Vec<(f64, f64)> =
                points.iter().map(|p| (p.0, p.2)).chain(points.iter().rev().map(|p| (p.0, p.3))).collect();
            chart.draw_series(std::iter::once(Polygon::new(band, colour.mix(0.18).filled())))?;
            chart.draw_series(LineSeries::new(points.iter().map(|p| (p.0, p.1)), colour.stroke_width(2)))?;
            chart.draw_series(points.iter().map(|p| Circle::new((p.0, p.1), 3, colour.filled())))?;
        }
        Ok(())
    })
}

/// Per stage, the mean number of paragraphs in brackets when the stage ended
/// and, for silences, the mean number of paragraphs challenged. `stages`:
/// (label, bracketed, challenged); a `\n` in a label starts a new line (the
/// line after it is drawn like the rest; use it for a date).
pub fn stage_bars(stages: &[(String, f64, Option<f64>)]) -> Result<String, ChartError> {
    if stages.is_empty() {
        return Err(ChartError::Empty("no stages"));
    }
    for (name, b, c) in stages {
        finite(|| format!("stage {name}"), &[*b, c.unwrap_or(0.0)])?;
    }
    let n = stages.len();
    let top = stages.iter().map(|(_, b, c)| b.max(c.unwrap_or(0.0))).fold(0.0, f64::max).max(1.0);
    render(400, |root| {
        let legend = [
            ("in brackets when the stage ended".to_string(), BLUE_),
            ("challenged at a silence".to_string(), ORANGE),
        ];
        legend_row(root, &legend, 74, 8)?;
        let mut chart = ChartBuilder::on(root)
            .margin_top(40)
            .margin_right(20)
            .margin_left(10)
            .x_label_area_size(62)
            .y_label_area_size(64)
            .build_cartesian_2d(-0.5..n as f64 - 0.5, 0.0..top * 1.12)?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(0)
            .y_labels(6)
            .y_label_formatter(&|v| if top >= 5.0 { format!("{v:.0}") } else { format!("{v:.1}") })
            .y_desc("paragraphs (mean)")
            .label_style(font(12.0))
            .axis_desc_style(font(13.0))
            .light_line_style(WHITE)
            .bold_line_style(RGBColor(225, 225, 225))
            .draw()?;
        let column = (chart.backend_coord(&(1.0, 0.0)).0 - chart.backend_coord(&(0.0, 0.0)).0) as f64;
        for (i, (name, bracketed, challenged)) in stages.iter().enumerate() {
            let x = i as f64;
            // Two bars side by side at a silence, one centred bar elsewhere.
            let bars: Vec<(f64, f64, RGBColor)> = match challenged {
                Some(c) => vec![(x - 0.19, *bracketed, BLUE_), (x + 0.19, *c, ORANGE)],
                None => vec![(x, *bracketed, BLUE_)],
            };
            for (centre, v, colour) in bars {
                chart.draw_series(std::iter::once(Rectangle::new(
                    [(centre - 0.17, 0.0), (centre + 0.17, v.max(0.0))],
                    colour.filled(),
                )))?;
                let (px, py) = chart.backend_coord(&(centre, v.max(0.0)));
                label(root, &fmt_num(v), (px, py - 3), &font(11.0), HPos::Center, VPos::Bottom)?;
            }
            let (cx, base) = chart.backend_coord(&(x, 0.0));
            category_label(root, name, cx, base + 6, column - 2.0, 11.0, 4)?;
        }
        Ok(())
    })
}

/// The colour of `t` in 0..1 on a white-to-dark-red scale (through orange),
/// so that zero reads as "nothing" and the darkest cell as "most".
pub fn heat_colour(t: f64) -> RGBColor {
    let t = t.clamp(0.0, 1.0);
    let stops = [(255.0, 255.0, 255.0), (253.0, 174.0, 97.0), (165.0, 0.0, 38.0)];
    let (a, b, u) =
        if t < 0.5 { (stops[0], stops[1], t / 0.5) } else { (stops[1], stops[2], (t - 0.5) / 0.5) };
    let mix = |x: f64, y: f64| (x + (y - x) * u).round() as u8;
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// A grid of `values[row][col]` as coloured cells with the value written in
/// each, row labels on the left, column labels (wrapped) on top and a colour
/// scale on the right. Built for delegations x stages of objections; the
/// height grows with the number of rows.
pub fn heatmap(rows: &[String], cols: &[String], values: &[Vec<f64>]) -> Result<String, ChartError> {
    if rows.is_empty() || cols.is_empty() {
        return Err(ChartError::Empty("a heatmap needs at least one row and one column"));
    }
    same_len("heatmap rows", rows.len(), values.len())?;
    for (r, row) in values.iter().enumerate() {
        same_len(&format!("heatmap row {}", rows[r]), cols.len(), row.len())?;
        finite(|| format!("heatmap cell of row {}", rows[r]), row)?;
    }
    const PX: f64 = 12.0;
    const CELL_H: i32 = 24;
    const SCALE_W: i32 = 90;
    let max = values.iter().flatten().fold(0.0f64, |m, v| m.max(*v));
    let label_w =
        rows.iter().map(|r| text_width(r, PX)).fold(0.0, f64::max).min(0.36 * WIDTH as f64).ceil() as i32;
    let left = 12 + label_w + 8;
    let cell_w = ((WIDTH as i32 - left - SCALE_W - 10) / cols.len() as i32).max(10);
    // Column labels wrap across the column; when a word is wider than a
    // column (many columns), they turn vertical instead of being cut short.
    const HEADER_PX: f64 = 11.0;
    const HEADER_MAX: f64 = 170.0;
    let header_w = cell_w as f64 - 6.0;
    let vertical =
        cols.iter().flat_map(|c| c.split_whitespace()).any(|w| text_width(w, HEADER_PX) > header_w);
    let header_h = if vertical {
        cols.iter().map(|c| text_width(c, HEADER_PX)).fold(0.0, f64::max).min(HEADER_MAX).ceil() as i32
    } else {
        cols.iter().map(|c| wrap(c, header_w, HEADER_PX, 4).len()).max().unwrap_or(1) as i32 * 14
    };
    let top = 10 + header_h + 8;
    let height = top + rows.len() as i32 * CELL_H + 16;

    render(height as u32, |root| {
        for (c, name) in cols.iter().enumerate() {
            let centre = left + c as i32 * cell_w + cell_w / 2;
            if vertical {
                // Read bottom to top, starting just above the column.
                let style = font(HEADER_PX).transform(FontTransform::Rotate270);
                let text = ellipsize(name, HEADER_MAX, HEADER_PX);
                label(root, &text, (centre, top - 8), &style, HPos::Left, VPos::Center)?;
            } else {
                category_label(root, name, centre, 10, header_w, HEADER_PX, 4)?;
            }
        }
        for (r, name) in rows.iter().enumerate() {
            let y = top + r as i32 * CELL_H;
            let short = ellipsize(name, label_w as f64, PX);
            label(root, &short, (left - 8, y + CELL_H / 2), &font(PX), HPos::Right, VPos::Center)?;
            for (c, &v) in values[r].iter().enumerate() {
                let x = left + c as i32 * cell_w;
                let t = if max > 0.0 { v / max } else { 0.0 };
                root.draw(&Rectangle::new([(x, y), (x + cell_w, y + CELL_H)], heat_colour(t).filled()))?;
                root.draw(&Rectangle::new([(x, y), (x + cell_w, y + CELL_H)], RGBColor(235, 235, 235)))?;
                // Light text on dark cells, muted text for zeros.
                let colour = if t > 0.6 {
                    WHITE
                } else if v == 0.0 {
                    RGBColor(170, 170, 170)
                } else {
                    INK
                };
                let text = fmt_num(v);
                label(
                    root,
                    &text,
                    (x + cell_w / 2, y + CELL_H / 2),
                    &font(11.0).color(&colour),
                    HPos::Center,
                    VPos::Center,
                )?;
            }
        }
        // The colour scale: a vertical gradient from 0 (bottom) to max (top).
        let scale_x = WIDTH as i32 - SCALE_W + 14;
        let (scale_top, scale_h) = (top, (rows.len() as i32 * CELL_H).min(220));
        let steps = 40;
        for k in 0..steps {
            let y_a = scale_top + scale_h * k / steps;
            let y_b = scale_top + scale_h * (k + 1) / steps;
            let t = 1.0 - (k as f64 + 0.5) / steps as f64;
            root.draw(&Rectangle::new([(scale_x, y_a), (scale_x + 14, y_b)], heat_colour(t).filled()))?;
        }
        root.draw(&Rectangle::new([(scale_x, scale_top), (scale_x + 14, scale_top + scale_h)], MUTED))?;
        let scale_max = if max > 0.0 { max } else { 1.0 };
        for (t, v) in [(1.0, scale_max), (0.5, scale_max / 2.0), (0.0, 0.0)] {
            let y = scale_top + ((1.0 - t) * scale_h as f64).round() as i32;
            label(root, &fmt_num(v), (scale_x + 20, y), &font(11.0), HPos::Left, VPos::Center)?;
        }
        label(
            root,
            "paragraphs",
            (scale_x - 6, scale_top - 10),
            &font(11.0).color(&MUTED),
            HPos::Left,
            VPos::Bottom,
        )?;
        Ok(())
    })
}

/// Horizontal bars of shares in 0..1, one row per paragraph, in the order
/// given (pass the most challenged first), with the percentage at the end of
/// each bar. `paragraphs`: (label, share of runs).
pub fn top_paragraphs(paragraphs: &[(String, f64)]) -> Result<String, ChartError> {
    if paragraphs.is_empty() {
        return Err(ChartError::Empty("no paragraphs"));
    }
    for (name, p) in paragraphs {
        finite(|| format!("paragraph {name}"), &[*p])?;
    }
    const PX: f64 = 12.0;
    const ROW_H: i32 = 24;
    let n = paragraphs.len();
    let label_w = paragraphs.iter().map(|(l, _)| text_width(l, PX)).fold(0.0, f64::max).min(360.0);
    let height = 20 + n as i32 * ROW_H + 56;
    render(height as u32, |root| {
        let mut chart = ChartBuilder::on(root)
            .margin_top(14)
            .margin_right(70)
            .margin_left(10)
            .x_label_area_size(48)
            .y_label_area_size(label_w as u32 + 12)
            .build_cartesian_2d(0.0..1.0, -0.5..n as f64 - 0.5)?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(0)
            .x_labels(6)
            .x_label_formatter(&|v| format!("{:.0}%", v * 100.0))
            .x_desc("share of runs in which it was challenged")
            .label_style(font(12.0))
            .axis_desc_style(font(13.0))
            .light_line_style(WHITE)
            .bold_line_style(RGBColor(225, 225, 225))
            .draw()?;
        // Row 0 at the top: y runs upwards, so row i sits at n - 1 - i.
        let y_of = |i: usize| (n - 1 - i) as f64;
        chart.draw_series(paragraphs.iter().enumerate().map(|(i, (_, p))| {
            Rectangle::new([(0.0, y_of(i) - 0.32), (p.clamp(0.0, 1.0), y_of(i) + 0.32)], ORANGE.filled())
        }))?;
        for (i, (name, p)) in paragraphs.iter().enumerate() {
            let (x0, y) = chart.backend_coord(&(0.0, y_of(i)));
            let (x1, _) = chart.backend_coord(&(p.clamp(0.0, 1.0), y_of(i)));
            label(root, &ellipsize(name, label_w, PX), (x0 - 8, y), &font(PX), HPos::Right, VPos::Center)?;
            label(root, &percent(*p), (x1 + 5, y), &font(11.0), HPos::Left, VPos::Center)?;
        }
        Ok(())
    })
}

/// One panel of [`vote_histogram`]: runs by number of votes, over the
/// non-empty range of `counts` (padded, and at least 7 values wide).
fn histogram_panel(
    area: &Area,
    counts: &[u64],
    title: &str,
    x_desc: &str,
    colour: RGBColor,
) -> Result<(), ChartError> {
    let used: Vec<usize> = counts.iter().enumerate().filter(|(_, c)| **c > 0).map(|(i, _)| i).collect();
    let (Some(&first), Some(&last)) = (used.first(), used.last()) else {
        label(
            area,
            &format!("{title}: none"),
            (area.dim_in_pixel().0 as i32 / 2, 60),
            &font(13.0),
            HPos::Center,
            VPos::Center,
        )?;
        return Ok(());
    };
    // One empty bar either side, within the possible counts 0..=max_k, and
    // at least 7 bars so that one or two bars do not fill the panel.
    let max_k = counts.len() as i32 - 1;
    let (mut lo, mut hi) = (first.saturating_sub(1) as i32, (last as i32 + 1).min(max_k));
    while hi - lo < 6 && (lo > 0 || hi < max_k) {
        if hi < max_k {
            hi += 1;
        }
        if hi - lo < 6 && lo > 0 {
            lo -= 1;
        }
    }
    let top = counts.iter().copied().max().unwrap_or(1);
    let mut chart = ChartBuilder::on(area)
        .caption(title, bold(14.0))
        .margin(12)
        .x_label_area_size(44)
        .y_label_area_size(56)
        // plotters' integer ranges are inclusive: lo..hi has bars lo..=hi.
        .build_cartesian_2d((lo..hi).into_segmented(), 0u64..top + top / 8 + 1)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(8)
        .y_labels(6)
        .x_desc(x_desc)
        .y_desc("runs")
        .label_style(font(12.0))
        .axis_desc_style(font(13.0))
        .light_line_style(WHITE)
        .bold_line_style(RGBColor(225, 225, 225))
        .draw()?;
    chart.draw_series((lo..=hi).filter(|&k| (k as usize) < counts.len()).map(|k| {
        let mut bar = Rectangle::new(
            [(SegmentValue::Exact(k), 0), (SegmentValue::Exact(k + 1), counts[k as usize])],
            colour.filled(),
        );
        bar.set_margin(0, 0, 1, 1);
        bar
    }))?;
    Ok(())
}

/// The distribution of yes and of no votes over the runs that voted: two
/// panels side by side, each over its own non-empty range (yes votes cluster
/// near the membership, no votes near zero, and one shared axis would squeeze
/// both into slivers). `yes[k]`, `no[k]`: runs with k such votes.
pub fn vote_histogram(yes: &[u64], no: &[u64]) -> Result<String, ChartError> {
    if yes.iter().chain(no).all(|&c| c == 0) {
        return Err(ChartError::Empty("no run voted"));
    }
    render(320, |root| {
        let (left, right) = root.split_horizontally(WIDTH / 2);
        histogram_panel(&left, yes, "Yes votes", "states voting yes", BLUE_)?;
        histogram_panel(&right, no, "No votes", "states voting no", VERMILLION)?;
        Ok(())
    })
}

/// A tornado chart: one row per (label, diff, lo, hi), a bar from zero to
/// `diff` (right and green when positive, left and red when negative) with
/// the interval lo..hi as a whisker, and the numbers in percentage points on
/// the right. Values are differences of probabilities (-1..1); rows are drawn
/// in the order given, top down.
pub fn tornado(rows: &[(String, f64, f64, f64)]) -> Result<String, ChartError> {
    if rows.is_empty() {
        return Err(ChartError::Empty("no rows"));
    }
    for (name, d, lo, hi) in rows {
        finite(|| format!("row {name}"), &[*d, *lo, *hi])?;
    }
    const PX: f64 = 12.0;
    const ROW_H: i32 = 22;
    const VALUES_W: i32 = 150;
    let n = rows.len();
    let reach = rows.iter().map(|r| r.1.abs().max(r.2.abs()).max(r.3.abs())).fold(0.0, f64::max);
    let m = (reach * 1.1).max(0.01);
    let label_w = rows.iter().map(|r| text_width(&r.0, PX)).fold(0.0, f64::max).min(300.0);
    let height = 34 + n as i32 * ROW_H + 52;
    // Whole percentage points unless the whole range is a few points wide.
    let decimals = if m < 0.05 { 1 } else { 0 };
    render(height as u32, |root| {
        let mut chart = ChartBuilder::on(root)
            .margin_top(30)
            .margin_right(VALUES_W)
            .margin_left(10)
            .x_label_area_size(46)
            .y_label_area_size(label_w as u32 + 12)
            .build_cartesian_2d(-m..m, -0.5..n as f64 - 0.5)?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(0)
            .x_labels(7)
            .x_label_formatter(&|v| signed(v * 100.0, decimals))
            .x_desc("change in P(consensus), percentage points")
            .label_style(font(12.0))
            .axis_desc_style(font(13.0))
            .light_line_style(WHITE)
            .bold_line_style(RGBColor(230, 230, 230))
            .draw()?;
        let y_of = |i: usize| (n - 1 - i) as f64;
        chart.draw_series(rows.iter().enumerate().map(|(i, (_, d, _, _))| {
            let colour = if *d >= 0.0 { GREEN_ } else { VERMILLION };
            Rectangle::new([(0.0, y_of(i) - 0.3), (*d, y_of(i) + 0.3)], colour.mix(0.85).filled())
        }))?;
        chart.draw_series(std::iter::once(PathElement::new(
            vec![(0.0, -0.5), (0.0, n as f64 - 0.5)],
            INK.stroke_width(1),
        )))?;
        for (i, (name, d, lo, hi)) in rows.iter().enumerate() {
            chart.draw_series(whisker(y_of(i), (*lo, *hi), 0.18, false))?;
            let (x0, y) = chart.backend_coord(&(-m, y_of(i)));
            let (x1, _) = chart.backend_coord(&(m, y_of(i)));
            label(root, &ellipsize(name, label_w, PX), (x0 - 8, y), &font(PX), HPos::Right, VPos::Center)?;
            let numbers = format!("{} {}", points(*d), points_interval([*lo, *hi]));
            label(root, &numbers, (x1 + 10, y), &font(11.0), HPos::Left, VPos::Center)?;
        }
        // Which way is which, above the plot.
        let (xz, _) = chart.backend_coord(&(0.0, 0.0));
        let (xr, _) = chart.backend_coord(&(m, 0.0));
        let muted = font(11.0).color(&MUTED);
        label(root, "← consensus less likely", (xz - 6, 16), &muted, HPos::Right, VPos::Center)?;
        label(root, "consensus more likely →", (xz + 6, 16), &muted, HPos::Left, VPos::Center)?;
        label(root, "pp [95% interval]", (xr + 10, 16), &muted, HPos::Left, VPos::Center)?;
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn is_svg(s: &str) -> bool {
        s.starts_with("<svg") && s.trim_end().ends_with("</svg>")
    }

    #[test]
    fn every_chart_draws_an_svg() {
        let outcomes =
            vec![("consensus".to_string(), 0.7, 0.68, 0.72), ("no text".to_string(), 0.3, 0.28, 0.32)];
        assert!(is_svg(&outcome_bars(&outcomes).unwrap()));
        let s = Series { name: "consensus".into(), points: vec![(0.0, 0.5, 0.4, 0.6), (1.0, 0.7, 0.6, 0.8)] };
        assert!(is_svg(&lines_with_bands("t", "x", "y", &[s], &PALETTE).unwrap()));
        let stages = vec![("Reading\n1 Dec".to_string(), 9.0, None), ("Silence".to_string(), 4.0, Some(2.5))];
        assert!(is_svg(&stage_bars(&stages).unwrap()));
        let rows = vec!["USA".to_string(), "EU".to_string()];
        let cols = vec!["Reading".to_string()];
        assert!(is_svg(&heatmap(&rows, &cols, &[vec![3.0], vec![0.0]]).unwrap()));
        assert!(is_svg(&top_paragraphs(&[("¶ 4".to_string(), 0.4)]).unwrap()));
        assert!(is_svg(&vote_histogram(&[0, 0, 3, 5], &[4, 4, 0, 0]).unwrap()));
        assert!(is_svg(&tornado(&[("USA".to_string(), -0.05, -0.08, -0.02)]).unwrap()));
    }

    #[test]
    fn scenario_text_is_escaped_in_the_svg() {
        let svg = top_paragraphs(&[("<b>&".to_string(), 0.5)]).unwrap();
        assert!(svg.contains("&lt;b&gt;&amp;") && !svg.contains("<b>"));
    }

    #[test]
    fn bad_input_is_an_error_not_a_panic() {
        assert!(matches!(outcome_bars(&[]), Err(ChartError::Empty(_))));
        assert!(matches!(tornado(&[("x".into(), f64::NAN, 0.0, 0.0)]), Err(ChartError::NotFinite(_))));
        let rows = vec!["a".to_string()];
        assert!(matches!(heatmap(&rows, &rows, &[vec![1.0, 2.0]]), Err(ChartError::Shape { .. })));
        assert!(matches!(vote_histogram(&[0; 5], &[0; 5]), Err(ChartError::Empty(_))));
        assert!(matches!(lines_with_bands("t", "x", "y", &[], &PALETTE), Err(ChartError::Empty(_))));
    }

    #[test]
    fn labels_wrap_and_shorten() {
        assert_eq!(
            wrap("Bilateral consultations\n13-14 Dec 2025", 90.0, 11.0, 4),
            ["Bilateral", "consultations", "13-14 Dec 2025"]
        );
        assert!(ellipsize(&"x".repeat(100), 60.0, 12.0).ends_with('…'));
        assert_eq!(fmt_num(0.01), "<0.1");
        assert_eq!(fmt_num(46.26), "46");
        assert_eq!(fmt_num(4.26), "4.3");
    }
}
