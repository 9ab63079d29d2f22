// The model checker; see model_checker.hpp.
#include "sim/explore/check/model_checker.hpp"

#include <algorithm>
#include <array>
#include <deque>
#include <mutex>
#include <unordered_map>
#include <variant>

#include "sim/core/assert.hpp"
#include "sim/core/prng.hpp"
#include "sim/explore/check/bitstate_set.hpp"
#include "sim/explore/check/counterexample.hpp"
#include "sim/explore/check/domain_odometer.hpp"
#include "sim/explore/check/ordered_work_queue.hpp"
#include "sim/explore/check/partial_order.hpp"
#include "sim/explore/check/path_links.hpp"
#include "sim/explore/check/starvation.hpp"
#include "sim/explore/check/state_graph.hpp"
#include "sim/explore/check/symmetry.hpp"
#include "sim/explore/check/visited_set.hpp"
#include "sim/world/step.hpp"

namespace locksim {
namespace {

using Monitors = std::vector<std::unique_ptr<Invariant>>;

struct Node {
  World world;
  Monitors monitors;  // the checked invariants, with their history
  FaultBudget budget;
  std::vector<uint32_t> pin_seen;  // per pin of the options: matching choices asked so far
  uint32_t depth = 0;
  uint32_t link = 0;  // how it was reached (PathLinks)

  // Becomes a copy of `other`, in the buffers of a node the search is done with: copying into
  // them allocates next to nothing, a fresh copy of a world dozens of times.
  void assign(const Node& other) {
    world = other.world;
    if (monitors.size() == other.monitors.size()) {
      for (size_t m = 0; m < monitors.size(); ++m) monitors[m]->assign_from(*other.monitors[m]);
    } else {
      monitors.clear();
      for (const auto& monitor : other.monitors) monitors.push_back(monitor->clone());
    }
    budget = other.budget;
    pin_seen = other.pin_seen;
    depth = other.depth;
    link = other.link;
  }
};

// Nodes travel by pointer: the frontier, the successors and the spares move them at every
// transition, and a node is dozens of containers.
using NodePtr = std::unique_ptr<Node>;

// Nodes the search is done with, kept for their buffers (Node::assign): the successors it did
// not keep and the nodes it expanded.
class SpareNodes {
 public:
  auto take() -> NodePtr {
    if (nodes_.empty()) return std::make_unique<Node>();
    NodePtr node = std::move(nodes_.back());
    nodes_.pop_back();
    return node;
  }
  // Keeps the node unless enough are kept already (or none is left: a successor took it).
  void give(NodePtr&& node) {
    if (node && nodes_.size() < kKept) nodes_.push_back(std::move(node));
  }
  // Moves up to `count` of them to `other`, as far as it keeps them.
  void lend(SpareNodes& other, size_t count) {
    count = std::min({count, nodes_.size(), kKept - std::min(kKept, other.nodes_.size())});
    const auto first = nodes_.end() - static_cast<std::ptrdiff_t>(count);
    other.nodes_.insert(other.nodes_.end(), std::make_move_iterator(first),
                        std::make_move_iterator(nodes_.end()));
    nodes_.erase(first, nodes_.end());
  }
  // Moves all of them to `other`, as far as it keeps them.
  void give_all(SpareNodes& other) { lend(other, nodes_.size()); }

 private:
  static constexpr size_t kKept = 2048;
  std::vector<NodePtr> nodes_;
};

// Spare nodes shared by the threads of a breadth-first search: a thread borrows a chunk's
// worth before it expands the chunk, and the search gives back, once it has admitted the chunk,
// what it did not keep. Lent when a chunk is expanded rather than when it is queued, so that
// the chunks waiting in the queue hold no spares.
class SharedSpares {
 public:
  void lend(SpareNodes& to, size_t count) {
    const std::lock_guard lock(mutex_);
    nodes_.lend(to, count);
  }
  void take_back(SpareNodes& from) {
    const std::lock_guard lock(mutex_);
    from.give_all(nodes_);
  }

