// The scenario schema: which keys each table takes, what they mean, and every check a file must
// pass. See scenario_loader.hpp, and scenarios/README.md for the format as users read it.
#include "sim/scenario/scenario_loader.hpp"

#include <fmt/format.h>

#include <charconv>

#include "sim/check/invariant.hpp"
#include "sim/core/nearest_name.hpp"
#include "sim/core/text_file.hpp"
#include "sim/explore/choice_text.hpp"
#include "sim/explore/simulation_setup.hpp"
#include "sim/scenario/toml_table.hpp"

namespace locksim {
namespace {

using Rule = TomlTable::DurationRule;

constexpr std::string_view kPersistenceModes[] = {"none", "rdb", "aof-everysec", "aof-always"};
constexpr std::string_view kTopologies[] = {"standalone", "active-active"};

// "did you mean" for a name among known ones, or the list of them.
auto unknown_name(std::string_view what, std::string_view name,
                  std::span<const std::string_view> known) -> std::string {
  if (const auto nearest = nearest_name(name, known)) {
    return fmt::format("unknown {} '{}'; did you mean '{}'?", what, name, *nearest);
  }
  return fmt::format("unknown {} '{}' (known: {})", what, name, fmt::join(known, ", "));
}

auto at_time(Duration offset) -> TrueTime {
  return TrueTime{} + offset;
}

class Loader {
 public:
  Loader(const toml::table& root, Diagnostics& diagnostics)
      : root_(root, "the scenario",
              {"name", "description", "source", "checked", "seed", "duration", "topology", "faults",
               "network", "replication", "server", "client", "timeline", "message", "expect",
               "replay"},
              diagnostics),
        diagnostics_(diagnostics) {}

  auto load() -> Scenario {
    read_header();
    for (const toml::table* table : root_.tables("server")) read_server(*table);
    for (const toml::table* table : root_.tables("client")) read_client(*table);
    if (!root_.has("client")) root_.error("client", "a scenario needs at least one [[client]]");
    if (scenario_.servers.empty()) add_default_servers();
    // A multi-server lock (Redlock) locks every server, declared or default; on Active-Active
    // every client locks the one database.
    for (ScenarioClient& client : scenario_.clients) {
      client.options.servers =
          scenario_.active_active ? 1 : static_cast<uint32_t>(scenario_.servers.size());
    }
    resolve_replicas();
    resolve_regions();
    check_flavours();
    if (const toml::table* network = root_.table("network")) read_network(*network);
    if (const toml::table* replication = root_.table("replication")) {
      const TomlTable table(*replication, "[replication]", {"lag"}, diagnostics_);
      scenario_.replication_lag = table.duration("lag", Rule::not_negative);
    }
    for (const toml::table* table : root_.tables("timeline")) read_timeline_entry(*table);
    for (const toml::table* table : root_.tables("message")) read_message(*table);
    if (const toml::table* expect = root_.table("expect")) read_expectations(*expect);
    if (const toml::table* replay = root_.table("replay")) read_replay(*replay);
    return std::move(scenario_);
  }

 private:
  struct NodeName {
    std::string name;
    NodeRef node;
  };

  void read_header() {
    root_.require("name");
    if (auto name = root_.text("name")) scenario_.name = std::move(name->text);
    if (auto text = root_.text("description")) scenario_.description = std::move(text->text);
    if (auto text = root_.text("source")) scenario_.source = std::move(text->text);
    if (auto text = root_.text("checked")) scenario_.checked = std::move(text->text);
    if (auto seed = root_.integer("seed", 0, kSeedMax)) {
      scenario_.seed = static_cast<uint64_t>(*seed);
    }
    if (auto duration = root_.duration("duration", Rule::positive)) {
      scenario_.duration = *duration;
    }
    if (auto topology = root_.text("topology")) {
      if (topology->text == "active-active") {
        scenario_.active_active = true;
        topology_at_ = topology->at;
      } else if (topology->text != "standalone") {
        diagnostics_.error(topology->at, unknown_name("topology", topology->text, kTopologies));
      }
    }
    if (auto faults = root_.text("faults")) {
      FaultsParse parsed = parse_faults(faults->text);
      for (const std::string& message : parsed.errors) {
        diagnostics_.error(faults->at, fmt::format("faults: {}", message));
      }
      scenario_.faults = std::move(parsed.selections);
    }
  }

