defmodule Anneal do
  @moduledoc ~S"""
  Learning-rate schedules for Elixir and Axon, computed in a Rust NIF.

  Anneal is a drop-in replacement for `Axon.Schedules` (Axon 0.4.1) and `Polaris.Schedules`
  (Polaris 0.1.0): the same five functions, options and defaults. Each returns a function of
  the training step:

      iex> schedule = Anneal.cosine_decay(0.1, decay_steps: 100)
      iex> schedule.(0)
      0.1
      iex> schedule.(100)
      0.0

  Beyond Axon, a schedule is also data (`Anneal.new/3` returns an `%Anneal.Schedule{}`), and
  `Anneal.evaluate/3` computes it over many steps at once, into a list or a packed binary
  that `Nx.from_binary/2` reads as is.

  More schedules follow the libraries people train with: `warmup_cosine_decay/2`,
  `piecewise_constant/2`, `one_cycle/2`, `piecewise_interpolate/2`, `linear_one_cycle/2`,
  `warmup_constant/2` and `warmup_exponential_decay/2` (optax), `inverse_sqrt/2`,
  `warmup_stable_decay/2`, `cosine_with_hard_restarts/2` and `warmup_polynomial_decay/2`
  (Hugging Face), `cosine_decay_restarts/2` (Keras), `cyclic/2` (PyTorch), and three that
  compose schedules: `join/2` chains them (optax), `multiply/1` multiplies them and
  `shift/2` renumbers their steps. Any schedule can be written as JSON with `to_json/1` and
  read back with `from_json/1`.

  ## Nx, Axon and Polaris

  Every function this module returns (every schedule's and `to_fun/1`'s) also accepts an
  `Nx.Tensor` of steps, of any shape, eagerly or inside `defn`/`Nx.Defn.jit`, and returns a
  tensor of values computed with Nx operations, traced into the caller's graph. This is how
  Polaris (Axon 0.6 and later) and Axon 0.4 call a learning-rate schedule (inside `defn`,
  with the step counter as an `s32` or `s64` tensor), so a schedule can be passed straight
  to an optimizer:

      Polaris.Optimizers.adam(learning_rate: Anneal.cosine_decay(1.0e-3, decay_steps: 10_000))

  The tensor path computes in float64 and returns float32 values (float64 for a float64
  step tensor), the type of Axon's and Polaris' own schedules; `to_fun/2` offers float32
  arithmetic for backends without float64. It has no formula of its own: it walks the plan
  the Rust core compiles (segments of a few primitives, found with one vectorised lookup), so
  the traced graph does not grow with the number of segments. Where the number path raises
  (a value that is not finite) it returns NaN. Nx is not a dependency of Anneal: the tensor
  path is taken only when a tensor arrives. Any step that is neither a number nor a tensor raises
  `ArgumentError`. See the README, "Using Anneal with Axon".

  ## Seeing a schedule

  `inspect/1` shows a schedule as the call that builds it and a sparkline of its shape over
  its natural horizon (`Anneal.Schedule.Phases.horizon/1`), between its first and last
  values. `Anneal.plot/3` draws schedules as an SVG document, and the Mix tasks
  `mix anneal.plot` and `mix anneal.eval` do both from the command line.

  ## Numerics

  Every value is computed in float64 by the Rust core (`native/anneal_core`). With
  `type: :f32`, the result is the float64 value correctly rounded to float32.

  ## Divergence from Axon 0.4.1 and Polaris 0.1.0

  `linear_decay/2` multiplies its scale by `init_value`, as Polaris main does since the fix
  of this bug. The released Axon 0.4.1 and Polaris 0.1.0 ignore `init_value` and return the
  bare scale.

  ## Formulas

  Each function's documentation gives its value at step `t` as a formula written in plain
  text, `γ₀` standing for `init_value` and single letters for the options, as its option
  list names them.

  ## Validation

  Options are checked when the schedule is built, not at its first call. An unknown or
  duplicated option, a value of the wrong type or out of range raises `ArgumentError`
  naming the option and the value; so does an `%Anneal.Schedule{}` written by hand, when it
  is used. See the README, "Errors and limits", for everything that is checked.
  """

  alias Anneal.{Compiled, Evaluate, Plot, Schedule}

  @typedoc "A training step: an integer in the signed 64-bit range, or a float."
  @type step :: number()

  @typedoc """
  A function of the step, as the Axon-style functions return: a float for a number, a
  tensor for an `Nx.Tensor` of steps (see "Nx and Axon" above).
  """
  @type schedule_fun :: (step() | Nx.Tensor.t() -> float() | Nx.Tensor.t())

  @doc group: "Axon and Polaris schedules"
  @doc ~S"""
  Constant schedule: the same value at every step.

      γ(t) = γ₀

  Takes no options.

  ## Examples

      iex> Anneal.constant(0.01).(100)
      0.01
  """
  @spec constant(number(), keyword()) :: schedule_fun()
  def constant(init_value, opts \\ []), do: build(:constant, init_value, opts)

  @doc group: "Axon and Polaris schedules"
  @doc ~S"""
  Cosine decay schedule, from `init_value` down to `alpha * init_value` over `decay_steps`.

      γ(t) = γ₀ · ((1 − α) · (½(1 + cos(π · min(t, k) / k)))^p + α)

  Negative steps are not clamped (as in Axon): the cosine runs backwards. The exponent `p`
  is optax's (`cosine_decay_schedule(exponent=)`); optax also accepts `p < 0` (infinite from
  `k` on), which Anneal refuses.

  ## Options

    * `:decay_steps` - number of steps to decay over, `k` (a positive number). Defaults to `10`.
    * `:alpha` - minimum value of the multiplier, `α`. Defaults to `0.0`.
    * `:exponent` - power of the cosine wave, `p` (a non-negative number). Defaults to `1.0`.

  ## Examples

      iex> schedule = Anneal.cosine_decay(0.1, decay_steps: 100, alpha: 0.1)
      iex> schedule.(0)
      0.1
      iex> Float.round(schedule.(50), 10)
      0.055
      iex> Float.round(schedule.(1000), 10)
      0.01
      iex> # (½(1 + cos(π/2)))² = ¼ at the midpoint
      iex> Float.round(Anneal.cosine_decay(1.0, decay_steps: 100, exponent: 2).(50), 10)
      0.25
  """
  @spec cosine_decay(number(), keyword()) :: schedule_fun()
  def cosine_decay(init_value, opts \\ []), do: build(:cosine_decay, init_value, opts)

  @doc group: "Axon and Polaris schedules"
  @doc ~S"""
  Exponential decay schedule: `init_value` times `decay_rate` once per `transition_steps`.

      γ(t) = γ₀ · r^((t − t₀) / k)    for t > t₀
      γ(t) = γ₀                       for t ≤ t₀

  With `:staircase`, the exponent is rounded down. With `:end_value` `e` (optax's
  `exponential_decay(end_value=)`), every value is then bounded by it, before `t₀` too:

      γ(t) = max(γ(t), e)    when r < 1
      γ(t) = min(γ(t), e)    when r ≥ 1

  optax ignores `end_value` when `decay_rate` is 0 (a constant `γ₀`); Anneal refuses that
  combination.

  ## Options

    * `:decay_rate` - rate of decay, `r` (a non-negative number). Defaults to `0.95`.
    * `:transition_steps` - steps per transition, `k` (a positive number). Defaults to `10`.
    * `:transition_begin` - step at which the decay begins, `t₀` (a non-negative number).
      Defaults to `0`.
    * `:staircase` - when `true`, the exponent is rounded down, so the value drops once per
      `transition_steps`. Defaults to `false`.
    * `:end_value` - the bound, `e` (a finite number), or `nil` for none. Defaults to `nil`.

  ## Examples

      iex> schedule = Anneal.exponential_decay(0.1, decay_rate: 0.5, transition_steps: 10)
      iex> schedule.(20)
      0.025
      iex> stairs = Anneal.exponential_decay(0.1, decay_rate: 0.5, transition_steps: 10, staircase: true)
      iex> stairs.(19)
      0.05
      iex> Anneal.exponential_decay(0.1, decay_rate: 0.5, transition_steps: 10, end_value: 0.03).(20)
      0.03
  """
  @spec exponential_decay(number(), keyword()) :: schedule_fun()
  def exponential_decay(init_value, opts \\ []), do: build(:exponential_decay, init_value, opts)

  @doc group: "Axon and Polaris schedules"
  @doc ~S"""
  Linear schedule: a warmup from 0 to `init_value`, then a linear decay to 0 at `steps`.

      γ(t) = γ₀ · t / max(1, w)                      for t < w
      γ(t) = γ₀ · max(0, (n − t) / max(1, n − w))    for t ≥ w

  Unlike Axon 0.4.1 and Polaris 0.1.0, which return the bare scale, the value is scaled by
  `init_value`, as Polaris main does.

  ## Options

    * `:warmup` - number of warmup steps, `w` (a non-negative number). Defaults to `0`.
    * `:steps` - the step at which the value reaches 0, `n` (a positive number). Defaults to `1000`.

  ## Examples

      iex> schedule = Anneal.linear_decay(0.1, warmup: 10, steps: 110)
      iex> schedule.(5)
      0.05
      iex> schedule.(10)
      0.1
      iex> schedule.(200)
      0.0
  """
  @spec linear_decay(number(), keyword()) :: schedule_fun()
  def linear_decay(init_value, opts \\ []), do: build(:linear_decay, init_value, opts)

  @doc group: "Axon and Polaris schedules"
  @doc ~S"""
  Polynomial decay schedule, from `init_value` to `end_value` over `transition_steps`.

      γ(t) = (γ₀ − γₙ) · (1 − c / k)^p + γₙ,   c = min(max(t − t₀, 0), k)

  ## Options

    * `:end_value` - the final value, `γₙ`. Defaults to `1.0e-3`.
    * `:power` - the power of the polynomial, `p` (a non-negative number). Defaults to `2`.
    * `:transition_steps` - number of steps of the decay, `k` (a positive number).
      Defaults to `10`.
    * `:transition_begin` - step at which the decay begins, `t₀` (a non-negative number).
      Defaults to `0`.

  ## Examples

      iex> schedule = Anneal.polynomial_decay(1.0, end_value: 0.0, power: 2, transition_steps: 10)
      iex> schedule.(5)
      0.25
      iex> schedule.(50)
      0.0
  """
  @spec polynomial_decay(number(), keyword()) :: schedule_fun()
  def polynomial_decay(init_value, opts \\ []), do: build(:polynomial_decay, init_value, opts)

  @doc group: "Schedules beyond Axon"
  @doc ~S"""
  Warmup then cosine decay: a linear rise from `init_value` to `:peak_value` over
  `:warmup_steps`, then a cosine decay to `:end_value` at `:decay_steps`.

      γ(t) = γ₀ + (P − γ₀) · t / w                                    for 0 ≤ t < w
      γ(t) = P · ((1 − α) · (½(1 + cos(π · min(t − w, d − w) / (d − w))))^e + α)
                                                                      for t ≥ w
      α = E / P

  optax's `warmup_cosine_decay_schedule`: `:decay_steps` counts the warmup, negative steps
  give `init_value`, steps past `:decay_steps` give `:end_value`.

  ## Options

    * `:peak_value` - the value at the end of the warmup, `P`. Required.
    * `:warmup_steps` - length of the warmup, `w` (a non-negative number). Required.
    * `:decay_steps` - the step at which the decay ends, `d`, warmup included (a number
      greater than `:warmup_steps`). Required.
    * `:end_value` - the final value, `E`. Defaults to `0.0`.
    * `:exponent` - power of the cosine factor, `e` (a non-negative number). Defaults to `1.0`.

  ## Examples

      iex> schedule = Anneal.warmup_cosine_decay(0.0, peak_value: 1.0, warmup_steps: 10, decay_steps: 110)
      iex> schedule.(5)
      0.5
      iex> schedule.(10)
      1.0
      iex> Float.round(schedule.(60), 10)
      0.5
      iex> schedule.(200)
      0.0
  """
  @spec warmup_cosine_decay(number(), keyword()) :: schedule_fun()
  def warmup_cosine_decay(init_value, opts), do: build(:warmup_cosine_decay, init_value, opts)

  @doc group: "Schedules beyond Axon"
  @doc ~S"""
  Piecewise constant schedule: `init_value`, multiplied by a scale at each boundary step.

      γ(t) = γ₀ · ∏ sᵢ over the boundaries bᵢ ≤ t

  optax's `piecewise_constant_schedule`: the scales multiply cumulatively, in increasing
  order of their boundaries, and a scale applies from the step equal to its boundary on.

  ## Options

    * `:boundaries_and_scales` - a map of boundary steps `bᵢ` (numbers) to scales `sᵢ`
      (non-negative numbers); an empty map makes a constant schedule. Required.

  ## Examples

      iex> schedule = Anneal.piecewise_constant(1.0, boundaries_and_scales: %{100 => 0.5, 200 => 0.1})
      iex> schedule.(99)
      1.0
      iex> schedule.(100)
      0.5
      iex> schedule.(250)
      0.05
  """
  @spec piecewise_constant(number(), keyword()) :: schedule_fun()
  def piecewise_constant(init_value, opts), do: build(:piecewise_constant, init_value, opts)

  @doc group: "Schedules beyond Axon"
  @doc ~S"""
  Inverse square root schedule: a linear warmup, then a decay as 1/√t.

      γ(t) = γ₀ · t / max(1, w)         for t < w
      γ(t) = γ₀ / √((t + τ − w) / τ)    for t ≥ w

  Hugging Face's `get_inverse_sqrt_schedule`, scaled by `init_value`. Every step below `w`
  is on the warmup line, negative steps included (even when `w = 0`).

  ## Options

    * `:warmup_steps` - length of the warmup, `w` (a non-negative number). Defaults to `0`.
    * `:timescale` - the decay's time scale, `τ` (a positive number), or `nil` for
      `:warmup_steps` when that is positive, else `10_000`. Defaults to `nil`.

  ## Examples

      iex> schedule = Anneal.inverse_sqrt(1.0, warmup_steps: 100)
      iex> schedule.(50)
      0.5
      iex> schedule.(100)
      1.0
      iex> schedule.(400)
      0.5
  """
  @spec inverse_sqrt(number(), keyword()) :: schedule_fun()
  def inverse_sqrt(init_value, opts \\ []), do: build(:inverse_sqrt, init_value, opts)

  @doc group: "Schedules beyond Axon"
  @doc ~S"""
  Warmup-stable-decay schedule: a warmup, a plateau at `init_value`, then a decay.

  With `m` = `:min_lr_ratio`, `w`, `s`, `d` the three lengths and `p = (t − w − s) / max(1, d)`:

      γ(t) = γ₀ · max(0, m + (1 − m) · g(t / max(1, w)))  for t < w
      γ(t) = γ₀                                         for w ≤ t < w + s
      γ(t) = γ₀ · max(0, m + (1 − m) · f(p))            for w + s ≤ t < w + s + d
      γ(t) = γ₀ · m                                     for t ≥ w + s + d

  with the warmup `g(q)` = q, ½(1 − cos(πq)) or 1 − √(1 − q) (`:warmup_type`) and the decay
  `f(p)` = ½(1 + cos(2π · n · p)), 1 − p or 1 − √p (`:decay_type`, `n` = `:num_cycles`).
  Hugging Face's `get_wsd_schedule` (transformers 5), scaled by `init_value`: the warmup
  rises from `m` to 1 and, below step 0, its formula continues, clipped at 0 (a cosine
  warmup oscillates there, as in Hugging Face).

  ## Options

    * `:warmup_steps` - length of the warmup, `w` (a non-negative number). Required.
    * `:stable_steps` - length of the plateau, `s` (a non-negative number). Required.
    * `:decay_steps` - length of the decay, `d` (a positive number). Required.
    * `:min_lr_ratio` - the value before and after, as a fraction of `init_value`, `m` (from 0
      to 1). Defaults to `0.0`.
    * `:decay_type` - `:cosine`, `:linear` or `:sqrt` (Hugging Face's `"1-sqrt"`).
      Defaults to `:cosine`.
    * `:warmup_type` - `:linear`, `:cosine` or `:sqrt` (Hugging Face's `"1-sqrt"`).
      Defaults to `:linear`.
    * `:num_cycles` - cosine periods over the decay, `n` (a non-negative number); only the
      cosine decay uses it. Defaults to `0.5`.

  ## Examples

      iex> schedule =
      ...>   Anneal.warmup_stable_decay(1.0,
      ...>     warmup_steps: 10, stable_steps: 80, decay_steps: 10, decay_type: :linear)
      iex> schedule.(5)
      0.5
      iex> schedule.(50)
      1.0
      iex> schedule.(95)
      0.5
      iex> schedule.(100)
      0.0
      iex> cosine_warmup = Anneal.warmup_stable_decay(1.0,
      ...>   warmup_steps: 10, stable_steps: 0, decay_steps: 10, warmup_type: :cosine)
      iex> Float.round(cosine_warmup.(5), 10)
      0.5
  """
  @spec warmup_stable_decay(number(), keyword()) :: schedule_fun()
  def warmup_stable_decay(init_value, opts), do: build(:warmup_stable_decay, init_value, opts)

  @doc group: "Schedules beyond Axon"
  @doc ~S"""
  Cosine decay with warm restarts (SGDR): each period a cosine decay, each period `:t_mul`
  times longer and `:m_mul` times lower than the one before.

  With `f = t / k`, period `i` starts at `f = (1 − rⁱ) / (1 − r)` (at `f = i` when `r = 1`)
  and `c` in [0, 1) is the position within it:

      γ(t) = γ₀ · ((1 − α) · mⁱ · ½(1 + cos(πc)) + α)

  Keras's `CosineDecayRestarts`, computed in float64 with the period chosen exactly, so a
  step on a restart boundary always starts the new period. Negative steps run backwards
  through earlier periods where they exist; where the formula has no value (past the total
  length `k / (1 − r)` of shrinking periods, or below `−k / (r − 1)` for growing ones) the value
  is NaN in Keras and evaluating it raises `ArgumentError`.

  ## Options

    * `:first_decay_steps` - length of the first period, `k` (a positive number). Required.
    * `:t_mul` - factor of each period's length, `r` (a positive number). Defaults to `2.0`.
    * `:m_mul` - factor of each period's height, `m`. Defaults to `1.0`.
    * `:alpha` - minimum value of the multiplier, `α`. Defaults to `0.0`.

  ## Examples

      iex> schedule = Anneal.cosine_decay_restarts(1.0, first_decay_steps: 10)
      iex> schedule.(0)
      1.0
      iex> Float.round(schedule.(5), 10)
      0.5
      iex> schedule.(10)
      1.0
      iex> Float.round(schedule.(20), 10)
      0.5
  """
  @spec cosine_decay_restarts(number(), keyword()) :: schedule_fun()
  def cosine_decay_restarts(init_value, opts),
    do: build(:cosine_decay_restarts, init_value, opts)

  @doc group: "Schedules beyond Axon"
  @doc ~S"""
  One-cycle schedule: a cosine rise from `peak_value / div_factor` to `peak_value` over the
  first `:pct_start` of `:transition_steps`, then a cosine fall to
  `peak_value / (div_factor * final_div_factor)`.

  With `P` = `peak_value` and knots (0, P / δ), (⌊pT⌋, P) and (⌊T⌋, P / (δ · δf)), between
  knots (a, u) and (b, v):

      γ(t) = v + (u − v) · ½(1 + cos(π · (t − a) / max(1, b − a)))

  optax's `cosine_onecycle_schedule`: the knots' steps are truncated to integers, steps
  past `T` give the last value and negative steps give `0.0`.

  ## Options

    * `:transition_steps` - length of the cycle, `T` (a positive number). Required.
    * `:pct_start` - fraction of the cycle spent rising, `p` (from 0 to 1). Defaults to `0.3`.
    * `:div_factor` - the first value is `peak_value / div_factor`, `δ` (a positive
      number). Defaults to `25.0`.
    * `:final_div_factor` - the last value is `peak_value / (div_factor * final_div_factor)`,
      `δf` (a positive number). Defaults to `1.0e4`.

  ## Examples

      iex> schedule = Anneal.one_cycle(1.0, transition_steps: 100)
      iex> Float.round(schedule.(0), 10)
      0.04
      iex> Float.round(schedule.(30), 10)
      1.0
      iex> Float.round(schedule.(100), 10)
      4.0e-6
  """
  @spec one_cycle(number(), keyword()) :: schedule_fun()
  def one_cycle(peak_value, opts), do: build(:one_cycle, peak_value, opts)

  @doc group: "Schedules beyond Axon"
  @doc ~S"""
  Piecewise interpolation: `init_value` multiplied by a scale at each boundary step, with
  straight lines (or half cosine waves) between the values at the boundaries.

  With boundaries `b₁ < b₂ < …` (`b₀ = 0`), values `v₀ = γ₀` and `vᵢ = vᵢ₋₁ · sᵢ`, and
  `p = (t − bᵢ) / max(bᵢ₊₁ − bᵢ, 1)`:

      γ(t) = 0                                   for t < 0
      γ(t) = vᵢ + (vᵢ₊₁ − vᵢ) · p                for bᵢ ≤ t < bᵢ₊₁  (:linear)
      γ(t) = vᵢ₊₁ + (vᵢ − vᵢ₊₁) · ½(1 + cos(πp))   for bᵢ ≤ t < bᵢ₊₁  (:cosine)
      γ(t) = the last value                      from the last boundary on

  optax's `piecewise_interpolate_schedule`: 0 below step 0, even with no boundaries. optax
  refuses negative scales; Anneal also refuses negative boundaries and a step given twice
  (`%{100 => 0.5, 100.0 => 0.1}`).

  ## Options

    * `:boundaries_and_scales` - a map of boundary steps to scales (non-negative numbers).
      Required.
    * `:interpolate_type` - `:linear` or `:cosine`. Defaults to `:linear`.

  ## Examples

      iex> schedule = Anneal.piecewise_interpolate(1.0, boundaries_and_scales: %{4 => 0.1, 8 => 0.1})
      iex> schedule.(-1)
      0.0
      iex> schedule.(2)
      0.55
      iex> schedule.(4)
      0.1
      iex> Float.round(schedule.(100), 10)
      0.01
  """
  @spec piecewise_interpolate(number(), keyword()) :: schedule_fun()
  def piecewise_interpolate(init_value, opts),
    do: build(:piecewise_interpolate, init_value, opts)

  @doc group: "Schedules beyond Axon"
  @doc ~S"""
  Linear one-cycle schedule: a straight rise from `peak_value / div_factor` to `peak_value`,
  a straight fall back, then a straight decay to `peak_value / (div_factor · final_div_factor)`.

  With `P` = `peak_value`, it is `piecewise_interpolate/2` (linear) from `P / δ` with scales
  `δ` at `⌊a · T⌋`, `1 / δ` at `⌊b · T⌋` and `1 / δf` at `T`:

      γ(t) = 0                        for t < 0
      γ(t) = P/δ → P                  for 0 ≤ t < ⌊aT⌋
      γ(t) = P → P/δ                  for ⌊aT⌋ ≤ t < ⌊bT⌋
      γ(t) = P/δ → P/(δ · δf)         for ⌊bT⌋ ≤ t < T
      γ(t) = P/(δ · δf)               for t ≥ T

  optax's `linear_onecycle_schedule`: the turning points are float64 products truncated to
  integers (`⌊0.29 · 100⌋ = 28`). optax lets two turning points fall on the same step, where
  a phase disappears (`pct_final: 1.0` ends at `P / δf`); Anneal refuses that:
  `⌊aT⌋ < ⌊bT⌋ < T` is required.

  ## Options

    * `:transition_steps` - length of the cycle, `T` (a positive number). Required.
    * `:pct_start` - fraction of the cycle spent rising, `a` (from 0 to 1). Defaults to `0.3`.
    * `:pct_final` - fraction of the cycle at the end of the fall, `b` (from 0 to 1, greater
      than `a`). Defaults to `0.85`.
    * `:div_factor` - the first value is `peak_value / div_factor`, `δ` (a positive
      number). Defaults to `25.0`.
    * `:final_div_factor` - the last value is `peak_value / (div_factor * final_div_factor)`,
      `δf` (a positive number). Defaults to `1.0e4`.

  ## Examples

      iex> schedule = Anneal.linear_one_cycle(1.0, transition_steps: 100)
      iex> schedule.(0)
      0.04
      iex> schedule.(30)
      1.0
      iex> Float.round(schedule.(85), 10)
      0.04
      iex> Float.round(schedule.(100), 10)
      4.0e-6
  """
  @spec linear_one_cycle(number(), keyword()) :: schedule_fun()
  def linear_one_cycle(peak_value, opts), do: build(:linear_one_cycle, peak_value, opts)

  @doc group: "Schedules beyond Axon"
  @doc ~S"""
  Warmup to a constant: a straight line from `init_value` to `peak_value`, then the peak.

      γ(t) = (γ₀ − γₚ) · (1 − clamp(t, 0, w) / w) + γₚ

  optax's `warmup_constant_schedule`: `init_value` below step 0. optax accepts
  `warmup_steps: 0` and then never leaves `init_value`; Anneal refuses it.

  ## Options

    * `:peak_value` - the value from `warmup_steps` on, `γₚ` (a finite number). Required.
    * `:warmup_steps` - length of the warmup, `w` (a positive number). Required.

  ## Examples

      iex> schedule = Anneal.warmup_constant(0.0, peak_value: 1.0, warmup_steps: 4)
      iex> schedule.(1)
      0.25
      iex> schedule.(1000)
      1.0
  """
  @spec warmup_constant(number(), keyword()) :: schedule_fun()
  def warmup_constant(init_value, opts), do: build(:warmup_constant, init_value, opts)

  @doc group: "Schedules beyond Axon"
  @doc ~S"""
  Warmup then exponential decay: a straight line from `init_value` to `peak_value`, then
  `exponential_decay/2` from the peak, counting steps from the end of the warmup.

      γ(t) = (γ₀ − γₚ) · (1 − clamp(t, 0, w) / w) + γₚ    for t < w
      γ(t) = γₚ · r^((t − w − t₀) / k)                    for t ≥ w (γₚ until w + t₀)

  optax's `warmup_exponential_decay_schedule`: `init_value` below step 0 (and at every step
  below `w` when `w` is 0); `:end_value` bounds the decay from `w` on, before `t₀` too, but
  never the warmup. optax gives a constant `γₚ` when `decay_rate` is 0; Anneal refuses it.

  ## Options

    * `:peak_value` - the value at the end of the warmup, `γₚ` (a finite number). Required.
    * `:warmup_steps` - length of the warmup, `w` (a non-negative number). Required.
    * `:transition_steps` - steps per transition, `k` (a positive number). Required.
    * `:decay_rate` - rate of decay, `r` (a positive number). Required.
    * `:transition_begin` - steps after the warmup before the decay begins, `t₀` (a
      non-negative number). Defaults to `0`.
    * `:staircase` - when `true`, the exponent is rounded down. Defaults to `false`.
    * `:end_value` - bound of the decay, as in `exponential_decay/2`, or `nil`. Defaults to
      `nil`.

  ## Examples

      iex> schedule =
      ...>   Anneal.warmup_exponential_decay(0.0,
      ...>     peak_value: 1.0, warmup_steps: 10, transition_steps: 10, decay_rate: 0.5)
      iex> schedule.(5)
      0.5
      iex> schedule.(30)
      0.25
  """
  @spec warmup_exponential_decay(number(), keyword()) :: schedule_fun()
  def warmup_exponential_decay(init_value, opts),
    do: build(:warmup_exponential_decay, init_value, opts)

  @doc group: "Schedules beyond Axon"
  @doc ~S"""
  Cosine with hard restarts: a linear warmup, then `num_cycles` cosine decays that each
  start again from `init_value`, then 0.

  With `w`, `T`, `n` the warmup steps, training steps and cycles, and
  `p = (t − w) / max(1, T − w)`:

      γ(t) = γ₀ · t / max(1, w)                              for t < w
      γ(t) = γ₀ · max(0, ½(1 + cos(π · ((n · p) mod 1))))    for p < 1
      γ(t) = 0                                               for p ≥ 1

  Hugging Face's `get_cosine_with_hard_restarts_schedule_with_warmup`, times `init_value`:
  below step 0 the warmup's line continues into negative values, and a restart falls where
  `n · p` rounds to a whole number in float64. Hugging Face accepts any `num_cycles`; Anneal
  refuses `n ≤ 0`.

  ## Options

    * `:warmup_steps` - length of the warmup, `w` (a non-negative number). Required.
    * `:training_steps` - the step where the value reaches 0, `T` (a non-negative number).
      Required.
    * `:num_cycles` - number of decays, `n` (a positive number). Defaults to `1`.

  ## Examples

      iex> schedule =
      ...>   Anneal.cosine_with_hard_restarts(1.0, warmup_steps: 10, training_steps: 100, num_cycles: 3)
      iex> schedule.(5)
      0.5
      iex> schedule.(40)
      1.0
      iex> schedule.(100)
      0.0
  """
  @spec cosine_with_hard_restarts(number(), keyword()) :: schedule_fun()
  def cosine_with_hard_restarts(init_value, opts),
    do: build(:cosine_with_hard_restarts, init_value, opts)

  @doc group: "Schedules beyond Axon"
  @doc ~S"""
  Warmup then polynomial decay: a linear warmup to `init_value`, then a polynomial decay to
  `end_value` at `training_steps`.

      γ(t) = γ₀ · t / max(1, w)                          for t < w
      γ(t) = (γ₀ − e) · (1 − (t − w) / (T − w))^p + e    for w ≤ t ≤ T
      γ(t) = e                                           for t > T

  Hugging Face's `get_polynomial_decay_schedule_with_warmup` (`lr_end`, `power`; `init_value`
  is the optimizer's learning rate): below step 0 the warmup's line continues into negative
  values. Like Hugging Face, Anneal requires `init_value > end_value`; where Hugging Face
  divides by zero (`T = w`, or `p < 0` at `T`), Anneal requires `T > w` and `p > 0`.

  ## Options

    * `:warmup_steps` - length of the warmup, `w` (a non-negative number). Required.
    * `:training_steps` - the step where the decay ends, `T` (greater than `w`). Required.
    * `:end_value` - the value from `T` on, `e` (a finite number below `init_value`).
      Defaults to `1.0e-7`.
    * `:power` - the power of the decay, `p` (a positive number). Defaults to `1.0`.

  ## Examples

      iex> schedule =
      ...>   Anneal.warmup_polynomial_decay(1.0, warmup_steps: 10, training_steps: 110, end_value: 0.0, power: 2)
      iex> schedule.(5)
      0.5
      iex> schedule.(60)
      0.25
      iex> schedule.(1000)
      0.0
  """
  @spec warmup_polynomial_decay(number(), keyword()) :: schedule_fun()
  def warmup_polynomial_decay(init_value, opts),
    do: build(:warmup_polynomial_decay, init_value, opts)

  @doc group: "Schedules beyond Axon"
  @doc ~S"""
  Cyclic schedule: a triangle wave between `base` and `max_value`, up over `step_size_up`
  steps and down over `step_size_down`.

  With `u`, `v` the steps up and down, `L = u + v`, `r = u / L`, the cycle `c = ⌊1 + t/L⌋`,
  `x = 1 + t/L − c` and `f = x / r` where `x ≤ r`, else `(x − 1) / (r − 1)`:

      γ(t) = b + ((m − b) · f) · h

  with the height factor `h` = 1 (`:triangular`), `1 / 2^(c − 1)` (`:triangular2`) or `γ^t`
  (`:exp_range`). PyTorch's `CyclicLR`, in closed form at `last_epoch = t`: below step 0
  the formula continues (in cycle 0 `:triangular2` rises twice as high, `:exp_range` grows
  as `γ^t`). From cycle 1025 on, where torch's `2.0 ** 1024` raises OverflowError,
  `:triangular2` gives `b`.

  ## Options

    * `:max_value` - the top of the first cycle, `m` (a finite number). Required.
    * `:step_size_up` - steps from the base to the top, `u` (a positive number). Required.
    * `:step_size_down` - steps from the top back down, `v` (a non-negative number), or
      `nil` for `step_size_up`. Defaults to `nil`.
    * `:mode` - `:triangular`, `:triangular2` or `:exp_range`. Defaults to `:triangular`.
    * `:gamma` - the factor per step of `:exp_range`, `γ` (a positive number; the other
      modes ignore it, as torch's do). Defaults to `1.0`.

  ## Examples

      iex> schedule = Anneal.cyclic(1.0, max_value: 3.0, step_size_up: 4)
      iex> schedule.(2)
      2.0
      iex> schedule.(4)
      3.0
      iex> schedule.(8)
      1.0
      iex> Anneal.cyclic(1.0, max_value: 3.0, step_size_up: 4, mode: :triangular2).(12)
      2.0
  """
  @spec cyclic(number(), keyword()) :: schedule_fun()
  def cyclic(base_value, opts), do: build(:cyclic, base_value, opts)

  @doc group: "Schedules beyond Axon"
  @doc ~S"""
  Joins schedules one after another: schedule `i` takes over at `boundaries[i - 1]` and sees
  the step minus that boundary.

      γ(t) = γ₀(t)         for t < b₁
      γ(t) = γᵢ(t − bᵢ)    for bᵢ ≤ t < bᵢ₊₁

  where `γᵢ` is schedule `i` (counted from 0) and `bᵢ` boundary `i` (counted from 1).

  optax's `join_schedules`. The value is a pure function of the global step, so a run
  resumed at any step gets the same values (`shift/2` renumbers the steps; `multiply/1`
  multiplies schedules). A joined schedule is evaluated natively,
  nested joins included.

  `schedules` is a non-empty list of `%Anneal.Schedule{}` structs or functions returned by
  this module; `boundaries` a list of one step fewer, in non-decreasing order.

  ## Examples

      iex> warmup = Anneal.polynomial_decay(0.0, end_value: 1.0, power: 1, transition_steps: 10)
      iex> schedule = Anneal.join([warmup, Anneal.cosine_decay(1.0, decay_steps: 100)], [10])
      iex> schedule.(5)
      0.5
      iex> schedule.(10)
      1.0
      iex> Float.round(schedule.(60), 10)
      0.5
  """
  @spec join([Schedule.t() | schedule_fun()], [number()]) :: schedule_fun()
  def join(schedules, boundaries), do: build(:join, schedules, boundaries: boundaries)

  @doc group: "Schedules beyond Axon"
  @doc ~S"""
  Multiplies schedules: the value at each step is the product of theirs at that step.

      γ(t) = ((γ₁(t) · γ₂(t)) · γ₃(t)) · …

  PyTorch's `ChainedScheduler` of multiplicative factors, and Keras-style scaling:
  `multiply([schedule, constant(k)])` scales a schedule by `k`. Like `join/2`, it takes
  `%Anneal.Schedule{}` structs or functions returned by this module (a non-empty list) and
  returns a function; its struct form is `Anneal.new(:multiply, schedules, [])`.

  ## Examples

      iex> warmup = Anneal.warmup_constant(0.0, peak_value: 1.0, warmup_steps: 10)
      iex> schedule = Anneal.multiply([warmup, Anneal.cosine_decay(1.0, decay_steps: 100)])
      iex> Float.round(schedule.(5), 10)
      0.4969220851
      iex> Anneal.multiply([Anneal.linear_decay(1.0, steps: 10), Anneal.constant(0.5)]).(4)
      0.3
  """
  @spec multiply([Schedule.t() | schedule_fun()]) :: schedule_fun()
  def multiply(schedules), do: build(:multiply, schedules, [])

  @doc group: "Schedules beyond Axon"
  @doc ~S"""
  Shifts a schedule: the value at step `t` is the schedule's at `t + by`.

      γ(t) = γ₁(t + by)

  For a run resumed from a checkpoint under a new step counter (`by` is the step it stopped
  at), or to start a schedule part-way. `by` is a finite number, negative to look back. Like
  `join/2`, it returns a function; its struct form is `Anneal.new(:shift, schedule, by: by)`.

  ## Examples

      iex> decay = Anneal.linear_decay(1.0, steps: 10)
      iex> resumed = Anneal.shift(decay, 4)
      iex> resumed.(0)
      0.6
      iex> resumed.(6)
      0.0
  """
  @spec shift(Schedule.t() | schedule_fun(), number()) :: schedule_fun()
  def shift(schedule, by), do: build(:shift, schedule, by: by)

  defp build(kind, init_value, opts),
    do: kind |> new_compiled(init_value, opts) |> Compiled.to_fun()

  @doc group: "Schedules as data"
  @doc """
  Builds a schedule as data: an `%Anneal.Schedule{}` with every option validated and every
  default filled in.

  `kind` is one of `Anneal.Schedule.kinds/0`; `init_value` and `opts` are those of the
  function of the same name. For `:join`, the second argument is the list of schedules and
  `opts` holds `:boundaries`; for `:multiply`, it is the list of schedules (`opts` is `[]`);
  for `:shift`, it is the schedule and `opts` holds `:by`. A required option that is missing raises `ArgumentError`.

  ## Examples

      iex> schedule = Anneal.new(:cosine_decay, 0.1, decay_steps: 1000)
      iex> schedule.opts
      [decay_steps: 1000, alpha: 0.0, exponent: 1.0]
      iex> # ½(1 + cos(πi/11)) at 12 steps from 0 to 1000, on 8 levels from ▁ (0.0) to █ (0.1)
      iex> schedule
      #Anneal.Schedule<cosine_decay(0.1, decay_steps: 1000, alpha: 0.0) 0.1 ██▇▇▆▅▄▃▂▂▁▁ 0.0>

      iex> Anneal.new(:one_cycle, 0.1, transition_steps: 1000).opts
      [transition_steps: 1000, pct_start: 0.3, div_factor: 25.0, final_div_factor: 1.0e4]

      iex> Anneal.new(:warmup_cosine_decay, 0.0, peak_value: 0.1)
      ** (ArgumentError) missing required options :warmup_steps, :decay_steps for warmup_cosine_decay

      iex> Anneal.new(:cosine_decay, 0.1, decay_steps: 0)
      ** (ArgumentError) expected :decay_steps to be a positive number, got: 0
  """
  @spec new(
          Schedule.kind(),
          number() | Schedule.t() | schedule_fun() | [Schedule.t() | schedule_fun()],
          keyword()
        ) :: Schedule.t()
  def new(kind, init_value, opts \\ []), do: new_compiled(kind, init_value, opts).schedule

  # The schedule validated and compiled, once: new/3 keeps the struct, the schedule functions
  # (build/3) the handle, so a function built from options is compiled a single time.
  defp new_compiled(kind, schedules, opts) when kind in [:join, :multiply] do
    Anneal.Options.keyword!(opts)
    Schedule.new_compiled(kind, nil, [{:schedules, schedules} | opts])
  end

  defp new_compiled(:shift, schedule, opts) do
    Anneal.Options.keyword!(opts)
    Schedule.new_compiled(:shift, nil, [{:schedule, schedule} | opts])
  end

  defp new_compiled(kind, init_value, opts), do: Schedule.new_compiled(kind, init_value, opts)

  @doc group: "Schedules as data"
  @doc """
  The value of a schedule at one step (an integer or a float), as a float.

  `schedule` is an `%Anneal.Schedule{}` (compiled for this one call) or an
  `%Anneal.Compiled{}` from `compile/1`. Given an `Nx.Tensor` of steps, returns a tensor of
  values (see "Nx and Axon" above).

  ## Examples

      iex> schedule = Anneal.new(:linear_decay, 1.0, steps: 4)
      iex> Anneal.value(schedule, 1)
      0.75
      iex> Anneal.value(Anneal.compile(schedule), 2.0)
      0.5
  """
  @spec value(Schedule.t() | Compiled.t(), step() | Nx.Tensor.t()) :: float() | Nx.Tensor.t()
  def value(%Schedule{} = schedule, step), do: Schedule.value(schedule, step)
  def value(%Compiled{} = compiled, step), do: Compiled.value(compiled, step)

  def value(other, _step) do
    raise ArgumentError,
          "expected an %Anneal.Schedule{} or an %Anneal.Compiled{}, got: #{inspect(other)}"
  end

  @doc group: "Schedules as data"
  @doc """
  The schedule as a function of the step, as the Axon-style functions return it.

  The function holds the compiled schedule (see `compile/1`): each call is one native call,
  without decoding or validating the schedule again. `Anneal.evaluate/3` recognises the
  function and evaluates it natively.

  ## Examples

      iex> fun = Anneal.to_fun(Anneal.new(:constant, 0.5))
      iex> fun.(7)
      0.5
  """
  @spec to_fun(Schedule.t() | Compiled.t()) :: schedule_fun()
  def to_fun(%Schedule{} = schedule), do: Schedule.to_fun(schedule)
  def to_fun(%Compiled{} = compiled), do: Compiled.to_fun(compiled)

  def to_fun(other) do
    raise ArgumentError,
          "expected an %Anneal.Schedule{} or an %Anneal.Compiled{}, got: #{inspect(other)}"
  end

  @doc group: "Schedules as data"
  @doc """
  Compiles a schedule once, for hot loops: an `%Anneal.Compiled{}` handle holding the
  schedule and its compiled plan.

  `value/2`, `evaluate/3` and `to_fun/1` take the handle and neither decode nor validate the
  schedule again. The handle works in the VM that compiled it; stored and read in another
  one, it compiles its schedule again on every call (see `Anneal.Compiled`).

  `schedule` is an `%Anneal.Schedule{}` or a function returned by this module.

  ## Examples

      iex> compiled = Anneal.compile(Anneal.cosine_decay(1.0, decay_steps: 2))
      iex> compiled.schedule
      Anneal.new(:cosine_decay, 1.0, decay_steps: 2)
      iex> Anneal.evaluate(compiled, [0, 2])
      [1.0, 0.0]
  """
  @spec compile(Schedule.t() | schedule_fun()) :: Compiled.t()
  def compile(%Schedule{} = schedule), do: Compiled.new(schedule)

  def compile(fun) do
    case Compiled.of_fun(fun) do
      {:ok, compiled} -> compiled
      :error -> schedule!(fun) |> Compiled.new()
    end
  end

  @doc group: "Schedules as data"
  @doc """
  Like `to_fun/1`, with options for the tensor path (see "Nx and Axon" above).

    * `:tensor_type` - the float type of the tensor arithmetic: `{:f, 64}` (the default) or
      `{:f, 32}`, for backends without float64 (Apple's MLX and Metal backends). In float32,
      an integer step finds its segment and the whole part of its offset in the segment in
      integers, so steps beyond 2^24 keep their segment; the values are float32 (for any
      step type), within 4 float32 epsilons (4 · 2^-23) of the schedule's largest value from
      the float64 path for schedules whose parameters are float32 numbers, at steps up to
      2^24 (README, "Using Anneal with Axon").

  Numbers are evaluated by the Rust core in float64 either way.

  ## Examples

      iex> fun = Anneal.to_fun(Anneal.new(:constant, 0.5), tensor_type: {:f, 32})
      iex> fun.(7)
      0.5

      iex> Anneal.to_fun(Anneal.new(:constant, 0.5), tensor_type: {:f, 16})
      ** (ArgumentError) expected :tensor_type to be {:f, 64} or {:f, 32}, got: {:f, 16}
  """
  @spec to_fun(Schedule.t() | Compiled.t(), keyword()) :: schedule_fun()
  def to_fun(%Schedule{} = schedule, opts),
    do: Schedule.to_fun(schedule, Anneal.Tensor.validate_opts!(opts))

  def to_fun(%Compiled{} = compiled, opts),
    do: Compiled.to_fun(compiled, Anneal.Tensor.validate_opts!(opts))

  def to_fun(other, _opts) do
    raise ArgumentError,
          "expected an %Anneal.Schedule{} or an %Anneal.Compiled{}, got: #{inspect(other)}"
  end

  @doc group: "JSON"
  @doc ~S"""
  The schedule as a versioned JSON document.

  `{"anneal": 1, "kind": ..., "init_value": ..., "options": {...}}` with every option, in
  canonical order; integers stay integers and floats are written in their shortest exact
  form, so `from_json/1` gives back an equal schedule. A `:join` has no `"init_value"` and
  holds its schedules as nested documents (without `"anneal"`); `:boundaries_and_scales`
  is written as `[step, scale]` pairs in increasing order of step; atoms as strings.
  Written by serde_json in the Rust core.

  `schedule` is an `%Anneal.Schedule{}` or a function returned by this module.

  ## Examples

      iex> Anneal.to_json(Anneal.cosine_decay(0.1, decay_steps: 1000))
      ~s({"anneal":1,"kind":"cosine_decay","init_value":0.1,"options":{"decay_steps":1000,"alpha":0.0}})

      iex> Anneal.to_json(Anneal.new(:piecewise_constant, 1, boundaries_and_scales: %{200 => 0.1, 100 => 0.5}))
      ~s({"anneal":1,"kind":"piecewise_constant","init_value":1,"options":{"boundaries_and_scales":[[100,0.5],[200,0.1]]}})
  """
  @spec to_json(Schedule.t() | schedule_fun()) :: String.t()
  def to_json(schedule), do: schedule |> schedule!() |> Anneal.JSON.encode()

  @doc group: "JSON"
  @doc ~S"""
  Reads a schedule from a JSON document written by `to_json/1` (or by hand).

  Options left out take their defaults. The options are validated exactly as `new/3`
  validates them; the error names what is wrong: a malformed document, an unsupported
  version, an unknown kind or option, a missing required option or a bad value.

  ## Examples

      iex> {:ok, schedule} = Anneal.from_json(~s({"anneal": 1, "kind": "inverse_sqrt", "init_value": 1.0}))
      iex> schedule
      %Anneal.Schedule{kind: :inverse_sqrt, init_value: 1.0, opts: [warmup_steps: 0, timescale: nil]}

      iex> Anneal.from_json(~s({"anneal": 2, "kind": "constant", "init_value": 1.0}))
      {:error, "unsupported anneal JSON version 2, expected 1"}

      iex> Anneal.from_json(~s({"anneal": 1, "kind": "cosine_decay", "init_value": 1.0, "options": {"decay_steps": 0}}))
      {:error, "expected :decay_steps to be a positive number, got: 0"}
  """
  @spec from_json(String.t()) :: {:ok, Schedule.t()} | {:error, String.t()}
  def from_json(json), do: Anneal.JSON.decode(json)

  @doc group: "JSON"
  @doc ~S"""
  Like `from_json/1`, but returns the schedule or raises `ArgumentError`.

  ## Examples

      iex> json = Anneal.to_json(Anneal.one_cycle(0.01, transition_steps: 500))
      iex> Anneal.from_json!(json) == Anneal.new(:one_cycle, 0.01, transition_steps: 500)
      true

      iex> Anneal.from_json!(~s({"anneal": 1, "kind": "step_decay", "init_value": 1.0}))
      ** (ArgumentError) unknown schedule kind "step_decay", expected one of: [:constant, :cosine_decay, :exponential_decay, :linear_decay, :polynomial_decay, :warmup_cosine_decay, :piecewise_constant, :inverse_sqrt, :warmup_stable_decay, :cosine_decay_restarts, :one_cycle, :join, :piecewise_interpolate, :linear_one_cycle, :warmup_constant, :warmup_exponential_decay, :cosine_with_hard_restarts, :warmup_polynomial_decay, :cyclic, :multiply, :shift]
  """
  @spec from_json!(String.t()) :: Schedule.t()
  def from_json!(json) do
    case from_json(json) do
      {:ok, schedule} -> schedule
      {:error, message} -> raise ArgumentError, message
    end
  end

  defp schedule!(%Schedule{} = schedule), do: schedule

  defp schedule!(fun) do
    case Schedule.from_fun(fun) do
      {:ok, schedule} ->
        schedule

      :error ->
        raise ArgumentError,
              "expected an %Anneal.Schedule{} or a function built by Anneal, got: #{inspect(fun)}"
    end
  end

  @doc group: "Schedules as data"
  @doc """
  Evaluates a schedule over many steps at once.

  `schedule` is an `%Anneal.Schedule{}`, an `%Anneal.Compiled{}` from `compile/1`, a function
  returned by this module (all evaluated natively; the last two are compiled already), or
  any other function of arity 1 (called once per step).

  `steps` is a `Range` (any step size, empty or descending), a list of numbers, or a binary
  of native-endian signed 64-bit integers (the layout of an Nx `:s64` tensor).

  ## Options

    * `:type` - `:f64` or `:f32`. An `:f32` result is the float64 value correctly rounded
      to float32. Defaults to `:f64`.
    * `:into` - `:list` (of floats) or `:binary` (packed native-endian floats, which
      `Nx.from_binary(binary, {:f, 32})` reads as is). Defaults to `:list`.

  Ranges (and long arithmetic stretches of an s64 binary) of the built-in schedules take a
  vectorized path: `:f32` results are still exactly the float64 formula rounded to float32,
  bit for bit; `:f64` results are within 1e-14 × (|init_value| + |value|) of the formula
  (for a `:multiply`, each factor within its own bound, carried through the products;
  lists of steps get the formula itself). Evaluations estimated at more than about 0.2 ms
  (counting the steps and the size of the schedule: its boundaries and joined schedules)
  run on a dirty CPU scheduler, and stop if their caller exits; shorter ones stay on the
  calling scheduler and are charged to its timeslice. Evaluations above about 0.5 ms of
  work run in parallel on `Anneal.Threads.current/0` threads (`config :anneal, threads: n`),
  with the same values bit for bit. One evaluation may allocate at most
  `config :anneal, max_bytes: ...`
  bytes for its result (4 GiB by default).

  ## Examples

      iex> schedule = Anneal.linear_decay(1.0, steps: 4)
      iex> Anneal.evaluate(schedule, 0..4)
      [1.0, 0.75, 0.5, 0.25, 0.0]
      iex> Anneal.evaluate(schedule, 4..0//-2)
      [0.0, 0.5, 1.0]
      iex> Anneal.evaluate(schedule, [0, 2.0], type: :f32)
      [1.0, 0.5]
      iex> byte_size(Anneal.evaluate(schedule, 0..999, type: :f32, into: :binary))
      4000
  """
  @spec evaluate(
          Schedule.t() | Compiled.t() | (step() -> number()),
          Range.t() | [step()] | binary(),
          keyword()
        ) ::
          [float()] | binary()
  def evaluate(schedule, steps, opts \\ []), do: Evaluate.evaluate(schedule, steps, opts)

  @doc group: "Schedules as data"
  @doc """
  Evaluates many schedules over the same steps: a sweep.

  Takes the `steps` and options of `evaluate/3`. With `into: :list`, returns one list of
  values per schedule; with `into: :binary`, one row-major binary of N × M values (row `i`
  holds schedule `i`), which `Nx.from_binary(binary, {:f, 32}) |> Nx.reshape({n, m})` reads
  as an `{N, M}` tensor. Each row holds what `evaluate/3` gives for its schedule, bit for bit
  with either type: a long evaluation is cut into pieces, but each piece is a window of the
  whole evaluation, so no value depends on where a piece begins.

  When every schedule is Anneal's own and the steps are a range, the sweep runs natively on
  a dirty CPU scheduler, in parallel across schedules (`Anneal.Threads`); otherwise the
  schedules are evaluated one after another. The memory ceiling of `evaluate/3` applies to
  the whole result.

  ## Examples

      iex> schedules = [Anneal.constant(0.5), Anneal.linear_decay(1.0, steps: 2)]
      iex> Anneal.evaluate_many(schedules, 0..2)
      [[0.5, 0.5, 0.5], [1.0, 0.5, 0.0]]
      iex> binary = Anneal.evaluate_many(schedules, 0..2, type: :f32, into: :binary)
      iex> byte_size(binary)
      24
      iex> Anneal.evaluate_many([fn step -> step * 2 end], [1, 2])
      [[2.0, 4.0]]
  """
  @spec evaluate_many(
          [Schedule.t() | (step() -> number())],
          Range.t() | [step()] | binary(),
          keyword()
        ) :: [[float()]] | binary()
  def evaluate_many(schedules, steps, opts \\ []),
    do: Anneal.Sweep.evaluate_many(schedules, steps, opts)

  @doc group: "Seeing schedules"
  @doc """
  Draws one or more schedules over a range of steps as an SVG document (a string).

  `schedules` is an `%Anneal.Schedule{}`, a function returned by this module, or a list of
  them; `steps` is a `Range` of integers (any step size; a descending range is drawn
  ascending). The chart has a title, axes labelled `step` and `learning rate` with readable
  ticks (`250k`, `1.5M`; `0.05`, `1e-5`), one line per schedule, a legend with the call that
  builds each schedule (options at their defaults left out), and dashed markers at phase boundaries
  (`Anneal.Schedule.Phases.boundaries/1`) that fall within the steps, labelled when there
  are at most 8 in all (a schedule with more than 64 in view, such as frequent restarts, gets
  none: its line shows them).

  Every step of the range is evaluated by the Rust core, on a dirty CPU scheduler, and each
  line keeps at most six points per pixel column (the first, the last, and the first and last
  points of the column's minimum and maximum), so staircases and restarts keep their corners
  while a plot of 10,000,000 steps stays as small as one of 1,000. A plot evaluates at most
  10⁹ steps and at most about 20 s of estimated work over all its schedules (a schedule
  with many boundaries costs more per step); it stops early if its caller exits.

  ## Options

    * `:title` - the title above the chart. Control characters other than tab and newline
      (which an SVG document cannot hold) raise `ArgumentError`. Defaults to
      `"Learning-rate schedule"`.
    * `:width` - width of the picture in pixels, 240 to 10,000. Defaults to `800`.
    * `:height` - height of the picture in pixels, legend included, 180 to 10,000 (plus 20
      per schedule after the first). Defaults to `480`.
    * `:log_y` - a logarithmic value axis; values of 0 or below, and values more than 12
      decades below the largest, are drawn at the bottom edge. Defaults to `false`.

  ## Examples

      iex> svg = Anneal.plot(Anneal.new(:cosine_decay, 0.1, decay_steps: 1000), 0..1000)
      iex> String.starts_with?(svg, "<svg")
      true
      iex> svg =~ "cosine_decay(0.1, decay_steps: 1000)"
      true

      iex> schedules = [Anneal.linear_decay(0.1, warmup: 100), Anneal.new(:constant, 0.01)]
      iex> svg = Anneal.plot(schedules, 0..1000//10, log_y: true, title: "Two", width: 600)
      iex> svg =~ "warmup end" and svg =~ ~s(width="600")
      true
  """
  @spec plot(
          Schedule.t() | schedule_fun() | [Schedule.t() | schedule_fun()],
          Range.t(),
          keyword()
        ) :: String.t()
  def plot(schedules, steps, opts \\ []), do: Plot.plot(schedules, steps, opts)
end
