// Which server a Server value behaves as: Redis 7.0, or Dragonfly where Dragonfly differs in ways
// a lock can observe. Sources are dragonflydb/dragonfly at f8eca6d0 (src/server/main_service.cc,
// script_mgr.cc, transaction.cc, common.h) and its documentation (docs/managing-dragonfly/
// known-limitations, scripting, aof):
// - A script may touch only the keys it declares in KEYS (main_service.cc CheckKeysDeclared, run
//   for every redis.call), unless it is flagged allow-undeclared-keys.
// - A script flagged disable-atomicity runs each redis.call as its own transaction, "a series of
//   pipelined commands": other clients' commands run between its calls (transaction.h
//   NON_ATOMIC; DetermineMultiMode). It skips the declared-keys check.
// - Flags come from a first line `--!df flags=a,b` (script_mgr.cc DeduceParams; a script with
//   that line ignores the server's defaults), or from the server's --default_lua_flags.
// - A relative expiry is capped at 2^28 - 1 seconds (common.h kMaxExpireDeadlineSec: "around 8
//   years"); an absolute one past the cap is refused.
// - There is no AOF: persistence is snapshots only (docs aof.md).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace locksim::redis {

struct LuaFlags {
  bool allow_undeclared_keys = false;
  bool disable_atomicity = false;
  auto operator==(const LuaFlags&) const -> bool = default;
};

struct Flavour {
  enum class Kind : uint8_t { redis, dragonfly };
  Kind kind = Kind::redis;
  LuaFlags default_lua_flags;  // Dragonfly's --default_lua_flags
  auto dragonfly() const -> bool { return kind == Kind::dragonfly; }
  auto operator==(const Flavour&) const -> bool = default;
};

// By Flavour::Kind.
inline constexpr std::string_view kFlavourNames[] = {"redis", "dragonfly"};
// Every flag Dragonfly accepts (script_mgr.cc ApplyFlags).
inline constexpr std::string_view kLuaFlagNames[] = {"allow-undeclared-keys", "disable-atomicity",
                                                     "legacy-float", "no-writes"};

auto to_string(Flavour::Kind kind) -> std::string_view;
auto parse_flavour_kind(std::string_view name) -> std::optional<Flavour::Kind>;
// The flags set, as Dragonfly's flag lists spell them: "allow-undeclared-keys,disable-atomicity"
// (empty: none).
auto to_string(const LuaFlags& flags) -> std::string;

// A list of Lua flags as Dragonfly reads one, separated by commas, semicolons or spaces
// (--default_lua_flags) or commas and semicolons (a script's flags line). Adds them to `flags`;
// returns the first flag it does not know, if any. legacy-float and no-writes are accepted and
// change nothing here (locksim's Lua is 5.1, whose numbers are all floats).
auto add_lua_flags(std::string_view list, LuaFlags& flags) -> std::optional<std::string>;

// A script's flags on Dragonfly: from its `--!df flags=` line if it has one (then the server's
// defaults do not apply), else the server's defaults. An unknown flag is the error EVAL replies.
struct ScriptFlags {
  LuaFlags flags;
  std::optional<std::string> unknown_flag;
};
auto script_flags(std::string_view body, const LuaFlags& defaults) -> ScriptFlags;

// common.h kMaxExpireDeadlineSec, in milliseconds.
inline constexpr int64_t kDragonflyMaxExpireMs = ((int64_t{1} << 28) - 1) * 1000;

}  // namespace locksim::redis
