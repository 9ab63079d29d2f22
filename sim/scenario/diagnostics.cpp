// Printing collected errors; see diagnostics.hpp.
#include "sim/scenario/diagnostics.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace locksim {

auto Diagnostics::format() const -> std::string {
  std::vector<Diagnostic> sorted = list_;
  std::stable_sort(sorted.begin(), sorted.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return a.at.line != b.at.line ? a.at.line < b.at.line : a.at.column < b.at.column;
  });
  std::string text;
  for (const Diagnostic& d : sorted) {
    text += fmt::format("{}:{}:{}: error: {}\n", file_, d.at.line, d.at.column, d.message);
  }
  return text;
}

}  // namespace locksim
