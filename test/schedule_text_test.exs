defmodule Anneal.Schedule.TextTest do
  use ExUnit.Case, async: true

  alias Anneal.Schedule
  alias Anneal.Schedule.Text

  # Axon's five kinds: every option has a default.
  @axon_kinds [:constant, :cosine_decay, :exponential_decay, :linear_decay, :polynomial_decay]

  describe "parse/1 accepts" do
    test "Axon's five kinds, with and without options" do
      for kind <- @axon_kinds do
        assert Text.parse("#{kind}(0.1)") == {:ok, Anneal.new(kind, 0.1)}
        assert Text.parse("#{kind}(1, [])") == {:ok, Anneal.new(kind, 1)}
      end

      assert Text.parse("cosine_decay(0.1, decay_steps: 1000)") ==
               {:ok, Anneal.new(:cosine_decay, 0.1, decay_steps: 1000)}
    end

    test "issue 16's kinds and options, multiply and shift included, as inspect/1 writes them" do
      :rand.seed(:exsss, 16)

      kinds = ~w(piecewise_interpolate linear_one_cycle warmup_constant warmup_exponential_decay
                 cosine_with_hard_restarts warmup_polynomial_decay cyclic multiply shift)a

      for kind <- kinds, _ <- 1..5 do
        schedule = Anneal.Test.RandomSchedules.new(kind)
        assert Text.parse(Text.call(schedule)) == {:ok, schedule}, Text.call(schedule)
        assert Text.parse(Text.call(schedule, :short)) == {:ok, schedule}
      end

      assert Text.parse("shift(multiply([constant(0.5), cosine_decay(1, exponent: 2)]), -10)") ==
               {:ok,
                Anneal.new(
                  :shift,
                  Anneal.new(:multiply, [
                    Anneal.new(:constant, 0.5),
                    Anneal.new(:cosine_decay, 1, exponent: 2)
                  ]),
                  by: -10
                )}

      assert Text.call(Anneal.new(:cosine_decay, 1, exponent: 2)) ==
               "cosine_decay(1, decay_steps: 10, alpha: 0.0, exponent: 2)"
    end

    test "the schedules beyond Axon, join included, as inspect/1 writes them" do
      warmup = Anneal.new(:linear_decay, 0.1, warmup: 100, steps: 300)

      for schedule <- [
            Anneal.new(:warmup_cosine_decay, 0.0,
              peak_value: 0.1,
              warmup_steps: 100,
              decay_steps: 1000
            ),
            Anneal.new(:piecewise_constant, 0.1, boundaries_and_scales: %{300 => 0.5, 600 => 0.2}),
            Anneal.new(:inverse_sqrt, 0.1, warmup_steps: 100),
            Anneal.new(:warmup_stable_decay, 0.1,
              warmup_steps: 1,
              stable_steps: 2,
              decay_steps: 3,
              decay_type: :sqrt
            ),
            Anneal.new(:cosine_decay_restarts, 0.1, first_decay_steps: 100),
            Anneal.new(:one_cycle, 0.1, transition_steps: 1000),
            Anneal.new(:join, [warmup, Anneal.new(:join, [warmup], boundaries: [])],
              boundaries: [300]
            )
          ] do
        assert Text.parse(Text.call(schedule)) == {:ok, schedule}
        assert Text.parse(Text.call(schedule, :short)) == {:ok, schedule}
      end

      assert Text.call(
               Anneal.new(:join, [warmup, Anneal.new(:constant, 0.01)], boundaries: [300])
             ) ==
               "join([linear_decay(0.1, warmup: 100, steps: 300), constant(0.01)], [300])"

      assert Text.call(Anneal.new(:cosine_decay, 0.1, decay_steps: 10, alpha: 0), :short) ==
               "cosine_decay(0.1)"

      assert Text.parse("Anneal.join([Anneal.constant(1), constant(2)], [10])") ==
               {:ok,
                Anneal.new(:join, [Anneal.new(:constant, 1), Anneal.new(:constant, 2)],
                  boundaries: [10]
                )}
    end

    test "Anneal.-qualified calls, signs, floats in any notation, booleans, whitespace" do
      assert Text.parse(
               " Anneal.exponential_decay( 1.0e-3, decay_rate: +0.5,\n staircase: true ) "
             ) ==
               {:ok, Anneal.new(:exponential_decay, 1.0e-3, decay_rate: 0.5, staircase: true)}

      assert Text.parse("polynomial_decay(1, end_value: -2, power: 1_5)") ==
               {:ok, Anneal.new(:polynomial_decay, 1, end_value: -2, power: 15)}
    end

    test "the call that inspect/1 shows, for any options (seeded round trip)" do
      :rand.seed(:exsss, {8, 8, 8})

      for _ <- 1..200 do
        kind = Enum.random(@axon_kinds)

        opts =
          for {key, default} <- Schedule.defaults(kind), :rand.uniform() < 0.7 do
            {key, random_like(default)}
          end

        schedule = Anneal.new(kind, random_like(0.1), opts)
        assert Text.parse(Text.call(schedule)) == {:ok, schedule}
        assert Text.parse(Text.call(schedule, :short)) == {:ok, schedule}
      end
    end
  end

  # A valid value of the same type as the default: booleans, positive integers or floats.
  defp random_like(default) when is_boolean(default), do: :rand.uniform(2) == 1
  defp random_like(default) when is_integer(default), do: :rand.uniform(10_000)
  defp random_like(_default), do: :rand.uniform() * 10 ** (:rand.uniform(12) - 8)

  describe "parse/1 refuses, without evaluating anything" do
    test "calls of anything but a schedule" do
      for text <- [
            "System.halt()",
            "System.halt",
            ":erlang.halt()",
            ":os.cmd(~c\"touch /tmp/anneal_pwned\")",
            "Code.eval_string(\"1\")",
            "Kernel.exit(:normal)",
            "send(self(), :evaluated)",
            "apply(System, :halt, [])",
            "cosine_decay(System.halt())",
            "cosine_decay(0.1, decay_steps: String.length(\"abc\"))",
            "Anneal.Evaluate.evaluate(1, 2, 3)",
            "cosine_decay(0.1) |> IO.inspect()"
          ] do
        assert {:error, message} = Text.parse(text), text

        assert message =~
                 ~r/^invalid schedule .*(expected a schedule call|only schedule calls and literals|unknown (schedule|name))/
      end

      refute_received :evaluated
      refute File.exists?("/tmp/anneal_pwned")
    end

    test "a file removal is parsed, refused and not run", %{} do
      path =
        Path.join(System.tmp_dir!(), "anneal_text_test_#{System.unique_integer([:positive])}")

      File.write!(path, "keep me")
      assert {:error, _} = Text.parse("File.rm(#{inspect(path)})")
      assert {:error, _} = Text.parse("cosine_decay(File.rm!(#{inspect(path)}))")
      assert File.read!(path) == "keep me"
      File.rm!(path)
    end

    test "variables, operators, anonymous functions, captures, blocks, attributes, strings" do
      for text <- [
            "cosine_decay(x)",
            "cosine_decay(0.1 + 0.2)",
            "fn -> cosine_decay(0.1) end",
            "&System.halt/0",
            "cosine_decay(0.1); System.halt()",
            "cosine_decay(@x)",
            "cosine_decay(\"0.1\")",
            "x = cosine_decay(0.1)",
            "import System",
            "__ENV__",
            "cosine_decay(0.1, decay_steps: <<1>>)"
          ] do
        assert {:error, message} = Text.parse(text), text

        assert message =~
                 ~r/only schedule calls and literals are allowed|expected a schedule call/,
               text
      end
    end

    test "names no schedule has, without creating atoms for them" do
      # As the API says it: the kind, and what there is instead.
      assert Text.parse("no_such_schedule_anywhere(0.1)") ==
               {:error,
                ~s|invalid schedule "no_such_schedule_anywhere(0.1)": | <>
                  "unknown schedule no_such_schedule_anywhere, expected one of: " <>
                  Enum.join(Schedule.kinds(), ", ")}

      assert Text.parse("cosine_decay(0.1, no_such_option_anywhere: 1)") ==
               {:error,
                ~s|invalid schedule "cosine_decay(0.1, no_such_option_anywhere: 1)": | <>
                  "unknown option :no_such_option_anywhere for cosine_decay, " <>
                  "expected one of: [:decay_steps, :alpha, :exponent]"}

      assert Text.parse("linear_decay(0.1, no_such_value_anywhere: :no_such_atom_anywhere)") ==
               {:error,
                ~s|invalid schedule "linear_decay(0.1, no_such_value_anywhere: :no_such_atom_anywhere)": | <>
                  "unknown option :no_such_value_anywhere for linear_decay, " <>
                  "expected one of: [:warmup, :steps]"}

      assert {:error, message} =
               Text.parse(
                 "warmup_stable_decay(0.1, warmup_steps: 1, stable_steps: 1, " <>
                   "decay_steps: 1, decay_type: :no_such_atom_anywhere)"
               )

      assert message =~ "unknown name no_such_atom_anywhere"

      for name <- [
            "no_such_schedule_anywhere",
            "no_such_option_anywhere",
            "no_such_value_anywhere",
            "no_such_atom_anywhere"
          ] do
        assert_raise ArgumentError, fn -> String.to_existing_atom(name) end
      end

      assert Text.parse("halt(0.1)") ==
               {:error,
                ~s|invalid schedule "halt(0.1)": unknown schedule halt, expected one of: | <>
                  Enum.join(Schedule.kinds(), ", ") <> ", got: halt(0.1)"}
    end

    test "bad options, with the message of Anneal.new/3" do
      assert Text.parse("cosine_decay(0.1, decay_steps: 0)") ==
               {:error,
                ~s|invalid schedule "cosine_decay(0.1, decay_steps: 0)": | <>
                  "expected :decay_steps to be a positive number, got: 0"}

      assert {:error, message} = Text.parse("cosine_decay(0.1, [decay_steps: 1], 3)")

      assert message =~
               "expected cosine_decay(init_value) or cosine_decay(init_value, options), got 3 arguments"
    end

    test "syntax errors" do
      assert {:error, ~s|invalid schedule "cosine_decay(0.1": | <> rest} =
               Text.parse("cosine_decay(0.1")

      assert rest =~ "missing terminator"
      assert {:error, _} = Text.parse("")
    end
  end
end
