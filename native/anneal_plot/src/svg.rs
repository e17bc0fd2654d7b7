//! [`plot`]: schedules drawn as an SVG document with plotters.

use crate::envelope::envelope_while;
use crate::ticks::{format_step, format_value};
use crate::PlotError;
use anneal_core::{Schedule, Steps};
use plotters::coord::ranged1d::{AsRangedCoord, ValueFormatter};
use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use rayon::iter::{IntoParallelRefIterator, ParallelIterator};
use std::ops::Range;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

/// Narrowest picture, in pixels.
pub const MIN_WIDTH: u32 = 240;
/// Lowest picture, in pixels, for one schedule.
pub const MIN_HEIGHT: u32 = 180;
/// Widest and highest picture, in pixels.
pub const MAX_SIZE: u32 = 10_000;

/// The most steps one plot evaluates (per schedule): 10⁹, a few seconds of work, so that a
/// mistyped range cannot hold a dirty scheduler for hours.
pub const MAX_STEPS: usize = 1_000_000_000;

/// The most work one plot does, as [`anneal_core::estimated_cost_ns`] estimates it over all
/// its schedules: 20 s. Bounds plots of many schedules, or of schedules whose steps are
/// costly (the per-step path), which [`MAX_STEPS`] alone does not.
pub const MAX_WORK_NS: f64 = 20e9;

const FONT: &str = "sans-serif";
const MARGIN: u32 = 14;
const X_LABEL_AREA: u32 = 46;
const Y_LABEL_AREA: u32 = 74;
const LEGEND_ROW: u32 = 20;
/// Beyond this many markers in view in all, markers get no labels.
const MAX_LABELLED_MARKERS: usize = 8;
/// A schedule with more boundaries than this in view (frequent restarts, say) gets no
/// markers: its line shows the phases better than a wall of dashes.
pub const MAX_MARKERS_PER_SERIES: usize = 64;
/// A log axis spans at most this many decades below the largest value.
const MAX_DECADES: f64 = 12.0;
/// Width of a schedule's line; markers and grid lines are 1 pixel wide.
pub const LINE_WIDTH: u32 = 2;

/// Tableau 10, the colours of matplotlib's default cycle.
const PALETTE: [RGBColor; 10] = [
    RGBColor(31, 119, 180),
    RGBColor(255, 127, 14),
    RGBColor(44, 160, 44),
    RGBColor(214, 39, 40),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
    RGBColor(227, 119, 194),
    RGBColor(127, 127, 127),
    RGBColor(188, 189, 34),
    RGBColor(23, 190, 207),
];

/// A step where a schedule changes phase (end of warmup, start of decay, restart, …),
/// drawn as a dashed vertical line in the schedule's colour.
#[derive(Debug, Clone, PartialEq)]
pub struct Boundary {
    /// What happens there, e.g. `"warmup end"`.
    pub label: String,
    /// The step.
    pub step: f64,
}

/// One line of a plot.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// The legend text.
    pub label: String,
    /// What to draw.
    pub schedule: Schedule,
    /// Phase boundaries to mark; those outside the plotted steps are skipped.
    pub boundaries: Vec<Boundary>,
}

/// How a plot looks.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// The title above the chart.
    pub title: String,
    /// Width of the picture in pixels.
    pub width: u32,
    /// Height of the picture in pixels, legend included.
    pub height: u32,
    /// Whether the value axis is logarithmic. Values of 0 or below, and values more than
    /// 12 decades below the largest, are drawn at the bottom edge.
    pub log_y: bool,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            title: "Learning-rate schedule".to_string(),
            width: 800,
            height: 480,
            log_y: false,
        }
    }
}

