//! Parallel evaluation gives the bytes of one thread, for every kind, range, s64 binary and
//! output type (in one go and in pieces, as a dirty NIF evaluates, the pieces bit for bit the
//! evaluation in one go); and no instruction set's kernels change a value either.

use anneal_core::kinds::KINDS;
use anneal_core::{
    evaluate_bytes, evaluate_bytes_while, set_isa, set_threads, Constant, CosineDecay,
    CosineDecayRestarts, DecayShape, ExponentialDecay, Halt, InverseSqrt, Isa, Join, LinearDecay,
    Multiply, OneCycle, PiecewiseConstant, PolynomialDecay, Sample, Schedule, Spec, Steps,
    WarmupCosineDecay, WarmupStableDecay,
};
use std::sync::Mutex;

/// The threads and instruction set settings are process-wide: tests that change them take
/// turns.
static SETTINGS: Mutex<()> = Mutex::new(());

/// One schedule of every kind, with segments of hundreds of thousands of steps (and a
/// nested join).
fn every_kind() -> Vec<(&'static str, Schedule)> {
    let warmup = LinearDecay::schedule(0.1, 2e5, 2e6).unwrap();
    let mut kinds = vec![
        ("constant", Constant::schedule(0.1).unwrap()),
        (
            "cosine_decay",
            CosineDecay::schedule(0.1, 2e6, 0.05).unwrap(),
        ),
        (
            "cosine_decay_restarts",
            CosineDecayRestarts::schedule(0.1, 3e5, 2.0, 0.9, 0.0).unwrap(),
        ),
        (
            "exponential_decay",
            ExponentialDecay::schedule(0.1, 0.95, 2e4, 1e5, false).unwrap(),
        ),
        (
            "inverse_sqrt",
            InverseSqrt::schedule(0.1, 1e5, None).unwrap(),
        ),
        (
            "join",
            Join::schedule(
                vec![
                    warmup.clone(),
                    Join::schedule(
                        vec![
                            CosineDecay::schedule(0.1, 1e6, 0.0).unwrap(),
                            Constant::schedule(0.01).unwrap(),
                        ],
                        vec![7e5],
                    )
                    .unwrap(),
                ],
                vec![3e5],
            )
            .unwrap(),
        ),
        ("linear_decay", warmup),
        (
            "one_cycle",
            OneCycle::schedule(0.1, 2e6, 0.3, 25.0, 1e4).unwrap(),
        ),
        (
            "piecewise_constant",
            PiecewiseConstant::schedule(0.1, [(3e5, 0.5), (9e5, 0.1)]).unwrap(),
        ),
        (
            "polynomial_decay",
            PolynomialDecay::schedule(0.1, 1e-4, 2.0, 1.5e6, 1e5).unwrap(),
        ),
        (
            "warmup_cosine_decay",
            WarmupCosineDecay::schedule(0.0, 0.1, 2e5, 2e6, 1e-4, 1.0).unwrap(),
        ),
        (
            "warmup_stable_decay",
            WarmupStableDecay::schedule(0.1, 2e5, 8e5, 1e6, 0.1, DecayShape::Sqrt).unwrap(),
        ),
    ];
    // The kinds beyond the positional shorthands, as the typed options read them.
    let cosine = r#"{"kind": "cosine_decay", "init_value": 0.1, "decay_steps": 2e6}"#;
    let by_name = [
        (
            "cosine_with_hard_restarts",
            r#"{"kind": "cosine_with_hard_restarts", "init_value": 0.1, "warmup_steps": 2e5,
                "training_steps": 2e6, "num_cycles": 3}"#
                .to_string(),
        ),
        (
            "cyclic",
            r#"{"kind": "cyclic", "init_value": 0.01, "max_value": 0.1, "step_size_up": 2e5,
                "step_size_down": 3e5, "mode": "triangular2"}"#
                .to_string(),
        ),
        (
            "linear_one_cycle",
            r#"{"kind": "linear_one_cycle", "init_value": 0.1, "transition_steps": 2e6}"#
                .to_string(),
        ),
        (
            "multiply",
            format!(
                r#"{{"kind": "multiply", "schedules": [{cosine},
                    {{"kind": "constant", "init_value": 0.5}}]}}"#
            ),
        ),
        (
            "piecewise_interpolate",
            r#"{"kind": "piecewise_interpolate", "init_value": 0.1,
                "boundaries_and_scales": [[3e5, 0.5], [9e5, 0.1]]}"#
                .to_string(),
        ),
        (
            "shift",
            format!(r#"{{"kind": "shift", "schedule": {cosine}, "by": 1e5}}"#),
        ),
        (
            "warmup_constant",
            r#"{"kind": "warmup_constant", "init_value": 0.0, "peak_value": 0.1,
                "warmup_steps": 2e5}"#
                .to_string(),
        ),
        (
            "warmup_exponential_decay",
            r#"{"kind": "warmup_exponential_decay", "init_value": 0.0, "peak_value": 0.1,
                "warmup_steps": 2e5, "transition_steps": 2e4, "decay_rate": 0.95}"#
                .to_string(),
        ),
        (
            "warmup_polynomial_decay",
            r#"{"kind": "warmup_polynomial_decay", "init_value": 0.1, "warmup_steps": 2e5,
                "training_steps": 2e6}"#
                .to_string(),
        ),
    ];
    for (name, json) in by_name {
        let json = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{name}: {e}"));
        let spec = Spec::from_json_value(json).unwrap_or_else(|e| panic!("{name}: {e}"));
        kinds.push((name, Schedule::new(spec).unwrap()));
    }
    kinds
}

