// Duration text in and out; see duration_parse.hpp.
#include "sim/core/duration_parse.hpp"

#include <array>
#include <charconv>
#include <limits>
#include <numeric>

namespace locksim {
namespace {

struct Unit {
  std::string_view suffix;
  int64_t micros;
};
constexpr std::array kUnits{Unit{"us", 1}, Unit{"ms", 1'000}, Unit{"s", 1'000'000},
                            Unit{"m", 60'000'000}, Unit{"h", 3'600'000'000}};
constexpr std::string_view kUnitList = "us, ms, s, m or h";

// "-1.25ms" as its parts: the sign, the digits before and after the point, and the unit text.
struct Parts {
  bool negative = false;
  std::string_view whole;
  std::optional<std::string_view> fraction;  // set when there is a point
  std::string_view unit;
};

auto digits_at(std::string_view text, size_t from) -> std::string_view {
  size_t end = from;
  while (end < text.size() && text[end] >= '0' && text[end] <= '9') ++end;
  return text.substr(from, end - from);
}

auto split(std::string_view text) -> Parts {
  Parts parts;
  size_t at = 0;
  if (text.starts_with('-')) {
    parts.negative = true;
    ++at;
  }
  parts.whole = digits_at(text, at);
  at += parts.whole.size();
  if (at < text.size() && text[at] == '.') {
    parts.fraction = digits_at(text, at + 1);
    at += 1 + parts.fraction->size();
  }
  parts.unit = text.substr(at);
  return parts;
}

auto find_unit(std::string_view suffix) -> const Unit* {
  for (const Unit& unit : kUnits) {
    if (unit.suffix == suffix) return &unit;
  }
  return nullptr;
}

auto refuse(std::string message) -> DurationParse {
  return {std::nullopt, std::move(message)};
}

// The fraction's microseconds, when it names a whole number of them: 0.25 of a millisecond is
// 250us; 0.0005 of one is not.
auto fraction_micros(std::string_view digits, int64_t unit_micros) -> std::optional<int64_t> {
  while (!digits.empty() && digits.back() == '0') digits.remove_suffix(1);
  if (digits.empty()) return 0;
  // Without its trailing zeros, a fraction of more than 10 digits is never whole in any of these
  // units (the hour has the most factors of 2 and 5: 2^10 and 5^8), so 18 digits, whose 10^18
  // still fits an int64, lose nothing.
  if (digits.size() > 18) return std::nullopt;
  int64_t numerator = 0;
  std::from_chars(digits.data(), digits.data() + digits.size(), numerator);
  int64_t denominator = 1;
  for (size_t i = 0; i < digits.size(); ++i) denominator *= 10;
  // numerator / denominator * unit, exactly: the result is below one unit, so nothing overflows.
  const int64_t common = std::gcd(unit_micros, denominator);
  const int64_t step = denominator / common;
  if (numerator % step != 0) return std::nullopt;
  return numerator / step * (unit_micros / common);
}

auto check_sign(std::string_view text, Duration value, DurationSign sign) -> DurationParse {
  if (sign == DurationSign::positive && value.us <= 0) {
    return refuse(fmt::format("'{}' must be longer than zero", text));
  }
  if (sign == DurationSign::not_negative && value.us < 0) {
    return refuse(fmt::format("'{}' must not be negative", text));
  }
  return {value, {}};
}

}  // namespace

auto parse_duration(std::string_view text, DurationSign sign) -> DurationParse {
  if (text == "0") return check_sign(text, Duration{}, sign);
  const Parts parts = split(text);
  if (parts.whole.empty() || (parts.fraction && parts.fraction->empty())) {
    return refuse(fmt::format("'{}' is not a duration (expected e.g. 1500ms, 1.5s, 2h)", text));
  }
  if (parts.unit.empty()) {
    return refuse(fmt::format("'{}' needs a unit: {} (e.g. {}ms)", text, kUnitList, text));
  }
  const Unit* unit = find_unit(parts.unit);
  if (!unit) {
    return refuse(
        fmt::format("'{}' has an unknown unit '{}' (known: {})", text, parts.unit, kUnitList));
  }
  const std::optional<int64_t> fraction =
      parts.fraction ? fraction_micros(*parts.fraction, unit->micros) : 0;
  if (!fraction) {
    return refuse(fmt::format("'{}' is not a whole number of microseconds", text));
  }
  int64_t whole = 0;
  const auto [end, ec] =
      std::from_chars(parts.whole.data(), parts.whole.data() + parts.whole.size(), whole);
  if (ec != std::errc{} ||
      whole > (std::numeric_limits<int64_t>::max() - *fraction) / unit->micros) {
    return refuse(fmt::format("'{}' is too large", text));
  }
  const int64_t micros = whole * unit->micros + *fraction;
  return check_sign(text, Duration{parts.negative ? -micros : micros}, sign);
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
