// Goal: MULTI/EXEC and WATCH answer as a real redis-server 7.0 does when two connections
// interleave. Method: the same sessions sent to a real server on two connections and to the
// model as clients 0 and 1 of one server, each reply compared (the model runs in the window of
// milliseconds the real server may have read, time_window.hpp). The sessions: another
// connection's write invalidates a WATCH; a connection's own write invalidates its own WATCH;
// queuing errors doom EXEC while the other connection goes on; a key watched while live expires
// before EXEC (no client touches it: EXEC finds it expired, isWatchedKeyExpired, unless the
// real server's active expiry cycle deleted it first, which touches it; the model, without a
// cron here, takes the first path, and both answer the null array).
#include <gtest/gtest.h>

#include <thread>

#include "tests/differential/real_redis.hpp"
#include "tests/differential/time_window.hpp"

namespace locksim::testing {
namespace {

class TransactionSessions : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_EQ(real_.connect(), 1U); }

  // One command on connection `client` of both; returns the real reply.
  auto run(uint32_t client, std::vector<std::string> argv) -> redis::Reply {
    const redis::Command command{std::move(argv)};
    const int64_t before = wall_ms();
    const redis::Reply real = real_.run(command, client);
    const int64_t after = wall_ms();
    const WindowRun model = run_in_window(model_, command, real, before, after, {.client = client});
    EXPECT_TRUE(model.matched) << "client " << client << ": " << fmt::format("{}", command)
                               << "\n    real:  " << redis::to_cli_string(real)
                               << "\n    model: " << redis::to_cli_string(model.reply);
    return real;
  }

  RealRedis real_;
  redis::Server model_;
};

TEST_F(TransactionSessions, AnotherConnectionsWriteInvalidatesAWatch) {
  run(0, {"SET", "lock", "a"});
  run(0, {"WATCH", "lock"});
  run(1, {"SET", "lock", "b"});
  run(0, {"MULTI"});
  run(0, {"SET", "lock", "c"});
  EXPECT_EQ(run(0, {"EXEC"}), redis::Reply::nil_array());
  // A watch that nobody touches lets EXEC run; the other connection's MULTI is its own.
  run(0, {"WATCH", "lock"});
  run(1, {"MULTI"});
  run(1, {"GET", "lock"});
  run(0, {"MULTI"});
  run(0, {"SET", "lock", "c"});
  EXPECT_EQ(run(0, {"EXEC"}).type, redis::Reply::Type::array);
  EXPECT_EQ(run(1, {"EXEC"}),
            (redis::Reply{redis::Reply::Type::array, {}, 0, {redis::Reply::bulk("c")}}));
}

TEST_F(TransactionSessions, AConnectionsOwnWriteInvalidatesItsWatch) {
  run(0, {"SET", "n", "1"});
  run(0, {"WATCH", "n", "other"});
  run(0, {"INCR", "n"});
  run(0, {"MULTI"});
  run(0, {"INCR", "n"});
  EXPECT_EQ(run(0, {"EXEC"}), redis::Reply::nil_array());
  run(0, {"GET", "n"});
}

TEST_F(TransactionSessions, QueuingErrorsDoomOnlyTheirOwnTransaction) {
  run(0, {"MULTI"});
  run(1, {"MULTI"});
  run(0, {"SET", "k", "1"});
  run(0, {"NOSUCH", "k"});
  run(1, {"SET", "k", "2"});
  run(0, {"SET"});
  run(0, {"WATCH", "k"});
  run(0, {"MULTI"});
  EXPECT_EQ(run(0, {"EXEC"}).type, redis::Reply::Type::error);
  EXPECT_EQ(run(1, {"EXEC"}).type, redis::Reply::Type::array);
  run(0, {"GET", "k"});
  run(0, {"MULTI"});
  run(0, {"INCR", "k"});
  run(0, {"EXEC", "extra"});
  run(0, {"DISCARD"});
  run(1, {"DISCARD"});
}

TEST_F(TransactionSessions, AWatchedKeyThatExpiresBeforeExecAbortsIt) {
  run(0, {"SET", "lease", "a", "PX", "200"});
  run(0, {"WATCH", "lease"});
  // The key was live at WATCH if it still is now (PEXPIRETIME would have deleted it, else).
  // The model adopts the real expiry, which it knew only to the window's milliseconds.
  const int64_t expiry_ms = real_.run({{"PEXPIRETIME", "lease"}}, 1).integer;
  const bool live_at_watch = expiry_ms > 0;
  if (live_at_watch) {
    redis::Entry entry = *model_.keyspace.raw("lease");
    entry.expire_at_ms = expiry_ms;
    model_.keyspace.put("lease", std::move(entry));
  }
  // Wait, without touching the key, until the real server's clock is past its expiry (TIME
  // reads the clock only); the model then runs MULTI/EXEC at the same milliseconds.
  for (;;) {
    const redis::Reply time = real_.run({{"TIME"}}, 1);
    const int64_t real_ms =
        std::stoll(time.elements.at(0).text) * 1000 + std::stoll(time.elements.at(1).text) / 1000;
    if (real_ms > expiry_ms) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  run(0, {"MULTI"});
  run(0, {"PING"});
  const redis::Reply exec = run(0, {"EXEC"});
  if (live_at_watch) {
    EXPECT_EQ(exec, redis::Reply::nil_array());
  }
}

}  // namespace
}  // namespace locksim::testing
