// The model checker: the third driver of the same world and the same step. From every state it
// tries every action — each event due first (the order of same-instant events is a choice, but
// for those that travel one connection in one direction, which TCP keeps in order), and each
// fault the budget still allows on each subject that can suffer it — under every combination of
// answers from the choice domains, and evaluates the checked invariants on every transition.
// States are deduplicated by fingerprint (the world, the monitors' history, the budget left),
// kept exactly (VisitedSet) or as a few bits of one array (BitstateSet), which may miss states.
// Breadth-first by default, so the first counterexample is a shortest one; its states are
// expanded on any number of threads and admitted in queue order, the order one thread admits
// them in, so that verdicts, counts and counterexamples do not depend on the thread count.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/check/invariant.hpp"
#include "sim/explore/check/choice_domains.hpp"
#include "sim/explore/check/fault_budget.hpp"
#include "sim/explore/pinned_choice.hpp"
#include "sim/explore/scripted_chooser.hpp"
#include "sim/world/world.hpp"

namespace locksim {

class StateGraph;

struct CheckProgress {
  uint64_t states = 0;
  uint64_t transitions = 0;
  uint32_t depth = 0;
  uint64_t frontier = 0;
  uint64_t memory_bytes = 0;
};

struct CheckOptions {
  enum class Order : uint8_t { breadth_first, depth_first };
  Order order = Order::breadth_first;
  std::optional<Duration> horizon;    // no event after this true time fires
  std::optional<uint32_t> depth_max;  // no path longer than this many steps
  uint64_t states_max = 20'000'000;
  uint64_t memory_max_bytes = uint64_t{4} << 30;
  // Bitstate storage (BitstateSet) with a bit array of this many bytes; none: every state's
  // fingerprint is kept exactly. Not with a depth-bounded depth-first search, which must keep how
  // much depth was left at each state (VisitedSet's slack) and a bit cannot.
  std::optional<uint64_t> bitstate_bytes;
  uint64_t bitstate_salt = 0;  // keys the bitstate hash functions
  // Nonzero: each state's successors are explored in an order this keys (ranked by a hash of
  // the key and each successor's fingerprint, so the order depends on the states alone, never on
  // the threads); 0: in the order the actions and choices are enumerated. A swarm's searches
  // differ by it.
  uint64_t successor_order = 0;
  std::vector<std::string_view> invariants;  // checked (names of kInvariantNames)
  FaultBudget budget;
  ChoiceDomains domains{Duration::seconds(1), Duration::millis(500)};
  // Occurrences of choices fixed to one value (a scenario's start times and message delays):
  // the domain of a pinned occurrence is its value alone, whatever the distribution. How many
  // matching choices a path has asked so far is part of the state.
  std::vector<PinnedChoice> pins;
  // Merge states whose clients are a renumbering of each other's, where the clients are
  // interchangeable (symmetry.hpp); off by itself where they are not.
  bool symmetry = true;
  // Fire alone the timer due first where that is a persistent set (partial_order.hpp).
  bool partial_order = true;
  // Look for fair cycles on which a client never gets the lock (starvation.hpp), once the graph
  // is explored: only with states relative to now (times_can_be_relative), which make infinite
  // behaviours cycles; keeps every transition, and follows clients as numbered (no symmetry).
  bool starvation = false;
  uint32_t jobs = 1;
  bool all = false;  // keep going after the first violation, for every invariant's shortest
  std::function<void(const CheckProgress&)> progress;  // now and then, from the calling thread
  // Records the states and transitions explored, for a picture of a small configuration.
  StateGraph* graph = nullptr;
  // Reads the process's memory use; none: the memory bound is not checked.
  std::function<uint64_t()> memory_in_use;
};

// One step of a path: what the driver did and every choice it made.
struct PathStep {
  Action action;
  Event event;
  std::vector<RecordedChoice> choices;
};

struct Counterexample {
  Finding finding;
  std::vector<PinnedChoice> pins;               // those it was explored under (CheckOptions)
  std::vector<RecordedChoice> initial_choices;  // those make_world asked
  std::vector<PathStep> steps;
  // A starvation lasso's: steps from this one on are a cycle that repeats forever.
  std::optional<size_t> cycle_from;
  // Every choice of the path in order, as a recorded run replays them.
  auto choices() const -> std::vector<RecordedChoice>;
};

struct CheckResult {
  // no_violation_found: the search ended without a violation or a bound, in bitstate storage,
  // which may have missed states (omission_probability), so it verified nothing.
  enum class Verdict : uint8_t { verified, violated, bound_reached, no_violation_found };
  enum class Bound : uint8_t { none, states, depth, memory };
  Verdict verdict = Verdict::verified;
  Bound bound = Bound::none;  // what stopped the search, for bound_reached
  uint64_t distinct_states = 0;
  uint64_t transitions = 0;  // successors computed, duplicates included
  uint32_t depth = 0;        // the deepest level reached
  bool horizon_cut = false;  // some state had events left after the horizon
  uint64_t visited_bytes = 0;
  double collision_probability = 0;
  // Bitstate storage only: the hash functions, the chance that a new state met at the end would
  // have been taken for one seen, and an upper bound on the probability that any state was
  // (BitstateSet::omission_bound, plus the fingerprint collision probability).
  bool bitstate = false;
  std::string hash_functions;
  double false_positive_rate = 0;
  double omission_probability = 0;
  // Whether worlds that differ only by absolute time were merged (times_can_be_relative).
  bool relative_time = false;
  // Whether states were merged by symmetry over interchangeable clients, and where it was asked
  // for but is off, why (why_clients_differ).
  bool symmetry = false;
  std::string symmetry_off;
  // Whether partial-order reduction was on, where it was asked for but is off why, and how many
  // states were expanded by one timer alone.
  bool partial_order = false;
  std::string partial_order_off;
  uint64_t fired_alone = 0;
  std::vector<Counterexample> counterexamples;  // one per invariant violated, in name order
  DomainsUsed domains;
};

// Explores the configuration. Throws DomainError for a domain no choice can take.
auto check(const std::shared_ptr<const WorldConfig>& config, const CheckOptions& options)
    -> CheckResult;

auto to_string(CheckResult::Bound bound) -> std::string_view;

// Whether states may be written with times relative to now (StateEncoder): only without a
// horizon (with one, how much time is left is part of the state), when no clock drifts (so every
// reading advances with true time) and no algorithm keeps a clock reading as data (the GETSET
// recipe's timestamps).
auto times_can_be_relative(const WorldConfig& config, const CheckOptions& options) -> bool;

}  // namespace locksim
