defmodule Anneal.Schedule.Phases do
  @moduledoc """
  Where a schedule changes phase, and how far it is worth looking at it.

  `boundaries/1` gives the steps where a schedule changes phase (end of warmup, start or
  end of a decay, restarts, join points); `Anneal.plot/3` marks them. `horizon/1` gives its
  natural horizon, the span over which `inspect/1` draws its sparkline.

  Both come from the schedule's compiled plan (the Rust core's `Plan::boundaries` and
  `Plan::horizon`): no kind has code here. Steps are given as integers when they are whole.
  """

  alias Anneal.{Compiled, Schedule}

  @typedoc "A phase boundary: what happens there and the step."
  @type boundary :: {String.t(), number()}

  # The horizon of a schedule that is one constant.
  @default_horizon 100

  @doc """
  The phase boundaries of a schedule, in step order, as `{label, step}` pairs: where a
  segment of its plan begins with a visible change, at the step where the value changes
  (derived with each peer's own formula, as the schedule computes it).

    * `constant` - none.
    * `cosine_decay` - `"decay end"` at `decay_steps`.
    * `exponential_decay` - `"decay begins"` at `transition_begin` when it is positive.
    * `linear_decay` - `"warmup end"` at `warmup` when it is positive, `"decay end"` at
      `steps`.
    * `polynomial_decay` - `"decay begins"` at `transition_begin` when it is positive,
      `"decay end"` at `transition_begin + transition_steps`.
    * `warmup_cosine_decay` - `"warmup end"` at `warmup_steps` when it is positive,
      `"decay end"` at `decay_steps` (which counts the warmup).
    * `piecewise_constant` - each boundary, labelled with its scale (`"×0.5"`).
    * `inverse_sqrt` - `"warmup end"` at `warmup_steps` when it is positive.
    * `warmup_stable_decay` - `"warmup end"` at `warmup_steps` when it is positive,
      `"decay begins"` after `stable_steps` more when they are positive, `"decay end"` after
      `decay_steps` more.
    * `cosine_decay_restarts` - `"restart"` at the end of each of the first 64 cycles, the
      first `first_decay_steps` long and each next one `t_mul` times longer.
    * `one_cycle` - `"peak"` and `"decay end"` where optax's one-cycle changes phase, at the
      whole steps ⌊`pct_start · transition_steps`⌋ and ⌊`transition_steps`⌋ (no `"peak"`
      when it is the end).
    * `join` - `"join"` at each boundary, and the boundaries of each joined schedule shifted
      to the step where it starts, up to the step where the next one takes over.
    * `warmup_constant`, `warmup_exponential_decay`, `warmup_polynomial_decay`,
      `cosine_with_hard_restarts`, `piecewise_interpolate`, `linear_one_cycle` - the labels
      their plans carry, in the same words (`"warmup end"`, `"decay begins"`, `"decay end"`,
      `"peak"`, a scale at a boundary).
    * `cyclic` - `"peak"` at the top of each of its first 32 cycles and `"cycle"` where each
      ends.
    * `multiply` - the boundaries of every factor, each step once; `shift` - its schedule's,
      `by` steps earlier.

  ## Examples

      iex> Anneal.Schedule.Phases.boundaries(Anneal.new(:linear_decay, 0.1, warmup: 100, steps: 1000))
      [{"warmup end", 100}, {"decay end", 1000}]

      iex> Anneal.Schedule.Phases.boundaries(Anneal.new(:constant, 0.1))
      []

      iex> warmup = Anneal.new(:linear_decay, 0.1, warmup: 100, steps: 1000)
      iex> joined = Anneal.new(:join, [warmup, Anneal.new(:constant, 0.01)], boundaries: [500])
      iex> Anneal.Schedule.Phases.boundaries(joined)
      [{"warmup end", 100}, {"join", 500}]
  """
  @spec boundaries(Schedule.t() | Compiled.t()) :: [boundary()]
  def boundaries(schedule) do
    {boundaries, _horizon} = phases(schedule)
    for {label, step} <- boundaries, do: {label, whole(step)}
  end

  @doc """
  The natural horizon of a schedule: the step up to which its shape is worth drawing.

  The start of the plan's last segment when that segment is constant (the schedule holds
  its value from there on: the last boundary), else that start plus the span of the last
  segment's formula:

    * `exponential_decay` - `transition_begin` plus as many `transition_steps` as the value
      takes to change 100-fold, $k \\lceil \\ln 100 / |\\ln r| \\rceil$, between 1 and 1000
      transitions (a single one when `decay_rate` is 0 or 1).
    * `inverse_sqrt` - `warmup_steps` plus 10 timescales (where the value has fallen to
      about a third of its peak).
    * `cosine_decay_restarts` - the end of the third cycle.
    * `constant` - 100.

  A `join` that ends in a constant schedule is drawn 100 steps past the join where that
  schedule takes over, as the constant alone would be.

  ## Examples

      iex> Anneal.Schedule.Phases.horizon(Anneal.new(:cosine_decay, 0.1, decay_steps: 1000))
      1000

      iex> # 0.5^7 < 1/100 ≤ 0.5^6: seven transitions of 10 steps after step 5
      iex> Anneal.Schedule.Phases.horizon(
      ...>   Anneal.new(:exponential_decay, 0.1, decay_rate: 0.5, transition_steps: 10, transition_begin: 5)
      ...> )
      75
  """
  @spec horizon(Schedule.t() | Compiled.t()) :: number()
  def horizon(schedule) do
    case phases(schedule) do
      {_boundaries, nil} -> @default_horizon
      {boundaries, horizon} -> horizon |> past_last_join(List.last(boundaries)) |> whole()
    end
  end

  # A join whose plan ends where its last schedule starts holds that schedule's constant
  # value from there on: drawn as that constant alone would be, @default_horizon steps.
  defp past_last_join(horizon, {"join", horizon}), do: horizon + @default_horizon
  defp past_last_join(horizon, _last), do: horizon

  defp phases(%Compiled{} = compiled), do: Compiled.phases(compiled)
  defp phases(%Schedule{} = schedule), do: schedule |> Compiled.new() |> Compiled.phases()

  defp phases(other),
    do: raise(ArgumentError, "expected an %Anneal.Schedule{}, got: #{inspect(other)}")

  # A whole step as an integer, as it is usually written.
  defp whole(step) when step == trunc(step) and abs(step) < 9_007_199_254_740_992,
    do: trunc(step)

  defp whole(step), do: step
end
