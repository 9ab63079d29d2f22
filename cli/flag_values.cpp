// Flag values; see flag_values.hpp.
#include "cli/flag_values.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <charconv>

#include "sim/core/duration_parse.hpp"
#include "sim/core/split.hpp"
#include "sim/scenario/scenario.hpp"

namespace locksim::cli {

void FlagReader::error(std::string_view flag, std::string_view message) {
  fmt::print(stderr, "locksim {}: error: {}: {}\n", command_, flag, message);
  ok_ = false;
}

auto FlagReader::duration(std::string_view flag, const std::string& text, Sign sign) -> Duration {
  const DurationParse result = parse_duration(text, sign);
  if (!result.value) error(flag, result.error);
  return result.value.value_or(Duration{});
}

auto FlagReader::ttl(std::string_view flag, const std::string& text) -> Duration {
  const bool was_ok = ok_;
  const Duration value = duration(flag, text, Sign::positive);
  if (ok_ == was_ok && value.us % 1'000 != 0) {
    error(flag, fmt::format("Redis takes whole milliseconds, got {}", text));
  }
  return value;
}

auto FlagReader::seed(std::string_view flag, const std::string& text) -> uint64_t {
  uint64_t seed = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), seed);
  if (text.empty() || ec != std::errc{} || end != text.data() + text.size() || seed > kSeedMax) {
    error(flag, fmt::format("a seed is a whole number from 0 to {}, got '{}'", kSeedMax, text));
  }
  return seed;
}

auto FlagReader::faults(std::string_view flag, const std::string& text)
    -> std::vector<FaultSelection> {
  FaultsParse parsed = parse_faults(text);
  for (const std::string& message : parsed.errors) error(flag, message);
  return std::move(parsed.selections);
}

auto FlagReader::names(std::string_view flag, const std::string& text,
                       const std::vector<std::string_view>& known) -> std::vector<std::string> {
  std::vector<std::string> names;
  for (const std::string_view name : split(text, ',')) {
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      error(flag, fmt::format("unknown name '{}' (known: {})", name, fmt::join(known, ", ")));
    } else if (std::find(names.begin(), names.end(), name) == names.end()) {
      names.emplace_back(name);
    }
  }
  return names;
}

}  // namespace locksim::cli
