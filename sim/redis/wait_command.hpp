// WAIT numreplicas timeout (and INFO, below): its arguments as Redis 7.0 parses them
// (src/replication.c waitCommand). Blocking until replicas acknowledge is the world's business
// (sim/world/step.cpp), since it needs the replication links; this only says what was asked, or the
// error to reply.
#pragma once

#include <variant>

#include "sim/redis/command.hpp"
#include "sim/redis/reply.hpp"

namespace locksim::redis {

struct WaitRequest {
  int64_t replicas = 0;
  int64_t timeout_ms = 0;  // 0: wait for ever
};

auto is_wait(const Command& command) -> bool;

// INFO, which the world answers (sim/world/replication_transitions.cpp) with the replication
// section only: role and connected_slaves, the fields Redisson reads before it sends WAIT.
auto is_info(const Command& command) -> bool;

// For a WAIT command: the request, or the error reply (arity, replica, argument errors).
auto parse_wait(const Command& command, bool on_replica) -> std::variant<WaitRequest, Reply>;

}  // namespace locksim::redis
