defmodule Anneal.Test.RandomSchedule do
  @moduledoc false
  # Random schedules and steps for property tests, drawn from the process's :rand state
  # (seed it with :rand.seed/2 first, so that a failure can be replayed).

  # Axon's five kinds, whose properties (monotone decays, bounds) the property tests know;
  # Anneal.Test.RandomSchedules draws valid schedules of every kind.
  @kinds Anneal.Test.Golden.axon_kinds()

  @doc "A random `{kind, init_value, opts}` of one of Axon's five kinds, with realistic parameters."
  def params(kind \\ Enum.random(@kinds)) do
    {kind, init_value(), opts(kind)}
  end

  @doc "The schedule of `params/1`, built with `Anneal.new/3`."
  def schedule(kind \\ Enum.random(@kinds)) do
    {kind, init_value, opts} = params(kind)
    Anneal.new(kind, init_value, opts)
  end

  defp init_value, do: log_uniform(1.0e-6, 10.0)

  defp opts(:constant), do: []

  defp opts(:cosine_decay),
    do: [decay_steps: length(), alpha: Enum.random([0.0, :rand.uniform()])]

  defp opts(:exponential_decay) do
    [
      decay_rate: Enum.random([0.0, 0.5, 0.95, 1.0, :rand.uniform()]),
      transition_steps: length(),
      transition_begin: Enum.random([0, :rand.uniform(1000)]),
      staircase: Enum.random([true, false])
    ]
  end

  defp opts(:linear_decay), do: [warmup: Enum.random([0, :rand.uniform(500)]), steps: length()]

  defp opts(:polynomial_decay) do
    [
      end_value: Enum.random([0.0, 1.0e-3, log_uniform(1.0e-9, 1.0e-6)]),
      power: Enum.random([0, 1, 2, 0.5, 3.7]),
      transition_steps: length(),
      transition_begin: Enum.random([0, :rand.uniform(1000)])
    ]
  end

  # A length: an integer or a float, from 1 to 10^6.
  defp length do
    n = log_uniform(1.0, 1.0e6)
    if :rand.uniform() < 0.7, do: max(1, round(n)), else: n
  end

  defp log_uniform(lo, hi), do: lo * :math.pow(hi / lo, :rand.uniform())

  @doc "A random range of steps: any start from -1,000 on, stride ±1..1,000, up to `max_len` steps."
  def range(max_len) do
    first = :rand.uniform(2_000_000) - 1_000
    stride = Enum.random([1, 1, 1, 7, 250, 1000, -1, -3])
    len = :rand.uniform(max_len + 1) - 1
    first..(first + stride * (len - 1))//stride
  end

  @doc "Steps as a native-endian s64 binary, as Nx stores an :s64 tensor."
  def s64(steps), do: for(step <- steps, into: <<>>, do: <<step::signed-native-64>>)

  @doc "Floats decoded from a packed binary of `type`."
  def floats(binary, :f64), do: for(<<v::float-native-64 <- binary>>, do: v)
  def floats(binary, :f32), do: for(<<v::float-native-32 <- binary>>, do: v)

  @doc "A float64 rounded to the nearest float32 (BEAM's own conversion, round-to-nearest)."
  def to_f32(value) do
    <<rounded::float-native-32>> = <<value::float-native-32>>
    rounded
  end
end
