// Starvation as fair cycles (sim/explore/check/starvation.hpp): the refinement on small graphs
// built by hand, where each answer can be seen at a glance; then on the checker's graphs —
// set-nx-px without faults is free of starvation under fairness, a holder that takes the lock
// back at once starves its contender, and setnx-del with a client crash starves the survivor —
// with each lasso replayed through simulate: it comes back to the state its cycle began in, and
// the starving client wants the lock, runs and does not hold it all the way round.
#include <gtest/gtest.h>

#include "check_setup.hpp"
#include "sim/explore/check/counterexample.hpp"
#include "sim/explore/check/starvation.hpp"
#include "test_worlds.hpp"

namespace locksim {
namespace {

using testing::ms;

constexpr uint64_t kRetry = 1;  // a choice, answered 50 or 150 below
constexpr Alternative kShort{kRetry, 50};
constexpr Alternative kLong{kRetry, 150};

// 0 -> 1 -> 0, client 0 contending in both; state 1 chooses the retry, and only the short one
// stays in the cycle: the long one leads to state 2, where client 0 got the lock.
auto retry_graph(bool long_retry_stays) -> TransitionGraph {
  TransitionGraph graph;
  graph.add_state(0, 0b1);
  graph.add_state(1, 0b1);
  graph.add_state(2, 0b0);
  graph.add_transition(0, 1, 0, {});
  const Alternative short_retry[] = {kShort};
  const Alternative long_retry[] = {kLong};
  graph.add_transition(1, 0, 0, short_retry);
  graph.add_transition(1, long_retry_stays ? 0 : 2, 1, long_retry);
  graph.add_transition(2, 2, 0, {});
  return graph;
}

TEST(StarvationCycles, AnAdversaryCannotPickTheLosingAlternativeForever) {
  EXPECT_FALSE(find_starvation(retry_graph(/*long_retry_stays=*/false), 1));
}

TEST(StarvationCycles, ACycleTakingEveryAlternativeOfferedOnItIsFair) {
  const std::optional<StarvationCycle> found = find_starvation(retry_graph(true), 1);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->client, 0U);
  EXPECT_EQ(found->entry, 0U);
  // Round through both retries: 0 -> 1 (short) -> 0 -> 1 (long) -> 0.
  EXPECT_EQ(found->cycle, (std::vector<uint32_t>{0, 1, 0, 2}));
}

TEST(StarvationCycles, UnfairStatesAreCutAwayAndWhatIsLeftIsSearchedAgain) {
  // 0 <-> 1 is the fair cycle; state 2 hangs off it, offering an exit it never takes inside.
  TransitionGraph graph = retry_graph(true);
  graph.add_state(3, 0b1);
  graph.add_transition(0, 3, 1, {});
  const Alternative stay[] = {{7, 1}};
  const Alternative leave[] = {{7, 2}};
  graph.add_transition(3, 0, 0, stay);
  graph.add_transition(3, 2, 1, leave);
  const std::optional<StarvationCycle> found = find_starvation(graph, 1);
  ASSERT_TRUE(found);
  for (const uint32_t t : found->cycle) EXPECT_NE(graph.transitions()[t].from, 3U);
}

TEST(StarvationCycles, OnlyAClientThatContendsAllRoundStarves) {
  TransitionGraph graph;
  graph.add_state(0, 0b01);
  graph.add_state(1, 0b10);
  graph.add_transition(0, 1, 0, {});
  graph.add_transition(1, 0, 0, {});
  EXPECT_FALSE(find_starvation(graph, 2));  // each gets the lock every other state
}

// Checks the configuration for starvation, with the test domains and no horizon.
auto check_starvation(SimulationSetup setup, Duration idle) -> CheckResult {
  testing::Configured configured = testing::configure_check(
      setup, ms(1), "mutex",
      {{ChoiceKind::work_duration, ms(500)}, {ChoiceKind::idle_duration, idle}});
  configured.options.horizon.reset();
  configured.options.invariants.clear();
  configured.options.starvation = true;
  configured.options.states_max = 2'000'000;
  return check(configured.config, configured.options);
}

// The canonical state before every step of a replay and after the last, and whether the client
// contended in each.
class CycleWatch final : public RunObserver {
 public:
  explicit CycleWatch(uint32_t client) : client_(client) {}
  void before_step(const World& world) override { note(world); }
  void finish(const World& world, TrueTime /*end*/) override { note(world); }
  std::vector<uint64_t> states;
  std::vector<bool> contending;

