// The smallest value of one choice — a fault's size: a pause's length, a clock jump, a downtime
// — at which a checked configuration has a counterexample, found by bisection over exhaustive
// checks with that choice's domain set to one value. The answer is exhaustive at each value
// tried (every interleaving and every other choice within the bounds), and assumes only that
// a larger fault breaks whatever a smaller one does between the two values bracketing it (a
// bracket is reported, not a single value, and each end is a check that was run).
#pragma once

#include <optional>
#include <vector>

#include "sim/explore/check/model_checker.hpp"

namespace locksim {

struct SmallestSearch {
  ChoiceKind kind = ChoiceKind::pause_length;
  Duration from;
  Duration to;
  Duration resolution = Duration::millis(1);
};

struct SmallestStep {
  Duration value;
  CheckResult::Verdict verdict = CheckResult::Verdict::verified;
  uint64_t states = 0;
};

struct SmallestResult {
  std::vector<SmallestStep> steps;    // every check run, in order
  std::optional<Duration> holds_at;   // the largest value verified (none: `from` already breaks)
  std::optional<Duration> breaks_at;  // the smallest value with a counterexample (none: `to` holds)
  std::optional<CheckResult> breaking;  // the check at breaks_at
  bool bound_reached = false;           // a check stopped at a bound, so the search stopped there
};

auto find_smallest_breaking(const std::shared_ptr<const WorldConfig>& config,
                            const CheckOptions& options, const SmallestSearch& search)
    -> SmallestResult;

}  // namespace locksim
