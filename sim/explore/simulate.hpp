// The simulate driver: a seeded random walk through the world in true-time order, with every
// invariant watching every step. It computes the run's trace hash from every event fired and
// every choice made, so two runs print the same hash exactly when they went the same way.
#pragma once

#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "sim/check/invariant.hpp"
#include "sim/check/mutual_exclusion.hpp"
#include "sim/explore/run_statistics.hpp"
#include "sim/explore/scripted_chooser.hpp"
#include "sim/world/tracer.hpp"
#include "sim/world/world.hpp"

namespace locksim {

struct SimulationOptions {
  uint64_t seed = 1;
  Duration duration = Duration::seconds(60);
  uint64_t steps_max = 1'000'000'000;  // a bound on the run; reaching it is reported
};

struct InvariantOutcome {
  std::string_view name;
  uint64_t count = 0;
  std::optional<Finding> first;
};

struct SimulationResult {
  uint64_t steps = 0;
  TrueTime end;
  bool steps_limit_reached = false;
  std::vector<InvariantOutcome> invariants;             // in the order of kInvariantNames
  std::optional<MutexViolation> first_mutex_violation;  // with the world, to explain it
  bool stuck_at_end = false;  // the run ended with the lock unobtainable past the liveness bound
  RunStatistics statistics;
  uint64_t trace_hash = 0;

  auto outcome(std::string_view invariant) const -> const InvariantOutcome&;
  auto count(std::string_view invariant) const -> uint64_t { return outcome(invariant).count; }
};

// Runs the world from its start until true time passes options.duration (or nothing is left to
// happen). `tracer` hears every step; `record` receives every choice made, in order.
auto simulate(std::shared_ptr<const WorldConfig> config, const SimulationOptions& options,
              Tracer* tracer = nullptr, std::vector<RecordedChoice>* record = nullptr)
    -> SimulationResult;

}  // namespace locksim