 private:
  std::mutex mutex_;
  SpareNodes nodes_;
};

// The checked monitors' history, which is part of a state.
void encode_histories(const Node& node, StateEncoder& encoder) {
  for (const auto& monitor : node.monitors) monitor->encode_history(encoder, node.world);
}

// What a state is for the search: the world, canonically, with the monitors' history and the
// budget left, all through one encoder so that tokens are renamed alike everywhere; with
// symmetry, its clients in the order their states sort in.
auto state_fingerprint(const Node& node, bool relative_time, bool symmetry, ClientOrder& clients)
    -> uint64_t {
  if (symmetry) order_clients_by_state(node.world, relative_time, clients);
  Fingerprinter f;
  // The names go into the scratch's buffers, which the ordering above is done with: a state
  // names a token or two, and a fresh encoder would allocate for them at every successor.
  StateEncoder encoder(f, relative_time, node.world.now, clients.scratch.names);
  if (symmetry) encoder.order_clients(clients.order, clients.position);
  encode(node.world, encoder);
  encode_histories(node, encoder);
  for (const uint8_t left : node.budget.remaining) encoder.add(static_cast<uint64_t>(left));
  for (const uint32_t seen : node.pin_seen) encoder.add(static_cast<uint64_t>(seen));
  return f.digest();
}

// An event as the alternative it is among those due at one instant: its kind, subject and,
// but for the request ids of timeouts (which only grow), its detail — never its time, which
// moves on from one round of a cycle to the next.
auto due_alternative(const Event& event) -> uint64_t {
  const bool id = event.kind == EventKind::request_timeout || event.kind == EventKind::wait_timeout;
  uint64_t state = uint64_t{static_cast<uint8_t>(event.kind)} << 56 ^
                   uint64_t { event.subject } << 24 ^ (id ? 0 : event.detail);
  return splitmix64(state);
}

// The alternatives a fired step took (starvation.hpp): each choice's answer and, where several
// events were due at the instant, which of them fired first.
void alternatives_taken(const World& before, const Event& fired,
                        const std::vector<RecordedChoice>& answers, std::vector<Alternative>& out) {
  for (const RecordedChoice& answer : answers) {
    out.push_back({uint64_t{static_cast<uint8_t>(answer.kind)} << 32 | answer.subject,
                   static_cast<uint64_t>(answer.value.us)});
  }
  const size_t due = before.queue.due_count();
  if (due < 2) return;
  uint64_t order = 0;  // the set of events due, as the choice of which goes first
  for (size_t i = 0; i < due; ++i) order += due_alternative(before.queue.due_at(i));
  out.push_back({order | uint64_t{1} << 63, due_alternative(fired)});
}

// The clients, as bits, that contend for the lock: running, wanting it, not holding it.
auto contending(const World& world) -> uint64_t {
  uint64_t clients = 0;
  for (uint32_t c = 0; c < world.clients.size(); ++c) {
    const ClientState& client = world.clients[c];
    if (client.status == ProcessStatus::running && client.wanting && !client.belief.holding) {
      clients |= uint64_t{1} << c;
    }
  }
  return clients;
}

// The monitors of the invariants named: the locks', and a workload's if the world runs one.
auto checked_monitors(const std::vector<std::string_view>& names, const WorldConfig& config)
    -> Monitors {
  Monitors made = make_invariants();
  for (auto& monitor : make_workload_invariants(config)) made.push_back(std::move(monitor));
  Monitors monitors;
  for (auto& monitor : made) {
    if (std::find(names.begin(), names.end(), monitor->name()) != names.end()) {
      monitors.push_back(std::move(monitor));
    }
  }
  return monitors;
}

// A successor with what it newly violated (indexes into its monitors) and how it was reached.
struct Successor {
  NodePtr node;
  uint64_t fingerprint = 0;
  std::vector<size_t> violated;
  PathLink link;  // its parent's link, and which of the parent's successors it is
  // The step that reached it (for a root, none): what a state graph labels its transition with.
  Action action;
  Event event;
  // With starvation checked: the alternatives the step took (starvation.hpp).
  std::vector<Alternative> alternatives;
};

// What a thread keeps from chunk to chunk: the domains its choices have met, and buffers it
// fills again for every state it expands.
struct ThreadScratch {
  explicit ThreadScratch(const ChoiceDomains& choice_domains) : domains(choice_domains) {}
  DomainCache domains;
  ClientOrder clients;                     // symmetry's buffers
  std::vector<Action> actions;             // the expanded state's
  std::optional<DomainOdometer> odometer;  // restarted for each action
  std::vector<uint64_t> counts;            // the expanded state's monitors' violation counts
  // Per event kind, whether a step of it met more than one combination of answers here: the
  // successors of such steps are never made in the expanded state's own storage (expand).
  std::array<bool, 256> branches{};
  // States expanded, and steps replayed to rebuild them, here: a rebuild replays as many steps
  // as the state is deep, and is risked only while the replays stay within one a state.
  uint64_t expanded = 0;
  uint64_t replayed = 0;
};

// What one thread brings back from expanding some states.
struct Expansion {
  std::vector<Successor> successors;
  ThreadScratch* thread = nullptr;   // the expanding thread's
  SpareNodes* spare = nullptr;       // where successors' nodes come from
  const PathLinks* links = nullptr;  // the search's, to rebuild an expanded state from
  DomainsUsed domains;
  bool horizon_cut = false;
  bool depth_cut = false;
  uint64_t fired_alone = 0;  // states expanded by their first timer alone (partial_order.hpp)
};

class Explorer {
 public:
  Explorer(std::shared_ptr<const WorldConfig> config, const CheckOptions& options,
           bool relative_time, bool symmetry, bool partial_order)
      : config_(std::move(config)),
        monitors_(checked_monitors(options.invariants, *config_)),
        options_(options),
        relative_time_(relative_time),
        symmetry_(symmetry),
        partial_order_(partial_order) {}

