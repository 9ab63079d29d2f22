// The model checker; see model_checker.hpp.
#include "sim/explore/check/model_checker.hpp"

#include <algorithm>
#include <condition_variable>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <variant>

#include "sim/core/assert.hpp"
#include "sim/core/prng.hpp"
#include "sim/explore/check/bitstate_set.hpp"
#include "sim/explore/check/counterexample.hpp"
#include "sim/explore/check/state_graph.hpp"
#include "sim/explore/check/visited_set.hpp"
#include "sim/world/step.hpp"

namespace locksim {
namespace {

// Walks every combination of answers like an odometer: the first run answers each choice with
// the first value of its domain, each next() advances the last choice that still has untried
// values and forgets the ones after it. Records the answers of the current run. A choice that is
// the occurrence a pin fixes has the pin's value for its only one; `seen` counts, per pin, the
// matching choices asked before this run (the state's), and pin_seen() those after it.
class DomainOdometer final : public Chooser {
 public:
  DomainOdometer(const ChoiceDomains& domains, DomainsUsed& used,
                 const std::vector<PinnedChoice>& pins, std::vector<uint32_t> seen)
      : domains_(domains), used_(used), pins_(pins), seen_before_(std::move(seen)) {
    seen_ = seen_before_;
  }

  auto choose(const Choice& choice) -> Duration override {
    std::optional<Duration> pinned;
    for (size_t i = 0; i < pins_.size(); ++i) {
      if (!counts_toward(pins_[i], choice) || seen_[i] == pins_[i].nth) continue;
      if (++seen_[i] == pins_[i].nth && !pinned) pinned = pins_[i].value;
    }
    if (position_ == digits_.size()) {
      std::vector<Duration> values;
      if (pinned) {
        values = {*pinned};
      } else {
        values = domains_.values(choice);
        used_.values[static_cast<size_t>(choice.kind)].insert(values.begin(), values.end());
      }
      digits_.push_back({choice.kind, 0, std::move(values)});
    }
    const Digit& digit = digits_[position_++];
    LOCKSIM_ASSERT(digit.kind == choice.kind, "choice {} was {} and is now {}", position_,
                   to_string(digit.kind), to_string(choice.kind));
    const Duration value = digit.values[digit.value];
    answers_.push_back({choice.kind, choice.subject, value});
    return value;
  }

  auto answers() const -> const std::vector<RecordedChoice>& { return answers_; }
  // Per pin, the matching choices asked up to the end of this run (at most its nth: a spent pin
  // is the same state however many more were asked).
  auto pin_seen() const -> const std::vector<uint32_t>& { return seen_; }

  // Moves to the next combination; false when all have been tried.
  auto next() -> bool {
    LOCKSIM_ASSERT(position_ == digits_.size(), "run used {} of {} recorded choices", position_,
                   digits_.size());
    while (!digits_.empty() && digits_.back().value + 1 == digits_.back().values.size()) {
      digits_.pop_back();
    }
    position_ = 0;
    answers_.clear();
    seen_ = seen_before_;
    if (digits_.empty()) return false;
    ++digits_.back().value;
    return true;
  }

 private:
  struct Digit {
    ChoiceKind kind;
    size_t value;
    std::vector<Duration> values;
  };
  const ChoiceDomains& domains_;
  DomainsUsed& used_;
  const std::vector<PinnedChoice>& pins_;
  std::vector<uint32_t> seen_before_;
  std::vector<uint32_t> seen_;
  std::vector<Digit> digits_;
  std::vector<RecordedChoice> answers_;
  size_t position_ = 0;
};

// A path as a linked list shared by every state that extends it: a state keeps only its last
// step, and the steps before it live as long as some state still needs them.
struct PathLink {
  mutable std::shared_ptr<const PathLink> parent;
  PathStep step;
  uint64_t from = 0;  // the fingerprint of the state the step left

