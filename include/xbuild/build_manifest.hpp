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

// How much of a recorded build is still good for this `request` and go.
struct Staleness {
    // Why every target must build again ("the Go SDK changed", "main.go
    // changed"), or nullopt when the request, go, the C compilers and every
    // input file are as recorded.
    std::optional<std::string> everything;
    // When `everything` is nullopt: the recorded artifacts that are missing
    // or were modified (absolute paths as recorded), each with its reason.
    // Only their targets need to build again.
    std::vector<std::string> stale_outputs;
    std::vector<std::string> reasons;

    bool up_to_date() const { return !everything && stale_outputs.empty(); }
};

// Compares a recorded build with the present. Conservative: anything it
// cannot check counts as a change of everything. An artifact is still the
// one recorded when its size and mtime match, else when its SHA-256 does.
Staleness check_staleness(const BuildManifest& recorded, const std::string& request,
                          const FileIdentity& go);

// The record of an artifact as it is on disk now.
Result<BuildManifest::Output> record_output(const std::filesystem::path& path,
                                            const std::string& sha256);

}  // namespace xbuild
