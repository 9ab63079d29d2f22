// The model checker's threads; see worker_pool.hpp.
#include "sim/explore/check/worker_pool.hpp"

#include "sim/core/assert.hpp"

namespace locksim {

WorkerPool::WorkerPool(size_t workers) {
  for (size_t w = 1; w <= workers; ++w) threads_.emplace_back([this, w] { work(w); });
}

WorkerPool::~WorkerPool() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (std::thread& thread : threads_) thread.join();
}

void WorkerPool::run(size_t tasks, const std::function<void(size_t)>& task) {
  LOCKSIM_ASSERT(tasks >= 1 && tasks <= size(), "{} tasks for {} threads", tasks, size());
  {
    const std::lock_guard lock(mutex_);
    task_ = &task;
    tasks_ = tasks;
    busy_ = tasks - 1;
    ++generation_;
  }
  if (tasks > 1) wake_.notify_all();
  task(0);
  std::unique_lock lock(mutex_);
  done_.wait(lock, [&] { return busy_ == 0; });
  task_ = nullptr;
}

void WorkerPool::work(size_t index) {
  uint64_t seen = 0;
  std::unique_lock lock(mutex_);
  while (true) {
    wake_.wait(lock, [&] { return stopping_ || generation_ != seen; });
    if (stopping_) return;
    seen = generation_;
    if (index >= tasks_) continue;
    const std::function<void(size_t)>& task = *task_;
    lock.unlock();
    task(index);
    lock.lock();
    if (--busy_ == 0) done_.notify_one();
  }
}

}  // namespace locksim
