//! [`Steps`]: the steps at which a schedule is evaluated.

use crate::ScheduleError;

/// A sequence of steps: an arithmetic range, packed signed 64-bit integers, or floats.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Steps<'a> {
    /// `first, first + stride, …`, `len` steps, all within the signed 64-bit range.
    Range {
        /// The first step.
        first: i64,
        /// The difference between consecutive steps (any sign).
        stride: i64,
        /// How many steps.
        len: usize,
    },
    /// Native-endian signed 64-bit integers, 8 bytes each (Nx's `:s64` layout).
    S64(&'a [u8]),
    /// Steps given as floats (integers converted exactly where they fit in 53 bits).
    Values(&'a [f64]),
}

impl<'a> Steps<'a> {
    /// A range of `len` steps from `first` by `stride`, refused if its last step overflows i64.
    ///
    /// ```
    /// use anneal_core::Steps;
    /// assert_eq!(Steps::range(10, -2, 3).unwrap().to_vec(), vec![10.0, 8.0, 6.0]);
    /// assert!(Steps::range(i64::MAX, 1, 2).is_err());
    /// ```
    pub fn range(first: i64, stride: i64, len: usize) -> Result<Self, ScheduleError> {
        if len > 0 {
            // In i128, where (len − 1) · stride cannot overflow: the distance alone may exceed
            // i64 while the last step fits (i64::MIN + 2 · i64::MAX = i64::MAX − 1).
            let span = i128::try_from(len - 1).map_err(|_| ScheduleError::StepOverflow)?;
            let last = span
                .checked_mul(i128::from(stride))
                .and_then(|d| d.checked_add(i128::from(first)))
                .ok_or(ScheduleError::StepOverflow)?;
            i64::try_from(last).map_err(|_| ScheduleError::StepOverflow)?;
        }
        Ok(Self::Range { first, stride, len })
    }

    /// Steps packed as native-endian signed 64-bit integers; the size must be a multiple of 8.
    ///
    /// ```
    /// use anneal_core::Steps;
    /// let bytes: Vec<u8> = [3i64, -1].iter().flat_map(|s| s.to_ne_bytes()).collect();
    /// assert_eq!(Steps::s64(&bytes).unwrap().to_vec(), vec![3.0, -1.0]);
    /// assert!(Steps::s64(&bytes[..5]).is_err());
    /// ```
    pub fn s64(bytes: &'a [u8]) -> Result<Self, ScheduleError> {
        if bytes.len().is_multiple_of(8) {
            Ok(Self::S64(bytes))
        } else {
            Err(ScheduleError::RaggedSteps { bytes: bytes.len() })
        }
    }

    /// How many steps there are.
    pub fn len(&self) -> usize {
        match self {
            Self::Range { len, .. } => *len,
            Self::S64(bytes) => bytes.len() / 8,
            Self::Values(values) => values.len(),
        }
    }

    /// Whether there are no steps.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The steps `start .. start + len` of this sequence (clamped to its end).
    pub fn slice(&self, start: usize, len: usize) -> Self {
        let start = start.min(self.len());
        let len = len.min(self.len() - start);
        match *self {
            Self::Range { first, stride, .. } => Self::Range {
                first: nth_step(first, stride, start),
                stride,
                len,
            },
            Self::S64(bytes) => Self::S64(&bytes[start * 8..(start + len) * 8]),
            Self::Values(values) => Self::Values(&values[start..start + len]),
        }
    }

    /// Calls `f` with each step, as a float, in order.
    pub fn for_each(&self, mut f: impl FnMut(f64)) {
        match *self {
            Self::Range { first, stride, len } => {
                // No overflow: the last step was checked when the range was built.
                let mut step = first;
                for i in 0..len {
                    f(step as f64);
                    if i + 1 < len {
                        step += stride;
                    }
                }
            }
            Self::S64(bytes) => {
                for chunk in bytes.chunks_exact(8) {
                    let mut word = [0u8; 8];
                    word.copy_from_slice(chunk);
                    f(i64::from_ne_bytes(word) as f64);
                }
            }
            Self::Values(values) => values.iter().for_each(|&v| f(v)),
        }
    }

    /// The steps as floats, in a new vector.
    pub fn to_vec(&self) -> Vec<f64> {
        let mut out = Vec::with_capacity(self.len());
        self.for_each(|s| out.push(s));
        out
    }
}

/// `first + n · stride`, for an `n` no further than the end of a range built by
/// [`Steps::range`], which checked that its last step fits in i64 (as every step between
/// the first and the last does). Computed in i128, where `n · stride` cannot overflow.
fn nth_step(first: i64, stride: i64, n: usize) -> i64 {
    let step = i128::from(first) + n as i128 * i128::from(stride);
    // Saturation is never reached for an in-range `n`; it only keeps this total.
    step.clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_of_every_direction() {
        assert_eq!(
            Steps::range(0, 3, 4).unwrap().to_vec(),
            vec![0.0, 3.0, 6.0, 9.0]
        );
        assert_eq!(Steps::range(5, -5, 2).unwrap().to_vec(), vec![5.0, 0.0]);
        assert!(Steps::range(5, 1, 0).unwrap().is_empty());
    }

    #[test]
    fn ranges_that_reach_the_ends_of_i64_are_fine() {
        let r = Steps::range(i64::MAX - 2, 1, 3).unwrap();
        assert_eq!(r.len(), 3);
        assert_eq!(r.slice(2, 5).len(), 1);
        let r = Steps::range(i64::MIN, i64::MAX, 2).unwrap();
        assert_eq!(r.to_vec(), vec![i64::MIN as f64, -1.0]);
    }

    #[test]
    fn a_stride_longer_than_half_the_range_of_i64_is_fine() {
        // i64::MIN + 2 · i64::MAX = i64::MAX − 1: the distance overflows i64, the steps do not.
        let r = Steps::range(i64::MIN, i64::MAX, 3).unwrap();
        assert_eq!(
            r.to_vec(),
            vec![i64::MIN as f64, -1.0, (i64::MAX - 1) as f64]
        );
        assert_eq!(r.slice(2, 1).to_vec(), vec![(i64::MAX - 1) as f64]);
        assert_eq!(
            Steps::range(i64::MIN, i64::MAX, 4),
            Err(ScheduleError::StepOverflow)
        );
    }

    #[test]
    fn overflowing_ranges_are_refused() {
        assert_eq!(
            Steps::range(i64::MAX, 1, 2),
            Err(ScheduleError::StepOverflow)
        );
        assert_eq!(
            Steps::range(i64::MIN, -1, 2),
            Err(ScheduleError::StepOverflow)
        );
        assert_eq!(
            Steps::range(0, 2, usize::MAX),
            Err(ScheduleError::StepOverflow)
        );
    }

    #[test]
    fn slices_agree_with_the_whole() {
        let values = [1.5, -2.0, 7.0, 8.0];
        let v = Steps::Values(&values);
        assert_eq!(v.slice(1, 2).to_vec(), vec![-2.0, 7.0]);
        let r = Steps::range(100, -10, 10).unwrap();
        assert_eq!(r.slice(3, 2).to_vec(), vec![70.0, 60.0]);
        assert_eq!(r.slice(20, 2).len(), 0);
    }

    #[test]
    fn ragged_s64_binaries_are_refused_with_their_size() {
        let err = Steps::s64(&[0u8; 12]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "expected a binary of signed 64-bit steps (a multiple of 8 bytes), got: 12 bytes"
        );
    }
}
