# Anneal's evaluation benchmarks: `mix run bench/schedules.exs` (not a test; no assertions).
#
# Prints, for each schedule × n × type × path, the best ns/step of 9 runs after a
# warm-up, beside the same run's write floors (a NIF filling a fresh binary with a constant;
# :binary.copy/2 of a 4 KiB chunk), the pure-Elixir figures (a closure with :math, Enum.map
# building a list) and their ratios; then the scalar path, small ranges, a 1 ms ticker
# process beside 10⁷-step evaluations, and the peak memory of one. With BENCH_TSV=path it
# also writes the figures as tab-separated rows for bench/run.sh.

defmodule Bench do
  @repeats 5

  def best(fun, repeats \\ @repeats), do: fun |> times(repeats) |> Enum.min()

  # Best and median of `repeats` runs after a warm-up, in microseconds.
  def best_median(fun, repeats \\ @repeats) do
    times = fun |> times(repeats) |> Enum.sort()
    {hd(times), Enum.at(times, div(length(times), 2))}
  end

  defp times(fun, repeats) do
    fun.()

    Enum.map(1..repeats, fn _ ->
      :erlang.garbage_collect()
      {us, _} = :timer.tc(fun)
      us
    end)
  end

  # Prints where the run is, on stderr (stdout is the report).
  def progress(what),
    do: IO.puts(:stderr, "[#{Time.utc_now() |> Time.truncate(:second)}] #{what}")

  def ns_per(us, n), do: us * 1000 / n

  # Two functions timed in turn, round after round: on a shared machine both then see the
  # same load. Returns the best time of each.
  def best_pair(a, b, rounds \\ 7) do
    a.()
    b.()

    1..rounds
    |> Enum.map(fn _ -> {elem(:timer.tc(a), 0), elem(:timer.tc(b), 0)} end)
    |> Enum.unzip()
    |> then(fn {as, bs} -> {Enum.min(as), Enum.min(bs)} end)
  end

  def fmt(x) when x >= 100, do: :erlang.float_to_binary(x / 1, decimals: 0)
  def fmt(x) when x >= 10, do: :erlang.float_to_binary(x / 1, decimals: 1)
  def fmt(x), do: :erlang.float_to_binary(x / 1, decimals: 2)

  def row(cells), do: IO.puts("| " <> Enum.join(cells, " | ") <> " |")

  def tsv(fields) do
    if path = System.get_env("BENCH_TSV") do
      File.write!(path, Enum.join(fields, "\t") <> "\n", [:append])
    end
  end

  # One schedule of every kind, labelled and parameterised as bench/peers.py's rows (report.py
  # joins the two by label; keep them in step). Every segment is at least 64 steps long at
  # n = 10⁶: w = n/10, k = n/100; cyclic waves have cycles of 4000 and 8000 steps.
  def schedules(n) do
    w = div(n, 10)
    k = div(n, 100)
    quarter = %{div(n, 4) => 0.5, div(n, 2) => 0.2, div(3 * n, 4) => 0.5}
    cosine = fn steps -> Anneal.new(:cosine_decay, 0.1, decay_steps: steps) end

    [
      # Axon's five.
      {"cosine_decay", cosine.(n)},
      {"exponential_decay", Anneal.new(:exponential_decay, 0.1, transition_steps: k)},
      {"exponential_decay (underflows)",
       Anneal.new(:exponential_decay, 0.1, decay_rate: 0.95, transition_steps: 10)},
      {"exponential_decay staircase",
       Anneal.new(:exponential_decay, 0.1, transition_steps: k, staircase: true)},
      {"polynomial_decay", Anneal.new(:polynomial_decay, 0.1, transition_steps: n)},
      {"linear_decay + warmup", Anneal.new(:linear_decay, 0.1, warmup: w, steps: n)},
      {"constant", Anneal.new(:constant, 0.1)},
      # The seven beyond Axon.
      {"warmup_cosine_decay",
       Anneal.new(:warmup_cosine_decay, 0.0, peak_value: 0.1, warmup_steps: w, decay_steps: n)},
      {"piecewise_constant",
       Anneal.new(:piecewise_constant, 0.1,
         boundaries_and_scales: %{div(n, 3) => 0.5, div(2 * n, 3) => 0.1}
       )},
      {"inverse_sqrt", Anneal.new(:inverse_sqrt, 0.1, warmup_steps: w)},
      {"warmup_stable_decay",
       Anneal.new(:warmup_stable_decay, 0.1,
         warmup_steps: w,
         stable_steps: 4 * w,
         decay_steps: 5 * w
       )},
      {"cosine_decay_restarts", Anneal.new(:cosine_decay_restarts, 0.1, first_decay_steps: w)},
      {"one_cycle", Anneal.new(:one_cycle, 0.1, transition_steps: n)},
      {"join (constant, cosine_decay)",
       Anneal.new(:join, [Anneal.new(:constant, 0.1), cosine.(n - w)], boundaries: [w])},
      {"join nested (join (linear, cosine), constant)",
       Anneal.new(
         :join,
         [
           Anneal.new(
             :join,
             [
               Anneal.new(:polynomial_decay, 0.0,
                 end_value: 0.1,
                 power: 1,
                 transition_steps: w
               ),
               cosine.(7 * w)
             ],
             boundaries: [w]
           ),
           Anneal.new(:constant, 0.01)
         ],
         boundaries: [9 * w]
       )},
      # Issue 16's options on existing kinds.
      {"exponential_decay end_value",
       Anneal.new(:exponential_decay, 0.1, transition_steps: k, end_value: 1.0e-3)},
      {"cosine_decay exponent", Anneal.new(:cosine_decay, 0.1, decay_steps: n, exponent: 2.0)},
      {"cosine_decay exponent 3.7",
       Anneal.new(:cosine_decay, 0.1, decay_steps: n, exponent: 3.7)},
      {"warmup_stable_decay warmup_type cosine",
       Anneal.new(:warmup_stable_decay, 0.1,
         warmup_steps: w,
         stable_steps: 4 * w,
         decay_steps: 5 * w,
         warmup_type: :cosine,
         min_lr_ratio: 0.1
       )},
      # Issue 16's new kinds.
      {"piecewise_interpolate",
       Anneal.new(:piecewise_interpolate, 0.1, boundaries_and_scales: quarter)},
      {"piecewise_interpolate cosine",
       Anneal.new(:piecewise_interpolate, 0.1,
         boundaries_and_scales: quarter,
         interpolate_type: :cosine
       )},
      {"linear_one_cycle", Anneal.new(:linear_one_cycle, 0.1, transition_steps: n)},
      {"warmup_constant", Anneal.new(:warmup_constant, 0.0, peak_value: 0.1, warmup_steps: w)},
      {"warmup_exponential_decay",
       Anneal.new(:warmup_exponential_decay, 0.0,
         peak_value: 0.1,
         warmup_steps: w,
         transition_steps: k,
         decay_rate: 0.95,
         end_value: 1.0e-3
       )},
      {"cosine_with_hard_restarts",
       Anneal.new(:cosine_with_hard_restarts, 0.1,
         warmup_steps: w,
         training_steps: n,
         num_cycles: 4
       )},
      {"warmup_polynomial_decay",
       Anneal.new(:warmup_polynomial_decay, 0.1, warmup_steps: w, training_steps: n)},
      {"cyclic", Anneal.new(:cyclic, 0.01, max_value: 0.1, step_size_up: 2000)},
      {"cyclic exp_range",
       Anneal.new(:cyclic, 0.01,
         max_value: 0.1,
         step_size_up: 2000,
         step_size_down: 6000,
         mode: :exp_range,
         gamma: 0.99999
       )},
      {"multiply (cosine_decay, exponential_decay)",
       Anneal.multiply([cosine.(n), Anneal.new(:exponential_decay, 1.0, transition_steps: k)])},
      {"shift (warmup_cosine_decay)",
       Anneal.shift(
         Anneal.new(:warmup_cosine_decay, 0.0,
           peak_value: 0.1,
           warmup_steps: w,
           decay_steps: 2 * n
         ),
         div(n, 2)
       )}
    ]
  end

  # The same cosine formula as Anneal.cosine_decay(0.1, decay_steps: k), in plain Elixir.
  def elixir_cosine(k) do
    fn step -> 0.1 * (0.5 * (1 + :math.cos(:math.pi() * min(step, k) / k))) end
  end

  # Runs `work` over and over for `ms` milliseconds in a process of its own, beside a
  # process that asks for a 1 ms timeout and records when it fires. Returns the number of
  # runs, of ticks, and the p99 and largest gaps between ticks in milliseconds.
  def ticker(work, ms) do
    parent = self()

    ticker =
      spawn(fn ->
        tick = fn tick, acc ->
          receive do
            :stop -> send(parent, {:ticks, Enum.reverse(acc)})
          after
            1 -> tick.(tick, [System.monotonic_time(:microsecond) | acc])
          end
        end

        tick.(tick, [])
      end)

    runs =
      Task.async(fn ->
        deadline = System.monotonic_time(:millisecond) + ms

        Stream.repeatedly(work)
        |> Enum.reduce_while(0, fn _, count ->
          if System.monotonic_time(:millisecond) < deadline,
            do: {:cont, count + 1},
            else: {:halt, count + 1}
        end)
      end)

    count = Task.await(runs, :infinity)
    send(ticker, :stop)
    ticks = receive do: ({:ticks, ticks} -> ticks)

    gaps =
      ticks
      |> Enum.chunk_every(2, 1, :discard)
      |> Enum.map(fn [a, b] -> (b - a) / 1000 end)
      |> Enum.sort()

    at = fn q -> Enum.at(gaps, min(trunc(length(gaps) * q), length(gaps) - 1)) end
    {count, length(ticks), at.(0.99), at.(0.999), List.last(gaps)}
  end

  # The 1 ms ticker beside back-to-back 10⁷-step f32 evaluations on `threads` threads: the
  # ticker alone, then 5 runs of 2 s; the median over runs of p99, p99.9 and the worst gap.
  def ticker_section(flags) do
    progress("ticker (#{flags})")

    IO.puts(
      "\n## A 1 ms ticker beside back-to-back 10⁷-step f32 evaluations, VM flags: #{flags}\n"
    )

    IO.puts(
      "2 s per run; #{Anneal.Threads.current()} threads per evaluation. Medians over 5 runs.\n"
    )

    row(["run", "evaluations", "ticks", "p99 (ms)", "p99.9 (ms)", "max (ms)"])
    row(List.duplicate("---", 6))
    s = Anneal.new(:cosine_decay, 0.1, decay_steps: 10_000_000)
    evaluate = fn -> Anneal.evaluate(s, 0..9_999_999, type: :f32, into: :binary) end
    {count, ticks, p99, p999, worst} = ticker(fn -> Process.sleep(1) end, 2000)
    row(["ticker alone", "—", ticks, fmt(p99), fmt(p999), fmt(worst)])

    runs = for _ <- 1..5, do: ticker(evaluate, 2000)
    median = fn i -> runs |> Enum.map(&elem(&1, i)) |> Enum.sort() |> Enum.at(2) end
    _ = count

    {count, ticks, p99, p999, worst} =
      {median.(0), median.(1), median.(2), median.(3), median.(4)}

    row(["with evaluations (median of 5)", count, ticks, fmt(p99), fmt(p999), fmt(worst)])
    tsv(["ticker p99 (ms), #{flags}", 10_000_000, :f32, "ticker", p99])
    tsv(["ticker p99.9 (ms), #{flags}", 10_000_000, :f32, "ticker", p999])
    tsv(["ticker max (ms), #{flags}", 10_000_000, :f32, "ticker", worst])
  end

  def binary_copy_floor(bytes) do
    chunk = :binary.copy(<<0x3D>>, 4096)
    best(fn -> :binary.copy(chunk, div(bytes, 4096)) end)
  end
