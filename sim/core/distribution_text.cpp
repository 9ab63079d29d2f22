// Distributions as text; see distribution_text.hpp.
#include "sim/core/distribution_text.hpp"

#include <fmt/format.h>

#include "sim/core/duration_parse.hpp"
#include "sim/core/overloaded.hpp"
#include "sim/core/split.hpp"

namespace locksim {
namespace {

constexpr uint32_t kParetoAlphaMilli = 1'100;  // slow-network's tail
constexpr int64_t kExponentialCapMeans = 100;

auto read(std::string_view text, std::string& error) -> std::optional<Duration> {
  const DurationParse parsed = parse_duration(text, DurationSign::not_negative);
  if (!parsed.value) error = parsed.error;
  return parsed.value;
}

// "A..B" as two durations, A <= B.
auto read_span(std::string_view text, std::string& error)
    -> std::optional<std::pair<Duration, Duration>> {
  const size_t dots = text.find("..");
  if (dots == std::string_view::npos) {
    error = fmt::format("takes FROM..TO, got '{}'", text);
    return std::nullopt;
  }
  const std::optional<Duration> low = read(text.substr(0, dots), error);
  const std::optional<Duration> high = low ? read(text.substr(dots + 2), error) : std::nullopt;
  if (!high) return std::nullopt;
  if (*high < *low) {
    error = fmt::format("'{}' runs backwards", text);
    return std::nullopt;
  }
  return std::pair(*low, *high);
}

}  // namespace

auto parse_distribution(std::string_view text) -> DistributionParse {
  const size_t open = text.find('(');
  std::string error;
  if (open == std::string_view::npos) {
    if (const std::optional<Duration> value = read(text, error)) return {Constant{*value}, {}};
    return {std::nullopt, error};
  }
  if (!text.ends_with(")")) return {std::nullopt, fmt::format("'{}' lacks its ')'", text)};
  const std::string_view kind = text.substr(0, open);
  const std::string_view inside = text.substr(open + 1, text.size() - open - 2);
  if (kind == "uniform") {
    if (const auto span = read_span(inside, error)) return {Uniform{span->first, span->second}, {}};
  } else if (kind == "exp") {
    if (const std::optional<Duration> mean = read(inside, error)) {
      if (mean->us == 0) return {std::nullopt, "exp(MEAN) takes a mean longer than zero"};
      return {Exponential{Duration{}, *mean, *mean * kExponentialCapMeans}, {}};
    }
  } else if (kind == "pareto") {
    if (const auto span = read_span(inside, error)) {
      if (span->first.us == 0) return {std::nullopt, "pareto(FLOOR..CAP) takes a floor above zero"};
      return {HeavyTail{span->first, kParetoAlphaMilli, span->second}, {}};
    }
  } else if (kind == "one-of") {
    OneOf one_of;
    for (const std::string_view item : split(inside, '|')) {
      const std::optional<Duration> value = read(item, error);
      if (!value) return {std::nullopt, error};
      one_of.values.push_back(*value);
    }
    return {one_of, {}};
  } else {
    return {std::nullopt,
            fmt::format("unknown distribution '{}' (known: a duration, uniform(A..B), exp(MEAN), "
                        "pareto(FLOOR..CAP), one-of(A|B|...))",
                        kind)};
  }
  return {std::nullopt, fmt::format("{}: {}", text, error)};
}

auto distribution_text(const Distribution& distribution) -> std::string {
  const auto d = [](Duration value) { return format_duration_exact(value); };
  return std::visit(
      Overloaded{
          [&](const Constant& c) { return d(c.value); },
          [&](const Uniform& u) { return fmt::format("uniform({}..{})", d(u.min), d(u.max)); },
          [&](const Exponential& e) { return fmt::format("exp({})", d(e.mean)); },
          [&](const HeavyTail& h) { return fmt::format("pareto({}..{})", d(h.floor), d(h.cap)); },
          [&](const OneOf& o) {
            std::string text = "one-of(";
            for (size_t i = 0; i < o.values.size(); ++i) {
              if (i > 0) text.push_back('|');
              text += d(o.values[i]);
            }
            text.push_back(')');
            return text;
          },
      },
      distribution);
}

}  // namespace locksim
