// A sweep as people write it, in a TOML file or on the command line: algorithms (each with its
// parameters), a workload (any of clients, servers, ttl, request timeout, work, idle, retry
// delay, extension), fault profiles with parameters, axes — any of those, or a profile's
// parameter, as a list or a range, crossed — and seeds. Kept as text, exactly as written, so
// that it is the sweep's identity (a resumed or merged sweep must have the same) and its
// provenance; the command turns it into a plan.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace locksim {

// The workload settings a sweep can fix or vary, as `simulate` spells its flags.
inline constexpr std::string_view kWorkloadNames[] = {
    "clients", "servers",     "ttl",           "request-timeout", "work",
    "idle",    "retry-delay", "extend-before", "server-flavour",  "default-lua-flags"};

struct SweepAxisSpec {
  std::string name;  // a workload name, "faults", or PROFILE:PARAMETER ("gc-pause:max")
  std::vector<std::string> values;
  auto operator==(const SweepAxisSpec&) const -> bool = default;
};

struct SweepSpec {
  std::vector<std::string> algorithms = {"set-nx-px"};
  std::string faults = "none";
  std::map<std::string, std::string> workload;  // by kWorkloadNames; unset: simulate's default
  std::string duration = "60s";
  std::string seeds = "100";  // N (1..N) or A..B
  std::vector<SweepAxisSpec> axes;
  auto operator==(const SweepSpec&) const -> bool = default;
};

auto spec_json(const SweepSpec& spec) -> nlohmann::ordered_json;
auto spec_from_json(const nlohmann::json& json) -> std::optional<SweepSpec>;

// The command line that runs the spec: `locksim sweep --algorithms … --vary …`.
auto sweep_command_line(const SweepSpec& spec) -> std::string;

// An axis's values: "a,b,c", or a range "100ms..3s step 100ms" (durations) or "1..5 [step 2]"
// (whole numbers), each value written back as it reads (durations in their exact unit). A list
// of distributions ("uniform(1ms..2s),exp(300ms)") is a list.
struct ValuesParse {
  std::vector<std::string> values;
  std::string error;  // set when values is empty
};
auto expand_values(std::string_view text) -> ValuesParse;

// "NAME=VALUES", as --vary takes it.
struct AxisParse {
  std::optional<SweepAxisSpec> axis;
  std::string error;
};
auto parse_axis(std::string_view text) -> AxisParse;

// Seeds "N" (1..N) or "A..B"; none with an error.
struct SeedsParse {
  uint64_t first = 0;
  uint64_t last = 0;
  std::string error;
};
auto parse_seeds(std::string_view text) -> SeedsParse;

}  // namespace locksim
