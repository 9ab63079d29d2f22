// redlock-redisson and redlock-redisson-lease: Redisson's RedissonRedLock (deprecated since
// 3.12.5), a RedissonMultiLock over N RLocks on independent masters, each taken with the RLock's
// hash script (redisson_scripts.hpp). Sources, redisson/redisson @6686397 under
// redisson/src/main/java/org/redisson/:
//   RedissonRedLock.java: quorum N/2+1, failedLocksLimit N - quorum (44-51), per-lock wait
//     max(remainTime / N, 1) ms (53-56), unlock() unlocks every lock (58-61).
//   RedissonMultiLock.java: lock() = lockInterruptibly(-1) (180-187, 236-239), which loops
//     tryLock(N * 1500 ms, -1) until it succeeds (242-265); tryLock(wait, lease) (305-388): the
//     masters one after another, each RLock.tryLock(min(lockWait, remain), newLease) with
//     newLease = -1 for lock() and 2 * wait for a lease (312-319); a response timeout unlocks
//     that lock (340-342); when a lock fails and exactly a quorum is held it stops there (350-
//     352), when failures run out it unlocks what it holds and starts the pass again (354-364);
//     remain counts down on System.currentTimeMillis and, when spent, it unlocks and returns false
//     (370-377); with a lease, PEXPIRE lease on every lock held, whoever owns the key
//     (RedissonExpirable.java:53-55, 207-220), waited for (380-385). No elapsed time, drift or
//     validity is checked: it holds until it unlocks.
//   RedissonLock.java: tryLock(wait, lease) (226-311) tries, and while its wait lasts waits for
//     the unlock message or the ttl and tries again; lease -1 takes internalLockLeaseTime, the
//     lockWatchdogTimeout (Config.java:81, 30 s), and schedules the renewal (195-202), which
//     resets the TTL every timeout/3 while the field is ours and stops when it is gone.
// Forms: redlock-redisson is lock() — every key gets the watchdog lease (the options' ttl stands
// for lockWatchdogTimeout) renewed every ttl/3 — and redlock-redisson-lease is tryLock(wait,
// lease) with the options' ttl as the lease and wait N * 1500 ms unless set (redlock-redisson-
// lease:wait=...): keys first get 2 * wait, then PEXPIRE ttl once a quorum is held. A tryLock that
// returns false gives up (the workload tries again after an idle spell); lock() starts over.
// Left out: pub/sub (a waiter wakes after the retry delay, standing for the unlock message or the
// ttl, and the try right after subscribing is folded into that wait); waiting for the unlocks of
// a failed pass to be answered; the WAIT an RLock sends when its master has replicas (each master
// here is a single node, for which Redisson sends none: CommandAsyncService.java:1097-1107).
#include <fmt/format.h>

#include <array>
#include <bit>
#include <vector>

#include "models/redisson_scripts.hpp"
#include "models/registry.hpp"
#include "sim/core/assert.hpp"
#include "sim/core/shared_value.hpp"

namespace locksim {
namespace {

constexpr uint32_t kUnlockRound = 0xFF'FFFF;  // unlocks of a failed pass: replies ignored
constexpr uint32_t kRenewRound = 0xFF'FFFE;   // the watchdog's renewals

struct RedissonRedlockParams {
  std::string name;
  std::string key = "lock";
  uint32_t servers = 5;
  Duration ttl = Duration::seconds(30);  // the watchdog lease, or the fixed lease
  bool watchdog = true;                  // lock(): lease -1; else tryLock(wait, ttl)
  Duration wait = Duration::millis(7'500);
  Distribution retry_delay = Uniform{Duration{}, Duration::millis(100)};
  Distribution work;
  Distribution idle;
  auto operator==(const RedissonRedlockParams&) const -> bool = default;
};

class RedissonRedlock final : public AlgorithmBase<RedissonRedlock> {
 public:
  enum class Phase : uint8_t { idle, acquiring, waiting, expiring, holding, releasing };

  explicit RedissonRedlock(RedissonRedlockParams params)
      : params_(std::move(params)), renew_at_(params_->servers) {}

