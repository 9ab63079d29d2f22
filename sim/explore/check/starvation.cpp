// Starvation as fair cycles; see starvation.hpp.
#include "sim/explore/check/starvation.hpp"

#include <algorithm>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/strong_components.hpp>
#include <deque>
#include <limits>

#include "sim/core/assert.hpp"

namespace locksim {

void TransitionGraph::add_state(uint32_t id, uint64_t contending) {
  LOCKSIM_ASSERT(id == contending_.size(), "state {} recorded as number {}", id,
                 contending_.size());
  contending_.push_back(contending);
}

void TransitionGraph::add_transition(uint32_t from, uint32_t to, uint32_t ordinal,
                                     std::span<const Alternative> taken) {
  transitions_.push_back({from, to, ordinal, static_cast<uint32_t>(alternatives_.size()),
                          static_cast<uint32_t>(taken.size())});
  alternatives_.insert(alternatives_.end(), taken.begin(), taken.end());
}

namespace {

using Transition = TransitionGraph::Transition;
using States = std::vector<uint32_t>;

// Each state's outgoing transitions: numbers[begin[s], begin[s + 1]).
struct Outgoing {
  std::vector<uint32_t> begin;
  std::vector<uint32_t> numbers;
  auto of(uint32_t state) const -> std::span<const uint32_t> {
    return {numbers.data() + begin[state], begin[state + 1] - begin[state]};
  }
};

auto outgoing(const TransitionGraph& graph) -> Outgoing {
  Outgoing out{std::vector<uint32_t>(graph.states() + 1, 0), {}};
  for (const Transition& transition : graph.transitions()) ++out.begin[transition.from + 1];
  for (size_t s = 0; s < graph.states(); ++s) out.begin[s + 1] += out.begin[s];
  out.numbers.resize(graph.transitions().size());
  std::vector<uint32_t> next(out.begin.begin(), out.begin.end() - 1);
  for (uint32_t t = 0; t < graph.transitions().size(); ++t) {
    out.numbers[next[graph.transitions()[t].from]++] = t;
  }
  return out;
}

// The search over one client's contending states: which states are in the set being split
// (member), and the scratch to split it.
class Refinement {
 public:
  Refinement(const TransitionGraph& graph, const Outgoing& out)
      : graph_(graph), out_(out), local_(graph.states(), -1), member_(graph.states(), 0) {}

  // The strongly connected components of the subgraph `states` induce, each in increasing
  // order of state, the components in increasing order of their first state.
  auto components(const States& states) -> std::vector<States> {
    for (uint32_t i = 0; i < states.size(); ++i) local_[states[i]] = static_cast<int32_t>(i);
    boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS> subgraph(states.size());
    for (uint32_t i = 0; i < states.size(); ++i) {
      for (const uint32_t t : out_.of(states[i])) {
        const int32_t to = local_[graph_.transitions()[t].to];
        if (to >= 0) boost::add_edge(i, static_cast<uint32_t>(to), subgraph);
      }
    }
    std::vector<uint32_t> component(states.size());
    const uint32_t count = boost::strong_components(
        subgraph, boost::make_iterator_property_map(component.begin(),
                                                    boost::get(boost::vertex_index, subgraph)));
    for (const uint32_t state : states) local_[state] = -1;
    std::vector<States> grouped(count);
    for (uint32_t i = 0; i < states.size(); ++i) grouped[component[i]].push_back(states[i]);
    std::sort(grouped.begin(), grouped.end());  // by first state: states were increasing
    return grouped;
  }

  // A fair cycle within `component`, or the states a fair path cannot visit forever (those
  // offering an alternative no inner transition takes), or nothing when it has no inner
  // transition.
  struct Verdict {
    std::optional<StarvationCycle> cycle;
    States unfair;
  };
  auto examine(const States& component) -> Verdict {
    for (const uint32_t state : component) member_[state] = 1;
    Verdict verdict;
    std::vector<uint32_t> inner;
    for (const uint32_t state : component) {
      for (const uint32_t t : out_.of(state)) {
        if (member_[graph_.transitions()[t].to]) inner.push_back(t);
      }
    }
    if (!inner.empty()) {
      std::vector<Alternative> taken;
      for (const uint32_t t : inner) {
        const auto alternatives = graph_.taken(graph_.transitions()[t]);
        taken.insert(taken.end(), alternatives.begin(), alternatives.end());
      }
      std::sort(taken.begin(), taken.end());
      taken.erase(std::unique(taken.begin(), taken.end()), taken.end());
      for (const uint32_t state : component) {
        if (offers_beyond(state, taken)) verdict.unfair.push_back(state);
      }
      if (verdict.unfair.empty()) verdict.cycle = cycle_through(component);
    }
    for (const uint32_t state : component) member_[state] = 0;
    return verdict;
  }

 private:
  auto offers_beyond(uint32_t state, const std::vector<Alternative>& taken) const -> bool {
    for (const uint32_t t : out_.of(state)) {
      for (const Alternative& alternative : graph_.taken(graph_.transitions()[t])) {
        if (!std::binary_search(taken.begin(), taken.end(), alternative)) return true;
      }
    }
    return false;
  }

