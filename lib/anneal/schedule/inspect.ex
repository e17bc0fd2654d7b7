defimpl Inspect, for: Anneal.Schedule do
  # #Anneal.Schedule<cosine_decay(0.1, decay_steps: 1000, alpha: 0.0) 0.1 █▇▆▅▄▃▂▁ 0.0>
  #
  # The call that builds the schedule, then its shape over its natural horizon
  # (Anneal.Schedule.Phases.horizon/1): the values at step 0 and at the horizon, with a
  # sparkline of @samples values evaluated by the Rust core between them.

  alias Anneal.Schedule
  alias Anneal.Schedule.{Phases, Text}

  @samples 12
  @bars ~w(▁ ▂ ▃ ▄ ▅ ▆ ▇ █)

  # A struct nested deeper than any valid schedule is shown as its fields at once: as a call
  # and a shape, each level would redo the work of the levels below it.
  def inspect(schedule, opts) do
    if Schedule.shallow?(schedule) do
      "#Anneal.Schedule<" <> Text.call(schedule) <> shape(schedule) <> ">"
    else
      Inspect.Any.inspect(schedule, opts)
    end
  rescue
    # A struct built by hand, bypassing Anneal.new/3, may hold anything: show its fields.
    _ -> Inspect.Any.inspect(schedule, opts)
  end

  defp shape(schedule) do
    horizon = Phases.horizon(schedule)
    steps = for i <- 0..(@samples - 1), do: horizon * i / (@samples - 1)
    values = Anneal.evaluate(schedule, steps)
    " #{number(List.first(values))} #{sparkline(values)} #{number(List.last(values))}"
  rescue
    # Without the NIF, or with a value that overflows, the call alone still says it all.
    _ -> ""
  end

  defp sparkline(values) do
    {low, high} = Enum.min_max(values)
    top = length(@bars) - 1

    Enum.map_join(values, fn value ->
      level = if high > low, do: round((value - low) / (high - low) * top), else: div(top, 2)
      Enum.at(@bars, level)
    end)
  end

  # Four significant digits are enough to read a start and an end value.
  defp number(value) when value == 0, do: "0.0"

  defp number(value) do
    digits = 3 - floor(:math.log10(abs(value)))
    value |> Float.round(min(max(digits, 0), 15)) |> maybe_small(value, digits)
  end

  defp maybe_small(rounded, _value, digits) when digits <= 15, do: Float.to_string(rounded)

  defp maybe_small(_rounded, value, _digits),
    do: :erlang.float_to_binary(value, [{:scientific, 3}])
end
