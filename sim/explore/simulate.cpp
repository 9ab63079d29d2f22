// The simulate driver; see simulate.hpp.
#include "sim/explore/simulate.hpp"

#include "sim/check/liveness.hpp"
#include "sim/core/assert.hpp"
#include "sim/explore/random_chooser.hpp"
#include "sim/world/step.hpp"

namespace locksim {

auto SimulationResult::find_outcome(std::string_view invariant) const -> const InvariantOutcome* {
  for (const InvariantOutcome& outcome : invariants) {
    if (outcome.name == invariant) return &outcome;
  }
  return nullptr;
}

auto SimulationResult::outcome(std::string_view invariant) const -> const InvariantOutcome& {
  const InvariantOutcome* outcome = find_outcome(invariant);
  LOCKSIM_ASSERT(outcome, "no invariant named '{}'", invariant);
  return *outcome;
}

auto SimulationResult::first_findings() const -> std::vector<Finding> {
  std::vector<Finding> findings;
  for (const InvariantOutcome& outcome : invariants) {
    if (outcome.first) findings.push_back(*outcome.first);
  }
  return findings;
}

auto replay_until(SimulationOptions options, uint64_t steps) -> SimulationOptions {
  options.steps_max = steps;
  options.watched = false;
  return options;
}

auto simulate(std::shared_ptr<const WorldConfig> config, const SimulationOptions& options,
              const SimulationHooks& hooks) -> SimulationResult {
  Fingerprinter trace_hash;
  RandomChooser random(options.seed);
  RecordingChooser chooser(hooks.chooser ? *hooks.chooser : random, trace_hash, hooks.record);
  World world = make_world(std::move(config), chooser);
  std::vector<std::unique_ptr<Invariant>> invariants;
  if (options.watched) {
    invariants = make_invariants();
    for (auto& workload : make_workload_invariants(*world.config)) {
      invariants.push_back(std::move(workload));
    }
  }
  StatisticsCollector statistics;
  SimulationResult result;
  const TrueTime horizon = TrueTime{} + options.duration;
  size_t next_action = 0;
  const auto scheduled = [&]() -> const Action* {
    if (!hooks.actions || next_action == hooks.actions->size()) return nullptr;
    const ScheduledAction& action = (*hooks.actions)[next_action];
    return action.step == result.steps + 1 ? &action.action : nullptr;
  };
  while ((can_step(world) && next_event_time(world) <= horizon) || scheduled()) {
    if (result.steps == options.steps_max) {
      result.steps_limit_reached = true;
      break;
    }
    const Action* action = scheduled();
    if (action) {
      ++next_action;
      if (!can_apply(world, *action)) {
        throw ReplayDivergence(fmt::format("step {}: the recorded action cannot be taken at {}",
                                           result.steps + 1, world.now));
      }
    }
    const Event next = action ? next_event(world, *action) : world.queue.earliest();
    for (const auto& invariant : invariants) invariant->before_step(world, next);
    if (hooks.observer) hooks.observer->before_step(world);
    const Event event =
        action ? apply(world, *action, chooser, hooks.tracer) : step(world, chooser, hooks.tracer);
    fingerprint_event(trace_hash, event);
    ++result.steps;
    for (const auto& invariant : invariants) invariant->after_step(world, event, result.steps);
    if (options.watched) statistics.after_step(world, event);
  }
  // A run that stops early (step limit) ends where it stopped; otherwise at its horizon.
  result.end = result.steps_limit_reached || !can_step(world) ? world.now : horizon;
  for (const auto& invariant : invariants) {
    invariant->finish(world, result.end, result.steps);
    result.invariants.push_back(
        {invariant->name(), invariant->count(), invariant->first_finding().to_optional()});
    if (const auto* mutex = dynamic_cast<const MutualExclusionMonitor*>(invariant.get())) {
      result.first_mutex_violation = mutex->first_violation().to_optional();
    }
    if (const auto* resource = dynamic_cast<const ResourceSafetyMonitor*>(invariant.get())) {
      result.first_stale_write = resource->first().to_optional();
    }
    if (const auto* liveness = dynamic_cast<const LivenessMonitor*>(invariant.get())) {
      result.stuck_at_end = liveness->stuck_at_end();
    }
  }
  if (hooks.observer) hooks.observer->finish(world, result.end);
  statistics.finish(world, result.end);
  result.statistics = statistics.statistics();
  result.trace_hash = trace_hash.digest();
  return result;
}

}  // namespace locksim
