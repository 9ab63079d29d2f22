// The world: everything a run can observe, as one value. It is copyable, comparable with ==, and
// has a stable fingerprint; the transition function (step.hpp) is the only thing that changes it.
// The configuration is immutable and shared between copies.
#pragma once

#include <memory>
#include <optional>
#include <vector>

#include "models/lock_algorithm.hpp"
#include "sim/core/choice.hpp"
#include "sim/core/ids.hpp"
#include "sim/redis/flavour.hpp"
#include "sim/redis/replication.hpp"
#include "sim/redis/script_progress.hpp"
#include "sim/redis/server.hpp"
#include "sim/world/active_active.hpp"
#include "sim/world/clock.hpp"
#include "sim/world/event_queue.hpp"

namespace locksim {

// ---- configuration -------------------------------------------------------------------------

struct ClientSettings {
  Program program;  // the algorithm in its initial state; a restart begins from a copy of it
  NodeClock clock;
  Duration request_timeout = Duration::millis(500);  // zero: wait forever
  // Asks Sentinel where the master is: a command for a server that is now a replica goes to
  // that server's master instead.
  bool follow_master = false;
  // Active-Active: the client's region, whose instance of each database takes what it sends
  // that database (WorldConfig::active_active_databases).
  uint32_t region = 0;
};

// When RDB snapshots: after `after` of wall-clock time since the last save, if at least
// `changes` modifications happened (redis.conf `save <seconds> <changes>`).
struct SavePoint {
  Duration after;
  uint64_t changes = 0;
};

struct PersistenceSettings {
  enum class Mode : uint8_t {
    none,          // nothing survives a crash
    rdb,           // the last snapshot survives; snapshots follow the save points
    aof_everysec,  // writes survive once fsynced; fsync when the wall-clock second changes
    aof_always,    // every write is fsynced before its reply: nothing acknowledged is lost
  };
  Mode mode = Mode::none;
  // Redis 7.0's defaults.
  std::vector<SavePoint> save_points = {
      {Duration::seconds(3600), 1}, {Duration::seconds(300), 100}, {Duration::seconds(60), 10'000}};
};

auto to_string(PersistenceSettings::Mode mode) -> std::string_view;

struct ServerSettings {
  NodeClock clock;
  PersistenceSettings persistence;
  std::optional<ServerId> replica_of;  // a replica of that master at the start
  redis::Flavour flavour;              // Redis 7.0, or Dragonfly (sim/redis/flavour.hpp)
  // Dragonfly: from one redis.call of a script flagged disable-atomicity to its next, each a
  // transaction of its own (a hop to the key's shard thread and back). Not measured: tens of
  // microseconds on an idle server, as a guess, and up to 10 ms on a busy one.
  Distribution script_call_gap =
      Exponential{Duration::micros(5), Duration::micros(20), Duration::millis(10)};
};

struct ReplicationSettings {
  // From a master's write to its arrival at a replica (asynchronous replication).
  Distribution lag = Exponential{Duration::micros(200), Duration::millis(1), Duration::seconds(1)};
};

struct NetworkSettings {
  Distribution request_delay =
      Exponential{Duration::micros(200), Duration::micros(500), Duration::millis(50)};
  Distribution reply_delay =
      Exponential{Duration::micros(200), Duration::micros(500), Duration::millis(50)};
};

// A fault that strikes again and again: the time to the next one, and how long each lasts.
struct RecurringFault {
  bool enabled = false;
  Distribution interval = Constant{};
  Distribution length = Constant{};
};

struct NodeRef {
  enum class Kind : uint8_t { client, server };
  Kind kind = Kind::client;
  uint32_t index = 0;
  auto operator==(const NodeRef&) const -> bool = default;
};

struct ScheduledClockStep {
  TrueTime at;
  NodeRef node;
  Duration step;  // added to the node's wall clock; negative steps it back
  auto operator==(const ScheduledClockStep&) const -> bool = default;
};

struct ScheduledPartition {
  TrueTime begin;
  TrueTime end;
  ClientId client;
  ServerId server;
  auto operator==(const ScheduledPartition&) const -> bool = default;
};

struct ScheduledPromotion {
  TrueTime at;
  ServerId replica;  // becomes a master; its master and fellow replicas follow it
  auto operator==(const ScheduledPromotion&) const -> bool = default;
};

// A fault a scenario pins to a moment: a client process pause, or a crash of a client or server
// process that lasts `length` before the process restarts.
struct ScheduledFault {
  enum class Kind : uint8_t { pause, crash };
  TrueTime at;
  NodeRef node;
  Kind kind = Kind::crash;
  Duration length;
  auto operator==(const ScheduledFault&) const -> bool = default;
};

struct FaultPlan {
  RecurringFault client_pause;       // length: how long the process is paused
  RecurringFault client_crash;       // length: how long the process stays down before it restarts
  RecurringFault server_crash;       // length: downtime; what survives depends on its persistence
  RecurringFault server_clock_jump;  // per server; length: how far its wall clock jumps forward
  RecurringFault link_down;          // per client-server connection; length: how long it stays cut
  std::vector<ScheduledClockStep> clock_steps;
  std::vector<ScheduledPartition> partitions;
  std::vector<ScheduledPromotion> promotions;  // manual failovers
  std::vector<ScheduledFault> scheduled;
  // Automatic failover: a master with replicas that crashes has one promoted this long after
  // (Sentinel's down-after-milliseconds plus its election), if it is still down then.
  bool automatic_failover = false;
  Distribution failover_delay = Constant{Duration::seconds(30)};
};

struct WorldConfig {
  std::vector<ClientSettings> clients;
  std::vector<ServerSettings> servers;
  NetworkSettings network;
  ReplicationSettings replication;
  // Active-Active (active_active.hpp): each of the first `active_active_databases` servers,
  // d, is the region-0 instance of a database whose instance in region r is server
  // r * active_active_databases + d; instances send their writes' effects to the others of
  // their database with the replication lag. 0: none.
  uint32_t active_active_databases = 0;
  Distribution start_delay = Uniform{Duration{}, Duration::millis(10)};
  FaultPlan faults;
};

// ---- state ---------------------------------------------------------------------------------

enum class ProcessStatus : uint8_t { running, paused, crashed };

struct OutstandingRequest {
  uint32_t id = 0;
  ServerId server;
  uint32_t tag = 0;
  auto operator==(const OutstandingRequest&) const -> bool = default;
};

// What the client believes about the lock: held since when, and until its clock reads what.
struct Belief {
  bool holding = false;
  TrueTime since;
  std::optional<LocalTime> lease_end;  // monotonic reading; none: the algorithm keeps no lease
  std::string key;                     // the lock as it was written: key = token
  std::string token;
  auto operator==(const Belief&) const -> bool = default;
};

struct ClientState {
  NodeClock clock;
  ProcessStatus status = ProcessStatus::running;
  uint32_t incarnation = 0;
  uint32_t next_request_id = 0;
  Program program;
  std::vector<OutstandingRequest> outstanding;
  std::vector<Event> deferred;  // events that reached the process while it was paused
  Belief belief;
  // The belief its own clock ended (lease over), until it releases, acquires or crashes: an
  // extension that follows resumes it.
  std::optional<Belief> lapsed;
  bool wanting = false;  // its acquire loop runs (from Attempting to Acquired or GaveUp)
  auto operator==(const ClientState& other) const -> bool;
};

// What a server has made durable. A server crash is a machine crash (power loss): only this
// survives it.
struct Disk {
  redis::Keyspace keyspace;
  int64_t last_save_s = 0;   // wall-clock second of the last RDB save (or of the start)
  int64_t last_fsync_s = 0;  // wall-clock second of the last AOF fsync (everysec)
  auto operator==(const Disk&) const -> bool = default;
};

// What a master sends down the replication link: the keys one command changed, or (full) its
// whole dataset, as when a replica (re)connects.
struct ReplicationUpdate {
  TrueTime arrival;
  uint64_t offset = 0;  // the master's replication offset after this update
  bool full = false;
  std::vector<redis::KeyChange> changes;
  std::vector<CrdtVersion> versions;  // Active-Active: each change's version, from a peer
  auto operator==(const ReplicationUpdate&) const -> bool = default;
};

// A client blocked in WAIT until enough replicas acknowledge its last write.
struct BlockedWait {
  uint32_t connection = 0;          // where the reply goes...
  uint32_t request_id = 0;          // ...answering this WAIT...
  uint32_t client_incarnation = 0;  // ...if the client has not restarted since
  uint64_t offset = 0;              // the client's last write, in replication updates
  int64_t replicas = 0;
  auto operator==(const BlockedWait&) const -> bool = default;
};

// An acknowledgement on its way from a replica to its master.
struct ReplicaAck {
  TrueTime arrival;
  uint64_t offset = 0;
  auto operator==(const ReplicaAck&) const -> bool = default;
};

struct ServerState {
  NodeClock clock;
  bool up = true;
  redis::Server redis;
  Disk disk;
  std::optional<ServerId> master;          // set while this server is a replica
  std::vector<ReplicationUpdate> inbound;  // from its master, in flight, FIFO
  // As a master: updates sent so far, each replica's acknowledged offset (by server index), each
  // client's last write offset (by client index), and clients blocked in WAIT.
  uint64_t replication_offset = 0;
  std::vector<uint64_t> replica_acks;
  std::vector<uint64_t> client_write_offsets;
  std::vector<BlockedWait> waiting;
  // As a replica: updates applied, and acknowledgements in flight to its master.
  uint64_t applied_offset = 0;
  std::vector<ReplicaAck> outbound_acks;
  // As an Active-Active instance: the version of each key it holds or has seen deleted.
  std::vector<CrdtKey> versions;
  auto operator==(const ServerState&) const -> bool = default;
};

struct InFlightRequest {
  uint32_t id = 0;
  uint32_t client_incarnation = 0;  // a reply goes nowhere once the sender has restarted
  TrueTime arrival;
  redis::Command command;
  auto operator==(const InFlightRequest&) const -> bool = default;
};

struct InFlightReply {
  uint32_t id = 0;
  TrueTime arrival;
  redis::Reply reply;
  auto operator==(const InFlightReply&) const -> bool = default;
};

// A Dragonfly script flagged disable-atomicity between two of its calls (script_progress.hpp),
// with the request it will answer.
struct RunningScript {
  InFlightRequest request;
  redis::ScriptProgress progress;
  // The connection reset while it ran: it runs on (a command is not interrupted), but its
  // reply goes nowhere.
  bool detached = false;
  auto operator==(const RunningScript&) const -> bool = default;
};

// One client-server connection: FIFO in each direction, like TCP.
struct Connection {
  std::vector<InFlightRequest> requests;
  std::vector<InFlightReply> replies;
  // How many replies, from the front, have a delivery event (queued, or in the client's pause
  // queue): Transition::schedule_deliveries says how many.
  uint32_t deliveries = 0;
  bool partitioned = false;
  // The server runs one command of a connection at a time: requests that reach it while a
  // script runs wait (`request_waiting`: the head one's delivery came) until it finishes.
  std::optional<RunningScript> script;
  bool request_waiting = false;
  auto operator==(const Connection&) const -> bool = default;
};

struct ResourceWrite {
  ClientId client;
  std::optional<uint64_t> token;
  bool accepted = false;
  auto operator==(const ResourceWrite&) const -> bool = default;
};

// The storage the lock protects. Once it has seen fencing tokens it rejects a write whose token
// is below the highest it accepted ("rejects any writes on which the token has gone backwards",
// Kleppmann 2016); an equal token is accepted.
struct ProtectedResource {
  uint64_t writes = 0;  // accepted
  uint64_t rejected = 0;
  std::optional<uint64_t> highest_token;
  std::optional<ResourceWrite> last_write;
  auto operator==(const ProtectedResource&) const -> bool = default;
};

struct World {
  std::shared_ptr<const WorldConfig> config;
  TrueTime now;
  EventQueue queue;
  std::vector<ClientState> clients;
  std::vector<ServerState> servers;
  std::vector<Connection> connections;  // index: client * servers + server
  ProtectedResource resource;

  auto connection_index(ClientId client, ServerId server) const -> uint32_t {
    return client.index * static_cast<uint32_t>(servers.size()) + server.index;
  }
  auto client_of(uint32_t connection) const -> ClientId {
    return ClientId{connection / static_cast<uint32_t>(servers.size())};
  }
  auto server_of(uint32_t connection) const -> ServerId {
    return ServerId{connection % static_cast<uint32_t>(servers.size())};
  }
  auto operator==(const World& other) const -> bool;
};

// Redis's serverCron runs at hz 10; persistence checks happen there.
inline constexpr Duration kServerCronPeriod = Duration::millis(100);
// Whether the configuration starts server r1 with a replica (a deployment whose clients would be
// configured for replication: AlgorithmOptions::replicated).
auto has_replica_of_first_master(const WorldConfig& config) -> bool;

struct World;
// Whether any server is now a replica of `master`.
auto has_replicas(const World& world, ServerId master) -> bool;
// The other instances of an Active-Active instance's database, by region.
auto active_active_peers(const World& world, ServerId instance) -> std::vector<ServerId>;
// A server runs its cron when it persists periodically or has replicas to send expiries to.
auto needs_cron(const World& world, ServerId server) -> bool;

// The world at true time zero, with its first events scheduled (start times and first faults
// are choices, so the chooser is asked for them).
auto make_world(std::shared_ptr<const WorldConfig> config, Chooser& chooser) -> World;

// Writes the world's state (sim/world/fingerprint.cpp): exactly, or canonically for the model
// checker.
void encode(const World& world, StateEncoder& encoder);

// Symmetry: an order of interchangeable clients (StateEncoder::order_clients) that worlds which
// are renumberings of each other tend to share, found by sorting the clients by a few counts of
// their state and, among those the counts tie, by their own state — each one written alone, with
// its connections and pending events — ties in index order. Any order is sound (the world written
// is a renumbering of this one); a better one merges more.
struct ClientOrder {
  std::vector<uint32_t> order;     // position -> client
  std::vector<uint32_t> position;  // client -> position
  // Kept from one state to the next for their buffers.
  struct Scratch {
    std::vector<Event> events;
    std::vector<uint32_t> alone;
    struct Keyed {
      uint64_t counts;  // a few counts of the client's state
      uint64_t state;   // where counts tie, the digest of the client written alone; else 0
      uint32_t client;
      auto operator<=>(const Keyed&) const = default;
    };
    std::vector<Keyed> keyed;
    StateEncoder::Names names;
  } scratch;
};
void order_clients_by_state(const World& world, bool relative_time, ClientOrder& out);

// Stable 64-bit fingerprint of the exact encoding: equal worlds have equal fingerprints, and a
// difference anywhere in the state changes it (up to hash collisions).
auto fingerprint(const World& world) -> uint64_t;

}  // namespace locksim
