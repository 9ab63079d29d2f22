// Every nondeterministic decision in a run is a Choice: what is being decided (kind), about whom
// (subject: a client, server or connection index), and from which distribution. The world asks a
// Chooser; drivers differ only in the Chooser they pass (seeded PRNG, scripted replay,
// exhaustive enumeration). The sequence of answers, with the seed-free initial world, is the run.
#pragma once

#include <cstdint>
#include <string_view>

#include "sim/core/distribution.hpp"

namespace locksim {

enum class ChoiceKind : uint8_t {
  start_delay,     // when a client first starts
  request_delay,   // network delay of a command, client to server
  reply_delay,     // network delay of a reply, server to client
  work_duration,   // how long a holder works in its critical section
  idle_duration,   // how long a client waits before it acquires again
  retry_delay,     // how long a client waits before retrying a failed acquire
  pause_interval,  // time until a client's next process pause
  pause_length,    // how long a process pause lasts
  client_crash_interval,
  client_downtime,
  server_crash_interval,
  server_downtime,
  replication_lag,      // how long a write takes to reach a replica
  failover_delay,       // from a master's crash to the promotion of a replica
  clock_jump_interval,  // time until a server's wall clock next jumps
  clock_jump_size,      // how far it jumps forward
  link_down_interval,   // time until a client-server connection is next cut
  link_down_length,     // how long it stays cut
  script_call_gap,      // Dragonfly: between a non-atomic script's calls
};
inline constexpr size_t kChoiceKindCount = 19;

auto to_string(ChoiceKind kind) -> std::string_view;

struct Choice {
  ChoiceKind kind;
  uint32_t subject;
  const Distribution* distribution;
  // What the choice is about beyond its subject, for drivers that pin particular choices: the
  // command's name for request and reply delays ("SET", "EVAL"), empty otherwise.
  std::string_view label = {};
};

class Chooser {
 public:
  virtual ~Chooser() = default;
  // Returns a value the distribution can produce.
  virtual auto choose(const Choice& choice) -> Duration = 0;
};

}  // namespace locksim
