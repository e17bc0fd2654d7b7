//! Reproducible pseudo-random bits for the kernels' unit tests.

/// xorshift64*, seeded: reproducible pseudo-random bits.
pub(crate) struct Bits(pub(crate) u64);

impl Bits {
    /// The next 64 bits.
    pub(crate) fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
}
