//! The `plot` NIF: decodes the series and options built by `Anneal.Plot`, calls
//! `anneal_plot::plot`, returns the SVG document as a binary.

use crate::output::reply;
use crate::spec;
use anneal_core::Steps;
use anneal_plot::{Boundary, Options, Series};
use rustler::{Encoder, Env, Term};

/// `plot(series, first, stride, len, {title, width, height, log_y})` on a dirty CPU
/// scheduler (a plot evaluates every step). `series` is a list of
/// `{spec, label, [{boundary_label, step}]}`.
#[rustler::nif(schedule = "DirtyCpu")]
fn plot<'a>(
    env: Env<'a>,
    series: Term<'a>,
    first: i64,
    stride: i64,
    len: u64,
    options: Term<'a>,
) -> Term<'a> {
    let result = (|| {
        let series = decode_series(series)?;
        let len = usize::try_from(len).map_err(|e| e.to_string())?;
        let steps = Steps::range(first, stride, len).map_err(|e| e.to_string())?;
        let svg = anneal_plot::plot(&series, steps, &decode_options(options)?)
            .map_err(|e| e.to_string())?;
        Ok(svg.encode(env))
    })();
    reply(env, result)
}

/// `{spec, label, [{boundary_label, step}]}` as rustler decodes it.
type SeriesTerm<'a> = (Term<'a>, String, Vec<(String, f64)>);

fn decode_series(term: Term) -> Result<Vec<Series>, String> {
    let items: Vec<SeriesTerm> = term
        .decode()
        .map_err(|_| "expected a list of {spec, label, boundaries} series".to_string())?;
    items
        .into_iter()
        .map(|(spec, label, boundaries)| {
            Ok(Series {
                label,
                schedule: spec::decode(spec)?,
                boundaries: boundaries
                    .into_iter()
                    .map(|(label, step)| Boundary { label, step })
                    .collect(),
            })
        })
        .collect()
}

fn decode_options(term: Term) -> Result<Options, String> {
    let (title, width, height, log_y): (String, u32, u32, bool) = term
        .decode()
        .map_err(|_| "expected plot options {title, width, height, log_y}".to_string())?;
    Ok(Options {
        title,
        width,
        height,
        log_y,
    })
}
