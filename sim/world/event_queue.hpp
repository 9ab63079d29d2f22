// Pending events, ordered by true time and then by the order they were scheduled (a sequence
// number), so that equal times never depend on container internals. A vector, kept sorted
// while it holds a few events and a 4-ary heap beyond: a plain value that copies with the world.
// Equality and fingerprints use the canonical order and leave the absolute sequence numbers out:
// two worlds holding the same events in the same order behave the same whatever their counters say.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "sim/core/fingerprint.hpp"
#include "sim/core/state_encoder.hpp"
#include "sim/core/time.hpp"
#include "sim/world/keyed_positions.hpp"

namespace locksim {

enum class EventKind : uint8_t {
  client_start,     // subject: client. A (re)started process begins.
  deliver_request,  // subject: connection. The head command of the connection reaches the server.
  deliver_reply,    // subject: connection. The head reply reaches the client.
  client_timer,     // subject: client, detail: TimerKind.
  request_timeout,  // subject: client, detail: request id.
  lease_end,        // subject: client. Its monotonic clock says the lease is over.
  // Faults from the fault plan. detail 0: a recurring fault, which schedules its next strike;
  // kInjectedFault: a fault a driver injected (once, with a drawn length); otherwise 1 + the
  // index of a scheduled fault.
  pause_begin,          // subject: client. A process pause strikes.
  pause_end,            // subject: client.
  client_crash,         // subject: client. (detail as pause_begin)
  client_restart,       // subject: client.
  server_crash,         // subject: server. (detail as pause_begin)
  server_restart,       // subject: server.
  server_cron,          // subject: server. Persistence and active expiry, every 100ms (hz 10).
  deliver_replication,  // subject: replica. The head update of its replication link arrives.
  promote,              // subject: index into the scheduled promotions.
  failover,             // subject: crashed master. Sentinel promotes one of its replicas.
  deliver_ack,          // subject: replica. Its head acknowledgement reaches its master.
  wait_timeout,         // subject: server, detail: request id of the blocked WAIT.
  clock_step,           // subject: index into the scheduled clock steps.
  partition_begin,      // subject: index into the scheduled partitions.
  partition_end,        // subject: index into the scheduled partitions.
  clock_jump,           // subject: server. Its wall clock jumps forward (recurring fault).
  link_down,            // subject: connection. The link is cut (recurring fault).
  link_up,              // subject: connection. The cut link heals.
  script_call,          // subject: connection. Its running script makes its next call.
};
auto to_string(EventKind kind) -> std::string_view;

// The detail of a fault event that a driver injected rather than the fault plan scheduled.
inline constexpr uint32_t kInjectedFault = 0xFFFF'FFFF;

struct Event {
  TrueTime at;
  uint64_t sequence = 0;
  EventKind kind = EventKind::client_start;
  uint32_t subject = 0;
  uint32_t detail = 0;

  // The event without its sequence number: what equality and fingerprints compare.
  auto same_body(const Event& other) const -> bool {
    return at == other.at && kind == other.kind && subject == other.subject &&
           detail == other.detail;
  }
};

// What an event's subject is: a client, a connection (client * servers + server), or something
// else (a server, an index into the fault plan).
enum class EventSubject : uint8_t { client, connection, other };
constexpr auto subject_of(EventKind kind) -> EventSubject {
  switch (kind) {
    case EventKind::client_start:
    case EventKind::client_timer:
    case EventKind::request_timeout:
    case EventKind::lease_end:
    case EventKind::pause_begin:
    case EventKind::pause_end:
    case EventKind::client_crash:
    case EventKind::client_restart: return EventSubject::client;
    case EventKind::deliver_request:
    case EventKind::deliver_reply:
    case EventKind::wait_timeout:
    case EventKind::link_down:
    case EventKind::link_up:
    case EventKind::script_call: return EventSubject::connection;
    case EventKind::server_crash:
    case EventKind::server_restart:
    case EventKind::server_cron:
    case EventKind::deliver_replication:
    case EventKind::promote:
    case EventKind::failover:
    case EventKind::deliver_ack:
    case EventKind::clock_step:
    case EventKind::partition_begin:
    case EventKind::partition_end:
    case EventKind::clock_jump: return EventSubject::other;
  }
  return EventSubject::other;
}
// Whether the event runs a client's command on the server of its connection (its delivery, or a
// running script's next call): the only steps that change keys on purpose, and only there.
constexpr auto runs_command(EventKind kind) -> bool {
  return kind == EventKind::deliver_request || kind == EventKind::script_call;
}

// The client an event belongs to, if its subject is a client or one of its connections.
auto client_of(const Event& event, uint32_t servers) -> std::optional<uint32_t>;

void fingerprint_event(Fingerprinter& fingerprinter, const Event& event);
// An event as a world's state holds it: its time, kind, subject and detail (a request id, for
// timeouts, renamed as the encoder renames them; `servers` maps a connection to its client).
void encode_event(StateEncoder& encoder, const Event& event, uint32_t servers);

class EventQueue {
 public:
  void push(TrueTime at, EventKind kind, uint32_t subject, uint32_t detail = 0);
  auto empty() const -> bool { return nodes_.empty(); }
  auto size() const -> size_t { return nodes_.size(); }
  auto earliest() const -> Event { return nodes_[first()].event(); }
  auto pop() -> Event;
  // Removes the pending event of a keyed kind — a client's timer of one kind, its lease end, its
  // timeout for one request: at most one of each is ever pending — if there is one, in
  // O(log n). These are cancelled at nearly every step; scanning a heap for them would cost a
  // step time in proportion to the number of clients (a few events are scanned).
  auto cancel(EventKind kind, uint32_t subject, uint32_t detail = 0) -> bool;
  // Removes every event the predicate selects; returns how many. Each removal mends the heap
  // where it broke (O(log n)) instead of rebuilding it; the scan is O(n), for the rare removals
  // of many kinds at once (a crash, a connection reset).
  template <class Predicate>
  auto remove_if(Predicate predicate) -> size_t {
    const auto selected = [&](const Node& node) { return predicate(node.event()); };
    if (!is_heap_) return std::erase_if(nodes_, selected);
    size_t removed = 0;
    for (size_t i = 0; i < nodes_.size();) {
      if (!selected(nodes_[i])) {
        ++i;
        continue;
      }
      // The last event fills the hole; it must not be one to remove, since it may sift up to a
      // place this scan has passed.
      while (nodes_.size() > i + 1 && selected(nodes_.back())) {
        remove_from_heap(nodes_.size() - 1);
        ++removed;
      }
      remove_from_heap(i);
      ++removed;
    }
    if (nodes_.size() <= kSortedMax / 2) make_sorted();
    return removed;
  }