  // `clients`: the calling thread's, for its buffers.
  auto fingerprint(const Node& node, ClientOrder& clients) const -> uint64_t {
    return state_fingerprint(node, relative_time_, symmetry_, clients);
  }
  auto config() const -> const WorldConfig& { return *config_; }
  // The checked invariants' monitors as a run starts.
  auto monitors() const -> const Monitors& { return monitors_; }

  // Calls root(node, answers) for each initial world, under every combination of the choices
  // make_world asks, until it returns false.
  template <class Root>
  void for_each_root(const Monitors& prototypes, DomainsUsed& used, Root root) const {
    DomainCache domains(options_.domains);
    DomainOdometer initial(domains, used, options_.pins,
                           std::vector<uint32_t>(options_.pins.size()));
    uint32_t ordinal = 0;
    do {
      Node node{make_world(config_, initial), {}, options_.budget, initial.pin_seen(), 0, 0};
      for (const auto& monitor : prototypes) node.monitors.push_back(monitor->clone());
      if (!root(std::move(node), PathLink{PathLink::kRoot, ordinal++}, initial.answers())) return;
    } while (initial.next());
  }

  // Every action that can be taken from the node within the bounds, into `actions`.
  void actions(const Node& node, Expansion& out, std::vector<Action>& actions) const {
    actions.clear();
    const World& world = node.world;
    const bool due = can_step(world);
    const bool in_horizon =
        !options_.horizon || (due && next_event_time(world) <= TrueTime{} + *options_.horizon);
    if (due && !in_horizon) out.horizon_cut = true;
    if (due && in_horizon) {
      const auto count = static_cast<uint32_t>(world.queue.due_count());
      for (uint32_t i = 0; i < count; ++i) actions.push_back({Action::Kind::fire, i, {}});
    }
    for (size_t k = 0; k < kFaultKindCount; ++k) {
      if (node.budget.remaining[k] == 0) continue;
      const auto kind = static_cast<FaultKind>(k);
      for (uint32_t subject = 0; subject < fault_subjects(world, kind); ++subject) {
        const InjectedFault fault{kind, subject};
        if (can_inject(world, fault)) actions.push_back({Action::Kind::inject, 0, fault});
      }
    }
    if (!actions.empty() && options_.depth_max && node.depth >= *options_.depth_max) {
      out.depth_cut = true;
      actions.clear();
    }
  }

  // Appends the successors of a state the search is done with. The last action's may be made in
  // the state's own storage, since a state has a successor or so and copying a world with its
  // monitors is the largest cost of a transition: where that action then turns out to have
  // another combination of answers, the state is rebuilt from its path for the others, and this
  // thread makes no more successors of that kind of event in place (nor any, were a rebuild to
  // replay more steps than it has expanded states). Where a successor is made changes no
  // successor, so nothing the search finds depends on it.
  void expand(NodePtr& spent, Expansion& out) const {
    const Node* node = spent.get();
    const uint32_t link = node->link;
    NodePtr rebuilt;
    ThreadScratch& thread = *out.thread;
    ++thread.expanded;
    const bool rebuild_affordable = thread.replayed + node->depth <= thread.expanded;
    thread.counts.clear();
    for (const auto& monitor : node->monitors) thread.counts.push_back(monitor->count());
    const size_t first = out.successors.size();
    uint32_t ordinal = 0;  // of the successor among the node's
    std::vector<Action>& all = thread.actions;
    actions(*node, out, all);
    // The client-side step due first may be enough (partial_order.hpp): its successors come
    // first, so they keep their numbers whether the others follow or not.
    const std::optional<uint32_t> alone =
        partial_order_ ? client_alone(node->world, node->budget) : std::nullopt;
    for (const Action& action : all) {
      if (alone && &action != all.data() &&
          fired_invisibly(*node, *alone,
                          out.successors.begin() + static_cast<std::ptrdiff_t>(first),
                          out.successors.end())) {
        ++out.fired_alone;
        break;
      }
      const Event upcoming = next_event(node->world, action);
      bool& branches = thread.branches[static_cast<uint8_t>(upcoming.kind)];
      bool in_place =
          &action == &all.back() && !branches && rebuild_affordable && !options_.starvation;
      DomainOdometer& chooser = odometer(*node, out);
      bool more = false;
      do {
        Successor& successor = out.successors.emplace_back();
        successor.link = {link, ordinal++};
        if (in_place) {
          successor.node = std::move(spent);
        } else {
          successor.node = out.spare->take();
          successor.node->assign(*node);
        }
        Node& next = *successor.node;
        const Event event = take_step(next, action, upcoming, chooser);
        successor.action = action;
        successor.event = event;
        successor.alternatives.clear();
        if (options_.starvation && action.kind == Action::Kind::fire) {
          alternatives_taken(node->world, upcoming, chooser.answers(), successor.alternatives);
        }
        for (size_t m = 0; m < next.monitors.size(); ++m) {
          if (next.monitors[m]->count() > thread.counts[m]) successor.violated.push_back(m);
        }
        successor.fingerprint = fingerprint(next, thread.clients);
        more = chooser.next();
        if (in_place && more) {
          branches = true;
          in_place = false;
          rebuilt = out.spare->take();
          rebuild(*out.links, link, *rebuilt);
          node = rebuilt.get();
          thread.replayed += node->depth;
        }
      } while (more);
    }
    out.spare->give(std::move(rebuilt));
    if (options_.successor_order != 0) permute(out.successors, first);
  }