/// Draws `series` over `steps` (an ascending [`Steps::Range`], or a single step) as an SVG
/// document: a title, axes labelled `step` and `learning rate` with readable ticks, one
/// line per schedule (a `polyline` [`LINE_WIDTH`] pixels wide), dashed markers at phase
/// boundaries and a legend under the chart.
///
/// Each line goes through the [`envelope`] of its schedule with one column per pixel of
/// the chart's width, so the document stays small (at most six points per pixel column and
/// schedule) however many steps there are, and staircases and restarts keep their corners.
///
/// ```
/// use anneal_core::{CosineDecay, Steps};
/// use anneal_plot::{plot, Options, Series};
///
/// let cosine = Series {
///     label: "cosine_decay(0.1, decay_steps: 1000)".to_string(),
///     schedule: CosineDecay::schedule(0.1, 1000.0, 0.0)?.into(),
///     boundaries: vec![],
/// };
/// let svg = plot(&[cosine], Steps::range(0, 1, 1001)?, &Options::default())?;
/// assert!(svg.starts_with("<svg") && svg.contains("learning rate"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn plot(series: &[Series], steps: Steps<'_>, options: &Options) -> Result<String, PlotError> {
    plot_while(series, steps, options, &mut || true)
}

/// [`plot`], asking `keep_going` every few thousand steps evaluated whether to go on, and
/// failing with [`PlotError::Stopped`] when it says no (the NIF asks whether its caller is
/// still alive).
pub fn plot_while(
    series: &[Series],
    steps: Steps<'_>,
    options: &Options,
    keep_going: &mut dyn FnMut() -> bool,
) -> Result<String, PlotError> {
    let (first, last) = bounds(steps)?;
    if steps.len() > crate::MAX_STEPS {
        return Err(PlotError::TooManySteps { steps: steps.len() });
    }
    if series.is_empty() {
        return Err(PlotError::NoSeries);
    }
    check_size(options, series.len())?;
    check_text(series, options)?;
    let work: f64 = series
        .iter()
        .map(|s| anneal_core::estimated_cost_ns(&s.schedule, steps))
        .sum();
    if work > MAX_WORK_NS {
        return Err(PlotError::TooMuchWork {
            steps: steps.len(),
            series: series.len(),
            seconds: work / 1e9,
        });
    }
    let legend_height = legend_height(series.len());
    let columns = (options.width - 2 * MARGIN - Y_LABEL_AREA) as usize;
    let lines = envelopes_while(series, steps, columns, keep_going)?;
    // One step alone gets an axis one step wide on each side.
    let x_range = if first < last {
        first..last
    } else {
        first - 1.0..last + 1.0
    };

    let mut svg = String::new();
    {
        let root =
            SVGBackend::with_string(&mut svg, (options.width, options.height)).into_drawing_area();
        root.fill(&WHITE).map_err(draw_error)?;
        let (upper, lower) = root.split_vertically(options.height - legend_height);
        let chart = Chart {
            series,
            lines: &lines,
            x_range,
            options,
        };
        if options.log_y {
            let (range, floor) = log_range(&lines)?;
            chart.draw(&upper, range.log_scale(), floor)?;
        } else {
            chart.draw(&upper, linear_range(&lines)?, f64::NEG_INFINITY)?;
        }
        draw_legend(&lower, series)?;
        root.present().map_err(draw_error)?;
    }
    Ok(svg)
}

/// The first and last step of an ascending range (or of a single step).
fn bounds(steps: Steps<'_>) -> Result<(f64, f64), PlotError> {
    match steps {
        Steps::Range { first, stride, len } if len == 1 || (len > 1 && stride > 0) => {
            let last = first as f64 + (len - 1) as f64 * stride as f64;
            Ok((first as f64, last))
        }
        _ => Err(PlotError::Steps),
    }
}

/// Text written into the SVG document: XML 1.0 cannot hold control characters other than
/// tab, newline and carriage return, nor U+FFFE and U+FFFF; carriage returns are refused
/// too, as XML readers turn them into newlines.
fn check_text(series: &[Series], options: &Options) -> Result<(), PlotError> {
    let labels = series.iter().flat_map(|s| {
        std::iter::once(("a legend label", &s.label))
            .chain(s.boundaries.iter().map(|b| ("a boundary label", &b.label)))
    });
    for (what, text) in std::iter::once(("the title", &options.title)).chain(labels) {
        if let Some(c) = text.chars().find(|&c| !xml_text(c)) {
            return Err(PlotError::Text {
                what,
                text: text.clone(),
                character: c,
            });
        }
    }
    Ok(())
}