end

tsv = System.get_env("BENCH_TSV")
# BENCH_ONLY=ticker runs only the ticker section (bench/run.sh runs it again in a VM started
# with +sbwt none +sbwtdcpu none +sbwtdio none), appending to the TSV.
ticker_only = System.get_env("BENCH_ONLY") == "ticker"
if tsv && !ticker_only, do: File.write!(tsv, "")

if ticker_only do
  Bench.ticker_section(System.get_env("BENCH_FLAGS", "+sbwt none +sbwtdcpu none +sbwtdio none"))
  System.halt(0)
end

IO.puts("# Anneal benchmarks (ns per step; best of 5, or median / best, after a warm-up)\n")

IO.puts(
  "System: #{:erlang.system_info(:system_architecture)}, OTP #{System.otp_release()}, " <>
    "#{System.schedulers_online()} schedulers\n"
)

## Peak memory of one 10⁷-step f32 evaluation (first, in a fresh VM)

IO.puts("\n## Peak memory of a 10⁷-step f32 evaluation (40 MB output)\n")

rss = fn key ->
  "/proc/self/status"
  |> File.read!()
  |> String.split("\n")
  |> Enum.find_value(fn line ->
    if String.starts_with?(line, key),
      do: line |> String.split() |> Enum.at(1) |> String.to_integer()
  end)
