// Equality of two byte strings, inline for the short keys and tokens the lock algorithms use.
// `a == b` on string views ends in a memcmp call, which is most of what a keyspace lookup or a
// monitor's owner check costs; up to 16 bytes this compares at most two overlapping words.
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>

namespace locksim {
namespace detail {

template <class Word>
auto load_word(const char* at) -> Word {
  Word word;
  std::memcpy(&word, at, sizeof word);
  return word;
}

// The first and the last sizeof(Word) bytes agree (size is at least sizeof(Word)).
template <class Word>
auto same_ends(const char* x, const char* y, size_t size) -> bool {
  const size_t last = size - sizeof(Word);
  return load_word<Word>(x) == load_word<Word>(y) &&
         load_word<Word>(x + last) == load_word<Word>(y + last);
}

}  // namespace detail

inline auto same_bytes(std::string_view a, std::string_view b) -> bool {
  const size_t size = a.size();
  if (size != b.size()) return false;
  const char* x = a.data();
  const char* y = b.data();
  if (size > 16) return std::memcmp(x, y, size) == 0;
  if (size >= 8) return detail::same_ends<uint64_t>(x, y, size);
  if (size >= 4) return detail::same_ends<uint32_t>(x, y, size);
  for (size_t i = 0; i < size; ++i) {
    if (x[i] != y[i]) return false;
  }
  return true;
}

}  // namespace locksim
