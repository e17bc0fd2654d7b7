defmodule Anneal.Test.RandomSchedules do
  @moduledoc false
  # Valid schedules of any kind with random options, integers and floats alike, from the
  # process's :rand state (seed it first).

  @doc "A random valid schedule of `kind`; joins nest up to `depth` levels."
  @spec new(Anneal.Schedule.kind(), non_neg_integer()) :: Anneal.Schedule.t()
  def new(kind, depth \\ 2)

  def new(:join, depth) do
    n = :rand.uniform(3)
    kinds = if depth > 0, do: Anneal.Schedule.kinds(), else: Anneal.Schedule.kinds() -- [:join]
    schedules = for _ <- 1..n, do: new(Enum.random(kinds), depth - 1)
    boundaries = for(_ <- 2..n//1, do: number(1000)) |> Enum.sort()
    Anneal.new(:join, schedules, boundaries: boundaries)
  end

  def new(kind, _depth), do: Anneal.new(kind, value(), opts(kind))

  defp opts(:constant), do: []
  defp opts(:cosine_decay), do: [decay_steps: length(), alpha: fraction()]

  defp opts(:exponential_decay),
    do: [decay_rate: fraction(), transition_steps: length(), staircase: bool()]

  defp opts(:linear_decay), do: [warmup: number(100), steps: length()]

  defp opts(:polynomial_decay),
    do: [end_value: value(), power: number(3), transition_steps: length()]

  defp opts(:warmup_cosine_decay) do
    warmup = number(100)

    [
      peak_value: value(),
      warmup_steps: warmup,
      decay_steps: warmup + length(),
      exponent: number(2)
    ]
  end

  defp opts(:piecewise_constant) do
    [
      boundaries_and_scales:
        Map.new(1..:rand.uniform(4)//1, fn _ -> {number(1000), fraction()} end)
    ]
  end

  defp opts(:inverse_sqrt),
    do: [warmup_steps: number(100), timescale: Enum.random([nil, length()])]

  defp opts(:warmup_stable_decay) do
    [
      warmup_steps: number(100),
      stable_steps: number(100),
      decay_steps: length(),
      min_lr_ratio: fraction(),
      decay_type: Enum.random([:cosine, :linear, :sqrt])
    ]
  end

  defp opts(:cosine_decay_restarts),
    do: [first_decay_steps: length(), t_mul: 1 + number(2), m_mul: fraction(), alpha: fraction()]

  defp opts(:one_cycle),
    do: [transition_steps: length(), pct_start: fraction(), div_factor: 1 + number(30)]

  # A number from 0 up to `max`: an integer or a float, half and half.
  defp number(max), do: Enum.random([:rand.uniform(max + 1) - 1, :rand.uniform() * max])
  defp length, do: Enum.random([:rand.uniform(1000), 0.5 + :rand.uniform() * 1000])
  defp fraction, do: Enum.random([0, 1, :rand.uniform()])
  defp value, do: Enum.random([1, (:rand.uniform() - 0.5) * :math.pow(10, -:rand.uniform(5))])
  defp bool, do: Enum.random([true, false])
end
