// Pinned choices; see pinned_choice.hpp.
#include "sim/explore/pinned_choice.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "sim/core/duration_parse.hpp"

namespace locksim {

auto counts_toward(const PinnedChoice& pin, const Choice& choice) -> bool {
  if (pin.kind != choice.kind || pin.subject != choice.subject) return false;
  return pin.label.empty() || std::equal(pin.label.begin(), pin.label.end(), choice.label.begin(),
                                         choice.label.end(), [](char a, char b) {
                                           return std::toupper(static_cast<unsigned char>(a)) ==
                                                  std::toupper(static_cast<unsigned char>(b));
                                         });
}

auto describe(const PinnedChoice& pin) -> std::string {
  return fmt::format("{} #{}{} occurrence {} = {}", to_string(pin.kind), pin.subject + 1,
                     pin.label.empty() ? std::string() : fmt::format(" {}", pin.label), pin.nth,
                     format_duration_exact(pin.value));
}

}  // namespace locksim
