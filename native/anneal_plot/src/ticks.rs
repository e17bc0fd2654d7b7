//! Tick labels that read well: `250k`, `1.5M` for steps; `0.05`, `1e-5` for values.

/// A step as a tick label: an integer, with a `k`/`M`/`G`/`T` suffix once the axis
/// reaches 10,000 (`span` is the largest absolute step on the axis).
///
/// ```
/// use anneal_plot::format_step;
/// assert_eq!(format_step(750.0, 1000.0), "750");
/// assert_eq!(format_step(2_500_000.0, 1e7), "2.5M");
/// assert_eq!(format_step(-20_000.0, 1e5), "-20k");
/// assert_eq!(format_step(0.5, 2.0), "0.5");
/// ```
pub fn format_step(step: f64, span: f64) -> String {
    const SUFFIXES: [(f64, &str); 4] = [(1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k")];
    if span.abs() >= 1e4 && step != 0.0 {
        if let Some((scale, suffix)) = SUFFIXES.iter().find(|(scale, _)| span.abs() >= *scale) {
            return format!("{}{suffix}", format_value(step / scale));
        }
    }
    format_value(step)
}

/// A value as a tick label: at most six significant digits, plain decimals between 0.001
/// and 10,000, `1e-5` style outside, no trailing zeros.
///
/// ```
/// use anneal_plot::format_value;
/// assert_eq!(format_value(0.05), "0.05");
/// assert_eq!(format_value(0.1 + 0.2), "0.3");
/// assert_eq!(format_value(2.5e-6), "2.5e-6");
/// assert_eq!(format_value(0.0), "0");
/// assert_eq!(format_value(1200.0), "1200");
/// ```
pub fn format_value(value: f64) -> String {
    if value == 0.0 || !value.is_finite() {
        return if value.is_finite() {
            "0".to_string()
        } else {
            value.to_string()
        };
    }
    // Round to 6 significant digits, then split "d.ddddde±x" into mantissa and exponent.
    let scientific = format!("{value:.5e}");
    let (mantissa, exponent) = scientific.split_once('e').unwrap_or((&scientific, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let mantissa = mantissa.trim_end_matches('0').trim_end_matches('.');
    if (-3..4).contains(&exponent) {
        let fraction = mantissa.split_once('.').map_or(0, |(_, f)| f.len()) as i32;
        let decimals = (fraction - exponent).max(0) as usize;
        format!("{value:.decimals$}")
    } else {
        format!("{mantissa}e{exponent}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_across_magnitudes() {
        assert_eq!(format_value(0.1), "0.1");
        assert_eq!(format_value(0.0125), "0.0125");
        assert_eq!(format_value(0.001), "0.001");
        assert_eq!(format_value(0.0009), "9e-4");
        assert_eq!(format_value(1e-12), "1e-12");
        assert_eq!(format_value(-0.25), "-0.25");
        assert_eq!(format_value(12_345.0), "1.2345e4");
        assert_eq!(format_value(9999.0), "9999");
        assert_eq!(format_value(1.0), "1");
        // 0.30000000000000004 is rounded to six significant digits first.
        assert_eq!(format_value(0.1 + 0.2), "0.3");
    }

    #[test]
    fn steps_take_the_suffix_of_the_axis_span() {
        assert_eq!(format_step(0.0, 1e7), "0");
        assert_eq!(format_step(500_000.0, 1e6), "0.5M");
        assert_eq!(format_step(9000.0, 9000.0), "9000");
        assert_eq!(format_step(10_000.0, 10_000.0), "10k");
        assert_eq!(format_step(3e9, 1e10), "3G");
    }
}
