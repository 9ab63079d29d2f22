// A throwaway real redis-server for differential tests: started on a free loopback port with no
// persistence, spoken to over RESP2, and stopped when the object goes away (also when a test
// fails; the server also dies with the test process).
#pragma once

#include <sys/types.h>
#include <string>

#include "sim/redis/command.hpp"
#include "sim/redis/reply.hpp"

namespace locksim::testing {

class RealRedis {
 public:
  RealRedis();  // throws std::runtime_error if the server cannot be started or reached
  ~RealRedis();
  RealRedis(const RealRedis&) = delete;
  auto operator=(const RealRedis&) -> RealRedis& = delete;

  auto run(const redis::Command& command) -> redis::Reply;
  auto port() const -> int { return port_; }

 private:
  auto read_reply() -> redis::Reply;
  auto read_line() -> std::string;
  auto read_exactly(size_t count) -> std::string;

  int port_ = 0;
  pid_t pid_ = -1;
  int socket_ = -1;
  std::string buffer_;
};

}  // namespace locksim::testing
