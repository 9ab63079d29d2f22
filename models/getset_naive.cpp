// getset-naive: the recovery the SETNX documentation shows to be broken (its C1/C2/C3 example):
// a contender that finds the timestamp passed DELs the key and SETNXes again; released by DEL.
// Sources: redis-doc commands/setnx.md ("Handling deadlocks"); ../shared/reference/redis-locks.md
// B.1, C-3a.
// Known flaws: two contenders that both read the expired timestamp both DEL and both SETNX: the
// second DEL removes the first one's fresh lock and both hold (C-3a); plus every flaw of getset.
#include "models/registry.hpp"
#include "models/timestamp_lock.hpp"

namespace locksim {

auto make_getset_naive(const AlgorithmOptions& options) -> std::unique_ptr<LockAlgorithm> {
  TimestampLockParams params = timestamp_params("getset-naive", options);
  params.recovery = TimestampLockParams::Recovery::del_then_setnx;
  return std::make_unique<TimestampLock>(std::move(params));
}

}  // namespace locksim
