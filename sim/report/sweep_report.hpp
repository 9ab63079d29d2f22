// A sweep's results written for programs and people: a tidy CSV (one row per point and
// invariant, a column per statistic, for pandas and R), JSON with provenance (the locksim build,
// the full spec, the command that regenerates it, the seeds), and a Markdown table. Each is a
// function of the plan and the statistics alone, so a sweep run on any number of threads, in
// shards, or resumed after a kill writes the same bytes.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/explore/sweep/point_statistics.hpp"
#include "sim/explore/sweep/sweep_plan.hpp"
#include "sim/report/comparison_report.hpp"

namespace locksim {

auto sweep_csv(const SweepPlan& plan, const std::vector<PointStatistics>& points) -> std::string;

// `spec`: the sweep as written (what `locksim sweep` read), for provenance.
auto sweep_json(const ReportOrigin& origin, const nlohmann::ordered_json& spec,
                const SweepPlan& plan, const std::vector<PointStatistics>& points) -> std::string;

auto sweep_markdown(const ReportOrigin& origin, const SweepPlan& plan,
                    const std::vector<PointStatistics>& points) -> std::string;

}  // namespace locksim
