// Breaking-threshold search: where an invariant's violation rate crosses a given rate as one
// duration parameter (a pause's length, a clock jump's size, a ttl) goes from `from` to `to`.
// The rate need not be monotone, so a coarse grid comes first and every crossing between two
// neighbouring grid values is refined by bisection. Each value is run with a sequential test:
// seeds in batches until the 95% interval of its rate lies on one side of the target (or a cap
// is reached, when the point estimate decides) — many seeds near the crossing, few far from it.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "sim/explore/simulation_setup.hpp"
#include "sim/explore/sweep/point_statistics.hpp"

namespace locksim {

struct ThresholdSearch {
  std::function<SimulationSetup(Duration)> setup_at;  // the setup with the parameter at a value
  Duration from;
  Duration to;
  size_t invariant = 0;  // index into kInvariantNames
  double rate = 0.1;
  Duration duration = Duration::seconds(60);
  uint32_t jobs = 1;
  uint32_t grid = 8;              // values of the coarse grid, from and to included
  uint64_t seeds_per_batch = 50;  // seeds added at a time to a value still undecided
  uint64_t seeds_most = 800;      // at most, per value
  Duration resolution;            // bisection stops at this width (default (to - from) / 64)
};

struct ThresholdSample {
  Duration value;
  Rate rate;
};

struct Crossing {
  ThresholdSample below;  // the side under the target rate
  ThresholdSample above;  // the side at or over it
};

struct ThresholdResult {
  std::vector<ThresholdSample> grid;
  std::vector<Crossing> crossings;  // in increasing order of value
  uint64_t runs = 0;
};

auto find_thresholds(const ThresholdSearch& search) -> ThresholdResult;

}  // namespace locksim