  auto read_clock(const TomlTable& table) -> ScenarioClock {
    ScenarioClock clock;
    if (auto offset = table.duration("clock_offset", Rule::any_sign)) clock.wall_offset = *offset;
    if (auto drift = table.integer("drift_ppm", -100'000, 100'000)) {
      clock.drift_ppm = static_cast<int32_t>(*drift);
    }
    return clock;
  }

  // Records a node name, refusing duplicates (clients and servers share one namespace, so a
  // timeline entry can name either).
  void add_name(const TomlTable& table, std::string_view kind, NodeRef node, std::string& name) {
    table.require("name");
    const std::optional<Located> located = table.text("name");
    if (!located) {
      name = fmt::format("{}{}", kind == "client" ? "c" : "r", node.index + 1);
      return;
    }
    name = located->text;
    if (name.empty()) {
      diagnostics_.error(located->at, fmt::format("a {} name must not be empty", kind));
    }
    for (const NodeName& existing : names_) {
      if (existing.name == name) {
        diagnostics_.error(
            located->at,
            fmt::format("'{}' is already the name of a {}", name,
                        existing.node.kind == NodeRef::Kind::client ? "client" : "server"));
      }
    }
    names_.push_back({name, node});
  }

  void read_server(const toml::table& raw) {
    const TomlTable table(raw, "[[server]]",
                          {"name", "persistence", "clock_offset", "drift_ppm", "replica_of",
                           "flavour", "default_lua_flags", "script_call_gap"},
                          diagnostics_);
    ScenarioServer server;
    const auto index = static_cast<uint32_t>(scenario_.servers.size());
    add_name(table, "server", {NodeRef::Kind::server, index}, server.name);
    if (auto mode = table.text("persistence")) {
      const auto* found =
          std::find(std::begin(kPersistenceModes), std::end(kPersistenceModes), mode->text);
      if (found == std::end(kPersistenceModes)) {
        diagnostics_.error(mode->at, unknown_name("persistence", mode->text, kPersistenceModes));
      } else {
        server.persistence =
            static_cast<PersistenceSettings::Mode>(found - std::begin(kPersistenceModes));
      }
    }
    server.clock = read_clock(table);
    if (auto master = table.text("replica_of")) replica_links_.push_back({index, *master});
    read_flavour(table, server);
    scenario_.servers.push_back(std::move(server));
  }

  // flavour, default_lua_flags and script_call_gap: the last two are Dragonfly's.
  void read_flavour(const TomlTable& table, ScenarioServer& server) {
    const std::optional<Located> flavour = table.text("flavour");
    if (flavour) {
      if (const auto kind = redis::parse_flavour_kind(flavour->text)) {
        server.flavour.kind = *kind;
        if (server.flavour.dragonfly()) {
          dragonfly_at_.resize(scenario_.servers.size() + 1);
          dragonfly_at_.back() = flavour->at;
        }
      } else {
        diagnostics_.error(flavour->at,
                           unknown_name("flavour", flavour->text, redis::kFlavourNames));
      }
    }
    const std::optional<Located> lua_flags = table.text("default_lua_flags");
    const std::optional<Duration> gap = table.duration("script_call_gap", Rule::not_negative);
    if (!server.flavour.dragonfly()) {
      for (const auto& [key, given] : {std::pair{"default_lua_flags", lua_flags.has_value()},
                                       std::pair{"script_call_gap", gap.has_value()}}) {
        if (given) table.error(key, fmt::format("'{}' needs flavour = \"dragonfly\"", key));
      }
      return;
    }
    server.script_call_gap = gap;
    if (!lua_flags) return;
    if (const auto unknown =
            redis::add_lua_flags(lua_flags->text, server.flavour.default_lua_flags)) {
      diagnostics_.error(lua_flags->at, unknown_name("Lua flag", *unknown, redis::kLuaFlagNames));
    }
  }

