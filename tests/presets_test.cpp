// Goal: each client preset behaves as its library's source does, on the points where the
// presets used to differ from the sources (issue 14): node-redlock 4.2.0 against 5.0, the
// Redisson RedLock's lock() and lease forms, redsync's unbounded round, redlock-rb's redis-rb
// timeout and resend, the RLock's WAIT for replicas, one token per lock() call. Method: small
// scenarios with no network delay unless pinned, whose expected times and commands are worked
// out here from the sources' defaults and lines (cited at each test), not read off a run; a
// test fails if its preset reverts to what the preset did before.
#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "models/registry.hpp"
#include "sim/explore/compare.hpp"
#include "sim/report/text_trace.hpp"
#include "sim/scenario/scenario_loader.hpp"
#include "sim/scenario/scenario_run.hpp"
#include "test_worlds.hpp"

namespace locksim {
namespace {

using testing::at_ms;

struct Ran {
  ScenarioRun run;
  std::vector<LoggedEntry> log;
};

// A scenario from its text; `servers` [[server]] tables r1..rN come first unless it has its own.
auto run_text(const std::string& body, uint32_t servers = 0) -> Ran {
  std::string text = "name = \"preset\"\n" + body;
  for (uint32_t s = 1; s <= servers; ++s)
    text += "\n[[server]]\nname = \"r" + std::to_string(s) + "\"\n";
  const ScenarioLoad load = load_scenario(text, "preset.toml");
  EXPECT_TRUE(load.scenario) << load.diagnostics.format();
  if (!load.scenario) return {};
  TraceLog log;
  ScenarioRun run = run_scenario(*load.scenario, &log);
  // Only [[expect.key]] and the like are checked: these runs' verdicts are the tests' business.
  if (text.find("[[expect.") != std::string::npos) {
    EXPECT_TRUE(run.differences.empty())
        << (run.differences.empty() ? "" : run.differences.front());
  }
  return {std::move(run), log.entries()};
}

// Entries of a kind for a client (index), optionally whose detail contains `part`.
auto entries(const Ran& ran, std::string_view kind, uint32_t client, std::string_view part = {})
    -> std::vector<const TraceEntry*> {
  std::vector<const TraceEntry*> found;
  for (const LoggedEntry& logged : ran.log) {
    const TraceEntry& e = logged.entry;
    if (e.kind != kind || e.client != ClientId{client}) continue;
    if (!part.empty() && e.detail.find(part) == std::string::npos) continue;
    found.push_back(&e);
  }
  return found;
}
// The first entry's time; -1 us when there is none.
auto first(const std::vector<const TraceEntry*>& found) -> TrueTime {
  return found.empty() ? TrueTime{-1} : found.front()->at;
}
// Commands a client sent: delivered ("send") or lost to a partition ("drop").
auto sent(const Ran& ran, uint32_t client, std::string_view part) -> size_t {
  return entries(ran, "send", client, part).size() + entries(ran, "drop", client, part).size();
}
auto times(const std::vector<const TraceEntry*>& found) -> std::vector<TrueTime> {
  std::vector<TrueTime> at;
  for (const TraceEntry* e : found) at.push_back(e->at);
  return at;
}

// The compare-and-delete script every Redlock preset releases with (sim/redis/command.hpp).
// The trace shows each argument of a command up to 21 characters.
constexpr std::string_view kRelease = "if redis.call(\"get\",K";
// node-redlock's ACQUIRE_SCRIPT as the model sends it (models/redlock.cpp).
constexpr std::string_view kNodeAcquire = "if redis.call('exists";

// --- 1. node-redlock 4.2.0 (redlock-node) and 5.0 (redlock-node5) ---------------------------

// C-12's timeline (scenarios/c12-*): C1's replies wait out a 1200 ms stall; C2 locks at 1002 ms
// and works 500 ms. expiration = 0 + 1000 - (Math.round(0.01 * 1000) + 2) = 988 ms.
auto c12_with(const std::string& algorithm) -> Ran {
  return run_text(R"(duration = "3s"
[network]
request_delay = "0ms"
reply_delay = "0ms"
[[client]]
name = "C1"
algorithm = ")" + algorithm +
                      R"("
ttl = "1000ms"
start = "0ms"
work = "100ms"
idle = "forever"
[[client]]
name = "C2"
algorithm = ")" + algorithm +
                      R"("
ttl = "1000ms"
start = "1002ms"
work = "500ms"
idle = "forever"
[[timeline]]
at = "0ms"
pause = "C1"
for = "1200ms"
)",
                  5);
}

TEST(Presets, Node5ReturnsAnExpiredLockAndNode4RefusesIt) {
  // v5 src/index.ts:323-329 returns start + duration - drift without comparing it with now.
  const Ran v5 = c12_with("redlock-node5");
  EXPECT_EQ(first(entries(v5, "acquired", 0)), at_ms(1200));
  // 4.2.0 redlock.js:419 resolves only if lock.expiration (988) > Date.now() (1200): refused;
  // C1 gets the lock only once C2 has unlocked at 1502 ms.
  const Ran v4 = c12_with("redlock-node");
  const auto acquired = times(entries(v4, "acquired", 0));
  ASSERT_FALSE(acquired.empty());
  EXPECT_GT(acquired.front(), at_ms(1502));
}

// C2 holds all five keys from 0 ms; C1 tries once at 100 ms, and the refusals of r4 and r5 take
// 400 ms to come back.
auto refused_by_a_quorum(const std::string& algorithm) -> Ran {
  return run_text(R"(duration = "2s"
[network]
request_delay = "0ms"
reply_delay = "0ms"
[[client]]
name = "C1"
algorithm = ")" + algorithm +
                      R"(:tries=1"
ttl = "1000ms"
start = "100ms"
work = "100ms"
idle = "forever"
[[client]]
name = "C2"
algorithm = ")" + algorithm +
                      R"("
ttl = "1000ms"
start = "0ms"
work = "1500ms"
idle = "forever"
[[message]]
client = "C1"
server = "r4"
reply_to = "EVAL"
delay = "400ms"
[[message]]
client = "C1"
server = "r5"
reply_to = "EVAL"
delay = "400ms"
)",
                  5);
}

