// getset: the SETNX documentation's recipe ("Locking with SETNX", the C4/C5 version): the value
// is an expiry timestamp on the client's wall clock; a contender that finds it passed GETSETs a
// new one and owns the lock if the old value had passed too; release checks its own timestamp
// before DEL ("always check the timeout didn't expire before unlocking").
// Sources: redis-doc commands/setnx.md; ../shared/reference/redis-locks.md B.1, C-3b..C-3e.
// Known flaws: expiry is judged on each client's clock against another client's timestamp, so
// clocks apart by about two seconds let a contender take a live lock (C-3c); a losing GETSET
// overwrites the winner's timestamp; check-then-DEL can delete a successor's lock after a pause
// between check and DEL (C-3d); whole seconds only.
#include "models/registry.hpp"
#include "models/timestamp_lock.hpp"

namespace locksim {

auto make_getset(const AlgorithmOptions& options) -> std::unique_ptr<LockAlgorithm> {
  TimestampLockParams params = timestamp_params("getset", options);
  params.recovery = TimestampLockParams::Recovery::getset;
  return std::make_unique<TimestampLock>(std::move(params));
}

}  // namespace locksim
