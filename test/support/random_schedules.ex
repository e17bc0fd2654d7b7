defmodule Anneal.Test.RandomSchedules do
  @moduledoc false
  # Valid schedules of any kind with random options, integers and floats alike, from the
  # process's :rand state (seed it first).

  @doc "A random valid schedule of `kind`; joins nest up to `depth` levels."
  @spec new(Anneal.Schedule.kind(), non_neg_integer()) :: Anneal.Schedule.t()
  def new(kind, depth \\ 2)

  def new(:join, depth) do
    n = :rand.uniform(3)
    schedules = for _ <- 1..n, do: part(depth)
    boundaries = for(_ <- 2..n//1, do: number(1000)) |> Enum.sort()
    Anneal.new(:join, schedules, boundaries: boundaries)
  end

  def new(:multiply, depth),
    do: Anneal.new(:multiply, for(_ <- 1..:rand.uniform(3), do: part(depth)), [])

  def new(:shift, depth),
    do: Anneal.new(:shift, part(depth), by: number(1000) - number(1000))

  # Hugging Face requires the learning rate above its end value.
  def new(:warmup_polynomial_decay, _depth),
    do:
      Anneal.new(:warmup_polynomial_decay, Enum.random([1, 0.5]), opts(:warmup_polynomial_decay))

  def new(kind, _depth), do: Anneal.new(kind, value(), opts(kind))

  @compositions [:join, :multiply, :shift]

  defp part(depth) do
    kinds =
      if depth > 0, do: Anneal.Schedule.kinds(), else: Anneal.Schedule.kinds() -- @compositions

    new(Enum.random(kinds), depth - 1)
  end

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

  defp opts(:piecewise_interpolate) do
    [
      boundaries_and_scales:
        Map.new(1..:rand.uniform(4)//1, fn _ -> {number(1000), fraction()} end),
      interpolate_type: Enum.random([:linear, :cosine])
    ]
  end

  defp opts(:linear_one_cycle) do
    # ⌊a·T⌋ < ⌊b·T⌋ < T for T ≥ 100, a < 0.4 and 0.5 ≤ b < 0.9.
    [
      transition_steps: 100 + length(),
      pct_start: 0.4 * :rand.uniform(),
      pct_final: 0.5 + 0.4 * :rand.uniform(),
      div_factor: 1 + number(30)
    ]
  end

  defp opts(:warmup_constant), do: [peak_value: value(), warmup_steps: length()]

  defp opts(:warmup_exponential_decay) do
    [
      peak_value: value(),
      warmup_steps: number(100),
      transition_steps: length(),
      decay_rate: 0.05 + 0.9 * :rand.uniform(),
      transition_begin: number(100),
      staircase: bool(),
      end_value: Enum.random([nil, value()])
    ]
  end

  defp opts(:cosine_with_hard_restarts),
    do: [warmup_steps: number(100), training_steps: number(2000), num_cycles: 0.5 + number(3)]

  defp opts(:warmup_polynomial_decay) do
    warmup = number(100)

    [
      warmup_steps: warmup,
      training_steps: warmup + length(),
      end_value: 0.1 * fraction(),
      power: 0.5 + number(2)
    ]
  end

  defp opts(:cyclic) do
    [
      max_value: value(),
      step_size_up: length(),
      step_size_down: Enum.random([nil, number(1000)]),
      mode: Enum.random([:triangular, :triangular2, :exp_range]),
      gamma: Enum.random([1.0, 0.999])
    ]
  end

  # A number from 0 up to `max`: an integer or a float, half and half.
  defp number(max), do: Enum.random([:rand.uniform(max + 1) - 1, :rand.uniform() * max])
  defp length, do: Enum.random([:rand.uniform(1000), 0.5 + :rand.uniform() * 1000])
  defp fraction, do: Enum.random([0, 1, :rand.uniform()])
  defp value, do: Enum.random([1, (:rand.uniform() - 0.5) * :math.pow(10, -:rand.uniform(5))])
  defp bool, do: Enum.random([true, false])
end