  // The expanding thread's odometer, started over for an action of `node`.
  auto odometer(const Node& node, Expansion& out) const -> DomainOdometer& {
    std::optional<DomainOdometer>& odometer = out.thread->odometer;
    if (odometer) {
      odometer->restart(out.domains, node.pin_seen);
    } else {
      odometer.emplace(out.thread->domains, out.domains, options_.pins, node.pin_seen);
    }
    return *odometer;
  }

  // Whether every successor of the client-side step fired first violates nothing and leaves
  // what the invariants observe as it was, their own history included.
  auto fired_invisibly(const Node& node, uint32_t client,
                       std::vector<Successor>::const_iterator begin,
                       std::vector<Successor>::const_iterator end) const -> bool {
    const uint64_t history = histories_fingerprint(node);
    return std::all_of(begin, end, [&](const Successor& successor) {
      return successor.violated.empty() &&
             invisible_step(node.world, successor.node->world, client) &&
             histories_fingerprint(*successor.node) == history;
    });
  }
  // The checked monitors' history alone: a step that leaves it as it was is one no monitor
  // took note of.
  auto histories_fingerprint(const Node& node) const -> uint64_t {
    Fingerprinter f;
    StateEncoder encoder(f, relative_time_, node.world.now);
    encode_histories(node, encoder);
    return f.digest();
  }

  // Reorders successors[first, end) by a keyed hash of their fingerprints (stable: the same
  // state reached twice keeps its two paths in their enumerated order). Each keeps its link,
  // which names it by its place in the enumerated order, so replaying a path is unchanged.
  void permute(std::vector<Successor>& successors, size_t first) const {
    const auto rank = [key = options_.successor_order](const Successor& successor) {
      uint64_t state = successor.fingerprint ^ key;
      return splitmix64(state);
    };
    std::stable_sort(successors.begin() + static_cast<std::ptrdiff_t>(first), successors.end(),
                     [&](const Successor& a, const Successor& b) { return rank(a) < rank(b); });
  }

  // The path to a state from its links, root first: the choices make_world asked, then every
  // step, rebuilt by taking the same actions under the same answers again (the search is
  // deterministic, so the n-th successor of a state is the same every time it is generated).
  // The steps of the path `chain` names (root first), then of the successors numbered `then`.
  auto replay(const std::vector<PathLink>& chain, std::vector<RecordedChoice>& initial_choices,
              std::span<const uint32_t> then = {}) const -> std::vector<PathStep> {
    Node node = root_of(chain.front(), {}, initial_choices);
    std::vector<PathStep> steps;
    for (size_t i = 1; i < chain.size(); ++i)
      steps.push_back(replay_step(node, chain[i].successor));
    for (const uint32_t ordinal : then) steps.push_back(replay_step(node, ordinal));
    return steps;
  }

 private:
  // The root a path starts from, with these monitors, and the choices make_world asked for it.
  auto root_of(PathLink link, const Monitors& monitors,
               std::vector<RecordedChoice>& initial_choices) const -> Node {
    DomainsUsed used;  // the search's record already has every value these use
    std::optional<Node> node;
    for_each_root(monitors, used, [&](Node&& root, PathLink root_link, const auto& answers) {
      if (root_link.successor != link.successor) return true;
      node = std::move(root);
      initial_choices = answers;
      return false;
    });
    LOCKSIM_ASSERT(node, "no root number {}", link.successor);
    return std::move(*node);
  }

  // The stored state `link` names, rebuilt into `into` by taking its path again from its root
  // with its monitors watching, as the search reached it.
  void rebuild(const PathLinks& links, uint32_t link, Node& into) const {
    const std::vector<PathLink> chain = links.chain(links[link]);
    std::vector<RecordedChoice> initial_choices;
    into = root_of(chain.front(), monitors_, initial_choices);
    for (size_t i = 1; i < chain.size(); ++i) replay_step(into, chain[i].successor);
    into.link = link;
  }

