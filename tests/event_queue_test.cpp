// Goal: events fire in (time, scheduling order), and queue equality ignores absolute sequence
// numbers but not the relative order of simultaneous events.
#include "sim/world/event_queue.hpp"

#include <gtest/gtest.h>

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
  a.fingerprint(fa);
  b.fingerprint(fb);
  EXPECT_EQ(fa.digest(), fb.digest());

  EventQueue swapped;
  swapped.push(TrueTime{5}, EventKind::client_timer, 1);
  swapped.push(TrueTime{5}, EventKind::client_timer, 0);
  EXPECT_FALSE(a == swapped);
}

}  // namespace
}  // namespace locksim
