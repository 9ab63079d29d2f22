// The steps an explanation prints, kept while the run is replayed up to its finding: the
// involved clients' entries from where the explanation starts, and nothing else, so that a
// replay to a violation late in a long run holds what is printed and not the run.
#pragma once

#include <deque>
#include <optional>
#include <vector>

#include "sim/report/text_trace.hpp"

namespace locksim {

// For an overlap of beliefs: the involved clients' steps since the lock command that won the
// earliest of their beliefs (the last one they sent at or before that belief began).
class OverlapSteps final : public Tracer {
 public:
  explicit OverlapSteps(const MutexViolation& violation);
  void record(const World& world, const TraceEntry& entry) override;
  auto steps() const -> ExplainedSteps;

 private:
  std::vector<ClientId> clients_;
  TrueTime earliest_belief_;
  std::optional<TrueTime> last_send_;  // at or before earliest_belief_
  std::deque<LoggedEntry> entries_;    // the involved clients', from last_send_ on
};

// For any other finding: the involved clients' steps (the run's, when it names none) since the
// earliest of their last acquisitions, at most the last 80.
class FindingSteps final : public Tracer {
 public:
  explicit FindingSteps(const Finding& finding);
  void record(const World& world, const TraceEntry& entry) override;
  void add(const LoggedEntry& logged);
  auto steps() const -> std::vector<LoggedEntry>;

 private:
  static constexpr size_t kMostSteps = 80;
  auto about(const TraceEntry& entry) const -> bool;
  std::vector<ClientId> clients_;
  TrueTime at_;
  std::vector<std::optional<TrueTime>> acquired_;  // per involved client, its last acquisition
  std::deque<LoggedEntry> last_;                   // the last kMostSteps about them
};

// The same steps picked from a whole log of the run up to the finding.
auto finding_steps(const Finding& finding, const std::vector<LoggedEntry>& log)
    -> std::vector<LoggedEntry>;

}  // namespace locksim
