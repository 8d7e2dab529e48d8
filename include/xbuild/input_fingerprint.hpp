#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include <xbuild/error.hpp>

namespace xbuild {

// One input file as last seen: its stat data decides cheaply that nothing
// changed, its content hash decides surely when the stat data differ (a
// touched but unchanged file is not a change).
struct InputFile {
    std::string path;  // absolute
    std::uint64_t size = 0;
    std::int64_t mtime_ns = 0;
    std::string sha256;
    bool operator==(const InputFile&) const = default;
};

// Every file a module's build can read, sorted by path.
struct InputSet {
    std::vector<InputFile> files;
    bool operator==(const InputSet&) const = default;
};

// Where a module's inputs live and what to leave out.
struct InputScope {
    std::vector<std::filesystem::path> roots;     // the module root, then local replace dirs
    std::vector<std::filesystem::path> excluded;  // output directories and artifacts
};

// More files than this and enumerating them is no longer cheap: callers run go.
inline constexpr std::size_t k_max_input_files = 20000;

// The module root (the directory of the nearest go.mod at or above `dir`)
// and the local directories its `replace` directives point to. Errors say
// why the inputs cannot be known without go: GOPATH mode (no go.mod), a
// go.work workspace, an unreadable go.mod.
Result<InputScope> module_input_scope(const std::filesystem::path& dir,
                                      const std::optional<std::string>& gowork_env);

// Every regular file under the scope's roots, except .git, excluded paths
// and xbuild's own temp and lock files, sorted. Errors past k_max_input_files.
Result<std::vector<std::filesystem::path>> list_inputs(const InputScope& scope);

// Stats and hashes `paths`. A file whose stat data match its entry in
// `previous` keeps that entry's hash without being read again.
Result<InputSet> fingerprint_inputs(const std::vector<std::filesystem::path>& paths,
                                    const InputSet* previous);

// Why `now` (fresh from list_inputs) differs from `recorded`, or nullopt when
// every file is the same: the same set of paths with the same contents.
// Reads only the files whose stat data changed.
std::optional<std::string> inputs_changed(const InputSet& recorded,
                                          const std::vector<std::filesystem::path>& now);

nlohmann::json to_json(const InputSet& inputs);
Result<InputSet> input_set_from_json(const nlohmann::json& json);

}  // namespace xbuild
