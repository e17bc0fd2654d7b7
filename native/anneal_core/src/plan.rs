//! [`Plan`]: a schedule compiled to segments of primitives.
//!
//! A plan is a product of [`Factor`]s (one for most schedules; `multiply` concatenates its
//! schedules' factors), and a factor an ordered list of [`Segment`]s, each a half-open
//! interval of steps with one [`Primitive`]. The value at a step is the product of the
//! factors' values there, in order ((a · b) · c). Segments live in **frames**: a frame subtracts an offset from the step
//! (a join's boundary, a decay's `transition_begin`), and frames nest, so a segment carries
//! the offsets of every frame it is in, outermost first, subtracted level by level
//! (((t − o₁) − o₂) − …, as a join of joins computes it, never their sum). A segment begins
//! where the step, with the offsets of the first `level` frames subtracted, reaches its
//! threshold; comparing in the frame where the peer compares keeps every boundary exactly
//! where the peer's own formula puts it, for fractional steps too.
//!
//! ```
//! use anneal_core::kinds::LinearDecay;
//! use anneal_core::Schedule;
//!
//! // Axon's linear decay: a warmup line, a decay line, then 0 from `steps` on.
//! let s = Schedule::new(LinearDecay { init_value: 1.0, warmup: 10.0, steps: 110.0 })?;
//! let starts: Vec<f64> = s.plan().segments().iter().map(|seg| seg.start()).collect();
//! assert_eq!(starts, [f64::NEG_INFINITY, 10.0, 110.0]);
//! assert_eq!(s.plan().horizon(), Some(110.0));
//! # Ok::<(), anneal_core::ScheduleError>(())
//! ```

use crate::primitive::Primitive;

/// The version of the plan layout, for anything that stores or ships plans.
pub const LAYOUT_VERSION: u32 = 1;

/// How many restarts of a periodic segment [`Plan::boundaries`] lists.
pub const MAX_RESTARTS: usize = 64;

/// Where a segment begins: once the step, with the first `level` frame offsets subtracted,
/// is at least `threshold`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Begin {
    /// How many of the segment's frame offsets are subtracted before comparing.
    pub level: usize,
    /// The step, in that frame, from which the segment holds.
    pub threshold: f64,
}

/// A half-open interval of steps with one primitive.
#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    offsets: Vec<f64>,
    begin: Option<Begin>,
    start: f64,
    primitive: Primitive,
    label: Option<String>,
}

impl Segment {
    /// The frame offsets, outermost first: the primitive sees ((t − o₁) − o₂) − ….
    pub fn offsets(&self) -> &[f64] {
        &self.offsets
    }

    /// Where the segment begins; `None` for the first segment, open to −∞.
    pub fn begin(&self) -> Option<Begin> {
        self.begin
    }

    /// The step where the segment begins, as a global step (the frame offsets added to the
    /// threshold; −∞ for the first segment). Exact for whole steps below 2⁵³.
    pub fn start(&self) -> f64 {
        self.start
    }

    /// The segment's formula.
    pub fn primitive(&self) -> &Primitive {
        &self.primitive
    }

    /// The phase boundary where the segment begins (`"warmup end"`, `"×0.5"`, …), for phase
    /// markers; `None` where nothing visible changes (a warmup of no steps).
    pub fn label(&self) -> Option<&str> {
        self.label.as_deref()
    }

    /// The step local to the segment: `step` with every frame offset subtracted in order.
    #[inline]
    pub fn local(&self, step: f64) -> f64 {
        self.offsets.iter().fold(step, |t, o| t - o)
    }

    /// Whether the segment has begun at `step`.
    #[inline]
    fn has_begun(&self, step: f64) -> bool {
        match self.begin {
            None => true,
            Some(Begin { level, threshold }) => {
                let frame = self.offsets[..level].iter().fold(step, |t, o| t - o);
                frame >= threshold
            }
        }
    }
}

/// One factor of a [`Plan`]: segments in step order, every step in exactly one.
#[derive(Debug, Clone, PartialEq)]
pub struct Factor {
    segments: Vec<Segment>,
}

impl Factor {
    fn new(primitive: Primitive) -> Self {
        Self {
            segments: vec![Segment {
                offsets: Vec::new(),
                begin: None,
                start: f64::NEG_INFINITY,
                primitive,
                label: None,
            }],
        }
    }

    /// The segments, in step order.
    pub fn segments(&self) -> &[Segment] {
        &self.segments
    }

