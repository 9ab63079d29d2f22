// Named fault profiles: what `--faults crash,gc-pause:max=3s` and scenario files refer to. Each
// profile turns on one family of faults with documented parameters (every one overridable as
// name=value); profiles compose, and apply in catalog order whatever order they were named in,
// so the same set always builds the same world. Two profiles that set the same part of the world
// (two persistence modes, say) cannot be combined.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/choice.hpp"
#include "sim/core/parameter.hpp"
#include "sim/world/world.hpp"

namespace locksim {

using ProfileParameter = Parameter;

struct FaultProfile;

// A fault profile's own domain for one kind of choice it brings, for the model checker: a few
// values that stand for the classes of behaviour that matter for it.
struct ProfileDomain {
  ChoiceKind kind;
  std::vector<Duration> values;
};

// A profile with its parameter values (defaults unless overridden), in parameter order.
struct FaultSelection {
  const FaultProfile* profile = nullptr;
  std::vector<int64_t> values;
  // The draw of the fault's size when `size=` set it (a profile with a size only); none: the
  // profile's own, from its parameters.
  std::optional<Distribution> size;
  auto size_or(Distribution own) const -> Distribution { return size.value_or(std::move(own)); }
  auto duration(std::string_view parameter) const -> Duration;
  auto count(std::string_view parameter) const -> int64_t;
  auto operator==(const FaultSelection&) const -> bool = default;
};

struct FaultProfile {
  std::string_view name;
  std::string_view description;
  std::vector<ProfileParameter> parameters;
  uint32_t sets = 0;  // the parts of the world it sets (bits of FaultProfileParts)
  // Profiles this one stands for (chaos); empty for a profile that applies itself.
  std::vector<std::string_view> combines;
  void (*apply)(const FaultSelection& selection, WorldConfig& config) = nullptr;
  // The checker's default domains for the choices it brings, from its parameters, the lease and
  // the request timeout (see the table in fault_profiles.cpp); none: the generic defaults.
  std::vector<ProfileDomain> (*check_domains)(const FaultSelection& selection, Duration ttl,
                                              Duration request_timeout) = nullptr;
  // What `size=DISTRIBUTION` draws ("the pause's length"), and the draw it replaces; empty for
  // a profile whose faults have no size.
  std::string_view size_of = {};
  std::string_view own_size = {};
};

auto fault_profiles() -> std::span<const FaultProfile>;
auto find_fault_profile(std::string_view name) -> const FaultProfile*;

struct FaultsParse {
  std::vector<FaultSelection> selections;  // in catalog order, each profile once
  std::vector<std::string> errors;         // every problem found, for the user
};

// Parses "name[:param=value]...[,name...]"; "none" or an empty text selects nothing.
auto parse_faults(std::string_view text) -> FaultsParse;

// The canonical text of a selection, with every parameter that differs from its default.
auto describe_faults(const std::vector<FaultSelection>& selections) -> std::string;

// Applies the selections to a world whose clients and (master) servers are already set up.
void apply_faults(const std::vector<FaultSelection>& selections, WorldConfig& config);

}  // namespace locksim