  // Lets go of the chain one link at a time: a path can be millions of steps long, too deep to
  // destroy by recursion.
  ~PathLink() {
    std::shared_ptr<const PathLink> next = std::move(parent);
    while (next && next.use_count() == 1) next = std::move(next->parent);
  }
};

using Monitors = std::vector<std::unique_ptr<Invariant>>;

struct Node {
  World world;
  Monitors monitors;  // the checked invariants, with their history
  FaultBudget budget;
  std::vector<uint32_t> pin_seen;  // per pin of the options: matching choices asked so far
  uint32_t depth = 0;
  std::shared_ptr<const std::vector<RecordedChoice>> initial_choices;
  std::shared_ptr<const PathLink> path;
  uint64_t fingerprint = 0;  // the state's (state_fingerprint)

  auto copy() const -> Node {
    Node node{world, {}, budget, pin_seen, depth, initial_choices, path, fingerprint};
    node.monitors.reserve(monitors.size());
    for (const auto& monitor : monitors) node.monitors.push_back(monitor->clone());
    return node;
  }
};

// What a state is for the search: the world, canonically, with the monitors' history and the
// budget left, all through one encoder so that tokens are renamed alike everywhere.
auto state_fingerprint(const Node& node, bool relative_time) -> uint64_t {
  Fingerprinter f;
  StateEncoder encoder(f, relative_time, node.world.now);
  encode(node.world, encoder);
  for (const auto& monitor : node.monitors) monitor->encode_history(encoder, node.world);
  for (const uint8_t left : node.budget.remaining) encoder.add(static_cast<uint64_t>(left));
  for (const uint32_t seen : node.pin_seen) encoder.add(static_cast<uint64_t>(seen));
  return f.digest();
}

auto checked_monitors(const std::vector<std::string_view>& names) -> Monitors {
  Monitors monitors;
  for (auto& monitor : make_invariants()) {
    if (std::find(names.begin(), names.end(), monitor->name()) != names.end()) {
      monitors.push_back(std::move(monitor));
    }
  }
  return monitors;
}

// A successor with what it newly violated (indexes into its monitors).
struct Successor {
  Node node;
  std::vector<size_t> violated;
};

// What one thread brings back from expanding a range of states.
struct Expansion {
  std::vector<Successor> successors;
  DomainsUsed domains;
  bool horizon_cut = false;
  bool depth_cut = false;
  std::exception_ptr error;
};

// Threads kept for a whole search: run(n, task) calls task(0) on the calling thread and task(1..
// n-1) on the workers, and returns once all have; tasks beyond n wait for the next call. One pool
// per search, so a level's batches do not each start and join threads.
class WorkerPool {
 public:
  explicit WorkerPool(size_t workers) {
    for (size_t w = 1; w <= workers; ++w) threads_.emplace_back([this, w] { work(w); });
  }
  WorkerPool(const WorkerPool&) = delete;
  auto operator=(const WorkerPool&) -> WorkerPool& = delete;
  ~WorkerPool() {
    {
      const std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    for (std::thread& thread : threads_) thread.join();
  }

  auto size() const -> size_t { return threads_.size() + 1; }

  void run(size_t tasks, const std::function<void(size_t)>& task) {
    LOCKSIM_ASSERT(tasks >= 1 && tasks <= size(), "{} tasks for {} threads", tasks, size());
    {
      const std::lock_guard lock(mutex_);
      task_ = &task;
      tasks_ = tasks;
      busy_ = tasks - 1;
      ++generation_;
    }
    if (tasks > 1) wake_.notify_all();
    task(0);
    std::unique_lock lock(mutex_);
    done_.wait(lock, [&] { return busy_ == 0; });
    task_ = nullptr;
  }

 private:
  void work(size_t index) {
    uint64_t seen = 0;
    std::unique_lock lock(mutex_);
    while (true) {
      wake_.wait(lock, [&] { return stopping_ || generation_ != seen; });
      if (stopping_) return;
      seen = generation_;
      if (index >= tasks_) continue;
      const std::function<void(size_t)>& task = *task_;
      lock.unlock();
      task(index);
      lock.lock();
      if (--busy_ == 0) done_.notify_one();
    }
  }

  std::vector<std::thread> threads_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable done_;
  const std::function<void(size_t)>* task_ = nullptr;
  size_t tasks_ = 0;
  size_t busy_ = 0;  // workers still running the current call's tasks
  uint64_t generation_ = 0;
  bool stopping_ = false;
};

class Explorer {
 public:
  Explorer(const CheckOptions& options, bool relative_time)
      : options_(options), relative_time_(relative_time) {}

