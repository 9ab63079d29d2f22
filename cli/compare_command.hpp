// `locksim compare`: the main job. Every algorithm under every fault profile for many seeds,
// a table on stdout, and reports/comparison.md and .json, which name `command_line` (the command
// as typed) and the build that made them.
#pragma once

#include <CLI/CLI.hpp>

#include <string>

namespace locksim::cli {

void add_compare_command(CLI::App& app, std::string command_line, int& exit_code);

}  // namespace locksim::cli
