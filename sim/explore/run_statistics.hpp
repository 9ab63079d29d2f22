// What a run measured, beside its invariants: how often and how fast clients got the lock, and
// how long the lock stayed unobtainable after a holder crashed. Collected after every step from
// the world, outside it.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "sim/world/step.hpp"
#include "sim/world/world.hpp"

namespace locksim {

struct RunStatistics {
  uint64_t acquisitions = 0;
  std::vector<Duration> acquire_latencies;  // from wanting the lock to holding it, in order
  uint64_t holder_crashes = 0;
  Duration unavailable_after_crash;  // summed: from a holder's crash to the next acquisition
  uint64_t writes_accepted = 0;
  uint64_t writes_rejected = 0;
  Duration simulated;
};

class StatisticsCollector {
 public:
  void after_step(const World& world, const Event& event);
  void finish(const World& world, TrueTime end);
  auto statistics() const -> const RunStatistics& { return statistics_; }

 private:
  struct Seen {
    char holding = 0;
    std::optional<TrueTime> wanting_since;
  };
  std::vector<Seen> seen_;                // per client, as of the previous step
  std::optional<TrueTime> outage_since_;  // a holder crashed then and nobody has acquired since
  RunStatistics statistics_;
};

// The value at quantile permille/1000 by nearest rank, of values sorted ascending; zero when
// empty. Integer arithmetic, so every platform picks the same rank.
auto quantile(const std::vector<Duration>& sorted, uint32_t permille) -> Duration;

}  // namespace locksim
