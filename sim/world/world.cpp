// Building the initial world, and world equality; see world.hpp.
#include "sim/world/world.hpp"

#include <algorithm>

#include "sim/core/assert.hpp"

namespace locksim {
namespace {

auto same_events(const std::vector<Event>& a, const std::vector<Event>& b) -> bool {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                    [](const Event& x, const Event& y) { return x.same_body(y); });
}

void schedule_first(World& world, Chooser& chooser, const RecurringFault& fault,
                    ChoiceKind interval_kind, EventKind event, uint32_t subject) {
  if (!fault.enabled) return;
  const Duration after = chooser.choose({interval_kind, subject, &fault.interval});
  world.queue.push(world.now + after, event, subject);
}

}  // namespace

auto to_string(PersistenceSettings::Mode mode) -> std::string_view {
  switch (mode) {
    case PersistenceSettings::Mode::none: return "none";
    case PersistenceSettings::Mode::rdb: return "rdb";
    case PersistenceSettings::Mode::aof_everysec: return "aof-everysec";
    case PersistenceSettings::Mode::aof_always: return "aof-always";
  }
  LOCKSIM_UNREACHABLE("persistence mode {}", static_cast<int>(mode));
}

auto needs_cron(const World& world, ServerId server) -> bool {
  const PersistenceSettings::Mode mode = world.config->servers[server.index].persistence.mode;
  if (mode == PersistenceSettings::Mode::rdb || mode == PersistenceSettings::Mode::aof_everysec) {
    return true;
  }
  // An Active-Active instance expires the keys it owns actively and sends their DELs.
  return world.config->active_active_databases > 0 || has_replicas(world, server);
}

auto has_replica_of_first_master(const WorldConfig& config) -> bool {
  return std::any_of(config.servers.begin(), config.servers.end(),
                     [](const ServerSettings& s) { return s.replica_of == ServerId{0}; });
}

auto active_active_peers(const World& world, ServerId instance) -> std::vector<ServerId> {
  const uint32_t databases = world.config->active_active_databases;
  std::vector<ServerId> peers;
  for (uint32_t s = instance.index % databases; s < world.servers.size(); s += databases) {
    if (s != instance.index) peers.push_back(ServerId{s});
  }
  return peers;
}

auto has_replicas(const World& world, ServerId master) -> bool {
  return std::any_of(world.servers.begin(), world.servers.end(),
                     [&](const ServerState& s) { return s.master == master; });
}

auto ClientState::operator==(const ClientState& other) const -> bool {
  return clock == other.clock && status == other.status && incarnation == other.incarnation &&
         next_request_id == other.next_request_id && program == other.program &&
         outstanding == other.outstanding && same_events(deferred, other.deferred) &&
         belief == other.belief && lapsed == other.lapsed && wanting == other.wanting;
}

auto World::operator==(const World& other) const -> bool {
  return config == other.config && now == other.now && queue == other.queue &&
         clients == other.clients && servers == other.servers && connections == other.connections &&
         resource == other.resource;
}

auto make_world(std::shared_ptr<const WorldConfig> config, Chooser& chooser) -> World {
  LOCKSIM_ASSERT(!config->clients.empty(), "a world needs at least one client");
  LOCKSIM_ASSERT(!config->servers.empty(), "a world needs at least one server");
  for (uint32_t s = 0; s < config->servers.size(); ++s) {
    const std::optional<ServerId> master = config->servers[s].replica_of;
    LOCKSIM_ASSERT(!master || (master->index < config->servers.size() && master->index != s &&
                               !config->servers[master->index].replica_of),
                   "r{} must replicate another server that is itself a master", s + 1);
  }
  World world;
  world.config = config;
  for (const ClientSettings& settings : config->clients) {
    world.clients.push_back(ClientState{.clock = settings.clock, .program = settings.program});
  }
  for (const ServerSettings& settings : config->servers) {
    const int64_t started_s = settings.clock.wall(world.now).unix_ms() / 1000;
    world.servers.push_back(
        ServerState{.clock = settings.clock,
                    .disk = {.last_save_s = started_s, .last_fsync_s = started_s},
                    .master = settings.replica_of,
                    .replica_acks = std::vector<uint64_t>(config->servers.size()),
                    .client_write_offsets = std::vector<uint64_t>(config->clients.size())});
  }
  world.connections.resize(config->clients.size() * config->servers.size());

  const FaultPlan& faults = config->faults;
  for (uint32_t c = 0; c < world.clients.size(); ++c) {
    const Duration start = chooser.choose({ChoiceKind::start_delay, c, &config->start_delay});
    world.queue.push(world.now + start, EventKind::client_start, c);
    schedule_first(world, chooser, faults.client_pause, ChoiceKind::pause_interval,
                   EventKind::pause_begin, c);
    schedule_first(world, chooser, faults.client_crash, ChoiceKind::client_crash_interval,
                   EventKind::client_crash, c);
  }
  for (uint32_t s = 0; s < world.servers.size(); ++s) {
    schedule_first(world, chooser, faults.server_crash, ChoiceKind::server_crash_interval,
                   EventKind::server_crash, s);
    schedule_first(world, chooser, faults.server_clock_jump, ChoiceKind::clock_jump_interval,
                   EventKind::clock_jump, s);
    if (needs_cron(world, ServerId{s})) {
      world.queue.push(world.now + kServerCronPeriod, EventKind::server_cron, s);
    }
  }
  for (uint32_t i = 0; i < world.connections.size(); ++i) {
    schedule_first(world, chooser, faults.link_down, ChoiceKind::link_down_interval,
                   EventKind::link_down, i);
  }
  for (uint32_t i = 0; i < faults.clock_steps.size(); ++i) {
    world.queue.push(faults.clock_steps[i].at, EventKind::clock_step, i);
  }
  for (uint32_t i = 0; i < faults.promotions.size(); ++i) {
    world.queue.push(faults.promotions[i].at, EventKind::promote, i);
  }
  for (uint32_t i = 0; i < faults.scheduled.size(); ++i) {
    const ScheduledFault& fault = faults.scheduled[i];
    const bool on_client = fault.node.kind == NodeRef::Kind::client;
    LOCKSIM_ASSERT(on_client || fault.kind == ScheduledFault::Kind::crash,
                   "scheduled fault {}: only client processes pause", i);
    const EventKind kind = !on_client                                  ? EventKind::server_crash
                           : fault.kind == ScheduledFault::Kind::pause ? EventKind::pause_begin
                                                                       : EventKind::client_crash;
    world.queue.push(fault.at, kind, fault.node.index, i + 1);
  }
  for (uint32_t i = 0; i < faults.partitions.size(); ++i) {
    const ScheduledPartition& partition = faults.partitions[i];
    LOCKSIM_ASSERT(partition.begin <= partition.end, "partition {} ends before it begins", i);
    world.queue.push(partition.begin, EventKind::partition_begin, i);
    world.queue.push(partition.end, EventKind::partition_end, i);
  }
  return world;
}

}  // namespace locksim
