// set-nx-px-get-del: SET key token NX PX ttl, released by GET, compare, then DEL — two commands.
// Sources: livekit/livekit PR #1044, BerriAI/litellm PR #21226, redis/redis#4308;
// ../shared/reference/redis-locks.md C-5.
// Known flaw: the key can expire and be taken by another client between the GET that matched
// and the DEL, which then deletes the other client's lock.
#include "models/registry.hpp"
#include "models/single_key_lock.hpp"

namespace locksim {

auto make_set_nx_px_get_del(const AlgorithmOptions& options) -> std::unique_ptr<LockAlgorithm> {
  SingleKeyLockParams params = single_key_params("set-nx-px-get-del", options);
  params.acquire = SingleKeyLockParams::Acquire::set_nx_px;
  params.release = SingleKeyLockParams::Release::get_then_del;
  return std::make_unique<SingleKeyLock>(std::move(params));
}

}  // namespace locksim
