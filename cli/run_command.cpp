// `locksim run`; see run_command.hpp. Exit codes: 0 every expectation held, 1 one failed, 2 a file
// could not be loaded (every file that loads still runs, so nothing is lost).
#include "cli/run_command.hpp"

#include <filesystem>

#include <fmt/format.h>

#include "cli/diagram_output.hpp"
#include "sim/scenario/scenario_loader.hpp"
#include "sim/scenario/scenario_run.hpp"

namespace locksim::cli {
namespace {

struct RunArgs {
  std::vector<std::string> files;
  DiagramOutput diagram;
  bool causality = false;  // print happens-before lines under each file
};

// Runs one loaded scenario; returns whether its expectations held.
auto run_one(const std::string& file, const Scenario& scenario, const RunArgs& args) -> bool {
  const DiagramOutput& diagram = args.diagram;
  DiagramRecorder recorder(lifeline_names<ClientId>(scenario.clients),
                           lifeline_names<ServerId>(scenario.servers));
  ScenarioRun run;
  try {
    run = run_scenario(scenario, diagram.wanted() ? &recorder : nullptr);
  } catch (const ReplayDivergence& divergence) {
    fmt::print("FAIL  {}  the recorded choices do not fit this scenario: {}\n", file,
               divergence.what());
    return false;
  }
  const bool passed = run.differences.empty();
  fmt::print("{}  {}  violated: {}  ({} simulated, {} events, trace {:016x})\n",
             passed ? "PASS" : "FAIL", file, verdict(run.result), Duration{run.result.end.us},
             run.result.steps, run.result.trace_hash);
  for (const std::string& difference : run.differences) fmt::print("      {}\n", difference);
  if (args.causality) {
    for (const Finding& finding : run.result.first_findings()) {
      for (const SectionCausality& causality : scenario_causality(scenario, finding)) {
        fmt::print("      {}: {}\n", finding.invariant, describe(causality));
      }
    }
  }
  if (diagram.wanted()) {
    const std::string stem = std::filesystem::path(file).stem().string();
    const RaceDiagram drawn = recorder.diagram(fmt::format("{} ({})", scenario.name, file),
                                               run.result.end, run.result.first_findings());
    if (!diagram.emit(drawn, stem)) return false;
  }
  return passed;
}

auto run(RunArgs& args) -> int {
  FlagReader read("run");
  args.diagram.check(read);
  if (!read.ok()) return 2;
  bool malformed = false;
  bool failed = false;
  for (const std::string& file : args.files) {
    const ScenarioLoad load = load_scenario_file(file);
    if (!load.scenario) {
      fmt::print(stderr, "{}", load.diagnostics.format());
      fmt::print("ERROR {}  {} error(s), not run\n", file, load.diagnostics.list().size());
      malformed = true;
      continue;
    }
    failed = !run_one(file, *load.scenario, args) || failed;
  }
  return malformed ? 2 : failed ? 1 : 0;
}

}  // namespace

void add_run_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<RunArgs>();
  CLI::App* sub = app.add_subcommand(
      "run", "Run scenario files (scenarios/README.md) and check what each expects");
  sub->add_option("files", args->files, "Scenario files (TOML)")->required();
  sub->add_flag("--causality", args->causality,
                "Under each file, say for every violation about two clients whether their "
                "critical sections were causally concurrent (happens-before)");
  args->diagram.add_flags(*sub);
  sub->footer(
      "Exit status: 0 every expectation held, 1 an expectation failed (what differed is printed),\n"
      "2 a file has errors (each printed as file:line:col: error: ..., or file: error: ... when\n"
      "it cannot be read).");
  sub->callback([args, &exit_code] { exit_code = run(*args); });
}

}  // namespace locksim::cli
