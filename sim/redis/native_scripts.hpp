// The lock idioms' own scripts, run without the interpreter. A lock's release is one EVAL per
// cycle, and entering Lua costs more than the rest of the command; locksim recognises those
// bodies byte for byte and computes their effect directly: the same commands in the same order,
// with the same replies, keys changed and server.dirty as the interpreter gives (tests/
// native_scripts_test.cpp runs both on the same servers). A call whose outcome would be an
// error raised inside the script (a key of another type, a write on a replica, KEYS or ARGV
// missing) is left to the interpreter, which writes Redis's error texts.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "sim/redis/command_support.hpp"

namespace locksim::redis {

// The script's reply if locksim runs this body natively for these keys and arguments; nullopt
// (having changed nothing) if the interpreter must run it.
auto run_natively(std::string_view body, std::span<const std::string> keys,
                  std::span<const std::string> args, CommandContext& context)
    -> std::optional<Reply>;

}  // namespace locksim::redis
