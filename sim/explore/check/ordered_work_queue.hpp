// Work done on several threads and taken back in the order it was handed out: the model
// checker's breadth-first frontier (model_checker.cpp), whose states are expanded in parallel
// but admitted one by one in queue order, the order one thread would admit them in.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include "sim/core/assert.hpp"

namespace locksim {

namespace detail {
// Waits awake for about 50 us before it sleeps: the next item usually comes within
// microseconds, and a thread put to sleep takes tens of them to wake. The wait is bounded, so
// an idle queue sleeps.
inline constexpr int kSpins = 4096;
inline void relax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#else
  std::this_thread::yield();
#endif
}
}  // namespace detail

// The owner (the thread that makes the queue) pushes items and pops them back in push order,
// each processed: process(item, thread) ran on it, on a worker (threads 1..workers) or, while
// the owner would otherwise wait for the earliest item, on the owner itself (thread 0). Items
// are processed in push order too, at most `ahead` of them before the owner pops them, which
// bounds what processed items hold. An item pushed unshared is processed by the owner alone, in
// its turn: one that costs less to process than to hand over to another core. What an item's
// processing produces must not depend on the thread that ran it. An exception thrown by process
// is rethrown by the pop of its item.
template <class Item>
class OrderedWorkQueue {
 public:
  using Process = std::function<void(Item&, size_t thread)>;

  OrderedWorkQueue(size_t workers, size_t ahead, Process process)
      : ahead_(ahead), process_(std::move(process)) {
    LOCKSIM_ASSERT(ahead >= 1, "an ordered work queue {} items ahead", ahead);
    for (size_t w = 1; w <= workers; ++w) workers_.emplace_back([this, w] { work(w); });
  }
  OrderedWorkQueue(const OrderedWorkQueue&) = delete;
  auto operator=(const OrderedWorkQueue&) -> OrderedWorkQueue& = delete;
  // Workers finish the item they hold, then stop.
  ~OrderedWorkQueue() {
    {
      const std::lock_guard lock(mutex_);
      stopping_ = true;
      changed();
    }
    wake_.notify_all();
    for (std::thread& worker : workers_) worker.join();
  }

  void push(std::unique_ptr<Item> item, bool shared = true) {
    ++size_;
    {
      const std::lock_guard lock(mutex_);
      slots_.push_back({std::move(item), shared, false, nullptr});
      changed();
    }
    if (shared) wake_.notify_one();
  }

  // How many items were pushed and not yet popped (the owner's count: no lock).
  auto size() const -> size_t { return size_; }

  // The earliest item pushed and not yet popped, processed; none once every item is popped.
  auto pop() -> std::unique_ptr<Item> {
    std::unique_lock lock(mutex_);
    while (true) {
      if (slots_.empty()) return nullptr;
      if (slots_.front().done) {
        Slot slot = std::move(slots_.front());
        slots_.pop_front();
        --size_;
        --claimed_;
        changed();
        const bool room_for_worker = can_claim(kAnyWorker);  // one may wait for room ahead
        lock.unlock();
        if (room_for_worker) wake_.notify_one();
        if (slot.error) std::rethrow_exception(slot.error);
        return std::move(slot.item);
      }
      if (can_claim(0)) {
        run_next(lock, 0);
        continue;
      }
      wait(
          lock, done_, [&] { return slots_.front().done || can_claim(0); }, /*owner=*/true);
    }
  }

 private:
  struct Slot {
    std::unique_ptr<Item> item;
    bool shared = true;
    bool done = false;
    std::exception_ptr error;
  };

  // Whether an item waits to be processed by `thread` with room ahead for it. Items are claimed
  // in order, so the first claimed_ slots are the ones claimed or done. Workers may all claim
  // the same items: kAnyWorker stands for any of them.
  static constexpr size_t kAnyWorker = 1;
  auto can_claim(size_t thread) const -> bool {
    return claimed_ < slots_.size() && claimed_ < ahead_ &&
           (thread == 0 || slots_[claimed_].shared);
  }

  // Processes the next unclaimed item (the lock is released meanwhile).
  void run_next(std::unique_lock<std::mutex>& lock, size_t thread) {
    Slot& slot = slots_[claimed_++];  // a deque's elements stay put as it grows and shrinks
    changed();
    // The owner took an unshared item that kept a shared one behind it from the workers.
    const bool behind_for_worker = thread == 0 && !slot.shared && can_claim(kAnyWorker);
    lock.unlock();
    if (behind_for_worker) wake_.notify_one();
    try {
      process_(*slot.item, thread);
    } catch (...) {
      slot.error = std::current_exception();
    }
    lock.lock();
    slot.done = true;
    changed();
    if (thread != 0) done_.notify_one();
  }

  void work(size_t thread) {
    std::unique_lock lock(mutex_);
    while (true) {
      wait(
          lock, wake_, [&] { return stopping_ || can_claim(thread); }, /*owner=*/false);
      if (stopping_) return;
      run_next(lock, thread);
    }
  }

  // Waits until ready() holds (it is read under the lock): awake for kSpins pauses, looking
  // again at each change of the version that every change bumps, then asleep on `condition`
  // (whoever makes ready() hold notifies it). The owner's pauses count from the last change: a
  // worker claiming or finishing items is about to finish the one it waits for. A worker's count
  // for the whole wait: while the owner processes unshared items alone, the queue changes all
  // the time without work for it, and a worker looking at every change would contend for the
  // lock with the owner.
  template <class Ready>
  void wait(std::unique_lock<std::mutex>& lock, std::condition_variable& condition, Ready ready,
            bool owner) {
    int spins = 0;
    while (!ready()) {
      const uint64_t seen = version_.load(std::memory_order_relaxed);
      lock.unlock();
      if (owner) spins = 0;
      for (; spins < detail::kSpins && version_.load() == seen; ++spins) detail::relax();
      lock.lock();
      if (ready()) return;
      if (spins == detail::kSpins || version_.load(std::memory_order_relaxed) == seen) {
        condition.wait(lock);
      }
    }
  }
  void changed() { version_.fetch_add(1, std::memory_order_release); }

  const size_t ahead_;
  const Process process_;
  std::vector<std::thread> workers_;
  std::mutex mutex_;
  std::condition_variable wake_;  // workers wait for an item to claim
  std::condition_variable done_;  // the owner waits for the earliest item
  std::deque<Slot> slots_;        // pushed and not yet popped, in push order
  size_t claimed_ = 0;            // of slots_, the first ones, claimed or done
  size_t size_ = 0;               // slots_.size(), as the owner sees it
  std::atomic<uint64_t> version_ = 0;
  bool stopping_ = false;
};

}  // namespace locksim
