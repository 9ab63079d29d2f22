// Goal: replication and failover behave as the reference describes (A.4, A.5, C-9). Method: a
// master r1 with a replica r2, Sentinel-aware clients that hold the lock 5s, fixed timings
// (start at 1ms, 1ms each way, so c1's SET is applied at 2ms), and faults at chosen times.
#include <gtest/gtest.h>

#include "test_worlds.hpp"

namespace locksim {
namespace {

using testing::at_ms;
using testing::first_value;
using testing::FunctionChooser;

struct FailoverSetup {
  Duration ttl = Duration::seconds(10);
  Duration replication_lag = Duration::millis(50);
  Duration second_client_start = Duration::millis(60);
  std::optional<Duration> master_crash;  // with automatic failover 30ms later, unless off
  bool automatic_failover = true;
  Duration master_downtime = Duration::seconds(100);
  std::optional<TrueTime> manual_promotion;
  Duration replica_clock_offset;
  PersistenceSettings::Mode master_persistence = PersistenceSettings::Mode::none;
};

struct FailoverRun {
  std::shared_ptr<WorldConfig> config;
  World world;
  FunctionChooser chooser;

  TrueTime reached;  // every event up to here has fired; nothing happens until the next one

  void until(TrueTime at) {
    while (can_step(world) && next_event_time(world) <= at) step(world, chooser);
    reached = at;
  }
  auto holding(uint32_t client) const -> bool { return world.clients[client].belief.holding; }
  auto value_on(uint32_t server, std::string_view key) const -> std::optional<std::string> {
    const ServerState& s = world.servers[server];
    const redis::Entry* entry = s.redis.keyspace.peek(key, s.clock.wall(reached).unix_ms());
    if (!entry) return std::nullopt;
    return std::get<std::string>(entry->value);
  }
};

auto start(const FailoverSetup& setup) -> FailoverRun {
  auto config = testing::fixed_config(2);
  SingleKeyLockParams params = single_key_params("set-nx-px", Duration::seconds(1));
  params.ttl = setup.ttl;
  params.work = Constant{Duration::seconds(5)};
  for (ClientSettings& client : config->clients) {
    client.program = Program(std::make_unique<SingleKeyLock>(params));
    client.follow_master = true;
  }
  config->servers[0].persistence.mode = setup.master_persistence;
  config->servers.push_back(
      {.clock = NodeClock(setup.replica_clock_offset, 0), .replica_of = ServerId{0}});
  config->replication.lag = Constant{setup.replication_lag};
  if (setup.master_crash) {
    config->faults.server_crash = {true, Constant{*setup.master_crash},
                                   Constant{setup.master_downtime}};
    config->faults.automatic_failover = setup.automatic_failover;
    config->faults.failover_delay = Constant{Duration::millis(30)};
  }
  if (setup.manual_promotion)
    config->faults.promotions.push_back({*setup.manual_promotion, ServerId{1}});
  const Duration second_start = setup.second_client_start;
  auto answer = [second_start](const Choice& c) {
    if (c.kind == ChoiceKind::start_delay && c.subject == 1) return second_start;
    if (c.kind == ChoiceKind::server_crash_interval && c.subject == 1)
      return Duration::seconds(1'000);
    return first_value(c);
  };
  FunctionChooser chooser(answer);
  World world = make_world(config, chooser);
  // The first crash of r1 was drawn by make_world; none follows it.
  FunctionChooser later([answer](const Choice& c) {
    if (c.kind == ChoiceKind::server_crash_interval) return Duration::seconds(1'000);
    return answer(c);
  });
  return FailoverRun{config, std::move(world), std::move(later), TrueTime{}};
}

TEST(Failover, LockLostWhenTheMasterDiesBeforeReplicating) {
  FailoverRun run =
      start({.master_crash = Duration::millis(10)});  // c1's write would reach r2 at 52ms
  run.until(at_ms(39));
  EXPECT_TRUE(run.world.servers[1].master.has_value());
  run.until(at_ms(41));
  EXPECT_FALSE(run.world.servers[1].master.has_value());  // promoted at 40ms
  run.until(at_ms(70));
  EXPECT_TRUE(run.holding(0));  // c1 never learnt anything went wrong
  EXPECT_TRUE(run.holding(1));  // c2 asked Sentinel, reached r2, and took the lock
  EXPECT_EQ(run.value_on(1, "lock"), "c2.0.1");
}

TEST(Failover, LockKeptWhenTheWriteReachedTheReplicaFirst) {
  FailoverRun run =
      start({.replication_lag = Duration::millis(5), .master_crash = Duration::millis(10)});
  run.until(at_ms(70));
  EXPECT_TRUE(run.holding(0));
  EXPECT_FALSE(run.holding(1));
  EXPECT_EQ(run.value_on(1, "lock"), "c1.0.1");
}

TEST(Failover, APromotedReplicaWhoseClockIsAheadShortensTheLease) {
  // c1's lock expires at 1002ms by r1's clock; r2's clock is 500ms ahead, and TTLs travel as
  // absolute times, so once r2 is the master the lock is gone after 502ms of true time.
  FailoverRun run = start({.ttl = Duration::seconds(1),
                           .replication_lag = Duration::millis(1),
                           .second_client_start = Duration::millis(600),
                           .manual_promotion = at_ms(100),
                           .replica_clock_offset = Duration::millis(500)});
  run.until(at_ms(501));
  EXPECT_EQ(run.value_on(1, "lock"), "c1.0.1");
  run.until(at_ms(503));
  EXPECT_EQ(run.value_on(1, "lock"), std::nullopt);
  run.until(at_ms(700));
  EXPECT_TRUE(run.holding(0));  // by its own clock c1's lease runs to 1001ms
  EXPECT_TRUE(run.holding(1));
  EXPECT_TRUE(run.world.servers[0].master == ServerId{1});  // r1 follows the new master
}

TEST(Failover, AnOldMasterReturnsAsAReplicaAndDiscardsItsData) {
  FailoverRun run = start({.master_crash = Duration::millis(10),
                           .master_downtime = Duration::millis(190),
                           .master_persistence = PersistenceSettings::Mode::aof_always});
  run.until(at_ms(199));
  EXPECT_FALSE(run.world.servers[0].up);
  run.until(at_ms(201));
  EXPECT_EQ(run.value_on(0, "lock"), "c1.0.1");  // loaded from its own disk...
  run.until(at_ms(300));
  EXPECT_EQ(run.value_on(0, "lock"), "c2.0.1");  // ...then replaced by the new master's data
  EXPECT_TRUE(run.world.servers[0].redis.keyspace == run.world.servers[1].redis.keyspace);
}

TEST(Failover, AMasterRestartingEmptyEmptiesItsReplica) {
  // No automatic failover: r1 comes back with nothing and r2 resynchronises from it.
  FailoverRun run = start({.replication_lag = Duration::millis(1),
                           .master_crash = Duration::millis(10),
                           .automatic_failover = false,
                           .master_downtime = Duration::millis(10)});
  run.until(at_ms(15));
  EXPECT_EQ(run.value_on(1, "lock"), "c1.0.1");
  run.until(at_ms(25));
  EXPECT_EQ(run.value_on(1, "lock"), std::nullopt);
}

}  // namespace
}  // namespace locksim
