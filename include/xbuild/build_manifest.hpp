#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <xbuild/error.hpp>
#include <xbuild/input_fingerprint.hpp>
#include <xbuild/store.hpp>

namespace xbuild {

// What a successful build run records, so that the next run with the same
// request and nothing changed can skip go entirely (the no-op fast path).
// Kept in the store as manifests/<key of the request>.json.
struct BuildManifest {
    struct Output {
        std::string path;  // absolute
        std::uint64_t size = 0;
        std::int64_t mtime_ns = 0;
        std::string sha256;
    };

    // Canonical text of everything that shapes the artifacts: xbuild's own
    // binary, the working directory, the flags and the environment that
    // reaches go (see the CLI's build_request).
    std::string request;
    FileIdentity go;                    // the SDK's go binary
    std::vector<FileIdentity> tools;    // C compilers the builds used
    InputScope scope;                   // where the inputs were listed
    InputSet inputs;                    // as they were when the build started
    std::vector<Output> outputs;
    nlohmann::json report;              // the run's JSON report
};

// manifests/<key>.json in the store, the key derived from `request`.
std::filesystem::path manifest_path(const Store& store, const std::string& request);

// Errors for a missing, unreadable or malformed file (all mean: rebuild).
Result<BuildManifest> read_manifest(const std::filesystem::path& path);
Result<void> write_manifest(const std::filesystem::path& path, const BuildManifest& manifest);

// Why the recorded build is not up to date for this `request` and go, as a
// short phrase for -v ("the Go SDK changed", "main.go changed", "artifact
// dist/x was deleted"), or nullopt when it is: same request, same go and C
// compilers, the same input files with the same contents, and every artifact
// still the one recorded (size and mtime, else its SHA-256). Conservative:
// anything it cannot check counts as a change.
std::optional<std::string> why_rebuild(const BuildManifest& recorded, const std::string& request,
                                       const FileIdentity& go);

// The record of an artifact as it is on disk now.
Result<BuildManifest::Output> record_output(const std::filesystem::path& path,
                                            const std::string& sha256);

}  // namespace xbuild