    /// The index of the segment that holds `step`.
    #[inline]
    pub fn index(&self, step: f64) -> usize {
        // Segments begin in order: the last one that has begun holds the step.
        self.segments
            .partition_point(|s| s.has_begun(step))
            .saturating_sub(1)
    }

    /// The segment that holds `step`.
    #[inline]
    pub fn segment(&self, step: f64) -> &Segment {
        &self.segments[self.index(step)]
    }

    /// The factor's value at `step`.
    #[inline]
    pub fn value(&self, step: f64) -> f64 {
        let segment = self.segment(step);
        segment.primitive.value(segment.local(step))
    }

    fn then_frame(&mut self, threshold: f64, offset: f64, child: Self, label: Option<&str>) {
        // A segment of the factor so far that starts at or after `threshold` never holds. Segments
        // begin in order, so those are a suffix: popping it keeps appending linear in the
        // number of segments (a `piecewise_constant` of 10⁵ boundaries appends 10⁵ times). The
        // phase boundary of one that starts exactly there is still one, unless the new segment
        // marks its own.
        let mut label = label.map(str::to_string);
        while let Some(dropped) = self
            .segments
            .pop_if(|s| s.begin.is_some() && s.start >= threshold)
        {
            if label.is_none() && dropped.start == threshold {
                label = dropped.label;
            }
        }
        // Nor does a segment of the child that ends before the frame begins (a join may begin
        // at a negative step of its own): the child's segment at the frame's first step
        // begins with the frame.
        let first = child.index(threshold - offset);
        for (i, mut segment) in child.segments.into_iter().skip(first).enumerate() {
            segment.offsets.insert(0, offset);
            if i == 0 {
                // The frame's first segment begins where the frame does, in the outer frame.
                segment.begin = Some(Begin {
                    level: 0,
                    threshold,
                });
                segment.start = threshold;
                segment.label.clone_from(&label);
            } else if let Some(b) = &mut segment.begin {
                // The others begin where they did in the child, one frame deeper.
                b.level += 1;
                segment.start += offset;
            }
            self.segments.push(segment);
        }
    }

    fn in_frame(&mut self, offset: f64) {
        for segment in &mut self.segments {
            segment.offsets.insert(0, offset);
            if let Some(b) = &mut segment.begin {
                b.level += 1;
                segment.start += offset;
            }
        }
    }

    /// The factor's phase boundaries, in step order: each segment's label and global start, and
    /// inside a periodic segment its first [`MAX_RESTARTS`] marks (`"restart"`s, or a cyclic
    /// wave's `"peak"` and `"cycle"` end; global steps, the frame offsets added), up to where
    /// the next segment begins.
    fn boundaries(&self) -> Vec<(&str, f64)> {
        let mut out = Vec::new();
        for (i, segment) in self.segments.iter().enumerate() {
            if let Some(label) = segment.label() {
                out.push((label, segment.start));
            }
            // A periodic segment marks its first cycles (local steps; the offsets added).
            let marks: Vec<(&str, f64)> = match &segment.primitive {
                Primitive::Restarts(p) => p
                    .starts()
                    .take(MAX_RESTARTS)
                    .map(|u| ("restart", u))
                    .collect(),
                // Each cycle's top at up = r · L, then its end, where the next one begins.
                Primitive::Cyclic(p) => (0..MAX_RESTARTS / 2)
                    .flat_map(|n| {
                        let start = n as f64 * p.total;
                        [
                            ("peak", start + p.ratio * p.total),
                            ("cycle", start + p.total),
                        ]
                    })
                    .collect(),
                _ => Vec::new(),
            };
            let origin: f64 = segment.offsets.iter().sum();
            let end = self.segments.get(i + 1).map_or(f64::INFINITY, |s| s.start);
            out.extend(
                marks
                    .into_iter()
                    .map(|(label, u)| (label, origin + u))
                    .filter(|&(_, t)| t > segment.start && t < end),
            );
        }
        out
    }

    /// See [`Plan::horizon`].
    fn horizon(&self) -> Option<f64> {
        let last = self.segments.last()?;
        let start = if last.begin.is_some() {
            last.start
        } else {
            0.0
        };
        match last.primitive {
            Primitive::Const(_) => last.begin.map(|_| start),
            ref p => Some(start + p.span()?),
        }
    }
}

/// A schedule compiled to a product of factors of segments.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    factors: Vec<Factor>,
}

