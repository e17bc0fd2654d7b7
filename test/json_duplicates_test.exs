defmodule Anneal.JSONDuplicatesTest do
  # Issue 12, class 7: code refuses an option given twice, so JSON refuses a key written
  # twice (serde_json would keep the last one) and a boundary given twice.
  use ExUnit.Case, async: true

  defp doc(options),
    do: ~s({"anneal":1,"kind":"piecewise_constant","init_value":1,"options":#{options}})

  test "a key written twice is refused, at the top, in the options and in a nested schedule" do
    assert Anneal.from_json(~s({"anneal":2,"anneal":1,"kind":"constant","init_value":1})) ==
             {:error, "malformed JSON: duplicate key \"anneal\" at line 1 column 22"}

    assert Anneal.from_json(
             ~s({"anneal":1,"kind":"cosine_decay","init_value":1,"options":{"alpha":0,"alpha":1}})
           ) == {:error, "malformed JSON: duplicate key \"alpha\" at line 1 column 80"}

    nested =
      ~s({"anneal":1,"kind":"join","options":{"schedules":[{"kind":"constant","init_value":1,) <>
        ~s("init_value":2}],"boundaries":[]}})

    assert {:error, "malformed JSON: duplicate key \"init_value\"" <> _} =
             Anneal.from_json(nested)
  end

  test "a boundary given twice is refused, whether written alike or not" do
    message =
      "expected the boundaries of :boundaries_and_scales to be distinct steps, got: 100 and 100"

    assert Anneal.from_json(doc(~s({"boundaries_and_scales":[[100,0.5],[100,0.1]]}))) ==
             {:error, message}

    assert Anneal.from_json(doc(~s({"boundaries_and_scales":[[100,0.5],[200,1],[100.0,0.1]]}))) ==
             {:error,
              "expected the boundaries of :boundaries_and_scales to be distinct steps, got: 100 and 100.0"}

    # In code, a map cannot hold 100 twice, but it can hold 100 and 100.0.
    assert_raise ArgumentError,
                 "expected the boundaries of :boundaries_and_scales to be distinct steps, got: 100 and 100.0",
                 fn ->
                   Anneal.new(:piecewise_constant, 1,
                     boundaries_and_scales: %{100 => 0.5, 100.0 => 0.1}
                   )
                 end

    # Distinct boundaries still read back exactly.
    schedule =
      Anneal.new(:piecewise_constant, 1, boundaries_and_scales: %{100 => 0.5, 100.5 => 0.1})

    assert Anneal.from_json!(Anneal.to_json(schedule)) == schedule
  end
end