end

:erlang.garbage_collect()
Process.sleep(100)
before = rss.("VmRSS:")
# Resets the peak resident size (VmHWM) to the current one.
File.write("/proc/self/clear_refs", "5")
s = Anneal.new(:cosine_decay, 0.1, decay_steps: 10_000_000)
bin = Anneal.evaluate(s, 0..9_999_999, type: :f32, into: :binary)
peak = rss.("VmHWM:")
growth = (peak - before) * 1024
Bench.tsv(["peak memory / output", 10_000_000, :f32, "memory", growth / byte_size(bin)])

IO.puts(
  "RSS before #{div(before, 1024)} MB, peak #{div(peak, 1024)} MB: growth #{Bench.fmt(growth / 1.0e6)} MB for #{div(byte_size(bin), 1_000_000)} MB of output (#{Bench.fmt(growth / byte_size(bin))}×)"
)

## Vector evaluation into binaries

IO.puts("\n## Ranges into binaries (`evaluate(s, 0..n-1, type: t, into: :binary)`)\n")

IO.puts(
  "median / best of 5; one thread with the widest kernels the CPU has (AVX-512 here), two threads, one thread with the AVX2 kernels, one with the portable ones.\n"
)

Bench.row(~w(schedule n type 1-thread 2-threads speed-up avx2 portable floor:nif))
Bench.row(List.duplicate("---", 9))

