// Generated cases as scenarios; see fuzz_case.hpp.
#include "sim/property/fuzz_case.hpp"

#include <algorithm>

#include "sim/core/assert.hpp"
#include "sim/explore/check/fault_budget.hpp"
#include "sim/scenario/scenario_world.hpp"
#include "sim/scenario/scenario_writer.hpp"

namespace locksim {
namespace {

auto recurring_fault(const WorldConfig& config, FaultKind kind) -> const RecurringFault& {
  switch (kind) {
    case FaultKind::pause: return config.faults.client_pause;
    case FaultKind::client_crash: return config.faults.client_crash;
    case FaultKind::server_crash: return config.faults.server_crash;
    case FaultKind::clock_jump: return config.faults.server_clock_jump;
    case FaultKind::partition: return config.faults.link_down;
  }
  LOCKSIM_UNREACHABLE("fault kind {}", static_cast<int>(kind));
}

// Puts one fault of the schedule on the scenario's timeline.
void schedule(const FuzzFault& fault, Duration length, Scenario& scenario) {
  const auto clients = static_cast<uint32_t>(scenario.clients.size());
  const auto servers = static_cast<uint32_t>(scenario.servers.size());
  const TrueTime at = TrueTime{} + fault.at;
  switch (fault.kind) {
    case FaultKind::pause:
    case FaultKind::client_crash:
      scenario.crashes_and_pauses.push_back(
          {.at = at,
           .node = {NodeRef::Kind::client, fault.target % clients},
           .kind = fault.kind == FaultKind::pause ? ScheduledFault::Kind::pause
                                                  : ScheduledFault::Kind::crash,
           .length = length});
      return;
    case FaultKind::server_crash:
      scenario.crashes_and_pauses.push_back(
          {.at = at,
           .node = {NodeRef::Kind::server, fault.target % servers},
           .kind = ScheduledFault::Kind::crash,
           .length = length});
      return;
    case FaultKind::clock_jump:
      scenario.clock_steps.push_back(
          {.at = at, .node = {NodeRef::Kind::server, fault.target % servers}, .step = length});
      return;
    case FaultKind::partition: {
      const uint32_t connection = fault.target % (clients * servers);
      scenario.partitions.push_back({.begin = at,
                                     .end = at + length,
                                     .client = ClientId{connection / servers},
                                     .server = ServerId{connection % servers}});
      return;
    }
  }
}

}  // namespace

auto fuzzed_choice_kinds() -> std::vector<ChoiceKind> {
  return {ChoiceKind::start_delay,     ChoiceKind::request_delay, ChoiceKind::reply_delay,
          ChoiceKind::work_duration,   ChoiceKind::idle_duration, ChoiceKind::retry_delay,
          ChoiceKind::replication_lag, ChoiceKind::failover_delay};
}

auto fuzzed_fault_kinds(const FuzzSpace& space) -> std::vector<FaultKind> {
  const std::array<bool, kFaultKindCount> enabled =
      enabled_fault_kinds(*make_world_config(space.setup));
  std::vector<FaultKind> kinds;
  for (size_t k = 0; k < kFaultKindCount; ++k) {
    if (enabled[k]) kinds.push_back(static_cast<FaultKind>(k));
  }
  return kinds;
}

auto choice_subjects(const FuzzSpace& space, ChoiceKind kind) -> uint32_t {
  const auto config = make_world_config(space.setup);
  const auto clients = static_cast<uint32_t>(config->clients.size());
  const auto servers = static_cast<uint32_t>(config->servers.size());
  switch (kind) {
    case ChoiceKind::request_delay:
    case ChoiceKind::reply_delay: return clients * servers;
    case ChoiceKind::replication_lag:
    case ChoiceKind::failover_delay: return servers;
    default: return clients;
  }
}

auto case_setup(const FuzzSpace& space, const FuzzCase& fuzz_case) -> SimulationSetup {
  SimulationSetup setup = space.setup;
  setup.clients = fuzz_case.clients;
  setup.servers = fuzz_case.servers;
  return setup;
}

auto case_scenario(const FuzzSpace& space, const FuzzCase& fuzz_case) -> Scenario {
  const SimulationSetup setup = case_setup(space, fuzz_case);
  Scenario scenario = setup_scenario(setup, 1, fuzz_case.duration);
  scenario.recurring_faults = false;
  const auto config = make_world_config(setup);
  std::vector<FuzzFault> faults = fuzz_case.faults;
  std::stable_sort(faults.begin(), faults.end(),
                   [](const FuzzFault& a, const FuzzFault& b) { return a.at < b.at; });
  for (const FuzzFault& fault : faults) {
    if (fault.at >= fuzz_case.duration) continue;
    schedule(fault, quantile(recurring_fault(*config, fault.kind).length, fault.size_ppm),
             scenario);
  }
  return scenario;
}

auto describe_schedule(const Scenario& scenario) -> std::string {
  struct Line {
    TrueTime at;
    std::string text;
  };
  std::vector<Line> lines;
  const auto name = [&](const NodeRef& node) -> const std::string& {
    return node.kind == NodeRef::Kind::client ? scenario.clients[node.index].name
                                              : scenario.servers[node.index].name;
  };
  for (const ScheduledFault& fault : scenario.crashes_and_pauses) {
    lines.push_back({fault.at, fault.kind == ScheduledFault::Kind::pause
                                   ? fmt::format("pause {} at {} for {}", name(fault.node),
                                                 fault.at, fault.length)
                                   : fmt::format("crash {} at {}, down for {}", name(fault.node),
                                                 fault.at, fault.length)});
  }
  for (const ScheduledClockStep& jump : scenario.clock_steps) {
    lines.push_back({jump.at, fmt::format("jump {}'s wall clock forward {} at {}", name(jump.node),
                                          jump.step, jump.at)});
  }
  for (const ScheduledPartition& cut : scenario.partitions) {
    lines.push_back(
        {cut.begin,
         fmt::format("cut {}-{} at {} for {}", scenario.clients[cut.client.index].name,
                     scenario.servers[cut.server.index].name, cut.begin, cut.end - cut.begin)});
  }
  if (lines.empty()) return "no faults";
  std::stable_sort(lines.begin(), lines.end(),
                   [](const Line& a, const Line& b) { return a.at < b.at; });
  std::string text;
  for (const Line& line : lines) text += (text.empty() ? "" : "; ") + line.text;
  return text;
}

}  // namespace locksim