  // Takes one step from `next` (a copy of the state it leaves), whose next event for the action
  // is `upcoming`, its monitors watching.
  auto take_step(Node& next, const Action& action, const Event& upcoming,
                 DomainOdometer& chooser) const -> Event {
    for (const auto& monitor : next.monitors) monitor->before_step(next.world, upcoming);
    const Event event = apply(next.world, action, chooser);
    ++next.depth;
    if (action.kind == Action::Kind::inject) {
      --next.budget.remaining[static_cast<size_t>(action.fault.kind)];
    }
    next.pin_seen = chooser.pin_seen();
    for (const auto& monitor : next.monitors) monitor->after_step(next.world, event, next.depth);
    return event;
  }

  // Moves `node` to its successor number `ordinal` and returns the step taken.
  auto replay_step(Node& node, uint32_t ordinal) const -> PathStep {
    Expansion scratch;
    DomainCache domains(options_.domains);
    uint32_t seen = 0;
    std::vector<Action> all;
    actions(node, scratch, all);
    for (const Action& action : all) {
      DomainOdometer chooser(domains, scratch.domains, options_.pins, node.pin_seen);
      do {
        Node next;
        next.assign(node);
        const Event event = take_step(next, action, next_event(node.world, action), chooser);
        if (seen++ == ordinal) {
          PathStep step{action, event, chooser.answers()};
          node = std::move(next);
          return step;
        }
      } while (chooser.next());
    }
    LOCKSIM_UNREACHABLE("successor {} of a state with {}", ordinal, seen);
  }

  std::shared_ptr<const WorldConfig> config_;
  Monitors monitors_;
  const CheckOptions& options_;
  bool relative_time_;
  bool symmetry_;
  bool partial_order_;
};

auto make_visited(const CheckOptions& options) -> std::variant<VisitedSet, BitstateSet> {
  const bool with_slack = options.order == CheckOptions::Order::depth_first && options.depth_max;
  if (!options.bitstate_bytes) return VisitedSet(with_slack);
  LOCKSIM_ASSERT(!with_slack, "bitstate storage cannot keep the depth left of a bounded DFS");
  return BitstateSet(*options.bitstate_bytes, options.bitstate_salt);
}

// The search's bookkeeping, shared by both orders.
class Search {
 public:
  Search(const Explorer& explorer, const CheckOptions& options, CheckResult& result)
      : explorer_(explorer), options_(options), result_(result), visited_(make_visited(options)) {}

  // Takes in a state reached by the search (by a transition, or a root); false when the search
  // must stop. A state not kept leaves its node to `spare`.
  auto admit(Successor& successor, std::vector<NodePtr>& frontier, SpareNodes& spare,
             bool root = false) -> bool {
    if (!root) ++result_.transitions;
    if (options_.graph) record(successor, root);
    for (const size_t m : successor.violated) {
      const Invariant& monitor = *successor.node->monitors[m];
      if (violated(monitor.name())) continue;
      result_.counterexamples.push_back(counterexample(successor, monitor));
      if (!options_.all) return false;
    }
    const uint32_t slack =
        options_.depth_max ? *options_.depth_max - successor.node->depth : uint32_t{0};
    if (!insert(successor.fingerprint, slack)) {
      if (options_.starvation && !root) {
        record_transition(successor, state_numbers_.at(successor.fingerprint));
      }
      spare.give(std::move(successor.node));
      return true;
    }
    ++result_.distinct_states;
    result_.depth = std::max(result_.depth, successor.node->depth);
    successor.node->link = links_.add(successor.link);
    if (options_.graph) link_fingerprints_.push_back(successor.fingerprint);
    if (options_.starvation) {
      state_numbers_.emplace(successor.fingerprint, successor.node->link);
      transitions_.add_state(successor.node->link, contending(successor.node->world));
      if (!root) record_transition(successor, successor.node->link);
    }
    frontier.push_back(std::move(successor.node));
    return within_bounds();
  }

  auto within_bounds() -> bool {
    if (result_.distinct_states >= options_.states_max) return stop(CheckResult::Bound::states);
    if (options_.memory_in_use && result_.distinct_states % 4096 == 0 &&
        options_.memory_in_use() > options_.memory_max_bytes) {
      return stop(CheckResult::Bound::memory);
    }
    return true;
  }

  // Every kReportEvery new states at most: a level of a narrow graph holds a few, and reading
  // the memory in use is a system call.
  void report(uint64_t frontier) {
    if (!options_.progress || result_.distinct_states < reported_at_ + kReportEvery) return;
    reported_at_ = result_.distinct_states;
    options_.progress({result_.distinct_states, result_.transitions, result_.depth, frontier,
                       options_.memory_in_use ? options_.memory_in_use() : 0});
  }

