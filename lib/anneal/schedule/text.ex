defmodule Anneal.Schedule.Text do
  @moduledoc false
  # A schedule as the text of the call that builds it, and back:
  #
  #   call(Anneal.new(:cosine_decay, 0.1, decay_steps: 1000))
  #   #=> "cosine_decay(0.1, decay_steps: 1000, alpha: 0.0)"
  #
  # parse/1 reads such text (as `mix anneal.plot` and `mix anneal.eval` take it) with
  # Code.string_to_quoted/2 and walks the AST through a whitelist: calls of schedule kinds
  # (bare or as `Anneal.kind(...)`), number, boolean and atom literals, lists, keyword lists,
  # tuples and maps of those. Nothing is evaluated and no atom is created.

  alias Anneal.{Options, Schedule}

  @doc false
  # :full writes every option (inspect/1); :short leaves out those equal to their default
  # (plot legends). Both read back as a schedule of the same values.
  @spec call(Schedule.t(), :full | :short) :: String.t()
  def call(schedule, mode \\ :full)

  # join(schedules, boundaries), as Anneal.join/2 takes them.
  def call(%Schedule{kind: :join, opts: opts}, mode) do
    schedules = term(Keyword.fetch!(opts, :schedules), mode)
    "join(#{schedules}, #{term(Keyword.fetch!(opts, :boundaries), mode)})"
  end

  # multiply(schedules) and shift(schedule, by), as Anneal.multiply/1 and Anneal.shift/2 take them.
  def call(%Schedule{kind: :multiply, opts: opts}, mode),
    do: "multiply(#{term(Keyword.fetch!(opts, :schedules), mode)})"

  def call(%Schedule{kind: :shift, opts: opts}, mode) do
    schedule = term(Keyword.fetch!(opts, :schedule), mode)
    "shift(#{schedule}, #{term(Keyword.fetch!(opts, :by), mode)})"
  end

  def call(%Schedule{kind: kind, init_value: init_value} = schedule, mode) do
    defaults = Schedule.defaults(kind)

    options =
      for {key, value} <- Schedule.written_opts(schedule),
          mode == :full or value != Keyword.get(defaults, key),
          do: "#{key}: #{term(value, mode)}"

    "#{kind}(#{Enum.join([term(init_value, mode) | options], ", ")})"
  end

  defp term(%Schedule{} = schedule, mode), do: call(schedule, mode)

  defp term(list, mode) when is_list(list),
    do: "[" <> Enum.map_join(list, ", ", &item(&1, mode)) <> "]"

  defp term(map, mode) when is_map(map),
    do:
      "%{" <>
        Enum.map_join(map, ", ", fn {k, v} -> "#{term(k, mode)} => #{term(v, mode)}" end) <> "}"

  defp term(tuple, mode) when is_tuple(tuple),
    do: "{" <> Enum.map_join(Tuple.to_list(tuple), ", ", &term(&1, mode)) <> "}"

  defp term(other, _mode), do: inspect(other)

  defp item({key, value}, mode) when is_atom(key), do: "#{key}: #{term(value, mode)}"
  defp item(other, mode), do: term(other, mode)

  @doc false
  @spec parse(String.t()) :: {:ok, Schedule.t()} | {:error, String.t()}
  def parse(text) when is_binary(text) do
    with {:ok, ast} <- quoted(text),
         {:ok, schedule} <- schedule(ast) do
      {:ok, schedule}
    else
      {:error, message} -> {:error, "invalid schedule #{inspect(text)}: #{message}"}
    end
  end

  defp quoted(text) do
    # Loading Anneal.Schedule (kinds/0) creates the atoms of every kind and option name, so
    # that existing_atoms_only never refuses a real name, while unknown ones create no atom.
    _ = Schedule.kinds()

    case string_to_quoted(text) do
      {:ok, ast} ->
        {:ok, ast}

      {:error, {_meta, "unsafe atom does not exist: " <> name, token}} ->
        {:error, unknown_name(text) || "unknown name #{name}#{token}"}

      {:error, {_meta, message, token}} ->
        {:error, String.trim(flatten(message) <> flatten(token))}
    end
  end

  # A name that is no atom is no kind or option either. To say so as the API would (naming
  # the kind and what there is), the text is read again with each such name kept as
  # %{unknown_name: name}, creating no atom, and the first call it names or option of a
  # schedule call it is, is reported. Only this message sees those markers.
  defp unknown_name(text) do
    encoder = fn name, _meta -> {:ok, existing_atom(name)} end

    case Code.string_to_quoted(text, existing_atoms_only: true, static_atoms_encoder: encoder) do
      {:ok, ast} -> ast |> Macro.prewalk(nil, &find_unknown/2) |> elem(1)
      {:error, _} -> nil
    end
  rescue
    # The parser quirk string_to_quoted/1 guards against: no better message then.
    _ -> nil
  end

  defp existing_atom(name) do
    String.to_existing_atom(name)
  rescue
    ArgumentError -> %{unknown_name: name}
  end

  defp find_unknown(node, message) when is_binary(message), do: {node, message}

  defp find_unknown({{:., _, [_, %{unknown_name: name}]}, _, args} = node, nil)
       when is_list(args),
       do: {node, "unknown schedule #{name}, expected one of: " <> kinds()}

  defp find_unknown({%{unknown_name: name}, _, args} = node, nil) when is_list(args),
    do: {node, "unknown schedule #{name}, expected one of: " <> kinds()}

  defp find_unknown({kind, _, [_, opts]} = node, nil) when is_atom(kind) and is_list(opts) do
    names = for {%{unknown_name: name}, _} <- opts, do: name

    if kind in Schedule.kinds() and kind != :join and names != [],
      do: {node, Options.unknown_message(names, Schedule.defaults(kind), kind)},
      else: {node, nil}
  end

  defp find_unknown(node, nil), do: {node, nil}

  @doc false
  # Code.string_to_quoted/2 with existing_atoms_only, which on Elixir 1.14 raises on some
  # texts it cannot parse (a quoted key such as `"decay_stepz": 1` ends in a CaseClauseError)
  # instead of returning an error: every exception becomes an {:error, _} naming the text.
  @spec string_to_quoted(String.t()) :: {:ok, Macro.t()} | {:error, term()}
  def string_to_quoted(text) do
    Code.string_to_quoted(text, existing_atoms_only: true)
  rescue
    _ -> {:error, {[], "cannot be parsed", ""}}
  end

  defp flatten({prefix, suffix}), do: flatten(prefix) <> flatten(suffix)
  defp flatten(text) when is_binary(text), do: text
  defp flatten(other), do: inspect(other)

  # kind(args) or Anneal.kind(args)
  defp schedule({{:., _, [{:__aliases__, _, [:Anneal]}, name]}, _, args}) when is_list(args),
    do: schedule({name, [], args})

  defp schedule({name, _meta, args} = ast) when is_atom(name) and is_list(args) do
    if name in Schedule.kinds() do
      with {:ok, values} <- values(args) do
        build(name, values)
      end
    else
      not_allowed(ast)
    end
  end

  defp schedule(ast), do: {:error, "expected a schedule call such as " <> example() <> got(ast)}

  defp build(kind, [init_value]), do: build(kind, [init_value, []])

  # join(schedules, boundaries): the steps are a list of numbers, not options.
  defp build(:join, [schedules, boundaries])
       when boundaries == [] or (is_list(boundaries) and is_number(hd(boundaries))),
       do: build(:join, [schedules, [boundaries: boundaries]])

  # shift(schedule, by): the steps are a number, not options.
  defp build(:shift, [schedule, by]) when is_number(by), do: build(:shift, [schedule, [by: by]])

  defp build(kind, [init_value, opts]) do
    {:ok, Anneal.new(kind, init_value, opts)}
  rescue
    e in ArgumentError -> {:error, Exception.message(e)}
  end

  defp build(kind, args) do
    {:error,
     "expected #{kind}(init_value) or #{kind}(init_value, options), got #{length(args)} arguments"}
  end

  defp values(asts) do
    Enum.reduce_while(asts, {:ok, []}, fn ast, {:ok, acc} ->
      case value(ast) do
        {:ok, v} -> {:cont, {:ok, [v | acc]}}
        error -> {:halt, error}
      end
    end)
    |> case do
      {:ok, acc} -> {:ok, Enum.reverse(acc)}
      error -> error
    end
  end

  defp value(n) when is_number(n) or is_atom(n), do: {:ok, n}

  defp value({sign, _, [n]}) when sign in [:-, :+] and is_number(n),
    do: {:ok, apply(Kernel, sign, [n])}

  defp value(list) when is_list(list), do: values(list)

  defp value({a, b}) do
    with {:ok, [a, b]} <- values([a, b]), do: {:ok, {a, b}}
  end

  defp value({:{}, _, elements}) when is_list(elements) do
    with {:ok, elements} <- values(elements), do: {:ok, List.to_tuple(elements)}
  end

  defp value({:%{}, _, pairs} = ast) when is_list(pairs) do
    # Elixir 1.18 reads `%{1}` as a map of one bare element: only pairs make a map.
    with {:ok, pairs} <- values(pairs) do
      if Enum.all?(pairs, &match?({_, _}, &1)), do: {:ok, Map.new(pairs)}, else: not_allowed(ast)
    end
  end

  defp value({name, _, args} = ast) when is_atom(name) and is_list(args), do: schedule(ast)

  defp value({{:., _, [{:__aliases__, _, [:Anneal]}, _]}, _, args} = ast) when is_list(args),
    do: schedule(ast)

  defp value(ast), do: not_allowed(ast)

  defp not_allowed({name, _, args} = ast) when is_atom(name) and is_list(args) do
    if Macro.classify_atom(name) == :identifier and
         not Macro.special_form?(name, length(args)) and
         not String.starts_with?(Atom.to_string(name), "__") do
      unknown_kind(ast)
    else
      {:error, "only schedule calls and literals are allowed" <> got(ast)}
    end
  end

  defp not_allowed(ast), do: {:error, "only schedule calls and literals are allowed" <> got(ast)}

  defp unknown_kind({name, _, _} = ast) do
    {:error, "unknown schedule #{name}, expected one of: " <> kinds() <> got(ast)}
  end

  defp kinds, do: Enum.map_join(Schedule.kinds(), ", ", &Atom.to_string/1)

  defp got(ast), do: ", got: " <> (ast |> Macro.to_string() |> String.replace("\n", "; "))

  defp example, do: "cosine_decay(0.1, decay_steps: 1000)"
end
