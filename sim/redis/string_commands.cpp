// String commands: SET, SETNX, GETSET, GET, GETDEL, GETEX, INCR, INCRBY, DECR, DECRBY.
// Argument checks, their order and the error texts follow redis 7.0.15 src/t_string.c.
#include <limits>
#include <utility>

#include "sim/redis/commands.hpp"

namespace locksim::redis {
namespace {

// t_string.c OBJ_* flags of parseExtendedStringArgumentsOrReply.
enum Flag : unsigned {
  kNx = 1,
  kXx = 2,
  kGet = 4,
  kKeepTtl = 8,
  kPersist = 16,
  kEx = 32,
  kPx = 64,
  kExAt = 128,
  kPxAt = 256,
};
constexpr unsigned kAnyExpire = kEx | kPx | kExAt | kPxAt;

struct StringOptions {
  unsigned flags = 0;
  const std::string* expire = nullptr;
};

enum class CommandType { set, get };

// parseExtendedStringArgumentsOrReply: a repeated option is accepted (the last value wins); an
// option that conflicts with one already given, or belongs to the other command, is a syntax
// error.
auto parse_options(const Command& command, size_t first, CommandType type)
    -> std::optional<StringOptions> {
  StringOptions options;
  const bool set = type == CommandType::set;
  for (size_t j = first; j < command.argv.size(); ++j) {
    const std::string_view option = command.argv[j];
    const bool has_next = j + 1 < command.argv.size();
    const unsigned f = options.flags;
    const auto expire_allowed = [&](unsigned self) {
      return !(f & (kKeepTtl | kPersist | (kAnyExpire & ~self))) && has_next;
    };
    const auto take_expire = [&](unsigned flag) {
      options.flags |= flag;
      options.expire = &command.argv[++j];
    };
    if (set && is(option, "nx") && !(f & kXx)) {
      options.flags |= kNx;
    } else if (set && is(option, "xx") && !(f & kNx)) {
      options.flags |= kXx;
    } else if (set && is(option, "get")) {
      options.flags |= kGet;
    } else if (set && is(option, "keepttl") && !(f & (kPersist | kAnyExpire))) {
      options.flags |= kKeepTtl;
    } else if (!set && is(option, "persist") && !(f & (kAnyExpire | kKeepTtl))) {
      options.flags |= kPersist;
    } else if (is(option, "ex") && expire_allowed(kEx)) {
      take_expire(kEx);
    } else if (is(option, "px") && expire_allowed(kPx)) {
      take_expire(kPx);
    } else if (is(option, "exat") && expire_allowed(kExAt)) {
      take_expire(kExAt);
    } else if (is(option, "pxat") && expire_allowed(kPxAt)) {
      take_expire(kPxAt);
    } else {
      return std::nullopt;
    }
  }
  return options;
}

// getExpireMillisecondsOrReply: the absolute expiry in unix ms, or the error to reply. Dragonfly
// caps a relative one (string_family.cc ParseSetParams).
auto expire_at_ms(const StringOptions& options, const CommandContext& context,
                  std::string_view name, Reply& error) -> std::optional<int64_t> {
  const int64_t now_ms = context.now_ms;
  const std::optional<int64_t> value = parse_redis_integer(*options.expire);
  if (!value) {
    error = not_integer_error();
    return std::nullopt;
  }
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  const bool seconds = options.flags & (kEx | kExAt);
  int64_t when = *value;
  if (when <= 0 || (seconds && when > kMax / 1000)) {
    error = invalid_expire_error(name);
    return std::nullopt;
  }
  if (seconds) when *= 1000;
  if (options.flags & (kEx | kPx)) {
    if (when > kMax - now_ms) {
      error = invalid_expire_error(name);
      return std::nullopt;
    }
    if (context.options.flavour.dragonfly()) when = std::min(when, kDragonflyMaxExpireMs);
    when += now_ms;
  }
  return when;
}

// getGenericCommand: the value of a string key, nil if missing, WRONGTYPE otherwise.
auto get_value(CommandContext& context, std::string_view key) -> Reply {
  Entry* entry = context.find(key);
  if (!entry) return Reply::nil();
  const std::string* text = entry->string();
  return text ? Reply::bulk(*text) : wrong_type_error();
}

// setGenericCommand, shared by SET and SETNX. The replies are taken by value and moved out:
// copying one was a tenth of a SET.
auto set_generic(CommandContext& context, const Command& command, const StringOptions& options,
                 Reply ok_reply, Reply abort_reply) -> Reply {
  std::optional<int64_t> when;
  if (options.expire) {
    Reply error;
    when = expire_at_ms(options, context, "set", error);
    if (!when) return error;
  }
  const std::string& key = command.argv[1];
  Reply old_value = Reply::nil();
  if (options.flags & kGet) {
    old_value = get_value(context, key);
    if (old_value.type == Reply::Type::error) return old_value;
  }
  Entry* existing = context.find(key);
  if ((options.flags & kNx && existing) || (options.flags & kXx && !existing)) {
    return options.flags & kGet ? std::move(old_value) : std::move(abort_reply);
  }
  std::optional<int64_t> ttl = when;
  if (!when && options.flags & kKeepTtl && existing) ttl = existing->expire_at_ms;
  context.keyspace.put(key, Entry{command.argv[2], ttl});
  context.changed(key);
  return options.flags & kGet ? std::move(old_value) : std::move(ok_reply);
}

auto increment(CommandContext& context, std::string_view key, int64_t by) -> Reply {
  Entry* entry = context.find(key);
  int64_t value = 0;
  if (entry) {
    const std::string* text = entry->string();
    if (!text) return wrong_type_error();
    const std::optional<int64_t> parsed = parse_redis_integer(*text);
    if (!parsed) return not_integer_error();
    value = *parsed;
  }
  if (addition_overflows(value, by)) {
    return Reply::error("ERR increment or decrement would overflow");
  }
  value += by;
  if (entry) {
    *entry->string() = std::to_string(value);  // INCR keeps the TTL
  } else {
    context.keyspace.put(key, Entry{std::to_string(value), std::nullopt});
  }
  context.changed(key);
  return Reply::number(value);
}

}  // namespace

auto set_command(CommandContext& context, const Command& command) -> Reply {
  const std::optional<StringOptions> options = parse_options(command, 3, CommandType::set);
  if (!options) return syntax_error();
  return set_generic(context, command, *options, Reply::ok(), Reply::nil());
}

auto setnx_command(CommandContext& context, const Command& command) -> Reply {
  return set_generic(context, command, StringOptions{kNx, nullptr}, Reply::number(1),
                     Reply::number(0));
}

auto getset_command(CommandContext& context, const Command& command) -> Reply {
  Reply old_value = get_value(context, command.argv[1]);
  if (old_value.type == Reply::Type::error) return old_value;
  context.keyspace.put(command.argv[1], Entry{command.argv[2], std::nullopt});  // clears the TTL
  context.changed(command.argv[1]);
  return old_value;
}

auto get_command(CommandContext& context, const Command& command) -> Reply {
  return get_value(context, command.argv[1]);
}

auto getdel_command(CommandContext& context, const Command& command) -> Reply {
  Reply value = get_value(context, command.argv[1]);
  if (value.type == Reply::Type::bulk) {
    context.keyspace.erase(command.argv[1]);
    context.changed(command.argv[1]);
  }
  return value;
}

auto getex_command(CommandContext& context, const Command& command) -> Reply {
  const std::optional<StringOptions> options = parse_options(command, 2, CommandType::get);
  if (!options) return syntax_error();
  const std::string& key = command.argv[1];
  Entry* entry = context.find(key);
  if (!entry) return Reply::nil();
  if (!entry->string()) return wrong_type_error();
  std::optional<int64_t> when;
  if (options->expire) {
    Reply error;
    when = expire_at_ms(*options, context, "getex", error);
    if (!when) return error;
  }
  Reply value = Reply::bulk(*entry->string());
  if (options->flags & (kExAt | kPxAt) && *when <= context.now_ms) {
    context.keyspace.erase(key);  // checkAlreadyExpired: an absolute time not after now deletes
    context.changed(key);
  } else if (options->flags & kPersist) {
    if (entry->expire_at_ms) context.changed(key);
    entry->expire_at_ms.reset();
  } else if (when) {
    entry->expire_at_ms = when;
    context.changed(key);
  }
  return value;
}

auto incr_command(CommandContext& context, const Command& command) -> Reply {
  return increment(context, command.argv[1], 1);
}

auto decr_command(CommandContext& context, const Command& command) -> Reply {
  return increment(context, command.argv[1], -1);
}

auto incrby_command(CommandContext& context, const Command& command) -> Reply {
  const std::optional<int64_t> by = parse_redis_integer(command.argv[2]);
  if (!by) return not_integer_error();
  return increment(context, command.argv[1], *by);
}

auto decrby_command(CommandContext& context, const Command& command) -> Reply {
  const std::optional<int64_t> by = parse_redis_integer(command.argv[2]);
  if (!by) return not_integer_error();
  if (*by == std::numeric_limits<int64_t>::min()) {
    return Reply::error("ERR decrement would overflow");
  }
  return increment(context, command.argv[1], -*by);
}

}  // namespace locksim::redis
