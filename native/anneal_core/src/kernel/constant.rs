//! The constant primitive: one value everywhere.

use super::{Fill, Kernel, Plan};

/// Fills every block with the value.
pub(crate) struct ConstantKernel(pub(crate) f64);

impl Kernel for ConstantKernel {
    type Seed = ();

    fn plan(&self, _lo: f64, _hi: f64, _narrow: bool) -> Plan {
        Plan::Fill(self.0)
    }

    fn seed(&self, _start: f64, _piece: u8) {}

    fn fill(&self, _seed: &(), _step: f64, _stride: f64, _offset: usize, _fill: Fill<'_>) {
        unreachable!("a constant schedule is always filled")
    }

    fn exact(&self, _step: f64) -> f64 {
        self.0
    }

    fn f64_scale(&self) -> f64 {
        0.0 // exact
    }
}
