// `locksim compare`; see compare_command.hpp. Exit codes: 0 the comparison ran (violations are
// its findings, not failures), 2 bad input or reports that cannot be written.
#include "cli/compare_command.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "cli/build_info.hpp"
#include "cli/flag_values.hpp"
#include "cli/host_memory.hpp"
#include "cli/output_file.hpp"
#include "cli/setup_flags.hpp"
#include "models/registry.hpp"
#include "sim/core/split.hpp"
#include "sim/report/comparison_report.hpp"

namespace locksim::cli {
namespace {

struct CompareArgs {
  std::string algorithms = "all";
  std::string profiles = "all";
  uint64_t seeds = 100;
  uint32_t jobs = std::max(1U, std::thread::hardware_concurrency());
  std::string duration = "60s";
  SetupFlags workload;  // clients, ttl, servers, request timeout, work, idle, retry, extension
  std::string out = "reports";
};

// Masters of a Redlock when --servers does not say (simulate's default for the presets).
constexpr uint32_t kDefaultMasters = 5;

constexpr std::string_view kMarkdownFile = "comparison.md";
constexpr std::string_view kJsonFile = "comparison.json";

// The comparison the flags ask for; problems go to the reader.
auto read_spec(const CompareArgs& args, FlagReader& read) -> CompareSpec {
  CompareSpec spec{
      .seeds = args.seeds,
      .duration = read.duration("--duration", args.duration, FlagReader::Sign::positive),
      .jobs = args.jobs};
  // The workload flags read as simulate reads them; every pair takes its own algorithm.
  if (const std::optional<SimulationSetup> workload = args.workload.read(read, kDefaultMasters)) {
    spec.workload = *workload;
    spec.workload.servers = args.workload.servers.value_or(kDefaultMasters);
    spec.workload_flags = args.workload.workload_text();
    if (args.workload.servers)
      spec.workload_flags += fmt::format(" --servers {}", spec.workload.servers);
    if (args.workload.request_timeout != SetupFlags{}.request_timeout) {
      spec.workload_flags += fmt::format(" --request-timeout {}", args.workload.request_timeout);
    }
  }
  // "all": every lock, then the counter workloads that need none (the alternatives to a lock).
  std::vector<std::string> all;
  for (const AlgorithmEntry& entry : algorithm_catalog()) all.emplace_back(entry.name);
  for (const AlgorithmEntry& entry : workloads_without_lock()) all.emplace_back(entry.name);
  std::vector<std::string_view> known(all.begin(), all.end());
  for (const AlgorithmEntry& entry : workload_catalog()) known.push_back(entry.name);
  spec.algorithms =
      args.algorithms == "all" ? all : read.names("--algorithms", args.algorithms, known);
  // Why the workload's servers cannot run under a profile (Dragonfly has no AOF), if so.
  const auto refused = [&](std::vector<FaultSelection> faults) {
    SimulationSetup setup = spec.workload;
    setup.faults = std::move(faults);
    return read.ok() ? flavour_refuses(setup) : std::nullopt;
  };
  if (args.profiles == "all") {
    std::vector<std::string_view> left_out;
    for (const FaultProfile& profile : fault_profiles()) {
      if (refused(read.faults("--profiles", std::string(profile.name)))) {
        left_out.push_back(profile.name);
      } else {
        spec.profiles.emplace_back(profile.name);
      }
    }
    if (!left_out.empty()) {
      fmt::print(stderr, "locksim compare: {} servers cannot run {}; those columns are left out\n",
                 redis::to_string(spec.workload.flavour.kind), fmt::join(left_out, ", "));
    }
  } else {
    // Each item is one column: a profile with its parameters, "gc-pause:max=5s,clock-jump".
    for (const std::string_view item : split(args.profiles, ',')) {
      std::vector<FaultSelection> faults = read.faults("--profiles", std::string(item));
      if (const std::optional<std::string> why = refused(faults)) read.error("--profiles", *why);
      spec.profiles.push_back(describe_faults(faults));
    }
  }
  return spec;
}

auto run(const CompareArgs& args, const std::string& command_line) -> int {
  FlagReader read("compare");
  const CompareSpec spec = read_spec(args, read);
  // Checked last, so that the directory is made only when the rest is right, and before the
  // comparison runs, so that a long run never ends in "cannot write".
  read.output_directory("--out", args.out, {kMarkdownFile, kJsonFile});
  if (!read.ok()) return 2;

  const bool tty = isatty(STDERR_FILENO) != 0;
  const std::vector<PairOutcome> outcomes = compare(spec, [&](uint64_t done, uint64_t total) {
    if (tty) fmt::print(stderr, "\rlocksim compare: {}/{} runs", done, total);
    if (tty && done == total) fmt::print(stderr, "\n");
  });
  const std::string markdown = comparison_markdown(spec, outcomes);
  fmt::print("{}", markdown);

  const std::filesystem::path out(args.out);
  const ReportOrigin origin{.command = command_line, .version = kVersion, .commit = kCommit};
  if (!write_file(out / kMarkdownFile, comparison_document(origin, markdown)) ||
      !write_file(out / kJsonFile, comparison_json(origin, spec, outcomes))) {
    read.error("--out", fmt::format("cannot write the reports into '{}'", args.out));
    return 2;
  }
  fmt::print("\nwrote {} and {}\n", (out / kMarkdownFile).string(), (out / kJsonFile).string());
  fmt::print(stderr, "locksim compare: peak memory {:.1f} MiB resident\n",
             static_cast<double>(peak_resident_bytes()) / (1 << 20));
  return 0;
}

}  // namespace

void add_compare_command(CLI::App& app, std::string command_line, int& exit_code) {
  auto args = std::make_shared<CompareArgs>();
  CLI::App* sub = app.add_subcommand(
      "compare", "Run every algorithm under every fault profile over many seeds and compare");
  sub->add_option("--seeds", args->seeds, "Seeds per pair, 1..N (default 100)")
      ->check(CLI::Range(uint64_t{1}, uint64_t{1'000'000}));
  sub->add_option("--jobs", args->jobs, "Threads; the results do not depend on it (default: cores)")
      ->check(CLI::Range(1, 256));
  sub->add_option("--algorithms", args->algorithms,
                  "Comma-separated algorithms or counter workloads (default all: every lock, "
                  "then counter-unlocked, counter-watch and counter-script)");
  sub->add_option("--profiles", args->profiles,
                  "Comma-separated fault profiles, each a column, parameters as in --faults "
                  "(default all)");
  sub->add_option("--duration", args->duration, "Simulated time per run (default 60s)");
  SetupFlags& workload = args->workload;
  sub->add_option("--clients", workload.clients, "Contending clients (default 3)")
      ->check(CLI::Range(1U, kClientsMax));
  sub->add_option("--ttl", workload.ttl, "Lock time-to-live, whole ms (default 1s)");
  sub->add_option("--servers", workload.servers,
                  "Masters of the algorithms that lock several (default 5)")
      ->check(CLI::Range(1U, kServersMax));
  sub->add_option("--request-timeout", workload.request_timeout,
                  "How long a client waits for a reply (default 500ms)");
  sub->add_option("--work", workload.work,
                  "Fixed time in the critical section (default: each "
                  "algorithm's)");
  sub->add_option("--idle", workload.idle, "Fixed time between releasing and acquiring again");
  sub->add_option("--retry-delay", workload.retry_delay, "Fixed wait between failed attempts");
  sub->add_option("--extend-before", workload.extend_before,
                  "Holders extend their lease this long before it ends (Redlock presets)");
  workload.add_server_flags(*sub);
  sub->add_option("--out", args->out,
                  "Directory for comparison.md and comparison.json (default: reports, in the "
                  "current directory; from the repository root, the committed report)");
  sub->callback([args, command_line = std::move(command_line), &exit_code] {
    exit_code = run(*args, command_line);
  });
}

}  // namespace locksim::cli
