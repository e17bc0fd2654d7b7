//! The `plot` NIF: decodes the series and options built by `Anneal.Plot`, calls
//! `anneal_plot::plot`, returns the SVG document as a binary.

use crate::describe::describe;
use crate::output::{caller_alive, reply, CALLER_EXITED};
use crate::proper::Proper;
use crate::spec;
use anneal_core::Steps;
use anneal_plot::{Boundary, Options, PlotError, Series};
use rustler::types::tuple::get_tuple;
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
        let options = decode_options(options)?;
        // Stops when the caller has exited: nobody would read the plot.
        let svg = anneal_plot::plot_while(&series, steps, &options, &mut || caller_alive(env))
            .map_err(|e| match e {
                PlotError::Stopped => CALLER_EXITED.to_string(),
                e => e.to_string(),
            })?;
        Ok(svg.encode(env))
    })();
    reply(env, result)
}

/// `{spec, label, [{boundary_label, step}]}` as rustler decodes it.
type SeriesTerm<'a> = (Term<'a>, String, Proper<(String, f64)>);

fn decode_series(term: Term) -> Result<Vec<Series>, String> {
    let Proper(items): Proper<SeriesTerm> = term
        .decode()
        .map_err(|_| "expected a list of {spec, label, boundaries} series".to_string())?;
    items
        .into_iter()
        .map(|(spec, label, Proper(boundaries))| {
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
    let fields = get_tuple(term)
        .ok()
        .filter(|fields| fields.len() == 4)
        .ok_or_else(|| {
            format!(
                "expected plot options {{title, width, height, log_y}}, got: {}",
                describe(term)
            )
        })?;
    let [Some(title), Some(width), Some(height), Some(log_y)] =
        [0, 1, 2, 3].map(|i| fields.get(i).copied())
    else {
        return Err("expected four plot options".to_string());
    };
    let size = |name: &str, term: Term| {
        term.decode::<u32>().map_err(|_| {
            format!(
                "expected the plot's {name} to be an integer from 0 to {}, got: {}",
                u32::MAX,
                describe(term)
            )
        })
    };
    Ok(Options {
        title: title.decode().map_err(|_| {
            format!(
                "expected the plot's title to be UTF-8 text, got: {}",
                describe(title)
            )
        })?,
        width: size("width", width)?,
        height: size("height", height)?,
        log_y: log_y.decode().map_err(|_| {
            format!(
                "expected the plot's log_y to be a boolean, got: {}",
                describe(log_y)
            )
        })?,
    })
}
