// The interface every lock algorithm implements. An algorithm is the state machine of one client
// process: it holds value state, reacts to its start, to replies and to its own timers, and emits
// effects as data (send this command, set this timer, "I now hold the lock"). It never calls the
// world and never sees true time: only its own node's clock readings, through ClientContext.
//
// To add an algorithm: write one file deriving from AlgorithmBase<YourAlgorithm> (value state
// with a defaulted ==, an encode() of the same state, the keys it writes) and add one line to
// registry.cpp.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <typeinfo>
#include <variant>
#include <vector>

#include "sim/core/assert.hpp"
#include "sim/core/choice.hpp"
#include "sim/core/fingerprint.hpp"
#include "sim/core/ids.hpp"
#include "sim/core/state_encoder.hpp"
#include "sim/core/time.hpp"
#include "sim/redis/command.hpp"
#include "sim/redis/reply.hpp"

namespace locksim {

// A client's timers, one of each kind at a time; setting one again replaces it.
enum class TimerKind : uint8_t {
  retry,     // try to acquire again
  work,      // the critical section is done
  idle,      // start the next acquire loop
  deadline,  // an acquire round has waited long enough for replies
  renew,     // extend the lease (a watchdog)
};
inline constexpr size_t kTimerKindCount = 5;
auto to_string(TimerKind kind) -> std::string_view;

// What the algorithm may read: who it is and its own clocks.
struct ClientContext {
  ClientId client;
  uint32_t incarnation = 0;  // 0 for the first run of the process, +1 at every restart
  LocalTime monotonic_now;
  LocalTime wall_now;
};

// The outcome of a command: its reply, or nothing when the request timed out — an ambiguous
// outcome, since the server may or may not have applied it.
struct Response {
  ServerId server;
  uint32_t tag = 0;  // the algorithm's own label, given when it sent the command
  std::optional<redis::Reply> reply;
};

namespace effect {
// The client starts wanting the lock (its acquire loop begins); the wait ends when it acquires
// or gives up. Latency and liveness are measured from here.
struct Attempting {};
struct GaveUp {};
struct Send {
  ServerId server;
  uint32_t tag;
  redis::Command command;
};
struct SetTimer {
  TimerKind kind;
  ChoiceKind purpose;                // names the choice when the delay is drawn
  const Distribution* distribution;  // points into the algorithm's parameters
};
// A timer whose delay is fixed by the algorithm's own arithmetic: no choice is made.
struct SetFixedTimer {
  TimerKind kind;
  Duration after;
};
struct CancelTimer {
  TimerKind kind;
};
// The algorithm now believes it holds the lock, stored as `key` = `token` (on every server it
// wrote it to); if it watches its lease, it believes so until its monotonic clock reads
// lease_end.
struct Acquired {
  std::optional<LocalTime> lease_end;
  std::string key;
  std::string token;
};
// The algorithm extended the lock it holds (or believes it still holds): it believes so until
// its monotonic clock reads lease_end. An extension that comes after the lease it had ran out
// claims the lock was held throughout (an extend that re-creates an expired key, C-11).
struct Extended {
  LocalTime lease_end;
};
// The belief ends: the algorithm starts releasing (or gives the lock up).
struct Released {};
// A write to the protected resource, with a fencing token when the algorithm has one. A
// resource that sees fencing tokens rejects a write whose token is below the highest it accepted.
struct WriteResource {
  std::optional<uint64_t> fencing_token;
};
}  // namespace effect

using Effect = std::variant<effect::Attempting, effect::GaveUp, effect::Send, effect::SetTimer,
                            effect::SetFixedTimer, effect::CancelTimer, effect::Acquired,
                            effect::Extended, effect::Released, effect::WriteResource>;

class Effects {
 public:
  void attempting() { list_.emplace_back(effect::Attempting{}); }
  void gave_up() { list_.emplace_back(effect::GaveUp{}); }
  void send(ServerId server, uint32_t tag, redis::Command command) {
    list_.emplace_back(effect::Send{server, tag, std::move(command)});
  }
  void set_timer(TimerKind kind, ChoiceKind purpose, const Distribution& after) {
    list_.emplace_back(effect::SetTimer{kind, purpose, &after});
  }
  void set_fixed_timer(TimerKind kind, Duration after) {
    list_.emplace_back(effect::SetFixedTimer{kind, after});
  }
  void cancel_timer(TimerKind kind) { list_.emplace_back(effect::CancelTimer{kind}); }
  void acquired(std::optional<LocalTime> lease_end, std::string key, std::string token) {
    list_.emplace_back(effect::Acquired{lease_end, std::move(key), std::move(token)});
  }
  void extended(LocalTime lease_end) { list_.emplace_back(effect::Extended{lease_end}); }
  void released() { list_.emplace_back(effect::Released{}); }
  void write_resource(std::optional<uint64_t> token) {
    list_.emplace_back(effect::WriteResource{token});
  }

  auto list() -> std::vector<Effect>& { return list_; }

