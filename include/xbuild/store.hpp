#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include <xbuild/environment.hpp>
#include <xbuild/error.hpp>

namespace xbuild {

// xbuild's per-user cache of toolchain facts, bootstrap stamps and built
// SDKs. Layout (README.md, "The store"):
//   toolchains/<key>.json             go env + dist list of one go binary
//   stamps/<key>/<os>_<arch>[_<v>].json  a bootstrapped target
//   sdks/<name>/                      an SDK built from source (a GOROOT)
//   sdks/<name>.json                  its registration, written last
//   logs/<name>.make.log              make.bash output
//   locks/                            flock(2) files
//   probe/                            the probe program's source
//   manifests/<key>.json              the last successful run of a request
//   tmp/run-<random>/                 a live run's scratch (RunDir)
class Store {
public:
    explicit Store(std::filesystem::path root) : m_root(std::move(root)) {}

    // $XBUILD_HOME, else $XDG_CACHE_HOME/xbuild, else $HOME/.cache/xbuild.
    static Result<Store> locate(const Environment& env);

    const std::filesystem::path& root() const { return m_root; }
    std::filesystem::path toolchains_dir() const { return m_root / "toolchains"; }
    std::filesystem::path stamps_dir() const { return m_root / "stamps"; }
    std::filesystem::path sdks_dir() const { return m_root / "sdks"; }
    std::filesystem::path logs_dir() const { return m_root / "logs"; }
    std::filesystem::path locks_dir() const { return m_root / "locks"; }
    std::filesystem::path probe_dir() const { return m_root / "probe"; }

    // Creates `dir` (under the root) if needed, with a clear error.
    Result<void> ensure_dir(const std::filesystem::path& dir) const;

private:
    std::filesystem::path m_root;
};

// What identifies a go binary on disk without running it: a replaced or
// upgraded binary changes size or mtime.
struct FileIdentity {
    std::string path;
    std::uint64_t size = 0;
    std::int64_t mtime_ns = 0;
    auto operator<=>(const FileIdentity&) const = default;
};

// Reads `path`'s identity (following symlinks, as exec does).
Result<FileIdentity> identify_file(const std::filesystem::path& path);

// A short, stable, filesystem-safe key for a path (hex of its SHA-256 prefix).
std::string path_key(const std::string& path);

// An exclusive flock(2) on a lock file, released by the destructor (and by
// the kernel if the process dies, so a crash never leaves a stale lock).
class FileLock {
public:
    // Non-blocking: nullopt (and no error) when another holder has it.
    static Result<std::optional<FileLock>> try_acquire(const std::filesystem::path& path);
    // Blocks until the lock is free.
    static Result<FileLock> acquire(const std::filesystem::path& path);

    // Whether `path` still names the file this lock holds. A lock file that
    // its holder removes (see remove_on_release) may have been unlinked
    // between our open and our flock; holding that orphaned inode locks
    // nothing, so the caller must retry.
    bool is_current(const std::filesystem::path& path) const;
    // Unlinks `path` just before the lock is released, so the lock file does
    // not outlive its holder. Only safe when every taker checks is_current.
    void remove_on_release(std::filesystem::path path) { m_remove_path = std::move(path); }

    FileLock(FileLock&& other) noexcept;
    FileLock& operator=(FileLock&& other) noexcept;
    FileLock(const FileLock&) = delete;
    FileLock& operator=(const FileLock&) = delete;
    ~FileLock();

private:
    explicit FileLock(int fd) : m_fd(fd) {}
    void release();
    int m_fd = -1;
    std::filesystem::path m_remove_path;
};

}  // namespace xbuild