  // The events due first are those at the earliest pending time, in the order they were
  // scheduled, one of each body: two deliveries on one connection at one instant deliver the
  // head either way. A driver that treats same-instant order as a choice fires any of them (see
  // step.hpp). How many there are, and the one numbered `index` (which must exist), found
  // without building their list: the model checker asks at every successor.
  auto due_count() const -> size_t;
  // How many events are pending at exactly `at`.
  auto count_at(TrueTime at) const -> size_t;
  auto due_at(size_t index) const -> Event;
  // Removes the event with this sequence number and returns it; it must be pending.
  auto take(uint64_t sequence) -> Event;

  // The events in firing order.
  auto in_order() const -> std::vector<Event>;
  // The same, into `out` (its buffer reused).
  void copy_in_order(std::vector<Event>& out) const;
  // The events in firing order, without their sequence numbers.
  void encode(StateEncoder& encoder, uint32_t servers) const;
  auto operator==(const EventQueue& other) const -> bool;

 private:
  // A pending event packed in 32 bytes with, for a keyed one in a heap, its bucket in keyed_
  // (else KeyedPositions::kNone), which knows where in nodes_ it is.
  struct Node {
    TrueTime at;
    uint64_t sequence = 0;
    uint32_t subject = 0;
    uint32_t detail = 0;
    uint32_t bucket = KeyedPositions::kNone;
    EventKind kind = EventKind::client_start;
    // Named padding: without it GCC copies the 29 bytes of payload with two overlapping 16-byte
    // moves, whose second load straddles the two stores before it and stalls (store forwarding
    // fails) at every step of a sift.
    uint8_t padding[3] = {};
    auto event() const -> Event { return {at, sequence, kind, subject, detail}; }
    // Fires after `other`: later in time, or at the same time scheduled later. Compared as one
    // 128-bit number (time with its sign bit flipped, then sequence), which compiles without a
    // branch: the heap's comparisons are the least predictable branches of a step.
    auto later(const Node& other) const -> bool { return rank() > other.rank(); }
    __extension__ using Rank = unsigned __int128;
    auto rank() const -> Rank {
      constexpr uint64_t kSignBit = uint64_t{1} << 63;
      return static_cast<Rank>(static_cast<uint64_t>(at.us) ^ kSignBit) << 64 | sequence;
    }
  };
  static_assert(sizeof(Node) == 32);
  // Where the earliest event is: a heap's root, or the end of the sorted form.
  auto first() const -> size_t { return is_heap_ ? 0 : nodes_.size() - 1; }
  // Puts the node at `index` and tells keyed_ where it now is.
  void place(size_t index, Node node);
  void sift_up(size_t index, Node node);
  void sift_down(size_t index, Node node);
  // Turns the sorted form into a heap, and a heap back into the sorted form.
  void make_heap();
  void make_sorted();
  // Removes the event at `index`, keeping the heap or the sorted form in order, and a heap that
  // has become small enough sorted.
  void remove_at(size_t index);
  // Removes the event at `index` of a heap, keeping it a heap.
  void remove_from_heap(size_t index);
  // Calls visit(event) for each due event, in their order, until visit returns false.
  // O(n) per event visited: a handful are due at once.
  template <class Visit>
  void visit_due(Visit visit) const;
  // keyed_ rebuilt for the keyed nodes with room for as many again, each told its bucket.
  void index_keyed();

  // The events: up to kSortedMax of them, sorted latest first, so that the earliest is popped
  // from the end and an event is put in place by moving up the few that fire before it, which
  // costs less than keeping a heap in order as events come and go (a world holds a few events
  // per client, and the same one is often pushed, cancelled and pushed again).
  // Redlock over 5 masters with 10 clients holds 14 events on average: in this form rather than
  // a heap beyond 16 events, it runs 7% fewer instructions a step (a search of an unsorted
  // vector for the earliest at every pop, tried first, saved 4.5%). Beyond, a 4-ary heap, the
  // earliest (time, sequence) first: half a binary heap's depth, and a node's children share a
  // cache line or two. The sorted form reversed is a heap already; the way back, at
  // kSortedMax / 2 (not at once, so that a queue near the limit does not turn at every other
  // event), sorts it again.
  static constexpr size_t kSortedMax = 32;
  static constexpr size_t kArity = 4;
  std::vector<Node> nodes_;
  bool is_heap_ = false;
  // Where each keyed event of a heap is (empty while nodes_ is no heap: a scan of a few events
  // finds one as fast, and a world copies the table with every state the model checker makes).
  KeyedPositions keyed_;
  uint64_t next_sequence_ = 0;
};

}  // namespace locksim