 private:
  void note(const World& world) {
    Fingerprinter f;
    StateEncoder encoder(f, /*relative_time=*/true, world.now);
    encode(world, encoder);
    states.push_back(f.digest());
    const ClientState& client = world.clients[client_];
    contending.push_back(client.status == ProcessStatus::running && client.wanting &&
                         !client.belief.holding);
  }
  uint32_t client_;
};

// The lasso's cycle, replayed through simulate, ends in the state it began in, with its client
// contending all the way round.
void expect_a_real_lasso(const SimulationSetup& setup, const Counterexample& lasso) {
  ASSERT_TRUE(lasso.cycle_from.has_value());
  ASSERT_LT(*lasso.cycle_from, lasso.steps.size());
  ASSERT_EQ(lasso.finding.clients.size(), 1U);
  const uint32_t client = lasso.finding.clients.front().index;
  CycleWatch watch(client);
  ScriptedChooser chooser(lasso.choices(), lasso.pins);
  const std::vector<ScheduledAction> actions = scheduled_actions(lasso);
  const SimulationResult replayed =
      simulate(without_recurring_faults(*make_world_config(setup)), replay_options(lasso),
               {.chooser = &chooser, .observer = &watch, .actions = &actions});
  ASSERT_EQ(replayed.steps, lasso.steps.size());
  ASSERT_EQ(watch.states.size(), lasso.steps.size() + 1);
  EXPECT_EQ(watch.states[*lasso.cycle_from], watch.states.back());
  for (size_t i = *lasso.cycle_from; i < watch.states.size(); ++i) {
    EXPECT_TRUE(watch.contending[i]) << "state " << i;
  }
}

auto fixed_setup(std::string algorithm) -> SimulationSetup {
  return {.algorithm = std::move(algorithm), .clients = 2, .servers = 1, .retry_delay = ms(150)};
}

TEST(CheckStarvation, SetNxPxWithoutFaultsLetsEveryContenderInUnderFairness) {
  // Idle 0 or 500 ms after a release and retries of 50 or 150 ms: a fair schedule idles past a
  // retry now and then, and the contender's next try finds the key gone.
  SimulationSetup setup = fixed_setup("set-nx-px");
  setup.retry_delay.reset();  // the algorithm's own: a 50 or 150 ms domain
  testing::Configured configured =
      testing::configure_check(setup, ms(1), "mutex", {{ChoiceKind::work_duration, ms(500)}});
  configured.options.horizon.reset();
  configured.options.domains.set(ChoiceKind::idle_duration, {Duration{}, ms(500)});
  configured.options.invariants.clear();
  configured.options.starvation = true;
  configured.options.states_max = 2'000'000;
  const CheckResult result = check(configured.config, configured.options);
  EXPECT_EQ(result.verdict, CheckResult::Verdict::verified);
  EXPECT_TRUE(result.counterexamples.empty());
}

TEST(CheckStarvation, AHolderThatTakesTheLockBackAtOnceStarvesItsContender) {
  // With no idle time the holder's next SET follows its DEL by one round trip, and a retry
  // lands in that window only if its delays line up with it — which no choice of 50 or 150 ms
  // from a 200 us grid is forced to do: every fair schedule can keep missing it.
  SimulationSetup setup = fixed_setup("set-nx-px");
  setup.retry_delay.reset();
  const CheckResult result = check_starvation(setup, Duration{});
  ASSERT_EQ(result.verdict, CheckResult::Verdict::violated);
  ASSERT_EQ(result.counterexamples.size(), 1U);
  EXPECT_EQ(result.counterexamples.front().finding.invariant, "starvation");
  expect_a_real_lasso(setup, result.counterexamples.front());
}

TEST(CheckStarvation, SetNxDelStarvesTheSurvivorOfAHoldersCrash) {
  // The crashed holder's key has no TTL: nobody ever deletes it, and every retry fails.
  SimulationSetup setup = fixed_setup("setnx-del");
  setup.faults = testing::faults("crash");
  const CheckResult result = check_starvation(setup, ms(500));
  ASSERT_EQ(result.verdict, CheckResult::Verdict::violated);
  const Counterexample& lasso = result.counterexamples.front();
  EXPECT_EQ(lasso.finding.invariant, "starvation");
  const auto crash = std::find_if(lasso.steps.begin(), lasso.steps.end(), [](const PathStep& step) {
    return step.action.kind == Action::Kind::inject;
  });
  ASSERT_NE(crash, lasso.steps.end());  // the crash is in the prefix
  EXPECT_LT(static_cast<size_t>(crash - lasso.steps.begin()), *lasso.cycle_from);
  expect_a_real_lasso(setup, lasso);
  // Without the crash every contender gets in.
  setup.faults.clear();
  EXPECT_EQ(check_starvation(setup, ms(500)).verdict, CheckResult::Verdict::verified);
}

}  // namespace
}  // namespace locksim
