// Exhaustive enumeration: every world reachable from the start within a time horizon, each
// visited once (deduplicated by fingerprint). Successors of a world are found by running the
// same transition function under every combination of answers to the choices it asks, which
// requires every distribution in play to be finite (Constant, OneOf). The seed of the model
// checker; for now it counts worlds and lets a caller inspect each new one.
#pragma once

#include <functional>
#include <memory>

#include "sim/world/world.hpp"

namespace locksim {

struct ExplorationOptions {
  enum class Order : uint8_t { breadth_first, depth_first };
  Order order = Order::breadth_first;
  TrueTime horizon;                 // events after this time are not fired
  uint64_t worlds_max = 1'000'000;  // a bound; reaching it is reported
};

struct ExplorationResult {
  uint64_t distinct_worlds = 0;
  uint64_t transitions = 0;  // successor worlds computed, duplicates included
  bool worlds_limit_reached = false;
};

auto explore_exhaustively(std::shared_ptr<const WorldConfig> config,
                          const ExplorationOptions& options,
                          const std::function<void(const World&)>& on_new_world = {})
    -> ExplorationResult;

}  // namespace locksim
