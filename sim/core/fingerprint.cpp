// The fingerprinter's streaming half; see fingerprint.hpp.
#include "sim/core/fingerprint.hpp"

namespace locksim {

void Fingerprinter::flush() {
  if (!streaming_) {
    XXH3_64bits_reset(&state_);
    streaming_ = true;
  }
  XXH3_64bits_update(&state_, buffer_, buffered_);
  buffered_ = 0;
}

void Fingerprinter::stream(std::string_view bytes) {  // after a flush()
  XXH3_64bits_update(&state_, bytes.data(), bytes.size());
}

auto Fingerprinter::streamed_digest() -> uint64_t {
  flush();
  return XXH3_64bits_digest(&state_);
}

}  // namespace locksim
