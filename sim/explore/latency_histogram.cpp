// The latency histogram; see latency_histogram.hpp.
#include "sim/explore/latency_histogram.hpp"

#include <algorithm>

#include "sim/core/assert.hpp"

namespace locksim {

auto latency_bucket_floor(Duration latency) -> Duration {
  LOCKSIM_ASSERT(latency.us >= 0, "a negative latency {}us", latency.us);
  // Three significant digits: 1us wide below 1ms, 10us below 10ms, 100us below 100ms; then 1ms,
  // which every width divides, so that no bucket straddles a millisecond.
  int64_t width = 1000;
  if (latency.us < 1'000) {
    width = 1;
  } else if (latency.us < 10'000) {
    width = 10;
  } else if (latency.us < 100'000) {
    width = 100;
  }
  return Duration{latency.us / width * width};
}

void LatencyHistogram::add_bucket(LatencyBucket bucket) {
  LOCKSIM_ASSERT(latency_bucket_floor(bucket.floor) == bucket.floor,
                 "{}us is not the floor of a latency bucket", bucket.floor.us);
  const auto at = std::lower_bound(
      buckets_.begin(), buckets_.end(), bucket.floor,
      [](const LatencyBucket& held, Duration floor) { return held.floor < floor; });
  if (at != buckets_.end() && at->floor == bucket.floor) {
    at->count += bucket.count;
  } else {
    buckets_.insert(at, bucket);
  }
  total_ += bucket.count;
}

void LatencyHistogram::merge(const LatencyHistogram& other) {
  std::vector<LatencyBucket> merged;
  merged.reserve(buckets_.size() + other.buckets_.size());
  auto mine = buckets_.begin();
  auto theirs = other.buckets_.begin();
  while (mine != buckets_.end() || theirs != other.buckets_.end()) {
    if (theirs == other.buckets_.end() || (mine != buckets_.end() && mine->floor < theirs->floor)) {
      merged.push_back(*mine++);
    } else if (mine == buckets_.end() || theirs->floor < mine->floor) {
      merged.push_back(*theirs++);
    } else {
      merged.push_back({mine->floor, mine->count + theirs->count});
      ++mine;
      ++theirs;
    }
  }
  buckets_ = std::move(merged);
  total_ += other.total_;
}

auto LatencyHistogram::quantile(uint32_t permille) const -> Duration {
  if (total_ == 0) return Duration{};
  const uint64_t rank = std::max<uint64_t>(1, (permille * total_ + 999) / 1000);  // 1-based
  uint64_t below = 0;
  for (const LatencyBucket& bucket : buckets_) {
    below += bucket.count;
    if (below >= rank) return bucket.floor;
  }
  LOCKSIM_UNREACHABLE("rank {} past the {} latencies held", rank, total_);
}

}  // namespace locksim
