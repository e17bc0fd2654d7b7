# The interop tests (tagged :nx, :axon, :polaris) run when local checkouts of those libraries
# are given (README, "Interop tests"); otherwise they are left out, and the run says so.
Anneal.Test.Interop.start([])
