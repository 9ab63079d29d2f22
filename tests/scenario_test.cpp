// Goal: scenario files keep their promises. A run saved as a scenario replays to the same trace
// hash (100 random runs over every algorithm and fault profile), which the file records, so a
// tampered recording fails; every file of the malformed
// corpus gives the error its first line announces, at the right line and column; a loaded
// scenario written back loads to an equal scenario; pins and timeline entries act when they say.
#include <gtest/gtest.h>

#include <filesystem>

#include "models/registry.hpp"
#include "sim/core/prng.hpp"
#include "sim/core/text_file.hpp"
#include "sim/explore/simulate.hpp"
#include "sim/scenario/scenario_loader.hpp"
#include "sim/scenario/scenario_run.hpp"
#include "sim/scenario/scenario_writer.hpp"

namespace locksim {
namespace {

TEST(Scenario, ARecordedRunReplaysToTheSameTraceHash) {
  const std::span<const AlgorithmEntry> algorithms = algorithm_catalog();
  const std::span<const FaultProfile> profiles = fault_profiles();
  Prng prng(2026);
  for (uint64_t run = 1; run <= 100; ++run) {
    SimulationSetup setup{
        .algorithm = std::string(algorithms[prng.below(algorithms.size())].name),
        .clients = static_cast<uint32_t>(1 + prng.below(4)),
        .ttl = Duration::millis(static_cast<int64_t>(200 + prng.below(1'000))),
        .servers = static_cast<uint32_t>(3 + 2 * prng.below(2)),
        .faults = parse_faults(profiles[prng.below(profiles.size())].name).selections};
    if (prng.below(2) == 0) setup.extend_before = setup.ttl * 9 / 10;  // extend early and often
    const std::span<const Parameter> own = find_algorithm(setup.algorithm)->parameters;
    const bool redlock_like =
        std::any_of(own.begin(), own.end(), [](const Parameter& p) { return p.name == "tries"; });
    if (redlock_like && prng.below(2) == 0) {
      setup.parameters = {{"tries", static_cast<int64_t>(1 + prng.below(5))},
                          {"server-timeout", static_cast<int64_t>(1'000 * (5 + prng.below(100)))},
                          {"drift-extra", static_cast<int64_t>(1'000 * prng.below(3))}};
    }
    if (prng.below(2) == 0) setup.work = Duration::millis(static_cast<int64_t>(prng.below(900)));
    if (prng.below(2) == 0)
      setup.idle = Duration::millis(static_cast<int64_t>(1 + prng.below(500)));
    if (prng.below(2) == 0) {
      setup.retry_delay = Duration::millis(static_cast<int64_t>(1 + prng.below(200)));
    }
    const Duration duration = Duration::seconds(2);
    std::vector<RecordedChoice> choices;
    const SimulationResult original = simulate(
        make_world_config(setup), {.seed = run, .duration = duration}, {.record = &choices});

    const std::string text =
        write_scenario(recorded_scenario(setup, run, duration, choices, original));
    ScenarioLoad load = load_scenario(text, "recorded.toml");
    ASSERT_TRUE(load.scenario) << load.diagnostics.format();
    // Another seed: only the recorded choices can make the run go the same way.
    load.scenario->seed += 1'000;
    const ScenarioRun replay = run_scenario(*load.scenario);
    ASSERT_EQ(replay.result.trace_hash, original.trace_hash)
        << "run " << run << ": " << setup.algorithm << " " << describe_faults(setup.faults);
    EXPECT_EQ(replay.result.steps, original.steps);
    EXPECT_TRUE(replay.differences.empty()) << "run " << run << ": " << replay.differences.front();
  }
}

// A recorded run of set-nx-px under gc-pause (seed 7), as `simulate --save-scenario` writes it.
auto recorded_text(SimulationResult& original) -> std::string {
  const SimulationSetup setup{.algorithm = "set-nx-px",
                              .clients = 3,
                              .ttl = Duration::seconds(1),
                              .faults = parse_faults("gc-pause").selections};
  const Duration duration = Duration::seconds(20);
  std::vector<RecordedChoice> choices;
  original =
      simulate(make_world_config(setup), {.seed = 7, .duration = duration}, {.record = &choices});
  return write_scenario(recorded_scenario(setup, 7, duration, choices, original));
}

auto replaced(std::string text, std::string_view from, std::string_view to) -> std::string {
  const size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return text.replace(at, from.size(), to);
}

auto replay_differences(const std::string& text) -> std::vector<std::string> {
  const ScenarioLoad load = load_scenario(text, "recorded.toml");
  EXPECT_TRUE(load.scenario) << load.diagnostics.format();
  return run_scenario(*load.scenario).differences;
}

TEST(Scenario, ARecordingCarriesItsTraceHashAndATamperedOneFails) {
  SimulationResult original;
  const std::string text = recorded_text(original);
  const std::string hash = fmt::format("{:016x}", original.trace_hash);
  ASSERT_NE(text.find(fmt::format("[replay]\ntrace_hash = \"{}\"\n", hash)), std::string::npos)
      << text;
  EXPECT_TRUE(replay_differences(text).empty());

  // Another hash in the file: the faithful replay no longer matches it.
  const std::string other_hash = replaced(text, hash, "0123456789abcdef");
  EXPECT_EQ(replay_differences(other_hash),
            std::vector<std::string>{fmt::format(
                "expected trace hash 0123456789abcdef, as recorded; the replay's is {}: it went "
                "another way",
                hash)});

  // A choice changed by a microsecond: the replay goes another way than the recording.
  const size_t delay = text.find("\"request_delay ");
  ASSERT_NE(delay, std::string::npos);
  const size_t unit = text.find("us\"", delay);
  std::string nudged = text;
  nudged[unit - 1] = nudged[unit - 1] == '9' ? '8' : static_cast<char>(nudged[unit - 1] + 1);
  const std::vector<std::string> differences = replay_differences(nudged);
  ASSERT_FALSE(differences.empty());
  EXPECT_TRUE(differences.back().starts_with(
      fmt::format("expected trace hash {}, as recorded; the replay's is ", hash)))
      << differences.back();
}

TEST(Scenario, ATraceHashIsSixteenHexadecimalDigits) {
  SimulationResult original;
  const std::string recorded = recorded_text(original);
  const std::string text = replaced(recorded, fmt::format("{:016x}", original.trace_hash), "d4f7");
  const ScenarioLoad load = load_scenario(text, "recorded.toml");
  EXPECT_FALSE(load.scenario);
  EXPECT_NE(load.diagnostics.format().find(
                "error: 'trace_hash' must be 16 hexadecimal digits, as run prints it (e.g. "
                "\"d4f711b16f281f54\"); found \"d4f7\""),
            std::string::npos)
      << load.diagnostics.format();
}

// Each file in tests/data/malformed begins with "# expect: LINE:COL: MESSAGE".
TEST(Scenario, EveryMalformedFileGivesItsError) {
  size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(LOCKSIM_MALFORMED_DIR)) {
    const std::string text = read_text_file(entry.path()).value();
    const std::string header = "# expect: ";
    ASSERT_TRUE(text.starts_with(header)) << entry.path();
    const std::string expected = text.substr(header.size(), text.find('\n') - header.size());
    const ScenarioLoad load = load_scenario(text, "bad.toml");
    EXPECT_FALSE(load.scenario) << entry.path();
    const std::string errors = load.diagnostics.format();
    EXPECT_NE(errors.find("bad.toml:" + expected.substr(0, expected.find(": ")) +
                          ": error: " + expected.substr(expected.find(": ") + 2)),
              std::string::npos)
        << entry.path() << "\nexpected: " << expected << "\ngot:\n"
        << errors;
    ++files;
  }
  EXPECT_GE(files, 30U);
}

TEST(Scenario, EveryErrorInAFileIsReported) {
  const ScenarioLoad load = load_scenario(R"(
name = "three mistakes"
duration = "3 seconds"

[[client]]
name = "A"
algoritm = "set-nx-px"

[[timeline]]
at = "1s"
crash = "B"
)",
                                          "three.toml");
  EXPECT_EQ(load.diagnostics.format(),
            "three.toml:3:12: error: 'duration': '3 seconds' has an unknown unit ' seconds' "
            "(known: us, ms, s, m or h)\n"
            "three.toml:5:1: error: [[client]] needs 'algorithm'\n"
            "three.toml:7:1: error: unknown key 'algoritm' in [[client]]; did you mean "
            "'algorithm'?\n"
            "three.toml:11:9: error: unknown client or server 'B' (known: A, r1)\n");
}

TEST(Scenario, TheCatalogWritesBackToWhatItLoadedFrom) {
  for (const auto& entry : std::filesystem::directory_iterator(LOCKSIM_SCENARIOS_DIR)) {
    if (entry.path().extension() != ".toml") continue;
    const ScenarioLoad load = load_scenario_file(entry.path().string());
    ASSERT_TRUE(load.scenario) << load.diagnostics.format();
    const std::string written = write_scenario(*load.scenario);
    const ScenarioLoad again = load_scenario(written, "written.toml");
    ASSERT_TRUE(again.scenario) << again.diagnostics.format();
    EXPECT_TRUE(*again.scenario == *load.scenario) << entry.path() << "\n" << written;
  }
}

TEST(Scenario, APinnedReplyDelayHoldsOnlyThatReply) {
  const ScenarioLoad load = load_scenario(R"(
name = "slow reply"
duration = "2s"
[network]
request_delay = "1ms"
reply_delay = "1ms"
[[client]]
name = "A"
algorithm = "set-nx-px"
start = "0ms"
work = "100ms"
idle = "forever"
request_timeout = "1s"
[[message]]
client = "A"
server = "r1"
reply_to = "SET"
delay = "700ms"
[[expect.holders]]
at = "600ms"
clients = []
[[expect.holders]]
at = "750ms"
clients = ["A"]
[[expect.holders]]
at = "850ms"
clients = []
)",
                                          "slow.toml");
  ASSERT_TRUE(load.scenario) << load.diagnostics.format();
  const ScenarioRun run = run_scenario(*load.scenario);
  EXPECT_TRUE(run.differences.empty()) << run.differences.front();
}

TEST(Scenario, AFailedExpectationSaysWhatDiffered) {
  const ScenarioLoad load = load_scenario(R"(
name = "nobody crashes"
duration = "1s"
[[client]]
name = "A"
algorithm = "setnx-del"
start = "0ms"
work = "100ms"
idle = "forever"
[[timeline]]
at = "50ms"
crash = "A"
[expect]
violated = []
[[expect.key]]
at = "900ms"
server = "r1"
key = "lock"
absent = true
)",
                                          "crash.toml");
  ASSERT_TRUE(load.scenario) << load.diagnostics.format();
  const ScenarioRun run = run_scenario(*load.scenario);
  ASSERT_EQ(run.differences.size(), 1U);
  EXPECT_EQ(run.differences[0], "at 900ms key 'lock' on r1: expected it absent; it holds 'c1.0.1'");
}

// An algorithm's own parameter, written after its name, reaches the algorithm: Redlock masters
// that answer in 5 ms never lock for a client that waits 1 ms for each, and do with the default.
TEST(Scenario, AnAlgorithmParameterInTheFileReachesTheAlgorithm) {
  const auto acquisitions = [](std::string_view algorithm) {
    const ScenarioLoad load = load_scenario(fmt::format(R"(
name = "server timeout"
duration = "2s"
[network]
request_delay = "5ms"
reply_delay = "0ms"
[[client]]
name = "A"
algorithm = "{}"
ttl = "1s"
)",
                                                        algorithm),
                                            "timeout.toml");
    EXPECT_TRUE(load.scenario) << load.diagnostics.format();
    return run_scenario(*load.scenario).result.statistics.acquisitions;
  };
  EXPECT_GT(acquisitions("redlock"), 0U);
  EXPECT_EQ(acquisitions("redlock:server-timeout=1ms"), 0U);
}

}  // namespace
}  // namespace locksim
