// The event queue; see event_queue.hpp.
#include "sim/world/event_queue.hpp"

#include <algorithm>
#include <optional>

#include "sim/core/assert.hpp"

namespace locksim {
namespace {

// Firing order for events outside the heap (in_order): time, then scheduling order.
auto later(const Event& a, const Event& b) -> bool {
  if (a.at != b.at) return a.at > b.at;
  return a.sequence > b.sequence;
}

// The kinds EventQueue::cancel finds by key: a client's (subject) timer of one kind (detail),
// its lease end, its timeout for one request (detail).
auto keyed(EventKind kind) -> bool {
  return kind == EventKind::client_timer || kind == EventKind::lease_end ||
         kind == EventKind::request_timeout;
}

auto key_of(EventKind kind, uint32_t subject, uint32_t detail) -> uint64_t {
  LOCKSIM_ASSERT(subject < (1U << 24), "subject {} of a keyed event", subject);
  return static_cast<uint64_t>(kind) << 56 | static_cast<uint64_t>(subject) << 32 | detail;
}

}  // namespace

auto to_string(EventKind kind) -> std::string_view {
  switch (kind) {
    case EventKind::client_start: return "client_start";
    case EventKind::deliver_request: return "deliver_request";
    case EventKind::deliver_reply: return "deliver_reply";
    case EventKind::client_timer: return "client_timer";
    case EventKind::request_timeout: return "request_timeout";
    case EventKind::lease_end: return "lease_end";
    case EventKind::pause_begin: return "pause_begin";
    case EventKind::pause_end: return "pause_end";
    case EventKind::client_crash: return "client_crash";
    case EventKind::client_restart: return "client_restart";
    case EventKind::server_crash: return "server_crash";
    case EventKind::server_restart: return "server_restart";
    case EventKind::server_cron: return "server_cron";
    case EventKind::deliver_replication: return "deliver_replication";
    case EventKind::promote: return "promote";
    case EventKind::failover: return "failover";
    case EventKind::deliver_ack: return "deliver_ack";
    case EventKind::wait_timeout: return "wait_timeout";
    case EventKind::clock_step: return "clock_step";
    case EventKind::partition_begin: return "partition_begin";
    case EventKind::partition_end: return "partition_end";
    case EventKind::clock_jump: return "clock_jump";
    case EventKind::link_down: return "link_down";
    case EventKind::link_up: return "link_up";
    case EventKind::script_call: return "script_call";
  }
  LOCKSIM_UNREACHABLE("event kind {}", static_cast<int>(kind));
}

void fingerprint_event(Fingerprinter& fingerprinter, const Event& event) {
  fingerprinter.add(event.at);
  fingerprinter.add(static_cast<uint64_t>(event.kind) << 32 | event.subject);
  fingerprinter.add(event.detail);
}

void EventQueue::push(TrueTime at, EventKind kind, uint32_t subject, uint32_t detail) {
  Node node{at, next_sequence_++, subject, detail, KeyedPositions::kNone, kind};
  if (is_heap_) {
    if (keyed(kind)) {
      if (keyed_.full()) index_keyed();
      node.bucket = keyed_.insert(key_of(kind, subject, detail), 0);  // place() sets it
    }
    nodes_.emplace_back();
    return sift_up(nodes_.size() - 1, node);
  }
  // Before the events that fire before it (latest first): they move up one, from the end.
  nodes_.emplace_back();
  size_t index = nodes_.size() - 1;
  for (; index > 0 && node.later(nodes_[index - 1]); --index) nodes_[index] = nodes_[index - 1];
  nodes_[index] = node;
  if (nodes_.size() > kSortedMax) make_heap();
}

auto EventQueue::pop() -> Event {
  LOCKSIM_ASSERT(!nodes_.empty(), "pop from an empty event queue");
  const size_t index = first();
  const Event event = nodes_[index].event();
  remove_at(index);
  return event;
}

auto EventQueue::cancel(EventKind kind, uint32_t subject, uint32_t detail) -> bool {
  LOCKSIM_ASSERT(keyed(kind), "cancel of an unkeyed {} event", to_string(kind));
  if (!is_heap_) {
    const auto found = std::find_if(nodes_.begin(), nodes_.end(), [&](const Node& node) {
      return node.kind == kind && node.subject == subject && node.detail == detail;
    });
    if (found == nodes_.end()) return false;
    remove_at(static_cast<size_t>(found - nodes_.begin()));
    return true;
  }
  const uint32_t bucket = keyed_.find(key_of(kind, subject, detail));
  if (bucket == KeyedPositions::kNone) return false;
  remove_at(keyed_.position(bucket));
  return true;
}

void EventQueue::place(size_t index, Node node) {
  if (node.bucket != KeyedPositions::kNone) {
    keyed_.set_position(node.bucket, static_cast<uint32_t>(index));
  }
  nodes_[index] = node;
}

void EventQueue::sift_up(size_t index, Node node) {
  while (index > 0) {
    const size_t parent = (index - 1) / kArity;
    if (!nodes_[parent].later(node)) break;
    place(index, nodes_[parent]);
    index = parent;
  }
  place(index, node);
}

void EventQueue::sift_down(size_t index, Node node) {
  const size_t size = nodes_.size();
  while (true) {
    const size_t children = kArity * index + 1;
    if (children >= size) break;
    size_t earliest = children;
    const size_t end = std::min(children + kArity, size);
    for (size_t child = children + 1; child < end; ++child) {
      if (nodes_[earliest].later(nodes_[child])) earliest = child;
    }
    if (!node.later(nodes_[earliest])) break;
    place(index, nodes_[earliest]);
    index = earliest;
  }
  place(index, node);
}

void EventQueue::make_heap() {
  // Earliest first, every node fires no earlier than its parent, which sits before it.
  std::reverse(nodes_.begin(), nodes_.end());
  is_heap_ = true;
  index_keyed();
}

void EventQueue::make_sorted() {
  is_heap_ = false;
  keyed_.clear();
  for (Node& node : nodes_) node.bucket = KeyedPositions::kNone;
  std::sort(nodes_.begin(), nodes_.end(), [](const Node& a, const Node& b) { return a.later(b); });
}

void EventQueue::remove_at(size_t index) {
  if (!is_heap_) {
    nodes_.erase(nodes_.begin() + static_cast<std::ptrdiff_t>(index));
    return;
  }
  remove_from_heap(index);
  if (nodes_.size() <= kSortedMax / 2) make_sorted();
}

void EventQueue::remove_from_heap(size_t index) {
  if (const uint32_t bucket = nodes_[index].bucket; bucket != KeyedPositions::kNone) {
    keyed_.erase(bucket, [&](uint32_t moved) { nodes_[keyed_.position(moved)].bucket = moved; });
  }
  const Node last = nodes_.back();
  nodes_.pop_back();
  if (index != nodes_.size()) {
    // The last event fills the hole: up while it fires before its parent, else down.
    if (index > 0 && nodes_[(index - 1) / kArity].later(last)) {
      sift_up(index, last);
    } else {
      sift_down(index, last);
    }
  }
}

void EventQueue::index_keyed() {
  const auto keyed_nodes = static_cast<uint32_t>(std::count_if(
      nodes_.begin(), nodes_.end(), [](const Node& node) { return keyed(node.kind); }));
  keyed_.reset(4 * (keyed_nodes + 1));
  for (size_t i = 0; i < nodes_.size(); ++i) {
    Node& node = nodes_[i];
    if (!keyed(node.kind)) continue;
    node.bucket =
        keyed_.insert(key_of(node.kind, node.subject, node.detail), static_cast<uint32_t>(i));
  }
}

template <class Visit>
void EventQueue::visit_due(Visit visit) const {
  if (nodes_.empty()) return;
  const TrueTime due = nodes_[first()].at;
  // Mostly one event is due, the earliest: one pass over the queue instead of three.
  if (count_at(due) == 1) {
    visit(nodes_[first()].event());
    return;
  }
  const Node* previous = nullptr;
  while (true) {
    // The due node scheduled next after the previous one.
    const Node* next = nullptr;
    for (const Node& node : nodes_) {
      if (node.at != due || (previous && node.sequence <= previous->sequence)) continue;
      if (!next || node.sequence < next->sequence) next = &node;
    }
    if (!next) return;
    previous = next;
    const Event event = next->event();
    const bool repeats = std::any_of(nodes_.begin(), nodes_.end(), [&](const Node& node) {
      return node.at == due && node.sequence < event.sequence && node.event().same_body(event);
    });
    if (!repeats && !visit(event)) return;
  }
}

auto EventQueue::due_count() const -> size_t {
  size_t count = 0;
  visit_due([&](const Event&) {
    ++count;
    return true;
  });
  return count;
}

auto EventQueue::count_at(TrueTime at) const -> size_t {
  return static_cast<size_t>(
      std::count_if(nodes_.begin(), nodes_.end(), [&](const Node& node) { return node.at == at; }));
}

auto EventQueue::due_at(size_t index) const -> Event {
  std::optional<Event> found;
  size_t seen = 0;
  visit_due([&](const Event& event) {
    if (seen++ < index) return true;
    found = event;
    return false;
  });
  LOCKSIM_ASSERT(found, "due event #{} of {}", index, seen);
  return *found;
}

auto EventQueue::take(uint64_t sequence) -> Event {
  for (size_t i = 0; i < nodes_.size(); ++i) {
    if (nodes_[i].sequence != sequence) continue;
    const Event event = nodes_[i].event();
    remove_at(i);
    return event;
  }
  LOCKSIM_UNREACHABLE("no pending event with sequence number {}", sequence);
}

auto EventQueue::in_order() const -> std::vector<Event> {
  std::vector<Event> events;
  copy_in_order(events);
  return events;
}

void EventQueue::copy_in_order(std::vector<Event>& out) const {
  out.clear();
  out.reserve(nodes_.size());
  if (!is_heap_) {
    for (auto node = nodes_.rbegin(); node != nodes_.rend(); ++node) out.push_back(node->event());
    return;
  }
  for (const Node& node : nodes_) out.push_back(node.event());
  std::sort(out.begin(), out.end(), [](const Event& a, const Event& b) { return later(b, a); });
}

auto client_of(const Event& event, uint32_t servers) -> std::optional<uint32_t> {
  switch (subject_of(event.kind)) {
    case EventSubject::client: return event.subject;
    case EventSubject::connection: return event.subject / servers;
    case EventSubject::other: return std::nullopt;
  }
  return std::nullopt;
}

namespace {

// The event's subject with its client renumbered as the encoder writes clients.
auto written_subject(const StateEncoder& encoder, const Event& event, uint32_t servers)
    -> uint32_t {
  switch (subject_of(event.kind)) {
    case EventSubject::client: return encoder.client_position(event.subject);
    case EventSubject::connection: return encoder.connection_position(event.subject, servers);
    case EventSubject::other: return event.subject;
  }
  return event.subject;
}

}  // namespace

void encode_event(StateEncoder& encoder, const Event& event, uint32_t servers) {
  encoder.time(event.at);
  encoder.add(static_cast<uint64_t>(event.kind) << 32 | written_subject(encoder, event, servers));
  switch (event.kind) {
    case EventKind::request_timeout: return encoder.request_id(event.subject, event.detail);
    case EventKind::wait_timeout: return encoder.request_id(event.subject / servers, event.detail);
    default: return encoder.add(event.detail);
  }
}

void EventQueue::encode(StateEncoder& encoder, uint32_t servers) const {
  encoder.add(static_cast<uint64_t>(nodes_.size()));
  // Kept from state to state, for its capacity: the model checker encodes a queue at every
  // successor it makes.
  thread_local std::vector<Event> events;
  copy_in_order(events);
  if (encoder.clients_ordered()) {
    // Renumbered clients would list same-instant events in another order; the model checker
    // fires those in any order (but the deliveries of one connection, which are one event
    // each), so it is the set of them that matters: sorted by kind and renumbered subject,
    // keeping the scheduling order only among equals.
    std::stable_sort(events.begin(), events.end(), [&](const Event& a, const Event& b) {
      if (a.at != b.at) return a.at < b.at;
      if (a.kind != b.kind) return a.kind < b.kind;
      return written_subject(encoder, a, servers) < written_subject(encoder, b, servers);
    });
  }
  for (const Event& event : events) encode_event(encoder, event, servers);
}

auto EventQueue::operator==(const EventQueue& other) const -> bool {
  if (nodes_.size() != other.nodes_.size()) return false;
  const std::vector<Event> mine = in_order();
  const std::vector<Event> theirs = other.in_order();
  return std::equal(mine.begin(), mine.end(), theirs.begin(),
                    [](const Event& a, const Event& b) { return a.same_body(b); });
}

}  // namespace locksim
