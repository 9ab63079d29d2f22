// `locksim check`: the bounded model checker over the same world, algorithms and invariants as
// `simulate` — every interleaving and every answer from finite choice domains, faults from a
// budget — with a verdict (verified, counterexample, or bound reached) and counterexamples that
// replay through simulate, as scenario files and diagrams.
#pragma once

#include <CLI/CLI.hpp>

namespace locksim::cli {

void add_check_command(CLI::App& app, int& exit_code);

}  // namespace locksim::cli
