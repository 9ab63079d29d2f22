// Named parameters written "owner:name=value" on the command line and in scenario files: fault
// profiles (gc-pause:max=5s) and lock algorithms (redlock:tries=5) declare theirs with this, and
// read overrides with one parser, so both say the same things about the same mistakes.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <variant>

namespace locksim {

struct Parameter {
  enum class Kind : uint8_t { duration, count };
  std::string_view name;
  Kind kind = Kind::duration;
  int64_t default_value = 0;  // microseconds for durations
  std::string_view help;
  bool zero_allowed = false;      // a duration may be 0 (otherwise it must be positive)
  int64_t count_max = INT64_MAX;  // the largest count the owner can take
};

struct ParameterValue {
  size_t index = 0;  // into the parameters it was read against
  int64_t value = 0;
};

// Reads one "name=value" against `parameters` (which belong to `owner`, a profile or an
// algorithm: `what` says which kind, for messages). A duration must be positive (or zero, when
// the parameter allows it), a count zero or more and at most its count_max. Returns the value or
// what is wrong with it.
auto read_parameter(std::string_view text, std::string_view what, std::string_view owner,
                    std::span<const Parameter> parameters)
    -> std::variant<ParameterValue, std::string>;

// A value in the largest unit that is exact ("2s", "1500ms"), so read_parameter reads it back.
auto format_parameter_value(const Parameter& parameter, int64_t value) -> std::string;

}  // namespace locksim