fn bytes<T: Sample>(schedule: &Schedule, steps: Steps<'_>) -> Vec<u8> {
    let mut out = vec![0u8; steps.len() * T::BYTES];
    evaluate_bytes::<T>(schedule, steps, &mut out).unwrap();
    out
}

/// The bytes of an evaluation in pieces (as a dirty NIF runs it).
fn bytes_in_pieces<T: Sample>(schedule: &Schedule, steps: Steps<'_>) -> Vec<u8> {
    let mut out = vec![0u8; steps.len() * T::BYTES];
    evaluate_bytes_while::<T>(schedule, steps, &mut out, &mut || true).unwrap();
    out
}

/// The f64 bytes of an evaluation into memory that is not 8-aligned: kernels cannot write
/// float64s in place there and go through their scratch instead.
fn unaligned_f64_bytes(schedule: &Schedule, steps: Steps<'_>) -> Vec<u8> {
    let mut room = vec![0u8; steps.len() * 8 + 2];
    let skip = if (room.as_ptr() as usize + 1).is_multiple_of(8) {
        2
    } else {
        1
    };
    let out = &mut room[skip..skip + steps.len() * 8];
    evaluate_bytes::<f64>(schedule, steps, out).unwrap();
    out.to_vec()
}

/// The s64 binary of `first, first + stride, …` with a jump in the middle.
fn iota_with_a_jump(first: i64, stride: i64, len: usize) -> Vec<u8> {
    (0..len as i64)
        .map(|i| first + i * stride + if i >= len as i64 / 3 { 777 } else { 0 })
        .flat_map(i64::to_ne_bytes)
        .collect()
}

