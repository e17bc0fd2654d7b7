defmodule Anneal.Threads do
  @moduledoc """
  How many threads evaluate one large range of steps.

  Evaluations estimated at more than about half a millisecond of work (10⁶ steps of most
  schedules) are split into parts evaluated in parallel on a pool of native threads inside
  the NIF call, which runs on a dirty CPU scheduler. The values are bit for bit those of one
  thread. The pool's size is read once, when the native library loads, from

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
