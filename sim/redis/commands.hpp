// The Redis 7.0 commands locksim serves, with Redis's arity checks, replies and error texts.
// execute() looks a command up in the table (command_table.cpp); each family of handlers lives
// in its own file.
#pragma once

#include <optional>
#include <span>

#include "sim/redis/command_support.hpp"

namespace locksim::redis {

// Runs one command with the server's wall clock frozen at now_ms, on the connection of
// options.client: inside that client's MULTI it is queued, and EXEC runs the queue.
auto execute(Server& server, const Command& command, int64_t now_ms,
             const ExecuteOptions& options = {}) -> Reply;
// Runs a command as EXEC runs one it queued: its checks were made when it was queued.
auto call(CommandContext& context, const Command& command) -> Reply;
// Runs a command called by a script through redis.call or redis.pcall: the same commands,
// with the errors Redis gives scripts for unknown, disallowed and ill-formed calls.
auto execute_from_script(CommandContext& context, const Command& command) -> Reply;
// The first key the command names that is not among a script's declared keys (Dragonfly's
// check), if any.
auto undeclared_key(const Command& command, std::span<const std::string> declared)
    -> std::optional<std::string_view>;

// string_commands.cpp
auto set_command(CommandContext& context, const Command& command) -> Reply;
auto setnx_command(CommandContext& context, const Command& command) -> Reply;
auto getset_command(CommandContext& context, const Command& command) -> Reply;
auto get_command(CommandContext& context, const Command& command) -> Reply;
auto getdel_command(CommandContext& context, const Command& command) -> Reply;
auto getex_command(CommandContext& context, const Command& command) -> Reply;
auto incr_command(CommandContext& context, const Command& command) -> Reply;
auto incrby_command(CommandContext& context, const Command& command) -> Reply;
auto decr_command(CommandContext& context, const Command& command) -> Reply;
auto decrby_command(CommandContext& context, const Command& command) -> Reply;

// key_commands.cpp
auto del_command(CommandContext& context, const Command& command) -> Reply;
auto exists_command(CommandContext& context, const Command& command) -> Reply;
auto expire_command(CommandContext& context, const Command& command) -> Reply;
auto pexpire_command(CommandContext& context, const Command& command) -> Reply;
auto expireat_command(CommandContext& context, const Command& command) -> Reply;
auto pexpireat_command(CommandContext& context, const Command& command) -> Reply;
auto ttl_command(CommandContext& context, const Command& command) -> Reply;
auto pttl_command(CommandContext& context, const Command& command) -> Reply;
auto persist_command(CommandContext& context, const Command& command) -> Reply;
auto type_command(CommandContext& context, const Command& command) -> Reply;
auto flushall_command(CommandContext& context, const Command& command) -> Reply;
auto ping_command(CommandContext& context, const Command& command) -> Reply;

// hash_commands.cpp
auto hset_command(CommandContext& context, const Command& command) -> Reply;
auto hget_command(CommandContext& context, const Command& command) -> Reply;
auto hdel_command(CommandContext& context, const Command& command) -> Reply;
auto hexists_command(CommandContext& context, const Command& command) -> Reply;
auto hincrby_command(CommandContext& context, const Command& command) -> Reply;
auto hlen_command(CommandContext& context, const Command& command) -> Reply;

// script_commands.cpp
auto eval_command(CommandContext& context, const Command& command) -> Reply;
auto evalsha_command(CommandContext& context, const Command& command) -> Reply;
auto script_command(CommandContext& context, const Command& command) -> Reply;

// transaction_commands.cpp
auto multi_command(CommandContext& context, const Command& command) -> Reply;
auto exec_command(CommandContext& context, const Command& command) -> Reply;
auto discard_command(CommandContext& context, const Command& command) -> Reply;
auto watch_command(CommandContext& context, const Command& command) -> Reply;
auto unwatch_command(CommandContext& context, const Command& command) -> Reply;

}  // namespace locksim::redis
