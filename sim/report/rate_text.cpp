// Rates as text; see rate_text.hpp.
#include "sim/report/rate_text.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "models/registry.hpp"

namespace locksim {

auto percent(double share) -> std::string {
  const double value = share * 100;
  if (value == 0 || value == 100) return fmt::format("{:.0f}", value);
  int decimals = value < 10 ? 1 : 0;
  std::string text = fmt::format("{:.{}f}", value, decimals);
  const auto misleads = [](const std::string& shown) {
    return shown.find_first_not_of("0.") == std::string::npos || shown.starts_with("100");
  };
  while (decimals < 3 && misleads(text)) text = fmt::format("{:.{}f}", value, ++decimals);
  return text;
}

auto rate_cell(const Rate& rate) -> std::string {
  const std::string interval = fmt::format("({}-{})", percent(rate.low), percent(rate.high));
  if (rate.hits == 0) return "- " + interval;
  return fmt::format("{}% {}", percent(rate.value()), interval);
}

auto latency_cell(const PointStatistics& statistics, Duration quantile) -> std::string {
  if (statistics.acquisitions == 0) return "-";
  return fmt::format("{}", Duration{quantile.us / 1000 * 1000});
}

auto invariant_columns(const SweepPlan& plan) -> size_t {
  return watched_invariant_count(
      std::any_of(plan.points.begin(), plan.points.end(),
                  [](const SweepPoint& point) { return is_workload(point.algorithm); }));
}

auto invariant_cell(const SweepPoint& point, const PointStatistics& statistics, size_t invariant)
    -> std::string {
  if (invariant >= watched_invariant_count(is_workload(point.algorithm))) return "n/a";
  return rate_cell(statistics.violated[invariant]);
}

}  // namespace locksim
