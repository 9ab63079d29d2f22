// A whole file as text (bytes as they are), or nothing when it cannot be read.
#pragma once

#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>

namespace locksim {

inline auto read_text_file(const std::filesystem::path& path) -> std::optional<std::string> {
  std::ifstream file(path, std::ios::binary);
  if (!file) return std::nullopt;
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

}  // namespace locksim
