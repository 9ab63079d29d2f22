// fenced: set-nx-px plus a fencing token, as Kleppmann (2016) asks and Redisson's RFencedLock
// implements: the acquire script sets the key and INCRs a counter atomically, the holder sends
// the counter's value with its write, and the protected resource rejects a write whose token is
// below one it has accepted.
//   acquire: EVAL "if SET key token NX PX ttl then return INCR fence-key end" 2 key fence-key
//   release: EVAL the compare-and-delete script
// Sources: Kleppmann 2016 ("fencing-tokens" diagram, tokens 33/34); Redisson
// RedissonFencedLock.java; ../shared/reference/redis-locks.md B.5.
// Known flaws: the counter lives on the lock's own master, so whatever loses the lock's key
// loses the counter's last INCRs too: a restart with AOF everysec (the increments not yet
// fsynced) or a failover before they reached the replica hands a token out again, and two
// sections write with it (Kleppmann: "keeping a counter on one Redis node would not be
// sufficient"); `simulate` names the restart or failover (sim/explore/token_reuse.hpp). A
// restart without persistence restarts the counter, and the resource then rejects every write
// (safe, but no progress). Beliefs can still overlap: fencing protects the resource, not the
// belief.
#include "models/registry.hpp"
#include "models/single_key_lock.hpp"

namespace locksim {

auto make_fenced(const AlgorithmOptions& options) -> std::unique_ptr<LockAlgorithm> {
  SingleKeyLockParams params = single_key_params("fenced", options);
  params.acquire = SingleKeyLockParams::Acquire::set_nx_px_fenced;
  params.release = SingleKeyLockParams::Release::compare_and_delete;
  return std::make_unique<SingleKeyLock>(std::move(params));
}

}  // namespace locksim
