// Redis 7.0 command semantics for the keyspace; see keyspace.hpp. Argument checks, their order
// and the error texts follow src/t_string.c, src/db.c and src/eval.c of redis 7.0.15.
#include "sim/redis/keyspace.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <limits>

#include "sim/core/assert.hpp"

namespace locksim::redis {
namespace {

constexpr std::string_view kSyntaxError = "ERR syntax error";
constexpr std::string_view kNotInteger = "ERR value is not an integer or out of range";

// Case-insensitive comparison with a lowercase word, as Redis's strcasecmp (no allocation).
auto is(std::string_view text, std::string_view lower_word) -> bool {
  return text.size() == lower_word.size() &&
         std::equal(text.begin(), text.end(), lower_word.begin(), [](char a, char b) {
           return std::tolower(static_cast<unsigned char>(a)) == b;
         });
}

auto parse_integer(std::string_view text) -> std::optional<int64_t> {
  int64_t value = 0;
  // Redis (string2ll) rejects a leading '+', spaces, and empty strings; from_chars agrees.
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

struct CommandSpec {
  std::string_view name;
  int arity;  // as in Redis: exact if positive, minimum if negative; counts the name
  Reply (Keyspace::*handler)(const Command&, int64_t);
};

constexpr std::array kCommands{
    CommandSpec{"del", -2, &Keyspace::del},
    CommandSpec{"eval", -3, &Keyspace::eval},
    CommandSpec{"get", 2, &Keyspace::get},
    CommandSpec{"set", -3, &Keyspace::set},
};

auto unknown_command(const Command& command) -> Reply {
  std::string arguments;
  for (size_t i = 1; i < command.argv.size() && arguments.size() < 128; ++i) {
    const size_t room = 128 - arguments.size();
    arguments += fmt::format("'{}' ", std::string_view(command.argv[i]).substr(0, room));
  }
  return Reply::error(fmt::format("ERR unknown command '{}', with args beginning with: {}",
                                  std::string_view(command.argv[0]).substr(0, 128), arguments));
}

// SET's option flags (t_string.c OBJ_SET_*).
enum SetFlag : unsigned {
  kNx = 1, kXx = 2, kGet = 4, kKeepTtl = 8, kEx = 16, kPx = 32, kExAt = 64, kPxAt = 128,
};
constexpr unsigned kAnyExpire = kEx | kPx | kExAt | kPxAt;

struct SetOptions {
  unsigned flags = 0;
  const std::string* expire = nullptr;
};

// parseExtendedStringArgumentsOrReply for SET: a repeated option is accepted (the last value
// wins); an option that conflicts with one already given is a syntax error.
auto parse_set_options(const Command& command) -> std::optional<SetOptions> {
  SetOptions options;
  for (size_t j = 3; j < command.argv.size(); ++j) {
    const std::string_view option = command.argv[j];
    const bool has_next = j + 1 < command.argv.size();
    const unsigned f = options.flags;
    const auto take_expire = [&](SetFlag flag) {
      options.flags |= flag;
      options.expire = &command.argv[++j];
    };
    if (is(option, "nx") && !(f & kXx)) {
      options.flags |= kNx;
    } else if (is(option, "xx") && !(f & kNx)) {
      options.flags |= kXx;
    } else if (is(option, "get")) {
      options.flags |= kGet;
    } else if (is(option, "keepttl") && !(f & kAnyExpire)) {
      options.flags |= kKeepTtl;
    } else if (is(option, "ex") && !(f & (kKeepTtl | (kAnyExpire & ~kEx))) && has_next) {
      take_expire(kEx);
    } else if (is(option, "px") && !(f & (kKeepTtl | (kAnyExpire & ~kPx))) && has_next) {
      take_expire(kPx);
    } else if (is(option, "exat") && !(f & (kKeepTtl | (kAnyExpire & ~kExAt))) && has_next) {
      take_expire(kExAt);
    } else if (is(option, "pxat") && !(f & (kKeepTtl | (kAnyExpire & ~kPxAt))) && has_next) {
      take_expire(kPxAt);
    } else {
      return std::nullopt;
    }
  }
  return options;
}

// getExpireMillisecondsOrReply: the absolute expiry in unix ms, or the error to reply.
auto set_expire_at_ms(const SetOptions& options, int64_t now_ms, Reply& error)
    -> std::optional<int64_t> {
  const std::optional<int64_t> value = parse_integer(*options.expire);
  if (!value) {
    error = Reply::error(std::string(kNotInteger));
    return std::nullopt;
  }
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  const bool seconds = options.flags & (kEx | kExAt);
  const bool relative = options.flags & (kEx | kPx);
  int64_t when = *value;
  if (when <= 0 || (seconds && when > kMax / 1000)) {
    error = Reply::error("ERR invalid expire time in 'set' command");
    return std::nullopt;
  }
  if (seconds) when *= 1000;
  if (relative) {
    if (when > kMax - now_ms) {
      error = Reply::error("ERR invalid expire time in 'set' command");
      return std::nullopt;
    }
    when += now_ms;
  }
  return when;
}

}  // namespace

auto Keyspace::execute(const Command& command, int64_t now_ms) -> Reply {
  LOCKSIM_ASSERT(!command.argv.empty(), "empty command");
  const auto spec = std::find_if(kCommands.begin(), kCommands.end(),
                                 [&](const CommandSpec& s) { return is(command.argv[0], s.name); });
  if (spec == kCommands.end()) return unknown_command(command);
  const auto argc = static_cast<int>(command.argv.size());
  if ((spec->arity > 0 && argc != spec->arity) || (spec->arity < 0 && argc < -spec->arity)) {
    return Reply::error(fmt::format("ERR wrong number of arguments for '{}' command", spec->name));
  }
  return (this->*(spec->handler))(command, now_ms);
}

auto Keyspace::lookup(const std::string& key, int64_t now_ms) -> Entry* {
  const auto found = entries_.find(key);
  if (found == entries_.end()) return nullptr;
  if (found->second.expire_at_ms && now_ms > *found->second.expire_at_ms) {
    entries_.erase(found);
    return nullptr;
  }
  return &found->second;
}

auto Keyspace::peek(std::string_view key, int64_t now_ms) const -> const Entry* {
  const auto found = entries_.find(key);
  if (found == entries_.end()) return nullptr;
  const Entry& entry = found->second;
  if (entry.expire_at_ms && now_ms > *entry.expire_at_ms) return nullptr;
  return &entry;
}

auto Keyspace::set(const Command& command, int64_t now_ms) -> Reply {
  const std::optional<SetOptions> options = parse_set_options(command);
  if (!options) return Reply::error(std::string(kSyntaxError));
  std::optional<int64_t> expire_at_ms;
  if (options->expire) {
    Reply error;
    expire_at_ms = set_expire_at_ms(*options, now_ms, error);
    if (!expire_at_ms) return error;
  }
  const std::string& key = command.argv[1];
  Entry* existing = lookup(key, now_ms);
  Reply old_value = existing ? Reply::bulk(existing->value) : Reply::nil();
  const bool blocked = (options->flags & kNx && existing) || (options->flags & kXx && !existing);
  if (blocked) return options->flags & kGet ? old_value : Reply::nil();

  std::optional<int64_t> kept_ttl;
  if (options->flags & kKeepTtl && existing) kept_ttl = existing->expire_at_ms;
  entries_.insert_or_assign(key, Entry{command.argv[2], expire_at_ms ? expire_at_ms : kept_ttl});
  return options->flags & kGet ? old_value : Reply::ok();
}

auto Keyspace::get(const Command& command, int64_t now_ms) -> Reply {
  const Entry* entry = lookup(command.argv[1], now_ms);
  return entry ? Reply::bulk(entry->value) : Reply::nil();
}

auto Keyspace::del(const Command& command, int64_t now_ms) -> Reply {
  int64_t removed = 0;
  for (size_t i = 1; i < command.argv.size(); ++i) {
    if (lookup(command.argv[i], now_ms)) {
      entries_.erase(command.argv[i]);
      ++removed;
    }
  }
  return Reply::number(removed);
}

auto Keyspace::eval(const Command& command, int64_t now_ms) -> Reply {
  const std::optional<int64_t> key_count = parse_integer(command.argv[2]);
  if (!key_count) return Reply::error(std::string(kNotInteger));
  if (*key_count > static_cast<int64_t>(command.argv.size()) - 3) {
    return Reply::error("ERR Number of keys can't be greater than number of args");
  }
  if (*key_count < 0) return Reply::error("ERR Number of keys can't be negative");
  if (command.argv[1] != kCompareAndDeleteScript || *key_count != 1 || command.argv.size() < 5) {
    return Reply::error(
        "ERR locksim runs only the built-in compare-and-delete script with 1 key and 1 argument "
        "until Lua scripting is added");
  }
  // The script sees one frozen time (now_ms) for its whole run, as Redis's script snapshot does.
  const std::string& key = command.argv[3];
  const Entry* entry = lookup(key, now_ms);
  if (!entry || entry->value != command.argv[4]) return Reply::number(0);
  entries_.erase(key);
  return Reply::number(1);
}

void Keyspace::fingerprint(Fingerprinter& fingerprinter) const {
  fingerprinter.add(static_cast<uint64_t>(entries_.size()));
  for (const auto& [key, entry] : entries_) {
    fingerprinter.add(std::string_view(key));
    fingerprinter.add(std::string_view(entry.value));
    fingerprinter.add(entry.expire_at_ms.has_value());
    fingerprinter.add(entry.expire_at_ms.value_or(0));
  }
}

}  // namespace locksim::redis

