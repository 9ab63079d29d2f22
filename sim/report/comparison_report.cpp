// Comparison reports; see comparison_report.hpp.
#include "sim/report/comparison_report.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <iterator>
#include <span>
#include <string>

#include <nlohmann/json.hpp>

namespace locksim {
namespace {

// A share in percent with the digits it needs: whole percent from 10% up, one decimal below,
// and more (up to three) where fewer would round a share that is neither none nor all to 0 or
// 100 — one violation in 200 runs reads 0.5%, not 0%.
auto percent(double share) -> std::string {
  const double value = share * 100;
  if (value == 0 || value == 100) return fmt::format("{:.0f}", value);
  int decimals = value < 10 ? 1 : 0;
  std::string text = fmt::format("{:.{}f}", value, decimals);
  const auto misleads = [](const std::string& shown) {
    return shown.find_first_not_of("0.") == std::string::npos || shown.starts_with("100");
  };
  while (decimals < 3 && misleads(text)) text = fmt::format("{:.{}f}", value, ++decimals);
  return text;
}

// "12% (5.3-25)": the violation rate with its 95% interval; "-" for none seen.
auto cell(const Rate& rate) -> std::string {
  const std::string interval = fmt::format("({}-{})", percent(rate.low), percent(rate.high));
  if (rate.hits == 0) return "- " + interval;
  return fmt::format("{}% {}", percent(rate.value()), interval);
}

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
      "too, which it then hands out again. Fencing needs a token source that survives what the "
      "lock server does not. `locksim simulate --algorithm {} --seed {} --faults {} --clients {} "
      "--ttl {} --duration {}` names the restart or failover that did it.",
      algorithm, fmt::join(where, ", "), algorithm, first->statistics.first_seed[kResource],
      first->profile, spec.clients, spec.ttl, spec.duration);
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

}  // namespace

auto comparison_markdown(const CompareSpec& spec, const std::vector<PairOutcome>& outcomes)
    -> std::string {
  std::string text = fmt::format(
      "Runs with at least one violation, per invariant, over seeds 1..{} ({} clients, ttl {}, {} "
      "simulated each): rate and 95% Wilson interval in percent, with the digits that keep a rate "
      "that is neither none nor all from reading as 0 or 100; \"-\" none seen. Latency is "
      "from wanting the lock to holding it; availability is the share of time the lock was not "
      "held up by a crashed holder.\n\n",
      spec.seeds, spec.clients, spec.ttl, spec.duration);
  text += "| algorithm | faults |";
  for (const std::string_view name : kInvariantNames) text += fmt::format(" {} |", name);
  text += " acquisitions | p50 | p99 | availability |\n|---|---|";
  for (size_t i = 0; i < kInvariantCount; ++i) text += "---|";
  text += "---|---|---|---|\n";
  for (const PairOutcome& pair : outcomes) {
    text += fmt::format("| {} | {} |", pair.algorithm, pair.profile);
    for (const Rate& rate : pair.statistics.violated) text += fmt::format(" {} |", cell(rate));
    text += fmt::format(" {} | {} | {} | {:.1f}% |\n", pair.statistics.acquisitions,
                        Duration{pair.statistics.latency_p50.us / 1000 * 1000},
                        Duration{pair.statistics.latency_p99.us / 1000 * 1000},
                        pair.statistics.availability * 100);
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
  json["clients"] = spec.clients;
  json["ttl_us"] = spec.ttl.us;
  json["duration_us"] = spec.duration.us;
  json["pairs"] = nlohmann::ordered_json::array();
  for (const PairOutcome& pair : outcomes) {
    nlohmann::ordered_json entry;
    entry["algorithm"] = pair.algorithm;
    entry["faults"] = pair.profile;
    for (size_t i = 0; i < kInvariantCount; ++i) {
      const Rate& rate = pair.statistics.violated[i];
      entry["invariants"][std::string(kInvariantNames[i])] = {
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
