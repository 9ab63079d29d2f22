// A buffer an object keeps only for its capacity: what it holds is refilled before each use, so
// copying the owner leaves the copy's own buffer as it was. The model checker copies every
// monitor into every successor it makes; a scratch list copied along is an allocation for
// nothing.
#pragma once

namespace locksim {

template <class T>
struct Scratch {
  T buffer;

  Scratch() = default;
  Scratch(const Scratch& /*other*/) {}
  Scratch(Scratch&&) noexcept = default;
  auto operator=(const Scratch& /*other*/) -> Scratch& { return *this; }
  auto operator=(Scratch&&) noexcept -> Scratch& = default;
  ~Scratch() = default;
};

}  // namespace locksim
