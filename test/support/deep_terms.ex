defmodule Anneal.Test.DeepTerms do
  # Functions of Anneal.Native that are not NIFs, or bench-only ones.
  @not_nifs [load_nif: 0, apply_threads: 0, configured_threads: 0, write_floor: 1]

  @moduledoc false
  # Deeply nested and very large terms sent through every public function and every NIF.
  # test/deep_terms_test.exs runs `run/1` in a separate OS process: a NIF that recurses
  # without a limit kills that process (SIGSEGV) instead of the test VM, and the test sees
  # the exit status. Every call must return or raise ArgumentError; anything else is printed
  # as an UNEXPECTED line. The last line, ALIVE, says the process got to the end.

  alias Anneal.{Native, Schedule}

  @doc false
  @spec run([pos_integer()]) :: :ok
  def run(depths \\ [3_000, 100_000]) do
    for depth <- depths, {name, fun} <- probes(depth) do
      check("#{name} at depth #{depth}", fun)
    end

    IO.puts("ALIVE")
  end

  defp check(name, fun) do
    {us, _} = :timer.tc(fun)
    if System.get_env("ANNEAL_PROBE_TRACE"), do: IO.puts("#{name}: #{div(us, 1000)} ms")
  rescue
    ArgumentError -> :ok
    e -> IO.puts("UNEXPECTED #{name}: #{inspect(e.__struct__)} #{Exception.message(e)}")
  end

  @doc false
  # Terms of `depth` levels: lists, tuples, maps, schedule structs, spec and document tuples,
  # JSON texts.
  @spec terms(pos_integer()) :: keyword()
  def terms(depth) do
    levels = 1..depth
    constant = %Schedule{kind: :constant, init_value: 1.0, opts: []}

    [
      list: Enum.reduce(levels, 1.0, fn _, acc -> [acc] end),
      tuple: Enum.reduce(levels, 1.0, fn _, acc -> {acc} end),
      map: Enum.reduce(levels, 1.0, fn _, acc -> %{x: acc} end),
      keyword: Enum.reduce(levels, 1.0, fn _, acc -> [x: acc] end),
      improper: Enum.reduce(levels, 1.0, fn _, acc -> [acc | :tail] end),
      join:
        Enum.reduce(levels, constant, fn _, acc ->
          %Schedule{kind: :join, init_value: nil, opts: [schedules: [acc], boundaries: []]}
        end),
      spec: Enum.reduce(levels, {:constant, 1.0}, fn _, acc -> {:join, nil, [acc], []} end),
      document:
        Enum.reduce(levels, {"constant", 1.0, []}, fn _, acc ->
          {"join", nil, [{"schedules", [acc]}, {"boundaries", []}]}
        end),
      document_list: {"constant", 1.0, [{"x", Enum.reduce(levels, 1.0, fn _, acc -> [acc] end)}]}
    ]
  end

  @doc false
  @spec json(pos_integer()) :: [String.t()]
  def json(depth) do
    nested = String.duplicate("[", depth) <> String.duplicate("]", depth)
    objects = String.duplicate(~s({"a":), depth) <> "1" <> String.duplicate("}", depth)

    # Built as iodata: interpolating the growing text at each level would copy it n times.
    join =
      1..depth
      |> Enum.reduce(~s({"kind":"constant","init_value":1.0}), fn _, acc ->
        [~s({"kind":"join","options":{"schedules":[), acc, ~s(],"boundaries":[]}})]
      end)
      |> IO.iodata_to_binary()

    [
      nested,
      objects,
      ~s({"anneal":1,"kind":"constant","init_value":1.0,"options":{"x":#{nested}}}),
      ~s({"anneal":1,"kind":"constant","init_value":1.0,"options":{"x":#{objects}}}),
      ~s({"anneal":1,) <> String.slice(join, 1..-1//1)
    ]
  end

  defp probes(depth) do
    terms = terms(depth)
    valid = Schedule.to_native(Anneal.new(:constant, 0.1))
    values = Keyword.values(terms) ++ json(depth)

    public =
      for {name, term} <- terms do
        {"public calls with a #{name}",
         fn ->
           each([
             {"Anneal.to_json(%Schedule{kind: :constant, init_value: 1.0, opts: [x: term]})",
              fn ->
                Anneal.to_json(%Schedule{kind: :constant, init_value: 1.0, opts: [x: term]})
              end},
             {"Anneal.to_json(term)", fn -> Anneal.to_json(term) end},
             {"Anneal.to_fun(term)", fn -> Anneal.to_fun(term) end},
             {"Anneal.value(term, 1)", fn -> Anneal.value(term, 1) end},
             {"Anneal.value(Anneal.new(:constant, 0.1), term)",
              fn -> Anneal.value(Anneal.new(:constant, 0.1), term) end},
             {"Anneal.evaluate(term, 0..10)", fn -> Anneal.evaluate(term, 0..10) end},
             {"Anneal.evaluate(Anneal.new(:constant, 0.1), term)",
              fn -> Anneal.evaluate(Anneal.new(:constant, 0.1), term) end},
             {"Anneal.evaluate(Anneal.new(:constant, 0.1), [term])",
              fn -> Anneal.evaluate(Anneal.new(:constant, 0.1), [term]) end},
             {"Anneal.plot(term, 0..10)", fn -> Anneal.plot(term, 0..10) end},
             {"Anneal.plot(Anneal.new(:constant, 0.1), 0..10, title: term)",
              fn -> Anneal.plot(Anneal.new(:constant, 0.1), 0..10, title: term) end},
             {"Anneal.new(:constant, term)", fn -> Anneal.new(:constant, term) end},
             {"Anneal.new(:constant, 0.1, term)", fn -> Anneal.new(:constant, 0.1, term) end},
             {"Anneal.new(:piecewise_constant, 0.1, boundaries_and_scales: term)",
              fn -> Anneal.new(:piecewise_constant, 0.1, boundaries_and_scales: term) end},
             {"Anneal.join([term], [])", fn -> Anneal.join([term], []) end},
             {"Anneal.join([Anneal.constant(0.1), Anneal.constant(0.1)], term)",
              fn -> Anneal.join([Anneal.constant(0.1), Anneal.constant(0.1)], term) end},
             {"Anneal.cosine_decay(0.1, decay_steps: term)",
              fn -> Anneal.cosine_decay(0.1, decay_steps: term) end},
             {"Anneal.from_json(term)", fn -> Anneal.from_json(term) end}
           ])
         end}
      end

    nifs =
      for {fun, arity} <- Native.__info__(:functions) -- @not_nifs do
        {"#{fun}/#{arity} with deep arguments",
         fn ->
           working = working_args(fun, valid)

           each(
             for position <- 0..(arity - 1)//1, {term, i} <- Enum.with_index(values) do
               {"argument #{position + 1} replaced by deep term #{i}",
                fn -> apply(Native, fun, List.replace_at(working, position, term)) end}
             end
           )
         end}
      end

    json_calls =
      for {text, i} <- Enum.with_index(json(depth)) do
        {"from_json of JSON text #{i}",
         fn -> each([{"Anneal.from_json(text)", fn -> Anneal.from_json(text) end}]) end}
      end

    public ++ nifs ++ json_calls
  end

  defp working_args(:compile, spec), do: [spec]
  defp working_args(:compile_dirty, spec), do: [spec]
  defp working_args(:plan_tables, spec), do: [spec]
  defp working_args(:value, spec), do: [handle(spec), 1]
  defp working_args(:value_dirty, spec), do: [handle(spec), 1]
  defp working_args(:evaluate, spec), do: [handle(spec), {:range, 0, 1, 10}, :f64, :list]
  defp working_args(:evaluate_dirty, spec), do: [handle(spec), {:list, [1, 2]}, :f64, :list]
  defp working_args(:phases, spec), do: [handle(spec)]
  defp working_args(:phases_dirty, spec), do: [handle(spec)]
  defp working_args(:evaluate_many, spec), do: [[handle(spec)], 0, 1, 10, :f64, :list]
  defp working_args(:set_threads, _spec), do: [1]
  defp working_args(:threads, _spec), do: []
  defp working_args(:schema, _spec), do: []
  defp working_args(:check_options, _spec), do: [:constant, [init_value: 1.0]]
  defp working_args(:check_options_dirty, _spec), do: [:constant, [init_value: 1.0]]
  defp working_args(:set_isa, _spec), do: [:avx512]
  defp working_args(:to_json, _spec), do: [{"constant", 1.0, []}]
  defp working_args(:from_json, _spec), do: [~s({"anneal":1,"kind":"constant","init_value":1})]

  defp working_args(:plot, spec),
    do: [[{spec, "lr", [{"end", 5.0}]}], 0, 1, 10, {"title", 320, 240, false}]

  defp handle(spec) do
    {:ok, handle} = Native.compile(spec)
    handle
  end

  # NIFs answer {:ok, _}, {:error, _}, :dirty or a float; public functions return or raise
  # ArgumentError. Each call is checked on its own, so that one refusal does not hide the
  # next call.
  defp each(calls) do
    for {label, fun} <- calls do
      try do
        fun.()
      rescue
        ArgumentError ->
          :ok

        e ->
          message = e |> Exception.message() |> String.slice(0, 300)
          IO.puts("UNEXPECTED #{label}: #{inspect(e.__struct__)} #{message}")
      end
    end
  end
end
