// The model checker's threads; see worker_pool.hpp.
#include "sim/explore/check/worker_pool.hpp"

#include "sim/core/assert.hpp"

namespace locksim {
namespace {

// How long a thread waits awake before it sleeps: the next level of a search, or the last chunk
// of this one, usually comes within microseconds, and a thread put to sleep takes tens of them
// to wake. About 50 us here; the wait is bounded, so an idle pool sleeps.
constexpr int kSpins = 4096;

void relax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#else
  std::this_thread::yield();
#endif
}

}  // namespace

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

void WorkerPool::run(size_t chunks, const Task& task) {
  LOCKSIM_ASSERT(chunks >= 1, "a run of {} chunks", chunks);
  if (chunks == 1 || threads_.empty()) {
    for (size_t chunk = 0; chunk < chunks; ++chunk) task(chunk, 0);
    return;
  }
  {
    const std::lock_guard lock(mutex_);
    task_ = &task;
    chunks_ = chunks;
    next_chunk_.store(0);
    busy_.store(threads_.size());
    generation_.fetch_add(1);
  }
  wake_.notify_all();
  drain(0);
  for (int spin = 0; spin < kSpins && busy_.load() != 0; ++spin) relax();
  std::unique_lock lock(mutex_);
  done_.wait(lock, [&] { return busy_.load() == 0; });
  task_ = nullptr;
}

void WorkerPool::drain(size_t thread) {
  for (size_t chunk = next_chunk_.fetch_add(1); chunk < chunks_; chunk = next_chunk_.fetch_add(1)) {
    (*task_)(chunk, thread);
  }
}

void WorkerPool::work(size_t thread) {
  uint64_t seen = 0;
  while (true) {
    for (int spin = 0; spin < kSpins && generation_.load() == seen && !stopping_.load(); ++spin) {
      relax();
    }
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return stopping_.load() || generation_.load() != seen; });
      if (stopping_.load()) return;
      seen = generation_.load();
    }
    drain(thread);
    if (busy_.fetch_sub(1) == 1) {
      const std::lock_guard lock(mutex_);
      done_.notify_one();
    }
  }
}

}  // namespace locksim
