// `locksim list`; see list_command.hpp.
#include "cli/list_command.hpp"

#include <fmt/format.h>

#include "models/registry.hpp"

namespace locksim::cli {

void add_list_command(CLI::App& app, int& exit_code) {
  CLI::App* list = app.add_subcommand("list", "List what locksim knows by name");
  list->require_subcommand(1);
  CLI::App* algorithms =
      list->add_subcommand("algorithms", "The lock algorithms, with one line on each");
  algorithms->callback([&exit_code] {
    size_t width = 0;
    for (const AlgorithmEntry& entry : algorithm_catalog())
      width = std::max(width, entry.name.size());
    for (const AlgorithmEntry& entry : algorithm_catalog()) {
      fmt::print("{:<{}}  {}\n", entry.name, width, entry.description);
    }
    exit_code = 0;
  });
}

}  // namespace locksim::cli
