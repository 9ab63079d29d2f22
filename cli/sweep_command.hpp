// `locksim sweep`: research sweeps — algorithms over a grid of workload and fault parameters and
// a range of seeds, each point's violation rates with 95% intervals and its other statistics;
// resumable, sharded (`--shard I/N`) and merged (`locksim merge DIR...`) into the same results.
#pragma once

#include <CLI/CLI.hpp>

namespace locksim::cli {

// Adds `sweep` and `merge`.
void add_sweep_commands(CLI::App& app, int& exit_code);

}  // namespace locksim::cli
