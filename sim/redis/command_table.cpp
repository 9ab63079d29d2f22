// The command table and dispatch: name lookup (case-insensitive), arity as in redis 7.0
// src/commands/*.json (positive: exact, negative: at least), and the unknown-command error.
#include <array>

#include "sim/core/assert.hpp"
#include "sim/redis/commands.hpp"

namespace locksim::redis {
namespace {

struct CommandSpec {
  std::string_view name;
  int arity;
  Reply (*handler)(CommandContext&, const Command&);
  bool write;  // refused by a read-only replica
};

auto readonly_error() -> Reply {
  return Reply::error("READONLY You can't write against a read only replica.");
}

constexpr std::array kCommands{
    CommandSpec{"get", 2, get_command, false},
    CommandSpec{"set", -3, set_command, true},
    CommandSpec{"del", -2, del_command, true},
    CommandSpec{"eval", -3, eval_command, false},
    CommandSpec{"setnx", 3, setnx_command, true},
    CommandSpec{"getset", 3, getset_command, true},
    CommandSpec{"getdel", 2, getdel_command, true},
    CommandSpec{"getex", -2, getex_command, true},
    CommandSpec{"exists", -2, exists_command, false},
    CommandSpec{"expire", -3, expire_command, true},
    CommandSpec{"pexpire", -3, pexpire_command, true},
    CommandSpec{"expireat", -3, expireat_command, true},
    CommandSpec{"pexpireat", -3, pexpireat_command, true},
    CommandSpec{"ttl", 2, ttl_command, false},
    CommandSpec{"pttl", 2, pttl_command, false},
    CommandSpec{"persist", 2, persist_command, true},
    CommandSpec{"incr", 2, incr_command, true},
    CommandSpec{"incrby", 3, incrby_command, true},
    CommandSpec{"decr", 2, decr_command, true},
    CommandSpec{"decrby", 3, decrby_command, true},
    CommandSpec{"hset", -4, hset_command, true},
    CommandSpec{"hget", 3, hget_command, false},
    CommandSpec{"hdel", -3, hdel_command, true},
    CommandSpec{"hexists", 3, hexists_command, false},
    CommandSpec{"hincrby", 4, hincrby_command, true},
    CommandSpec{"hlen", 2, hlen_command, false},
    CommandSpec{"type", 2, type_command, false},
    CommandSpec{"flushall", -1, flushall_command, true},
    CommandSpec{"ping", -1, ping_command, false},
    CommandSpec{"evalsha", -3, evalsha_command, false},
    CommandSpec{"script", -2, script_command, false},
};

auto unknown_command(const Command& command) -> Reply {
  // server.c commandCheckExistence: each argument quoted and followed by a space until the list
  // reaches 128 bytes, the name and each argument cut at 128 bytes and at a NUL (%.128s of a C
  // string), then CR and LF made spaces (no trim: the text always ends with a space).
  std::string arguments;
  for (size_t i = 1; i < command.argv.size() && arguments.size() < 128; ++i) {
    const size_t room = 128 - arguments.size();
    arguments += fmt::format("'{}' ", c_string(command.argv[i]).substr(0, room));
  }
  return Reply::error(one_line(fmt::format("ERR unknown command '{}', with args beginning with: {}",
                                           c_string(command.argv[0]).substr(0, 128), arguments)));
}

auto find_command(std::string_view name) -> const CommandSpec* {
  const auto spec = std::find_if(kCommands.begin(), kCommands.end(),
                                 [&](const CommandSpec& s) { return is_name(name, s.name); });
  return spec == kCommands.end() ? nullptr : &*spec;
}

auto arity_ok(const CommandSpec& spec, size_t argc) -> bool {
  const auto count = static_cast<int>(argc);
  return spec.arity > 0 ? count == spec.arity : count >= -spec.arity;
}

}  // namespace

auto execute(Server& server, const Command& command, int64_t now_ms, const ExecuteOptions& options)
    -> Reply {
  LOCKSIM_ASSERT(!command.argv.empty(), "empty command");
  const CommandSpec* spec = find_command(command.argv[0]);
  if (!spec) return unknown_command(command);
  if (!arity_ok(*spec, command.argv.size())) return arity_error(spec->name);
  if (spec->write && options.replica) return readonly_error();
  CommandContext context{server.keyspace, server.scripts, server.script_random,
                         server.dirty,    now_ms,         options};
  return spec->handler(context, command);
}

auto execute_from_script(CommandContext& context, const Command& command) -> Reply {
  // script.c scriptCall: these texts, without the client-facing forms.
  const CommandSpec* spec = find_command(command.argv[0]);
  if (!spec) return Reply::error("ERR Unknown Redis command called from script");
  if (!arity_ok(*spec, command.argv.size())) {
    return Reply::error("ERR Wrong number of args calling Redis command from script");
  }
  if (spec->name == "eval" || spec->name == "evalsha" || spec->name == "script") {
    return Reply::error("ERR This Redis command is not allowed from script");
  }
  if (spec->write && context.options.replica) return readonly_error();
  return spec->handler(context, command);
}

}  // namespace locksim::redis
