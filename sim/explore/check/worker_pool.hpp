// A pool of threads for the model checker's levels (model_checker.cpp).
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace locksim {

// Threads kept for a whole search: run(n, task) calls task(0) on the calling thread and task(1..
// n-1) on the workers, and returns once all have; tasks beyond n wait for the next call. One pool
// per search, so a level's batches do not each start and join threads.
class WorkerPool {
 public:
  explicit WorkerPool(size_t workers);
  WorkerPool(const WorkerPool&) = delete;
  auto operator=(const WorkerPool&) -> WorkerPool& = delete;
  ~WorkerPool();

  auto size() const -> size_t { return threads_.size() + 1; }

  void run(size_t tasks, const std::function<void(size_t)>& task);

 private:
  void work(size_t index);

  std::vector<std::thread> threads_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable done_;
  const std::function<void(size_t)>* task_ = nullptr;
  size_t tasks_ = 0;
  size_t busy_ = 0;  // workers still running the current call's tasks
  uint64_t generation_ = 0;
  bool stopping_ = false;
};

}  // namespace locksim
