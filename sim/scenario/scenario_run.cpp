// Running scenarios and checking expectations; see scenario_run.hpp.
#include "sim/scenario/scenario_run.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "sim/check/lock_owner.hpp"
#include "sim/scenario/scenario_world.hpp"
#include "sim/world/step.hpp"

namespace locksim {
namespace {

auto client_names(const Scenario& scenario, const std::vector<ClientId>& clients) -> std::string {
  if (clients.empty()) return "nobody";
  std::vector<std::string_view> names;
  for (const ClientId id : clients) names.push_back(scenario.clients[id.index].name);
  return fmt::format("{}", fmt::join(names, ", "));
}

auto sorted(std::vector<ClientId> clients) -> std::vector<ClientId> {
  std::sort(clients.begin(), clients.end());
  return clients;
}

// Tokens are c<N>.<incarnation>...: the client that wrote them is the prefix.
auto written_by(std::string_view token, ClientId client) -> bool {
  return token.starts_with(fmt::format("{}.", client));
}

// Checks the expectations about a moment when the run reaches it: the world seen before a step
// is the world at every moment before that step's time.
class MomentChecks final : public RunObserver {
 public:
  MomentChecks(const Scenario& scenario, std::vector<std::string>& differences)
      : scenario_(scenario), differences_(differences) {
    for (const HoldersExpectation& e : scenario.expect.holders) moments_.push_back({e.at, &e, {}});
    for (const KeyExpectation& e : scenario.expect.keys) moments_.push_back({e.at, {}, &e});
    std::stable_sort(moments_.begin(), moments_.end(),
                     [](const Moment& a, const Moment& b) { return a.at < b.at; });
  }

  void before_step(const World& world) override {
    const TrueTime next = next_event_time(world);
    while (next_ < moments_.size() && moments_[next_].at < next) check(world, moments_[next_++]);
  }

  void finish(const World& world, TrueTime end) override {
    for (; next_ < moments_.size(); ++next_) {
      if (moments_[next_].at <= end) {
        check(world, moments_[next_]);
      } else {
        differences_.push_back(fmt::format("the run ended at {} before the expectation at {}",
                                           Duration{end.us}, Duration{moments_[next_].at.us}));
      }
    }
  }

 private:
  struct Moment {
    TrueTime at;
    const HoldersExpectation* holders = nullptr;
    const KeyExpectation* key = nullptr;
  };

  void check(const World& world, const Moment& moment) {
    if (moment.holders) return check_holders(world, *moment.holders);
    check_key(world, *moment.key);
  }

  void check_holders(const World& world, const HoldersExpectation& expected) {
    std::vector<ClientId> holding;
    for (uint32_t c = 0; c < world.clients.size(); ++c) {
      if (world.clients[c].belief.holding) holding.push_back(ClientId{c});
    }
    if (sorted(expected.clients) == holding) return;
    differences_.push_back(
        fmt::format("at {} expected holders: {}; the run had: {}", Duration{expected.at.us},
                    client_names(scenario_, expected.clients), client_names(scenario_, holding)));
  }

  void check_key(const World& world, const KeyExpectation& expected) {
    const ServerState& server = world.servers[expected.server.index];
    const redis::Entry* entry =
        server.up
            ? server.redis.keyspace.peek(expected.key, server.clock.wall(expected.at).unix_ms())
            : nullptr;
    const std::optional<std::string_view> value = lock_owner(entry);
    const std::string actual = !server.up ? "the server is down"
                               : !entry   ? "the key is absent"
                               : value    ? fmt::format("it holds '{}'", *value)
                                          : std::string("it holds a value of another shape");
    const std::string where = fmt::format("at {} key '{}' on {}", Duration{expected.at.us},
                                          expected.key, scenario_server_name(expected.server));
    switch (expected.kind) {
      case KeyExpectation::Kind::absent:
        if (!entry) return;
        differences_.push_back(fmt::format("{}: expected it absent; {}", where, actual));
        return;
      case KeyExpectation::Kind::value:
        if (value == expected.value) return;
        differences_.push_back(fmt::format("{}: expected '{}'; {}", where, expected.value, actual));
        return;
      case KeyExpectation::Kind::owner:
        if (value && written_by(*value, expected.owner)) return;
        differences_.push_back(fmt::format("{}: expected a token of {}; {}", where,
                                           scenario_.clients[expected.owner.index].name, actual));
        return;
    }
  }

  auto scenario_server_name(ServerId id) const -> std::string {
    if (id.index < scenario_.servers.size()) return scenario_.servers[id.index].name;
    return fmt::format("{}", id);
  }

