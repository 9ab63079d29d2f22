// Partial-order reduction (sim/explore/check/partial_order.hpp): where a client-side step due
// first commutes with everything else due and no invariant can see it, the checker fires it
// alone — fewer transitions, never more states, the same verdict — and it does not where
// another event due touches the same client or a fault that could reach it is left in the
// budget.
#include <gtest/gtest.h>

#include "check_setup.hpp"
#include "sim/explore/check/partial_order.hpp"
#include "test_worlds.hpp"

namespace locksim {
namespace {

using testing::ms;

// set-nx-px, 4 clients that start together, every message 200 us: their retries fall due
// together, each a client-side step of its own client.
auto four_clients() -> testing::Configured {
  const SimulationSetup setup{
      .algorithm = "set-nx-px", .clients = 4, .servers = 1, .retry_delay = ms(150)};
  return testing::configure_check(setup, ms(1'500), "mutex",
                                  {{ChoiceKind::work_duration, ms(500)}});
}

TEST(CheckPartialOrder, FiresACommutingInvisibleStepAloneAndKeepsTheVerdict) {
  testing::Configured configured = four_clients();
  configured.options.symmetry = false;
  configured.options.partial_order = false;
  const CheckResult every_order = check(configured.config, configured.options);
  configured.options.partial_order = true;
  const CheckResult reduced = check(configured.config, configured.options);
  EXPECT_FALSE(every_order.partial_order);
  EXPECT_TRUE(reduced.partial_order);
  EXPECT_EQ(every_order.verdict, CheckResult::Verdict::verified);
  EXPECT_EQ(reduced.verdict, every_order.verdict);
  EXPECT_GT(reduced.fired_alone, 0U);
  EXPECT_LT(reduced.transitions, every_order.transitions);
  EXPECT_LE(reduced.distinct_states, every_order.distinct_states);
}

TEST(CheckPartialOrder, NotWhereAFaultCouldStillReachTheClient) {
  FaultBudget budget;
  EXPECT_TRUE(faults_that_reach_clients_spent(budget));
  budget.remaining[static_cast<size_t>(FaultKind::clock_jump)] = 1;  // a server's wall clock
  EXPECT_TRUE(faults_that_reach_clients_spent(budget));
  for (const FaultKind kind :
       {FaultKind::pause, FaultKind::client_crash, FaultKind::server_crash, FaultKind::partition}) {
    FaultBudget left;
    left.remaining[static_cast<size_t>(kind)] = 1;
    EXPECT_FALSE(faults_that_reach_clients_spent(left));
  }
}

TEST(CheckPartialOrder, NotWhereAnotherEventDueTouchesTheSameClient) {
  // fixed_config: both clients start at 1 ms and every message takes 1 ms, so their steps fall
  // due together all along; whenever a client's step may go alone, nothing else due is that
  // client's, and some step may.
  const auto config = testing::fixed_config(2);
  testing::FunctionChooser chooser(testing::first_value);
  World world = make_world(config, chooser);
  const FaultBudget spent;
  bool alone_seen = false;
  while (can_step(world) && world.now < testing::at_ms(600)) {
    if (const std::optional<uint32_t> client = client_alone(world, spent)) {
      alone_seen = true;
      const auto servers = static_cast<uint32_t>(world.servers.size());
      for (size_t i = 1; i < world.queue.due_count(); ++i) {
        EXPECT_NE(client_of(world.queue.due_at(i), servers), client);
      }
    }
    step(world, chooser);
  }
  EXPECT_TRUE(alone_seen);
}

}  // namespace
}  // namespace locksim
