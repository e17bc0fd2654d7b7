defmodule Anneal.AxonCasesTest do
  # The cases of Axon 0.4.1's own test/axon/schedules_test.exs (values Axon checks against
  # optax), restated as data. Those values come from float32 arithmetic on float32-rounded
  # parameters: 0.99 is 0.99000001 in float32, which moves 0.99^3996 by 4e-5 relative. We
  # compute in float64, so the comparison uses 1e-4 relative, the tolerance of Nx's own
  # assert_all_close helpers; the golden CSV tests pin the exact values.
  use ExUnit.Case, async: true

  @cases [
    {:exponential_decay, 1.0e-2, [decay_rate: 0.9, transition_steps: 15],
     [{0, 1.0e-2}, {25, 0.008389527}, {50, 0.007038417}, {1000, 8.902254e-06}, {100_000, 0.0}]},
    {:exponential_decay, 1.0e-3, [decay_rate: 0.99, transition_steps: 100],
     [
       {0, 1.0e-3},
       {25, 0.0009974906},
       {50, 0.0009949874},
       {1000, 0.0009043822},
       {100_000, 4.3171664e-08}
     ]},
    {:exponential_decay, 1.0e-1, [decay_rate: 0.99, transition_begin: 100, transition_steps: 25],
     [{0, 0.1}, {25, 0.1}, {50, 0.1}, {1000, 0.069641344}, {100_000, 3.6162157e-19}]},
    {:cosine_decay, 1.0e-3, [decay_steps: 10, alpha: 0.0],
     [{0, 0.001}, {25, 0.0}, {50, 0.0}, {1000, 0.0}, {100_000, 0.0}]},
    {:cosine_decay, 1.0e-2, [decay_steps: 1000, alpha: 0.5],
     [{0, 0.01}, {25, 0.009992293}, {50, 0.0099692205}, {1000, 0.005}, {100_000, 0.005}]},
    {:cosine_decay, 1.0e-1, [decay_steps: 1],
     [{0, 0.1}, {25, 0.0}, {50, 0.0}, {1000, 0.0}, {100_000, 0.0}]},
    {:constant, 1.0e-3, [], [{0, 0.001}, {25, 0.001}, {1000, 0.001}, {100_000, 0.001}]},
    {:constant, 1.0e-2, [], [{0, 0.01}, {50, 0.01}, {100_000, 0.01}]},
    {:constant, 1.0e-1, [], [{0, 0.1}, {25, 0.1}, {100_000, 0.1}]},
    {:polynomial_decay, 1.0e-2, [end_value: 1.0e-3, power: 3, transition_steps: 1000],
     [{0, 0.01}, {25, 0.009341734}, {50, 0.008716375}, {1000, 0.001}, {100_000, 0.001}]},
    {:polynomial_decay, 1.0e-3, [end_value: 1.0e-4, transition_begin: 100, power: 2],
     [{0, 0.001}, {25, 0.001}, {50, 0.001}, {1000, 0.0001}, {100_000, 0.0001}]},
    {:polynomial_decay, 1.0e-1, [end_value: 1.0e-3, transition_steps: 10_000, power: 1.5],
     [{0, 0.1}, {25, 0.099628985}, {50, 0.09925843}, {1000, 0.08552768}, {100_000, 0.001}]}
  ]

  test "each function returns an arity-1 function, with and without options" do
    for kind <- Anneal.Test.Golden.axon_kinds() do
      assert is_function(apply(Anneal, kind, [1.0e-2]), 1)
      assert is_function(apply(Anneal, kind, [1.0e-3, []]), 1)
    end
  end

  test "with default options, step 0 gives init_value (linear_decay: 1.0 after no warmup)" do
    for kind <- Anneal.Test.Golden.axon_kinds() do
      assert apply(Anneal, kind, [1.0e-3]).(0) == 1.0e-3
    end
  end

  for {kind, init_value, opts, points} <- @cases do
    test "#{kind}(#{init_value}, #{inspect(opts)}) matches Axon's optax-checked values" do
      fun = apply(Anneal, unquote(kind), [unquote(init_value), unquote(opts)])

      for {step, expected} <- unquote(Macro.escape(points)) do
        got = fun.(step)

        assert abs(got - expected) <= 1.0e-4 * abs(expected) + 1.0e-12,
               "step #{step}: got #{got}, Axon expects #{expected}"
      end
    end
  end
end
