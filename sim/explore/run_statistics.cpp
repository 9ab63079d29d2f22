// The statistics collector; see run_statistics.hpp.
#include "sim/explore/run_statistics.hpp"

namespace locksim {

void StatisticsCollector::after_step(const World& world, const Event& event) {
  seen_.resize(world.clients.size());
  const std::optional<ClientId> actor = acting_client(world, event);
  if (!actor) return;  // no client changed
  const ClientState& client = world.clients[actor->index];
  Seen& seen = seen_[actor->index];
  const bool holding = client.belief.holding;
  const bool acquired = holding && !seen.holding;
  if (acquired) {
    ++statistics_.acquisitions;
    if (seen.wanting_since) {
      statistics_.acquire_latencies.add(world.now - *seen.wanting_since);
    }
  }
  if (seen.holding && client.status == ProcessStatus::crashed) {
    ++statistics_.holder_crashes;
    if (!outage_since_) outage_since_ = world.now;
  }
  seen.holding = holding;
  if (!client.wanting) {
    seen.wanting_since.reset();
  } else if (!seen.wanting_since) {
    seen.wanting_since = world.now;
  }
  if (acquired && outage_since_) {
    statistics_.unavailable_after_crash += world.now - *outage_since_;
    outage_since_.reset();
  }
}

void StatisticsCollector::finish(const World& world, TrueTime end) {
  if (outage_since_) {
    statistics_.unavailable_after_crash += end - *outage_since_;
    outage_since_.reset();
  }
  statistics_.writes_accepted = world.resource.writes;
  statistics_.writes_rejected = world.resource.rejected;
  statistics_.simulated = end - TrueTime{};
}

}  // namespace locksim
