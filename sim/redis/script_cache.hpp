// The script cache of a server: SHA-1 of a body to the body, as EVAL and SCRIPT LOAD fill it.
// It is copied with every world the model checker makes but changes only at a script's first
// run, SCRIPT LOAD and SCRIPT FLUSH, so copies share one immutable map and a change makes a new
// one: copying a cache is one reference count, not two allocations per script. For the same
// reason a state encodes the cache by a digest of its contents, computed when it changes, instead
// of every body at every fingerprint.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "sim/core/fingerprint.hpp"

namespace locksim::redis {

class ScriptCache {
 public:
  using Map = std::map<std::string, std::string, std::less<>>;

  // The body cached under `sha`, or null.
  auto find(std::string_view sha) const -> const std::string* {
    if (!map_) return nullptr;
    const auto found = map_->find(sha);
    return found == map_->end() ? nullptr : &found->second;
  }
  auto contains(std::string_view sha) const -> bool { return find(sha) != nullptr; }
  auto size() const -> size_t { return map_ ? map_->size() : 0; }
  // Caches the body; returns it as cached.
  auto add(std::string_view sha, std::string_view body) -> const std::string& {
    auto next = map_ ? std::make_shared<Map>(*map_) : std::make_shared<Map>();
    const std::string& cached = next->try_emplace(std::string(sha), body).first->second;
    map_ = std::move(next);
    Fingerprinter contents;
    for (const auto& [script_sha, script_body] : *map_) {
      contents.add(std::string_view(script_sha));
      contents.add(std::string_view(script_body));
    }
    digest_ = contents.digest();
    return cached;
  }
  void clear() {
    map_.reset();
    digest_ = 0;
  }
  // Of the SHAs and bodies in SHA order; 0 when empty.
  auto digest() const -> uint64_t { return digest_; }

  auto operator==(const ScriptCache& other) const -> bool {
    if (map_ == other.map_) return true;
    if (size() != other.size()) return false;
    return size() == 0 || *map_ == *other.map_;
  }

 private:
  std::shared_ptr<const Map> map_;  // none: empty
  uint64_t digest_ = 0;
};

}  // namespace locksim::redis