# {threads, instruction set of the kernels (Anneal.Native.set_isa/1), TSV path}
configs = [
  {1, :avx512, "range"},
  {2, :avx512, "range 2 threads"},
  {1, :avx2, "range avx2"},
  {1, :portable, "range portable"}
]

# BENCH_SIZES=10000,100000 replaces 10⁶ and 10⁷, for a quick check of the harness.
sizes =
  case System.get_env("BENCH_SIZES") do
    nil -> [1_000_000, 10_000_000]
    list -> list |> String.split(",") |> Enum.map(&String.to_integer/1)
  end

# The first row measured slower than itself later in every run (0.7-1.4 against 0.7 ns/step):
# the dirty schedulers and the pool waking, the clock rising. A second of its work first.
{_, first} = hd(Bench.schedules(hd(sizes)))
warm_until = System.monotonic_time(:millisecond) + 1_000

configs
|> Stream.cycle()
|> Enum.find(fn {threads, isa, _} ->
  Anneal.Native.set_threads(threads)
  Anneal.Native.set_isa(isa)
  Anneal.evaluate(first, 0..(hd(sizes) - 1), type: :f32, into: :binary)
  System.monotonic_time(:millisecond) >= warm_until
end)

Anneal.Native.set_isa(:avx512)

for n <- sizes, type <- [:f32, :f64] do
  Bench.progress("ranges, n = #{n}, #{type}")
  bytes = n * if(type == :f32, do: 4, else: 8)
  nif_floor = Bench.ns_per(Bench.best(fn -> Anneal.Native.write_floor(bytes) end), n)
  copy_floor = Bench.ns_per(Bench.binary_copy_floor(bytes), n)
  Bench.tsv(["write floor (NIF)", n, type, "floor", nif_floor])
  Bench.tsv(["write floor (:binary.copy)", n, type, "floor", copy_floor])

  for {name, s} <- Bench.schedules(n) do
    timings =
      for {threads, isa, path} <- configs do
        Anneal.Native.set_threads(threads)
        Anneal.Native.set_isa(isa)
        eval = fn -> Anneal.evaluate(s, 0..(n - 1), type: type, into: :binary) end
        {best, median} = Bench.best_median(eval)
        {best, median} = {Bench.ns_per(best, n), Bench.ns_per(median, n)}
        Bench.tsv([name, n, type, path, best, median])
        {best, median}
      end

    Anneal.Native.set_isa(:avx512)
    Anneal.Native.apply_threads()
    [one, two, avx2, portable] = timings
    pair = fn {best, median} -> "#{Bench.fmt(median)} / #{Bench.fmt(best)}" end

    Bench.row([
      name,
      n,
      type,
      pair.(one),
      pair.(two),
      Bench.fmt(elem(one, 1) / elem(two, 1)) <> "×",
      pair.(avx2),
      pair.(portable),
      Bench.fmt(nif_floor)
    ])
  end