  auto name() const -> std::string_view override { return params_->name; }
  void encode(StateEncoder& encoder) const override {
    encoder.add(static_cast<uint64_t>(phase_));
    encoder.serial(round_);
    encoder.add(current_);
    encoder.add(acquired_);
    encoder.add(failures_left_);
    encoder.add(pending_);
    const bool in_pass = phase_ == Phase::acquiring || phase_ == Phase::waiting;
    if (encoder.wants(in_pass)) {
      encoder.wall(checked_);
      encoder.add(static_cast<uint64_t>(remain_.us));
      encoder.wall(lock_checked_);
      encoder.add(static_cast<uint64_t>(lock_remain_.us));
    }
    for (const std::optional<LocalTime>& at : renew_at_) {
      encoder.add(at.has_value());
      if (at) encoder.monotonic(*at);
    }
  }
  // Replies of the current round are read; unlocks' never; renewals' whatever the round.
  auto canonical_tag(uint32_t tag) const -> uint32_t override {
    const uint32_t round = tag >> 8;
    const uint32_t kind = round == round_         ? 1
                          : round == kUnlockRound ? 2
                          : round == kRenewRound  ? 3
                                                  : 0;
    return kind << 8 | (tag & 0xFF);
  }
  auto describe() const -> std::string override {
    return fmt::format("phase {} lock {} held {:#x}", static_cast<int>(phase_), current_,
                       acquired_);
  }
  // A dead holder's keys expire within a lease; a contender's pass then takes at most its wait,
  // twice for a split pass.
  auto liveness_bound() const -> Duration override {
    return params_->ttl + (params_->wait + max_value(params_->retry_delay)) * 2;
  }
  auto servers() const -> uint32_t override { return params_->servers; }
  auto keys() const -> std::vector<KeyUse> override {
    return {{.key = params_->key, .ttl = params_->watchdog ? params_->ttl : first_lease()}};
  }

  void start(const ClientContext& context, Effects& effects) override {
    effects.attempting();
    begin_try(context, effects);
  }

  void on_response(const ClientContext& context, const Response& response,
                   Effects& effects) override {
    const uint32_t round = response.tag >> 8;
    const uint32_t server = response.tag & 0xFF;
    if (round == kRenewRound) return renewed(context, server, response, effects);
    if (round != round_) return;
    switch (phase_) {
      case Phase::acquiring: return lock_answered(context, response, effects);
      case Phase::expiring:
        if (--pending_ == 0) return holding(context, effects);
        return;
      case Phase::releasing:
        if (--pending_ == 0) {
          phase_ = Phase::idle;
          effects.set_timer(TimerKind::idle, ChoiceKind::idle_duration, params_->idle);
        }
        return;
      case Phase::idle:
      case Phase::waiting:
      case Phase::holding: return;
    }
  }

  void on_timer(const ClientContext& context, TimerKind kind, Effects& effects) override {
    switch (kind) {
      case TimerKind::retry:  // the RLock's wait for its master ends: time left?
        LOCKSIM_ASSERT(phase_ == Phase::waiting, "retry in phase {}", static_cast<int>(phase_));
        if (lock_time_left(context)) return send_acquire(context, effects);
        return lock_failed(context, false, effects);
      case TimerKind::idle: effects.attempting(); return begin_try(context, effects);
      case TimerKind::renew: return renew(context, effects);
      case TimerKind::work:
        effects.write_resource(std::nullopt);
        effects.released();
        effects.cancel_timer(TimerKind::renew);
        std::fill(renew_at_.begin(), renew_at_.end(), std::nullopt);
        acquired_ = 0;  // a renewal answered from now on reschedules nothing
        phase_ = Phase::releasing;
        ++round_;
        pending_ = params_->servers;  // unlock() unlocks every lock and waits for each
        for (uint32_t s = 0; s < params_->servers; ++s) {
          send(s, round_, redisson::kUnlockScript, params_->ttl, context, effects);
        }
        return;
      case TimerKind::deadline: break;
    }
    LOCKSIM_UNREACHABLE("{} timer for {}", to_string(kind), params_->name);
  }

  auto operator==(const RedissonRedlock&) const -> bool = default;

 private:
  auto quorum() const -> uint32_t { return params_->servers / 2 + 1; }
  auto failed_locks_limit() const -> uint32_t { return params_->servers - quorum(); }
  auto held() const -> uint32_t { return static_cast<uint32_t>(std::popcount(acquired_)); }
  // newLeaseTime: -1 (the watchdog's lease) for lock(), 2 * wait for tryLock(wait, lease).
  auto first_lease() const -> Duration {
    return params_->watchdog ? params_->ttl : params_->wait * 2;
  }
  static auto owner(const ClientContext& context) -> std::string {
    return fmt::format("c{}.{}:1", context.client.index + 1, context.incarnation);
  }
  void send(uint32_t server, uint32_t round, std::string_view script, Duration lease,
            const ClientContext& context, Effects& effects) const {
    effects.send(ServerId{server}, round << 8 | server,
                 redis::Command::of("EVAL", std::string(script), "1", params_->key,
                                    std::to_string(lease.floor_ms()), owner(context)));
  }

