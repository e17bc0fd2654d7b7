defmodule Anneal.Sweep do
  @moduledoc false
  # Anneal.evaluate_many/3: N schedules over the same steps, natively in parallel across
  # schedules when they are Anneal's own and the steps a range.

  alias Anneal.{Evaluate, Native}

  @spec evaluate_many([Anneal.Schedule.t() | (number() -> number())], term(), keyword()) ::
          [[float()]] | binary()
  def evaluate_many(schedules, steps, opts) when is_list(schedules) do
    case Evaluate.sweep_plan(schedules, steps, opts) do
      {:native, specs, {first, stride, len}, type, into} ->
        case Native.evaluate_many(specs, first, stride, len, type, into) do
          {:ok, result} -> result
          {:error, message} -> raise ArgumentError, message
        end

      {:generic, type, into} ->
        rows = Enum.map(schedules, &Evaluate.evaluate(&1, steps, type: type, into: into))
        if into == :binary, do: IO.iodata_to_binary(rows), else: rows
    end
  end

  def evaluate_many(schedules, _steps, _opts) do
    raise ArgumentError, "expected schedules to be a list, got: #{inspect(schedules)}"
  end
end