fn xml_text(c: char) -> bool {
    !matches!(c, '\u{0}'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}')
}

/// One row per schedule, and a margin.
fn legend_height(series: usize) -> u32 {
    rows(series)
        .saturating_mul(LEGEND_ROW)
        .saturating_add(MARGIN)
}

fn rows(series: usize) -> u32 {
    u32::try_from(series).unwrap_or(u32::MAX)
}

/// The picture must be within bounds, and leave the chart `MIN_HEIGHT` pixels once the
/// legend rows after the first are taken.
fn check_size(options: &Options, series: usize) -> Result<(), PlotError> {
    let Options { width, height, .. } = *options;
    if !(MIN_WIDTH..=MAX_SIZE).contains(&width) || !(MIN_HEIGHT..=MAX_SIZE).contains(&height) {
        return Err(PlotError::Size { width, height });
    }
    let needed = rows(series)
        .saturating_sub(1)
        .saturating_mul(LEGEND_ROW)
        .saturating_add(MIN_HEIGHT);
    if height < needed {
        return Err(PlotError::TooShort {
            height,
            needed,
            series,
        });
    }
    Ok(())
}

/// The value range of a linear axis: the values with 5% of air above and below (not below
/// 0 when every value is positive, so that decays to 0 end on the axis).
fn linear_range(lines: &[Vec<(f64, f64)>]) -> Result<Range<f64>, PlotError> {
    let (lo, hi) = extremes(lines.iter().flatten().map(|p| p.1));
    let (bottom, top) = if lo == hi {
        let pad = if lo == 0.0 {
            1.0
        } else {
            (lo.abs() * 0.1).max(1e-300)
        };
        (lo - pad, hi + pad)
    } else {
        // Each half of the difference is scaled first: hi − lo itself may overflow.
        let pad = hi * 0.05 - lo * 0.05;
        let bottom = if lo >= 0.0 {
            (lo - pad).max(0.0)
        } else {
            lo - pad
        };
        (bottom, hi + pad)
    };
    let (bottom, top) = (bottom.max(f64::MIN), top.min(f64::MAX));
    // plotters needs a finite, non-empty span to place its ticks.
    if (top - bottom).is_finite() && top > bottom {
        Ok(bottom..top)
    } else {
        Err(PlotError::Span { lo, hi })
    }
}

/// The value range of a log axis and the floor at which smaller values are drawn.
fn log_range(lines: &[Vec<(f64, f64)>]) -> Result<(Range<f64>, f64), PlotError> {
    let (lo, hi) = extremes(lines.iter().flatten().map(|p| p.1).filter(|&v| v > 0.0));
    if !(lo.is_finite() && hi.is_finite()) {
        return Err(PlotError::NoPositiveValue);
    }
    let lo = lo.max(hi * 10f64.powf(-MAX_DECADES));
    // 5% of the decades as air, at least a factor of 1.25 when all values are equal.
    let air = (hi / lo).powf(0.05).max(1.25);
    let (bottom, top) = (lo / air, (hi * air).min(f64::MAX));
    if bottom >= f64::MIN_POSITIVE && top > bottom {
        Ok((bottom..top, bottom))
    } else {
        Err(PlotError::Span { lo, hi })
    }
}

fn extremes(values: impl Iterator<Item = f64>) -> (f64, f64) {
    values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
        (lo.min(v), hi.max(v))
    })
}

fn draw_error<E: std::fmt::Debug>(e: E) -> PlotError {
    PlotError::Draw(format!("{e:?}"))
}

