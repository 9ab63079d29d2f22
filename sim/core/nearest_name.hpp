// "Did you mean ...?": the known name closest to a misspelt one, when one is close enough.
#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace locksim {

// The candidate with the smallest edit distance to `word` (case-insensitive), if that distance
// is small for the word's length: at most a third of it (at least one edit), and never all of it.
auto nearest_name(std::string_view word, std::span<const std::string_view> candidates)
    -> std::optional<std::string_view>;

}  // namespace locksim
