// watchdog: Redisson's RLock — a reentrant lock on a hash whose field names the owner
// ("<client id>:<thread id>"), taken and released by scripts, kept alive by a watchdog that
// resets the TTL to lockWatchdogTimeout every timeout/3 while the owner runs.
// redisson-fenced: Redisson's RFencedLock, the same lock whose acquire also INCRs a token counter
// ("redisson_lock_token:{<lock>}", no TTL) and returns its value (lockAndGetToken); the holder
// writes with it and the resource rejects a token below one it accepted (Redisson asks the
// service to check that a token is "greater or equal" to the previous one).
//   acquire: EVAL: if the key is absent or the field is ours, HINCRBY field 1 and PEXPIRE
//            timeout, return nil; else return PTTL (retry later). Fenced: also INCR the counter
//            and return {-1, token}; else {PTTL, -1}
//   re-enter (:reentries=N, 0 unless set): the holder calls lock() N more times before its work,
//            each the acquire script again (the field's count grows to N + 1; a fenced lock
//            hands out a new token each time and the holder writes with the newest), and
//            unlock() as many times after it; the last one deletes the hash
//   sync:    on a master with replicas (a master-slave or Sentinel deployment), the acquire is
//            sent in a batch followed by WAIT <connected replicas> slavesSyncTimeout, the count
//            from INFO's connected_slaves, cached and asked again when WAIT's answer differs from
//            it; if none of >= 1 replicas acknowledged and checkLockSyncedSlaves is on, the
//            acquisition fails with NoSyncedSlavesException and the lock is unlocked (retry later)
//   renew:   every timeout/3: EVAL: if the field is ours, PEXPIRE timeout and return 1, else 0
//            (0 cancels the watchdog silently; errors and timeouts reschedule it)
//   release: EVAL: HINCRBY field -1; PEXPIRE if still positive, else DEL
// The client keeps no lease: it believes it holds until it unlocks.
// Sources, redisson/redisson @6686397 under redisson/src/main/java/org/redisson/:
// RedissonFencedLock.java (53: the counter's name; 84-104: lockAndGetToken schedules the same
// renewal; 106-118: its acquire script); RedissonObject.java:135-140 (prefixName);
// RedissonLock.java tryAcquireAsync (185-207: leaseTime -1 takes internalLockLeaseTime and
// schedules the renewal; handleNoSync, 193) and tryLockInnerAsync (214-224: the script, sent
// through evalWriteSyncedNoRetryAsync); RedissonBaseLock.java:80-82 (syncedEvalNoRetry) and
// 281-283 (handleNoSync unlocks on NoSyncedSlavesException); command/CommandAsyncService.java
// syncedEval (1095-1235: no WAIT for a single-server config, 1097-1107; INFO's
// connected_slaves when the cached count is -1, 1166-1179; the batch with WAIT when it is > 0,
// 1198 and CommandBatchService.java:444-454; the count reset when WAIT's differs, 1217-1220; the
// NoSyncedSlavesException when synced == 0 and available > 0, 1221-1225) and handleNoSync
// (1039-1066); config/Config.java:81 (lockWatchdogTimeout = 30000 ms), 87 (checkLockSyncedSlaves =
// true), 89 (slavesSyncTimeout = 1000 ms); renewal/*; ../shared/reference/redis-locks.md B.4,
// C-6a, C-9. The timeout here is the options' ttl (30 s in Redisson). The unlock script's PUBLISH
// to waiting clients is left out (no pub/sub in the model; waiters retry after a delay), and so is
// WAITAOF (Redisson's WAIT sync mode is the lock's, and our servers' AOF is not asked). A
// response timeout of the batch (Redisson's: 3000 ms + slavesSyncTimeout) fails the attempt
// without unlocking; the world's request timeout (500 ms unless set) is shorter than WAIT's 1 s.
// Known flaws: a pause longer than the TTL left at its start (at most the timeout, at least
// 2/3 of it) lets the key expire while the owner still believes (C-6a); when it resumes, the
// watchdog finds the field gone and stops without telling it. Failover can lose the hash (C-9)
// when the replica acknowledged WAIT and still lost it, or a write it did not acknowledge was
// promoted away after checkLockSyncedSlaves let it pass (it fails only when none acknowledged).
// RFencedLock keeps the resource safe through pauses (the next holder's token is higher), but its
// counter lives on the lock's master: a restart that loses its last INCRs (AOF everysec) or a
// failover before they replicate hands a token out again, and the resource accepts an equal one.
// A re-entry whose hash expired meanwhile waits, like lock(), and takes a fresh hash (count 1):
// the holder's extra unlock() then finds no field (Redisson throws IllegalMonitorStateException).
#include <fmt/format.h>

