#include <xbuild/artifact.hpp>

#include <unistd.h>

#include <fmt/format.h>

#include <xbuild/sha256.hpp>

namespace xbuild {

Result<Artifact> place_artifact(const std::filesystem::path& temp,
                                const std::filesystem::path& final_path, const Target& target) {
    // Every failure goes through here so that a rejected binary never
    // survives, not even under its hidden temp name.
    auto fail = [&temp](Error error) -> Result<Artifact> {
        remove_quietly(temp);
        return error;
    };

    Result<BinaryInfo> binary = read_binary_header(temp);
    if (!binary) return fail(binary.error());
    if (Result<void> match = check_binary_matches(*binary, target); !match) {
        return fail(match.error());
    }
    Result<std::string> digest = sha256_file(temp);
    if (!digest) return fail(digest.error());

    std::error_code error;
    std::uint64_t size = std::filesystem::file_size(temp, error);
    if (error) {
        return fail(make_error("cannot stat {}: {}", temp.string(), error.message()));
    }
    // rename(2) within one directory is atomic: readers see the old file or
    // the whole new one, never a partial write.
    std::filesystem::rename(temp, final_path, error);
    if (error) {
        return fail(make_error("cannot move {} to {}: {}", temp.string(), final_path.string(),
                               error.message()));
    }
    return Artifact{final_path, size, std::move(*digest), std::move(*binary)};
}

std::filesystem::path temp_path_for(const std::filesystem::path& final_path,
                                    std::string_view unique) {
    // `unique` is often a target name ("linux/arm/v7"); a separator in it
    // would point the temp file into a directory that does not exist.
    std::string safe(unique);
    for (char& c : safe) {
        if (c == '/' || c == '\\') c = '_';
    }
    std::string name = fmt::format(".{}.xbuild-tmp-{}-{}", final_path.filename().string(),
                                   static_cast<long>(::getpid()), safe);
    return final_path.parent_path() / name;
}

void remove_quietly(const std::filesystem::path& path) {
    std::error_code ignored;
    std::filesystem::remove(path, ignored);
}

}  // namespace xbuild
