// Counter workloads: the atomic alternatives to a lock. Each client increments one shared
// counter again and again — GET, add one, SET — in one of three ways:
//   counter-unlocked  GET, then SET: two commands, nothing in between is excluded (the lost
//                     update every lock exists to prevent);
//   counter-watch     WATCH, GET, then MULTI / SET / EXEC, retried while EXEC answers the null
//                     array (the optimistic locking of redis.io's Transactions page, "Optimistic
//                     locking using check-and-set");
//   counter-script    one EVAL that GETs and SETs (scripts are atomic: redis.io's Scripting
//                     page, "Script atomicity").
// A request that times out leaves its outcome unknown; the client then retries the same
// increment from the start, as a client library's retry would, and whether that can count it
// twice is what the lost-update invariant watches (sim/check/lost_update.hpp). Between
// increments it idles. It never takes a lock: the lock invariants see nobody holding one.
#include <charconv>

#include "models/counter.hpp"
#include "models/registry.hpp"
#include "sim/core/assert.hpp"
#include "sim/core/shared_value.hpp"

namespace locksim {
namespace {

// The increment as one script: a read and a write that no other command can come between.
constexpr std::string_view kIncrementScript =
    "local value = tonumber(redis.call('get', KEYS[1]) or '0') + 1 "
    "redis.call('set', KEYS[1], value) return value";

struct CounterParams {
  enum class Method : uint8_t { unlocked, watch, script };
  std::string name;
  Method method = Method::unlocked;
  std::string key = std::string(kCounterKey);
  Distribution retry_delay = Uniform{Duration::millis(1), Duration::millis(10)};
  Distribution idle = Uniform{Duration{}, Duration::millis(100)};
  auto operator==(const CounterParams&) const -> bool = default;
};

class CounterIncrement final : public AlgorithmBase<CounterIncrement> {
 public:
  explicit CounterIncrement(CounterParams params) : params_(std::move(params)) {}

  auto name() const -> std::string_view override { return params_->name; }
  void encode(StateEncoder& encoder) const override {
    encoder.add(static_cast<uint64_t>(phase_));
    encoder.serial(attempt_);
    encoder.add(counts_.started);
    encoder.add(counts_.acknowledged);
  }
  auto describe() const -> std::string override {
    return fmt::format("{} ({} acknowledged of {})",
                       phase_ == Phase::idle ? "idle" : "incrementing", counts_.acknowledged,
                       counts_.started);
  }
  // It never wants a lock, so no liveness bound applies; a retry round is the natural unit.
  auto liveness_bound() const -> Duration override { return max_value(params_->retry_delay) * 2; }
  auto keys() const -> std::vector<KeyUse> override {
    return {{.key = params_->key, .role = KeyUse::Role::shared_counter}};
  }
  auto increments() const -> std::optional<IncrementCounts> override { return counts_; }

  void start(const ClientContext& /*context*/, Effects& effects) override { begin(effects); }
  void on_response(const ClientContext& context, const Response& response,
                   Effects& effects) override;
  void on_timer(const ClientContext& context, TimerKind kind, Effects& effects) override;

  auto operator==(const CounterIncrement&) const -> bool = default;

 private:
  enum class Phase : uint8_t { idle, incrementing, waiting_to_retry };
  // A tag is the attempt it belongs to and the step it answers: replies to an attempt given up
  // are told apart and ignored.
  enum Step : uint32_t { kRead = 0, kWrite = 1, kWatch = 2, kMulti = 3, kExec = 4, kScript = 5 };
  static constexpr uint32_t kStepBits = 3;

  auto tag(Step step) const -> uint32_t { return attempt_ << kStepBits | step; }
  void begin(Effects& effects) {
    ++counts_.started;
    send_attempt(effects);
  }
  void send_attempt(Effects& effects);
  void retry(Effects& effects) {
    phase_ = Phase::waiting_to_retry;
    effects.set_timer(TimerKind::retry, ChoiceKind::retry_delay, params_->retry_delay);
  }
  void acknowledged(Effects& effects) {
    ++counts_.acknowledged;
    phase_ = Phase::idle;
    effects.set_timer(TimerKind::idle, ChoiceKind::idle_duration, params_->idle);
  }