  // What a Dragonfly server cannot be: one with AOF, from its persistence or a fault profile,
  // or an Active-Active instance.
  void check_flavours() {
    if (dragonfly_at_.empty()) return;
    WorldConfig config;
    for (const ScenarioServer& server : scenario_.servers) {
      config.servers.push_back(
          {.persistence = {.mode = server.persistence}, .flavour = server.flavour});
    }
    if (scenario_.active_active) config.active_active_databases = 1;
    apply_faults(scenario_.faults, config);
    for (uint32_t s = 0; s < dragonfly_at_.size(); ++s) {
      if (!dragonfly_at_[s]) continue;
      if (const std::optional<std::string> why = flavour_refuses(config, ServerId{s})) {
        diagnostics_.error(*dragonfly_at_[s], *why);
      }
    }
  }

  // Without [[server]] sections, as many plain servers as the clients' algorithms lock, named
  // r1, r2, ... as the simulator names them.
  void add_default_servers() {
    uint32_t needed = 1;
    for (const ScenarioClient& client : scenario_.clients) {
      if (const AlgorithmEntry* entry = find_algorithm(client.algorithm)) {
        needed = std::max(needed, entry->make(client.options)->servers());
      }
    }
    for (uint32_t s = 0; s < needed; ++s) {
      scenario_.servers.push_back({.name = fmt::format("{}", ServerId{s})});
      names_.push_back({scenario_.servers.back().name, {NodeRef::Kind::server, s}});
    }
  }

  void resolve_replicas() {
    for (const auto& [replica, master] : replica_links_) {
      const std::optional<ServerId> id = server_named(master);
      if (!id) continue;
      if (id->index == replica) {
        diagnostics_.error(master.at, "a server cannot be a replica of itself");
      } else {
        scenario_.servers[replica].replica_of = *id;
      }
    }
    for (const auto& [replica, master] : replica_links_) {
      const std::optional<ServerId> id = scenario_.servers[replica].replica_of;
      if (id && scenario_.servers[id->index].replica_of) {
        diagnostics_.error(
            master.at, fmt::format("'{}' is itself a replica; replicate a master", master.text));
      }
    }
  }

  // Active-Active: each client's region names a server; the servers replicate none another
  // (they are peers), and the algorithms lock one database.
  void resolve_regions() {
    for (const auto& [client, name] : region_names_) {
      if (!scenario_.active_active) {
        diagnostics_.error(name.at, "'region' needs topology = \"active-active\"");
      } else if (const std::optional<ServerId> id = server_named(name)) {
        scenario_.clients[client].region = id->index;
      }
    }
    if (!scenario_.active_active) return;
    for (const FaultSelection& selection : scenario_.faults) {
      if (selection.profile->name == "active-active") {
        diagnostics_.error(topology_at_,
                           "topology = \"active-active\" declares its instances; the "
                           "active-active fault profile would add more");
      }
    }
    for (const auto& [replica, master] : replica_links_) {
      diagnostics_.error(master.at, "active-active instances are peers: none is a replica");
    }
    for (const ScenarioClient& client : scenario_.clients) {
      const AlgorithmEntry* entry = find_algorithm(client.algorithm);
      AlgorithmOptions two_masters = client.options;
      two_masters.servers = 2;  // one that locks every master it is given locks several
      if (entry && entry->make(two_masters)->servers() > 1) {
        diagnostics_.error(topology_at_,
                           fmt::format("active-active is one database; '{}' locks several "
                                       "(give each master its regions with faults = "
                                       "\"active-active\" instead)",
                                       client.algorithm));
        return;
      }
    }
  }

