// Goal: MULTI, EXEC, DISCARD, WATCH and UNWATCH answer as Redis 7.0.15 does, from two clients of
// one server. Expected replies come from redis 7.0.15 src/multi.c, src/server.c processCommand
// and tests/unit/multi.tcl (test names quoted), not from this implementation; the differential
// test compares the same sessions with a real redis-server.
#include <gtest/gtest.h>

#include "sim/redis/commands.hpp"
#include "sim/redis/replication.hpp"

namespace locksim::redis {
namespace {

constexpr int64_t kNow = 1'700'000'000'000;

auto array(std::vector<Reply> elements) -> Reply {
  return Reply{Reply::Type::array, {}, 0, std::move(elements)};
}

class Transactions : public ::testing::Test {
 protected:
  // A command from client `client` (0 or 1), at kNow + `later_ms`.
  auto run(uint32_t client, std::vector<std::string> argv, int64_t later_ms = 0,
           bool replica = false) -> Reply {
    return execute(server_, Command{std::move(argv)}, kNow + later_ms,
                   {.replica = replica, .client = client});
  }
  auto queued() -> Reply { return Reply::status("QUEUED"); }
  Server server_;
};

TEST_F(Transactions, ExecRunsTheQueueInOrderAndAnswersEachInPlace) {
  // "MULTI / EXEC basics"; a runtime error is one element, and the rest still runs.
  EXPECT_EQ(run(0, {"MULTI"}), Reply::ok());
  EXPECT_EQ(run(0, {"SET", "k", "v"}), queued());
  EXPECT_EQ(run(0, {"INCR", "k"}), queued());
  EXPECT_EQ(run(0, {"SET", "n", "1"}), queued());
  EXPECT_EQ(run(1, {"GET", "k"}), Reply::nil());  // nothing ran yet, for anyone
  EXPECT_EQ(run(0, {"EXEC"}),
            array({Reply::ok(), Reply::error("ERR value is not an integer or out of range"),
                   Reply::ok()}));
  EXPECT_EQ(run(1, {"GET", "n"}), Reply::bulk("1"));
  EXPECT_TRUE(server_.sessions.empty());  // EXEC ends the transaction
  EXPECT_EQ(run(0, {"MULTI"}), Reply::ok());
  EXPECT_EQ(run(0, {"EXEC"}), array({}));
}

TEST_F(Transactions, ControlErrorsAndDiscard) {
  EXPECT_EQ(run(0, {"EXEC"}), Reply::error("ERR EXEC without MULTI"));
  EXPECT_EQ(run(0, {"DISCARD"}), Reply::error("ERR DISCARD without MULTI"));
  EXPECT_EQ(run(0, {"MULTI"}), Reply::ok());
  // "Nested MULTI are not allowed", "WATCH inside MULTI is not allowed": neither dooms EXEC.
  EXPECT_EQ(run(0, {"MULTI"}), Reply::error("ERR MULTI calls can not be nested"));
  EXPECT_EQ(run(0, {"WATCH", "k"}), Reply::error("ERR WATCH inside MULTI is not allowed"));
  EXPECT_EQ(run(0, {"SET", "k", "v"}), queued());
  EXPECT_EQ(run(0, {"DISCARD"}), Reply::ok());  // "DISCARD"
  EXPECT_EQ(run(0, {"GET", "k"}), Reply::nil());
  EXPECT_TRUE(server_.sessions.empty());
}

TEST_F(Transactions, AQueuingErrorAbortsExec) {
  // "EXEC fails if there are errors while queueing commands #1": an unknown command and a wrong
  // arity both answer their error at once; EXEC then runs nothing.
  run(0, {"MULTI"});
  EXPECT_EQ(run(0, {"SET", "a", "1"}), queued());
  EXPECT_EQ(run(0, {"NOPE", "x"}),
            Reply::error("ERR unknown command 'NOPE', with args beginning with: 'x' "));
  EXPECT_EQ(run(0, {"GET"}), Reply::error("ERR wrong number of arguments for 'get' command"));
  EXPECT_EQ(run(0, {"SET", "b", "2"}), queued());
  EXPECT_EQ(run(0, {"EXEC"}),
            Reply::error("EXECABORT Transaction discarded because of previous errors."));
  EXPECT_EQ(run(0, {"EXISTS", "a", "b"}), Reply::number(0));
  // "If EXEC aborts, the client MULTI state is cleared".
  EXPECT_EQ(run(0, {"PING"}), Reply::status("PONG"));
}

TEST_F(Transactions, ExecWithArgumentsIsRefusedAndEndsTheTransaction) {
  // processCommand's arity check refuses it; rejectCommand on EXEC is execCommandAbort.
  run(0, {"MULTI"});
  run(0, {"SET", "a", "1"});
  EXPECT_EQ(run(0, {"EXEC", "now"}),
            Reply::error("EXECABORT Transaction discarded because of: wrong number of arguments "
                         "for 'exec' command"));
  EXPECT_EQ(run(0, {"EXEC"}), Reply::error("ERR EXEC without MULTI"));
}

TEST_F(Transactions, AnotherClientsWriteAbortsExecWithANullArray) {
  // "EXEC fail on WATCHed key modified (1 key of 5 watched)".
  run(0, {"SET", "x", "30"});
  EXPECT_EQ(run(0, {"WATCH", "a", "b", "x", "k", "z"}), Reply::ok());
  EXPECT_EQ(run(1, {"SET", "x", "40"}), Reply::ok());
  run(0, {"MULTI"});
  EXPECT_EQ(run(0, {"PING"}), queued());
  EXPECT_EQ(run(0, {"EXEC"}), Reply::nil_array());
  // "After failed EXEC key is no longer watched".
  run(1, {"SET", "x", "50"});
  run(0, {"MULTI"});
  run(0, {"PING"});
  EXPECT_EQ(run(0, {"EXEC"}), array({Reply::status("PONG")}));
}

TEST_F(Transactions, TheWatchersOwnWriteAbortsItsExec) {
  run(0, {"SET", "x", "30"});
  run(0, {"WATCH", "x"});
  EXPECT_EQ(run(0, {"INCR", "x"}), Reply::number(31));
  run(0, {"MULTI"});
  run(0, {"SET", "x", "0"});
  EXPECT_EQ(run(0, {"EXEC"}), Reply::nil_array());
  EXPECT_EQ(run(0, {"GET", "x"}), Reply::bulk("31"));
}

TEST_F(Transactions, WritesThatChangeNothingTouchNothing) {
  // "EXEC works on WATCHed key not modified": a SET NX that does not set, a DEL of a missing key
  // and a read leave the watch intact.
  run(0, {"SET", "x", "30"});
  run(0, {"WATCH", "x", "y"});
  EXPECT_EQ(run(1, {"SET", "x", "1", "NX"}), Reply::nil());
  EXPECT_EQ(run(1, {"DEL", "y"}), Reply::number(0));
  EXPECT_EQ(run(1, {"GET", "x"}), Reply::bulk("30"));
  run(0, {"MULTI"});
  run(0, {"INCR", "x"});
  EXPECT_EQ(run(0, {"EXEC"}), array({Reply::number(31)}));
}

TEST_F(Transactions, ExpireAndExpiryAbortExec) {
  // "WATCH will consider touched keys target of EXPIRE".
  run(0, {"SET", "x", "foo"});
  run(0, {"WATCH", "x"});
  run(1, {"EXPIRE", "x", "10"});
  run(0, {"MULTI"});
  run(0, {"PING"});
  EXPECT_EQ(run(0, {"EXEC"}), Reply::nil_array());
  // "EXEC fail on lazy expired WATCHed key": nothing touched the key, it expired by itself.
  run(0, {"SET", "key", "1", "PX", "100"});
  run(0, {"WATCH", "key"});
  run(0, {"MULTI"}, 101);
  run(0, {"INCR", "key"}, 101);
  EXPECT_EQ(run(0, {"EXEC"}, 101), Reply::nil_array());
  // At its expiry's own millisecond the key still lives (expired only once now > when).
  run(0, {"SET", "key", "1", "PX", "100"});
  run(0, {"WATCH", "key"});
  run(0, {"MULTI"}, 100);
  run(0, {"INCR", "key"}, 100);
  EXPECT_EQ(run(0, {"EXEC"}, 100), array({Reply::number(2)}));
}

TEST_F(Transactions, ActiveExpiryOfAWatchedKeyAbortsExec) {
  // "WATCH will consider touched expired keys": the cron deleted it before EXEC.
  run(0, {"SET", "x", "foo", "PX", "1000"});
  run(0, {"WATCH", "x"});
  EXPECT_EQ(expire_stale_keys(server_, kNow + 1'001), std::vector<std::string>{"x"});
  run(0, {"MULTI"}, 1'001);
  run(0, {"PING"}, 1'001);
  EXPECT_EQ(run(0, {"EXEC"}, 1'001), Reply::nil_array());
}

TEST_F(Transactions, StaleKeysWatchedAfterExpiryDoNotAbort) {
  // "WATCH stale keys should not fail EXEC", "Delete WATCHed stale keys should not fail EXEC",
  // "FLUSHDB while watching stale keys should not fail EXEC" (FLUSHALL here).
  for (const std::vector<std::string>& between :
       {std::vector<std::string>{"PING"}, {"EXISTS", "x"}, {"FLUSHALL"}}) {
    run(0, {"SET", "x", "foo", "PX", "1"});
    run(0, {"WATCH", "x"}, 2);
    run(1, between, 2);
    run(0, {"MULTI"}, 2);
    run(0, {"PING"}, 2);
    EXPECT_EQ(run(0, {"EXEC"}, 2), array({Reply::status("PONG")})) << between[0];
  }
  // Once the stale key was deleted, writing it again is a change.
  run(0, {"SET", "x", "foo", "PX", "1"});
  run(0, {"WATCH", "x"}, 2);
  run(1, {"SET", "x", "bar"}, 2);
  run(0, {"MULTI"}, 2);
  EXPECT_EQ(run(0, {"EXEC"}, 2), Reply::nil_array());
}

TEST_F(Transactions, FlushallTouchesOnlyWatchedKeysThatExist) {
  // "FLUSHALL is able to touch the watched keys", "FLUSHALL does not touch non affected keys".
  run(0, {"SET", "x", "30"});
  run(0, {"WATCH", "x"});
  run(1, {"FLUSHALL"});
  run(0, {"MULTI"});
  run(0, {"PING"});
  EXPECT_EQ(run(0, {"EXEC"}), Reply::nil_array());
  run(0, {"WATCH", "x"});
  run(1, {"FLUSHALL"});
  run(0, {"MULTI"});
  run(0, {"PING"});
  EXPECT_EQ(run(0, {"EXEC"}), array({Reply::status("PONG")}));
}

TEST_F(Transactions, UnwatchAndDiscardForgetTheWatch) {
  // "It is possible to UNWATCH", "DISCARD should clear the WATCH dirty flag on the client",
  // "DISCARD should UNWATCH all the keys", "UNWATCH when there is nothing watched works".
  EXPECT_EQ(run(0, {"UNWATCH"}), Reply::ok());
  run(0, {"SET", "x", "30"});
  run(0, {"WATCH", "x"});
  run(1, {"SET", "x", "40"});
  EXPECT_EQ(run(0, {"UNWATCH"}), Reply::ok());
  run(0, {"MULTI"});
  run(0, {"PING"});
  EXPECT_EQ(run(0, {"EXEC"}), array({Reply::status("PONG")}));
  run(0, {"WATCH", "x"});
  run(0, {"MULTI"});
  EXPECT_EQ(run(0, {"DISCARD"}), Reply::ok());
  run(1, {"SET", "x", "50"});
  run(0, {"MULTI"});
  run(0, {"PING"});
  EXPECT_EQ(run(0, {"EXEC"}), array({Reply::status("PONG")}));
  EXPECT_TRUE(server_.sessions.empty());
}

TEST_F(Transactions, ExecsOwnWritesDoNotAbortOtherKeysItWatched) {
  // The transaction is unwatched before its commands run; another watcher of the key is hit.
  run(0, {"WATCH", "x"});
  run(1, {"WATCH", "x"});
  run(0, {"MULTI"});
  run(0, {"SET", "x", "1"});
  EXPECT_EQ(run(0, {"EXEC"}), array({Reply::ok()}));
  run(1, {"MULTI"});
  run(1, {"SET", "x", "2"});
  EXPECT_EQ(run(1, {"EXEC"}), Reply::nil_array());
}

TEST_F(Transactions, ScriptsAreQueuedAndCannotRunTransactions) {
  run(0, {"MULTI"});
  EXPECT_EQ(run(0, {"EVAL", "return redis.call('incr', KEYS[1])", "1", "n"}), queued());
  EXPECT_EQ(run(0, {"EVAL", "return redis.pcall('multi')", "0"}), queued());
  EXPECT_EQ(
      run(0, {"EXEC"}),
      array({Reply::number(1), Reply::error("ERR This Redis command is not allowed from script")}));
  for (const char* name : {"multi", "exec", "discard", "unwatch"}) {
    EXPECT_EQ(run(0, {"EVAL", fmt::format("return redis.pcall('{}')", name), "0"}),
              Reply::error("ERR This Redis command is not allowed from script"))
        << name;
  }
  EXPECT_EQ(run(0, {"EVAL", "return redis.pcall('watch', 'k')", "0"}),
            Reply::error("ERR This Redis command is not allowed from script"));
}

TEST_F(Transactions, AReplicaRefusesQueuedWritesAndExecAfterBecomingOne) {
  // processCommand: a write on a read-only replica is refused (and dooms the transaction);
  // EXEC counts as a write when it queued one, and its refusal is execCommandAbort's.
  run(0, {"MULTI"}, 0, true);
  EXPECT_EQ(run(0, {"SET", "k", "v"}, 0, true),
            Reply::error("READONLY You can't write against a read only replica."));
  EXPECT_EQ(run(0, {"EXEC"}, 0, true),
            Reply::error("EXECABORT Transaction discarded because of previous errors."));
  run(0, {"MULTI"});
  run(0, {"SET", "k", "v"});
  EXPECT_EQ(run(0, {"EXEC"}, 0, true),
            Reply::error("EXECABORT Transaction discarded because of: READONLY You can't write "
                         "against a read only replica."));
  EXPECT_EQ(run(0, {"GET", "k"}), Reply::nil());
}

TEST_F(Transactions, ReplicatedWritesTouchAReplicasWatchers) {
  run(0, {"WATCH", "k"}, 0, true);
  apply_changes(server_, {KeyChange{"k", Entry{std::string("v"), std::nullopt}}}, false);
  run(0, {"MULTI"}, 0, true);
  EXPECT_EQ(run(0, {"EXEC"}, 0, true), Reply::nil_array());
}

TEST_F(Transactions, SessionsAreStateAndOnlyWhenTheyHoldSomething) {
  const Server fresh = server_;
  run(0, {"WATCH", "k"});
  EXPECT_NE(server_, fresh);
  run(1, {"MULTI"});
  run(1, {"GET", "k"});
  Server dropped = server_;
  dropped.sessions.drop(0);
  dropped.sessions.drop(1);
  EXPECT_EQ(dropped, fresh);
  run(0, {"UNWATCH"});
  run(1, {"DISCARD"});
  EXPECT_EQ(server_, fresh);
}

}  // namespace
}  // namespace locksim::redis
