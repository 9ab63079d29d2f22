// The lock of the SETNX documentation's "Locking with SETNX" pattern: the key's value is the
// Unix time (in seconds, on the acquiring client's wall clock) at which the lock expires, and
// contenders recover a lock whose time has passed. Two recoveries: the broken one the page warns
// about (DEL, then SETNX again: getset_naive.cpp) and the page's recipe (GETSET, then check the
// old value: getset.cpp). The key itself never expires in Redis.
//
// "Expired" is `timestamp < now` on the judging client's clock, the page's "older than the
// current Unix time" (its prose also says an equal timestamp is no longer valid; the pseudo-code
// sleeps only while `cur > now`, so an equal timestamp is neither: we follow "older").
#pragma once

#include <string>

#include "models/lock_algorithm.hpp"
#include "sim/core/shared_value.hpp"

namespace locksim {

struct TimestampLockParams {
  enum class Recovery : uint8_t {
    del_then_setnx,  // the page's broken example: DEL the expired lock, SETNX again
    getset,          // the page's recipe: GETSET a new timestamp, own it if the old one expired
  };
  std::string name;
  Recovery recovery = Recovery::getset;
  std::string key = "lock.foo";
  int64_t timeout_s = 1;  // the lock timeout; the value written is now + timeout + 1
  Distribution retry_delay = Uniform{Duration::millis(50), Duration::millis(150)};
  Distribution work = Uniform{Duration::millis(100), Duration::millis(500)};
  Distribution idle = Uniform{Duration::millis(0), Duration::millis(500)};
  auto operator==(const TimestampLockParams&) const -> bool = default;
};

struct AlgorithmOptions;
// Timings from the options; the timeout is the ttl rounded up to whole seconds.
auto timestamp_params(std::string name, const AlgorithmOptions& options) -> TimestampLockParams;

class TimestampLock final : public AlgorithmBase<TimestampLock> {
 public:
  enum class Phase : uint8_t { idle, setnx, get, recover, holding, releasing };

  explicit TimestampLock(TimestampLockParams params) : params_(std::move(params)) {}

  auto name() const -> std::string_view override { return params_->name; }
  void encode(StateEncoder& encoder) const override;
  auto stores_times() const -> bool override { return true; }
  auto describe() const -> std::string override;
  auto liveness_bound() const -> Duration override;
  // The key itself never expires: its value says when the lock does.
  auto keys() const -> std::vector<KeyUse> override { return {{.key = params_->key}}; }

  void start(const ClientContext& context, Effects& effects) override;
  void on_response(const ClientContext& context, const Response& response,
                   Effects& effects) override;
  void on_timer(const ClientContext& context, TimerKind kind, Effects& effects) override;

  auto operator==(const TimestampLock&) const -> bool = default;

 private:
  void send_setnx(const ClientContext& context, Effects& effects);
  void retry_later(Effects& effects);
  void hold(const ClientContext& context, Effects& effects);
  void on_get(const ClientContext& context, const redis::Reply& reply, Effects& effects);
  void on_recover(const ClientContext& context, const redis::Reply& reply, Effects& effects);
  void release(const ClientContext& context, Effects& effects);

  SharedValue<TimestampLockParams> params_;
  Phase phase_ = Phase::idle;
  int64_t value_ = 0;  // the expiry timestamp this client wrote, in Unix seconds
};

}  // namespace locksim
