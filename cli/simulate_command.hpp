// `locksim simulate`: one seeded run of an algorithm under faults, a summary, and on a violation
// its explanation and the command that replays it.
#pragma once

#include <CLI/CLI.hpp>

namespace locksim::cli {

// Registers the subcommand; when it runs, its exit code is stored in exit_code.
void add_simulate_command(CLI::App& app, const std::string& program, int& exit_code);

}  // namespace locksim::cli
