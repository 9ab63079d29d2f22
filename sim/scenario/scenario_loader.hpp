// Scenario files (TOML) into Scenario values. The format is documented in scenarios/README.md.
// Every mistake in a file is reported, each at its line and column, and nothing is run unless
// the whole file is right.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "sim/scenario/diagnostics.hpp"
#include "sim/scenario/scenario.hpp"

namespace locksim {

struct ScenarioLoad {
  std::optional<Scenario> scenario;  // set exactly when there are no errors
  Diagnostics diagnostics;
};

// `path` names the file in messages.
auto load_scenario(std::string_view text, const std::string& path) -> ScenarioLoad;
// Reads the file first; a file that cannot be read is one error about the whole file, saying why.
auto load_scenario_file(const std::string& path) -> ScenarioLoad;

}  // namespace locksim
