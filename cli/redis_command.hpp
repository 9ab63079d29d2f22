// `locksim redis`: a keyspace shell for people and for differential testing. Reads commands from
// stdin, one per line, split as redis-cli splits them, and prints each reply exactly as
// `redis-cli --no-raw` does. Blank lines and # comments are skipped. Two directives move virtual
// time: `@advance MS` (time passes) and `@clock-jump MS` (the server's wall clock steps).
#pragma once

#include <CLI/CLI.hpp>

namespace locksim::cli {

void add_redis_command(CLI::App& app, int& exit_code);

}  // namespace locksim::cli
