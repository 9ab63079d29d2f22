// The model checker's test configurations: a setup with the restricted domains every check test
// explores — both clients start at t=0, every message takes one 200 us quantum each way (so the
// clients' requests reach a server at the same instant and their order is the checker's choice),
// a client that releases tries again at once — and one invariant checked within a horizon.
#pragma once

#include <string_view>
#include <utility>
#include <vector>

#include "sim/explore/check/fault_budget.hpp"
#include "sim/explore/check/model_checker.hpp"
#include "sim/explore/simulation_setup.hpp"

namespace locksim::testing {

struct Configured {
  std::shared_ptr<const WorldConfig> config;
  CheckOptions options;
};

// `domains` fix one value each on top of the common ones.
inline auto configure_check(const SimulationSetup& setup, Duration horizon,
                            std::string_view invariant,
                            const std::vector<std::pair<ChoiceKind, Duration>>& domains)
    -> Configured {
  Configured configured{make_world_config(setup), {}};
  CheckOptions& options = configured.options;
  options.domains = ChoiceDomains(setup.ttl, setup.request_timeout, setup.faults);
  options.budget = default_budget(*configured.config);
  options.horizon = horizon;
  options.invariants = {invariant};
  options.states_max = 200'000;  // a safety net: no test comes near it
  options.domains.set(ChoiceKind::start_delay, {Duration{}});
  options.domains.set(ChoiceKind::request_delay, {Duration::micros(200)});
  options.domains.set(ChoiceKind::reply_delay, {Duration::micros(200)});
  options.domains.set(ChoiceKind::idle_duration, {Duration{}});
  for (const auto& [kind, value] : domains) options.domains.set(kind, {value});
  return configured;
}

// Whether two counterexamples take the same steps with the same choices.
inline auto same_path(const Counterexample& a, const Counterexample& b) -> bool {
  if (a.steps.size() != b.steps.size()) return false;
  for (size_t i = 0; i < a.steps.size(); ++i) {
    const PathStep& x = a.steps[i];
    const PathStep& y = b.steps[i];
    if (!(x.action == y.action) || !x.event.same_body(y.event) || x.choices != y.choices) {
      return false;
    }
  }
  return a.initial_choices == b.initial_choices;
}

}  // namespace locksim::testing
