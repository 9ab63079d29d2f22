// Comparison reports; see comparison_report.hpp.
#include "sim/report/comparison_report.hpp"

#include <fmt/format.h>

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
    for (const Rate& rate : pair.violated) text += fmt::format(" {} |", cell(rate));
    text += fmt::format(" {} | {} | {} | {:.1f}% |\n", pair.acquisitions,
                        Duration{pair.latency_p50.us / 1000 * 1000},
                        Duration{pair.latency_p99.us / 1000 * 1000}, pair.availability * 100);
  }
  return text;
}

auto comparison_json(const CompareSpec& spec, const std::vector<PairOutcome>& outcomes)
    -> std::string {
  nlohmann::ordered_json json;
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
      const Rate& rate = pair.violated[i];
      entry["invariants"][std::string(kInvariantNames[i])] = {{"violating_runs", rate.hits},
                                                              {"runs", rate.runs},
                                                              {"rate", rate.value()},
                                                              {"ci95", {rate.low, rate.high}},
                                                              {"first_seed", pair.first_seed[i]}};
    }
    entry["acquisitions"] = pair.acquisitions;
    entry["latency_p50_us"] = pair.latency_p50.us;
    entry["latency_p99_us"] = pair.latency_p99.us;
    entry["availability"] = pair.availability;
    entry["events"] = pair.events;
    json["pairs"].push_back(std::move(entry));
  }
  return json.dump(2) + "\n";
}

}  // namespace locksim
