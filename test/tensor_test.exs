defmodule Anneal.TensorTest do
  # The tensor path (lib/anneal/tensor.ex, which walks the core's plan tables), checked
  # against Axon's own float32 output (the golden CSV) and against the Rust core.
  use ExUnit.Case, async: true

  @compile {:no_warn_undefined, [Nx, Nx.Defn]}

  alias Anneal.Test.Golden

  # The golden file's tolerances (see golden_test.exs), relative to |init_value| + |expected|.
  @f64_tol 1.0e-12
  @f32_tol 2.0e-6

  test "a step that is neither a number nor a tensor raises, naming it" do
    fun = Anneal.cosine_decay(0.1)

    for step <- ["5", :five, %{step: 5}, [5]] do
      message = "expected step to be a number or an Nx.Tensor, got: #{inspect(step)}"
      assert_raise ArgumentError, message, fn -> fun.(step) end
    end
  end

  describe "Nx tensors" do
    @describetag :nx

    test "every row of the golden CSV, traced in defn like Axon's step counter" do
      checked =
        Enum.flat_map(Golden.cases(), fn {{kind, init_value, opts}, rows} ->
          fun = apply(Anneal, kind, [init_value, opts])
          {ints, floats} = Enum.split_with(rows, &is_integer(&1.step))
          # Integer steps as Axon passes them (s64), the golden file's fractional steps
          # (2.5, 0.5, 7.25: exact in float32) as an f32 tensor; both give f32 values.
          check_f32(fun, ints, {:s, 64}) ++
            check_f32(fun, floats, {:f, 32}) ++ check_f64(fun, rows)
        end)

      assert length(checked) == 2 * length(Golden.rows())
    end

    test "jit over a tensor of steps equals evaluate/3 for the five functions" do
      funs = [
        Anneal.constant(0.01),
        Anneal.cosine_decay(0.01, decay_steps: 1000, alpha: 0.1),
        Anneal.exponential_decay(0.01, transition_steps: 50, transition_begin: 100),
        Anneal.linear_decay(0.01, warmup: 100, steps: 900),
        Anneal.polynomial_decay(0.01, power: 1.5, transition_steps: 800, transition_begin: 50)
      ]

      steps = Nx.iota({1211}, type: {:s, 64}) |> Nx.subtract(10)

      for fun <- funs do
        got = Nx.Defn.jit(fun).(steps)
        assert Nx.type(got) == {:f, 32}
        assert Nx.shape(got) == {1211}
        expected = Anneal.evaluate(fun, -10..1200, type: :f32)
        assert_all_close(Nx.to_flat_list(got), expected, 0.01, @f32_tol)
      end
    end

    test "random schedules agree with the Rust core in f32 and f64" do
      :rand.seed(:exsss, {9, 9, 9})

      for _ <- 1..200 do
        schedule = random_schedule()
        fun = Anneal.to_fun(schedule)
        steps = for _ <- 1..40, do: :rand.uniform(3200) - 200
        s64 = Nx.tensor(steps, type: {:s, 64})

        f32 = Nx.Defn.jit(fun).(s64)
        assert Nx.type(f32) == {:f, 32}
        expected = Anneal.evaluate(schedule, steps, type: :f32)
        assert_all_close(Nx.to_flat_list(f32), expected, schedule.init_value, @f32_tol)

        f64 = Nx.Defn.jit(fun).(Nx.as_type(s64, {:f, 64}))
        assert Nx.type(f64) == {:f, 64}
        expected = Anneal.evaluate(schedule, steps, type: :f64)
        assert_all_close(Nx.to_flat_list(f64), expected, schedule.init_value, @f64_tol)
      end
    end

    test "eager calls, value/2 and shapes" do
      schedule = Anneal.new(:linear_decay, 1.0, warmup: 2, steps: 6)
      fun = Anneal.to_fun(schedule)
      # warmup 2: t/2 for t < 2, then (6 − t)/4
      steps = Nx.tensor([[0, 1, 2], [4, 6, 8]])

      assert Nx.to_flat_list(fun.(steps)) == [0.0, 0.5, 1.0, 0.5, 0.0, 0.0]
      assert Nx.shape(fun.(steps)) == {2, 3}
      assert Anneal.value(schedule, steps) == fun.(steps)
      assert Nx.to_number(fun.(Nx.tensor(1))) == 0.5
    end

    test "f64 steps give f64 values; other real types give f32" do
      fun = Anneal.constant(0.1)
      assert Nx.type(fun.(Nx.tensor(3, type: {:f, 64}))) == {:f, 64}
      assert Nx.to_number(fun.(Nx.tensor(3, type: {:f, 64}))) == 0.1

      for type <- [{:s, 64}, {:s, 32}, {:u, 8}, {:f, 16}, {:bf, 16}, {:f, 32}] do
        got = fun.(Nx.tensor(3, type: type))
        assert Nx.type(got) == {:f, 32}
        # the float32 nearest to 0.1
        assert Nx.to_number(got) == 0.10000000149011612
      end
    end

    test "complex steps raise" do
      message =
        "expected step to be a tensor of integers or floats, got a tensor of type {:c, 64}"

      assert_raise ArgumentError, message, fn ->
        Anneal.cosine_decay(0.1).(Nx.tensor(1, type: {:c, 64}))
      end
    end

    test "decay_rate 0 holds init_value up to transition_begin, then 0" do
      # The discarded branch of the select would be 0^(negative) without a clamp.
      fun = Anneal.exponential_decay(0.5, decay_rate: 0.0, transition_begin: 3)
      got = Nx.Defn.jit(fun).(Nx.tensor([-2, 0, 3, 4, 100]))
      assert Nx.to_flat_list(got) == [0.5, 0.5, 0.5, 0.0, 0.0]
    end
  end

  # The rows' steps as a tensor of `type`, through jit: f32 values, against Axon's.
  defp check_f32(_fun, [], _type), do: []

  defp check_f32(fun, rows, type) do
    got = Nx.Defn.jit(fun).(Nx.tensor(Enum.map(rows, & &1.step), type: type))
    assert Nx.type(got) == {:f, 32}
    check_rows(got, rows, :axon_f32, @f32_tol)
  end

  # The rows' steps as an f64 tensor, eagerly: f64 values, against the float64 reference.
  defp check_f64(fun, rows) do
    got = fun.(Nx.tensor(Enum.map(rows, & &1.step), type: {:f, 64}))
    check_rows(got, rows, :f64, @f64_tol)
  end

  defp check_rows(got, rows, column, tol) do
    for {row, value} <- Enum.zip(rows, Nx.to_flat_list(got)) do
      expected = Map.fetch!(row, column)

      assert Golden.close?(value, expected, row.init_value, tol),
             "#{row.kind} at step #{row.step}: got #{value}, #{column} #{expected}"

      row
    end
  end

  defp assert_all_close(got, expected, init_value, tol) do
    assert length(got) == length(expected)

    for {g, e} <- Enum.zip(got, expected) do
      assert Golden.close?(g, e, init_value, tol), "got #{g}, expected #{e}"
    end
  end

  # A schedule of a random kind with random options (integers and floats), whose values stay
  # finite over the steps above.
  defp random_schedule do
    init_value = (:rand.uniform() * 2 - 1) * :math.pow(10, -:rand.uniform(4))

    case Enum.random(Golden.axon_kinds()) do
      :constant ->
        Anneal.new(:constant, init_value)

      :cosine_decay ->
        Anneal.new(:cosine_decay, init_value,
          decay_steps: length_option(),
          alpha: :rand.uniform() * 2 - 0.5
        )

      :exponential_decay ->
        Anneal.new(:exponential_decay, init_value,
          decay_rate: Enum.random([0, 1, :rand.uniform() * 1.2]),
          transition_steps: length_option() + 10,
          transition_begin: Enum.random([0, :rand.uniform(500), :rand.uniform() * 500]),
          staircase: Enum.random([true, false])
        )

      :linear_decay ->
        Anneal.new(:linear_decay, init_value,
          warmup: Enum.random([0, :rand.uniform(500), :rand.uniform() * 500]),
          steps: length_option()
        )

      :polynomial_decay ->
        Anneal.new(:polynomial_decay, init_value,
          end_value: init_value * :rand.uniform(),
          power: Enum.random([0, 1, 2, :rand.uniform() * 4]),
          transition_steps: length_option(),
          transition_begin: Enum.random([0, :rand.uniform(500), :rand.uniform() * 500])
        )
    end
  end

  # A positive length, an integer or a float, from under 1 to beyond the steps tested.
  defp length_option do
    Enum.random([:rand.uniform(3000), :rand.uniform() * 3000, :rand.uniform()])
  end
end
