//! The one seeded random-schedule generator of the Rust tests: valid schedules of every kind
//! as version 1 JSON documents (options in canonical order, defaults written out, as
//! `Anneal.to_json/1` writes them), with the steps worth checking for each (step 0, every
//! boundary and ±1 around it, negative, far-out and fractional steps).

use super::rng::Rng;
use serde_json::{json, Value};

/// The kinds the generator draws, in `Anneal.Schedule.kinds/0` order.
pub const KINDS: [&str; 12] = [
    "constant",
    "cosine_decay",
    "exponential_decay",
    "linear_decay",
    "polynomial_decay",
    "warmup_cosine_decay",
    "piecewise_constant",
    "inverse_sqrt",
    "warmup_stable_decay",
    "cosine_decay_restarts",
    "one_cycle",
    "join",
];

/// A drawn schedule: its document (without the `"anneal"` key) and its boundaries, the steps
/// where its formula changes.
pub struct Drawn {
    /// `{"kind": …, "init_value": …, "options": {…}}`.
    pub doc: Value,
    /// Steps where the formula changes (unsorted, possibly repeated).
    pub boundaries: Vec<f64>,
}

impl Rng {
    /// A number as JSON: an integer when `x` is a whole number that fits, else a float.
    fn json_num(&mut self, x: f64) -> Value {
        if x.fract() == 0.0 && x.abs() < 1e15 && self.next() & 1 == 0 {
            json!(x as i64)
        } else {
            json!(x)
        }
    }

    /// A value: ordinary most of the time, sometimes extreme.
    pub fn lr(&mut self) -> f64 {
        match self.below(10) {
            0 => self.pick(&[0.0, -0.0, 1e300, -1e300, 5e-324, -2.5, 1e-300, f64::MAX]),
            1 => -self.unit(),
            2..=4 => self.pick(&[0.1, 1.0, 0.01, 1e-3, 2.0]),
            _ => self.unit() * 10f64.powi(self.below(6) as i32 - 4),
        }
    }

    /// A positive length: whole most of the time, sometimes tiny, huge or fractional.
    pub fn span(&mut self) -> f64 {
        match self.below(10) {
            0 => self.pick(&[1e-300, 0.5, 1e300, 2.5, 1e15, 4_503_599_627_370_496.0]),
            1 => 1.0 + (self.unit() * 100.0).floor() + self.pick(&[0.0, 0.25, 0.5]),
            2 => self.pick(&[1.0, 2.0, 3.0]),
            _ => 1.0 + (self.unit() * 10f64.powi(1 + self.below(6) as i32)).floor(),
        }
    }

    /// A non-negative offset: zero often.
    pub fn gap(&mut self) -> f64 {
        if self.below(3) == 0 {
            0.0
        } else {
            self.span()
        }
    }

    /// A number from 0 to 1.
    pub fn share(&mut self) -> f64 {
        {
            let extra0 = self.unit();
            self.pick(&[0.0, 1.0, 0.5, 0.3, extra0, 0.999_999])
        }
    }

