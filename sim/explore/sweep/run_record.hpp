// What one run of a sweep measured, as kept between runs: enough to compute every statistic of
// its point (violations and when each was first seen, acquisitions and their latencies, time
// the lock was unobtainable) and no more. A record is one JSON line, so that results stream to
// a file as they come, survive a kill and can be merged from shards.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/check/invariant.hpp"
#include "sim/explore/latency_histogram.hpp"
#include "sim/explore/simulate.hpp"
#include "sim/explore/sweep/sweep_plan.hpp"

namespace locksim {

struct RunRecord {
  SweepRun run;
  // By invariant, in kReportedInvariantNames order; one the run did not watch counts none.
  std::array<uint64_t, kReportedInvariantCount> violations{};
  std::array<std::optional<Duration>, kReportedInvariantCount> first_violation;  // first seen
  uint64_t events = 0;
  uint64_t acquisitions = 0;
  LatencyHistogram acquire_latencies;
  Duration unavailable_after_crash;
  Duration simulated;
  auto operator==(const RunRecord&) const -> bool = default;
};

auto run_record(const SweepRun& run, const SimulationResult& result) -> RunRecord;

// One line of JSON, without the newline.
auto record_line(const RunRecord& record) -> std::string;
// The record of a line; none for a line that is not one (a line cut short by a kill).
auto parse_record_line(const std::string& line) -> std::optional<RunRecord>;

}  // namespace locksim
