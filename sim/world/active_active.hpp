// Active-Active (Redis Enterprise / Redis Cloud CRDB): every server is an instance of one
// database in its own region; each accepts writes and sends their effects to the others with a
// lag. What a key's versions carry and how an instance settles a peer's change against its own,
// as the Active-Active documentation describes it for strings (redis/docs,
// content/operate/rs/databases/active-active/develop/data-types/strings.md and
// develop/develop-for-aa.md):
// - "If the replication syncer cannot determine the order of operations, the value with the
//   latest timestamp wins": a version vector per key orders what it can (a write made after
//   seeing another replaces it, whatever the clocks say); concurrent writes are settled by the
//   writer's wall clock (OS time) at the write. Equal times: the smaller region wins (the
//   documentation names no rule for strings; its JSON type conflicts use the smaller id).
// - Expiry: of concurrent TTL changes "the longer extended time ... is preserved" (no TTL is
//   the longest): two concurrent versions of the same value keep the later expiry. "The replica
//   responsible for the winning expire value is also responsible for expiring the key and
//   propagating a DEL"; another treats the key as expired when it reads it, without sending a
//   DEL, and expires it before it writes it: here the instance that wrote the winning version
//   owns its expiry, and a non-owner's expiry of a key stays local.
// - Lua scripts "always execute in effects replication mode": instances send the keys a
//   command changed, as every replication here does.
// Not modelled: tombstone garbage collection (a deleted key's version stays), 59-bit counters
// and the other data types' CRDT semantics (the lock workloads use strings and hashes; a hash
// is settled as a whole value here, where Redis merges its fields).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/redis/keyspace.hpp"

namespace locksim {

struct CrdtVersion {
  std::vector<uint64_t> seen;  // per region: how many of its writes of the key this follows
  int64_t wall_ms = 0;         // the writer's wall clock at the write
  uint32_t writer = 0;         // the region whose instance wrote it, which owns its expiry
  std::optional<int64_t> expire_at_ms;  // the expiry the write left (none: none, or deleted)
  auto operator==(const CrdtVersion&) const -> bool = default;
};

struct CrdtKey {
  std::string key;
  CrdtVersion version;
  auto operator==(const CrdtKey&) const -> bool = default;
};

// The version of a write by region `writer` (of `regions`) at `wall_ms` that follows `previous`
// (none: the first the instance knows of), leaving `entry` (none: deleted).
auto next_version(const std::optional<CrdtVersion>& previous, uint32_t writer, uint32_t regions,
                  int64_t wall_ms, const std::optional<redis::Entry>& entry) -> CrdtVersion;

// Whether a peer's version of a key replaces the instance's own: it follows it, or neither
// follows the other and it wins the conflict (the later expiry for the same value, else the
// later wall clock, else the smaller writer). `local` none: the instance knows no version.
auto incoming_wins(const std::optional<CrdtVersion>& local,
                   const std::optional<redis::Entry>& local_entry, const CrdtVersion& incoming,
                   const std::optional<redis::Entry>& incoming_entry) -> bool;

// What the instance keeps after settling: the winner's version, having seen both.
auto settled(const CrdtVersion& winner, const CrdtVersion& loser) -> CrdtVersion;

}  // namespace locksim
