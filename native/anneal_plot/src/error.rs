//! [`PlotError`]: why a plot could not be drawn.

use anneal_core::ScheduleError;
use std::fmt;

/// Why a plot could not be drawn. The `Display` text is shown to the Elixir user as is.
#[derive(Debug, Clone, PartialEq)]
pub enum PlotError {
    /// A schedule's value is not finite at some step (from [`anneal_core::evaluate`]).
    Schedule(ScheduleError),
    /// No schedule to plot.
    NoSeries,
    /// The steps are empty or not an ascending range.
    Steps,
    /// More steps than one plot evaluates (see [`crate::MAX_STEPS`]).
    TooManySteps {
        /// How many steps were asked for.
        steps: usize,
    },
    /// The picture is too small to hold the axes, or absurdly large.
    Size {
        /// Requested width in pixels.
        width: u32,
        /// Requested height in pixels.
        height: u32,
    },
    /// The picture is not tall enough for the chart and one legend row per schedule.
    TooShort {
        /// Requested height in pixels.
        height: u32,
        /// The smallest height that fits.
        needed: u32,
        /// Number of schedules in the legend.
        series: usize,
    },
    /// A logarithmic axis was asked for, but no value is positive.
    NoPositiveValue,
    /// The values span more than a float64 can hold (or, on a log axis, are subnormal).
    Span {
        /// The smallest value to draw.
        lo: f64,
        /// The largest value to draw.
        hi: f64,
    },
    /// A text holds a character that an SVG document cannot.
    Text {
        /// Which text: `"the title"`, `"a legend label"`, `"a boundary label"`.
        what: &'static str,
        /// The text.
        text: String,
        /// Its first character that XML 1.0 cannot hold.
        character: char,
    },
    /// The estimated work of evaluating every schedule at every step is above
    /// [`crate::MAX_WORK_NS`].
    TooMuchWork {
        /// How many steps.
        steps: usize,
        /// How many schedules.
        series: usize,
        /// The estimated work, in seconds.
        seconds: f64,
    },
    /// The caller asked to stop (see [`crate::plot_while`]).
    Stopped,
    /// plotters failed to draw (not expected with the SVG backend writing to a string).
    Draw(String),
}

impl fmt::Display for PlotError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Schedule(e) => e.fmt(f),
            Self::NoSeries => write!(f, "expected at least one schedule to plot"),
            Self::Steps => write!(f, "expected the steps to be a non-empty ascending range"),
            Self::TooManySteps { steps } => write!(
                f,
                "expected at most {} steps to plot, got: {steps}",
                crate::MAX_STEPS
            ),
            Self::Size { width, height } => write!(
                f,
                "expected a width between {} and {} and a height between {} and {} pixels, got: {width}x{height}",
                crate::MIN_WIDTH,
                crate::MAX_SIZE,
                crate::MIN_HEIGHT,
                crate::MAX_SIZE
            ),
            Self::TooShort {
                height,
                needed,
                series,
            } => write!(
                f,
                "expected a height of at least {needed} pixels for {series} schedules, got: {height}"
            ),
            Self::NoPositiveValue => {
                write!(f, "log_y needs a positive value, but every value is 0 or negative")
            }
            Self::Span { lo, hi } => write!(
                f,
                "cannot draw values from {lo:e} to {hi:e}: their span does not fit in a float64"
            ),
            Self::Text {
                what,
                text,
                character,
            } => write!(
                f,
                "expected {what} to hold no control character other than tab and newline, \
                 got: {text:?} (with U+{:04X})",
                u32::from(*character)
            ),
            Self::TooMuchWork {
                steps,
                series,
                seconds,
            } => write!(
                f,
                "expected a plot to need at most {} s of evaluation, got: about {seconds:.0} s \
                 for {steps} steps of {series} schedule{} (plot fewer steps, e.g. every 10th)",
                crate::MAX_WORK_NS / 1e9,
                if *series == 1 { "" } else { "s" }
            ),
            Self::Stopped => write!(f, "the plot was stopped before it was drawn"),
            Self::Draw(message) => write!(f, "drawing the plot failed: {message}"),
        }
    }
}

impl std::error::Error for PlotError {}

impl From<ScheduleError> for PlotError {
    fn from(e: ScheduleError) -> Self {
        Self::Schedule(e)
    }
}
