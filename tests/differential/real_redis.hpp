// A throwaway real redis-server for differential tests: started on a free loopback port with no
// persistence, spoken to over RESP2 on one connection or more (each its own client, with its
// own MULTI and WATCH), and stopped when the object goes away (also when a test fails; the
// server also dies with the test process).
#pragma once

#include <sys/types.h>
#include <string>
#include <vector>

#include "sim/redis/command.hpp"
#include "sim/redis/reply.hpp"

namespace locksim::testing {

class RealRedis {
 public:
  RealRedis();  // throws std::runtime_error if the server cannot be started or reached
  ~RealRedis();
  RealRedis(const RealRedis&) = delete;
  auto operator=(const RealRedis&) -> RealRedis& = delete;

  // Sends a command on connection `connection` (0: the first, opened at start) and reads its
  // reply.
  auto run(const redis::Command& command, size_t connection = 0) -> redis::Reply;
  // Opens another connection; returns its number.
  auto connect() -> size_t;
  auto port() const -> int { return port_; }

 private:
  struct Link {
    int socket = -1;
    std::string buffer;  // bytes read but not yet parsed
  };
  auto read_reply(Link& link) -> redis::Reply;
  auto read_line(Link& link) -> std::string;
  auto read_exactly(Link& link, size_t count) -> std::string;

  int port_ = 0;
  pid_t pid_ = -1;
  std::vector<Link> links_;
};

}  // namespace locksim::testing
