// Duration text in and out; see duration_parse.hpp.
#include "sim/core/duration_parse.hpp"

#include <array>
#include <charconv>
#include <limits>

namespace locksim {
namespace {

struct Unit {
  std::string_view suffix;
  int64_t micros;
};
// Longest suffixes first so that "ms" is not read as "m" followed by garbage.
constexpr std::array kUnits{Unit{"us", 1}, Unit{"ms", 1'000}, Unit{"s", 1'000'000},
                            Unit{"m", 60'000'000}};

}  // namespace

auto parse_duration(std::string_view text) -> DurationParse {
  if (text == "0") return {Duration{}, {}};
  size_t digits_end = 0;
  if (digits_end < text.size() && text[digits_end] == '-') ++digits_end;
  while (digits_end < text.size() && text[digits_end] >= '0' && text[digits_end] <= '9') {
    ++digits_end;
  }
  const std::string_view number = text.substr(0, digits_end);
  const std::string_view suffix = text.substr(digits_end);
  int64_t value = 0;
  const auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), value);
  if (number.empty() || ec != std::errc{} || end != number.data() + number.size()) {
    return {std::nullopt, fmt::format("'{}' is not a duration (expected e.g. 1500ms, 2s)", text)};
  }
  for (const Unit& unit : kUnits) {
    if (suffix != unit.suffix) continue;
    if (value > std::numeric_limits<int64_t>::max() / unit.micros ||
        value < std::numeric_limits<int64_t>::min() / unit.micros) {
      return {std::nullopt, fmt::format("duration '{}' is too large", text)};
    }
    return {Duration{value * unit.micros}, {}};
  }
  return {std::nullopt, fmt::format("'{}' needs a unit: us, ms, s or m (e.g. {}ms)", text, number)};
}

auto format_duration_exact(Duration d) -> std::string {
  if (d.us % 1'000'000 == 0) return fmt::format("{}s", d.us / 1'000'000);
  if (d.us % 1'000 == 0) return fmt::format("{}ms", d.us / 1'000);
  return fmt::format("{}us", d.us);
}

auto format_duration(Duration d) -> std::string {
  // Exact, in the largest unit that keeps it short: 2s, 1.5s, 9.034431s, 841.91ms, 12us.
  const int64_t magnitude = d.us < 0 ? -d.us : d.us;
  const char* sign = d.us < 0 ? "-" : "";
  const auto with_fraction = [&](int64_t unit, int digits, std::string_view suffix) {
    std::string fraction = fmt::format("{:0{}}", magnitude % unit, digits);
    while (!fraction.empty() && fraction.back() == '0') fraction.pop_back();
    return fmt::format("{}{}{}{}{}", sign, magnitude / unit, fraction.empty() ? "" : ".", fraction,
                       suffix);
  };
  if (magnitude >= 1'000'000) return with_fraction(1'000'000, 6, "s");
  if (magnitude >= 1'000) return with_fraction(1'000, 3, "ms");
  return fmt::format("{}{}us", sign, magnitude);
}

}  // namespace locksim
