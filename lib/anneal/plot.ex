defmodule Anneal.Plot do
  @moduledoc false
  # Anneal.plot/3: validates the schedules, steps and options, then hands everything to the
  # `plot` NIF (native/anneal_nif/src/plot.rs → native/anneal_plot), which evaluates and draws.

  alias Anneal.{Native, Options, Schedule}
  alias Anneal.Schedule.{Phases, Text}

  @u32_max 0xFFFFFFFF

  @defaults [title: "Learning-rate schedule", width: 800, height: 480, log_y: false]

  @spec plot(Schedule.t() | function() | [Schedule.t() | function()], Range.t(), keyword()) ::
          String.t()
  def plot(schedules, steps, opts) do
    opts = validate_opts!(opts)
    series = schedules |> List.wrap() |> Enum.map(&series/1)
    {first, stride, len} = ascending!(steps)
    options = {opts[:title], opts[:width], opts[:height], opts[:log_y]}

    case Native.plot(series, first, stride, len, options) do
      {:ok, svg} -> svg
      {:error, message} -> raise ArgumentError, message
    end
  end

  defp validate_opts!(opts) do
    opts = Options.validate!(opts, @defaults, :plot)

    for key <- [:width, :height], not (is_integer(opts[key]) and opts[key] > 0) do
      raise ArgumentError,
            "expected #{inspect(key)} to be a positive integer, got: #{inspect(opts[key])}"
    end

    # Sizes that fit in 32 bits reach the core, whose message gives the sizes it draws.
    for key <- [:width, :height], opts[key] > @u32_max do
      raise ArgumentError, "expected #{inspect(key)} to be below 2^32 pixels, got: #{opts[key]}"
    end

    unless is_boolean(opts[:log_y]) do
      raise ArgumentError, "expected :log_y to be a boolean, got: #{inspect(opts[:log_y])}"
    end

    unless is_binary(opts[:title]) and String.valid?(opts[:title]) do
      raise ArgumentError, "expected :title to be a string, got: #{inspect(opts[:title])}"
    end

    opts
  end

  # {spec, legend label, [{boundary label, step as a float}]}
  defp series(%Schedule{} = schedule) do
    schedule = Schedule.validate!(schedule)
    boundaries = for {label, step} <- Phases.boundaries(schedule), do: {label, step / 1}
    {Schedule.to_native(schedule), Text.call(schedule, :short), boundaries}
  end

  defp series(fun) when is_function(fun, 1) do
    case Schedule.from_fun(fun) do
      {:ok, schedule} -> series(schedule)
      :error -> bad_schedule!(fun)
    end
  end

  defp series(other), do: bad_schedule!(other)

  defp bad_schedule!(other) do
    raise ArgumentError,
          "expected an %Anneal.Schedule{} or a function returned by Anneal to plot, got: " <>
            inspect(other)
  end

  # The same steps in ascending order: {first, stride, length}.
  defp ascending!(steps) do
    case Anneal.Steps.range(steps) do
      {:ok, {_first, _stride, 0}} ->
        raise ArgumentError, "expected a non-empty range of steps, got: #{inspect(steps)}"

      {:ok, {first, stride, len}} when stride > 0 ->
        {first, stride, len}

      {:ok, {first, stride, len}} ->
        {first + (len - 1) * stride, -stride, len}

      _error ->
        shown =
          if is_struct(steps, Range), do: inspect(steps, structs: false), else: inspect(steps)

        raise ArgumentError,
              "expected steps to be a range of signed 64-bit integers with a non-zero step, got: " <>
                shown
    end
  end
end
