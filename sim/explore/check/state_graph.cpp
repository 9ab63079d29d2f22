// The recorded state graph; see state_graph.hpp.
#include "sim/explore/check/state_graph.hpp"

#include "sim/core/assert.hpp"

namespace locksim {

void StateGraph::add_state(uint64_t fingerprint, uint32_t depth, bool initial, bool violating) {
  const auto [it, added] = numbers_.try_emplace(fingerprint, states_.size());
  if (added) states_.push_back({depth, initial});
  states_[it->second].violating |= violating;
}

void StateGraph::add_transition(uint64_t from, uint64_t to, std::string label, bool violating) {
  const uint32_t source = number(from);
  const uint32_t target = number(to);
  const auto [it, added] =
      transition_numbers_.try_emplace({source, target, label}, transitions_.size());
  if (added) transitions_.push_back({source, target, std::move(label)});
  transitions_[it->second].violating |= violating;
}

void StateGraph::mark_path(const std::vector<uint64_t>& states,
                           const std::vector<std::string>& labels) {
  LOCKSIM_ASSERT(states.size() == labels.size() + 1, "a path of {} states and {} steps",
                 states.size(), labels.size());
  for (size_t i = 0; i < states.size(); ++i) {
    states_[number(states[i])].on_path = true;
    if (i == 0) continue;
    const auto it =
        transition_numbers_.find({number(states[i - 1]), number(states[i]), labels[i - 1]});
    LOCKSIM_ASSERT(it != transition_numbers_.end(), "step {} of a path was not recorded", i);
    transitions_[it->second].on_path = true;
  }
}

auto StateGraph::number(uint64_t fingerprint) const -> uint32_t {
  const auto it = numbers_.find(fingerprint);
  LOCKSIM_ASSERT(it != numbers_.end(), "state {:016x} was not recorded", fingerprint);
  return it->second;
}

}  // namespace locksim
