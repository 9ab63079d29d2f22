// Printing collected errors; see diagnostics.hpp.
#include "sim/scenario/diagnostics.hpp"

#include <algorithm>
#include <utility>

#include <fmt/format.h>

namespace locksim {

auto Diagnostics::format() const -> std::string {
  std::vector<Diagnostic> sorted = list_;
  // Errors about the whole file come first (an empty position orders before any other).
  const auto key = [](const Diagnostic& d) {
    return d.at ? std::pair{d.at->line, d.at->column} : std::pair{0U, 0U};
  };
  std::stable_sort(sorted.begin(), sorted.end(),
                   [&](const Diagnostic& a, const Diagnostic& b) { return key(a) < key(b); });
  std::string text;
  for (const Diagnostic& d : sorted) {
    text += d.at ? fmt::format("{}:{}:{}: error: {}\n", file_, d.at->line, d.at->column, d.message)
                 : fmt::format("{}: error: {}\n", file_, d.message);
  }
  return text;
}

}  // namespace locksim
