// Running a scenario and comparing what happened with what it expects. Each difference is one
// sentence that says what was expected and what the run did.
#pragma once

#include <string>
#include <vector>

#include "sim/explore/causality.hpp"
#include "sim/explore/simulate.hpp"
#include "sim/scenario/scenario.hpp"

namespace locksim {

struct ScenarioRun {
  SimulationResult result;
  std::vector<std::string> differences;  // empty: every expectation held
};

// `tracer` hears every step (for diagrams); `record` receives every choice.
auto run_scenario(const Scenario& scenario, Tracer* tracer = nullptr,
                  std::vector<RecordedChoice>* record = nullptr) -> ScenarioRun;

// The causality of a finding of the scenario's run (see sim/explore/causality.hpp).
auto scenario_causality(const Scenario& scenario, const Finding& finding)
    -> std::vector<SectionCausality>;

// The invariants the run violated, in the order of kInvariantNames ("none" when it held).
auto verdict(const SimulationResult& result) -> std::string;

}  // namespace locksim
