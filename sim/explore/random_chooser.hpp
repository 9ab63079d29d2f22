// The simulate driver's chooser: every choice sampled from its distribution with the project's
// PRNG, one independent stream per kind of choice so that, say, extra network draws never shift
// the work durations a seed gives.
#pragma once

#include <array>

#include "sim/core/choice.hpp"
#include "sim/core/prng.hpp"

namespace locksim {

class RandomChooser final : public Chooser {
 public:
  explicit RandomChooser(uint64_t seed);
  auto choose(const Choice& choice) -> Duration override;

 private:
  std::array<Prng, kChoiceKindCount> streams_;
};

}  // namespace locksim
