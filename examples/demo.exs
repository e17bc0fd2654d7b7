# Prints Anneal's schedules over a few steps: the five Axon-compatible ones, the seven beyond
# Axon, and one as JSON.
# Run with `mix run examples/demo.exs` (or `bash scripts/dev demo` on a fresh machine).

schedules = [
  {"constant(0.1)", Anneal.constant(0.1)},
  {"cosine_decay(0.1, decay_steps: 100)", Anneal.cosine_decay(0.1, decay_steps: 100)},
  {"exponential_decay(0.1, transition_steps: 20)",
   Anneal.exponential_decay(0.1, transition_steps: 20)},
  {"linear_decay(0.1, warmup: 20, steps: 100)", Anneal.linear_decay(0.1, warmup: 20, steps: 100)},
  {"polynomial_decay(0.1, transition_steps: 100)",
   Anneal.polynomial_decay(0.1, transition_steps: 100)},
  {"warmup_cosine_decay(0.0, peak_value: 0.1, warmup_steps: 20, decay_steps: 100)",
   Anneal.warmup_cosine_decay(0.0, peak_value: 0.1, warmup_steps: 20, decay_steps: 100)},
  {"piecewise_constant(0.1, boundaries_and_scales: %{40 => 0.5, 80 => 0.1})",
   Anneal.piecewise_constant(0.1, boundaries_and_scales: %{40 => 0.5, 80 => 0.1})},
  {"inverse_sqrt(0.1, warmup_steps: 20)", Anneal.inverse_sqrt(0.1, warmup_steps: 20)},
  {"warmup_stable_decay(0.1, warmup_steps: 20, stable_steps: 40, decay_steps: 40)",
   Anneal.warmup_stable_decay(0.1, warmup_steps: 20, stable_steps: 40, decay_steps: 40)},
  {"cosine_decay_restarts(0.1, first_decay_steps: 30)",
   Anneal.cosine_decay_restarts(0.1, first_decay_steps: 30)},
  {"one_cycle(0.1, transition_steps: 100)", Anneal.one_cycle(0.1, transition_steps: 100)},
  {"join([constant(0.1), cosine_decay(0.1, decay_steps: 60)], [40])",
   Anneal.join([Anneal.constant(0.1), Anneal.cosine_decay(0.1, decay_steps: 60)], [40])}
]

steps = 0..100//20
header = Enum.map_join(steps, "", &String.pad_leading("step #{&1}", 10))
IO.puts(String.pad_trailing("schedule", 80) <> header)

for {name, fun} <- schedules do
  values = Anneal.evaluate(fun, steps)

  cells =
    Enum.map_join(values, "", &String.pad_leading(:erlang.float_to_binary(&1, decimals: 5), 10))

  IO.puts(String.pad_trailing(name, 80) <> cells)
end

IO.puts("\nAs JSON: " <> Anneal.to_json(Anneal.one_cycle(0.1, transition_steps: 100)))