  void read_client(const toml::table& raw) {
    const TomlTable table(
        raw, "[[client]]",
        {"name", "algorithm", "ttl", "start", "work", "idle", "retry_delay", "extend_before",
         "request_timeout", "clock_offset", "drift_ppm", "follow_master", "region"},
        diagnostics_);
    ScenarioClient client;
    const auto index = static_cast<uint32_t>(scenario_.clients.size());
    add_name(table, "client", {NodeRef::Kind::client, index}, client.name);
    table.require("algorithm");
    if (auto algorithm = table.text("algorithm")) {
      // "name[:param=value]...", as on the command line.
      const AlgorithmSpec spec = parse_algorithm(algorithm->text);
      client.algorithm = algorithm->text.substr(0, algorithm->text.find(':'));
      if (!spec.entry) {
        std::vector<std::string_view> known;
        for (const AlgorithmEntry& entry : algorithm_catalog()) known.push_back(entry.name);
        diagnostics_.error(algorithm->at, unknown_name("algorithm", client.algorithm, known));
      }
      for (const std::string& error : spec.errors) diagnostics_.error(algorithm->at, error);
      client.options.parameters = spec.parameters;
    }
    if (auto ttl = table.duration("ttl", Rule::positive)) {
      if (ttl->us % 1'000 != 0) {
        table.error("ttl", fmt::format("'ttl': Redis takes whole milliseconds, got {}", *ttl));
      }
      client.options.ttl = *ttl;
    }
    client.start = table.duration("start", Rule::not_negative);
    if (auto work = table.duration("work", Rule::not_negative))
      client.options.work = Constant{*work};
    if (auto idle = table.duration("idle", Rule::positive_or_forever)) {
      client.options.idle = Constant{*idle};
    }
    if (auto retry = table.duration("retry_delay", Rule::positive)) {
      client.options.retry_delay = Constant{*retry};
    }
    if (auto extend = table.duration("extend_before", Rule::positive)) {
      if (*extend >= client.options.ttl) {
        table.error("extend_before",
                    fmt::format("'extend_before' must be shorter than the ttl ({}), got {}",
                                client.options.ttl, *extend));
      }
      client.options.extend_before = *extend;
    }
    if (auto timeout = table.duration("request_timeout", Rule::not_negative)) {
      client.request_timeout = *timeout;
    }
    client.clock = read_clock(table);
    client.follow_master = table.boolean("follow_master").value_or(false);
    if (auto region = table.text("region")) region_names_.push_back({index, *region});
    scenario_.clients.push_back(std::move(client));
  }

  void read_network(const toml::table& raw) {
    const TomlTable table(raw, "[network]", {"request_delay", "reply_delay"}, diagnostics_);
    scenario_.request_delay = table.duration("request_delay", Rule::not_negative);
    scenario_.reply_delay = table.duration("reply_delay", Rule::not_negative);
  }

  // The node a name refers to; `kind`, when given, is the kind the reference needs.
  auto node_named(const Located& name, std::optional<NodeRef::Kind> kind = std::nullopt)
      -> std::optional<NodeRef> {
    const auto kind_name = [](NodeRef::Kind k) {
      return k == NodeRef::Kind::client ? "client" : "server";
    };
    for (const NodeName& existing : names_) {
      if (existing.name != name.text) continue;
      if (!kind || existing.node.kind == *kind) return existing.node;
      diagnostics_.error(name.at, fmt::format("'{}' is a {}; a {} is needed here", name.text,
                                              kind_name(existing.node.kind), kind_name(*kind)));
      return std::nullopt;
    }
    std::vector<std::string_view> known;
    for (const NodeName& existing : names_) {
      if (!kind || existing.node.kind == *kind) known.push_back(existing.name);
    }
    diagnostics_.error(
        name.at, unknown_name(kind ? kind_name(*kind) : "client or server", name.text, known));
    return std::nullopt;
  }
  auto client_named(const Located& name) -> std::optional<ClientId> {
    const std::optional<NodeRef> node = node_named(name, NodeRef::Kind::client);
    if (!node) return std::nullopt;
    return ClientId{node->index};
  }
  auto server_named(const Located& name) -> std::optional<ServerId> {
    const std::optional<NodeRef> node = node_named(name, NodeRef::Kind::server);
    if (!node) return std::nullopt;
    return ServerId{node->index};
  }
  auto clients_named(const std::vector<Located>& names) -> std::vector<ClientId> {
    std::vector<ClientId> clients;
    for (const Located& name : names) {
      if (auto id = client_named(name)) clients.push_back(*id);
    }
    return clients;
  }

