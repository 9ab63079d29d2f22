// A scenario: a run written down so that people can read it — who takes part, what is pinned
// (start times, work times, faults at given moments, the delay of particular messages), what is
// left to the seed, and what the run is expected to show. Loaded from TOML (scenario_loader.hpp),
// written back by scenario_writer.hpp, turned into a world and a chooser by scenario_world.hpp.
// A scenario saved from a run also carries every choice of that run, so it replays exactly.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "models/registry.hpp"
#include "sim/explore/fault_profiles.hpp"
#include "sim/explore/scripted_chooser.hpp"
#include "sim/explore/simulate.hpp"
#include "sim/world/world.hpp"

namespace locksim {

// The largest seed. A scenario file holds its seed as a TOML integer, which is signed 64-bit, and
// every run must be one that can be saved as a scenario, so every seed is at most this.
inline constexpr uint64_t kSeedMax = std::numeric_limits<int64_t>::max();

// What "forever" stands for: longer than any run (about 31 years).
inline constexpr Duration kForever = Duration::seconds(1'000'000'000);

struct ScenarioClock {
  Duration wall_offset;
  int32_t drift_ppm = 0;
  auto operator==(const ScenarioClock&) const -> bool = default;
};

struct ScenarioServer {
  std::string name;
  PersistenceSettings::Mode persistence = PersistenceSettings::Mode::none;
  ScenarioClock clock;
  std::optional<ServerId> replica_of;
  redis::Flavour flavour;
  std::optional<Duration> script_call_gap;  // fixed (Dragonfly); unset: the default distribution
  auto operator==(const ScenarioServer&) const -> bool = default;
};

struct ScenarioClient {
  std::string name;
  std::string algorithm;
  AlgorithmOptions options;       // ttl, and work, idle, retry delay when the scenario sets them
  std::optional<Duration> start;  // when it begins acquiring; unset: the seed decides
  Duration request_timeout = Duration::millis(500);
  ScenarioClock clock;
  bool follow_master = false;  // asks Sentinel: commands for a replica go to its master
  uint32_t region = 0;         // active-active: the server (instance) it writes to
  auto operator==(const ScenarioClient&) const -> bool = default;
};

// One network message whose delay the scenario pins: the nth request (or reply to a request)
// carrying `command` between a client and a server; an empty command matches any.
struct MessagePin {
  enum class Direction : uint8_t { request, reply };
  Direction direction = Direction::request;
  ClientId client;
  ServerId server;
  std::string command;
  uint32_t nth = 1;
  Duration delay;
  auto operator==(const MessagePin&) const -> bool = default;
};

struct ViolationExpectation {
  std::string invariant;
  std::vector<ClientId> clients;   // the first violation involves exactly these (any if empty)
  std::optional<TrueTime> around;  // the first violation is seen within `within` of this
  Duration within = Duration::millis(1);
  auto operator==(const ViolationExpectation&) const -> bool = default;
};

// Who believes they hold the lock at a moment (nobody when empty).
struct HoldersExpectation {
  TrueTime at;
  std::vector<ClientId> clients;
  auto operator==(const HoldersExpectation&) const -> bool = default;
};

// What a key holds on a server at a moment.
struct KeyExpectation {
  enum class Kind : uint8_t { value, owner, absent };
  TrueTime at;
  ServerId server;
  std::string key;
  Kind kind = Kind::absent;
  std::string value;  // Kind::value
  ClientId owner;     // Kind::owner: the key holds one of this client's tokens
  auto operator==(const KeyExpectation&) const -> bool = default;
};

struct Expectations {
  std::optional<std::vector<std::string>> violated;  // exactly these invariants are violated
  std::vector<ViolationExpectation> violations;
  std::vector<HoldersExpectation> holders;
  std::vector<KeyExpectation> keys;
  auto operator==(const Expectations&) const -> bool = default;
};

struct Scenario {
  std::string name;
  std::string description;
  std::string source;   // where the race was described
  std::string checked;  // how its expected verdict was checked against the source
  uint64_t seed = 1;
  Duration duration = Duration::seconds(10);
  std::vector<ScenarioServer> servers;
  // topology = "active-active": the servers are the instances, one per region, of one
  // Active-Active database (sim/world/active_active.hpp) that single-server locks use.
  bool active_active = false;
  std::vector<ScenarioClient> clients;
  std::optional<Duration> request_delay;  // fixed network delays; unset: the default distribution
  std::optional<Duration> reply_delay;
  std::optional<Duration> replication_lag;  // fixed; unset: the default distribution
  std::vector<FaultSelection> faults;       // fault profiles, their strikes drawn from the seed
  // The timeline: faults pinned to moments.
  std::vector<ScheduledFault> crashes_and_pauses;
  std::vector<ScheduledClockStep> clock_steps;
  std::vector<ScheduledPartition> partitions;
  std::vector<ScheduledPromotion> promotions;
  std::vector<MessagePin> messages;
  // Every choice of a recorded run, in order; when present the seed and the pins are not used.
  std::optional<std::vector<RecordedChoice>> choices;
  // The trace hash of the recorded run; a replay that ends with another one fails.
  std::optional<uint64_t> trace_hash;
  // A run the model checker found: the steps where it did other than fire the event due first
  // (a same-instant order, an injected fault), in step order; the fault profiles' recurring
  // faults then do not strike by themselves (their strikes are among the actions); and the run
  // stops after `steps` steps, where the counterexample ends.
  std::vector<ScheduledAction> actions;
  bool recurring_faults = true;
  std::optional<uint64_t> steps;
  Expectations expect;
  auto operator==(const Scenario&) const -> bool = default;
};

}  // namespace locksim
