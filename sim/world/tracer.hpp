// What a step reports when someone listens: one entry per thing that happened, in order. The
// step builds entries only when a tracer is attached, so untraced runs pay nothing for them.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "sim/core/ids.hpp"
#include "sim/core/time.hpp"

namespace locksim {

struct World;

struct TraceEntry {
  TrueTime at;
  std::string_view kind;  // send, apply, reply, timeout, drop, acquired, extended, resumed
                          // (a lapsed belief taken back by an extension), released, lease_end,
                          // write, pause, resume, crash, restart, server_crash, server_restart,
                          // rdb_save, expire, replicate,
                          // clock_step, partition, heal, timer, start
  std::optional<ClientId> client;
  std::optional<ServerId> server;
  std::optional<uint32_t> request;  // the client's request id, for entries about one command
  std::string detail;
};

class Tracer {
 public:
  virtual ~Tracer() = default;
  // `world` is the state right after the entry happened (clocks can be read from it).
  virtual void record(const World& world, const TraceEntry& entry) = 0;
};

}  // namespace locksim
