// Goal: events fire in (time, scheduling order), also after removals in the middle of the heap;
// the due events are the earliest, in scheduling order, one of each body; queue equality ignores
// absolute sequence numbers but not the relative order of simultaneous events.
#include "sim/world/event_queue.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "sim/core/prng.hpp"

namespace locksim {
namespace {

TEST(EventQueue, FiresByTimeThenSchedulingOrder) {
  EventQueue queue;
  queue.push(TrueTime{30}, EventKind::client_timer, 0);
  queue.push(TrueTime{10}, EventKind::client_timer, 1);
  queue.push(TrueTime{30}, EventKind::client_timer, 2);
  queue.push(TrueTime{10}, EventKind::client_timer, 3);
  std::vector<uint32_t> order;
  while (!queue.empty()) order.push_back(queue.pop().subject);
  EXPECT_EQ(order, (std::vector<uint32_t>{1, 3, 0, 2}));
}

TEST(EventQueue, DueEventsAreTheEarliestInSchedulingOrderOneOfEachBody) {
  EventQueue queue;
  queue.push(TrueTime{9}, EventKind::client_timer, 0);
  queue.push(TrueTime{5}, EventKind::deliver_request, 3);
  queue.push(TrueTime{5}, EventKind::client_timer, 1);
  queue.push(TrueTime{5}, EventKind::deliver_request, 3);  // the same delivery again
  queue.push(TrueTime{5}, EventKind::deliver_reply, 2);
  ASSERT_EQ(queue.due_count(), 3U);
  EXPECT_EQ(queue.due_at(0).kind, EventKind::deliver_request);
  EXPECT_EQ(queue.due_at(1).kind, EventKind::client_timer);
  EXPECT_EQ(queue.due_at(1).subject, 1U);
  EXPECT_EQ(queue.due_at(2).kind, EventKind::deliver_reply);
  EXPECT_EQ(queue.count_at(TrueTime{5}), 4U);
  queue.take(queue.due_at(0).sequence);
  EXPECT_EQ(queue.due_count(), 3U);  // the second delivery is due in the first's place
}

TEST(EventQueue, RemoveIfKeepsTheOrderOfTheRest) {
  EventQueue queue;
  for (uint32_t i = 0; i < 10; ++i) queue.push(TrueTime{100 - i}, EventKind::lease_end, i);
  EXPECT_EQ(queue.remove_if([](const Event& e) { return e.subject % 2 == 0; }), 5U);
  std::vector<uint32_t> order;
  while (!queue.empty()) order.push_back(queue.pop().subject);
  EXPECT_EQ(order, (std::vector<uint32_t>{9, 7, 5, 3, 1}));
}

TEST(EventQueue, EqualityIgnoresSequenceNumbersButNotOrder) {
  EventQueue a;
  EventQueue b;
  b.push(TrueTime{1}, EventKind::client_start, 9);  // advances b's counter
  b.pop();
  a.push(TrueTime{5}, EventKind::client_timer, 0);
  a.push(TrueTime{5}, EventKind::client_timer, 1);
  b.push(TrueTime{5}, EventKind::client_timer, 0);
  b.push(TrueTime{5}, EventKind::client_timer, 1);
  EXPECT_EQ(a, b);
  Fingerprinter fa;
  Fingerprinter fb;
  StateEncoder ea(fa);
  StateEncoder eb(fb);
  a.encode(ea, 1);
  b.encode(eb, 1);
  EXPECT_EQ(fa.digest(), fb.digest());

  EventQueue swapped;
  swapped.push(TrueTime{5}, EventKind::client_timer, 1);
  swapped.push(TrueTime{5}, EventKind::client_timer, 0);
  EXPECT_FALSE(a == swapped);
}

TEST(EventQueue, RemovalsKeepTheFiringOrderOfTheRest) {
  Prng prng(7);
  for (int round = 0; round < 200; ++round) {
    EventQueue queue;
    std::vector<std::pair<int64_t, uint32_t>> expected;  // (time, subject = scheduling order)
    const auto count = static_cast<uint32_t>(1 + prng.below(60));
    for (uint32_t i = 0; i < count; ++i) {
      const auto at = static_cast<int64_t>(prng.below(20));  // many equal times
      queue.push(TrueTime{at}, EventKind::client_timer, i);
      expected.emplace_back(at, i);
    }
    const uint64_t modulus = 1 + prng.below(5);
    const uint64_t residue = prng.below(modulus);
    const auto removed =
        queue.remove_if([&](const Event& e) { return e.subject % modulus == residue; });
    std::erase_if(expected, [&](const auto& e) { return e.second % modulus == residue; });
    EXPECT_EQ(removed, count - expected.size());
    std::sort(expected.begin(), expected.end());
    std::vector<std::pair<int64_t, uint32_t>> fired;
    while (!queue.empty()) {
      const Event event = queue.pop();
      fired.emplace_back(event.at.us, event.subject);
    }
    ASSERT_EQ(fired, expected) << "round " << round;
  }
}

// Random pushes, pops, cancels and removals against a plain list of what is pending: the queue
// fires the same events in the same order, its earliest is the list's, and cancel finds exactly
// the pending keyed event (also after its index has grown and entries have moved within it).
void run_random_operations(uint32_t subjects, uint64_t seed) {
  struct Pending {
    int64_t at;
    uint64_t order;
    EventKind kind;
    uint32_t subject;
    uint32_t detail;
  };
  Prng prng(seed);
  EventQueue queue;
  std::vector<Pending> pending;
  uint64_t order = 0;
  const auto matches = [](const Pending& p, EventKind kind, uint32_t subject, uint32_t detail) {
    return p.kind == kind && p.subject == subject && p.detail == detail;
  };
  for (int op = 0; op < 20'000; ++op) {
    const uint64_t what = prng.below(10);
    const auto subject = static_cast<uint32_t>(prng.below(subjects));
    const auto kind = prng.below(2) == 0 ? EventKind::client_timer : EventKind::request_timeout;
    const auto detail = static_cast<uint32_t>(prng.below(3));
    if (what < 4) {  // arm: a keyed event replaces its predecessor, as the world's timers do
      queue.cancel(kind, subject, detail);
      std::erase_if(pending, [&](const Pending& p) { return matches(p, kind, subject, detail); });
      const auto at = static_cast<int64_t>(prng.below(50));
      queue.push(TrueTime{at}, kind, subject, detail);
      pending.push_back({at, order++, kind, subject, detail});
    } else if (what < 6) {  // an unkeyed event
      const auto at = static_cast<int64_t>(prng.below(50));
      queue.push(TrueTime{at}, EventKind::deliver_reply, subject);
      pending.push_back({at, order++, EventKind::deliver_reply, subject, 0});
    } else if (what < 8) {
      const bool was_pending = std::any_of(pending.begin(), pending.end(), [&](const Pending& p) {
        return matches(p, kind, subject, detail);
      });
      ASSERT_EQ(queue.cancel(kind, subject, detail), was_pending) << "op " << op;
      std::erase_if(pending, [&](const Pending& p) { return matches(p, kind, subject, detail); });
    } else if (what < 9 && !pending.empty()) {
      const auto first = std::min_element(pending.begin(), pending.end(), [](auto& a, auto& b) {
        return std::tie(a.at, a.order) < std::tie(b.at, b.order);
      });
      const Event event = queue.pop();
      ASSERT_EQ(event.at.us, first->at) << "op " << op;
      ASSERT_EQ(event.subject, first->subject) << "op " << op;
      ASSERT_EQ(event.kind, first->kind) << "op " << op;
      pending.erase(first);
    } else {  // a crash of one subject removes all of its events
      queue.remove_if([&](const Event& e) { return e.subject == subject; });
      std::erase_if(pending, [&](const Pending& p) { return p.subject == subject; });
    }
    ASSERT_EQ(queue.size(), pending.size()) << "op " << op;
    if (pending.empty()) continue;
    const auto first = std::min_element(pending.begin(), pending.end(), [](auto& a, auto& b) {
      return std::tie(a.at, a.order) < std::tie(b.at, b.order);
    });
    ASSERT_EQ(queue.earliest().at.us, first->at) << "op " << op;
    ASSERT_EQ(queue.earliest().subject, first->subject) << "op " << op;
  }
}

TEST(EventQueue, CancelFindsTheKeyedEventAmongManyOthers) {
  run_random_operations(40, 11);
}

// A few subjects keep the queue near the size where it turns from a sorted vector into a heap
// and back: every crossing keeps the order and the keyed positions.
TEST(EventQueue, OrderAndCancelHoldAcrossTheSmallAndTheHeapForm) {
  for (uint64_t seed = 1; seed <= 4; ++seed) run_random_operations(6, seed);
}

}  // namespace
}  // namespace locksim