struct Chart<'a> {
    series: &'a [Series],
    lines: &'a [Vec<(f64, f64)>],
    x_range: Range<f64>,
    options: &'a Options,
}

impl Chart<'_> {
    /// Draws the chart with the value axis `y`; values below `floor` are drawn at it.
    fn draw<DB, Y>(&self, area: &DrawingArea<DB, Shift>, y: Y, floor: f64) -> Result<(), PlotError>
    where
        DB: DrawingBackend,
        Y: AsRangedCoord<Value = f64>,
        Y::CoordDescType: ValueFormatter<f64>,
    {
        let mut chart = ChartBuilder::on(area)
            .caption(&self.options.title, (FONT, 24))
            .margin(MARGIN)
            .margin_bottom(4)
            .x_label_area_size(X_LABEL_AREA)
            .y_label_area_size(Y_LABEL_AREA)
            .build_cartesian_2d(self.x_range.clone(), y)
            .map_err(draw_error)?;
        let span = self.x_range.start.abs().max(self.x_range.end.abs());
        let step_label = |x: &f64| format_step(*x, span);
        let value_label = |v: &f64| format_value(*v);
        chart
            .configure_mesh()
            .x_desc("step")
            .y_desc("learning rate")
            .x_label_formatter(&step_label)
            .y_label_formatter(&value_label)
            .x_labels(8)
            .y_labels(8)
            .label_style((FONT, 15))
            .axis_desc_style((FONT, 17))
            .light_line_style(RGBColor(240, 240, 240))
            .bold_line_style(RGBColor(220, 220, 220))
            .draw()
            .map_err(draw_error)?;

        let y_range = chart.y_range();
        let (bottom, top) = (y_range.start.max(floor), y_range.end);
        let markers = self.markers();
        let label_markers = markers.len() <= MAX_LABELLED_MARKERS;
        let width = self.x_range.end - self.x_range.start;
        for (n, (color, boundary)) in markers.into_iter().enumerate() {
            let x = boundary.step;
            chart
                .draw_series(std::iter::once(DashedPathElement::new(
                    vec![(x, bottom), (x, top)],
                    5,
                    4,
                    color.mix(0.8).stroke_width(1),
                )))
                .map_err(draw_error)?;
            if label_markers {
                // Labels stack down from the top, on the side of the line with more room.
                let (dx, anchor) = if x > self.x_range.start + 0.6 * width {
                    (-4, HPos::Right)
                } else {
                    (4, HPos::Left)
                };
                let style = (FONT, 13)
                    .into_font()
                    .color(&color)
                    .pos(Pos::new(anchor, VPos::Top));
                let label = Text::new(boundary.label.clone(), (dx, 4 + 14 * n as i32), style);
                chart
                    .draw_series(std::iter::once(EmptyElement::at((x, top)) + label))
                    .map_err(draw_error)?;
            }
        }
        for (i, line) in self.lines.iter().enumerate() {
            let points = line.iter().map(|&(x, v)| (x, v.max(floor)));
            let style = color(i).stroke_width(LINE_WIDTH);
            chart
                .draw_series(std::iter::once(PathElement::new(
                    points.collect::<Vec<_>>(),
                    style,
                )))
                .map_err(draw_error)?;
        }
        Ok(())
    }

    /// The boundaries within the plotted steps, with their series' colours, for each series
    /// with at most [`MAX_MARKERS_PER_SERIES`] of them.
    fn markers(&self) -> Vec<(RGBColor, &Boundary)> {
        let Range { start, end } = self.x_range;
        let mut markers = Vec::new();
        for (i, s) in self.series.iter().enumerate() {
            let in_view = s
                .boundaries
                .iter()
                .filter(|b| b.step >= start && b.step <= end);
            if in_view.clone().count() <= MAX_MARKERS_PER_SERIES {
                markers.extend(in_view.map(|b| (color(i), b)));
            }
        }
        markers
    }
}

fn color(i: usize) -> RGBColor {
    PALETTE[i % PALETTE.len()]
}

