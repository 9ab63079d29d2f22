// The Redlock presets: the algorithm as its reference implementation and the widely used client
// libraries run it, each pinned to a library version and following that version's source, cited
// by file and line (../shared/reference/redis-locks.md B.3, B.4; C-6b, C-7, C-8, C-11, C-12,
// C-13). The lease ttl, the number of masters, the workload timings and whether holders extend
// their lease come from the options; how an acquisition, a retry and an extension work is the
// library's. Redisson's RedLock, which locks each master as an RLock, is redisson_redlock.cpp.
//
// What no preset models: the world's request timeout (500 ms unless a scenario or
// --request-timeout sets it) is the connection's, so a library timeout longer than it is cut
// there (server-timeout says what the library itself would wait).
#include <vector>

#include "models/redlock.hpp"
#include "models/registry.hpp"

namespace locksim {
namespace {

// antirez/redlock-rb @2af803d (redlock.rb), the reference: masters asked one after another
// (lock 55-83: @servers.each), 3 tries in all (DefaultRetryCount=3, `@retry_count.times`, 4 and
// 57), a random 0..199 ms apart (DefaultRetryDelay 200, `sleep(rand ...)`, 5 and 80), one token per
// lock() call reused by its tries (56), drift (ttl*0.01).to_i + 2 (6, 66), validity > 0 checked
// (67-68) on Time.now (59, 67). On a failed try it unlocks every master in turn, synchronously
// (74-77), before it sleeps. It sets no timeout of its own (Redis.new(:url => url), 17): redis-rb's
// apply — v3.3.5 lib/redis/client.rb:14 `:timeout => 5.0` and :20 `:reconnect_attempts => 1`, which
// ensure_connected (348-380) uses to send a command again once after a timeout. It has no
// extend; asked to extend, this preset runs the distlock page's (PEXPIRE if the value is still
// ours) in one round.
auto reference_params(const AlgorithmOptions& options) -> RedlockParams {
  RedlockParams params = redlock_params("redlock", options);
  params.server_timeout = Duration::seconds(5);
  params.resends = 1;
  params.tries = 3;
  params.retry_delay = options.retry_delay.value_or(Uniform{Duration{}, Duration::millis(200)});
  params.token_per_call = true;
  params.wait_for_release = true;
  return params;
}

// go-redsync/redsync v4.17.0 @5560bd2: defaults expiry 8 s, 32 tries, a delay in
// [50, 250) ms (redsync.go:12-13, 32-36), driftFactor 0.01 and timeoutFactor 0.05 (38-39);
// mutex.go lockContext (75-134): one value per Lock call (80), reused by every try; each try
// sends SET NX PX to all pools at once, a goroutine each, and waits for every one
// (actOnPoolsAsync 269-321, `for range m.pools`; failFast is not the default); until = now +
// expiry - elapsed - expiry*0.01, no +2 ms, truncated to the nanosecond (115), on Go's monotonic
// reading; success iff n >= quorum && now.Before(until) (116); else it releases on all pools and
// waits for that too (121-127) before the next try's delay. The try's context deadline
// (expiry * 0.05, 107) does not bound the commands: go-redis (redis/go-redis @216593c) ignores
// context deadlines unless ContextTimeoutEnabled (options.go:173-175), and its read timeout is
// 5 s (options.go:161, 518-524); the redigo adapter uses the context only to get a connection
// (redis/redigo/redigo.go:21-23). round-deadline=50ms models ContextTimeoutEnabled. go-redis
// retries a command whose read timed out up to MaxRetries = 3 times (options.go:547-551;
// redis.go:1421-1426 marks a non-blocking command's read timeout retryable, error.go:113-119),
// so a dead pool costs 4 read timeouts (resends=3; go-redis's 8..512 ms backoff between them is
// left out). Extend (157-173): the touch script (PEXPIRE if the value is still ours) on all
// pools, one round, quorum and validity.
auto redsync_params(const AlgorithmOptions& options) -> RedlockParams {
  RedlockParams params = redlock_params("redlock-redsync", options);
  params.parallel = true;
  params.server_timeout = Duration::seconds(5);
  params.round_deadline = std::nullopt;
  params.resends = 3;
  params.tries = 32;
  params.retry_delay =
      options.retry_delay.value_or(Uniform{Duration::millis(50), Duration::millis(250)});
  params.drift_extra = Duration{};
  params.drift_rounding = RedlockParams::DriftRounding::exact;
  params.wall_clock_elapsed = false;
  params.token_per_call = true;
  params.wait_for_release = true;
  return params;
}

// mike-marcacci/node-redlock 4.2.0, npm's `latest` (redlock.js from `npm pack redlock@4.2.0`):
// defaults driftFactor 0.01, retryCount 10, retryDelay 200, retryJitter 100 (58-63); _lock
// (347-445): one value per call (366-367), reused by every attempt; each attempt takes
// `start = Date.now()` (397), runs lockScript (9-24: 0 if the key exists, else SET PX) on every
// server and waits for all of them (411: `if(waiting-- > 1) return`); drift =
// Math.round(0.01 * ttl) + 2 (415), expiration = start + ttl - drift (416), and it resolves only
// if votes >= quorum && lock.expiration > Date.now() (419); otherwise it unlocks every server and
// waits for their answers (424) before the retry, max(0, 200 + floor((2r - 1) * 100)) ms later,
// while attempts <= retryCount (427-428): 11 attempts. extend (294-313) refuses once
// expiration < Date.now() (298), then runs _lock with the extendScript (40-55), retried and
// unlocked between attempts like an acquisition — so a failed attempt deletes the very keys its
// retry would extend. Its round waits for ioredis, which has no
// command timeout of its own: server-timeout 500 ms stands for the connection's.
auto node4_params(const AlgorithmOptions& options) -> RedlockParams {
  RedlockParams params = redlock_params("redlock-node", options);
  params.script = RedlockParams::Script::node;
  params.parallel = true;
  params.decide = RedlockParams::Decide::all_answered;
  params.server_timeout = Duration::millis(500);
  params.tries = 11;
  params.retry_delay =
      options.retry_delay.value_or(Uniform{Duration::millis(100), Duration::millis(300)});
  params.drift_rounding = RedlockParams::DriftRounding::round_ms;
  params.validity = RedlockParams::Validity::checked;
  params.lease_on_wall = true;
  params.token_per_call = true;
  params.release_between_tries = true;
  params.wait_for_release = true;
  params.extend_refuses_expired = true;
  params.extend_retries = true;
  return params;
}

// mike-marcacci/node-redlock 5.0.0-beta.2 and GitHub main @afe5cf9 (src/index.ts): defaults as
// 4.2.0 plus automaticExtensionThreshold 500 (106-112). acquire (297-341): one value per call
// (306); _execute (416-471) retries up to retryCount + 1 = 11 attempts (431-432) with the same
// delay (453-462) and never releases between them — ACQUIRE_SCRIPT (12-27) refuses any existing
// key, its own included, so a retry finds its own earlier keys in the way until they expire;
// each attempt (_attemptOperation 473-550) resolves as soon as a quorum votes for (515) or a
// quorum votes against (524: an error, a timeout or a refusal); acquire returns start + duration
// - drift, drift = Math.round(0.01 * duration) + 2 (318-328), without comparing it with
// Date.now() (issue #296, C-12), and releases once (retryCount 0, 333-337) after the last
// attempt fails. main takes start per attempt (481); 5.0.0-beta.2 takes it once before the
// first attempt (start-per-call=1; `git diff v5.0.0-beta.2 afe5cf9`). extend (369-409) refuses
// once existing.expiration < Date.now() (379), retries like acquire with EXTEND_SCRIPT (29-44)
// and does not compare either. using() (661-) extends automaticExtensionThreshold before the
// expiration by Date.now() (716-721) and, when an extension fails, extends again while
// lock.expiration > Date.now() (734-736); only then does it signal the abort, which this model
// takes as the routine stopping and unlocking. Round timeout as for 4.2.0.
auto node5_params(const AlgorithmOptions& options) -> RedlockParams {
  RedlockParams params = node4_params(options);
  params.name = "redlock-node5";
  params.decide = RedlockParams::Decide::quorum_either;
  params.validity = RedlockParams::Validity::unchecked;
  params.release_between_tries = false;
  params.wait_for_release = true;  // acquire awaits the last release before it throws
  params.start_per_call = false;
  params.extend_until_expired = true;
  return params;
}

// leandromoreira/redlock-rb (the `redlock` Ruby gem) @023ec5c, lib/redlock/client.rb: masters
// one after another with a 0.1 s redis timeout (DEFAULT_REDIS_TIMEOUT), retry_count 3 — 4 tries
// (try_lock_instances: `@retry_count + 1`) — 200 ms plus a random 0..49 ms apart
// (DEFAULT_RETRY_JITTER 50), drift (ttl * 0.01).to_i + 2, elapsed on CLOCK_MONOTONIC
// (default_time_source), validity >= 0 accepted (lock_instances). A new value (SecureRandom.uuid)
// for every try (lock_instances), and a failed try unlocks every master in turn before the next. It
// locks with LOCK_SCRIPT (SET PX if the key is absent and allow_new_lock is "yes", or if it holds
// our value — for a fresh value exactly SET NX PX) and extends with the same script and
// allow_new_lock "yes" by default: an extension after the key expired takes the lock again (issue
// #36, C-11).
auto gem_params(const AlgorithmOptions& options) -> RedlockParams {
  RedlockParams params = redlock_params("redlock-gem", options);
  params.server_timeout = Duration::millis(100);
  params.tries = 4;
  params.retry_delay =
      options.retry_delay.value_or(Uniform{Duration::millis(200), Duration::millis(250)});
  params.wall_clock_elapsed = false;
  params.zero_validity_ok = true;
  params.extend_reacquires = true;
  params.token_per_call = false;
  params.wait_for_release = true;
  return params;
}

// Each preset's parameters with its own defaults, as `locksim list algorithms` shows them.
template <auto Params>
auto parameters_of() -> std::span<const Parameter> {
  static const std::vector<Parameter> parameters = redlock_parameters(Params(AlgorithmOptions{}));
  return parameters;
}

}  // namespace

auto make_redlock(const AlgorithmOptions& options) -> std::unique_ptr<LockAlgorithm> {
  return make_redlock_with(reference_params(options), options);
}
auto make_redlock_redsync(const AlgorithmOptions& options) -> std::unique_ptr<LockAlgorithm> {
  return make_redlock_with(redsync_params(options), options);
}
auto make_redlock_node(const AlgorithmOptions& options) -> std::unique_ptr<LockAlgorithm> {
  return make_redlock_with(node4_params(options), options);
}
auto make_redlock_node5(const AlgorithmOptions& options) -> std::unique_ptr<LockAlgorithm> {
  return make_redlock_with(node5_params(options), options);
}
auto make_redlock_gem(const AlgorithmOptions& options) -> std::unique_ptr<LockAlgorithm> {
  return make_redlock_with(gem_params(options), options);
}

auto redlock_reference_parameters() -> std::span<const Parameter> {
  return parameters_of<reference_params>();
}
auto redlock_redsync_parameters() -> std::span<const Parameter> {
  return parameters_of<redsync_params>();
}
auto redlock_node_parameters() -> std::span<const Parameter> {
  return parameters_of<node4_params>();
}
auto redlock_node5_parameters() -> std::span<const Parameter> {
  return parameters_of<node5_params>();
}
auto redlock_gem_parameters() -> std::span<const Parameter> {
  return parameters_of<gem_params>();
}

}  // namespace locksim
