defmodule Anneal.InspectTest do
  use ExUnit.Case, async: true

  alias Anneal.Schedule.Phases

  # The sparkline shows 12 values at steps horizon · i/11, i = 0..11, on 8 levels ▁..█
  # (the minimum to the maximum), between the first and last values.

  test "linear_decay: (11 − t)/11 at t = 0..11, rounded to levels 0..7" do
    # 7·(11 − t)/11 = 7, 6.4, 5.7, 5.1, 4.5, 3.8, 3.2, 2.5, 1.9, 1.3, 0.6, 0
    assert inspect(Anneal.new(:linear_decay, 1.0, steps: 11)) ==
             "#Anneal.Schedule<linear_decay(1.0, warmup: 0, steps: 11) 1.0 █▇▇▆▅▅▄▄▃▂▂▁ 0.0>"
  end

  test "exponential staircase: 0.5^⌊t/100⌋ over 7 transitions (0.5^7 < 1/100)" do
    # t = 700·i/11 → exponents 0 0 1 1 2 3 3 4 5 5 6 7; 0.05 is level 3.5 → 3 (▄), 0.025 → 2,
    # 0.0125 → 1, 0.00625 → 0.4 → 0; the end value 0.1 · 2⁻⁷ = 7.8125e-4 shows 4 digits.
    schedule =
      Anneal.new(:exponential_decay, 0.1, decay_rate: 0.5, transition_steps: 100, staircase: true)

    assert Phases.horizon(schedule) == 700

    assert inspect(schedule) ==
             "#Anneal.Schedule<exponential_decay(0.1, decay_rate: 0.5, transition_steps: 100, " <>
               "transition_begin: 0, staircase: true) 0.1 ██▄▄▃▂▂▁▁▁▁▁ 7.813e-4>"
  end

  test "a constant is a flat line at mid height" do
    assert inspect(Anneal.new(:constant, 3)) ==
             "#Anneal.Schedule<constant(3) 3.0 ▄▄▄▄▄▄▄▄▄▄▄▄ 3.0>"
  end

  test "warmup rises from 0 then decays" do
    # warmup 100 of horizon 1000: sample 1 (t = 90.9) is at 0.909, sample 2 (t = 181.8) past the peak
    assert inspect(Anneal.new(:linear_decay, 0.1, warmup: 100, steps: 1000)) =~
             ~r/^#Anneal.Schedule<linear_decay\(0.1, warmup: 100, steps: 1000\) 0.0 ▁█/
  end

  test "the sparkline's end values are those of Anneal.value/2 at 0 and the horizon" do
    schedule =
      Anneal.new(:polynomial_decay, 0.5,
        end_value: 0.1,
        transition_steps: 40,
        transition_begin: 10
      )

    assert Phases.horizon(schedule) == 50
    assert Anneal.value(schedule, 0) == 0.5 and Anneal.value(schedule, 50) == 0.1
    assert inspect(schedule) =~ ~r/ 0\.5 [▁-█]{12} 0\.1>$/u
  end

  test "the functions of the Axon-style API stay plain functions" do
    for kind <- [:constant, :cosine_decay, :exponential_decay, :linear_decay, :polynomial_decay] do
      assert inspect(apply(Anneal, kind, [0.1])) =~ ~r/^#Function</
    end
  end

  test "a struct built by hand with bad fields is shown field by field" do
    assert inspect(%Anneal.Schedule{kind: :nope, init_value: 1, opts: []}) ==
             "%Anneal.Schedule{kind: :nope, init_value: 1, opts: []}"

    # a known kind with its options missing: the call as written, and the shape of the
    # schedule new/3 makes of it (defaults filled in: decay_steps 10, alpha 0.0)
    assert inspect(%Anneal.Schedule{kind: :cosine_decay, init_value: 1, opts: []}) ==
             "#Anneal.Schedule<cosine_decay(1) 1.0 ██▇▇▆▅▄▃▂▂▁▁ 0.0>"
  end

  test "inside other terms, and with structs: false" do
    assert inspect([Anneal.new(:constant, 1)]) =~ ~r/^\[#Anneal.Schedule<constant\(1\) /
    assert inspect(Anneal.new(:constant, 1), structs: false) =~ "__struct__: Anneal.Schedule"
  end

  test "horizons of every kind" do
    assert Phases.horizon(Anneal.new(:constant, 1)) == 100
    assert Phases.horizon(Anneal.new(:cosine_decay, 1, decay_steps: 2.5)) == 2.5
    assert Phases.horizon(Anneal.new(:linear_decay, 1, warmup: 10, steps: 30)) == 30

    assert Phases.horizon(
             Anneal.new(:polynomial_decay, 1, transition_steps: 7, transition_begin: 3)
           ) == 10

    # 0.95^90 = 0.0099 < 1/100 ≤ 0.95^89 = 0.0104
    assert Phases.horizon(Anneal.new(:exponential_decay, 1)) == 900
    # growth: 2^7 = 128 ≥ 100; no change: one transition
    assert Phases.horizon(Anneal.new(:exponential_decay, 1, decay_rate: 2, transition_steps: 1)) ==
             7

    assert Phases.horizon(Anneal.new(:exponential_decay, 1, decay_rate: 1, transition_steps: 5)) ==
             5

    assert Phases.horizon(Anneal.new(:exponential_decay, 1, decay_rate: 0, transition_steps: 5)) ==
             5

    # 1 − 10⁻⁹ would need 4.6·10⁹ transitions: capped at 1000
    assert Phases.horizon(
             Anneal.new(:exponential_decay, 1, decay_rate: 1 - 1.0e-9, transition_steps: 1)
           ) == 1000
  end

  test "warmup_stable_decay: warmup, a plateau, a linear decay" do
    # horizon 100 + 500 + 300 = 900; t = 900·i/11: 0, 81.8 (0.82 → level 6), then 1 up to
    # step 600, then 1 − (t − 600)/300 at 654.5, 736.4, 818.2, 900: 0.82, 0.55, 0.27, 0.
    schedule =
      Anneal.new(:warmup_stable_decay, 1.0,
        warmup_steps: 100,
        stable_steps: 500,
        decay_steps: 300,
        decay_type: :linear
      )

    assert inspect(schedule) =~ ~r/\) 0\.0 ▁▇██████▇▅▃▁ 0\.0>$/u
  end

  test "boundaries and horizons of the schedules beyond Axon" do
    wcd =
      Anneal.new(:warmup_cosine_decay, 0.0, peak_value: 0.1, warmup_steps: 100, decay_steps: 1000)

    assert Phases.boundaries(wcd) == [{"warmup end", 100}, {"decay end", 1000}]
    assert Phases.horizon(wcd) == 1000

    piecewise =
      Anneal.new(:piecewise_constant, 0.1, boundaries_and_scales: %{600 => 0.2, 300 => 0.5})

    assert Phases.boundaries(piecewise) == [{"×0.5", 300}, {"×0.2", 600}]
    assert Phases.horizon(piecewise) == 600

    # 10 timescales after the warmup; the timescale is warmup_steps, else 10,000
    assert Phases.boundaries(Anneal.new(:inverse_sqrt, 0.1, warmup_steps: 100)) == [
             {"warmup end", 100}
           ]

    assert Phases.horizon(Anneal.new(:inverse_sqrt, 0.1, warmup_steps: 100)) == 1100
    assert Phases.horizon(Anneal.new(:inverse_sqrt, 0.1, warmup_steps: 100, timescale: 50)) == 600
    assert Phases.boundaries(Anneal.new(:inverse_sqrt, 0.1)) == []
    assert Phases.horizon(Anneal.new(:inverse_sqrt, 0.1)) == 100_000

    wsd = [warmup_steps: 100, stable_steps: 500, decay_steps: 300]

    assert Phases.boundaries(Anneal.new(:warmup_stable_decay, 0.1, wsd)) ==
             [{"warmup end", 100}, {"decay begins", 600}, {"decay end", 900}]

    assert Phases.boundaries(
             Anneal.new(:warmup_stable_decay, 0.1, Keyword.put(wsd, :stable_steps, 0))
           ) ==
             [{"warmup end", 100}, {"decay end", 400}]

    # cycles of 100, 200, 400, …: restarts at 100, 300, 700, …; 64 listed; 3 cycles shown
    restarts = Anneal.new(:cosine_decay_restarts, 0.1, first_decay_steps: 100)

    assert Enum.take(Phases.boundaries(restarts), 3) == [
             {"restart", 100},
             {"restart", 300.0},
             {"restart", 700.0}
           ]

    assert length(Phases.boundaries(restarts)) == 64
    assert Phases.horizon(restarts) == 700.0

    assert Phases.horizon(
             Anneal.new(:cosine_decay_restarts, 0.1, first_decay_steps: 100, t_mul: 1)
           ) == 300

    assert Phases.boundaries(Anneal.new(:one_cycle, 0.1, transition_steps: 1000)) ==
             [{"peak", 300.0}, {"decay end", 1000}]
  end

  test "a join marks its join points and what its schedules mark before the next one" do
    warmup = Anneal.new(:linear_decay, 0.1, warmup: 100, steps: 300)
    inner = Anneal.new(:join, [warmup, Anneal.new(:constant, 0.02)], boundaries: [300])
    outer = Anneal.new(:join, [inner, Anneal.new(:constant, 0.01)], boundaries: [500])
    # warmup's "decay end" at 300 is where the constant takes over: cut
    assert Phases.boundaries(outer) == [{"warmup end", 100}, {"join", 300}, {"join", 500}]
    # the last schedule (a constant, 100) after the last boundary (500)
    assert Phases.horizon(outer) == 600

    # the second schedule's boundaries are shifted by its start
    cosine = Anneal.new(:cosine_decay, 0.1, decay_steps: 400)

    assert Phases.boundaries(Anneal.new(:join, [cosine, cosine], boundaries: [200])) ==
             [{"join", 200}, {"decay end", 600}]
  end

  test "boundaries of every kind" do
    assert Phases.boundaries(Anneal.new(:cosine_decay, 1, decay_steps: 5)) == [{"decay end", 5}]
    assert Phases.boundaries(Anneal.new(:exponential_decay, 1)) == []

    assert Phases.boundaries(Anneal.new(:exponential_decay, 1, transition_begin: 4)) == [
             {"decay begins", 4}
           ]

    assert Phases.boundaries(Anneal.new(:linear_decay, 1, steps: 9)) == [{"decay end", 9}]

    assert Phases.boundaries(
             Anneal.new(:polynomial_decay, 1, transition_steps: 7, transition_begin: 3)
           ) ==
             [{"decay begins", 3}, {"decay end", 10}]
  end
end