  void finish() {
    if (const auto* exact = std::get_if<VisitedSet>(&visited_)) {
      result_.visited_bytes = exact->bytes();
      result_.collision_probability = exact->collision_probability();
    } else {
      const auto& bits = std::get<BitstateSet>(visited_);
      result_.visited_bytes = bits.bytes();
      result_.collision_probability = fingerprint_collision_probability(bits.size());
      result_.bitstate = true;
      result_.hash_functions = bits.describe();
      result_.false_positive_rate = bits.false_positive_rate();
      result_.omission_probability =
          std::min(1.0, bits.omission_bound() + result_.collision_probability);
    }
    std::sort(result_.counterexamples.begin(), result_.counterexamples.end(),
              [](const Counterexample& a, const Counterexample& b) {
                return rank(a.finding.invariant) < rank(b.finding.invariant);
              });
    if (!result_.counterexamples.empty()) {
      result_.verdict = CheckResult::Verdict::violated;
    } else if (result_.bound != CheckResult::Bound::none) {
      result_.verdict = CheckResult::Verdict::bound_reached;
    } else if (result_.bitstate) {
      result_.verdict = CheckResult::Verdict::no_violation_found;
    }
  }

  // With starvation checked, once the graph closed: a fair cycle on which a client never gets
  // the lock, as a counterexample whose steps after cycle_from repeat forever.
  void find_starvation_cycle() {
    // Only a graph explored to the end offers every alternative of its states.
    const bool stopped_early = !options_.all && !result_.counterexamples.empty();
    if (!options_.starvation || result_.bound != CheckResult::Bound::none || stopped_early) {
      return;
    }
    const std::optional<StarvationCycle> found =
        find_starvation(transitions_, static_cast<uint32_t>(explorer_.config().clients.size()));
    if (!found) return;
    std::vector<uint32_t> ordinals;
    for (const uint32_t t : found->cycle) ordinals.push_back(transitions_.transitions()[t].ordinal);
    Counterexample lasso{{}, options_.pins, {}, {}};
    lasso.steps =
        explorer_.replay(links_.chain(links_[found->entry]), lasso.initial_choices, ordinals);
    lasso.cycle_from = lasso.steps.size() - ordinals.size();
    const ClientId client{found->client};
    lasso.finding = {
        .invariant = "starvation",
        .at = lasso.steps.back().event.at,
        .step = lasso.steps.size(),
        .clients = {client},
        .what = fmt::format("{} wants the lock and never gets it: steps {}-{} repeat forever, "
                            "a fair cycle (every alternative offered on it taken on it)",
                            client, *lasso.cycle_from + 1, lasso.steps.size())};
    result_.counterexamples.push_back(std::move(lasso));
  }

  auto links() const -> const PathLinks& { return links_; }

  void absorb(Expansion& expansion) {
    result_.domains.merge(expansion.domains);
    result_.horizon_cut |= expansion.horizon_cut;
    result_.fired_alone += expansion.fired_alone;
    if (expansion.depth_cut && result_.bound == CheckResult::Bound::none) {
      result_.bound = CheckResult::Bound::depth;
    }
  }

 private:
  static auto rank(std::string_view invariant) -> size_t {
    return static_cast<size_t>(
        std::find(kReportedInvariantNames.begin(), kReportedInvariantNames.end(), invariant) -
        kReportedInvariantNames.begin());
  }
  auto violated(std::string_view invariant) const -> bool {
    return std::any_of(result_.counterexamples.begin(), result_.counterexamples.end(),
                       [&](const Counterexample& c) { return c.finding.invariant == invariant; });
  }
  auto stop(CheckResult::Bound bound) -> bool {
    result_.bound = bound;
    return false;
  }
  auto insert(uint64_t fingerprint, uint32_t slack) -> bool {
    if (auto* exact = std::get_if<VisitedSet>(&visited_)) return exact->insert(fingerprint, slack);
    return std::get<BitstateSet>(visited_).insert(fingerprint);
  }
  // The counterexample of `successor`, which violated `monitor`; with a state graph, its path
  // is marked there.
  auto counterexample(const Successor& successor, const Invariant& monitor) const
      -> Counterexample {
    Counterexample found{*monitor.first_finding(), options_.pins, {}, {}};
    found.steps = explorer_.replay(links_.chain(successor.link), found.initial_choices);
    if (options_.graph) mark_path(successor, found);
    return found;
  }
  void record_transition(const Successor& successor, uint32_t to) {
    transitions_.add_transition(successor.link.parent, to, successor.link.successor,
                                successor.alternatives);
  }
  // Records the state and the transition that reached it into the state graph.
  void record(const Successor& successor, bool root) {
    const bool violating = !successor.violated.empty();
    options_.graph->add_state(successor.fingerprint, successor.node->depth, root, violating);
    if (root) return;
    options_.graph->add_transition(link_fingerprints_[successor.link.parent], successor.fingerprint,
                                   step_label(successor.action, successor.event), violating);
  }
  // Marks the path to `successor` in the state graph: the stored states its links name, root
  // first, then the successor.
  void mark_path(const Successor& successor, const Counterexample& found) const {
    std::vector<uint64_t> states{successor.fingerprint};
    for (uint32_t link = successor.link.parent; link != PathLink::kRoot;
         link = links_[link].parent) {
      states.push_back(link_fingerprints_[link]);
    }
    std::reverse(states.begin(), states.end());
    std::vector<std::string> labels;
    for (const PathStep& step : found.steps) labels.push_back(step_label(step.action, step.event));
    options_.graph->mark_path(states, labels);
  }

