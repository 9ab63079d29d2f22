// The pieces of the transition function: one Transition applies one event to a world, asking
// the chooser for every value it needs. Internal to sim/world: step.cpp dispatches events, and
// each handler lives with its kind (client_, network_, server_, replication_transitions.cpp).
#pragma once

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "sim/core/assert.hpp"
#include "sim/world/step.hpp"

namespace locksim::detail {

class Transition {
 public:
  Transition(World& world, Chooser& chooser, Tracer* tracer)
      : world_(world), chooser_(chooser), tracer_(tracer) {}

  void fire(const Event& event);

 private:
  auto client(ClientId id) -> ClientState& { return world_.clients[id.index]; }
  auto context(ClientId id) -> ClientContext;
  auto choose(ChoiceKind kind, uint32_t subject, const Distribution& distribution,
              std::string_view label = {}) -> Duration {
    return chooser_.choose({kind, subject, &distribution, label});
  }
  template <class MakeDetail>
  void trace(std::string_view kind, std::optional<ClientId> who, std::optional<ServerId> server,
             MakeDetail make_detail) {
    if (tracer_) tracer_->record(world_, {world_.now, kind, who, server, {}, make_detail()});
  }
  // An entry about one request of a client.
  template <class MakeDetail>
  void trace_request(std::string_view kind, ClientId who, ServerId server, uint32_t request,
                     MakeDetail make_detail) {
    if (tracer_) tracer_->record(world_, {world_.now, kind, who, server, request, make_detail()});
  }
  // True when the event waits for the client to resume.
  auto deferred_by_pause(const Event& event, ClientId id) -> bool;

  void start_client(ClientId id);
  void deliver_request(uint32_t connection_index);
  // Runs a request on its server, as far as a non-atomic script may go in one step (`progress`
  // says; nothing else ever stops), and answers it once it is done.
  void execute_request(uint32_t connection_index, const InFlightRequest& request,
                       redis::ScriptProgress& progress);
  // Dragonfly: a script flagged disable-atomicity makes its next call after a gap.
  void script_call(uint32_t connection_index);
  void schedule_script_call(uint32_t connection_index);
  void deliver_reply(const Event& event);
  // Gives the connection's replies the delivery events they lack: one at a time while the client
  // reads (each is read once the one before it was), every one while it is paused (so that
  // each waits its turn among the client's other events in the order it arrived).
  void schedule_deliveries(uint32_t connection_index);
  void client_timer(ClientId id, TimerKind kind);
  void request_timeout(ClientId id, uint32_t request_id);
  void lease_end(ClientId id);
  void pause_begin(ClientId id, uint32_t scheduled);
  void pause_end(ClientId id);
  void client_crash(ClientId id, uint32_t scheduled);
  void client_restart(ClientId id);
  void server_crash(ServerId id, uint32_t scheduled);
  void server_restart(ServerId id);
  void server_cron(ServerId id);
  // appendfsync always: a change is appended and fsynced before anything else happens.
  void sync_if_always(ServerId id);
  void schedule_cron(ServerId id);
  void active_expiry(ServerId id);
  // Replication: a master sends what a command changed to every replica that is up.
  void propagate(ServerId master, const std::vector<std::string>& keys);
  void send_full_sync(ServerId master, ServerId replica);
  // Active-Active: a write's effects, versioned, to every other instance that is up; a peer's,
  // settled against the instance's own versions; and everything one instance has, versions and
  // deletions included, to another that restarted.
  void propagate_to_peers(ServerId instance, const std::vector<std::string>& keys);
  void merge_from_peer(ServerId instance, const ReplicationUpdate& update);
  void send_versions(ServerId from, ServerId to);
  void send_update(ServerId replica, ReplicationUpdate update);
  void deliver_replication(ServerId replica);
  void break_link(ServerId replica);
  void promote(ServerId replica, std::string_view why);
  // WAIT: answered at once when enough replicas have acknowledged, else blocked.
  void start_wait(uint32_t connection_index, const InFlightRequest& request);
  void answer_info(uint32_t connection_index, const InFlightRequest& request);
  auto acknowledged(ServerId master, uint64_t offset) const -> int64_t;
  void release_waits(ServerId master, bool timed_out, std::optional<uint32_t> only_request);
  void send_ack(ServerId replica);
  void deliver_ack(ServerId replica);
  void wait_timeout(uint32_t connection_index, uint32_t request_id);
  void forget_replication_state(ServerId id);
  void failover(ServerId crashed_master);
  // Where a client's command for `server` goes: there, or to its master if the client follows
  // Sentinel and the server is now a replica.
  auto route(ClientId id, ServerId server) const -> ServerId;
  void clock_step(uint32_t index);
  void partition(uint32_t index, bool begin);
  void clock_jump(ServerId id, uint32_t scheduled);
  void link_down(uint32_t connection_index, uint32_t scheduled);
  void link_up(uint32_t connection_index);

  // Calls the client's algorithm and applies the effects it emits, in order.
  template <class Call>
  void run_algorithm(ClientId id, Call call) {
    LOCKSIM_ASSERT(client(id).status == ProcessStatus::running, "{} runs while not running", id);
    // One buffer per thread, reused: algorithms are never re-entered while effects apply.
    thread_local Effects effects;
    effects.list().clear();
    call(*client(id).program.operator->(), effects);
    for (Effect& effect : effects.list()) apply(id, effect);
    effects.list().clear();
  }
  void apply(ClientId id, Effect& effect);
  void send_request(ClientId id, ServerId server, uint32_t tag, redis::Command command);
  void send_reply(uint32_t connection_index, const InFlightRequest& request, redis::Reply reply);
  // Whether the incarnation of the client that sent a request has crashed since.
  auto sender_gone(ClientId id, uint32_t incarnation) -> bool;
  // A sender that crashed has closed its connection: once the server has read the last of what
  // it sent, it frees the client with its transaction and watches (freeClient).
  void free_if_sender_gone(uint32_t connection_index, const InFlightRequest& request);
  void arm_timer(ClientId id, TimerKind kind, Duration after);
  void write_resource(ClientId id, std::optional<uint64_t> token);
  void end_belief(ClientId id, std::string_view why);
  void extend_belief(ClientId id, LocalTime lease_end);
  void schedule_lease_end(ClientId id, LocalTime lease_end);
  auto lease_text(ClientId id, LocalTime lease_end) const -> std::string;
  // Drops everything in flight on a connection, as a reset does.
  void reset_connection(uint32_t connection_index);
  void set_partitioned(uint32_t connection_index, bool partitioned);
  void schedule_next(const RecurringFault& fault, ChoiceKind kind, EventKind event,
                     uint32_t subject);
  // A fault event is recurring (scheduled == 0: it schedules its next strike and draws how long
  // it lasts), pinned by the plan (1 + index into faults.scheduled, with its own length), or
  // injected by a driver (kInjectedFault: it draws how long it lasts and strikes only once).
  void recur(uint32_t scheduled, const RecurringFault& fault, ChoiceKind interval, EventKind event,
             uint32_t subject) {
    if (scheduled == 0) schedule_next(fault, interval, event, subject);
  }
  auto fault_length(uint32_t scheduled, const RecurringFault& fault, ChoiceKind length,
                    uint32_t subject) -> Duration {
    if (scheduled == 0 || scheduled == kInjectedFault) return choose(length, subject, fault.length);
    return world_.config->faults.scheduled[scheduled - 1].length;
  }

  World& world_;
  Chooser& chooser_;
  Tracer* tracer_;
};

}  // namespace locksim::detail
