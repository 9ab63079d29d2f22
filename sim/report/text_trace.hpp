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

class TraceLog final : public Tracer {
 public:
  void record(const World& world, const TraceEntry& entry) override;
  auto entries() const -> const std::vector<LoggedEntry>& { return entries_; }

 private:
  std::vector<LoggedEntry> entries_;
};

auto format_entry(const LoggedEntry& logged) -> std::string;

// The first overlap of beliefs explained: who, when in true time, each node's clocks and state
// at that moment, and the entries of the clients involved since the earliest of them acquired.
auto explain_violation(const MutexViolation& violation, const std::vector<LoggedEntry>& log)
    -> std::string;

// Any other finding explained: each involved client's state and clocks and every server's clock
// in `world` (right after the finding's step), then the steps that led there from `log` (the
// involved clients' since the earliest of their last acquisitions; at most the last 80).
auto explain_finding(const Finding& finding, const World& world,
                     const std::vector<LoggedEntry>& log) -> std::string;

}  // namespace locksim
