defmodule Anneal.Schedule.Phases do
  @moduledoc """
  Where a schedule changes phase, and how far it is worth looking at it.

  `boundaries/1` gives the steps where a schedule changes phase (end of warmup, start or
  end of a decay, restarts, join points); `Anneal.plot/3` marks them. `horizon/1` gives its
  natural horizon, the span over which `inspect/1` draws its sparkline.

  Each kind has one clause of `boundaries/1`; `horizon/1` is the last boundary unless the
  kind says otherwise (a schedule that never ends, such as `exponential_decay`).
  """

  alias Anneal.Schedule

  @typedoc "A phase boundary: what happens there and the step."
  @type boundary :: {String.t(), number()}

  # The horizon of a schedule with no boundary at all.
  @default_horizon 100

  # cosine_decay_restarts lists this many restarts at most.
  @max_restarts 64

  # exponential_decay is shown until its value has changed by this factor.
  @exponential_span 100

  # Steps are sums and products of options that may be as large as any float: a step beyond
  # the float range is taken as the largest float (and a restart there is not listed).
  @max_float 1.7976931348623157e308

  @doc """
  The phase boundaries of a schedule, in step order, as `{label, step}` pairs.

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
    * `cosine_decay_restarts` - `"restart"` at the end of each of the first #{@max_restarts}
      cycles, the first `first_decay_steps` long and each next one `t_mul` times longer.
    * `one_cycle` - `"peak"` at `pct_start * transition_steps`, `"decay end"` at
      `transition_steps`.
    * `join` - `"join"` at each boundary, and the boundaries of each joined schedule shifted
      to the step where it starts, up to the step where the next one takes over.

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
  @spec boundaries(Schedule.t()) :: [boundary()]
  def boundaries(schedule) do
    %Schedule{kind: kind, opts: opts} = valid!(schedule)
    kind_boundaries(kind, Map.new(opts))
  end

  # A struct built by hand is validated as Anneal.new/3 would; anything else is refused.
  defp valid!(%Schedule{} = schedule), do: Schedule.validate!(schedule)

  defp valid!(other),
    do: raise(ArgumentError, "expected an %Anneal.Schedule{}, got: #{inspect(other)}")

  defp kind_boundaries(:cosine_decay, o), do: [{"decay end", o.decay_steps}]
  defp kind_boundaries(:exponential_decay, o), do: begins(o.transition_begin)

  defp kind_boundaries(:linear_decay, o), do: warmup_end(o.warmup) ++ [{"decay end", o.steps}]

  defp kind_boundaries(:polynomial_decay, o),
    do:
      begins(o.transition_begin) ++
        [{"decay end", add(o.transition_begin, o.transition_steps)}]

  defp kind_boundaries(:warmup_cosine_decay, o),
    do: warmup_end(o.warmup_steps) ++ [{"decay end", o.decay_steps}]

  defp kind_boundaries(:piecewise_constant, o) do
    for {step, scale} <- Enum.sort(o.boundaries_and_scales), do: {"×#{scale}", step}
  end

  defp kind_boundaries(:inverse_sqrt, o), do: warmup_end(o.warmup_steps)

  defp kind_boundaries(:warmup_stable_decay, o) do
    stable_end = add(o.warmup_steps, o.stable_steps)
    decay_begins = if o.stable_steps > 0, do: [{"decay begins", stable_end}], else: []

    warmup_end(o.warmup_steps) ++
      decay_begins ++ [{"decay end", add(stable_end, o.decay_steps)}]
  end

  defp kind_boundaries(:cosine_decay_restarts, o) do
    Stream.iterate(o.first_decay_steps, &mul(&1, o.t_mul))
    |> Stream.scan(&add/2)
    |> Stream.take_while(&(&1 < @max_float))
    |> Enum.take(@max_restarts)
    |> Enum.map(&{"restart", &1})
  end

  defp kind_boundaries(:one_cycle, o),
    do: [{"peak", o.pct_start * o.transition_steps}, {"decay end", o.transition_steps}]

  # Each join point, and each schedule's own boundaries shifted to where it starts and
  # cut where the next one takes over.
  defp kind_boundaries(:join, o) do
    starts = [0 | o.boundaries]
    ends = o.boundaries ++ [nil]

    [o.schedules, starts, ends]
    |> Enum.zip()
    |> Enum.flat_map(fn {schedule, start, stop} ->
      inner =
        for {label, step} <- kind_boundaries(schedule.kind, Map.new(schedule.opts)),
            stop == nil or add(start, step) < stop,
            do: {label, add(start, step)}

      if start > 0, do: [{"join", start} | inner], else: inner
    end)
  end

  # constant, and any kind without a clause yet.
  defp kind_boundaries(_kind, _opts), do: []

  # a + b and a * b, or the largest float of their sign when they overflow (an overflowing
  # sum has the sign of both terms).
  defp add(a, b), do: saturated(fn -> a + b end, a)
  defp mul(a, b), do: saturated(fn -> a * b end, if(a < 0 == b < 0, do: 1, else: -1))

  defp saturated(fun, sign) do
    fun.()
  rescue
    ArithmeticError -> if sign < 0, do: -@max_float, else: @max_float
  end

  defp warmup_end(steps) when steps > 0, do: [{"warmup end", steps}]
  defp warmup_end(_steps), do: []

  defp begins(step) when step > 0, do: [{"decay begins", step}]
  defp begins(_step), do: []

  @doc """
  The natural horizon of a schedule: the step up to which its shape is worth drawing.

    * `exponential_decay` - `transition_begin` plus as many `transition_steps` as the value
      takes to change 100-fold, $k \\lceil \\ln 100 / |\\ln r| \\rceil$, between 1 and 1000
      transitions (a single one when `decay_rate` is 0 or 1).
    * `inverse_sqrt` - `warmup_steps` plus 10 timescales (where the value has fallen to
      about a third of its peak).
    * `cosine_decay_restarts` - the end of the third cycle.
    * `join` - its last boundary plus the horizon of its last schedule.
    * every other kind - its last boundary (see `boundaries/1`), or 100 when it has none
      (`constant`).

  ## Examples

      iex> Anneal.Schedule.Phases.horizon(Anneal.new(:cosine_decay, 0.1, decay_steps: 1000))
      1000

      iex> # 0.5^7 < 1/100 ≤ 0.5^6: seven transitions of 10 steps after step 5
      iex> Anneal.Schedule.Phases.horizon(
      ...>   Anneal.new(:exponential_decay, 0.1, decay_rate: 0.5, transition_steps: 10, transition_begin: 5)
      ...> )
      75
  """
  @spec horizon(Schedule.t()) :: number()
  def horizon(schedule), do: schedule |> valid!() |> valid_horizon()

  defp valid_horizon(%Schedule{kind: :exponential_decay, opts: opts}) do
    rate = Keyword.fetch!(opts, :decay_rate)

    transitions =
      if rate == 0 or rate == 1,
        do: 1,
        else: ceil(:math.log(@exponential_span) / abs(:math.log(rate)))

    add(
      Keyword.fetch!(opts, :transition_begin),
      mul(Keyword.fetch!(opts, :transition_steps), min(max(transitions, 1), 1000))
    )
  end

  defp valid_horizon(%Schedule{kind: :inverse_sqrt, opts: opts}) do
    warmup = Keyword.fetch!(opts, :warmup_steps)
    # A nil timescale means warmup_steps, or 10,000 without warmup (see Anneal.inverse_sqrt/2).
    timescale = Keyword.fetch!(opts, :timescale) || if(warmup > 0, do: warmup, else: 10_000)
    add(warmup, mul(10, timescale))
  end

  defp valid_horizon(%Schedule{kind: :cosine_decay_restarts, opts: opts}) do
    {first, t_mul} = {Keyword.fetch!(opts, :first_decay_steps), Keyword.fetch!(opts, :t_mul)}
    mul(first, add(1, add(t_mul, mul(t_mul, t_mul))))
  end

  defp valid_horizon(%Schedule{kind: :join, opts: opts}) do
    start = List.last(Keyword.fetch!(opts, :boundaries)) || 0
    add(start, valid_horizon(List.last(Keyword.fetch!(opts, :schedules))))
  end

  defp valid_horizon(%Schedule{kind: kind, opts: opts}) do
    case List.last(kind_boundaries(kind, Map.new(opts))) do
      {_label, step} -> step
      nil -> @default_horizon
    end
  end
end
