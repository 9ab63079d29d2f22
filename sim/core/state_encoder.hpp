// How a state is written into a fingerprint, field by field, in one of two modes; every type
// lists its fields once, and the mode decides how each kind of field is written.
//   exact      every field as it is: World's fingerprint, which == agrees with.
//   canonical  for the model checker, only what the future can tell apart:
//              - serial counters (request ids handed out next, attempt and round counters) are
//                left out, since only "same or different" of what they made matters;
//              - tokens (the project's "c<client>.<incarnation>.<serial>" strings, wherever
//                they appear: keyspace values, command arguments, replies, algorithm state) and
//                request ids are renamed in order of first appearance;
//              - with relative time, absolute times are written relative to now: true times
//                minus now, a node's clock readings minus its reading now. Sound only where no
//                clock drifts (readings then advance with true time) and no algorithm stores a
//                time as data; the model checker decides (model_checker.cpp);
//              - with an order of clients (symmetry), interchangeable clients are written in that
//                order, and every index that names a client as the client's position in it: the
//                world written is the same world with its clients renumbered, so two worlds that
//                are renumberings of each other can be written alike (sim/world/fingerprint.cpp
//                picks the order).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "sim/core/fingerprint.hpp"

namespace locksim {

class StateEncoder {
 public:
  // The names handed out so far (by first appearance): a state holds a handful of tokens and
  // request ids, for which a scan of a vector is cheaper than any hash table. An encoder keeps
  // its own, or borrows a caller's to reuse their buffers from state to state.
  struct Names {
    std::vector<std::string> tokens;    // token i is renamed i
    std::vector<uint64_t> request_ids;  // (client << 32 | id) i is renamed i
  };

  // Exact.
  explicit StateEncoder(Fingerprinter& fingerprinter) : f_(fingerprinter) {}
  // Canonical; with relative_time, times are written relative to `now`.
  StateEncoder(Fingerprinter& fingerprinter, bool relative_time, TrueTime now)
      : f_(fingerprinter), canonical_(true), relative_time_(relative_time), now_(now) {}
  // Canonical, naming into `names` (emptied first).
  StateEncoder(Fingerprinter& fingerprinter, bool relative_time, TrueTime now, Names& names)
      : StateEncoder(fingerprinter, relative_time, now) {
    names.tokens.clear();
    names.request_ids.clear();
    names_ = &names;
  }
  StateEncoder(const StateEncoder&) = delete;
  auto operator=(const StateEncoder&) -> StateEncoder& = delete;

  // A flag is written as one byte and a 32-bit number as four, everything else as the
  // fingerprinter writes it: a state holds dozens of flags and indices, and eight bytes each
  // made the model checker hash over a third more bytes.
  template <class T>
  void add(const T& value) {
    if constexpr (std::is_same_v<T, bool>) {
      f_.add_byte(value ? 1 : 0);
    } else if constexpr (std::is_same_v<T, uint32_t>) {
      f_.add_u32(value);
    } else {
      f_.add(value);
    }
  }

  // A point in true time.
  void time(TrueTime at) { f_.add(relative_time_ ? at.us - now_.us : at.us); }
  // The clock readings of the node being written, at now; readings below are relative to them.
  void set_node_clocks(LocalTime monotonic_now, LocalTime wall_now) {
    monotonic_now_ = monotonic_now;
    wall_now_ = wall_now;
  }
  void monotonic(LocalTime reading) { reading_relative(reading, monotonic_now_); }
  void wall(LocalTime reading) { reading_relative(reading, wall_now_); }
  // A wall-clock time in whole unix milliseconds (Redis expiries).
  void wall_ms(int64_t unix_ms) { wall(LocalTime{unix_ms * 1'000}); }

  // A string that may be a token; renamed canonically when it has a token's form.
  void text(std::string_view value);
  // A counter that only makes things unique: left out canonically.
  void serial(uint64_t value) {
    if (!canonical_) f_.add(value);
  }
  // A request id of a client: renamed canonically, per client, by first appearance.
  void request_id(uint32_t client, uint32_t id);

  // Symmetry: clients are written in `order` (position -> client); `position` is its inverse.
  // Both must outlive the encoding.
  void order_clients(std::span<const uint32_t> order, std::span<const uint32_t> position) {
    order_ = order;
    position_ = position;
  }
  auto clients_ordered() const -> bool { return !order_.empty(); }
  // The client written at `position`, and the position a client is written at (both the
  // identity without an order).
  auto client_at(uint32_t position) const -> uint32_t {
    return order_.empty() ? position : order_[position];
  }
  auto client_position(uint32_t client) const -> uint32_t {
    return position_.empty() ? client : position_[client];
  }
  // A connection (client * servers + server) as its renumbered client's.
  auto connection_position(uint32_t connection, uint32_t servers) const -> uint32_t {
    return client_position(connection / servers) * servers + connection % servers;
  }

  auto canonical() const -> bool { return canonical_; }
  // Whether to write a field that the future reads only when `read` holds (a leftover token of a
  // finished attempt): always exactly, canonically only then.
  auto wants(bool read) const -> bool { return !canonical_ || read; }
  auto relative_time() const -> bool { return relative_time_; }

 private:
  void reading_relative(LocalTime reading, LocalTime now_reading) {
    f_.add(relative_time_ ? reading.us - now_reading.us : reading.us);
  }

  Fingerprinter& f_;
  bool canonical_ = false;
  bool relative_time_ = false;
  TrueTime now_;
  LocalTime monotonic_now_;
  LocalTime wall_now_;
  Names own_names_;
  Names* names_ = &own_names_;
  std::span<const uint32_t> order_;
  std::span<const uint32_t> position_;
};

}  // namespace locksim
