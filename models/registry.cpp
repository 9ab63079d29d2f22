// The algorithm catalog: one line per algorithm.
#include "models/registry.hpp"

#include <array>

#include "models/set_nx_px.hpp"

namespace locksim {
namespace {

auto make_set_nx_px(const AlgorithmOptions& options) -> std::unique_ptr<LockAlgorithm> {
  SetNxPxParams params;
  params.ttl = options.ttl;
  // Work for 10%..50% of the lease, rest up to 50% of it: busy contention, safe without faults.
  params.work = Uniform{options.ttl / 10, options.ttl / 2};
  params.idle = Uniform{Duration{}, options.ttl / 2};
  return std::make_unique<SetNxPx>(std::move(params));
}

const std::array kCatalog{
    AlgorithmEntry{"set-nx-px", "SET key token NX PX ttl; release by compare-and-delete script",
                   make_set_nx_px},
};

}  // namespace

auto algorithm_catalog() -> std::span<const AlgorithmEntry> {
  return kCatalog;
}

auto find_algorithm(std::string_view name) -> const AlgorithmEntry* {
  for (const AlgorithmEntry& entry : kCatalog) {
    if (entry.name == name) return &entry;
  }
  return nullptr;
}

}  // namespace locksim
