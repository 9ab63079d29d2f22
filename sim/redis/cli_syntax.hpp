// The text form of commands as redis-cli reads them: a line split into arguments with double
// quotes (escapes \n \r \t \b \a \\ \" \xHH), single quotes (\' only), and nothing glued to a
// closing quote; a NUL ends the line. Restates sds.c sdssplitargs of redis 7.0.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace locksim::redis {

// The arguments of a line; nullopt when its quoting is malformed (redis-cli then prints
// "Invalid argument(s)").
auto split_args(std::string_view line) -> std::optional<std::vector<std::string>>;

}  // namespace locksim::redis
