// A sweep: runs of many setups (points) over a range of seeds, the engine behind `locksim sweep`
// and `locksim compare`. A point is one setup, named by its algorithm and its coordinates (one
// value per axis, as written). Runs are (point, seed) pairs in a fixed order — points outermost —
// so that a sweep can be split into disjoint shards and every result put back in its place.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/explore/shard.hpp"  // a plan's runs are split into shards by their index
#include "sim/explore/simulation_setup.hpp"

namespace locksim {

struct SweepPoint {
  std::string algorithm;                 // as written, with its parameters ("redlock:tries=5")
  std::vector<std::string> coordinates;  // one per axis of the plan
  SimulationSetup setup;
};

struct SweepPlan {
  std::vector<std::string> axes;  // the swept parameters' names ("gc-pause:max", "ttl")
  std::vector<SweepPoint> points;
  uint64_t seed_first = 1;
  uint64_t seed_last = 100;
  Duration duration = Duration::seconds(60);

  auto seeds() const -> uint64_t { return seed_last - seed_first + 1; }
  auto runs() const -> uint64_t { return points.size() * seeds(); }
};

// One run of a plan, by its place in the run order.
struct SweepRun {
  size_t point = 0;
  uint64_t seed = 0;
  auto operator==(const SweepRun&) const -> bool = default;
};
auto sweep_run(const SweepPlan& plan, uint64_t index) -> SweepRun;

}  // namespace locksim
