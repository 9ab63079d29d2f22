// Goal: delays are drawn with integer-only math that still follows the intended distributions.
// Method: compare the fixed-point log2/exp2 with libm (test-only use of floating point), then the
// sample statistics of each distribution for a fixed seed, and the support helpers.
#include "sim/core/distribution.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "sim/core/distribution_text.hpp"
#include "sim/core/fixed_point.hpp"

namespace locksim {
namespace {

TEST(FixedPoint, NegativeLog2MatchesLibm) {
  Prng prng(11);
  for (int i = 0; i < 10'000; ++i) {
    const uint64_t u = prng.next_u64() >> prng.below(60);
    if (u == 0) continue;
    const double expected = -std::log2(static_cast<double>(u) / 18446744073709551616.0);
    const double actual = static_cast<double>(negative_log2_q32(u)) / 4294967296.0;
    ASSERT_NEAR(actual, expected, 1e-6) << "u=" << u;
  }
  EXPECT_EQ(negative_log2_q32(uint64_t{1} << 63), uint64_t{1} << 32);  // -log2(1/2) = 1
}

TEST(FixedPoint, Exp2FractionMatchesLibm) {
  for (uint64_t f = 0; f < (uint64_t{1} << 32); f += 12'345'677) {
    const double expected = std::exp2(static_cast<double>(f) / 4294967296.0);
    const double actual =
        static_cast<double>(exp2_fraction_q62(static_cast<uint32_t>(f))) / 4611686018427387904.0;
    ASSERT_NEAR(actual, expected, 1e-9) << "f=" << f;
  }
  EXPECT_EQ(exp2_fraction_q62(0), uint64_t{1} << 62);
}

auto draw(const Distribution& distribution, int count) -> std::vector<int64_t> {
  Prng prng(5);
  std::vector<int64_t> values;
  for (int i = 0; i < count; ++i) values.push_back(sample(distribution, prng).us);
  std::sort(values.begin(), values.end());
  return values;
}

auto mean(const std::vector<int64_t>& values) -> double {
  double total = 0;
  for (const int64_t v : values) total += static_cast<double>(v);
  return total / static_cast<double>(values.size());
}

TEST(Distribution, UniformCoversItsRange) {
  const auto values = draw(Uniform{Duration::micros(10), Duration::micros(20)}, 10'000);
  EXPECT_EQ(values.front(), 10);
  EXPECT_EQ(values.back(), 20);
  EXPECT_NEAR(mean(values), 15.0, 0.2);
}

TEST(Distribution, ExponentialHasItsFloorAndMean) {
  const Exponential e{Duration::micros(200), Duration::micros(1'000), Duration::seconds(1)};
  const auto values = draw(e, 100'000);
  EXPECT_GE(values.front(), 200);
  EXPECT_NEAR(mean(values), 1'200.0, 15.0);
  // Median of an exponential is mean * ln 2.
  EXPECT_NEAR(static_cast<double>(values[values.size() / 2]), 200 + 693.1, 15.0);
}

TEST(Distribution, ExponentialIsCutAtItsCap) {
  const Exponential e{Duration{}, Duration::micros(1'000), Duration::micros(1'500)};
  const auto values = draw(e, 10'000);
  EXPECT_EQ(values.back(), 1'500);
}

TEST(Distribution, HeavyTailFollowsPareto) {
  const HeavyTail h{Duration::micros(1'000), 2'000, Duration::seconds(10)};
  const auto values = draw(h, 100'000);
  EXPECT_GE(values.front(), 1'000);
  // Pareto median: floor * 2^(1/alpha) = 1000 * sqrt(2).
  EXPECT_NEAR(static_cast<double>(values[values.size() / 2]), 1'414.2, 15.0);
  // P(X > 10 * floor) = 10^-alpha = 1%.
  const auto above =
      std::count_if(values.begin(), values.end(), [](int64_t v) { return v > 10'000; });
  EXPECT_NEAR(static_cast<double>(above), 1'000.0, 100.0);
}

TEST(Distribution, OneOfPicksEachValue) {
  const auto values = draw(OneOf{{Duration::micros(1), Duration::micros(5)}}, 1'000);
  EXPECT_EQ(values.front(), 1);
  EXPECT_EQ(values.back(), 5);
  EXPECT_TRUE(
      std::all_of(values.begin(), values.end(), [](int64_t v) { return v == 1 || v == 5; }));
}

TEST(Distribution, FiniteSupportOnlyForEnumerableDistributions) {
  EXPECT_EQ(finite_support(Constant{Duration::micros(3)}), std::vector{Duration::micros(3)});
  EXPECT_EQ(finite_support(OneOf{{Duration::micros(1), Duration::micros(2)}}).size(), 2U);
  EXPECT_TRUE(finite_support(Uniform{Duration::micros(1), Duration::micros(2)}).empty());
  EXPECT_TRUE(finite_support(Exponential{}).empty());
}

TEST(Distribution, CanProduceKnowsTheRange) {
  const Distribution uniform = Uniform{Duration::micros(10), Duration::micros(20)};
  EXPECT_TRUE(can_produce(uniform, Duration::micros(10)));
  EXPECT_TRUE(can_produce(uniform, Duration::micros(20)));
  EXPECT_FALSE(can_produce(uniform, Duration::micros(21)));
  EXPECT_FALSE(can_produce(Constant{Duration::micros(4)}, Duration::micros(5)));
}

// Quantiles answer the property-based driver's choices: 0 is the smallest value, 1 the largest,
// and in between the inverse of the distribution function (values derived from each law).
TEST(Distribution, QuantilesRunFromTheSmallestToTheLargestValue) {
  const Uniform u{Duration::micros(100), Duration::micros(500)};
  EXPECT_EQ(quantile(u, 0), Duration::micros(100));
  EXPECT_EQ(quantile(u, kQuantileScale / 4), Duration::micros(200));
  EXPECT_EQ(quantile(u, kQuantileScale), Duration::micros(500));
  const Exponential e{Duration::micros(200), Duration::micros(1'000), Duration::seconds(1)};
  EXPECT_EQ(quantile(e, 0), Duration::micros(200));
  // The median of an exponential is mean * ln 2 above its floor.
  EXPECT_NEAR(static_cast<double>(quantile(e, kQuantileScale / 2).us), 200 + 693.1, 1.0);
  // At 1, the largest value a draw gives: the variate's -log2 is at most 64, so the tail ends at
  // 64 ln 2 means (below this cap).
  EXPECT_NEAR(static_cast<double>(quantile(e, kQuantileScale).us), 200 + 44'361.4, 1.0);
  const HeavyTail h{Duration::micros(1'000), 2'000, Duration::seconds(10)};
  EXPECT_EQ(quantile(h, 0), Duration::micros(1'000));
  // Pareto median: floor * 2^(1/alpha) = 1000 * sqrt(2).
  EXPECT_NEAR(static_cast<double>(quantile(h, kQuantileScale / 2).us), 1'414.2, 1.0);
  EXPECT_EQ(quantile(h, kQuantileScale), Duration::seconds(10));
  const OneOf o{{Duration::micros(5), Duration::micros(1), Duration::micros(3)}};
  EXPECT_EQ(quantile(o, 0), Duration::micros(1));
  EXPECT_EQ(quantile(o, kQuantileScale / 2), Duration::micros(3));
  EXPECT_EQ(quantile(o, kQuantileScale), Duration::micros(5));
  EXPECT_EQ(quantile(Constant{Duration::micros(7)}, kQuantileScale / 3), Duration::micros(7));
}

// Fault sizes as people write them: each form, read back from its own text; mistakes say why.
TEST(DistributionText, EachFormReadsBackFromItsText) {
  for (const std::string_view text :
       {"1200ms", "uniform(1ms..2s)", "exp(300ms)", "pareto(1ms..3s)", "one-of(100ms|1500ms)"}) {
    const DistributionParse parsed = parse_distribution(text);
    ASSERT_TRUE(parsed.value) << text << ": " << parsed.error;
    EXPECT_EQ(distribution_text(*parsed.value), text);
  }
  EXPECT_EQ(parse_distribution("1200ms").value, Distribution{Constant{Duration::millis(1'200)}});
  const Distribution both = OneOf{{Duration::millis(100), Duration::millis(1'500)}};
  EXPECT_EQ(parse_distribution("one-of(100ms|1500ms)").value, both);
  EXPECT_EQ(parse_distribution("uniform(2s..1s)").error,
            "uniform(2s..1s): '2s..1s' runs backwards");
  EXPECT_FALSE(parse_distribution("normal(1s)").value);
  EXPECT_FALSE(parse_distribution("exp(0s)").value);
}

}  // namespace
}  // namespace locksim
