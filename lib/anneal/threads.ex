defmodule Anneal.Threads do
  @moduledoc """
  How many threads evaluate one large range of steps.

  An evaluation on a dirty CPU scheduler is cut into pieces of about a millisecond of work
  each (at most a quarter of its steps). When it is estimated at more than half a
  millisecond (a few hundred thousand steps of most schedules), its pieces are evaluated in
  parallel on a pool of native threads while the dirty scheduler's thread waits, checking
  every millisecond that the calling process is alive (if not, the pieces not yet begun are
  dropped). The pieces do not depend on the number of threads, so the values are bit for bit
  those of one thread. Sweeps (`Anneal.evaluate_many/3`) share out the pieces of all their
  rows the same way. The pool's size is read once, when the native library loads, from

      config :anneal, threads: 2

  and defaults to the number of dirty CPU schedulers online
  (`:erlang.system_info(:dirty_cpu_schedulers_online)`, the number of cores unless the VM
  was started with `+SDcpu`). `threads: 1` keeps every evaluation on its calling thread; more
  than 64 counts as 64.

  The pool's threads compete with the VM's schedulers for the cores: on a machine whose
  cores are all busy, the VM's schedulers spin less well and other processes can wait tens
  of milliseconds while a large evaluation runs. Starting the VM with
  `+sbwt none +sbwtdcpu none +sbwtdio none` (no busy waiting) or setting fewer threads
  keeps latency low; see the performance section of the README.
  """

  @doc """
  The number of threads set by `config :anneal, threads: n`, or the default: the number of
  dirty CPU schedulers online. Raises `ArgumentError` for a value that is not a positive
  integer.

      iex> Anneal.Threads.configured() >= 1
      true
  """
  @spec configured() :: pos_integer()
  def configured do
    case Anneal.Native.configured_threads() do
      {:ok, n} -> n
      {:error, message} -> raise ArgumentError, message
    end
  end

  @doc """
  The number of threads in effect: what `configured/0` gave when the native library loaded.

      iex> Anneal.Threads.current() in 1..64
      true
  """
  @spec current() :: pos_integer()
  def current do
    {:ok, n} = Anneal.Native.threads()
    n
  end
end