  const Scenario& scenario_;
  std::vector<std::string>& differences_;
  std::vector<Moment> moments_;
  size_t next_ = 0;
};

// The invariants a scenario expects violated: its `violated` list; without one, those its
// [[expect.violation]] entries name, so that a file without [expect] expects no violation and a
// run that breaks an invariant nobody expected never passes.
auto expected_violated(const Expectations& expect) -> std::vector<std::string> {
  if (expect.violated) return *expect.violated;
  std::vector<std::string> named;
  for (const ViolationExpectation& violation : expect.violations) {
    named.push_back(violation.invariant);
  }
  return named;
}

void check_violated(const Scenario& scenario, const SimulationResult& result,
                    std::vector<std::string>& differences) {
  std::vector<std::string> wanted = expected_violated(scenario.expect);
  std::vector<std::string> seen;
  for (const InvariantOutcome& outcome : result.invariants) {
    if (outcome.count > 0) seen.emplace_back(outcome.name);
  }
  std::sort(wanted.begin(), wanted.end());
  wanted.erase(std::unique(wanted.begin(), wanted.end()), wanted.end());
  std::sort(seen.begin(), seen.end());
  if (wanted == seen) return;
  differences.push_back(
      fmt::format("expected violated: {}{}; the run violated: {}",
                  wanted.empty() ? "none" : fmt::format("{}", fmt::join(wanted, ", ")),
                  scenario.expect.violated ? "" : " (the file lists no 'violated' in [expect])",
                  verdict(result)));
}

void check_violations(const Scenario& scenario, const SimulationResult& result,
                      std::vector<std::string>& differences) {
  const Expectations& expect = scenario.expect;
  check_violated(scenario, result, differences);
  for (const ViolationExpectation& expected : expect.violations) {
    const std::optional<Finding>& first = result.outcome(expected.invariant).first;
    if (!first) {
      differences.push_back(
          fmt::format("expected a {} violation; there was none", expected.invariant));
      continue;
    }
    if (!expected.clients.empty() && sorted(expected.clients) != sorted(first->clients)) {
      differences.push_back(fmt::format(
          "expected the first {} violation by {}; it was by {}", expected.invariant,
          client_names(scenario, expected.clients), client_names(scenario, first->clients)));
    }
    if (expected.around) {
      const Duration off = first->at > *expected.around ? first->at - *expected.around
                                                        : *expected.around - first->at;
      if (off > expected.within) {
        differences.push_back(fmt::format(
            "expected the first {} violation at {} (within {}); it was at {}", expected.invariant,
            Duration{expected.around->us}, expected.within, Duration{first->at.us}));
      }
    }
  }
}

// A replay must go the way its recording went: the same trace hash.
void check_trace_hash(const Scenario& scenario, const SimulationResult& result,
                      std::vector<std::string>& differences) {
  if (!scenario.trace_hash || *scenario.trace_hash == result.trace_hash) return;
  differences.push_back(fmt::format(
      "expected trace hash {:016x}, as recorded; the replay's is {:016x}: it went another way",
      *scenario.trace_hash, result.trace_hash));
}

}  // namespace

auto verdict(const SimulationResult& result) -> std::string {
  std::vector<std::string_view> violated;
  for (const InvariantOutcome& outcome : result.invariants) {
    if (outcome.count > 0) violated.push_back(outcome.name);
  }
  return violated.empty() ? std::string("none") : fmt::format("{}", fmt::join(violated, ", "));
}

auto run_scenario(const Scenario& scenario, Tracer* tracer, std::vector<RecordedChoice>* record)
    -> ScenarioRun {
  const std::shared_ptr<const WorldConfig> config = make_world_config(scenario);
  ScenarioChooser chooser(scenario, *config);
  ScenarioRun run;
  MomentChecks moments(scenario, run.differences);
  SimulationOptions options{.seed = scenario.seed, .duration = scenario.duration};
  if (scenario.steps) options.steps_max = *scenario.steps;
  run.result = simulate(config, options,
                        {.tracer = tracer,
                         .record = record,
                         .chooser = &chooser,
                         .observer = &moments,
                         .actions = &scenario.actions});
  check_violations(scenario, run.result, run.differences);
  check_trace_hash(scenario, run.result, run.differences);
  return run;
}

auto scenario_causality(const Scenario& scenario, const Finding& finding)
    -> std::vector<SectionCausality> {
  const std::shared_ptr<const WorldConfig> config = make_world_config(scenario);
  ScenarioChooser chooser(scenario, *config);
  return causality_of(config, {.seed = scenario.seed, .duration = scenario.duration}, finding,
                      &chooser, &scenario.actions);
}

}  // namespace locksim
