// Goal: a replica holds exactly its master's data once the master's changes have arrived, for
// every command locksim serves, and answers reads as its master does, hiding expired keys
// without deleting them. Method: the differential generator's command mix (with its scripts)
// on a master, each command's changed keys applied at once to a replica, time moving on between
// commands so keys expire, and the master's active expiry run now and then.
#include <gtest/gtest.h>

#include "sim/redis/commands.hpp"
#include "sim/redis/replication.hpp"
#include "tests/differential/command_generator.hpp"

namespace locksim::testing {
namespace {

constexpr int64_t kStart = 1'767'225'600'000;

auto read(redis::Server& server, std::vector<std::string> argv, int64_t now, bool replica) {
  redis::Server copy = server;  // reads must not change what is compared next
  return redis::execute(copy, {std::move(argv)}, now, {.replica = replica});
}

TEST(Replication, ReplicaFollowsMasterForEveryCommand) {
  redis::Server master;
  redis::Server replica;
  CommandGenerator generator(7);
  Prng time_steps(11);
  int64_t now = kStart;
  for (int i = 0; i < 20'000; ++i) {
    now += time_steps.range_inclusive(0, 3'000);
    std::vector<std::string> changed;
    const redis::Command command = generator.next(now);
    redis::execute(master, command, now, {.changed_keys = &changed});
    if (i % 10 == 0) {
      const std::vector<std::string> expired = redis::expire_stale_keys(master, now);
      changed.insert(changed.end(), expired.begin(), expired.end());
    }
    redis::apply_changes(replica, redis::collect_changes(master.keyspace, changed), false);
    ASSERT_TRUE(replica.keyspace == master.keyspace)
        << "after #" << i << ": " << fmt::format("{}", command);
    for (const char* key : {"lock", "k1", "k2", "h1", "n1"}) {
      for (const char* verb : {"GET", "PTTL", "TYPE", "HLEN", "EXISTS"}) {
        ASSERT_EQ(read(replica, {verb, key}, now, true), read(master, {verb, key}, now, false))
            << verb << " " << key << " after #" << i;
      }
    }
  }
}

TEST(Replication, ReplicaHidesExpiredKeysButKeepsThemAndRefusesWrites) {
  redis::Server replica;
  replica.keyspace.put("lock", {std::string("a"), kStart + 1'000});
  EXPECT_EQ(read(replica, {"GET", "lock"}, kStart + 1'000, true), redis::Reply::bulk("a"));
  EXPECT_EQ(redis::execute(replica, {{"GET", "lock"}}, kStart + 1'001, {.replica = true}),
            redis::Reply::nil());
  EXPECT_TRUE(replica.keyspace.contains("lock"));  // only the master's DEL removes it
  EXPECT_EQ(redis::execute(replica, {{"SET", "lock", "b", "NX", "PX", "1000"}}, kStart + 1'001,
                           {.replica = true}),
            redis::Reply::error("READONLY You can't write against a read only replica."));
  const std::string script = "return redis.call('set', KEYS[1], 'x')";
  const redis::Reply from_script =
      redis::execute(replica, {{"EVAL", script, "1", "lock"}}, kStart, {.replica = true});
  EXPECT_EQ(from_script.text.rfind("READONLY You can't write against a read only replica.", 0), 0U)
      << from_script.text;
}

}  // namespace
}  // namespace locksim::testing
