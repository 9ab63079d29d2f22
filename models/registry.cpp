// The algorithm catalog: each algorithm is one file that defines its factory, and one line here.
#include "models/registry.hpp"

#include <array>

namespace locksim {

auto make_setnx_del(const AlgorithmOptions& options) -> std::unique_ptr<LockAlgorithm>;
auto make_setnx_expire(const AlgorithmOptions& options) -> std::unique_ptr<LockAlgorithm>;
auto make_set_nx_px_del(const AlgorithmOptions& options) -> std::unique_ptr<LockAlgorithm>;
auto make_set_nx_px_get_del(const AlgorithmOptions& options) -> std::unique_ptr<LockAlgorithm>;
auto make_set_nx_px(const AlgorithmOptions& options) -> std::unique_ptr<LockAlgorithm>;

namespace {

const std::array kCatalog{
    AlgorithmEntry{"setnx-del", "SETNX then DEL, no expiry (deadlocks if a holder crashes)",
                   make_setnx_del},
    AlgorithmEntry{"setnx-expire", "SETNX then EXPIRE as two commands, released by DEL",
                   make_setnx_expire},
    AlgorithmEntry{"set-nx-px-del", "SET NX PX with a token, released by plain DEL",
                   make_set_nx_px_del},
    AlgorithmEntry{"set-nx-px-get-del", "SET NX PX with a token, released by GET, compare, DEL",
                   make_set_nx_px_get_del},
    AlgorithmEntry{"set-nx-px", "SET NX PX with a token, released by the compare-and-delete script",
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
