defmodule Anneal.Native do
  @moduledoc false
  # The NIF functions of native/anneal_nif. Callers go through Anneal.Schedule and
  # Anneal.Compiled and Anneal.Evaluate, which validate every argument first and turn
  # {:error, message} into ArgumentError.

  @on_load :load_nif
  @library ~c"native/libanneal_nif"

  @doc false
  def load_nif do
    result =
      case :code.priv_dir(:anneal) do
        {:error, reason} -> {:error, {:no_priv_dir, reason}}
        priv -> :erlang.load_nif(:filename.join(priv, @library), 0)
      end

    case result do
      :ok ->
        :persistent_term.erase({__MODULE__, :load_error})
        # The kinds' options as the library just loaded has them (Anneal.Schedule reads
        # them again on first use).
        :persistent_term.erase({Anneal.Schedule, :schema})
        apply_threads()

      {:error, reason} ->
        :persistent_term.put({__MODULE__, :load_error}, reason)
    end

    # Loading the module succeeds either way, so that a call reports the reason below
    # instead of an UndefinedFunctionError.
    :ok
  end

  # A compiled schedule: {:ok, handle} | {:error, message} | :dirty (normal flavour, for
  # a spec too large to decode there).
  def compile(_spec), do: :erlang.nif_error(not_loaded())
  def compile_dirty(_spec), do: :erlang.nif_error(not_loaded())

  # Every kind's options with their defaults and rules, and the deepest join: see
  # native/anneal_nif/src/schema.rs.
  def schema, do: :erlang.nif_error(not_loaded())

  # Each option's value against its rule: {:ok, nil} | {:error, failure} | :dirty (normal flavour,
  # for values of many parts). See native/anneal_nif/src/options.rs.
  def check_options(_kind, _opts), do: :erlang.nif_error(not_loaded())
  def check_options_dirty(_kind, _opts), do: :erlang.nif_error(not_loaded())

  # Sizes the core's thread pool from `config :anneal, threads: n` (see Anneal.Threads). A
  # bad value must not stop the library from loading: it is reported, and the default used.
  # (Here rather than in Anneal.Threads: @on_load runs before other modules may be loaded.)
  @doc false
  def apply_threads do
    threads =
      case configured_threads() do
        {:ok, n} ->
          n

        {:error, message} ->
          IO.warn(message <> "; using the default", [])
          :erlang.system_info(:dirty_cpu_schedulers_online)
      end

    {:ok, _previous} = set_threads(threads)
    :ok
  end

  @doc false
  def configured_threads do
    case Application.get_env(:anneal, :threads) do
      nil ->
        {:ok, :erlang.system_info(:dirty_cpu_schedulers_online)}

      n when is_integer(n) and n >= 1 ->
        {:ok, n}

      other ->
        {:error, "config :anneal, threads: expected a positive integer, got: #{inspect(other)}"}
    end
  end

  # On a handle; each answers :stale for a handle that is no longer a live resource.
  def value(_handle, _step), do: :erlang.nif_error(not_loaded())
  def value_dirty(_handle, _step), do: :erlang.nif_error(not_loaded())
  def evaluate(_handle, _tagged_steps, _type, _into), do: :erlang.nif_error(not_loaded())
  def evaluate_dirty(_handle, _tagged_steps, _type, _into), do: :erlang.nif_error(not_loaded())
  def phases(_handle), do: :erlang.nif_error(not_loaded())
  def phases_dirty(_handle), do: :erlang.nif_error(not_loaded())

  # The plan of a spec as tables, for Anneal.Tensor.
  def plan_tables(_spec), do: :erlang.nif_error(not_loaded())

  def to_json(_document), do: :erlang.nif_error(not_loaded())
  def from_json(_json), do: :erlang.nif_error(not_loaded())

  def evaluate_many(_specs, _first, _stride, _len, _type, _into),
    do: :erlang.nif_error(not_loaded())

  def set_threads(_threads), do: :erlang.nif_error(not_loaded())
  def threads, do: :erlang.nif_error(not_loaded())
  # For bench/schedules.exs only: limits the kernels' instruction set to :portable, :avx2
  # or :avx512 (the default: the widest the CPU has); {:ok, previous limit}.
  def set_isa(_limit), do: :erlang.nif_error(not_loaded())
  def plot(_series, _first, _stride, _len, _options), do: :erlang.nif_error(not_loaded())

  # For bench/schedules.exs only: a fresh binary of `bytes` bytes filled with a constant,
  # the speed limit of any evaluation's output.
  def write_floor(_bytes), do: :erlang.nif_error(not_loaded())

  # The stubs raise through :erlang.nif_error/1, the convention that tells the compiler
  # (Elixir 1.18's type checker, dialyzer) that the NIF replaces them: a plain raise would
  # type them as never returning. The error raised is this RuntimeError, saying why the
  # library did not load and how to rebuild it.
  defp not_loaded do
    reason = :persistent_term.get({__MODULE__, :load_error}, :unknown)
    RuntimeError.exception(Anneal.Native.LoadError.message(reason))
  end
end
