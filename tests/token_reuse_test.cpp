// Goal: when fenced's resource accepts a stale write, the explanation names what handed the
// token out twice, from the run itself: the restart or failover that set the fencing counter back
// (it lives on the lock's own Redis), when, and from what to what. Method: the two seeds of the
// comparison where it happens (restart-everysec seed 28, failover seed 57, 60s each), replayed.
#include <gtest/gtest.h>

#include "sim/explore/simulation_setup.hpp"
#include "sim/explore/token_reuse.hpp"
#include "test_worlds.hpp"

namespace locksim {
namespace {

struct Reuse {
  StaleWrite write;
  std::optional<CounterLoss> loss;
};

auto fenced_reuse(std::string_view faults, uint64_t seed) -> Reuse {
  const auto config =
      make_world_config(SimulationSetup{.algorithm = "fenced", .faults = testing::faults(faults)});
  const SimulationOptions options{.seed = seed};
  const SimulationResult result = simulate(config, options);
  EXPECT_TRUE(result.first_stale_write.has_value()) << faults << " seed " << seed;
  if (!result.first_stale_write) return {};
  return {*result.first_stale_write, token_reuse(config, options, *result.first_stale_write)};
}

TEST(TokenReuse, ARestartThatLosesTheLastIncrementsHandsATokenOutAgain) {
  // c3 drew 122 at 40.091s; r1 crashed at 40.375s before the second's fsync and came back at
  // 40.382s with the counter at 121, so c1 drew 122 again at 40.411s.
  const Reuse reuse = fenced_reuse("restart-everysec", 28);
  EXPECT_TRUE(reuse.write.tokens_out_of_order());
  EXPECT_EQ(reuse.write.stale.token, 122U);
  EXPECT_EQ(reuse.write.newer.token, 122U);
  ASSERT_TRUE(reuse.loss.has_value());
  EXPECT_EQ(reuse.loss->cause, CounterLoss::Cause::restart);
  EXPECT_EQ(reuse.loss->key, "lock:fence");
  EXPECT_EQ(reuse.loss->server, ServerId{0});
  EXPECT_EQ(reuse.loss->crashed, ServerId{0});
  EXPECT_EQ(reuse.loss->crashed_at, TrueTime{40'374'948});
  EXPECT_EQ(reuse.loss->at, TrueTime{40'382'177});
  EXPECT_EQ(reuse.loss->reached, 122);
  EXPECT_EQ(reuse.loss->left, 121);
}

TEST(TokenReuse, AFailoverBeforeReplicationHandsATokenOutAgain) {
  // c2 drew 4 on r1, which crashed before replicating it; r2, promoted, held 3, so c3 drew 4.
  const Reuse reuse = fenced_reuse("failover", 57);
  ASSERT_TRUE(reuse.loss.has_value());
  EXPECT_EQ(reuse.loss->cause, CounterLoss::Cause::promotion);
  EXPECT_EQ(reuse.loss->server, ServerId{1});
  EXPECT_EQ(reuse.loss->crashed, ServerId{0});
  EXPECT_EQ(reuse.loss->reached, 4);
  EXPECT_EQ(reuse.loss->left, 3);
}

TEST(TokenReuse, AStaleWriteWithoutTokensHasNone) {
  // set-nx-px writes unfenced: a paused holder's late write is stale by time, not by token.
  const auto config = make_world_config(
      SimulationSetup{.algorithm = "set-nx-px", .faults = testing::faults("gc-pause")});
  const SimulationResult result = simulate(config, {.seed = 7});
  ASSERT_TRUE(result.first_stale_write.has_value());
  EXPECT_FALSE(result.first_stale_write->tokens_out_of_order());
  EXPECT_FALSE(token_reuse(config, {.seed = 7}, *result.first_stale_write).has_value());
}

}  // namespace
}  // namespace locksim
