// watchdog: Redisson's RLock — a reentrant lock on a hash whose field names the owner
// ("<client id>:<thread id>"), taken and released by scripts, kept alive by a watchdog that
// resets the TTL to lockWatchdogTimeout every timeout/3 while the owner runs.
//   acquire: EVAL: if the key is absent or the field is ours, HINCRBY field 1 and PEXPIRE
//            timeout, return nil; else return PTTL (retry later)
//   renew:   every timeout/3: EVAL: if the field is ours, PEXPIRE timeout and return 1, else 0
//            (0 cancels the watchdog silently; errors and timeouts reschedule it)
//   release: EVAL: HINCRBY field -1; PEXPIRE if still positive, else DEL
// The client keeps no lease: it believes it holds until it unlocks.
// Sources: Redisson RedissonLock.java, RedissonBaseLock.java, renewal/*; Config.java
// (lockWatchdogTimeout = 30000 ms); ../shared/reference/redis-locks.md B.4, C-6a. The timeout
// here is the options' ttl (30 s in Redisson). The unlock script's PUBLISH to waiting clients is
// left out (no pub/sub in the model; waiters retry after a delay), and so is the WAIT Redisson
// issues after acquiring.
// Known flaws: a pause longer than the TTL left at its start (at most the timeout, at least
// 2/3 of it) lets the key expire while the owner still believes (C-6a); when it resumes, the
// watchdog finds the field gone and stops without telling it. Failover can lose the hash (C-9).
#include <fmt/format.h>

#include "models/registry.hpp"
#include "sim/core/assert.hpp"

namespace locksim {
namespace {

constexpr std::string_view kAcquireScript =
    "if (redis.call('exists', KEYS[1]) == 0) or (redis.call('hexists', KEYS[1], ARGV[2]) == 1) "
    "then redis.call('hincrby', KEYS[1], ARGV[2], 1); redis.call('pexpire', KEYS[1], ARGV[1]); "
    "return nil; end; return redis.call('pttl', KEYS[1]);";
constexpr std::string_view kRenewScript =
    "if (redis.call('hexists', KEYS[1], ARGV[2]) == 1) then "
    "redis.call('pexpire', KEYS[1], ARGV[1]); return 1; end; return 0;";
constexpr std::string_view kUnlockScript =
    "if (redis.call('hexists', KEYS[1], ARGV[2]) == 0) then return nil; end; "
    "local counter = redis.call('hincrby', KEYS[1], ARGV[2], -1); "
    "if (counter > 0) then redis.call('pexpire', KEYS[1], ARGV[1]); return 0; "
    "else redis.call('del', KEYS[1]); return 1; end; return nil;";

struct WatchdogParams {
  std::string key = "lock";
  Duration timeout = Duration::seconds(30);  // lockWatchdogTimeout
  Distribution retry_delay = Uniform{Duration::millis(50), Duration::millis(150)};
  Distribution work;
  Distribution idle;
  auto operator==(const WatchdogParams&) const -> bool = default;
};

class Watchdog final : public AlgorithmBase<Watchdog> {
 public:
  enum class Phase : uint8_t { idle, acquiring, holding, releasing };

  explicit Watchdog(WatchdogParams params) : params_(std::move(params)) {}

  auto name() const -> std::string_view override { return "watchdog"; }
  void encode(StateEncoder& f) const override {
    f.add(static_cast<uint64_t>(phase_));
    f.add(renewing_);
  }
  auto describe() const -> std::string override {
    return fmt::format("phase {} watchdog {}", static_cast<int>(phase_), renewing_ ? "on" : "off");
  }
  // A dead owner's hash expires within one timeout (no renewal resets it any more).
  auto liveness_bound() const -> Duration override {
    return params_.timeout + max_value(params_.retry_delay) * 2;
  }
  auto keys() const -> std::vector<KeyUse> override {
    return {{.key = params_.key, .ttl = params_.timeout}};
  }

  void start(const ClientContext& context, Effects& effects) override {
    effects.attempting();
    acquire(context, effects);
  }

  void on_response(const ClientContext& context, const Response& response,
                   Effects& effects) override {
    switch (static_cast<Tag>(response.tag)) {
      case Tag::acquire: {
        LOCKSIM_ASSERT(phase_ == Phase::acquiring, "acquire reply in phase {}",
                       static_cast<int>(phase_));
        if (!response.reply || response.reply->type != redis::Reply::Type::nil) {
          phase_ = Phase::idle;
          effects.set_timer(TimerKind::retry, ChoiceKind::retry_delay, params_.retry_delay);
          return;
        }
        phase_ = Phase::holding;
        renewing_ = true;
        effects.acquired(std::nullopt, params_.key, owner(context));
        effects.set_fixed_timer(TimerKind::renew, params_.timeout / 3);
        effects.set_timer(TimerKind::work, ChoiceKind::work_duration, params_.work);
        return;
      }
      case Tag::renew:
        if (!renewing_) return;
        if (response.reply && response.reply->type == redis::Reply::Type::integer &&
            response.reply->integer == 0) {
          renewing_ = false;  // the field is gone: stop, and tell nobody
          return;
        }
        effects.set_fixed_timer(TimerKind::renew, params_.timeout / 3);
        return;
      case Tag::release:
        phase_ = Phase::idle;
        effects.set_timer(TimerKind::idle, ChoiceKind::idle_duration, params_.idle);
        return;
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
        effects.write_resource(std::nullopt);
        effects.released();
        effects.cancel_timer(TimerKind::renew);
        renewing_ = false;
        phase_ = Phase::releasing;
        effects.send(ServerId{0}, static_cast<uint32_t>(Tag::release),
                     script(kUnlockScript, context));
        return;
      case TimerKind::deadline: break;
    }
    LOCKSIM_UNREACHABLE("{} timer for watchdog", to_string(kind));
  }

  auto operator==(const Watchdog&) const -> bool = default;

 private:
  enum class Tag : uint32_t { acquire, renew, release };

  // One owner per process: "<client id>:<thread id>", with a single thread.
  static auto owner(const ClientContext& context) -> std::string {
    return fmt::format("c{}.{}:1", context.client.index + 1, context.incarnation);
  }
  auto script(std::string_view body, const ClientContext& context) const -> redis::Command {
    return redis::Command{{"EVAL", std::string(body), "1", params_.key,
                           std::to_string(params_.timeout.floor_ms()), owner(context)}};
  }
  void acquire(const ClientContext& context, Effects& effects) {
    phase_ = Phase::acquiring;
    effects.send(ServerId{0}, static_cast<uint32_t>(Tag::acquire), script(kAcquireScript, context));
  }

  WatchdogParams params_;
  Phase phase_ = Phase::idle;
  bool renewing_ = false;
};

}  // namespace

auto make_watchdog(const AlgorithmOptions& options) -> std::unique_ptr<LockAlgorithm> {
  WatchdogParams params;
  params.timeout = options.ttl;
  apply_timings(options, options.ttl, params);
  return std::make_unique<Watchdog>(std::move(params));
}

}  // namespace locksim
