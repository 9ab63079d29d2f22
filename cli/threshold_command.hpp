// `locksim threshold`: where an invariant's violation rate crosses a given rate as one
// duration parameter varies — a coarse grid, then bisection of every crossing with a
// sequential test (sim/explore/sweep/threshold.hpp).
#pragma once

#include <CLI/CLI.hpp>

namespace locksim::cli {

void add_threshold_command(CLI::App& app, int& exit_code);

}  // namespace locksim::cli