#include <array>
#include <charconv>

#include "models/redisson_scripts.hpp"
#include "models/registry.hpp"
#include "sim/core/assert.hpp"
#include "sim/core/shared_value.hpp"

namespace locksim {
namespace {

using redisson::kAcquireScript;
using redisson::kFencedAcquireScript;
using redisson::kRenewScript;
using redisson::kUnlockScript;

struct WatchdogParams {
  std::string_view name = "watchdog";
  std::string key = "lock";
  bool fenced = false;  // RFencedLock: a token with every acquisition
  std::string token_key = "redisson_lock_token:{lock}";  // prefixName("redisson_lock_token", key)
  uint32_t reentries = 0;                    // lock() calls a holder adds before its work
  Duration timeout = Duration::seconds(30);  // lockWatchdogTimeout
  bool replicated = false;                   // a master-slave or Sentinel deployment
  Duration request_timeout;                  // the world's: bounds a WAIT's wait, for liveness only
  bool check_synced = true;                  // checkLockSyncedSlaves
  Duration sync_timeout = Duration::millis(1'000);  // slavesSyncTimeout
  Distribution retry_delay = Uniform{Duration::millis(50), Duration::millis(150)};
  Distribution work;
  Distribution idle;
  auto operator==(const WatchdogParams&) const -> bool = default;
};

class Watchdog final : public AlgorithmBase<Watchdog> {
 public:
  enum class Phase : uint8_t { idle, querying, acquiring, holding, releasing };

  explicit Watchdog(WatchdogParams params) : params_(std::move(params)) {}

  auto name() const -> std::string_view override { return params_->name; }
  void encode(StateEncoder& f) const override {
    f.add(static_cast<uint64_t>(phase_));
    f.add(renewing_);
    f.add(holds_);
    f.add(fencing_token_.has_value());
    f.add(fencing_token_.value_or(0));
    f.add(static_cast<uint64_t>(available_ + 1));
    f.add(static_cast<uint64_t>(waited_for_));
    f.add(static_cast<uint64_t>(acquire_result_));
    f.add(static_cast<uint64_t>(synced_ + 2));
  }
  auto describe() const -> std::string override {
    return fmt::format("phase {} watchdog {}", static_cast<int>(phase_), renewing_ ? "on" : "off");
  }
  // A dead owner's hash expires within one timeout (no renewal resets it any more).
  auto liveness_bound() const -> Duration override {
    Duration sync = params_->replicated ? params_->sync_timeout : Duration{};
    if (params_->request_timeout.us > 0) sync = std::min(sync, params_->request_timeout);
    return params_->timeout + (max_value(params_->retry_delay) + sync) * 2;
  }
  auto keys() const -> std::vector<KeyUse> override {
    std::vector<KeyUse> keys{{.key = params_->key, .ttl = params_->timeout}};
    if (params_->fenced) {
      keys.push_back({.key = params_->token_key, .role = KeyUse::Role::fencing_counter});
    }
    return keys;
  }

  void start(const ClientContext& context, Effects& effects) override {
    effects.attempting();
    acquire(context, effects);
  }

  void on_response(const ClientContext& context, const Response& response,
                   Effects& effects) override {
    switch (static_cast<Tag>(response.tag)) {
      case Tag::info: {
        LOCKSIM_ASSERT(phase_ == Phase::querying, "INFO reply in phase {}",
                       static_cast<int>(phase_));
        const std::optional<int64_t> count = connected_replicas(response.reply);
        if (!count) return retry(effects);
        available_ = *count;
        return send_acquire(context, effects);
      }
      case Tag::acquire: {
        LOCKSIM_ASSERT(phase_ == Phase::acquiring && acquire_result_ == Result::none,
                       "acquire reply in phase {}", static_cast<int>(phase_));
        acquire_result_ = took_lock(response.reply) ? Result::acquired : Result::refused;
        return batch_answered(context, effects);
      }
      case Tag::wait: {
        LOCKSIM_ASSERT(phase_ == Phase::acquiring && waited_for_ > 0 && synced_ < -1,
                       "WAIT reply in phase {}", static_cast<int>(phase_));
        // A response timeout or an error fails the batch; -1 stands for it.
        const bool answered = response.reply && response.reply->type == redis::Reply::Type::integer;
        synced_ = answered ? response.reply->integer : -1;
        return batch_answered(context, effects);
      }
      case Tag::renew:
        if (!renewing_) return;
        if (response.reply && response.reply->type == redis::Reply::Type::integer &&
            response.reply->integer == 0) {
          renewing_ = false;  // the field is gone: stop, and tell nobody
          return;
        }
        effects.set_fixed_timer(TimerKind::renew, params_->timeout / 3);
        return;
      case Tag::release:
        if (holds_ > 0) return send_unlock(context, effects);
        phase_ = Phase::idle;
        effects.set_timer(TimerKind::idle, ChoiceKind::idle_duration, params_->idle);
        return;
      case Tag::unlock_unsynced: return;
    }
    LOCKSIM_UNREACHABLE("watchdog tag {}", response.tag);
  }

