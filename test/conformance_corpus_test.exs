defmodule Anneal.ConformanceCorpusTest do
  # The corpus (test/fixtures/conformance.jsonl) was written by the core's exact path before
  # issue 12 refused a boundary given twice. Every document Anneal now refuses must be one
  # of those, so that the evaluators' conformance tests leave out nothing else.
  use ExUnit.Case, async: true

  alias Anneal.Test.Conformance

  test "the only corpus documents refused are piecewise_constant with a repeated boundary" do
    refused = Conformance.refused()
    assert length(Conformance.entries()) + length(refused) == 540

    for {document, message} <- refused do
      assert document =~ ~s("kind":"piecewise_constant")
      assert message =~ "boundar", "#{document}: #{message}"
    end

    # 21 of the 40 piecewise_constant documents repeat a boundary (the generator draws them
    # from a small set of steps).
    assert length(refused) == 21
  end
end
