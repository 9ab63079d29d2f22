// Sweep runs on threads; see sweep_runner.hpp.
#include "sim/explore/sweep/sweep_runner.hpp"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <set>
#include <thread>

#include "sim/core/assert.hpp"

namespace locksim {

auto sweep_run(const SweepPlan& plan, uint64_t index) -> SweepRun {
  return {static_cast<size_t>(index / plan.seeds()), plan.seed_first + index % plan.seeds()};
}

auto runs_to_do(const SweepPlan& plan, const Shard& shard, const std::vector<RunRecord>& done)
    -> std::vector<SweepRun> {
  std::set<std::pair<size_t, uint64_t>> recorded;
  for (const RunRecord& record : done) recorded.emplace(record.run.point, record.run.seed);
  std::vector<SweepRun> runs;
  for (uint64_t i = 0; i < plan.runs(); ++i) {
    const SweepRun run = sweep_run(plan, i);
    if (shard.contains(i) && !recorded.contains({run.point, run.seed})) runs.push_back(run);
  }
  return runs;
}

void run_sweep(const SweepPlan& plan, const std::vector<SweepRun>& runs, uint32_t jobs,
               const std::function<void(const RunRecord&)>& sink,
               const std::function<void(uint64_t, uint64_t)>& progress) {
  LOCKSIM_ASSERT(jobs > 0, "a sweep needs a thread, got {} jobs", jobs);
  std::vector<std::shared_ptr<const WorldConfig>> configs;
  for (const SweepPoint& point : plan.points) configs.push_back(make_world_config(point.setup));
  std::atomic<size_t> next{0};
  std::atomic<uint64_t> done{0};
  std::mutex sink_mutex;
  const auto work = [&](bool reports) {
    for (size_t i = next++; i < runs.size(); i = next++) {
      const SweepRun& run = runs[i];
      const SimulationResult result =
          simulate(configs[run.point], {.seed = run.seed, .duration = plan.duration});
      const RunRecord record = run_record(run, result);
      if (sink) {
        const std::scoped_lock lock(sink_mutex);
        sink(record);
      }
      const uint64_t finished = ++done;
      if (reports && progress) progress(finished, runs.size());
    }
  };
  {
    std::vector<std::jthread> helpers;
    for (uint32_t j = 1; j < jobs; ++j) helpers.emplace_back(work, false);
    work(true);
  }  // joins the helpers
  if (progress) progress(runs.size(), runs.size());
}

auto run_whole_sweep(const SweepPlan& plan, uint32_t jobs,
                     const std::function<void(uint64_t, uint64_t)>& progress)
    -> std::vector<RunRecord> {
  std::vector<RunRecord> records;
  records.reserve(plan.runs());
  run_sweep(
      plan, runs_to_do(plan, Shard{}, {}), jobs,
      [&](const RunRecord& record) { records.push_back(record); }, progress);
  return in_run_order(plan, std::move(records));
}

auto in_run_order(const SweepPlan& plan, std::vector<RunRecord> records) -> std::vector<RunRecord> {
  const auto index = [&](const RunRecord& record) {
    return record.run.point * plan.seeds() + (record.run.seed - plan.seed_first);
  };
  std::sort(records.begin(), records.end(),
            [&](const RunRecord& a, const RunRecord& b) { return index(a) < index(b); });
  LOCKSIM_ASSERT(records.size() == plan.runs(), "{} records of a plan of {} runs", records.size(),
                 plan.runs());
  for (uint64_t i = 0; i < records.size(); ++i) {
    LOCKSIM_ASSERT(index(records[i]) == i, "run {} is recorded as run {}", i, index(records[i]));
  }
  return records;
}

auto point_records(const SweepPlan& plan, const std::vector<RunRecord>& in_order, size_t point)
    -> std::span<const RunRecord> {
  return std::span<const RunRecord>(in_order).subspan(point * plan.seeds(), plan.seeds());
}

}  // namespace locksim
