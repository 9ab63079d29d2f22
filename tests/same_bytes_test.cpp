// Goal: same_bytes agrees with string equality for every size its word compares cover (0 to 16,
// and past it), whichever byte differs — the first, the last or one only the overlap of its two
// words reads.
#include "sim/core/same_bytes.hpp"

#include <gtest/gtest.h>

#include <string>

namespace locksim {
namespace {

TEST(SameBytes, AgreesWithStringEqualityWhicheverByteDiffers) {
  for (size_t size = 0; size <= 20; ++size) {
    const std::string base = std::string("lock:c1.0.31-abcdefghij").substr(0, size);
    EXPECT_TRUE(same_bytes(base, std::string(base))) << "size " << size;
    for (size_t at = 0; at < size; ++at) {
      std::string other = base;
      other[at] = static_cast<char>(other[at] ^ 0x20);
      EXPECT_FALSE(same_bytes(base, other)) << "size " << size << ", byte " << at;
    }
    EXPECT_FALSE(same_bytes(base, base + "x")) << "size " << size;
  }
}

TEST(SameBytes, ComparesTheViewedBytesOnly) {
  const std::string text = "lock-lock";
  EXPECT_TRUE(same_bytes(std::string_view(text).substr(0, 4), std::string_view(text).substr(5)));
}

}  // namespace
}  // namespace locksim
