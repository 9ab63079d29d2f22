// `locksim redis`; see redis_command.hpp. The server is the same keyspace and node clock the
// simulator uses; true time moves only by @advance.
#include "cli/redis_command.hpp"

#include <iostream>

#include "cli/setup_flags.hpp"
#include "sim/core/duration_parse.hpp"
#include "sim/redis/cli_syntax.hpp"
#include "sim/redis/commands.hpp"
#include "sim/redis/integer.hpp"
#include "sim/redis/wait_command.hpp"
#include "sim/world/clock.hpp"

namespace locksim::cli {
namespace {

struct Shell {
  redis::Server server;
  NodeClock clock;
  TrueTime now;
  uint32_t client = 0;  // whose connection the commands come on (@client), from 0
  redis::Flavour flavour;
  bool had_bad_input = false;

  auto now_ms() const -> int64_t { return clock.wall(now).unix_ms(); }
};

void report(Shell& shell, size_t line_number, std::string_view line, std::string_view near,
            const std::string& message) {
  const size_t column = line.find(near) == std::string_view::npos ? 1 : line.find(near) + 1;
  fmt::print(stderr, "<stdin>:{}:{}: error: {}\n", line_number, column, message);
  shell.had_bad_input = true;
}

// The clients a shell can speak for; any will do, and one bound keeps the session map small.
constexpr int64_t kShellClientsMax = 100;

// @client N: later commands come on client N's connection, with its own transaction and watches.
void select_client(Shell& shell, const std::vector<std::string>& words, size_t line_number,
                   std::string_view line) {
  const std::optional<int64_t> number =
      words.size() == 2 ? redis::parse_redis_integer(words[1]) : std::nullopt;
  if (!number || *number < 1 || *number > kShellClientsMax) {
    report(shell, line_number, line, words.size() == 2 ? words[1] : words[0],
           fmt::format("@client takes a client number from 1 to {}", kShellClientsMax));
    return;
  }
  shell.client = static_cast<uint32_t>(*number - 1);
}

// @advance MS, @clock-jump MS and @client N.
void run_directive(Shell& shell, const std::vector<std::string>& words, size_t line_number,
                   std::string_view line) {
  const std::string& name = words[0];
  if (name == "@client") return select_client(shell, words, line_number, line);
  if (name != "@advance" && name != "@clock-jump") {
    report(shell, line_number, line, name,
           fmt::format("unknown directive '{}' (expected @advance MS, @clock-jump MS or "
                       "@client N)",
                       name));
    return;
  }
  if (words.size() != 2) {
    report(shell, line_number, line, name,
           fmt::format("{} takes one number of milliseconds", name));
    return;
  }
  const std::optional<int64_t> ms = redis::parse_redis_integer(words[1]);
  if (!ms || (name == "@advance" && *ms < 0)) {
    report(shell, line_number, line, words[1],
           fmt::format("'{}' is not a{} number of milliseconds", words[1],
                       name == "@advance" ? " non-negative" : ""));
    return;
  }
  if (name == "@advance") {
    shell.now = shell.now + Duration::millis(*ms);
  } else {
    shell.clock.step_wall(Duration::millis(*ms));
  }
}

// WAIT on a master without replicas: none will ever acknowledge, so a positive count waits out
// its timeout (virtual time passes) and gets 0.
auto run_wait(Shell& shell, const redis::Command& command) -> redis::Reply {
  const auto parsed = redis::parse_wait(command, false);
  if (const auto* error = std::get_if<redis::Reply>(&parsed)) return *error;
  const redis::WaitRequest wait = std::get<redis::WaitRequest>(parsed);
  if (wait.replicas <= 0) return redis::Reply::number(0);
  if (wait.timeout_ms == 0) {
    return redis::Reply::error(
        "ERR locksim: WAIT with no timeout would block for ever: this "
        "shell's server has no replicas");
  }
  shell.now = shell.now + Duration::millis(wait.timeout_ms);
  return redis::Reply::number(0);
}

// One line of input; false when the shell should stop (quit/exit).
auto run_line(Shell& shell, std::string_view line, size_t line_number) -> bool {
  const std::optional<std::vector<std::string>> words = redis::split_args(line);
  if (!words) {
    fmt::print("Invalid argument(s)\n");
    return true;
  }
  if (words->empty() || (*words)[0].starts_with('#')) return true;
  if ((*words)[0].starts_with('@')) {
    run_directive(shell, *words, line_number, line);
    return true;
  }
  if (redis::is((*words)[0], "quit") || redis::is((*words)[0], "exit")) return false;
  // redis-cli: a leading number is a repeat count.
  int64_t repeat = 1;
  size_t skip = 0;
  if (words->size() > 1 && std::all_of((*words)[0].begin(), (*words)[0].end(), [](char c) {
        return (c >= '0' && c <= '9') || c == '-' || c == '+';
      })) {
    const std::optional<int64_t> count = redis::parse_redis_integer((*words)[0]);
    if (!count || *count <= 0) {
      fmt::print("Invalid redis-cli repeat command option value.\n");
      return true;
    }
    repeat = *count;
    skip = 1;
  }
  const redis::Command command{{words->begin() + static_cast<ptrdiff_t>(skip), words->end()}};
  for (int64_t i = 0; i < repeat; ++i) {
    const redis::Reply reply =
        redis::is_wait(command)
            ? run_wait(shell, command)
            : redis::execute(shell.server, command, shell.now_ms(),
                             {.client = shell.client, .flavour = shell.flavour});
    fmt::print("{}\n", redis::to_cli_string(reply));
  }
  return true;
}

}  // namespace

void add_redis_command(CLI::App& app, int& exit_code) {
  auto now_ms = std::make_shared<int64_t>(kDefaultWallEpoch.unix_ms());
  CLI::App* sub = app.add_subcommand(
      "redis",
      "A Redis keyspace shell: commands on stdin, replies as redis-cli --no-raw prints them");
  sub->add_option("--now", *now_ms,
                  "The server's wall clock at start, unix milliseconds (default 2026-01-01)");
  auto flavour_flags = std::make_shared<SetupFlags>();
  flavour_flags->add_server_flags(*sub);
  sub->footer(fmt::format(
      "Lines are split as redis-cli splits them; blank lines and lines starting with # are\n"
      "skipped. Directives: @advance MS (virtual time passes), @clock-jump MS (the server's wall\n"
      "clock steps, may be negative), @client N (later commands come on client N's connection,\n"
      "with its own MULTI and WATCH; 1 at start). Exit status 2 if a directive was malformed.\n"
      "A script that has run {} Lua instructions is stopped with the error Redis gives a\n"
      "script killed by SCRIPT KILL (its writes stay); a real server would meanwhile answer\n"
      "other clients BUSY. On --server-flavour dragonfly a script flagged disable-atomicity runs\n"
      "whole: one command at a time, nothing can come between its calls.",
      redis::kScriptInstructionBudget));
  sub->callback([now_ms, flavour_flags, &exit_code] {
    FlagReader read("redis");
    Shell shell;
    shell.flavour =
        read_flavour(read, flavour_flags->server_flavour, flavour_flags->default_lua_flags);
    if (!read.ok()) {
      exit_code = 2;
      return;
    }
    shell.clock.step_wall(Duration::millis(*now_ms) - (kDefaultWallEpoch - LocalTime{}));
    std::string line;
    for (size_t line_number = 1; std::getline(std::cin, line); ++line_number) {
      if (!run_line(shell, line, line_number)) break;
    }
    std::fflush(stdout);
    exit_code = shell.had_bad_input ? 2 : 0;
  });
}

}  // namespace locksim::cli
