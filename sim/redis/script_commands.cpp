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
  if (command.argv[1] != kCompareAndDeleteScript || *key_count != 1 || command.argv.size() < 5) {
    return Reply::error(
        "ERR locksim runs only the built-in compare-and-delete script with 1 key and 1 argument "
        "until Lua scripting is added");
  }
  // The script sees one frozen time (now_ms) for its whole run, as Redis's script snapshot does.
  const std::string& key = command.argv[3];
  Entry* entry = context.keyspace.find(key, context.now_ms);
  if (!entry) return Reply::number(0);
  const std::string* value = entry->string();
  if (!value) {
    // An error raised through redis.call carries where it was raised (script_lua.c).
    return Reply::error(fmt::format("{} script: {}, on @user_script:1.",
                                    wrong_type_error().text, sha1_hex(command.argv[1])));
  }
  if (*value != command.argv[4]) return Reply::number(0);
  context.keyspace.erase(key);
  return Reply::number(1);
}

}  // namespace locksim::redis
