// A recorded choice as one line of text, "request_delay 3 812us": its kind, its subject (client,
// server or connection index, by kind) and its exact value. Scenario files store runs this way.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "sim/explore/scripted_chooser.hpp"

namespace locksim {

auto format_choice(const RecordedChoice& choice) -> std::string;

struct ChoiceParse {
  std::optional<RecordedChoice> choice;
  std::string error;  // when choice is empty
};
auto parse_choice(std::string_view text) -> ChoiceParse;

}  // namespace locksim
