// Goal: a Dragonfly server answers as Dragonfly does where it differs from Redis in ways a lock
// can see (sim/redis/flavour.hpp has the sources): a script touches only its declared keys,
// unless flagged; a script flagged disable-atomicity makes one call per step, so that what other
// clients do between its calls is what it sees; relative expiries are capped. The same commands
// on a Redis server answer as Redis does. The error text is the one in dragonfly PR #3245's
// example; the rest is derived from the sources, not from a running Dragonfly.
#include <gtest/gtest.h>

#include "sim/core/sha1.hpp"
#include "sim/redis/commands.hpp"

namespace locksim::redis {
namespace {

constexpr int64_t kNow = 1'700'000'000'000;

auto dragonfly(LuaFlags defaults = {}) -> ExecuteOptions {
  return {.flavour = {.kind = Flavour::Kind::dragonfly, .default_lua_flags = defaults}};
}

class Dragonfly : public ::testing::Test {
 protected:
  auto run(std::vector<std::string> argv, ExecuteOptions options = dragonfly()) -> Reply {
    return execute(server_, Command{std::move(argv)}, kNow, options);
  }
  Server server_;
};

TEST_F(Dragonfly, AScriptTouchingAnUndeclaredKeyFailsWithDragonflysError) {
  const std::string script = "return redis.call('SET', 'k', 'v')";
  // Line 2: Dragonfly wraps the body in a function, one line down (PR #3245's example).
  EXPECT_EQ(run({"EVAL", script, "0"}),
            Reply::error(fmt::format("ERR Error running script (call to {}): @user_script:2: "
                                     "script tried accessing undeclared key, key: k",
                                     sha1_hex(script))));
  EXPECT_EQ(server_.keyspace.size(), 0U);
  // Reads too, and every key of a command that names several.
  EXPECT_EQ(run({"EVAL", "return redis.pcall('EXISTS', KEYS[1], 'other')", "1", "k"}),
            Reply::error("ERR script tried accessing undeclared key, key: other"));
  EXPECT_EQ(run({"EVAL", "return redis.call('SET', KEYS[1], 'v')", "1", "k"}), Reply::ok());
  // Redis lets it through.
  EXPECT_EQ(run({"EVAL", script, "0"}, {}), Reply::ok());
  // A script cannot make its own error take Dragonfly's form by a field's name.
  const std::string forged = "error({err='x', dragonfly=true})";
  EXPECT_EQ(run({"EVAL", forged, "0"}, {}),
            Reply::error(fmt::format("x script: {}, on @user_script:1.", sha1_hex(forged))));
}

TEST_F(Dragonfly, AllowUndeclaredKeysComesFromTheScriptsFlagsLineOrTheServersDefaults) {
  EXPECT_EQ(
      run({"EVAL", "--!df flags=allow-undeclared-keys\nreturn redis.call('SET','k','v')", "0"}),
      Reply::ok());
  EXPECT_EQ(run({"EVAL", "return redis.call('SET','k2','v')", "0"},
                dragonfly({.allow_undeclared_keys = true})),
            Reply::ok());
  // A script with its own flags line does not take the defaults.
  const Reply own_line =
      run({"EVAL", "--!df flags=legacy-float\nreturn redis.call('GET','k')", "0"},
          dragonfly({.allow_undeclared_keys = true}));
  EXPECT_NE(own_line.text.find("undeclared key, key: k"), std::string::npos) << own_line.text;
  EXPECT_EQ(run({"EVAL", "--!df flags=no-such-flag\nreturn 1", "0"}),
            Reply::error("ERR Invalid flag: no-such-flag"));
}

TEST_F(Dragonfly, RelativeExpiriesAreCappedAndAbsoluteOnesPastTheCapRefused) {
  EXPECT_EQ(run({"SET", "k", "v", "EX", "999999999999"}), Reply::ok());
  EXPECT_EQ(run({"PTTL", "k"}), Reply::number(kDragonflyMaxExpireMs));
  EXPECT_EQ(run({"PEXPIRE", "k", "99999999999999"}), Reply::number(1));
  EXPECT_EQ(run({"PTTL", "k"}), Reply::number(kDragonflyMaxExpireMs));
  EXPECT_EQ(run({"PEXPIREAT", "k", std::to_string(kNow + kDragonflyMaxExpireMs + 1)}),
            Reply::error("ERR expiry is out of range"));
  // The earliest time there is lies in the past: the key goes.
  EXPECT_EQ(run({"PEXPIREAT", "k", "-9223372036854775808"}), Reply::number(1));
  EXPECT_EQ(run({"EXISTS", "k"}), Reply::number(0));
  // Redis keeps what it was given.
  EXPECT_EQ(run({"SET", "r", "v", "EX", "999999999999"}, {}), Reply::ok());
  EXPECT_EQ(run({"PTTL", "r"}, {}), Reply::number(999'999'999'999'000));
}

// The compare-and-delete, flagged disable-atomicity: its GET and its DEL are steps of their own,
// and a SET between them (the key expired, another client took it) is what the DEL deletes.
TEST_F(Dragonfly, ANonAtomicCompareAndDeleteDeletesWhatAnotherClientSetBetweenItsCalls) {
  const std::string script =
      "--!df flags=disable-atomicity\n" + std::string(kCompareAndDeleteScript);
  run({"SET", "lock", "mine"});
  ScriptProgress progress;
  ExecuteOptions stepping = dragonfly();
  stepping.script_progress = &progress;
  const Command release{{"EVAL", script, "1", "lock", "mine"}};
  execute(server_, release, kNow, stepping);
  ASSERT_TRUE(progress.suspended);
  ASSERT_EQ(progress.replies, std::vector<Reply>{Reply::bulk("mine")});  // the GET, made
  run({"SET", "lock", "theirs"});                                        // between the two calls
  const Reply reply = execute(server_, release, kNow + 3, stepping);
  EXPECT_FALSE(progress.suspended);
  EXPECT_EQ(reply, Reply::number(1));
  EXPECT_EQ(server_.keyspace.size(), 0U);  // their lock is gone
  // Atomic (no progress to keep, or no flag), the same release finds their token and keeps it.
  run({"SET", "lock", "theirs"});
  EXPECT_EQ(execute(server_, release, kNow, dragonfly()), Reply::number(0));
  EXPECT_EQ(run({"GET", "lock"}), Reply::bulk("theirs"));
}

// Each run makes one new call, and a pcall around the next one does not let it through: the
// keyspace sees one more SET per step.
TEST_F(Dragonfly, ANonAtomicScriptMakesOneNewCallPerStepEvenInsideAPcall) {
  const std::string script =
      "--!df flags=disable-atomicity\n"
      "redis.call('SET', KEYS[1], 'first')\n"
      "redis.pcall('SET', KEYS[1], 'second')\n"
      "pcall(redis.call, 'SET', KEYS[1], 'third')\n"
      "return 7";
  ScriptProgress progress;
  ExecuteOptions stepping = dragonfly();
  stepping.script_progress = &progress;
  const Command command{{"EVAL", script, "1", "k"}};
  execute(server_, command, kNow, stepping);
  ASSERT_TRUE(progress.suspended);
  EXPECT_EQ(run({"GET", "k"}), Reply::bulk("first"));
  execute(server_, command, kNow, stepping);
  ASSERT_TRUE(progress.suspended);
  EXPECT_EQ(run({"GET", "k"}), Reply::bulk("second"));
  EXPECT_EQ(execute(server_, command, kNow, stepping), Reply::number(7));
  EXPECT_FALSE(progress.suspended);
  EXPECT_EQ(run({"GET", "k"}), Reply::bulk("third"));
  EXPECT_EQ(progress.replies.size(), 3U);
}

}  // namespace
}  // namespace locksim::redis
