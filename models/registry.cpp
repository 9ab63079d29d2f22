// The algorithm catalog: each algorithm is one file that defines its factory, and one line here.
#include "models/registry.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <deque>

#include "sim/core/assert.hpp"
#include "sim/core/split.hpp"

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
auto make_redlock_node5(const AlgorithmOptions& options) -> std::unique_ptr<LockAlgorithm>;
auto make_redlock_redisson_lease(const AlgorithmOptions& options) -> std::unique_ptr<LockAlgorithm>;
auto make_watchdog(const AlgorithmOptions& options) -> std::unique_ptr<LockAlgorithm>;
auto make_redisson_fenced(const AlgorithmOptions& options) -> std::unique_ptr<LockAlgorithm>;
auto make_counter_unlocked(const AlgorithmOptions& options) -> std::unique_ptr<LockAlgorithm>;
auto make_counter_watch(const AlgorithmOptions& options) -> std::unique_ptr<LockAlgorithm>;
auto make_counter_script(const AlgorithmOptions& options) -> std::unique_ptr<LockAlgorithm>;
auto make_locked_counter(std::string name, std::unique_ptr<LockAlgorithm> lock)
    -> std::unique_ptr<LockAlgorithm>;
auto redlock_reference_parameters() -> std::span<const Parameter>;
auto redlock_redsync_parameters() -> std::span<const Parameter>;
auto redlock_node_parameters() -> std::span<const Parameter>;
auto redlock_node5_parameters() -> std::span<const Parameter>;
auto redlock_gem_parameters() -> std::span<const Parameter>;
auto redlock_redisson_lease_parameters() -> std::span<const Parameter>;
auto watchdog_parameters() -> std::span<const Parameter>;

namespace {

constexpr std::string_view kSetnxPage = "redis.io SETNX page (Design pattern: Locking with SETNX)";
constexpr std::string_view kSetPage = "redis.io SET page and distlock page (single instance)";
constexpr std::string_view kRedisDoc = "redis-doc@1044224";

const std::array kCatalog{
    AlgorithmEntry{"setnx-del", "SETNX then DEL, no expiry (deadlocks if a holder crashes)",
                   kSetnxPage, kRedisDoc, make_setnx_del},
    AlgorithmEntry{"setnx-expire", "SETNX then EXPIRE as two commands, released by DEL",
                   "the two-command pattern of redis/redis-py#554 and laravel/horizon#1747",
                   "as the issues show it", make_setnx_expire},
    AlgorithmEntry{"getset-naive", "SETNX docs' broken recovery: DEL an expired timestamp, SETNX",
                   kSetnxPage, kRedisDoc, make_getset_naive},
    AlgorithmEntry{"getset", "SETNX docs' recipe: timestamp value, GETSET recovery, check then DEL",
                   kSetnxPage, kRedisDoc, make_getset},
    AlgorithmEntry{"set-nx-px-del", "SET NX PX with a token, released by plain DEL",
                   "redis.io distlock page (its warning against a plain DEL)", kRedisDoc,
                   make_set_nx_px_del},
    AlgorithmEntry{"set-nx-px-get-del", "SET NX PX with a token, released by GET, compare, DEL",
                   "the pattern of livekit/livekit#1044, BerriAI/litellm#21226, redis/redis#4308",
                   "as the issues show it", make_set_nx_px_get_del},
    AlgorithmEntry{"set-nx-px", "SET NX PX with a token, released by the compare-and-delete script",
                   kSetPage, kRedisDoc, make_set_nx_px},
    AlgorithmEntry{"fenced",
                   "set-nx-px plus an INCR fencing token; the resource rejects stale ones",
                   "Kleppmann 2016, fencing tokens", "2016-02-08", make_fenced},
    AlgorithmEntry{"redlock",
                   "Redlock, reference client: sequential, validity checked, redis-rb timeouts",
                   "antirez/redlock-rb (with redis-rb 3.3.5)", "2af803d", make_redlock,
                   redlock_reference_parameters()},
    AlgorithmEntry{"redlock-redsync",
                   "Redlock as go-redsync: parallel, waits for every pool, 32 tries, monotonic",
                   "go-redsync/redsync (go-redis client)", "v4.17.0 (5560bd2)",
                   make_redlock_redsync, redlock_redsync_parameters()},
    AlgorithmEntry{"redlock-node",
                   "Redlock as node-redlock 4.2.0 (npm latest): waits for all, checks expiration",
                   "mike-marcacci/node-redlock", "4.2.0", make_redlock_node,
                   redlock_node_parameters()},
    AlgorithmEntry{"redlock-node5",
                   "Redlock as node-redlock v5: quorum for or against decides, never checks expiry",
                   "mike-marcacci/node-redlock", "5.0.0-beta.2 / main (afe5cf9)",
                   make_redlock_node5, redlock_node5_parameters()},
    AlgorithmEntry{"redlock-redisson",
                   "Redisson RedLock lock(): RLock per master, watchdog lease, no validity",
                   "redisson/redisson (RedissonRedLock, deprecated)", "6686397 (4.7.1-SNAPSHOT)",
                   make_redlock_redisson},
    AlgorithmEntry{"redlock-redisson-lease",
                   "Redisson RedLock tryLock(wait, lease): fixed lease, unchecked PEXPIRE",
                   "redisson/redisson (RedissonRedLock, deprecated)", "6686397 (4.7.1-SNAPSHOT)",
                   make_redlock_redisson_lease, redlock_redisson_lease_parameters()},
    AlgorithmEntry{"redlock-gem",
                   "Redlock as the redlock Ruby gem: monotonic clock, extend re-creates the lock",
                   "leandromoreira/redlock-rb", "023ec5c", make_redlock_gem,
                   redlock_gem_parameters()},
    AlgorithmEntry{"watchdog",
                   "Redisson RLock: hash lock, watchdog renews every ttl/3, WAITs for replicas",
                   "redisson/redisson (RedissonLock)", "6686397 (4.7.1-SNAPSHOT)", make_watchdog,
                   watchdog_parameters()},
    AlgorithmEntry{"redisson-fenced",
                   "Redisson RFencedLock: the RLock plus an INCR token the resource checks",
                   "redisson/redisson (RedissonFencedLock)", "6686397 (4.7.1-SNAPSHOT)",
                   make_redisson_fenced, watchdog_parameters()},
};

constexpr std::string_view kTransactionsPage = "redis.io Transactions page (check-and-set)";

// Kept apart from the locks (counter_workload.cpp, locked_counter.cpp): they take none.
const std::array kWorkloadsWithoutLock{
    AlgorithmEntry{"counter-unlocked", "counter workload: GET then SET, no lock (loses updates)",
                   "the read-modify-write every lock exists to guard", "-", make_counter_unlocked},
    AlgorithmEntry{"counter-watch", "counter workload: WATCH, GET, MULTI/SET/EXEC, retried",
                   kTransactionsPage, kRedisDoc, make_counter_watch},
    AlgorithmEntry{"counter-script", "counter workload: one EVAL that GETs and SETs",
                   "redis.io Scripting page (script atomicity)", kRedisDoc, make_counter_script},
};

}  // namespace