TEST(Presets, Node5DecidesAtAQuorumAgainstAndNode4WaitsForEveryServer) {
  // v5 _attemptOperation resolves "against" once votesAgainst reaches the quorum (src/index.ts:
  // 524): r1..r3 refuse at 100 ms, and its one release (333-337) goes out then.
  EXPECT_EQ(first(entries(refused_by_a_quorum("redlock-node5"), "send", 0, kRelease)), at_ms(100));
  // 4.2.0 counts down `waiting` for every server (redlock.js:411) and unlocks after (424): the
  // last refusal arrives at 500 ms.
  EXPECT_EQ(first(entries(refused_by_a_quorum("redlock-node"), "send", 0, kRelease)), at_ms(500));
}

// C1 reaches only r1 and r2 of five (r3..r5 drop its commands): every attempt gets two votes.
auto two_of_five(const std::string& algorithm) -> Ran {
  return run_text(R"(duration = "3s"
[network]
request_delay = "0ms"
reply_delay = "0ms"
[[client]]
name = "C1"
algorithm = ")" + algorithm +
                      R"(:tries=2"
ttl = "2000ms"
start = "1ms"
retry_delay = "100ms"
request_timeout = "10s"
work = "100ms"
idle = "forever"
[[timeline]]
at = "0ms"
partition = "C1"
from = ["r3", "r4", "r5"]
)",
                  5);
}

TEST(Presets, Node5KeepsItsKeysBetweenAttemptsAndNode4UnlocksAfterEach) {
  // 4.2.0 unlocks every server after each failed attempt (redlock.js:424): 2 x 5 unlocks, and
  // its second attempt finds r1 and r2 free again (the script returns 1).
  const Ran v4 = two_of_five("redlock-node");
  EXPECT_EQ(sent(v4, 0, kRelease), 10U);
  EXPECT_EQ(sent(v4, 0, kNodeAcquire), 10U);
  // v5 never releases between attempts (_execute, src/index.ts:436-470) and releases once after
  // the last (333-337): 5 unlocks. Its retry meets its own keys on r1 and r2, which
  // ACQUIRE_SCRIPT refuses like any existing key (12-27): the second attempt's replies are 0.
  const Ran v5 = two_of_five("redlock-node5");
  EXPECT_EQ(sent(v5, 0, kRelease), 5U);
  size_t refused_by_own_key = 0;
  for (const TraceEntry* e : entries(v5, "reply", 0, "(integer) 0")) {
    if (e->at > at_ms(500) && e->at < at_ms(1000)) ++refused_by_own_key;
  }
  EXPECT_EQ(refused_by_own_key, 2U);
}

