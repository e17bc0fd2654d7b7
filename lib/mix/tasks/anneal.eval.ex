defmodule Mix.Tasks.Anneal.Eval do
  @shortdoc "Prints a learning-rate schedule's values as a table, CSV, JSON or raw floats"

  @moduledoc """
  Evaluates a schedule over a range of steps, with `Anneal.evaluate/3`.

      mix anneal.eval SPEC [--steps RANGE] [--format table|csv|json] [--out FILE]

      mix anneal.eval "cosine_decay(0.1, decay_steps: 1000)" --steps 0..1000//100
      mix anneal.eval "exponential_decay(0.1, decay_rate: 0.5)" --steps 0..999 --out lr.f32

  `SPEC` is the text of a call that builds a schedule or the path of a JSON file written by
  `Anneal.to_json/1`, as for `mix anneal.plot` (the text is parsed, never evaluated).

  ## Flags

    * `--steps RANGE` - the steps: `0..1000`, `0..1000//10`, `-100..100`, or `N` for `0..N`.
      Defaults to 11 steps from `0` to the schedule's natural horizon
      (`Anneal.Schedule.Phases.horizon/1`).
    * `--format FORMAT` - `table` (aligned `step` and `value` columns), `csv` (a `step,value`
      header, then one row per step) or `json` (a list of `{"step": ..., "value": ...}`
      objects). Defaults to the extension of `--out` when it is `.csv` or `.json`, else
      `table`.
    * `--out FILE` - write to `FILE` instead of printing. When `FILE` ends in `.f32` or
      `.f64`, the values are written as raw native-endian float32 or float64 numbers, one per
      step, the layout `Nx.from_binary/2` reads (float32 values are the float64 values
      correctly rounded), and `--format` does not apply.

  Values are printed as the shortest text that reads back as the same float64.
  A bad spec or flag stops the task with a one-line error and exit status 1.
  """

  use Mix.Task

  alias Anneal.CLI

  @switches [steps: :string, format: :string, out: :string]
  @formats %{"table" => :table, "csv" => :csv, "json" => :json}
  @extensions %{".csv" => :csv, ".json" => :json, ".f32" => :f32, ".f64" => :f64}

  @impl Mix.Task
  def run(args) do
    {opts, specs} = CLI.options!(args, @switches)

    spec =
      case specs do
        [spec] -> spec
        [] -> Mix.raise("expected a schedule, see `mix help anneal.eval`")
        _ -> Mix.raise("expected one schedule, got #{length(specs)}: #{Enum.join(specs, " ")}")
      end

    out = opts[:out]
    format = format!(opts[:format], out)
    Mix.Task.run("app.config")

    schedule = CLI.schedule!(spec)
    steps = if text = opts[:steps], do: CLI.steps!(text), else: default_steps(schedule)
    output = CLI.checked(fn -> render(format, schedule, steps) end)

    if out do
      CLI.write!(out, output)
      Mix.shell().info("wrote #{out} (#{Enum.count(steps)} steps)")
    else
      IO.write(output)
    end
  end

  # Raw floats when --out says so, else --format, else the extension of --out, else a table.
  defp format!(format, out) do
    extension = if out, do: Path.extname(out)

    cond do
      extension in [".f32", ".f64"] -> @extensions[extension]
      format == nil -> Map.get(@extensions, extension, :table)
      Map.has_key?(@formats, format) -> @formats[format]
      true -> Mix.raise("invalid --format #{inspect(format)}, expected one of: table, csv, json")
    end
  end

  # 11 steps from 0 to the horizon (or every step of a shorter one).
  defp default_steps(schedule) do
    horizon = CLI.horizon([schedule])
    0..horizon//max(div(horizon, 10), 1)
  end

  defp render(type, schedule, steps) when type in [:f32, :f64],
    do: Anneal.evaluate(schedule, steps, type: type, into: :binary)

  defp render(format, schedule, steps) do
    rows = Enum.zip(Enum.to_list(steps), Anneal.evaluate(schedule, steps))
    text(format, rows)
  end

  defp text(:csv, rows) do
    [
      "step,value\n"
      | Enum.map(rows, fn {s, v} -> [Integer.to_string(s), ?,, Float.to_string(v), ?\n] end)
    ]
  end

  defp text(:json, rows) do
    objects = Enum.map(rows, fn {step, value} -> [step: step, value: value] end)
    [json(objects), ?\n]
  end

  defp text(:table, rows) do
    width =
      rows
      |> Enum.map(fn {s, _} -> String.length(Integer.to_string(s)) end)
      |> Enum.max(fn -> 0 end)

    width = max(width, 4) + 2
    header = String.pad_trailing("step", width) <> "value\n"

    [
      header
      | Enum.map(rows, fn {s, v} ->
          [String.pad_trailing(Integer.to_string(s), width), Float.to_string(v), ?\n]
        end)
    ]
  end

  # A tiny JSON encoder for what this task writes: lists, keyword lists (objects), integers
  # and floats. Elixir prints floats as JSON numbers (`0.1`, `1.0e-5`), never NaN or inf.
  defp json([{key, _} | _] = object) when is_atom(key) do
    [
      "{",
      Enum.map_intersperse(object, ",", fn {k, v} -> [?", Atom.to_string(k), ?", ?:, json(v)] end),
      "}"
    ]
  end

  defp json(list) when is_list(list), do: ["[", Enum.map_intersperse(list, ",", &json/1), "]"]
  defp json(n) when is_integer(n), do: Integer.to_string(n)
  defp json(x) when is_float(x), do: Float.to_string(x)
end
