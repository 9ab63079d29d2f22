// A pool of threads for the model checker's levels (model_checker.cpp).
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace locksim {

// Threads kept for a whole search. run(chunks, task) calls task(chunk, thread) once for every
// chunk in [0, chunks), on the calling thread (thread 0) and the workers (1..size()-1), each
// taking the next chunk not yet taken, and returns once all are done. Which thread runs which
// chunk varies from call to call; what a chunk produces must not depend on it. Taking chunks
// one by one keeps both threads busy to the end of a level whose states cost unevenly; one pool
// per search, so a level does not start and join threads.
class WorkerPool {
 public:
  using Task = std::function<void(size_t chunk, size_t thread)>;

  explicit WorkerPool(size_t workers);
  WorkerPool(const WorkerPool&) = delete;
  auto operator=(const WorkerPool&) -> WorkerPool& = delete;
  ~WorkerPool();

  auto size() const -> size_t { return threads_.size() + 1; }

  void run(size_t chunks, const Task& task);

 private:
  void work(size_t thread);
  // Runs chunks on `thread` until none is left.
  void drain(size_t thread);

  std::vector<std::thread> threads_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable done_;
  const Task* task_ = nullptr;
  size_t chunks_ = 0;
  std::atomic<size_t> next_chunk_ = 0;
  std::atomic<size_t> busy_ = 0;  // workers still in the current call
  std::atomic<uint64_t> generation_ = 0;
  std::atomic<bool> stopping_ = false;
};

}  // namespace locksim
