// The locksim command: parses the subcommand and hands over. Exit codes across all subcommands:
// 0 success, 1 a property was violated (a finding), 2 bad input.
#include <CLI/CLI.hpp>

#include "cli/check_command.hpp"
#include "cli/compare_command.hpp"
#include "cli/list_command.hpp"
#include "cli/redis_command.hpp"
#include "cli/run_command.hpp"
#include "cli/simulate_command.hpp"

auto main(int argc, char** argv) -> int {
  CLI::App app{
      "locksim: a deterministic simulation and model-checking testbed for Redis-based locks"};
  app.require_subcommand(1);
  int exit_code = 0;
  locksim::cli::add_check_command(app, exit_code);
  locksim::cli::add_compare_command(app, exit_code);
  locksim::cli::add_simulate_command(app, argv[0], exit_code);
  locksim::cli::add_redis_command(app, exit_code);
  locksim::cli::add_run_command(app, exit_code);
  locksim::cli::add_list_command(app, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return 2;
  }
  return exit_code;
}
