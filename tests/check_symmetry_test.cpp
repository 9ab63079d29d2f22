// Symmetry in the model checker (sim/explore/check/symmetry.hpp, StateEncoder::order_clients):
// a world and its renumbering — the same run with the clients' roles swapped — are one state,
// which their exact fingerprints tell apart; worlds that are not renumberings stay apart; the
// checker merges the initial worlds that are renumberings of each other, and turns symmetry off
// by itself, saying why, where the clients are not interchangeable.
#include <gtest/gtest.h>

#include "sim/explore/check/model_checker.hpp"
#include "sim/explore/check/symmetry.hpp"
#include "sim/explore/simulation_setup.hpp"
#include "test_worlds.hpp"

namespace locksim {
namespace {

using testing::at_ms;
using testing::ms;

auto canonical(const World& world, bool symmetry) -> uint64_t {
  Fingerprinter f;
  StateEncoder encoder(f, /*relative_time=*/false, world.now);
  ClientOrder clients;
  if (symmetry) {
    order_clients_by_state(world, /*relative_time=*/false, clients);
    encoder.order_clients(clients.order, clients.position);
  }
  encode(world, encoder);
  return f.digest();
}

// set-nx-px, 2 clients, 1 server: every message takes 200 us, work 500 ms, idle 0, retry every
// 150 ms; c1 starts after `first`, c2 after `second`.
auto world_starting(Duration first, Duration second) -> std::pair<World, testing::FunctionChooser> {
  const SimulationSetup setup{.clients = 2,
                              .servers = 1,
                              .work = Duration::millis(500),
                              .idle = Duration{},
                              .retry_delay = Duration::millis(150)};
  testing::FunctionChooser chooser([=](const Choice& choice) {
    if (choice.kind == ChoiceKind::start_delay) return choice.subject == 0 ? first : second;
    if (choice.kind == ChoiceKind::request_delay || choice.kind == ChoiceKind::reply_delay) {
      return Duration::micros(200);
    }
    return min_value(*choice.distribution);
  });
  World world = make_world(make_world_config(setup), chooser);
  return {std::move(world), std::move(chooser)};
}

TEST(CheckSymmetry, AWorldAndItsRenumberingAreOneStateThroughoutARun) {
  const Duration early = Duration{};
  const Duration late = Duration::micros(300);
  auto [world, chooser] = world_starting(early, late);
  auto [renumbered, renumbered_chooser] = world_starting(late, early);  // c2 does what c1 does
  auto [other, other_chooser] = world_starting(early, early);           // not a renumbering
  size_t compared = 0;
  // Every message takes 200 us and starts are multiples of 100 us, so nothing happens at 50 us
  // past a multiple of 100 us: checkpoints between instants, every 10 ms for 3 s (acquisitions,
  // releases, retries).
  for (TrueTime at = at_ms(0) + Duration::micros(50); at < at_ms(3'000);
       at = at + Duration::millis(10)) {
    testing::run_until(world, chooser, at);
    testing::run_until(renumbered, renumbered_chooser, at);
    testing::run_until(other, other_chooser, at);
    ASSERT_EQ(canonical(world, true), canonical(renumbered, true)) << "at " << at.us << " us";
    ASSERT_NE(canonical(world, true), canonical(other, true)) << "at " << at.us << " us";
    ++compared;
  }
  EXPECT_EQ(compared, 300U);
  // The two are different worlds, which the exact fingerprint and the canonical state without
  // symmetry tell apart: c1 holds in one and c2 in the other.
  EXPECT_NE(world.clients[0].belief.holding, renumbered.clients[0].belief.holding);
  EXPECT_NE(fingerprint(world), fingerprint(renumbered));
  EXPECT_NE(canonical(world, false), canonical(renumbered, false));
}

// The tiny configuration's four initial worlds (each client starts at 0 or 1 ms): with symmetry,
// "c1 at 0, c2 at 1 ms" and "c1 at 1 ms, c2 at 0" are one, so three are left.
TEST(CheckSymmetry, MergesTheInitialWorldsThatAreRenumberings) {
  CheckOptions options;
  options.depth_max = 0;
  options.symmetry = false;
  const CheckResult numbered = check(testing::tiny_config(), options);
  options.symmetry = true;
  const CheckResult symmetric = check(testing::tiny_config(), options);
  EXPECT_FALSE(numbered.symmetry);
  EXPECT_TRUE(symmetric.symmetry);
  EXPECT_EQ(numbered.distinct_states, 4U);
  EXPECT_EQ(symmetric.distinct_states, 3U);
}

TEST(CheckSymmetry, IsOffWhereTheClientsAreNotInterchangeable) {
  auto config = std::make_shared<WorldConfig>(*testing::tiny_config());
  EXPECT_EQ(why_clients_differ(*config, {}), std::nullopt);
  EXPECT_EQ(why_clients_differ(*config, std::vector<PinnedChoice>(1)),
            "pinned choices belong to particular clients");
  config->faults.scheduled.push_back(
      {.at = at_ms(1), .node = {NodeRef::Kind::client, 0}, .length = ms(5)});
  EXPECT_EQ(why_clients_differ(*config, {}), "a scheduled fault names a client");
  config->faults.scheduled.clear();
  // Clients in two regions of an Active-Active database write to different instances.
  config->clients[1].region = 1;
  EXPECT_EQ(why_clients_differ(*config, {}),
            "the clients' programs, parameters, clocks or regions differ");
  config->clients[1].region = 0;
  config->clients[1].request_timeout = ms(7);
  EXPECT_EQ(why_clients_differ(*config, {}),
            "the clients' programs, parameters, clocks or regions differ");
  CheckOptions options;
  options.depth_max = 0;
  const CheckResult result = check(config, options);
  EXPECT_FALSE(result.symmetry);
  EXPECT_EQ(result.symmetry_off, "the clients' programs, parameters, clocks or regions differ");
  EXPECT_EQ(result.distinct_states, 4U);
}

}  // namespace
}  // namespace locksim
