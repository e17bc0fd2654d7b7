//! [`envelope`]: a few points per pixel column that draw the same line as every step.

use anneal_core::{evaluate, Schedule, ScheduleError, Steps};

/// How many steps are evaluated at once; bounds the memory of [`envelope`].
const BLOCK: usize = 4096;

/// The points of one column worth keeping, as `(index, value)` pairs: its first and last,
/// and the first and last at which it reaches its minimum and its maximum.
struct Column {
    first: (usize, f64),
    last: (usize, f64),
    min: Extreme,
    max: Extreme,
}

/// An extreme value of a column and the first and last indices where it is reached.
#[derive(Clone, Copy)]
struct Extreme {
    value: f64,
    first: usize,
    last: usize,
}

impl Extreme {
    fn at(index: usize, value: f64) -> Self {
        Self {
            value,
            first: index,
            last: index,
        }
    }
}

impl Column {
    /// A column of the consecutive steps from index `start`, with `values` (not empty).
    fn new(start: usize, values: &[f64]) -> Self {
        let value = values.first().copied().unwrap_or(f64::NAN);
        let mut column = Self {
            first: (start, value),
            last: (start, value),
            min: Extreme::at(start, value),
            max: Extreme::at(start, value),
        };
        column.add(start, values);
        column
    }

    /// Adds the values of consecutive steps, the first of which is at index `start`.
    fn add(&mut self, start: usize, values: &[f64]) {
        let (mut min, mut max) = (self.min, self.max);
        for (index, &value) in (start..).zip(values) {
            if value < min.value {
                min = Extreme::at(index, value);
            } else if value == min.value {
                min.last = index;
            }
            if value > max.value {
                max = Extreme::at(index, value);
            } else if value == max.value {
                max.last = index;
            }
        }
        (self.min, self.max) = (min, max);
        if let Some(&value) = values.last() {
            self.last = (start + values.len() - 1, value);
        }
    }

    /// Appends the kept points to `out` in step order, each once.
    fn flush(&self, steps: Steps<'_>, out: &mut Vec<(f64, f64)>) {
        let (min, max) = (self.min, self.max);
        let mut points = [
            self.first,
            (min.first, min.value),
            (min.last, min.value),
            (max.first, max.value),
            (max.last, max.value),
            self.last,
        ];
        points.sort_by_key(|p| p.0);
        let mut previous = None;
        for (index, value) in points {
            if previous != Some(index) {
                out.push((step_at(steps, index), value));
                previous = Some(index);
            }
        }
    }
}

fn step_at(steps: Steps<'_>, index: usize) -> f64 {
    let mut step = f64::NAN;
    steps.slice(index, 1).for_each(|s| step = s);
    step
}

/// Evaluates `schedule` at every step and keeps, for each of `columns` equal slices of the
/// steps (one per pixel column of a plot), at most six points: the first and the last, and
/// the first and last points of the slice's minimum and of its maximum, in step order.
///
/// A polyline through these points covers exactly the pixels of the polyline through all
/// the steps, and keeps every corner: where a staircase drops between steps `k − 1` and `k`,
/// both `(k − 1, before)` and `(k, after)` are kept (the last point at the old level and the
/// first at the new one). At most `6 · columns` points come out, whatever the number of
/// steps; with no more steps than columns, every step is kept. Values come from
/// [`anneal_core::evaluate`], a block of steps at a time, so memory stays bounded too.
///
/// Returns `(step, value)` pairs, or the error of [`evaluate`] (a value that is not finite).
///
/// ```
/// use anneal_core::{ExponentialDecay, Schedule, Steps};
/// use anneal_plot::envelope;
///
/// // 0.5^⌊t/10⁵⌋ over 10⁶ steps, squeezed into 100 columns of 10⁴ steps.
/// let stairs: Schedule = ExponentialDecay::schedule(1.0, 0.5, 1e5, 0.0, true)?.into();
/// let points = envelope(&stairs, Steps::range(0, 1, 1_000_000)?, 100)?;
/// assert!(points.len() <= 600);
/// assert_eq!(points.first(), Some(&(0.0, 1.0)));
/// // The first drop, from 1 to ½ between steps 99,999 and 100,000, is kept exactly.
/// assert!(points.windows(2).any(|w| w == [(99_999.0, 1.0), (100_000.0, 0.5)]));
/// # Ok::<(), anneal_core::ScheduleError>(())
/// ```
pub fn envelope(
    schedule: &Schedule,
    steps: Steps<'_>,
    columns: usize,
) -> Result<Vec<(f64, f64)>, ScheduleError> {
    envelope_while(schedule, steps, columns, &mut || true).map(|points| points.unwrap_or_default())
}

/// [`envelope`], asking `keep_going` before each block of steps but the first whether to
/// go on; `None` when it said no.
pub(crate) fn envelope_while(
    schedule: &Schedule,
    steps: Steps<'_>,
    columns: usize,
    keep_going: &mut dyn FnMut() -> bool,
) -> Result<Option<Vec<(f64, f64)>>, ScheduleError> {
    let len = steps.len();
    let columns = columns.max(1);
    let mut out = Vec::with_capacity(len.min(6 * columns));
    let mut values = vec![0.0f64; BLOCK.min(len)];
    // The column being filled, its number and the first index of the next one.
    let mut column: Option<Column> = None;
    let (mut number, mut next) = (0, column_start(1, len, columns));
    for (i, start) in (0..len).step_by(BLOCK).enumerate() {
        if i > 0 && !keep_going() {
            return Ok(None);
        }
        let block = steps.slice(start, BLOCK);
        let values = &mut values[..block.len()];
        evaluate(schedule, block, values)?;
        let mut index = start;
        while index < start + values.len() {
            // Skip the columns left empty when there are fewer steps than columns.
            while next <= index {
                number += 1;
                next = column_start(number + 1, len, columns);
            }
            let end = next.min(start + values.len());
            let segment = &values[index - start..end - start];
            match column.as_mut() {
                Some(c) => c.add(index, segment),
                None => column = Some(Column::new(index, segment)),
            }
            if end == next {
                if let Some(c) = column.take() {
                    c.flush(steps, &mut out);
                }
            }
            index = end;
        }
    }
    if let Some(c) = column {
        c.flush(steps, &mut out);
    }
    Ok(Some(out))
}

