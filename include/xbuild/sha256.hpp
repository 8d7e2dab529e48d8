#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include <xbuild/error.hpp>

namespace xbuild {

// Lowercase hex SHA-256 of a byte string.
std::string sha256_hex(std::string_view data);

// Lowercase hex SHA-256 of a file's contents, streamed.
Result<std::string> sha256_file(const std::filesystem::path& path);

}  // namespace xbuild
