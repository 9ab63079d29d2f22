// `locksim run FILE...`: runs scenario files, checks their expectations, prints one line per
// scenario (and what differed when an expectation failed), and draws diagrams on request.
#pragma once

#include <CLI/CLI.hpp>

namespace locksim::cli {

// Registers the subcommand; when it runs, its exit code is stored in exit_code.
void add_run_command(CLI::App& app, int& exit_code);

}  // namespace locksim::cli
