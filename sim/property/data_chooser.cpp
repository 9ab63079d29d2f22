// Choices answered from data; see data_chooser.hpp.
#include "sim/property/data_chooser.hpp"

#include <algorithm>

namespace locksim {

DataChooser::DataChooser(const std::vector<ChoiceSeries>& data) {
  // The first series of a (kind, subject) answers; a generator never makes two.
  for (const ChoiceSeries& series : data) {
    series_.try_emplace({series.kind, series.subject}, Series{&series.answers, 0});
  }
}

auto DataChooser::choose(const Choice& choice) -> Duration {
  uint32_t ppm = 0;
  const auto found = series_.find({choice.kind, choice.subject});
  if (found != series_.end()) {
    Series& series = found->second;
    if (series.asked < series.answers->size()) {
      ppm = std::min((*series.answers)[series.asked], kQuantileScale);
    }
    ++series.asked;
  }
  return quantile(*choice.distribution, ppm);
}

}  // namespace locksim
