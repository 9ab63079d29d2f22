// Sweep plans from specs; see sweep_plan_builder.hpp.
#include "cli/sweep_plan_builder.hpp"

#include "models/registry.hpp"

#include <charconv>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "sim/core/split.hpp"

namespace locksim::cli {
namespace {

// The fault profiles with one profile's parameter set: "gc-pause,crash" with gc-pause:max=1s is
// "gc-pause:max=1s,crash".
auto with_profile_parameter(const std::string& faults, std::string_view profile,
                            std::string_view parameter, const std::string& value)
    -> std::optional<std::string> {
  std::string result;
  bool found = false;
  for (const std::string_view item : split(faults, ',')) {
    std::string text(item);
    if (item.substr(0, item.find(':')) == profile) {
      text += fmt::format(":{}={}", parameter, value);
      found = true;
    }
    result += (result.empty() ? "" : ",") + text;
  }
  if (!found) return std::nullopt;
  return result;
}

}  // namespace

auto apply_axis(FlagReader& read, const std::string& name, const std::string& value,
                SetupFlags& flags) -> bool {
  const auto count = [&](uint32_t& target) {
    const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), target);
    if (value.empty() || ec != std::errc{} || end != value.data() + value.size() || target == 0) {
      read.error(fmt::format("--vary {}", name), fmt::format("takes a count, got '{}'", value));
      return false;
    }
    return true;
  };
  if (name == "clients") return count(flags.clients);
  if (name == "servers") {
    uint32_t servers = 0;
    if (!count(servers)) return false;
    flags.servers = servers;
    return true;
  }
  if (name == "faults") {
    flags.faults = value;
    return true;
  }
  std::string* text = name == "ttl"                 ? &flags.ttl
                      : name == "request-timeout"   ? &flags.request_timeout
                      : name == "work"              ? &flags.work
                      : name == "idle"              ? &flags.idle
                      : name == "retry-delay"       ? &flags.retry_delay
                      : name == "extend-before"     ? &flags.extend_before
                      : name == "server-flavour"    ? &flags.server_flavour
                      : name == "default-lua-flags" ? &flags.default_lua_flags
                                                    : nullptr;
  if (text) {
    *text = value;
    return true;
  }
  const size_t colon = name.find(':');
  if (colon == std::string::npos) {
    read.error("--vary", fmt::format("cannot vary '{}' (it varies: {}, faults, or a fault "
                                     "profile's parameter such as gc-pause:max)",
                                     name, fmt::join(kWorkloadNames, ", ")));
    return false;
  }
  const std::optional<std::string> faults =
      with_profile_parameter(flags.faults, name.substr(0, colon), name.substr(colon + 1), value);
  if (!faults) {
    read.error("--vary", fmt::format("{}: the fault profile '{}' is not among --faults ({})", name,
                                     name.substr(0, colon), flags.faults));
    return false;
  }
  flags.faults = *faults;
  return true;
}

auto make_plan(const SweepSpec& spec, FlagReader& read) -> std::optional<SweepPlan> {
  SweepPlan plan;
  const SeedsParse seeds = parse_seeds(spec.seeds);
  if (!seeds.error.empty()) read.error("--seeds", seeds.error);
  plan.seed_first = seeds.first;
  plan.seed_last = seeds.last;
  plan.duration = read.duration("--duration", spec.duration, FlagReader::Sign::positive);
  for (const SweepAxisSpec& axis : spec.axes) plan.axes.push_back(axis.name);
  SetupFlags base;
  base.faults = spec.faults;
  for (const auto& [name, value] : spec.workload) {
    if (!apply_axis(read, name, value, base)) return std::nullopt;
  }
  size_t combinations = 1;
  for (const SweepAxisSpec& axis : spec.axes) combinations *= axis.values.size();
  for (const std::string& algorithm : spec.algorithms) {
    for (size_t c = 0; c < combinations; ++c) {
      SweepPoint point{.algorithm = algorithm};
      SetupFlags flags = base;
      flags.algorithm = algorithm;
      size_t rest = c;
      std::vector<size_t> picks(spec.axes.size());
      for (size_t a = spec.axes.size(); a-- > 0;) {
        picks[a] = rest % spec.axes[a].values.size();
        rest /= spec.axes[a].values.size();
      }
      for (size_t a = 0; a < spec.axes.size(); ++a) {
        const std::string& value = spec.axes[a].values[picks[a]];
        point.coordinates.push_back(value);
        if (!apply_axis(read, spec.axes[a].name, value, flags)) return std::nullopt;
      }
      const std::optional<SimulationSetup> setup = flags.read(read, 3);
      if (!setup) return std::nullopt;
      point.setup = *setup;
      plan.points.push_back(std::move(point));
    }
  }
  if (!read.ok()) return std::nullopt;
  return plan;
}

}  // namespace locksim::cli
