// SHA-1 (FIPS 180-4) as lowercase hex: Redis names scripts by the SHA-1 of their body.
#pragma once

#include <string>
#include <string_view>

namespace locksim {

auto sha1_hex(std::string_view data) -> std::string;

}  // namespace locksim
