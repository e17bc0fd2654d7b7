# Tests tagged :vendor run against the real Axon 0.4.1 / Nx 0.4.2, which join the test
# environment only when ANNEAL_VENDOR names their folder (see mix.exs and the README).
exclude = if Code.ensure_loaded?(Nx), do: [], else: [:vendor]
ExUnit.start(exclude: exclude)
