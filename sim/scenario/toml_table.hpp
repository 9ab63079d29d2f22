// Reading one TOML table with errors a person can act on: keys the schema does not know are
// reported at once (with the nearest known key suggested), and every getter reports a value of
// the wrong kind at its own line and column, then returns nothing so loading goes on.
// Only the scenario loader includes this (toml++ is heavy to compile).
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

#include "sim/core/time.hpp"
#include "sim/scenario/diagnostics.hpp"

namespace locksim {

auto position_of(const toml::source_region& region) -> SourcePosition;

// A string in the file, with where it was written.
struct Located {
  std::string text;
  SourcePosition at;
};

class TomlTable {
 public:
  // `context` names the table in messages, e.g. "[[client]]".
  TomlTable(const toml::table& table, std::string context,
            std::initializer_list<std::string_view> known_keys, Diagnostics& diagnostics);

  auto has(std::string_view key) const -> bool { return table_.get(key) != nullptr; }
  // Where the key's value was written; the table's own position when the key is absent.
  auto position(std::string_view key) const -> SourcePosition;
  auto context() const -> const std::string& { return context_; }
  void error(std::string_view key, std::string message) const;
  // Reports that a required key is missing.
  void require(std::string_view key) const;

  auto text(std::string_view key) const -> std::optional<Located>;
  auto integer(std::string_view key, int64_t min, int64_t max) const -> std::optional<int64_t>;
  auto boolean(std::string_view key) const -> std::optional<bool>;

  enum class DurationRule : uint8_t { positive, not_negative, any_sign, positive_or_forever };
  auto duration(std::string_view key, DurationRule rule) const -> std::optional<Duration>;
  // A string, or an array of strings.
  auto texts(std::string_view key) const -> std::optional<std::vector<Located>>;
  // An array of tables ([[key]] sections); empty when absent.
  auto tables(std::string_view key) const -> std::vector<const toml::table*>;
  auto table(std::string_view key) const -> const toml::table*;

 private:
  auto wrong_kind(std::string_view key, std::string_view expected) const -> void;

  const toml::table& table_;
  std::string context_;
  Diagnostics& diagnostics_;
};

// Reads a duration written as a string with a unit ("1500ms", "2s", "-3s"), or "forever".
auto parse_duration_value(std::string_view text, TomlTable::DurationRule rule)
    -> std::pair<std::optional<Duration>, std::string>;

}  // namespace locksim