  void read_timeline_entry(const toml::table& raw) {
    static constexpr std::string_view kActions[] = {"crash", "pause", "clock_step", "partition",
                                                    "promote"};
    const TomlTable table(raw, "[[timeline]]",
                          {"at", "crash", "pause", "clock_step", "partition", "promote", "for",
                           "by", "from", "until"},
                          diagnostics_);
    table.require("at");
    const std::optional<Duration> at = table.duration("at", Rule::not_negative);
    std::vector<std::string_view> actions;
    for (const std::string_view action : kActions) {
      if (table.has(action)) actions.push_back(action);
    }
    if (actions.size() != 1) {
      table.error(
          actions.empty() ? "at" : actions[1],
          actions.empty()
              ? fmt::format("a [[timeline]] entry needs one of: {}", fmt::join(kActions, ", "))
              : fmt::format("a [[timeline]] entry does one thing; found both '{}' and '{}'",
                            actions[0], actions[1]));
      return;
    }
    const std::string_view action = actions[0];
    const std::optional<Located> subject = table.text(action);
    const auto allow_only = [&](std::initializer_list<std::string_view> keys) {
      for (const std::string_view key : {"for", "by", "from", "until"}) {
        if (table.has(key) && std::find(keys.begin(), keys.end(), key) == keys.end()) {
          table.error(key, fmt::format("'{}' does not go with '{}'", key, action));
        }
      }
    };
    if (!at || !subject) return;
    const TrueTime when = at_time(*at);
    if (action == "crash" || action == "pause") {
      allow_only({"for"});
      const Duration length = table.duration("for", Rule::positive_or_forever)
                                  .value_or(action == "crash" ? kForever : Duration{});
      if (action == "pause" && !table.has("for")) table.require("for");
      const std::optional<NodeRef> node =
          action == "crash" ? node_named(*subject) : node_named(*subject, NodeRef::Kind::client);
      if (!node) return;
      scenario_.crashes_and_pauses.push_back(
          {when, *node,
           action == "crash" ? ScheduledFault::Kind::crash : ScheduledFault::Kind::pause, length});
    } else if (action == "clock_step") {
      allow_only({"by"});
      table.require("by");
      const std::optional<Duration> by = table.duration("by", Rule::any_sign);
      const std::optional<NodeRef> node = node_named(*subject);
      if (node && by) scenario_.clock_steps.push_back({when, *node, *by});
    } else if (action == "partition") {
      allow_only({"from", "until"});
      table.require("from");
      const std::optional<ClientId> client = client_named(*subject);
      const std::optional<Duration> until = table.duration("until", Rule::positive_or_forever);
      if (until && *until <= *at) {
        table.error("until", fmt::format("'until' ({}) must come after 'at' ({})", *until, *at));
        return;
      }
      const TrueTime end = at_time(until.value_or(kForever));
      const std::optional<std::vector<Located>> servers = table.texts("from");
      if (!client || !servers) return;
      for (const Located& name : *servers) {
        if (auto server = server_named(name)) {
          scenario_.partitions.push_back({when, end, *client, *server});
        }
      }
    } else {
      allow_only({});
      const std::optional<ServerId> replica = server_named(*subject);
      if (!replica) return;
      if (!scenario_.servers[replica->index].replica_of) {
        diagnostics_.error(subject->at, fmt::format("'{}' is not a replica; only a replica can "
                                                    "be promoted",
                                                    subject->text));
        return;
      }
      scenario_.promotions.push_back({when, *replica});
    }
  }

