// Swarm verification (Holzmann, Joshi and Groce, 2008): instead of one search that may not finish
// in the memory and time at hand, many small ones of the same configuration, each diversified —
// its own successor order, breadth- or depth-first, its own bitstate hash functions — and each
// within the same budget (CheckOptions::states_max and the other bounds), so that together
// they reach parts of the graph one search of the same size would not. The searches are numbered
// from 1 and their results do not depend on how they were spread over threads or shards: each is
// one deterministic check, and the swarm's verdict is read from them in number order.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "sim/explore/check/model_checker.hpp"
#include "sim/explore/shard.hpp"

namespace locksim {

struct SwarmOptions {
  uint32_t searches = 1;
  Shard shard;        // only the searches whose number - 1 it contains run
  uint32_t jobs = 1;  // searches run at once, one thread each
};

struct SwarmSearch {
  uint32_t number = 1;
  CheckOptions::Order order = CheckOptions::Order::breadth_first;
  uint64_t successor_order = 0;  // CheckOptions::successor_order
  CheckResult result;
};

struct SwarmResult {
  std::vector<SwarmSearch> searches;  // the shard's, by number
  // The lowest-numbered search that found a counterexample; none: null.
  auto first_violation() const -> const SwarmSearch*;
  // The lowest-numbered search that verified (exact storage, no bound reached); none: null.
  auto first_verified() const -> const SwarmSearch*;
  // The least omission bound of the bitstate searches that ended without a bound: every one of
  // them would have to have missed a state for a violation to go unseen, so this bounds the
  // probability that the swarm missed one; none finished so: null.
  auto least_omission() const -> const SwarmSearch*;
};

// The options of search `number`: search 1 is the base search as given; from search 2 on, each
// explores successors in its own order (a key drawn from the project's PRNG for its number), the
// even-numbered ones in the other order (depth-first when the base is breadth-first), and each
// has its own bitstate hash functions (salt number - 1).
auto swarm_search_options(const CheckOptions& base, uint32_t number) -> CheckOptions;

// Runs the shard's searches, `jobs` at a time. Throws DomainError as check does (the first
// search's, by number).
auto run_swarm(const std::shared_ptr<const WorldConfig>& config, const CheckOptions& base,
               const SwarmOptions& swarm) -> SwarmResult;

}  // namespace locksim
