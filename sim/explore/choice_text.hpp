// A recorded choice as one line of text, "request_delay 3 812us": its kind, its subject (client,
// server or connection index, by kind) and its exact value; and a step a driver took instead of
// firing the event due first, "12 fire 2" (the step, and which of the events due at that instant,
// counted from 0 in scheduling order) or "7 inject pauses 1" (the step, the fault kind as
// `--budget` names it, and its subject index). Scenario files store runs this way.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "sim/explore/scripted_chooser.hpp"
#include "sim/explore/simulate.hpp"

namespace locksim {

auto format_choice(const RecordedChoice& choice) -> std::string;

struct ChoiceParse {
  std::optional<RecordedChoice> choice;
  std::string error;  // when choice is empty
};
auto parse_choice(std::string_view text) -> ChoiceParse;

auto format_action(const ScheduledAction& action) -> std::string;

struct ActionParse {
  std::optional<ScheduledAction> action;
  std::string error;  // when action is empty
};
auto parse_action(std::string_view text) -> ActionParse;

}  // namespace locksim
