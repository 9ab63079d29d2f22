// setnx-expire: SETNX key token, then EXPIRE key ttl as a second command; released with DEL.
// Sources: redis/redis-py#554, laravel/horizon PR #1747; ../shared/reference/redis-locks.md C-2.
// Known flaws: if the client dies or its connection drops between the two commands, the key has
// no TTL and the lock is never released; and DEL can remove another client's lock (as
// set-nx-px-del).
#include "models/registry.hpp"
#include "models/single_key_lock.hpp"

namespace locksim {

auto make_setnx_expire(const AlgorithmOptions& options) -> std::unique_ptr<LockAlgorithm> {
  SingleKeyLockParams params = single_key_params("setnx-expire", options);
  params.acquire = SingleKeyLockParams::Acquire::setnx_then_expire;
  params.release = SingleKeyLockParams::Release::del;
  return std::make_unique<SingleKeyLock>(std::move(params));
}

}  // namespace locksim
