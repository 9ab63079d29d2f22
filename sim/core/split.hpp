// Splitting a list as people write it on a command line: "a,b,c" (empty pieces are kept, so
// "a,,b" shows its mistake instead of hiding it).
#pragma once

#include <string_view>
#include <vector>

namespace locksim {

inline auto split(std::string_view text, char separator) -> std::vector<std::string_view> {
  std::vector<std::string_view> pieces;
  size_t begin = 0;
  while (true) {
    const size_t end = text.find(separator, begin);
    pieces.push_back(text.substr(begin, end == std::string_view::npos ? end : end - begin));
    if (end == std::string_view::npos) return pieces;
    begin = end + 1;
  }
}

}  // namespace locksim
