defmodule Anneal.DefaultsTest do
  # The defaults that Anneal.Schedule.defaults/1 reads from the Rust core, against the values
  # the peers document, written here by hand: Axon 0.4.1's schedules (docs of
  # Axon.Schedules), optax's (exponent, end_value, peak and warmup options), Hugging Face
  # transformers' (cosine_with_hard_restarts, warmup_polynomial_decay, warmup_stable_decay),
  # PyTorch's (OneCycleLR, CyclicLR), T5's inverse_sqrt and Anneal's own docs for the rest.
  use ExUnit.Case, async: true

  alias Anneal.Schedule

  @documented [
    constant: [],
    # Axon 0.4.1: cosine_decay(init_value, decay_steps: 10, alpha: 0.0); optax's exponent 1.0.
    cosine_decay: [decay_steps: 10, alpha: 0.0, exponent: 1.0],
    # Axon 0.4.1: decay_rate 0.95, transition_steps 10, transition_begin 0, staircase false;
    # optax's end_value None.
    exponential_decay: [
      decay_rate: 0.95,
      transition_steps: 10,
      transition_begin: 0,
      staircase: false,
      end_value: nil
    ],
    # Axon 0.4.1: linear_decay(init_value, warmup: 0, steps: 1000).
    linear_decay: [warmup: 0, steps: 1000],
    # Axon 0.4.1: end_value 1.0e-3, power 2, transition_steps 10, transition_begin 0.
    polynomial_decay: [end_value: 1.0e-3, power: 2, transition_steps: 10, transition_begin: 0],
    # optax.warmup_cosine_decay_schedule: end_value 0.0, exponent 1.0.
    warmup_cosine_decay: [
      peak_value: :required,
      warmup_steps: :required,
      decay_steps: :required,
      end_value: 0.0,
      exponent: 1.0
    ],
    piecewise_constant: [boundaries_and_scales: :required],
    # Anneal's docs: no warmup; timescale nil (the warmup's length, else 10,000).
    inverse_sqrt: [warmup_steps: 0, timescale: nil],
    # transformers' get_wsd_schedule: min_lr_ratio 0, decay_type cosine, warmup_type linear,
    # num_cycles 0.5.
    warmup_stable_decay: [
      warmup_steps: :required,
      stable_steps: :required,
      decay_steps: :required,
      min_lr_ratio: 0.0,
      decay_type: :cosine,
      warmup_type: :linear,
      num_cycles: 0.5
    ],
    # optax.sgdr / tf.keras CosineDecayRestarts: t_mul 2.0, m_mul 1.0, alpha 0.0.
    cosine_decay_restarts: [first_decay_steps: :required, t_mul: 2.0, m_mul: 1.0, alpha: 0.0],
    # optax.cosine_onecycle_schedule: pct_start 0.3, div_factor 25.0, final_div_factor 1e4.
    one_cycle: [
      transition_steps: :required,
      pct_start: 0.3,
      div_factor: 25.0,
      final_div_factor: 1.0e4
    ],
    join: [schedules: :required, boundaries: :required],
    piecewise_interpolate: [boundaries_and_scales: :required, interpolate_type: :linear],
    # optax.linear_onecycle_schedule: pct_start 0.3, pct_final 0.85, div_factor 25.0,
    # final_div_factor 1e4.
    linear_one_cycle: [
      transition_steps: :required,
      pct_start: 0.3,
      pct_final: 0.85,
      div_factor: 25.0,
      final_div_factor: 1.0e4
    ],
    warmup_constant: [peak_value: :required, warmup_steps: :required],
    # optax.warmup_exponential_decay_schedule: transition_begin 0, staircase False,
    # end_value None.
    warmup_exponential_decay: [
      peak_value: :required,
      warmup_steps: :required,
      transition_steps: :required,
      decay_rate: :required,
      transition_begin: 0,
      staircase: false,
      end_value: nil
    ],
    # transformers' get_cosine_with_hard_restarts_schedule_with_warmup: num_cycles 1.
    cosine_with_hard_restarts: [
      warmup_steps: :required,
      training_steps: :required,
      num_cycles: 1
    ],
    # transformers' get_polynomial_decay_schedule_with_warmup: lr_end 1e-7, power 1.0.
    warmup_polynomial_decay: [
      warmup_steps: :required,
      training_steps: :required,
      end_value: 1.0e-7,
      power: 1.0
    ],
    # torch CyclicLR: step_size_down None (= step_size_up), mode triangular, gamma 1.0.
    cyclic: [
      max_value: :required,
      step_size_up: :required,
      step_size_down: nil,
      mode: :triangular,
      gamma: 1.0
    ],
    multiply: [schedules: :required],
    shift: [schedule: :required, by: :required]
  ]

  test "every kind's defaults, in canonical order, are the documented ones" do
    assert Schedule.kinds() == Keyword.keys(@documented)

    for {kind, documented} <- @documented do
      # === also tells 10 from 10.0: a default keeps the type the peer writes.
      assert Schedule.defaults(kind) === documented, "#{kind}"
    end
  end

  test "the defaults are those a schedule built without options holds" do
    schedule = Anneal.new(:cosine_decay, 0.1)
    assert schedule.opts === [decay_steps: 10, alpha: 0.0, exponent: 1.0]
    assert Anneal.new(:linear_decay, 1.0, steps: 4).opts === [warmup: 0, steps: 4]
  end
end
