// Scenarios back to TOML, in the format scenario_loader.hpp reads, and scenarios made from runs:
// `simulate --save-scenario` writes the run's setup and every choice it made, so the file replays
// to the same trace hash.
#pragma once

#include <string>
#include <vector>

#include "sim/explore/check/model_checker.hpp"
#include "sim/explore/simulate.hpp"
#include "sim/explore/simulation_setup.hpp"
#include "sim/scenario/scenario.hpp"

namespace locksim {

auto write_scenario(const Scenario& scenario) -> std::string;

// The scenario of a setup, with nothing pinned and no expectations: its servers (as many as the
// world of the setup has before fault profiles add any), its clients and its fault profiles.
auto setup_scenario(const SimulationSetup& setup, uint64_t seed, Duration duration) -> Scenario;

// The scenario of a `simulate` run: its setup, `choices`, all the choices it made, the trace hash
// of `result` to check the replay against, and as its expectation the invariants `result`
// violated, so that a faithful replay passes.
auto recorded_scenario(const SimulationSetup& setup, uint64_t seed, Duration duration,
                       std::vector<RecordedChoice> choices, const SimulationResult& result)
    -> Scenario;

// A model checker's counterexample as a scenario: `base`, the setup it was found in (its servers,
// clients, network, pins and timeline), with every choice and every action of the path (the
// steps that differ from firing the event due first), the profiles' recurring faults off (the
// path's faults are among its actions), the run cut where the path ends, the trace hash of
// `replay` (the path replayed by simulate) and as its only expectation the invariants that
// replay violated. Its name and description are the caller's to set.
auto counterexample_scenario(Scenario base, const Counterexample& counterexample,
                             const SimulationResult& replay) -> Scenario;

}  // namespace locksim
