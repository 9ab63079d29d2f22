// The interface every online invariant implements. A simulation driver calls before_step and
// after_step around every step and finish at the end; an invariant keeps its own bookkeeping
// outside the world and reports each violation as a Finding. Names are what `--check` takes.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <typeinfo>
#include <vector>

#include "sim/core/assert.hpp"
#include "sim/core/ids.hpp"
#include "sim/core/out_of_line.hpp"
#include "sim/world/event_queue.hpp"
#include "sim/world/world.hpp"

namespace locksim {

struct Finding {
  std::string_view invariant;
  TrueTime at;
  uint64_t step = 0;              // the step (1-based) after which it was seen
  std::vector<ClientId> clients;  // who is involved
  std::string what;               // one sentence for people
};

class Invariant {
 public:
  virtual ~Invariant() = default;

  virtual auto name() const -> std::string_view = 0;
  // Before every step, with the event the step will fire (the driver chooses it: simulate fires
  // the earliest, the model checker any event due then, or an injected fault).
  virtual void before_step(const World& /*world*/, const Event& /*next*/) {}
  virtual void after_step(const World& world, const Event& event, uint64_t step) = 0;
  // The run is over at `end` (its horizon, or the time of its last event) after `steps` steps.
  virtual void finish(const World& /*world*/, TrueTime /*end*/, uint64_t /*steps*/) {}

  // A copy with the same history: the model checker keeps one set of monitors per state.
  virtual auto clone() const -> std::unique_ptr<Invariant> = 0;
  // Takes on the history of `other`, a monitor of the same type, keeping its own buffers (the
  // model checker reuses the monitors of states it has finished with).
  virtual void assign_from(const Invariant& other) = 0;
  // The history the monitor carries from step to step and that decides what it reports next
  // (the last section, grants, how long someone has waited): part of the model checker's state.
  // Counts and findings are left out; times, tokens and wall-clock readings are written as the
  // encoder asks (`world` is the state the history goes with, for its clocks).
  virtual void encode_history(StateEncoder& encoder, const World& world) const = 0;

  auto count() const -> uint64_t { return count_; }
  auto first_finding() const -> const OutOfLine<Finding>& { return first_; }

 protected:
  // Counts one violation; builds the finding only for the first.
  template <class MakeFinding>
  void report(MakeFinding make_finding) {
    if (count_++ == 0) first_ = make_finding();
  }

 private:
  uint64_t count_ = 0;
  OutOfLine<Finding> first_;
};

// The earliest moment a critical section that has begun or will begin can date from: the start
// of a belief still held or lapsed (an extension can resume it), else now. What ended before it
// can no longer be compared with any section, and monitors' histories leave its times out.
auto earliest_claimable(const World& world) -> TrueTime;

// Supplies clone from the derived monitor's copy constructor.
template <class Derived>
class MonitorBase : public Invariant {
 public:
  auto clone() const -> std::unique_ptr<Invariant> override {
    return std::make_unique<Derived>(static_cast<const Derived&>(*this));
  }
  void assign_from(const Invariant& other) override {
    LOCKSIM_ASSERT(typeid(other) == typeid(Derived), "{} assigned from {}", name(), other.name());
    static_cast<Derived&>(*this) = static_cast<const Derived&>(other);
  }
};

// The invariants by name, in the order reports list them.
inline constexpr std::string_view kInvariantNames[] = {"mutex", "resource", "foreign-release",
                                                       "ttl",   "liveness", "quorum"};
inline constexpr size_t kInvariantCount = std::size(kInvariantNames);

// One of each invariant, in the order of kInvariantNames.
auto make_invariants() -> std::vector<std::unique_ptr<Invariant>>;

// The invariants of a workload rather than a lock, which only worlds running one carry (and
// reports of locks never show): lost-update, for a shared counter.
inline constexpr std::string_view kWorkloadInvariantNames[] = {"lost-update"};
auto make_workload_invariants(const WorldConfig& config) -> std::vector<std::unique_ptr<Invariant>>;

// Every invariant a sweep records and a report can show: the locks', then the workloads'. A run
// of a lock never watches the workloads' (its record counts none, and reports mark it unwatched).
inline constexpr std::array kReportedInvariantNames = [] {
  std::array<std::string_view, std::size(kInvariantNames) + std::size(kWorkloadInvariantNames)>
      names{};
  std::copy(std::begin(kWorkloadInvariantNames), std::end(kWorkloadInvariantNames),
            std::copy(std::begin(kInvariantNames), std::end(kInvariantNames), names.begin()));
  return names;
}();
inline constexpr size_t kReportedInvariantCount = kReportedInvariantNames.size();
// How many of them, from the first, a run watches: a lock's, or a workload's as well.
constexpr auto watched_invariant_count(bool workload) -> size_t {
  return workload ? kReportedInvariantCount : kInvariantCount;
}

}  // namespace locksim
