// Goal: the happens-before graph links exactly what messages and program order link, and the
// causality it gives a violation tells the catalog's races apart. Method: a one-command world
// checked edge by edge; replication checked on C-9's safe twin; three catalog scenarios whose
// timelines say what the answer must be — C-10 (the server applied A's SET before B's, A's reply
// came late), C-9 (the master that took A's lock failed before replicating it), C-5 (A's release
// came before B's lock, by messages).
#include <gtest/gtest.h>

#include <algorithm>

#include "sim/check/happens_before.hpp"
#include "sim/scenario/scenario_loader.hpp"
#include "sim/scenario/scenario_run.hpp"
#include "test_worlds.hpp"

namespace locksim {
namespace {

// The last vertex of this kind about this client.
auto vertex_of(const HappensBeforeGraph& graph, std::string_view kind, uint32_t client)
    -> uint32_t {
  const auto& vertices = graph.vertices();
  const auto found = std::find_if(vertices.rbegin(), vertices.rend(), [&](const auto& v) {
    return v.kind == kind && v.client == ClientId{client};
  });
  EXPECT_NE(found, vertices.rend()) << kind << " of c" << client + 1;
  return static_cast<uint32_t>(vertices.rend() - found - 1);
}

TEST(HappensBefore, MessagesAndProgramOrderAreTheOnlyEdges) {
  // Both start at 1 ms; c1's SET is applied first and c1 holds until 103 ms; c2 is refused at
  // 2 ms and again when it retries at 53 ms.
  const auto config = testing::fixed_config(2);
  testing::FunctionChooser fixed([](const Choice& c) { return testing::first_value(c); });
  World world = make_world(config, fixed);
  HappensBeforeRecorder recorder;
  while (can_step(world) && next_event_time(world) <= testing::at_ms(60)) {
    step(world, fixed, &recorder);
  }
  const HappensBeforeGraph& graph = recorder.graph();
  const uint32_t send = vertex_of(graph, "send", 0);
  const uint32_t apply = vertex_of(graph, "apply", 0);
  const uint32_t reply = vertex_of(graph, "reply", 0);
  const uint32_t acquired = vertex_of(graph, "acquired", 0);
  const uint32_t other_apply = vertex_of(graph, "apply", 1);  // the retry's
  const uint32_t other_reply = vertex_of(graph, "reply", 1);
  ASSERT_EQ(graph.vertices()[other_apply].at, testing::at_ms(54));
  EXPECT_TRUE(graph.happens_before(send, apply));
  EXPECT_TRUE(graph.happens_before(apply, reply));
  EXPECT_TRUE(graph.happens_before(send, acquired));
  EXPECT_FALSE(graph.happens_before(reply, send));
  // c2's refused SET comes after c1's on the server, so c1's send reaches c2's reply...
  EXPECT_TRUE(graph.happens_before(send, other_reply));
  // ...but nothing c1 did after hearing its reply reaches c2's retry: no message left c1 since.
  EXPECT_FALSE(graph.happens_before(acquired, other_apply));
  EXPECT_FALSE(graph.happens_before(other_apply, acquired));
}

auto load_catalog_file(std::string_view file) -> Scenario {
  const ScenarioLoad load =
      load_scenario_file(std::string(LOCKSIM_SCENARIOS_DIR) + "/" + std::string(file));
  EXPECT_TRUE(load.scenario) << load.diagnostics.format();
  return load.scenario.value_or(Scenario{});
}

// C-9's safe twin: A's SET on the master M reaches the replica R 20 ms later, before M dies;
// B, asking the promoted R, is refused because of it.
TEST(HappensBefore, AReplicatedWriteHappensBeforeWhatTheReplicaDoesNext) {
  const Scenario scenario = load_catalog_file("c09-safe-crash-after-replication.toml");
  HappensBeforeRecorder recorder;
  run_scenario(scenario, &recorder);
  const HappensBeforeGraph& graph = recorder.graph();
  const auto& vertices = graph.vertices();
  const auto replicated = std::find_if(vertices.begin(), vertices.end(), [](const auto& v) {
    return v.kind == "replicate" && v.server == ServerId{1};
  });
  ASSERT_NE(replicated, vertices.end());
  const auto replicate = static_cast<uint32_t>(replicated - vertices.begin());
  EXPECT_TRUE(graph.happens_before(vertex_of(graph, "send", 0), replicate));
  EXPECT_TRUE(graph.happens_before(replicate, vertex_of(graph, "reply", 1)));
}

auto causality_of_catalog_file(std::string_view file, std::string_view invariant)
    -> std::vector<SectionCausality> {
  const Scenario scenario = load_catalog_file(file);
  const ScenarioRun run = run_scenario(scenario);
  for (const Finding& finding : run.result.first_findings()) {
    if (finding.invariant == invariant) return scenario_causality(scenario, finding);
  }
  ADD_FAILURE() << file << " has no " << invariant << " finding";
  return {};
}

TEST(HappensBefore, AReplyAfterExpiryIsConcurrentAndTheServerSawTheFirstLock) {
  const auto pairs = causality_of_catalog_file("c10-reply-after-expiry.toml", "mutex");
  ASSERT_EQ(pairs.size(), 1U);
  EXPECT_TRUE(pairs[0].concurrent);
  ASSERT_TRUE(pairs[0].lock_seen);
  EXPECT_EQ(pairs[0].lock_seen->holder, ClientId{0});    // A's SET was applied first...
  EXPECT_EQ(pairs[0].lock_seen->acquirer, ClientId{1});  // ...and B was granted after it
  EXPECT_EQ(pairs[0].lock_seen->server, ServerId{0});
}

TEST(HappensBefore, AFailoverThatLostTheLockLeavesNoCausalLink) {
  const auto pairs = causality_of_catalog_file("c09-failover-loses-the-lock.toml", "mutex");
  ASSERT_EQ(pairs.size(), 1U);
  EXPECT_TRUE(pairs[0].concurrent);
  EXPECT_FALSE(pairs[0].lock_seen);
}

TEST(HappensBefore, AReleaseBeforeTheNextLockOrdersTheSections) {
  const auto pairs = causality_of_catalog_file("c05-get-compare-then-del.toml", "foreign-release");
  ASSERT_EQ(pairs.size(), 1U);
  EXPECT_FALSE(pairs[0].concurrent);
}

}  // namespace
}  // namespace locksim
