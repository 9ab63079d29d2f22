// How far a Dragonfly script flagged disable-atomicity has run. Such a script makes one
// redis.call per step of the world, and other commands run between its steps; the Lua
// interpreter stays outside the world, so what the world keeps is what the calls answered. Each
// step runs the script again from the start, answering its earlier calls from `replies` (so it
// takes the same path: a script sees only KEYS, ARGV, replies and math.random), makes one new
// call on the keyspace as it is now, and stops at the call after it — or finishes.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/core/state_encoder.hpp"
#include "sim/redis/reply.hpp"

namespace locksim::redis {

struct ScriptProgress {
  std::vector<Reply> replies;  // of the calls made so far, in order
  // math.random's state when the script began: every rerun draws the same numbers from a copy
  // of it (the server's stream does not move for a non-atomic script).
  uint64_t random_at_start = 0;
  // Set by the run: it stopped before a call it may not make yet.
  bool suspended = false;
  auto operator==(const ScriptProgress&) const -> bool = default;
};

inline void encode(StateEncoder& encoder, const ScriptProgress& progress) {
  encoder.add(static_cast<uint64_t>(progress.replies.size()));
  for (const Reply& reply : progress.replies) encode(encoder, reply);
  encoder.add(progress.random_at_start);
}

}  // namespace locksim::redis
