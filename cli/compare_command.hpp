// `locksim compare`: the main job. Every algorithm under every fault profile for many seeds,
// a table on stdout, and reports/comparison.md and .json.
#pragma once

#include <CLI/CLI.hpp>

namespace locksim::cli {

void add_compare_command(CLI::App& app, int& exit_code);

}  // namespace locksim::cli