fn same_bytes_on(threads: usize, name: &str, schedule: &Schedule) {
    let s64 = iota_with_a_jump(-4321, 3, 1_200_000);
    let ranges = [(0, 1, 2_500_000), (-123_457, 3, 1_000_000)];
    let mut cases: Vec<Steps<'_>> = ranges
        .iter()
        .map(|&(first, stride, len)| Steps::range(first, stride, len).unwrap())
        .collect();
    cases.push(Steps::S64(&s64));
    for steps in cases {
        set_threads(1);
        let serial = (bytes::<f32>(schedule, steps), bytes::<f64>(schedule, steps));
        let pieces = (
            bytes_in_pieces::<f32>(schedule, steps),
            bytes_in_pieces::<f64>(schedule, steps),
        );
        let unaligned = unaligned_f64_bytes(schedule, steps);
        set_threads(threads);
        let parallel = (bytes::<f32>(schedule, steps), bytes::<f64>(schedule, steps));
        let parallel_pieces = (
            bytes_in_pieces::<f32>(schedule, steps),
            bytes_in_pieces::<f64>(schedule, steps),
        );
        assert!(
            serial.0 == parallel.0,
            "{name}: f32 differs on {threads} threads"
        );
        assert!(
            serial.1 == parallel.1,
            "{name}: f64 differs on {threads} threads"
        );
        assert!(
            serial.1 == unaligned,
            "{name}: f64 into unaligned bytes differs"
        );
        // In pieces: windows of the whole evaluation, so the same as in one go, f32 and f64,
        // however many threads share the pieces.
        assert!(serial.0 == pieces.0, "{name}: f32 in pieces differs");
        assert!(serial.1 == pieces.1, "{name}: f64 in pieces differs");
        assert!(
            pieces == parallel_pieces,
            "{name}: pieces differ on {threads} threads"
        );
    }
}

#[test]
fn parallel_bytes_equal_serial_bytes_for_every_kind() {
    let _turn = SETTINGS.lock().unwrap_or_else(|e| e.into_inner());
    let schedules = every_kind();
    let mut names: Vec<_> = schedules.iter().map(|(name, _)| *name).collect();
    let mut kinds = KINDS.to_vec();
    names.sort_unstable();
    kinds.sort_unstable();
    assert_eq!(names, kinds, "a kind is missing here");
    let before = set_threads(1);
    for (name, schedule) in &schedules {
        // Three threads on two cores as well: the parts, not the cores, decide the bytes.
        for threads in [2, 3] {
            same_bytes_on(threads, name, schedule);
        }
    }
    set_threads(before);
}

/// Ranges and an s64 binary around a segment boundary `b`, where pieces (1024 steps for a
/// few thousand steps, a quarter of the steps for more) hold only a short part of a segment:
/// a few dozen or hundred steps, shorter than a table, or a block cut in the middle.
fn around(b: i64) -> (Vec<(i64, i64, usize)>, Vec<u8>) {
    let ranges = vec![
        (b - 1000, 1, 4000),
        (b - 100_003, 1, 400_000),
        (b + 5000, -3, 6000),
        (b - 1023, 7, 3000),
    ];
    // 2500 steps by 1 up to 20 steps past b, then a jump back to b − 1500 and on by 1.
    let s64 = (0..5000i64)
        .map(|i| if i < 2500 { b - 2480 + i } else { b - 4000 + i })
        .flat_map(i64::to_ne_bytes)
        .collect();
    (ranges, s64)
}

#[test]
fn f64_pieces_cut_at_segment_boundaries_equal_one_evaluation() {
    let _turn = SETTINGS.lock().unwrap_or_else(|e| e.into_inner());
    let before = set_threads(1);
    for (name, schedule) in every_kind() {
        let boundaries: Vec<i64> = schedule.plan().segments()[1..]
            .iter()
            .map(|segment| segment.start().round() as i64)
            .filter(|b| b.abs() < 1 << 40)
            .collect();
        for b in boundaries {
            let (ranges, s64) = around(b);
            let mut cases: Vec<Steps<'_>> = ranges
                .iter()
                .map(|&(first, stride, len)| Steps::range(first, stride, len).unwrap())
                .collect();
            cases.push(Steps::S64(&s64));
            for (case, steps) in cases.into_iter().enumerate() {
                set_threads(1);
                let whole = bytes::<f64>(&schedule, steps);
                for threads in [1, 2, 3] {
                    set_threads(threads);
                    assert!(
                        bytes_in_pieces::<f64>(&schedule, steps) == whole,
                        "{name}: f64 pieces of case {case} around {b} differ on {threads} threads"
                    );
                }
            }
        }
    }
    set_threads(before);
}

