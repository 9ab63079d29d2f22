// `locksim list`; see list_command.hpp.
#include "cli/list_command.hpp"

#include <fmt/format.h>

#include <vector>

#include "models/registry.hpp"
#include "sim/explore/fault_profiles.hpp"

namespace locksim::cli {

void add_list_command(CLI::App& app, int& exit_code) {
  CLI::App* list = app.add_subcommand("list", "List what locksim knows by name");
  list->require_subcommand(1);
  CLI::App* algorithms = list->add_subcommand(
      "algorithms", "The lock algorithms, then the counter workloads, with one line on each");
  algorithms->callback([&exit_code] {
    std::vector<AlgorithmEntry> entries(algorithm_catalog().begin(), algorithm_catalog().end());
    entries.insert(entries.end(), workload_catalog().begin(), workload_catalog().end());
    size_t width = 0;
    for (const AlgorithmEntry& entry : entries) width = std::max(width, entry.name.size());
    for (const AlgorithmEntry& entry : entries) {
      fmt::print("{:<{}}  {}\n", entry.name, width, entry.description);
      fmt::print("{:<{}}    library {}, version {}\n", "", width, entry.library, entry.version);
      // Defaults are the preset's own (its source's); models/ cites the lines for each.
      for (const Parameter& parameter : entry.parameters) {
        const std::string value = format_parameter_value(parameter, parameter.default_value);
        fmt::print("{:<{}}    :{}={}  {}\n", "", width, parameter.name, value, parameter.help);
      }
    }
    exit_code = 0;
  });
  CLI::App* faults = list->add_subcommand(
      "faults", "The fault profiles, with one line on each and their parameters");
  faults->callback([&exit_code] {
    size_t width = 0;
    for (const FaultProfile& profile : fault_profiles())
      width = std::max(width, profile.name.size());
    for (const FaultProfile& profile : fault_profiles()) {
      fmt::print("{:<{}}  {}\n", profile.name, width, profile.description);
      for (const ProfileParameter& parameter : profile.parameters) {
        const std::string value = format_parameter_value(parameter, parameter.default_value);
        fmt::print("{:<{}}    {}={}  {}\n", "", width, parameter.name, value, parameter.help);
      }
      if (!profile.size_of.empty()) {
        fmt::print(
            "{:<{}}    size={}  the draw of {}: a duration, uniform(A..B), exp(MEAN), "
            "pareto(FLOOR..CAP) or one-of(A|B|...)\n",
            "", width, profile.own_size, profile.size_of);
      }
    }
    exit_code = 0;
  });
  CLI::App* choices = list->add_subcommand(
      "choices", "The kinds of choice a run makes, as `check --domain KIND=...` names them");
  choices->callback([&exit_code] {
    for (size_t k = 0; k < kChoiceKindCount; ++k) {
      fmt::print("{}\n", to_string(static_cast<ChoiceKind>(k)));
    }
    exit_code = 0;
  });
}

}  // namespace locksim::cli