  auto fingerprint(const Node& node) const -> uint64_t {
    return state_fingerprint(node, relative_time_);
  }

  // Every action that can be taken from the node within the bounds.
  auto actions(const Node& node, Expansion& out) const -> std::vector<Action> {
    std::vector<Action> actions;
    const World& world = node.world;
    const bool due = can_step(world);
    const bool in_horizon =
        !options_.horizon || (due && next_event_time(world) <= TrueTime{} + *options_.horizon);
    if (due && !in_horizon) out.horizon_cut = true;
    if (due && in_horizon) {
      const auto count = static_cast<uint32_t>(world.queue.due().size());
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
      return {};
    }
    return actions;
  }

  void expand(const Node& node, Expansion& out) const {
    const size_t first = out.successors.size();
    for (const Action& action : actions(node, out)) {
      DomainOdometer chooser(options_.domains, out.domains, options_.pins, node.pin_seen);
      do {
        Successor successor{node.copy(), {}};
        Node& next = successor.node;
        const Event upcoming = next_event(next.world, action);
        for (const auto& monitor : next.monitors) monitor->before_step(next.world, upcoming);
        const Event event = apply(next.world, action, chooser);
        ++next.depth;
        for (size_t m = 0; m < next.monitors.size(); ++m) {
          next.monitors[m]->after_step(next.world, event, next.depth);
          if (next.monitors[m]->count() > node.monitors[m]->count()) {
            successor.violated.push_back(m);
          }
        }
        if (action.kind == Action::Kind::inject) {
          --next.budget.remaining[static_cast<size_t>(action.fault.kind)];
        }
        next.pin_seen = chooser.pin_seen();
        next.path = std::make_shared<const PathLink>(
            PathLink{node.path, PathStep{action, event, chooser.answers()}, node.fingerprint});
        next.fingerprint = fingerprint(next);
        out.successors.push_back(std::move(successor));
      } while (chooser.next());
    }
    if (options_.successor_order != 0) permute(out.successors, first);
  }

  // Reorders successors[first, end) by a keyed hash of their fingerprints (stable: the same
  // state reached twice keeps its two paths in their enumerated order).
  void permute(std::vector<Successor>& successors, size_t first) const {
    const auto rank = [key = options_.successor_order](const Successor& successor) {
      uint64_t state = successor.node.fingerprint ^ key;
      return splitmix64(state);
    };
    std::stable_sort(successors.begin() + static_cast<std::ptrdiff_t>(first), successors.end(),
                     [&](const Successor& a, const Successor& b) { return rank(a) < rank(b); });
  }

  // Expands nodes[begin, end) on the pool's threads, each given at least kNodesPerJob nodes (a
  // narrow level is not worth waking a thread for); the expansions come back in node order, so
  // what they hold does not depend on how the range was split.
  static constexpr size_t kNodesPerJob = 64;
  auto expand_all(WorkerPool& pool, const std::vector<Node>& nodes, size_t begin, size_t end) const
      -> std::vector<Expansion> {
    const size_t jobs =
        std::max<size_t>(1, std::min<size_t>(pool.size(), (end - begin) / kNodesPerJob));
    std::vector<Expansion> expansions(jobs);
    const std::function<void(size_t)> work = [&](size_t job) {
      const size_t from = begin + (end - begin) * job / jobs;
      const size_t to = begin + (end - begin) * (job + 1) / jobs;
      try {
        for (size_t i = from; i < to; ++i) expand(nodes[i], expansions[job]);
      } catch (...) {
        expansions[job].error = std::current_exception();
      }
    };
    pool.run(jobs, work);
    for (const Expansion& expansion : expansions) {
      if (expansion.error) std::rethrow_exception(expansion.error);
    }
    return expansions;
  }

