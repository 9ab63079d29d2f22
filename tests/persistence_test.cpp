// Goal: a server crash keeps exactly what its persistence mode made durable (reference A.5).
// Method: one client takes the lock (SET applied at 2ms, server clock = true time + epoch) and
// holds it for 5s; the server crashes at a chosen time and restarts after a chosen downtime;
// we look at what the restarted server loaded.
#include <gtest/gtest.h>

#include "test_worlds.hpp"

namespace locksim {
namespace {

using testing::first_value;
using testing::FunctionChooser;
using testing::ms;

struct Outcome {
  bool key_loaded = false;
  size_t cached_scripts = 0;
};

auto crash_and_restart(PersistenceSettings persistence, Duration ttl, Duration crash_at,
                       Duration downtime) -> Outcome {
  auto config = testing::fixed_config(1);
  SingleKeyLockParams params = single_key_params("set-nx-px", Duration::seconds(1));
  params.ttl = ttl;
  params.work = Constant{Duration::seconds(5)};
  config->clients[0].program = Program(std::make_unique<SingleKeyLock>(params));
  config->servers[0].persistence = std::move(persistence);
  config->faults.server_crash = {true, Constant{crash_at}, Constant{downtime}};
  int crashes = 0;
  FunctionChooser chooser([&](const Choice& c) {
    if (c.kind == ChoiceKind::server_crash_interval && crashes++ > 0) return Duration::seconds(100);
    return first_value(c);
  });
  World world = make_world(config, chooser);
  const TrueTime restarted = TrueTime{} + crash_at + downtime;
  while (can_step(world) && next_event_time(world) <= restarted) step(world, chooser);
  EXPECT_TRUE(world.servers[0].up);
  const int64_t now_ms = world.servers[0].clock.wall(world.now).unix_ms();
  return {world.servers[0].redis.keyspace.peek("lock", now_ms) != nullptr,
          world.servers[0].redis.scripts.size()};
}

using Mode = PersistenceSettings::Mode;

TEST(Persistence, NoneLosesEverything) {
  EXPECT_FALSE(crash_and_restart({Mode::none}, Duration::seconds(10), ms(50), ms(10)).key_loaded);
}

TEST(Persistence, AofAlwaysKeepsEveryAcknowledgedWrite) {
  EXPECT_TRUE(
      crash_and_restart({Mode::aof_always}, Duration::seconds(10), ms(50), ms(10)).key_loaded);
}

TEST(Persistence, AofEverysecLosesWritesNotYetFsynced) {
  // fsync happens at the first cron tick of a new wall-clock second: 1000ms here.
  EXPECT_FALSE(
      crash_and_restart({Mode::aof_everysec}, Duration::seconds(10), ms(950), ms(10)).key_loaded);
  EXPECT_TRUE(
      crash_and_restart({Mode::aof_everysec}, Duration::seconds(10), ms(1050), ms(10)).key_loaded);
}

TEST(Persistence, RdbKeepsTheLastSnapshotOnly) {
  // save 1 1: after more than one second with at least one change, i.e. at the 2s tick.
  PersistenceSettings rdb{Mode::rdb, {{Duration::seconds(1), 1}}};
  EXPECT_FALSE(crash_and_restart(rdb, Duration::seconds(10), ms(1950), ms(10)).key_loaded);
  EXPECT_TRUE(crash_and_restart(rdb, Duration::seconds(10), ms(2050), ms(10)).key_loaded);
  // Redis's defaults (3600 1, 300 100, 60 10000) would not have saved yet.
  EXPECT_FALSE(crash_and_restart({Mode::rdb}, Duration::seconds(10), ms(2050), ms(10)).key_loaded);
}

TEST(Persistence, TimeFlowsWhileTheServerIsDown) {
  // The lock expires at 1002ms by the server's clock; a master skips expired keys when loading.
  EXPECT_TRUE(
      crash_and_restart({Mode::aof_always}, Duration::seconds(1), ms(500), ms(500)).key_loaded);
  EXPECT_FALSE(
      crash_and_restart({Mode::aof_always}, Duration::seconds(1), ms(500), ms(503)).key_loaded);
}

TEST(Persistence, TheScriptCacheDoesNotSurvive) {
  auto config = testing::fixed_config(1);  // releases at 103ms with EVAL, caching the script
  config->servers[0].persistence = {Mode::aof_always};
  config->faults.server_crash = {true, OneOf{{ms(150), Duration::seconds(100)}}, Constant{ms(10)}};
  int crashes = 0;
  FunctionChooser chooser([&](const Choice& c) {
    if (c.kind == ChoiceKind::server_crash_interval && crashes++ > 0) return Duration::seconds(100);
    return first_value(c);
  });
  World world = make_world(config, chooser);
  while (can_step(world) && next_event_time(world) <= TrueTime{149'000}) step(world, chooser);
  EXPECT_EQ(world.servers[0].redis.scripts.size(), 1U);
  while (can_step(world) && next_event_time(world) <= TrueTime{160'000}) step(world, chooser);
  EXPECT_TRUE(world.servers[0].up);
  EXPECT_EQ(world.servers[0].redis.scripts.size(), 0U);
}

}  // namespace
}  // namespace locksim
