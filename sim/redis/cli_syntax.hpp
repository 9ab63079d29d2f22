// The text form of commands as redis-cli reads and writes them: a line split into arguments with
// double quotes (escapes \n \r \t \b \a \\ \" \xHH), single quotes (\' only), and nothing glued
// to a closing quote; a NUL ends the line. Restates sds.c sdssplitargs and sdscatrepr of redis 7.0.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace locksim::redis {

// The arguments of a line; nullopt when its quoting is malformed (redis-cli then prints
// "Invalid argument(s)").
auto split_args(std::string_view line) -> std::optional<std::vector<std::string>>;

// Any bytes in double quotes, as sds.c sdscatrepr writes them (redis-cli prints bulk strings so):
// \\ \" \n \r \t \a \b, \xHH for other unprintable bytes. split_args reads it back unchanged.
auto quote_argument(std::string_view argument) -> std::string;

}  // namespace locksim::redis
