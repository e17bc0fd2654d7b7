defmodule Anneal.FastPathTest do
  # Ranges (and arithmetic stretches of s64 binaries) take the core's vectorized kernels;
  # steps given as a list take the exact formula step by step. float32 results must be
  # bit-identical, float64 ones within 1e-14 · (|init_value| + |value|). (The core sweeps
  # 10⁷ steps per schedule; these are smaller sweeps through the NIF, on both schedulers.)
  use ExUnit.Case, async: true

  @schedules [
    {:cosine_decay, 0.1, decay_steps: 150_000},
    {:cosine_decay, 2.0, decay_steps: 33_333.5, alpha: 0.25},
    {:exponential_decay, 0.1, decay_rate: 0.95, transition_steps: 1_000},
    {:exponential_decay, 0.01, decay_rate: 0.95, transition_steps: 10},
    {:exponential_decay, -1.0, decay_rate: 0.5, transition_steps: 777, staircase: true},
    {:linear_decay, 0.1, warmup: 10_000, steps: 150_000},
    {:polynomial_decay, 0.1, end_value: 1.0e-4, power: 3, transition_steps: 150_000},
    {:polynomial_decay, 0.1, power: 0.5, transition_steps: 150_000},
    {:constant, 0.1, []}
  ]

  for {kind, init_value, opts} <- @schedules do
    @schedule Anneal.new(kind, init_value, opts)
    @label "#{kind}(#{init_value}, #{inspect(opts)})"

    test "#{@label}: ranges agree with the exact formula" do
      for range <- [0..59_999, -1_000..1_000, 5..200_000//13, 180_000..0//-17] do
        list = Enum.to_list(range)
        s64 = for step <- list, into: <<>>, do: <<step::signed-native-64>>
        narrow = Anneal.evaluate(@schedule, range, type: :f32, into: :binary)
        assert narrow == Anneal.evaluate(@schedule, list, type: :f32, into: :binary)
        assert narrow == Anneal.evaluate(@schedule, s64, type: :f32, into: :binary)

        wide = Anneal.evaluate(@schedule, range, type: :f64, into: :binary)
        exact = Anneal.evaluate(@schedule, list, type: :f64, into: :binary)
        bound = 1.0e-14 * abs(@schedule.init_value)

        for {<<w::float-native-64>>, <<e::float-native-64>>} <-
              Enum.zip(chunks(wide), chunks(exact)) do
          assert abs(w - e) <= bound + 1.0e-14 * abs(e), "#{w} vs exact #{e}"
        end
      end
    end
  end

  test "random schedules over random ranges, as lists and binaries" do
    :rand.seed(:exsss, {5, 7, 11})

    for _ <- 1..200 do
      {kind, init_value, opts} = Enum.random(@schedules)
      schedule = Anneal.new(kind, init_value * (0.5 + :rand.uniform()), opts)
      first = :rand.uniform(400_000) - 200_000
      stride = Enum.random([1, 1, 2, 13, -1, -5])
      range = first..(first + stride * :rand.uniform(3_000))//stride
      steps = Enum.to_list(range)

      assert Anneal.evaluate(schedule, range, type: :f32) ==
               Anneal.evaluate(schedule, steps, type: :f32)

      assert Anneal.evaluate(schedule, range, type: :f32, into: :binary) ==
               Anneal.evaluate(schedule, steps, type: :f32, into: :binary)
    end
  end

  defp chunks(binary), do: for(<<chunk::binary-8 <- binary>>, do: chunk)
end
