// Named parameters; see parameter.hpp.
#include "sim/core/parameter.hpp"

#include <fmt/format.h>

#include <charconv>

#include "sim/core/duration_parse.hpp"

namespace locksim {

auto read_parameter(std::string_view text, std::string_view what, std::string_view owner,
                    std::span<const Parameter> parameters)
    -> std::variant<ParameterValue, std::string> {
  const size_t equals = text.find('=');
  const std::string_view name = text.substr(0, equals);
  size_t index = 0;
  while (index < parameters.size() && parameters[index].name != name) ++index;
  if (index == parameters.size()) {
    std::string known;
    for (const Parameter& p : parameters) known += fmt::format(" {}", p.name);
    return fmt::format("{} '{}' has no parameter '{}' (it has:{})", what, owner, name,
                       known.empty() ? " none" : known);
  }
  const Parameter& parameter = parameters[index];
  if (equals == std::string_view::npos) {
    return fmt::format("'{}:{}' needs a value, as in {}:{}={}", owner, name, owner, name,
                       format_parameter_value(parameter, parameter.default_value));
  }
  const std::string_view value = text.substr(equals + 1);
  if (parameter.kind == Parameter::Kind::count) {
    int64_t number = -1;
    const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), number);
    if (error != std::errc{} || end != value.data() + value.size() || number < 0) {
      return fmt::format("{}:{}: expected a whole number of zero or more, got '{}'", owner, name,
                         value);
    }
    if (number > parameter.count_max) {
      return fmt::format("{}:{}: at most {}, got {}", owner, name, parameter.count_max, number);
    }
    return ParameterValue{index, number};
  }
  const DurationParse duration = parse_duration(
      value, parameter.zero_allowed ? DurationSign::not_negative : DurationSign::positive);
  if (!duration.value) return fmt::format("{}:{}: {}", owner, name, duration.error);
  return ParameterValue{index, duration.value->us};
}

auto format_parameter_value(const Parameter& parameter, int64_t value) -> std::string {
  if (parameter.kind == Parameter::Kind::count) return std::to_string(value);
  return format_duration_exact(Duration{value});
}

}  // namespace locksim
