// The property-based driver: runs generated cases (fuzz_generator.hpp) through `simulate` with
// their data as the chooser, until one violates a checked invariant; then lets rapidcheck shrink
// that case, keeping the invariant it violated first, to the smallest case that still does. Given
// the same space and seed it runs the same cases and shrinks to the same case, whatever RC_PARAMS
// says: the seed and the number of cases are passed to rapidcheck explicitly.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "sim/explore/simulate.hpp"
#include "sim/property/fuzz_case.hpp"
#include "sim/scenario/scenario.hpp"

namespace locksim {

// A case run: the case as a scenario that replays it (every choice recorded, the trace hash, and
// the invariants it violated as its expectation), and, when it failed, the first violation of a
// checked invariant (earliest in the run).
struct CaseRun {
  Scenario scenario;
  SimulationResult result;
  std::optional<Finding> failure;
};

// Runs one case. `invariant`, when given, is the only one whose violation counts as a failure;
// `observer`, when given, watches the run.
auto run_case(const FuzzSpace& space, const FuzzCase& fuzz_case,
              std::optional<std::string_view> invariant = std::nullopt,
              RunObserver* observer = nullptr) -> CaseRun;

struct FuzzOptions {
  uint64_t seed = 1;
  uint32_t runs = 100;  // generated cases, at most
  // Shrink attempts at most (each one run); rapidcheck stops when no smaller case still fails.
  uint32_t shrink_runs_max = 20'000;
};

struct FuzzProgress {
  uint32_t cases = 0;  // generated cases run
  uint32_t shrinks_tried = 0;
  uint32_t shrinks_accepted = 0;
};

struct FuzzOutcome {
  uint32_t cases = 0;  // generated cases run, the failing one included
  std::optional<FuzzCase> first_failure;
  std::optional<FuzzCase> minimal;  // the shrunk case
  std::string invariant;            // what the first failure violated first, and minimal violates
  uint32_t shrinks_tried = 0;
  uint32_t shrinks_accepted = 0;
  bool shrink_budget_reached = false;
};

auto fuzz(const FuzzSpace& space, const FuzzOptions& options,
          const std::function<void(const FuzzProgress&)>& progress = {}) -> FuzzOutcome;

}  // namespace locksim
