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
  Text is written as it is computed, in pieces of 10,000 steps; more steps than
  `config :anneal, max_bytes: ...` allows at 64 bytes a row (4 GiB by default: 67 million
  steps) are refused before anything is written, as are steps beyond the signed 64-bit range.
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
    CLI.checked(fn -> write(format, schedule, steps, out) end)
    if out, do: Mix.shell().info("wrote #{out} (#{Enum.count(steps)} steps)")
  end

  # Raw floats are one evaluation, which refuses up front a result above `max_bytes`. Text
  # is written in pieces (memory stays bounded) after the same refusal up front, counting
  # the longest text a row can take.
  defp write(type, schedule, steps, out) when type in [:f32, :f64] do
    CLI.write!(out, Anneal.evaluate(schedule, steps, type: type, into: :binary))
  end

  defp write(format, schedule, steps, out) do
    check_text_size!(format, steps)

    if out do
      CLI.open!(out, &write_text(&1, format, schedule, steps))
    else
      write_text(:stdio, format, schedule, steps)
    end
  end

  # The longest row: a step (20 characters with its sign), a value (24: -2.2250738585072014e-308)
  # and what surrounds them in JSON, `{"step":,"value":},`.
  @max_row_bytes 64
  @piece 10_000

  defp check_text_size!(format, steps) do
    max = Anneal.Evaluate.max_bytes!()
    bytes = Range.size(steps) * @max_row_bytes

    if bytes > max do
      raise ArgumentError,
            "writing #{Range.size(steps)} steps (#{inspect(steps)}) as #{format} may take " <>
              "#{bytes} bytes, above the limit of #{max} bytes (set it with " <>
              "`config :anneal, max_bytes: ...`, or write raw floats with --out FILE.f32)"
    end
  end

  defp write_text(device, format, schedule, steps) do
    IO.write(device, header(format, steps))

    steps
    |> pieces()
    |> Enum.with_index()
    |> Enum.each(fn {piece, i} ->
      rows = Enum.zip(piece, Anneal.evaluate(schedule, piece))

      IO.write(device, [
        if(i > 0 and format == :json, do: ",", else: []),
        text(format, rows, steps)
      ])
    end)

    IO.write(device, footer(format))
  end

  # The range in consecutive ranges of at most @piece steps.
  defp pieces(%Range{first: first, step: step} = range) do
    len = Range.size(range)

    Stream.unfold(0, fn
      start when start >= len ->
        nil

      start ->
        n = min(@piece, len - start)
        a = first + start * step
        {a..(a + (n - 1) * step)//step, start + n}
    end)
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

  defp header(:csv, _steps), do: "step,value\n"
  defp header(:json, _steps), do: "["
  defp header(:table, steps), do: String.pad_trailing("step", table_width(steps)) <> "value\n"

  defp footer(:json), do: "]\n"
  defp footer(_format), do: []

  defp text(:csv, rows, _steps),
    do: Enum.map(rows, fn {s, v} -> [Integer.to_string(s), ?,, Float.to_string(v), ?\n] end)

  # Elixir prints floats as JSON numbers (`0.1`, `1.0e-5`), never NaN or inf.
  defp text(:json, rows, _steps) do
    Enum.map_intersperse(rows, ",", fn {s, v} ->
      [~s({"step":), Integer.to_string(s), ~s(,"value":), Float.to_string(v), ?}]
    end)
  end

  defp text(:table, rows, steps) do
    width = table_width(steps)

    Enum.map(rows, fn {s, v} ->
      [String.pad_trailing(Integer.to_string(s), width), Float.to_string(v), ?\n]
    end)
  end

  # The widest step of a range is one of its ends.
  defp table_width(%Range{first: first} = range) do
    last = first + (Range.size(range) - 1) * range.step

    [first, last]
    |> Enum.map(&String.length(Integer.to_string(&1)))
    |> Enum.max()
    |> max(4)
    |> Kernel.+(2)
  end
end
