// Which configurations have interchangeable clients; see symmetry.hpp.
#include "sim/explore/check/symmetry.hpp"

#include <algorithm>

namespace locksim {
namespace {

auto same_settings(const ClientSettings& a, const ClientSettings& b) -> bool {
  return a.program == b.program && a.clock == b.clock && a.request_timeout == b.request_timeout &&
         a.follow_master == b.follow_master && a.region == b.region;
}

auto names_a_client(const NodeRef& node) -> bool {
  return node.kind == NodeRef::Kind::client;
}

}  // namespace

auto why_clients_differ(const WorldConfig& config, std::span<const PinnedChoice> pins)
    -> std::optional<std::string> {
  if (config.clients.size() < 2) return "a single client";
  const ClientSettings& first = config.clients.front();
  if (!std::all_of(config.clients.begin(), config.clients.end(),
                   [&](const ClientSettings& client) { return same_settings(client, first); })) {
    return "the clients' programs, parameters, clocks or regions differ";
  }
  const FaultPlan& faults = config.faults;
  if (std::any_of(faults.scheduled.begin(), faults.scheduled.end(),
                  [](const ScheduledFault& fault) { return names_a_client(fault.node); }) ||
      std::any_of(faults.clock_steps.begin(), faults.clock_steps.end(),
                  [](const ScheduledClockStep& step) { return names_a_client(step.node); }) ||
      !faults.partitions.empty()) {
    return "a scheduled fault names a client";
  }
  if (!pins.empty()) return "pinned choices belong to particular clients";
  return std::nullopt;
}

}  // namespace locksim
