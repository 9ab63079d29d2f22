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
  Fingerprinter() = default;
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
  // Narrower fields, for encodings that know where they are (a state's).
  void add_byte(uint8_t value) {
    if (buffered_ == sizeof buffer_) flush();
    buffer_[buffered_++] = value;
  }
  void add_u32(uint32_t value) {
    if (buffered_ + sizeof value > sizeof buffer_) flush();
    std::memcpy(buffer_ + buffered_, &value, sizeof value);
    buffered_ += sizeof value;
  }
  void add(Duration value) { add(value.us); }
  void add(TrueTime value) { add(value.us); }
  void add(LocalTime value) { add(value.us); }
  // Length first, so that ("ab","c") and ("a","bc") encode differently. The bytes are hashed
  // as one stream however they are buffered, so a short text joins the buffer and a long one
  // goes straight in.
  void add(std::string_view text) {
    add(static_cast<uint64_t>(text.size()));
    if (text.size() > sizeof buffer_ - buffered_) {
      flush();
      if (text.size() >= sizeof buffer_) return stream(text);
    }
    std::memcpy(buffer_ + buffered_, text.data(), text.size());
    buffered_ += text.size();
  }

  // XXH3 of every byte added. Streaming and one-shot XXH3 agree on the same bytes, so what fits
  // the buffer (a state's encoding, nearly always) is hashed in one call, which skips the
  // streaming state's set-up and final mixing — most of the cost for the short encodings the
  // model checker writes per client and per state.
  auto digest() -> uint64_t {
    return streaming_ ? streamed_digest() : XXH3_64bits(buffer_, buffered_);
  }

 private:
  // Hands the buffer to the streaming state, which is set up only when the bytes first overflow
  // the buffer (a run's trace hash). Out of line (fingerprint.cpp): rare, and GCC 12's
  // stringop-overflow check misfires on the streaming code inlined into callers.
  void flush();
  void stream(std::string_view bytes);
  auto streamed_digest() -> uint64_t;

  unsigned char buffer_[2048];
  size_t buffered_ = 0;
  bool streaming_ = false;
  XXH3_state_t state_;  // set up by the first flush
};

}  // namespace locksim
