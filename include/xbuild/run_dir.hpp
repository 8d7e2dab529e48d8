#pragma once

#include <filesystem>
#include <optional>
#include <utility>

#include <xbuild/error.hpp>
#include <xbuild/store.hpp>

namespace xbuild {

// A private scratch directory for one xbuild run, under the store's tmp/
// (`tmp/run-<random>/`, with `tmp/run-<random>.lock` held while the run
// lives). The destructor removes it. A run that was SIGKILLed cannot clean
// up, so creating a RunDir first removes every run directory whose lock is
// free: its owner is gone, whatever PID namespace it lived in.
class RunDir {
public:
    static Result<RunDir> create(const Store& store);

    RunDir(RunDir&& other) noexcept
        : m_path(std::exchange(other.m_path, {})),
          m_lock_path(std::exchange(other.m_lock_path, {})),
          m_lock(std::exchange(other.m_lock, std::nullopt)) {}
    RunDir& operator=(RunDir&&) = delete;
    ~RunDir();

    const std::filesystem::path& path() const { return m_path; }

private:
    RunDir(std::filesystem::path path, std::filesystem::path lock_path, FileLock lock)
        : m_path(std::move(path)), m_lock_path(std::move(lock_path)), m_lock(std::move(lock)) {}

    std::filesystem::path m_path;
    std::filesystem::path m_lock_path;
    std::optional<FileLock> m_lock;
};

}  // namespace xbuild
