// EVAL. Until Lua scripting is embedded, only the standard compare-and-delete release script
// runs (natively, with the same atomicity and frozen time a script has); any other script is
// answered with an error that says so.
#include "sim/core/sha1.hpp"
#include "sim/redis/commands.hpp"

namespace locksim::redis {

auto eval_command(CommandContext& context, const Command& command) -> Reply {
  // eval.c evalGenericCommand: the key count is checked before the script is looked at.
  const std::optional<int64_t> key_count = parse_redis_integer(command.argv[2]);
  if (!key_count) return not_integer_error();
  if (*key_count > static_cast<int64_t>(command.argv.size()) - 3) {
    return Reply::error("ERR Number of keys can't be greater than number of args");
  }
  if (*key_count < 0) return Reply::error("ERR Number of keys can't be negative");
  if (command.argv[1] != kCompareAndDeleteScript || *key_count < 1) {
    return Reply::error(
        "ERR locksim runs only the built-in compare-and-delete script, with at least one key, "
        "until Lua scripting is added");
  }
  // KEYS[1] is the first key; ARGV[1] the first argument after the keys, nil if there is none
  // (then `GET == nil` is false in Lua and the script returns 0, after GET's type check).
  const std::string& key = command.argv[3];
  const size_t token_index = 3 + static_cast<size_t>(*key_count);
  // The script sees one frozen time (now_ms) for its whole run, as Redis's script snapshot does.
  Entry* entry = context.keyspace.find(key, context.now_ms);
  if (!entry) return Reply::number(0);
  const std::string* value = entry->string();
  if (!value) {
    // An error raised through redis.call carries where it was raised (script_lua.c).
    return Reply::error(fmt::format("{} script: {}, on @user_script:1.",
                                    wrong_type_error().text, sha1_hex(command.argv[1])));
  }
  if (token_index >= command.argv.size() || *value != command.argv[token_index]) {
    return Reply::number(0);
  }
  context.keyspace.erase(key);
  return Reply::number(1);
}

}  // namespace locksim::redis
