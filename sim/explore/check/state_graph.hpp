// The state graph a model-checker search explored, recorded for a picture of a small
// configuration (state_graph_dot.hpp): every state admitted, numbered in the order the search
// first met it, and every transition taken, with the initial states, the violating ones and the
// counterexamples' paths marked. The search records into it in its merge order, which does not
// depend on the thread count, so neither do the numbers.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <vector>

namespace locksim {

class StateGraph {
 public:
  struct State {
    uint32_t depth = 0;  // when first met (breadth-first: its distance from an initial state)
    bool initial = false;
    bool violating = false;  // reached by a transition that violated a checked invariant
    bool on_path = false;    // on a counterexample's path
  };
  struct Transition {
    uint32_t from = 0;
    uint32_t to = 0;
    std::string label;  // what the step did (step_label)
    bool violating = false;
    bool on_path = false;
  };

  // Records the state when it is new (at the depth it was met at); `violating`: reached by a
  // transition that violated a checked invariant.
  void add_state(uint64_t fingerprint, uint32_t depth, bool initial, bool violating);
  // A transition between two recorded states; the same one taken again (another combination of
  // choices to the same state) is recorded once.
  void add_transition(uint64_t from, uint64_t to, std::string label, bool violating);
  // Marks a counterexample's path: its states' fingerprints, the initial one first, and the
  // labels of its steps between them.
  void mark_path(const std::vector<uint64_t>& states, const std::vector<std::string>& labels);

  auto states() const -> const std::vector<State>& { return states_; }
  auto transitions() const -> const std::vector<Transition>& { return transitions_; }

 private:
  auto number(uint64_t fingerprint) const -> uint32_t;

  std::vector<State> states_;
  std::vector<Transition> transitions_;
  std::map<uint64_t, uint32_t> numbers_;  // by fingerprint
  std::map<std::tuple<uint32_t, uint32_t, std::string>, size_t> transition_numbers_;
};

}  // namespace locksim
