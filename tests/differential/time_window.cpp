// Matching the model to a real server's millisecond; see time_window.hpp.
#include "tests/differential/time_window.hpp"

#include <algorithm>
#include <chrono>

namespace locksim::testing {

auto wall_ms() -> int64_t {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

auto run_in_window(redis::Server& model, const redis::Command& command, const redis::Reply& real,
                   int64_t before, int64_t after, const redis::ExecuteOptions& options)
    -> WindowRun {
  WindowRun run;
  for (int64_t now = before; now <= std::min(after, before + 50); ++now) {
    redis::Server candidate = model;
    run.reply = redis::execute(candidate, command, now, options);
    if (run.reply == real) {
      model = std::move(candidate);
      run.matched = true;
      return run;
    }
  }
  return run;
}

}  // namespace locksim::testing
