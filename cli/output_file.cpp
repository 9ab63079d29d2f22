// Output files written whole; see output_file.hpp.
#include "cli/output_file.hpp"

#include <fstream>

namespace locksim::cli {

auto write_file(const std::filesystem::path& path, const std::string& text) -> bool {
  const std::filesystem::path partial = path.string() + ".partial";
  {
    std::ofstream file(partial, std::ios::binary);
    file << text;
    if (!file) return false;
  }
  std::error_code error;
  std::filesystem::rename(partial, path, error);
  return !error;
}

}  // namespace locksim::cli
