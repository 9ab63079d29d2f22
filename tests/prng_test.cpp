// Goal: the PRNG is exactly xoshiro256** seeded by splitmix64, so a seed means the same numbers
// everywhere. Method: known answers from the reference algorithms (computed independently in
// Python from the published code), then the range helpers' contracts.
#include "sim/core/prng.hpp"

#include <gtest/gtest.h>

#include <set>

namespace locksim {
namespace {

TEST(Splitmix64, MatchesReferenceOutputsForSeedZero) {
  uint64_t state = 0;
  EXPECT_EQ(splitmix64(state), 0xe220a8397b1dcdafULL);
  EXPECT_EQ(splitmix64(state), 0x6e789e6aa1b965f4ULL);
  EXPECT_EQ(splitmix64(state), 0x06c45d188009454fULL);
}

TEST(Xoshiro256StarStar, MatchesReferenceOutputsFromState1234) {
  Prng prng = Prng::from_state({1, 2, 3, 4});
  EXPECT_EQ(prng.next_u64(), 11520ULL);
  EXPECT_EQ(prng.next_u64(), 0ULL);
  EXPECT_EQ(prng.next_u64(), 1509978240ULL);
  EXPECT_EQ(prng.next_u64(), 1215971899390074240ULL);
}

TEST(Prng, SeedIsExpandedThroughSplitmix64) {
  Prng prng(42);
  EXPECT_EQ(prng.next_u64(), 0x15780b2e0c2ec716ULL);
  EXPECT_EQ(prng.next_u64(), 0x6104d9866d113a7eULL);
  EXPECT_EQ(prng.next_u64(), 0xae17533239e499a1ULL);
}

TEST(Prng, StreamsOfOneSeedDifferAndRepeat) {
  Prng a = Prng::for_stream(7, 0);
  Prng b = Prng::for_stream(7, 1);
  Prng a_again = Prng::for_stream(7, 0);
  const uint64_t first = a.next_u64();
  EXPECT_NE(first, b.next_u64());
  EXPECT_EQ(first, a_again.next_u64());
}

TEST(Prng, BelowStaysInRangeAndReachesEveryValue) {
  Prng prng(1);
  std::set<uint64_t> seen;
  for (int i = 0; i < 10'000; ++i) {
    const uint64_t value = prng.below(7);
    ASSERT_LT(value, 7U);
    seen.insert(value);
  }
  EXPECT_EQ(seen.size(), 7U);
}

TEST(Prng, RangeInclusiveIncludesBothEnds) {
  Prng prng(2);
  bool saw_min = false;
  bool saw_max = false;
  for (int i = 0; i < 10'000; ++i) {
    const int64_t value = prng.range_inclusive(-3, 3);
    ASSERT_GE(value, -3);
    ASSERT_LE(value, 3);
    saw_min |= value == -3;
    saw_max |= value == 3;
  }
  EXPECT_TRUE(saw_min);
  EXPECT_TRUE(saw_max);
  EXPECT_EQ(prng.range_inclusive(5, 5), 5);
}

TEST(Prng, ChanceHasTheRightFrequency) {
  Prng prng(3);
  int hits = 0;
  for (int i = 0; i < 100'000; ++i) hits += prng.chance(1, 4) ? 1 : 0;
  EXPECT_NEAR(hits, 25'000, 600);  // 4.4 standard deviations
  EXPECT_FALSE(prng.chance(0, 5));
  EXPECT_TRUE(prng.chance(5, 5));
}

}  // namespace
}  // namespace locksim
