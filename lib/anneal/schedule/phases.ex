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

  # exponential_decay is shown until its value has changed by this factor.
  @exponential_span 100

  @doc """
  The phase boundaries of a schedule, in step order, as `{label, step}` pairs.

    * `constant` - none.
    * `cosine_decay` - `"decay end"` at `decay_steps`.
    * `exponential_decay` - `"decay begins"` at `transition_begin` when it is positive.
    * `linear_decay` - `"warmup end"` at `warmup` when it is positive, `"decay end"` at
      `steps`.
    * `polynomial_decay` - `"decay begins"` at `transition_begin` when it is positive,
      `"decay end"` at `transition_begin + transition_steps`.

  ## Examples

      iex> Anneal.Schedule.Phases.boundaries(Anneal.new(:linear_decay, 0.1, warmup: 100, steps: 1000))
      [{"warmup end", 100}, {"decay end", 1000}]

      iex> Anneal.Schedule.Phases.boundaries(Anneal.new(:constant, 0.1))
      []
  """
  @spec boundaries(Schedule.t()) :: [boundary()]
  def boundaries(%Schedule{kind: kind, opts: opts}), do: kind_boundaries(kind, Map.new(opts))

  defp kind_boundaries(:cosine_decay, o), do: [{"decay end", o.decay_steps}]
  defp kind_boundaries(:exponential_decay, o), do: begins(o.transition_begin)

  defp kind_boundaries(:linear_decay, o),
    do: if(o.warmup > 0, do: [{"warmup end", o.warmup}], else: []) ++ [{"decay end", o.steps}]

  defp kind_boundaries(:polynomial_decay, o),
    do: begins(o.transition_begin) ++ [{"decay end", o.transition_begin + o.transition_steps}]

  # constant, and any kind without a clause yet.
  defp kind_boundaries(_kind, _opts), do: []

  defp begins(step) when step > 0, do: [{"decay begins", step}]
  defp begins(_step), do: []

  @doc """
  The natural horizon of a schedule: the step up to which its shape is worth drawing.

    * `exponential_decay` - `transition_begin` plus as many `transition_steps` as the value
      takes to change 100-fold, $k \\lceil \\ln 100 / |\\ln r| \\rceil$, between 1 and 1000
      transitions (a single one when `decay_rate` is 0 or 1).
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
  def horizon(%Schedule{kind: :exponential_decay, opts: opts}) do
    rate = Keyword.fetch!(opts, :decay_rate)

    transitions =
      if rate == 0 or rate == 1,
        do: 1,
        else: ceil(:math.log(@exponential_span) / abs(:math.log(rate)))

    Keyword.fetch!(opts, :transition_begin) +
      Keyword.fetch!(opts, :transition_steps) * min(max(transitions, 1), 1000)
  end

  def horizon(%Schedule{} = schedule) do
    case List.last(boundaries(schedule)) do
      {_label, step} -> step
      nil -> @default_horizon
    end
  end
end
