//! The one error type of the core crate.

use std::fmt;

/// Why a schedule could not be built or evaluated.
///
/// Each variant has exactly one message (its `Display` text), which the Elixir side
/// shows to the user as is.
#[derive(Debug, Clone, PartialEq)]
pub enum ScheduleError {
    /// A parameter is NaN or infinite.
    NotFinite {
        /// The parameter's name, as the Elixir option is spelled.
        name: &'static str,
        /// The rejected value.
        value: f64,
    },
    /// A length (`decay_steps`, `transition_steps`, `steps`) is zero or negative.
    NotPositive {
        /// The parameter's name.
        name: &'static str,
        /// The rejected value.
        value: f64,
    },
    /// An offset or exponent (`warmup`, `transition_begin`, `power`, ...) is negative.
    Negative {
        /// The parameter's name.
        name: &'static str,
        /// The rejected value.
        value: f64,
    },
    /// A fraction (`pct_start`, `min_lr_ratio`) outside [0, 1].
    NotFraction {
        /// The parameter's name.
        name: &'static str,
        /// The rejected value.
        value: f64,
    },
    /// A length that must exceed another one does not (`decay_steps` ≤ `warmup_steps`).
    NotGreater {
        /// The parameter's name.
        name: &'static str,
        /// The rejected value.
        value: f64,
        /// The name of the parameter it must exceed.
        other: &'static str,
        /// That parameter's value.
        bound: f64,
    },
    /// A value the peer accepts but Anneal refuses, or a combination of options that has no
    /// meaning: `reason` completes "expected {name} to be …".
    Refused {
        /// The parameter's name.
        name: &'static str,
        /// The rejected value.
        value: f64,
        /// What the value must be, as the message states it.
        reason: &'static str,
    },
    /// A join or product of no schedules.
    NoSchedules,
    /// A join whose boundaries are not one fewer than its schedules.
    BoundaryCount {
        /// Number of schedules.
        schedules: usize,
        /// Number of boundaries.
        boundaries: usize,
    },
    /// Boundaries that decrease somewhere.
    Unsorted {
        /// The parameter's name.
        name: &'static str,
    },
    /// The schedule's value at a step is not finite in the requested output type.
    NonFiniteValue {
        /// The step at which the value overflowed.
        step: f64,
    },
    /// A range of steps runs past the signed 64-bit integers.
    StepOverflow,
    /// A binary of steps whose size is not a multiple of 8 bytes.
    RaggedSteps {
        /// The size of the binary in bytes.
        bytes: usize,
    },
    /// An output buffer whose length differs from the number of steps.
    LengthMismatch {
        /// Number of steps.
        steps: usize,
        /// Length of the output buffer.
        output: usize,
    },
}

/// The rules on one number, each with one wording, shared by this crate's messages and by
/// the NIF's (see [`Rule::number`](crate::kinds::options::Rule::number)).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum NumberRule {
    /// Finite.
    Finite,
    /// Finite and above 0.
    Positive,
    /// Finite and not below 0.
    NonNegative,
    /// From 0 to 1.
    Fraction,
}

impl NumberRule {
    /// What the number must be, as messages say it.
    pub fn expected(self) -> &'static str {
        match self {
            Self::Finite => "a finite number",
            Self::Positive => "a positive number",
            Self::NonNegative => "a non-negative number",
            Self::Fraction => "a number from 0 to 1",
        }
    }

    /// `value` if it follows the rule, else the error naming `name`.
    pub fn check(self, name: &'static str, value: f64) -> Result<f64, ScheduleError> {
        match self {
            Self::Finite => finite(name, value),
            Self::Positive => positive(name, value),
            Self::NonNegative => non_negative(name, value),
            Self::Fraction => fraction(name, value),
        }
    }
}

