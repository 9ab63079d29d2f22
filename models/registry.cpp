// The algorithm catalog: each algorithm is one file that defines its factory, and one line here.
#include "models/registry.hpp"

#include <array>

namespace locksim {

auto make_setnx_del(const AlgorithmOptions& options) -> std::unique_ptr<LockAlgorithm>;
auto make_setnx_expire(const AlgorithmOptions& options) -> std::unique_ptr<LockAlgorithm>;
auto make_set_nx_px_del(const AlgorithmOptions& options) -> std::unique_ptr<LockAlgorithm>;
auto make_set_nx_px_get_del(const AlgorithmOptions& options) -> std::unique_ptr<LockAlgorithm>;
auto make_set_nx_px(const AlgorithmOptions& options) -> std::unique_ptr<LockAlgorithm>;
auto make_getset_naive(const AlgorithmOptions& options) -> std::unique_ptr<LockAlgorithm>;
auto make_getset(const AlgorithmOptions& options) -> std::unique_ptr<LockAlgorithm>;
auto make_fenced(const AlgorithmOptions& options) -> std::unique_ptr<LockAlgorithm>;
auto make_redlock(const AlgorithmOptions& options) -> std::unique_ptr<LockAlgorithm>;
auto make_redlock_redsync(const AlgorithmOptions& options) -> std::unique_ptr<LockAlgorithm>;
auto make_redlock_node(const AlgorithmOptions& options) -> std::unique_ptr<LockAlgorithm>;
auto make_redlock_redisson(const AlgorithmOptions& options) -> std::unique_ptr<LockAlgorithm>;
auto make_redlock_gem(const AlgorithmOptions& options) -> std::unique_ptr<LockAlgorithm>;
auto make_watchdog(const AlgorithmOptions& options) -> std::unique_ptr<LockAlgorithm>;

namespace {

const std::array kCatalog{
    AlgorithmEntry{"setnx-del", "SETNX then DEL, no expiry (deadlocks if a holder crashes)",
                   make_setnx_del},
    AlgorithmEntry{"setnx-expire", "SETNX then EXPIRE as two commands, released by DEL",
                   make_setnx_expire},
    AlgorithmEntry{"getset-naive", "SETNX docs' broken recovery: DEL an expired timestamp, SETNX",
                   make_getset_naive},
    AlgorithmEntry{"getset", "SETNX docs' recipe: timestamp value, GETSET recovery, check then DEL",
                   make_getset},
    AlgorithmEntry{"set-nx-px-del", "SET NX PX with a token, released by plain DEL",
                   make_set_nx_px_del},
    AlgorithmEntry{"set-nx-px-get-del", "SET NX PX with a token, released by GET, compare, DEL",
                   make_set_nx_px_get_del},
    AlgorithmEntry{"set-nx-px", "SET NX PX with a token, released by the compare-and-delete script",
                   make_set_nx_px},
    AlgorithmEntry{"fenced",
                   "set-nx-px plus an INCR fencing token; the resource rejects stale ones",
                   make_fenced},
    AlgorithmEntry{"redlock",
                   "Redlock, reference client (redlock-rb): sequential, validity checked",
                   make_redlock},
    AlgorithmEntry{"redlock-redsync", "Redlock as go-redsync: parallel, 32 tries, monotonic clock",
                   make_redlock_redsync},
    AlgorithmEntry{"redlock-node", "Redlock as node-redlock v5: returns without checking validity",
                   make_redlock_node},
    AlgorithmEntry{"redlock-redisson", "Redisson RedLock: majority only, no validity, no lease",
                   make_redlock_redisson},
    AlgorithmEntry{"redlock-gem",
                   "Redlock as the redlock Ruby gem: monotonic clock, extend re-creates the lock",
                   make_redlock_gem},
    AlgorithmEntry{"watchdog", "Redisson RLock: hash lock, watchdog renews the TTL every ttl/3",
                   make_watchdog},
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
