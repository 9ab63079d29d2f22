// Reading whole files; see text_file.hpp. C stdio rather than iostreams because fopen reports
// why it failed (errno), and a directory is refused before opening: Linux opens one for reading
// and only the read fails.
#include "sim/core/text_file.hpp"

#include <cerrno>
#include <cstdio>
#include <memory>
#include <system_error>

namespace locksim {
namespace {

auto last_error() -> std::error_code {
  return {errno, std::generic_category()};
}

}  // namespace

auto file_error_reason(std::error_code error) -> std::string {
  if (error == std::errc::no_such_file_or_directory) return "no such file";
  if (error == std::errc::is_a_directory) return "is a directory";
  if (error == std::errc::not_a_directory) return "not a directory";
  if (error == std::errc::permission_denied) return "permission denied";
  return error.message();
}

auto load_text_file(const std::filesystem::path& path) -> TextFile {
  std::error_code status_error;
  if (std::filesystem::is_directory(path, status_error)) {
    return {std::nullopt, file_error_reason(std::make_error_code(std::errc::is_a_directory))};
  }
  const std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"),
                                                             &std::fclose);
  if (!file) return {std::nullopt, file_error_reason(last_error())};
  std::string text;
  char buffer[65536];
  size_t read = 0;
  while ((read = std::fread(buffer, 1, sizeof buffer, file.get())) > 0) text.append(buffer, read);
  if (std::ferror(file.get())) return {std::nullopt, file_error_reason(last_error())};
  return {std::move(text), {}};
}

}  // namespace locksim
