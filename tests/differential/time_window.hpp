// The real server reads its wall clock at some millisecond between our send and its reply; the
// model is run at each millisecond of that window until it answers the same, and the state of
// the run that matched is kept. Shared by the differential tests.
#pragma once

#include <cstdint>

#include "sim/redis/commands.hpp"

namespace locksim::testing {

// The host's wall clock in unix ms (what a real redis-server reads).
auto wall_ms() -> int64_t;

struct WindowRun {
  bool matched = false;
  redis::Reply reply;  // the model's: the matching one, else the last tried
};

// Runs `command` on `model` at every millisecond from `before` to `after` (at most 50 of them)
// until it answers `real`; keeps the state of that run, or the model's state when none does.
auto run_in_window(redis::Server& model, const redis::Command& command, const redis::Reply& real,
                   int64_t before, int64_t after, const redis::ExecuteOptions& options = {})
    -> WindowRun;

}  // namespace locksim::testing