impl fmt::Display for ScheduleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let broken = |f: &mut fmt::Formatter<'_>, name, rule: NumberRule, value| {
            write!(f, "expected {name} to be {}, got: {value}", rule.expected())
        };
        match self {
            Self::NotFinite { name, value } => broken(f, name, NumberRule::Finite, value),
            Self::NotPositive { name, value } => broken(f, name, NumberRule::Positive, value),
            Self::Negative { name, value } => broken(f, name, NumberRule::NonNegative, value),
            Self::NotFraction { name, value } => broken(f, name, NumberRule::Fraction, value),
            Self::NotGreater {
                name,
                value,
                other,
                bound,
            } => write!(
                f,
                "expected {name} to be greater than {other} ({bound}), got: {value}"
            ),
            Self::Refused {
                name,
                value,
                reason,
            } => write!(f, "expected {name} to be {reason}, got: {value}"),
            Self::NoSchedules => write!(f, "expected schedules to be a non-empty list"),
            Self::BoundaryCount { boundaries, .. } => write!(
                f,
                "expected boundaries {}, got: {boundaries}",
                self.requirement().unwrap_or_default()
            ),
            Self::Unsorted { name } => {
                write!(f, "expected {name} {}", self.requirement().unwrap_or_default())
            }
            Self::NonFiniteValue { step } if step.fract() == 0.0 && step.abs() < 9.0e15 => {
                // A whole step as it was given (an integer), not as `-1000000.0`.
                write!(f, "the schedule's value at step {} is not finite", *step as i64)
            }
            Self::NonFiniteValue { step } => {
                write!(f, "the schedule's value at step {step:?} is not finite")
            }
            Self::StepOverflow => write!(f, "the steps do not fit in a signed 64-bit integer"),
            Self::RaggedSteps { bytes } => write!(
                f,
                "expected a binary of signed 64-bit steps (a multiple of 8 bytes), got: {bytes} bytes"
            ),
            Self::LengthMismatch { steps, output } => write!(
                f,
                "the output holds {output} values but there are {steps} steps"
            ),
        }
    }
}

impl ScheduleError {
    /// What a list of boundaries must be, as the message says it, for the errors about one
    /// ("to be in non-decreasing order"); `None` for the others. The NIF words the same
    /// requirement around the list as it was given.
    pub fn requirement(&self) -> Option<String> {
        match self {
            Self::BoundaryCount { schedules, .. } => Some(format!(
                "to hold one step fewer than the {schedules} schedules"
            )),
            Self::Unsorted { .. } => Some("to be in non-decreasing order".to_string()),
            _ => None,
        }
    }
}

impl std::error::Error for ScheduleError {}

/// Checks that `value` is finite.
pub(crate) fn finite(name: &'static str, value: f64) -> Result<f64, ScheduleError> {
    if value.is_finite() {
        Ok(value)
    } else {
        Err(ScheduleError::NotFinite { name, value })
    }
}

/// Checks that `value` is finite and strictly positive.
pub(crate) fn positive(name: &'static str, value: f64) -> Result<f64, ScheduleError> {
    if finite(name, value)? > 0.0 {
        Ok(value)
    } else {
        Err(ScheduleError::NotPositive { name, value })
    }
}

/// Checks that `value` is a finite number from 0 to 1.
pub(crate) fn fraction(name: &'static str, value: f64) -> Result<f64, ScheduleError> {
    if (0.0..=1.0).contains(&finite(name, value)?) {
        Ok(value)
    } else {
        Err(ScheduleError::NotFraction { name, value })
    }
}

/// Checks that the named `value` exceeds `other`'s `bound`.
pub(crate) fn greater(
    (name, value): (&'static str, f64),
    (other, bound): (&'static str, f64),
) -> Result<f64, ScheduleError> {
    if value > bound {
        Ok(value)
    } else {
        Err(ScheduleError::NotGreater {
            name,
            value,
            other,
            bound,
        })
    }
}

/// Checks that `value` is finite and not negative.
pub(crate) fn non_negative(name: &'static str, value: f64) -> Result<f64, ScheduleError> {
    if finite(name, value)? >= 0.0 {
        Ok(value)
    } else {
        Err(ScheduleError::Negative { name, value })
    }
}

/// Refuses `value` of `name` unless `ok`, with "expected {name} to be {reason}".
pub(crate) fn require(
    ok: bool,
    name: &'static str,
    value: f64,
    reason: &'static str,
) -> Result<f64, ScheduleError> {
    if ok {
        Ok(value)
    } else {
        Err(ScheduleError::Refused {
            name,
            value,
            reason,
        })
    }
}
