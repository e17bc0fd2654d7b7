defmodule AnnealTest do
  use ExUnit.Case, async: true
  doctest Anneal
  doctest Anneal.Schedule
  doctest Anneal.Schedule.Phases

  test "every public function of every public module has a doctest example" do
    for module <- [Anneal, Anneal.Schedule, Anneal.Schedule.Phases] do
      {:docs_v1, _, :elixir, _, _, _, docs} = Code.fetch_docs(module)

      for {{:function, name, arity}, _, _, doc, _} <- docs, doc != :hidden do
        assert %{"en" => text} = doc, "#{inspect(module)}.#{name}/#{arity} has no @doc"
        assert text =~ "iex>", "#{inspect(module)}.#{name}/#{arity} has no doctest"
      end
    end
  end
end
