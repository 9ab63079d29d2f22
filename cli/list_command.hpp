// `locksim list algorithms`: what can be named on the command line, one line each.
#pragma once

#include <CLI/CLI.hpp>

namespace locksim::cli {

void add_list_command(CLI::App& app, int& exit_code);

}  // namespace locksim::cli
