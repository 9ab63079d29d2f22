// No client deletes a lock it does not own: a command from one client must not remove the token
// another client believes it holds. Before a step that delivers a command, the monitor notes, on
// the server the command reaches, which believers' keys still hold their tokens (live at the time
// of the next event); after a step that applied a client's command, a noted token that is gone was
// released by that client. (A step that delivers a command runs only the server, so the victim's
// belief is the same before and after it.) An algorithm without an ownership token (the GETSET
// recipe, whose value any contender may overwrite) believes with an empty token: then holding means
// the key exists.
#pragma once

#include <optional>
#include <vector>

#include "sim/check/invariant.hpp"
#include "sim/core/scratch.hpp"
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

class ForeignReleaseMonitor final : public MonitorBase<ForeignReleaseMonitor> {
 public:
  auto name() const -> std::string_view override { return "foreign-release"; }
  void before_step(const World& world, const Event& next) override;
  void after_step(const World& world, const Event& event, uint64_t step) override;
  void encode_history(StateEncoder& encoder, const World& world) const override;

  auto first() const -> const OutOfLine<ForeignRelease>& { return first_; }

 private:
  // Who believes they hold the lock, in client order, kept up to date from the acting client
  // (for_each_changed_client): derived from the world, so no history.
  void note_believers(const World& world, const Event& event);
  std::vector<ClientId> believers_;
  bool believers_known_ = false;
  // Believers whose token the next command's server holds; refilled before every step.
  Scratch<std::vector<ClientId>> held_;
  OutOfLine<ForeignRelease> first_;
};

}  // namespace locksim
