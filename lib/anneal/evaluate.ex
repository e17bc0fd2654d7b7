defmodule Anneal.Evaluate do
  @moduledoc false
  # Anneal.evaluate/3: validates the steps and options, then hands Anneal's own schedules to
  # the NIF and calls any other function step by step.

  alias Anneal.{Native, Schedule}

  @s64_min -0x8000000000000000
  @s64_max 0x7FFFFFFFFFFFFFFF

  # Above this many steps a call runs on a dirty CPU scheduler (≈ 0.1–0.2 ms of work).
  @dirty_threshold 20_000

  # Default ceiling on the memory one evaluation may allocate for its result.
  @default_max_bytes 4 * 1024 * 1024 * 1024

  # A list element costs a cons cell (2 words) and a boxed float (3 words).
  @list_bytes_per_step 40

  @spec evaluate(Schedule.t() | (number() -> number()), term(), keyword()) :: [float()] | binary()
  def evaluate(schedule, steps, opts) do
    {type, into} = validate_opts!(opts)

    case resolve(schedule) do
      {:native, schedule} -> native(Schedule.to_native(schedule), steps, type, into)
      {:fun, fun} -> generic(fun, steps, type, into)
    end
  end

  defp validate_opts!(opts) do
    unless is_list(opts) and Keyword.keyword?(opts) do
      raise ArgumentError, "expected opts to be a keyword list, got: #{inspect(opts)}"
    end

    case Keyword.validate(opts, type: :f64, into: :list) do
      {:ok, opts} ->
        type = Keyword.fetch!(opts, :type)
        into = Keyword.fetch!(opts, :into)

        unless type in [:f32, :f64] do
          raise ArgumentError, "expected :type to be :f32 or :f64, got: #{inspect(type)}"
        end

        unless into in [:list, :binary] do
          raise ArgumentError, "expected :into to be :list or :binary, got: #{inspect(into)}"
        end

        {type, into}

      {:error, unknown} ->
        raise ArgumentError,
              "unknown options #{inspect(unknown)} for evaluate, expected one of: [:type, :into]"
    end
  end

  defp resolve(%Schedule{} = schedule), do: {:native, schedule}

  defp resolve(fun) when is_function(fun, 1) do
    case Schedule.from_fun(fun) do
      {:ok, schedule} -> {:native, schedule}
      :error -> {:fun, fun}
    end
  end

  defp resolve(other) do
    raise ArgumentError,
          "expected a schedule to be an %Anneal.Schedule{} or a function of arity 1, got: " <>
            inspect(other)
  end

  ## Native path

  defp native(spec, %Range{first: first, last: last, step: stride} = range, type, into) do
    check_step!(first)
    check_step!(last)
    len = Range.size(range)
    check_size!(len, type, into)

    call(len, &Native.evaluate_range/6, &Native.evaluate_range_dirty/6, [
      spec,
      first,
      stride,
      len,
      type,
      into
    ])
  end

  defp native(spec, steps, type, into) when is_list(steps) do
    len = proper_length!(steps)
    check_size!(len, type, into)
    call(len, &Native.evaluate_list/4, &Native.evaluate_list_dirty/4, [spec, steps, type, into])
  end

  defp native(spec, steps, type, into) when is_binary(steps) do
    len = s64_length!(steps)
    check_size!(len, type, into)
    call(len, &Native.evaluate_s64/4, &Native.evaluate_s64_dirty/4, [spec, steps, type, into])
  end

  defp native(_spec, steps, _type, _into), do: bad_steps!(steps)

  defp call(len, normal, dirty, args) do
    nif = if len > @dirty_threshold, do: dirty, else: normal

    case apply(nif, args) do
      {:ok, result} -> result
      {:error, message} -> raise ArgumentError, message
    end
  end

  ## Generic path: any other arity-1 function, called once per step.

  defp generic(fun, steps, type, into) do
    values =
      steps
      |> step_enum()
      |> Enum.map(fn step -> fun |> apply([step]) |> check_value!(step, type) end)

    case into do
      :list -> values
      :binary -> for v <- values, into: <<>>, do: encode(v, type)
    end
  end

  defp step_enum(%Range{first: first, last: last} = range) do
    check_step!(first)
    check_step!(last)
    range
  end

  defp step_enum(steps) when is_list(steps) do
    proper_length!(steps)
    Enum.map(steps, &check_step!/1)
  end

  defp step_enum(steps) when is_binary(steps) do
    s64_length!(steps)
    for <<step::signed-native-64 <- steps>>, do: step
  end

  defp step_enum(steps), do: bad_steps!(steps)

  defp check_value!(value, _step, :f64) when is_number(value), do: :erlang.float(value)

  defp check_value!(value, step, :f32) when is_number(value) do
    <<rounded::float-native-32>> = encode(value, :f32)
    rounded
  rescue
    ArgumentError ->
      raise ArgumentError,
            "the schedule's value at step #{step} is not finite in f32, got: #{value}"
  end

  defp check_value!(value, step, _type) do
    raise ArgumentError,
          "expected the schedule function to return a number, got: #{inspect(value)} at step #{step}"
  end

  defp encode(value, :f64), do: <<value::float-native-64>>
  defp encode(value, :f32), do: <<value::float-native-32>>

  ## Validation shared by both paths

  defp check_step!(step)
       when is_float(step) or (is_integer(step) and step >= @s64_min and step <= @s64_max),
       do: step

  defp check_step!(step) when is_integer(step) do
    raise ArgumentError, "expected steps to fit in a signed 64-bit integer, got: #{step}"
  end

  defp check_step!(step) do
    raise ArgumentError, "expected each step to be a number, got: #{inspect(step)}"
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

  defp check_size!(len, type, into) do
    max = Application.get_env(:anneal, :max_bytes, @default_max_bytes)
    bytes = len * bytes_per_step(type, into)

    if bytes > max do
      raise ArgumentError,
            "evaluating #{len} steps would allocate #{bytes} bytes, above the limit of #{max} " <>
              "bytes (set it with `config :anneal, max_bytes: ...`)"
    end
  end

  defp bytes_per_step(_type, :list), do: @list_bytes_per_step
  defp bytes_per_step(:f32, :binary), do: 4
  defp bytes_per_step(:f64, :binary), do: 8
end