end

## Sweeps

Bench.progress("sweeps")

IO.puts(
  "\n## Sweeps: 100 schedules × 10⁵ steps, f32 binary (target ≤ 1.5 ns per step·schedule, 2 threads)\n"
)

Bench.row(["threads", "ns per step·schedule, median / best"])
Bench.row(~w(--- ---))
sweep = for i <- 1..100, do: Anneal.new(:cosine_decay, 0.1 * i, decay_steps: 100_000 + i)

for threads <- [1, 2] do
  Anneal.Native.set_threads(threads)
  run = fn -> Anneal.evaluate_many(sweep, 0..99_999, type: :f32, into: :binary) end
  {best, median} = Bench.best_median(run)
  {best, median} = {Bench.ns_per(best, 10_000_000), Bench.ns_per(median, 10_000_000)}

  Bench.tsv([
    "sweep 100 × 10⁵ (cosine_decay)",
    100_000,
    :f32,
    "sweep #{threads} threads",
    best,
    median
  ])

  Bench.row([threads, "#{Bench.fmt(median)} / #{Bench.fmt(best)}"])
end

Anneal.Native.apply_threads()

## s64 binaries of steps

Bench.progress("s64 binaries")
IO.puts("\n## Steps as an s64 binary, f32 binary out (n = 10⁶)\n")
Bench.row(~w(schedule ns/step))
Bench.row(~w(--- ---))
n = 1_000_000
s64 = for step <- 0..(n - 1), into: <<>>, do: <<step::signed-native-64>>

for {name, s} <- Bench.schedules(n) do
  ns = Bench.ns_per(Bench.best(fn -> Anneal.evaluate(s, s64, type: :f32, into: :binary) end), n)
  Bench.tsv([name, n, :f32, "s64", ns])
  Bench.row([name, Bench.fmt(ns)])
end

## Lists

Bench.progress("lists and scalar calls")
IO.puts("\n## Ranges into lists, against Enum.map building the same list with :math\n")

IO.puts(
  "`evaluate/3` on a compiled handle (`Anneal.compile/1`, the hot-loop form; issue 14's " <>
    "target for 10 steps: at most Enum.map's time), and on the plain struct for 10 steps " <>
    "(which compiles the schedule on every call). Each repetition starts at another step.\n"
)

Bench.row(["n", "form", "evaluate into: :list", "Enum.map", "ratio"])
Bench.row(~w(--- --- --- --- ---))