// Zero delays: the lease is ttl - drift from the acquisition at 0 ms.
auto lease_detail(const std::string& algorithm, std::string_view ttl) -> std::string {
  const Ran ran = run_text(R"(duration = "2s"
[network]
request_delay = "0ms"
reply_delay = "0ms"
[[client]]
name = "C1"
algorithm = ")" + algorithm + R"("
ttl = ")" + std::string(ttl) + R"("
start = "0ms"
work = "100ms"
idle = "forever"
)",
                           3);
  const auto acquired = entries(ran, "acquired", 0);
  return acquired.empty() ? "" : acquired.front()->detail;
}

TEST(Presets, EachLibraryRoundsItsDriftItsOwnWay) {
  // ttl 1050 ms, 0.01 * 1050 = 10.5 ms.
  // node-redlock: Math.round(10.5) + 2 = 13 (redlock.js:415; v5 src/index.ts:318-321).
  EXPECT_NE(lease_detail("redlock-node", "1050ms").find("lease until monotonic 1.037s"),
            std::string::npos);
  EXPECT_NE(lease_detail("redlock-node5", "1050ms").find("lease until monotonic 1.037s"),
            std::string::npos);
  // redlock-rb: (1050 * 0.01).to_i + 2 = 12 (redlock.rb:66).
  EXPECT_NE(lease_detail("redlock", "1050ms").find("lease until monotonic 1.038s"),
            std::string::npos);
  // redsync: time.Duration(expiry * 0.01) = 10.5 ms, no +2 (mutex.go:115).
  EXPECT_NE(lease_detail("redlock-redsync", "1050ms").find("lease until monotonic 1.0395s"),
            std::string::npos);
}

TEST(Presets, Node5KeepsItsLeaseOnDateNowAndRefusesAnExtensionPastIt) {
  // Acquired at 0 ms: expiration = 0 + 1000 - 12 = 988 on Date.now(). using() queues the
  // extension expiration - Date.now() - 500 ms = 488 ms ahead (src/index.ts:716-721; here
  // extend_before 500 ms). The wall clock jumps 1 s ahead at 100 ms, so at 488 ms Date.now() reads
  // 1488 > 988 and extend() throws "Cannot extend an already-expired lock." (379): the holder
  // stops at 488 ms without extending. A lease kept on the monotonic clock would read 488 < 988
  // and extend.
  const Ran ran = run_text(R"(duration = "2s"
[network]
request_delay = "0ms"
reply_delay = "0ms"
[[client]]
name = "C1"
algorithm = "redlock-node5"
ttl = "1000ms"
start = "0ms"
work = "1500ms"
extend_before = "500ms"
idle = "forever"
[[timeline]]
at = "100ms"
clock_step = "C1"
by = "1000ms"
)",
                           3);
  EXPECT_TRUE(entries(ran, "extended", 0).empty());
  EXPECT_EQ(times(entries(ran, "released", 0)), std::vector{at_ms(488)});
}

// A holder extends 300 ms before its lease ends (at 688 ms: ttl 1000 - drift 12 - 300), and
// from 600 ms on it reaches only r1 of three masters: every extension round gets one vote.
auto extension_cut_off(const std::string& algorithm) -> Ran {
  return run_text(R"(duration = "8s"
[network]
request_delay = "0ms"
reply_delay = "0ms"
[[client]]
name = "C1"
algorithm = ")" + algorithm +
                      R"("
ttl = "1000ms"
start = "0ms"
work = "10s"
extend_before = "300ms"
retry_delay = "100ms"
idle = "forever"
[[timeline]]
at = "600ms"
partition = "C1"
from = ["r2", "r3"]
)",
                  3);
}

// The extend scripts (node-redlock's EXTEND_SCRIPT, redsync's touchScript) as the trace shows them.
constexpr std::string_view kExtendScript = "if redis.call('get', ";

auto sent_after(const Ran& ran, std::string_view part, TrueTime from,
                std::optional<ServerId> to = std::nullopt) -> size_t {
  size_t count = 0;
  for (std::string_view kind : {"send", "drop"}) {
    for (const TraceEntry* e : entries(ran, kind, 0, part)) {
      count += e->at >= from && (!to || e->server == to) ? 1 : 0;
    }
  }
  return count;
}

