// A Redis command as the server receives it: an argument vector, exactly like RESP sends it.
// Keeping the generic form (rather than a typed variant) lets the keyspace answer malformed and
// unknown commands the way Redis does, and lets the same type carry anything a client sends.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "sim/core/state_encoder.hpp"

namespace locksim::redis {

struct Command {
  std::vector<std::string> argv;
  // A command from its arguments, each put in place once: a braced list would copy every
  // string a second time (an initializer_list's elements cannot be moved from).
  template <class... Arguments>
  static auto of(Arguments&&... arguments) -> Command {
    Command command;
    command.argv.reserve(sizeof...(arguments));
    (command.argv.emplace_back(std::forward<Arguments>(arguments)), ...);
    return command;
  }
  // The command's name as the client wrote it (SET, set, EVAL...).
  auto name() const -> std::string_view { return argv.empty() ? std::string_view() : argv[0]; }
  auto operator==(const Command&) const -> bool = default;
};

// A command's arguments into a state encoding (they may carry tokens).
inline void encode_command(StateEncoder& encoder, const Command& command) {
  encoder.add(static_cast<uint64_t>(command.argv.size()));
  for (const std::string& argument : command.argv) encoder.text(argument);
}

// The compare-and-delete release from the distlock page and the SET documentation.
inline constexpr std::string_view kCompareAndDeleteScript =
    "if redis.call(\"get\",KEYS[1]) == ARGV[1] then return redis.call(\"del\",KEYS[1]) "
    "else return 0 end";

}  // namespace locksim::redis

template <>
struct fmt::formatter<locksim::redis::Command> : fmt::formatter<std::string_view> {
  auto format(const locksim::redis::Command& command, format_context& ctx) const {
    std::string text;
    for (const std::string& argument : command.argv) {
      if (!text.empty()) text += ' ';
      text += argument.size() > 24 ? argument.substr(0, 21) + "..." : argument;
    }
    return fmt::formatter<std::string_view>::format(text, ctx);
  }
};
