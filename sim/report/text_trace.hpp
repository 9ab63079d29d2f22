// A trace kept in memory and printed for people: the steps that led to a violation, and the
// violation itself with every node's local clock.
#pragma once

#include <string>
#include <vector>

#include "sim/check/mutual_exclusion.hpp"
#include "sim/world/tracer.hpp"

namespace locksim {

struct LoggedEntry {
  TraceEntry entry;
  std::optional<LocalTime> client_monotonic;  // the client's own clock at that moment
};

// An entry as it is logged, with the client's clock read from `world` (right after it).
auto logged_entry(const World& world, const TraceEntry& entry) -> LoggedEntry;

class TraceLog final : public Tracer {
 public:
  void record(const World& world, const TraceEntry& entry) override;
  auto entries() const -> const std::vector<LoggedEntry>& { return entries_; }

 private:
  std::vector<LoggedEntry> entries_;
};

auto format_entry(const LoggedEntry& logged) -> std::string;

// The steps an overlap's explanation prints, in order, and the moment they start from
// (sim/report/explained_steps.hpp keeps them while a run is replayed).
struct ExplainedSteps {
  TrueTime since;
  std::vector<LoggedEntry> entries;
};

// The first overlap of beliefs explained: who, when in true time, each node's clocks and state
// at that moment, and the steps of the clients involved since the earliest of them acquired.
auto explain_violation(const MutexViolation& violation, const ExplainedSteps& steps) -> std::string;

// Any other finding explained: each involved client's state and clocks and every server's clock
// in `world` (right after the finding's step), then the steps that led there.
auto explain_finding(const Finding& finding, const World& world,
                     const std::vector<LoggedEntry>& steps) -> std::string;

}  // namespace locksim
