// The set of invariants every run checks; see invariant.hpp.
#include "sim/check/invariant.hpp"

#include "sim/check/foreign_release.hpp"
#include "sim/check/liveness.hpp"
#include "sim/check/mutual_exclusion.hpp"
#include "sim/check/quorum.hpp"
#include "sim/check/resource_safety.hpp"
#include "sim/check/ttl_less_lock.hpp"

namespace locksim {

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

}  // namespace locksim
