// Binary logarithm by repeated squaring and 2^x by a product of square roots of two; see
// fixed_point.hpp. Both are exact integer computations, so every build gives the same bits.
#include "sim/core/fixed_point.hpp"

#include <array>
#include <bit>

namespace locksim {
namespace {

__extension__ using u128 = unsigned __int128;
constexpr uint64_t kOneQ62 = uint64_t{1} << 62;

constexpr auto isqrt(u128 value) -> u128 {
  u128 root = 0;
  u128 bit = u128{1} << 126;
  while (bit > value) bit >>= 2;
  while (bit != 0) {
    if (value >= root + bit) {
      value -= root + bit;
      root = (root >> 1) + bit;
    } else {
      root >>= 1;
    }
    bit >>= 2;
  }
  return root;
}

// kRoots[i] = 2^(2^-(i+1)) as Q62: sqrt(2), 2^(1/4), ... each the square root of the one before.
constexpr auto make_roots() -> std::array<uint64_t, 32> {
  std::array<uint64_t, 32> roots{};
  u128 current = u128{2} << 62;
  for (uint64_t& root : roots) {
    current = isqrt(current << 62);
    root = static_cast<uint64_t>(current);
  }
  return roots;
}
constexpr std::array<uint64_t, 32> kRoots = make_roots();

}  // namespace

auto negative_log2_q32(uint64_t u) -> uint64_t {
  if (u == 0) u = 1;
  const int top_bit = 63 - std::countl_zero(u);
  // mantissa in [1, 2) as Q31, so that its square fits in 64 bits.
  uint64_t mantissa = top_bit >= 31 ? u >> (top_bit - 31) : u << (31 - top_bit);
  uint64_t fraction_q32 = 0;
  for (int bit = 31; bit >= 0; --bit) {
    mantissa = (mantissa * mantissa) >> 31;
    if (mantissa >= (uint64_t{2} << 31)) {
      mantissa >>= 1;
      fraction_q32 |= uint64_t{1} << bit;
    }
  }
  const uint64_t log2_q32 = (static_cast<uint64_t>(top_bit) << 32) + fraction_q32;
  return (uint64_t{64} << 32) - log2_q32;
}

auto exp2_fraction_q62(uint32_t fraction_q32) -> uint64_t {
  u128 result = kOneQ62;
  for (int index = 0; index < 32; ++index) {
    if (fraction_q32 & (uint32_t{1} << (31 - index))) result = (result * kRoots[index]) >> 62;
  }
  return static_cast<uint64_t>(result);
}

}  // namespace locksim
