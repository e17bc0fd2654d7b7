defmodule Anneal.Evaluate do
  @moduledoc false
  # Anneal.evaluate/3: validates the steps and options, then hands Anneal's own schedules
  # (compiled once: a struct here, a handle or a function from to_fun/1 already) to the NIF
  # and calls any other function step by step.

  alias Anneal.{Compiled, Options, Schedule}
  import Anneal.Steps, only: [is_s64: 1]

  # Default ceiling on the memory one evaluation may allocate for its result.
  @default_max_bytes 4 * 1024 * 1024 * 1024

  # The peak memory of a list result, per step: a cons cell and a boxed float (4 words, 32
  # bytes) built by the NIF, copied by the garbage collector from the NIF's heap fragment
  # into a new process heap that is up to half as large again as what it holds (48), plus
  # the native value (8) and, for a list of steps, its decoded copy (8). Measured: 65 to 81
  # bytes a step (test/memory_limit_test.exs checks the bound).
  @list_bytes_per_step 96

  @spec evaluate(Schedule.t() | Compiled.t() | (number() -> number()), term(), keyword()) ::
          [float()] | binary()
  def evaluate(schedule, steps, opts) do
    {type, into} = validate_opts!(opts)

    case resolve(schedule) do
      {:native, spec} -> native(spec, steps, type, into)
      {:fun, fun} -> generic(fun, steps, type, into)
    end
  end

  # The defaults, without going through Keyword.validate/2: small evaluations are common.
  defp validate_opts!([]), do: {:f64, :list}

  defp validate_opts!(opts) do
    opts = Options.validate!(opts, [type: :f64, into: :list], :evaluate)
    type = Keyword.fetch!(opts, :type)
    into = Keyword.fetch!(opts, :into)

    unless type in [:f32, :f64] do
      raise ArgumentError, "expected :type to be :f32 or :f64, got: #{inspect(type)}"
    end

    unless into in [:list, :binary] do
      raise ArgumentError, "expected :into to be :list or :binary, got: #{inspect(into)}"
    end

    {type, into}
  end

  defp resolve(%Schedule{} = schedule), do: {:native, Compiled.new(schedule)}
  defp resolve(%Compiled{} = compiled), do: {:native, compiled}

  # A function from Anneal.to_fun/1 holds its compiled schedule.
  defp resolve(fun) when is_function(fun, 1) do
    case Compiled.of_fun(fun) do
      {:ok, compiled} -> {:native, compiled}
      :error -> {:fun, fun}
    end
  end

  defp resolve(other) do
    raise ArgumentError,
          "expected a schedule to be an %Anneal.Schedule{}, an %Anneal.Compiled{} or a " <>
            "function of arity 1, got: " <> inspect(other)
  end

  ## Native path: one NIF for every kind of steps, tagged.

  defp native(compiled, %Range{} = range, type, into) do
    {first, stride, len} = check_range!(range)
    check_size!(len, type, into)
    compiled |> Compiled.evaluate({:range, first, stride, len}, type, into) |> unwrap()
  end

  defp native(compiled, steps, type, into) when is_list(steps) do
    len = proper_length!(steps)
    check_size!(len, type, into)

    # The NIF refuses a bad element without naming it in Elixir terms; find it here, on
    # the error path only, so that valid lists are walked once, natively.
    case Compiled.evaluate(compiled, {:list, steps}, type, into) do
      {:error, _message} = reply ->
        check_steps!(steps)
        unwrap(reply)

      reply ->
        unwrap(reply)
    end
  end

  defp native(compiled, steps, type, into) when is_binary(steps) do
    len = s64_length!(steps)
    check_size!(len, type, into)
    compiled |> Compiled.evaluate({:s64, steps}, type, into) |> unwrap()
  end

  defp native(_compiled, steps, _type, _into), do: bad_steps!(steps)

  defp unwrap({:ok, result}), do: result
  defp unwrap({:error, message}), do: raise(ArgumentError, message)

  ## Generic path: any other arity-1 function, called once per step.

  defp generic(fun, steps, type, into) do
    values =
      steps
      |> step_enum(type, into)
      |> Enum.map(fn step -> fun |> apply([step]) |> check_value!(step, type) end)

    case into do
      :list -> values
      :binary -> for v <- values, into: <<>>, do: encode(v, type)
    end
  end

  defp step_enum(%Range{} = range, type, into) do
    {_first, _stride, len} = check_range!(range)
    check_size!(len, type, into)
    range
  end

  defp step_enum(steps, type, into) when is_list(steps) do
    steps |> proper_length!() |> check_size!(type, into)
    check_steps!(steps)
    steps
  end

  defp step_enum(steps, type, into) when is_binary(steps) do
    steps |> s64_length!() |> check_size!(type, into)
    for <<step::signed-native-64 <- steps>>, do: step
  end

  defp step_enum(steps, _type, _into), do: bad_steps!(steps)

  # The value as a float of `type`. An integer beyond the float64 range does not encode; a
  # float beyond the float32 range encodes as infinity, which does not decode.
  defp check_value!(value, _step, :f64) when is_float(value), do: value

  defp check_value!(value, step, type) when is_number(value) do
    bits =
      try do
        encode(value, type)
      rescue
        ArgumentError -> :too_large
      end

    case decode(bits, type) do
      {:ok, float} ->
        float

      :error ->
        raise ArgumentError,
              "the schedule's value at step #{step} is not finite in #{type}, got: #{value}"
    end
  end

  defp check_value!(value, step, _type) do
    raise ArgumentError,
          "expected the schedule function to return a number, got: #{inspect(value)} at step #{step}"
  end

  defp encode(value, :f64), do: <<value::float-native-64>>
  defp encode(value, :f32), do: <<value::float-native-32>>

  defp decode(<<float::float-native-64>>, :f64), do: {:ok, float}
  defp decode(<<float::float-native-32>>, :f32), do: {:ok, float}
  defp decode(_bits, _type), do: :error

  ## Validation shared by both paths

  defp check_range!(range) do
    case Anneal.Steps.range(range) do
      {:ok, first_stride_len} ->
        first_stride_len

      {:error, {bound, value}} ->
        raise ArgumentError,
              "expected the steps range's #{bound} to fit in a signed 64-bit integer, got: " <>
                "#{value} in #{inspect(range)}"

      :error ->
        raise ArgumentError,
              "expected steps to be a range of integers with a non-zero step, got: " <>
                inspect(range, structs: false)
    end
  end

  # Raises on the first element that is not a valid step, naming it and its index.
  defp check_steps!(steps) do
    case Enum.find_index(steps, &(not step?(&1))) do
      nil -> :ok
      index -> bad_step!(Enum.at(steps, index), index)
    end
  end

  defp step?(step), do: is_float(step) or is_s64(step)

  defp bad_step!(step, index) when is_integer(step) do
    raise ArgumentError,
          "expected steps to fit in a signed 64-bit integer, got: " <>
            "#{Anneal.Options.integer_text(step)} at index #{index}"
  end

  defp bad_step!(step, index) do
    raise ArgumentError,
          "expected steps to hold only numbers, got: #{inspect(step)} at index #{index}"
  end

  defp proper_length!(steps) do
    length(steps)
  rescue
    ArgumentError ->
      reraise ArgumentError,
              "expected steps to be a proper list, got: #{inspect(steps)}",
              __STACKTRACE__
  end

  defp s64_length!(steps) when rem(byte_size(steps), 8) == 0, do: div(byte_size(steps), 8)

  defp s64_length!(steps) do
    raise ArgumentError,
          "expected a binary of signed 64-bit steps (a multiple of 8 bytes), got: " <>
            "#{byte_size(steps)} bytes"
  end

  defp bad_steps!(steps) do
    raise ArgumentError,
          "expected steps to be a Range, a list of numbers or a binary of signed 64-bit " <>
            "integers, got: #{inspect(steps)}"
  end

  # Refuses, before anything is allocated, a result larger than the configured ceiling.
  defp check_size!(len, type, into) do
    max = max_bytes!()
    bytes = len * bytes_per_step(type, into)

    if bytes > max do
      raise ArgumentError,
            "evaluating #{len} steps into an #{type} #{into} needs #{bytes} bytes, above " <>
              "the limit of #{max} bytes (set it with `config :anneal, max_bytes: ...`)"
    end
  end

  @doc false
  # The configured ceiling on the memory one evaluation may allocate (also what
  # `mix anneal.eval` may write), or an ArgumentError if it is not a non-negative integer.
  @spec max_bytes!() :: non_neg_integer()
  def max_bytes! do
    # Erlang's own lookup: Elixir's Application.get_env/3 checks compile-time use first.
    case :application.get_env(:anneal, :max_bytes, @default_max_bytes) do
      max when is_integer(max) and max >= 0 ->
        max

      other ->
        raise ArgumentError,
              "expected `config :anneal, max_bytes: ...` to be a non-negative integer, got: " <>
                inspect(other)
    end
  end

  defp bytes_per_step(_type, :list), do: @list_bytes_per_step
  defp bytes_per_step(:f32, :binary), do: 4
  defp bytes_per_step(:f64, :binary), do: 8

  ## Sweeps (Anneal.Sweep): the same validation, for many schedules over one range

  # {:native, specs, {first, stride, len}, type, into} when every schedule is Anneal's own
  # and the steps are a range (the memory ceiling applies to the whole N×M result), else
  # :generic with the validated options.
  @doc false
  def sweep_plan(schedules, steps, opts) do
    {type, into} = validate_opts!(opts)
    resolved = Enum.map(schedules, &resolve/1)

    case {steps, Enum.all?(resolved, &match?({:native, _}, &1))} do
      {%Range{}, true} ->
        {first, stride, len} = check_range!(steps)
        check_size!(len * length(schedules), type, into)
        {:native, Enum.map(resolved, &elem(&1, 1)), {first, stride, len}, type, into}

      _ ->
        {:generic, type, into}
    end
  end
end
