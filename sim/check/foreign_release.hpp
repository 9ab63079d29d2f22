// No client deletes a lock it does not own: a command from one client must not remove the token
// another client believes it holds. Before each step the monitor notes, on each server, which
// believers' keys still hold their tokens (live at the time of the next event); after a step
// that applied a client's command, a noted token that is gone was released by that client.
// (A step that delivers a command runs only the server, so the victim's belief is the same
// before and after it.)
#pragma once

#include <optional>
#include <vector>

#include "sim/world/event_queue.hpp"
#include "sim/world/world.hpp"

namespace locksim {

struct ForeignRelease {
  ClientId victim;
  ClientId culprit;
  ServerId server;
  TrueTime at;
  uint64_t step = 0;
};

class ForeignReleaseMonitor {
 public:
  void before_step(const World& world);
  void after_step(const World& world, const Event& event, uint64_t step);

  auto count() const -> uint64_t { return count_; }
  auto first() const -> const std::optional<ForeignRelease>& { return first_; }

 private:
  struct Held {
    ClientId client;
    ServerId server;
  };
  std::vector<Held> held_;  // refilled before every step; keeps its capacity
  uint64_t count_ = 0;
  std::optional<ForeignRelease> first_;
};

}  // namespace locksim