    /// A valid schedule of `kind` (a random kind when `None`), joins nested at most `depth` more.
    pub fn draw(&mut self, kind: Option<&str>, depth: usize) -> Drawn {
        let kind = kind.unwrap_or_else(|| {
            let n = if depth == 0 {
                KINDS.len() - 1
            } else {
                KINDS.len()
            };
            KINDS[self.below(n)]
        });
        let init = self.lr();
        let mut b = Vec::new();
        let options = match kind {
            "constant" => json!({}),
            "cosine_decay" => {
                let k = self.span();
                let alpha = {
                    let extra0 = self.unit();
                    self.pick(&[0.0, 0.1, -1.0, 3.0, extra0])
                };
                b.push(k);
                json!({"decay_steps": self.json_num(k), "alpha": self.json_num(alpha)})
            }
            "exponential_decay" => {
                let rate = {
                    let extra0 = self.unit();
                    self.pick(&[0.0, 0.5, 0.95, 1.0, 1.5, 2.0, extra0])
                };
                let (k, begin) = (self.span(), self.gap());
                b.extend([begin, begin + k, begin + 2.0 * k]);
                json!({"decay_rate": self.json_num(rate), "transition_steps": self.json_num(k),
                       "transition_begin": self.json_num(begin), "staircase": self.next() & 1 == 0})
            }
            "linear_decay" => {
                let (w, n) = (self.gap(), self.span());
                b.extend([w, n]);
                json!({"warmup": self.json_num(w), "steps": self.json_num(n)})
            }
            "polynomial_decay" => {
                let end = self.lr();
                let power = self.pick(&[0.0, 1.0, 2.0, 0.5, 3.7]);
                let (k, begin) = (self.span(), self.gap());
                b.extend([begin, begin + k]);
                json!({"end_value": self.json_num(end), "power": self.json_num(power),
                       "transition_steps": self.json_num(k), "transition_begin": self.json_num(begin)})
            }
            "warmup_cosine_decay" => {
                let peak = self.lr();
                let w = self.gap();
                let d = w + self.span();
                let d = if d > w { d } else { w + 1.0 };
                let end = self.lr();
                let exponent = self.pick(&[1.0, 2.0, 0.5, 0.0]);
                b.extend([w, d]);
                json!({"peak_value": self.json_num(peak), "warmup_steps": self.json_num(w),
                       "decay_steps": self.json_num(d), "end_value": self.json_num(end),
                       "exponent": self.json_num(exponent)})
            }
            "piecewise_constant" => {
                let n = self.below(5);
                let mut pairs: Vec<(f64, f64)> = (0..n)
                    .map(|_| {
                        let step = {
                            let extra0 = self.span();
                            self.pick(&[-10.0, 0.0, 5.0, 100.0, extra0])
                        };
                        (step, {
                            let extra0 = self.unit();
                            self.pick(&[0.5, 0.1, 0.0, 2.0, 1e300, extra0])
                        })
                    })
                    .collect();
                pairs.sort_by(|x, y| x.0.total_cmp(&y.0));
                b.extend(pairs.iter().map(|p| p.0));
                let pairs: Vec<Value> = pairs
                    .iter()
                    .map(|&(s, v)| json!([self.json_num(s), self.json_num(v)]))
                    .collect();
                json!({"boundaries_and_scales": pairs})
            }
            "inverse_sqrt" => {
                let w = self.gap();
                b.push(w);
                let timescale = if self.next() & 1 == 0 {
                    Value::Null
                } else {
                    let t = self.span();
                    self.json_num(t)
                };
                json!({"warmup_steps": self.json_num(w), "timescale": timescale})
            }
            "warmup_stable_decay" => {
                let (w, s, d) = (self.gap(), self.gap(), self.span());
                let m = self.share();
                b.extend([w, w + s, w + s + d]);
                let shape = self.pick(&["cosine", "linear", "sqrt"]);
                json!({"warmup_steps": self.json_num(w), "stable_steps": self.json_num(s),
                       "decay_steps": self.json_num(d), "min_lr_ratio": self.json_num(m),
                       "decay_type": shape})
            }
            "cosine_decay_restarts" => {
                let k = self.span();
                let t_mul = self.pick(&[1.0, 2.0, 0.5, 3.0, 1.5]);
                let m_mul = self.pick(&[1.0, 0.5, 0.9, -1.0]);
                let alpha = {
                    let extra0 = self.unit();
                    self.pick(&[0.0, 0.1, extra0])
                };
                let mut start = 0.0;
                let mut len = k;
                for _ in 0..4 {
                    b.push(start);
                    start += len;
                    len *= t_mul;
                }
                json!({"first_decay_steps": self.json_num(k), "t_mul": self.json_num(t_mul),
                       "m_mul": self.json_num(m_mul), "alpha": self.json_num(alpha)})
            }
            "one_cycle" => {
                let t = self.span();
                let pct = self.share();
                b.extend([0.0, (pct * t).trunc(), t.trunc()]);
                let div = self.pick(&[25.0, 1.0, 0.5, 1e4]);
                let final_div = self.pick(&[1e4, 1.0, 0.1]);
                json!({"transition_steps": self.json_num(t), "pct_start": self.json_num(pct),
                       "div_factor": self.json_num(div), "final_div_factor": self.json_num(final_div)})
            }
            _ => {
                let n = 1 + self.below(4);
                let children: Vec<Drawn> = (0..n)
                    .map(|_| self.draw(None, depth.saturating_sub(1)))
                    .collect();
                let mut at = self.pick(&[-5.0, 0.0, 3.0]);
                let mut bounds = Vec::new();
                for _ in 1..n {
                    at += {
                        let extra0 = self.span();
                        self.pick(&[0.0, 1.0, 7.0, 100.0, 2.5, extra0])
                    };
                    bounds.push(at);
                }
                for (i, child) in children.iter().enumerate() {
                    let offset = if i == 0 { 0.0 } else { bounds[i - 1] };
                    b.extend(child.boundaries.iter().map(|x| x + offset));
                }
                b.extend(&bounds);
                let bounds: Vec<Value> = bounds.iter().map(|&x| self.json_num(x)).collect();
                let docs: Vec<Value> = children.into_iter().map(|c| c.doc).collect();
                return Drawn {
                    doc: json!({"kind": "join", "options": {"schedules": docs, "boundaries": bounds}}),
                    boundaries: b,
                };
            }
        };
        Drawn {
            doc: json!({"kind": kind, "init_value": self.json_num(init), "options": options}),
            boundaries: b,
        }
    }

    /// The steps at which to check a schedule with these boundaries, in increasing order:
    /// step 0, each boundary and ±1 around it (and half a step), negatives, far out, floats.
    pub fn steps_for(&mut self, boundaries: &[f64]) -> Vec<f64> {
        let mut steps = vec![
            0.0,
            1.0,
            -1.0,
            -7.0,
            -1e6,
            0.5,
            2.5,
            1e9,
            1e15,
            4_503_599_627_370_496.0,
            -1e18,
        ];
        for &b in boundaries {
            if b.is_finite() && b.abs() < 1e17 {
                steps.extend([b, b - 1.0, b + 1.0, b.floor(), b.ceil(), b + 0.5]);
            }
        }
        steps.push(self.unit() * 1e4);
        steps.push((self.unit() * 1e6).floor());
        steps.retain(|s| s.is_finite());
        steps.sort_by(f64::total_cmp);
        steps.dedup_by(|a, b| a.to_bits() == b.to_bits());
        steps
    }
}

/// A step as JSON: an integer when whole and within ±2⁵³, else a float.
pub fn step_json(step: f64) -> Value {
    if step.fract() == 0.0 && step.abs() <= 9_007_199_254_740_992.0 {
        json!(step as i64)
    } else {
        json!(step)
    }
}

/// A value as JSON: a float, or `"NaN"`, `"inf"`, `"-inf"` (which JSON numbers cannot hold).
pub fn value_json(value: f64) -> Value {
    if value.is_finite() {
        json!(value)
    } else {
        json!(format!("{value}"))
    }
}

/// The value a corpus line holds (the inverse of [`value_json`]).
pub fn value_of(json: &Value) -> f64 {
    match json {
        Value::String(s) => s.parse().expect("NaN, inf or -inf"),
        other => other.as_f64().expect("a number"),
    }
}
