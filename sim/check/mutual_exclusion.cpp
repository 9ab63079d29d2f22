// The mutual-exclusion monitor; see mutual_exclusion.hpp.
#include "sim/check/mutual_exclusion.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "sim/world/step.hpp"

namespace locksim {

void MutualExclusionMonitor::after_step(const World& world, const Event& event, uint64_t step) {
  held_.resize(world.clients.size(), 0);
  const std::optional<ClientId> actor = acting_client(world, event);
  if (!actor) return;  // no belief changed
  const bool holds = world.clients[actor->index].belief.holding;
  const bool newcomer = holds && !held_[actor->index];
  if (newcomer) ++acquisitions_;
  held_[actor->index] = holds;
  if (first_ && !first_->end) {
    const bool all_still_hold = std::all_of(first_->clients.begin(), first_->clients.end(),
                                            [&](ClientId c) { return held_[c.index]; });
    if (!all_still_hold) first_->end = world.now;
  }
  if (!newcomer || std::count(held_.begin(), held_.end(), 1) < 2) return;
  report([&] {
    std::vector<ClientId> believers;
    for (uint32_t c = 0; c < world.clients.size(); ++c) {
      if (held_[c]) believers.push_back(ClientId{c});
    }
    first_ = MutexViolation{believers, *actor, world.now, std::nullopt, step, world};
    return Finding{name(), world.now, step, believers,
                   fmt::format("{} acquired while {} other client(s) believed they held the lock",
                               *actor, believers.size() - 1)};
  });
}

}  // namespace locksim
