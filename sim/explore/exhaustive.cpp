// Exhaustive enumeration; see exhaustive.hpp.
#include "sim/explore/exhaustive.hpp"

#include <deque>
#include <unordered_set>

#include "sim/core/assert.hpp"
#include "sim/world/step.hpp"

namespace locksim {
namespace {

// Walks every sequence of answers like an odometer: the first run answers 0 everywhere, each
// next() advances the last choice that still has untried values and forgets the ones after it.
class OdometerChooser final : public Chooser {
 public:
  auto choose(const Choice& choice) -> Duration override {
    const std::vector<Duration> support = finite_support(*choice.distribution);
    LOCKSIM_ASSERT(!support.empty(),
                   "exhaustive exploration needs finite distributions, got {} "
                   "for {}",
                   describe(*choice.distribution), to_string(choice.kind));
    if (position_ == digits_.size()) digits_.push_back({0, support.size()});
    Digit& digit = digits_[position_++];
    LOCKSIM_ASSERT(digit.size == support.size(), "choice {} changed size from {} to {}", position_,
                   digit.size, support.size());
    return support[digit.value];
  }

  // Moves to the next sequence; false when all have been tried.
  auto next() -> bool {
    LOCKSIM_ASSERT(position_ == digits_.size(), "run used {} of {} recorded choices", position_,
                   digits_.size());
    while (!digits_.empty() && digits_.back().value + 1 == digits_.back().size) digits_.pop_back();
    position_ = 0;
    if (digits_.empty()) return false;
    ++digits_.back().value;
    return true;
  }

 private:
  struct Digit {
    size_t value;
    size_t size;
  };
  std::vector<Digit> digits_;
  size_t position_ = 0;
};

auto expandable(const World& world, TrueTime horizon) -> bool {
  return can_step(world) && next_event_time(world) <= horizon;
}

}  // namespace

auto explore_exhaustively(std::shared_ptr<const WorldConfig> config,
                          const ExplorationOptions& options,
                          const std::function<void(const World&)>& on_new_world)
    -> ExplorationResult {
  ExplorationResult result;
  std::unordered_set<uint64_t> seen;  // looked up, never iterated
  std::deque<World> frontier;
  const auto visit = [&](World world) {
    ++result.transitions;
    if (!seen.insert(fingerprint(world)).second) return;
    ++result.distinct_worlds;
    if (on_new_world) on_new_world(world);
    if (expandable(world, options.horizon)) frontier.push_back(std::move(world));
  };

  OdometerChooser initial;
  do {
    visit(make_world(config, initial));
  } while (initial.next());

  while (!frontier.empty()) {
    if (result.distinct_worlds >= options.worlds_max) {
      result.worlds_limit_reached = true;
      break;
    }
    World world;
    if (options.order == ExplorationOptions::Order::breadth_first) {
      world = std::move(frontier.front());
      frontier.pop_front();
    } else {
      world = std::move(frontier.back());
      frontier.pop_back();
    }
    OdometerChooser chooser;
    do {
      World successor = world;
      step(successor, chooser);
      visit(std::move(successor));
    } while (chooser.next());
  }
  return result;
}

}  // namespace locksim
