// `locksim sweep` and `locksim merge`; see sweep_command.hpp. A sweep's directory holds
// sweep.json (its spec and shard: its identity), runs.jsonl (one record per run, appended and
// flushed as runs finish, so a killed sweep started again resumes where it was) and, once every
// run of the plan is in, results.csv, results.json, results.md and results.html — rewritten from
// the records in run order, so they are the same bytes for any --jobs, for shards merged, and for a
// run resumed after a kill. Exit codes: 0 done, 2 bad input or files that cannot be written.
#include "cli/sweep_command.hpp"

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include "cli/build_info.hpp"
#include "cli/flag_values.hpp"
#include "cli/output_file.hpp"
#include "cli/setup_flags.hpp"
#include "cli/sweep_plan_builder.hpp"
#include "sim/core/split.hpp"
#include "sim/explore/sweep/sweep_runner.hpp"
#include "sim/explore/sweep/sweep_spec.hpp"
#include "sim/report/sweep_html.hpp"
#include "sim/report/sweep_report.hpp"
#include "sim/scenario/sweep_spec_loader.hpp"

namespace locksim::cli {
namespace {

constexpr std::string_view kSpecFile = "sweep.json";
constexpr std::string_view kRunsFile = "runs.jsonl";
constexpr std::string_view kCsvFile = "results.csv";
constexpr std::string_view kJsonFile = "results.json";
constexpr std::string_view kMarkdownFile = "results.md";
constexpr std::string_view kHtmlFile = "results.html";

struct SweepArgs {
  std::string spec_file;
  std::string algorithms;
  std::string faults;
  std::string duration;
  std::string seeds;
  std::vector<std::string> vary;
  std::map<std::string, std::string> workload;  // flags given, by kWorkloadNames
  uint32_t jobs = std::max(1U, std::thread::hardware_concurrency());
  std::string out = "sweep";
  std::string shard = "1/1";
};

// The spec: the file's (if any), with every value given on the command line put over it; a
// --vary replaces the file's axis of the same name.
auto read_spec(const SweepArgs& args, FlagReader& read) -> std::optional<SweepSpec> {
  SweepSpec spec;
  if (!args.spec_file.empty()) {
    const SweepSpecLoad load = load_sweep_spec_file(args.spec_file);
    if (!load.spec) {
      fmt::print(stderr, "{}", load.diagnostics.format());
      return std::nullopt;
    }
    spec = *load.spec;
  }
  if (!args.algorithms.empty()) {
    spec.algorithms.clear();
    for (const std::string_view name : split(args.algorithms, ',')) {
      spec.algorithms.emplace_back(name);
    }
  }
  if (!args.faults.empty()) spec.faults = args.faults;
  if (!args.duration.empty()) spec.duration = args.duration;
  if (!args.seeds.empty()) spec.seeds = args.seeds;
  for (const auto& [name, value] : args.workload) spec.workload[name] = value;
  for (const std::string& text : args.vary) {
    AxisParse parsed = parse_axis(text);
    if (!parsed.axis) {
      read.error("--vary", parsed.error);
      continue;
    }
    std::erase_if(spec.axes,
                  [&](const SweepAxisSpec& axis) { return axis.name == parsed.axis->name; });
    spec.axes.push_back(std::move(*parsed.axis));
  }
  return spec;
}

auto identity(const SweepSpec& spec, const Shard& shard) -> std::string {
  nlohmann::ordered_json json;
  json["spec"] = spec_json(spec);
  json["shard"] = to_string(shard);
  return json.dump(2) + "\n";
}

auto read_file(const std::filesystem::path& path) -> std::optional<std::string> {
  std::ifstream file(path, std::ios::binary);
  if (!file) return std::nullopt;
  return std::string(std::istreambuf_iterator<char>(file), {});
}

// The records in a directory's runs.jsonl that belong to the plan; a line cut short by a kill
// (or anything else that is not a record of this plan) is dropped.
auto read_records(const std::filesystem::path& dir, const SweepPlan& plan)
    -> std::vector<RunRecord> {
  std::vector<RunRecord> records;
  std::set<std::pair<size_t, uint64_t>> seen;
  std::ifstream file(dir / kRunsFile);
  std::string line;
  while (std::getline(file, line)) {
    const std::optional<RunRecord> record = parse_record_line(line);
    if (!record || record->run.point >= plan.points.size() || record->run.seed < plan.seed_first ||
        record->run.seed > plan.seed_last ||
        !seen.emplace(record->run.point, record->run.seed).second) {
      continue;
    }
    records.push_back(*record);
  }
  return records;
}

auto records_text(const std::vector<RunRecord>& records) -> std::string {
  std::string text;
  for (const RunRecord& record : records) text += record_line(record) + "\n";
  return text;
}

// Writes the results of a complete sweep: runs.jsonl in run order and the reports.
auto write_results(const std::filesystem::path& dir, const SweepSpec& spec, const SweepPlan& plan,
                   std::vector<RunRecord> records) -> bool {
  records = in_run_order(plan, std::move(records));
  std::vector<PointStatistics> points;
  for (size_t p = 0; p < plan.points.size(); ++p) {
    points.push_back(point_statistics(point_records(plan, records, p)));
  }
  const ReportOrigin origin{
      .command = sweep_command_line(spec), .version = kVersion, .commit = kCommit};
  return write_file(dir / kRunsFile, records_text(records)) &&
         write_file(dir / kCsvFile, sweep_csv(plan, points)) &&
         write_file(dir / kJsonFile, sweep_json(origin, spec_json(spec), plan, points)) &&
         write_file(dir / kMarkdownFile, sweep_markdown(origin, plan, points)) &&
         write_file(dir / kHtmlFile, sweep_html(origin, plan, points));
}

auto run_sweep_command(const SweepArgs& args) -> int {
  FlagReader read("sweep");
  const std::optional<SweepSpec> spec = read_spec(args, read);
  if (!spec) return 2;
  const Shard shard = read.shard("--shard", args.shard);
  const std::optional<SweepPlan> plan = make_plan(*spec, read);
  if (!plan || !read.ok()) return 2;
  const std::filesystem::path dir(args.out);
  read.output_directory("--out", dir,
                        {kSpecFile, kRunsFile, kCsvFile, kJsonFile, kMarkdownFile, kHtmlFile});
  if (!read.ok()) return 2;
  const std::string id = identity(*spec, shard);
  std::vector<RunRecord> done;
  if (const std::optional<std::string> existing = read_file(dir / kSpecFile)) {
    if (*existing != id) {
      read.error("--out", fmt::format("'{}' holds another sweep (its {} differs); give another "
                                      "directory",
                                      args.out, kSpecFile));
      return 2;
    }
    done = read_records(dir, *plan);
  } else if (!write_file(dir / kSpecFile, id)) {
    read.error("--out", fmt::format("cannot write into '{}'", args.out));
    return 2;
  }
  // Keep what is recorded (without a line a kill cut short), then append as runs finish.
  if (!write_file(dir / kRunsFile, records_text(done))) {
    read.error("--out", fmt::format("cannot write into '{}'", args.out));
    return 2;
  }
  const std::vector<SweepRun> todo = runs_to_do(*plan, shard, done);
  fmt::print(stderr,
             "locksim sweep: {} points x {} seeds; shard {}: {} runs to do, {} already done\n",
             plan->points.size(), plan->seeds(), to_string(shard), todo.size(), done.size());
  std::ofstream runs(dir / kRunsFile, std::ios::binary | std::ios::app);
  const bool terminal = isatty(STDERR_FILENO) != 0;
  const auto started = std::chrono::steady_clock::now();
  run_sweep(
      *plan, todo, args.jobs,
      [&](const RunRecord& record) {
        runs << record_line(record) << "\n" << std::flush;
        done.push_back(record);
      },
      [&](uint64_t finished, uint64_t total) {
        if (!terminal || finished == 0) return;
        const double elapsed =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        fmt::print(stderr, "\r  {}/{} runs, ETA {:.0f} s   ", finished, total,
                   elapsed / static_cast<double>(finished) * static_cast<double>(total - finished));
      });
  runs.close();
  if (terminal) fmt::print(stderr, "\r\033[K");
  if (shard.count > 1) {
    fmt::print("shard {}: {} runs recorded in {}; `locksim merge` the shards' directories\n",
               to_string(shard), done.size(), (dir / kRunsFile).string());
    return 0;
  }
  if (!write_results(dir, *spec, *plan, std::move(done))) {
    read.error("--out", fmt::format("cannot write the results into '{}'", args.out));
    return 2;
  }
  fmt::print("{}", read_file(dir / kMarkdownFile).value_or(""));
  fmt::print("\nwrote {}, {}, {}, {} and {}\n", (dir / kRunsFile).string(),
             (dir / kCsvFile).string(), (dir / kJsonFile).string(), (dir / kMarkdownFile).string(),
             (dir / kHtmlFile).string());
  return 0;
}

struct MergeArgs {
  std::vector<std::string> dirs;
  std::string out = "sweep";
};

auto run_merge_command(const MergeArgs& args) -> int {
  FlagReader read("merge");
  std::optional<SweepSpec> spec;
  std::vector<RunRecord> records;
  std::optional<SweepPlan> plan;
  for (const std::string& dir : args.dirs) {
    const std::optional<std::string> text = read_file(std::filesystem::path(dir) / kSpecFile);
    const nlohmann::json json =
        text ? nlohmann::json::parse(*text, nullptr, false) : nlohmann::json();
    const std::optional<SweepSpec> one =
        json.is_object() && json.contains("spec") ? spec_from_json(json["spec"]) : std::nullopt;
    if (!one) {
      read.error("DIR",
                 fmt::format("'{}' holds no sweep ({} missing or unreadable)", dir, kSpecFile));
      return 2;
    }
    if (spec && *one != *spec) {
      read.error("DIR", fmt::format("'{}' holds another sweep than '{}'", dir, args.dirs.front()));
      return 2;
    }
    if (!spec) {
      spec = one;
      plan = make_plan(*spec, read);
      if (!plan) return 2;
    }
    for (RunRecord& record : read_records(dir, *plan)) records.push_back(std::move(record));
  }
  std::set<std::pair<size_t, uint64_t>> seen;
  std::erase_if(records, [&](const RunRecord& record) {
    return !seen.emplace(record.run.point, record.run.seed).second;
  });
  if (records.size() != plan->runs()) {
    read.error("DIR", fmt::format("the directories hold {} of the sweep's {} runs; run the "
                                  "missing shards (or resume them) first",
                                  records.size(), plan->runs()));
    return 2;
  }
  const std::filesystem::path out(args.out);
  read.output_directory("--out", out,
                        {kSpecFile, kRunsFile, kCsvFile, kJsonFile, kMarkdownFile, kHtmlFile});
  if (!read.ok()) return 2;
  if (!write_file(out / kSpecFile, identity(*spec, Shard{})) ||
      !write_results(out, *spec, *plan, std::move(records))) {
    read.error("--out", fmt::format("cannot write the results into '{}'", args.out));
    return 2;
  }
  fmt::print("merged {} runs from {} directories into {}\n", plan->runs(), args.dirs.size(),
             args.out);
  return 0;
}

}  // namespace

void add_sweep_commands(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<SweepArgs>();
  CLI::App* sub = app.add_subcommand(
      "sweep", "Run algorithms over a grid of parameters and seeds: rates with intervals");
  sub->add_option("SPEC", args->spec_file, "A sweep spec in TOML (see the README)");
  sub->add_option("--algorithms", args->algorithms,
                  "Comma-separated algorithms, each with its parameters (default set-nx-px)");
  sub->add_option("--faults", args->faults, "Fault profiles with parameters (default none)");
  sub->add_option("--vary", args->vary,
                  "An axis, NAME=V1,V2,... or NAME=FROM..TO step S; repeatable, crossed; NAME is "
                  "a workload setting, faults, or PROFILE:PARAMETER (gc-pause:max)");
  sub->add_option("--seeds", args->seeds, "N (seeds 1..N, default 100) or A..B");
  sub->add_option("--duration", args->duration, "Simulated time per run (default 60s)");
  for (const std::string_view name : kWorkloadNames) {
    sub->add_option_function<std::string>(
        fmt::format("--{}", name),
        [args, name = std::string(name)](const std::string& value) {
          args->workload[name] = value;
        },
        fmt::format("The workload's {} (as simulate's --{})", name, name));
  }
  sub->add_option("--jobs", args->jobs, "Threads; the results do not depend on it (default: cores)")
      ->check(CLI::Range(1, 256));
  sub->add_option("--out", args->out,
                  "Directory for sweep.json, runs.jsonl and the results (default: sweep); a "
                  "sweep started again on it resumes");
  sub->add_option("--shard", args->shard, "Run the I-th of N disjoint slices, I/N (default 1/1)");
  sub->footer(
      "Every value of the spec file can be given on the command line, which wins. Results:\n"
      "results.csv (a row per point and invariant), results.json (with provenance), results.md.\n"
      "Exit status: 0 done, 2 bad input.");
  sub->callback([args, &exit_code] { exit_code = run_sweep_command(*args); });

  auto merge = std::make_shared<MergeArgs>();
  CLI::App* merge_sub =
      app.add_subcommand("merge", "Combine the directories of a sweep's shards into its results");
  merge_sub->add_option("DIR", merge->dirs, "The shards' --out directories")->required();
  merge_sub->add_option("--out", merge->out, "Directory for the merged results (default: sweep)");
  merge_sub->callback([merge, &exit_code] { exit_code = run_merge_command(*merge); });
}

}  // namespace locksim::cli
