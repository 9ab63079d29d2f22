// Seeded random Redis commands for differential testing: every command and option locksim
// serves, valid and invalid, on a handful of colliding keys of both types. It aims at the places
// an implementation gets wrong: option conflicts and repeats, missing option values, integers
// Redis rejects, boundary and overflowing times, wrong types, wrong arity, letter case.
#pragma once

#include "sim/core/prng.hpp"
#include "sim/redis/command.hpp"

namespace locksim::testing {

class CommandGenerator {
 public:
  explicit CommandGenerator(uint64_t seed) : prng_(seed) {}
  // now_ms anchors absolute timestamps (EXAT, PXAT, EXPIREAT) near the present.
  auto next(int64_t now_ms) -> redis::Command;

 private:
  auto pick(std::initializer_list<const char*> options) -> std::string;
  auto key() -> std::string;
  auto value() -> std::string;
  auto integer() -> std::string;
  auto relative_seconds() -> std::string;
  auto relative_ms() -> std::string;
  auto absolute_seconds(int64_t now_ms) -> std::string;
  auto absolute_ms(int64_t now_ms) -> std::string;
  auto name(const char* lower) -> std::string;  // the command name in a random letter case
  void set_options(redis::Command& command, int64_t now_ms, bool getex);
  void expire_flags(redis::Command& command);

  Prng prng_;
};

}  // namespace locksim::testing
