// The model checker's canonical state (sim/core/state_encoder.hpp): worlds that differ only in
// absolute time, request ids, attempt counters and the tokens built from them are one state,
// which their exact fingerprints tell apart; times are made relative only where that is sound;
// and so the state graph of a configuration without faults closes without a horizon.
#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <utility>

#include "sim/explore/check/model_checker.hpp"
#include "sim/explore/simulation_setup.hpp"
#include "test_worlds.hpp"

namespace locksim {
namespace {

auto canonical(const World& world, bool relative_time) -> uint64_t {
  Fingerprinter f;
  StateEncoder encoder(f, relative_time, world.now);
  encode(world, encoder);
  return f.digest();
}

// set-nx-px, 2 clients: both start at 0, every message takes 200 us, work 500 ms, idle 0,
// retry every 150 ms. Every choice has one answer, so the run is one path.
auto fixed_setup() -> SimulationSetup {
  return {.clients = 2,
          .servers = 1,
          .work = Duration::millis(500),
          .idle = Duration{},
          .retry_delay = Duration::millis(150)};
}

auto fixed_answer(const Choice& choice) -> Duration {
  if (choice.kind == ChoiceKind::request_delay || choice.kind == ChoiceKind::reply_delay) {
    return Duration::micros(200);
  }
  return min_value(*choice.distribution);  // start 0; work, idle and retry are constants
}

// A string is renamed as a token exactly when it has the form the algorithms make tokens in,
// "c<digits>.<digits>.<digits>": then two tokens are one state; any other string is itself.
TEST(CanonicalState, OnlyStringsOfTheTokenFormAreRenamed) {
  const auto encoded = [](std::string_view text) {
    Fingerprinter f;
    StateEncoder encoder(f, false, TrueTime{});
    encoder.text(text);
    return f.digest();
  };
  EXPECT_EQ(encoded("c1.0.31"), encoded("c27.3.4"));
  for (const std::string_view other :
       {"c1.0.", "c10..3", "c.10.3", "x1.0.3", "c1.0.3.4", "c1.0a3", "c10.03", "c1.0.3x"}) {
    EXPECT_NE(encoded(other), encoded("c1.0.31")) << other;
    EXPECT_NE(encoded(other), encoded(std::string(other) + "0")) << other;
  }
}

TEST(CanonicalState, ARunThatComesBackToWhereItWasIsOneState) {
  testing::FunctionChooser chooser(fixed_answer);
  World world = make_world(make_world_config(fixed_setup()), chooser);
  std::map<uint64_t, World> seen;  // canonical fingerprint -> the first world that had it
  std::optional<std::pair<World, World>> repeat;
  for (int i = 0; i < 20'000 && !repeat; ++i) {
    step(world, chooser);
    if (i < 100) continue;  // past the start (the first EVAL caches its script)
    const auto [it, added] = seen.try_emplace(canonical(world, true), world);
    if (!added) repeat.emplace(it->second, world);
  }
  ASSERT_TRUE(repeat) << "the run never came back to a state it had been in";
  const auto& [earlier, later] = *repeat;
  // Same canonical state, although time, request ids and tokens all moved on...
  EXPECT_LT(earlier.now, later.now);
  EXPECT_LT(earlier.clients[0].next_request_id, later.clients[0].next_request_id);
  EXPECT_NE(earlier.clients[0].program->describe(), later.clients[0].program->describe());
  // ...which the exact fingerprint, and a canonical one without relative time, tell apart.
  EXPECT_NE(fingerprint(earlier), fingerprint(later));
  EXPECT_NE(canonical(earlier, false), canonical(later, false));
}

TEST(CanonicalState, TimesAreRelativeOnlyWhereThatIsSound) {
  const CheckOptions unbounded;
  CheckOptions bounded;
  bounded.horizon = Duration::seconds(3);
  SimulationSetup setup = fixed_setup();
  EXPECT_TRUE(times_can_be_relative(*make_world_config(setup), unbounded));
  // With a horizon the time left is part of the state.
  EXPECT_FALSE(times_can_be_relative(*make_world_config(setup), bounded));
  // Drifting clocks read differently later; the GETSET recipe writes timestamps as data.
  setup.faults = testing::faults("clock-drift");
  EXPECT_FALSE(times_can_be_relative(*make_world_config(setup), unbounded));
  setup.faults = {};
  setup.algorithm = "getset";
  EXPECT_FALSE(times_can_be_relative(*make_world_config(setup), unbounded));
}

// set-nx-px without faults, the domains of the fixed run but retries of 50 or 150 ms: without a
// horizon the graph must close (relative time, renamed tokens and ids), and it does, with
// every invariant checked.
TEST(CanonicalState, SetNxPxWithoutFaultsClosesWithoutAHorizon) {
  SimulationSetup setup = fixed_setup();
  setup.retry_delay.reset();  // the algorithm's own: uniform 50..150 ms, domain 50/150 ms
  CheckOptions options;
  options.invariants = {std::begin(kInvariantNames), std::end(kInvariantNames)};
  options.states_max = 200'000;
  options.domains.set(ChoiceKind::start_delay, {Duration{}});
  options.domains.set(ChoiceKind::request_delay, {Duration::micros(200)});
  options.domains.set(ChoiceKind::reply_delay, {Duration::micros(200)});
  const CheckResult result = check(make_world_config(setup), options);
  EXPECT_TRUE(result.relative_time);
  EXPECT_EQ(result.verdict, CheckResult::Verdict::verified);
  EXPECT_EQ(result.bound, CheckResult::Bound::none);
  EXPECT_GT(result.distinct_states, 1'000U);
}

}  // namespace
}  // namespace locksim
