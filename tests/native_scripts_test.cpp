// Goal: the scripts locksim runs natively (sim/redis/native_scripts.hpp) answer and change the
// server exactly as the interpreter does. Each situation runs on two identical servers, once
// with the script's own body (native) and once with the same body and a trailing space, which
// no native path knows (the interpreter); reply, keys, server.dirty and the changed keys must
// agree. The situations the native path leaves to the interpreter must leave it untouched.
#include <gtest/gtest.h>

#include "sim/redis/commands.hpp"
#include "sim/redis/native_scripts.hpp"

namespace locksim::redis {
namespace {

using namespace std::string_literals;

constexpr int64_t kNow = 1'700'000'000'000;

struct Outcome {
  Reply reply;
  Server server;
  std::vector<std::string> changed;
};

auto run(Server server, const std::string& body, std::vector<std::string> keys_and_args,
         size_t key_count, bool replica = false) -> Outcome {
  std::vector<std::string> argv{"EVAL", body, std::to_string(key_count)};
  argv.insert(argv.end(), keys_and_args.begin(), keys_and_args.end());
  Outcome outcome;
  const Reply reply = execute(server, Command{std::move(argv)}, kNow,
                              {.replica = replica, .changed_keys = &outcome.changed});
  outcome.reply = reply;
  outcome.server = std::move(server);
  return outcome;
}

// The same script as the interpreter runs it (another body: no native path matches).
const std::string kInterpreted = std::string(kCompareAndDeleteScript) + " ";

void expect_same(const Server& start, std::vector<std::string> keys_and_args) {
  const Outcome native = run(start, std::string(kCompareAndDeleteScript), keys_and_args, 1);
  const Outcome interpreted = run(start, kInterpreted, keys_and_args, 1);
  EXPECT_EQ(native.reply, interpreted.reply);
  EXPECT_EQ(native.server.keyspace, interpreted.server.keyspace);
  EXPECT_EQ(native.server.dirty, interpreted.server.dirty);
  EXPECT_EQ(native.changed, interpreted.changed);
}

auto with_lock(std::string token, std::optional<int64_t> expire_at_ms = std::nullopt) -> Server {
  Server server;
  server.keyspace.put("lock", Entry{std::move(token), expire_at_ms});
  return server;
}

TEST(NativeScripts, CompareAndDeleteDeletesOnlyItsOwnLiveToken) {
  expect_same(Server{}, {"lock", "c1.0.1"});                       // absent: 0
  expect_same(with_lock("c1.0.1"), {"lock", "c1.0.1"});            // its own: 1, deleted
  expect_same(with_lock("c2.0.7"), {"lock", "c1.0.1"});            // another's: 0, kept
  expect_same(with_lock("c1.0.1", kNow - 1), {"lock", "c1.0.1"});  // expired: deleted by GET
  expect_same(with_lock("c1.0.1", kNow), {"lock", "c1.0.1"});      // expires this ms: live
  expect_same(with_lock("c1.0.1"), {"lock", "c1.0.1", "extra"});   // extra arguments ignored
  expect_same(with_lock("a\0b"s), {"lock", "a\0b"s});              // bytes, not C strings
  expect_same(with_lock("a\0b"s), {"lock", "a"});
  EXPECT_EQ(
      run(with_lock("c1.0.1"), std::string(kCompareAndDeleteScript), {"lock", "c1.0.1"}, 1).reply,
      Reply::number(1));
}

TEST(NativeScripts, CompareAndDeleteLeavesErrorsToTheInterpreter) {
  Server hash;
  hash.keyspace.put("lock", Entry{Hash{{"field", "value"}}, std::nullopt});
  const std::vector<std::string> lock{"lock"};
  const std::vector<std::string> token{"c1.0.1"};
  const std::vector<std::string> none;
  const auto declines = [](Server server, std::span<const std::string> keys,
                           std::span<const std::string> args, bool replica) {
    const Server before = server;
    CommandContext context{server.keyspace, server.scripts, server.script_random, server.dirty,
                           server.sessions, kNow,           {.replica = replica}};
    EXPECT_FALSE(run_natively(kCompareAndDeleteScript, keys, args, context).has_value());
    EXPECT_EQ(server.keyspace, before.keyspace);
    EXPECT_EQ(server.dirty, before.dirty);
  };
  declines(hash, lock, token, false);                 // GET raises WRONGTYPE
  declines(with_lock("c1.0.1"), lock, token, true);   // DEL on a replica raises READONLY
  declines(with_lock("c1.0.1"), none, token, false);  // KEYS[1] is nil
  declines(with_lock("c1.0.1"), lock, none, false);   // ARGV[1] is nil
  // Through EVAL, the interpreter then raises Redis's error.
  EXPECT_TRUE(run(hash, std::string(kCompareAndDeleteScript), {"lock", "c1.0.1"}, 1)
                  .reply.text.starts_with("WRONGTYPE Operation against a key holding the wrong "
                                          "kind of value script: "));
}

}  // namespace
}  // namespace locksim::redis
