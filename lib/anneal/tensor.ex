defmodule Anneal.Tensor do
  @moduledoc false
  # The tensor path: a schedule called with an Nx.Tensor step (eagerly, or inside defn/jit
  # where the step is an Nx.Defn.Expr, as Axon's and Polaris' optimizers call it) returns a
  # tensor traced into the caller's graph.
  #
  # No formula of a kind lives here. The core compiles the schedule to a plan and exports it
  # as tables (native/anneal_core/src/tables.rs documents the layout); this module walks
  # them with vector operations, and Anneal.Tensor.Primitives holds one Nx formula per
  # primitive. Per factor of the plan:
  #   1. the segment holding each step: the number of segment thresholds reached
  #      (greater_equal + sum over a thresholds tensor), so the traced expression has the same
  #      size for 2 segments or 100,000;
  #   2. the local step: the segment's frame offsets, gathered with take and subtracted
  #      level by level;
  #   3. each primitive type present computed once, on the parameters of the segment holding
  #      the step where it is of that type (those of the type's first segment elsewhere, and
  #      local step 0, so a discarded branch never divides by 0 or overflows), then selected
  #      by type.
  # The expression's size depends on the number of primitive types and the frame depth.
  #
  # Types: float64 arithmetic by default, the step converted to f64 (integers are exact up to
  # 2^53); the result is f64 for an f64 step and f32 otherwise (Axon's own schedules return
  # f32 for their integer step counters). With tensor_type: {:f, 32} the arithmetic is
  # float32 throughout, for backends without float64; for an integer step the segment and
  # the whole part of the local step are found in integers, so steps beyond 2^24 still land
  # in the right segment. The result is then f32 for any step.
  #
  # Where the number path raises (a value that is not finite), the result is NaN: nothing
  # here raises on data inside defn.
  #
  # Nx is not a dependency of Anneal: this module is called only once a tensor has been seen.
  # Nx 0.4 turns a float literal into an f32 tensor even next to an f64 tensor, so float
  # constants reach Nx only as tensors of the working type (integer literals are exact).

  @compile {:no_warn_undefined, [Nx, Nx.Constants]}

  alias Anneal.{Native, Schedule}
  alias Anneal.Tensor.Primitives

  @tensor_types [{:f, 64}, {:f, 32}]

  @doc false
  @spec value(Schedule.t(), struct(), keyword()) :: struct()
  def value(%Schedule{} = schedule, %{__struct__: Nx.Tensor} = step, opts \\ []) do
    work = work_type!(opts)
    out_type = output_type!(step, work)

    schedule
    |> tables!()
    |> Enum.map(&factor(&1, step, work))
    |> Enum.reduce(&Nx.multiply(&2, &1))
    |> not_finite_to_nan(work)
    |> Nx.as_type(out_type)
    |> Nx.broadcast(Nx.shape(step))
  end

  @doc false
  # The tensor options accepted by Anneal.to_fun/2, validated.
  @spec validate_opts!(keyword()) :: keyword()
  def validate_opts!(opts) do
    _ = work_type!(opts)
    opts
  end

  defp work_type!(opts) when is_list(opts) do
    case Keyword.split(opts, [:tensor_type]) do
      {[], []} ->
        {:f, 64}

      {[tensor_type: type], []} when type in @tensor_types ->
        type

      {[tensor_type: type], []} ->
        raise ArgumentError,
              "expected :tensor_type to be {:f, 64} or {:f, 32}, got: #{inspect(type)}"

      {_, [{key, _} | _]} ->
        raise ArgumentError, "unknown option #{inspect(key)}, expected :tensor_type"

      {_, []} ->
        raise ArgumentError, "expected :tensor_type once, got: #{inspect(opts)}"
    end
  end

  defp work_type!(opts) do
    raise ArgumentError, "expected tensor options to be a keyword list, got: #{inspect(opts)}"
  end

  defp output_type!(step, work) do
    case Nx.type(step) do
      {:f, 64} ->
        work

      {kind, _} when kind in [:s, :u, :f, :bf] ->
        {:f, 32}

      type ->
        raise ArgumentError,
              "expected step to be a tensor of integers or floats, got a tensor of type " <>
                inspect(type)
    end
  end

  defp tables!(schedule) do
    case Native.plan_tables(Schedule.to_native(schedule)) do
      {:ok, %{version: 1, factors: factors}} -> factors
      {:ok, %{version: version}} -> raise "unsupported plan tables version #{version}"
      {:error, message} -> raise ArgumentError, message
    end
  end

  # One factor's value at every step.
  defp factor(table, step, work) do
    %{segments: n, primitives: primitives, first: first} = table
    params = Enum.map(table.params, &column(&1, {:f, 64}, work))

    if n == 1 do
      # One segment: its parameters are constants, nothing to look up.
      local = local_step(table, step, nil, work)
      Primitives.value(hd(primitives), Enum.map(params, &scalar/1), local, work)
    else
      index = segment_index(table, step, work)
      local = local_step(table, step, index, work)
      types = Enum.with_index(primitives)

      if length(types) == 1 do
        Primitives.value(hd(primitives), Enum.map(params, &Nx.take(&1, index)), local, work)
      else
        type = Nx.take(column(table.primitive, {:u, 32}, {:u, 32}), index)

        types
        |> Enum.map(fn {name, i} ->
          mine = Nx.equal(type, i)
          rows = Nx.select(mine, index, Enum.at(first, i))
          t = Nx.select(mine, local, zero(work))
          {mine, Primitives.value(name, Enum.map(params, &Nx.take(&1, rows)), t, work)}
        end)
        |> Enum.reduce(fn {mine, value}, {_, acc} -> {mine, Nx.select(mine, value, acc)} end)
        |> elem(1)
      end
    end
  end

  # The number of segments after the first whose threshold the step has reached: the
  # segment holding it (the first has begun at every step). Integers compare with each
  # segment's first integer step; floats in the frame where the segment begins.
  defp segment_index(table, step, work) do
    # Every segment but the first: the columns' binaries less their first 8 bytes.
    rest = fn column, type ->
      column |> binary_part(8, byte_size(column) - 8) |> column(type, type)
    end

    reached =
      if integer_path?(step, work) do
        Nx.greater_equal(Nx.new_axis(step, -1), rest.(table.first_step, {:s, 64}))
      else
        frame =
          table.begin_offsets
          |> Enum.map(&rest.(&1, {:f, 64}))
          |> Enum.reduce(Nx.new_axis(Nx.as_type(step, work), -1), fn offset, t ->
            Nx.subtract(t, Nx.as_type(offset, work))
          end)

        Nx.greater_equal(frame, Nx.as_type(rest.(table.threshold, {:f, 64}), work))
      end

    Nx.sum(reached, axes: [Nx.rank(reached) - 1])
  end

  # The step local to its segment: the frame offsets subtracted level by level (in f32
  # arithmetic for an integer step: the whole part of their sum in integers, then the
  # fraction).
  defp local_step(table, step, index, work) do
    pick = fn column -> if index, do: Nx.take(column, index), else: scalar(column) end

    if integer_path?(step, work) do
      whole = pick.(column(table.offset_whole, {:s, 64}, {:s, 64}))
      fraction = pick.(column(table.offset_frac, {:f, 64}, work))
      step |> Nx.subtract(whole) |> Nx.as_type(work) |> Nx.subtract(fraction)
    else
      Enum.reduce(table.offsets, Nx.as_type(step, work), fn offset, t ->
        Nx.subtract(t, pick.(column(offset, {:f, 64}, work)))
      end)
    end
  end

  defp integer_path?(step, work) do
    work == {:f, 32} and elem(Nx.type(step), 0) in [:s, :u]
  end

  # A column of the tables as a tensor of the working type (computed eagerly: the tables
  # are constants of the traced expression).
  defp column(binary, type, work), do: binary |> Nx.from_binary(type) |> Nx.as_type(work)

  defp scalar(column), do: column |> Nx.slice([0], [1]) |> Nx.reshape({})

  defp zero(work), do: Nx.tensor(0, type: work)

  defp not_finite_to_nan(value, work) do
    Nx.select(Nx.is_infinity(value), Nx.Constants.nan(work), value)
  end
end
