// Goal: events fire in (time, scheduling order), also after removals in the middle of the heap;
// queue equality ignores absolute sequence numbers but not the relative order of simultaneous
// events.
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

}  // namespace
}  // namespace locksim
