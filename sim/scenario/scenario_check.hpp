// What `locksim check --scenario FILE` explores: the scenario's setup with everything it does not
// pin left open. Its world as `locksim run` builds it (fixed network delays, work, idle and retry
// times are distributions of one value, so their domains are that value); its start times and
// message delays pinned (CheckOptions::pins: a pinned occurrence's domain is its value alone);
// its timeline faults as scheduled; its fault profiles' recurring faults not striking by
// themselves but giving the default budget, one of each kind; its duration as the horizon; and
// the default domains of the other choices around its first client's ttl and request timeout.
// A recorded run (a [replay] section) fixes every choice: there is nothing to explore.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "sim/explore/check/model_checker.hpp"
#include "sim/scenario/scenario.hpp"

namespace locksim {

struct ScenarioCheck {
  std::shared_ptr<const WorldConfig> config;
  CheckOptions options;  // pins, horizon, budget and domains; the search options as defaulted
};

// Why the scenario cannot be explored (it is a recorded run), or none.
auto unexplorable(const Scenario& scenario) -> std::optional<std::string>;

// The scenario must have loaded without errors and be explorable.
auto scenario_check(const Scenario& scenario) -> ScenarioCheck;

}  // namespace locksim
