// The locksim command: parses the subcommand and hands over. Exit codes across all subcommands:
// 0 success, 1 a property was violated (a finding), 2 bad input; `check` also 3, a bound reached.
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <CLI/CLI.hpp>

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cli/bench_command.hpp"
#include "cli/build_info.hpp"
#include "cli/check_command.hpp"
#include "cli/compare_command.hpp"
#include "cli/fuzz_command.hpp"
#include "cli/list_command.hpp"
#include "cli/redis_command.hpp"
#include "cli/run_command.hpp"
#include "cli/simulate_command.hpp"
#include "cli/sweep_command.hpp"
#include "cli/threshold_command.hpp"
#include "sim/core/nearest_name.hpp"

namespace locksim::cli {
namespace {

// The first word that is not a flag, when it names no command. CLI11 would take it for a stray
// argument and say only that a subcommand is required. The top-level flags take no values, so
// that word is where the command goes.
auto unknown_command(CLI::App& app, int argc, char** argv) -> std::optional<std::string> {
  int first = 1;
  while (first < argc && std::string_view(argv[first]).starts_with('-')) ++first;
  if (first == argc) return std::nullopt;
  const std::string_view word = argv[first];
  std::vector<std::string_view> commands;
  for (const CLI::App* command : app.get_subcommands({})) commands.push_back(command->get_name());
  if (std::find(commands.begin(), commands.end(), word) != commands.end()) return std::nullopt;
  const std::optional<std::string_view> nearest = nearest_name(word, commands);
  return fmt::format("unknown command '{}'{} (commands: {})", word,
                     nearest ? fmt::format("; did you mean '{}'?", *nearest) : "",
                     fmt::join(commands, ", "));
}

// The command line as a shell would take it back: words with anything but safe characters in
// single quotes.
auto command_line(int argc, char** argv) -> std::string {
  std::vector<std::string> words;
  for (int i = 0; i < argc; ++i) {
    const std::string_view word = argv[i];
    const bool plain = !word.empty() && word.find_first_not_of(
                                            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                            "0123456789_-+./:=,@%") == std::string_view::npos;
    std::string quoted = "'";
    for (const char c : word) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    words.push_back(plain ? std::string(word) : quoted + "'");
  }
  return fmt::format("{}", fmt::join(words, " "));
}

}  // namespace
}  // namespace locksim::cli

auto main(int argc, char** argv) -> int {
  CLI::App app{
      "locksim: a deterministic simulation and model-checking testbed for Redis-based locks"};
  app.require_subcommand(1);
  int exit_code = 0;
  app.set_version_flag("--version", fmt::format("locksim {} (commit {})", locksim::cli::kVersion,
                                                locksim::cli::kCommit));
  locksim::cli::add_check_command(app, exit_code);
  locksim::cli::add_fuzz_command(app, argv[0], exit_code);
  locksim::cli::add_compare_command(app, locksim::cli::command_line(argc, argv), exit_code);
  locksim::cli::add_simulate_command(app, argv[0], exit_code);
  locksim::cli::add_bench_command(app, exit_code);
  locksim::cli::add_sweep_commands(app, exit_code);
  locksim::cli::add_threshold_command(app, exit_code);
  locksim::cli::add_redis_command(app, exit_code);
  locksim::cli::add_run_command(app, exit_code);
  locksim::cli::add_list_command(app, exit_code);
  if (const std::optional<std::string> unknown = locksim::cli::unknown_command(app, argc, argv)) {
    fmt::print(stderr, "locksim: error: {}\n", *unknown);
    return 2;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return 2;
  }
  return exit_code;
}
