// Exploring a scenario's setup; see scenario_check.hpp.
#include "sim/scenario/scenario_check.hpp"

#include "sim/core/assert.hpp"
#include "sim/explore/check/fault_budget.hpp"
#include "sim/scenario/scenario_world.hpp"

namespace locksim {

auto unexplorable(const Scenario& scenario) -> std::optional<std::string> {
  if (!scenario.choices && scenario.actions.empty() && !scenario.steps &&
      scenario.recurring_faults) {
    return std::nullopt;
  }
  return std::string(
      "it is a recorded run ([replay]): every choice in it is fixed, so there is nothing to "
      "explore; `locksim run` replays it (remove its [replay] section to explore its setup)");
}

auto scenario_check(const Scenario& scenario) -> ScenarioCheck {
  LOCKSIM_ASSERT(!unexplorable(scenario), "scenario '{}' is a recorded run", scenario.name);
  LOCKSIM_ASSERT(!scenario.clients.empty(), "scenario '{}' has no clients", scenario.name);
  ScenarioCheck checked{make_world_config(scenario), {}};
  const ScenarioClient& first = scenario.clients.front();
  checked.options.domains =
      ChoiceDomains(first.options.ttl, first.request_timeout, scenario.faults);
  checked.options.pins = pinned_choices(scenario, *checked.config);
  checked.options.horizon = scenario.duration;
  checked.options.budget = default_budget(*checked.config);
  return checked;
}

}  // namespace locksim
