// Runs Lua scripts the way Redis 7.0 does, with an embedded Lua 5.1 (the version Redis embeds).
// The interpreter is an engine outside the world: one per thread, holding compiled chunks keyed
// by SHA-1 (a pure cache: the same SHA means the same body). Everything a script can observe or
// change — keys, the script cache, math.random's state, the frozen time — comes from the
// CommandContext, so a script's effect is a function of script, keys, arguments and server data.
//
// As in Redis 7.0: a script is a chunk named @user_script; KEYS and ARGV are globals; globals
// and library tables are read-only; reading an unknown global is an error; redis.call raises
// command errors, redis.pcall returns them; errors report "<err> script: <sha>, on
// @user_script:<line>.". Not available here (not in Debian's Lua 5.1): cjson, cmsgpack, struct,
// bit. A script that reaches the raw global table through getfenv(0) can bypass the read-only
// protection; Redis's patched interpreter would stop it.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "sim/redis/command_support.hpp"

namespace locksim::redis {

// nullopt if body compiles, else the error reply Redis gives.
auto compile_script(const std::string& sha, std::string_view body) -> std::optional<Reply>;

// Runs a script that compiles; keys and args become KEYS and ARGV.
auto run_script(const std::string& sha, std::string_view body, std::span<const std::string> keys,
                std::span<const std::string> args, CommandContext& context) -> Reply;

}  // namespace locksim::redis