TEST(Presets, NodeRetriesAnExtensionLikeAnAcquisitionWhereRedsyncTriesOneRound) {
  // node-redlock extends through _lock / _execute, with the acquisition's retries (4.2.0
  // redlock.js:302, 390-438; 5.0 src/index.ts:383-388, 416-471): 3 attempts x 3 masters.
  // 4.2.0 unlocks after each failed attempt (424) — 2 x 3, then the 3 of giving the lock up;
  // 5.0 does not release between attempts, only the 3 of giving it up.
  const Ran v4 = extension_cut_off("redlock-node:tries=3");
  EXPECT_EQ(sent_after(v4, kExtendScript, at_ms(600)), 9U);
  EXPECT_EQ(sent_after(v4, kExtendScript, at_ms(600), ServerId{0}), 3U);
  EXPECT_EQ(sent_after(v4, kRelease, at_ms(600)), 9U);
  const Ran v5 = extension_cut_off("redlock-node5:tries=3");
  EXPECT_EQ(sent_after(v5, kExtendScript, at_ms(600)), 9U);
  EXPECT_EQ(sent_after(v5, kRelease, at_ms(600)), 3U);
  // redsync's Extend is one round on all pools (mutex.go:157-173), then the holder gives up:
  // r1 gets the touch script once; go-redis sends each of the cut-off pools' commands, which time
  // out, 3 times more (MaxRetries, go-redis options.go:547-551; redis.go:1421-1426).
  const Ran redsync = extension_cut_off("redlock-redsync:tries=3");
  EXPECT_EQ(sent_after(redsync, kExtendScript, at_ms(600), ServerId{0}), 1U);
  EXPECT_EQ(sent_after(redsync, kExtendScript, at_ms(600), ServerId{1}), 4U);
  EXPECT_EQ(sent_after(redsync, kExtendScript, at_ms(600)), 9U);
}

// --- 2. Redisson's RedLock: lock() and tryLock(wait, lease) ---------------------------------

auto redisson(const std::string& algorithm, const std::string& expect) -> Ran {
  return run_text(R"(duration = "70s"
[network]
request_delay = "0ms"
reply_delay = "0ms"
[[client]]
name = "C1"
algorithm = ")" + algorithm +
                      R"("
ttl = "30s"
start = "0ms"
work = "68s"
idle = "forever"
)" + expect,
                  3);
}

