// Checked reading of TOML tables; see toml_table.hpp.
#include "sim/scenario/toml_table.hpp"

#include <fmt/format.h>

#include "sim/core/duration_parse.hpp"
#include "sim/core/nearest_name.hpp"
#include "sim/scenario/scenario.hpp"

namespace locksim {
namespace {

auto kind_of(const toml::node& node) -> std::string_view {
  switch (node.type()) {
    case toml::node_type::table: return "a table";
    case toml::node_type::array: return "an array";
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "an integer";
    case toml::node_type::floating_point: return "a floating-point number";
    case toml::node_type::boolean: return "a boolean";
    case toml::node_type::date: return "a date";
    case toml::node_type::time: return "a time";
    case toml::node_type::date_time: return "a date-time";
    case toml::node_type::none: break;
  }
  return "nothing";
}

}  // namespace

auto position_of(const toml::source_region& region) -> SourcePosition {
  return {std::max<uint32_t>(1, region.begin.line), std::max<uint32_t>(1, region.begin.column)};
}

TomlTable::TomlTable(const toml::table& table, std::string context,
                     std::initializer_list<std::string_view> known_keys, Diagnostics& diagnostics)
    : table_(table), context_(std::move(context)), diagnostics_(diagnostics) {
  const std::vector<std::string_view> known(known_keys);
  for (const auto& [key, node] : table_) {
    if (std::find(known.begin(), known.end(), key.str()) != known.end()) continue;
    std::string message = fmt::format("unknown key '{}' in {}", key.str(), context_);
    if (const auto nearest = nearest_name(key.str(), known)) {
      message += fmt::format("; did you mean '{}'?", *nearest);
    } else {
      message += fmt::format(" (known keys: {})", fmt::join(known, ", "));
    }
    diagnostics_.error(position_of(key.source()), std::move(message));
  }
}

auto TomlTable::position(std::string_view key) const -> SourcePosition {
  const toml::node* node = table_.get(key);
  return position_of(node ? node->source() : table_.source());
}

void TomlTable::error(std::string_view key, std::string message) const {
  diagnostics_.error(position(key), std::move(message));
}

void TomlTable::require(std::string_view key) const {
  if (!has(key)) error(key, fmt::format("{} needs '{}'", context_, key));
}

void TomlTable::wrong_kind(std::string_view key, std::string_view expected) const {
  error(key, fmt::format("'{}' in {} must be {}; found {}", key, context_, expected,
                         kind_of(*table_.get(key))));
}

auto TomlTable::text(std::string_view key) const -> std::optional<Located> {
  const toml::node* node = table_.get(key);
  if (!node) return std::nullopt;
  if (const auto* value = node->as_string()) {
    return Located{value->get(), position_of(node->source())};
  }
  wrong_kind(key, "a string");
  return std::nullopt;
}

auto TomlTable::integer(std::string_view key, int64_t min, int64_t max) const
    -> std::optional<int64_t> {
  const toml::node* node = table_.get(key);
  if (!node) return std::nullopt;
  const auto* value = node->as_integer();
  if (!value) {
    wrong_kind(key, "an integer");
    return std::nullopt;
  }
  if (value->get() < min || value->get() > max) {
    error(key,
          fmt::format("'{}' must be between {} and {}; found {}", key, min, max, value->get()));
    return std::nullopt;
  }
  return value->get();
}

auto TomlTable::boolean(std::string_view key) const -> std::optional<bool> {
  const toml::node* node = table_.get(key);
  if (!node) return std::nullopt;
  if (const auto* value = node->as_boolean()) return value->get();
  wrong_kind(key, "true or false");
  return std::nullopt;
}

auto parse_duration_value(std::string_view text, TomlTable::DurationRule rule)
    -> std::pair<std::optional<Duration>, std::string> {
  using Rule = TomlTable::DurationRule;
  if (text == "forever") {
    if (rule == Rule::positive_or_forever) return {kForever, {}};
    return {std::nullopt, "'forever' is not allowed here; give a duration such as \"2s\""};
  }
  const DurationSign sign = rule == Rule::any_sign       ? DurationSign::any
                            : rule == Rule::not_negative ? DurationSign::not_negative
                                                         : DurationSign::positive;
  DurationParse parsed = parse_duration(text, sign);
  return {parsed.value, std::move(parsed.error)};
}

auto TomlTable::duration(std::string_view key, DurationRule rule) const -> std::optional<Duration> {
  const toml::node* node = table_.get(key);
  if (!node) return std::nullopt;
  const auto* value = node->as_string();
  if (!value) {
    wrong_kind(key, "a duration in quotes, like \"1500ms\" or \"2s\"");
    return std::nullopt;
  }
  auto [duration, message] = parse_duration_value(value->get(), rule);
  if (!duration) error(key, fmt::format("'{}': {}", key, message));
  return duration;
}

auto TomlTable::texts(std::string_view key) const -> std::optional<std::vector<Located>> {
  const toml::node* node = table_.get(key);
  if (!node) return std::nullopt;
  if (const auto* value = node->as_string()) {
    return std::vector<Located>{{value->get(), position_of(node->source())}};
  }
  const toml::array* array = node->as_array();
  if (!array) {
    wrong_kind(key, "a string or an array of strings");
    return std::nullopt;
  }
  std::vector<Located> result;
  bool ok = true;
  for (const toml::node& element : *array) {
    if (const auto* value = element.as_string()) {
      result.push_back({value->get(), position_of(element.source())});
    } else {
      diagnostics_.error(
          position_of(element.source()),
          fmt::format("'{}' in {} must hold strings; found {}", key, context_, kind_of(element)));
      ok = false;
    }
  }
  if (!ok) return std::nullopt;
  return result;
}

auto TomlTable::tables(std::string_view key) const -> std::vector<const toml::table*> {
  const toml::node* node = table_.get(key);
  if (!node) return {};
  const toml::array* array = node->as_array();
  if (!array || !array->is_array_of_tables()) {
    wrong_kind(key, fmt::format("an array of tables, written [[{}]]", key));
    return {};
  }
  std::vector<const toml::table*> result;
  for (const toml::node& element : *array) result.push_back(element.as_table());
  return result;
}

auto TomlTable::table(std::string_view key) const -> const toml::table* {
  const toml::node* node = table_.get(key);
  if (!node) return nullptr;
  if (const toml::table* value = node->as_table()) return value;
  wrong_kind(key, fmt::format("a table, written [{}]", key));
  return nullptr;
}

}  // namespace locksim
