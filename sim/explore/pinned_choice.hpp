// A choice fixed to one value: the nth time (1-based) a run asks for `kind` about `subject` (with
// `label`, when one is given, compared without case). Scenario files pin start times and message
// delays this way; the scenario chooser answers them, and the model checker gives a pinned
// occurrence a domain of that value alone. A pin overrides the distribution: its value need not be
// one the distribution could produce.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "sim/core/choice.hpp"

namespace locksim {

struct PinnedChoice {
  ChoiceKind kind;
  uint32_t subject = 0;
  std::string label;
  uint32_t nth = 1;
  Duration value;
  auto operator==(const PinnedChoice&) const -> bool = default;
};

// Whether the choice is one the pin counts (of its kind, subject and label), whichever occurrence.
auto counts_toward(const PinnedChoice& pin, const Choice& choice) -> bool;

// "reply_delay #2 SET occurrence 1 = 450ms" (subjects numbered from 1), for the verdict.
auto describe(const PinnedChoice& pin) -> std::string;

}  // namespace locksim