/// Average width of a character of the legend's font (15 in plotters' units, written as a
/// 12.1-pixel `font-size`), in tenths of a pixel: calls measure 5.2 to 6.3 pixels a
/// character in DejaVu Sans.
const LEGEND_CHAR_TENTHS: u32 = 65;

/// `label`, cut with an ellipsis to fit in `room` pixels of legend text.
fn fit(label: &str, room: u32) -> String {
    let max = (room * 10 / LEGEND_CHAR_TENTHS).max(1) as usize;
    if label.chars().count() <= max {
        label.to_string()
    } else {
        let mut cut: String = label.chars().take(max - 1).collect();
        cut.push('…');
        cut
    }
}

/// One row per schedule: a short bar in its colour and its label, cut to fit.
fn draw_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    series: &[Series],
) -> Result<(), PlotError> {
    let left = (MARGIN + Y_LABEL_AREA) as i32;
    for (i, s) in series.iter().enumerate() {
        let y = (i as u32 * LEGEND_ROW) as i32 + LEGEND_ROW as i32 / 2;
        area.draw(&Rectangle::new(
            [(left, y - 1), (left + 24, y + 2)],
            color(i).filled(),
        ))
        .map_err(draw_error)?;
        let text = (FONT, 15)
            .into_text_style(area)
            .pos(Pos::new(HPos::Left, VPos::Center));
        let room = area
            .dim_in_pixel()
            .0
            .saturating_sub(left as u32 + 32 + MARGIN);
        area.draw(&Text::new(fit(&s.label, room), (left + 32, y), text))
            .map_err(draw_error)?;
    }
    Ok(())
}

/// The envelopes of every series, computed in parallel on the core's pool (each streamed
/// block by block: no N×M buffer), while this thread asks `keep_going` every few
/// milliseconds and stops them all when it says no. `keep_going` stays on this thread: a
/// NIF's liveness check may only run on the scheduler thread that called it.
fn envelopes_while(
    series: &[Series],
    steps: Steps<'_>,
    columns: usize,
    keep_going: &mut dyn FnMut() -> bool,
) -> Result<Vec<Vec<(f64, f64)>>, PlotError> {
    let stop = AtomicBool::new(false);
    let (done, finished) = mpsc::channel();
    let lines = std::thread::scope(|scope| {
        scope.spawn(|| {
            let lines = anneal_core::in_pool(|| {
                series
                    .par_iter()
                    .map(|s| {
                        envelope_while(&s.schedule, steps, columns, &mut || {
                            !stop.load(Ordering::Relaxed)
                        })
                    })
                    .collect::<Result<Option<Vec<_>>, _>>()
            });
            // The receiver waits for this send; it fails only if it has gone, which it
            // cannot have before the scope ends.
            let _ = done.send(lines);
        });
        loop {
            match finished.recv_timeout(Duration::from_millis(2)) {
                Ok(lines) => break lines,
                Err(RecvTimeoutError::Timeout) => {
                    if !stop.load(Ordering::Relaxed) && !keep_going() {
                        stop.store(true, Ordering::Relaxed);
                    }
                }
                // The worker panicked: the scope re-raises its panic when it ends.
                Err(RecvTimeoutError::Disconnected) => break Ok(None),
            }
        }
    })?;
    lines.ok_or(PlotError::Stopped)
}

#[cfg(test)]
mod tests {
    use super::*;
    use anneal_core::{Constant, CosineDecay, ExponentialDecay, LinearDecay};

    fn series(label: &str, schedule: Schedule, boundaries: &[(&str, f64)]) -> Series {
        Series {
            label: label.to_string(),
            schedule,
            boundaries: boundaries
                .iter()
                .map(|&(label, step)| Boundary {
                    label: label.to_string(),
                    step,
                })
                .collect(),
        }
    }

    fn cosine() -> Series {
        let s = CosineDecay::schedule(0.1, 1000.0, 0.0).unwrap();
        series("cosine", s, &[("decay end", 1000.0)])
    }

