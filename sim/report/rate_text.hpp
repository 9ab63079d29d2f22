// Rates as reports print them: a share in percent with the digits it needs, and a violation
// rate with its 95% interval ("12% (5.3-25)"; "- (0-3.7)" for none seen).
#pragma once

#include <string>

#include "sim/explore/sweep/point_statistics.hpp"
#include "sim/explore/sweep/sweep_plan.hpp"

namespace locksim {

// Whole percent from 10% up, one decimal below, and more (up to three) where fewer would round
// a share that is neither none nor all to 0 or 100 — one violation in 200 runs reads 0.5%.
auto percent(double share) -> std::string;

auto rate_cell(const Rate& rate) -> std::string;

// An acquire-latency quantile of the point, to the millisecond; "-" when nothing was acquired
// (a counter workload without a lock).
auto latency_cell(const PointStatistics& statistics, Duration quantile) -> std::string;

// How many invariant columns (of kReportedInvariantNames, from the first) a table of the plan's
// points has: the locks', and lost-update too when one of its points is a counter workload.
auto invariant_columns(const SweepPlan& plan) -> size_t;
// The point's cell in one of them: its rate, or "n/a" for an invariant its runs did not watch.
auto invariant_cell(const SweepPoint& point, const PointStatistics& statistics, size_t invariant)
    -> std::string;

}  // namespace locksim
