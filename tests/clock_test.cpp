// Goal: node clocks drift, step and invert exactly. Method: readings at known true times, and the
// timer inverse checked against a brute-force search for the earliest true time.
#include "sim/world/clock.hpp"

#include <gtest/gtest.h>

namespace locksim {
namespace {

TEST(NodeClock, PerfectClockReadsTrueTimePlusEpochAndOffset) {
  const NodeClock clock(Duration::millis(250), 0);
  const TrueTime t{5'000'000};
  EXPECT_EQ(clock.monotonic(t), LocalTime{5'000'000});
  EXPECT_EQ(clock.wall(t), kDefaultWallEpoch + Duration::millis(5'250));
}

TEST(NodeClock, DriftInPartsPerMillion) {
  const NodeClock fast(Duration{}, 100);   // gains 100us per second
  const NodeClock slow(Duration{}, -100);  // loses 100us per second
  EXPECT_EQ(fast.monotonic(TrueTime{10'000'000}), LocalTime{10'001'000});
  EXPECT_EQ(slow.monotonic(TrueTime{10'000'000}), LocalTime{9'999'000});
  EXPECT_EQ(slow.monotonic(TrueTime{1}), LocalTime{0});  // floor, never ahead of the oscillator
}

// Far enough from the anchor that (true time since it) * (1e6 + ppm) overflows 64 bits, the
// reading is computed in 128 bits and is still exact.
TEST(NodeClock, DriftStaysExactWhereTheProductOverflowsSixtyFourBits) {
  const NodeClock fast(Duration{}, 100);
  const NodeClock slow(Duration{}, -100);
  const int64_t days_200 = int64_t{200} * 86'400 * 1'000'000 + 7;  // 1.7e13 us
  // floor(t * 1.0001) and floor(t * 0.9999), for t = 17,280,000,000,007 us.
  EXPECT_EQ(fast.monotonic(TrueTime{days_200}), LocalTime{17'281'728'000'007});
  EXPECT_EQ(slow.monotonic(TrueTime{days_200}), LocalTime{17'278'272'000'006});
}

TEST(NodeClock, WallStepsLeaveMonotonicAlone) {
  NodeClock clock(Duration{}, 0);
  const TrueTime t{1'000'000};
  clock.step_wall(Duration::seconds(-30));
  EXPECT_EQ(clock.wall(t), kDefaultWallEpoch + Duration::seconds(-29));
  EXPECT_EQ(clock.monotonic(t), LocalTime{1'000'000});
}

TEST(NodeClock, DriftChangeTakesEffectFromThatMoment) {
  NodeClock clock(Duration{}, 0);
  clock.set_drift(TrueTime{1'000'000}, 1'000);
  EXPECT_EQ(clock.monotonic(TrueTime{1'000'000}), LocalTime{1'000'000});
  EXPECT_EQ(clock.monotonic(TrueTime{2'000'000}), LocalTime{2'001'000});
}

TEST(NodeClock, WhenMonotonicReachesIsTheEarliestSuchTime) {
  for (const int32_t drift : {-333'333, -250, 0, 7, 500'000}) {
    const NodeClock clock(Duration{}, drift);
    for (int64_t target = 0; target < 3'000; target += 7) {
      const TrueTime at = clock.when_monotonic_reaches(LocalTime{target}, TrueTime{0});
      ASSERT_GE(clock.monotonic(at), LocalTime{target}) << "drift " << drift;
      if (at.us > 0) {
        ASSERT_LT(clock.monotonic(at - Duration::micros(1)), LocalTime{target})
            << "drift " << drift;
      }
    }
  }
}

TEST(NodeClock, WhenMonotonicReachesNeverReturnsThePast) {
  const NodeClock clock(Duration{}, 0);
  EXPECT_EQ(clock.when_monotonic_reaches(LocalTime{10}, TrueTime{50}), TrueTime{50});
}

}  // namespace
}  // namespace locksim
