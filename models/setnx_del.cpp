// setnx-del: the naive lock: SETNX key token, released with DEL; the key never expires.
// Source: the SETNX documentation's "Handling deadlocks"; ../shared/reference/redis-locks.md C-1.
// Known flaw: a holder that crashes never releases, so nobody acquires again: deadlock. (It
// keeps no lease, so it believes it holds until it releases.)
#include "models/registry.hpp"
#include "models/single_key_lock.hpp"

namespace locksim {

auto make_setnx_del(const AlgorithmOptions& options) -> std::unique_ptr<LockAlgorithm> {
  SingleKeyLockParams params = single_key_params("setnx-del", options);
  params.acquire = SingleKeyLockParams::Acquire::setnx;
  params.release = SingleKeyLockParams::Release::del;
  return std::make_unique<SingleKeyLock>(std::move(params));
}

}  // namespace locksim
