// Keyspace commands: DEL, EXISTS, the EXPIRE family, TTL, PTTL, PERSIST, TYPE, FLUSHALL, PING.
// Argument checks, their order and the error texts follow redis 7.0.15 src/db.c, src/expire.c
// and src/server.c.
#include <limits>

#include "sim/redis/commands.hpp"

namespace locksim::redis {
namespace {

enum ExpireFlag : unsigned { kNx = 1, kXx = 2, kGt = 4, kLt = 8 };

// parseExtendedExpireArgumentsOrReply.
auto parse_expire_flags(const Command& command, unsigned& flags) -> std::optional<Reply> {
  for (size_t j = 3; j < command.argv.size(); ++j) {
    const std::string& option = command.argv[j];
    if (is(option, "nx")) {
      flags |= kNx;
    } else if (is(option, "xx")) {
      flags |= kXx;
    } else if (is(option, "gt")) {
      flags |= kGt;
    } else if (is(option, "lt")) {
      flags |= kLt;
    } else {
      return formatted_error(fmt::format("ERR Unsupported option {}", c_string(option)));
    }
  }
  if ((flags & kNx) && (flags & (kXx | kGt | kLt))) {
    return Reply::error("ERR NX and XX, GT or LT options at the same time are not compatible");
  }
  if ((flags & kGt) && (flags & kLt)) {
    return Reply::error("ERR GT and LT options at the same time are not compatible");
  }
  return std::nullopt;
}

// expireGenericCommand: `base_ms` is now for EXPIRE/PEXPIRE and 0 for the *AT forms.
auto expire_generic(CommandContext& context, const Command& command, std::string_view name,
                    int64_t base_ms, bool seconds) -> Reply {
  unsigned flags = 0;
  if (std::optional<Reply> error = parse_expire_flags(command, flags)) return *error;
  const std::optional<int64_t> value = parse_redis_integer(command.argv[2]);
  if (!value) return not_integer_error();
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
  int64_t when = *value;
  if (seconds) {
    if (when > kMax / 1000 || when < kMin / 1000) return invalid_expire_error(name);
    when *= 1000;
  }
  if (when > kMax - base_ms) return invalid_expire_error(name);
  if (context.options.flavour.dragonfly()) {
    // generic_family.cc: a relative expiry is capped, an absolute one past the cap refused.
    const bool absolute = name.ends_with("at");  // EXPIREAT, PEXPIREAT
    if (!absolute && when > 0) when = std::min(when, kDragonflyMaxExpireMs);
    int64_t ahead = 0;
    if (absolute && when > context.now_ms &&
        (__builtin_sub_overflow(when, context.now_ms, &ahead) || ahead > kDragonflyMaxExpireMs)) {
      return Reply::error("ERR expiry is out of range");
    }
  }
  when += base_ms;

  const std::string& key = command.argv[1];
  Entry* entry = context.find(key);
  if (!entry) return Reply::number(0);
  const std::optional<int64_t> current = entry->expire_at_ms;
  // No TTL counts as an infinite one: GT never beats it, LT always does.
  if ((flags & kNx) && current) return Reply::number(0);
  if ((flags & kXx) && !current) return Reply::number(0);
  if ((flags & kGt) && (!current || when <= *current)) return Reply::number(0);
  if ((flags & kLt) && current && when >= *current) return Reply::number(0);
  if (when <= context.now_ms) {
    context.keyspace.erase(key);  // checkAlreadyExpired: on a master the key is deleted
  } else {
    entry->expire_at_ms = when;
  }
  context.changed(key);
  return Reply::number(1);
}

auto ttl_generic(CommandContext& context, const Command& command, bool milliseconds) -> Reply {
  const Entry* entry = context.find(command.argv[1]);
  if (!entry) return Reply::number(-2);
  if (!entry->expire_at_ms) return Reply::number(-1);
  const int64_t ttl = std::max<int64_t>(*entry->expire_at_ms - context.now_ms, 0);
  return Reply::number(milliseconds ? ttl : (ttl + 500) / 1000);
}

}  // namespace

auto del_command(CommandContext& context, const Command& command) -> Reply {
  int64_t removed = 0;
  for (size_t i = 1; i < command.argv.size(); ++i) {
    if (context.find(command.argv[i])) {
      context.keyspace.erase(command.argv[i]);
      ++removed;
      context.changed(command.argv[i]);
    }
  }
  return Reply::number(removed);
}

auto exists_command(CommandContext& context, const Command& command) -> Reply {
  int64_t count = 0;  // a key named twice counts twice
  for (size_t i = 1; i < command.argv.size(); ++i) {
    if (context.find(command.argv[i])) ++count;
  }
  return Reply::number(count);
}

auto expire_command(CommandContext& context, const Command& command) -> Reply {
  return expire_generic(context, command, "expire", context.now_ms, true);
}

auto pexpire_command(CommandContext& context, const Command& command) -> Reply {
  return expire_generic(context, command, "pexpire", context.now_ms, false);
}

auto expireat_command(CommandContext& context, const Command& command) -> Reply {
  return expire_generic(context, command, "expireat", 0, true);
}

auto pexpireat_command(CommandContext& context, const Command& command) -> Reply {
  return expire_generic(context, command, "pexpireat", 0, false);
}

auto ttl_command(CommandContext& context, const Command& command) -> Reply {
  return ttl_generic(context, command, false);
}

auto pttl_command(CommandContext& context, const Command& command) -> Reply {
  return ttl_generic(context, command, true);
}

auto persist_command(CommandContext& context, const Command& command) -> Reply {
  Entry* entry = context.find(command.argv[1]);
  if (!entry || !entry->expire_at_ms) return Reply::number(0);
  entry->expire_at_ms.reset();
  context.changed(command.argv[1]);
  return Reply::number(1);
}

auto type_command(CommandContext& context, const Command& command) -> Reply {
  const Entry* entry = context.find(command.argv[1]);
  if (!entry) return Reply::status("none");
  return Reply::status(std::holds_alternative<std::string>(entry->value) ? "string" : "hash");
}

auto flushall_command(CommandContext& context, const Command& command) -> Reply {
  // FLUSHALL [ASYNC|SYNC]; anything else is a syntax error (db.c getFlushCommandFlags).
  if (command.argv.size() > 2) return syntax_error();
  if (command.argv.size() == 2 && !is(command.argv[1], "async") && !is(command.argv[1], "sync")) {
    return syntax_error();
  }
  context.sessions.touch_all(context.keyspace);  // signalFlushedDb, before the data goes
  for (const std::string& key : context.keyspace.keys()) context.recorded(key);
  context.recorded({}, 1);  // FLUSHALL itself counts once more in server.dirty
  context.keyspace.clear();
  return Reply::ok();
}

auto ping_command(CommandContext& /*context*/, const Command& command) -> Reply {
  if (command.argv.size() > 2) return arity_error("ping");
  return command.argv.size() == 2 ? Reply::bulk(command.argv[1]) : Reply::status("PONG");
}

}  // namespace locksim::redis