/// `whole` (f32 and f64 bytes of `steps`) against the exact formula: f32 its values rounded,
/// bit for bit, f64 within 1e-14 · |value| + `absolute`.
fn agrees_with_the_exact_formula(
    name: &str,
    schedule: &Schedule,
    steps: Steps<'_>,
    whole: &(Vec<u8>, Vec<u8>),
    absolute: f64,
) {
    let exact: Vec<f64> = steps.to_vec().iter().map(|&t| schedule.value(t)).collect();
    let f32s = whole
        .0
        .chunks_exact(4)
        .map(|c| f32::from_ne_bytes(c.try_into().unwrap()));
    let f64s = whole
        .1
        .chunks_exact(8)
        .map(|c| f64::from_ne_bytes(c.try_into().unwrap()));
    for ((narrow, wide), x) in f32s.zip(f64s).zip(&exact) {
        assert_eq!(narrow.to_bits(), (*x as f32).to_bits(), "{name}: {x}");
        assert!(
            (wide - x).abs() <= 1e-14 * x.abs() + absolute,
            "{name}: {wide} {x}"
        );
    }
}

#[test]
fn parallel_bytes_equal_serial_bytes_for_products_of_kernels() {
    // Products share the kernels of factors' runs of 32768 steps or more between the parts
    // and pieces that cut them, where each part builds its own for shorter runs: the bench's
    // product (a cosine over 10^6 steps times an exponential, each one long run), and a
    // cosine over 2·10^6 steps times a piecewise constant with runs of 5000 to 400000 steps
    // (either kind of run next to the other, in both factors' orders), f32 and f64 alike.
    let _turn = SETTINGS.lock().unwrap_or_else(|e| e.into_inner());
    let cosine = CosineDecay::schedule(0.1, 1e6, 0.0).unwrap();
    let decay = ExponentialDecay::schedule(1.0, 0.95, 1e4, 0.0, false).unwrap();
    let long = CosineDecay::schedule(0.1, 2e6, 0.05).unwrap();
    let steps = [
        (1e5, 0.9),
        (1.05e5, 0.8),
        (1.1e5, 0.7),
        (5e5, 0.5),
        (5.2e5, 0.4),
    ];
    let mixed = PiecewiseConstant::schedule(1.0, steps).unwrap();
    let products = [
        ("bench", vec![cosine, decay]),
        ("long, mixed", vec![long.clone(), mixed.clone()]),
        ("mixed, long", vec![mixed, long]),
    ];
    let before = set_threads(1);
    for (name, factors) in products {
        let product = Multiply::schedule(factors).unwrap();
        // The shared sources against the exact formula too (they serve one thread's parts
        // as well): f64 products carry each factor's 1e-14 · (s + |v|), s = 0.1 and 1 here,
        // hence the looser 3e-14 · 0.1.
        let steps = Steps::range(0, 1, 1_000_000).unwrap();
        let whole = (bytes::<f32>(&product, steps), bytes::<f64>(&product, steps));
        agrees_with_the_exact_formula(name, &product, steps, &whole, 3e-14 * 0.1);
        for threads in [2, 3] {
            same_bytes_on(threads, name, &product);
        }
    }
    set_threads(before);
}

#[test]
fn parallel_bytes_equal_serial_bytes_for_cosines_with_an_exponent() {
    // Kernels of the cosine primitive beyond the kinds' defaults: squaring (e = 2) and
    // exp(e ln W) (e = 0.7).
    let _turn = SETTINGS.lock().unwrap_or_else(|e| e.into_inner());
    let before = set_threads(1);
    for e in [2.0, 0.7] {
        let json = format!(
            r#"{{"kind": "cosine_decay", "init_value": 0.1, "decay_steps": 2e6, "alpha": 0.1,
                "exponent": {e}}}"#
        );
        let spec = Spec::from_json_value(serde_json::from_str(&json).unwrap()).unwrap();
        let schedule = Schedule::new(spec).unwrap();
        for threads in [2, 3] {
            same_bytes_on(threads, "cosine_decay with an exponent", &schedule);
        }
    }
    set_threads(before);
}

