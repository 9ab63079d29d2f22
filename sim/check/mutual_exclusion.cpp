// The mutual-exclusion monitor; see mutual_exclusion.hpp.
#include "sim/check/mutual_exclusion.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace locksim {

void MutualExclusionMonitor::after_step(const World& world, const Event& /*event*/, uint64_t step) {
  held_.resize(world.clients.size(), 0);
  size_t holders = 0;
  std::optional<ClientId> newcomer;
  for (uint32_t c = 0; c < world.clients.size(); ++c) {
    const bool holds = world.clients[c].belief.holding;
    holders += holds ? 1 : 0;
    if (holds && !held_[c]) {
      ++acquisitions_;
      newcomer = ClientId{c};
    }
    held_[c] = holds;
  }
  if (first_ && !first_->end) {
    const bool all_still_hold = std::all_of(first_->clients.begin(), first_->clients.end(),
                                            [&](ClientId c) { return held_[c.index]; });
    if (!all_still_hold) first_->end = world.now;
  }
  if (holders < 2 || !newcomer) return;
  report([&] {
    std::vector<ClientId> believers;
    for (uint32_t c = 0; c < world.clients.size(); ++c) {
      if (held_[c]) believers.push_back(ClientId{c});
    }
    first_ = MutexViolation{believers, *newcomer, world.now, std::nullopt, step, world};
    return Finding{name(), world.now, step, believers,
                   fmt::format("{} acquired while {} other client(s) believed they held the lock",
                               *newcomer, believers.size() - 1)};
  });
}

}  // namespace locksim
