//! [`Tables`]: a compiled [`Plan`] exported as columns, for evaluators that look segments up
//! with vector operations (the Nx tensor path) rather than walking the plan.
//!
//! # Layout (version [`TABLES_VERSION`])
//!
//! A schedule's value is the product of its **factors** (today every plan is one factor;
//! `multiply` will make more). Each [`FactorTable`] holds `n` segments, in step order, as
//! columns of `n` entries:
//!
//! | column | type | per segment |
//! |---|---|---|
//! | `threshold` | f64 | where the segment begins (−∞ for the first) |
//! | `begin_offsets[l]` | f64 | for l < depth: the l-th frame offset subtracted before comparing with `threshold`, 0 past the segment's level |
//! | `offsets[l]` | f64 | for l < depth: the l-th frame offset, 0 past the segment's depth |
//! | `primitive` | u32 | index into `primitives`, the names of the primitive types present |
//! | `params[j]` | f64 | for j < [`PARAMS`]: the primitive's j-th parameter ([`row`]), 0 past its arity |
//! | `first_step` | i64 | the first integer step at which the segment has begun (`i64::MIN` for the first) |
//! | `offset_whole`, `offset_frac` | i64, f64 | the sum of the offsets as ⌊sum⌋ + a fraction in [0, 1) |
//!
//! With `depth` the largest number of frame offsets of any segment. The segment holding t is
//! the number of segments whose ((t − b₀) − b₁) − … ≥ `threshold`, less one (segments begin
//! in order, and padding with 0 changes no float: t − 0 = t); the primitive sees the local
//! step ((t − o₀) − o₁) − …, level by level as [`Plan`] computes it. For integer steps, the
//! same segment is the number of `first_step` ≤ t less one, and the local step is
//! (t − `offset_whole`) − `offset_frac` (exact in integers but for the final subtraction, for
//! evaluators without float64). A primitive with periodic segments (`restarts`) keeps its
//! period in its parameters.
//!
//! `primitives` lists each type present once, in order of first appearance, with `first[i]`
//! the index of its first segment: an evaluator computes each type once, on the parameters
//! of the segment holding t when it is of that type and of `first[i]` otherwise, and selects
//! by type. Adding a primitive adds one arm to [`row`] and one formula to each evaluator.
//!
//! ```
//! use anneal_core::kinds::LinearDecay;
//! use anneal_core::tables::Tables;
//! use anneal_core::Schedule;
//!
//! let s = Schedule::new(LinearDecay { init_value: 1.0, warmup: 10.0, steps: 110.0 })?;
//! let tables = Tables::new(s.plan());
//! let f = &tables.factors[0];
//! assert_eq!(f.primitives, ["linear_rise", "linear_fall", "const"]);
//! assert_eq!(f.threshold, [f64::NEG_INFINITY, 10.0, 110.0]);
//! assert_eq!(f.first_step, [i64::MIN, 10, 110]);
//! assert_eq!(f.params[0], [1.0, 1.0, 0.0]); // each segment's scale, then the constant 0
//! # Ok::<(), anneal_core::ScheduleError>(())
//! ```

use crate::plan::{Plan, Segment};
use crate::primitive::{BlendShape, Linear, Primitive};

/// The version of the table layout above.
pub const TABLES_VERSION: u32 = 1;

/// Parameters per segment: the most any primitive takes.
pub const PARAMS: usize = 6;

/// A plan as tables: the product of its factors.
#[derive(Debug, Clone, PartialEq)]
pub struct Tables {
    /// The factors, whose values multiply.
    pub factors: Vec<FactorTable>,
}

/// One factor's segments as columns (see the module documentation for the layout).
#[derive(Debug, Clone, PartialEq)]
pub struct FactorTable {
    /// The names of the primitive types present, in order of first appearance.
    pub primitives: Vec<&'static str>,
    /// For each of `primitives`, the index of its first segment.
    pub first: Vec<usize>,
    /// The most frame offsets of any segment: the number of `offsets` columns.
    pub depth: usize,
    /// Where each segment begins, in the frame of its begin level (−∞ for the first).
    pub threshold: Vec<f64>,
    /// `depth` columns: the offsets subtracted before comparing with `threshold`.
    pub begin_offsets: Vec<Vec<f64>>,
    /// `depth` columns: the offsets subtracted to get the local step.
    pub offsets: Vec<Vec<f64>>,
    /// Each segment's primitive type, an index into `primitives`.
    pub primitive: Vec<u32>,
    /// [`PARAMS`] columns: each segment's parameters.
    pub params: Vec<Vec<f64>>,
    /// The first integer step at which each segment has begun.
    pub first_step: Vec<i64>,
    /// ⌊sum of each segment's offsets⌋.
    pub offset_whole: Vec<i64>,
    /// Sum of each segment's offsets − `offset_whole`.
    pub offset_frac: Vec<f64>,
}

