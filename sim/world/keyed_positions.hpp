// Where each keyed event sits in the event queue's heap: an open-addressing hash table (linear
// probing, backward-shift deletion) from an event's key to its heap position, so that a timer,
// a lease end or a request timeout is found and cancelled without scanning the queue, whose
// length grows with the number of clients. One plain vector: it copies with the world as
// cheaply as the heap does, and never takes part in equality or fingerprints.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/core/assert.hpp"

namespace locksim {

class KeyedPositions {
 public:
  static constexpr uint32_t kNone = 0xFFFF'FFFF;

  auto size() const -> uint32_t { return size_; }
  // Whether one more key would fill the table past half: then the queue rebuilds it larger.
  auto full() const -> bool { return 2 * (size_ + 1) > buckets_.size(); }
  // An empty table of at least `capacity` buckets (a power of two).
  void reset(uint32_t capacity) {
    uint32_t buckets = 16;
    while (buckets < capacity) buckets *= 2;
    buckets_.assign(buckets, Bucket{});
    size_ = 0;
  }

  // No keys and no buckets (reset before the next insert).
  void clear() {
    buckets_.clear();
    size_ = 0;
  }
  // The bucket holding key, or kNone.
  auto find(uint64_t key) const -> uint32_t {
    if (buckets_.empty()) return kNone;
    for (uint32_t b = home(key);; b = next(b)) {
      if (buckets_[b].key == key) return b;
      if (buckets_[b].key == kEmpty) return kNone;
    }
  }
  // Adds key, which must be absent, at `position`; returns its bucket. Only when !full().
  auto insert(uint64_t key, uint32_t position) -> uint32_t {
    LOCKSIM_ASSERT(key != kEmpty && !full(), "key {:#x} into a table of {} with {} keys", key,
                   buckets_.size(), size_);
    uint32_t b = home(key);
    for (; buckets_[b].key != kEmpty; b = next(b)) {
      LOCKSIM_ASSERT(buckets_[b].key != key, "event key {:#x} is pending twice", key);
    }
    buckets_[b] = {key, position};
    ++size_;
    return b;
  }
  // Removes the key in `bucket`. Later keys of its probe run move back into the hole; for each,
  // moved(new bucket) is called (its position says which event to tell).
  template <class Moved>
  void erase(uint32_t bucket, Moved moved) {
    uint32_t hole = bucket;
    for (uint32_t b = next(hole); buckets_[b].key != kEmpty; b = next(b)) {
      // A key may fill the hole only if its home is not after the hole (cyclically) on its run.
      const uint32_t want = home(buckets_[b].key);
      const bool fits = hole <= b ? (want <= hole || want > b) : (want <= hole && want > b);
      if (!fits) continue;
      buckets_[hole] = buckets_[b];
      moved(hole);
      hole = b;
    }
    buckets_[hole] = Bucket{};
    --size_;
  }
  auto position(uint32_t bucket) const -> uint32_t { return buckets_[bucket].position; }
  void set_position(uint32_t bucket, uint32_t position) { buckets_[bucket].position = position; }

 private:
  static constexpr uint64_t kEmpty = ~uint64_t{0};
  struct Bucket {
    uint64_t key = kEmpty;
    uint32_t position = 0;
  };
  auto home(uint64_t key) const -> uint32_t {
    // Fibonacci hashing: the high bits of the product, masked to the table.
    return static_cast<uint32_t>((key * 0x9E37'79B9'7F4A'7C15ULL) >> 32) &
           static_cast<uint32_t>(buckets_.size() - 1);
  }
  auto next(uint32_t bucket) const -> uint32_t {
    return (bucket + 1) & static_cast<uint32_t>(buckets_.size() - 1);
  }

  std::vector<Bucket> buckets_;
  uint32_t size_ = 0;
};

}  // namespace locksim
