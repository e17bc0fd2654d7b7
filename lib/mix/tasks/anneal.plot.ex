defmodule Mix.Tasks.Anneal.Plot do
  @shortdoc "Draws learning-rate schedules as an SVG plot"

  @moduledoc """
  Draws one or more schedules as an SVG plot, with `Anneal.plot/3`.

      mix anneal.plot SPEC... [--steps RANGE] [--out FILE] [--title TEXT]
                              [--width PIXELS] [--height PIXELS] [--log-y]

      mix anneal.plot "cosine_decay(0.1, decay_steps: 1000)" \\
                      "linear_decay(0.1, warmup: 100, steps: 1000)" --steps 0..1000 --out lr.svg

  Each `SPEC` is either the text of a call that builds a schedule, as `inspect/1` shows it,
  or the path of a JSON file written by `Anneal.to_json/1` (a path ending in `.json`, or any
  existing file). The text is parsed, never evaluated: only schedule names
  (`Anneal.Schedule.kinds/0`, optionally written `Anneal.cosine_decay(...)`), numbers,
  booleans, atoms, lists, keyword lists, tuples and maps are accepted.

  ## Flags

    * `--steps RANGE` - the steps to draw: `0..1000`, `0..1000//10`, `-100..100`, or `N` for
      `0..N`. Defaults to `0` up to the longest natural horizon of the schedules
      (`Anneal.Schedule.Phases.horizon/1`).
    * `--out FILE` - where to write the SVG document. Defaults to `schedule.svg`.
    * `--title TEXT` - the title above the chart. Defaults to `Learning-rate schedule`.
    * `--width PIXELS`, `--height PIXELS` - size of the picture. Default to `800` and `480`.
    * `--log-y` - a logarithmic value axis.

  A bad spec or flag stops the task with a one-line error and exit status 1.
  """

  use Mix.Task

  alias Anneal.CLI

  @switches [
    steps: :string,
    out: :string,
    title: :string,
    width: :integer,
    height: :integer,
    log_y: :boolean
  ]

  @impl Mix.Task
  def run(args) do
    {opts, specs} = CLI.options!(args, @switches)
    if specs == [], do: Mix.raise("expected at least one schedule, see `mix help anneal.plot`")
    Mix.Task.run("app.config")

    schedules = Enum.map(specs, &CLI.schedule!/1)
    steps = if text = opts[:steps], do: CLI.steps!(text), else: 0..CLI.horizon(schedules)
    out = Keyword.get(opts, :out, "schedule.svg")
    plot_opts = Keyword.take(opts, [:title, :width, :height, :log_y])

    svg = CLI.checked(fn -> Anneal.plot(schedules, steps, plot_opts) end)
    CLI.write!(out, svg)
    count = if length(schedules) == 1, do: "1 schedule", else: "#{length(schedules)} schedules"
    Mix.shell().info("wrote #{out} (#{count}, steps #{inspect(steps)})")
  end
end
