// The simulate driver: a seeded random walk through the world in true-time order, with the
// mutual-exclusion monitor watching every step. It computes the run's trace hash from every
// event fired and every choice made, so two runs print the same hash exactly when they went
// the same way.
#pragma once

#include <memory>
#include <optional>
#include <vector>

#include "sim/check/foreign_release.hpp"
#include "sim/check/mutual_exclusion.hpp"
#include "sim/check/ttl_less_lock.hpp"
#include "sim/explore/scripted_chooser.hpp"
#include "sim/world/tracer.hpp"
#include "sim/world/world.hpp"

namespace locksim {

struct SimulationOptions {
  uint64_t seed = 1;
  Duration duration = Duration::seconds(60);
  uint64_t steps_max = 1'000'000'000;  // a bound on the run; reaching it is reported
};

struct SimulationResult {
  uint64_t steps = 0;
  TrueTime end;
  bool steps_limit_reached = false;
  uint64_t acquisitions = 0;
  uint64_t violations = 0;
  std::optional<MutexViolation> first_violation;
  uint64_t foreign_releases = 0;
  std::optional<ForeignRelease> first_foreign_release;
  uint64_t ttl_less_locks = 0;
  std::optional<TtlLessLock> first_ttl_less_lock;
  uint64_t trace_hash = 0;
};

// Runs the world from its start until true time passes options.duration (or nothing is left to
// happen). `tracer` hears every step; `record` receives every choice made, in order.
auto simulate(std::shared_ptr<const WorldConfig> config, const SimulationOptions& options,
              Tracer* tracer = nullptr, std::vector<RecordedChoice>* record = nullptr)
    -> SimulationResult;

}  // namespace locksim
