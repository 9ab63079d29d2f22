// What every command handler needs: the context a command runs in, Redis's shared error replies,
// and case-insensitive option matching. The handlers themselves are declared in commands.hpp.
#pragma once

#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>
#include <vector>

#include "sim/redis/command.hpp"
#include "sim/redis/flavour.hpp"
#include "sim/redis/integer.hpp"
#include "sim/redis/keyspace.hpp"
#include "sim/redis/reply.hpp"
#include "sim/redis/script_progress.hpp"
#include "sim/redis/server.hpp"

namespace locksim::redis {

// The Lua VM instructions a script may execute before it is stopped as SCRIPT KILL stops one
// (lua_engine.hpp). Counted in instructions, never in host time, so that where a script stops
// is part of the run and replays exactly. 100 million is well past any lock script (the
// compare-and-delete takes a few dozen) and takes well under a second here.
inline constexpr uint64_t kScriptInstructionBudget = 100'000'000;

// Who runs a command, and what it reports back (for persistence and replication).
struct ExecuteOptions {
  bool replica = false;  // a read-only replica: refuses writes, never deletes expired keys
  // Receives every key a command changed, including keys a master deleted because they had
  // expired (Redis propagates those as DEL). Null when nobody needs them.
  std::vector<std::string>* changed_keys = nullptr;
  // A smaller budget lets tests and fuzzing reach the limit quickly.
  uint64_t script_instruction_budget = kScriptInstructionBudget;
  // The client whose connection the command came on: whose transaction and watches it sees.
  uint32_t client = 0;
  Flavour flavour;
  // Where a Dragonfly script flagged disable-atomicity keeps its progress between steps, for a
  // command that came straight from a client. Null: every script runs whole (inside EXEC, and
  // for callers that run commands one at a time, like the shell).
  ScriptProgress* script_progress = nullptr;
};

struct CommandContext {
  Keyspace& keyspace;
  ScriptCache& scripts;
  uint64_t& script_random;
  uint64_t& dirty;  // modifications since the last save, counted as Redis counts server.dirty
  Sessions& sessions;
  int64_t now_ms;  // the server's wall clock, frozen for the whole command (and script)
  ExecuteOptions options;

  // The live entry for key. On a master an expired key is deleted (and reported changed, and
  // its watchers touched, as deleteExpiredKeyAndPropagate does); a replica only hides it:
  // deletions come from its master.
  auto find(std::string_view key) -> Entry* {
    if (options.replica) return keyspace.visible(key, now_ms);
    bool deleted_expired = false;
    Entry* entry = keyspace.find(key, now_ms, &deleted_expired);
    if (!deleted_expired) return entry;
    if (options.changed_keys) options.changed_keys->emplace_back(key);
    sessions.touch(key, keyspace);
    return entry;
  }

  // Records a modification of key, `modifications` times in server.dirty, after it was made:
  // signalModifiedKey touches the key's watchers.
  void changed(std::string_view key, uint64_t modifications = 1) {
    recorded(key, modifications);
    if (!key.empty()) sessions.touch(key, keyspace);
  }
  // The same without touching watchers, for a command that touches them its own way.
  void recorded(std::string_view key, uint64_t modifications = 1) {
    dirty += modifications;
    if (options.changed_keys && !key.empty()) options.changed_keys->emplace_back(key);
  }
};

// Texts from redis 7.0 src/server.c createSharedObjects and the commands' own sources.
inline auto syntax_error() -> Reply {
  return Reply::error("ERR syntax error");
}
inline auto not_integer_error() -> Reply {
  return Reply::error("ERR value is not an integer or out of range");
}
inline auto wrong_type_error() -> Reply {
  return Reply::error("WRONGTYPE Operation against a key holding the wrong kind of value");
}
inline auto invalid_expire_error(std::string_view command) -> Reply {
  return Reply::error(fmt::format("ERR invalid expire time in '{}' command", command));
}
inline auto arity_error(std::string_view command) -> Reply {
  return Reply::error(fmt::format("ERR wrong number of arguments for '{}' command", command));
}

// Case-insensitive comparison with a lowercase word as Redis's strcasecmp makes it of an option:
// the text ends at its first NUL, so "nx\0y" is NX (no allocation).
inline auto is(std::string_view text, std::string_view lower_word) -> bool {
  // tolower in the C locale, which Redis runs in: only A-Z change. The word has no NUL, so text
  // matches when its first bytes do and it ends, or has its NUL, right after them.
  const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
  if (text.size() < lower_word.size()) return false;
  for (size_t i = 0; i < lower_word.size(); ++i) {
    if (lower(text[i]) != lower_word[i]) return false;
  }
  return text.size() == lower_word.size() || text[lower_word.size()] == '\0';
}

// A command or subcommand name. Redis finds those in a dict hashed over the whole name, so only
// a name of the same length is one. (The dict compares keys as C strings: a name with a NUL after
// a command's letters is found when it falls into that command's bucket, which the server's
// random hash seed decides. The model never finds it.)
inline auto is_name(std::string_view text, std::string_view lower_word) -> bool {
  return text.size() == lower_word.size() && is(text, lower_word);
}

inline auto is_string(const Entry* entry) -> bool {
  return entry && std::holds_alternative<std::string>(entry->value);
}

}  // namespace locksim::redis
