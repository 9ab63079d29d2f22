// Recording and replaying choices; see scripted_chooser.hpp.
#include "sim/explore/scripted_chooser.hpp"

#include <fmt/format.h>

namespace locksim {

auto RecordingChooser::choose(const Choice& choice) -> Duration {
  const Duration value = inner_.choose(choice);
  trace_hash_.add(static_cast<uint64_t>(choice.kind) << 32 | choice.subject);
  trace_hash_.add(value);
  if (record_) record_->push_back({choice.kind, choice.subject, value});
  return value;
}

auto ScriptedChooser::choose(const Choice& choice) -> Duration {
  if (next_ >= script_.size()) {
    throw ReplayDivergence(fmt::format("the run asks for {} of #{} after all {} recorded choices",
                                       to_string(choice.kind), choice.subject, script_.size()));
  }
  const RecordedChoice& recorded = script_[next_];
  if (recorded.kind != choice.kind || recorded.subject != choice.subject) {
    throw ReplayDivergence(
        fmt::format("choice {} was recorded as {} of #{} but the run asks for "
                    "{} of #{}",
                    next_ + 1, to_string(recorded.kind), recorded.subject, to_string(choice.kind),
                    choice.subject));
  }
  if (!pinned(choice) && !can_produce(*choice.distribution, recorded.value)) {
    throw ReplayDivergence(fmt::format("choice {} ({}) is {}, which {} cannot produce", next_ + 1,
                                       to_string(choice.kind), recorded.value,
                                       describe(*choice.distribution)));
  }
  ++next_;
  return recorded.value;
}

auto ScriptedChooser::pinned(const Choice& choice) -> bool {
  bool pinned = false;
  for (size_t i = 0; i < pins_.size(); ++i) {
    if (counts_toward(pins_[i], choice) && ++seen_[i] == pins_[i].nth) pinned = true;
  }
  return pinned;
}

}  // namespace locksim