  // tryLock(wait, lease): a pass over the masters with `wait` to spend.
  void begin_try(const ClientContext& context, Effects& effects) {
    remain_ = params_->wait;
    checked_ = context.wall_now;
    begin_pass(context, effects);
  }
  void begin_pass(const ClientContext& context, Effects& effects) {
    acquired_ = 0;
    failures_left_ = failed_locks_limit();
    current_ = 0;
    begin_lock(context, effects);
  }
  // RLock.tryLock(min(lockWait, remain), newLease) on the current master.
  void begin_lock(const ClientContext& context, Effects& effects) {
    const Duration lock_wait = std::max(params_->wait / params_->servers, Duration::millis(1));
    lock_remain_ = std::min(lock_wait, remain_);
    lock_checked_ = context.wall_now;
    send_acquire(context, effects);
  }
  void send_acquire(const ClientContext& context, Effects& effects) {
    phase_ = Phase::acquiring;
    ++round_;
    send(current_, round_, redisson::kAcquireScript, first_lease(), context, effects);
  }
  // The RLock's `time -= now - current; if (time <= 0) return false`, on the wall clock.
  auto lock_time_left(const ClientContext& context) -> bool {
    lock_remain_ = lock_remain_ - (context.wall_now - lock_checked_);
    lock_checked_ = context.wall_now;
    return lock_remain_.us > 0;
  }

  void lock_answered(const ClientContext& context, const Response& response, Effects& effects) {
    if (!response.reply) return lock_failed(context, true, effects);  // response timeout
    if (response.reply->type == redis::Reply::Type::nil) {
      acquired_ |= uint64_t{1} << current_;
      if (params_->watchdog) schedule_renewal(context, current_, effects);
      return next_lock(context, effects);
    }
    if (response.reply->type == redis::Reply::Type::integer && lock_time_left(context)) {
      phase_ = Phase::waiting;  // held by another: wait for its unlock (or its ttl)
      effects.set_timer(TimerKind::retry, ChoiceKind::retry_delay, params_->retry_delay);
      return;
    }
    lock_failed(context, false, effects);  // its wait is over, or an error
  }

  void lock_failed(const ClientContext& context, bool timed_out, Effects& effects) {
    if (timed_out)
      send(current_, kUnlockRound, redisson::kUnlockScript, params_->ttl, context, effects);
    if (params_->servers - held() == failed_locks_limit()) return quorum_held(context, effects);
    if (failures_left_ == 0) {
      unlock_held(context, effects);
      if (!spend_remain(context, effects)) return;
      return begin_pass(context, effects);
    }
    --failures_left_;
    next_lock(context, effects);
  }

  void next_lock(const ClientContext& context, Effects& effects) {
    if (!spend_remain(context, effects)) return;
    if (++current_ == params_->servers) return quorum_held(context, effects);
    begin_lock(context, effects);
  }

  // remainTime -= elapsed; when spent, unlock what is held and return false from tryLock.
  auto spend_remain(const ClientContext& context, Effects& effects) -> bool {
    remain_ = remain_ - (context.wall_now - checked_);
    checked_ = context.wall_now;
    if (remain_.us > 0) return true;
    unlock_held(context, effects);
    if (params_->watchdog) {  // lock(): tryLock again at once
      begin_try(context, effects);
    } else {
      effects.gave_up();
      phase_ = Phase::idle;
      effects.set_timer(TimerKind::idle, ChoiceKind::idle_duration, params_->idle);
    }
    return false;
  }

  void unlock_held(const ClientContext& context, Effects& effects) {
    for (uint32_t s = 0; s < params_->servers; ++s) {
      if ((acquired_ >> s & 1) == 0) continue;
      send(s, kUnlockRound, redisson::kUnlockScript, params_->ttl, context, effects);
      renew_at_[s].reset();
    }
    acquired_ = 0;
    reschedule_renewal(effects);
  }

  // The pass ended holding a quorum (or every master); a lease is then set on each lock held.
  void quorum_held(const ClientContext& context, Effects& effects) {
    if (params_->watchdog) return holding(context, effects);
    phase_ = Phase::expiring;
    ++round_;
    pending_ = held();
    for (uint32_t s = 0; s < params_->servers; ++s) {
      if (acquired_ >> s & 1)
        send(s, round_, redisson::kExpireScript, params_->ttl, context, effects);
    }
  }

