// The chooser the model checker fires each transition with (model_checker.cpp): it answers
// every choice from its finite domain and, run after run, walks all combinations of answers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "sim/core/choice.hpp"
#include "sim/explore/check/choice_domains.hpp"
#include "sim/explore/pinned_choice.hpp"
#include "sim/explore/scripted_chooser.hpp"

namespace locksim {

// Walks every combination of answers like an odometer: the first run answers each choice with
// the first value of its domain, each next() advances the last choice that still has untried
// values and forgets the ones after it. Records the answers of the current run. A choice that is
// the occurrence a pin fixes has the pin's value for its only one; `seen` counts, per pin, the
// matching choices asked before this run (the state's), and pin_seen() those after it.
class DomainOdometer final : public Chooser {
 public:
  DomainOdometer(DomainCache& domains, DomainsUsed& used, const std::vector<PinnedChoice>& pins,
                 const std::vector<uint32_t>& seen)
      : domains_(domains), pins_(pins) {
    restart(used, seen);
  }

  // Starts over, as if made anew with `used` and `seen`, keeping its buffers: the model checker
  // walks the answers of every action of every state it expands.
  void restart(DomainsUsed& used, const std::vector<uint32_t>& seen) {
    used_ = &used;
    seen_before_ = seen;
    seen_ = seen_before_;
    digits_.clear();
    answers_.clear();
    position_ = 0;
  }

  auto choose(const Choice& choice) -> Duration override;

  auto answers() const -> const std::vector<RecordedChoice>& { return answers_; }
  // Per pin, the matching choices asked up to the end of this run (at most its nth: a spent pin
  // is the same state however many more were asked).
  auto pin_seen() const -> const std::vector<uint32_t>& { return seen_; }

  // Moves to the next combination; false when all have been tried.
  auto next() -> bool;

 private:
  struct Digit {
    ChoiceKind kind;
    size_t value;
    const std::vector<Duration>* values;  // none: a pinned occurrence, whose only value is...
    Duration pinned;                      // ...this
    auto count() const -> size_t { return values ? values->size() : 1; }
    auto current() const -> Duration { return values ? (*values)[value] : pinned; }
  };
  DomainCache& domains_;
  DomainsUsed* used_ = nullptr;
  const std::vector<PinnedChoice>& pins_;
  std::vector<uint32_t> seen_before_;
  std::vector<uint32_t> seen_;
  std::vector<Digit> digits_;
  std::vector<RecordedChoice> answers_;
  size_t position_ = 0;
};

}  // namespace locksim