  void on_timer(const ClientContext& context, TimerKind kind, Effects& effects) override {
    switch (kind) {
      case TimerKind::retry: return acquire(context, effects);
      case TimerKind::idle: effects.attempting(); return acquire(context, effects);
      case TimerKind::renew:
        effects.send(ServerId{0}, static_cast<uint32_t>(Tag::renew), script(kRenewScript, context));
        return;
      case TimerKind::work:
        effects.write_resource(fencing_token_);
        fencing_token_.reset();
        phase_ = Phase::releasing;
        return send_unlock(context, effects);
      case TimerKind::deadline: break;
    }
    LOCKSIM_UNREACHABLE("{} timer for watchdog", to_string(kind));
  }

  auto operator==(const Watchdog&) const -> bool = default;

 private:
  enum class Tag : uint32_t { acquire, renew, release, info, wait, unlock_unsynced };
  enum class Result : uint8_t { none, acquired, refused };

  // One owner per process: "<client id>:<thread id>", with a single thread.
  static auto owner(const ClientContext& context) -> std::string {
    return fmt::format("c{}.{}:1", context.client.index + 1, context.incarnation);
  }
  // connected_slaves from INFO's replication section (a replica reports none).
  static auto connected_replicas(const std::optional<redis::Reply>& reply)
      -> std::optional<int64_t> {
    if (!reply || reply->type != redis::Reply::Type::bulk) return std::nullopt;
    constexpr std::string_view kField = "connected_slaves:";
    const size_t at = reply->text.find(kField);
    if (at == std::string::npos) return 0;
    int64_t count = 0;
    const char* begin = reply->text.data() + at + kField.size();
    std::from_chars(begin, reply->text.data() + reply->text.size(), count);
    return count;
  }
  auto script(std::string_view body, const ClientContext& context) const -> redis::Command {
    return redis::Command::of("EVAL", std::string(body), "1", params_->key,
                              std::to_string(params_->timeout.floor_ms()), owner(context));
  }
  auto acquire_script(const ClientContext& context) const -> redis::Command {
    if (!params_->fenced) return script(kAcquireScript, context);
    return redis::Command::of("EVAL", std::string(kFencedAcquireScript), "2", params_->key,
                              params_->token_key, std::to_string(params_->timeout.floor_ms()),
                              owner(context));
  }
  // Whether the acquire script took (or re-entered) the lock; for RFencedLock, keeps its token.
  auto took_lock(const std::optional<redis::Reply>& reply) -> bool {
    if (!reply) return false;
    if (!params_->fenced) return reply->type == redis::Reply::Type::nil;
    const auto integer = [](const redis::Reply& r) {
      return r.type == redis::Reply::Type::integer;
    };
    if (reply->type != redis::Reply::Type::array || reply->elements.size() != 2 ||
        !integer(reply->elements[0]) || reply->elements[0].integer != -1 ||
        !integer(reply->elements[1])) {
      return false;
    }
    fencing_token_ = static_cast<uint64_t>(reply->elements[1].integer);
    return true;
  }
  // One unlock() of the holds left; the last one ends the hold and stops the watchdog (Redisson
  // counts a thread's lock() calls in its renewal entry and cancels it at the last unlock).
  void send_unlock(const ClientContext& context, Effects& effects) {
    if (--holds_ == 0) {
      effects.released();
      effects.cancel_timer(TimerKind::renew);
      renewing_ = false;
    }
    effects.send(ServerId{0}, static_cast<uint32_t>(Tag::release), script(kUnlockScript, context));
  }
  void acquire(const ClientContext& context, Effects& effects) {
    if (params_->replicated && available_ < 0) {  // the count is not cached: INFO first
      phase_ = Phase::querying;
      effects.send(ServerId{0}, static_cast<uint32_t>(Tag::info),
                   redis::Command::of("INFO", "replication"));
      return;
    }
    send_acquire(context, effects);
  }
  // The acquire script, followed in the same batch by WAIT when replicas are connected.
  void send_acquire(const ClientContext& context, Effects& effects) {
    phase_ = Phase::acquiring;
    acquire_result_ = Result::none;
    synced_ = -2;
    effects.send(ServerId{0}, static_cast<uint32_t>(Tag::acquire), acquire_script(context));
    waited_for_ = params_->replicated ? std::max<int64_t>(available_, 0) : 0;
    if (waited_for_ > 0) {
      effects.send(ServerId{0}, static_cast<uint32_t>(Tag::wait),
                   redis::Command::of("WAIT", std::to_string(waited_for_),
                                      std::to_string(params_->sync_timeout.floor_ms())));
    }
  }
  // Both replies of the batch are in (its replies may come in either order): judge it.
  void batch_answered(const ClientContext& context, Effects& effects) {
    if (acquire_result_ == Result::none || (waited_for_ > 0 && synced_ < -1)) return;
    if (waited_for_ > 0) {
      const int64_t asked = waited_for_;
      const int64_t synced = synced_;
      waited_for_ = 0;
      if (synced < 0) return retry(effects);  // the batch failed: nothing unlocked
      if (synced != asked) available_ = -1;   // INFO is asked again next time
      if (params_->check_synced && synced == 0) {
        // NoSyncedSlavesException: handleNoSync unlocks, and the acquisition fails.
        effects.send(ServerId{0}, static_cast<uint32_t>(Tag::unlock_unsynced),
                     script(kUnlockScript, context));
        return retry(effects);
      }
    }
    if (acquire_result_ != Result::acquired) return retry(effects);
    phase_ = Phase::holding;
    if (holds_++ == 0) {
      renewing_ = true;
      effects.acquired(std::nullopt, params_->key, owner(context));
      effects.set_fixed_timer(TimerKind::renew, params_->timeout / 3);
    }
    if (holds_ <= params_->reentries) return acquire(context, effects);  // lock() once more
    effects.set_timer(TimerKind::work, ChoiceKind::work_duration, params_->work);
  }
  // A refused lock() waits and tries again; a refused re-entry too, still believing it holds.
  void retry(Effects& effects) {
    phase_ = holds_ > 0 ? Phase::holding : Phase::idle;
    waited_for_ = 0;
    effects.set_timer(TimerKind::retry, ChoiceKind::retry_delay, params_->retry_delay);
  }

