// Small worlds and helpers shared by the kernel tests.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "models/single_key_lock.hpp"
#include "sim/explore/fault_profiles.hpp"
#include "sim/report/text_trace.hpp"
#include "sim/world/step.hpp"
#include "sim/world/world.hpp"

namespace locksim::testing {

// Test timings read as written: ms(5) is a duration, at_ms(5) the true time 5ms after the start.
inline auto ms(int64_t value) -> Duration {
  return Duration::millis(value);
}
inline auto at_ms(int64_t value) -> TrueTime {
  return TrueTime{value * 1'000};
}

// Answers every choice with a function of it, so a test pins exactly the values it needs.
class FunctionChooser final : public Chooser {
 public:
  explicit FunctionChooser(std::function<Duration(const Choice&)> answer)
      : answer_(std::move(answer)) {}
  auto choose(const Choice& choice) -> Duration override { return answer_(choice); }

 private:
  std::function<Duration(const Choice&)> answer_;
};

// The first value each distribution could produce: the smallest of a finite one.
inline auto first_value(const Choice& choice) -> Duration {
  const std::vector<Duration> support = finite_support(*choice.distribution);
  return support.empty() ? Duration::millis(1) : support.front();
}

// Fault profiles from their command-line text, which must be valid.
inline auto faults(std::string_view text) -> std::vector<FaultSelection> {
  FaultsParse parsed = parse_faults(text);
  EXPECT_TRUE(parsed.errors.empty()) << text << ": " << parsed.errors.front();
  return std::move(parsed.selections);
}

// set-nx-px with fixed timings: ttl 1s, work 100ms, idle 100ms, retry 50ms.
inline auto fixed_set_nx_px(Duration ttl = Duration::seconds(1)) -> Program {
  SingleKeyLockParams params = single_key_params("set-nx-px", Duration::seconds(1));
  params.ttl = ttl;
  params.work = Constant{Duration::millis(100)};
  params.idle = Constant{Duration::millis(100)};
  params.retry_delay = Constant{Duration::millis(50)};
  return Program(std::make_unique<SingleKeyLock>(params));
}

// clients x set-nx-px against one server, 1ms each way, start at 1ms, 500ms request timeout.
inline auto fixed_config(uint32_t clients) -> std::shared_ptr<WorldConfig> {
  auto config = std::make_shared<WorldConfig>();
  for (uint32_t c = 0; c < clients; ++c) config->clients.push_back({.program = fixed_set_nx_px()});
  config->servers.push_back({});
  config->network.request_delay = Constant{Duration::millis(1)};
  config->network.reply_delay = Constant{Duration::millis(1)};
  config->start_delay = Constant{Duration::millis(1)};
  return config;
}

// A world small enough to enumerate (the model checker's tiny-configuration test, the
// fingerprint test): 2 clients, 1 server, no faults, and every distribution finite (network
// delays of 1 or 2 ms each way, starts at 0 or 1 ms; set-nx-px with ttl 20 ms, work 5 ms, idle
// 1 ms, retry 3 ms).
inline auto tiny_config() -> std::shared_ptr<const WorldConfig> {
  auto config = fixed_config(2);
  config->network.request_delay = OneOf{{Duration::millis(1), Duration::millis(2)}};
  config->network.reply_delay = OneOf{{Duration::millis(1), Duration::millis(2)}};
  config->start_delay = OneOf{{Duration{}, Duration::millis(1)}};
  for (ClientSettings& client : config->clients) {
    client.request_timeout = Duration{};
    SingleKeyLockParams params = single_key_params("set-nx-px", Duration::seconds(1));
    params.ttl = Duration::millis(20);
    params.work = Constant{Duration::millis(5)};
    params.idle = Constant{Duration::millis(1)};
    params.retry_delay = Constant{Duration::millis(3)};
    client.program = Program(std::make_unique<SingleKeyLock>(params));
  }
  return config;
}

// Runs until true time passes `until`, collecting the trace.
inline auto run_until(World& world, Chooser& chooser, TrueTime until) -> std::vector<LoggedEntry> {
  TraceLog log;
  while (can_step(world) && next_event_time(world) <= until) step(world, chooser, &log);
  return log.entries();
}

// "kind client server detail" lines, for readable assertions.
inline auto lines(const std::vector<LoggedEntry>& log) -> std::vector<std::string> {
  std::vector<std::string> out;
  for (const LoggedEntry& logged : log) out.push_back(format_entry(logged));
  return out;
}

inline auto count_kind(const std::vector<LoggedEntry>& log, std::string_view kind) -> size_t {
  size_t count = 0;
  for (const LoggedEntry& logged : log) count += logged.entry.kind == kind ? 1 : 0;
  return count;
}

}  // namespace locksim::testing
