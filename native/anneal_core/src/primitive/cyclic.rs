//! PyTorch's `CyclicLR`: a triangle wave between a base and a maximum, its height scaled per
//! cycle or per step.

/// How the height of a [`Cyclic`] wave changes (torch's `mode`, with the `scale_mode` it implies).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum CycleScale {
    /// The same height every cycle (`"triangular"`).
    Constant,
    /// 1/2^(c − 1) in cycle c (`"triangular2"`, counted from c = 1 at step 0).
    Halving,
    /// γ^t at step t (`"exp_range"`).
    Exponential(f64),
}

impl CycleScale {
    /// The height h in cycle `cycle` at step `t`: 1, 1/2^(c − 1) (exact: 2^(c − 1) is a power of
    /// two, or ∞ past cycle 1024) or γ^t.
    #[inline]
    pub fn height(&self, cycle: f64, t: f64) -> f64 {
        match *self {
            Self::Constant => 1.0,
            // torch raises OverflowError where 2^(c − 1) overflows (c > 1024); 1/∞ = 0 here,
            // the base (the limit of the halving heights).
            Self::Halving => 1.0 / (cycle - 1.0).exp2(),
            Self::Exponential(gamma) => gamma.powf(t),
        }
    }
}

/// With L = up + down, r = up/L, c = ⌊1 + t/L⌋ and x = 1 + t/L − c: the scale
/// f = x/r where x ≤ r, else (x − 1)/(r − 1), and the value b + ((m − b) · f) · h, h the
/// [`CycleScale`] (torch's `CyclicLR.get_lr` at `last_epoch` = t, in its operation order).
///
/// A periodic primitive: one segment holds every cycle.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cyclic {
    /// b, the value at the start of each cycle.
    pub base: f64,
    /// m, the value at the top of the wave (times h).
    pub max: f64,
    /// L > 0, the length of a cycle.
    pub total: f64,
    /// r = up/L, in (0, 1].
    pub ratio: f64,
    /// h.
    pub scale: CycleScale,
}

impl Cyclic {
    /// The cycle that holds the local step `t`, ⌊1 + t/L⌋ (1 for the first).
    #[inline]
    pub fn cycle(&self, t: f64) -> f64 {
        (1.0 + t / self.total).floor()
    }

    /// The value at the local step `t`.
    #[inline]
    pub fn value(&self, t: f64) -> f64 {
        self.scaled(t, |cycle| self.scale.height(cycle, t))
    }

    /// The value at the local step `t` with the height h of its cycle `height(c)`:
    /// b + ((m − b) · f) · h (for the constant height, h = 1 and × 1 is exact).
    #[inline(always)]
    pub fn scaled(&self, t: f64, height: impl Fn(f64) -> f64) -> f64 {
        // One division of the chosen operands (a loop of them vectorizes with one divide).
        let (up, down) = (self.ratio, self.ratio - 1.0);
        let slope = |rising: bool, num: f64| num / if rising { up } else { down };
        self.at_quotient(t / self.total, height, slope)
    }

    /// The cycle c = ⌊1 + q⌋ and the place in it x = 1 + q − c, from the quotient q = t/L (as
    /// rounded).
    #[inline(always)]
    pub(crate) fn phase(q: f64) -> (f64, f64) {
        let cycle = (1.0 + q).floor();
        (cycle, 1.0 + q - cycle)
    }

    /// The value from the quotient q = t/L (as rounded), with the height of the cycle
    /// `height(c)` and the scale f = `slope(x <= r, num)`: `num` is x where x ≤ r, else
    /// x − 1, and f its quotient by r, or r − 1. The formula's steps after its first
    /// division, so that kernels that find q and f without dividing (`kernel/triangle.rs`)
    /// take the same ones.
    #[inline(always)]
    pub(crate) fn at_quotient(
        &self,
        q: f64,
        height: impl Fn(f64) -> f64,
        slope: impl Fn(bool, f64) -> f64,
    ) -> f64 {
        let (cycle, x) = Self::phase(q);
        let rising = x <= self.ratio;
        let f = slope(rising, if rising { x } else { x - 1.0 });
        self.base + ((self.max - self.base) * f) * height(cycle)
    }
}