impl Tables {
    /// The tables of `plan`.
    pub fn new(plan: &Plan) -> Self {
        Self {
            factors: vec![FactorTable::new(plan.segments())],
        }
    }
}

impl FactorTable {
    /// The tables of one factor's segments (in step order).
    pub fn new(segments: &[Segment]) -> Self {
        let n = segments.len();
        let depth = segments
            .iter()
            .map(|s| s.offsets().len())
            .max()
            .unwrap_or(0);
        let columns = |k: usize| (0..k).map(|_| Vec::with_capacity(n)).collect::<Vec<_>>();
        let mut table = Self {
            primitives: Vec::new(),
            first: Vec::new(),
            depth,
            threshold: Vec::with_capacity(n),
            begin_offsets: columns(depth),
            offsets: columns(depth),
            primitive: Vec::with_capacity(n),
            params: columns(PARAMS),
            first_step: Vec::with_capacity(n),
            offset_whole: Vec::with_capacity(n),
            offset_frac: Vec::with_capacity(n),
        };
        for (i, segment) in segments.iter().enumerate() {
            table.push(i, segment);
        }
        table
    }

    fn push(&mut self, index: usize, segment: &Segment) {
        let offsets = segment.offsets();
        let (level, threshold) = match segment.begin() {
            Some(b) => (b.level, b.threshold),
            None => (0, f64::NEG_INFINITY),
        };
        self.threshold.push(threshold);
        for l in 0..self.depth {
            let offset = offsets.get(l).copied().unwrap_or(0.0);
            self.offsets[l].push(offset);
            self.begin_offsets[l].push(if l < level { offset } else { 0.0 });
        }
        let (name, params) = row(segment.primitive());
        let ty = match self.primitives.iter().position(|p| *p == name) {
            Some(ty) => ty,
            None => {
                self.primitives.push(name);
                self.first.push(index);
                self.primitives.len() - 1
            }
        };
        self.primitive.push(ty as u32);
        for (column, p) in self.params.iter_mut().zip(params) {
            column.push(p);
        }
        self.first_step.push(match segment.begin() {
            None => i64::MIN,
            Some(_) => first_integer_step(segment),
        });
        let sum: f64 = offsets.iter().sum();
        let whole = sum.floor();
        // `as` saturates (and takes NaN to 0): an offset beyond the s64 range has no
        // integer step inside its segment anyway.
        self.offset_whole.push(whole as i64);
        self.offset_frac
            .push(if whole.is_finite() { sum - whole } else { 0.0 });
    }
}

/// The first integer step at which `segment` (which has a begin) has begun: the integer
/// nearest its global start, moved while the plan's own comparison disagrees.
fn first_integer_step(segment: &Segment) -> i64 {
    let Some(begin) = segment.begin() else {
        return i64::MIN;
    };
    let offsets = &segment.offsets()[..begin.level.min(segment.offsets().len())];
    let begun = |s: i64| offsets.iter().fold(s as f64, |t, o| t - o) >= begin.threshold;
    // Saturating: a start beyond the s64 range (or NaN, to 0) is refined below or kept.
    let mut s = segment.start().ceil() as i64;
    // A few steps settle any rounding of the global start; beyond 2⁵³ steps are not exact
    // floats anyway.
    for _ in 0..4 {
        if s < i64::MAX && !begun(s) {
            s += 1;
        } else if s > i64::MIN && begun(s - 1) {
            s -= 1;
        }
    }
    s
}