  void read_message(const toml::table& raw) {
    const TomlTable table(raw, "[[message]]",
                          {"client", "server", "request", "reply_to", "nth", "delay"},
                          diagnostics_);
    MessagePin pin;
    table.require("client");
    table.require("server");
    table.require("delay");
    if (table.has("request") == table.has("reply_to")) {
      table.error(table.has("request") ? "reply_to" : "client",
                  "a [[message]] pins either a 'request' or a 'reply_to' (a command name such as "
                  "\"SET\", or \"*\" for any)");
    }
    const std::optional<Located> client = table.text("client");
    const std::optional<Located> server = table.text("server");
    const std::optional<Located> command =
        table.text(table.has("reply_to") ? "reply_to" : "request");
    pin.direction =
        table.has("reply_to") ? MessagePin::Direction::reply : MessagePin::Direction::request;
    if (command && command->text != "*") pin.command = command->text;
    pin.nth = static_cast<uint32_t>(table.integer("nth", 1, 1'000'000).value_or(1));
    const std::optional<Duration> delay = table.duration("delay", Rule::not_negative);
    const std::optional<ClientId> client_id = client ? client_named(*client) : std::nullopt;
    const std::optional<ServerId> server_id = server ? server_named(*server) : std::nullopt;
    if (!client_id || !server_id || !delay) return;
    pin.client = *client_id;
    pin.server = *server_id;
    pin.delay = *delay;
    scenario_.messages.push_back(std::move(pin));
  }

  auto invariant_named(const Located& name) -> bool {
    const std::span<const std::string_view> known(kReportedInvariantNames);
    if (std::find(known.begin(), known.end(), name.text) != known.end()) return true;
    diagnostics_.error(name.at, unknown_name("invariant", name.text, known));
    return false;
  }

  void read_expectations(const toml::table& raw) {
    const TomlTable table(raw, "[expect]", {"violated", "violation", "holders", "key"},
                          diagnostics_);
    Expectations& expect = scenario_.expect;
    if (auto violated = table.texts("violated")) {
      expect.violated.emplace();
      for (const Located& name : *violated) {
        if (name.text == "none" && violated->size() == 1) break;
        if (invariant_named(name)) expect.violated->push_back(name.text);
      }
    }
    for (const toml::table* entry : table.tables("violation")) {
      const TomlTable violation(*entry, "[[expect.violation]]",
                                {"invariant", "clients", "around", "within"}, diagnostics_);
      violation.require("invariant");
      ViolationExpectation expected;
      if (auto name = violation.text("invariant"); name && invariant_named(*name)) {
        expected.invariant = name->text;
      }
      if (auto clients = violation.texts("clients")) expected.clients = clients_named(*clients);
      if (auto around = violation.duration("around", Rule::not_negative)) {
        expected.around = at_time(*around);
      }
      if (auto within = violation.duration("within", Rule::not_negative)) {
        expected.within = *within;
      }
      expect.violations.push_back(std::move(expected));
    }
    for (const toml::table* entry : table.tables("holders")) {
      const TomlTable holders(*entry, "[[expect.holders]]", {"at", "clients"}, diagnostics_);
      holders.require("at");
      holders.require("clients");
      const std::optional<Duration> at = holders.duration("at", Rule::not_negative);
      const std::optional<std::vector<Located>> clients = holders.texts("clients");
      if (at && clients) expect.holders.push_back({at_time(*at), clients_named(*clients)});
    }
    for (const toml::table* entry : table.tables("key")) read_key_expectation(*entry);
  }

  void read_key_expectation(const toml::table& raw) {
    const TomlTable table(raw, "[[expect.key]]",
                          {"at", "server", "key", "value", "owner", "absent"}, diagnostics_);
    table.require("at");
    table.require("server");
    table.require("key");
    KeyExpectation expected;
    const int forms =
        (table.has("value") ? 1 : 0) + (table.has("owner") ? 1 : 0) + (table.has("absent") ? 1 : 0);
    if (forms != 1) {
      table.error("key", "[[expect.key]] needs exactly one of 'value', 'owner' or 'absent'");
    }
    const std::optional<Duration> at = table.duration("at", Rule::not_negative);
    const std::optional<Located> server = table.text("server");
    const std::optional<Located> key = table.text("key");
    const std::optional<ServerId> server_id = server ? server_named(*server) : std::nullopt;
    if (auto value = table.text("value")) {
      expected.kind = KeyExpectation::Kind::value;
      expected.value = value->text;
    } else if (auto owner = table.text("owner")) {
      expected.kind = KeyExpectation::Kind::owner;
      if (auto id = client_named(*owner)) expected.owner = *id;
    } else if (auto absent = table.boolean("absent"); absent && !*absent) {
      table.error("absent", "'absent' can only be true; to expect a key, give 'value' or 'owner'");
    }
    if (!at || !server_id || !key || forms != 1) return;
    expected.at = at_time(*at);
    expected.server = *server_id;
    expected.key = key->text;
    scenario_.expect.keys.push_back(std::move(expected));
  }

