// The comparison grid; see compare.hpp.
#include "sim/explore/compare.hpp"

#include <algorithm>

#include "models/registry.hpp"
#include "sim/core/assert.hpp"
#include "sim/explore/sweep/sweep_runner.hpp"

namespace locksim {
namespace {

// Whether the configuration's algorithm fences its writes: it declares a fencing counter.
auto fences(const WorldConfig& config) -> bool {
  const std::vector<KeyUse> keys = config.clients.front().program->keys();
  return std::any_of(keys.begin(), keys.end(),
                     [](const KeyUse& use) { return use.role == KeyUse::Role::fencing_counter; });
}

}  // namespace

auto compare_plan(const CompareSpec& spec) -> SweepPlan {
  SweepPlan plan{
      .axes = {"faults"}, .seed_first = 1, .seed_last = spec.seeds, .duration = spec.duration};
  for (const std::string& algorithm : spec.algorithms) {
    for (const std::string& profile : spec.profiles) {
      const FaultsParse faults = parse_faults(profile);
      LOCKSIM_ASSERT(faults.errors.empty(), "bad profile '{}' reached compare", profile);
      SimulationSetup setup = spec.workload;
      setup.algorithm = algorithm;
      setup.faults = faults.selections;
      plan.points.push_back(
          {.algorithm = algorithm, .coordinates = {profile}, .setup = std::move(setup)});
    }
  }
  return plan;
}

auto compare(const CompareSpec& spec, const std::function<void(uint64_t, uint64_t)>& progress)
    -> std::vector<PairOutcome> {
  LOCKSIM_ASSERT(spec.seeds > 0 && spec.jobs > 0, "compare needs seeds ({}) and jobs ({})",
                 spec.seeds, spec.jobs);
  const SweepPlan plan = compare_plan(spec);
  const std::vector<RunRecord> records = run_whole_sweep(plan, spec.jobs, progress);
  std::vector<PairOutcome> outcomes;
  for (size_t p = 0; p < plan.points.size(); ++p) {
    const SweepPoint& point = plan.points[p];
    outcomes.push_back({.algorithm = point.algorithm,
                        .profile = point.coordinates.front(),
                        .statistics = point_statistics(point_records(plan, records, p)),
                        .fenced = fences(*make_world_config(point.setup)),
                        .workload = is_workload(point.algorithm)});
  }
  return outcomes;
}

}  // namespace locksim
