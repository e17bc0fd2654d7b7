//! `cyclic`: a triangle wave between `init_value` and `max_value` (PyTorch's `CyclicLR`, the
//! learning rate at `last_epoch` = t in closed form).

use crate::error::{finite, non_negative, positive, ScheduleError};
use crate::kinds::options::{Default::*, Opt, Rule::*};
use crate::kinds::Kind;
use crate::primitive::{CycleScale, Cyclic as Wave};
use crate::Plan;
use serde::{Deserialize, Serialize};

/// How the height of the wave changes (torch's `mode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CycleMode {
    /// The same height every cycle.
    Triangular,
    /// Half the height of the cycle before (1/2^(c − 1) in cycle c, from c = 1 at step 0).
    Triangular2,
    /// The height times γ^t at step t.
    ExpRange,
}

/// With u, v the steps up and down, L = u + v, r = u/L, c = ⌊1 + t/L⌋, x = 1 + t/L − c and
/// f = x/r where x ≤ r, else (x − 1)/(r − 1): γ(t) = b + ((m − b) · f) · h, h = 1, 1/2^(c − 1)
/// or γ^t by `mode` (a periodic [`Wave`], torch's operation order).
///
/// Below step 0 the formula continues, as torch's does (in cycle 0 `triangular2` is twice as
/// high, and `exp_range`'s γ^t grows). From cycle 1025 on, where torch's 2.0 ** 1024 raises
/// OverflowError, `triangular2` is b (its height, halved 1024 times, is 0). `gamma` matters
/// only to `exp_range`, as in torch.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cyclic {
    /// b, the base value, finite.
    pub init_value: f64,
    /// m, finite. Required.
    pub max_value: f64,
    /// u, positive. Required.
    pub step_size_up: f64,
    /// v, non-negative, or `None` for u (the default).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub step_size_down: Option<f64>,
    /// Defaults to [`CycleMode::Triangular`].
    pub mode: CycleMode,
    /// γ, positive. Defaults to 1.
    pub gamma: f64,
}

impl Kind for Cyclic {
    const NAME: &'static str = "cyclic";
    const OPTIONS: &'static [Opt] = &[
        Opt::new("max_value", Required, Finite),
        Opt::new("step_size_up", Required, Positive),
        Opt::new("step_size_down", Nil, NonNegative),
        Opt::new(
            "mode",
            Atom("triangular"),
            OneOf(&["triangular", "triangular2", "exp_range"]),
        ),
        Opt::new("gamma", Float(1.0), Positive),
    ];

    fn validate(&self) -> Result<(), ScheduleError> {
        finite("init_value", self.init_value)?;
        finite("max_value", self.max_value)?;
        positive("step_size_up", self.step_size_up)?;
        if let Some(down) = self.step_size_down {
            non_negative("step_size_down", down)?;
        }
        positive("gamma", self.gamma)?;
        Ok(())
    }

    fn plan(&self) -> Plan {
        let up = self.step_size_up;
        let total = up + self.step_size_down.unwrap_or(up);
        let scale = match self.mode {
            CycleMode::Triangular => CycleScale::Constant,
            CycleMode::Triangular2 => CycleScale::Halving,
            CycleMode::ExpRange => CycleScale::Exponential(self.gamma),
        };
        Plan::new(Wave {
            base: self.init_value,
            max: self.max_value,
            total,
            ratio: up / total,
            scale,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Schedule;

    fn cyclic(mode: CycleMode, down: Option<f64>) -> Schedule {
        Schedule::new(Cyclic {
            init_value: 1.0,
            max_value: 3.0,
            step_size_up: 4.0,
            step_size_down: down,
            mode,
            gamma: 0.5,
        })
        .unwrap()
    }

    #[test]
    fn climbs_and_falls_each_cycle() {
        let s = cyclic(CycleMode::Triangular, None);
        assert_eq!(s.value(0.0), 1.0);
        assert_eq!(s.value(2.0), 2.0); // halfway up
        assert_eq!(s.value(4.0), 3.0); // the top
        assert_eq!(s.value(8.0), 1.0); // the next cycle's start
        assert_eq!(s.value(-4.0), 3.0); // the formula continues below 0
        let s = cyclic(CycleMode::Triangular, Some(12.0));
        assert_eq!(s.value(10.0), 2.0); // halfway down a 12-step fall
    }

    #[test]
    fn triangular2_halves_and_exp_range_multiplies_by_gamma_per_step() {
        let s = cyclic(CycleMode::Triangular2, None);
        assert_eq!(s.value(12.0), 2.0); // cycle 2: 1 + 2 · ½
        assert_eq!(s.value(-4.0), 5.0); // cycle 0: 1 + 2 · 2
        assert_eq!(s.value(8.0 * 2000.0 + 4.0), 1.0); // past cycle 1024: the base
        let s = cyclic(CycleMode::ExpRange, None);
        assert_eq!(s.value(4.0), 1.0 + 2.0 * 0.0625); // 0.5⁴
    }
}
