defmodule Anneal.AxonTrainingTest do
  # Anneal's functions passed straight to SGD (Axon 0.4.1's, or Polaris' under Axon 0.8.1), in real Axon.Loop training: the
  # learning rate applied at every step is read back from the trained bias (see
  # test/support/axon_probe.ex) and compared with Anneal.value/2.
  use ExUnit.Case, async: true

  alias Anneal.Test.AxonProbe

  @moduletag :axon

  @steps 12

  # {kind, init_value, opts, anchors}: anchors are {step, learning rate} worked out by hand.
  @cases [
    {:constant, 0.05, [], [{0, 0.05}, {11, 0.05}]},
    # 0.1 · (0.9 · ½(1 + cos(π · t/8)) + 0.1): cos(π/2) = 0 at t = 4; clamped at t = 8
    {:cosine_decay, 0.1, [decay_steps: 8, alpha: 0.1],
     [{0, 0.1}, {4, 0.055}, {8, 0.01}, {11, 0.01}]},
    # 0.1 · 0.5^((t − 3)/2) after t = 3: 0.05 at t = 5, 0.025 at t = 7
    {:exponential_decay, 0.1, [decay_rate: 0.5, transition_steps: 2, transition_begin: 3],
     [{0, 0.1}, {3, 0.1}, {5, 0.05}, {7, 0.025}]},
    # the exponent floored: ⌊(6 − 3)/2⌋ = 1 at t = 6, ⌊(11 − 3)/2⌋ = 4 at t = 11
    {:exponential_decay, 0.1,
     [decay_rate: 0.5, transition_steps: 2, transition_begin: 3, staircase: true],
     [{4, 0.1}, {6, 0.05}, {11, 0.00625}]},
    # warmup 0.1 · t/4, then 0.1 · (10 − t)/6, 0 from t = 10
    {:linear_decay, 0.1, [warmup: 4, steps: 10], [{0, 0.0}, {2, 0.05}, {4, 0.1}, {10, 0.0}]},
    # 0.09 · (1 − c/8)² + 0.01, c = clamp(t − 2, 0, 8): (1 − 4/8)² = ¼ at t = 6
    {:polynomial_decay, 0.1,
     [end_value: 0.01, power: 2, transition_steps: 8, transition_begin: 2],
     [{0, 0.1}, {2, 0.1}, {6, 0.0325}, {10, 0.01}, {11, 0.01}]}
  ]

  for {kind, init_value, opts, anchors} <- @cases do
    @kind kind
    @init_value init_value
    @opts opts
    @anchors anchors

    test "#{kind}(#{init_value}, #{inspect(opts)}) drives SGD at #{@steps} steps" do
      fun = apply(Anneal, @kind, [@init_value, @opts])
      schedule = Anneal.new(@kind, @init_value, @opts)
      biases = AxonProbe.biases(fun, @steps)
      rates = AxonProbe.applied_rates(biases)
      assert length(rates) == @steps

      for {rate, step} <- Enum.with_index(rates) do
        expected = Anneal.value(schedule, step)
        # the float32 rounding of the rate and of the bias, both at most 2^-24 relative
        assert_in_delta rate, expected, 2.0e-7 * @init_value, "at step #{step}"
      end

      for {step, expected} <- @anchors do
        assert_in_delta Enum.at(rates, step), expected, 2.0e-7 * @init_value, "at step #{step}"
      end

      # Bit for bit: the biases are those of float32 SGD with Anneal.evaluate/3's f32 rates.
      f32_rates = Anneal.evaluate(fun, 0..(@steps - 1), type: :f32)
      assert biases == AxonProbe.simulate(f32_rates)
    end
  end
end
