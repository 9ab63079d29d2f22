// set-nx-px: the single-instance lock of the Redis distlock page and the SET documentation.
//   acquire: SET key <random token> NX PX ttl; on nil, retry after a delay
//   release: EVAL the compare-and-delete script (delete only if the key still holds our token)
// Sources: redis.io distlock page ("Correct Implementation with a Single Instance"), SET
// command page; ../shared/reference/redis-locks.md B.2.
// Known flaws: a process pause or network delay longer than the lease lets the key expire while
// the holder still works (Kleppmann 2016; C-6, C-10); a failover can lose the key (C-9); a server
// restart without persistence forgets it (C-8).
#include "models/registry.hpp"
#include "models/single_key_lock.hpp"

namespace locksim {

auto make_set_nx_px(const AlgorithmOptions& options) -> std::unique_ptr<LockAlgorithm> {
  SingleKeyLockParams params = single_key_params("set-nx-px", options);
  params.acquire = SingleKeyLockParams::Acquire::set_nx_px;
  params.release = SingleKeyLockParams::Release::compare_and_delete;
  return std::make_unique<SingleKeyLock>(std::move(params));
}

}  // namespace locksim
