// Run records as JSON lines; see run_record.hpp.
#include "sim/explore/sweep/run_record.hpp"

#include <nlohmann/json.hpp>

#include <limits>

namespace locksim {

auto run_record(const SweepRun& run, const SimulationResult& result) -> RunRecord {
  RunRecord record{.run = run, .events = result.steps};
  for (size_t i = 0; i < kReportedInvariantCount; ++i) {
    const InvariantOutcome* outcome = result.find_outcome(kReportedInvariantNames[i]);
    if (!outcome) continue;
    record.violations[i] = outcome->count;
    if (outcome->first) record.first_violation[i] = outcome->first->at - TrueTime{};
  }
  const RunStatistics& statistics = result.statistics;
  record.acquisitions = statistics.acquisitions;
  record.acquire_latencies = statistics.acquire_latencies;
  record.unavailable_after_crash = statistics.unavailable_after_crash;
  record.simulated = statistics.simulated;
  return record;
}

auto record_line(const RunRecord& record) -> std::string {
  nlohmann::json first = nlohmann::json::array();
  for (const std::optional<Duration>& at : record.first_violation) {
    first.push_back(at ? nlohmann::json(at->us) : nlohmann::json(nullptr));
  }
  nlohmann::json latencies = nlohmann::json::array();  // [floor, count] by floor ascending
  for (const LatencyBucket& bucket : record.acquire_latencies.buckets()) {
    latencies.push_back(nlohmann::json::array({bucket.floor.us, bucket.count}));
  }
  const nlohmann::json line = {{"point", record.run.point},
                               {"seed", record.run.seed},
                               {"violations", record.violations},
                               {"first_violation_us", first},
                               {"events", record.events},
                               {"acquisitions", record.acquisitions},
                               {"acquire_latency_buckets_us", latencies},
                               {"unavailable_after_crash_us", record.unavailable_after_crash.us},
                               {"simulated_us", record.simulated.us}};
  return line.dump();
}

auto parse_record_line(const std::string& line) -> std::optional<RunRecord> {
  const nlohmann::json json = nlohmann::json::parse(line, nullptr, false);
  if (json.is_discarded() || !json.is_object()) return std::nullopt;
  try {
    RunRecord record;
    record.run = {json.at("point").get<size_t>(), json.at("seed").get<uint64_t>()};
    const auto& violations = json.at("violations");
    const auto& first = json.at("first_violation_us");
    if (violations.size() != kReportedInvariantCount || first.size() != kReportedInvariantCount) {
      return std::nullopt;
    }
    for (size_t i = 0; i < kReportedInvariantCount; ++i) {
      record.violations[i] = violations[i].get<uint64_t>();
      if (!first[i].is_null()) record.first_violation[i] = Duration{first[i].get<int64_t>()};
    }
    record.events = json.at("events").get<uint64_t>();
    record.acquisitions = json.at("acquisitions").get<uint64_t>();
    for (const auto& bucket : json.at("acquire_latency_buckets_us")) {
      const Duration floor{bucket.at(0).get<int64_t>()};
      const auto count = bucket.at(1).get<uint64_t>();
      if (floor.us < 0 || floor > kLongestHistogramLatency ||
          latency_bucket_floor(floor) != floor || count == 0 ||
          count > std::numeric_limits<uint32_t>::max()) {
        return std::nullopt;
      }
      record.acquire_latencies.add_bucket({floor, static_cast<uint32_t>(count)});
    }
    record.unavailable_after_crash = Duration{json.at("unavailable_after_crash_us").get<int64_t>()};
    record.simulated = Duration{json.at("simulated_us").get<int64_t>()};
    return record;
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;
  }
}

}  // namespace locksim