auto algorithm_catalog() -> std::span<const AlgorithmEntry> {
  return kCatalog;
}

auto workload_catalog() -> std::span<const AlgorithmEntry> {
  // The atomic ones, then counter-under-<lock> for every lock, with the lock's own parameters.
  static const std::vector<AlgorithmEntry> workloads = [] {
    static std::deque<std::string> texts;  // what the entries' names and descriptions view
    std::vector<AlgorithmEntry> entries(kWorkloadsWithoutLock.begin(), kWorkloadsWithoutLock.end());
    for (const AlgorithmEntry& lock : kCatalog) {
      const std::string& name = texts.emplace_back(fmt::format("counter-under-{}", lock.name));
      entries.push_back(AlgorithmEntry{
          name,
          texts.emplace_back(fmt::format("counter workload: GET then SET inside {}", lock.name)),
          lock.library, lock.version,
          [&name, make = lock.make](const AlgorithmOptions& options) {
            return make_locked_counter(name, make(options));
          },
          lock.parameters});
    }
    return entries;
  }();
  return workloads;
}

auto workloads_without_lock() -> std::span<const AlgorithmEntry> {
  return workload_catalog().first(kWorkloadsWithoutLock.size());
}

auto is_workload(std::string_view algorithm) -> bool {
  const AlgorithmEntry* entry = find_algorithm(algorithm.substr(0, algorithm.find(':')));
  const std::span<const AlgorithmEntry> workloads = workload_catalog();
  return std::any_of(workloads.begin(), workloads.end(),
                     [&](const AlgorithmEntry& workload) { return &workload == entry; });
}

auto find_algorithm(std::string_view name) -> const AlgorithmEntry* {
  for (const std::span<const AlgorithmEntry> catalog : {algorithm_catalog(), workload_catalog()}) {
    for (const AlgorithmEntry& entry : catalog) {
      if (entry.name == name) return &entry;
    }
  }
  return nullptr;
}

auto AlgorithmOptions::parameter(std::string_view name) const -> std::optional<int64_t> {
  for (const auto& [parameter, value] : parameters) {
    if (parameter == name) return value;
  }
  return std::nullopt;
}

auto parse_algorithm(std::string_view text) -> AlgorithmSpec {
  AlgorithmSpec spec;
  const std::vector<std::string_view> parts = split(text, ':');
  spec.entry = find_algorithm(parts[0]);
  if (!spec.entry) return spec;
  for (size_t i = 1; i < parts.size(); ++i) {
    const auto read =
        read_parameter(parts[i], "algorithm", spec.entry->name, spec.entry->parameters);
    if (const auto* error = std::get_if<std::string>(&read)) {
      spec.errors.push_back(*error);
      continue;
    }
    const auto& [index, value] = std::get<ParameterValue>(read);
    const std::string_view name = spec.entry->parameters[index].name;
    std::erase_if(spec.parameters, [&](const auto& set) { return set.first == name; });
    spec.parameters.emplace_back(name, value);  // the last setting of a parameter wins
  }
  return spec;
}

auto algorithm_text(std::string_view name,
                    const std::vector<std::pair<std::string_view, int64_t>>& parameters)
    -> std::string {
  const AlgorithmEntry* entry = find_algorithm(name);
  LOCKSIM_ASSERT(entry != nullptr, "unknown algorithm '{}'", name);
  std::string text(name);
  for (const auto& [parameter, value] : parameters) {
    const auto declared = std::find_if(entry->parameters.begin(), entry->parameters.end(),
                                       [&](const Parameter& p) { return p.name == parameter; });
    LOCKSIM_ASSERT(declared != entry->parameters.end(), "{} has no parameter {}", name, parameter);
    text += fmt::format(":{}={}", parameter, format_parameter_value(*declared, value));
  }
  return text;
}

}  // namespace locksim
