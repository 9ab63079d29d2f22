// XXH3 of a long input, run by the library's dispatching entry on the widest vector unit the CPU
// has (AVX2 or AVX-512 where the inlined code may assume only SSE2): out of line, so the call
// pays off only past XXH3's short inputs. XXH3 gives the same value whichever unit runs it.
#pragma once

#include <cstddef>
#include <cstdint>

namespace locksim {

inline constexpr size_t kXxh3ShortInput = 240;  // XXH3_MIDSIZE_MAX: up to it, no vectors

auto xxh3_wide(const void* bytes, size_t size) -> uint64_t;

}  // namespace locksim
