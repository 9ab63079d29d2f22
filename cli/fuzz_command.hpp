// `locksim fuzz`: property-based testing of a lock algorithm — generated fault schedules run
// through simulate, the first failing case shrunk by rapidcheck to a minimal one, written as a
// scenario file that `locksim run` replays, drawn, and reported as JUnit XML for CI.
#pragma once

#include <string>

#include <CLI/CLI.hpp>

namespace locksim::cli {

void add_fuzz_command(CLI::App& app, const std::string& program, int& exit_code);

}  // namespace locksim::cli