for n <- [10, 100, 1000, 100_000, 1_000_000] do
  s = Anneal.new(:cosine_decay, 0.1, decay_steps: n)
  f = Bench.elixir_cosine(n)
  reps = if n <= 1000, do: div(100_000, n), else: 1
  forms = [{"compiled handle", "cosine_decay", Anneal.compile(s)}]
  forms = if n == 10, do: forms ++ [{"struct", "cosine_decay (struct)", s}], else: forms

  for {form, label, schedule} <- forms do
    {ours, theirs} =
      Bench.best_pair(
        fn -> for i <- 1..reps, do: Anneal.evaluate(schedule, i..(i + n - 1)) end,
        fn -> for i <- 1..reps, do: Enum.map(i..(i + n - 1), f) end
      )

    {ours, theirs} = {ours / reps, theirs / reps}
    Bench.tsv([label, n, :f64, "list", Bench.ns_per(ours, n)])

    if form == "compiled handle",
      do: Bench.tsv(["Enum.map with :math", n, :f64, "list", Bench.ns_per(theirs, n)])

    Bench.row([
      n,
      form,
      Bench.fmt(Bench.ns_per(ours, n)),
      Bench.fmt(Bench.ns_per(theirs, n)),
      Bench.fmt(ours / theirs)
    ])
  end
end

## Scalar calls

IO.puts("\n## Scalar calls (ns per call, 10⁶ calls; issue 14's target: at most 1.2×)\n")
n = 1_000_000
loop = fn f -> fn -> Enum.reduce(1..n, 0.0, fn step, acc -> acc + f.(step) end) end end
Bench.row(["schedule", "fun.(step)", "Elixir closure with :math", "ratio"])
Bench.row(~w(--- --- --- ---))

# Both sides compute with libm at every call: decay_steps = n (past decay_steps, ours would be
# a constant while the closure still calls :math.cos), and transition_steps = n / 100.
scalars = [
  {"cosine_decay", Anneal.cosine_decay(0.1, decay_steps: n), Bench.elixir_cosine(n)},
  {"exponential_decay",
   Anneal.exponential_decay(0.1, transition_steps: div(n, 100), decay_rate: 0.96),
   fn step -> 0.1 * :math.pow(0.96, step / div(n, 100)) end}
]

for {name, fun, elixir} <- scalars do
  {ours, theirs} = Bench.best_pair(loop.(fun), loop.(elixir))
  {ours, theirs} = {Bench.ns_per(ours, n), Bench.ns_per(theirs, n)}
  label = if name == "cosine_decay", do: "", else: " (#{name})"
  Bench.tsv(["scalar fun.(step)#{label}", 1, :f64, "scalar", ours])
  Bench.tsv(["scalar Elixir closure#{label}", 1, :f64, "scalar", theirs])
  Bench.row([name, Bench.fmt(ours), Bench.fmt(theirs), Bench.fmt(ours / theirs)])
end

# The floor under any fun.(step): the same loop around a NIF call that returns at once (a
# handle that is no resource answers :stale before any work), and around a closure that
# returns a constant. :math's functions are BIFs, which the VM calls more cheaply than a NIF.
stale = make_ref()
nif_floor = fn step -> if Anneal.Native.value(stale, step) == :stale, do: 0.0 end
{nif, empty} = Bench.best_pair(loop.(nif_floor), loop.(fn _step -> 0.0 end))
{nif, empty} = {Bench.ns_per(nif, n), Bench.ns_per(empty, n)}
Bench.tsv(["scalar NIF call floor", 1, :f64, "scalar", nif])
Bench.tsv(["scalar empty closure", 1, :f64, "scalar", empty])

IO.puts(
  "\nThe loop around a NIF call that returns at once takes #{Bench.fmt(nif)} ns per call, " <>
    "around a closure returning a constant #{Bench.fmt(empty)} ns: the NIF call alone costs " <>
    "#{Bench.fmt(nif - empty)} ns, before any evaluation (a :math BIF is called more cheaply)."
)

Bench.ticker_section("default")
Bench.progress("done")
