// Seeded sampling of choices; see random_chooser.hpp.
#include "sim/explore/random_chooser.hpp"

#include <utility>

namespace locksim {
namespace {

template <size_t... Kinds>
auto make_streams(uint64_t seed, std::index_sequence<Kinds...>)
    -> std::array<Prng, kChoiceKindCount> {
  return {Prng::for_stream(seed, Kinds)...};
}

}  // namespace

RandomChooser::RandomChooser(uint64_t seed)
    : streams_(make_streams(seed, std::make_index_sequence<kChoiceKindCount>{})) {}

auto RandomChooser::choose(const Choice& choice) -> Duration {
  return sample(*choice.distribution, streams_[static_cast<size_t>(choice.kind)]);
}

}  // namespace locksim
