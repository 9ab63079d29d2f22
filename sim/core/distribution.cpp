// Sampling, enumerating and describing duration distributions; see distribution.hpp.
#include "sim/core/distribution.hpp"

#include <algorithm>

#include "sim/core/assert.hpp"
#include "sim/core/fixed_point.hpp"
#include "sim/core/overloaded.hpp"

namespace locksim {
namespace {

__extension__ using u128 = unsigned __int128;

// Each distribution at a uniform 64-bit variate u (u / 2^64 in (0, 1)): the sample it gives, and,
// read as 1 - p, its quantile at p.
auto exponential_at(const Exponential& e, uint64_t u) -> Duration {
  // mean * ln(1/U) = mean * (-log2 U) * ln 2, in Q32 fixed point.
  const u128 scaled = static_cast<u128>(e.mean.us) * negative_log2_q32(u);
  const u128 variate = (scaled * kLn2Q32) >> 64;
  const auto tail = static_cast<int64_t>(std::min<u128>(variate, static_cast<u128>(e.cap.us)));
  return e.floor + Duration{tail};
}

auto heavy_tail_at(const HeavyTail& h, uint64_t u) -> Duration {
  // floor * 2^(-log2(U) / alpha), split into a whole power of two and a fraction.
  const u128 exponent_q32 = static_cast<u128>(negative_log2_q32(u)) * 1'000 / h.alpha_milli;
  const auto whole = static_cast<uint64_t>(exponent_q32 >> 32);
  const auto fraction = static_cast<uint32_t>(exponent_q32 & 0xffff'ffffU);
  if (whole >= 40) return h.cap;
  const u128 value = (static_cast<u128>(h.floor.us) * exp2_fraction_q62(fraction)) >> 62;
  const u128 shifted = value << whole;
  if (shifted >= static_cast<u128>(h.cap.us)) return h.cap;
  return Duration{static_cast<int64_t>(shifted)};
}

}  // namespace

auto sample(const Distribution& distribution, Prng& prng) -> Duration {
  return std::visit(
      Overloaded{
          [](const Constant& c) { return c.value; },
          [&](const Uniform& u) { return Duration{prng.range_inclusive(u.min.us, u.max.us)}; },
          [&](const Exponential& e) { return exponential_at(e, prng.next_u64()); },
          [&](const HeavyTail& h) { return heavy_tail_at(h, prng.next_u64()); },
          [&](const OneOf& o) {
            LOCKSIM_ASSERT(!o.values.empty(), "OneOf distribution has no values");
            return o.values[prng.below(o.values.size())];
          },
      },
      distribution);
}

auto quantile(const Distribution& distribution, uint32_t ppm) -> Duration {
  LOCKSIM_ASSERT(ppm <= kQuantileScale, "quantile {} ppm is past 1", ppm);
  // 1 - p as a 64-bit variate (p = 0 reads as the largest one, whose logarithm is about 0).
  const auto complement = static_cast<uint64_t>(std::min<u128>(
      (static_cast<u128>(kQuantileScale - ppm) << 64) / kQuantileScale, ~uint64_t{0}));
  return std::visit(
      Overloaded{
          [](const Constant& c) { return c.value; },
          [&](const Uniform& u) {
            const auto span = static_cast<u128>(u.max.us - u.min.us);
            return u.min + Duration{static_cast<int64_t>(span * ppm / kQuantileScale)};
          },
          [&](const Exponential& e) { return exponential_at(e, complement); },
          [&](const HeavyTail& h) { return heavy_tail_at(h, complement); },
          [&](const OneOf& o) {
            LOCKSIM_ASSERT(!o.values.empty(), "OneOf distribution has no values");
            std::vector<Duration> sorted = o.values;
            std::sort(sorted.begin(), sorted.end());
            const size_t index = static_cast<size_t>(static_cast<uint64_t>(ppm) * sorted.size() /
                                                     (uint64_t{kQuantileScale} + 1));
            return sorted[index];
          },
      },
      distribution);
}

auto finite_support(const Distribution& distribution) -> std::vector<Duration> {
  return std::visit(Overloaded{
                        [](const Constant& c) { return std::vector{c.value}; },
                        [](const Uniform& u) {
                          return u.min == u.max ? std::vector{u.min} : std::vector<Duration>{};
                        },
                        [](const OneOf& o) { return o.values; },
                        [](const auto&) { return std::vector<Duration>{}; },
                    },
                    distribution);
}

auto can_produce(const Distribution& distribution, Duration value) -> bool {
  return std::visit(
      Overloaded{
          [&](const Constant& c) { return value == c.value; },
          [&](const Uniform& u) { return u.min <= value && value <= u.max; },
          [&](const Exponential& e) { return e.floor <= value && value <= e.floor + e.cap; },
          [&](const HeavyTail& h) { return h.floor <= value && value <= h.cap; },
          [&](const OneOf& o) {
            return std::find(o.values.begin(), o.values.end(), value) != o.values.end();
          },
      },
      distribution);
}

auto max_value(const Distribution& distribution) -> Duration {
  return std::visit(Overloaded{
                        [](const Constant& c) { return c.value; },
                        [](const Uniform& u) { return u.max; },
                        [](const Exponential& e) { return e.floor + e.cap; },
                        [](const HeavyTail& h) { return h.cap; },
                        [](const OneOf& o) {
                          return o.values.empty()
                                     ? Duration{}
                                     : *std::max_element(o.values.begin(), o.values.end());
                        },
                    },
                    distribution);
}

auto min_value(const Distribution& distribution) -> Duration {
  return std::visit(Overloaded{
                        [](const Constant& c) { return c.value; },
                        [](const Uniform& u) { return u.min; },
                        [](const Exponential& e) { return e.floor; },
                        [](const HeavyTail& h) { return h.floor; },
                        [](const OneOf& o) {
                          return o.values.empty()
                                     ? Duration{}
                                     : *std::min_element(o.values.begin(), o.values.end());
                        },
                    },
                    distribution);
}

auto describe(const Distribution& distribution) -> std::string {
  return std::visit(
      Overloaded{
          [](const Constant& c) { return fmt::format("{}", c.value); },
          [](const Uniform& u) { return fmt::format("uniform({}, {})", u.min, u.max); },
          [](const Exponential& e) {
            return fmt::format("{} + exponential(mean {}, cap {})", e.floor, e.mean, e.cap);
          },
          [](const HeavyTail& h) {
            return fmt::format("pareto(floor {}, alpha {}.{:03}, cap {})", h.floor,
                               h.alpha_milli / 1000, h.alpha_milli % 1000, h.cap);
          },
          [](const OneOf& o) {
            std::string text = "one of {";
            for (size_t i = 0; i < o.values.size(); ++i) {
              text += fmt::format("{}{}", i == 0 ? "" : ", ", o.values[i]);
            }
            return text + "}";
          },
      },
      distribution);
}

}  // namespace locksim
