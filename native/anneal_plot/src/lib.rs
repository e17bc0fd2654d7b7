//! SVG plots of Anneal's learning-rate schedules, drawn with [plotters].
//!
//! [`plot`] draws one or more [`anneal_core::Schedule`]s over a range of steps as an SVG
//! document. Values come from [`anneal_core::evaluate`], the one implementation of every
//! formula; [`envelope`] reduces millions of steps to a few points per pixel column without
//! losing a corner, so a plot of 10⁷ steps is as small as a plot of 10³.
//!
//! ```
//! use anneal_core::{LinearDecay, Steps};
//! use anneal_plot::{plot, Boundary, Options, Series};
//!
//! let linear = Series {
//!     label: "linear_decay(0.1, warmup: 100, steps: 1000)".to_string(),
//!     schedule: LinearDecay::schedule(0.1, 100.0, 1000.0)?.into(),
//!     boundaries: vec![Boundary { label: "warmup end".to_string(), step: 100.0 }],
//! };
//! let options = Options { title: "Warmup".to_string(), ..Options::default() };
//! let svg = plot(&[linear], Steps::range(0, 1, 10_000_000)?, &options)?;
//! assert!(svg.len() < 100_000);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Text is written as SVG `<text>` elements in a generic `sans-serif` family and laid out
//! with plotters' built-in size estimate: no font file is read.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod envelope;
mod error;
mod svg;
mod ticks;

pub use envelope::envelope;
pub use error::PlotError;
pub use svg::{
    plot, plot_while, Boundary, Options, Series, LINE_WIDTH, MAX_MARKERS_PER_SERIES, MAX_SIZE,
    MAX_STEPS, MAX_WORK_NS, MIN_HEIGHT, MIN_WIDTH,
};
pub use ticks::{format_step, format_value};