 private:
  std::vector<Effect> list_;
};

// A key an algorithm writes and what it is for. Declared up front, so that invariants can watch
// the key from its first write on, whatever the writer learnt of its own commands (a client
// that dies before SETNX's reply reaches it believes nothing, yet its key is there).
struct KeyUse {
  enum class Role : uint8_t {
    lock,             // the lock itself: whoever set it holds the lock
    fencing_counter,  // a counter whose increments are the fencing tokens
  };
  std::string key;
  Role role = Role::lock;
  // For a lock key, the expiry the algorithm means it to have; none: it never expires and only
  // its holder's release removes it.
  std::optional<Duration> ttl;
};

class LockAlgorithm {
 public:
  virtual ~LockAlgorithm() = default;

  virtual auto name() const -> std::string_view = 0;
  virtual auto clone() const -> std::unique_ptr<LockAlgorithm> = 0;
  // Takes on the state of `other`, which has the same dynamic type, keeping its own buffers:
  // the model checker copies a world into one it has finished with instead of allocating anew.
  virtual void assign_from(const LockAlgorithm& other) = 0;
  // Same dynamic type and same state.
  virtual auto equals(const LockAlgorithm& other) const -> bool = 0;
  // Writes its state (parameters are fixed for a run and equal in every world compared): clock
  // readings through encoder.monotonic/wall, tokens through text, counters that only make
  // tokens or tags unique through serial (sim/core/state_encoder.hpp).
  virtual void encode(StateEncoder& encoder) const = 0;
  // The tag of an outstanding command as the model checker tells tags apart: tags that make
  // the same reply be handled alike may be written alike (Redlock ignores every round but the
  // current one). Identity by default.
  virtual auto canonical_tag(uint32_t tag) const -> uint32_t { return tag; }
  // Whether it keeps a clock reading as data that others read (the GETSET recipe writes
  // timestamps into the key): then worlds at different times are never merged.
  virtual auto stores_times() const -> bool { return false; }
  // One line for traces: the phase and what it waits for.
  virtual auto describe() const -> std::string = 0;
  // How long a running contender may go without the lock, while nobody holds it, before the
  // algorithm has failed to make progress: its lease plus the longest retry round, from its
  // parameters. The liveness invariant checks against it.
  virtual auto liveness_bound() const -> Duration = 0;
  // How many masters it locks (servers r1..rN); the world gives it at least that many.
  virtual auto servers() const -> uint32_t { return 1; }
  // The keys it writes on the servers it locks, from its parameters.
  virtual auto keys() const -> std::vector<KeyUse> = 0;

  // A fresh process starts (first run, or after a crash with all volatile state lost).
  virtual void start(const ClientContext& context, Effects& effects) = 0;
  virtual void on_response(const ClientContext& context, const Response& response,
                           Effects& effects) = 0;
  virtual void on_timer(const ClientContext& context, TimerKind kind, Effects& effects) = 0;
};

// Supplies clone and equals from the derived type's copy constructor and defaulted ==.
template <class Derived>
class AlgorithmBase : public LockAlgorithm {
 public:
  auto clone() const -> std::unique_ptr<LockAlgorithm> override {
    return std::make_unique<Derived>(static_cast<const Derived&>(*this));
  }
  void assign_from(const LockAlgorithm& other) override {
    LOCKSIM_ASSERT(typeid(other) == typeid(Derived), "{} assigned from {}", name(), other.name());
    static_cast<Derived&>(*this) = static_cast<const Derived&>(other);
  }
  auto equals(const LockAlgorithm& other) const -> bool override {
    return typeid(other) == typeid(Derived) &&
           static_cast<const Derived&>(*this) == static_cast<const Derived&>(other);
  }
  // The base holds no state, so a derived class can default its own ==.
  auto operator==(const AlgorithmBase&) const -> bool { return true; }
};

// A LockAlgorithm held by value: copying copies the state, == compares it.
class Program {
 public:
  Program() = default;
  explicit Program(std::unique_ptr<LockAlgorithm> algorithm) : algorithm_(std::move(algorithm)) {}
  Program(const Program& other)
      : algorithm_(other.algorithm_ ? other.algorithm_->clone() : nullptr) {}
  Program(Program&&) noexcept = default;
  auto operator=(const Program& other) -> Program& {
    if (this == &other) return *this;
    if (algorithm_ && other.algorithm_ && typeid(*algorithm_) == typeid(*other.algorithm_)) {
      algorithm_->assign_from(*other.algorithm_);
    } else {
      algorithm_ = other.algorithm_ ? other.algorithm_->clone() : nullptr;
    }
    return *this;
  }
  auto operator=(Program&&) noexcept -> Program& = default;

  auto operator==(const Program& other) const -> bool {
    if (!algorithm_ || !other.algorithm_) return !algorithm_ && !other.algorithm_;
    return algorithm_->equals(*other.algorithm_);
  }
  auto operator->() const -> LockAlgorithm* { return algorithm_.get(); }
  auto get() const -> const LockAlgorithm& { return *algorithm_; }

 private:
  std::unique_ptr<LockAlgorithm> algorithm_;
};

}  // namespace locksim
