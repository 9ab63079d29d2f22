// Acquire latencies as a histogram, so that what a run keeps of them (and a sweep point, which
// adds up its runs) is bounded by the range of the latencies, not by how many there were: a
// ten-hour run keeps no more than a ten-minute one. A bucket holds the latencies that agree to
// three significant digits (so below 1 ms it holds one microsecond), and to the millisecond past
// one second: at most 3,700 buckets below a second. No bucket straddles a millisecond, so a
// quantile rounded down to the millisecond, as the reports print it, is exactly that of the raw
// latencies; the microseconds written to JSON and CSV are at most 1% below it.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/core/time.hpp"

namespace locksim {

// The longest latency a histogram holds, some 49 days.
extern const Duration kLongestHistogramLatency;

// The smallest latency of the bucket that holds `latency` (from zero to the longest).
auto latency_bucket_floor(Duration latency) -> Duration;

struct LatencyBucket {
  Duration floor;  // latency_bucket_floor of every latency in it
  uint32_t count = 0;
};

class LatencyHistogram {
 public:
  void add(Duration latency) { add_bucket({latency_bucket_floor(latency), 1}); }
  // A bucket as another histogram holds it (a floor of latency_bucket_floor's).
  void add_bucket(LatencyBucket bucket);
  void merge(const LatencyHistogram& other);

  auto total() const -> uint64_t { return total_; }
  // The floor of the bucket holding the value at quantile permille/1000 by nearest rank; zero
  // when empty. Integer arithmetic, so every platform picks the same rank.
  auto quantile(uint32_t permille) const -> Duration;
  // The occupied buckets, by floor ascending.
  auto buckets() const -> std::vector<LatencyBucket>;
  auto bucket_count() const -> size_t { return buckets_.size(); }

  auto operator==(const LatencyHistogram&) const -> bool = default;

 private:
  // Eight bytes, no more than the latency it replaces: sweeps keep every run's histogram.
  struct Bucket {
    uint32_t index;  // of the bucket, counting from the one of 0us
    uint32_t count;
    auto operator==(const Bucket&) const -> bool = default;
  };
  static void add_to(std::vector<Bucket>& into, Bucket bucket);
  static void add_count(Bucket& held, uint32_t count);

  std::vector<Bucket> buckets_;  // occupied ones only, by index ascending
  uint64_t total_ = 0;
};

}  // namespace locksim
