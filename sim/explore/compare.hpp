// The comparison behind `locksim compare`: every chosen algorithm under every chosen fault
// profile for seeds 1..N — a sweep (sweep_plan.hpp) whose one axis is the fault profile. Results
// are gathered by their place in the grid, never by completion order, so the outcome is the same
// for any number of threads.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "sim/explore/simulation_setup.hpp"
#include "sim/explore/sweep/point_statistics.hpp"
#include "sim/explore/sweep/sweep_plan.hpp"

namespace locksim {

struct CompareSpec {
  std::vector<std::string> algorithms;
  std::vector<std::string> profiles;  // fault-profile texts, each a column of the grid
  uint64_t seeds = 10;
  Duration duration = Duration::seconds(60);
  // Clients, ttl, servers and the workload timings every pair runs with (its algorithm and
  // faults are the pair's).
  SimulationSetup workload;
  std::string workload_flags;  // the workload flags beyond clients and ttl, for replay commands
  uint32_t jobs = 1;
};

struct PairOutcome {
  std::string algorithm;
  std::string profile;
  PointStatistics statistics;
  bool fenced = false;    // the algorithm fences its writes (it declares a fencing counter)
  bool workload = false;  // a counter workload: its runs watched lost-update too
};

// The comparison as a sweep: a point per (algorithm, profile), the profile its coordinate.
auto compare_plan(const CompareSpec& spec) -> SweepPlan;

// `progress` hears (runs done, runs in all) from the calling thread; may be empty.
auto compare(const CompareSpec& spec, const std::function<void(uint64_t, uint64_t)>& progress = {})
    -> std::vector<PairOutcome>;

}  // namespace locksim