  // Sixteen hexadecimal digits, as simulate and run print a trace hash.
  auto read_trace_hash(const Located& text) -> std::optional<uint64_t> {
    uint64_t hash = 0;
    const char* end = text.text.data() + text.text.size();
    const auto [stop, ec] = std::from_chars(text.text.data(), end, hash, 16);
    if (text.text.size() == 16 && ec == std::errc{} && stop == end) return hash;
    diagnostics_.error(text.at, fmt::format("'trace_hash' must be 16 hexadecimal digits, as run "
                                            "prints it (e.g. \"d4f711b16f281f54\"); found \"{}\"",
                                            text.text));
    return std::nullopt;
  }

  void read_replay(const toml::table& raw) {
    const TomlTable table(raw, "[replay]",
                          {"choices", "trace_hash", "recurring_faults", "steps", "actions"},
                          diagnostics_);
    table.require("choices");
    if (auto hash = table.text("trace_hash")) scenario_.trace_hash = read_trace_hash(*hash);
    if (auto recurring = table.boolean("recurring_faults")) scenario_.recurring_faults = *recurring;
    if (auto steps = table.integer("steps", 1, kSeedMax)) {
      scenario_.steps = static_cast<uint64_t>(*steps);
    }
    read_actions(table);
    const std::optional<std::vector<Located>> lines = table.texts("choices");
    if (!lines) return;
    std::vector<RecordedChoice> choices;
    choices.reserve(lines->size());
    for (const Located& line : *lines) {
      ChoiceParse parsed = parse_choice(line.text);
      if (parsed.choice) {
        choices.push_back(*parsed.choice);
      } else {
        diagnostics_.error(line.at, std::move(parsed.error));
      }
    }
    scenario_.choices = std::move(choices);
  }

  // Steps the model checker took other than firing the event due first, in step order.
  void read_actions(const TomlTable& table) {
    const std::optional<std::vector<Located>> lines = table.texts("actions");
    if (!lines) return;
    for (const Located& line : *lines) {
      ActionParse parsed = parse_action(line.text);
      if (!parsed.action) {
        diagnostics_.error(line.at, std::move(parsed.error));
      } else if (!scenario_.actions.empty() &&
                 parsed.action->step <= scenario_.actions.back().step) {
        diagnostics_.error(line.at, "actions: steps must increase");
      } else {
        scenario_.actions.push_back(*parsed.action);
      }
    }
  }

  TomlTable root_;
  Diagnostics& diagnostics_;
  Scenario scenario_;
  std::vector<NodeName> names_;
  std::vector<std::pair<uint32_t, Located>> replica_links_;  // server index, its master's name
  // Client index, its region's name.
  std::vector<std::pair<uint32_t, Located>> region_names_;
  // By server index: where a Dragonfly server says so.
  std::vector<std::optional<SourcePosition>> dragonfly_at_;
  SourcePosition topology_at_;
};

}  // namespace

auto load_scenario(std::string_view text, const std::string& path) -> ScenarioLoad {
  ScenarioLoad load{std::nullopt, Diagnostics(path)};
  toml::table root;
  try {
    root = toml::parse(text, path);
  } catch (const toml::parse_error& error) {
    load.diagnostics.error(position_of(error.source()),
                           fmt::format("not valid TOML: {}", error.description()));
    return load;
  }
  Scenario scenario = Loader(root, load.diagnostics).load();
  if (load.diagnostics.empty()) load.scenario = std::move(scenario);
  return load;
}

auto load_scenario_file(const std::string& path) -> ScenarioLoad {
  const TextFile file = load_text_file(path);
  if (!file.text) {
    ScenarioLoad load{std::nullopt, Diagnostics(path)};
    load.diagnostics.file_error(file.error);
    return load;
  }
  return load_scenario(*file.text, path);
}

}  // namespace locksim