impl Plan {
    /// A plan of one segment holding `primitive` at every step.
    pub fn new(primitive: impl Into<Primitive>) -> Self {
        Self {
            factors: vec![Factor::new(primitive.into())],
        }
    }

    /// A plan holding the constant `value` at every step.
    pub fn constant(value: f64) -> Self {
        Self::new(Primitive::Const(value))
    }

    /// The product of `plans`, in order: their factors one after another (`multiply`).
    pub fn product(plans: impl IntoIterator<Item = Self>) -> Self {
        let factors: Vec<Factor> = plans.into_iter().flat_map(|p| p.factors).collect();
        if factors.is_empty() {
            return Self::constant(f64::NAN);
        }
        Self { factors }
    }

    /// Appends a segment with `primitive` from `threshold` on (a step of this plan's own
    /// frame), labelled `label` when it begins a phase worth marking. Segments that could
    /// no longer begin before it are dropped.
    pub fn then(
        self,
        threshold: f64,
        primitive: impl Into<Primitive>,
        label: Option<&str>,
    ) -> Self {
        let mut plan = self.then_frame(threshold, 0.0, Self::new(primitive), label);
        // A one-segment frame with offset 0: fold it into the plan's own frame (t − 0 = t for
        // every float, so nothing changes but the work).
        for factor in &mut plan.factors {
            if let Some(last) = factor.segments.last_mut() {
                last.offsets.remove(0);
            }
        }
        plan
    }

    /// Appends `child` from `threshold` on, in a frame that subtracts `offset` from the step
    /// (`join` places its schedules so; a decay starting at `transition_begin` too). Factor
    /// by factor: the plan with fewer factors is padded with constant factors of 1 (× 1 is
    /// exact).
    pub fn then_frame(
        mut self,
        threshold: f64,
        offset: f64,
        mut child: Self,
        label: Option<&str>,
    ) -> Self {
        let n = self.factors.len().max(child.factors.len());
        let one = || Factor::new(Primitive::Const(1.0));
        self.factors.resize_with(n, one);
        child.factors.resize_with(n, one);
        for (factor, part) in self.factors.iter_mut().zip(child.factors) {
            factor.then_frame(threshold, offset, part, label);
        }
        self
    }

    /// Places the whole plan in a frame that subtracts `offset` (segments begin where they did,
    /// compared in the new frame).
    pub fn in_frame(mut self, offset: f64) -> Self {
        for factor in &mut self.factors {
            factor.in_frame(offset);
        }
        self
    }

    /// The factors, whose product the plan is (one for every kind but `multiply`).
    pub fn factors(&self) -> &[Factor] {
        &self.factors
    }

    /// The first factor (all of a plan of one factor).
    fn first(&self) -> &Factor {
        &self.factors[0]
    }

    /// The first factor's segments, in step order (all of them for a plan of one factor).
    pub fn segments(&self) -> &[Segment] {
        self.first().segments()
    }

    /// The index of the first factor's segment that holds `step`.
    #[inline]
    pub fn index(&self, step: f64) -> usize {
        self.first().index(step)
    }

    /// The first factor's segment that holds `step`.
    #[inline]
    pub fn segment(&self, step: f64) -> &Segment {
        self.first().segment(step)
    }

    /// The value at `step`: the product of the factors' values, in order.
    #[inline]
    pub fn value(&self, step: f64) -> f64 {
        let (first, rest) = (self.first(), &self.factors[1..]);
        rest.iter()
            .fold(first.value(step), |product, f| product * f.value(step))
    }

    /// The phase boundaries: each labelled segment's label and global start, in step order
    /// (a boundary that several factors share is listed once).
    pub fn boundaries(&self) -> Vec<(&str, f64)> {
        let mut all: Vec<(&str, f64)> = self.factors.iter().flat_map(Factor::boundaries).collect();
        all.sort_by(|a, b| a.1.total_cmp(&b.1));
        all.dedup();
        all
    }

    /// The natural horizon, the step up to which the schedule's shape is worth drawing: for
    /// each factor, the start of its last segment when it is constant (the factor holds its
    /// value from there on), else that start (0 for a factor of one segment) plus the last
    /// primitive's [`span`](Primitive::span); the latest of them, `None` when every factor
    /// is one constant segment.
    pub fn horizon(&self) -> Option<f64> {
        self.factors
            .iter()
            .filter_map(Factor::horizon)
            .reduce(f64::max)
    }
}
