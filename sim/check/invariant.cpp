// The set of invariants every run checks; see invariant.hpp.
#include "sim/check/invariant.hpp"

#include <algorithm>

#include "sim/check/foreign_release.hpp"
#include "sim/check/liveness.hpp"
#include "sim/check/lost_update.hpp"
#include "sim/check/mutual_exclusion.hpp"
#include "sim/check/quorum.hpp"
#include "sim/check/resource_safety.hpp"
#include "sim/check/ttl_less_lock.hpp"

namespace locksim {

auto earliest_claimable(const World& world) -> TrueTime {
  TrueTime earliest = world.now;
  for (const ClientState& client : world.clients) {
    if (client.belief.holding) earliest = std::min(earliest, client.belief.since);
    if (client.lapsed) earliest = std::min(earliest, client.lapsed->since);
  }
  return earliest;
}

auto make_invariants() -> std::vector<std::unique_ptr<Invariant>> {
  std::vector<std::unique_ptr<Invariant>> invariants;
  invariants.push_back(std::make_unique<MutualExclusionMonitor>());
  invariants.push_back(std::make_unique<ResourceSafetyMonitor>());
  invariants.push_back(std::make_unique<ForeignReleaseMonitor>());
  invariants.push_back(std::make_unique<TtlLessLockMonitor>());
  invariants.push_back(std::make_unique<LivenessMonitor>());
  invariants.push_back(std::make_unique<QuorumMonitor>());
  return invariants;
}

auto make_workload_invariants(const WorldConfig& config)
    -> std::vector<std::unique_ptr<Invariant>> {
  std::vector<std::unique_ptr<Invariant>> invariants;
  for (const ClientSettings& client : config.clients) {
    for (const KeyUse& use : client.program->keys()) {
      if (use.role != KeyUse::Role::shared_counter) continue;
      invariants.push_back(std::make_unique<LostUpdateMonitor>(use.key));
      return invariants;  // one counter: every client of a workload increments the same
    }
  }
  return invariants;
}

}  // namespace locksim
