// The statistics of one point of a sweep, from its runs' records: per invariant the share of
// runs that violated it with its 95% Wilson interval, the first seed that did, and the median
// time to the first violation (runs without one are censored at the run's end, so the median is
// "not reached" when fewer than half the runs violated); acquire latency p50 and p99;
// availability; throughput.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>

#include "sim/explore/sweep/run_record.hpp"

namespace locksim {

// A proportion with its 95% Wilson score interval.
struct Rate {
  uint64_t hits = 0;
  uint64_t runs = 0;
  double low = 0;
  double high = 0;
  auto value() const -> double { return runs == 0 ? 0 : static_cast<double>(hits) / runs; }
};
auto wilson(uint64_t hits, uint64_t runs) -> Rate;

struct PointStatistics {
  // By invariant, in kReportedInvariantNames order.
  std::array<Rate, kReportedInvariantCount> violated;          // runs with at least one violation
  std::array<uint64_t, kReportedInvariantCount> first_seed{};  // the smallest seed that did, or 0
  // None when at least half the runs never violated it.
  std::array<std::optional<Duration>, kReportedInvariantCount> median_first_violation;
  uint64_t runs = 0;
  uint64_t acquisitions = 0;
  Duration latency_p50;
  Duration latency_p99;
  double availability = 1;  // 1 - (time unobtainable after holder crashes) / simulated time
  double throughput = 0;    // acquisitions per simulated second
  uint64_t events = 0;
};

// `records`: the point's runs, in seed order.
auto point_statistics(std::span<const RunRecord> records) -> PointStatistics;

}  // namespace locksim
