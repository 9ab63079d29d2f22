// Stable 64-bit fingerprints: xxHash (XXH3) over a canonical encoding that each type writes
// field by field. Never std::hash, never addresses, never insertion order: the same value gives
// the same fingerprint in every run, build type and process.
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>

#define XXH_INLINE_ALL
#include <xxhash.h>

#include "sim/core/time.hpp"

namespace locksim {

class Fingerprinter {
 public:
  Fingerprinter() { XXH3_64bits_reset(&state_); }
  Fingerprinter(const Fingerprinter&) = delete;
  auto operator=(const Fingerprinter&) -> Fingerprinter& = delete;

  void add(uint64_t value) {
    if (buffered_ + sizeof value > sizeof buffer_) flush();
    std::memcpy(buffer_ + buffered_, &value, sizeof value);
    buffered_ += sizeof value;
  }
  void add(int64_t value) { add(static_cast<uint64_t>(value)); }
  void add(uint32_t value) { add(static_cast<uint64_t>(value)); }
  void add(bool value) { add(static_cast<uint64_t>(value ? 1 : 0)); }
  void add(Duration value) { add(value.us); }
  void add(TrueTime value) { add(value.us); }
  void add(LocalTime value) { add(value.us); }
  // Length first, so that ("ab","c") and ("a","bc") encode differently. The bytes are hashed
  // as one stream however they are buffered, so a short text joins the buffer (one hash update
  // per 256 bytes, not per text) and a long one goes straight in.
  void add(std::string_view text) {
    add(static_cast<uint64_t>(text.size()));
    if (text.size() > sizeof buffer_ - buffered_) {
      flush();
      if (text.size() >= sizeof buffer_) {
        XXH3_64bits_update(&state_, text.data(), text.size());
        return;
      }
    }
    std::memcpy(buffer_ + buffered_, text.data(), text.size());
    buffered_ += text.size();
  }

  auto digest() -> uint64_t {
    flush();
    return XXH3_64bits_digest(&state_);
  }

 private:
  void flush() {
    XXH3_64bits_update(&state_, buffer_, buffered_);
    buffered_ = 0;
  }

  XXH3_state_t state_;
  unsigned char buffer_[256];
  size_t buffered_ = 0;
};

}  // namespace locksim
