// Goal: each fault and network rule of the kernel does what its documentation says. Method: tiny
// worlds with fixed timings (tests/test_worlds.hpp), run for a few hundred simulated ms, checked
// through the trace and the world state. Times below follow from the fixed timings: start at 1ms,
// 1ms each way, ttl 1s, work 100ms, idle 100ms, retry 50ms.
#include <gtest/gtest.h>

#include "test_worlds.hpp"

namespace locksim {
namespace {

using testing::at_ms;
using testing::count_kind;
using testing::first_value;
using testing::FunctionChooser;

auto find(const std::vector<LoggedEntry>& log, std::string_view kind, size_t nth = 0)
    -> const LoggedEntry* {
  for (const LoggedEntry& logged : log) {
    if (logged.entry.kind == kind && nth-- == 0) return &logged;
  }
  return nullptr;
}

FunctionChooser fixed([](const Choice& c) { return first_value(c); });

TEST(Kernel, UncontendedClientAcquiresWorksAndReleases) {
  World world = make_world(testing::fixed_config(1), fixed);
  const auto log = testing::run_until(world, fixed, at_ms(200));
  ASSERT_NE(find(log, "acquired"), nullptr);
  EXPECT_EQ(find(log, "acquired")->entry.at, at_ms(3));
  EXPECT_EQ(find(log, "released")->entry.at, at_ms(103));
  EXPECT_EQ(find(log, "write")->entry.at, at_ms(103));
  EXPECT_EQ(find(log, "apply", 1)->entry.detail.find("-> (integer) 1") != std::string::npos, true);
  EXPECT_EQ(world.resource.writes, 1U);
}

TEST(Kernel, PartitionDropsTheCommandAndTheClientTimesOut) {
  auto config = testing::fixed_config(1);
  config->clients[0].request_timeout = Duration::millis(50);
  config->faults.partitions.push_back({at_ms(0), at_ms(100), ClientId{0}, ServerId{0}});
  World world = make_world(config, fixed);
  const auto log = testing::run_until(world, fixed, at_ms(150));
  EXPECT_EQ(find(log, "drop")->entry.at, at_ms(1));
  EXPECT_EQ(find(log, "timeout")->entry.at, at_ms(51));
  EXPECT_EQ(find(log, "heal")->entry.at, at_ms(100));
  EXPECT_EQ(find(log, "acquired")->entry.at, at_ms(103));  // retry sent at 101ms, after the heal
}

TEST(Kernel, PartitionResetsTheConnectionAndLosesWhatIsInFlight) {
  auto config = testing::fixed_config(1);
  config->network.request_delay = Constant{Duration::millis(10)};
  config->faults.partitions.push_back({at_ms(5), at_ms(6), ClientId{0}, ServerId{0}});
  World world = make_world(config, fixed);
  const auto log = testing::run_until(world, fixed, at_ms(20));
  EXPECT_EQ(count_kind(log, "apply"), 0U);  // the SET sent at 1ms never arrives
  EXPECT_TRUE(world.connections[0].requests.empty());
}

TEST(Kernel, TimedOutCommandMayStillTakeEffect) {
  auto config = testing::fixed_config(1);
  config->clients[0].request_timeout = Duration::millis(50);
  config->network.reply_delay = Constant{Duration::millis(100)};
  World world = make_world(config, fixed);
  const auto log = testing::run_until(world, fixed, at_ms(150));
  EXPECT_EQ(find(log, "timeout")->entry.at, at_ms(51));
  EXPECT_EQ(find(log, "acquired"), nullptr);
  // The server applied the SET: the key holds the token of the attempt the client gave up on.
  const redis::Entry* key = world.servers[0].redis.keyspace.peek(
      "lock", world.servers[0].clock.wall(world.now).unix_ms());
  ASSERT_NE(key, nullptr);
  EXPECT_EQ(std::get<std::string>(key->value), "c1.0.1");
  const LoggedEntry* late = find(log, "drop");
  ASSERT_NE(late, nullptr);
  EXPECT_EQ(late->entry.at, at_ms(102));
  EXPECT_NE(late->entry.detail.find("late reply ignored"), std::string::npos);
}

TEST(Kernel, ConnectionsAreFifoLikeTcp) {
  auto config = testing::fixed_config(1);
  config->clients[0].request_timeout = Duration::millis(50);
  SingleKeyLockParams params = single_key_params("set-nx-px", Duration::seconds(1));
  params.retry_delay = Constant{Duration::millis(1)};
  config->clients[0].program = Program(std::make_unique<SingleKeyLock>(params));
  int requests = 0;
  FunctionChooser slow_first([&](const Choice& c) {
    if (c.kind == ChoiceKind::request_delay) {
      return requests++ == 0 ? Duration::millis(100) : Duration::millis(1);
    }
    return first_value(c);
  });
  World world = make_world(config, slow_first);
  const auto log = testing::run_until(world, slow_first, at_ms(101));
  // The retry was sent at 52ms with a 1ms delay but cannot overtake the first SET.
  const LoggedEntry* first = find(log, "apply", 0);
  const LoggedEntry* second = find(log, "apply", 1);
  ASSERT_NE(second, nullptr);
  EXPECT_EQ(first->entry.at, at_ms(101));
  EXPECT_EQ(second->entry.at, at_ms(101));
  EXPECT_NE(first->entry.detail.find("c1.0.1"), std::string::npos);
  EXPECT_NE(second->entry.detail.find("c1.0.2"), std::string::npos);
}

TEST(Kernel, CrashEndsTheBeliefAndRestartBeginsWithFreshState) {
  auto config = testing::fixed_config(1);
  config->faults.client_crash = {true, Constant{Duration::millis(50)},
                                 Constant{Duration::millis(20)}};
  World world = make_world(config, fixed);
  auto log = testing::run_until(world, fixed, at_ms(49));
  EXPECT_TRUE(world.clients[0].belief.holding);
  log = testing::run_until(world, fixed, at_ms(50));
  EXPECT_FALSE(world.clients[0].belief.holding);
  EXPECT_EQ(world.clients[0].status, ProcessStatus::crashed);
  log = testing::run_until(world, fixed, at_ms(75));
  EXPECT_EQ(find(log, "restart")->entry.at, at_ms(70));
  EXPECT_EQ(world.clients[0].incarnation, 1U);
  const LoggedEntry* send = find(log, "send");
  ASSERT_NE(send, nullptr);
  EXPECT_NE(send->entry.detail.find("c1.1.1"), std::string::npos);  // a new process's first token
  EXPECT_EQ(world.resource.writes, 0U);  // the crashed holder never finished its work
}

TEST(Kernel, PausedClientNoticesNothingUntilItResumes) {
  auto config = testing::fixed_config(1);
  config->clients[0].program = testing::fixed_set_nx_px(Duration::millis(200));
  config->faults.client_pause = {true, OneOf{{Duration::millis(10), Duration::seconds(10)}},
                                 Constant{Duration::millis(300)}};
  int pauses = 0;  // the first pause comes at 10ms, the next only 10s later
  FunctionChooser once([&](const Choice& c) {
    if (c.kind == ChoiceKind::pause_interval && pauses++ > 0) return Duration::seconds(10);
    return first_value(c);
  });
  World world = make_world(config, once);
  testing::run_until(world, once, at_ms(300));
  // Its lease ended at 201ms by its own clock, but a paused process cannot notice.
  EXPECT_EQ(world.clients[0].status, ProcessStatus::paused);
  EXPECT_TRUE(world.clients[0].belief.holding);
  const auto log = testing::run_until(world, once, at_ms(310));
  EXPECT_EQ(find(log, "resume")->entry.at, at_ms(310));
  const LoggedEntry* timer = find(log, "timer");
  ASSERT_NE(timer, nullptr);
  EXPECT_EQ(timer->entry.detail, "work");  // due at 103ms, handled at 310ms
  EXPECT_EQ(timer->entry.at, at_ms(310));
  EXPECT_FALSE(world.clients[0].belief.holding);
}

// Sends two PINGs at once on one connection and counts the replies.
class TwoPings final : public AlgorithmBase<TwoPings> {
 public:
  auto name() const -> std::string_view override { return "two-pings"; }
  void encode(StateEncoder& f) const override { f.add(replies_); }
  auto describe() const -> std::string override { return std::to_string(replies_); }
  auto liveness_bound() const -> Duration override { return Duration::seconds(1); }
  auto keys() const -> std::vector<KeyUse> override { return {}; }  // it writes nothing
  void start(const ClientContext&, Effects& effects) override {
    effects.send(ServerId{0}, 0, redis::Command{{"PING"}});
    effects.send(ServerId{0}, 1, redis::Command{{"PING"}});
  }
  void on_response(const ClientContext&, const Response&, Effects&) override { ++replies_; }
  void on_timer(const ClientContext&, TimerKind, Effects&) override {}
  auto operator==(const TwoPings&) const -> bool = default;
  uint32_t replies_ = 0;
};

// Regression: both replies arrive during a pause; the second used to be scheduled at its arrival
// time, in the past, once the first was read at the resume.
TEST(Kernel, RepliesQueuedDuringAPauseAreReadInOrderWhenItEnds) {
  auto config = testing::fixed_config(1);
  config->clients[0].program = Program(std::make_unique<TwoPings>());
  config->faults.client_pause = {true, OneOf{{Duration::micros(1'500), Duration::seconds(10)}},
                                 Constant{Duration::millis(100)}};
  int pauses = 0;  // paused from 1.5ms to 101.5ms; the replies arrive at 3ms
  FunctionChooser once([&](const Choice& c) {
    if (c.kind == ChoiceKind::pause_interval && pauses++ > 0) return Duration::seconds(10);
    return first_value(c);
  });
  World world = make_world(config, once);
  const auto log = testing::run_until(world, once, at_ms(200));
  ASSERT_EQ(count_kind(log, "reply"), 2U);
  EXPECT_EQ(find(log, "reply", 0)->entry.at, TrueTime{} + Duration::micros(101'500));
  EXPECT_EQ(find(log, "reply", 1)->entry.at, TrueTime{} + Duration::micros(101'500));
}

TEST(Kernel, PauseBeforeTheFirstStartDelaysTheStart) {
  auto config = testing::fixed_config(1);
  config->faults.client_pause = {true, OneOf{{Duration{}, Duration::seconds(10)}},
                                 Constant{Duration::millis(5)}};
  int pauses = 0;  // the first pause at 0ms, the next 10s later
  FunctionChooser pause_at_zero([&](const Choice& c) {
    if (c.kind == ChoiceKind::pause_interval && pauses++ > 0) return Duration::seconds(10);
    return first_value(c);
  });
  World world = make_world(config, pause_at_zero);
  const auto log = testing::run_until(world, pause_at_zero, at_ms(10));
  EXPECT_EQ(find(log, "pause")->entry.at, at_ms(0));
  EXPECT_EQ(find(log, "start")->entry.at, at_ms(5));
}

TEST(Kernel, LeaseEndsByTheClientsOwnClockWhileItRuns) {
  auto config = testing::fixed_config(1);
  SingleKeyLockParams params = single_key_params("set-nx-px", Duration::seconds(1));
  params.ttl = Duration::millis(50);
  params.work = Constant{Duration::millis(80)};  // works past its lease
  config->clients[0].program = Program(std::make_unique<SingleKeyLock>(params));
  World world = make_world(config, fixed);
  const auto log = testing::run_until(world, fixed, at_ms(60));
  EXPECT_EQ(find(log, "lease_end")->entry.at, at_ms(51));  // SET sent at 1ms + 50ms
}

TEST(Kernel, ServerCrashLosesTheKeyspace) {
  auto config = testing::fixed_config(1);
  config->faults.server_crash = {true, Constant{Duration::millis(50)},
                                 Constant{Duration::millis(10)}};
  World world = make_world(config, fixed);
  testing::run_until(world, fixed, at_ms(49));
  EXPECT_EQ(world.servers[0].redis.keyspace.size(), 1U);
  const auto log = testing::run_until(world, fixed, at_ms(55));
  EXPECT_EQ(find(log, "server_crash")->entry.at, at_ms(50));
  EXPECT_FALSE(world.servers[0].up);
  EXPECT_EQ(world.servers[0].redis.keyspace.size(), 0U);
  testing::run_until(world, fixed, at_ms(60));
  EXPECT_TRUE(world.servers[0].up);
}

TEST(Kernel, ServerClockJumpExpiresTheLockAndLetsASecondClientIn) {
  auto config = testing::fixed_config(2);
  config->faults.clock_steps.push_back(
      {at_ms(20), NodeRef{NodeRef::Kind::server, 0}, Duration::seconds(2)});
  World world = make_world(config, fixed);
  testing::run_until(world, fixed, at_ms(60));
  // c1 acquired at 3ms and works until 103ms; c2's retry at 53ms finds the key expired.
  EXPECT_TRUE(world.clients[0].belief.holding);
  EXPECT_TRUE(world.clients[1].belief.holding);
}

TEST(Kernel, TimersRunOnTheDriftingMonotonicClock) {
  auto config = testing::fixed_config(1);
  config->clients[0].clock = NodeClock(Duration{}, 250'000);  // 25% fast
  World world = make_world(config, fixed);
  const auto log = testing::run_until(world, fixed, at_ms(200));
  // Acquired at 3ms; 100ms of work by a clock 25% fast is 80ms of true time.
  EXPECT_EQ(find(log, "released")->entry.at, at_ms(83));
}

}  // namespace
}  // namespace locksim
