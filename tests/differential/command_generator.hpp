// Seeded random Redis commands for differential testing: every command and option locksim
// serves, valid and invalid, on a handful of colliding keys of both types. It aims at the places
// an implementation gets wrong: option conflicts and repeats, missing option values, integers
// Redis rejects, boundary and overflowing times, wrong types, wrong arity, letter case, and
// binary and control bytes (NUL, CR, LF, high bytes, spaces, quotes) in any argument, the
// command's name included, which is where error texts that echo arguments differ.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "sim/core/prng.hpp"
#include "sim/redis/command.hpp"

namespace locksim::testing {

class CommandGenerator {
 public:
  explicit CommandGenerator(uint64_t seed) : prng_(seed) {}
  // now_ms anchors absolute timestamps (EXAT, PXAT, EXPIREAT) near the present.
  auto next(int64_t now_ms) -> redis::Command;

  // Which argument positions have carried binary bytes: how many (command as first drawn,
  // position) pairs the commands so far had, and those of them that never did (empty once every
  // position of every command has had its turn).
  struct BinaryCoverage {
    size_t positions = 0;
    std::vector<std::pair<std::string, size_t>> never;
  };
  auto binary_coverage() const -> BinaryCoverage;

 private:
  auto draw(int64_t now_ms) -> redis::Command;
  // Puts binary bytes into the argument of `command` that has had them least often, every time
  // a command has a position that never had them and once in a while otherwise.
  void add_binary_bytes(redis::Command& command);
  auto binary_bytes(std::string argument) -> std::string;

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
  // For each command (lowercase, as drawn), how often each argument position got binary bytes.
  std::map<std::string, std::vector<uint64_t>> binary_counts_;
};

}  // namespace locksim::testing
