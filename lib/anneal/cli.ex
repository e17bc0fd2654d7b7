defmodule Anneal.CLI do
  @moduledoc false
  # What `mix anneal.plot` and `mix anneal.eval` share: reading flags, schedule specs and
  # ranges of steps. Every failure is a Mix.raise/1 with one line naming the culprit, which
  # Mix prints without a stack trace before exiting with status 1.

  alias Anneal.Schedule
  alias Anneal.Schedule.{Phases, Text}

  @doc false
  # Parses `args` against `switches`; returns {opts, positional arguments}.
  @spec options!([String.t()], keyword()) :: {keyword(), [String.t()]}
  def options!(args, switches) do
    case OptionParser.parse(args, strict: switches) do
      {opts, rest, []} ->
        {opts, rest}

      {_opts, _rest, [{flag, nil} | _]} ->
        Mix.raise("unknown option #{flag}")

      {_opts, _rest, [{flag, value} | _]} ->
        Mix.raise("invalid value for #{flag}: #{inspect(value)}")
    end
  end

  @doc false
  # A schedule from the text of a call, e.g. "cosine_decay(0.1, decay_steps: 1000)", or from
  # a JSON file written by Anneal.to_json/1.
  @spec schedule!(String.t()) :: Schedule.t()
  def schedule!(spec) do
    if String.ends_with?(spec, ".json") or File.regular?(spec) do
      from_json_file!(spec)
    else
      case Text.parse(spec) do
        {:ok, schedule} -> schedule
        {:error, message} -> Mix.raise(message)
      end
    end
  end

  defp from_json_file!(path) do
    json =
      case File.read(path) do
        {:ok, json} -> json
        {:error, reason} -> Mix.raise("could not read #{path}: #{:file.format_error(reason)}")
      end

    case Anneal.from_json(json) do
      {:ok, schedule} -> schedule
      {:error, message} -> Mix.raise("invalid schedule in #{path}: #{message}")
    end
  end

  # The operator of first..last//step, written so that Elixir 1.14's formatter and 1.18's
  # (which quote this atom differently) agree.
  @range_with_step String.to_atom("..//")

  @doc false
  # "0..1000", "0..1000//10", "-5..5" or "1000" (meaning 0..1000) as a Range.
  @spec steps!(String.t()) :: Range.t()
  def steps!(text) do
    case Text.string_to_quoted(text) do
      {:ok, {:.., _, [first, last]}} -> range!(text, first, last, 1)
      {:ok, {@range_with_step, _, [first, last, step]}} -> range!(text, first, last, step)
      {:ok, last} -> range!(text, 0, last, 1)
      {:error, _} -> bad_steps!(text)
    end
  end

  defp range!(text, first, last, step) do
    case Enum.map([first, last, step], &integer/1) do
      [first, last, step] when is_integer(first) and is_integer(last) and is_integer(step) ->
        if step == 0, do: bad_steps!(text), else: s64_range!(text, first..last//step)

      _ ->
        bad_steps!(text)
    end
  end

  defp integer(n) when is_integer(n), do: n
  defp integer({:-, _, [n]}) when is_integer(n), do: -n
  defp integer(_ast), do: nil

  defp s64_range!(text, %Range{} = range) do
    if match?({:ok, _}, Anneal.Steps.range(range)) do
      range
    else
      {min, max} = Anneal.Steps.s64_bounds()

      Mix.raise(
        "invalid --steps #{inspect(text)}: every step and the stride must fit in a signed " <>
          "64-bit integer, from #{min} to #{max}"
      )
    end
  end

  defp bad_steps!(text) do
    Mix.raise(
      "invalid --steps #{inspect(text)}, expected a range of integers such as 0..1000 or 0..1000//10"
    )
  end

  @doc false
  # The longest natural horizon of the schedules, rounded up to a whole step.
  @spec horizon([Schedule.t()]) :: pos_integer()
  def horizon(schedules) do
    schedules |> Enum.map(&Phases.horizon/1) |> Enum.max() |> ceil() |> max(1)
  end

  @doc false
  # Runs `fun`, turning an ArgumentError (a bad option or step) into a one-line Mix error.
  # (`(... -> result)`: the zero-arity form is written differently by 1.14's and 1.18's formatters.)
  @spec checked((... -> result)) :: result when result: term()
  def checked(fun) do
    fun.()
  rescue
    e in ArgumentError -> Mix.raise(Exception.message(e))
  end

  @doc false
  # Opens `path` for writing and calls `fun` with the device, or raises a one-line Mix error.
  @spec open!(Path.t(), (IO.device() -> term())) :: :ok
  def open!(path, fun) do
    with :ok <- File.mkdir_p(Path.dirname(path)),
         {:ok, _} <- File.open(path, [:write, :utf8], fun) do
      :ok
    else
      {:error, reason} -> Mix.raise("could not write #{path}: #{:file.format_error(reason)}")
    end
  end

  @doc false
  # Writes `data` to `path`, or raises a one-line Mix error.
  @spec write!(Path.t(), iodata()) :: :ok
  def write!(path, data) do
    with :ok <- File.mkdir_p(Path.dirname(path)),
         :ok <- File.write(path, data) do
      :ok
    else
      {:error, reason} -> Mix.raise("could not write #{path}: #{:file.format_error(reason)}")
    end
  end
end
