// Server flavours and Dragonfly's Lua flags; see flavour.hpp.
#include "sim/redis/flavour.hpp"

#include <iterator>
#include <utility>

namespace locksim::redis {

auto to_string(Flavour::Kind kind) -> std::string_view {
  return kFlavourNames[static_cast<size_t>(kind)];
}

auto parse_flavour_kind(std::string_view name) -> std::optional<Flavour::Kind> {
  for (size_t k = 0; k < std::size(kFlavourNames); ++k) {
    if (kFlavourNames[k] == name) return static_cast<Flavour::Kind>(k);
  }
  return std::nullopt;
}

auto to_string(const LuaFlags& flags) -> std::string {
  std::string list;
  for (const auto& [set, name] : {std::pair{flags.allow_undeclared_keys, kLuaFlagNames[0]},
                                  std::pair{flags.disable_atomicity, kLuaFlagNames[1]}}) {
    if (!set) continue;
    if (!list.empty()) list += ',';
    list += name;
  }
  return list;
}

auto add_lua_flags(std::string_view list, LuaFlags& flags) -> std::optional<std::string> {
  constexpr std::string_view kSeparators = ",; ";
  while (!list.empty()) {
    const size_t end = std::min(list.find_first_of(kSeparators), list.size());
    const std::string_view flag = list.substr(0, end);
    list.remove_prefix(std::min(end + 1, list.size()));
    if (flag.empty() || flag == kLuaFlagNames[2] || flag == kLuaFlagNames[3]) continue;
    if (flag == kLuaFlagNames[0]) {
      flags.allow_undeclared_keys = true;
    } else if (flag == kLuaFlagNames[1]) {
      flags.disable_atomicity = true;
    } else {
      return std::string(flag);
    }
  }
  return std::nullopt;
}

// script_mgr.cc DeduceParams: after leading whitespace, the literal prefix, then the flags up to
// the first whitespace, which must follow them.
auto script_flags(std::string_view body, const LuaFlags& defaults) -> ScriptFlags {
  constexpr std::string_view kPrefix = "--!df flags=";
  constexpr std::string_view kWhitespace = " \t\r\n\v\f";
  const size_t start = body.find_first_not_of(kWhitespace);
  if (start == std::string_view::npos || body.substr(start, kPrefix.size()) != kPrefix) {
    return {defaults, std::nullopt};
  }
  const std::string_view rest = body.substr(start + kPrefix.size());
  const size_t end = rest.find_first_of(kWhitespace);
  if (end == std::string_view::npos) return {defaults, std::nullopt};
  ScriptFlags result;
  result.unknown_flag = add_lua_flags(rest.substr(0, end), result.flags);
  return result;
}

}  // namespace locksim::redis
