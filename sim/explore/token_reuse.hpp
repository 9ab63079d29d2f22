// Why two critical sections drew the same fencing token. The run is replayed up to a resource
// finding's step (same configuration, options and chooser: the same run) while the fencing
// counters the algorithms declare (KeyUse::Role::fencing_counter) are watched on every master.
// A counter the clients can see go back — a master that restarts, or a replica that is promoted,
// holding less than the counter had reached — has lost increments it already handed out as
// tokens, and hands them out again. The loss behind a finding is the one that let the section
// that began later draw a token no higher than the earlier one's.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "sim/check/resource_safety.hpp"
#include "sim/explore/simulate.hpp"

namespace locksim {

struct CounterLoss {
  enum class Cause : uint8_t {
    restart,    // the master came back from a crash with what its persistence kept
    promotion,  // a replica became the master with what replication had brought it
  };
  std::string key;
  ServerId server;  // the master that holds the counter afterwards
  Cause cause = Cause::restart;
  TrueTime at;                         // when it came back, or was promoted
  ServerId crashed;                    // the server whose crash lost the increments
  std::optional<TrueTime> crashed_at;  // when that was (none: before the run was watched)
  int64_t reached = 0;                 // the highest value the counter had reached before
  int64_t left = 0;                    // what it held afterwards
};

// The counter loss that let `write`'s later section draw its token again; none when the tokens
// grew with the sections' order, or no watched counter went back in between.
// `chooser`: the one the run used, fresh (none: the random chooser of options.seed).
auto token_reuse(std::shared_ptr<const WorldConfig> config, SimulationOptions options,
                 const StaleWrite& write, Chooser* chooser = nullptr) -> std::optional<CounterLoss>;

// One paragraph for people: which sections drew which token, and what lost the increments.
auto describe(const CounterLoss& loss, const StaleWrite& write, const WorldConfig& config)
    -> std::string;

}  // namespace locksim
