// A sweep's results as one standalone HTML file that opens without a network: for each
// invariant some point violated, an inline SVG plot of its violation rate (with 95% intervals)
// against the first axis — numeric axes (durations, counts) to scale, others evenly — a line per
// algorithm and combination of the other axes; then the table of every point. A function of the
// plan and the statistics alone, like the other results.
#pragma once

#include <string>
#include <vector>

#include "sim/explore/sweep/point_statistics.hpp"
#include "sim/explore/sweep/sweep_plan.hpp"
#include "sim/report/comparison_report.hpp"

namespace locksim {

auto sweep_html(const ReportOrigin& origin, const SweepPlan& plan,
                const std::vector<PointStatistics>& statistics) -> std::string;

}  // namespace locksim
