// Goal: locksim's keyspace answers exactly as a real redis-server 7.0 does. Method: start a real
// server (loopback, free port, no persistence), send it and the model the same 12,000 generated
// commands, and require identical replies, error and status texts byte for byte. The generator
// puts binary and control bytes into every argument position of every command it makes (the
// test checks that none was left out), so texts that echo arguments are compared with them.
//
// Time: the real server reads its wall clock at some millisecond between our send and its reply,
// so the model runs each command at every millisecond in that window and must match at one of
// them (that one's state is kept). Afterwards the real expiry of the keys the command named is
// read back with PEXPIRETIME and must agree with the model's within the window; the model then
// adopts the real value, so that later GT/LT comparisons see the same millisecond.
#include <gtest/gtest.h>

#include "sim/redis/cli_syntax.hpp"
#include "sim/redis/commands.hpp"
#include "tests/differential/command_generator.hpp"
#include "tests/differential/real_redis.hpp"
#include "tests/differential/time_window.hpp"

namespace locksim::testing {
namespace {

// Arguments and replies with their bytes escaped, so that a mismatch prints on one line.
auto show(const redis::Command& command) -> std::string {
  std::string text;
  for (const std::string& argument : command.argv) {
    if (!text.empty()) text += ' ';
    text += redis::quote_argument(argument.substr(0, 60));
  }
  return text;
}

auto show(const redis::Reply& reply) -> std::string {
  return redis::quote_argument(redis::to_cli_string(reply));
}

struct Mismatch {
  std::string what;
};

// Checks the real expiry of `key` against the model and adopts it; returns a mismatch or "".
auto sync_expiry(RealRedis& real, redis::Keyspace& model, const std::string& key) -> std::string {
  const int64_t before = wall_ms();
  const redis::Reply reply = real.run({{"PEXPIRETIME", key}});
  const int64_t after = wall_ms();
  const redis::Entry* entry = model.peek(key, before);
  const int64_t real_when = reply.integer;
  if (real_when == -2) {
    const bool expired_meanwhile = entry && entry->expire_at_ms && *entry->expire_at_ms < after;
    if (entry && !expired_meanwhile) return fmt::format("key '{}' exists only in the model", key);
    return {};
  }
  if (!entry) return fmt::format("key '{}' exists only in the real server", key);
  if (real_when == -1) {
    return entry->expire_at_ms ? fmt::format("key '{}': model has a TTL, real has none", key) : "";
  }
  if (!entry->expire_at_ms) return fmt::format("key '{}': real has a TTL, model has none", key);
  if (std::abs(*entry->expire_at_ms - real_when) > 1'000) {
    return fmt::format("key '{}': expiry {} in the model, {} in the real server", key,
                       *entry->expire_at_ms, real_when);
  }
  model.find(key, before)->expire_at_ms = real_when;
  return {};
}

TEST(Differential, ModelRepliesExactlyAsRealRedis) {
  RealRedis real;
  redis::Server model;
  CommandGenerator generator(20261122);
  std::vector<std::string> mismatches;
  constexpr int kCommands = 12'000;
  int compared = 0;
  for (int i = 0; i < kCommands && mismatches.size() < 20; ++i) {
    const redis::Command command = generator.next(wall_ms());
    const int64_t before = wall_ms();
    const redis::Reply real_reply = real.run(command);
    const int64_t after = wall_ms();
    const WindowRun run = run_in_window(model, command, real_reply, before, after);
    ++compared;
    if (!run.matched) {
      mismatches.push_back(fmt::format("#{} {}\n    real:  {}\n    model: {}", i, show(command),
                                       show(real_reply), show(run.reply)));
      // Resynchronise from scratch; math.random's stream cannot be reset in the real server, so
      // the model keeps its position in it.
      const uint64_t script_random = model.script_random;
      model = redis::Server{};
      model.script_random = script_random;
      real.run({{"FLUSHALL"}});
      real.run({{"SCRIPT", "FLUSH"}});
      continue;
    }
    for (size_t a = 1; a < command.argv.size(); ++a) {
      const std::string& word = command.argv[a];
      if (word != "lock" && word != "k1" && word != "k2" && word != "h1" && word != "n1") continue;
      const std::string problem = sync_expiry(real, model.keyspace, word);
      if (!problem.empty())
        mismatches.push_back(fmt::format("#{} {}\n    {}", i, show(command), problem));
    }
  }
  std::string report;
  for (const std::string& mismatch : mismatches) report += mismatch + "\n";
  EXPECT_TRUE(mismatches.empty()) << mismatches.size() << " mismatches (first 20):\n" << report;
  EXPECT_EQ(compared, kCommands);
  const CommandGenerator::BinaryCoverage coverage = generator.binary_coverage();
  std::string never;
  for (const auto& [name, position] : coverage.never) {
    never += fmt::format(" {}[{}]", redis::quote_argument(name), position);
  }
  EXPECT_TRUE(never.empty()) << "argument positions that never had binary bytes:" << never;
  EXPECT_GT(coverage.positions, 100U);  // every command, each with its arguments
  ::testing::Test::RecordProperty("argument_positions_with_binary_bytes",
                                  static_cast<int>(coverage.positions));
  ::testing::Test::RecordProperty("commands_compared", compared);
}

}  // namespace
}  // namespace locksim::testing
