defmodule Anneal.Schedule do
  @moduledoc """
  A schedule as data: its `kind`, its `init_value` and its options, validated, with every
  default filled in.

  Build one with `Anneal.new/3`; evaluate it with `Anneal.value/2`, `Anneal.evaluate/3` or
  the function that `Anneal.to_fun/1` returns. The struct is plain data: it can be stored,
  compared and sent between nodes.
  """

  alias Anneal.{Native, Options}

  @enforce_keys [:kind, :init_value, :opts]
  defstruct [:kind, :init_value, :opts]

  @typedoc "The name of a schedule family."
  @type kind ::
          :constant | :cosine_decay | :exponential_decay | :linear_decay | :polynomial_decay

  @type t :: %__MODULE__{kind: kind(), init_value: number(), opts: keyword()}

  # The one place where defaults live. The order of each list is the order in which the
  # options reach the Rust core (see native/anneal_nif/src/spec.rs).
  @defaults [
    constant: [],
    cosine_decay: [decay_steps: 10, alpha: 0.0],
    exponential_decay: [
      decay_rate: 0.95,
      transition_steps: 10,
      transition_begin: 0,
      staircase: false
    ],
    linear_decay: [warmup: 0, steps: 1000],
    polynomial_decay: [end_value: 1.0e-3, power: 2, transition_steps: 10, transition_begin: 0]
  ]

  @rules [
    alpha: :finite,
    decay_rate: :non_negative,
    decay_steps: :positive,
    end_value: :finite,
    power: :non_negative,
    staircase: :boolean,
    steps: :positive,
    transition_begin: :non_negative,
    transition_steps: :positive,
    warmup: :non_negative
  ]

  @s64_min -0x8000000000000000
  @s64_max 0x7FFFFFFFFFFFFFFF

  @doc """
  The schedule kinds that `Anneal.new/3` accepts.

  ## Examples

      iex> Anneal.Schedule.kinds()
      [:constant, :cosine_decay, :exponential_decay, :linear_decay, :polynomial_decay]
  """
  @spec kinds() :: [kind()]
  def kinds, do: Keyword.keys(@defaults)

  @doc """
  The options of a schedule kind with their defaults, in their canonical order.

  ## Examples

      iex> Anneal.Schedule.defaults(:cosine_decay)
      [decay_steps: 10, alpha: 0.0]
  """
  @spec defaults(kind()) :: keyword()
  def defaults(kind) when is_atom(kind) do
    case Keyword.fetch(@defaults, kind) do
      {:ok, defaults} -> defaults
      :error -> raise ArgumentError, unknown_kind(kind)
    end
  end

  def defaults(kind), do: raise(ArgumentError, unknown_kind(kind))

  @doc false
  @spec new(kind(), number(), keyword()) :: t()
  def new(kind, init_value, opts) do
    defaults = defaults(kind)
    check_number!("init_value", init_value, :finite)
    opts = validate_opts!(kind, opts, defaults)
    %__MODULE__{kind: kind, init_value: init_value, opts: opts}
  end

  defp validate_opts!(kind, opts, defaults) do
    # A schedule's own options (every key once, in canonical order) need no merging: the
    # common case when a schedule is validated again before it is evaluated.
    validated =
      if same_keys?(opts, defaults), do: opts, else: Options.validate!(opts, defaults, kind)

    for {key, _default} <- defaults do
      value = Keyword.fetch!(validated, key)
      check_number!(key, value, Keyword.fetch!(@rules, key))
      {key, value}
    end
  end

  defp same_keys?([{key, _} | opts], [{key, _} | defaults]), do: same_keys?(opts, defaults)
  defp same_keys?([], []), do: true
  defp same_keys?(_opts, _defaults), do: false

  defp check_number!(_name, value, :boolean) when is_boolean(value), do: :ok

  defp check_number!(name, value, :boolean),
    do: raise(ArgumentError, "expected #{label(name)} to be a boolean, got: #{inspect(value)}")

  defp check_number!(name, value, _rule)
       when is_integer(value) and (value < @s64_min or value > @s64_max),
       do:
         raise(
           ArgumentError,
           "expected #{label(name)} to fit in a signed 64-bit integer, got: #{value}"
         )

  defp check_number!(_name, value, :finite) when is_number(value), do: :ok
  defp check_number!(_name, value, :positive) when is_number(value) and value > 0, do: :ok
  defp check_number!(_name, value, :non_negative) when is_number(value) and value >= 0, do: :ok

  defp check_number!(name, value, rule) do
    adjective = %{finite: "finite", positive: "positive", non_negative: "non-negative"}

    raise ArgumentError,
          "expected #{label(name)} to be a #{adjective[rule]} number, got: #{inspect(value)}"
  end

  # An option is named as written in a keyword list (:alpha), the argument as is. Formatted
  # only when raising: inspect/1 costs more than the whole check.
  defp label(option) when is_atom(option), do: inspect(option)
  defp label(argument), do: argument

  defp unknown_kind(kind) do
    "unknown schedule kind #{inspect(kind)}, expected one of: #{inspect(kinds())}"
  end

  @doc false
  # The tuple the NIF decodes: {kind, init_value, option...}, numbers as floats. The struct
  # is validated again, as new/3 would: one built by hand (%Anneal.Schedule{...}) may hold
  # anything, and its options may be out of their canonical order.
  @spec to_native(t()) :: tuple()
  def to_native(%__MODULE__{kind: kind, init_value: init_value, opts: opts}) do
    %__MODULE__{opts: opts} = new(kind, init_value, opts)
    List.to_tuple([kind, :erlang.float(init_value) | Enum.map(opts, &native_option/1)])
  end

  defp native_option({_key, value}) when is_number(value), do: :erlang.float(value)
  defp native_option({_key, value}), do: value

  @doc false
  # The closure behind Anneal.to_fun/1 and the Axon-style functions. Anneal.Evaluate
  # recognises it by its module and finds the schedule in its environment. A number goes to
  # the Rust core, an Nx.Tensor (matched without compiling against Nx) to Anneal.Tensor.
  @spec to_fun(t()) :: Anneal.schedule_fun()
  def to_fun(%__MODULE__{} = schedule) do
    spec = to_native(schedule)
    fn step -> call(spec, schedule, step) end
  end

  @doc false
  @spec value(t(), Anneal.step() | Nx.Tensor.t()) :: float() | Nx.Tensor.t()
  def value(%__MODULE__{} = schedule, step), do: call(to_native(schedule), schedule, step)

  defp call(spec, _schedule, step)
       when is_float(step) or (is_integer(step) and step >= @s64_min and step <= @s64_max) do
    case Native.value(spec, step) do
      {:ok, value} -> value
      {:error, message} -> raise ArgumentError, message
    end
  end

  defp call(_spec, schedule, %{__struct__: Nx.Tensor} = step),
    do: Anneal.Tensor.value(schedule, step)

  defp call(_spec, _schedule, step) when is_integer(step) do
    raise ArgumentError, "expected step to fit in a signed 64-bit integer, got: #{step}"
  end

  defp call(_spec, _schedule, step) do
    raise ArgumentError, "expected step to be a number or an Nx.Tensor, got: #{inspect(step)}"
  end

  @doc false
  # The schedule captured by a function from to_fun/1, or :error for any other function.
  @spec from_fun(function()) :: {:ok, t()} | :error
  def from_fun(fun) when is_function(fun, 1) do
    with {:module, __MODULE__} <- Function.info(fun, :module),
         {:env, env} <- Function.info(fun, :env),
         %__MODULE__{} = schedule <- Enum.find(env, &is_struct(&1, __MODULE__)) do
      {:ok, schedule}
    else
      _ -> :error
    end
  end

  def from_fun(_fun), do: :error
end
