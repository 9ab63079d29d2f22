// Choices as data: a RecordingChooser writes down every answer another chooser gives (and folds
// it into the run's trace hash); a ScriptedChooser gives recorded answers back, checking that the
// run asks the same questions in the same order — the replay driver.
#pragma once

#include <stdexcept>
#include <vector>

#include "sim/core/choice.hpp"
#include "sim/core/fingerprint.hpp"
#include "sim/explore/pinned_choice.hpp"

namespace locksim {

struct RecordedChoice {
  ChoiceKind kind;
  uint32_t subject;
  Duration value;
  auto operator==(const RecordedChoice&) const -> bool = default;
};

class RecordingChooser final : public Chooser {
 public:
  // `record` may be null when only the hash is wanted.
  RecordingChooser(Chooser& inner, Fingerprinter& trace_hash, std::vector<RecordedChoice>* record)
      : inner_(inner), trace_hash_(trace_hash), record_(record) {}
  auto choose(const Choice& choice) -> Duration override;

 private:
  Chooser& inner_;
  Fingerprinter& trace_hash_;
  std::vector<RecordedChoice>* record_;
};

// Thrown when a replayed run asks for something other than what was recorded.
class ReplayDivergence : public std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Recorded values must be ones the choice's distribution can produce, but for the occurrences
// the run's pins fix (a scenario's message delays, explored by the model checker under them):
// a pin overrides the distribution, so its recorded value is taken as it is.
class ScriptedChooser final : public Chooser {
 public:
  explicit ScriptedChooser(std::vector<RecordedChoice> script, std::vector<PinnedChoice> pins = {})
      : script_(std::move(script)), pins_(std::move(pins)), seen_(pins_.size()) {}
  auto choose(const Choice& choice) -> Duration override;
  auto remaining() const -> size_t { return script_.size() - next_; }

 private:
  // Whether this choice is the occurrence a pin fixes (counting it toward every pin).
  auto pinned(const Choice& choice) -> bool;

  std::vector<RecordedChoice> script_;
  size_t next_ = 0;
  std::vector<PinnedChoice> pins_;
  std::vector<uint32_t> seen_;  // per pin: matching choices asked so far
};

}  // namespace locksim
