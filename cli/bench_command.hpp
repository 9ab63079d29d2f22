// `locksim bench`: how fast and in how much memory this machine simulates the README's runs, so
// that users can size theirs — simulated events and lock cycles per second, how many times
// faster than real time, and peak resident memory, each run measured alone.
#pragma once

#include <CLI/CLI.hpp>

namespace locksim::cli {

void add_bench_command(CLI::App& app, int& exit_code);

}  // namespace locksim::cli
