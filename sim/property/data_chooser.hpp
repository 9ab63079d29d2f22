// The property-based driver's chooser: every choice answered from a generated case's data, by
// (kind, subject, occurrence), as the quantile of the distribution asked — so an answer is
// always a value the distribution can produce, and a case whose schedule shrinks (and asks other
// questions) still answers every one. A question the data has no answer for takes the smallest
// value.
#pragma once

#include <map>
#include <utility>
#include <vector>

#include "sim/core/choice.hpp"
#include "sim/property/fuzz_case.hpp"

namespace locksim {

class DataChooser final : public Chooser {
 public:
  explicit DataChooser(const std::vector<ChoiceSeries>& data);
  auto choose(const Choice& choice) -> Duration override;

 private:
  struct Series {
    const std::vector<uint32_t>* answers = nullptr;
    size_t asked = 0;
  };
  std::map<std::pair<ChoiceKind, uint32_t>, Series> series_;
};

}  // namespace locksim