  SharedValue<CounterParams> params_;
  Phase phase_ = Phase::idle;
  uint32_t attempt_ = 0;  // attempts by this incarnation, for the tags
  IncrementCounts counts_;
};

void CounterIncrement::send_attempt(Effects& effects) {
  phase_ = Phase::incrementing;
  ++attempt_;
  switch (params_->method) {
    case CounterParams::Method::unlocked:
      effects.send(ServerId{0}, tag(kRead), redis::Command::of("GET", params_->key));
      return;
    case CounterParams::Method::watch:
      effects.send(ServerId{0}, tag(kWatch), redis::Command::of("WATCH", params_->key));
      effects.send(ServerId{0}, tag(kRead), redis::Command::of("GET", params_->key));
      return;
    case CounterParams::Method::script:
      effects.send(ServerId{0}, tag(kScript),
                   redis::Command::of("EVAL", std::string(kIncrementScript), "1", params_->key));
      return;
  }
}

void CounterIncrement::on_response(const ClientContext& /*context*/, const Response& response,
                                   Effects& effects) {
  if (phase_ != Phase::incrementing || response.tag >> kStepBits != attempt_) return;
  if (!response.reply) return retry(effects);  // timed out: the outcome is unknown
  const redis::Reply& reply = *response.reply;
  switch (static_cast<Step>(response.tag & ((1U << kStepBits) - 1))) {
    case kRead: {
      const std::string next = std::to_string(counter_value(reply) + 1);
      if (params_->method == CounterParams::Method::unlocked) {
        effects.send(ServerId{0}, tag(kWrite), redis::Command::of("SET", params_->key, next));
      } else {
        effects.send(ServerId{0}, tag(kMulti), redis::Command::of("MULTI"));
        effects.send(ServerId{0}, tag(kWrite), redis::Command::of("SET", params_->key, next));
        effects.send(ServerId{0}, tag(kExec), redis::Command::of("EXEC"));
      }
      return;
    }
    case kWrite:
      // Under WATCH the SET only answers QUEUED; EXEC's reply decides.
      if (params_->method == CounterParams::Method::watch) return;
      return reply.is_ok() ? acknowledged(effects) : retry(effects);
    case kWatch:
    case kMulti: return;
    case kExec:
      // An array: the SET ran. The null array: the counter changed since WATCH; try again.
      return reply.type == redis::Reply::Type::array ? acknowledged(effects) : retry(effects);
    case kScript:
      return reply.type == redis::Reply::Type::integer ? acknowledged(effects) : retry(effects);
  }
  LOCKSIM_UNREACHABLE("tag {}", response.tag);
}

void CounterIncrement::on_timer(const ClientContext& /*context*/, TimerKind kind,
                                Effects& effects) {
  switch (kind) {
    case TimerKind::retry: return send_attempt(effects);
    case TimerKind::idle: return begin(effects);
    case TimerKind::work:
    case TimerKind::deadline:
    case TimerKind::renew: break;
  }
  LOCKSIM_UNREACHABLE("{} timer for {}", to_string(kind), params_->name);
}

auto make_counter(std::string name, CounterParams::Method method, const AlgorithmOptions& options)
    -> std::unique_ptr<LockAlgorithm> {
  CounterParams params{.name = std::move(name), .method = method};
  if (options.idle) params.idle = *options.idle;
  if (options.retry_delay) params.retry_delay = *options.retry_delay;
  return std::make_unique<CounterIncrement>(std::move(params));
}

}  // namespace

auto counter_value(const redis::Reply& reply) -> int64_t {
  int64_t value = 0;
  if (reply.type == redis::Reply::Type::bulk) {
    std::from_chars(reply.text.data(), reply.text.data() + reply.text.size(), value);
  }
  return value;
}

auto make_counter_unlocked(const AlgorithmOptions& options) -> std::unique_ptr<LockAlgorithm> {
  return make_counter("counter-unlocked", CounterParams::Method::unlocked, options);
}

auto make_counter_watch(const AlgorithmOptions& options) -> std::unique_ptr<LockAlgorithm> {
  return make_counter("counter-watch", CounterParams::Method::watch, options);
}

auto make_counter_script(const AlgorithmOptions& options) -> std::unique_ptr<LockAlgorithm> {
  return make_counter("counter-script", CounterParams::Method::script, options);
}

}  // namespace locksim
