// Goal: items come back in push order, each processed once, whether workers or the owner ran
// them; items pushed unshared are processed by the owner, shared ones around them still by
// anyone; no more than `ahead` are processed before the owner pops them; items pushed while
// others are popped (a search's frontier) are processed too; an exception reaches the pop of
// its item; a queue dropped with items left in it stops its workers.
#include "sim/explore/check/ordered_work_queue.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <thread>

namespace locksim {
namespace {

struct Item {
  int value = 0;
  int processed = 0;  // times process ran on it
  size_t thread = 0;
};

TEST(OrderedWorkQueue, PopsInPushOrderEachItemProcessedOnce) {
  for (const size_t workers : {0, 1, 3}) {
    OrderedWorkQueue<Item> queue(workers, 4, [](Item& item, size_t thread) {
      ++item.processed;
      item.thread = thread;
    });
    for (int i = 0; i < 200; ++i) queue.push(std::make_unique<Item>(Item{i}));
    EXPECT_EQ(queue.size(), 200U);
    for (int i = 0; i < 200; ++i) {
      const std::unique_ptr<Item> item = queue.pop();
      ASSERT_TRUE(item) << "workers " << workers << " item " << i;
      EXPECT_EQ(item->value, i);
      EXPECT_EQ(item->processed, 1);
      EXPECT_LE(item->thread, workers);
    }
    EXPECT_EQ(queue.pop(), nullptr);
    EXPECT_EQ(queue.size(), 0U);
  }
}

TEST(OrderedWorkQueue, UnsharedItemsAreProcessedByTheOwner) {
  // Item 0 is shared and the rest unshared. Only a worker can process item 0 while the owner
  // has not popped yet, and once it has, the workers are awake and idle with room ahead: were
  // they allowed, they would take the unshared items behind it before the owner pops.
  std::atomic<bool> first_done = false;
  OrderedWorkQueue<Item> queue(2, 8, [&](Item& item, size_t thread) {
    ++item.processed;
    item.thread = thread;
    if (item.value == 0) first_done = true;
  });
  for (int i = 0; i < 100; ++i) queue.push(std::make_unique<Item>(Item{i}), i == 0);
  while (!first_done) std::this_thread::yield();
  for (int i = 0; i < 100; ++i) {
    const std::unique_ptr<Item> item = queue.pop();
    ASSERT_TRUE(item);
    EXPECT_EQ(item->value, i);
    EXPECT_EQ(item->processed, 1);
    if (i == 0) {
      EXPECT_NE(item->thread, 0U) << "the shared item, pushed before the owner popped";
    } else {
      EXPECT_EQ(item->thread, 0U) << "unshared item " << i;
    }
  }
  EXPECT_EQ(queue.pop(), nullptr);
}

TEST(OrderedWorkQueue, ProcessesAtMostAheadItemsBeforeTheyArePopped) {
  // Item v may be processed once items 0..v-ahead are popped. The count below lags the queue's
  // own by at most the one item the owner is popping, so v - popped never exceeds `ahead`.
  constexpr int kAhead = 3;
  std::atomic<int> popped = 0;
  std::atomic<int> most_ahead = 0;
  OrderedWorkQueue<Item> queue(2, kAhead, [&](Item& item, size_t) {
    const int ahead = item.value - popped.load();
    for (int seen = most_ahead.load();
         ahead > seen && !most_ahead.compare_exchange_weak(seen, ahead);) {
    }
  });
  for (int i = 0; i < 100; ++i) queue.push(std::make_unique<Item>(Item{i}));
  while (queue.pop()) ++popped;
  EXPECT_LE(most_ahead.load(), kAhead);
  EXPECT_EQ(popped.load(), 100);
}

TEST(OrderedWorkQueue, ItemsPushedWhilePoppingAreProcessedInOrder) {
  // Each popped item below 100 pushes the next two, as a search's states push successors.
  OrderedWorkQueue<Item> queue(1, 8, [](Item& item, size_t) { ++item.processed; });
  queue.push(std::make_unique<Item>(Item{1}));
  int expected = 1;
  while (const std::unique_ptr<Item> item = queue.pop()) {
    EXPECT_EQ(item->value, expected++);
    EXPECT_EQ(item->processed, 1);
    if (item->value < 100) {
      queue.push(std::make_unique<Item>(Item{2 * item->value}));
      queue.push(std::make_unique<Item>(Item{2 * item->value + 1}));
    }
  }
  EXPECT_EQ(expected, 200);  // 1..199: each value v < 100 pushed 2v and 2v + 1
}

TEST(OrderedWorkQueue, AnExceptionReachesThePopOfItsItem) {
  OrderedWorkQueue<Item> queue(1, 4, [](Item& item, size_t) {
    if (item.value == 2) throw std::runtime_error("item 2");
    ++item.processed;
  });
  for (int i = 0; i < 4; ++i) queue.push(std::make_unique<Item>(Item{i}));
  EXPECT_EQ(queue.pop()->value, 0);
  EXPECT_EQ(queue.pop()->value, 1);
  EXPECT_THROW(queue.pop(), std::runtime_error);
  EXPECT_EQ(queue.pop()->value, 3);
}

TEST(OrderedWorkQueue, ADroppedQueueStopsItsWorkers) {
  std::atomic<int> processed = 0;
  {
    OrderedWorkQueue<Item> queue(2, 4, [&](Item&, size_t) { ++processed; });
    for (int i = 0; i < 50; ++i) queue.push(std::make_unique<Item>(Item{i}));
    EXPECT_EQ(queue.pop()->value, 0);
  }  // joins: returns only once the workers stopped
  EXPECT_GE(processed.load(), 1);
  EXPECT_LE(processed.load(), 1 + 4);  // the popped item, then at most `ahead` more
}

}  // namespace
}  // namespace locksim
