// Found runs as scenario files; see found_scenario.hpp.
#include "cli/found_scenario.hpp"

#include <filesystem>
#include <fstream>

#include "sim/core/assert.hpp"
#include "sim/report/race_diagram.hpp"
#include "sim/scenario/scenario_loader.hpp"
#include "sim/scenario/scenario_run.hpp"
#include "sim/scenario/scenario_writer.hpp"

namespace locksim::cli {

auto write_found_scenario(const Scenario& scenario, const std::string& stem,
                          const DiagramOutput& diagram, std::string_view command)
    -> std::optional<std::string> {
  const std::string text = write_scenario(scenario);
  const std::string path = (std::filesystem::path(diagram.out_dir()) / (stem + ".toml")).string();
  if (!diagram.out_dir().empty()) {
    std::ofstream file(path, std::ios::binary);
    file << text;
    if (!file) {
      fmt::print(stderr, "locksim {}: error: --out: cannot write '{}'\n", command, path);
      return std::nullopt;
    }
  }
  const ScenarioLoad load = load_scenario(text, path);
  LOCKSIM_ASSERT(load.scenario, "the found run's scenario does not load: {}",
                 load.diagnostics.format());
  DiagramRecorder recorder(lifeline_names<ClientId>(load.scenario->clients),
                           lifeline_names<ServerId>(load.scenario->servers));
  const ScenarioRun run = run_scenario(*load.scenario, &recorder);
  LOCKSIM_ASSERT(run.differences.empty(), "the found run's scenario replays otherwise: {}",
                 fmt::join(run.differences, "; "));
  if (diagram.wanted() && !diagram.emit(recorder.diagram(load.scenario->name, run.result.end,
                                                         run.result.first_findings()),
                                        stem)) {
    return std::nullopt;
  }
  return diagram.out_dir().empty() ? std::string() : path;
}

}  // namespace locksim::cli
