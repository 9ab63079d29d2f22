// A point's statistics; see point_statistics.hpp.
#include "sim/explore/sweep/point_statistics.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "sim/explore/latency_histogram.hpp"

namespace locksim {

auto wilson(uint64_t hits, uint64_t runs) -> Rate {
  Rate rate{hits, runs, 0, 1};
  if (runs == 0) return rate;
  constexpr double z = 1.959964;  // the 97.5th percentile of the normal distribution
  const double n = static_cast<double>(runs);
  const double p = static_cast<double>(hits) / n;
  const double denominator = 1 + z * z / n;
  const double center = (p + z * z / (2 * n)) / denominator;
  const double half = z * std::sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator;
  // At p = 0 the lower bound is exactly 0, at p = 1 the upper bound exactly 1; rounding must not
  // make either read as "almost".
  rate.low = hits == 0 ? 0 : std::max(0.0, center - half);
  rate.high = hits == runs ? 1 : std::min(1.0, center + half);
  return rate;
}

auto point_statistics(std::span<const RunRecord> records) -> PointStatistics {
  PointStatistics statistics{.runs = records.size()};
  LatencyHistogram latencies;
  std::array<std::vector<Duration>, kReportedInvariantCount> first_times;
  Duration unavailable;
  Duration simulated;
  for (const RunRecord& record : records) {
    for (size_t i = 0; i < kReportedInvariantCount; ++i) {
      if (record.violations[i] == 0) continue;
      ++statistics.violated[i].hits;
      if (statistics.first_seed[i] == 0) statistics.first_seed[i] = record.run.seed;
      if (record.first_violation[i]) first_times[i].push_back(*record.first_violation[i]);
    }
    latencies.merge(record.acquire_latencies);
    statistics.acquisitions += record.acquisitions;
    unavailable += record.unavailable_after_crash;
    simulated += record.simulated;
    statistics.events += record.events;
  }
  for (size_t i = 0; i < kReportedInvariantCount; ++i) {
    statistics.violated[i] = wilson(statistics.violated[i].hits, records.size());
    // Censored runs (no violation) all lie past every violation, at the run's end: the median
    // of all runs is a violation time exactly when more than half the runs have one.
    std::vector<Duration>& times = first_times[i];
    std::sort(times.begin(), times.end());
    const size_t middle = records.size() / 2;  // the upper median, 0-based
    if (middle < times.size()) statistics.median_first_violation[i] = times[middle];
  }
  statistics.latency_p50 = latencies.quantile(500);
  statistics.latency_p99 = latencies.quantile(990);
  if (simulated.us > 0) {
    statistics.availability =
        1 - static_cast<double>(unavailable.us) / static_cast<double>(simulated.us);
    statistics.throughput =
        static_cast<double>(statistics.acquisitions) / (static_cast<double>(simulated.us) / 1e6);
  }
  return statistics;
}

}  // namespace locksim
