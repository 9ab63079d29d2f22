// Starvation as cycles. With time-relative states (no horizon) the state graph of a configuration
// is finite, so every infinite behaviour ends going round a cycle of it. A client starves on a
// behaviour when, from some point on, it is running and wants the lock in every state and never
// gets it. Such a behaviour counts only if it is fair: every alternative of a choice it makes
// infinitely often is taken infinitely often (strong fairness per alternative) — the values of a
// choice (a retry delay, a message delay) and which of several events due at one instant fires
// first — so that an adversary cannot pick the losing retry delay, or the losing order of two
// SETs, forever. Faults are not alternatives: the budget is spent along a path, never on a cycle.
//
// The search records every state, with the clients that contend in it (running, wanting the
// lock, not holding it), and every transition, with the alternatives it took; find_starvation
// then looks, client by client, for a fair cycle among the states where the client contends
// (Streett emptiness by refinement, as TLC and SPIN check fairness): it splits them into
// strongly connected components (Boost.Graph's strong_components); in a component, an
// alternative offered at one of its states that none of its inner transitions takes cannot be
// taken infinitely often by a path that stays in it, so a fair path visits those states only
// finitely often — they are removed and the rest split again. A component left with a
// transition, and every alternative offered in it taken inside it, holds a fair cycle: one
// through an inner transition taking each of those alternatives.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace locksim {

// An alternative a transition took: `choice` names what was chosen (a choice kind and subject,
// or the order of a set of same-instant events), `value` which answer.
struct Alternative {
  uint64_t choice = 0;
  uint64_t value = 0;
  auto operator<=>(const Alternative&) const = default;
};

class TransitionGraph {
 public:
  // State `id` (dense, in the order the search first met them) and the clients, as bits, that
  // contend in it.
  void add_state(uint32_t id, uint64_t contending);
  // The successor numbered `ordinal` of state `from` is state `to`, reached by taking `taken`.
  void add_transition(uint32_t from, uint32_t to, uint32_t ordinal,
                      std::span<const Alternative> taken);

  auto states() const -> size_t { return contending_.size(); }
  auto contending(uint32_t state) const -> uint64_t { return contending_[state]; }
  struct Transition {
    uint32_t from = 0;
    uint32_t to = 0;
    uint32_t ordinal = 0;
    uint32_t first_alternative = 0;  // into alternatives()
    uint32_t alternatives = 0;
  };
  auto transitions() const -> const std::vector<Transition>& { return transitions_; }
  auto taken(const Transition& transition) const -> std::span<const Alternative> {
    return {alternatives_.data() + transition.first_alternative, transition.alternatives};
  }

 private:
  std::vector<uint64_t> contending_;
  std::vector<Transition> transitions_;
  std::vector<Alternative> alternatives_;
};

// A fair cycle on which `client` contends in every state: it starts and ends at state `entry`
// and takes the graph's transitions numbered `cycle`, in order.
struct StarvationCycle {
  uint32_t client = 0;
  uint32_t entry = 0;
  std::vector<uint32_t> cycle;
};

// The first client, by number, with such a cycle, and the cycle entered at the first state, in
// the order the search met them, of the component it goes round; none when every fair
// behaviour lets every contender in.
auto find_starvation(const TransitionGraph& graph, uint32_t clients)
    -> std::optional<StarvationCycle>;

}  // namespace locksim
