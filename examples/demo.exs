# Prints Anneal's five Axon-compatible schedules over a few steps.
# Run with `mix run examples/demo.exs` (or `bash scripts/dev demo` on a fresh machine).

schedules = [
  {"constant(0.1)", Anneal.constant(0.1)},
  {"cosine_decay(0.1, decay_steps: 100)", Anneal.cosine_decay(0.1, decay_steps: 100)},
  {"exponential_decay(0.1, transition_steps: 20)",
   Anneal.exponential_decay(0.1, transition_steps: 20)},
  {"linear_decay(0.1, warmup: 20, steps: 100)", Anneal.linear_decay(0.1, warmup: 20, steps: 100)},
  {"polynomial_decay(0.1, transition_steps: 100)",
   Anneal.polynomial_decay(0.1, transition_steps: 100)}
]

steps = 0..100//20
header = Enum.map_join(steps, "", &String.pad_leading("step #{&1}", 10))
IO.puts(String.pad_trailing("schedule", 46) <> header)

for {name, fun} <- schedules do
  values = Anneal.evaluate(fun, steps)

  cells =
    Enum.map_join(values, "", &String.pad_leading(:erlang.float_to_binary(&1, decimals: 5), 10))

  IO.puts(String.pad_trailing(name, 46) <> cells)
end
