// The data of one Redis server as a value: its keyspace and its script cache (SHA-1 of a body
// to the body). Both are what a crash without persistence loses; the Lua interpreter that runs
// cached scripts is an engine outside the world (lua_engine.hpp).
#pragma once

#include <map>
#include <string>

#include "sim/redis/keyspace.hpp"

namespace locksim::redis {

using ScriptCache = std::map<std::string, std::string, std::less<>>;

struct Server {
  Keyspace keyspace;
  ScriptCache scripts;

  void clear() {
    keyspace.clear();
    scripts.clear();
  }
  void fingerprint(Fingerprinter& fingerprinter) const {
    keyspace.fingerprint(fingerprinter);
    fingerprinter.add(static_cast<uint64_t>(scripts.size()));
    for (const auto& [sha, body] : scripts) {
      fingerprinter.add(std::string_view(sha));
      fingerprinter.add(std::string_view(body));
    }
  }
  auto operator==(const Server&) const -> bool = default;
};

}  // namespace locksim::redis
