// Edit distance for suggestions; see nearest_name.hpp.
#include "sim/core/nearest_name.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

namespace locksim {
namespace {

auto lower(char c) -> char {
  return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
}

// Edit distance where swapping two neighbouring letters is one edit, as typing mistakes go
// (optimal string alignment).
auto edit_distance(std::string_view a, std::string_view b) -> size_t {
  const size_t width = b.size() + 1;
  std::vector<size_t> d((a.size() + 1) * width);
  const auto at = [&](size_t i, size_t j) -> size_t& { return d[i * width + j]; };
  for (size_t i = 0; i <= a.size(); ++i) at(i, 0) = i;
  for (size_t j = 0; j <= b.size(); ++j) at(0, j) = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t cost = lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1;
      at(i, j) = std::min({at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost});
      if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) &&
          lower(a[i - 2]) == lower(b[j - 1])) {
        at(i, j) = std::min(at(i, j), at(i - 2, j - 2) + 1);
      }
    }
  }
  return at(a.size(), b.size());
}

}  // namespace

auto nearest_name(std::string_view word, std::span<const std::string_view> candidates)
    -> std::optional<std::string_view> {
  // A name that would have to be rewritten entirely ("B" for "A") is no suggestion.
  const size_t allowed = std::min(std::max<size_t>(1, word.size() / 3), word.size() - 1);
  std::optional<std::string_view> best;
  size_t best_distance = allowed + 1;
  for (const std::string_view candidate : candidates) {
    const size_t distance = edit_distance(word, candidate);
    if (distance < best_distance) {
      best = candidate;
      best_distance = distance;
    }
  }
  return best;
}

}  // namespace locksim
