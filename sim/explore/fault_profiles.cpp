// The fault-profile catalog and its parser; see fault_profiles.hpp.
#include "sim/explore/fault_profiles.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "sim/core/assert.hpp"
#include "sim/core/distribution_text.hpp"
#include "sim/core/nearest_name.hpp"
#include "sim/core/split.hpp"

namespace locksim {
namespace {

// The parts of a world a profile sets; two profiles may not set the same part.
enum FaultProfileParts : uint32_t {
  kPauses = 1 << 0,
  kClientCrashes = 1 << 1,
  kClocks = 1 << 2,
  kClockJumps = 1 << 3,
  kNetworkDelays = 1 << 4,
  kLinks = 1 << 5,
  kServerCrashes = 1 << 6,
  kReplication = 1 << 7,
};

using Kind = ProfileParameter::Kind;

constexpr auto ms(int64_t value) -> int64_t {
  return value * 1'000;
}
constexpr auto s(int64_t value) -> int64_t {
  return value * 1'000'000;
}

// A fault striking each subject as a Poisson process with mean `every`, lasting up to `length`.
auto recurring(Duration every, Distribution length) -> RecurringFault {
  return RecurringFault{true, Exponential{Duration{}, every, every * 100}, std::move(length)};
}

auto up_to(Duration max) -> Distribution {
  return Uniform{std::min(Duration::millis(1), max), max};
}

// Servers crash every so often, stay down for `downtime`, and keep what `mode` makes durable.
void restart(const FaultSelection& selection, WorldConfig& config, PersistenceSettings::Mode mode,
             Distribution downtime) {
  config.faults.server_crash = recurring(selection.duration("every"), std::move(downtime));
  for (ServerSettings& server : config.servers) server.persistence.mode = mode;
}

// The model checker's default domains, per profile (when --domain does not set the kind): the
// values either side of what decides the profile's race, q = 1 ms.
//   crash             client_downtime   q (back at once, its state forgotten), ttl + q (down past
//                                       the lease: its key expires before it returns)
//   gc-pause          pause_length      ttl - q (begun as the lease begins, it ends within it;
//                                       begun later, it outlasts what is left), ttl + q (outlasts
//                                       any lease, wherever it begins)
//   slow-network      request_delay,    floor (the quantum), ttl - q and ttl + q (the lease runs
//                     reply_delay       out just after or just before it arrives), request
//                                       timeout + q (it arrives after the client gave up)
//   partition         link_down_length  q (a blip: what was in flight is lost, the connection
//                                       reset), ttl + q (a cut the lease does not outlive)
//   restart-volatile, server_downtime   q (back at once), the profile's longest (clients' requests
//   -everysec, -always                  time out meanwhile)
//   restart-delayed   server_downtime   its shortest (already longer than any lease)
//   clock-jump        clock_jump_size   ttl - q (a key just set survives it, an older one does
//                                       not), ttl + q (every key expires at once)
// failover's lag, detection and downtime, and clock-drift (no choices), keep the generic ones.
// Values a profile's distribution cannot produce are dropped (then the generic ones apply).
constexpr Duration kQuantum = Duration::millis(1);

template <ChoiceKind kKind>
auto either_side_of_the_lease(const FaultSelection&, Duration ttl, Duration)
    -> std::vector<ProfileDomain> {
  return {{kKind, {ttl - kQuantum, ttl + kQuantum}}};
}

template <ChoiceKind kKind>
auto blip_or_past_the_lease(const FaultSelection&, Duration ttl, Duration)
    -> std::vector<ProfileDomain> {
  return {{kKind, {kQuantum, ttl + kQuantum}}};
}

auto restart_domains(const FaultSelection& f, Duration, Duration) -> std::vector<ProfileDomain> {
  return {{ChoiceKind::server_downtime, {kQuantum, f.duration("down")}}};
}

const ProfileParameter kEvery{"every", Kind::duration, s(20), "mean time between faults per node"};

const std::array kProfiles{
    FaultProfile{"none", "no faults", {}, 0, {}, [](const FaultSelection&, WorldConfig&) {}},
    FaultProfile{"crash",
                 "clients crash and restart with their state lost (a holder dies holding)",
                 {kEvery, {"down", Kind::duration, s(2), "longest downtime"}},
                 kClientCrashes,
                 {},
                 [](const FaultSelection& f, WorldConfig& config) {
                   config.faults.client_crash =
                       recurring(f.duration("every"), f.size_or(up_to(f.duration("down"))));
                 },
                 blip_or_past_the_lease<ChoiceKind::client_downtime>,
                 "a crashed client's downtime",
                 "uniform(1ms..down)"},
    FaultProfile{"gc-pause",
                 "stop-the-world pauses of client processes (GC, VM migration, SIGSTOP)",
                 {{"every", Kind::duration, s(10), "mean time between pauses per client"},
                  {"max", Kind::duration, s(2), "longest pause"}},
                 kPauses,
                 {},
                 [](const FaultSelection& f, WorldConfig& config) {
                   config.faults.client_pause =
                       recurring(f.duration("every"), f.size_or(up_to(f.duration("max"))));
                 },
                 either_side_of_the_lease<ChoiceKind::pause_length>,
                 "a pause's length",
                 "uniform(1ms..max)"},
    FaultProfile{"slow-network",
                 "heavy-tailed message delays: most fast, a few longer than a lease",
                 {{"floor", Kind::duration, ms(1), "shortest delay"},
                  {"max", Kind::duration, s(3), "longest delay"}},
                 kNetworkDelays,
                 {},
                 [](const FaultSelection& f, WorldConfig& config) {
                   const Distribution delay =
                       f.size_or(HeavyTail{f.duration("floor"), 1'100, f.duration("max")});
                   config.network.request_delay = delay;
                   config.network.reply_delay = delay;
                 },
                 [](const FaultSelection& f, Duration ttl, Duration timeout) {
                   const std::vector<Duration> values{f.duration("floor"), ttl - kQuantum,
                                                      ttl + kQuantum, timeout + kQuantum};
                   return std::vector<ProfileDomain>{{ChoiceKind::request_delay, values},
                                                     {ChoiceKind::reply_delay, values}};
                 },
                 "a message's delay",
                 "pareto(floor..max), alpha 1.1"},
    FaultProfile{"partition",
                 "client-server links cut for a while (in-flight messages lost, connection reset)",
                 {kEvery, {"length", Kind::duration, s(3), "longest cut"}},
                 kLinks,
                 {},
                 [](const FaultSelection& f, WorldConfig& config) {
                   config.faults.link_down =
                       recurring(f.duration("every"), f.size_or(up_to(f.duration("length"))));
                 },
                 blip_or_past_the_lease<ChoiceKind::link_down_length>,
                 "a cut's length",
                 "uniform(1ms..length)"},
    FaultProfile{"restart-volatile",
                 "servers crash and restart at once without persistence: locks are forgotten",
                 {kEvery, {"down", Kind::duration, ms(200), "longest downtime"}},
                 kServerCrashes,
                 {},
                 [](const FaultSelection& f, WorldConfig& config) {
                   restart(f, config, PersistenceSettings::Mode::none,
                           f.size_or(up_to(f.duration("down"))));
                 },
                 restart_domains,
                 "a crashed server's downtime",
                 "uniform(1ms..down)"},
    FaultProfile{"restart-everysec",
                 "servers crash and restart with appendfsync everysec: the last second may be lost",
                 {kEvery, {"down", Kind::duration, ms(200), "longest downtime"}},
                 kServerCrashes,
                 {},
                 [](const FaultSelection& f, WorldConfig& config) {
                   restart(f, config, PersistenceSettings::Mode::aof_everysec,
                           f.size_or(up_to(f.duration("down"))));
                 },
                 restart_domains,
                 "a crashed server's downtime",
                 "uniform(1ms..down)"},
    FaultProfile{"restart-always",
                 "servers crash and restart with appendfsync always: nothing acknowledged is lost",
                 {kEvery, {"down", Kind::duration, ms(200), "longest downtime"}},
                 kServerCrashes,
                 {},
                 [](const FaultSelection& f, WorldConfig& config) {
                   restart(f, config, PersistenceSettings::Mode::aof_always,
                           f.size_or(up_to(f.duration("down"))));
                 },
                 restart_domains,
                 "a crashed server's downtime",
                 "uniform(1ms..down)"},
    FaultProfile{
        "restart-delayed",
        "servers crash without persistence but stay down longer than any lease "
        "(the distlock page's delayed restart)",
        {kEvery,
         {"delay", Kind::duration, s(2), "shortest downtime (more than the ttl)"},
         {"extra", Kind::duration, s(1), "random downtime on top"}},
        kServerCrashes,
        {},
        [](const FaultSelection& f, WorldConfig& config) {
          const Duration delay = f.duration("delay");
          restart(f, config, PersistenceSettings::Mode::none,
                  f.size_or(Uniform{delay, delay + f.duration("extra")}));
        },
        [](const FaultSelection& f, Duration, Duration) {
          return std::vector<ProfileDomain>{{ChoiceKind::server_downtime, {f.duration("delay")}}};
        },
        "a crashed server's downtime",
        "uniform(delay..delay+extra)"},
    FaultProfile{"failover",
                 "each master has an asynchronous replica; masters crash and Sentinel promotes "
                 "the replica (writes in the replication lag are lost)",
                 {kEvery,
                  {"down", Kind::duration, s(5), "longest downtime of a crashed server"},
                  {"lag", Kind::duration, ms(20), "mean replication lag"},
                  {"detect", Kind::duration, ms(500), "longest time to detect and promote"}},
                 kServerCrashes | kReplication,
                 {},
                 [](const FaultSelection& f, WorldConfig& config) {
                   const auto masters = static_cast<uint32_t>(config.servers.size());
                   for (uint32_t m = 0; m < masters; ++m) {
                     ServerSettings replica = config.servers[m];
                     replica.replica_of = ServerId{m};
                     config.servers.push_back(replica);
                   }
                   for (ClientSettings& client : config.clients) client.follow_master = true;
                   config.replication.lag =
                       Exponential{Duration::micros(200), f.duration("lag"), Duration::seconds(1)};
                   config.faults.server_crash =
                       recurring(f.duration("every"), f.size_or(up_to(f.duration("down"))));
                   config.faults.automatic_failover = true;
                   config.faults.failover_delay = up_to(f.duration("detect"));
                 },
                 nullptr,
                 "a crashed server's downtime",
                 "uniform(1ms..down)"},
    FaultProfile{
        "active-active",
        "every server is an Active-Active (CRDB) database with an instance in each "
        "region; each client writes to its region's, and instances replicate to each "
        "other with a lag (strings: last write wins by wall clock)",
        {{"regions", Kind::count, 2, "instances of each database, one per region", false, 8},
         {"lag", Kind::duration, ms(100), "mean replication lag between regions"}},
        kReplication,
        {},
        [](const FaultSelection& f, WorldConfig& config) {
          const auto databases = static_cast<uint32_t>(config.servers.size());
          const auto regions = static_cast<uint32_t>(f.count("regions"));
          for (uint32_t r = 1; r < regions; ++r) {
            for (uint32_t d = 0; d < databases; ++d) {
              config.servers.push_back(config.servers[d]);
            }
          }
          config.active_active_databases = databases;
          for (uint32_t c = 0; c < config.clients.size(); ++c) {
            config.clients[c].region = c % regions;
          }
          config.replication.lag =
              Exponential{Duration::millis(1), f.duration("lag"), Duration::seconds(10)};
        }},
    FaultProfile{"clock-drift",
                 "clocks disagree: client wall clocks spread over `skew`, oscillators drift up to "
                 "`rate` ppm either way (fixed per node, no choice involved)",
                 {{"skew", Kind::duration, s(3), "difference between the extreme client clocks"},
                  {"rate", Kind::count, 500, "largest drift, ppm"}},
                 kClocks,
                 {},
                 [](const FaultSelection& f, WorldConfig& config) {
                   const Duration skew = f.duration("skew");
                   const auto rate = static_cast<int32_t>(f.count("rate"));
                   const auto n = static_cast<int64_t>(config.clients.size());
                   for (int64_t c = 0; c < n; ++c) {
                     // Evenly spread from -skew/2 to +skew/2, and from -rate to +rate.
                     const int64_t span = std::max<int64_t>(n - 1, 1);
                     config.clients[c].clock =
                         NodeClock(Duration{-skew.us / 2 + skew.us * c / span},
                                   static_cast<int32_t>(-rate + 2 * rate * c / span));
                   }
                   for (uint32_t s = 0; s < config.servers.size(); ++s) {
                     config.servers[s].clock = NodeClock(Duration{}, s % 2 == 0 ? rate : -rate);
                   }
                 }},
    FaultProfile{"clock-jump",
                 "server wall clocks jump forward (an NTP step, an operator): keys expire early",
                 {kEvery, {"max", Kind::duration, s(2), "largest jump"}},
                 kClockJumps,
                 {},
                 [](const FaultSelection& f, WorldConfig& config) {
                   config.faults.server_clock_jump =
                       recurring(f.duration("every"), f.size_or(up_to(f.duration("max"))));
                 },
                 either_side_of_the_lease<ChoiceKind::clock_jump_size>,
                 "a jump's size",
                 "uniform(1ms..max)"},
    FaultProfile{"chaos",
                 "crash, gc-pause, slow-network, partition, restart-volatile, clock-drift and "
                 "clock-jump together, each with its defaults",
                 {},
                 0,
                 {"crash", "gc-pause", "slow-network", "partition", "restart-volatile",
                  "clock-drift", "clock-jump"},
                 nullptr},
};

auto parameter_index(const FaultProfile& profile, std::string_view name) -> std::optional<size_t> {
  for (size_t i = 0; i < profile.parameters.size(); ++i) {
    if (profile.parameters[i].name == name) return i;
  }
  return std::nullopt;
}

auto catalog_index(const FaultProfile* profile) -> size_t {
  return static_cast<size_t>(profile - kProfiles.data());
}

auto defaults_of(const FaultProfile& profile) -> FaultSelection {
  FaultSelection selection{&profile, {}};
  for (const ProfileParameter& parameter : profile.parameters) {
    selection.values.push_back(parameter.default_value);
  }
  return selection;
}

// What to say about a profile name that does not exist: the nearest one, or all of them.
auto unknown_profile(std::string_view name) -> std::string {
  std::vector<std::string_view> names;
  for (const FaultProfile& profile : kProfiles) names.push_back(profile.name);
  if (const auto nearest = nearest_name(name, names)) {
    return fmt::format("unknown fault profile '{}'; did you mean '{}'?", name, *nearest);
  }
  return fmt::format("unknown fault profile '{}' (known: {})", name, fmt::join(names, ", "));
}

// Reads one "name=value" override into the selection; false (with an error) if it is bad.
auto read_override(std::string_view text, FaultSelection& selection,
                   std::vector<std::string>& errors) -> bool {
  const auto read =
      read_parameter(text, "fault profile", selection.profile->name, selection.profile->parameters);
  if (const auto* error = std::get_if<std::string>(&read)) {
    errors.push_back(*error);
    return false;
  }
  const auto& [index, value] = std::get<ParameterValue>(read);
  selection.values[index] = value;
  return true;
}

// Reads "size=DISTRIBUTION" into the selection.
void read_size(std::string_view text, FaultSelection& selection, std::vector<std::string>& errors) {
  const FaultProfile& profile = *selection.profile;
  if (profile.size_of.empty()) {
    errors.push_back(fmt::format("fault profile '{}' has no size to draw", profile.name));
    return;
  }
  DistributionParse parsed = parse_distribution(text);
  if (!parsed.value) {
    errors.push_back(fmt::format("fault profile '{}': size: {}", profile.name, parsed.error));
    return;
  }
  selection.size = std::move(parsed.value);
}

}  // namespace

auto FaultSelection::duration(std::string_view parameter) const -> Duration {
  const std::optional<size_t> index = parameter_index(*profile, parameter);
  LOCKSIM_ASSERT(index && profile->parameters[*index].kind == Kind::duration,
                 "{} has no duration parameter {}", profile->name, parameter);
  return Duration{values[*index]};
}

auto FaultSelection::count(std::string_view parameter) const -> int64_t {
  const std::optional<size_t> index = parameter_index(*profile, parameter);
  LOCKSIM_ASSERT(index && profile->parameters[*index].kind == Kind::count,
                 "{} has no count parameter {}", profile->name, parameter);
  return values[*index];
}

auto fault_profiles() -> std::span<const FaultProfile> {
  return kProfiles;
}

auto find_fault_profile(std::string_view name) -> const FaultProfile* {
  for (const FaultProfile& profile : kProfiles) {
    if (profile.name == name) return &profile;
  }
  return nullptr;
}

auto parse_faults(std::string_view text) -> FaultsParse {
  FaultsParse result;
  if (text.empty()) return result;
  std::vector<FaultSelection> selections;
  for (const std::string_view item : split(text, ',')) {
    const std::vector<std::string_view> parts = split(item, ':');
    const FaultProfile* profile = find_fault_profile(parts[0]);
    if (!profile) {
      result.errors.push_back(unknown_profile(parts[0]));
      continue;
    }
    if (!profile->combines.empty()) {
      if (parts.size() > 1) {
        result.errors.push_back(fmt::format(
            "'{}' has no parameters of its own; name its parts to change theirs", profile->name));
      }
      for (const std::string_view part : profile->combines) {
        selections.push_back(defaults_of(*find_fault_profile(part)));
      }
      continue;
    }
    FaultSelection selection = defaults_of(*profile);
    for (size_t i = 1; i < parts.size(); ++i) {
      if (parts[i].starts_with("size=")) {
        read_size(parts[i].substr(5), selection, result.errors);
      } else {
        read_override(parts[i], selection, result.errors);
      }
    }
    selections.push_back(std::move(selection));
  }
  std::stable_sort(selections.begin(), selections.end(), [](const auto& a, const auto& b) {
    return catalog_index(a.profile) < catalog_index(b.profile);
  });
  uint32_t set = 0;
  for (size_t i = 0; i < selections.size(); ++i) {
    const FaultProfile& profile = *selections[i].profile;
    if (profile.name == "none") continue;
    if (i > 0 && selections[i - 1].profile == &profile) {
      result.errors.push_back(fmt::format("fault profile '{}' is named twice", profile.name));
      continue;
    }
    if ((set & profile.sets) != 0) {
      result.errors.push_back(fmt::format(
          "fault profile '{}' sets what another selected profile already sets", profile.name));
      continue;
    }
    set |= profile.sets;
    result.selections.push_back(std::move(selections[i]));
  }
  return result;
}

auto describe_faults(const std::vector<FaultSelection>& selections) -> std::string {
  std::string text;
  for (const FaultSelection& selection : selections) {
    text += text.empty() ? "" : ",";
    text += selection.profile->name;
    const std::vector<ProfileParameter>& parameters = selection.profile->parameters;
    for (size_t i = 0; i < parameters.size(); ++i) {
      if (selection.values[i] == parameters[i].default_value) continue;
      text += fmt::format(":{}={}", parameters[i].name,
                          format_parameter_value(parameters[i], selection.values[i]));
    }
    if (selection.size) text += ":size=" + distribution_text(*selection.size);
  }
  return text.empty() ? "none" : text;
}

void apply_faults(const std::vector<FaultSelection>& selections, WorldConfig& config) {
  for (const FaultSelection& selection : selections) selection.profile->apply(selection, config);
}

}  // namespace locksim
