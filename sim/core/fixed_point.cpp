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

// log2(1 + i / 2^bits) as Q32 for i in [0, 2^bits], by the exact bit-by-bit method (binary
// logarithm by repeated squaring), computed at compile time.
constexpr int kLog2TableBits = 10;

constexpr auto log2_one_plus_q32(uint64_t i) -> uint64_t {
  if (i == (uint64_t{1} << kLog2TableBits)) return uint64_t{1} << 32;  // log2(2) = 1
  u128 mantissa = (u128{1} << 62) + (static_cast<u128>(i) << (62 - kLog2TableBits));
  uint64_t fraction = 0;
  for (int bit = 31; bit >= 0; --bit) {
    mantissa = (mantissa * mantissa) >> 62;
    if (mantissa >= (u128{2} << 62)) {
      mantissa >>= 1;
      fraction |= uint64_t{1} << bit;
    }
  }
  return fraction;
}

constexpr auto make_log2_table() -> std::array<uint64_t, (1 << kLog2TableBits) + 1> {
  std::array<uint64_t, (1 << kLog2TableBits) + 1> table{};
  for (uint64_t i = 0; i < table.size(); ++i) table[i] = log2_one_plus_q32(i);
  return table;
}
constexpr auto kLog2Table = make_log2_table();

}  // namespace

auto negative_log2_q32(uint64_t u) -> uint64_t {
  if (u == 0) u = 1;
  const int top_bit = 63 - std::countl_zero(u);
  // The 32 bits after the leading one: the mantissa's fraction, x in [0, 1) as Q32.
  const auto fraction =
      static_cast<uint32_t>(top_bit >= 32 ? u >> (top_bit - 32) : u << (32 - top_bit));
  const uint32_t index = fraction >> (32 - kLog2TableBits);
  const uint64_t within = fraction & ((uint32_t{1} << (32 - kLog2TableBits)) - 1);
  // Linear interpolation between table points; error below 2e-7 (log2 is nearly straight there).
  const uint64_t low = kLog2Table[index];
  const uint64_t high = kLog2Table[index + 1];
  const uint64_t log2_fraction = low + (((high - low) * within) >> (32 - kLog2TableBits));
  const uint64_t log2_q32 = (static_cast<uint64_t>(top_bit) << 32) + log2_fraction;
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