  static constexpr uint64_t kReportEvery = 2048;
  const Explorer& explorer_;
  const CheckOptions& options_;
  CheckResult& result_;
  uint64_t reported_at_ = 0;  // distinct states at the last report
  std::variant<VisitedSet, BitstateSet> visited_;
  PathLinks links_;
  std::vector<uint64_t> link_fingerprints_;  // with a state graph: per link, its state's
  // With starvation checked: every state and transition, and each state's number by its
  // fingerprint.
  TransitionGraph transitions_;
  std::unordered_map<uint64_t, uint32_t> state_numbers_;
};

// Breadth-first on `jobs` threads, without a barrier between levels: the frontier is one queue
// of chunks; the threads expand chunks as they come, and this thread admits each chunk's
// successors in queue order — the order a single thread admits them in — so that the verdict,
// the counts and the counterexamples are the same for any number of threads. A chunk is
// sealed once it holds chunk_nodes states, or, after a chunk is admitted, when fewer chunks
// wait than there are threads to expand them (only the admitting thread expands a chunk of a
// few states, kNodesWorthSharing): a narrow graph still keeps every thread busy, and a wide one
// does not cut its chunks short (on a graph with a successor or so per state, cutting at every
// admitted chunk would keep the first chunk's size, one state, for good).
struct Chunk {
  std::vector<NodePtr> nodes;  // to expand, in frontier order
  SpareNodes spare;            // lent for their successors, and what the search gives back
  Expansion expansion;

