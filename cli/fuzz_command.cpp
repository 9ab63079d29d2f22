// `locksim fuzz`; see fuzz_command.hpp. Flags are read into a fuzz space (the setup at its
// largest, as `simulate` reads it), the property-based driver runs, and a failure is shrunk,
// written as a scenario file with its diagram, replayed through `locksim run`'s path, and
// reported (also as JUnit XML). Exit codes: 0 every case passed, 1 a failure, 2 bad input.
#include "cli/fuzz_command.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "cli/diagram_output.hpp"
#include "cli/found_scenario.hpp"
#include "cli/output_file.hpp"
#include "cli/setup_flags.hpp"
#include "sim/core/split.hpp"
#include "sim/property/fuzzer.hpp"
#include "sim/report/junit_report.hpp"

namespace locksim::cli {
namespace {

struct FuzzArgs {
  SetupFlags setup;  // --clients and --servers are the largest a case has
  std::string check = "all";
  uint32_t runs = 100;
  std::string seed_text = "1";
  std::string max_duration = "10s";
  uint32_t shrink_runs = 20'000;
  bool rc_params = false;
  std::string junit;
  DiagramOutput diagram{"the shrunk case's scenario file", "text"};
};

struct Fuzzed {
  FuzzSpace space;
  FuzzOptions options;
};

// RC_PARAMS's seed and max_success, when asked for (--rc-params): the environment a gtest run
// of the properties would use. Other keys are rapidcheck's own and ignored here.
void read_rc_params(FlagReader& read, FuzzOptions& options) {
  const char* text = std::getenv("RC_PARAMS");
  std::istringstream items(text ? text : "");
  std::string item;
  while (items >> item) {
    const size_t equals = item.find('=');
    const std::string key = item.substr(0, equals);
    const std::string value = equals == std::string::npos ? "" : item.substr(equals + 1);
    if (key == "seed") {
      options.seed = read.seed("RC_PARAMS seed", value);
    } else if (key == "max_success") {
      char* end = nullptr;
      const unsigned long runs = std::strtoul(value.c_str(), &end, 10);
      if (value.empty() || *end != '\0' || runs == 0 || runs > 100'000'000) {
        read.error("RC_PARAMS max_success", fmt::format("takes a count, got '{}'", value));
      }
      options.runs = static_cast<uint32_t>(runs);
    }
  }
}

// One fuzz space per algorithm of --algorithm (a comma-separated list), with the same options.
auto read_args(FuzzArgs& args) -> std::optional<std::vector<Fuzzed>> {
  FlagReader read("fuzz");
  std::vector<std::optional<SimulationSetup>> setups;
  for (const std::string_view algorithm : split(args.setup.algorithm, ',')) {
    SetupFlags flags = args.setup;
    flags.algorithm = std::string(algorithm);
    setups.push_back(flags.read(read, 3));
  }
  Fuzzed common;
  common.options.seed = read.seed("--seed", args.seed_text);
  common.options.runs = args.runs;
  common.options.shrink_runs_max = args.shrink_runs;
  if (args.rc_params) read_rc_params(read, common.options);
  common.space.invariants = read.invariants("--check", args.check);
  common.space.duration_max =
      read.duration("--max-duration", args.max_duration, FlagReader::Sign::positive);
  common.space.duration_min = std::min(common.space.duration_min, common.space.duration_max);
  if (!args.junit.empty()) {
    const std::filesystem::path junit(args.junit);
    read.output_directory("--junit", junit.parent_path().empty() ? "." : junit.parent_path(),
                          {junit.filename().string()});
  }
  args.diagram.check(read);
  if (!read.ok()) return std::nullopt;
  std::vector<Fuzzed> fuzzed;
  for (const std::optional<SimulationSetup>& setup : setups) {
    fuzzed.push_back(common);
    fuzzed.back().space.setup = *setup;
    fuzzed.back().space.clients_min = std::min(common.space.clients_min, setup->clients);
  }
  return fuzzed;
}

auto case_size(const CaseRun& run) -> std::string {
  const Scenario& scenario = run.scenario;
  const size_t faults =
      scenario.crashes_and_pauses.size() + scenario.clock_steps.size() + scenario.partitions.size();
  return fmt::format("{} fault(s), {} client(s), {} server(s), {}, {} steps", faults,
                     scenario.clients.size(), scenario.servers.size(), scenario.duration,
                     run.result.steps);
}

// The shrunk case as a scenario whose expectations name what it violates, first of all the
// invariant it was shrunk for, with the clients involved and when.
auto minimal_scenario(const Fuzzed& fuzzed, const FuzzOutcome& outcome, const CaseRun& first,
                      const CaseRun& minimal) -> Scenario {
  Scenario scenario = minimal.scenario;
  const Finding& finding = *minimal.failure;
  scenario.name =
      fmt::format("fuzz --algorithm {}: {} ({})",
                  algorithm_text(fuzzed.space.setup.algorithm, fuzzed.space.setup.parameters),
                  outcome.invariant, describe_schedule(minimal.scenario));
  scenario.description = fmt::format(
      "Found by locksim fuzz --seed {} (case {}), shrunk by rapidcheck in {} runs from {} to "
      "{}: {}. Every choice of the run is pinned below.",
      fuzzed.options.seed, outcome.cases, outcome.shrinks_tried, case_size(first),
      case_size(minimal), finding.what);
  scenario.source = "locksim fuzz";
  scenario.expect.violations.push_back({.invariant = std::string(finding.invariant),
                                        .clients = finding.clients,
                                        .around = finding.at});
  return scenario;
}

// The JUnit test cases of one algorithm: one per checked invariant, the one it failed with the
// replay command, the others skipped (fuzzing stops at the first failure).
auto junit_cases(const Fuzzed& fuzzed, const FuzzOutcome& outcome, const std::string& failure,
                 const std::string& replay) -> std::vector<JunitCase> {
  const std::string algorithm =
      algorithm_text(fuzzed.space.setup.algorithm, fuzzed.space.setup.parameters);
  std::vector<JunitCase> cases;
  for (const std::string& invariant : fuzzed.space.invariants) {
    JunitCase test{.classname = fmt::format("locksim.fuzz.{}", algorithm), .name = invariant};
    if (outcome.minimal && invariant == outcome.invariant) {
      test.status = JunitCase::Status::failed;
      test.message = failure;
      test.text = replay;
    } else if (outcome.minimal) {
      test.status = JunitCase::Status::skipped;
      test.message =
          fmt::format("not decided: fuzzing stops at the first failure ({})", outcome.invariant);
    }
    cases.push_back(std::move(test));
  }
  return cases;
}

// Fuzzes one algorithm, prints what happened, writes a failure's scenario and diagram, and adds
// its JUnit cases; false when a file cannot be written.
auto fuzz_algorithm(const Fuzzed& fuzzed, const FuzzArgs& args, const std::string& program,
                    JunitSuite& junit, bool& failed) -> bool {
  const FuzzSpace& space = fuzzed.space;
  const SimulationSetup& setup = space.setup;
  const std::string algorithm = algorithm_text(setup.algorithm, setup.parameters);
  fmt::print(
      "locksim fuzz: {}, {}..{} clients, {}..{} server(s), ttl {}, faults {}; seed {}, up to {} "
      "cases of {}..{}\n",
      algorithm, space.clients_min, setup.clients, space.servers_min, setup.servers, setup.ttl,
      describe_faults(setup.faults), fuzzed.options.seed, fuzzed.options.runs, space.duration_min,
      space.duration_max);
  fmt::print("  checked   {}\n", fmt::join(space.invariants, ", "));
  const bool terminal = isatty(STDERR_FILENO) != 0;
  const auto started = std::chrono::steady_clock::now();
  std::optional<std::chrono::steady_clock::time_point> shrink_started;
  const FuzzOutcome outcome = fuzz(space, fuzzed.options, [&](const FuzzProgress& progress) {
    if (progress.shrinks_tried == 1) shrink_started = std::chrono::steady_clock::now();
    if (!terminal) return;
    fmt::print(stderr, "\r  {} cases, {} shrinks tried, {} accepted   ", progress.cases,
               progress.shrinks_tried, progress.shrinks_accepted);
  });
  const auto finished = std::chrono::steady_clock::now();
  if (terminal) fmt::print(stderr, "\r\033[K");
  const auto seconds = [](auto from, auto to) {
    return std::chrono::duration<double>(to - from).count();
  };
  std::string failure;
  std::string replay;
  if (!outcome.minimal) {
    fmt::print("PASSED: {} cases, no violation\n", outcome.cases);
    fmt::print(stderr, "locksim fuzz: {}: {} cases in {:.2f} s\n", algorithm, outcome.cases,
               seconds(started, finished));
  } else {
    failed = true;
    const CaseRun first = run_case(space, *outcome.first_failure, outcome.invariant);
    const CaseRun minimal = run_case(space, *outcome.minimal, outcome.invariant);
    failure = fmt::format("{}: {}", outcome.invariant, minimal.failure->what);
    fmt::print("FAILED {} in case {}\n", outcome.invariant, outcome.cases);
    fmt::print("  first failing case  {}\n", case_size(first));
    fmt::print("  shrunk in {} runs ({} accepted{}) to {}\n", outcome.shrinks_tried,
               outcome.shrinks_accepted,
               outcome.shrink_budget_reached ? "; stopped at --shrink-runs" : "",
               case_size(minimal));
    fmt::print("  schedule            {}\n", describe_schedule(minimal.scenario));
    fmt::print("  violation           {} at {}\n", minimal.failure->what, minimal.failure->at);
    const std::optional<std::string> written = write_found_scenario(
        minimal_scenario(fuzzed, outcome, first, minimal),
        fmt::format("fuzz-{}-{}", setup.algorithm, outcome.invariant), args.diagram, "fuzz");
    if (!written) return false;
    if (!written->empty()) {
      replay = fmt::format("{} run {}", program, *written);
      fmt::print("  scenario            {}\n  replay              {}\n", *written, replay);
    } else {
      replay = fmt::format("{} fuzz --algorithm {} --faults {} --seed {} --out DIR", program,
                           algorithm, args.setup.faults, fuzzed.options.seed);
    }
    fmt::print(stderr, "locksim fuzz: {}: {} cases in {:.2f} s, shrink {} runs in {:.2f} s\n",
               algorithm, outcome.cases, seconds(started, shrink_started.value_or(finished)),
               outcome.shrinks_tried, seconds(shrink_started.value_or(finished), finished));
  }
  for (JunitCase& test : junit_cases(fuzzed, outcome, failure, replay)) {
    junit.cases.push_back(std::move(test));
  }
  return true;
}

auto run(FuzzArgs& args, const std::string& program) -> int {
  std::optional<std::vector<Fuzzed>> fuzzed = read_args(args);
  if (!fuzzed) return 2;
  JunitSuite junit{
      fmt::format("locksim fuzz --algorithm {} --faults {} --seed {}", args.setup.algorithm,
                  args.setup.faults, fuzzed->front().options.seed),
      {}};
  bool failed = false;
  for (const Fuzzed& one : *fuzzed) {
    if (!fuzz_algorithm(one, args, program, junit, failed)) return 2;
  }
  if (!args.junit.empty() && !write_file(args.junit, write_junit(junit))) {
    fmt::print(stderr, "locksim fuzz: error: --junit: cannot write '{}'\n", args.junit);
    return 2;
  }
  return failed ? 1 : 0;
}

}  // namespace

void add_fuzz_command(CLI::App& app, const std::string& program, int& exit_code) {
  auto args = std::make_shared<FuzzArgs>();
  CLI::App* sub = app.add_subcommand(
      "fuzz", "Property-based testing: generated fault schedules, the first failure shrunk");
  args->setup.add_flags(*sub,
                        "the most a case has; default: 3 for an algorithm that locks "
                        "several, else 1");
  sub->add_option("--check", args->check,
                  "Invariants a case must keep: all (default) or a list of mutex, resource, "
                  "foreign-release, ttl, liveness, quorum");
  sub->add_option("--runs", args->runs, "Generated cases at most (default 100)")
      ->check(CLI::Range(1, 100'000'000));
  sub->add_option("--seed", args->seed_text, "rapidcheck's seed (default 1)");
  sub->add_option("--max-duration", args->max_duration, "The longest run a case has (default 10s)");
  sub->add_option("--shrink-runs", args->shrink_runs,
                  "Shrink attempts at most, each one run (default 20000)")
      ->check(CLI::Range(0, 100'000'000));
  sub->add_flag("--rc-params", args->rc_params,
                "Take seed and max_success from the RC_PARAMS environment variable (ignored "
                "otherwise)");
  sub->add_option("--junit", args->junit,
                  "Write JUnit XML: a test case per invariant, a failure with the replay command");
  args->diagram.add_flags(*sub);
  sub->footer(
      "--algorithm takes a comma-separated list: each algorithm is fuzzed in turn, with the\n"
      "same seed. A case is the setup with at most --clients clients and --servers servers, a "
      "fault\n"
      "schedule (up to 4 faults of the kinds the --faults profiles bring, each a moment, a\n"
      "target and a size drawn from the profile's distribution), and the data that answers\n"
      "every other choice. The first failing case is shrunk toward fewer faults, earlier and\n"
      "smaller ones, fewer clients and servers, a shorter run and smaller choices, keeping the\n"
      "invariant it violated first; the result is written as a scenario (with --out) and drawn\n"
      "(--diagram, default text). The same seed runs the same cases and shrinks to the same\n"
      "case. Exit status: 0 every case passed, 1 a failure, 2 bad input.");
  sub->callback([args, program, &exit_code] { exit_code = run(*args, program); });
}

}  // namespace locksim::cli
