// MULTI, EXEC, DISCARD, WATCH and UNWATCH, with redis 7.0.15's replies and error texts
// (src/multi.c multiCommand, execCommand, discardCommand, watchCommand, unwatchCommand). Queuing
// inside MULTI and the refusals that doom a transaction happen before a command runs, in the
// dispatch (command_table.cpp); the sessions themselves are in transaction.hpp.
#include "sim/redis/commands.hpp"

namespace locksim::redis {

auto multi_command(CommandContext& context, const Command& /*command*/) -> Reply {
  Session& session = context.sessions.of(context.options.client);
  if (session.multi) return Reply::error("ERR MULTI calls can not be nested");
  session.multi = true;
  return Reply::ok();
}

auto exec_command(CommandContext& context, const Command& /*command*/) -> Reply {
  const uint32_t client = context.options.client;
  Session* session = context.sessions.find(client);
  if (!session || !session->multi) return Reply::error("ERR EXEC without MULTI");
  // Redis 7.0: a key watched while live that has expired since aborts as a change would.
  if (session->watched_key_expired(context.keyspace, context.now_ms)) session->dirty_cas = true;
  if (session->dirty_exec || session->dirty_cas) {
    const bool refused_while_queuing = session->dirty_exec;
    context.sessions.drop(client);
    return refused_while_queuing
               ? Reply::error("EXECABORT Transaction discarded because of previous errors.")
               : Reply::nil_array();
  }
  // Unwatched before the queued commands run, so that their own writes touch nothing of this
  // client's; the transaction is over (discardTransaction) whatever they answer.
  const std::vector<Command> queued = std::move(session->queued);
  context.sessions.drop(client);
  Reply replies{Reply::Type::array, {}, 0, {}};
  replies.elements.reserve(queued.size());
  // Each runs as call() runs it, in the same frozen time: errors are answered in place and the
  // others still run (Redis never rolls back).
  // A script among them runs whole, even a Dragonfly one flagged disable-atomicity.
  context.options.script_progress = nullptr;
  for (const Command& command : queued) replies.elements.push_back(call(context, command));
  return replies;
}

auto discard_command(CommandContext& context, const Command& /*command*/) -> Reply {
  const Session* session = context.sessions.find(context.options.client);
  if (!session || !session->multi) return Reply::error("ERR DISCARD without MULTI");
  context.sessions.drop(context.options.client);
  return Reply::ok();
}

auto watch_command(CommandContext& context, const Command& command) -> Reply {
  const Session* found = context.sessions.find(context.options.client);
  if (found && found->multi) return Reply::error("ERR WATCH inside MULTI is not allowed");
  Session& session = context.sessions.of(context.options.client);
  if (session.dirty_cas) return Reply::ok();  // no point in watching: EXEC will abort anyway
  for (size_t i = 1; i < command.argv.size(); ++i) {
    session.watch(command.argv[i], context.keyspace, context.now_ms);
  }
  return Reply::ok();
}

auto unwatch_command(CommandContext& context, const Command& /*command*/) -> Reply {
  if (Session* session = context.sessions.find(context.options.client)) {
    session->watched.clear();
    session->dirty_cas = false;
    context.sessions.settle(context.options.client);
  }
  return Reply::ok();
}

}  // namespace locksim::redis