  // Ready for other nodes, with its buffers. The domains it met stay: they were absorbed, and
  // absorbing them again adds nothing (they are a union), where new sets would allocate every
  // value again for every chunk.
  void recycle() {
    nodes.clear();
    expansion.successors.clear();
    expansion.horizon_cut = false;
    expansion.depth_cut = false;
    expansion.fired_alone = 0;
  }
};
// States per chunk: a thread alone runs fastest on large chunks (a chunk's expansions, then
// its admissions, each stay in the caches longer); shared, smaller ones keep both threads busy.
constexpr size_t kNodesPerChunkAlone = 256;
constexpr size_t kNodesPerChunkShared = 64;
constexpr size_t kChunksAheadPerThread = 4;  // expanded and not yet admitted, at most
// A chunk of fewer states is expanded by the admitting thread itself: handing a few states to
// another core (waking it, tens of microseconds) and their successors back costs more than
// expanding them, a few microseconds each. Redlock's graph without faults, a few states per
// level for 300,000 levels, ran a third slower on 2 jobs than on 1 when every chunk was shared.
constexpr size_t kNodesWorthSharing = 32;
constexpr size_t kSparesPerNode = 2;  // about the successors a state has

void breadth_first(const Explorer& explorer, Search& search, std::vector<NodePtr> roots,
                   const CheckOptions& options) {
  const size_t jobs = std::max<uint32_t>(options.jobs, 1);
  const size_t chunk_nodes = jobs == 1 ? kNodesPerChunkAlone : kNodesPerChunkShared;
  std::deque<ThreadScratch> threads;  // not moved: expansions point at them
  for (size_t t = 0; t < jobs; ++t) threads.emplace_back(options.domains);
  SharedSpares shared_spares;
  OrderedWorkQueue<Chunk> queue(
      jobs - 1, kChunksAheadPerThread * jobs, [&](Chunk& chunk, size_t thread) {
        shared_spares.lend(chunk.spare, kSparesPerNode * chunk.nodes.size());
        chunk.expansion.thread = &threads[thread];
        chunk.expansion.spare = &chunk.spare;
        chunk.expansion.links = &search.links();
        for (NodePtr& node : chunk.nodes) explorer.expand(node, chunk.expansion);
      });
  std::vector<std::unique_ptr<Chunk>> spare_chunks;
  const auto take_chunk = [&] {
    if (spare_chunks.empty()) return std::make_unique<Chunk>();
    std::unique_ptr<Chunk> chunk = std::move(spare_chunks.back());
    spare_chunks.pop_back();
    return chunk;
  };
  std::unique_ptr<Chunk> open = take_chunk();
  uint64_t frontier = roots.size();  // states admitted and not yet expanded
  const auto open_worth_sharing = [&] { return open->nodes.size() >= kNodesWorthSharing; };
  const auto seal = [&] {
    if (open->nodes.empty()) return;
    const bool shared = open_worth_sharing();
    queue.push(std::move(open), shared);
    open = take_chunk();
  };
  for (NodePtr& root : roots) {
    open->nodes.push_back(std::move(root));
    if (open->nodes.size() == chunk_nodes) seal();
  }
  seal();
  while (std::unique_ptr<Chunk> chunk = queue.pop()) {
    search.absorb(chunk->expansion);
    // What the search does not keep goes back with the chunk's unused spares.
    SpareNodes& spare = chunk->spare;
    for (Successor& successor : chunk->expansion.successors) {
      const size_t before = open->nodes.size();
      if (!search.admit(successor, open->nodes, spare)) return;
      frontier += open->nodes.size() - before;
      if (open->nodes.size() == chunk_nodes) seal();
    }
    frontier -= chunk->nodes.size();
    for (NodePtr& node : chunk->nodes) spare.give(std::move(node));
    shared_spares.take_back(spare);
    chunk->recycle();
    spare_chunks.push_back(std::move(chunk));
    // Enough chunks wait to keep every thread busy, or, for a chunk the admitting thread will
    // expand alone, one (as on one job: cut sooner, it would only make more, smaller chunks).
    const size_t expanding = open_worth_sharing() ? jobs : 1;
    if (queue.size() < expanding) seal();
    search.report(frontier);
  }
}

void depth_first(const Explorer& explorer, Search& search, std::vector<NodePtr> roots,
                 const CheckOptions& options) {
  std::vector<NodePtr> stack;
  for (auto it = roots.rbegin(); it != roots.rend(); ++it) stack.push_back(std::move(*it));
  ThreadScratch thread(options.domains);
  SpareNodes spare;
  while (!stack.empty()) {
    NodePtr node = std::move(stack.back());
    stack.pop_back();
    Expansion expansion;
    expansion.thread = &thread;
    expansion.spare = &spare;
    expansion.links = &search.links();
    explorer.expand(node, expansion);
    search.absorb(expansion);
    std::vector<NodePtr> children;
    for (Successor& successor : expansion.successors) {
      if (!search.admit(successor, children, spare)) return;
    }
    spare.give(std::move(node));
    // The first successor is explored first.
    for (auto it = children.rbegin(); it != children.rend(); ++it) stack.push_back(std::move(*it));
    search.report(stack.size());
  }
}

}  // namespace

auto times_can_be_relative(const WorldConfig& config, const CheckOptions& options) -> bool {
  if (options.horizon) return false;
  for (const ClientSettings& client : config.clients) {
    if (client.clock.drift_ppm() != 0 || client.program->stores_times()) return false;
  }
  return std::all_of(config.servers.begin(), config.servers.end(),
                     [](const ServerSettings& server) { return server.clock.drift_ppm() == 0; });
}

auto Counterexample::choices() const -> std::vector<RecordedChoice> {
  std::vector<RecordedChoice> all = initial_choices;
  for (const PathStep& step : steps)
    all.insert(all.end(), step.choices.begin(), step.choices.end());
  return all;
}

auto check(const std::shared_ptr<const WorldConfig>& config, const CheckOptions& options)
    -> CheckResult {
  CheckResult result;
  result.relative_time = times_can_be_relative(*config, options);
  LOCKSIM_ASSERT(!options.starvation || result.relative_time,
                 "starvation is checked only where states can be relative to now");
  if (options.symmetry && options.starvation) {
    result.symmetry_off = "starvation follows each client as numbered";
  } else if (options.symmetry) {
    const std::optional<std::string> differ = why_clients_differ(*config, options.pins);
    result.symmetry = !differ;
    result.symmetry_off = differ.value_or("");
  }
  if (options.partial_order) {
    if (!options.pins.empty()) {
      result.partial_order_off = "pinned choices count occurrences in path order";
    } else if (options.starvation) {
      result.partial_order_off = "starvation's fairness is over the orders themselves";
    } else {
      result.partial_order = true;
    }
  }
  const Explorer explorer(without_recurring_faults(*config), options, result.relative_time,
                          result.symmetry, result.partial_order);
  Search search(explorer, options, result);

  std::vector<NodePtr> roots;
  SpareNodes unused;  // a root that repeats another is dropped
  ClientOrder clients;
  bool within = true;
  explorer.for_each_root(
      explorer.monitors(), result.domains, [&](Node&& root, PathLink link, const auto&) {
        Successor successor{std::make_unique<Node>(std::move(root)), 0, {}, link};
        successor.fingerprint = explorer.fingerprint(*successor.node, clients);
        within = search.admit(successor, roots, unused, /*root=*/true);
        return within;
      });
  if (within) {
    if (options.order == CheckOptions::Order::breadth_first) {
      breadth_first(explorer, search, std::move(roots), options);
    } else {
      depth_first(explorer, search, std::move(roots), options);
    }
  }
  search.find_starvation_cycle();
  search.finish();
  return result;
}

auto to_string(CheckResult::Bound bound) -> std::string_view {
  switch (bound) {
    case CheckResult::Bound::none: return "none";
    case CheckResult::Bound::states: return "--max-states";
    case CheckResult::Bound::depth: return "--depth";
    case CheckResult::Bound::memory: return "--memory";
  }
  LOCKSIM_UNREACHABLE("bound {}", static_cast<int>(bound));
}

}  // namespace locksim