  void holding(const ClientContext& context, Effects& effects) {
    phase_ = Phase::holding;
    effects.acquired(std::nullopt, params_->key, owner(context));
    effects.set_timer(TimerKind::work, ChoiceKind::work_duration, params_->work);
  }

  // The watchdog of each lock held: every ttl/3 from when it was taken or last renewed.
  void schedule_renewal(const ClientContext& context, uint32_t server, Effects& effects) {
    renew_at_[server] = context.monotonic_now + params_->ttl / 3;
    reschedule_renewal(context, effects);
  }
  void reschedule_renewal(const ClientContext& context, Effects& effects) {
    std::optional<LocalTime> next;
    for (const auto& at : renew_at_) {
      if (at && (!next || *at < *next)) next = at;
    }
    if (next) {
      effects.set_fixed_timer(TimerKind::renew,
                              std::max(*next - context.monotonic_now, Duration{}));
    } else {
      effects.cancel_timer(TimerKind::renew);
    }
  }
  void reschedule_renewal(Effects& effects) {
    if (std::none_of(renew_at_.begin(), renew_at_.end(), [](const auto& at) { return at; })) {
      effects.cancel_timer(TimerKind::renew);
    }
  }
  void renew(const ClientContext& context, Effects& effects) {
    for (uint32_t s = 0; s < params_->servers; ++s) {
      if (!renew_at_[s] || *renew_at_[s] > context.monotonic_now) continue;
      renew_at_[s].reset();  // due again once it is answered
      send(s, kRenewRound, redisson::kRenewScript, params_->ttl, context, effects);
    }
    reschedule_renewal(context, effects);
  }
  void renewed(const ClientContext& context, uint32_t server, const Response& response,
               Effects& effects) {
    if ((acquired_ >> server & 1) == 0) return;  // unlocked since
    const bool gone = response.reply && response.reply->type == redis::Reply::Type::integer &&
                      response.reply->integer == 0;
    if (gone) return;  // the field is gone: this lock's renewal stops, and tells nobody
    schedule_renewal(context, server, effects);
  }

  SharedValue<RedissonRedlockParams> params_;
  Phase phase_ = Phase::idle;
  uint32_t round_ = 0;
  uint32_t current_ = 0;        // the master being locked
  uint64_t acquired_ = 0;       // masters whose lock is held, a bit each (--servers <= 64)
  uint32_t failures_left_ = 0;  // failedLocksLimit, counting down in the pass
  uint32_t pending_ = 0;        // replies still awaited (PEXPIREs, unlocks)
  Duration remain_;             // tryLock's remainTime
  LocalTime checked_;           // wall clock when remain_ was last counted down
  Duration lock_remain_;        // the current RLock's wait left
  LocalTime lock_checked_;
  std::vector<std::optional<LocalTime>> renew_at_;  // monotonic: each held lock's next renewal
};

auto make_redisson(std::string name, bool watchdog, const AlgorithmOptions& options)
    -> std::unique_ptr<LockAlgorithm> {
  RedissonRedlockParams params;
  params.name = std::move(name);
  params.servers = options.servers;
  params.ttl = options.ttl;
  params.watchdog = watchdog;
  params.wait = Duration::millis(1'500) * options.servers;
  if (const auto wait = options.parameter("wait")) params.wait = {*wait};
  apply_timings(options, options.ttl, params);
  LOCKSIM_ASSERT(params.servers <= 64, "{} locks {} masters; a bit each takes at most 64",
                 params.name, params.servers);
  return std::make_unique<RedissonRedlock>(std::move(params));
}

}  // namespace

auto make_redlock_redisson(const AlgorithmOptions& options) -> std::unique_ptr<LockAlgorithm> {
  return make_redisson("redlock-redisson", true, options);
}
auto make_redlock_redisson_lease(const AlgorithmOptions& options)
    -> std::unique_ptr<LockAlgorithm> {
  return make_redisson("redlock-redisson-lease", false, options);
}

auto redlock_redisson_lease_parameters() -> std::span<const Parameter> {
  static const std::array parameters{Parameter{
      "wait", Parameter::Kind::duration, 7'500'000,
      "tryLock's wait time; unset: masters x 1500 ms, what lock() waits per try (shown for 5)"}};
  return parameters;
}

}  // namespace locksim
