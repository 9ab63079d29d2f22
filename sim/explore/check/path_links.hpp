// How the model checker reached each state it stored, in 8 bytes a state: the link of the state
// it was reached from and which of that state's successors it was, in the order the checker
// generates them (actions in order, each under every combination of choice answers). That is
// enough to rebuild a counterexample's steps by replaying them from its root, and, unlike a path
// kept per state, costs the same for every state however long the paths grow. Links live in
// fixed blocks, so that growing never copies them and never holds twice their size; the table of
// blocks is reserved whole and never moves, so that the threads expanding states can read the
// links of the states they were handed (and their ancestors') while the search adds others.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "sim/core/assert.hpp"

namespace locksim {

struct PathLink {
  static constexpr uint32_t kRoot = 0xFFFF'FFFF;  // parent of a root
  uint32_t parent = kRoot;
  // Among the parent's successors; for a root, among the roots (the combinations of the
  // choices make_world asks).
  uint32_t successor = 0;
};

class PathLinks {
 public:
  PathLinks() { blocks_.reserve(kMaxBlocks); }  // its pages are touched only as blocks are made

  auto add(PathLink link) -> uint32_t {
    LOCKSIM_ASSERT(size_ < PathLink::kRoot, "{} states stored: more than path links can name",
                   size_);
    if (size_ % kBlock == 0) blocks_.push_back(std::make_unique<PathLink[]>(kBlock));
    blocks_.back()[size_ % kBlock] = link;
    return static_cast<uint32_t>(size_++);
  }
  auto operator[](uint32_t index) const -> PathLink {
    return blocks_[index / kBlock][index % kBlock];
  }

  // The links from a root to `last`, root first.
  auto chain(PathLink last) const -> std::vector<PathLink> {
    std::vector<PathLink> links{last};
    while (links.back().parent != PathLink::kRoot) links.push_back((*this)[links.back().parent]);
    return {links.rbegin(), links.rend()};
  }

 private:
  static constexpr uint64_t kBlock = 1 << 16;
  static constexpr uint64_t kMaxBlocks = (uint64_t{PathLink::kRoot} + kBlock - 1) / kBlock;
  std::vector<std::unique_ptr<PathLink[]>> blocks_;
  uint64_t size_ = 0;
};

}  // namespace locksim
