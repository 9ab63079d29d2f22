// Running a sweep's runs on threads. Each run is independent and deterministic; records reach
// the sink as runs finish (in any order, one at a time), and whatever is done with them must not
// depend on that order — the statistics sort them by their place in the plan.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "sim/explore/sweep/run_record.hpp"
#include "sim/explore/sweep/sweep_plan.hpp"

namespace locksim {

// Runs `runs` of the plan on `jobs` threads (the calling one included); `sink` hears each
// record, `progress` (runs done, runs in all) the calling thread's view, either may be empty.
void run_sweep(const SweepPlan& plan, const std::vector<SweepRun>& runs, uint32_t jobs,
               const std::function<void(const RunRecord&)>& sink,
               const std::function<void(uint64_t, uint64_t)>& progress = {});

// The runs of the plan's shard, in run order, leaving out those already recorded.
auto runs_to_do(const SweepPlan& plan, const Shard& shard, const std::vector<RunRecord>& done)
    -> std::vector<SweepRun>;

// Every run of the plan, records in run order (what compare and merge summarize).
auto run_whole_sweep(const SweepPlan& plan, uint32_t jobs,
                     const std::function<void(uint64_t, uint64_t)>& progress = {})
    -> std::vector<RunRecord>;

// Records put in run order; every run of the plan must be among them exactly once.
auto in_run_order(const SweepPlan& plan, std::vector<RunRecord> records) -> std::vector<RunRecord>;

// The records of one point, in seed order, from records in run order.
auto point_records(const SweepPlan& plan, const std::vector<RunRecord>& in_order, size_t point)
    -> std::span<const RunRecord>;

}  // namespace locksim
