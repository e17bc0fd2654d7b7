defmodule Anneal do
  @moduledoc ~S"""
  Learning-rate schedules for Elixir and Axon, computed in a Rust NIF.

  Anneal is a drop-in replacement for `Axon.Schedules` (Axon 0.4.1): the same five functions,
  options and defaults. Each returns a function of the training step:

      iex> schedule = Anneal.cosine_decay(0.1, decay_steps: 100)
      iex> schedule.(0)
      0.1
      iex> schedule.(100)
      0.0

  Beyond Axon, a schedule is also data (`Anneal.new/3` returns an `%Anneal.Schedule{}`), and
  `Anneal.evaluate/3` computes it over many steps at once, into a list or a packed binary
  that `Nx.from_binary/2` reads as is.

  ## Nx and Axon

  Every function this module returns (the five above and `to_fun/1`'s) also accepts an
  `Nx.Tensor` of steps, of any shape, eagerly or inside `defn`/`Nx.Defn.jit`, and returns a
  tensor of values computed with Nx operations, traced into the caller's graph. This is how
  Axon 0.4 calls a learning-rate schedule (inside `defn`, with its `s64` step counter), so a
  schedule can be passed straight to an optimizer:

      Axon.Optimizers.adam(Anneal.cosine_decay(1.0e-3, decay_steps: 10_000))

  The tensor formulas compute in float64 and return float32 values (float64 for a float64
  step tensor), the type of Axon's own schedules. They are a second implementation of the
  Rust core's formulas, tested against it. Nx is not a dependency of Anneal: the tensor path
  is taken only when a tensor arrives. Any step that is neither a number nor a tensor raises
  `ArgumentError`. See the README, "Using Anneal with Axon".

  ## Numerics

  Every value is computed in float64 by the Rust core (`native/anneal_core`). With
  `type: :f32`, the result is the float64 value correctly rounded to float32.

  ## Divergence from Axon 0.4.1

  `linear_decay/2` multiplies its scale by `init_value`, as Polaris (Axon's successor) does.
  Axon 0.4.1 returns the bare scale, ignoring `init_value`: a known bug.

  ## Validation

  Options are checked when the schedule is built, not at its first call. An unknown or
  duplicated option, a value of the wrong type or out of range raises `ArgumentError`
  naming the option and the value; so does an `%Anneal.Schedule{}` written by hand, when it
  is used. See the README, "Errors and limits", for everything that is checked.
  """

  alias Anneal.{Evaluate, Schedule}

  @typedoc "A training step: an integer in the signed 64-bit range, or a float."
  @type step :: number()

  @typedoc """
  A function of the step, as the Axon-style functions return: a float for a number, a
  tensor for an `Nx.Tensor` of steps (see "Nx and Axon" above).
  """
  @type schedule_fun :: (step() | Nx.Tensor.t() -> float() | Nx.Tensor.t())

  @doc ~S"""
  Constant schedule: the same value at every step.

  $$\gamma(t) = \gamma_0$$

  Takes no options.

  ## Examples

      iex> Anneal.constant(0.01).(100)
      0.01
  """
  @spec constant(number(), keyword()) :: schedule_fun()
  def constant(init_value, opts \\ []), do: build(:constant, init_value, opts)

  @doc ~S"""
  Cosine decay schedule, from `init_value` down to `alpha * init_value` over `decay_steps`.

  $$\gamma(t) = \gamma_0 \left(\frac{1}{2}(1 - \alpha)\left(1 + \cos\pi \frac{\min(t, k)}{k}\right) + \alpha\right)$$

  Negative steps are not clamped (as in Axon): the cosine runs backwards.

  ## Options

    * `:decay_steps` - number of steps to decay over, $k$ (a positive number). Defaults to `10`.
    * `:alpha` - minimum value of the multiplier, $\alpha$. Defaults to `0.0`.

  ## Examples

      iex> schedule = Anneal.cosine_decay(0.1, decay_steps: 100, alpha: 0.1)
      iex> schedule.(0)
      0.1
      iex> Float.round(schedule.(50), 10)
      0.055
      iex> Float.round(schedule.(1000), 10)
      0.01
  """
  @spec cosine_decay(number(), keyword()) :: schedule_fun()
  def cosine_decay(init_value, opts \\ []), do: build(:cosine_decay, init_value, opts)

  @doc ~S"""
  Exponential decay schedule: `init_value` times `decay_rate` once per `transition_steps`.

  $$\gamma(t) = \gamma_0 r^{\frac{t - t_0}{k}} \text{ for } t > t_0, \quad \gamma_0 \text{ before}$$

  ## Options

    * `:decay_rate` - rate of decay, $r$ (a non-negative number). Defaults to `0.95`.
    * `:transition_steps` - steps per transition, $k$ (a positive number). Defaults to `10`.
    * `:transition_begin` - step at which the decay begins, $t_0$ (a non-negative number).
      Defaults to `0`.
    * `:staircase` - when `true`, the exponent is rounded down, so the value drops once per
      `transition_steps`. Defaults to `false`.

  ## Examples

      iex> schedule = Anneal.exponential_decay(0.1, decay_rate: 0.5, transition_steps: 10)
      iex> schedule.(20)
      0.025
      iex> stairs = Anneal.exponential_decay(0.1, decay_rate: 0.5, transition_steps: 10, staircase: true)
      iex> stairs.(19)
      0.05
  """
  @spec exponential_decay(number(), keyword()) :: schedule_fun()
  def exponential_decay(init_value, opts \\ []), do: build(:exponential_decay, init_value, opts)

  @doc ~S"""
  Linear schedule: a warmup from 0 to `init_value`, then a linear decay to 0 at `steps`.

  $$\gamma(t) = \gamma_0 \frac{t}{\max(1, w)} \text{ for } t < w, \quad
    \gamma_0 \max\left(0, \frac{n - t}{\max(1, n - w)}\right) \text{ after}$$

  Unlike Axon 0.4.1, which returns the bare scale, the value is scaled by `init_value`
  (as Polaris corrected it).

  ## Options

    * `:warmup` - number of warmup steps, $w$ (a non-negative number). Defaults to `0`.
    * `:steps` - the step at which the value reaches 0, $n$ (a positive number). Defaults to `1000`.

  ## Examples

      iex> schedule = Anneal.linear_decay(0.1, warmup: 10, steps: 110)
      iex> schedule.(5)
      0.05
      iex> schedule.(10)
      0.1
      iex> schedule.(200)
      0.0
  """
  @spec linear_decay(number(), keyword()) :: schedule_fun()
  def linear_decay(init_value, opts \\ []), do: build(:linear_decay, init_value, opts)

  @doc ~S"""
  Polynomial decay schedule, from `init_value` to `end_value` over `transition_steps`.

  $$\gamma(t) = (\gamma_0 - \gamma_n)\left(1 - \frac{c}{k}\right)^p + \gamma_n,
    \quad c = \min(\max(t - t_0, 0), k)$$

  ## Options

    * `:end_value` - the final value, $\gamma_n$. Defaults to `1.0e-3`.
    * `:power` - the power of the polynomial, $p$ (a non-negative number). Defaults to `2`.
    * `:transition_steps` - number of steps of the decay, $k$ (a positive number).
      Defaults to `10`.
    * `:transition_begin` - step at which the decay begins, $t_0$ (a non-negative number).
      Defaults to `0`.

  ## Examples

      iex> schedule = Anneal.polynomial_decay(1.0, end_value: 0.0, power: 2, transition_steps: 10)
      iex> schedule.(5)
      0.25
      iex> schedule.(50)
      0.0
  """
  @spec polynomial_decay(number(), keyword()) :: schedule_fun()
  def polynomial_decay(init_value, opts \\ []), do: build(:polynomial_decay, init_value, opts)

  defp build(kind, init_value, opts), do: kind |> new(init_value, opts) |> to_fun()

  @doc """
  Builds a schedule as data: an `%Anneal.Schedule{}` with every option validated and every
  default filled in.

  `kind` is one of `Anneal.Schedule.kinds/0`; `init_value` and `opts` are those of the
  function of the same name.

  ## Examples

      iex> Anneal.new(:cosine_decay, 0.1, decay_steps: 1000)
      %Anneal.Schedule{kind: :cosine_decay, init_value: 0.1, opts: [decay_steps: 1000, alpha: 0.0]}

      iex> Anneal.new(:cosine_decay, 0.1, decay_steps: 0)
      ** (ArgumentError) expected :decay_steps to be a positive number, got: 0
  """
  @spec new(Schedule.kind(), number(), keyword()) :: Schedule.t()
  def new(kind, init_value, opts \\ []), do: Schedule.new(kind, init_value, opts)

  @doc """
  The value of a schedule at one step (an integer or a float), as a float.

  Given an `Nx.Tensor` of steps, returns a tensor of values (see "Nx and Axon" above).

  ## Examples

      iex> schedule = Anneal.new(:linear_decay, 1.0, steps: 4)
      iex> Anneal.value(schedule, 1)
      0.75
  """
  @spec value(Schedule.t(), step() | Nx.Tensor.t()) :: float() | Nx.Tensor.t()
  def value(%Schedule{} = schedule, step), do: Schedule.value(schedule, step)

  def value(other, _step) do
    raise ArgumentError, "expected an %Anneal.Schedule{}, got: #{inspect(other)}"
  end

  @doc """
  The schedule as a function of the step, as the Axon-style functions return it.

  `Anneal.evaluate/3` recognises the function and evaluates it natively.

  ## Examples

      iex> fun = Anneal.to_fun(Anneal.new(:constant, 0.5))
      iex> fun.(7)
      0.5
  """
  @spec to_fun(Schedule.t()) :: schedule_fun()
  def to_fun(%Schedule{} = schedule), do: Schedule.to_fun(schedule)

  def to_fun(other) do
    raise ArgumentError, "expected an %Anneal.Schedule{}, got: #{inspect(other)}"
  end

  @doc """
  Evaluates a schedule over many steps at once.

  `schedule` is an `%Anneal.Schedule{}`, a function returned by this module (both evaluated
  natively), or any other function of arity 1 (called once per step).

  `steps` is a `Range` (any step size, empty or descending), a list of numbers, or a binary
  of native-endian signed 64-bit integers (the layout of an Nx `:s64` tensor).

  ## Options

    * `:type` - `:f64` or `:f32`. An `:f32` result is the float64 value correctly rounded
      to float32. Defaults to `:f64`.
    * `:into` - `:list` (of floats) or `:binary` (packed native-endian floats, which
      `Nx.from_binary(binary, {:f, 32})` reads as is). Defaults to `:list`.

  Evaluations of more than 20,000 steps run on a dirty CPU scheduler. One evaluation may
  allocate at most `config :anneal, max_bytes: ...` bytes for its result (4 GiB by default).

  ## Examples

      iex> schedule = Anneal.linear_decay(1.0, steps: 4)
      iex> Anneal.evaluate(schedule, 0..4)
      [1.0, 0.75, 0.5, 0.25, 0.0]
      iex> Anneal.evaluate(schedule, 4..0//-2)
      [0.0, 0.5, 1.0]
      iex> Anneal.evaluate(schedule, [0, 2.0], type: :f32)
      [1.0, 0.5]
      iex> byte_size(Anneal.evaluate(schedule, 0..999, type: :f32, into: :binary))
      4000
  """
  @spec evaluate(Schedule.t() | (step() -> number()), Range.t() | [step()] | binary(), keyword()) ::
          [float()] | binary()
  def evaluate(schedule, steps, opts \\ []), do: Evaluate.evaluate(schedule, steps, opts)
end
