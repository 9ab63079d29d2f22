// The happens-before relation of a run (Lamport 1978), followed while the run is traced. Each
// thing a process did is an event on its lifeline (a client's or a server's), and one event
// happens before another when a chain of these leads from it to the other: program order (the
// process's previous event), a command's send before its apply on the server, the apply before
// the reply's arrival, and a master's write before the replica's apply of it (replication offsets
// say which). A message that was dropped, or a reply the client ignored, carries nothing.
// Acknowledgements from replicas (which only WAIT reads) are not followed.
//
// With it a violation can say whether the two critical sections were causally concurrent —
// neither ended before the other began by any chain of messages — and whether the second
// holder's acquisition causally follows the server's grant to the first: then only time (a key
// expiring, a lease running out) stood between them, not a message.
//
// The relation is carried in vector clocks (Fidge, Mattern 1988): an event's clock says how far
// along each watched lifeline its causal past reaches, so an event happens before another exactly
// when the other's clock reaches the first one's place on its lifeline. Only the lifelines a
// question is asked about are watched — the clients of a finding, known before its replay, and
// every server (where lock commands are applied) — while the other clients' events pass clocks
// on without a component of their own. A message's clock is kept only while the message is in
// flight, and a master's writes only while a replica can still apply them, so that memory
// follows the size of the world and not the length of the run.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sim/check/invariant.hpp"
#include "sim/check/message_ledger.hpp"
#include "sim/world/tracer.hpp"

namespace locksim {

// Per watched lifeline, how many of its events a causal past includes.
using VectorClock = std::vector<uint64_t>;

// Where an event sits: its lifeline's component in the clocks (none: a lifeline nobody asks
// about) and its place on that lifeline, from 1.
struct EventPlace {
  std::optional<uint32_t> component;
  uint64_t position = 0;
};

struct CausalStamp {
  EventPlace place;
  VectorClock clock;  // its causal past, itself included
};

// Whether the event at `earlier` happens before `later` (an event happens before itself). The
// earlier one's lifeline must be watched.
auto happens_before(const EventPlace& earlier, const CausalStamp& later) -> bool;

// Follows the relation while a run is traced, and keeps each watched client's critical section.
class HappensBeforeRecorder final : public Tracer {
 public:
  // A lock command of a watched client, applied: its order among all events (to tell which came
  // first) and its place on the server's lifeline.
  struct Applied {
    uint64_t order = 0;
    EventPlace place;
  };
  // A watched client's critical section at the last entry: its last acquisition and, if it has
  // ended, where; and, per server, the first of the client's commands applied there since the
  // section before it ended (its lock commands).
  struct Section {
    uint64_t begin_order = 0;
    CausalStamp begin;
    std::optional<EventPlace> end;
    std::vector<std::optional<Applied>> applied;
  };

  explicit HappensBeforeRecorder(std::vector<ClientId> watched);
  HappensBeforeRecorder(const HappensBeforeRecorder&) = delete;  // last_ points into it
  auto operator=(const HappensBeforeRecorder&) -> HappensBeforeRecorder& = delete;
  void record(const World& world, const TraceEntry& entry) override;
  // Between steps: forgets the clocks of messages the world no longer holds and the writes no
  // replica can still be told of. Without it nothing is forgotten, and nothing changes but memory.
  void forget_lost(const World& world);

  // The last entry recorded, if it was an event (drops, partitions and heals are no process's
  // doing).
  auto last_event() const -> std::optional<CausalStamp>;
  // A watched client's section; none before its first acquisition.
  auto section(ClientId client) const -> const std::optional<Section>&;

 private:
  struct Lifeline {
    uint64_t events = 0;
    std::optional<uint32_t> component;
    VectorClock clock;  // of its last event
  };
  struct Watched {
    std::optional<Section> section;
    std::vector<std::optional<Applied>> applied;  // since the client's previous section ended
  };
  // A master's writes by replication offset: the clock of the event after which its offset first
  // read each value. A replica applying the stream up to an offset learns the last of them.
  struct Writes {
    std::map<uint64_t, VectorClock> by_offset;
    uint64_t seen = 0;  // the offset at the master's last event
    size_t kept = 0;    // entries left by the last trim
  };

  void start(const World& world);
  void learn_from_master(const World& world, ServerId replica, VectorClock& clock) const;
  void note_write(const World& world, ServerId server, const VectorClock& clock);
  void follow_section(const TraceEntry& entry, const Lifeline& line);

  std::vector<ClientId> watched_clients_;
  std::vector<Watched> watched_;  // in the order of watched_clients_
  std::vector<Lifeline> clients_;
  std::vector<Lifeline> servers_;
  std::vector<Writes> writes_;          // per server
  MessageLedger<VectorClock> sent_;     // a command's send, until it is applied
  MessageLedger<VectorClock> applied_;  // its apply, until the reply arrives
  uint64_t events_ = 0;
  const Lifeline* last_ = nullptr;  // the last entry's lifeline, if it was an event
};

// What happens-before says about two clients of a violation, each in the critical section it was
// in (or had last begun) at the finding.
struct SectionCausality {
  ClientId first;
  ClientId second;
  bool concurrent = false;  // neither section's end happens before the other's beginning
  // A lock command `holder` sent while acquiring, applied by `server` before `acquirer`
  // acquired: that server knew of the holder's lock first. None: neither saw the other's.
  struct LockSeen {
    ClientId holder;
    ClientId acquirer;
    ServerId server;
  };
  std::optional<LockSeen> lock_seen;
};

// For a finding about two or more clients, the causality of each pair (`first` began its section
// first), from a recorder that watched them up to the finding; empty when it saw no acquisition
// of theirs.
auto section_causality(const HappensBeforeRecorder& recorder, const Finding& finding)
    -> std::vector<SectionCausality>;

// One sentence per pair, e.g. "c1 and c2 were in causally concurrent critical sections …; c2's
// acquisition causally follows c1's lock command on r1: …".
auto describe(const SectionCausality& causality) -> std::string;

}  // namespace locksim
