// Choices as text; see choice_text.hpp.
#include "sim/explore/choice_text.hpp"

#include <charconv>

#include <fmt/format.h>

#include "sim/core/duration_parse.hpp"
#include "sim/core/split.hpp"

namespace locksim {

auto format_choice(const RecordedChoice& choice) -> std::string {
  return fmt::format("{} {} {}", to_string(choice.kind), choice.subject,
                     format_duration_exact(choice.value));
}

auto parse_choice(std::string_view text) -> ChoiceParse {
  const std::vector<std::string_view> words = split(text, ' ');
  if (words.size() != 3) {
    return {std::nullopt, fmt::format("'{}' is not a choice (expected e.g. \"request_delay 3 "
                                      "812us\": kind, subject, value)",
                                      text)};
  }
  std::optional<ChoiceKind> kind;
  for (size_t k = 0; k < kChoiceKindCount; ++k) {
    if (to_string(static_cast<ChoiceKind>(k)) == words[0]) kind = static_cast<ChoiceKind>(k);
  }
  if (!kind) return {std::nullopt, fmt::format("'{}' is not a kind of choice", words[0])};
  uint32_t subject = 0;
  const auto [end, ec] =
      std::from_chars(words[1].data(), words[1].data() + words[1].size(), subject);
  if (ec != std::errc{} || end != words[1].data() + words[1].size()) {
    return {std::nullopt, fmt::format("'{}' is not a subject index", words[1])};
  }
  DurationParse value = parse_duration(words[2]);
  if (!value.value) return {std::nullopt, std::move(value.error)};
  return {RecordedChoice{*kind, subject, *value.value}, {}};
}

}  // namespace locksim
