// Goal: the keyspace subset answers exactly as Redis 7.0 does. Expected replies come from the
// reference (../shared/reference/redis-locks.md part A and its addendum, checked there against a
// real redis-server 7.0.15), not from this implementation's output.
#include "sim/redis/commands.hpp"

#include <gtest/gtest.h>

namespace locksim::redis {
namespace {

constexpr int64_t kNow = 1'700'000'000'000;

auto run(Server& server, std::vector<std::string> argv, int64_t now_ms = kNow) -> Reply {
  return execute(server, Command{std::move(argv)}, now_ms);
}

TEST(Keyspace, KeyIsVisibleAtItsExpiryAndGoneOneMillisecondLater) {
  Server server;
  EXPECT_EQ(run(server, {"SET", "lock", "a", "NX", "PX", "1000"}), Reply::ok());
  EXPECT_EQ(run(server, {"GET", "lock"}, kNow + 1'000), Reply::bulk("a"));
  EXPECT_EQ(run(server, {"GET", "lock"}, kNow + 1'001), Reply::nil());
}

TEST(Keyspace, SetNxFailsWhileHeldAndSucceedsAfterExpiry) {
  Server server;
  run(server, {"SET", "lock", "a", "NX", "PX", "1000"});
  EXPECT_EQ(run(server, {"SET", "lock", "b", "NX", "PX", "1000"}, kNow + 1'000), Reply::nil());
  EXPECT_EQ(run(server, {"SET", "lock", "b", "NX", "PX", "1000"}, kNow + 1'001), Reply::ok());
  EXPECT_EQ(run(server, {"GET", "lock"}, kNow + 1'001), Reply::bulk("b"));
}

TEST(Keyspace, FailedSetNxKeepsTheExistingTtl) {
  Server server;
  run(server, {"SET", "lock", "a", "PX", "1000"});
  run(server, {"SET", "lock", "b", "NX", "PX", "5000"});
  EXPECT_EQ(server.keyspace.peek("lock", kNow)->expire_at_ms, kNow + 1'000);
}

TEST(Keyspace, PlainSetClearsTheTtlAndKeepTtlKeepsIt) {
  Server server;
  run(server, {"SET", "k", "a", "PX", "1000"});
  run(server, {"SET", "k", "b", "KEEPTTL"});
  EXPECT_EQ(server.keyspace.peek("k", kNow)->expire_at_ms, kNow + 1'000);
  run(server, {"SET", "k", "c"});
  EXPECT_EQ(server.keyspace.peek("k", kNow)->expire_at_ms, std::nullopt);
}

TEST(Keyspace, SetExpiryOptions) {
  Server server;
  run(server, {"SET", "k", "v", "EX", "10", "EX", "20"});  // repeated: the last one wins
  EXPECT_EQ(server.keyspace.peek("k", kNow)->expire_at_ms, kNow + 20'000);
  run(server, {"set", "k", "v", "pxat", "123"});  // absolute and in the past: accepted
  EXPECT_EQ(server.keyspace.peek("k", kNow), nullptr);
  run(server, {"SET", "k", "v", "EXAT", "1700000005"});
  EXPECT_EQ(server.keyspace.peek("k", kNow)->expire_at_ms, 1'700'000'005'000);
}

TEST(Keyspace, SetPxatNowIsVisibleForThatMillisecond) {
  Server server;
  run(server, {"SET", "k", "v", "PXAT", std::to_string(kNow)});
  EXPECT_EQ(run(server, {"GET", "k"}), Reply::bulk("v"));
}

TEST(Keyspace, SetSyntaxErrors) {
  Server server;
  const Reply syntax = Reply::error("ERR syntax error");
  EXPECT_EQ(run(server, {"SET", "k", "v", "NX", "XX"}), syntax);
  EXPECT_EQ(run(server, {"SET", "k", "v", "EX", "10", "PX", "100"}), syntax);
  EXPECT_EQ(run(server, {"SET", "k", "v", "PX"}), syntax);
  EXPECT_EQ(run(server, {"SET", "k", "v", "KEEPTTL", "PX", "5"}), syntax);
  EXPECT_EQ(run(server, {"SET", "k", "v", "BOGUS"}), syntax);
  EXPECT_EQ(run(server, {"SET", "k", "v", "NX", "NX"}), Reply::ok());
}

TEST(Keyspace, SetExpiryValueErrors) {
  Server server;
  EXPECT_EQ(run(server, {"SET", "k", "v", "PX", "abc"}),
            Reply::error("ERR value is not an integer or out of range"));
  const Reply invalid = Reply::error("ERR invalid expire time in 'set' command");
  EXPECT_EQ(run(server, {"SET", "k", "v", "PX", "0"}), invalid);
  EXPECT_EQ(run(server, {"SET", "k", "v", "EX", "-5"}), invalid);
  EXPECT_EQ(run(server, {"SET", "k", "v", "PXAT", "0"}), invalid);
  EXPECT_EQ(run(server, {"SET", "k", "v", "EX", "9223372036854775807"}), invalid);
  EXPECT_EQ(server.keyspace.size(), 0U);
}

TEST(Keyspace, SetNxGetRepliesWithTheOldValueWithoutSetting) {
  Server server;
  run(server, {"SET", "k", "bar"});
  EXPECT_EQ(run(server, {"SET", "k", "new", "NX", "GET"}), Reply::bulk("bar"));
  EXPECT_EQ(run(server, {"GET", "k"}), Reply::bulk("bar"));
  EXPECT_EQ(run(server, {"SET", "other", "x", "GET", "NX"}), Reply::nil());
  EXPECT_EQ(run(server, {"GET", "other"}), Reply::bulk("x"));
}

TEST(Keyspace, DelCountsOnlyLiveKeys) {
  Server server;
  run(server, {"SET", "a", "1"});
  run(server, {"SET", "b", "2", "PX", "10"});
  EXPECT_EQ(run(server, {"DEL", "a", "b", "missing"}, kNow + 11), Reply::number(1));
  EXPECT_EQ(run(server, {"DEL", "a"}), Reply::number(0));
}

TEST(Keyspace, CompareAndDeleteDeletesOnlyOurOwnToken) {
  Server server;
  const std::string script(kCompareAndDeleteScript);
  run(server, {"SET", "lock", "mine", "PX", "1000"});
  EXPECT_EQ(run(server, {"EVAL", script, "1", "lock", "theirs"}), Reply::number(0));
  EXPECT_EQ(run(server, {"GET", "lock"}), Reply::bulk("mine"));
  EXPECT_EQ(run(server, {"EVAL", script, "1", "lock", "mine"}), Reply::number(1));
  EXPECT_EQ(run(server, {"GET", "lock"}), Reply::nil());
  EXPECT_EQ(run(server, {"EVAL", script, "1", "lock", "mine"}), Reply::number(0));
}

TEST(Keyspace, CompareAndDeleteOnAnExpiredKeyDeletesNothing) {
  Server server;
  const std::string script(kCompareAndDeleteScript);
  run(server, {"SET", "lock", "mine", "PX", "1000"});
  EXPECT_EQ(run(server, {"EVAL", script, "1", "lock", "mine"}, kNow + 1'001), Reply::number(0));
}

TEST(Keyspace, EvalKeyCountErrors) {
  Server server;
  const std::string script(kCompareAndDeleteScript);
  EXPECT_EQ(run(server, {"EVAL", script, "3", "lock"}),
            Reply::error("ERR Number of keys can't be greater than number of args"));
  EXPECT_EQ(run(server, {"EVAL", script, "-1"}),
            Reply::error("ERR Number of keys can't be negative"));
  EXPECT_EQ(run(server, {"EVAL", script, "x"}),
            Reply::error("ERR value is not an integer or out of range"));
}

TEST(Keyspace, ArityAndUnknownCommandErrorsAreRedisTexts) {
  Server server;
  EXPECT_EQ(run(server, {"GET"}), Reply::error("ERR wrong number of arguments for 'get' command"));
  EXPECT_EQ(run(server, {"SET", "k"}),
            Reply::error("ERR wrong number of arguments for 'set' command"));
  EXPECT_EQ(run(server, {"FOO", "a", "b"}),
            Reply::error("ERR unknown command 'FOO', with args beginning with: 'a' 'b' "));
  EXPECT_EQ(run(server, {"foo"}),
            Reply::error("ERR unknown command 'foo', with args beginning with: "));
}

TEST(Reply, PrintsLikeRedisCli) {
  EXPECT_EQ(to_cli_string(Reply::ok()), "OK");
  EXPECT_EQ(to_cli_string(Reply::number(3)), "(integer) 3");
  EXPECT_EQ(to_cli_string(Reply::nil()), "(nil)");
  EXPECT_EQ(to_cli_string(Reply::bulk("a\"b\n")), "\"a\\\"b\\n\"");
  EXPECT_EQ(to_cli_string(Reply::error("ERR x")), "(error) ERR x");
}

}  // namespace
}  // namespace locksim::redis