 private:
  const CheckOptions& options_;
  bool relative_time_;
};

auto to_counterexample(const Node& node, const Invariant& monitor,
                       const std::vector<PinnedChoice>& pins) -> Counterexample {
  Counterexample counterexample{*monitor.first_finding(), pins, *node.initial_choices, {}, {}};
  counterexample.states.push_back(node.fingerprint);
  for (const PathLink* link = node.path.get(); link; link = link->parent.get()) {
    counterexample.steps.push_back(link->step);
    counterexample.states.push_back(link->from);
  }
  std::reverse(counterexample.steps.begin(), counterexample.steps.end());
  std::reverse(counterexample.states.begin(), counterexample.states.end());
  return counterexample;
}

auto make_visited(const CheckOptions& options) -> std::variant<VisitedSet, BitstateSet> {
  const bool with_slack = options.order == CheckOptions::Order::depth_first && options.depth_max;
  if (!options.bitstate_bytes) return VisitedSet(with_slack);
  LOCKSIM_ASSERT(!with_slack, "bitstate storage cannot keep the depth left of a bounded DFS");
  return BitstateSet(*options.bitstate_bytes, options.bitstate_salt);
}

// The search's bookkeeping, shared by both orders.
class Search {
 public:
  Search(const CheckOptions& options, CheckResult& result)
      : options_(options), result_(result), visited_(make_visited(options)) {}

