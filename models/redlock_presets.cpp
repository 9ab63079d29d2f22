// The Redlock presets: the algorithm as its reference implementation and four widely used
// client libraries run it, each with that library's documented defaults
// (../shared/reference/redis-locks.md B.3, B.4; C-6b, C-7, C-8, C-11, C-12, C-13). The lease
// ttl, the number of masters, the workload timings and whether holders extend their lease come
// from the options; how an extension works is the library's.
#include "models/redlock.hpp"
#include "models/registry.hpp"

namespace locksim {

// antirez/redlock-rb, the reference: masters asked one after another, retry 3 times after
// a random 0..200 ms, drift = int(ttl * 0.01) + 2 ms, validity checked, elapsed on the wall clock
// (Time.now). The per-master timeout is the distlock page's "~5-50 ms" for a 10 s lease. It has
// no extend; asked to extend, this preset runs the distlock page's (PEXPIRE if the value is
// still ours).
auto make_redlock(const AlgorithmOptions& options) -> std::unique_ptr<LockAlgorithm> {
  RedlockParams params = redlock_params("redlock", options);
  return make_redlock_with(std::move(params), options);
}

// go-redsync/redsync: all masters at once (a goroutine each, waiting for all), a deadline of
// expiry * 0.05 for the round, 32 tries with a delay in [50, 250) ms, drift = expiry * 0.01
// with no +2 ms, validity checked, elapsed on Go's monotonic reading. Extend: touchScript
// (PEXPIRE if the value is still ours; the WithSetNXOnExtend option is not its default).
auto make_redlock_redsync(const AlgorithmOptions& options) -> std::unique_ptr<LockAlgorithm> {
  RedlockParams params = redlock_params("redlock-redsync", options);
  params.parallel = true;
  params.server_timeout = Duration::millis(options.ttl.floor_ms() * 5 / 100);
  params.tries = 32;
  params.retry_delay =
      options.retry_delay.value_or(Uniform{Duration::millis(50), Duration::millis(250)});
  params.drift_extra = Duration{};
  params.wall_clock_elapsed = false;
  return make_redlock_with(std::move(params), options);
}

// mike-marcacci/node-redlock v5: all masters at once, resolved as soon as a quorum votes for,
// 11 attempts 200 ms ± 100 ms apart, drift = round(0.01 * ttl) + 2 ms, Date.now() — and the
// expiration it computes is never compared with the time before the lock is returned (issue
// #296): a slow round returns a lock that has already expired. Its round timeout is the client
// connection's (here 500 ms, the world's request timeout is the fallback). extend() throws
// "Cannot extend an already-expired lock." once its expiration has passed; using() extends
// automaticExtensionThreshold (500 ms) before it and aborts the routine when that fails.
auto make_redlock_node(const AlgorithmOptions& options) -> std::unique_ptr<LockAlgorithm> {
  RedlockParams params = redlock_params("redlock-node", options);
  params.parallel = true;
  params.return_at_quorum = true;
  params.server_timeout = Duration::millis(500);
  params.tries = 11;
  params.retry_delay =
      options.retry_delay.value_or(Uniform{Duration::millis(100), Duration::millis(300)});
  params.validity = RedlockParams::Validity::unchecked;
  params.extend_refuses_expired = true;
  return make_redlock_with(std::move(params), options);
}

// Redisson's RedissonRedLock (deprecated since 3.12.5): masters one after another, succeeds once
// N/2+1 are locked and checks no elapsed time, drift or validity at all — the client holds
// until it unlocks. lock() waits indefinitely (base wait N * 1500 ms, so 1500 ms per master);
// its pub/sub wake-up is modelled as a retry delay.
// (Redisson unlocks only the masters it locked; this model unlocks every master. Without a
// validity it has no lease to extend: extend_before does nothing here.)
auto make_redlock_redisson(const AlgorithmOptions& options) -> std::unique_ptr<LockAlgorithm> {
  RedlockParams params = redlock_params("redlock-redisson", options);
  params.validity = RedlockParams::Validity::none;
  params.server_timeout = Duration::millis(1'500);
  params.tries = 0;
  params.retry_delay = options.retry_delay.value_or(Uniform{Duration{}, Duration::millis(100)});
  return make_redlock_with(std::move(params), options);
}

// leandromoreira/redlock-rb (the `redlock` Ruby gem): masters one after another with a 0.1 s
// redis timeout, retry_count 3 (4 tries) 200 ms plus a random 0..50 ms apart, drift
// int(ttl * 0.01) + 2 ms, elapsed on CLOCK_MONOTONIC, and validity >= 0 accepted. It locks with a
// script (SET PX if the key is absent and allow_new_lock is "yes", or if it holds our value — for a
// fresh value exactly SET NX PX) and extends with the same script and allow_new_lock "yes" by
// default: an extension after the key expired takes the lock again (issue #36, C-11).
auto make_redlock_gem(const AlgorithmOptions& options) -> std::unique_ptr<LockAlgorithm> {
  RedlockParams params = redlock_params("redlock-gem", options);
  params.server_timeout = Duration::millis(100);
  params.tries = 4;
  params.retry_delay =
      options.retry_delay.value_or(Uniform{Duration::millis(200), Duration::millis(250)});
  params.wall_clock_elapsed = false;
  params.zero_validity_ok = true;
  params.extend_reacquires = true;
  return make_redlock_with(std::move(params), options);
}

}  // namespace locksim
