// EVAL, EVALSHA and SCRIPT (LOAD, EXISTS, FLUSH). The script cache is server data; the Lua
// engine runs what it holds. Argument checks, their order and error texts follow redis 7.0.15
// src/eval.c.
#include <algorithm>
#include <span>
#include <unordered_map>

#include "sim/core/sha1.hpp"
#include "sim/redis/commands.hpp"
#include "sim/redis/lua_engine.hpp"

namespace locksim::redis {
namespace {

auto noscript_error() -> Reply {
  return Reply::error("NOSCRIPT No matching script. Please use EVAL.");
}

auto lowercase_sha(std::string_view sha) -> std::string {
  std::string lower(sha);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower;
}

// SHA-1 of a script body, memoised per thread: a pure function, so the memo changes no result,
// and EVAL of the same body (the usual case) skips rehashing it. The reference lasts until the
// next call.
auto script_sha(const std::string& body) -> const std::string& {
  thread_local std::unordered_map<std::string, std::string> memo;
  if (const auto found = memo.find(body); found != memo.end()) return found->second;
  if (memo.size() >= 4096) memo.clear();  // bounded
  return memo.emplace(body, sha1_hex(body)).first->second;
}

// evalGenericCommand: the key count first, then the script (compiled and cached by EVAL).
auto eval_generic(CommandContext& context, const Command& command, bool by_sha) -> Reply {
  const std::optional<int64_t> key_count = parse_redis_integer(command.argv[2]);
  if (!key_count) return not_integer_error();
  if (*key_count > static_cast<int64_t>(command.argv.size()) - 3) {
    return Reply::error("ERR Number of keys can't be greater than number of args");
  }
  if (*key_count < 0) return Reply::error("ERR Number of keys can't be negative");
  std::string lowered;
  const std::string& sha =
      by_sha ? (lowered = lowercase_sha(command.argv[1])) : script_sha(command.argv[1]);
  const std::string* body = context.scripts.find(sha);
  if (!body) {
    if (by_sha) return noscript_error();
    if (std::optional<Reply> error = compile_script(sha, command.argv[1])) return *error;
    body = &context.scripts.add(sha, command.argv[1]);
  }
  const std::span<const std::string> arguments(command.argv.begin() + 3, command.argv.end());
  const auto keys = arguments.subspan(0, static_cast<size_t>(*key_count));
  const auto args = arguments.subspan(static_cast<size_t>(*key_count));
  if (!context.options.flavour.dragonfly()) return run_script(sha, *body, keys, args, context);
  const ScriptFlags flags = script_flags(*body, context.options.flavour.default_lua_flags);
  if (flags.unknown_flag) {  // script_mgr.cc ApplyFlags
    return Reply::error(fmt::format("ERR Invalid flag: {}", *flags.unknown_flag));
  }
  // A non-atomic script skips the declared-keys check (DetermineMultiMode: NON_ATOMIC).
  const bool atomic = !flags.flags.disable_atomicity;
  return run_script(sha, *body, keys, args, context,
                    {.declared_keys_only = atomic && !flags.flags.allow_undeclared_keys,
                     .progress = atomic ? nullptr : context.options.script_progress});
}

}  // namespace

auto eval_command(CommandContext& context, const Command& command) -> Reply {
  return eval_generic(context, command, false);
}

auto evalsha_command(CommandContext& context, const Command& command) -> Reply {
  if (command.argv[1].size() != 40) return noscript_error();  // no match is possible
  return eval_generic(context, command, true);
}

auto script_command(CommandContext& context, const Command& command) -> Reply {
  const std::string& sub = command.argv[1];
  const size_t argc = command.argv.size();
  if (is_name(sub, "load")) {
    if (argc != 3) return arity_error("script|load");
    const std::string sha = sha1_hex(command.argv[2]);
    if (!context.scripts.contains(sha)) {
      if (std::optional<Reply> error = compile_script(sha, command.argv[2])) return *error;
      context.scripts.add(sha, command.argv[2]);
    }
    return Reply::bulk(sha);
  }
  if (is_name(sub, "exists")) {
    if (argc < 3) return arity_error("script|exists");
    Reply reply{Reply::Type::array, {}, 0, {}};
    for (size_t i = 2; i < argc; ++i) {
      reply.elements.push_back(
          Reply::number(context.scripts.contains(lowercase_sha(command.argv[i])) ? 1 : 0));
    }
    return reply;
  }
  if (is_name(sub, "flush")) {
    if (argc > 3 || (argc == 3 && !is(command.argv[2], "sync") && !is(command.argv[2], "async"))) {
      return Reply::error("ERR SCRIPT FLUSH only support SYNC|ASYNC option");
    }
    context.scripts.clear();
    return Reply::ok();
  }
  // server.c commandCheckExistence, as for an unknown command: %.128s, then CR and LF as spaces.
  return Reply::error(one_line(
      fmt::format("ERR unknown subcommand '{}'. Try SCRIPT HELP.", c_string(sub).substr(0, 128))));
}

}  // namespace locksim::redis
