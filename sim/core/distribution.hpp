// Distributions of durations: what a choice may come out as. A driver decides how a value is
// picked from one (sampled from a PRNG, replayed from a record, or enumerated by the model
// checker); the world only says which distribution applies. Sampling uses integers only.
#pragma once

#include <string>
#include <variant>
#include <vector>

#include "sim/core/prng.hpp"
#include "sim/core/time.hpp"

namespace locksim {

struct Constant {
  Duration value;
  auto operator==(const Constant&) const -> bool = default;
};
// Every microsecond in [min, max] equally likely.
struct Uniform {
  Duration min;
  Duration max;
  auto operator==(const Uniform&) const -> bool = default;
};
// floor + an exponential variate with the given mean (its tail beyond `cap` is cut at cap).
struct Exponential {
  Duration floor;
  Duration mean;
  Duration cap;
  auto operator==(const Exponential&) const -> bool = default;
};
// Pareto: floor * U^(-1/alpha), alpha = alpha_milli / 1000, cut at cap. Small alpha, long tail.
struct HeavyTail {
  Duration floor;
  uint32_t alpha_milli = 1'500;
  Duration cap;
  auto operator==(const HeavyTail&) const -> bool = default;
};
// One of a finite list, each equally likely; the model checker enumerates every one.
struct OneOf {
  std::vector<Duration> values;
  auto operator==(const OneOf&) const -> bool = default;
};

using Distribution = std::variant<Constant, Uniform, Exponential, HeavyTail, OneOf>;

auto sample(const Distribution& distribution, Prng& prng) -> Duration;

// The value at quantile p = ppm / kQuantileScale: the smallest value at p = 0, the largest at
// p = 1, and, for p uniform in [0, 1], the distribution's own law (a generated number in place
// of the random draw, which is how the property-based driver answers choices).
inline constexpr uint32_t kQuantileScale = 1'000'000;
auto quantile(const Distribution& distribution, uint32_t ppm) -> Duration;

// The finite set of values the distribution can take, when it is small enough to enumerate
// (Constant, OneOf, and a Uniform whose span is zero); empty otherwise.
auto finite_support(const Distribution& distribution) -> std::vector<Duration>;

// Whether `value` is a value the distribution can produce (used to validate replayed choices).
auto can_produce(const Distribution& distribution, Duration value) -> bool;

// The largest value the distribution can produce (bounds derived from parameters use it).
auto max_value(const Distribution& distribution) -> Duration;
// The smallest value the distribution can produce.
auto min_value(const Distribution& distribution) -> Duration;

auto describe(const Distribution& distribution) -> std::string;

}  // namespace locksim