  // Takes in a state reached by the search (by a transition, or a root); false when the search
  // must stop.
  auto admit(Successor& successor, std::vector<Node>& frontier, bool root = false) -> bool {
    if (!root) ++result_.transitions;
    if (options_.graph) record(successor, root);
    for (const size_t m : successor.violated) {
      const Invariant& monitor = *successor.node.monitors[m];
      if (violated(monitor.name())) continue;
      result_.counterexamples.push_back(to_counterexample(successor.node, monitor, options_.pins));
      if (!options_.all) return false;
    }
    const uint32_t slack =
        options_.depth_max ? *options_.depth_max - successor.node.depth : uint32_t{0};
    if (!insert(successor.node.fingerprint, slack)) return true;
    ++result_.distinct_states;
    result_.depth = std::max(result_.depth, successor.node.depth);
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

  void report(uint64_t frontier) const {
    if (!options_.progress) return;
    options_.progress({result_.distinct_states, result_.transitions, result_.depth, frontier,
                       options_.memory_in_use ? options_.memory_in_use() : 0});
  }

  void finish() {
    if (options_.graph) {
      for (const Counterexample& counterexample : result_.counterexamples) {
        std::vector<std::string> labels;
        for (const PathStep& step : counterexample.steps) labels.push_back(step_label(step));
        options_.graph->mark_path(counterexample.states, labels);
      }
    }
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

  void absorb(Expansion& expansion) {
    result_.domains.merge(expansion.domains);
    result_.horizon_cut |= expansion.horizon_cut;
    if (expansion.depth_cut && result_.bound == CheckResult::Bound::none) {
      result_.bound = CheckResult::Bound::depth;
    }
  }

 private:
  static auto rank(std::string_view invariant) -> size_t {
    return static_cast<size_t>(
        std::find(std::begin(kInvariantNames), std::end(kInvariantNames), invariant) -
        std::begin(kInvariantNames));
  }
  auto violated(std::string_view invariant) const -> bool {
    return std::any_of(result_.counterexamples.begin(), result_.counterexamples.end(),
                       [&](const Counterexample& c) { return c.finding.invariant == invariant; });
  }
  void record(const Successor& successor, bool root) {
    const Node& node = successor.node;
    const bool violating = !successor.violated.empty();
    options_.graph->add_state(node.fingerprint, node.depth, root, violating);
    if (!root) {
      options_.graph->add_transition(node.path->from, node.fingerprint, step_label(node.path->step),
                                     violating);
    }
  }
  auto insert(uint64_t fingerprint, uint32_t slack) -> bool {
    if (auto* exact = std::get_if<VisitedSet>(&visited_)) return exact->insert(fingerprint, slack);
    return std::get<BitstateSet>(visited_).insert(fingerprint);
  }
  auto stop(CheckResult::Bound bound) -> bool {
    result_.bound = bound;
    return false;
  }

  const CheckOptions& options_;
  CheckResult& result_;
  std::variant<VisitedSet, BitstateSet> visited_;
};

constexpr size_t kBatch = 2048;  // states expanded between two merges

void breadth_first(const Explorer& explorer, Search& search, std::vector<Node> level,
                   uint32_t jobs) {
  WorkerPool pool(std::max<uint32_t>(jobs, 1) - 1);
  while (!level.empty()) {
    std::vector<Node> next;
    for (size_t begin = 0; begin < level.size(); begin += kBatch) {
      const size_t end = std::min(level.size(), begin + kBatch);
      std::vector<Expansion> expansions = explorer.expand_all(pool, level, begin, end);
      for (Expansion& expansion : expansions) {
        search.absorb(expansion);
        for (Successor& successor : expansion.successors) {
          if (!search.admit(successor, next)) return;
        }
      }
      search.report(level.size() - end + next.size());
    }
    level = std::move(next);
  }
}

void depth_first(const Explorer& explorer, Search& search, std::vector<Node> roots) {
  std::vector<Node> stack;
  for (auto it = roots.rbegin(); it != roots.rend(); ++it) stack.push_back(std::move(*it));
  uint64_t expanded = 0;
  while (!stack.empty()) {
    Node node = std::move(stack.back());
    stack.pop_back();
    Expansion expansion;
    explorer.expand(node, expansion);
    search.absorb(expansion);
    std::vector<Node> children;
    for (Successor& successor : expansion.successors) {
      if (!search.admit(successor, children)) return;
    }
    // The first successor is explored first.
    for (auto it = children.rbegin(); it != children.rend(); ++it) stack.push_back(std::move(*it));
    if (++expanded % kBatch == 0) search.report(stack.size());
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
  Search search(options, result);
  result.relative_time = times_can_be_relative(*config, options);
  const Explorer explorer(options, result.relative_time);
  const std::shared_ptr<const WorldConfig> checked = without_recurring_faults(*config);
  const Monitors prototypes = checked_monitors(options.invariants);

  std::vector<Node> roots;
  DomainOdometer initial(options.domains, result.domains, options.pins,
                         std::vector<uint32_t>(options.pins.size()));
  bool within = true;
  do {
    Node root{make_world(checked, initial), {}, options.budget, {}, 0, nullptr, nullptr};
    root.pin_seen = initial.pin_seen();
    for (const auto& monitor : prototypes) root.monitors.push_back(monitor->clone());
    root.initial_choices = std::make_shared<const std::vector<RecordedChoice>>(initial.answers());
    root.fingerprint = explorer.fingerprint(root);
    Successor successor{std::move(root), {}};
    within = search.admit(successor, roots, /*root=*/true);
  } while (within && initial.next());

  if (within) {
    if (options.order == CheckOptions::Order::breadth_first) {
      breadth_first(explorer, search, std::move(roots), options.jobs);
    } else {
      depth_first(explorer, search, std::move(roots));
    }
  }
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
