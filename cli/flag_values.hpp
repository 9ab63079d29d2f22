// Reading flag values shared by the subcommands: durations with units, seeds, fault profiles and
// output directories, each problem printed as "locksim COMMAND: error: FLAG: ..." so that one run
// reports them all.
#pragma once

#include <filesystem>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/duration_parse.hpp"
#include "sim/core/time.hpp"
#include "sim/explore/fault_profiles.hpp"
#include "sim/explore/shard.hpp"

namespace locksim::cli {

class FlagReader {
 public:
  explicit FlagReader(std::string_view command) : command_(command) {}

  using Sign = DurationSign;
  auto duration(std::string_view flag, const std::string& text, Sign sign) -> Duration;
  // A lease Redis can take: positive whole milliseconds.
  auto ttl(std::string_view flag, const std::string& text) -> Duration;
  // A run's seed: a decimal whole number from 0 to kSeedMax, nothing else (no sign, no hex).
  auto seed(std::string_view flag, const std::string& text) -> uint64_t;
  auto faults(std::string_view flag, const std::string& text) -> std::vector<FaultSelection>;
  // A comma-separated list whose items must each be one of `known`.
  auto names(std::string_view flag, const std::string& text,
             const std::vector<std::string_view>& known) -> std::vector<std::string>;
  // A directory that outputs named `files` will be written into, checked before anything runs:
  // not a file, writable, and none of `files` a directory or read-only. A missing directory is
  // created, but only when every flag read so far was right, so bad input writes nothing.
  void output_directory(std::string_view flag, const std::filesystem::path& directory,
                        std::initializer_list<std::string_view> files);
  // I/N with 1 <= I <= N (a Shard); 1/1 after an error.
  auto shard(std::string_view flag, const std::string& text) -> Shard;
  // "all", or a comma-separated list of invariant names (kInvariantNames); with `workloads`,
  // also the workload invariants (lost-update), for a driver that runs them (simulate).
  auto invariants(std::string_view flag, const std::string& text, bool workloads = false)
      -> std::vector<std::string>;
  void error(std::string_view flag, std::string_view message);

  auto ok() const -> bool { return ok_; }

 private:
  std::string_view command_;
  bool ok_ = true;
};

}  // namespace locksim::cli
