// The latency histogram keeps what the reports print of the quantiles exactly, in a number of
// buckets bounded by the range of the latencies rather than by how many there were.
#include "sim/explore/latency_histogram.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <vector>

namespace locksim {
namespace {

// The nearest-rank quantile of the raw latencies, as sorting them all would give it.
auto exact_quantile(std::vector<Duration> latencies, uint32_t permille) -> Duration {
  std::sort(latencies.begin(), latencies.end());
  const size_t rank = std::max<size_t>(1, (permille * latencies.size() + 999) / 1000);
  return latencies[rank - 1];
}

TEST(LatencyHistogram, BucketsKeepThreeDigitsAndNeverStraddleAMillisecond) {
  EXPECT_EQ(latency_bucket_floor(Duration::micros(0)), Duration::micros(0));
  EXPECT_EQ(latency_bucket_floor(Duration::micros(999)), Duration::micros(999));
  EXPECT_EQ(latency_bucket_floor(Duration::micros(1'234)), Duration::micros(1'230));
  EXPECT_EQ(latency_bucket_floor(Duration::micros(12'345)), Duration::micros(12'300));
  EXPECT_EQ(latency_bucket_floor(Duration::micros(99'999)), Duration::micros(99'900));
  EXPECT_EQ(latency_bucket_floor(Duration::micros(123'456)), Duration::micros(123'000));
  EXPECT_EQ(latency_bucket_floor(Duration::micros(1'234'567)), Duration::micros(1'234'000));
  EXPECT_EQ(latency_bucket_floor(Duration::micros(98'765'432)), Duration::micros(98'765'000));
  EXPECT_GT(kLongestHistogramLatency, Duration::seconds(49 * 24 * 3600));
  EXPECT_EQ(latency_bucket_floor(kLongestHistogramLatency),
            kLongestHistogramLatency - Duration::micros(999));
  for (int64_t us = 0; us < 3'000'000; us += 7) {
    const Duration floor = latency_bucket_floor(Duration::micros(us));
    ASSERT_EQ(floor.us / 1000, us / 1000) << us;  // the same millisecond
    ASSERT_LE(floor.us, us);                      // at most 1% below (and exact below 1ms)
    ASSERT_LE((us - floor.us) * 100, std::max<int64_t>(us, 1)) << us;
    ASSERT_EQ(latency_bucket_floor(floor), floor);  // a floor is its own bucket's
  }
}

TEST(LatencyHistogram, QuantilesAreTheBucketsOfTheExactOnes) {
  std::mt19937_64 random(20261202);
  for (const int64_t range_us : {500, 20'000, 700'000, 40'000'000}) {
    std::vector<Duration> latencies;
    LatencyHistogram histogram;
    for (int i = 0; i < 5'000; ++i) {
      const Duration latency = Duration::micros(static_cast<int64_t>(random() % range_us));
      latencies.push_back(latency);
      histogram.add(latency);
      if (i % 997 != 0) continue;
      for (const uint32_t permille : {0U, 1U, 500U, 990U, 999U, 1000U}) {
        const Duration exact = exact_quantile(latencies, permille);
        ASSERT_EQ(histogram.quantile(permille), latency_bucket_floor(exact))
            << "range " << range_us << "us, " << latencies.size() << " latencies, " << permille;
      }
    }
    EXPECT_EQ(histogram.total(), latencies.size());
  }
  EXPECT_EQ(LatencyHistogram{}.quantile(500), Duration{});
}

TEST(LatencyHistogram, MergingIsAddingEveryLatencyOfBoth) {
  std::mt19937_64 random(7);
  LatencyHistogram left;
  LatencyHistogram right;
  LatencyHistogram both;
  for (int i = 0; i < 2'000; ++i) {
    const Duration latency = Duration::micros(static_cast<int64_t>(random() % 3'000'000));
    (i % 3 == 0 ? left : right).add(latency);
    both.add(latency);
  }
  left.merge(right);
  EXPECT_EQ(left, both);
  LatencyHistogram empty;
  empty.merge(both);
  EXPECT_EQ(empty, both);
}

TEST(LatencyHistogram, BelowASecondItHoldsAtMost3700BucketsHoweverManyLatencies) {
  // What a run keeps does not grow with its length: 1,000 buckets of 1us below 1ms, then 900
  // each of 10us, 100us and 1ms up to 1s, nearly all of them occupied here.
  std::mt19937_64 random(1);
  LatencyHistogram histogram;
  for (int i = 0; i < 1'000'000; ++i) {
    histogram.add(Duration::micros(static_cast<int64_t>(random() % 1'000'000)));
  }
  EXPECT_EQ(histogram.total(), 1'000'000U);
  EXPECT_LE(histogram.bucket_count(), 3'700U);
  EXPECT_GT(histogram.bucket_count(), 3'000U);
}

}  // namespace
}  // namespace locksim
