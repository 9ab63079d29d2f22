// Text traces and violation explanations; see text_trace.hpp.
#include "sim/report/text_trace.hpp"

#include <algorithm>

#include "sim/world/world.hpp"

namespace locksim {
namespace {

auto status_name(ProcessStatus status) -> std::string_view {
  switch (status) {
    case ProcessStatus::running: return "running";
    case ProcessStatus::paused: return "paused";
    case ProcessStatus::crashed: return "crashed";
  }
  return "?";
}

auto describe_clients(const std::vector<ClientId>& clients) -> std::string {
  std::string text;
  for (size_t i = 0; i < clients.size(); ++i) {
    text +=
        fmt::format("{}{}", i == 0 ? "" : (i + 1 == clients.size() ? " and " : ", "), clients[i]);
  }
  return text;
}

// A client's state and clocks at world.now, as one indented line.
auto client_line(const World& world, ClientId id) -> std::string {
  const ClientState& client = world.clients[id.index];
  const std::string belief =
      client.belief.holding
          ? fmt::format("believes since {}, lease until {}", client.belief.since,
                        client.belief.lease_end
                            ? fmt::format("{}", Duration{client.belief.lease_end->us})
                            : std::string("(none)"))
          : std::string("holds nothing");
  return fmt::format("    {}  {:<7} {}; its monotonic clock reads {}; wall clock unix {} ms\n", id,
                     status_name(client.status), belief,
                     Duration{client.clock.monotonic(world.now).us},
                     client.clock.wall(world.now).unix_ms());
}

auto server_lines(const World& world) -> std::string {
  std::string text;
  for (uint32_t s = 0; s < world.servers.size(); ++s) {
    const ServerState& server = world.servers[s];
    text += fmt::format("    {}  {:<7} wall clock unix {} ms\n", ServerId{s},
                        server.up ? "up" : "down", server.clock.wall(world.now).unix_ms());
  }
  return text;
}

}  // namespace

auto logged_entry(const World& world, const TraceEntry& entry) -> LoggedEntry {
  std::optional<LocalTime> monotonic;
  // Server-side entries carry the server's clock in their detail, not the client's.
  const bool client_side = entry.kind != "apply" && entry.kind != "drop";
  if (entry.client && client_side) {
    monotonic = world.clients[entry.client->index].clock.monotonic(entry.at);
  }
  return {entry, monotonic};
}

void TraceLog::record(const World& world, const TraceEntry& entry) {
  entries_.push_back(logged_entry(world, entry));
}

auto format_entry(const LoggedEntry& logged) -> std::string {
  const TraceEntry& e = logged.entry;
  const std::string who = e.client ? fmt::format("{}", *e.client) : std::string("  ");
  const std::string server = e.server ? fmt::format("{}", *e.server) : std::string("  ");
  const std::string request = e.request ? fmt::format("#{} ", *e.request) : std::string();
  std::string line = fmt::format("{:>12}  {:<3} {:<3} {:<9} {}{}", fmt::format("{}", e.at), who,
                                 server, e.kind, request, e.detail);
  if (logged.client_monotonic) {
    line += fmt::format("  [{} clock {}]", who, Duration{logged.client_monotonic->us});
  }
  return line;
}

auto explain_violation(const MutexViolation& violation, const ExplainedSteps& steps)
    -> std::string {
  const World& world = *violation.world;
  std::string text =
      fmt::format("  {} both believe they hold the lock\n", describe_clients(violation.clients));
  text += fmt::format(
      "  true-time interval: {} .. {}\n", violation.begin,
      violation.end ? fmt::format("{} ({} long)", *violation.end, *violation.end - violation.begin)
                    : std::string("end of run (still overlapping)"));
  if (violation.retrospective) {
    text += fmt::format(
        "  seen at {} (step {}), when {}'s extension took the lock back and "
        "resumed its belief:\n",
        world.now, violation.step, violation.newcomer);
  } else {
    text += fmt::format("  at {} (step {}), when {} acquired:\n", violation.begin, violation.step,
                        violation.newcomer);
  }
  for (const ClientId id : violation.clients) {
    const ClientState& client = world.clients[id.index];
    if (!client.belief.holding) {
      text +=
          fmt::format("    {}  {:<7} holds nothing now; it held the lock in the interval above\n",
                      id, status_name(client.status));
      continue;
    }
    text += client_line(world, id);
  }
  text += server_lines(world);
  text +=
      fmt::format("  steps of {} since {}:\n", describe_clients(violation.clients), steps.since);
  for (const LoggedEntry& logged : steps.entries) text += "    " + format_entry(logged) + "\n";
  return text;
}

auto explain_finding(const Finding& finding, const World& world,
                     const std::vector<LoggedEntry>& steps) -> std::string {
  std::string text = fmt::format("  at {} (step {}):\n", finding.at, finding.step);
  for (const ClientId id : finding.clients) text += client_line(world, id);
  text += server_lines(world);
  text += fmt::format("  steps of {} before it:\n", finding.clients.empty()
                                                        ? std::string("the run")
                                                        : describe_clients(finding.clients));
  for (const LoggedEntry& logged : steps) text += "    " + format_entry(logged) + "\n";
  return text;
}

}  // namespace locksim
