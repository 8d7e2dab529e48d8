#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include <xbuild/binary_header.hpp>
#include <xbuild/error.hpp>
#include <xbuild/target.hpp>

namespace xbuild {

// A verified binary at its final path.
struct Artifact {
    std::filesystem::path path;
    std::uint64_t size = 0;
    std::string sha256;
    BinaryInfo binary;
};

// Verifies the freshly built `temp` for `target` (its header must match),
// hashes it, then renames it onto `final_path` atomically (same directory, so
// same filesystem). On any error `temp` is removed and nothing is left at
// `final_path` that was not there before.
Result<Artifact> place_artifact(const std::filesystem::path& temp,
                                const std::filesystem::path& final_path, const Target& target);

// A temp path beside `final_path` that no other run or target can collide
// with: ".<name>.xbuild-tmp-<pid>-<unique>". Hidden, so a glob over dist/
// does not pick it up.
std::filesystem::path temp_path_for(const std::filesystem::path& final_path, std::string_view unique);

// Removes `path` if it exists, ignoring errors (cleanup paths).
void remove_quietly(const std::filesystem::path& path);

}  // namespace xbuild
