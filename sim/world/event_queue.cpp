// The event queue; see event_queue.hpp.
#include "sim/world/event_queue.hpp"

#include <algorithm>

#include "sim/core/assert.hpp"

namespace locksim {
namespace {

// std::*_heap keep the largest element first; "later" as the comparison puts the earliest there.
auto later(const Event& a, const Event& b) -> bool {
  if (a.at != b.at) return a.at > b.at;
  return a.sequence > b.sequence;
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
  }
  LOCKSIM_UNREACHABLE("event kind {}", static_cast<int>(kind));
}

void fingerprint_event(Fingerprinter& fingerprinter, const Event& event) {
  fingerprinter.add(event.at);
  fingerprinter.add(static_cast<uint64_t>(event.kind) << 32 | event.subject);
  fingerprinter.add(event.detail);
}

void EventQueue::push(TrueTime at, EventKind kind, uint32_t subject, uint32_t detail) {
  heap_.push_back(Event{at, next_sequence_++, kind, subject, detail});
  std::push_heap(heap_.begin(), heap_.end(), later);
}

auto EventQueue::pop() -> Event {
  LOCKSIM_ASSERT(!heap_.empty(), "pop from an empty event queue");
  std::pop_heap(heap_.begin(), heap_.end(), later);
  const Event event = heap_.back();
  heap_.pop_back();
  return event;
}

void EventQueue::remove_at(size_t index) {
  heap_[index] = heap_.back();
  heap_.pop_back();
  if (index == heap_.size()) return;
  // Up while it fires before its parent...
  while (index > 0 && later(heap_[(index - 1) / 2], heap_[index])) {
    std::swap(heap_[(index - 1) / 2], heap_[index]);
    index = (index - 1) / 2;
  }
  // ...or down while a child fires before it.
  while (true) {
    const size_t left = 2 * index + 1;
    if (left >= heap_.size()) return;
    const size_t right = left + 1;
    const size_t first = right < heap_.size() && later(heap_[left], heap_[right]) ? right : left;
    if (!later(heap_[index], heap_[first])) return;
    std::swap(heap_[index], heap_[first]);
    index = first;
  }
}

auto EventQueue::due() const -> std::vector<Event> {
  std::vector<Event> events;
  if (heap_.empty()) return events;
  const TrueTime first = heap_.front().at;
  for (const Event& event : heap_) {
    if (event.at == first) events.push_back(event);
  }
  std::sort(events.begin(), events.end(),
            [](const Event& a, const Event& b) { return a.sequence < b.sequence; });
  std::vector<Event> distinct;
  for (const Event& event : events) {
    const bool seen = std::any_of(distinct.begin(), distinct.end(),
                                  [&](const Event& other) { return other.same_body(event); });
    if (!seen) distinct.push_back(event);
  }
  return distinct;
}

auto EventQueue::take(uint64_t sequence) -> Event {
  for (size_t i = 0; i < heap_.size(); ++i) {
    if (heap_[i].sequence != sequence) continue;
    const Event event = heap_[i];
    remove_at(i);
    return event;
  }
  LOCKSIM_UNREACHABLE("no pending event with sequence number {}", sequence);
}

auto EventQueue::in_order() const -> std::vector<Event> {
  std::vector<Event> events = heap_;
  std::sort(events.begin(), events.end(),
            [](const Event& a, const Event& b) { return later(b, a); });
  return events;
}

void encode_event(StateEncoder& encoder, const Event& event, uint32_t servers) {
  encoder.time(event.at);
  encoder.add(static_cast<uint64_t>(event.kind) << 32 | event.subject);
  switch (event.kind) {
    case EventKind::request_timeout: return encoder.request_id(event.subject, event.detail);
    case EventKind::wait_timeout: return encoder.request_id(event.subject / servers, event.detail);
    default: return encoder.add(event.detail);
  }
}

void EventQueue::encode(StateEncoder& encoder, uint32_t servers) const {
  encoder.add(static_cast<uint64_t>(heap_.size()));
  for (const Event& event : in_order()) encode_event(encoder, event, servers);
}

auto EventQueue::operator==(const EventQueue& other) const -> bool {
  if (heap_.size() != other.heap_.size()) return false;
  const std::vector<Event> mine = in_order();
  const std::vector<Event> theirs = other.in_order();
  return std::equal(mine.begin(), mine.end(), theirs.begin(),
                    [](const Event& a, const Event& b) { return a.same_body(b); });
}

}  // namespace locksim