/// Cosines with a general exponent, whose series take a kernel with hundreds of libm calls
/// of setup: a run cut into parts (for threads, or into pieces) builds that kernel once and
/// shares it with all its parts. The bench's row (e = 3.7, α = 0), and a join of two such
/// runs with other exponents, lengths and α: a part given the other run's kernel, or one
/// built for its own length instead of the run's (a part shorter than a table would take no
/// series: other `f64` bits), or for another stride, would give other values than one
/// thread's evaluation in one go. Ranges start and end at odd steps (a run's first and last
/// parts cut short), some with strides 3 and 7; the short ones around the join's boundary
/// are cut into pieces of 1,024 steps, whose last parts are shorter than a table.
#[test]
fn parts_of_a_run_share_its_kernel_and_get_its_values() {
    let _turn = SETTINGS.lock().unwrap_or_else(|e| e.into_inner());
    let cosine = |e: f64, k: f64, alpha: f64| {
        format!(
            r#"{{"kind": "cosine_decay", "init_value": 0.1, "decay_steps": {k},
                "exponent": {e}, "alpha": {alpha}}}"#
        )
    };
    let boundary = 1_234_567;
    let schedules = [
        cosine(3.7, 1e7, 0.0),
        format!(
            r#"{{"kind": "join", "schedules": [{}, {}], "boundaries": [{boundary}]}}"#,
            cosine(3.7, 2e6, 0.0),
            cosine(5.3, 1.5e6, 0.2)
        ),
    ];
    let b = i64::from(boundary);
    let ranges = [
        (0, 1, 2_000_000),
        (4_321_987, 1, 1_234_577),
        (-12_345, 3, 901_235),
        (b - 100_003, 7, 300_001),
        (b - 1501, 1, 4000),
        (b - 2500, 1, 3317),
        (b + 3001, -3, 2701),
    ];
    let before = set_threads(1);
    for json in &schedules {
        let spec = Spec::from_json_value(serde_json::from_str(json).unwrap()).unwrap();
        let schedule = Schedule::new(spec).unwrap();
        for &(first, stride, len) in &ranges {
            let steps = Steps::range(first, stride, len).unwrap();
            set_threads(1);
            let whole = (
                bytes::<f32>(&schedule, steps),
                bytes::<f64>(&schedule, steps),
            );
            // The evaluation in one go against the exact formula (s = 0.1).
            agrees_with_the_exact_formula(json, &schedule, steps, &whole, 1e-14 * 0.1);
            for threads in [1, 2] {
                set_threads(threads);
                let case = format!("{json} from {first} by {stride}, {threads} threads");
                if threads > 1 {
                    assert!(bytes::<f32>(&schedule, steps) == whole.0, "f32 of {case}");
                    assert!(bytes::<f64>(&schedule, steps) == whole.1, "f64 of {case}");
                }
                let f32_pieces = bytes_in_pieces::<f32>(&schedule, steps);
                assert!(f32_pieces == whole.0, "f32 in pieces of {case}");
                let f64_pieces = bytes_in_pieces::<f64>(&schedule, steps);
                assert!(f64_pieces == whole.1, "f64 in pieces of {case}");
            }
        }
    }
    set_threads(before);
}

#[test]
fn the_thread_setting_is_kept_and_at_least_one() {
    let _turn = SETTINGS.lock().unwrap_or_else(|e| e.into_inner());
    let before = set_threads(3);
    assert_eq!(anneal_core::threads(), 3);
    set_threads(0);
    assert_eq!(anneal_core::threads(), 1);
    set_threads(usize::MAX);
    assert_eq!(anneal_core::threads(), anneal_core::MAX_THREADS);
    set_threads(before);
}

