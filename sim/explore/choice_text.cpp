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

namespace {

auto parse_index(std::string_view text, uint32_t& value) -> bool {
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc{} && end == text.data() + text.size();
}

auto find_fault_kind(std::string_view name) -> std::optional<FaultKind> {
  for (size_t k = 0; k < kFaultKindCount; ++k) {
    if (to_string(static_cast<FaultKind>(k)) == name) return static_cast<FaultKind>(k);
  }
  return std::nullopt;
}

}  // namespace

auto format_action(const ScheduledAction& action) -> std::string {
  if (action.action.kind == Action::Kind::fire) {
    return fmt::format("{} fire {}", action.step, action.action.due_index);
  }
  return fmt::format("{} inject {} {}", action.step, to_string(action.action.fault.kind),
                     action.action.fault.subject);
}

auto parse_action(std::string_view text) -> ActionParse {
  const std::vector<std::string_view> words = split(text, ' ');
  const auto bad = [&] {
    return ActionParse{std::nullopt,
                       fmt::format("'{}' is not an action (expected e.g. \"12 fire 2\" or \"7 "
                                   "inject pauses 1\": step, then what was done)",
                                   text)};
  };
  uint32_t step = 0;
  if (words.size() < 3 || !parse_index(words[0], step) || step == 0) return bad();
  if (words[1] == "fire" && words.size() == 3) {
    uint32_t due = 0;
    if (!parse_index(words[2], due)) return bad();
    return {ScheduledAction{step, {Action::Kind::fire, due, {}}}, {}};
  }
  if (words[1] != "inject" || words.size() != 4) return bad();
  const std::optional<FaultKind> kind = find_fault_kind(words[2]);
  if (!kind) return {std::nullopt, fmt::format("'{}' is not a kind of fault", words[2])};
  uint32_t subject = 0;
  if (!parse_index(words[3], subject)) return bad();
  return {ScheduledAction{step, {Action::Kind::inject, 0, {*kind, subject}}}, {}};
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
