// Comparison reports; see comparison_report.hpp.
#include "sim/report/comparison_report.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <functional>
#include <iterator>
#include <span>
#include <string>

#include <nlohmann/json.hpp>

#include "sim/report/rate_text.hpp"

namespace locksim {
namespace {

constexpr size_t kResource =
    std::find(std::begin(kInvariantNames), std::end(kInvariantNames), "resource") -
    std::begin(kInvariantNames);

// The note on one algorithm that fences its writes (`rows`: its pairs): whether its resource
// accepted a stale write all the same, under which profiles, and why — the table alone cannot
// say that fencing failed, only that a resource cell is not empty.
auto fencing_note(const CompareSpec& spec, std::span<const PairOutcome> rows) -> std::string {
  std::vector<std::string> where;
  const PairOutcome* first = nullptr;  // the first profile that let a stale write through
  for (const PairOutcome& row : rows) {
    const Rate& rate = row.statistics.violated[kResource];
    if (rate.hits == 0) continue;
    where.push_back(fmt::format("{} ({}% of runs; first seed {})", row.profile,
                                percent(rate.value()), row.statistics.first_seed[kResource]));
    if (!first) first = &row;
  }
  const std::string& algorithm = rows.front().algorithm;
  if (!first) {
    return fmt::format(
        "`{}` fences its writes, and its resource accepted no stale write in these runs.",
        algorithm);
  }
  return fmt::format(
      "`{}` fences its writes, yet its resource accepted a stale write under {}: two critical "
      "sections wrote with the same token. Its tokens come from a counter on the lock's own "
      "Redis, and whatever loses the lock's latest writes — a restart before they were made "
      "durable, a failover before they were replicated — loses the counter's latest increments "
      "too, which it then hands out again; the regions of an Active-Active database each "
      "increment their own copy, and hand out the same tokens. Fencing needs a token source that "
      "survives what the "
      "lock server does not. `locksim simulate --algorithm {} --seed {} --faults {} --clients {} "
      "--ttl {} --duration {}{}` names the restart or failover that did it.",
      algorithm, fmt::join(where, ", "), algorithm, first->statistics.first_seed[kResource],
      first->profile, spec.workload.clients, spec.workload.ttl, spec.duration, spec.workload_flags);
}

// A note for each algorithm that fences its writes; outcomes come grouped by algorithm.
auto fencing_notes(const CompareSpec& spec, const std::vector<PairOutcome>& outcomes)
    -> std::vector<std::string> {
  std::vector<std::string> notes;
  for (auto rows = outcomes.begin(); rows != outcomes.end();) {
    const auto next = std::find_if(rows, outcomes.end(), [&](const PairOutcome& row) {
      return row.algorithm != rows->algorithm;
    });
    if (rows->fenced) notes.push_back(fencing_note(spec, {rows, next}));
    rows = next;
  }
  return notes;
}

// The table of the locks' pairs (`workloads` false) or of the counter workloads', which have a
// column for lost-update as well.
auto outcome_table(const std::vector<PairOutcome>& outcomes, bool workloads) -> std::string {
  const size_t invariants = watched_invariant_count(workloads);
  std::string text = fmt::format("| {} | faults |", workloads ? "workload" : "algorithm");
  for (size_t i = 0; i < invariants; ++i) text += fmt::format(" {} |", kReportedInvariantNames[i]);
  text += " acquisitions | p50 | p99 | availability |\n|---|---|";
  for (size_t i = 0; i < invariants; ++i) text += "---|";
  text += "---|---|---|---|\n";
  for (const PairOutcome& pair : outcomes) {
    if (pair.workload != workloads) continue;
    const PointStatistics& statistics = pair.statistics;
    text += fmt::format("| {} | {} |", pair.algorithm, pair.profile);
    for (size_t i = 0; i < invariants; ++i) {
      text += fmt::format(" {} |", rate_cell(statistics.violated[i]));
    }
    text += fmt::format(" {} | {} | {} | {:.1f}% |\n", statistics.acquisitions,
                        latency_cell(statistics, statistics.latency_p50),
                        latency_cell(statistics, statistics.latency_p99),
                        statistics.availability * 100);
  }
  return text;
}

}  // namespace

auto comparison_markdown(const CompareSpec& spec, const std::vector<PairOutcome>& outcomes)
    -> std::string {
  std::string text = fmt::format(
      "Runs with at least one violation, per invariant, over seeds 1..{} ({} clients, ttl {}, {} "
      "simulated each): rate and 95% Wilson interval in percent, with the digits that keep a rate "
      "that is neither none nor all from reading as 0 or 100; \"-\" none seen. Latency is "
      "from wanting the lock to holding it; availability is the share of time the lock was not "
      "held up by a crashed holder.\n\n",
      spec.seeds, spec.workload.clients, spec.workload.ttl, spec.duration);
  const auto locks = [](const PairOutcome& pair) { return !pair.workload; };
  if (std::any_of(outcomes.begin(), outcomes.end(), locks)) {
    text += outcome_table(outcomes, false);
  }
  if (std::any_of(outcomes.begin(), outcomes.end(), std::not_fn(locks))) {
    text += fmt::format(
        "{}## Counter workloads\n\nClients increment one shared counter (GET, add one, SET) "
        "instead of taking a lock to protect a resource: without a lock, inside one, with "
        "WATCH/MULTI/EXEC, or in one script. lost-update: an increment a client was told had "
        "committed is missing from the counter, or one landed twice.\n\n",
        text.ends_with("\n\n") ? "" : "\n");
    text += outcome_table(outcomes, true);
  }
  const std::vector<std::string> notes = fencing_notes(spec, outcomes);
  if (!notes.empty()) text += "\n## Notes\n\n";
  for (const std::string& note : notes) text += fmt::format("- {}\n", note);
  return text;
}

auto comparison_document(const ReportOrigin& origin, std::string_view table) -> std::string {
  return fmt::format("# locksim compare\n\nGenerated by `{}` (locksim {}, commit {}).\n\n{}",
                     origin.command, origin.version, origin.commit, table);
}

auto comparison_json(const ReportOrigin& origin, const CompareSpec& spec,
                     const std::vector<PairOutcome>& outcomes) -> std::string {
  nlohmann::ordered_json json;
  json["command"] = origin.command;
  json["locksim"] = {{"version", origin.version}, {"commit", origin.commit}};
  json["seeds"] = spec.seeds;
  json["clients"] = spec.workload.clients;
  json["ttl_us"] = spec.workload.ttl.us;
  json["duration_us"] = spec.duration.us;
  json["pairs"] = nlohmann::ordered_json::array();
  for (const PairOutcome& pair : outcomes) {
    nlohmann::ordered_json entry;
    entry["algorithm"] = pair.algorithm;
    entry["faults"] = pair.profile;
    entry["workload"] = pair.workload;
    for (size_t i = 0; i < watched_invariant_count(pair.workload); ++i) {
      const Rate& rate = pair.statistics.violated[i];
      entry["invariants"][std::string(kReportedInvariantNames[i])] = {
          {"violating_runs", rate.hits},
          {"runs", rate.runs},
          {"rate", rate.value()},
          {"ci95", {rate.low, rate.high}},
          {"first_seed", pair.statistics.first_seed[i]}};
    }
    entry["acquisitions"] = pair.statistics.acquisitions;
    entry["latency_p50_us"] = pair.statistics.latency_p50.us;
    entry["latency_p99_us"] = pair.statistics.latency_p99.us;
    entry["availability"] = pair.statistics.availability;
    entry["events"] = pair.statistics.events;
    json["pairs"].push_back(std::move(entry));
  }
  return json.dump(2) + "\n";
}

}  // namespace locksim
