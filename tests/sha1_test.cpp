// Goal: SHA-1 matches FIPS 180 test vectors, and names the unlock script as sha1sum does.
#include "sim/core/sha1.hpp"

#include <gtest/gtest.h>

#include "sim/redis/command.hpp"

namespace locksim {
namespace {

TEST(Sha1, FipsTestVectors) {
  EXPECT_EQ(sha1_hex(""), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
  EXPECT_EQ(sha1_hex("abc"), "a9993e364706816aba3e25717850c26c9cd0d89d");
  EXPECT_EQ(sha1_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
  EXPECT_EQ(sha1_hex(std::string(1'000'000, 'a')), "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
}

TEST(Sha1, CompareAndDeleteScript) {
  // printf %s "<script>" | sha1sum, and a real redis-server 7.0.15 SCRIPT LOAD, agree on this.
  EXPECT_EQ(sha1_hex(redis::kCompareAndDeleteScript), "b70c2384248f88e6b75b9f89241a180f856ad852");
}

}  // namespace
}  // namespace locksim
