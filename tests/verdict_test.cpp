// Goal: each algorithm's verdict under each fault profile is the one its sources predict, over
// many seeds: "sometimes" means at least one of the seeds violates the invariant, "never" means
// none does. Profiles are the named ones, some with their parameters pushed so that a rare race
// shows up within a few seeds (say why next to each). Each row documents the mechanism.
#include <gtest/gtest.h>

#include "models/registry.hpp"
#include "sim/check/foreign_release.hpp"
#include "sim/explore/random_chooser.hpp"
#include "sim/explore/simulate.hpp"
#include "sim/explore/simulation_setup.hpp"
#include "sim/world/step.hpp"
#include "test_worlds.hpp"

namespace locksim {
namespace {

enum class Expect : uint8_t { never, sometimes };

struct Verdict {
  std::string_view algorithm;
  std::string_view faults;
  std::string_view invariant;
  Expect expect;
  uint64_t seeds = 30;
};

// `algorithm` as the command line writes it, with its parameters ("watchdog:reentries=2").
auto setup(std::string_view algorithm, std::string_view faults) -> SimulationSetup {
  const AlgorithmSpec spec = parse_algorithm(algorithm);
  EXPECT_TRUE(spec.entry && spec.errors.empty()) << algorithm;
  return SimulationSetup{.algorithm = spec.entry ? std::string(spec.entry->name) : "",
                         .parameters = spec.parameters,
                         .faults = testing::faults(faults)};
}

auto violating_seeds(const Verdict& verdict) -> uint64_t {
  const auto config = make_world_config(setup(verdict.algorithm, verdict.faults));
  uint64_t violating = 0;
  for (uint64_t seed = 1; seed <= verdict.seeds; ++seed) {
    const SimulationResult result =
        simulate(config, {.seed = seed, .duration = Duration::seconds(30)});
    violating += result.count(verdict.invariant) > 0 ? 1 : 0;
  }
  return violating;
}

const Verdict kVerdicts[] = {
    // C-1: a holder that crashes never releases a lock without expiry.
    {"setnx-del", "crash", "liveness", Expect::sometimes},
    {"setnx-del", "none", "liveness", Expect::never},
    // C-2: a crash after SETNX is applied and before EXPIRE is sent (a round trip per
    // acquisition) leaves the key without TTL, whether or not the client read SETNX's reply;
    // crashes every 2s per client make it show within the seeds.
    {"setnx-expire", "crash:every=2s", "ttl", Expect::sometimes},
    {"setnx-expire", "none", "ttl", Expect::never},
    {"set-nx-px", "crash:every=2s", "ttl", Expect::never},
    // C-3c: client clocks 4s apart judge each other's timestamps expired while they are live.
    {"getset", "clock-drift:skew=4s", "mutex", Expect::sometimes},
    {"getset", "none", "mutex", Expect::never},
    // C-4: a pause past the lease, then plain DEL removes the next holder's lock.
    {"set-nx-px-del", "gc-pause", "foreign-release", Expect::sometimes},
    {"set-nx-px", "gc-pause", "foreign-release", Expect::never},
    // C-6a: beliefs overlap once a pause outlasts the lease, not before (work <= ttl/2).
    {"set-nx-px", "gc-pause:max=490ms", "mutex", Expect::never},
    {"set-nx-px", "gc-pause", "mutex", Expect::sometimes},
    {"set-nx-px", "gc-pause", "resource", Expect::sometimes},
    // Fencing: the resource rejects the paused holder's stale token; a restart that loses the
    // whole counter only hands out lower tokens, which it rejects too (safe, but no progress).
    {"fenced", "gc-pause", "resource", Expect::never},
    {"fenced", "chaos", "resource", Expect::never},
    {"fenced", "slow-network", "resource", Expect::never},
    {"fenced", "restart-volatile:every=2s", "resource", Expect::never},
    {"fenced", "gc-pause", "mutex", Expect::sometimes},  // fencing protects writes, not beliefs
    // But the counter lives on the lock's Redis: a restart that loses its last increments (AOF
    // everysec) or a failover before they replicate hands a token out again, and two sections
    // write with it (restarts every 2s: 4 of the 30 seeds; failover: seed 57 of 60).
    {"fenced", "restart-everysec:every=2s", "resource", Expect::sometimes},
    {"fenced", "failover", "resource", Expect::sometimes, 60},
    // C-7: server clocks jumping forward expire keys early on a majority.
    {"redlock", "clock-jump:every=2s:max=5s", "mutex", Expect::sometimes},
    // C-8: a restart without persistence forgets the key; a delayed restart does not harm.
    {"redlock", "restart-volatile:every=2s", "quorum", Expect::sometimes},
    {"redlock", "restart-volatile:every=2s", "mutex", Expect::sometimes},
    {"redlock", "restart-delayed:every=2s", "mutex", Expect::never},
    {"redlock", "restart-delayed:every=2s", "quorum", Expect::never},
    {"redlock", "none", "mutex", Expect::never},
    // Keys expire on time without faults on the servers: no promise is broken, to the
    // microsecond (a millisecond-rounded promise end once reported these).
    {"set-nx-px", "crash", "quorum", Expect::never},
    {"set-nx-px", "gc-pause", "quorum", Expect::never},
    // C-9: the watchdog lock lives on one master: failover loses it.
    {"watchdog", "failover:every=2s", "quorum", Expect::sometimes},
    // A re-entered RLock (three lock() calls, three unlock()s per hold) excludes as the RLock
    // does: re-entry only counts in the owner's field.
    {"watchdog:reentries=2", "none", "mutex", Expect::never},
    {"watchdog:reentries=2", "none", "liveness", Expect::never},
    // Redisson's RFencedLock: a pause past the hash's TTL overlaps beliefs (the watchdog is
    // paused with its owner), but the next holder's INCR is higher and the resource rejects the
    // paused one's write. Its counter sits beside the lock, so a restart that loses the last
    // INCRs (AOF everysec) hands a token out again, which the resource accepts as equal (2 of
    // the first 10 seeds).
    {"redisson-fenced", "gc-pause", "resource", Expect::never},
    {"redisson-fenced", "gc-pause", "mutex", Expect::sometimes},
    {"redisson-fenced", "restart-everysec:every=2s", "resource", Expect::sometimes},
    // Clients that return a lock without comparing its expiration with now (node-redlock 5,
    // src/index.ts:323-329) or with no validity at all (Redisson's RedLock, both forms): a pause
    // between the round and the return hands out an expired lock.
    {"redlock-node5", "gc-pause", "mutex", Expect::sometimes},
    {"redlock-redisson", "gc-pause", "mutex", Expect::sometimes},
    {"redlock-redisson-lease", "gc-pause", "mutex", Expect::sometimes},
    {"redlock-node5", "none", "mutex", Expect::never},
    {"redlock-redisson", "none", "mutex", Expect::never},
    {"redlock-redisson-lease", "none", "mutex", Expect::never},
    // node-redlock 5 keeps its partial keys between attempts and its acquire script refuses
    // them too (src/index.ts:12-27, 436-470): contenders that split the masters stay split until
    // the keys expire, and slow rounds make that a liveness failure; 4.2.0 unlocks after each
    // attempt (redlock.js:424).
    {"redlock-node5", "slow-network", "liveness", Expect::sometimes},
    {"redlock-node", "slow-network", "liveness", Expect::never},
    // Active-Active (C-15): clients in two regions SET NX on their own instances, each of which
    // learns of the other's write only after the lag (100 ms on average): two SET NX within it
    // both succeed. With one region every client shares one instance. The counter workloads'
    // GET-then-SET (in one script, or under WATCH) is atomic on one instance only: concurrent
    // SETs in two regions settle by last write wins, and one increment is gone.
    {"set-nx-px", "active-active", "mutex", Expect::sometimes},
    {"set-nx-px", "active-active:regions=1", "mutex", Expect::never},
    {"counter-script", "active-active", "lost-update", Expect::sometimes},
    {"counter-watch", "active-active", "lost-update", Expect::sometimes},
    {"counter-script", "active-active:regions=1", "lost-update", Expect::never},
};

void expect_verdict(const Verdict& verdict) {
  const uint64_t violating = violating_seeds(verdict);
  const std::string row =
      fmt::format("{} under {}: {} violated in {} of {} seeds", verdict.algorithm, verdict.faults,
                  verdict.invariant, violating, verdict.seeds);
  if (verdict.expect == Expect::never) {
    EXPECT_EQ(violating, 0U) << row;
  } else {
    EXPECT_GT(violating, 0U) << row;
  }
}

TEST(Verdicts, EachAlgorithmUnderEachProfileAsItsSourcesPredict) {
  for (const Verdict& verdict : kVerdicts) expect_verdict(verdict);
}

// Each lock guarding a shared counter's GET-then-SET under gc-pause (issue 18): a holder paused
// past its lease, whose key then expires (or, for the timestamp locks, is recovered by another)
// while it still believes, writes back a stale read after the next holder's increment — every
// lock whose key expires loses updates. Fencing does not help: its token guards the resource,
// and the counter takes no token. setnx-del's key never expires, so a paused holder keeps it.
TEST(Verdicts, EachLockGuardingACounterLosesUpdatesUnderGcPauseUnlessItsKeyNeverExpires) {
  for (const AlgorithmEntry& lock : algorithm_catalog()) {
    const std::string workload = fmt::format("counter-under-{}", lock.name);
    expect_verdict({workload, "gc-pause", "lost-update",
                    lock.name == "setnx-del" ? Expect::never : Expect::sometimes});
  }
}

// C-16: a holder that releases 999 ms into its 1 s lease, while another retries every 1 ms. The
// get-compare-del client's DEL follows its GET by a round trip (~1 ms): the key may expire and
// the other client take it between them, and the DEL removes that lock. On Dragonfly with
// disable-atomicity the compare-and-delete script's DEL is a transaction of its own: with the
// gap between its calls as long as that round trip (a busy server; the default gap is tens of
// microseconds), it races as often. Atomic, on Dragonfly or Redis, it never does.
TEST(Verdicts, ADragonflyNonAtomicCompareAndDeleteRacesAsGetCompareDelDoes) {
  const auto violating = [](std::string_view algorithm, std::optional<redis::LuaFlags> dragonfly) {
    SimulationSetup releasing_late = setup(algorithm, "none");
    releasing_late.work = Duration::millis(999);
    releasing_late.retry_delay = Duration::millis(1);
    if (dragonfly) {
      releasing_late.flavour = {.kind = redis::Flavour::Kind::dragonfly,
                                .default_lua_flags = *dragonfly};
    }
    auto config = std::make_shared<WorldConfig>(*make_world_config(releasing_late));
    for (ServerSettings& server : config->servers) {
      server.script_call_gap =
          Exponential{Duration::micros(200), Duration::micros(800), Duration::millis(10)};
    }
    uint64_t seeds = 0;
    for (uint64_t seed = 1; seed <= 10; ++seed) {
      const SimulationResult result =
          simulate(config, {.seed = seed, .duration = Duration::seconds(30)});
      seeds += result.count("foreign-release") > 0 ? 1 : 0;
    }
    return seeds;
  };
  EXPECT_GT(violating("set-nx-px-get-del", std::nullopt), 0U);
  EXPECT_GT(violating("set-nx-px", redis::LuaFlags{.disable_atomicity = true}), 0U);
  EXPECT_EQ(violating("set-nx-px", redis::LuaFlags{}), 0U);
  EXPECT_EQ(violating("set-nx-px", std::nullopt), 0U);
}

// C-4's three holders: A, paused past its lease, DELs the lock B took meanwhile, and C acquires
// while B still believes — A overlapped B, then B overlaps C. Counted per run: a foreign release
// of B's lock followed, while B still believes, by a third client's acquisition. Three believers
// at one instant is not the mark of the flaw (two paused holders give that with any lease lock).
auto c4_chains(std::string_view algorithm) -> int {
  const auto config = make_world_config(setup(algorithm, "gc-pause"));
  int runs = 0;
  for (uint64_t seed = 1; seed <= 30; ++seed) {
    RandomChooser chooser(seed);
    World world = make_world(config, chooser);
    ForeignReleaseMonitor releases;
    std::vector<char> held(world.clients.size(), 0);
    uint64_t steps = 0;
    bool chain = false;
    while (!chain && can_step(world) && world.now < TrueTime{} + Duration::seconds(60)) {
      releases.before_step(world, world.queue.earliest());
      const Event event = step(world, chooser);
      releases.after_step(world, event, ++steps);
      for (uint32_t c = 0; c < world.clients.size(); ++c) {
        const bool holds = world.clients[c].belief.holding;
        if (holds && !held[c] && releases.first()) {
          const ForeignRelease& release = *releases.first();
          chain |= ClientId{c} != release.culprit && ClientId{c} != release.victim &&
                   world.clients[release.victim.index].belief.holding;
        }
        held[c] = holds;
      }
    }
    runs += chain ? 1 : 0;
  }
  return runs;
}

TEST(Verdicts, SetNxPxDelLetsAThirdClientInBesideTheVictimOfALateDel) {
  EXPECT_GT(c4_chains("set-nx-px-del"), 0);
  EXPECT_EQ(c4_chains("set-nx-px"), 0);  // its compare-and-delete never removes another's lock
}

// C-12: node-redlock v5 returns a lock whose validity is already over when the round was slow;
// 4.2.0 compares its expiration with Date.now() first (redlock.js:419) and never does.
TEST(Verdicts, NodeRedlockCanReturnAnAlreadyExpiredLock) {
  const auto returned_expired = [](std::string_view algorithm) {
    const auto config = make_world_config(setup(algorithm, "gc-pause:every=300ms"));
    for (uint64_t seed = 1; seed <= 30; ++seed) {
      TraceLog log;
      simulate(config, {.seed = seed, .duration = Duration::seconds(30)}, {.tracer = &log});
      for (const LoggedEntry& logged : log.entries()) {
        if (logged.entry.kind == "acquired" &&
            logged.entry.detail.find("(already over)") != std::string::npos) {
          return true;
        }
      }
    }
    return false;
  };
  EXPECT_TRUE(returned_expired("redlock-node5"));
  EXPECT_FALSE(returned_expired("redlock-node"));
  EXPECT_FALSE(returned_expired("redlock"));  // the reference checks validity first
}

}  // namespace
}  // namespace locksim