#[test]
fn the_instruction_set_variable_sets_the_initial_limit() {
    // scripts/dev reruns the tests with ANNEAL_ISA=portable and avx2: a name the core does
    // not read would test the widest kernels twice.
    let _turn = SETTINGS.lock().unwrap_or_else(|e| e.into_inner());
    match std::env::var(anneal_core::ISA_ENV) {
        Ok(name) if !name.is_empty() => {
            assert_eq!(Isa::from_name(&name), Some(anneal_core::isa()), "{name}");
        }
        _ => assert_eq!(anneal_core::isa(), Isa::Avx512),
    }
}

#[test]
fn every_instruction_set_gives_the_same_bytes() {
    let _turn = SETTINGS.lock().unwrap_or_else(|e| e.into_inner());
    let before = anneal_core::isa();
    for (name, schedule) in every_kind() {
        let steps = Steps::range(-5000, 7, 300_000).unwrap();
        let of = |isa| {
            set_isa(isa);
            (
                bytes::<f32>(&schedule, steps),
                bytes::<f64>(&schedule, steps),
            )
        };
        let portable = of(Isa::Portable);
        for isa in [Isa::Avx2, Isa::Avx512] {
            assert!(of(isa) == portable, "{name}: the {isa:?} kernels differ");
        }
    }
    set_isa(before);
}

#[test]
fn a_sweep_is_its_rows_evaluated_one_by_one() {
    let _turn = SETTINGS.lock().unwrap_or_else(|e| e.into_inner());
    let before = set_threads(2);
    let schedules: Vec<Schedule> = every_kind().into_iter().map(|(_, s)| s).collect();
    let steps = Steps::range(-1000, 1, 300_000).unwrap();
    let mut sweep = vec![0u8; schedules.len() * steps.len() * 4];
    anneal_core::evaluate_many_bytes::<f32>(&schedules, steps, &mut sweep).unwrap();
    let rows: Vec<u8> = schedules
        .iter()
        .flat_map(|s| bytes::<f32>(s, steps))
        .collect();
    assert!(
        sweep == rows,
        "a row of the sweep differs from its schedule's evaluation"
    );
    // In f64 too, against each schedule evaluated alone in one go, on one thread.
    let mut sweep = vec![0u8; schedules.len() * steps.len() * 8];
    anneal_core::evaluate_many_bytes::<f64>(&schedules, steps, &mut sweep).unwrap();
    set_threads(1);
    let rows: Vec<u8> = schedules
        .iter()
        .flat_map(|s| bytes::<f64>(s, steps))
        .collect();
    assert!(sweep == rows, "an f64 row of the sweep differs");
    set_threads(before);
}

/// An evaluation in pieces whose `keep_going` says no stops before its last piece, on one
/// thread (asked between pieces) and on two (asked by the waiting thread), and reports it.
#[test]
fn evaluations_in_pieces_stop_when_told() {
    let _turn = SETTINGS.lock().unwrap_or_else(|e| e.into_inner());
    let before = set_threads(1);
    let s = CosineDecay::schedule(1.0, 1e8, 0.0).unwrap();
    let steps = Steps::range(0, 1, 20_000_000).unwrap();
    for threads in [1, 2] {
        set_threads(threads);
        let mut out = vec![0u8; steps.len() * 4];
        let mut asked = 0;
        let result = evaluate_bytes_while::<f32>(&s, steps, &mut out, &mut || {
            asked += 1;
            false
        });
        assert_eq!(result, Err(Halt::Stopped), "{threads} threads");
        assert!(asked >= 1, "{threads} threads: never asked");
        // cos²(π/2 · t/1e8) at the last step is about 0.9; the last piece was never written.
        assert_eq!(out[out.len() - 4..], [0; 4], "{threads} threads");
    }
    set_threads(before);
}

