// set-nx-px-del: SET key token NX PX ttl, released with a plain DEL.
// Source: the distlock page's warning ("Using just DEL is not safe as a client may remove
// another client's lock"); ../shared/reference/redis-locks.md C-4.
// Known flaw: a holder that works past its lease deletes the next holder's key, so a third client
// acquires while the second still holds: a chain of overlapping holders.
#include "models/registry.hpp"
#include "models/single_key_lock.hpp"

namespace locksim {

auto make_set_nx_px_del(const AlgorithmOptions& options) -> std::unique_ptr<LockAlgorithm> {
  SingleKeyLockParams params = single_key_params("set-nx-px-del", options);
  params.acquire = SingleKeyLockParams::Acquire::set_nx_px;
  params.release = SingleKeyLockParams::Release::del;
  return std::make_unique<SingleKeyLock>(std::move(params));
}

}  // namespace locksim
