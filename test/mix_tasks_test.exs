defmodule Mix.Tasks.AnnealTest do
  # Mix.shell/1 is global: not async.
  use ExUnit.Case, async: false

  import ExUnit.CaptureIO

  alias Anneal.Test.SVG
  alias Mix.Tasks.Anneal.{Eval, Plot}

  setup do
    Mix.shell(Mix.Shell.Process)
    on_exit(fn -> Mix.shell(Mix.Shell.IO) end)
  end

  # linear_decay(1.0, steps: 4) at 0..4 is 1 − t/4: exactly 1.0, 0.75, 0.5, 0.25, 0.0.
  @linear "linear_decay(1.0, steps: 4)"

  describe "mix anneal.plot" do
    @tag :tmp_dir
    test "writes one SVG line per spec", %{tmp_dir: dir} do
      out = Path.join(dir, "plots/lr.svg")

      Plot.run([
        @linear,
        "cosine_decay(0.1, decay_steps: 1000)",
        "--steps",
        "0..1000",
        "--out",
        out
      ])

      assert_received {:mix_shell, :info, [message]}
      assert message == "wrote #{out} (2 schedules, steps 0..1000)"
      doc = SVG.parse!(File.read!(out))
      assert length(SVG.lines(doc, 2)) == 2
      assert "cosine_decay(0.1, decay_steps: 1000)" in SVG.texts(doc)
    end

    @tag :tmp_dir
    test "the summary counts one schedule in the singular", %{tmp_dir: dir} do
      out = Path.join(dir, "one.svg")
      Plot.run([@linear, "--steps", "0..4", "--out", out])
      assert_received {:mix_shell, :info, [message]}
      assert message == "wrote #{out} (1 schedule, steps 0..4)"
    end

    @tag :tmp_dir
    test "size, title and log axis flags; steps default to the longest horizon", %{tmp_dir: dir} do
      out = Path.join(dir, "lr.svg")
      spec = "exponential_decay(0.1, decay_rate: 0.5, transition_steps: 10)"

      Plot.run([
        spec,
        "--out",
        out,
        "--width",
        "500",
        "--height",
        "300",
        "--title",
        "Halving",
        "--log-y"
      ])

      doc = SVG.parse!(File.read!(out))
      assert SVG.root_attribute(doc, :width) == "500"
      assert "Halving" in SVG.texts(doc)
      # horizon: 7 halvings of 10 steps (0.5^7 < 1/100); the axis ends at step 70
      assert "70" in SVG.texts(doc)
      assert "0.01" in SVG.texts(doc)
    end

    @tag :tmp_dir
    test "the default output file is schedule.svg", %{tmp_dir: dir} do
      File.cd!(dir, fn -> Plot.run([@linear]) end)
      assert File.exists?(Path.join(dir, "schedule.svg"))
    end

    @tag :tmp_dir
    test "a spec may be a JSON file written by Anneal.to_json/1", %{tmp_dir: dir} do
      json = Path.join(dir, "restarts.json")
      out = Path.join(dir, "restarts.svg")
      schedule = Anneal.new(:cosine_decay_restarts, 0.1, first_decay_steps: 100)
      File.write!(json, Anneal.to_json(schedule))
      Plot.run([json, "--out", out])
      texts = SVG.texts(SVG.parse!(File.read!(out)))
      assert Anneal.Schedule.Text.call(schedule, :short) in texts
      # default steps: three cycles, 100 + 200 + 400; restarts at 100 and 300 are marked
      assert "700" in texts and "restart" in texts

      File.write!(
        json,
        ~s({"anneal": 1, "kind": "cosine_decay", "init_value": 0.1, "options": {"decay_steps": 0}})
      )

      error = assert_raise Mix.Error, fn -> Plot.run([json, "--out", out]) end

      assert error.message ==
               "invalid schedule in #{json}: expected :decay_steps to be a positive number, got: 0"
    end

    test "bad specs and flags are one-line Mix errors" do
      for {args, message} <- [
            {[], "expected at least one schedule, see `mix help anneal.plot`"},
            {["System.halt()"], ~s|invalid schedule "System.halt()": expected a schedule call|},
            {[@linear, "--colour", "red"], "unknown option --colour"},
            {[@linear, "--width", "wide"], ~s|invalid value for --width: "wide"|},
            {[@linear, "--steps", "0..x"], ~s|invalid --steps "0..x"|},
            {[@linear, "--steps", "5..1"], "expected a non-empty range of steps, got: 5..1//1"},
            {[@linear, "--width", "50"], "expected a width between 240"},
            {["missing.json"], "could not read missing.json: no such file or directory"}
          ] do
        error = assert_raise Mix.Error, fn -> Plot.run(args) end
        assert error.message =~ message
        refute error.message =~ "\n"
      end
    end
  end

  describe "mix anneal.eval" do
    test "prints a table by default" do
      assert capture_io(fn -> Eval.run([@linear, "--steps", "0..4"]) end) ==
               """
               step  value
               0     1.0
               1     0.75
               2     0.5
               3     0.25
               4     0.0
               """
    end

    test "csv and json, with steps every 2" do
      assert capture_io(fn -> Eval.run([@linear, "--steps", "0..4//2", "--format", "csv"]) end) ==
               "step,value\n0,1.0\n2,0.5\n4,0.0\n"

      # t = −2 < warmup = 0 falls in the warmup branch: t / max(1, 0) = −2.
      assert capture_io(fn -> Eval.run([@linear, "--steps", "-2..2//2", "--format", "json"]) end) ==
               ~s([{"step":-2,"value":-2.0},{"step":0,"value":1.0},{"step":2,"value":0.5}]\n)
    end

    test "steps default to 11 points from 0 to the horizon" do
      # horizon of linear_decay(steps: 1000) is 1000: steps 0, 100, …, 1000
      output = capture_io(fn -> Eval.run(["linear_decay(1.0)", "--format", "csv"]) end)
      assert output |> String.split("\n", trim: true) |> length() == 12
      assert output =~ "\n100,0.9\n" and output =~ "\n1000,0.0\n"
    end

    @tag :tmp_dir
    test "--out picks the format from the extension; .f32 and .f64 are raw floats", %{
      tmp_dir: dir
    } do
      Eval.run([@linear, "--steps", "0..4", "--out", Path.join(dir, "lr.csv")])

      assert File.read!(Path.join(dir, "lr.csv")) ==
               "step,value\n0,1.0\n1,0.75\n2,0.5\n3,0.25\n4,0.0\n"

      Eval.run([@linear, "--steps", "4..0//-1", "--out", Path.join(dir, "lr.f32")])

      assert File.read!(Path.join(dir, "lr.f32")) ==
               <<0.0::float-32-native, 0.25::float-32-native, 0.5::float-32-native,
                 0.75::float-32-native, 1.0::float-32-native>>

      # 0.1 is not a float32: the f64 file holds it exactly, the f32 file rounded.
      Eval.run(["constant(0.1)", "--steps", "0..1", "--out", Path.join(dir, "c.f64")])
      assert File.read!(Path.join(dir, "c.f64")) == <<0.1::float-64-native, 0.1::float-64-native>>
      Eval.run(["constant(0.1)", "--steps", "0..0", "--out", Path.join(dir, "c.f32")])
      assert File.read!(Path.join(dir, "c.f32")) == <<0.1::float-32-native>>
    end

    test "bad specs and flags are one-line Mix errors" do
      for {args, message} <- [
            {[], "expected a schedule, see `mix help anneal.eval`"},
            {[@linear, @linear], "expected one schedule, got 2"},
            {["File.rm(\"x\")"], ~s|invalid schedule "File.rm(\\"x\\")"|},
            {["cosine_decay(0.1, decay_steps: -1)"],
             "expected :decay_steps to be a positive number, got: -1"},
            {[@linear, "--format", "xml"],
             ~s|invalid --format "xml", expected one of: table, csv, json|},
            {[@linear, "--steps", "0..1.5"], ~s|invalid --steps "0..1.5"|},
            {["exponential_decay(1.0, decay_rate: 2, transition_steps: 1)", "--steps", "0..2000"],
             "the schedule's value at step 1024 is not finite"}
          ] do
        error = assert_raise Mix.Error, fn -> Eval.run(args) end
        assert error.message =~ message
        refute error.message =~ "\n"
      end
    end
  end

  test "mix help documents every flag" do
    for {task, flags} <- [
          {Plot, ~w(--steps --out --title --width --height --log-y)},
          {Eval, ~w(--steps --format --out)}
        ] do
      assert Mix.Task.shortdoc(task)
      doc = Mix.Task.moduledoc(task)

      for flag <- flags,
          do: assert(doc =~ "`#{flag}", "#{inspect(task)} does not document #{flag}")
    end
  end
end