/// Finding the runs of a range that crosses many segments takes a while before any piece
/// runs: `keep_going` is asked as they are found (every 1,024 runs), for one schedule and for
/// a product, so that a caller that has gone stops the work early. Counted, not timed.
#[test]
fn planning_a_range_of_many_segments_asks_keep_going() {
    let _turn = SETTINGS.lock().unwrap_or_else(|e| e.into_inner());
    let before = set_threads(1);
    let boundaries = 50_000;
    let steps_of = (1..=boundaries).map(|b| (f64::from(4 * b), 0.999_99));
    let many = PiecewiseConstant::schedule(1.0, steps_of).unwrap();
    let product = Multiply::schedule(vec![many.clone(), Constant::schedule(0.5).unwrap()]);
    let steps = Steps::range(0, 1, 4 * boundaries as usize).unwrap();
    for schedule in [many, product.unwrap()] {
        let mut out = vec![0u8; steps.len() * 4];
        let mut asked = 0;
        let result = evaluate_bytes_while::<f32>(&schedule, steps, &mut out, &mut || {
            asked += 1;
            false
        });
        assert_eq!(result, Err(Halt::Stopped));
        // Stopped at the first question, which came after 1,024 runs of the 50,000, before
        // any piece ran.
        assert_eq!(asked, 1);
        assert!(
            out.iter().all(|&b| b == 0),
            "a piece ran before the first question"
        );
    }
    set_threads(before);
}

#[test]
fn parallel_bytes_equal_serial_bytes_for_the_kernels_variants() {
    // Variants of kinds whose kernels differ from the every_kind schedule's: periods of one
    // length sharing tables, exp_range's powers, the constant triangle, optax's end_value,
    // the cosine warmup, a product of kernels' factors.
    let _turn = SETTINGS.lock().unwrap_or_else(|e| e.into_inner());
    let variants = [
        r#"{"kind": "cosine_decay_restarts", "init_value": 0.1, "first_decay_steps": 2e5,
            "t_mul": 1, "m_mul": 0.9, "alpha": 0.1}"#,
        r#"{"kind": "cyclic", "init_value": 0.01, "max_value": 0.1, "step_size_up": 2e5,
            "step_size_down": 3e5, "mode": "exp_range", "gamma": 0.999999}"#,
        r#"{"kind": "cyclic", "init_value": 0.01, "max_value": 0.1, "step_size_up": 2e5}"#,
        r#"{"kind": "exponential_decay", "init_value": 0.1, "decay_rate": 0.5,
            "transition_steps": 2e5, "end_value": 0.02}"#,
        r#"{"kind": "warmup_stable_decay", "init_value": 0.1, "warmup_steps": 4e5,
            "stable_steps": 4e5, "decay_steps": 1e6, "warmup_type": "cosine",
            "min_lr_ratio": 0.1}"#,
        // Three factors whose runs and blocks fall at different steps (a join shifts one).
        r#"{"kind": "multiply", "schedules": [
            {"kind": "exponential_decay", "init_value": 1.0, "decay_rate": 0.5,
             "transition_steps": 3e5, "transition_begin": 12345},
            {"kind": "join", "schedules": [
                {"kind": "linear_decay", "init_value": 0.1, "warmup": 1e5, "steps": 2e6},
                {"kind": "cosine_decay", "init_value": 0.1, "decay_steps": 1e6}],
             "boundaries": [777777]},
            {"kind": "polynomial_decay", "init_value": 2.0, "end_value": 0.5, "power": 2,
             "transition_steps": 1.5e6}]}"#,
    ];
    let before = set_threads(1);
    for json in variants {
        let value = serde_json::from_str(json).unwrap_or_else(|e| panic!("{json}: {e}"));
        let spec = Spec::from_json_value(value).unwrap_or_else(|e| panic!("{json}: {e}"));
        let schedule = Schedule::new(spec).unwrap();
        same_bytes_on(2, json, &schedule);
    }
    set_threads(before);
}
