// Goal: a Redlock holder that extends keeps one unbroken belief while its extensions arrive, and
// loses the lock, saying so, when one fails. Method: one-master scenarios with no network delay,
// whose times follow from the lease arithmetic (ttl 1000 ms, drift 12 ms: validity 988 ms, so
// with extend_before 300 ms each extension is due 688 ms after the last round began).
#include <gtest/gtest.h>

#include "sim/report/text_trace.hpp"
#include "sim/scenario/scenario_loader.hpp"
#include "sim/scenario/scenario_run.hpp"
#include "test_worlds.hpp"

namespace locksim {
namespace {

auto run_logged(const std::string& algorithm, const std::string& extra_timeline)
    -> std::vector<LoggedEntry> {
  const std::string text = R"(
name = "one extending holder"
duration = "4s"
[network]
request_delay = "0ms"
reply_delay = "0ms"
[[server]]
name = "r1"
persistence = "none"
[[client]]
name = "A"
algorithm = ")" + algorithm +
                           R"("
ttl = "1000ms"
start = "0ms"
work = "3s"
extend_before = "300ms"
idle = "forever"
)" + extra_timeline;
  const ScenarioLoad load = load_scenario(text, "extend.toml");
  EXPECT_TRUE(load.scenario) << load.diagnostics.format();
  TraceLog log;
  run_scenario(*load.scenario, &log);
  return log.entries();
}

auto times_of(const std::vector<LoggedEntry>& log, std::string_view kind) -> std::vector<TrueTime> {
  std::vector<TrueTime> times;
  for (const LoggedEntry& logged : log) {
    if (logged.entry.kind == kind) times.push_back(logged.entry.at);
  }
  return times;
}

TEST(Extend, AHolderExtendsBeforeEachLeaseEndsAndHoldsUntilItReleases) {
  for (const std::string algorithm :
       {"redlock", "redlock-redsync", "redlock-node", "redlock-gem"}) {
    const auto log = run_logged(algorithm, "");
    SCOPED_TRACE(algorithm);
    EXPECT_EQ(times_of(log, "acquired"), std::vector{testing::at_ms(0)});
    EXPECT_EQ(times_of(log, "lease_end"), std::vector<TrueTime>{});
    // redsync's drift has no +2 ms: validity 990, extensions 690 ms apart.
    const int64_t every = algorithm == "redlock-redsync" ? 690 : 688;
    EXPECT_EQ(times_of(log, "extended"),
              (std::vector{testing::at_ms(every), testing::at_ms(2 * every),
                           testing::at_ms(3 * every), testing::at_ms(4 * every)}));
    EXPECT_EQ(times_of(log, "released"), std::vector{testing::at_ms(3000)});
  }
}

// The key is deleted behind the holder's back (a crash of the master without persistence): the
// next extension finds nothing of its own and the holder gives the lock up there and then.
TEST(Extend, AFailedExtensionEndsTheCriticalSection) {
  const std::string crash = R"(
[[timeline]]
at = "500ms"
crash = "r1"
for = "10ms"
)";
  const auto log = run_logged("redlock", crash);
  EXPECT_EQ(times_of(log, "extended"), std::vector<TrueTime>{});
  EXPECT_EQ(times_of(log, "released"), std::vector{testing::at_ms(688)});
  EXPECT_EQ(times_of(log, "write"), std::vector<TrueTime>{});  // it never finished its work
}

}  // namespace
}  // namespace locksim
