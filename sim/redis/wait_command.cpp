// WAIT's arguments; see wait_command.hpp.
#include "sim/redis/wait_command.hpp"

#include "sim/redis/command_support.hpp"

namespace locksim::redis {

auto is_wait(const Command& command) -> bool {
  return is_name(command.argv[0], "wait");
}

auto is_info(const Command& command) -> bool {
  return is_name(command.argv[0], "info");
}

auto parse_wait(const Command& command, bool on_replica) -> std::variant<WaitRequest, Reply> {
  if (command.argv.size() != 3) return arity_error("wait");
  if (on_replica) {
    return Reply::error(
        "ERR WAIT cannot be used with replica instances. Please also note that since Redis 4.0 "
        "if a replica is configured to be writable (which is not the default) writes to "
        "replicas are just local and are not propagated.");
  }
  const std::optional<int64_t> replicas = parse_redis_integer(command.argv[1]);
  if (!replicas) return not_integer_error();
  const std::optional<int64_t> timeout = parse_redis_integer(command.argv[2]);
  if (!timeout) return Reply::error("ERR timeout is not an integer or out of range");
  if (*timeout < 0) return Reply::error("ERR timeout is negative");
  return WaitRequest{*replicas, *timeout};
}

}  // namespace locksim::redis
