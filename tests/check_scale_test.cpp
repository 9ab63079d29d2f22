// Goal: the model checker's means for configurations too large to check exactly stay honest.
//  * Bitstate storage finds the counterexample exact storage finds (it is a real path: replayed
//    through simulate) and, where exact storage verifies, says only "no violation found" with a
//    bound on the probability of a missed state; a bit array so small that states are missed
//    says so (bound 1) and never verifies.
//  * The state graph written as DOT parses back (Boost's read_graphviz) with one node a state, and
//    the counterexample's path is the one highlighted, from an initial state to a violating
//    one; the bytes are the same on 1 and 2 jobs.
//  * A swarm's searches are the same on 1 and 2 jobs, its shards together are the whole swarm,
//    its first search is the plain check, and the counterexample it reports is that of the
//    lowest-numbered search that found one — also when the first search ran out of budget.
#include <gtest/gtest.h>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/graphviz.hpp>

#include "check_setup.hpp"
#include "sim/explore/check/bitstate_set.hpp"
#include "sim/explore/check/counterexample.hpp"
#include "sim/explore/check/state_graph.hpp"
#include "sim/explore/check/state_graph_dot.hpp"
#include "sim/explore/check/swarm.hpp"
#include "test_worlds.hpp"

namespace locksim {
namespace {

using Verdict = CheckResult::Verdict;
using testing::ms;

// set-nx-px, one 2 s gc-pause within 3 s: the mutex counterexample of check_test's table (c1
// paused past its lease while it holds; 30 steps, 1,589 states).
auto gc_pause_mutex() -> testing::Configured {
  const SimulationSetup setup{.algorithm = "set-nx-px",
                              .clients = 2,
                              .faults = testing::faults("gc-pause"),
                              .retry_delay = ms(150)};
  return testing::configure_check(
      setup, Duration::seconds(3), "mutex",
      {{ChoiceKind::work_duration, ms(500)}, {ChoiceKind::pause_length, Duration::seconds(2)}});
}

// check_test's tiny configuration: verified within 12 ms, 2,544 states.
auto tiny() -> testing::Configured {
  testing::Configured configured{testing::tiny_config(), {}};
  configured.options.horizon = ms(12);
  return configured;
}

// The configuration checked with exact storage, then with a bit array of 1 MiB (8 M bits).
auto exact_then_bitstate(testing::Configured configured) -> std::pair<CheckResult, CheckResult> {
  CheckResult exact = check(configured.config, configured.options);
  configured.options.bitstate_bytes = uint64_t{1} << 20;
  return {std::move(exact), check(configured.config, configured.options)};
}

TEST(BitstateSet, TakesAStateForSeenOnceItsBitsAreSet) {
  BitstateSet bits(1 << 10, 0);
  EXPECT_TRUE(bits.insert(42));
  EXPECT_FALSE(bits.insert(42));
  EXPECT_EQ(bits.size(), 1U);
  EXPECT_LE(bits.bits_set(), BitstateSet::kHashes);
  EXPECT_GT(bits.bits_set(), 1U);  // h2 is odd: one state's indices are not all one bit
  // The first state could not be omitted (nothing was set); the bound is the final fill's term.
  EXPECT_DOUBLE_EQ(bits.omission_bound(), bits.false_positive_rate());
  // Another salt, other bits.
  BitstateSet other(1 << 10, 1);
  other.insert(42);
  EXPECT_NE(bits.describe(), other.describe());
}

TEST(CheckBitstate, FindsTheCounterexampleExactStorageFinds) {
  const testing::Configured configured = gc_pause_mutex();
  const auto [a, b] = exact_then_bitstate(configured);
  ASSERT_EQ(a.verdict, Verdict::violated);
  ASSERT_EQ(b.verdict, Verdict::violated);
  ASSERT_EQ(b.counterexamples.size(), 1U);
  EXPECT_TRUE(testing::same_path(a.counterexamples.front(), b.counterexamples.front()));
  EXPECT_EQ(a.distinct_states, b.distinct_states);  // 8 M bits for 1,589 states: none missed
  EXPECT_TRUE(b.bitstate);
  EXPECT_EQ(b.visited_bytes, uint64_t{1} << 20);
  // A real path: simulate replays it to the same violation (replay_counterexample asserts so).
  const SimulationResult replayed = replay_counterexample(
      without_recurring_faults(*configured.config), b.counterexamples.front());
  EXPECT_EQ(replayed.steps, b.counterexamples.front().steps.size());
}

TEST(CheckBitstate, NeverVerifiesButBoundsWhatItMayHaveMissed) {
  const auto [a, b] = exact_then_bitstate(tiny());
  ASSERT_EQ(a.verdict, Verdict::verified);
  EXPECT_EQ(b.verdict, Verdict::no_violation_found);
  EXPECT_EQ(b.distinct_states, a.distinct_states);
  // 2,544 states of at most 3 bits in 2^23: each met at most 7,632 / 2^23 full, so the bound is
  // at most 2,545 × (7,632 / 2^23)^3 ≈ 1.9e-6, and above the last state's term.
  EXPECT_GT(b.omission_probability, b.false_positive_rate);
  EXPECT_LT(b.omission_probability, 2e-6);
  EXPECT_FALSE(b.hash_functions.empty());
}

TEST(CheckBitstate, ABitArrayTooSmallMissesStatesAndSaysSo) {
  testing::Configured bitstate = tiny();
  bitstate.options.bitstate_bytes = 8;  // 64 bits for 2,544 states
  const CheckResult b = check(bitstate.config, bitstate.options);
  EXPECT_EQ(b.verdict, Verdict::no_violation_found);
  EXPECT_LT(b.distinct_states, 100U);  // at most 64 states can each set a new bit
  EXPECT_DOUBLE_EQ(b.omission_probability, 1.0);
}

TEST(CheckBitstate, OneAndTwoJobsGiveIdenticalResults) {
  testing::Configured one = gc_pause_mutex();
  one.options.bitstate_bytes = uint64_t{1} << 20;
  testing::Configured two = one;
  two.options.jobs = 2;
  const CheckResult a = check(one.config, one.options);
  const CheckResult b = check(two.config, two.options);
  EXPECT_EQ(a.distinct_states, b.distinct_states);
  EXPECT_EQ(a.transitions, b.transitions);
  EXPECT_DOUBLE_EQ(a.omission_probability, b.omission_probability);
  ASSERT_EQ(a.counterexamples.size(), b.counterexamples.size());
  for (size_t i = 0; i < a.counterexamples.size(); ++i) {
    EXPECT_TRUE(testing::same_path(a.counterexamples[i], b.counterexamples[i]));
  }
}

// The DOT text of a check of the configuration on `jobs` threads, with its result.
auto dot_of(testing::Configured configured, uint32_t jobs) -> std::pair<std::string, CheckResult> {
  StateGraph graph;
  configured.options.graph = &graph;
  configured.options.jobs = jobs;
  CheckResult result = check(configured.config, configured.options);
  return {state_graph_dot(graph, "gc-pause \"mutex\"\ncounterexample"), std::move(result)};
}

// What the picture shows, read back from the DOT text.
struct DotNode {
  std::string name, label, fillcolor, penwidth;
};
struct DotEdge {
  std::string label, penwidth;
};
using ReadGraph =
    boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, DotNode, DotEdge>;

TEST(CheckDot, TheStateGraphParsesWithTheCounterexamplePathHighlighted) {
  const auto [text, result] = dot_of(gc_pause_mutex(), 1);
  ASSERT_EQ(result.counterexamples.size(), 1U);
  const Counterexample& counterexample = result.counterexamples.front();

  ReadGraph read;
  boost::dynamic_properties properties(boost::ignore_other_properties);
  properties.property("node_id", boost::get(&DotNode::name, read));
  properties.property("label", boost::get(&DotNode::label, read));
  properties.property("fillcolor", boost::get(&DotNode::fillcolor, read));
  properties.property("penwidth", boost::get(&DotNode::penwidth, read));
  properties.property("label", boost::get(&DotEdge::label, read));
  properties.property("penwidth", boost::get(&DotEdge::penwidth, read));
  ASSERT_TRUE(boost::read_graphviz(text, read, properties)) << text.substr(0, 500);

  // Every state explored is a node (and the violating one, which the search did not admit).
  EXPECT_EQ(boost::num_vertices(read), result.distinct_states + 1);
  // The highlighted edges are the path's steps, in a chain from an initial state (blue) to the
  // violating state (red), each labelled with what its step did.
  std::map<std::string, std::pair<std::string, std::string>> next;  // node: (next node, label)
  for (const auto edge : boost::make_iterator_range(boost::edges(read))) {
    if (read[edge].penwidth != "3") continue;
    const auto added = next.try_emplace(read[boost::source(edge, read)].name,
                                        read[boost::target(edge, read)].name, read[edge].label);
    EXPECT_TRUE(added.second) << "two highlighted edges leave one state";
  }
  ASSERT_EQ(next.size(), counterexample.steps.size());
  std::map<std::string, const DotNode*> nodes;
  for (const auto v : boost::make_iterator_range(boost::vertices(read))) {
    nodes[read[v].name] = &read[v];
  }
  std::string at = "0";  // the first initial state: both clients start at 0 in every root
  EXPECT_EQ(nodes.at(at)->fillcolor, "#9ecae1");
  for (const PathStep& step : counterexample.steps) {
    ASSERT_TRUE(next.contains(at)) << "the path breaks at state " << at;
    EXPECT_EQ(nodes.at(at)->penwidth, "3");
    EXPECT_EQ(next.at(at).second, step_label(step.action, step.event));
    at = next.at(at).first;
  }
  EXPECT_EQ(nodes.at(at)->fillcolor, "#d62728");  // the violating state ends it
  // The title's quotes and line break are escaped.
  EXPECT_NE(text.find(R"(label="gc-pause \"mutex\"\ncounterexample";)"), std::string::npos);
}

TEST(CheckDot, IsTheSameBytesOnOneAndTwoJobs) {
  EXPECT_EQ(dot_of(gc_pause_mutex(), 1).first, dot_of(gc_pause_mutex(), 2).first);
}

// What a search did, to compare two runs of it.
auto outcome(const SwarmSearch& search) -> std::string {
  const CheckResult& r = search.result;
  std::string text = ::testing::PrintToString(
      std::make_tuple(search.number, static_cast<int>(search.order), search.successor_order,
                      static_cast<int>(r.verdict), r.distinct_states, r.transitions, r.depth));
  for (const Counterexample& c : r.counterexamples) {
    text += fmt::format(" {}:{}", c.finding.invariant, c.steps.size());
    for (const PathStep& step : c.steps)
      text += fmt::format(",{}", step_label(step.action, step.event));
  }
  return text;
}

auto outcomes(const SwarmResult& swarm) -> std::vector<std::string> {
  std::vector<std::string> all;
  for (const SwarmSearch& search : swarm.searches) all.push_back(outcome(search));
  return all;
}

// gc_pause_mutex within 400 states a search: breadth-first needs 794 to reach the violation's
// depth (1,589 without symmetry), so the searches that find it are the depth-first ones that
// dive to it.
auto small_budget() -> testing::Configured {
  testing::Configured configured = gc_pause_mutex();
  configured.options.states_max = 400;
  return configured;
}

TEST(CheckSwarm, IsTheSameOnOneAndTwoJobsAndItsShardsMakeTheWhole) {
  const testing::Configured configured = small_budget();
  const SwarmResult one = run_swarm(configured.config, configured.options, {6, {}, 1});
  const SwarmResult two = run_swarm(configured.config, configured.options, {6, {}, 2});
  ASSERT_EQ(one.searches.size(), 6U);
  EXPECT_EQ(outcomes(one), outcomes(two));

  std::vector<std::string> shards;
  for (const uint32_t index : {1U, 2U, 3U, 4U}) {
    const SwarmResult shard = run_swarm(configured.config, configured.options, {6, {index, 4}, 2});
    for (const SwarmSearch& search : shard.searches) {
      EXPECT_EQ((search.number - 1) % 4, index - 1);
      shards.push_back(outcome(search));
    }
  }
  std::vector<std::string> whole = outcomes(one);
  std::sort(shards.begin(), shards.end());
  std::sort(whole.begin(), whole.end());
  EXPECT_EQ(shards, whole);
}

TEST(CheckSwarm, ReportsTheLowestNumberedCounterexample) {
  const testing::Configured configured = small_budget();
  const SwarmResult swarm = run_swarm(configured.config, configured.options, {4, {}, 2});
  // Search 1 is the plain check: breadth-first, out of budget before the violation.
  const CheckResult plain = check(configured.config, configured.options);
  EXPECT_EQ(plain.verdict, Verdict::bound_reached);
  EXPECT_EQ(outcome(swarm.searches.front()),
            outcome({1, CheckOptions::Order::breadth_first, 0, plain}));
  const SwarmSearch* found = swarm.first_violation();
  ASSERT_NE(found, nullptr);
  EXPECT_GT(found->number, 1U);
  for (const SwarmSearch& search : swarm.searches) {
    if (search.number < found->number) {
      EXPECT_NE(search.result.verdict, Verdict::violated);
    }
  }
  EXPECT_EQ(found->order, CheckOptions::Order::depth_first);
  // Its counterexample is a real path.
  const Counterexample& counterexample = found->result.counterexamples.front();
  EXPECT_EQ(
      replay_counterexample(without_recurring_faults(*configured.config), counterexample).steps,
      counterexample.steps.size());
}

TEST(CheckSwarm, SearchesDifferInOrder) {
  const CheckOptions base;
  EXPECT_EQ(swarm_search_options(base, 1).successor_order, 0U);
  EXPECT_NE(swarm_search_options(base, 2).successor_order,
            swarm_search_options(base, 3).successor_order);
  EXPECT_EQ(swarm_search_options(base, 2).order, CheckOptions::Order::depth_first);
  EXPECT_EQ(swarm_search_options(base, 3).order, CheckOptions::Order::breadth_first);
  EXPECT_NE(swarm_search_options(base, 2).bitstate_salt,
            swarm_search_options(base, 3).bitstate_salt);
}

}  // namespace
}  // namespace locksim
