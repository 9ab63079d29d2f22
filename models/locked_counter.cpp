// counter-under-<lock>: the counter workload's increment done inside a lock algorithm's critical
// section, as a program does that locks, reads, works, writes and unlocks: once the lock is
// acquired the holder GETs the counter (on r1); when its work is over (the lock's work timer) it
// SETs the value it read plus one, and only once the SET has answered (or timed out) does the
// lock go on to release. The lock is any algorithm of the catalog, unchanged: this wraps it,
// passes every event and effect through and adds the two commands. An increment whose GET or
// SET times out is given up unacknowledged (the lock does not retry its critical section), and
// one whose lock ends the section by itself (a failed extension) is abandoned. Whether the lock
// makes the read-modify-write safe is what lost-update shows (sim/check/lost_update.hpp): a
// holder whose lease ran out while it was paused writes back a stale read.
#include "models/counter.hpp"
#include "models/registry.hpp"

namespace locksim {
namespace {

// Tags of the increment's own commands: above every tag a lock uses (the highest are Redlock's
// and Redisson's unlock rounds, 0xFFFFFF00 plus a server below 64).
constexpr uint32_t kReadTag = 0xFFFF'FFF0;
constexpr uint32_t kWriteTag = 0xFFFF'FFF1;

class LockedCounter final : public AlgorithmBase<LockedCounter> {
 public:
  LockedCounter(std::string name, Program lock) : name_(std::move(name)), lock_(std::move(lock)) {}

  auto name() const -> std::string_view override { return name_; }
  void encode(StateEncoder& encoder) const override {
    lock_->encode(encoder);
    encoder.add(static_cast<uint64_t>(phase_));
    encoder.add(work_done_);
    encoder.add(read_);
    encoder.add(counts_.started);
    encoder.add(counts_.acknowledged);
  }
  auto canonical_tag(uint32_t tag) const -> uint32_t override {
    return tag >= kReadTag ? tag : lock_->canonical_tag(tag);
  }
  auto stores_times() const -> bool override { return lock_->stores_times(); }
  auto describe() const -> std::string override {
    return fmt::format("{}{}", lock_->describe(), phase_ == Phase::idle ? "" : ", incrementing");
  }
  auto liveness_bound() const -> Duration override { return lock_->liveness_bound(); }
  auto servers() const -> uint32_t override { return lock_->servers(); }
  auto keys() const -> std::vector<KeyUse> override {
    std::vector<KeyUse> keys = lock_->keys();
    keys.push_back({.key = std::string(kCounterKey), .role = KeyUse::Role::shared_counter});
    return keys;
  }
  auto increments() const -> std::optional<IncrementCounts> override { return counts_; }

  void start(const ClientContext& context, Effects& effects) override {
    pass(effects, [&](Effects& inner) { lock_->start(context, inner); });
  }
  void on_response(const ClientContext& context, const Response& response,
                   Effects& effects) override;
  void on_timer(const ClientContext& context, TimerKind kind, Effects& effects) override;

  auto operator==(const LockedCounter&) const -> bool = default;

 private:
  // reading: the GET is in flight; read: the value is known, the work goes on; writing: the
  // SET is in flight.
  enum class Phase : uint8_t { idle, reading, read, writing };

  // Runs the lock and passes on what it emits, starting the increment when it acquires and
  // abandoning it when it gives the lock up by itself.
  template <class Call>
  void pass(Effects& effects, Call call) {
    Effects inner;
    call(inner);
    for (Effect& effect : inner.list()) {
      const bool acquired = std::holds_alternative<effect::Acquired>(effect);
      if (std::holds_alternative<effect::Released>(effect)) phase_ = Phase::idle;
      effects.list().push_back(std::move(effect));
      if (!acquired) continue;
      ++counts_.started;
      phase_ = Phase::reading;
      work_done_ = false;
      effects.send(ServerId{0}, kReadTag, redis::Command::of("GET", std::string(kCounterKey)));
    }
  }
  void write(Effects& effects) {
    phase_ = Phase::writing;
    effects.send(ServerId{0}, kWriteTag,
                 redis::Command::of("SET", std::string(kCounterKey), std::to_string(read_ + 1)));
  }
  // The critical section's increment is done (or given up): the lock's work is over.
  void finish(const ClientContext& context, Effects& effects) {
    phase_ = Phase::idle;
    pass(effects, [&](Effects& inner) { lock_->on_timer(context, TimerKind::work, inner); });
  }

  std::string name_;
  Program lock_;
  Phase phase_ = Phase::idle;
  bool work_done_ = false;  // the work timer fired while the GET was in flight
  int64_t read_ = 0;        // what the GET answered
  IncrementCounts counts_;
};

void LockedCounter::on_response(const ClientContext& context, const Response& response,
                                Effects& effects) {
  if (response.tag < kReadTag) {
    return pass(effects, [&](Effects& inner) { lock_->on_response(context, response, inner); });
  }
  const bool answers_read = response.tag == kReadTag && phase_ == Phase::reading;
  const bool answers_write = response.tag == kWriteTag && phase_ == Phase::writing;
  if (!answers_read && !answers_write) return;  // of an increment abandoned
  if (answers_write) {
    if (response.reply && response.reply->is_ok()) ++counts_.acknowledged;
    return finish(context, effects);
  }
  if (!response.reply) {  // the GET timed out: the increment is given up
    phase_ = Phase::idle;
    if (work_done_) finish(context, effects);
    return;
  }
  read_ = counter_value(*response.reply);
  phase_ = Phase::read;
  if (work_done_) write(effects);
}

void LockedCounter::on_timer(const ClientContext& context, TimerKind kind, Effects& effects) {
  if (kind != TimerKind::work) {
    return pass(effects, [&](Effects& inner) { lock_->on_timer(context, kind, inner); });
  }
  switch (phase_) {
    case Phase::read: return write(effects);
    case Phase::reading: work_done_ = true; return;
    case Phase::idle:
    case Phase::writing: return finish(context, effects);
  }
}

}  // namespace

auto make_locked_counter(std::string name, std::unique_ptr<LockAlgorithm> lock)
    -> std::unique_ptr<LockAlgorithm> {
  return std::make_unique<LockedCounter>(std::move(name), Program(std::move(lock)));
}

}  // namespace locksim
