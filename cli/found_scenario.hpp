// Writing a run that a search found (a model-checking counterexample, a shrunk fuzz case) as a
// scenario file and its diagram, shared by `check` and `fuzz`: the scenario is loaded back from
// the text written and replayed through `locksim run`'s own path, which must see every one of its
// expectations hold, so that a written file is one that replays.
#pragma once

#include <optional>
#include <string>

#include "cli/diagram_output.hpp"
#include "sim/scenario/scenario.hpp"

namespace locksim::cli {

// Writes DIR/STEM.toml when `diagram` has an --out directory, and the diagram when one is asked
// for; returns the file's path (empty without --out), or none when a file cannot be written
// (with a message on stderr naming `command`).
auto write_found_scenario(const Scenario& scenario, const std::string& stem,
                          const DiagramOutput& diagram, std::string_view command)
    -> std::optional<std::string>;

}  // namespace locksim::cli
