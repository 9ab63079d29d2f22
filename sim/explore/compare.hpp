// The comparison behind `locksim compare`: every chosen algorithm under every chosen fault
// profile for seeds 1..N, spread over threads. Runs are independent and deterministic, and
// results are gathered by their place in the grid, never by completion order, so the outcome is
// the same for any number of threads.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "sim/check/invariant.hpp"
#include "sim/explore/simulation_setup.hpp"

namespace locksim {

struct CompareSpec {
  std::vector<std::string> algorithms;
  std::vector<std::string> profiles;  // fault-profile texts, each a column of the grid
  uint64_t seeds = 10;
  Duration duration = Duration::seconds(60);
  uint32_t clients = 3;
  Duration ttl = Duration::seconds(1);
  uint32_t jobs = 1;
};

inline constexpr size_t kInvariantCount = std::size(kInvariantNames);

// A proportion with its 95% Wilson score interval.
struct Rate {
  uint64_t hits = 0;
  uint64_t runs = 0;
  double low = 0;
  double high = 0;
  auto value() const -> double { return runs == 0 ? 0 : static_cast<double>(hits) / runs; }
};
auto wilson(uint64_t hits, uint64_t runs) -> Rate;

struct PairOutcome {
  std::string algorithm;
  std::string profile;
  std::array<Rate, kInvariantCount> violated;  // runs with at least one violation, by invariant
  std::array<uint64_t, kInvariantCount> first_seed{};  // the smallest seed that violated, or 0
  uint64_t acquisitions = 0;
  Duration latency_p50;
  Duration latency_p99;
  double availability = 1;  // 1 - (time unobtainable after holder crashes) / simulated time
  uint64_t events = 0;
  bool fenced = false;  // the algorithm fences its writes (it declares a fencing counter)
};

// `progress` hears (runs done, runs in all) from the calling thread; may be empty.
auto compare(const CompareSpec& spec, const std::function<void(uint64_t, uint64_t)>& progress = {})
    -> std::vector<PairOutcome>;

}  // namespace locksim
