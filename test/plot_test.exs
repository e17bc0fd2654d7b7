defmodule Anneal.PlotTest do
  use ExUnit.Case, async: true

  alias Anneal.Test.SVG

  # Default picture: 800 pixels wide, of which 14 + 74 + 14 go to margins and the value
  # axis, leaving 698 pixel columns for the lines.
  @columns 698
  @line_width 2

  defp cosine, do: Anneal.new(:cosine_decay, 0.1, decay_steps: 1000)

  defp stairs,
    do:
      Anneal.new(:exponential_decay, 0.1,
        decay_rate: 0.5,
        transition_steps: 1_000_000,
        staircase: true
      )

  test "the document is well-formed SVG of the requested size" do
    doc = SVG.parse!(Anneal.plot(cosine(), 0..1000, width: 640, height: 400))
    assert SVG.root_attribute(doc, :width) == "640"
    assert SVG.root_attribute(doc, :height) == "400"
  end

  test "one line per schedule, each labelled in the legend with its call" do
    schedules = [
      cosine(),
      Anneal.linear_decay(0.1, warmup: 100),
      Anneal.new(:polynomial_decay, 0.1, transition_steps: 500),
      Anneal.new(:constant, 0.02),
      stairs()
    ]

    for n <- 1..5 do
      doc = schedules |> Enum.take(n) |> Anneal.plot(0..1000) |> SVG.parse!()
      assert length(SVG.lines(doc, @line_width)) == n
      texts = SVG.texts(doc)

      for schedule <- Enum.take(schedules, n) do
        schedule =
          with fun when is_function(fun) <- schedule, do: elem(Anneal.Schedule.from_fun(fun), 1)

        assert Anneal.Schedule.Text.call(schedule, :short) in texts
      end
    end
  end

  test "title, axis labels and readable ticks" do
    doc = SVG.parse!(Anneal.plot(stairs(), 0..10_000_000//10, title: "Stairs"))
    texts = SVG.texts(doc)
    assert "Stairs" in texts
    assert "step" in texts
    assert "learning rate" in texts
    # Steps up to 10⁷ read as millions, values as short decimals.
    assert "2M" in texts and "0.1" in texts
    ticks = Enum.reject(texts, &String.contains?(&1, "("))
    refute Enum.any?(ticks, &(&1 =~ ~r/\d{5}/))
  end

  test "titles are escaped: markup and non-ASCII text stay text" do
    title = ~s(<b>Taux & "η"</b> — 学习率)
    doc = SVG.parse!(Anneal.plot(cosine(), 0..100, title: title))
    assert title in SVG.texts(doc)
  end

  test "values whose span overflows a float64 are refused, not drawn" do
    huge = [Anneal.new(:constant, -1.0e308), Anneal.new(:constant, 1.0e308)]

    assert_raise ArgumentError,
                 "cannot draw values from -1e308 to 1e308: their span does not fit in a float64",
                 fn -> Anneal.plot(huge, 0..10) end
  end

  test "ten million steps: a bounded number of points, and the staircase keeps its corners" do
    svg = Anneal.plot(stairs(), 0..9_999_999)
    [line] = SVG.lines(SVG.parse!(svg), @line_width)
    assert length(line) <= 6 * @columns
    # 0.5^⌊t/10⁶⌋ drops 9 times; each drop is a vertical segment (same x, y going down).
    drops =
      line
      |> Enum.chunk_every(2, 1, :discard)
      |> Enum.count(fn [{x1, y1}, {x2, y2}] -> x1 == x2 and y2 > y1 end)

    assert drops == 9
    assert byte_size(svg) < 200_000
  end

  test "phase boundaries within the steps are marked and labelled" do
    linear = Anneal.new(:linear_decay, 0.1, warmup: 100, steps: 1000)
    texts = SVG.texts(SVG.parse!(Anneal.plot(linear, 0..1000)))
    assert "warmup end" in texts and "decay end" in texts
    texts = SVG.texts(SVG.parse!(Anneal.plot(linear, 200..900)))
    refute "warmup end" in texts or "decay end" in texts
  end

  test "log_y draws decays to zero and ticks in powers of ten" do
    doc = SVG.parse!(Anneal.plot(cosine(), 0..2000, log_y: true))
    [line] = SVG.lines(doc, @line_width)
    # Past step 1000 the value is 0: drawn at the bottom, the largest y of the line.
    {_, last_y} = List.last(line)
    assert last_y == line |> Enum.map(&elem(&1, 1)) |> Enum.max()
    assert "0.1" in SVG.texts(doc) and "0.001" in SVG.texts(doc)
  end

  test "a descending range draws the same picture as the ascending one" do
    assert Anneal.plot(cosine(), 1000..0//-10) == Anneal.plot(cosine(), 0..1000//10)
    assert Anneal.plot(cosine(), 1001..0//-10) == Anneal.plot(cosine(), 1..1001//10)
  end

  test "bad arguments raise ArgumentError naming the culprit" do
    assert_raise ArgumentError, "expected a non-empty range of steps, got: 5..4//1", fn ->
      Anneal.plot(cosine(), 5..4//1)
    end

    assert_raise ArgumentError,
                 ~r/^expected steps to be a range of signed 64-bit integers with a non-zero step, got: \[1, 2\]/,
                 fn ->
                   Anneal.plot(cosine(), [1, 2])
                 end

    assert_raise ArgumentError,
                 ~r/^expected an %Anneal.Schedule{} or a function returned by Anneal/,
                 fn ->
                   Anneal.plot(fn step -> step end, 0..10)
                 end

    assert_raise ArgumentError, "expected at least one schedule to plot", fn ->
      Anneal.plot([], 0..10)
    end

    assert_raise ArgumentError, "expected :width to be a positive integer, got: 1.5", fn ->
      Anneal.plot(cosine(), 0..10, width: 1.5)
    end

    assert_raise ArgumentError, "expected :log_y to be a boolean, got: 1", fn ->
      Anneal.plot(cosine(), 0..10, log_y: 1)
    end

    assert_raise ArgumentError, "expected :title to be a string, got: :t", fn ->
      Anneal.plot(cosine(), 0..10, title: :t)
    end

    assert_raise ArgumentError, ~r/^unknown option :color for plot/, fn ->
      Anneal.plot(cosine(), 0..10, color: :red)
    end

    assert_raise ArgumentError, ~r/^expected a width between 240 and 10000/, fn ->
      Anneal.plot(cosine(), 0..10, width: 100)
    end

    assert_raise ArgumentError,
                 "log_y needs a positive value, but every value is 0 or negative",
                 fn ->
                   Anneal.plot(Anneal.new(:constant, 0), 0..10, log_y: true)
                 end

    grow = Anneal.new(:exponential_decay, 1.0, decay_rate: 2.0, transition_steps: 1)

    assert_raise ArgumentError, "the schedule's value at step 1024 is not finite", fn ->
      Anneal.plot(grow, 0..2000)
    end
  end
end
