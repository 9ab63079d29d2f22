// What a run measured, beside its invariants: how often and how fast clients got the lock, and
// how long the lock stayed unobtainable after a holder crashed. Collected after every step from
// the world, outside it.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "sim/explore/latency_histogram.hpp"
#include "sim/world/step.hpp"
#include "sim/world/world.hpp"

namespace locksim {

struct RunStatistics {
  uint64_t acquisitions = 0;
  LatencyHistogram acquire_latencies;  // from wanting the lock to holding it
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

}  // namespace locksim