/// A primitive's type name and parameters, padded with 0 to [`PARAMS`]. The name and the
/// order of the parameters are the contract with every table evaluator.
pub fn row(primitive: &Primitive) -> (&'static str, [f64; PARAMS]) {
    let pad = |p: &[f64]| {
        let mut row = [0.0; PARAMS];
        row[..p.len()].copy_from_slice(p);
        row
    };
    match *primitive {
        Primitive::Const(v) => ("const", pad(&[v])),
        Primitive::Linear(Linear::Rise { scale, width }) => ("linear_rise", pad(&[scale, width])),
        Primitive::Linear(Linear::Fall { scale, end, width }) => {
            ("linear_fall", pad(&[scale, end, width]))
        }
        Primitive::Linear(Linear::Interp { from, to, width }) => {
            ("linear_interp", pad(&[from, to, width]))
        }
        Primitive::Cosine(p) => ("cosine", pad(&[p.scale, p.alpha, p.k, p.exponent])),
        Primitive::CosineInterp(p) => ("cosine_interp", pad(&[p.from, p.to, p.k])),
        Primitive::Exponential(p) => (
            "exponential",
            pad(&[p.init, p.rate, p.k, f64::from(u8::from(p.staircase))]),
        ),
        Primitive::Polynomial(p) => ("polynomial", pad(&[p.init, p.end, p.power, p.k])),
        Primitive::InverseSqrt(p) => ("inverse_sqrt", pad(&[p.scale, p.shift, p.timescale])),
        Primitive::Blend(p) => {
            let name = match p.shape {
                BlendShape::Rise => "blend_rise",
                BlendShape::Cosine => "blend_cosine",
                BlendShape::Linear => "blend_linear",
                BlendShape::Sqrt => "blend_sqrt",
            };
            (name, pad(&[p.scale, p.min_ratio, p.width]))
        }
        Primitive::Restarts(p) => (
            "restarts",
            pad(&[p.scale, p.first, p.t_mul, p.m_mul, p.alpha]),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kinds::{Constant, ExponentialDecay, Join, PiecewiseConstant};
    use crate::Schedule;

    /// Looks the segment up as the tables say (count of thresholds reached, less one) and
    /// checks it against the plan's own binary search, for float and integer steps.
    fn lookup_agrees(s: &Schedule, steps: &[f64]) {
        let f = &Tables::new(s.plan()).factors[0];
        for &t in steps {
            let reached = (0..f.threshold.len())
                .filter(|&i| {
                    let frame = (0..f.depth).fold(t, |x, l| x - f.begin_offsets[l][i]);
                    frame >= f.threshold[i]
                })
                .count();
            assert_eq!(reached.saturating_sub(1), s.plan().index(t), "step {t}");
            if t.fract() == 0.0 {
                let by_int = f.first_step.iter().filter(|&&b| b <= t as i64).count();
                assert_eq!(by_int - 1, s.plan().index(t), "integer step {t}");
            }
        }
    }

    #[test]
    fn a_join_of_decays_looks_segments_up_as_the_plan_does() {
        // The second schedule's decay begins at its own step 2.5, step 7.5 of the join.
        let decay = ExponentialDecay::schedule(1.0, 0.5, 10.0, 2.5, false).unwrap();
        let first = Constant::schedule(1.0).unwrap();
        let s = Join::schedule(vec![first, decay], vec![5.0]).unwrap();
        let f = &Tables::new(s.plan()).factors[0];
        assert_eq!(f.depth, 2);
        assert_eq!(f.offsets[0], [0.0, 5.0, 5.0]);
        // The decay's frame holds both its segments: γ₀ up to its begin, then the decay.
        assert_eq!(f.offsets[1], [0.0, 2.5, 2.5]);
        assert_eq!(f.offset_whole, [0, 7, 7]);
        assert_eq!(f.offset_frac, [0.0, 0.5, 0.5]);
        assert_eq!(f.first_step, [i64::MIN, 5, 8]);
        let steps: Vec<f64> = (-20..40).map(|i| f64::from(i) * 0.25).collect();
        lookup_agrees(&s, &steps);
    }

    #[test]
    fn piecewise_constant_is_one_type_of_many_segments() {
        let pairs: Vec<(f64, f64)> = (1..=100).map(|b| (f64::from(b) * 10.0, 0.9)).collect();
        let s = PiecewiseConstant::schedule(1.0, pairs).unwrap();
        let f = &Tables::new(s.plan()).factors[0];
        assert_eq!(f.primitives, ["const"]);
        assert_eq!(f.threshold.len(), 101);
        // 1 × 0.9 × 0.9, each product rounded as the core does
        assert_eq!(f.params[0][2], 1.0 * 0.9 * 0.9);
        let steps: Vec<f64> = (-5..1100).map(f64::from).collect();
        lookup_agrees(&s, &steps);
    }
}
