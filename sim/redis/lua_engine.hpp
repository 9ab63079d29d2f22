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
//
// A script that runs out of its instruction budget (kScriptInstructionBudget, counted by a Lua
// count hook) is stopped as one killed with SCRIPT KILL is: its caller gets "ERR Script killed by
// user with SCRIPT KILL... script: <sha>, on @user_script:<line>.", and what it wrote stays (Redis
// never rolls a script back). A real server would instead, after lua-time-limit (5 s), answer
// every other client -BUSY until SCRIPT KILL (which refuses a script that has written) or
// SHUTDOWN NOSAVE; here a script is one atomic step, so no other client sees it running. The hook
// counts Lua instructions only: time spent inside one C library call (a string.rep or string.find
// on huge inputs) is not counted, as Redis's hook does not see it either.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "sim/redis/command_support.hpp"

namespace locksim::redis {

// nullopt if body compiles, else the error reply Redis gives.
auto compile_script(const std::string& sha, std::string_view body) -> std::optional<Reply>;

// How Dragonfly runs a script (flavour.hpp); Redis's way is the default.
struct ScriptMode {
  // A redis.call on a key not in KEYS fails with Dragonfly's error (main_service.cc
  // CheckKeysDeclared; the text as in dragonfly PR #3245: "ERR Error running script (call to
  // <sha>): @user_script:<line>: script tried accessing undeclared key, key: <key>", the line
  // one more than the body's, as Dragonfly wraps the body in a function).
  bool declared_keys_only = false;
  // disable-atomicity: one call per run (script_progress.hpp); the run's reply means nothing
  // when it sets progress->suspended.
  ScriptProgress* progress = nullptr;
};

// Runs a script that compiles; keys and args become KEYS and ARGV.
auto run_script(const std::string& sha, std::string_view body, std::span<const std::string> keys,
                std::span<const std::string> args, CommandContext& context,
                const ScriptMode& mode = {}) -> Reply;

}  // namespace locksim::redis
