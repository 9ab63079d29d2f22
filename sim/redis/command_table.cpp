// The command table and dispatch: name lookup (case-insensitive), arity and flags as in redis
// 7.0 src/commands/*.json (positive arity: exact, negative: at least), the checks
// processCommand makes before a command runs (unknown command, arity, READONLY), and queuing
// inside MULTI (src/server.c processCommand, rejectCommand; src/multi.c).
#include <array>

#include "sim/core/assert.hpp"
#include "sim/redis/commands.hpp"

namespace locksim::redis {
namespace {

enum CommandFlag : unsigned {
  kWrite = 1,     // refused by a read-only replica
  kNoScript = 2,  // refused when a script calls it
  // Runs at once inside MULTI instead of being queued (processCommand's exceptions).
  kNotQueued = 4,
};

// Which arguments name keys (the key specs of src/commands/*.json, for the commands here).
enum class KeyArguments : uint8_t { none, first, all };

struct CommandSpec {
  std::string_view name;
  int arity;
  Reply (*handler)(CommandContext&, const Command&);
  unsigned flags = 0;
  KeyArguments keys = KeyArguments::first;
};

auto readonly_error() -> Reply {
  return Reply::error("READONLY You can't write against a read only replica.");
}

constexpr std::array kCommands{
    CommandSpec{"get", 2, get_command, 0},
    CommandSpec{"set", -3, set_command, kWrite},
    CommandSpec{"del", -2, del_command, kWrite, KeyArguments::all},
    CommandSpec{"eval", -3, eval_command, kNoScript, KeyArguments::none},
    CommandSpec{"setnx", 3, setnx_command, kWrite},
    CommandSpec{"getset", 3, getset_command, kWrite},
    CommandSpec{"getdel", 2, getdel_command, kWrite},
    CommandSpec{"getex", -2, getex_command, kWrite},
    CommandSpec{"exists", -2, exists_command, 0, KeyArguments::all},
    CommandSpec{"expire", -3, expire_command, kWrite},
    CommandSpec{"pexpire", -3, pexpire_command, kWrite},
    CommandSpec{"expireat", -3, expireat_command, kWrite},
    CommandSpec{"pexpireat", -3, pexpireat_command, kWrite},
    CommandSpec{"ttl", 2, ttl_command, 0},
    CommandSpec{"pttl", 2, pttl_command, 0},
    CommandSpec{"persist", 2, persist_command, kWrite},
    CommandSpec{"incr", 2, incr_command, kWrite},
    CommandSpec{"incrby", 3, incrby_command, kWrite},
    CommandSpec{"decr", 2, decr_command, kWrite},
    CommandSpec{"decrby", 3, decrby_command, kWrite},
    CommandSpec{"hset", -4, hset_command, kWrite},
    CommandSpec{"hget", 3, hget_command, 0},
    CommandSpec{"hdel", -3, hdel_command, kWrite},
    CommandSpec{"hexists", 3, hexists_command, 0},
    CommandSpec{"hincrby", 4, hincrby_command, kWrite},
    CommandSpec{"hlen", 2, hlen_command, 0},
    CommandSpec{"type", 2, type_command, 0},
    CommandSpec{"flushall", -1, flushall_command, kWrite, KeyArguments::none},
    CommandSpec{"ping", -1, ping_command, 0, KeyArguments::none},
    CommandSpec{"evalsha", -3, evalsha_command, kNoScript, KeyArguments::none},
    CommandSpec{"script", -2, script_command, kNoScript, KeyArguments::none},
    CommandSpec{"multi", 1, multi_command, kNoScript | kNotQueued, KeyArguments::none},
    CommandSpec{"exec", 1, exec_command, kNoScript | kNotQueued, KeyArguments::none},
    CommandSpec{"discard", 1, discard_command, kNoScript | kNotQueued, KeyArguments::none},
    CommandSpec{"watch", -2, watch_command, kNoScript | kNotQueued, KeyArguments::all},
    CommandSpec{"unwatch", 1, unwatch_command, kNoScript, KeyArguments::none},
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

// Whether EXEC would run a write: processCommand counts the queued commands' flags as EXEC's.
auto queues_write(const Session* session) -> bool {
  return session &&
         std::any_of(session->queued.begin(), session->queued.end(), [](const Command& queued) {
           return find_command(queued.argv[0])->flags & kWrite;
         });
}

// processCommand's checks before anything runs: nullopt, or the error that refuses it.
auto refusal(const CommandSpec* spec, const Command& command, const ExecuteOptions& options,
             const Session* session) -> std::optional<Reply> {
  if (!spec) return unknown_command(command);
  if (!arity_ok(*spec, command.argv.size())) return arity_error(spec->name);
  const bool write =
      spec->flags & kWrite || (spec->handler == exec_command && queues_write(session));
  if (write && options.replica) return readonly_error();
  return std::nullopt;
}

// rejectCommand: a refusal inside MULTI dooms the transaction, and refusing EXEC ends it.
auto refuse(Sessions& sessions, uint32_t client, const CommandSpec* spec, Reply error) -> Reply {
  Session* session = sessions.find(client);
  if (!session || !session->multi) return error;
  session->dirty_exec = true;
  if (!spec || spec->handler != exec_command) return error;
  sessions.drop(client);  // execCommandAbort: discardTransaction
  // The refusals made in processCommand itself carry no code and get ERR only when replied.
  std::string_view reason = error.text;
  if (reason.starts_with("ERR ")) reason.remove_prefix(4);
  return formatted_error(fmt::format("EXECABORT Transaction discarded because of: {}", reason));
}

}  // namespace

auto execute(Server& server, const Command& command, int64_t now_ms, const ExecuteOptions& options)
    -> Reply {
  LOCKSIM_ASSERT(!command.argv.empty(), "empty command");
  const CommandSpec* spec = find_command(command.argv[0]);
  Session* session = server.sessions.find(options.client);
  if (std::optional<Reply> error = refusal(spec, command, options, session)) {
    return refuse(server.sessions, options.client, spec, std::move(*error));
  }
  if (session && session->multi && !(spec->flags & kNotQueued)) {
    // queueMultiCommand: nothing is kept once the transaction is doomed.
    if (!session->dirty_exec && !session->dirty_cas) session->queued.push_back(command);
    return Reply::status("QUEUED");
  }
  CommandContext context{server.keyspace, server.scripts,  server.script_random,
                         server.dirty,    server.sessions, now_ms,
                         options};
  return spec->handler(context, command);
}

auto call(CommandContext& context, const Command& command) -> Reply {
  return find_command(command.argv[0])->handler(context, command);
}

auto undeclared_key(const Command& command, std::span<const std::string> declared)
    -> std::optional<std::string_view> {
  const CommandSpec* spec = find_command(command.argv[0]);
  if (!spec || !arity_ok(*spec, command.argv.size()) || spec->keys == KeyArguments::none) {
    return std::nullopt;  // no keys, or refused before any key is looked at
  }
  const size_t last = spec->keys == KeyArguments::first ? 2 : command.argv.size();
  for (size_t i = 1; i < last; ++i) {
    if (std::find(declared.begin(), declared.end(), command.argv[i]) == declared.end()) {
      return command.argv[i];
    }
  }
  return std::nullopt;
}

auto execute_from_script(CommandContext& context, const Command& command) -> Reply {
  // script.c scriptCall: these texts, without the client-facing forms.
  const CommandSpec* spec = find_command(command.argv[0]);
  if (!spec) return Reply::error("ERR Unknown Redis command called from script");
  if (!arity_ok(*spec, command.argv.size())) {
    return Reply::error("ERR Wrong number of args calling Redis command from script");
  }
  if (spec->flags & kNoScript) {
    return Reply::error("ERR This Redis command is not allowed from script");
  }
  if (spec->flags & kWrite && context.options.replica) return readonly_error();
  return spec->handler(context, command);
}

}  // namespace locksim::redis