    /// The `points` attribute of every schedule line (the polylines LINE_WIDTH wide).
    fn lines(svg: &str) -> Vec<Vec<(i32, i32)>> {
        let width = format!("stroke-width=\"{LINE_WIDTH}\"");
        svg.split("<polyline")
            .skip(1)
            .filter(|tag| tag.split('>').next().is_some_and(|t| t.contains(&width)))
            .map(|tag| {
                let points = tag.split("points=\"").nth(1).unwrap_or("");
                let points = points.split('"').next().unwrap_or("");
                points
                    .split_whitespace()
                    .map(|p| {
                        let (x, y) = p.split_once(',').unwrap();
                        (x.parse().unwrap(), y.parse().unwrap())
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn series_drawn_in_parallel_give_the_one_thread_picture() {
        let many: Vec<Series> = (1..=6)
            .map(|i| {
                let s = CosineDecay::schedule(0.1 * f64::from(i), 2e5, 0.0).unwrap();
                series(&format!("cosine {i}"), s, &[])
            })
            .collect();
        let steps = Steps::range(0, 1, 300_000).unwrap();
        let options = Options::default();
        let before = anneal_core::set_threads(1);
        let serial = plot(&many, steps, &options).unwrap();
        anneal_core::set_threads(3);
        let parallel = plot(&many, steps, &options).unwrap();
        anneal_core::set_threads(before);
        assert_eq!(lines(&serial).len(), 6);
        assert!(serial == parallel, "the pictures differ");
    }

    #[test]
    fn one_line_per_schedule_and_bounded_points_at_ten_million_steps() {
        let stairs = ExponentialDecay::schedule(0.1, 0.5, 1e6, 0.0, true).unwrap();
        let all = [
            cosine(),
            series("stairs", stairs, &[]),
            series("constant", Constant::schedule(0.05).unwrap(), &[]),
        ];
        let svg = plot(
            &all,
            Steps::range(0, 1, 10_000_000).unwrap(),
            &Options::default(),
        )
        .unwrap();
        let lines = lines(&svg);
        assert_eq!(lines.len(), 3);
        // The chart is 800 − 2·14 − 74 = 698 pixels wide: at most 6 points per column.
        for line in &lines {
            assert!(line.len() <= 6 * 698, "{} points", line.len());
        }
        // The staircase's 9 drops are vertical segments: pairs of points with equal x.
        let verticals = lines[1]
            .windows(2)
            .filter(|w| w[0].0 == w[1].0 && w[0].1 < w[1].1)
            .count();
        assert_eq!(verticals, 9);
        for label in [
            "cosine",
            "stairs",
            "constant",
            "step",
            "learning rate",
            "2M",
        ] {
            assert!(svg.contains(label), "{label} is missing");
        }
    }

    #[test]
    fn markers_are_drawn_only_within_the_steps() {
        let linear = LinearDecay::schedule(0.1, 100.0, 1000.0).unwrap();
        let linear = series("linear", linear, &[("warmup end", 100.0), ("far", 5000.0)]);
        let svg = plot(
            &[linear],
            Steps::range(0, 1, 1001).unwrap(),
            &Options::default(),
        )
        .unwrap();
        assert!(svg.contains("warmup end"));
        assert!(!svg.contains("far"));
    }

    #[test]
    fn too_many_markers_are_dropped_and_many_are_not_labelled() {
        let dashes = |svg: &str| svg.matches("<polyline").count();
        let with = |n: usize| {
            let marks: Vec<(&str, f64)> = (1..=n).map(|k| ("restart", k as f64)).collect();
            let s = series("s", Constant::schedule(1.0).unwrap(), &marks);
            plot(&[s], Steps::range(0, 1, 1001).unwrap(), &Options::default()).unwrap()
        };
        let none = dashes(&with(0));
        // 8 markers: dashed and labelled; 9: dashed only; 65: none at all.
        assert!(dashes(&with(8)) > none && with(8).contains("restart"));
        assert!(dashes(&with(9)) > none && !with(9).contains("restart"));
        assert!(dashes(&with(MAX_MARKERS_PER_SERIES)) > none);
        assert_eq!(dashes(&with(MAX_MARKERS_PER_SERIES + 1)), none);
    }

    #[test]
    fn a_log_axis_draws_zeros_at_its_floor() {
        let svg = plot(
            &[cosine()],
            Steps::range(0, 1, 2001).unwrap(),
            &Options {
                log_y: true,
                ..Options::default()
            },
        )
        .unwrap();
        // Past step 1000 the value is 0: those points sit on the lowest y of the line.
        let line = &lines(&svg)[0];
        let bottom = line.iter().map(|p| p.1).max().unwrap();
        assert_eq!(line.last().unwrap().1, bottom);
        assert!(svg.contains("0.1") && svg.contains("1e-"));
    }

    #[test]
    fn extreme_values_and_steps_are_drawn() {
        let log = Options {
            log_y: true,
            ..Options::default()
        };
        let steps = Steps::range(0, 1, 11).unwrap();
        for (value, options) in [
            (1.7e308, Options::default()),
            (1.7e308, log.clone()),
            (-1.7e308, Options::default()),
            (5e-324, Options::default()),
            (0.0, Options::default()),
        ] {
            let constant = series("c", Constant::schedule(value).unwrap(), &[]);
            let svg = plot(&[constant], steps, &options).unwrap();
            assert_eq!(lines(&svg).len(), 1, "{value}");
        }
        let ends = Steps::range(i64::MIN, i64::MAX, 2).unwrap();
        let svg = plot(&[cosine()], ends, &Options::default()).unwrap();
        assert_eq!(lines(&svg).len(), 1);
    }

    #[test]
    fn long_labels_are_cut_to_fit() {
        assert_eq!(fit("cosine_decay(0.1)", 800), "cosine_decay(0.1)");
        // 65 pixels hold 10 characters: 9 and an ellipsis.
        assert_eq!(fit("cosine_decay(0.1)", 65), "cosine_de…");
        assert_eq!(fit("ηηηηηηηηηηηη", 65), "ηηηηηηηηη…");
        assert_eq!(fit("abc", 0), "…");
    }

    #[test]
    fn a_single_step_is_plotted() {
        let svg = plot(
            &[cosine()],
            Steps::range(5, 1, 1).unwrap(),
            &Options::default(),
        );
        assert_eq!(lines(&svg.unwrap()).len(), 1);
    }

    #[test]
    fn each_refusal_has_its_message() {
        let ok = Steps::range(0, 1, 10).unwrap();
        let defaults = Options::default();
        let refuse = |series: &[Series], steps, options: &Options| {
            plot(series, steps, options).unwrap_err().to_string()
        };
        assert_eq!(
            refuse(&[], ok, &defaults),
            "expected at least one schedule to plot"
        );
        for steps in [
            Steps::range(10, -1, 5).unwrap(),
            Steps::range(0, 1, 0).unwrap(),
        ] {
            assert_eq!(
                refuse(&[cosine()], steps, &defaults),
                "expected the steps to be a non-empty ascending range"
            );
        }
        // 10⁹ + 1 steps: refused before any is evaluated.
        assert_eq!(
            refuse(
                &[cosine()],
                Steps::range(0, 1, 1_000_000_001).unwrap(),
                &defaults
            ),
            "expected at most 1000000000 steps to plot, got: 1000000001"
        );
        let tiny = Options {
            width: 100,
            ..Options::default()
        };
        assert_eq!(
            refuse(&[cosine()], ok, &tiny),
            "expected a width between 240 and 10000 and a height between 180 and 10000 pixels, got: 100x480"
        );
        let short = Options {
            height: 200,
            ..Options::default()
        };
        // 180 pixels for the chart, and 20 more per legend row after the first.
        assert_eq!(
            refuse(&vec![cosine(); 3], ok, &short),
            "expected a height of at least 220 pixels for 3 schedules, got: 200"
        );
        let log = Options {
            log_y: true,
            ..Options::default()
        };
        let zero = series("zero", Constant::schedule(0.0).unwrap(), &[]);
        assert_eq!(
            refuse(&[zero], ok, &log),
            "log_y needs a positive value, but every value is 0 or negative"
        );
        // The span of ±10³⁰⁸ overflows; subnormals have no room on a log axis.
        let huge = [
            series("low", Constant::schedule(-1e308).unwrap(), &[]),
            series("high", Constant::schedule(1e308).unwrap(), &[]),
        ];
        assert_eq!(
            refuse(&huge, ok, &defaults),
            "cannot draw values from -1e308 to 1e308: their span does not fit in a float64"
        );
        let tiny = series("tiny", Constant::schedule(5e-324).unwrap(), &[]);
        assert_eq!(
            refuse(&[tiny], ok, &log),
            "cannot draw values from 5e-324 to 5e-324: their span does not fit in a float64"
        );
        let grow = ExponentialDecay::schedule(1.0, 2.0, 1.0, 0.0, false).unwrap();
        assert_eq!(
            refuse(
                &[series("grow", grow, &[])],
                Steps::range(0, 1, 2000).unwrap(),
                &defaults
            ),
            "the schedule's value at step 1024 is not finite"
        );
    }

    #[test]
    fn text_that_xml_cannot_hold_is_refused() {
        let ok = Steps::range(0, 1, 10).unwrap();
        for (title, code) in [
            ("a\u{0}b", 0),
            ("\u{1b}[31m", 0x1b),
            ("x\ry", 0xd),
            ("\u{fffe}", 0xfffe),
        ] {
            let options = Options {
                title: title.to_string(),
                ..Options::default()
            };
            assert_eq!(
                plot(&[cosine()], ok, &options).unwrap_err().to_string(),
                format!(
                    "expected the title to hold no control character other than tab and newline, \
                     got: {title:?} (with U+{code:04X})"
                )
            );
        }
        let label = series("bad\u{7}", Constant::schedule(1.0).unwrap(), &[]);
        assert!(plot(&[label], ok, &Options::default())
            .unwrap_err()
            .to_string()
            .starts_with("expected a legend label to hold no control character"));
        // Tab and newline are XML text.
        let options = Options {
            title: "a\tb\nc".to_string(),
            ..Options::default()
        };
        assert!(plot(&[cosine()], ok, &options).is_ok());
    }

    #[test]
    fn work_is_bounded_over_all_series_not_only_per_series_steps() {
        // Series of 10⁹ steps each, within MAX_STEPS one by one, but so many that their
        // estimated work adds up past the 20 s bound.
        let steps = Steps::range(0, 1, 1_000_000_000).unwrap();
        let each = anneal_core::estimated_cost_ns(&cosine().schedule, steps);
        let n = (MAX_WORK_NS / each).floor() as usize + 1;
        let series: Vec<_> = (0..n).map(|_| cosine()).collect();
        let tall = Options {
            height: 500 + 20 * n as u32,
            ..Options::default()
        };
        let message = plot(&series, steps, &tall).unwrap_err().to_string();
        assert!(
            message.starts_with("expected a plot to need at most 20 s of evaluation"),
            "{message}"
        );
    }

    #[test]
    fn a_plot_stops_when_asked_to() {
        // Long enough (10⁸ steps) to be asked while the series are drawn, every few ms.
        let steps = Steps::range(0, 1, 100_000_000).unwrap();
        let mut asked = 0;
        let mut stop_at_once = || {
            asked += 1;
            false
        };
        let result = plot_while(&[cosine()], steps, &Options::default(), &mut stop_at_once);
        assert_eq!(result, Err(PlotError::Stopped));
        assert_eq!(asked, 1);
    }
}
