defmodule Anneal.Schedule do
  @moduledoc """
  A schedule as data: its `kind`, its `init_value` and its options, validated, with every
  default filled in.

  Build one with `Anneal.new/3`; evaluate it with `Anneal.value/2`, `Anneal.evaluate/3` or
  the function that `Anneal.to_fun/1` returns. The struct is plain data: it can be stored,
  compared, sent between nodes and written as JSON (`Anneal.to_json/1`).

  `init_value` is the schedule's first positional argument: the peak value for
  `:one_cycle` and `:linear_one_cycle`, the base value for `:cyclic`, and `nil` for
  `:join`, `:multiply` and `:shift`, whose schedules are their options.
  """

  alias Anneal.{Compiled, Native, Options}

  @enforce_keys [:kind, :init_value, :opts]
  defstruct [:kind, :init_value, :opts]

  @typedoc "The name of a schedule family."
  @type kind ::
          :constant
          | :cosine_decay
          | :exponential_decay
          | :linear_decay
          | :polynomial_decay
          | :warmup_cosine_decay
          | :piecewise_constant
          | :inverse_sqrt
          | :warmup_stable_decay
          | :cosine_decay_restarts
          | :one_cycle
          | :join
          | :piecewise_interpolate
          | :linear_one_cycle
          | :warmup_constant
          | :warmup_exponential_decay
          | :cosine_with_hard_restarts
          | :warmup_polynomial_decay
          | :cyclic
          | :multiply
          | :shift

  @type t :: %__MODULE__{kind: kind(), init_value: number() | nil, opts: keyword()}

  # Every kind's options, their defaults, canonical order and rules are the Rust core's
  # (`Kind::OPTIONS` in native/anneal_core/src/kinds/), read once through the NIF and kept in
  # :persistent_term. An option whose default is `:required` has none; one marked `later`
  # was added after version 1 documents were first written, and is left out of JSON and of
  # the call text where it holds its default, so every older document reads back and writes
  # out unchanged.
  @schema_key {__MODULE__, :schema}

  defp schema do
    case :persistent_term.get(@schema_key, nil) do
      nil -> load_schema()
      schema -> schema
    end
  end

  defp load_schema do
    {:ok, {kinds, max_depth}} = Anneal.Native.schema()
    options = fn pick -> Map.new(kinds, fn {kind, opts} -> {kind, Enum.map(opts, pick)} end) end

    schema = %{
      kinds: Keyword.keys(kinds),
      defaults: options.(fn {key, default, _rule, _later} -> {key, default} end),
      rules: options.(fn {key, _default, rule, _later} -> {key, rule} end),
      later: Map.new(kinds, fn {kind, opts} -> {kind, for({k, _, _, true} <- opts, do: k)} end),
      atoms: Map.new(for {_, opts} <- kinds, {k, _, {:one_of, atoms}, _} <- opts, do: {k, atoms}),
      # The kinds whose options hold schedules instead of an init_value.
      compositions:
        for(
          {kind, opts} <- kinds,
          {_, _, rule, _} <- opts,
          rule in [:schedule, :schedules],
          into: MapSet.new(),
          do: kind
        ),
      # The NIF decodes (and the core compiles) a join recursively; it refuses deeper nesting.
      max_depth: max_depth
    }

    :persistent_term.put(@schema_key, schema)
    schema
  end

  defp composition?(kind), do: MapSet.member?(schema().compositions, kind)

  @doc """
  The schedule kinds that `Anneal.new/3` accepts.

  ## Examples

      iex> Anneal.Schedule.kinds()
      [:constant, :cosine_decay, :exponential_decay, :linear_decay, :polynomial_decay,
       :warmup_cosine_decay, :piecewise_constant, :inverse_sqrt, :warmup_stable_decay,
       :cosine_decay_restarts, :one_cycle, :join, :piecewise_interpolate, :linear_one_cycle,
       :warmup_constant, :warmup_exponential_decay, :cosine_with_hard_restarts,
       :warmup_polynomial_decay, :cyclic, :multiply, :shift]
  """
  @spec kinds() :: [kind()]
  def kinds, do: schema().kinds

  @doc """
  The options of a schedule kind with their defaults, in their canonical order;
  `:required` marks an option that has none.

  ## Examples

      iex> Anneal.Schedule.defaults(:cosine_decay)
      [decay_steps: 10, alpha: 0.0, exponent: 1.0]

      iex> Anneal.Schedule.defaults(:cosine_decay_restarts)
      [first_decay_steps: :required, t_mul: 2.0, m_mul: 1.0, alpha: 0.0]
  """
  @spec defaults(kind()) :: keyword()
  def defaults(kind) when is_atom(kind) do
    case Map.fetch(schema().defaults, kind) do
      {:ok, defaults} -> defaults
      :error -> raise ArgumentError, unknown_kind(kind)
    end
  end

  def defaults(kind), do: raise(ArgumentError, unknown_kind(kind))

  @doc false
  # The options as JSON and the call text write them: every option, except those added
  # after version 1 documents where they hold their default.
  @spec written_opts(t()) :: keyword()
  def written_opts(%__MODULE__{kind: kind, opts: opts}) do
    later = Map.fetch!(schema().later, kind)
    defaults = defaults(kind)
    Enum.reject(opts, fn {key, value} -> key in later and value == defaults[key] end)
  end

  @doc false
  # The atoms an option accepts, for reading them back from JSON strings.
  @spec option_atoms(atom()) :: [atom()]
  def option_atoms(key), do: Map.get(schema().atoms, key, [])

  @doc false
  @spec new(kind(), number() | nil, keyword()) :: t()
  def new(kind, init_value, opts), do: new_compiled(kind, init_value, opts).schedule

  @doc false
  # Checks every option by its rule here, then the rules that relate options in the core, by
  # compiling the schedule (one NIF call: the core refuses what its typed options refuse, with
  # the same message). The handle is the one the schedule's functions hold: a schedule built
  # from options is compiled once.
  @spec new_compiled(kind(), number() | nil, keyword()) :: Compiled.t()
  def new_compiled(kind, init_value, opts) do
    schedule = validate(kind, init_value, opts)

    case Compiled.compile_spec(native(schedule)) do
      {:ok, ref} -> %Compiled{schedule: schedule, ref: ref}
      {:error, message} -> raise ArgumentError, message
    end
  end

  defp validate(kind, init_value, opts) do
    defaults = defaults(kind)
    check_init_value!(kind, init_value)
    opts = validate_opts!(kind, opts, defaults)
    check_kind!(kind, opts)
    %__MODULE__{kind: kind, init_value: init_value, opts: opts}
  end

  defp check_init_value!(kind, value) do
    cond do
      not composition?(kind) -> check_values!(kind, init_value: value)
      is_nil(value) -> :ok
      true -> raise ArgumentError, "expected no init_value for #{kind}, got: #{inspect(value)}"
    end
  end

  defp validate_opts!(kind, opts, defaults) do
    # A schedule's own options (every key once, in canonical order) need no merging: the
    # common case when a schedule is validated again before it is evaluated.
    validated =
      if same_keys?(opts, defaults), do: opts, else: Options.validate!(opts, defaults, kind)

    check_required!(kind, validated, defaults)

    rules = Map.fetch!(schema().rules, kind)
    opts = for {key, rule} <- rules, do: {key, parts!(key, Keyword.fetch!(validated, key), rule)}
    check_values!(kind, opts)

    for {key, :boundaries_and_scales} <- rules,
        do: opts |> Keyword.fetch!(key) |> Map.keys() |> distinct_boundaries!(key)

    opts
  end

  defp same_keys?([{key, _} | opts], [{key, _} | defaults]), do: same_keys?(opts, defaults)
  defp same_keys?([], []), do: true
  defp same_keys?(_opts, _defaults), do: false

  defp check_required!(kind, validated, defaults) do
    case for({key, _} <- defaults, Keyword.fetch!(validated, key) == :required, do: key) do
      [] ->
        :ok

      missing ->
        raise ArgumentError,
              "missing required option#{plural(missing)} " <>
                "#{Enum.map_join(missing, ", ", &inspect/1)} for #{kind}"
    end
  end

  defp plural([_]), do: ""
  defp plural(_), do: "s"

  # The schedules an option holds (functions become structs); other values as they are, for
  # the core to check.
  defp parts!(name, [_ | _] = schedules, :schedules) do
    proper_list!(name, schedules, "a non-empty list of schedules")
    Enum.map(schedules, &schedule!(name, &1))
  end

  defp parts!(name, value, :schedules) do
    raise ArgumentError,
          "expected #{label(name)} to be a non-empty list of schedules, got: #{inspect(value)}"
  end

  defp parts!(name, schedule, :schedule), do: schedule!(name, schedule)
  defp parts!(_name, value, _rule), do: value

  # Each value by its option's rule, in the core (native/anneal_nif/src/options.rs), which
  # hands back the culprit as it was given, for inspect/1 to print.
  defp check_values!(kind, pairs) do
    reply =
      case Native.check_options(kind, pairs) do
        :dirty -> Native.check_options_dirty(kind, pairs)
        reply -> reply
      end

    case reply do
      {:ok, nil} ->
        :ok

      {:error, {:expected, {label, requirement, value}}} ->
        raise ArgumentError, "expected #{label} #{requirement}, got: #{inspect(value)}"

      {:error, {:improper, {label, requirement, value}}} ->
        raise ArgumentError,
              "expected #{label} #{requirement}, got an improper list: #{inspect(value)}"

      {:error, {:s64, {label, value}}} ->
        raise ArgumentError,
              "expected #{label} to fit in a signed 64-bit integer, got: " <>
                Options.integer_text(value)

      # Requests this module does not send (options checked for shape above): said as they are.
      {:error, message} when is_binary(message) ->
        raise ArgumentError, "invalid options for #{inspect(kind)}: #{message}"
    end
  end

  # A struct is validated too: it may have been built by hand.
  defp schedule!(_name, %__MODULE__{} = schedule), do: validate!(schedule)

  defp schedule!(name, value) do
    case from_fun(value) do
      {:ok, schedule} ->
        schedule

      :error ->
        raise ArgumentError,
              "expected #{label(name)} to hold %Anneal.Schedule{} structs or functions built by " <>
                "Anneal, got: #{inspect(value)}"
    end
  end

  # Rules that relate two options of a kind.
  defp check_kind!(:warmup_cosine_decay, opts) do
    [warmup, decay] = Enum.map([:warmup_steps, :decay_steps], &Keyword.fetch!(opts, &1))

    unless decay > warmup do
      raise ArgumentError,
            "expected :decay_steps to be greater than :warmup_steps (#{warmup}), got: #{decay}"
    end
  end

  defp check_kind!(:join, opts), do: check_depth!(Keyword.fetch!(opts, :schedules))
  defp check_kind!(:multiply, opts), do: check_depth!(Keyword.fetch!(opts, :schedules))
  defp check_kind!(:shift, opts), do: check_depth!([Keyword.fetch!(opts, :schedule)])
  defp check_kind!(_kind, _opts), do: :ok

  defp proper_list!(name, list, expected) do
    unless proper_list?(list) do
      raise ArgumentError,
            "expected #{label(name)} to be #{expected}, got an improper list: #{inspect(list)}"
    end
  end

  defp proper_list?([_ | tail]), do: proper_list?(tail)
  defp proper_list?(tail), do: tail == []

  @doc false
  # Refuses a step given twice as a boundary (100 and 100.0 are the same step): a map cannot
  # hold a key twice, but JSON pairs and numbers of both types can.
  @spec distinct_boundaries!([number()], atom()) :: :ok
  def distinct_boundaries!(boundaries, name \\ :boundaries_and_scales) do
    boundaries
    |> Enum.sort()
    |> Enum.chunk_every(2, 1, :discard)
    |> Enum.find(fn [a, b] -> a == b end)
    |> case do
      nil ->
        :ok

      [a, b] ->
        raise ArgumentError,
              "expected the boundaries of #{label(name)} to be distinct steps, got: " <>
                "#{inspect(a)} and #{inspect(b)}"
    end
  end

  @doc false
  # Whether a struct, valid or not, nests joins no deeper than a valid schedule may, found by
  # looking at most that many levels down (a struct built by hand may nest 10^5 deep).
  @spec shallow?(term(), non_neg_integer()) :: boolean()
  def shallow?(schedule, levels \\ schema().max_depth + 1)
  def shallow?(_schedule, 0), do: false

  def shallow?(%__MODULE__{kind: kind, opts: opts}, levels) do
    with true <- composition?(kind),
         true <- is_list(opts) and Keyword.keyword?(opts),
         schedules when is_list(schedules) <- parts(opts),
         true <- proper_list?(schedules) do
      Enum.all?(schedules, &shallow?(&1, levels - 1))
    else
      _ -> true
    end
  end

  def shallow?(_schedule, _levels), do: true

  defp check_depth!(schedules) do
    max_depth = schema().max_depth

    if Enum.any?(schedules, &(depth(&1) >= max_depth)) do
      raise ArgumentError, "expected joins nested at most #{max_depth} deep"
    end
  end

  defp depth(%__MODULE__{kind: kind, opts: opts}) do
    if composition?(kind),
      do: 1 + (opts |> parts() |> Enum.map(&depth/1) |> Enum.max()),
      else: 0
  end

  defp parts(opts), do: Keyword.get_lazy(opts, :schedules, fn -> [opts[:schedule]] end)

  # An option is named as written in a keyword list (:alpha), an argument or a part of an
  # option as is. Formatted only when raising: inspect/1 costs more than the whole check.
  defp label(option) when is_atom(option), do: inspect(option)
  defp label(name), do: name

  defp unknown_kind(kind) do
    "unknown schedule kind #{inspect(kind)}, expected one of: #{inspect(kinds())}"
  end

  @doc false
  # The map the NIF decodes, options by name: %{kind: kind, init_value: v, option: value, ...}
  # (no init_value for a join), a map of boundaries as sorted {boundary, scale} pairs, nested
  # schedules as their own maps. The Rust core reads it into the kind's typed options. The
  # struct is validated again, as new/3 would: one built by hand (%Anneal.Schedule{...}) may
  # hold anything, and its options may be out of their canonical order.
  @spec to_native(t()) :: map()
  def to_native(%__MODULE__{} = schedule), do: schedule |> validate!() |> native()

  defp native(%__MODULE__{kind: kind, init_value: init_value, opts: opts}) do
    native = Map.new(opts, fn {key, value} -> {key, native_value(value)} end)
    native = if is_nil(init_value), do: native, else: Map.put(native, :init_value, init_value)
    Map.put(native, :kind, kind)
  end

  @doc false
  # The struct validated as new/3 validates its arguments, nested schedules included: a
  # struct built by hand (%Anneal.Schedule{...}) may hold anything, and its options may be
  # out of their canonical order. Raises ArgumentError with new/3's message. (The rules that
  # relate options are the core's, which checks them again wherever the schedule goes.)
  @spec validate!(t()) :: t()
  def validate!(%__MODULE__{} = schedule) do
    validate(Map.get(schedule, :kind), Map.get(schedule, :init_value), Map.get(schedule, :opts))
  end

  defp native_value(%__MODULE__{} = schedule), do: native(schedule)
  defp native_value(list) when is_list(list), do: Enum.map(list, &native_value/1)
  defp native_value(map) when is_map(map), do: Enum.sort(map)
  defp native_value(value), do: value

  @doc false
  # The function behind Anneal.to_fun/1,2 and the Axon-style functions: it holds the
  # compiled schedule (Anneal.Compiled), and recompiles from this struct if the handle is
  # stale. `tensor_opts` (Anneal.to_fun/2) go to Anneal.Tensor with a tensor step.
  @spec to_fun(t(), keyword()) :: Anneal.schedule_fun()
  def to_fun(%__MODULE__{} = schedule, tensor_opts \\ []),
    do: schedule |> Compiled.new() |> Compiled.to_fun(tensor_opts)

  @doc false
  @spec value(t(), Anneal.step() | Nx.Tensor.t()) :: float() | Nx.Tensor.t()
  def value(%__MODULE__{} = schedule, step),
    do: schedule |> Compiled.new() |> Compiled.value(step)

  @doc false
  # The schedule held by a function from to_fun/1, or :error for any other function.
  @spec from_fun(function()) :: {:ok, t()} | :error
  def from_fun(fun) do
    case Compiled.of_fun(fun) do
      {:ok, %Compiled{schedule: schedule}} -> {:ok, schedule}
      :error -> :error
    end
  end
end
