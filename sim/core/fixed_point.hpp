// Integer-only logarithm and power of two, so that exponential and heavy-tailed delays can be
// drawn without floating point (whose results may differ between libm versions and builds).
// Q32 means a value scaled by 2^32; Q62 a value scaled by 2^62.
#pragma once

#include <cstdint>

namespace locksim {

// -log2(u / 2^64) as Q32 for a uniform 64-bit draw u (u == 0 is read as 1). In (0, 64].
auto negative_log2_q32(uint64_t u) -> uint64_t;

// 2^(f / 2^32) as Q62 for a fraction f in [0, 2^32): a value in [1, 2).
auto exp2_fraction_q62(uint32_t fraction_q32) -> uint64_t;

// ln(2) as Q32, rounded.
inline constexpr uint64_t kLn2Q32 = 2'977'044'472ULL;

}  // namespace locksim
