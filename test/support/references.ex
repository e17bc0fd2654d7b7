defmodule Anneal.Test.References do
  @moduledoc false
  # Reads a peer reference file into cases: the schedule each case describes, as Anneal.new/3
  # arguments, and its (step, value) rows. test/fixtures/references.csv is written by
  # test/support/references/generate.py from optax, Hugging Face transformers and Keras;
  # references_breadth.csv by breadth.py from optax, transformers and torch (issue 16).
  # Option names and atoms are Anneal's; nested schedules are named by case.

  alias Anneal.Test.Golden

  @files ["references.csv", "references_breadth.csv"]

  @type case_ :: %{
          name: String.t(),
          kind: atom(),
          init_value: number() | nil,
          opts: keyword(),
          rows: [{integer(), float() | :nan | :inf | :neg_inf}],
          tolerance: float()
        }

  @doc "The reference files, under test/fixtures."
  @spec files() :: [String.t()]
  def files, do: @files

  @doc "Every case of a file, in file order, with nested parts resolved to %Anneal.Schedule{} structs."
  @spec cases(String.t()) :: [case_()]
  def cases(file \\ "references.csv") do
    # Option names are atoms of Anneal.Schedule's defaults.
    Code.ensure_loaded!(Anneal.Schedule)

    lines =
      Path.expand("../fixtures/#{file}", __DIR__)
      |> File.read!()
      |> String.split("\n", trim: true)
      |> Enum.reject(&String.starts_with?(&1, "#"))
      |> tl()

    raw =
      lines
      |> Enum.map(&String.split(&1, ","))
      |> Enum.chunk_by(&hd/1)
      |> Enum.map(&raw_case/1)

    by_name = Map.new(raw, &{&1.name, &1})
    Enum.map(raw, &resolve(&1, by_name))
  end

  defp raw_case([[name, kind, init_value, opts, _, _, tolerance] | _] = rows) do
    %{
      name: name,
      kind: String.to_existing_atom(kind),
      init_value: if(init_value == "", do: nil, else: Golden.number(init_value)),
      opts: opts,
      rows:
        Enum.map(rows, fn [_, _, _, _, step, value, _] -> {Golden.number(step), value(value)} end),
      tolerance: Golden.number(tolerance)
    }
  end

  defp value("nan"), do: :nan
  defp value("inf"), do: :inf
  defp value("-inf"), do: :neg_inf
  defp value(text), do: Golden.number(text) / 1

  defp resolve(%{opts: opts} = c, by_name) do
    pairs =
      for pair <- String.split(opts, ";", trim: true) do
        [key, text] = String.split(pair, "=", parts: 2)
        key = String.to_existing_atom(key)
        {key, option(key, text, by_name)}
      end

    %{c | opts: pairs}
  end

  defp option(:schedules, text, by_name) do
    for name <- items(text) do
      by_name |> Map.fetch!(name) |> resolve(by_name) |> schedule()
    end
  end

  defp option(:schedule, name, by_name),
    do: by_name |> Map.fetch!(name) |> resolve(by_name) |> schedule()

  defp option(:boundaries, text, _), do: Enum.map(items(text), &Golden.number/1)

  defp option(:boundaries_and_scales, text, _) do
    Map.new(items(text), fn pair ->
      [b, s] = String.split(pair, ":")
      {Golden.number(b), Golden.number(s)}
    end)
  end

  defp option(_key, "nil", _), do: nil
  defp option(_key, "true", _), do: true
  defp option(_key, "false", _), do: false

  defp option(key, text, _) do
    # An atom the option accepts (decay_type=sqrt, mode=exp_range), else a number.
    case Enum.find(Anneal.Schedule.option_atoms(key), &(Atom.to_string(&1) == text)) do
      nil -> Golden.number(text)
      atom -> atom
    end
  end

  defp items(text),
    do:
      text
      |> String.trim("[")
      |> String.trim("]")
      |> String.trim("{")
      |> String.trim("}")
      |> String.split(" ", trim: true)

  @doc "A case's schedule, built by Anneal.new/3 with Anneal's defaults for omitted options."
  @spec schedule(case_()) :: Anneal.Schedule.t()
  def schedule(%{kind: kind, opts: opts}) when kind in [:join, :multiply],
    do: Anneal.new(kind, opts[:schedules], Keyword.delete(opts, :schedules))

  def schedule(%{kind: :shift, opts: opts}),
    do: Anneal.new(:shift, opts[:schedule], Keyword.delete(opts, :schedule))

  def schedule(%{kind: kind, init_value: init_value, opts: opts}),
    do: Anneal.new(kind, init_value, opts)

  @doc "The largest of |init_value| and the finite |values| of a case: tolerances scale with it."
  @spec scale(case_()) :: float()
  def scale(%{init_value: init_value, rows: rows}) do
    rows
    |> Enum.flat_map(fn {_, v} -> if is_float(v), do: [abs(v)], else: [] end)
    |> Enum.max(fn -> 0.0 end)
    |> max(abs(init_value || 0))
  end
end
