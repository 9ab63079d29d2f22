// Goal: an Active-Active database settles its instances' writes as the Active-Active
// documentation says (sim/world/active_active.hpp cites it), and a lock on it shows what that
// costs. Method: the conflict rules on versions made by hand; then whole runs, with expectations
// derived from the rules, not read off runs: two clients in two regions that SET NX within the
// replication lag both get the lock, and once the writes have crossed, every instance holds the
// same value.
#include <gtest/gtest.h>

#include "sim/explore/fault_profiles.hpp"
#include "sim/explore/simulate.hpp"
#include "sim/explore/simulation_setup.hpp"
#include "sim/world/active_active.hpp"

namespace locksim {
namespace {

auto value(std::string text, std::optional<int64_t> expire_at_ms = std::nullopt)
    -> std::optional<redis::Entry> {
  return redis::Entry{.value = std::move(text), .expire_at_ms = expire_at_ms};
}

auto version(std::vector<uint64_t> seen, int64_t wall_ms, uint32_t writer,
             std::optional<int64_t> expire_at_ms = std::nullopt) -> CrdtVersion {
  return {
      .seen = std::move(seen), .wall_ms = wall_ms, .writer = writer, .expire_at_ms = expire_at_ms};
}

// A write made after seeing another replaces it, whatever the two writers' clocks say; a write
// already seen changes nothing.
TEST(ActiveActive, AWriteThatFollowsAnotherWinsWhateverTheClocks) {
  const CrdtVersion first = version({1, 0}, 5'000, 0);
  const CrdtVersion after = version({1, 1}, 1'000, 1);  // region 1's clock is 4 s behind
  EXPECT_TRUE(incoming_wins(first, value("a"), after, value("b")));
  EXPECT_FALSE(incoming_wins(after, value("b"), first, value("a")));
  EXPECT_FALSE(incoming_wins(after, value("b"), after, value("b")));
  EXPECT_TRUE(incoming_wins(std::nullopt, std::nullopt, first, value("a")));
}

// Neither saw the other: the later wall clock wins ("last write wins"), both ways round, so
// that the instances agree; equal clocks: the smaller region.
TEST(ActiveActive, ConcurrentWritesGoToTheLaterWallClock) {
  const CrdtVersion early = version({1, 0}, 1'000, 0);
  const CrdtVersion late = version({0, 1}, 1'002, 1);
  EXPECT_TRUE(incoming_wins(early, value("a"), late, value("b")));
  EXPECT_FALSE(incoming_wins(late, value("b"), early, value("a")));
  const CrdtVersion tie = version({0, 1}, 1'000, 1);
  EXPECT_FALSE(incoming_wins(early, value("a"), tie, value("b")));
  EXPECT_TRUE(incoming_wins(tie, value("b"), early, value("a")));
  // A deletion is a write like any other.
  EXPECT_TRUE(incoming_wins(early, value("a"), late, std::nullopt));
}

// Concurrent TTL changes of one value: the longer expiry is kept, and no TTL is the longest.
TEST(ActiveActive, ConcurrentExpiriesOfOneValueKeepTheLonger) {
  const CrdtVersion shorter = version({1, 0}, 2'000, 0, 10'000);
  const CrdtVersion longer = version({0, 1}, 1'000, 1, 50'000);  // the earlier write
  EXPECT_TRUE(incoming_wins(shorter, value("t", 10'000), longer, value("t", 50'000)));
  EXPECT_FALSE(incoming_wins(longer, value("t", 50'000), shorter, value("t", 10'000)));
  const CrdtVersion persist = version({1, 0}, 1'000, 0);
  EXPECT_TRUE(incoming_wins(longer, value("t", 50'000), persist, value("t")));
}

TEST(ActiveActive, ASettledVersionHasSeenBoth) {
  const CrdtVersion settled_version = settled(version({2, 0}, 9, 0), version({1, 3}, 8, 1));
  EXPECT_EQ(settled_version.seen, (std::vector<uint64_t>{2, 3}));
  EXPECT_EQ(settled_version.writer, 0U);
  EXPECT_EQ(next_version(settled_version, 1, 2, 10, value("x", 77)).seen,
            (std::vector<uint64_t>{2, 4}));
}

auto active_active_run(const std::string& faults, uint64_t seed, const SimulationSetup& base = {})
    -> std::pair<SimulationResult, World> {
  SimulationSetup setup = base;
  setup.clients = 2;
  setup.faults = parse_faults(faults).selections;
  FinalWorld final_world;
  const SimulationResult result =
      simulate(make_world_config(setup), {.seed = seed, .duration = Duration::seconds(10)},
               {.observer = &final_world});
  return {result, final_world.world()};
}

// c1 writes to region 0, c2 to region 1. Both start within 10 ms and SET NX at once; the other
// region learns of a write only after the lag (at least 1 ms, 100 ms on average), so the second
// SET of nearly every pair of attempts finds its own instance empty: both hold the lock, in
// every run. With one region the same clients share one instance and never do.
TEST(ActiveActive, BothRegionsAcquireWithinTheLag) {
  for (uint64_t seed = 1; seed <= 5; ++seed) {
    SCOPED_TRACE(seed);
    EXPECT_GT(active_active_run("active-active", seed).first.count("mutex"), 0U);
    EXPECT_EQ(active_active_run("active-active:regions=1", seed).first.count("mutex"), 0U);
  }
}

// Clients that take the lock and keep it (a 60 s lease, work that outlasts the run) leave
// nothing in flight once the lag is over: every instance then holds the same lock key — the
// write that won, in both regions alike.
TEST(ActiveActive, InstancesConvergeOnceTheWritesHaveCrossed) {
  const SimulationSetup holding{.ttl = Duration::seconds(60), .work = Duration::seconds(3600)};
  for (uint64_t seed = 1; seed <= 5; ++seed) {
    SCOPED_TRACE(seed);
    const World end = active_active_run("active-active:lag=10ms", seed, holding).second;
    ASSERT_EQ(end.servers.size(), 2U);
    for (const ServerState& server : end.servers) EXPECT_TRUE(server.inbound.empty());
    const redis::Entry* r1 = end.servers[0].redis.keyspace.raw("lock");
    const redis::Entry* r2 = end.servers[1].redis.keyspace.raw("lock");
    ASSERT_TRUE(r1 != nullptr && r2 != nullptr);
    EXPECT_EQ(*r1, *r2);
  }
}

}  // namespace
}  // namespace locksim
