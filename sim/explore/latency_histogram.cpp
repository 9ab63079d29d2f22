// The latency histogram; see latency_histogram.hpp.
#include "sim/explore/latency_histogram.hpp"

#include <algorithm>
#include <limits>

#include "sim/core/assert.hpp"

namespace locksim {
namespace {

// Three significant digits: buckets 1us wide below 1ms, 10us below 10ms, 100us below 100ms;
// then 1ms, which every width divides, so that no bucket straddles a millisecond.
struct Decade {
  int64_t from_us;
  int64_t width_us;
  uint32_t first_index;
};
constexpr Decade kDecades[] = {
    {0, 1, 0}, {1'000, 10, 1'000}, {10'000, 100, 1'900}, {100'000, 1'000, 2'800}};

constexpr auto decade_of_latency(int64_t us) -> const Decade& {
  const Decade* decade = &kDecades[0];
  for (const Decade& next : kDecades) {
    if (us >= next.from_us) decade = &next;
  }
  return *decade;
}

constexpr auto decade_of_index(uint32_t index) -> const Decade& {
  const Decade* decade = &kDecades[0];
  for (const Decade& next : kDecades) {
    if (index >= next.first_index) decade = &next;
  }
  return *decade;
}

constexpr auto bucket_floor(uint32_t index) -> Duration {
  const Decade& decade = decade_of_index(index);
  return Duration{decade.from_us + (index - decade.first_index) * decade.width_us};
}

auto bucket_index(Duration latency) -> uint32_t {
  LOCKSIM_ASSERT(latency.us >= 0 && latency <= kLongestHistogramLatency,
                 "a latency of {}us, outside the 0us to {}us a histogram holds", latency.us,
                 kLongestHistogramLatency.us);
  const Decade& decade = decade_of_latency(latency.us);
  return static_cast<uint32_t>(decade.first_index +
                               (latency.us - decade.from_us) / decade.width_us);
}

}  // namespace

constexpr Duration kLongestHistogramLatency =
    bucket_floor(std::numeric_limits<uint32_t>::max()) + Duration{kDecades[3].width_us - 1};

auto latency_bucket_floor(Duration latency) -> Duration {
  return bucket_floor(bucket_index(latency));
}

void LatencyHistogram::add_bucket(LatencyBucket bucket) {
  LOCKSIM_ASSERT(latency_bucket_floor(bucket.floor) == bucket.floor,
                 "{}us is not the floor of a latency bucket", bucket.floor.us);
  add_to(buckets_, {bucket_index(bucket.floor), bucket.count});
  total_ += bucket.count;
}

void LatencyHistogram::add_to(std::vector<Bucket>& into, Bucket bucket) {
  const auto at =
      std::lower_bound(into.begin(), into.end(), bucket.index,
                       [](const Bucket& held, uint32_t index) { return held.index < index; });
  if (at == into.end() || at->index != bucket.index) {
    into.insert(at, bucket);
    return;
  }
  add_count(*at, bucket.count);
}

void LatencyHistogram::add_count(Bucket& held, uint32_t count) {
  LOCKSIM_ASSERT(held.count <= std::numeric_limits<uint32_t>::max() - count,
                 "more than 2^32 latencies of about {}us", bucket_floor(held.index).us);
  held.count += count;
}

void LatencyHistogram::merge(const LatencyHistogram& other) {
  std::vector<Bucket> merged;
  merged.reserve(buckets_.size() + other.buckets_.size());
  std::merge(buckets_.begin(), buckets_.end(), other.buckets_.begin(), other.buckets_.end(),
             std::back_inserter(merged),
             [](const Bucket& a, const Bucket& b) { return a.index < b.index; });
  // Equal indices now sit side by side; fold each run of them into its first.
  std::vector<Bucket> folded;
  folded.reserve(merged.size());
  for (const Bucket& bucket : merged) {
    if (!folded.empty() && folded.back().index == bucket.index) {
      add_count(folded.back(), bucket.count);
    } else {
      folded.push_back(bucket);
    }
  }
  buckets_ = std::move(folded);
  total_ += other.total_;
}

auto LatencyHistogram::quantile(uint32_t permille) const -> Duration {
  if (total_ == 0) return Duration{};
  const uint64_t rank = std::max<uint64_t>(1, (permille * total_ + 999) / 1000);  // 1-based
  uint64_t below = 0;
  for (const Bucket& bucket : buckets_) {
    below += bucket.count;
    if (below >= rank) return bucket_floor(bucket.index);
  }
  LOCKSIM_UNREACHABLE("rank {} past the {} latencies held", rank, total_);
}

auto LatencyHistogram::buckets() const -> std::vector<LatencyBucket> {
  std::vector<LatencyBucket> buckets;
  buckets.reserve(buckets_.size());
  for (const Bucket& bucket : buckets_)
    buckets.push_back({bucket_floor(bucket.index), bucket.count});
  return buckets;
}

}  // namespace locksim
