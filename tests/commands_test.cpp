// Goal: pin the Redis 7.0 edge cases named in ../shared/reference/redis-locks.md (part A and the
// addendum confirmed against a real redis-server 7.0.15). Expected replies come from there, not
// from this implementation. The differential test (tests/differential_test.cpp) covers breadth.
#include <gtest/gtest.h>

#include "sim/redis/commands.hpp"

namespace locksim::redis {
namespace {

constexpr int64_t kNow = 1'700'000'000'000;

class Commands : public ::testing::Test {
 protected:
  auto run(std::vector<std::string> argv, int64_t now_ms = kNow) -> Reply {
    return execute(server_, Command{std::move(argv)}, now_ms);
  }
  auto ttl_ms(std::string_view key) -> std::optional<int64_t> {
    return server_.keyspace.peek(key, kNow)->expire_at_ms;
  }
  Server server_;
};

TEST_F(Commands, ExpireWithNonPositiveTtlDeletesAndRepliesOne) {
  run({"SET", "k", "v"});
  EXPECT_EQ(run({"EXPIRE", "k", "-1"}), Reply::number(1));
  EXPECT_EQ(run({"TTL", "k"}), Reply::number(-2));
  run({"SET", "k", "v"});
  EXPECT_EQ(run({"PEXPIREAT", "k", std::to_string(kNow)}), Reply::number(1));  // == now deletes
  EXPECT_EQ(run({"EXISTS", "k"}), Reply::number(0));
}

TEST_F(Commands, ExpireFlagsAreCheckedBeforeTheDeletion) {
  run({"SET", "k", "v", "EX", "100"});
  EXPECT_EQ(run({"EXPIRE", "k", "0", "GT"}), Reply::number(0));  // GT fails: key kept
  EXPECT_EQ(run({"EXISTS", "k"}), Reply::number(1));
  run({"SET", "n", "v"});
  EXPECT_EQ(run({"EXPIRE", "n", "0", "XX"}), Reply::number(0));  // no TTL: XX fails
  EXPECT_EQ(run({"EXPIRE", "n", "0", "NX"}), Reply::number(1));  // NX on no TTL deletes
  EXPECT_EQ(run({"EXISTS", "n"}), Reply::number(0));
  run({"SET", "l", "v"});
  EXPECT_EQ(run({"EXPIRE", "l", "0", "LT"}), Reply::number(1));  // no TTL is infinite: LT wins
  EXPECT_EQ(run({"EXISTS", "l"}), Reply::number(0));
}

TEST_F(Commands, GtOnAKeyWithoutTtlFailsAndLtSucceeds) {
  run({"SET", "k", "v"});
  EXPECT_EQ(run({"EXPIRE", "k", "100", "GT"}), Reply::number(0));
  EXPECT_EQ(run({"TTL", "k"}), Reply::number(-1));
  EXPECT_EQ(run({"EXPIRE", "k", "100", "LT"}), Reply::number(1));
  EXPECT_EQ(run({"EXPIRE", "k", "100", "GT"}), Reply::number(0));  // equal is not greater
  EXPECT_EQ(run({"EXPIRE", "k", "100", "LT"}), Reply::number(0));  // nor less
  EXPECT_EQ(run({"EXPIRE", "k", "200", "XX", "GT"}), Reply::number(1));
}

TEST_F(Commands, ExpireOptionErrors) {
  run({"SET", "k", "v"});
  EXPECT_EQ(run({"EXPIRE", "k", "10", "FOO"}), Reply::error("ERR Unsupported option FOO"));
  EXPECT_EQ(run({"EXPIRE", "k", "10", "NX", "XX"}),
            Reply::error("ERR NX and XX, GT or LT options at the same time are not compatible"));
  EXPECT_EQ(run({"EXPIRE", "k", "10", "GT", "LT"}),
            Reply::error("ERR GT and LT options at the same time are not compatible"));
  EXPECT_EQ(run({"EXPIRE", "k", "ten"}),
            Reply::error("ERR value is not an integer or out of range"));
  EXPECT_EQ(run({"EXPIRE", "k", "9223372036854775807"}),
            Reply::error("ERR invalid expire time in 'expire' command"));
  EXPECT_EQ(run({"EXPIRE", "missing", "10"}), Reply::number(0));
}

TEST_F(Commands, TtlRoundsToTheNearestSecond) {
  for (const auto& [pttl, ttl] :
       std::vector<std::pair<int, int>>{{1500, 2}, {1499, 1}, {500, 1}, {499, 0}}) {
    run({"SET", "k", "v", "PX", std::to_string(pttl)});
    EXPECT_EQ(run({"TTL", "k"}), Reply::number(ttl)) << pttl;
    EXPECT_EQ(run({"PTTL", "k"}), Reply::number(pttl));
  }
  EXPECT_EQ(run({"PTTL", "k"}, kNow + 499), Reply::number(0));  // at `when`: visible, PTTL 0
}

TEST_F(Commands, IncrKeepsTheTtlAndChecksItsInput) {
  run({"SET", "n", "10", "PX", "5000"});
  EXPECT_EQ(run({"INCR", "n"}), Reply::number(11));
  EXPECT_EQ(ttl_ms("n"), kNow + 5'000);
  EXPECT_EQ(run({"INCRBY", "n", "-21"}), Reply::number(-10));
  EXPECT_EQ(run({"DECRBY", "new", "5"}), Reply::number(-5));
  run({"SET", "s", "01"});
  EXPECT_EQ(run({"INCR", "s"}), Reply::error("ERR value is not an integer or out of range"));
  run({"SET", "max", "9223372036854775807"});
  EXPECT_EQ(run({"INCR", "max"}), Reply::error("ERR increment or decrement would overflow"));
  EXPECT_EQ(run({"DECRBY", "k", "-9223372036854775808"}),
            Reply::error("ERR decrement would overflow"));
  EXPECT_EQ(run({"INCRBY", "n", "+1"}),
            Reply::error("ERR value is not an integer or out of range"));
}

TEST_F(Commands, GetsetClearsTheTtlAndGetdelDeletes) {
  run({"SET", "k", "a", "PX", "5000"});
  EXPECT_EQ(run({"GETSET", "k", "b"}), Reply::bulk("a"));
  EXPECT_EQ(run({"TTL", "k"}), Reply::number(-1));
  EXPECT_EQ(run({"GETDEL", "k"}), Reply::bulk("b"));
  EXPECT_EQ(run({"GETDEL", "k"}), Reply::nil());
}

TEST_F(Commands, GetexLooksTheKeyUpBeforeValidatingTheExpiry) {
  EXPECT_EQ(run({"GETEX", "missing", "EX", "0"}), Reply::nil());
  run({"SET", "k", "v"});
  EXPECT_EQ(run({"GETEX", "k", "EX", "0"}),
            Reply::error("ERR invalid expire time in 'getex' command"));
  EXPECT_EQ(run({"GETEX", "k", "PX", "100"}), Reply::bulk("v"));
  EXPECT_EQ(ttl_ms("k"), kNow + 100);
  EXPECT_EQ(run({"GETEX", "k", "PERSIST", "PERSIST"}), Reply::bulk("v"));
  EXPECT_EQ(ttl_ms("k"), std::nullopt);
  EXPECT_EQ(run({"GETEX", "k", "NX"}), Reply::error("ERR syntax error"));
  EXPECT_EQ(run({"GETEX", "k", "PXAT", std::to_string(kNow)}), Reply::bulk("v"));  // then deleted
  EXPECT_EQ(run({"EXISTS", "k"}), Reply::number(0));
}

TEST_F(Commands, WrongTypeEverywhereATypeMismatches) {
  run({"HSET", "h", "f", "1"});
  const Reply wrong =
      Reply::error("WRONGTYPE Operation against a key holding the wrong kind of value");
  EXPECT_EQ(run({"GET", "h"}), wrong);
  EXPECT_EQ(run({"INCR", "h"}), wrong);
  EXPECT_EQ(run({"GETSET", "h", "x"}), wrong);
  EXPECT_EQ(run({"SET", "h", "x", "NX", "GET"}), wrong);  // GET's type check comes first
  EXPECT_EQ(run({"SETNX", "h", "x"}), Reply::number(0));  // SETNX does not look at the type
  run({"SET", "s", "x"});
  EXPECT_EQ(run({"HGET", "s", "f"}), wrong);
  EXPECT_EQ(run({"HSET", "s", "f", "v"}), wrong);
  EXPECT_EQ(run({"SET", "h", "plain"}), Reply::ok());  // SET replaces any type
  EXPECT_EQ(run({"TYPE", "h"}), Reply::status("string"));
}

TEST_F(Commands, HashesAsRedissonUsesThem) {
  EXPECT_EQ(run({"HINCRBY", "lock", "uuid:1", "1"}), Reply::number(1));
  EXPECT_EQ(run({"HINCRBY", "lock", "uuid:1", "1"}), Reply::number(2));
  EXPECT_EQ(run({"HEXISTS", "lock", "uuid:1"}), Reply::number(1));
  EXPECT_EQ(run({"HSET", "lock", "a", "1", "b", "2"}), Reply::number(2));
  EXPECT_EQ(run({"HSET", "lock", "a", "1", "b"}),
            Reply::error("ERR wrong number of arguments for 'hset' command"));
  EXPECT_EQ(run({"HLEN", "lock"}), Reply::number(3));
  EXPECT_EQ(run({"HDEL", "lock", "uuid:1", "a", "b", "zz"}), Reply::number(3));
  EXPECT_EQ(run({"TYPE", "lock"}), Reply::status("none"));  // the empty hash is gone
  run({"HSET", "h", "f", "x"});
  EXPECT_EQ(run({"HINCRBY", "h", "f", "1"}), Reply::error("ERR hash value is not an integer"));
}

TEST_F(Commands, ExistsCountsRepeatsAndPingEchoes) {
  run({"SET", "k", "v"});
  EXPECT_EQ(run({"EXISTS", "k", "k", "nope"}), Reply::number(2));
  EXPECT_EQ(run({"PING"}), Reply::status("PONG"));
  EXPECT_EQ(run({"PING", "hi"}), Reply::bulk("hi"));
  EXPECT_EQ(run({"PING", "a", "b"}),
            Reply::error("ERR wrong number of arguments for 'ping' command"));
  EXPECT_EQ(run({"FLUSHALL", "LAZY"}), Reply::error("ERR syntax error"));
  EXPECT_EQ(run({"FLUSHALL"}), Reply::ok());
  EXPECT_EQ(run({"EXISTS", "k"}), Reply::number(0));
}

TEST_F(Commands, KeepTtlOnAMissingKeyLeavesNoTtl) {
  run({"SET", "k", "v", "PX", "10"});
  EXPECT_EQ(run({"SET", "k", "w", "KEEPTTL"}, kNow + 11), Reply::ok());  // k had expired
  EXPECT_EQ(server_.keyspace.peek("k", kNow + 11)->expire_at_ms, std::nullopt);
}

// Replies seen from redis-server 7.0.15: an argument formatted into an error ends at its first
// NUL, CR and LF become spaces, and addReplyErrorFormat trims them at the end of its text.
TEST_F(Commands, ArgumentsEchoedInErrorsAreCStringsOnOneLine) {
  using namespace std::string_literals;
  EXPECT_EQ(run({"fo\0o"s, "a\0b"s}),
            Reply::error("ERR unknown command 'fo', with args beginning with: 'a' "));
  EXPECT_EQ(run({"\r\nfoo\r\n", "\n"}),
            Reply::error("ERR unknown command '  foo  ', with args beginning with: ' ' "));
  EXPECT_EQ(run({std::string(200, 'x'), std::string(125, 'y'), "z\nq"}),
            Reply::error(fmt::format("ERR unknown command '{}', with args beginning with: '{}' ",
                                     std::string(128, 'x'), std::string(125, 'y'))));
  EXPECT_EQ(
      run({"x", std::string(100, 'y'), std::string(40, 'z'), "w"}),
      Reply::error(fmt::format("ERR unknown command 'x', with args beginning with: '{}' '{}' ",
                               std::string(100, 'y'), std::string(25, 'z'))));
  EXPECT_EQ(run({"SCRIPT", "\r\nab\n"}),
            Reply::error("ERR unknown subcommand '  ab '. Try SCRIPT HELP."));
  EXPECT_EQ(run({"SCRIPT", "lo\nad\0z"s}),
            Reply::error("ERR unknown subcommand 'lo ad'. Try SCRIPT HELP."));
  EXPECT_EQ(run({"script", std::string(200, 'a')}),
            Reply::error(fmt::format("ERR unknown subcommand '{}'. Try SCRIPT HELP.",
                                     std::string(128, 'a'))));
  run({"SET", "k", "v"});
  EXPECT_EQ(run({"EXPIRE", "k", "10", "x\ny\n"}), Reply::error("ERR Unsupported option x y"));
  EXPECT_EQ(run({"EXPIRE", "k", "10", "\nx\0y\n"s}), Reply::error("ERR Unsupported option  x"));
  EXPECT_EQ(run({"EXPIRE", "k", "10", "\r\n"}), Reply::error("ERR Unsupported option "));
  EXPECT_EQ(run({"EXPIRE", "k", "10", "\0"s}), Reply::error("ERR Unsupported option "));
}

// Redis compares options with strcasecmp, so an option ends at its first NUL (seen from
// redis-server 7.0.15); command names are looked up over their whole length.
TEST_F(Commands, AnOptionEndsAtItsFirstNul) {
  using namespace std::string_literals;
  EXPECT_EQ(run({"SET", "k", "v", "EX\0y"s, "100"}), Reply::ok());
  EXPECT_EQ(run({"TTL", "k"}), Reply::number(100));
  EXPECT_EQ(run({"GETEX", "k", "PERSIST\0z"s}), Reply::bulk("v"));
  EXPECT_EQ(run({"TTL", "k"}), Reply::number(-1));
  EXPECT_EQ(run({"EXPIRE", "k", "100", "gt\0"s}), Reply::number(0));
  EXPECT_EQ(run({"EXPIRE", "k", "100", "NX\0x"s, "XX"}),
            Reply::error("ERR NX and XX, GT or LT options at the same time are not compatible"));
  EXPECT_EQ(run({"SCRIPT", "FLUSH", "async\0"s}), Reply::ok());
  EXPECT_EQ(run({"FLUSHALL", "sync\0x"s}), Reply::ok());
  EXPECT_EQ(run({"GET\0"s, "k"}),
            Reply::error("ERR unknown command 'GET', with args beginning with: 'k' "));
}

TEST(RedisInteger, ParsesExactlyWhatString2llAccepts) {
  EXPECT_EQ(parse_redis_integer("0"), 0);
  EXPECT_EQ(parse_redis_integer("-9223372036854775808"), INT64_MIN);
  EXPECT_EQ(parse_redis_integer("9223372036854775807"), INT64_MAX);
  for (const char* bad : {"", "-", "-0", "+1", "01", " 1", "1 ", "9223372036854775808",
                          "-9223372036854775809", "1e3", "0x10"}) {
    EXPECT_FALSE(parse_redis_integer(bad).has_value()) << bad;
  }
}

}  // namespace
}  // namespace locksim::redis
