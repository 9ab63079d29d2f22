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
#include "sim/check/resource_safety.hpp"
#include "sim/explore/run_statistics.hpp"
#include "sim/explore/scripted_chooser.hpp"
#include "sim/world/step.hpp"
#include "sim/world/tracer.hpp"
#include "sim/world/world.hpp"

namespace locksim {

struct SimulationOptions {
  uint64_t seed = 1;
  Duration duration = Duration::seconds(60);
  uint64_t steps_max = 1'000'000'000;  // a bound on the run; reaching it is reported
  // Invariants and statistics watch the run. A replay that only traces or observes it goes
  // without: it reads neither, and their bookkeeping (every acquire latency) grows with the run.
  bool watched = true;
};

// The same run replayed up to its `steps`th step, unwatched.
auto replay_until(SimulationOptions options, uint64_t steps) -> SimulationOptions;

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
  std::optional<StaleWrite> first_stale_write;          // its sections, to explain it
  bool stuck_at_end = false;  // the run ended with the lock unobtainable past the liveness bound
  RunStatistics statistics;
  uint64_t trace_hash = 0;

  auto outcome(std::string_view invariant) const -> const InvariantOutcome&;
  // None when the run did not watch it (a workload's invariant in a run of a lock).
  auto find_outcome(std::string_view invariant) const -> const InvariantOutcome*;
  auto count(std::string_view invariant) const -> uint64_t { return outcome(invariant).count; }
  // The first violation of each invariant violated.
  auto first_findings() const -> std::vector<Finding>;
};

// Watches a run from outside: sees the world before every step (when everything before the next
// event's time has happened) and once more at the end.
class RunObserver {
 public:
  virtual ~RunObserver() = default;
  virtual void before_step(const World& world) = 0;
  virtual void finish(const World& world, TrueTime end) = 0;
};

// Keeps the world a run ends with (to explain what happened at its last step).
class FinalWorld final : public RunObserver {
 public:
  void before_step(const World& /*world*/) override {}
  void finish(const World& world, TrueTime /*end*/) override { world_ = world; }
  auto world() const -> const World& { return *world_; }

 private:
  std::optional<World> world_;
};

// A step a driver takes instead of firing the event due first: the `step`th step (1-based) of
// the run is `action` (a same-instant order or an injected fault, as the model checker found).
struct ScheduledAction {
  uint64_t step = 0;
  Action action;
  auto operator==(const ScheduledAction&) const -> bool = default;
};

// Optional company for a run; all may be left empty.
struct SimulationHooks {
  Tracer* tracer = nullptr;                       // hears every step
  std::vector<RecordedChoice>* record = nullptr;  // receives every choice made, in order
  Chooser* chooser = nullptr;  // answers the choices instead of the random chooser of the seed
  RunObserver* observer = nullptr;
  // Steps that differ from firing the first due event, in increasing step order.
  const std::vector<ScheduledAction>* actions = nullptr;
};

// Runs the world from its start until true time passes options.duration (or nothing is left to
// happen).
auto simulate(std::shared_ptr<const WorldConfig> config, const SimulationOptions& options,
              const SimulationHooks& hooks = {}) -> SimulationResult;

}  // namespace locksim
