// Goal: WAIT answers with the number of replicas that acknowledged the client's last write —
// at once if enough have, after the acknowledgements arrive if not, or with the count at its
// timeout — and is refused by a replica. Method: a toy client (defined here, in one class) that
// writes once and then WAITs; master r1, replica r2, 5ms replication lag each way, 1ms network.
#include <gtest/gtest.h>

#include "test_worlds.hpp"

namespace locksim {
namespace {

using testing::at_ms;
using testing::first_value;
using testing::FunctionChooser;

// SET k v, then WAIT <replicas> <timeout>; it keeps the WAIT's reply.
class WriteThenWait final : public AlgorithmBase<WriteThenWait> {
 public:
  WriteThenWait(std::string replicas, std::string timeout_ms, ServerId target)
      : replicas_(std::move(replicas)), timeout_ms_(std::move(timeout_ms)), target_(target) {}

  auto name() const -> std::string_view override { return "write-then-wait"; }
  void encode(StateEncoder& f) const override { f.add(std::string_view(answer_)); }
  auto describe() const -> std::string override { return answer_; }
  auto liveness_bound() const -> Duration override { return Duration::seconds(1); }
  auto keys() const -> std::vector<KeyUse> override { return {}; }  // it takes no lock
  void start(const ClientContext&, Effects& effects) override {
    effects.send(target_, 0, redis::Command{{"SET", "k", "v"}});
  }
  void on_response(const ClientContext&, const Response& response, Effects& effects) override {
    if (response.tag == 0) {
      effects.send(target_, 1, redis::Command{{"WAIT", replicas_, timeout_ms_}});
    } else {
      answer_ = response.reply ? redis::to_cli_string(*response.reply) : "timed out";
    }
  }
  void on_timer(const ClientContext&, TimerKind, Effects&) override {}
  auto operator==(const WriteThenWait&) const -> bool = default;

 private:
  std::string replicas_;
  std::string timeout_ms_;
  ServerId target_;
  std::string answer_;
};

struct WaitOutcome {
  std::string answer;
  TrueTime answered_at;
};

auto run_wait(std::string replicas, std::string timeout_ms, bool replica_down = false,
              ServerId target = ServerId{0}) -> WaitOutcome {
  auto config = testing::fixed_config(1);
  config->clients[0].program =
      Program(std::make_unique<WriteThenWait>(replicas, timeout_ms, target));
  config->clients[0].request_timeout = Duration::seconds(10);
  config->servers.push_back({.replica_of = ServerId{0}});
  config->replication.lag = Constant{Duration::millis(5)};
  if (replica_down) {
    config->faults.server_crash = {true, OneOf{{Duration::micros(500), Duration::seconds(1'000)}},
                                   Constant{Duration::seconds(1'000)}};
  }
  FunctionChooser chooser([](const Choice& c) {
    if (c.kind == ChoiceKind::server_crash_interval) {
      return c.subject == 1 ? Duration::micros(500) : Duration::seconds(1'000);
    }
    return first_value(c);
  });
  World world = make_world(config, chooser);
  const auto log = testing::run_until(world, chooser, TrueTime{2'000'000});
  WaitOutcome outcome{world.clients[0].program->describe(), {}};
  for (const LoggedEntry& entry : log) {
    if (entry.entry.kind == "reply" && entry.entry.request == 1U) {
      outcome.answered_at = entry.entry.at;
    }
  }
  return outcome;
}

TEST(Wait, AnswersWhenTheReplicaHasAcknowledged) {
  // SET applied at 2ms reaches r2 at 7ms, whose ack reaches r1 at 12ms; WAIT (sent at 3ms,
  // blocked since 4ms) is answered then and its reply arrives at 13ms.
  const WaitOutcome outcome = run_wait("1", "1000");
  EXPECT_EQ(outcome.answer, "(integer) 1");
  EXPECT_EQ(outcome.answered_at, at_ms(13));
}

TEST(Wait, AnswersAtOnceWhenAskedForNoReplica) {
  const WaitOutcome outcome = run_wait("0", "1000");
  EXPECT_EQ(outcome.answer, "(integer) 0");
  EXPECT_EQ(outcome.answered_at, at_ms(5));
}

TEST(Wait, TimesOutWithTheCountSoFar) {
  // r2 is down from 0.5ms: WAIT blocks at 4ms and times out 100ms later.
  const WaitOutcome outcome = run_wait("1", "100", true);
  EXPECT_EQ(outcome.answer, "(integer) 0");
  EXPECT_EQ(outcome.answered_at, at_ms(105));
}

TEST(Wait, AReplicaRefusesIt) {
  const WaitOutcome outcome = run_wait("1", "100", false, ServerId{1});
  // The SET was refused first; the WAIT after it is refused too.
  EXPECT_TRUE(outcome.answer.starts_with("(error) ERR WAIT cannot be used with replica instances"))
      << outcome.answer;
}

}  // namespace
}  // namespace locksim
