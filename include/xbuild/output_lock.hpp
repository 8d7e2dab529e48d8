#pragma once

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include <xbuild/store.hpp>

namespace xbuild {

// The lock file each output directory gets while a run writes there: flock(2)
// on it means "an xbuild is placing artifacts here". The holder removes it
// when it is done; the kernel drops the lock when the holder dies, so a
// killed run never leaves a stale lock, at most this empty file.
inline constexpr const char* k_output_lock_name = ".xbuild.lock";

// The locks one run holds, and the directories it cannot write at all.
struct OutputLocks {
    std::vector<FileLock> held;
    std::map<std::filesystem::path, std::string> unusable;  // directory -> one-line reason
    int interrupt_signal = 0;  // set when a signal ended the wait; nothing more is locked
};

// The spelling of a directory that OutputLocks uses as its key:
// lexically normal, no trailing separator ("dist/./" and "dist" are one).
std::filesystem::path output_dir_key(const std::filesystem::path& dir);

// Sleeps up to the given time; returns a signal number to stop waiting, or 0.
using InterruptibleSleep = std::function<int(std::chrono::milliseconds)>;

// Creates and locks every directory in `dirs` (in sorted order, so that two
// runs never deadlock). A directory another xbuild holds is waited for, with
// one line on `out` saying so; a directory that cannot be created or written
// goes into `unusable` and the others are still locked.
OutputLocks lock_output_dirs(std::vector<std::filesystem::path> dirs, std::FILE* out,
                             const InterruptibleSleep& sleep);

}  // namespace xbuild
