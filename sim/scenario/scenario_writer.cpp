// Writing scenarios; see scenario_writer.hpp.
#include "sim/scenario/scenario_writer.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "sim/core/assert.hpp"
#include "sim/core/duration_parse.hpp"
#include "sim/explore/check/counterexample.hpp"
#include "sim/explore/choice_text.hpp"

namespace locksim {
namespace {

// A TOML basic string.
auto quoted(std::string_view text) -> std::string {
  std::string out = "\"";
  for (const char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
          out += fmt::format("\\u{:04x}", static_cast<unsigned>(c));
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

auto duration_text(Duration d) -> std::string {
  return quoted(format_duration_exact(d));
}

// For the keys that take "forever" (a crash's or pause's length, idle, until).
auto length_text(Duration d) -> std::string {
  return d == kForever ? quoted("forever") : duration_text(d);
}

auto time_text(TrueTime t) -> std::string {
  return duration_text(Duration{t.us});
}

// Scenario files hold fixed workload timings only.
auto constant(const Distribution& distribution) -> Duration {
  const auto* fixed = std::get_if<Constant>(&distribution);
  LOCKSIM_ASSERT(fixed != nullptr, "a scenario timing must be fixed, not {}",
                 describe(distribution));
  return fixed->value;
}

class Writer {
 public:
  explicit Writer(const Scenario& scenario) : scenario_(scenario) {}

  auto write() -> std::string {
    const Scenario& s = scenario_;
    line("name = {}", quoted(s.name));
    if (!s.description.empty()) line("description = {}", quoted(s.description));
    if (!s.source.empty()) line("source = {}", quoted(s.source));
    if (!s.checked.empty()) line("checked = {}", quoted(s.checked));
    line("seed = {}", s.seed);
    line("duration = {}", duration_text(s.duration));
    if (s.active_active) line("topology = \"active-active\"");
    if (!s.faults.empty()) line("faults = {}", quoted(describe_faults(s.faults)));
    if (s.request_delay || s.reply_delay) {
      line("\n[network]");
      if (s.request_delay) line("request_delay = {}", duration_text(*s.request_delay));
      if (s.reply_delay) line("reply_delay = {}", duration_text(*s.reply_delay));
    }
    if (s.replication_lag) line("\n[replication]\nlag = {}", duration_text(*s.replication_lag));
    for (const ScenarioServer& server : s.servers) write_server(server);
    for (const ScenarioClient& client : s.clients) write_client(client);
    write_timeline();
    write_messages();
    write_expectations();
    if (s.choices) {
      line("\n[replay]");
      if (s.trace_hash) line("trace_hash = \"{:016x}\"", *s.trace_hash);
      if (!s.recurring_faults) line("recurring_faults = false");
      if (s.steps) line("steps = {}", *s.steps);
      if (!s.actions.empty()) {
        line("actions = [");
        for (const ScheduledAction& action : s.actions) {
          line("  {},", quoted(format_action(action)));
        }
        line("]");
      }
      line("choices = [");
      for (const RecordedChoice& choice : *s.choices) line("  {},", quoted(format_choice(choice)));
      line("]");
    }
    return std::move(out_);
  }

 private:
  template <class... Args>
  void line(fmt::format_string<Args...> format, Args&&... args) {
    out_ += fmt::format(format, std::forward<Args>(args)...);
    out_ += '\n';
  }

  auto node_name(NodeRef node) const -> const std::string& {
    return node.kind == NodeRef::Kind::client ? scenario_.clients[node.index].name
                                              : scenario_.servers[node.index].name;
  }
  auto client_name(ClientId id) const -> const std::string& {
    return scenario_.clients[id.index].name;
  }
  auto server_name(ServerId id) const -> const std::string& {
    return scenario_.servers[id.index].name;
  }
  auto client_list(const std::vector<ClientId>& clients) const -> std::string {
    std::vector<std::string> names;
    for (const ClientId id : clients) names.push_back(quoted(client_name(id)));
    return fmt::format("[{}]", fmt::join(names, ", "));
  }

  void write_clock(const ScenarioClock& clock) {
    if (clock.wall_offset.us != 0) line("clock_offset = {}", duration_text(clock.wall_offset));
    if (clock.drift_ppm != 0) line("drift_ppm = {}", clock.drift_ppm);
  }

  void write_server(const ScenarioServer& server) {
    line("\n[[server]]\nname = {}", quoted(server.name));
    line("persistence = {}", quoted(to_string(server.persistence)));
    write_clock(server.clock);
    if (server.replica_of) line("replica_of = {}", quoted(server_name(*server.replica_of)));
    if (!server.flavour.dragonfly()) return;
    line("flavour = \"dragonfly\"");
    const std::string flags = redis::to_string(server.flavour.default_lua_flags);
    if (!flags.empty()) line("default_lua_flags = {}", quoted(flags));
    if (server.script_call_gap)
      line("script_call_gap = {}", duration_text(*server.script_call_gap));
  }

  void write_client(const ScenarioClient& client) {
    line("\n[[client]]\nname = {}", quoted(client.name));
    line("algorithm = {}", quoted(algorithm_text(client.algorithm, client.options.parameters)));
    line("ttl = {}", duration_text(client.options.ttl));
    if (client.start) line("start = {}", duration_text(*client.start));
    if (client.options.work) line("work = {}", duration_text(constant(*client.options.work)));
    if (client.options.idle) line("idle = {}", length_text(constant(*client.options.idle)));
    if (client.options.retry_delay) {
      line("retry_delay = {}", duration_text(constant(*client.options.retry_delay)));
    }
    if (client.options.extend_before) {
      line("extend_before = {}", duration_text(*client.options.extend_before));
    }
    line("request_timeout = {}", duration_text(client.request_timeout));
    write_clock(client.clock);
    if (client.follow_master) line("follow_master = true");
    if (scenario_.active_active) line("region = {}", quoted(server_name(ServerId{client.region})));
  }

  void write_timeline() {
    for (const ScheduledFault& fault : scenario_.crashes_and_pauses) {
      line("\n[[timeline]]\nat = {}", time_text(fault.at));
      line("{} = {}", fault.kind == ScheduledFault::Kind::crash ? "crash" : "pause",
           quoted(node_name(fault.node)));
      line("for = {}", length_text(fault.length));
    }
    for (const ScheduledClockStep& step : scenario_.clock_steps) {
      line("\n[[timeline]]\nat = {}\nclock_step = {}", time_text(step.at),
           quoted(node_name(step.node)));
      line("by = {}", duration_text(step.step));
    }
    for (const ScheduledPartition& partition : scenario_.partitions) {
      line("\n[[timeline]]\nat = {}\npartition = {}", time_text(partition.begin),
           quoted(client_name(partition.client)));
      line("from = [{}]\nuntil = {}", quoted(server_name(partition.server)),
           length_text(Duration{partition.end.us}));
    }
    for (const ScheduledPromotion& promotion : scenario_.promotions) {
      line("\n[[timeline]]\nat = {}\npromote = {}", time_text(promotion.at),
           quoted(server_name(promotion.replica)));
    }
  }

  void write_messages() {
    for (const MessagePin& pin : scenario_.messages) {
      line("\n[[message]]\nclient = {}\nserver = {}", quoted(client_name(pin.client)),
           quoted(server_name(pin.server)));
      line("{} = {}", pin.direction == MessagePin::Direction::request ? "request" : "reply_to",
           quoted(pin.command.empty() ? "*" : pin.command));
      line("nth = {}\ndelay = {}", pin.nth, duration_text(pin.delay));
    }
  }

  void write_expectations() {
    const Expectations& expect = scenario_.expect;
    const bool any = expect.violated || !expect.violations.empty() || !expect.holders.empty() ||
                     !expect.keys.empty();
    if (!any) return;
    line("\n[expect]");
    if (expect.violated) {
      std::vector<std::string> names;
      for (const std::string& name : *expect.violated) names.push_back(quoted(name));
      line("violated = [{}]", fmt::join(names, ", "));
    }
    for (const ViolationExpectation& v : expect.violations) {
      line("\n[[expect.violation]]\ninvariant = {}", quoted(v.invariant));
      if (!v.clients.empty()) line("clients = {}", client_list(v.clients));
      if (v.around) line("around = {}\nwithin = {}", time_text(*v.around), duration_text(v.within));
    }
    for (const HoldersExpectation& h : expect.holders) {
      line("\n[[expect.holders]]\nat = {}\nclients = {}", time_text(h.at), client_list(h.clients));
    }
    for (const KeyExpectation& k : expect.keys) {
      line("\n[[expect.key]]\nat = {}\nserver = {}\nkey = {}", time_text(k.at),
           quoted(server_name(k.server)), quoted(k.key));
      switch (k.kind) {
        case KeyExpectation::Kind::value: line("value = {}", quoted(k.value)); break;
        case KeyExpectation::Kind::owner: line("owner = {}", quoted(client_name(k.owner))); break;
        case KeyExpectation::Kind::absent: line("absent = true"); break;
      }
    }
  }

  const Scenario& scenario_;
  std::string out_;
};

}  // namespace

auto write_scenario(const Scenario& scenario) -> std::string {
  return Writer(scenario).write();
}

auto setup_scenario(const SimulationSetup& setup, uint64_t seed, Duration duration) -> Scenario {
  Scenario scenario;
  scenario.seed = seed;
  scenario.duration = duration;
  scenario.faults = setup.faults;
  // As many servers as the world of the setup has before fault profiles add any.
  const uint32_t servers = find_algorithm(setup.algorithm)
                               ->make({.ttl = setup.ttl, .servers = setup.servers})
                               ->servers();
  for (uint32_t s = 0; s < servers; ++s) {
    scenario.servers.push_back({.name = fmt::format("{}", ServerId{s}), .flavour = setup.flavour});
  }
  for (uint32_t c = 0; c < setup.clients; ++c) {
    scenario.clients.push_back({.name = fmt::format("{}", ClientId{c}),
                                .algorithm = setup.algorithm,
                                .options = algorithm_options(setup, servers),
                                .request_timeout = setup.request_timeout});
  }
  return scenario;
}

auto recorded_scenario(const SimulationSetup& setup, uint64_t seed, Duration duration,
                       std::vector<RecordedChoice> choices, const SimulationResult& result)
    -> Scenario {
  Scenario scenario = setup_scenario(setup, seed, duration);
  scenario.name = fmt::format("simulate --algorithm {} --seed {}", setup.algorithm, seed);
  scenario.description = "Recorded by locksim simulate: every choice of the run is pinned below.";
  scenario.choices = std::move(choices);
  scenario.trace_hash = result.trace_hash;
  scenario.expect.violated.emplace();
  for (const InvariantOutcome& outcome : result.invariants) {
    if (outcome.count > 0) scenario.expect.violated->emplace_back(outcome.name);
  }
  return scenario;
}

auto counterexample_scenario(Scenario base, const Counterexample& counterexample,
                             const SimulationResult& replay) -> Scenario {
  const SimulationOptions options = replay_options(counterexample);
  base.seed = options.seed;
  base.duration = options.duration;
  base.choices = counterexample.choices();
  base.trace_hash = replay.trace_hash;
  base.actions = scheduled_actions(counterexample);
  base.recurring_faults = false;
  base.steps = options.steps_max;
  base.expect = {};
  base.expect.violated.emplace();
  for (const InvariantOutcome& outcome : replay.invariants) {
    if (outcome.count > 0) base.expect.violated->emplace_back(outcome.name);
  }
  return base;
}

}  // namespace locksim