  // A fair cycle from the component's first state: greedily, by the shortest inner path to the
  // nearest inner transition taking an alternative offered at a state the cycle has visited but
  // not yet taken on it, then back; again from there while the way back offered more. Each
  // round takes an alternative more, and the component takes inside all those its states offer.
  auto cycle_through(const States& component) const -> StarvationCycle {
    StarvationCycle found{0, component.front(), {}};
    std::vector<Alternative> offered;  // at the states visited, sorted
    std::vector<Alternative> taken;    // by the transitions taken, sorted
    const auto visit = [&](uint32_t state) { add_sorted(offered, offered_at(state)); };
    const auto take = [&](uint32_t t) {
      add_sorted(taken, graph_.taken(graph_.transitions()[t]));
      visit(graph_.transitions()[t].to);
      found.cycle.push_back(t);
    };
    visit(found.entry);
    uint32_t at = found.entry;
    while (true) {
      std::vector<Alternative> needed;
      std::set_difference(offered.begin(), offered.end(), taken.begin(), taken.end(),
                          std::back_inserter(needed));
      if (needed.empty() && at == found.entry && !found.cycle.empty()) return found;
      const std::vector<uint32_t> path =
          needed.empty()
              ? shortest_path(at,
                              [&](uint32_t t) { return graph_.transitions()[t].to == found.entry; })
              : shortest_path(at, [&](uint32_t t) { return takes_any(t, needed); });
      for (const uint32_t t : path) take(t);
      at = graph_.transitions()[path.back()].to;
    }
  }

  auto offered_at(uint32_t state) const -> std::vector<Alternative> {
    std::vector<Alternative> offered;
    for (const uint32_t t : out_.of(state)) {
      const auto alternatives = graph_.taken(graph_.transitions()[t]);
      offered.insert(offered.end(), alternatives.begin(), alternatives.end());
    }
    return offered;
  }
  static void add_sorted(std::vector<Alternative>& set, std::span<const Alternative> more) {
    set.insert(set.end(), more.begin(), more.end());
    std::sort(set.begin(), set.end());
    set.erase(std::unique(set.begin(), set.end()), set.end());
  }
  auto takes_any(uint32_t t, const std::vector<Alternative>& needed) const -> bool {
    for (const Alternative& alternative : graph_.taken(graph_.transitions()[t])) {
      if (std::binary_search(needed.begin(), needed.end(), alternative)) return true;
    }
    return false;
  }

  // The shortest path of inner transitions (member_ marks the component, which is strongly
  // connected) from `from` whose last transition is one `wanted` accepts.
  template <class Wanted>
  auto shortest_path(uint32_t from, Wanted wanted) const -> std::vector<uint32_t> {
    std::vector<int64_t> reached_by(graph_.states(), -1);  // the transition that reached it
    std::deque<uint32_t> queue{from};
    reached_by[from] = std::numeric_limits<int64_t>::max();
    while (!queue.empty()) {
      const uint32_t state = queue.front();
      queue.pop_front();
      for (const uint32_t t : out_.of(state)) {
        const uint32_t next = graph_.transitions()[t].to;
        if (!member_[next]) continue;
        if (wanted(t)) {
          std::vector<uint32_t> path{t};
          for (uint32_t s = state; s != from;) {
            const auto back = static_cast<uint32_t>(reached_by[s]);
            path.push_back(back);
            s = graph_.transitions()[back].from;
          }
          return {path.rbegin(), path.rend()};
        }
        if (reached_by[next] >= 0) continue;
        reached_by[next] = t;
        queue.push_back(next);
      }
    }
    LOCKSIM_UNREACHABLE("no inner transition from state {} is what the cycle needs", from);
  }

  const TransitionGraph& graph_;
  const Outgoing& out_;
  std::vector<int32_t> local_;  // a state's vertex in the subgraph being split, else -1
  std::vector<char> member_;    // whether a state is in the component being examined
};

}  // namespace

auto find_starvation(const TransitionGraph& graph, uint32_t clients)
    -> std::optional<StarvationCycle> {
  const Outgoing out = outgoing(graph);
  Refinement refinement(graph, out);
  for (uint32_t client = 0; client < clients; ++client) {
    States contending;
    for (uint32_t state = 0; state < graph.states(); ++state) {
      if (graph.contending(state) >> client & 1) contending.push_back(state);
    }
    // Components still to examine, the one with the smallest first state on top.
    std::vector<States> pending = refinement.components(contending);
    std::reverse(pending.begin(), pending.end());
    while (!pending.empty()) {
      const States component = std::move(pending.back());
      pending.pop_back();
      Refinement::Verdict verdict = refinement.examine(component);
      if (verdict.cycle) {
        verdict.cycle->client = client;
        return verdict.cycle;
      }
      if (verdict.unfair.empty()) continue;  // no inner transition: no cycle at all
      States rest;
      std::set_difference(component.begin(), component.end(), verdict.unfair.begin(),
                          verdict.unfair.end(), std::back_inserter(rest));
      std::vector<States> split = refinement.components(rest);
      pending.insert(pending.end(), split.rbegin(), split.rend());
    }
  }
  return std::nullopt;
}

}  // namespace locksim
