// Sweep specs; see sweep_spec.hpp.
#include "sim/explore/sweep/sweep_spec.hpp"

#include <charconv>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "sim/core/duration_parse.hpp"
#include "sim/core/split.hpp"

namespace locksim {
namespace {

constexpr size_t kValuesMost = 10'000;

auto whole_number(std::string_view text) -> std::optional<int64_t> {
  int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

auto trimmed(std::string_view text) -> std::string_view {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  return text;
}

// "FROM..TO [step STEP]".
auto expand_range(std::string_view text) -> ValuesParse {
  const size_t dots = text.find("..");
  const std::string_view from = trimmed(text.substr(0, dots));
  std::string_view rest = text.substr(dots + 2);
  std::string_view step;
  if (const size_t at = rest.find(" step "); at != std::string_view::npos) {
    step = trimmed(rest.substr(at + 6));
    rest = rest.substr(0, at);
  }
  const std::string_view to = trimmed(rest);
  const auto too_many = [&](int64_t low, int64_t high, int64_t by) {
    return (high - low) / by + 1 > static_cast<int64_t>(kValuesMost);
  };
  ValuesParse parse;
  if (whole_number(from) && whole_number(to)) {
    const int64_t low = *whole_number(from);
    const int64_t high = *whole_number(to);
    const std::optional<int64_t> by = step.empty() ? 1 : whole_number(step);
    if (!by || *by <= 0)
      return {{}, fmt::format("the step of '{}' is not a positive number", text)};
    if (high < low) return {{}, fmt::format("'{}' runs backwards", text)};
    if (too_many(low, high, *by)) return {{}, fmt::format("'{}' has too many values", text)};
    for (int64_t v = low; v <= high; v += *by) parse.values.push_back(fmt::format("{}", v));
    return parse;
  }
  const DurationParse low = parse_duration(from);
  const DurationParse high = parse_duration(to);
  if (!low.value || !high.value) {
    return {{},
            fmt::format("'{}' is not a range of numbers or durations: {}", text,
                        low.value ? high.error : low.error)};
  }
  if (step.empty())
    return {{}, fmt::format("a range of durations needs a step: '{} step 100ms'", text)};
  const DurationParse by = parse_duration(step, DurationSign::positive);
  if (!by.value) return {{}, fmt::format("the step of '{}': {}", text, by.error)};
  if (*high.value < *low.value) return {{}, fmt::format("'{}' runs backwards", text)};
  if (too_many(low.value->us, high.value->us, by.value->us)) {
    return {{}, fmt::format("'{}' has too many values", text)};
  }
  for (Duration d = *low.value; d <= *high.value; d += *by.value) {
    parse.values.push_back(format_duration_exact(d));
  }
  return parse;
}

}  // namespace

auto expand_values(std::string_view text) -> ValuesParse {
  // A distribution (gc-pause:size=uniform(1ms..2s)) is one value, not a range.
  if (text.find("..") != std::string_view::npos && text.find('(') == std::string_view::npos) {
    return expand_range(text);
  }
  ValuesParse parse;
  for (const std::string_view value : split(text, ',')) {
    if (trimmed(value).empty()) return {{}, fmt::format("'{}' has an empty value", text)};
    parse.values.emplace_back(trimmed(value));
  }
  return parse;
}

auto parse_axis(std::string_view text) -> AxisParse {
  const size_t equals = text.find('=');
  if (equals == std::string_view::npos || equals == 0) {
    return {std::nullopt, fmt::format("takes NAME=VALUES, e.g. gc-pause:max=100ms..3s step "
                                      "100ms or ttl=500ms,1s; got '{}'",
                                      text)};
  }
  ValuesParse values = expand_values(text.substr(equals + 1));
  if (values.values.empty()) return {std::nullopt, values.error};
  return {SweepAxisSpec{std::string(text.substr(0, equals)), std::move(values.values)}, {}};
}

auto parse_seeds(std::string_view text) -> SeedsParse {
  const size_t dots = text.find("..");
  const std::optional<int64_t> first = dots == std::string_view::npos
                                           ? std::optional<int64_t>(1)
                                           : whole_number(text.substr(0, dots));
  const std::optional<int64_t> last =
      whole_number(dots == std::string_view::npos ? text : text.substr(dots + 2));
  if (!first || !last || *first < 0 || *last < *first ||
      (dots == std::string_view::npos && *last < 1)) {
    return {0, 0, fmt::format("takes N (seeds 1..N) or A..B with A <= B, got '{}'", text)};
  }
  return {static_cast<uint64_t>(*first), static_cast<uint64_t>(*last), {}};
}

auto spec_json(const SweepSpec& spec) -> nlohmann::ordered_json {
  nlohmann::ordered_json json;
  json["algorithms"] = spec.algorithms;
  json["faults"] = spec.faults;
  json["workload"] = nlohmann::ordered_json::object();
  for (const auto& [name, value] : spec.workload) json["workload"][name] = value;
  json["duration"] = spec.duration;
  json["seeds"] = spec.seeds;
  json["vary"] = nlohmann::ordered_json::array();
  for (const SweepAxisSpec& axis : spec.axes) {
    json["vary"].push_back({{"name", axis.name}, {"values", axis.values}});
  }
  return json;
}

auto spec_from_json(const nlohmann::json& json) -> std::optional<SweepSpec> {
  try {
    SweepSpec spec;
    spec.algorithms = json.at("algorithms").get<std::vector<std::string>>();
    spec.faults = json.at("faults").get<std::string>();
    spec.workload = json.at("workload").get<std::map<std::string, std::string>>();
    spec.duration = json.at("duration").get<std::string>();
    spec.seeds = json.at("seeds").get<std::string>();
    for (const auto& axis : json.at("vary")) {
      spec.axes.push_back(
          {axis.at("name").get<std::string>(), axis.at("values").get<std::vector<std::string>>()});
    }
    return spec;
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;
  }
}

auto sweep_command_line(const SweepSpec& spec) -> std::string {
  std::string command = fmt::format("locksim sweep --algorithms {} --faults {}",
                                    fmt::join(spec.algorithms, ","), spec.faults);
  for (const auto& [name, value] : spec.workload) command += fmt::format(" --{} {}", name, value);
  for (const SweepAxisSpec& axis : spec.axes) {
    command += fmt::format(" --vary '{}={}'", axis.name, fmt::join(axis.values, ","));
  }
  return command + fmt::format(" --duration {} --seeds {}", spec.duration, spec.seeds);
}

}  // namespace locksim
