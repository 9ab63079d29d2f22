// The simulate driver; see simulate.hpp.
#include "sim/explore/simulate.hpp"

#include "sim/explore/random_chooser.hpp"
#include "sim/world/step.hpp"

namespace locksim {

auto simulate(std::shared_ptr<const WorldConfig> config, const SimulationOptions& options,
              Tracer* tracer, std::vector<RecordedChoice>* record) -> SimulationResult {
  Fingerprinter trace_hash;
  RandomChooser random(options.seed);
  RecordingChooser chooser(random, trace_hash, record);
  World world = make_world(std::move(config), chooser);
  MutualExclusionMonitor monitor;
  ForeignReleaseMonitor foreign_release;
  TtlLessLockMonitor ttl_less_lock;
  SimulationResult result;
  const TrueTime horizon = TrueTime{} + options.duration;
  while (can_step(world) && next_event_time(world) <= horizon) {
    if (result.steps == options.steps_max) {
      result.steps_limit_reached = true;
      break;
    }
    foreign_release.before_step(world);
    const Event event = step(world, chooser, tracer);
    fingerprint_event(trace_hash, event);
    ++result.steps;
    monitor.observe(world, result.steps);
    foreign_release.after_step(world, event, result.steps);
    ttl_less_lock.observe(world, result.steps);
  }
  result.end = world.now;
  result.acquisitions = monitor.acquisitions();
  result.violations = monitor.violations();
  result.first_violation = monitor.first_violation();
  result.foreign_releases = foreign_release.count();
  result.first_foreign_release = foreign_release.first();
  result.ttl_less_locks = ttl_less_lock.count();
  result.first_ttl_less_lock = ttl_less_lock.first();
  result.trace_hash = trace_hash.digest();
  return result;
}

}  // namespace locksim
