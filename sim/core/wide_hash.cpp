// XXH3 on the widest vector unit the CPU has; see fingerprint.hpp.
#include "sim/core/wide_hash.hpp"

#if defined(__x86_64__)
#include <xxh_x86dispatch.h>
#else
#include <xxhash.h>
#endif

namespace locksim {

auto xxh3_wide(const void* bytes, size_t size) -> uint64_t {
#if defined(__x86_64__)
  return XXH3_64bits_dispatch(bytes, size);
#else
  return XXH3_64bits(bytes, size);
#endif
}

}  // namespace locksim
