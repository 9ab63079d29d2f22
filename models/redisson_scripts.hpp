// Redisson's RLock scripts, shared by the RLock (watchdog.cpp) and the RedLock built from RLocks
// (redisson_redlock.cpp), and RFencedLock's acquire (watchdog.cpp). Redisson @6686397:
// RedissonLock.java tryLockInnerAsync (214-224), RedissonFencedLock.java (106-118),
// RedissonBaseLock.java renewal and unlock scripts, RedissonExpirable.java expireAsync (207-220).
// Arguments: KEYS[1] the lock, ARGV[1] the lease in ms, ARGV[2] the owner "<client id>:<thread>";
// for the fenced acquire, KEYS[2] the token counter.
#pragma once

#include <string_view>

namespace locksim::redisson {

// If the key is absent or the field is ours: HINCRBY field 1, PEXPIRE lease, nil; else PTTL.
constexpr std::string_view kAcquireScript =
    "if (redis.call('exists', KEYS[1]) == 0) or (redis.call('hexists', KEYS[1], ARGV[2]) == 1) "
    "then redis.call('hincrby', KEYS[1], ARGV[2], 1); redis.call('pexpire', KEYS[1], ARGV[1]); "
    "return nil; end; return redis.call('pttl', KEYS[1]);";
// RFencedLock's (RedissonFencedLock.java:106-118, lockAndGetToken): the same test, and on success
// also INCR KEYS[2], the token counter; returns {-1, token}, else {PTTL, -1}.
constexpr std::string_view kFencedAcquireScript =
    "if (redis.call('exists', KEYS[1]) == 0 or (redis.call('hexists', KEYS[1], ARGV[2]) == 1)) "
    "then local token = redis.call('incr', KEYS[2]); redis.call('hincrby', KEYS[1], ARGV[2], 1); "
    "redis.call('pexpire', KEYS[1], ARGV[1]); return {-1, token}; end; "
    "return {redis.call('pttl', KEYS[1]), -1};";
// The watchdog: PEXPIRE if the field is ours (1), else 0.
constexpr std::string_view kRenewScript =
    "if (redis.call('hexists', KEYS[1], ARGV[2]) == 1) then "
    "redis.call('pexpire', KEYS[1], ARGV[1]); return 1; end; return 0;";
// HINCRBY field -1; PEXPIRE if still positive, else DEL (the PUBLISH to waiters left out).
constexpr std::string_view kUnlockScript =
    "if (redis.call('hexists', KEYS[1], ARGV[2]) == 0) then return nil; end; "
    "local counter = redis.call('hincrby', KEYS[1], ARGV[2], -1); "
    "if (counter > 0) then redis.call('pexpire', KEYS[1], ARGV[1]); return 0; "
    "else redis.call('del', KEYS[1]); return 1; end; return nil;";
// RedissonExpirable.expireAsync: PEXPIRE whoever holds the key (ARGV[1] the ttl); no owner check.
constexpr std::string_view kExpireScript =
    "local result = 0; for j = 1, #KEYS, 1 do local expireSet = redis.call('pexpire', KEYS[j], "
    "ARGV[1]); if expireSet == 1 then result = expireSet; end; end; return result;";

}  // namespace locksim::redisson