/// The first index of column `c` when `len` steps share `columns` columns: ⌈c · len / columns⌉,
/// so that the step at `index` lies in column ⌊index · columns / len⌋.
fn column_start(c: usize, len: usize, columns: usize) -> usize {
    // u128: c · len cannot overflow.
    (c as u128 * len as u128).div_ceil(columns as u128) as usize
}

#[cfg(test)]
mod tests {
    use super::*;
    use anneal_core::{CosineDecay, ExponentialDecay, LinearDecay};

    fn stairs(rate: f64, every: f64) -> Schedule {
        ExponentialDecay::schedule(1.0, rate, every, 0.0, true).unwrap()
    }

    #[test]
    fn every_corner_of_a_staircase_survives_ten_million_steps() {
        // 0.5^⌊t/10⁶⌋: drops at t = 10⁶, 2·10⁶, … 9·10⁶, each from 0.5^(k−1) to 0.5^k.
        let s = stairs(0.5, 1e6);
        let points = envelope(&s, Steps::range(0, 1, 10_000_000).unwrap(), 700).unwrap();
        for k in 1..10 {
            let at = k as f64 * 1e6;
            let before = (at - 1.0, 0.5f64.powi(k - 1));
            let after = (at, 0.5f64.powi(k));
            assert!(
                points.windows(2).any(|w| w == [before, after]),
                "the drop at {at} is lost"
            );
        }
        assert_eq!(points.first(), Some(&(0.0, 1.0)));
        assert_eq!(points.last(), Some(&(9_999_999.0, 0.5f64.powi(9))));
    }

    #[test]
    fn the_point_count_is_bounded_by_six_per_column() {
        // A staircase that drops every 3 steps has a corner in every column: the worst case.
        let s = stairs(0.999, 3.0);
        for (len, columns) in [(1_000_000, 500), (12_345, 7), (10, 1)] {
            let points = envelope(&s, Steps::range(0, 1, len).unwrap(), columns).unwrap();
            assert!(points.len() <= 6 * columns, "{} points", points.len());
            assert!(points.len() >= 2 * columns.min(len));
        }
    }

    #[test]
    fn a_smooth_decay_keeps_two_points_per_column() {
        // Strictly decreasing: each column's first point is its maximum, its last its minimum.
        let s: Schedule = CosineDecay::schedule(1.0, 1e6, 0.0).unwrap();
        let points = envelope(&s, Steps::range(0, 1, 1_000_000).unwrap(), 250).unwrap();
        assert_eq!(points.len(), 500);
        assert_eq!(points.last(), Some(&(999_999.0, s.value(999_999.0))));
    }

    #[test]
    fn with_no_more_steps_than_columns_every_step_is_kept() {
        let s: Schedule = LinearDecay::schedule(1.0, 2.0, 8.0).unwrap();
        let steps = Steps::range(-3, 2, 7).unwrap();
        let points = envelope(&s, steps, 7).unwrap();
        let all: Vec<(f64, f64)> = steps.to_vec().iter().map(|&t| (t, s.value(t))).collect();
        assert_eq!(points, all);
        assert_eq!(envelope(&s, steps, 100).unwrap(), all);
    }

    #[test]
    fn points_come_out_in_step_order() {
        // Rises then falls inside single columns: the max is kept between first and last.
        let s: Schedule = LinearDecay::schedule(1.0, 50.0, 100.0).unwrap();
        let points = envelope(&s, Steps::range(0, 1, 101).unwrap(), 3).unwrap();
        assert!(points.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(
            points.contains(&(50.0, 1.0)),
            "the peak at the end of warmup"
        );
    }

    #[test]
    fn columns_split_the_steps_evenly() {
        // 10 steps in 4 columns: ⌊i · 4/10⌋ = 0 0 0 1 1 2 2 2 3 3.
        let starts: Vec<usize> = (0..=4).map(|c| column_start(c, 10, 4)).collect();
        assert_eq!(starts, vec![0, 3, 5, 8, 10]);
        for i in 0..10 {
            let c = i * 4 / 10;
            assert!(starts[c] <= i && i < starts[c + 1]);
        }
    }

    #[test]
    fn no_steps_give_no_points_and_errors_pass_through() {
        let s = stairs(0.5, 1.0);
        assert!(envelope(&s, Steps::range(0, 1, 0).unwrap(), 10)
            .unwrap()
            .is_empty());
        // 2^t overflows f64 past t = 1023.
        let grow: Schedule = ExponentialDecay::schedule(1.0, 2.0, 1.0, 0.0, false).unwrap();
        let err = envelope(&grow, Steps::range(0, 1, 2000).unwrap(), 10).unwrap_err();
        assert_eq!(err, ScheduleError::NonFiniteValue { step: 1024.0 });
    }
}
