// The steps explanations print; see explained_steps.hpp.
#include "sim/report/explained_steps.hpp"

#include <algorithm>

#include "sim/world/world.hpp"

namespace locksim {
namespace {

auto involved(const std::vector<ClientId>& clients, const TraceEntry& entry) -> bool {
  return entry.client && std::find(clients.begin(), clients.end(), *entry.client) != clients.end();
}

// The earliest moment one of the overlap's beliefs began: its own beginning, or an earlier start
// of a belief still held by one of its clients.
auto earliest_belief(const MutexViolation& violation) -> TrueTime {
  TrueTime earliest = violation.begin;
  for (const ClientId id : violation.clients) {
    const Belief& belief = violation.world->clients[id.index].belief;
    if (belief.holding) earliest = std::min(earliest, belief.since);
  }
  return earliest;
}

}  // namespace

OverlapSteps::OverlapSteps(const MutexViolation& violation)
    : clients_(violation.clients), earliest_belief_(earliest_belief(violation)) {}

void OverlapSteps::record(const World& world, const TraceEntry& entry) {
  if (!involved(clients_, entry)) return;
  // Start from the command that won the earliest belief, so its whole acquisition shows.
  if (entry.kind == "send" && entry.at <= earliest_belief_) {
    last_send_ = entry.at;
    while (!entries_.empty() && entries_.front().entry.at < entry.at) entries_.pop_front();
  }
  entries_.push_back(logged_entry(world, entry));
}

auto OverlapSteps::steps() const -> ExplainedSteps {
  ExplainedSteps steps{last_send_.value_or(earliest_belief_), {}};
  for (const LoggedEntry& logged : entries_) {
    if (logged.entry.at >= steps.since) steps.entries.push_back(logged);
  }
  return steps;
}

FindingSteps::FindingSteps(const Finding& finding)
    : clients_(finding.clients), at_(finding.at), acquired_(finding.clients.size()) {}

auto FindingSteps::about(const TraceEntry& entry) const -> bool {
  return clients_.empty() || involved(clients_, entry);
}

void FindingSteps::record(const World& world, const TraceEntry& entry) {
  if (about(entry)) add(logged_entry(world, entry));
}

void FindingSteps::add(const LoggedEntry& logged) {
  const TraceEntry& entry = logged.entry;
  if (!about(entry)) return;
  for (size_t i = 0; i < clients_.size(); ++i) {
    if (entry.kind == "acquired" && entry.client == clients_[i]) acquired_[i] = entry.at;
  }
  last_.push_back(logged);
  if (last_.size() > kMostSteps) last_.pop_front();
}

auto FindingSteps::steps() const -> std::vector<LoggedEntry> {
  // Since the earliest last acquisition (a client that never acquired counts from the start),
  // or, when the finding names no client, the whole run. Entries come in true-time order, so
  // those since then are a suffix of the run's and the last 80 of them are among these.
  TrueTime since = at_;
  for (const std::optional<TrueTime>& acquired : acquired_) {
    since = std::min(since, acquired.value_or(TrueTime{}));
  }
  if (clients_.empty()) since = TrueTime{};
  std::vector<LoggedEntry> steps;
  for (const LoggedEntry& logged : last_) {
    if (logged.entry.at >= since) steps.push_back(logged);
  }
  return steps;
}

auto finding_steps(const Finding& finding, const std::vector<LoggedEntry>& log)
    -> std::vector<LoggedEntry> {
  FindingSteps steps(finding);
  for (const LoggedEntry& logged : log) steps.add(logged);
  return steps.steps();
}

}  // namespace locksim
