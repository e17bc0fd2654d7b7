//! `constant`: one value everywhere.

use super::{Fill, Kernel, Plan};
use crate::Constant;

/// Fills every block with `init_value`.
pub(crate) struct ConstantKernel(Constant);

impl ConstantKernel {
    pub(crate) fn new(schedule: &Constant) -> Self {
        Self(*schedule)
    }
}

impl Kernel for ConstantKernel {
    type Seed = ();

    fn plan(&self, lo: f64, _hi: f64, _narrow: bool) -> Plan {
        Plan::Fill(self.0.value(lo))
    }

    fn seed(&self, _start: f64, _piece: u8) {}

    fn fill(&self, _seed: &(), _step: f64, _stride: f64, _offset: usize, _fill: Fill<'_>) {
        unreachable!("a constant schedule is always filled")
    }

    fn exact(&self, step: f64) -> f64 {
        self.0.value(step)
    }
}
