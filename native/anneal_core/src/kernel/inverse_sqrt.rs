//! The inverse square root, s · (1/√((t + shift)/τ)), as C/√(t + shift) with C = s · √τ
//! once per evaluation: one square root and one division per step instead of two divisions
//! and a square root.
//!
//! # Error bound
//!
//! In units u = 2⁻⁵³ (the unit roundoff), relative: both forms round t + shift alike (the
//! same operation on the same float64s), then the exact formula rounds four times (÷τ, √,
//! 1/·, s ·): within (½ + 1 + 1 + 1)u of s · √τ/√(t + shift); ours four times too (√τ, s ·,
//! √, C/·): within 4u. Where every intermediate is a normal float64 (the plan keeps (t +
//! shift)/τ in [2⁻¹⁰⁰⁰, 2¹⁰⁰⁰], C is normal), the two are within 7.5u · (1 + 2⁻⁵⁰) of each
//! other: [`RHO`] = 16u rounds it up, far below `f64` output's 1e-14; `f32` output checks it
//! per step.

use super::direct::DirectKernel;
use super::{Fill, Kernel, Narrow, Plan};
use crate::primitive::InverseSqrt;

/// The relative error bound of the module's docs, 16u.
const RHO: f64 = 16.0 / (1u64 << 53) as f64;
/// (t + shift)/τ stays in [1/LIMIT, LIMIT], where the roundings of the docs are normal.
const LIMIT: f64 = 1.071_508_607_186_267_3e301; // 2¹⁰⁰⁰

/// C/√(t + shift), C = s · √τ.
pub(crate) struct InverseSqrtKernel {
    wave: InverseSqrt,
    c: f64,
}

impl InverseSqrtKernel {
    /// `None` where C is not a normal float64 (0 included: s = 0 is the exact formula's).
    pub(crate) fn new(wave: &InverseSqrt) -> Option<Self> {
        let c = wave.scale * wave.timescale.sqrt();
        (c.is_normal() && wave.timescale > 0.0).then_some(Self { wave: *wave, c })
    }
}

impl InverseSqrtKernel {
    /// C/√(t + shift) at the steps `step + r`, `r` from `ramp`.
    #[inline(always)]
    fn values<'r>(&self, step: f64, ramp: &'r [f64]) -> impl Iterator<Item = f64> + 'r {
        let (c, shift) = (self.c, self.wave.shift);
        ramp.iter().map(move |r| c / (step + r + shift).sqrt())
    }
}

impl Kernel for InverseSqrtKernel {
    type Seed = ();

    fn plan(&self, lo: f64, hi: f64, narrow: bool) -> Plan {
        let p = &self.wave;
        // (t + shift)/τ increases with t: its ends bound it. The rest is the direct kernel's
        // rule (values finite in the output type).
        let normal =
            (lo + p.shift) / p.timescale >= 1.0 / LIMIT && (hi + p.shift) / p.timescale <= LIMIT;
        if normal {
            DirectKernel(*p).plan(lo, hi, narrow)
        } else {
            Plan::Exact
        }
    }

    fn seed(&self, _start: f64, _piece: u8) {}

    #[inline(always)]
    fn fill(&self, _seed: &(), step: f64, _stride: f64, _offset: usize, fill: Fill<'_>) {
        let ramp = fill.ramp;
        fill.relative(RHO, self.values(step, ramp));
    }

    #[inline(always)]
    fn fill_narrow(
        &self,
        _seed: &(),
        step: f64,
        _stride: f64,
        _offset: usize,
        narrow: Narrow<'_>,
    ) -> bool {
        let ramp = narrow.ramp;
        narrow.relative(RHO, self.values(step, ramp))
    }

    fn exact(&self, step: f64) -> f64 {
        self.wave.value(step)
    }

    fn f64_scale(&self) -> f64 {
        0.0 // within RHO · |value|
    }
}

#[cfg(test)]
mod tests {
    use super::super::BLOCK;
    use super::*;

    #[test]
    fn fast_values_are_within_their_bound() {
        // Every step of a few thousand blocks from the kernel's own fill against the exact
        // formula: |fast − exact| ≤ 16u · |fast|, and the fast values are not all exact
        // (else the check would prove nothing).
        let ramp: Vec<f64> = (0..BLOCK).map(|j| j as f64).collect();
        let (mut value, mut error) = ([0.0; BLOCK], [0.0; BLOCK]);
        let mut inexact = 0;
        for (scale, shift, timescale) in [(0.1, 1.0, 1e4), (-2.5, 0.5, 3.0), (3e-7, 7.0, 1e12)] {
            let wave = InverseSqrt {
                scale,
                shift,
                timescale,
            };
            let kernel = InverseSqrtKernel::new(&wave).unwrap();
            for block in 0..2000 {
                let start = (block * BLOCK * 37) as f64;
                assert_eq!(kernel.plan(start, start + 511.0, true), Plan::Fast(0));
                let fill = Fill {
                    ramp: &ramp,
                    value: &mut value,
                    error: &mut error,
                    narrow: true,
                };
                kernel.fill(&(), start, 1.0, 0, fill);
                for j in 0..BLOCK {
                    let exact = wave.value(start + ramp[j]);
                    assert!(
                        (value[j] - exact).abs() <= error[j],
                        "step {}",
                        start + ramp[j]
                    );
                    inexact += usize::from(value[j] != exact);
                }
            }
        }
        assert!(inexact > 1000, "{inexact}");
    }
}