  SharedValue<WatchdogParams> params_;
  Phase phase_ = Phase::idle;
  bool renewing_ = false;
  int64_t available_ = -1;  // Redisson's cached connected-replica count; -1: ask INFO
  int64_t waited_for_ = 0;  // the WAIT of the batch in flight asks for this many (0: none)
  Result acquire_result_ = Result::none;
  int64_t synced_ = -2;                    // WAIT's answer: -2 awaited, -1 the batch failed
  uint32_t holds_ = 0;                     // lock() calls of this hold not yet unlocked
  std::optional<uint64_t> fencing_token_;  // the newest token RFencedLock handed this hold
};

auto watchdog_params(const AlgorithmOptions& options) -> WatchdogParams {
  WatchdogParams params;
  params.timeout = options.ttl;
  params.replicated = options.replicated;
  params.request_timeout = options.request_timeout;
  if (const auto check = options.parameter("check-synced-replicas"))
    params.check_synced = *check != 0;
  if (const auto timeout = options.parameter("replicas-sync-timeout")) {
    params.sync_timeout = {*timeout};
  }
  if (const auto reentries = options.parameter("reentries")) {
    params.reentries = static_cast<uint32_t>(*reentries);
  }
  apply_timings(options, options.ttl, params);
  return params;
}

}  // namespace

auto make_watchdog(const AlgorithmOptions& options) -> std::unique_ptr<LockAlgorithm> {
  return std::make_unique<Watchdog>(watchdog_params(options));
}

auto make_redisson_fenced(const AlgorithmOptions& options) -> std::unique_ptr<LockAlgorithm> {
  WatchdogParams params = watchdog_params(options);
  params.name = "redisson-fenced";
  params.fenced = true;
  return std::make_unique<Watchdog>(std::move(params));
}

}  // namespace locksim

namespace locksim {

auto watchdog_parameters() -> std::span<const Parameter> {
  static const std::array parameters{
      Parameter{"check-synced-replicas", Parameter::Kind::count, 1,
                "1: fail (and unlock) an acquisition no replica acknowledged "
                "(checkLockSyncedSlaves); 0: WAIT, but never fail"},
      Parameter{"replicas-sync-timeout", Parameter::Kind::duration, 1'000'000,
                "how long WAIT waits for the replicas (slavesSyncTimeout)"},
      Parameter{"reentries", Parameter::Kind::count, 0,
                "lock() calls a holder adds before its work, each unlocked after it (reentrancy)",
                false, 100},
  };
  return parameters;
}

}  // namespace locksim
