// The script cache of a server: SHA-1 of a body to the body, as EVAL and SCRIPT LOAD fill it.
// It is copied with every world the model checker makes but changes only at a script's first
// run, SCRIPT LOAD and SCRIPT FLUSH, so copies share one immutable map and a change makes a new
// one: copying a cache is one reference count, not two allocations per script.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>

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
    return cached;
  }
  void clear() { map_.reset(); }

  // In SHA order.
  template <class Visit>
  void for_each(Visit visit) const {
    if (!map_) return;
    for (const auto& [sha, body] : *map_) visit(sha, body);
  }

  auto operator==(const ScriptCache& other) const -> bool {
    if (map_ == other.map_) return true;
    if (size() != other.size()) return false;
    return size() == 0 || *map_ == *other.map_;
  }

 private:
  std::shared_ptr<const Map> map_;  // none: empty
};

}  // namespace locksim::redis
