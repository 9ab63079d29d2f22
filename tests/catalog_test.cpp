// Goal: each algorithm of the catalog fails the way its source says, and the careful algorithm
// does not fail that way on the same schedule. Method: the timelines of
// ../shared/reference/redis-locks.md part C with fixed timings — 1ms each way, retries every
// 50ms after a reply, ttl 1s — checked through beliefs and the keyspace. The schedules (an
// attempt every 52ms: 50ms of retry delay plus the round trip):
//   c1 starts at 1ms and acquires at 3ms (the key expires at 1002ms by the server's clock);
//   c2 starts at 2ms and tries at 54, 106, ..., 990, 1042ms: then the key has expired, so c2
//   holds from 1044ms;
//   c3 starts at 10ms and tries at 62, ..., 1050, 1102, ..., 1518ms.
#include <gtest/gtest.h>

#include "models/registry.hpp"
#include "sim/check/foreign_release.hpp"
#include "sim/check/ttl_less_lock.hpp"
#include "sim/explore/random_chooser.hpp"
#include "test_worlds.hpp"

namespace locksim {
namespace {

using testing::at_ms;
using testing::first_value;
using testing::FunctionChooser;
using testing::ms;

auto client(std::string_view algorithm, Duration work) -> ClientSettings {
  const AlgorithmEntry* entry = find_algorithm(algorithm);
  EXPECT_NE(entry, nullptr) << algorithm;
  return {.program = Program(entry->make({.ttl = Duration::seconds(1),
                                          .retry_delay = Constant{ms(50)},
                                          .work = Constant{work},
                                          .idle = Constant{Duration::seconds(100)}}))};
}

struct Schedule {
  std::string_view algorithm;
  Duration first_work = Duration::seconds(5);
  std::optional<Duration> first_crash;      // c1 crashes then, and stays down
  std::optional<Duration> first_partition;  // c1-r1 partitioned from then for 2ms
  uint32_t slow_request = 0;                // c1's n-th command (1-based) takes 100ms
};

struct Outcome {
  World world;
  uint64_t foreign_releases = 0;
  std::optional<ForeignRelease> first_foreign_release;
  uint64_t ttl_less_locks = 0;
  std::optional<TtlLessLock> first_ttl_less_lock;
  auto holding(uint32_t c) const -> bool { return world.clients[c].belief.holding; }
  auto key() const -> const redis::Entry* {
    const ServerState& s = world.servers[0];
    return s.redis.keyspace.peek("lock", s.clock.wall(world.now).unix_ms());
  }
};

auto run(const Schedule& schedule, TrueTime until) -> Outcome {
  auto config = std::make_shared<WorldConfig>(*testing::fixed_config(3));
  config->clients = {client(schedule.algorithm, schedule.first_work),
                     client(schedule.algorithm, Duration::seconds(5)),
                     client(schedule.algorithm, Duration::seconds(5))};
  if (schedule.first_crash) {
    config->faults.client_crash = {true, Constant{Duration::seconds(1'000)},
                                   Constant{Duration::seconds(1'000)}};
  }
  if (schedule.first_partition) {
    const TrueTime begin = TrueTime{} + *schedule.first_partition;
    config->faults.partitions.push_back({begin, begin + ms(2), ClientId{0}, ServerId{0}});
  }
  int c1_requests = 0;
  FunctionChooser chooser([&](const Choice& c) {
    if (c.kind == ChoiceKind::start_delay) {
      return c.subject == 0 ? ms(1) : c.subject == 1 ? ms(2) : ms(10);
    }
    if (c.kind == ChoiceKind::client_crash_interval && c.subject == 0 && schedule.first_crash) {
      return *schedule.first_crash;
    }
    if (c.kind == ChoiceKind::request_delay && c.subject == 0 &&
        ++c1_requests == static_cast<int>(schedule.slow_request)) {
      return ms(100);
    }
    return first_value(c);
  });
  World world = make_world(config, chooser);
  ForeignReleaseMonitor foreign_release;
  TtlLessLockMonitor ttl_less_lock;
  uint64_t steps = 0;
  while (can_step(world) && next_event_time(world) <= until) {
    foreign_release.before_step(world, world.queue.earliest());
    const Event event = step(world, chooser);
    foreign_release.after_step(world, event, ++steps);
    ttl_less_lock.after_step(world, event, steps);
  }
  return {std::move(world), foreign_release.count(), foreign_release.first().to_optional(),
          ttl_less_lock.count(), ttl_less_lock.first().to_optional()};
}

TEST(Catalog, EveryAlgorithmRunsUnderRandomPausesWithoutALocksimBug) {
  for (const AlgorithmEntry& entry : algorithm_catalog()) {
    auto config = testing::fixed_config(3);
    for (ClientSettings& c : config->clients) c.program = Program(entry.make({}));
    config->servers.resize(config->clients[0].program->servers());
    config->network.request_delay =
        Exponential{Duration::micros(200), Duration::micros(500), ms(50)};
    config->faults.client_pause = {
        true, Exponential{Duration{}, Duration::seconds(2), Duration::seconds(200)},
        Uniform{ms(1), Duration::seconds(2)}};
    for (uint64_t seed = 1; seed <= 5; ++seed) {
      RandomChooser chooser(seed);
      World world = make_world(config, chooser);
      testing::run_until(world, chooser, TrueTime{} + Duration::seconds(10));
      EXPECT_GT(world.resource.writes, 0U) << entry.name << " seed " << seed;
    }
  }
}

// compare runs every lock by default, and its committed report compares locks: the counter
// workloads are found by name but kept out of the lock catalog.
TEST(Catalog, WorkloadsAreFoundByNameButAreNoLocks) {
  ASSERT_EQ(workload_catalog().size(), 3U + algorithm_catalog().size());
  for (const AlgorithmEntry& workload : workload_catalog()) {
    EXPECT_EQ(find_algorithm(workload.name), &workload);
    EXPECT_TRUE(
        std::none_of(algorithm_catalog().begin(), algorithm_catalog().end(),
                     [&](const AlgorithmEntry& lock) { return lock.name == workload.name; }));
    const Program program(workload.make({}));
    EXPECT_TRUE(program->increments().has_value()) << workload.name;
  }
  for (const AlgorithmEntry& lock : algorithm_catalog()) {
    EXPECT_FALSE(Program(lock.make({}))->increments().has_value()) << lock.name;
  }
}

TEST(Catalog, SetnxDelDeadlocksWhenItsHolderCrashes) {  // C-1
  const Outcome naive = run({.algorithm = "setnx-del", .first_crash = ms(50)}, at_ms(5'000));
  EXPECT_FALSE(naive.holding(1));
  EXPECT_FALSE(naive.holding(2));
  ASSERT_NE(naive.key(), nullptr);
  EXPECT_EQ(naive.key()->expire_at_ms, std::nullopt);  // held for ever by the dead c1
  // c2 takes the lock once it expires (held from 1044ms) and holds it for its 1s lease.
  const Outcome careful = run({.algorithm = "set-nx-px", .first_crash = ms(50)}, at_ms(1'100));
  EXPECT_TRUE(careful.holding(1));
}

TEST(Catalog, SetnxExpireLeavesALockWithoutTtlWhenItsSecondCommandIsLost) {  // C-2
  // The partition at 3.1ms drops the EXPIRE sent at 3ms; c1 dies at 50ms before releasing.
  const Schedule lost{.algorithm = "setnx-expire",
                      .first_crash = ms(50),
                      .first_partition = Duration::micros(3'100)};
  const Outcome naive = run(lost, at_ms(5'000));
  ASSERT_NE(naive.key(), nullptr);
  EXPECT_EQ(naive.key()->expire_at_ms, std::nullopt);
  EXPECT_FALSE(naive.holding(1));
  // Without a TTL from the SETNX applied at 2ms; reported at the first event more than 1s
  // later: c2's attempt at 1042ms.
  ASSERT_EQ(naive.ttl_less_locks, 1U);
  EXPECT_EQ(naive.first_ttl_less_lock->key, "lock");
  EXPECT_EQ(naive.first_ttl_less_lock->since, at_ms(2));
  EXPECT_EQ(naive.first_ttl_less_lock->at, at_ms(1'042));
  Schedule careful = lost;
  careful.algorithm = "set-nx-px";
  const Outcome safe = run(careful, at_ms(1'100));
  EXPECT_TRUE(safe.holding(1));  // SET NX PX is one command: the key expired
  EXPECT_EQ(safe.ttl_less_locks, 0U);
}

TEST(Catalog, SetnxExpireLeavesALockWithoutTtlWhenItsWriterDiesBeforeTheReply) {  // C-2
  // c1's SETNX is applied at 2ms; c1 dies at 2.5ms, before its reply arrives at 3ms, so nobody
  // ever believes it holds the lock — the key is there all the same, and never expires. It is
  // reported at the first event more than 1s after 2ms: c1's crash fault, which the schedule
  // brings back every 2.5ms (a crashed client only stays down), at 1002.5ms.
  const Outcome naive =
      run({.algorithm = "setnx-expire", .first_crash = Duration::micros(2'500)}, at_ms(5'000));
  ASSERT_NE(naive.key(), nullptr);
  EXPECT_EQ(naive.key()->expire_at_ms, std::nullopt);
  EXPECT_FALSE(naive.holding(0));
  EXPECT_FALSE(naive.holding(1));
  ASSERT_EQ(naive.ttl_less_locks, 1U);
  EXPECT_EQ(naive.first_ttl_less_lock->key, "lock");
  EXPECT_EQ(naive.first_ttl_less_lock->since, at_ms(2));
  EXPECT_EQ(naive.first_ttl_less_lock->at, TrueTime{} + Duration::micros(1'002'500));
  // fenced's counter has no TTL by design: it is not a lock key, so it is not watched.
  const Outcome fenced =
      run({.algorithm = "fenced", .first_crash = Duration::micros(2'500)}, at_ms(5'000));
  EXPECT_EQ(fenced.ttl_less_locks, 0U);
}

TEST(Catalog, SetnxExpireWithoutFaultsSetsItsTtlInTime) {
  // The gap between SETNX and EXPIRE is a round trip, far below the TTL.
  auto config = testing::fixed_config(3);
  for (ClientSettings& c : config->clients) {
    c.program = Program(find_algorithm("setnx-expire")->make({}));
  }
  config->network.request_delay = Exponential{Duration::micros(200), Duration::micros(500), ms(50)};
  for (uint64_t seed = 1; seed <= 5; ++seed) {
    RandomChooser chooser(seed);
    World world = make_world(config, chooser);
    TtlLessLockMonitor monitor;
    uint64_t steps = 0;
    while (can_step(world) && next_event_time(world) <= at_ms(10'000)) {
      const Event event = step(world, chooser);
      monitor.after_step(world, event, ++steps);
    }
    EXPECT_EQ(monitor.count(), 0U) << "seed " << seed;
    EXPECT_GT(world.resource.writes, 10U);
  }
}

TEST(Catalog, SetNxPxDelLetsAHolderDeleteTheNextHoldersLock) {  // C-4
  // c1 works 1500ms, past its lease; its DEL (sent 1503ms) removes c2's key at 1504ms; c3's
  // attempt at 1518ms takes the lock (held from 1520ms) while c2 still holds.
  const Outcome naive = run({.algorithm = "set-nx-px-del", .first_work = ms(1'500)}, at_ms(1'520));
  EXPECT_TRUE(naive.holding(1));
  EXPECT_TRUE(naive.holding(2));  // c2 and c3 both hold
  ASSERT_EQ(naive.foreign_releases, 1U);
  EXPECT_EQ(naive.first_foreign_release->culprit, ClientId{0});
  EXPECT_EQ(naive.first_foreign_release->victim, ClientId{1});
  EXPECT_EQ(naive.first_foreign_release->at, at_ms(1'504));
  const Outcome careful = run({.algorithm = "set-nx-px", .first_work = ms(1'500)}, at_ms(1'520));
  EXPECT_TRUE(careful.holding(1));
  EXPECT_FALSE(careful.holding(2));  // c1's compare-and-delete deleted nothing
  EXPECT_EQ(careful.foreign_releases, 0U);
}

TEST(Catalog, SetNxPxGetDelDeletesALockThatChangedHandsAfterItsGet) {  // C-5
  // c1 works 990ms; its GET at 994ms matches; its DEL (sent 995ms) is slow and arrives at
  // 1095ms, after c2 took the expired key (held from 1044ms); c3's attempt at 1102ms then
  // takes the lock while c2 still holds.
  const Outcome naive = run(
      {.algorithm = "set-nx-px-get-del", .first_work = ms(990), .slow_request = 3}, at_ms(1'120));
  EXPECT_TRUE(naive.holding(1));
  EXPECT_TRUE(naive.holding(2));
  ASSERT_EQ(naive.foreign_releases, 1U);
  EXPECT_EQ(naive.first_foreign_release->culprit, ClientId{0});
  EXPECT_EQ(naive.first_foreign_release->victim, ClientId{1});
  EXPECT_EQ(naive.first_foreign_release->at, at_ms(1'095));
  // The atomic script, equally slow (its release is c1's 2nd command), deletes nothing.
  const Outcome careful =
      run({.algorithm = "set-nx-px", .first_work = ms(990), .slow_request = 2}, at_ms(1'120));
  EXPECT_TRUE(careful.holding(1));
  EXPECT_FALSE(careful.holding(2));
  EXPECT_EQ(careful.foreign_releases, 0U);
}

}  // namespace
}  // namespace locksim
