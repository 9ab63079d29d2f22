// Goal: prove the architecture — the world is a value and every choice is explicit.
//  * A world copied mid-run and driven with the same choices produces the identical trace.
//  * Fingerprints are equal exactly when worlds are equal (including worlds reached by
//    different paths, whose event sequence numbers differ).
#include <gtest/gtest.h>

#include <deque>

#include "models/registry.hpp"
#include "sim/explore/random_chooser.hpp"
#include "sim/explore/scripted_chooser.hpp"
#include "sim/explore/simulation_setup.hpp"
#include "sim/redis/commands.hpp"
#include "sim/world/step.hpp"
#include "test_worlds.hpp"

namespace locksim {
namespace {

using testing::lines;

auto busy_config() -> std::shared_ptr<const WorldConfig> {
  return make_world_config(
      SimulationSetup{.clients = 3,
                      .ttl = Duration::millis(200),
                      .faults = testing::faults("gc-pause:every=500ms:max=400ms")});
}

TEST(WorldValue, CopyMidRunDrivenBySameChoicesGivesIdenticalTrace) {
  Fingerprinter unused;
  RandomChooser random(99);
  RecordingChooser before(random, unused, nullptr);
  World original = make_world(busy_config(), before);
  for (int i = 0; i < 500; ++i) step(original, before);
  const World copy_at_500 = original;  // NOLINT: the copy is the point

  std::vector<RecordedChoice> choices;
  RecordingChooser after(random, unused, &choices);
  TraceLog original_log;
  for (int i = 0; i < 3'000; ++i) step(original, after, &original_log);
  ASSERT_GT(choices.size(), 100U);

  World copy = copy_at_500;
  ScriptedChooser replay(choices);
  TraceLog copy_log;
  for (int i = 0; i < 3'000; ++i) step(copy, replay, &copy_log);

  EXPECT_EQ(replay.remaining(), 0U);
  EXPECT_EQ(lines(copy_log.entries()), lines(original_log.entries()));
  EXPECT_TRUE(copy == original);
  EXPECT_EQ(fingerprint(copy), fingerprint(original));
  EXPECT_FALSE(copy == copy_at_500);
}

TEST(WorldValue, ReplayWithOtherChoicesIsDetected) {
  Fingerprinter unused;
  RandomChooser random(5);
  std::vector<RecordedChoice> choices;
  RecordingChooser recording(random, unused, &choices);
  World world = make_world(busy_config(), recording);
  for (int i = 0; i < 200; ++i) step(world, recording);
  choices[3].value = Duration::seconds(-1);  // no distribution here produces it
  ScriptedChooser replay(choices);
  EXPECT_THROW(
      {
        World again = make_world(busy_config(), replay);
        for (int i = 0; i < 200; ++i) step(again, replay);
      },
      ReplayDivergence);
}

TEST(Fingerprint, EqualExactlyWhenWorldsAreEqual) {
  // Every successor computed during a short enumeration, duplicates included: equal pairs come
  // from different paths (different event sequence numbers), unequal pairs from everywhere.
  std::vector<World> worlds;
  {
    const auto config = testing::tiny_config();
    std::deque<World> frontier;
    testing::FunctionChooser zero([](const Choice& c) { return testing::first_value(c); });
    frontier.push_back(make_world(config, zero));
    while (!frontier.empty() && worlds.size() < 1'200) {
      const World world = frontier.front();
      frontier.pop_front();
      for (const Duration pick : {Duration::millis(1), Duration::millis(2)}) {
        if (!can_step(world)) break;
        World successor = world;
        testing::FunctionChooser chooser([&](const Choice& c) {
          const auto support = finite_support(*c.distribution);
          return support.size() > 1 ? pick : support.front();
        });
        step(successor, chooser);
        worlds.push_back(successor);
        frontier.push_back(successor);
      }
    }
  }
  size_t equal_pairs = 0;
  size_t unequal_pairs = 0;
  std::vector<uint64_t> prints;
  for (const World& world : worlds) prints.push_back(fingerprint(world));
  for (size_t i = 0; i < worlds.size(); ++i) {
    for (size_t j = i + 1; j < worlds.size(); ++j) {
      if (worlds[i].now != worlds[j].now) {
        ASSERT_NE(prints[i], prints[j]);
        continue;
      }
      const bool equal = worlds[i] == worlds[j];
      ASSERT_EQ(equal, prints[i] == prints[j]) << "pair " << i << ", " << j;
      (equal ? equal_pairs : unequal_pairs) += 1;
    }
  }
  EXPECT_GT(equal_pairs, 0U);
  EXPECT_GT(unequal_pairs, 0U);
}

TEST(Fingerprint, ChangesWithEveryPartOfTheState) {
  testing::FunctionChooser zero([](const Choice& c) { return testing::first_value(c); });
  World base = make_world(testing::fixed_config(2), zero);
  for (int i = 0; i < 6; ++i) step(base, zero);  // a SET in flight, a belief, a key
  const uint64_t base_print = fingerprint(base);
  std::vector<std::function<void(World&)>> mutations = {
      [](World& w) { w.now = w.now + Duration::micros(1); },
      [](World& w) { w.clients[1].clock.step_wall(Duration::micros(1)); },
      [](World& w) { w.clients[0].status = ProcessStatus::paused; },
      [](World& w) { w.clients[0].incarnation += 1; },
      [](World& w) { w.clients[0].belief.holding = !w.clients[0].belief.holding; },
      [](World& w) { w.servers[0].up = false; },
      [](World& w) { w.servers[0].clock.set_drift(w.now, 5); },
      [](World& w) {
        redis::execute(w.servers[0].redis, {{"SET", "x", "1"}}, 0);
      },
      [](World& w) {
        redis::execute(w.servers[0].redis, {{"WATCH", "x"}}, 0, {.client = 1});
      },
      [](World& w) { redis::execute(w.servers[0].redis, {{"MULTI"}}, 0, {.client = 0}); },
      [](World& w) { w.connections[1].partitioned = true; },
      [](World& w) { w.resource.writes += 1; },
      // An event no client has pending (a lease end is, for a holder: at most one each).
      [](World& w) { w.queue.push(w.now, EventKind::pause_end, 0); },
  };
  for (size_t i = 0; i < mutations.size(); ++i) {
    World changed = base;
    mutations[i](changed);
    EXPECT_FALSE(changed == base) << "mutation " << i;
    EXPECT_NE(fingerprint(changed), base_print) << "mutation " << i;
  }
}

// Redis frees a client, with its transaction and watches, when its connection goes: a reset
// (a cut), its server's crash, or its own crash once the server has read what it sent.
TEST(Sessions, GoWithTheirConnection) {
  testing::FunctionChooser zero([](const Choice& c) { return testing::first_value(c); });
  const World base = make_world(testing::fixed_config(2), zero);
  const auto watching = [&] {
    World w = base;
    redis::execute(w.servers[0].redis, {{"WATCH", "x"}}, 0, {.client = 1});
    EXPECT_FALSE(w.servers[0].redis.sessions.empty());
    return w;
  };
  const std::vector<InjectedFault> losses = {
      {FaultKind::partition, base.connection_index(ClientId{1}, ServerId{0})},
      {FaultKind::server_crash, 0},
      {FaultKind::client_crash, 1},  // nothing in flight: freed at once
  };
  for (const InjectedFault& loss : losses) {
    World w = watching();
    inject(w, loss, zero);
    EXPECT_TRUE(w.servers[0].redis.sessions.empty()) << to_string(loss.kind);
  }
  World other = watching();
  inject(other, {FaultKind::client_crash, 0}, zero);  // another client's crash
  EXPECT_FALSE(other.servers[0].redis.sessions.empty());

  // A crashed client's commands still in flight are read first, in its session.
  World w = watching();
  const uint32_t link = w.connection_index(ClientId{1}, ServerId{0});
  w.connections[link].requests.push_back({.id = 99, .arrival = w.now, .command = {{"GET", "x"}}});
  w.queue.push(w.now, EventKind::deliver_request, link);
  inject(w, {FaultKind::client_crash, 1}, zero);
  EXPECT_FALSE(w.servers[0].redis.sessions.empty());
  for (int i = 0; i < 20 && !w.connections[link].requests.empty(); ++i) step(w, zero);
  EXPECT_TRUE(w.connections[link].requests.empty());
  EXPECT_TRUE(w.servers[0].redis.sessions.empty());
}

}  // namespace
}  // namespace locksim

namespace locksim {
namespace {

// The monitors look only at acting_client(event) for beliefs, wishes and process status; this
// holds them to it: over random runs of every algorithm under every fault profile (Redlock
// holders extending their leases), no step changes those fields of any other client.
TEST(ActingClient, NoStepChangesAnotherClientsBeliefOrStatus) {
  const std::span<const AlgorithmEntry> algorithms = algorithm_catalog();
  const std::span<const FaultProfile> profiles = fault_profiles();
  uint64_t seed = 0;
  for (const AlgorithmEntry& algorithm : algorithms) {
    for (const FaultProfile& profile : profiles) {
      const auto config =
          make_world_config(SimulationSetup{.algorithm = std::string(algorithm.name),
                                            .clients = 3,
                                            .ttl = Duration::millis(500),
                                            .faults = parse_faults(profile.name).selections,
                                            // Redlock holders extend: Extended effects too.
                                            .extend_before = Duration::millis(300)});
      RandomChooser chooser(++seed);
      World world = make_world(config, chooser);
      while (can_step(world) && next_event_time(world) <= TrueTime{} + Duration::seconds(5)) {
        const std::vector<ClientState> before = world.clients;
        const Event event = step(world, chooser);
        const std::optional<ClientId> actor = acting_client(world, event);
        for (uint32_t c = 0; c < world.clients.size(); ++c) {
          if (actor && actor->index == c) continue;
          const ClientState& now = world.clients[c];
          ASSERT_TRUE(now.belief == before[c].belief && now.wanting == before[c].wanting &&
                      now.status == before[c].status)
              << "client c" << c + 1 << " changed in a " << to_string(event.kind) << " step of "
              << algorithm.name << " under " << profile.name;
        }
      }
    }
  }
}

}  // namespace
}  // namespace locksim
