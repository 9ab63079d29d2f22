// From a scenario to a world and its chooser; see scenario_world.hpp.
#include "sim/scenario/scenario_world.hpp"

#include <algorithm>

#include "sim/core/assert.hpp"
#include "sim/explore/check/fault_budget.hpp"

namespace locksim {
namespace {

auto node_clock(const ScenarioClock& clock) -> NodeClock {
  return NodeClock(clock.wall_offset, clock.drift_ppm);
}

}  // namespace

auto make_world_config(const Scenario& scenario) -> std::shared_ptr<const WorldConfig> {
  auto config = std::make_shared<WorldConfig>();
  uint32_t servers_needed = 1;
  for (const ScenarioClient& client : scenario.clients) {
    const AlgorithmEntry* algorithm = find_algorithm(client.algorithm);
    LOCKSIM_ASSERT(algorithm != nullptr, "unknown algorithm '{}'", client.algorithm);
    AlgorithmOptions options = client.options;
    options.request_timeout = client.request_timeout;
    const Program program(algorithm->make(options));
    servers_needed = std::max(servers_needed, program->servers());
    config->clients.push_back({.program = program,
                               .clock = node_clock(client.clock),
                               .request_timeout = client.request_timeout,
                               .follow_master = client.follow_master,
                               .region = client.region});
  }
  for (const ScenarioServer& server : scenario.servers) {
    config->servers.push_back({.clock = node_clock(server.clock),
                               .persistence = {.mode = server.persistence},
                               .replica_of = server.replica_of,
                               .flavour = server.flavour});
    if (server.script_call_gap) {
      config->servers.back().script_call_gap = Constant{*server.script_call_gap};
    }
  }
  LOCKSIM_ASSERT(config->servers.size() >= servers_needed,
                 "scenario '{}' has {} servers; its algorithms lock {}", scenario.name,
                 config->servers.size(), servers_needed);
  if (scenario.active_active) config->active_active_databases = 1;
  apply_faults(scenario.faults, *config);
  if (has_replica_of_first_master(*config)) {
    for (size_t c = 0; c < scenario.clients.size(); ++c) {
      AlgorithmOptions options = scenario.clients[c].options;
      options.request_timeout = scenario.clients[c].request_timeout;
      options.replicated = true;
      config->clients[c].program =
          Program(find_algorithm(scenario.clients[c].algorithm)->make(options));
    }
  }
  // What the scenario fixes wins over what its fault profiles would draw.
  if (scenario.request_delay) config->network.request_delay = Constant{*scenario.request_delay};
  if (scenario.reply_delay) config->network.reply_delay = Constant{*scenario.reply_delay};
  if (scenario.replication_lag) config->replication.lag = Constant{*scenario.replication_lag};
  FaultPlan& plan = config->faults;
  plan.scheduled = scenario.crashes_and_pauses;
  plan.clock_steps.insert(plan.clock_steps.end(), scenario.clock_steps.begin(),
                          scenario.clock_steps.end());
  plan.partitions.insert(plan.partitions.end(), scenario.partitions.begin(),
                         scenario.partitions.end());
  plan.promotions.insert(plan.promotions.end(), scenario.promotions.begin(),
                         scenario.promotions.end());
  // A run the model checker found: its faults are among its actions.
  if (!scenario.recurring_faults) return without_recurring_faults(*config);
  return config;
}

PinningChooser::PinningChooser(std::vector<PinnedChoice> pins, Chooser& rest)
    : pins_(std::move(pins)), seen_(pins_.size()), rest_(rest) {}

auto PinningChooser::choose(const Choice& choice) -> Duration {
  std::optional<Duration> pinned;
  for (size_t i = 0; i < pins_.size(); ++i) {
    const PinnedChoice& pin = pins_[i];
    if (!counts_toward(pin, choice)) continue;
    if (++seen_[i] == pin.nth && !pinned) pinned = pin.value;
  }
  return pinned ? *pinned : rest_.choose(choice);
}

auto pinned_choices(const Scenario& scenario, const WorldConfig& config)
    -> std::vector<PinnedChoice> {
  std::vector<PinnedChoice> pins;
  for (uint32_t c = 0; c < scenario.clients.size(); ++c) {
    if (const std::optional<Duration> start = scenario.clients[c].start) {
      pins.push_back({ChoiceKind::start_delay, c, {}, 1, *start});
    }
  }
  const auto servers = static_cast<uint32_t>(config.servers.size());
  for (const MessagePin& message : scenario.messages) {
    const ChoiceKind kind = message.direction == MessagePin::Direction::request
                                ? ChoiceKind::request_delay
                                : ChoiceKind::reply_delay;
    pins.push_back({kind, message.client.index * servers + message.server.index, message.command,
                    message.nth, message.delay});
  }
  return pins;
}

ScenarioChooser::ScenarioChooser(const Scenario& scenario, const WorldConfig& config)
    : random_(scenario.seed), pinning_(pinned_choices(scenario, config), random_) {
  // A recorded run gives every value back, the pinned ones included (which its pins let be
  // values the distribution could not produce).
  if (scenario.choices) replay_.emplace(*scenario.choices, pinned_choices(scenario, config));
}

auto ScenarioChooser::choose(const Choice& choice) -> Duration {
  return replay_ ? replay_->choose(choice) : pinning_.choose(choice);
}

}  // namespace locksim