TEST(Presets, RedissonRedlockLockKeysCarryTheWatchdogLeaseRenewedEveryTenSeconds) {
  // lock() takes each RLock with leaseTime -1 (RedissonMultiLock.java:312-319, 338), so each key
  // gets lockWatchdogTimeout (Config.java:81, 30 s here) and its renewal every 30/3 = 10 s
  // (RedissonLock.java:195-202): at 65 s every key is still C1's.
  const Ran ran = redisson("redlock-redisson", R"(
[[expect.key]]
at = "65s"
server = "r1"
key = "lock"
owner = "C1"
[[expect.key]]
at = "65s"
server = "r3"
key = "lock"
owner = "C1"
)");
  // The acquire script once per master, with the watchdog's 30000 ms as its lease argument.
  EXPECT_EQ(entries(ran, "send", 0, "if (redis.call('exist").size(), 3U);
  // Renewals (the renew script; the unlock script shows the same first characters, and comes
  // at 68 s) at 10, 20, ..., 60 s on each of the three masters.
  size_t renewals = 0;
  for (const TraceEntry* e : entries(ran, "send", 0, "if (redis.call('hexis")) {
    if (e->at < at_ms(68'000)) ++renewals;
  }
  EXPECT_EQ(renewals, 18U);
  EXPECT_EQ(entries(ran, "send", 0, "lock 30000 c1.0:1").size(), 3U + 18U + 3U);
}

TEST(Presets, RedissonRedlockLeaseKeysStartAtTwiceTheWaitThenTakeTheLease) {
  // tryLock(wait, lease): each RLock first gets newLeaseTime = 2 * wait = 9000 ms (RedissonMulti-
  // Lock.java:313-318; the preset's wait is the 3 x 1500 ms lock() waits, 243), then, the quorum
  // held, PEXPIRE lease = 30000 ms on each (380-385), whoever holds the key
  // (RedissonExpirable.java:207-220). No renewal: by 35 s the keys are gone while C1 still works.
  const Ran ran = redisson("redlock-redisson-lease", R"(
[[expect.key]]
at = "20s"
server = "r1"
key = "lock"
owner = "C1"
[[expect.key]]
at = "35s"
server = "r1"
key = "lock"
absent = true
)");
  EXPECT_EQ(entries(ran, "send", 0, "lock 9000 c1.0:1").size(), 3U);
  EXPECT_EQ(entries(ran, "send", 0, "local result = 0; for").size(), 3U);
  EXPECT_EQ(entries(ran, "send", 0, "lock 30000 c1.0:1").size(), 3U + 3U);  // PEXPIRE, unlock
}

TEST(Presets, RedissonRedlockLeasePexpiresWhoeverHoldsTheKey) {
  // C1's command to r3 takes 200 ms; meanwhile r1 loses power at 50 ms (no persistence: C1's key
  // is gone when it is back at 60 ms) and C2 takes r1 at 100 ms, with 2 x wait = 9000 ms. When C1
  // has its quorum at 200 ms it PEXPIREs lease = 1000 ms on every lock it took, and
  // RedissonExpirable.expireAsync (207-220) does not look whose key it is: on r1 it shortens
  // C2's (the script answers 1). An owner check would leave it alone (0).
  Ran ran = run_text(R"(duration = "2s"
[network]
request_delay = "0ms"
reply_delay = "0ms"
[[server]]
name = "r1"
[[server]]
name = "r2"
[[server]]
name = "r3"
[[client]]
name = "C1"
algorithm = "redlock-redisson-lease"
ttl = "1000ms"
start = "0ms"
work = "500ms"
idle = "forever"
[[client]]
name = "C2"
algorithm = "redlock-redisson-lease"
ttl = "1000ms"
start = "100ms"
work = "100ms"
retry_delay = "100ms"
idle = "forever"
[[message]]
client = "C1"
server = "r3"
request = "EVAL"
delay = "200ms"
[[timeline]]
at = "50ms"
crash = "r1"
for = "10ms"
[[expect.key]]
at = "150ms"
server = "r1"
key = "lock"
owner = "C2"
)");
  const auto on_r1 = [](const TraceEntry* e) { return e->server == ServerId{0}; };
  const auto expires = entries(ran, "apply", 0, "local result = 0; for");
  ASSERT_EQ(std::count_if(expires.begin(), expires.end(), on_r1), 1);
  const TraceEntry* r1 = *std::find_if(expires.begin(), expires.end(), on_r1);
  EXPECT_EQ(r1->at, at_ms(200));
  EXPECT_NE(r1->detail.find("-> (integer) 1"), std::string::npos) << r1->detail;
}

// --- 3. redsync: the round waits for the slowest pool -----------------------------------------

auto redsync_slow_pool(const std::string& parameters) -> Ran {
  std::string pins;
  for (int nth = 1; nth <= 3; ++nth) {
    pins += "\n[[message]]\nclient = \"C1\"\nserver = \"r3\"\nreply_to = \"SET\"\nnth = " +
            std::to_string(nth) + "\ndelay = \"1000ms\"\n";
  }
  return run_text(R"(duration = "6s"
[network]
request_delay = "0ms"
reply_delay = "0ms"
[[client]]
name = "C1"
algorithm = "redlock-redsync:tries=3)" +
                      parameters + R"("
ttl = "1000ms"
start = "0ms"
request_timeout = "10s"
work = "100ms"
idle = "forever"
)" + pins,
                  3);
}

TEST(Presets, RedsyncWithOnePoolSlowerThanTtlMinusDriftFailsEveryTry) {
  // Each try waits for every pool (mutex.go:291-315); r3 answers after 1000 ms > expiry - drift =
  // 1000 - 10 = 990 ms, so now.Before(until) fails (115-116) on all three tries, though r1 and r2
  // said OK at once. The timeoutFactor deadline (0.05 x 1000 = 50 ms, 107) does not bound the
  // commands (go-redis options.go:173-175; redigo adapter redigo.go:21-23).
  const Ran ran = redsync_slow_pool("");
  EXPECT_TRUE(entries(ran, "acquired", 0).empty());
  EXPECT_EQ(sent(ran, 0, "SET lock"), 9U);
  // With ContextTimeoutEnabled the round ends at 50 ms with r1 and r2: validity 1000 - 50 - 10.
  const Ran bounded = redsync_slow_pool(":round-deadline=50ms");
  EXPECT_EQ(times(entries(bounded, "acquired", 0)), std::vector{at_ms(50)});
}

TEST(Presets, RedsyncWithASinglePoolIsSafeAndUnsafeWhereSetNxPxIs) {
  // The single-instance Q&A's question: redsync with one pool is SET NX PX with a random value
  // and the compare-and-delete, plus a validity check (ttl - drift - elapsed) that only makes
  // its lease shorter. So it keeps mutual exclusion where set-nx-px keeps it (no faults, client
  // crashes: the key expires) and loses it where set-nx-px loses it (a pause past the lease, a
  // restart that forgets the key, a wall-clock jump that expires it): one Redis gives both the
  // same guarantee, and nothing more.
  const std::vector<std::string> profiles = {"none", "crash", "gc-pause", "restart-volatile",
                                             "clock-jump"};
  CompareSpec spec{.algorithms = {"redlock-redsync", "set-nx-px"},
                   .profiles = profiles,
                   .seeds = 20,
                   .duration = Duration::seconds(60)};
  spec.workload.servers = 1;
  const std::vector<PairOutcome> outcomes = compare(spec);
  ASSERT_EQ(outcomes.size(), 2 * profiles.size());
  const auto mutex_runs = [&](std::string_view algorithm, std::string_view profile) {
    for (const PairOutcome& outcome : outcomes) {
      if (outcome.algorithm == algorithm && outcome.profile == profile) {
        return outcome.statistics.violated[0].hits;  // mutex: kInvariantNames[0]
      }
    }
    ADD_FAILURE() << algorithm << " under " << profile << " was not run";
    return uint64_t{0};
  };
  ASSERT_EQ(kInvariantNames[0], "mutex");
  for (const std::string& profile : profiles) {
    const bool safe = profile == "none" || profile == "crash";
    EXPECT_EQ(mutex_runs("redlock-redsync", profile) == 0, safe) << profile;
    EXPECT_EQ(mutex_runs("set-nx-px", profile) == 0, safe) << profile;
  }
}

// --- 4. redlock-rb: redis-rb's 5 s timeout and its one resend ---------------------------------

TEST(Presets, RedlockRbWaitsRedisRbsFiveSecondsTwiceForAnUnreachableMaster) {
  // redlock.rb sets no timeout (17); redis-rb 3.3.5 client.rb:14 `:timeout => 5.0` and :20
  // `:reconnect_attempts => 1` (ensure_connected 368-372 sends the command again): r3, cut off,
  // costs 5 s + 5 s, and the lock (r1 and r2, a quorum of 3) comes at 10 s with validity
  // 30000 - 10000 - 302 > 0.
  const std::string body = R"(duration = "12s"
[network]
request_delay = "0ms"
reply_delay = "0ms"
[[client]]
name = "C1"
algorithm = "ALGORITHM"
ttl = "30s"
start = "0ms"
request_timeout = "20s"
work = "100ms"
idle = "forever"
[[timeline]]
at = "0ms"
partition = "C1"
from = ["r3"]
)";
  auto with = [&](const std::string& algorithm) {
    std::string text = body;
    text.replace(text.find("ALGORITHM"), 9, algorithm);
    return run_text(text, 3);
  };
  const Ran ran = with("redlock");
  EXPECT_EQ(times(entries(ran, "acquired", 0)), std::vector{at_ms(10'000)});
  EXPECT_EQ(sent(ran, 0, "SET lock"), 4U);  // r1, r2, and r3 twice
  // The distlock page's 50 ms and no resend, the preset's old values, take 50 ms.
  EXPECT_EQ(times(entries(with("redlock:server-timeout=50ms:resends=0"), "acquired", 0)),
            std::vector{at_ms(50)});
}

// --- 5. the RLock's WAIT for replicas ----------------------------------------------------------

auto watchdog_with_replica(const std::string& algorithm, std::string_view lag) -> Ran {
  return run_text(R"(duration = "3s"
[network]
request_delay = "0ms"
reply_delay = "0ms"
[replication]
lag = ")" + std::string(lag) +
                  R"("
[[server]]
name = "M"
[[server]]
name = "R"
replica_of = "M"
[[client]]
name = "C1"
algorithm = ")" + algorithm +
                  R"("
ttl = "30s"
start = "0ms"
retry_delay = "100ms"
request_timeout = "4s"
work = "100ms"
idle = "forever"
)");
}

TEST(Presets, RedissonRLockWaitsForItsReplicaAndFailsWhenNoneAcknowledged) {
  // With a replica connected (INFO connected_slaves:1, CommandAsyncService.java:1166-1185) the
  // acquire goes in a batch with WAIT 1 1000 (1198; CommandBatchService.java:444-454;
  // slavesSyncTimeout Config.java:89).
  const Ran fast = watchdog_with_replica("watchdog", "20ms");
  EXPECT_EQ(entries(fast, "send", 0, "INFO").size(), 1U);
  EXPECT_EQ(entries(fast, "send", 0, "WAIT 1 1000").size(), 1U);
  ASSERT_EQ(entries(fast, "acquired", 0).size(), 1U);
  EXPECT_GE(first(entries(fast, "acquired", 0)), at_ms(20));  // not before the replica has it
  // A replica 2 s behind never acknowledges within 1000 ms: WAIT answers 0, and with
  // checkLockSyncedSlaves (Config.java:87) the acquisition fails (1221-1225) and the lock is
  // unlocked (RedissonBaseLock.java:281-283) — every attempt, since each writes anew.
  const Ran lagging = watchdog_with_replica("watchdog", "2s");
  EXPECT_TRUE(entries(lagging, "acquired", 0).empty());
  EXPECT_FALSE(entries(lagging, "send", 0, "if (redis.call('hexis").empty());  // the unlock
  // checkLockSyncedSlaves = false: the first WAIT times out at 1000 ms and the lock is kept.
  const Ran unchecked = watchdog_with_replica("watchdog:check-synced-replicas=0", "2s");
  EXPECT_EQ(times(entries(unchecked, "acquired", 0)), std::vector{at_ms(1'000)});
}

// --- 6. one token per lock() call -------------------------------------------------------------

auto tokens_of_one_call(const std::string& algorithm) -> std::set<std::string> {
  const Ran ran = run_text(R"(duration = "6s"
[network]
request_delay = "0ms"
reply_delay = "0ms"
[[client]]
name = "C1"
algorithm = ")" + algorithm + R"("
ttl = "1000ms"
start = "0ms"
retry_delay = "100ms"
request_timeout = "200ms"
work = "100ms"
idle = "forever"
[[timeline]]
at = "0ms"
partition = "C1"
from = ["r2", "r3"]
)",
                           3);
  std::set<std::string> tokens;
  for (const TraceEntry* e : entries(ran, "apply", 0, "lock c1.")) {
    const size_t at = e->detail.find("lock c1.");
    tokens.insert(e->detail.substr(at + 5, e->detail.find(' ', at + 5) - at - 5));
  }
  return tokens;
}

TEST(Presets, RedlockRbRedsyncAndNodeReuseOneTokenAcrossTheirRetries) {
  // Only r1 answers, so every attempt fails and is retried within one call. One value per call:
  // redlock.rb:56, redsync mutex.go:80, node-redlock 4.2.0 redlock.js:366-367 and 5.0
  // src/index.ts:306.
  for (const std::string algorithm : {"redlock:tries=3", "redlock-redsync:tries=3",
                                      "redlock-node:tries=3", "redlock-node5:tries=3"}) {
    SCOPED_TRACE(algorithm);
    EXPECT_EQ(tokens_of_one_call(algorithm), std::set<std::string>{"c1.0.1"});
  }
  // leandromoreira/redlock-rb draws SecureRandom.uuid for every try (lock_instances).
  EXPECT_EQ(tokens_of_one_call("redlock-gem:tries=3").size(), 3U);
  EXPECT_EQ(tokens_of_one_call("redlock:tries=3:token-per-call=0").size(), 3U);
}

// --- 7. Redisson's fenced and reentrant locks ---------------------------------------------------

// One client that locks, works 100 ms and unlocks, then again after 100 ms: holds begin at 0,
// 200, 400, 600 and 800 ms and end 100 ms later; the run stops at 950 ms.
auto redisson_cycles(const std::string& algorithm, const std::string& expectations = {}) -> Ran {
  return run_text(R"(duration = "950ms"
[network]
request_delay = "0ms"
reply_delay = "0ms"
[[client]]
name = "C1"
algorithm = ")" + algorithm +
                      R"("
ttl = "30s"
start = "0ms"
retry_delay = "100ms"
work = "100ms"
idle = "100ms"
)" + expectations,
                  1);
}

auto details(const std::vector<const TraceEntry*>& found) -> std::vector<std::string> {
  std::vector<std::string> texts;
  for (const TraceEntry* e : found) texts.push_back(e->detail);
  return texts;
}

TEST(Presets, RedissonFencedLockHandsOutOneTwoThreeAndTheHolderWritesWithIt) {
  // RedissonFencedLockTest.testTokenIncrease: lockAndGetToken returns 1, then 2, then 3 — the
  // acquire script INCRs "redisson_lock_token:{lock}" (RedissonFencedLock.java:53, 106-118;
  // RedissonObject.java:135-140).
  const Ran ran = redisson_cycles("redisson-fenced", R"(
[[expect.key]]
at = "950ms"
server = "r1"
key = "redisson_lock_token:{lock}"
value = "5"
[[expect.key]]
at = "950ms"
server = "r1"
key = "lock"
absent = true
)");
  EXPECT_EQ(sent(ran, 0, "2 lock redisson_lock_token:{... 30000 c1.0:1"), 5U);
  EXPECT_EQ(details(entries(ran, "write", 0)),
            (std::vector<std::string>{"token 1 accepted", "token 2 accepted", "token 3 accepted",
                                      "token 4 accepted", "token 5 accepted"}));
  // The reply is the script's {-1, token}, on one line in the trace.
  EXPECT_EQ(entries(ran, "reply", 0, "1) (integer) -1 2) (integer) 1").size(), 1U);
  // The RLock it extends writes unfenced.
  EXPECT_EQ(details(entries(redisson_cycles("watchdog"), "write", 0)).front(), "unfenced");
}

TEST(Presets, RedissonRLockReenteredCountsItsHoldsInTheHashAndUnlocksAsOftenAsItLocked) {
  // reentries=2: lock() three times (the field's count 1, 2, 3; each a nil reply), work, then
  // unlock() three times: HINCRBY -1 leaves 2 and 1 (PEXPIRE, reply 0), then 0 (DEL, reply 1)
  // (redisson_scripts.hpp, RedissonBaseLock's unlock script). The unlock script's first 21
  // characters, which the trace shows, are the renewal's too; no renewal is due within 10 s.
  const Ran ran = redisson_cycles("watchdog:reentries=2");
  EXPECT_EQ(entries(ran, "acquired", 0).size(), 5U);
  EXPECT_EQ(sent(ran, 0, "if (redis.call('exist"), 15U);
  const std::vector<const TraceEntry*> unlocks = entries(ran, "apply", 0, "if (redis.call('hexis");
  ASSERT_EQ(unlocks.size(), 15U);
  for (size_t i = 0; i < unlocks.size(); ++i) {
    SCOPED_TRACE(i);
    EXPECT_NE(unlocks[i]->detail.find(i % 3 == 2 ? "-> (integer) 1" : "-> (integer) 0"),
              std::string::npos)
        << unlocks[i]->detail;
  }
  EXPECT_EQ(ran.run.result.count("mutex"), 0U);
  // A fenced lock re-entered hands out a token per lock(); the holder writes with the newest.
  EXPECT_EQ(details(entries(redisson_cycles("redisson-fenced:reentries=2"), "write", 0)),
            (std::vector<std::string>{"token 3 accepted", "token 6 accepted", "token 9 accepted",
                                      "token 12 accepted", "token 15 accepted"}));
}

// --- what `locksim list algorithms` says ---------------------------------------------------

TEST(Presets, EveryPresetNamesItsLibraryAndVersionAndListsTheDefaultsItRunsWith) {
  for (const AlgorithmEntry& entry : algorithm_catalog()) {
    SCOPED_TRACE(entry.name);
    EXPECT_FALSE(entry.library.empty());
    EXPECT_FALSE(entry.version.empty());
    // Setting every parameter to the default the list shows changes nothing (at 5 masters and
    // the default ttl, the options the list's defaults are made with).
    AlgorithmOptions defaults;
    AlgorithmOptions spelled_out;
    for (const Parameter& parameter : entry.parameters) {
      spelled_out.parameters.emplace_back(parameter.name, parameter.default_value);
    }
    const Program made(entry.make(defaults));
    const Program with_defaults(entry.make(spelled_out));
    EXPECT_TRUE(made == with_defaults);
  }
}

}  // namespace
}  // namespace locksim
